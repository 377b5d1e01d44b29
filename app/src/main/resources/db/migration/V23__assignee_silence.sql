-- When the current assignee got the conversation. Silence is measured from the oldest customer
-- message nobody answered, but never from before the assignee had the conversation: an agent
-- who takes over a waiting customer gets the inbox's whole rerouteAfter to answer.
ALTER TABLE conversations ADD COLUMN assigned_at TIMESTAMPTZ;
UPDATE conversations SET assigned_at = opened_at WHERE assignee_id IS NOT NULL;
