-- The consent a visitor gave in the chat widget (processing, communication), kept with the conversation.
ALTER TABLE conversations ADD COLUMN consent JSONB NOT NULL DEFAULT '{}';
