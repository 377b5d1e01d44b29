-- Chatflows: what a website visitor sees in the chat widget, where and when (definition as JSON).
CREATE TABLE chatflows (
    id          TEXT PRIMARY KEY,
    inbox_id    TEXT        NOT NULL,
    definition  JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chatflows_inbox ON chatflows (inbox_id);
