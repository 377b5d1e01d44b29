-- Keep what was deployed, so that two versions can be compared and an earlier one deployed again.
ALTER TABLE deployments ADD COLUMN content TEXT;
