-- Surveys as analysts define them: the editor's fields live in `definition` (JSON, validated by
-- the API); the columns are what queries and constraints need.
CREATE TABLE surveys (
    id            TEXT PRIMARY KEY,
    name          TEXT        NOT NULL,
    type          TEXT        NOT NULL,              -- CSAT | NPS | CES
    delivery      TEXT        NOT NULL,              -- EMAIL | CHAT | WEB (fixed once created)
    status        TEXT        NOT NULL DEFAULT 'DRAFT', -- DRAFT | PUBLISHED | UNPUBLISHED
    definition    JSONB       NOT NULL,
    published_at  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Publishing enrolls the matching existing contacts in the background; this is its progress.
CREATE TABLE survey_enrollments (
    survey_id     TEXT PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
    status        TEXT        NOT NULL,              -- RUNNING | DONE | FAILED
    total         INT         NOT NULL DEFAULT 0,
    done          INT         NOT NULL DEFAULT 0,
    enrolled      INT         NOT NULL DEFAULT 0,
    error         TEXT,
    started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);

-- One survey sent (or to be sent) to one contact. At most one per (survey, contact, cycle):
-- a constraint, not a hope.
CREATE TABLE deliveries (
    id                    TEXT PRIMARY KEY,
    survey_id             TEXT        NOT NULL REFERENCES surveys (id),
    contact_id            TEXT        NOT NULL,
    cycle                 INT         NOT NULL DEFAULT 1,
    channel               TEXT        NOT NULL,
    status                TEXT        NOT NULL,      -- SCHEDULED | SENT | ANSWERED | EXPIRED | SKIPPED
    skip_reason           TEXT,
    process_instance_key  BIGINT,
    conversation_id       TEXT,
    agent_id              TEXT,                      -- attribution, fixed at send time
    team_id               TEXT,
    scheduled_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    send_after            TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at               TIMESTAMPTZ,
    reminded_at           TIMESTAMPTZ,
    expires_at            TIMESTAMPTZ,
    answered_at           TIMESTAMPTZ,
    finished_at           TIMESTAMPTZ,
    UNIQUE (survey_id, contact_id, cycle)
);
CREATE INDEX deliveries_contact ON deliveries (contact_id);
CREATE INDEX deliveries_open ON deliveries (status) WHERE status IN ('SCHEDULED', 'SENT');

-- One answer per delivery, whatever channel or retry it came through.
CREATE TABLE responses (
    id            TEXT PRIMARY KEY,
    delivery_id   TEXT        NOT NULL UNIQUE REFERENCES deliveries (id),
    survey_id     TEXT        NOT NULL,
    contact_id    TEXT        NOT NULL,
    survey_type   TEXT        NOT NULL,
    score         INT         NOT NULL,
    bucket        TEXT,
    comment       TEXT,
    consent       JSONB       NOT NULL DEFAULT '{}',
    channel       TEXT        NOT NULL,
    agent_id      TEXT,
    team_id       TEXT,
    answered_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX responses_survey ON responses (survey_id, answered_at);

-- Tickets Pulse opens (an unhappy answer's follow-up, later conversations).
CREATE TABLE tickets (
    id            TEXT PRIMARY KEY,
    source_key    TEXT UNIQUE,                        -- what opened it; a retried job finds its ticket
    contact_id    TEXT,
    subject       TEXT        NOT NULL,
    pipeline      TEXT        NOT NULL DEFAULT 'support',
    stage         TEXT        NOT NULL DEFAULT 'new',
    priority      TEXT        NOT NULL DEFAULT 'MEDIUM',
    owner_id      TEXT,
    properties    JSONB       NOT NULL DEFAULT '{}',
    escalated_at  TIMESTAMPTZ,
    closed_at     TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Settings Pulse generates for itself on first start (e.g. the key that signs answer links).
CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- For surveys that leave existing contacts out: who already matched when it was published.
CREATE TABLE survey_baseline (
    survey_id   TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL,
    PRIMARY KEY (survey_id, contact_id)
);
