-- A team email conversation keeps the subject of its first message (replies are "Re: " it), and a
-- reply that could not be mailed says why on the message, for the agent to see and retry.
ALTER TABLE conversations ADD COLUMN subject TEXT;
ALTER TABLE messages ADD COLUMN error TEXT;
