-- A bulk operation's instances are recorded with it, in one transaction: the operation is
-- resumed after a crash (by this replica or another, once its holder's lease lapses) with the
-- instances it had not reached, and each instance is done once.
ALTER TABLE bulk_operations ADD COLUMN owner        TEXT;
ALTER TABLE bulk_operations ADD COLUMN heartbeat_at TIMESTAMPTZ;
ALTER TABLE bulk_operations ADD COLUMN retries      INT NOT NULL DEFAULT 1;

CREATE TABLE bulk_operation_items (
    operation_id  TEXT   NOT NULL REFERENCES bulk_operations (id) ON DELETE CASCADE,
    instance_key  BIGINT NOT NULL,
    state         TEXT   NOT NULL DEFAULT 'PENDING',     -- PENDING | DONE | FAILED | SKIPPED
    error         TEXT,
    PRIMARY KEY (operation_id, instance_key)
);
CREATE INDEX bulk_operation_items_pending ON bulk_operation_items (operation_id) WHERE state = 'PENDING';
