-- A bulk retry counts an instance as done only when its incident is gone: after the retry
-- commands, each instance waits in RESOLVING (with the incidents it had) until the engine shows
-- the element moving on (DONE) or failing again (FAILED_AGAIN, counted apart and listed).
ALTER TABLE bulk_operations ADD COLUMN failed_again INT NOT NULL DEFAULT 0;
ALTER TABLE bulk_operation_items ADD COLUMN incidents JSONB;
ALTER TABLE bulk_operation_items ADD COLUMN resolved_at TIMESTAMPTZ;
CREATE INDEX bulk_operation_items_resolving ON bulk_operation_items (operation_id) WHERE state = 'RESOLVING';
