-- The inbox: who works it (agents, teams), when (calendars), how it routes (inboxes), where
-- conversations come from (channels), and the conversations with their messages.
CREATE TABLE teams (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL
);

CREATE TABLE agents (
    id                TEXT PRIMARY KEY,
    name              TEXT,
    email             TEXT,
    status            TEXT        NOT NULL DEFAULT 'offline',   -- available | away | offline
    paid_seat         BOOLEAN     NOT NULL DEFAULT TRUE,
    teams             JSONB       NOT NULL DEFAULT '[]',
    skills            JSONB       NOT NULL DEFAULT '[]',
    capacity          INT         NOT NULL DEFAULT 5,
    channel_capacity  JSONB       NOT NULL DEFAULT '{}',
    last_assigned_at  TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE calendars (
    id          TEXT PRIMARY KEY,
    definition  JSONB NOT NULL          -- time zone, weekly periods, holidays, or always open
);

CREATE TABLE inboxes (
    id           TEXT PRIMARY KEY,
    name         TEXT  NOT NULL,
    definition   JSONB NOT NULL         -- calendar, routing policy, SLA, linked chat survey
);

CREATE TABLE channels (
    id          TEXT PRIMARY KEY,
    inbox_id    TEXT    NOT NULL REFERENCES inboxes (id),
    type        TEXT    NOT NULL,       -- TEAM_EMAIL | CHAT | MESSENGER | FORM | WHATSAPP | CALL
    name        TEXT,
    definition  JSONB   NOT NULL DEFAULT '{}'
);

CREATE TABLE conversations (
    id                     TEXT PRIMARY KEY,
    inbox_id               TEXT        NOT NULL,
    channel_id             TEXT        NOT NULL,
    channel_type           TEXT        NOT NULL,
    contact_id             TEXT        NOT NULL,
    status                 TEXT        NOT NULL,   -- NEW | ASSIGNED | QUEUED | CLOSED
    assignee_id            TEXT,
    ticket_id              TEXT,
    process_instance_key   BIGINT,
    queued_at              TIMESTAMPTZ,
    first_response_at      TIMESTAMPTZ,
    last_customer_at       TIMESTAMPTZ,
    last_agent_at          TIMESTAMPTZ,
    routing                JSONB,                  -- the last assignment decision and its trace
    opened_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_at              TIMESTAMPTZ
);
-- one open conversation per contact and channel: new messages join it
CREATE UNIQUE INDEX conversations_open ON conversations (channel_id, contact_id) WHERE status <> 'CLOSED';
CREATE INDEX conversations_queue ON conversations (inbox_id, queued_at) WHERE status = 'QUEUED';

CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    conversation_id  TEXT        NOT NULL REFERENCES conversations (id),
    channel_id       TEXT        NOT NULL,
    external_id      TEXT,                    -- the channel's message id: a repeat is stored once
    direction        TEXT        NOT NULL,    -- IN | OUT
    author           TEXT,
    body             TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (channel_id, external_id)
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at);
