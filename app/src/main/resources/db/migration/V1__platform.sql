-- Transactional outbox: every Kafka record Pulse produces is first a row here, written in the
-- same transaction as the change it announces, then relayed (OutboxRelay).
CREATE TABLE outbox (
    id            UUID PRIMARY KEY,
    topic         TEXT        NOT NULL,
    message_key   TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    payload       JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at       TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;

-- Every BPMN (and later DRL) deployment attempt: what was deployed, when, by which trigger, and
-- what the engine said when it refused a file.
CREATE TABLE deployments (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT        NOT NULL,          -- BPMN | DRL
    resource_name   TEXT        NOT NULL,
    checksum        TEXT        NOT NULL,
    status          TEXT        NOT NULL,          -- DEPLOYED | REJECTED
    error           TEXT,
    process_id      TEXT,
    version         INT,
    definition_key  BIGINT,
    trigger         TEXT        NOT NULL,          -- STARTUP | API | FILE_WATCH
    deployed_by     TEXT,
    active          BOOLEAN     NOT NULL DEFAULT TRUE,
    deployed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX deployments_process ON deployments (process_id, version);
CREATE INDEX deployments_resource ON deployments (resource_name, deployed_at DESC);
