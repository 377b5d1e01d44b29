-- CRM records surveys and conversations are about. Columns for what Pulse itself reads; every
-- other property in a JSONB map, as filters see them.
CREATE TABLE companies (
    id          TEXT PRIMARY KEY,
    name        TEXT,
    domain      TEXT,
    properties  JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
    id                  TEXT PRIMARY KEY,
    email               TEXT,
    phone               TEXT,
    firstname           TEXT,
    lastname            TEXT,
    lifecycle_stage     TEXT,
    became_customer_at  TIMESTAMPTZ,
    owner_id            TEXT,
    language            TEXT,
    time_zone           TEXT,
    company_id          TEXT,
    unsubscribed        BOOLEAN     NOT NULL DEFAULT FALSE,
    consents            JSONB       NOT NULL DEFAULT '{}',
    properties          JSONB       NOT NULL DEFAULT '{}',
    source_version      BIGINT,              -- the sender's version: older updates are ignored
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX contacts_email ON contacts (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX contacts_company ON contacts (company_id);

CREATE TABLE deals (
    id          TEXT PRIMARY KEY,
    contact_id  TEXT,
    company_id  TEXT,
    name        TEXT,
    stage       TEXT,
    amount      NUMERIC,
    closed_at   TIMESTAMPTZ,
    properties  JSONB       NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX deals_contact ON deals (contact_id);

CREATE TABLE lists (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE list_members (
    list_id     TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (list_id, contact_id)
);
CREATE INDEX list_members_contact ON list_members (contact_id);

-- Events a consumer has applied, so a redelivered event is applied once.
CREATE TABLE processed_events (
    consumer      TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
