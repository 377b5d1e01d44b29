-- What the engine is doing, for admins: process instances, their elements, incidents and
-- variables. In embedded mode Pulse projects the engine's record stream into these tables as it
-- goes (the embedded engine keeps nothing across a restart, so neither do they); in external
-- mode the cluster's own search API answers instead.
CREATE TABLE monitor_instances (
    key              BIGINT PRIMARY KEY,
    process_id       TEXT        NOT NULL,
    version          INT         NOT NULL,
    definition_key   BIGINT      NOT NULL,
    state            TEXT        NOT NULL,            -- ACTIVE | COMPLETED | CANCELED
    parent_key       BIGINT,
    delivery_id      TEXT,                            -- business keys, from the instance's variables
    survey_id        TEXT,
    contact_id       TEXT,
    conversation_id  TEXT,
    started_at       TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ
);
CREATE INDEX monitor_instances_process ON monitor_instances (process_id, version, state);
CREATE INDEX monitor_instances_started ON monitor_instances (started_at);

CREATE TABLE monitor_elements (
    key           BIGINT PRIMARY KEY,
    instance_key  BIGINT      NOT NULL,
    process_id    TEXT        NOT NULL,
    version       INT         NOT NULL,
    element_id    TEXT        NOT NULL,
    element_type  TEXT        NOT NULL,
    state         TEXT        NOT NULL,               -- ACTIVE | COMPLETED | TERMINATED
    started_at    TIMESTAMPTZ,
    ended_at      TIMESTAMPTZ
);
CREATE INDEX monitor_elements_instance ON monitor_elements (instance_key);
CREATE INDEX monitor_elements_process ON monitor_elements (process_id, element_id) WHERE state = 'ACTIVE';

CREATE TABLE monitor_incidents (
    key                   BIGINT PRIMARY KEY,
    instance_key          BIGINT      NOT NULL,
    element_instance_key  BIGINT,
    element_id            TEXT,
    process_id            TEXT,
    job_key               BIGINT,
    error_type            TEXT,
    error_message         TEXT,
    state                 TEXT        NOT NULL,       -- ACTIVE | RESOLVED
    created_at            TIMESTAMPTZ,
    resolved_at           TIMESTAMPTZ
);
CREATE INDEX monitor_incidents_instance ON monitor_incidents (instance_key);
CREATE INDEX monitor_incidents_active ON monitor_incidents (process_id, element_id) WHERE state = 'ACTIVE';

CREATE TABLE monitor_variables (
    scope_key     BIGINT      NOT NULL,
    name          TEXT        NOT NULL,
    instance_key  BIGINT      NOT NULL,
    value         TEXT        NOT NULL,
    updated_at    TIMESTAMPTZ,
    PRIMARY KEY (scope_key, name)
);
CREATE INDEX monitor_variables_instance ON monitor_variables (instance_key);

-- Cancel or retry many instances at once, chosen by a filter: run in the background, with progress.
CREATE TABLE bulk_operations (
    id           TEXT PRIMARY KEY,
    kind         TEXT        NOT NULL,                -- CANCEL | RETRY
    filter       JSONB       NOT NULL,
    status       TEXT        NOT NULL,                -- RUNNING | DONE | FAILED
    total        INT         NOT NULL DEFAULT 0,
    done         INT         NOT NULL DEFAULT 0,
    failed       INT         NOT NULL DEFAULT 0,
    errors       JSONB       NOT NULL DEFAULT '[]',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ
);
