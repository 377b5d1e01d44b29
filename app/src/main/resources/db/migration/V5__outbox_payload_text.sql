-- Relay exactly the bytes the application wrote: JSONB re-formats and re-orders keys.
ALTER TABLE outbox ALTER COLUMN payload TYPE TEXT USING payload::text;
