-- The transaction that wrote each message, so the widget's live poll follows the database's commit
-- order instead of the clock: a message whose transaction commits late, or a replica whose clock
-- runs ahead, loses nothing. Older rows keep NULL (long committed); the default is set after the
-- column is added so the table is not rewritten.
ALTER TABLE messages ADD COLUMN tx xid8;
ALTER TABLE messages ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
