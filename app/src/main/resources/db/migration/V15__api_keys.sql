-- API keys for services and people without an identity provider. Only a hash of the secret is
-- kept; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,                  -- the key's public part: pulse_<id>_<secret>
    name         TEXT        NOT NULL,
    secret_hash  TEXT        NOT NULL,              -- SHA-256 of the secret, hex
    roles        JSONB       NOT NULL,              -- ["ADMIN"], ["SERVICE"], ...
    agent_id     TEXT,                              -- an AGENT key acts as this agent
    created_by   TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
