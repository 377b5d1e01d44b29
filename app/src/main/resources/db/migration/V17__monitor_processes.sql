-- Process definitions the embedded engine deployed, and each variable's engine key: what the
-- Camunda-compatible search API (/v2) answers about the embedded engine.
CREATE TABLE monitor_processes (
    key            BIGINT PRIMARY KEY,
    process_id     TEXT        NOT NULL,
    version        INT         NOT NULL,
    resource_name  TEXT,
    deployed_at    TIMESTAMPTZ
);
CREATE INDEX monitor_processes_id ON monitor_processes (process_id, version);

ALTER TABLE monitor_variables ADD COLUMN variable_key BIGINT;
