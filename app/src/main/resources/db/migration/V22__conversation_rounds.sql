-- A reopened conversation starts a new response round: its own first-response clock and SLA.
-- The rounds before the current one are kept here (when each opened, was first answered, closed,
-- and by whom), so reopening loses no history and analytics can read every round.
ALTER TABLE conversations ADD COLUMN round INT NOT NULL DEFAULT 1;

CREATE TABLE conversation_rounds (
    conversation_id    TEXT        NOT NULL REFERENCES conversations (id),
    round              INT         NOT NULL,
    opened_at          TIMESTAMPTZ NOT NULL,
    first_response_at  TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    assignee_id        TEXT,
    PRIMARY KEY (conversation_id, round)
);

-- The chatflow a chat conversation started from (the widget says which): its linked survey is the
-- one sent when the conversation closes, before the inbox's.
ALTER TABLE conversations ADD COLUMN chatflow_id TEXT;
