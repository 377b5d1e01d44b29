-- What a triggered delivery knows of its occasion (for a chat survey: how the conversation went),
-- so that the rules see the same facts at send time as when it was triggered.
ALTER TABLE deliveries ADD COLUMN context JSONB NOT NULL DEFAULT '{}';
