-- When a delivery's survey-lifecycle instance ended (its end listener ran): until then an
-- answered delivery's follow-up may still be owed, and reconciliation resumes it.
ALTER TABLE deliveries ADD COLUMN completed_at TIMESTAMPTZ;
-- before this column, an answer with a bucket counted as followed up
UPDATE deliveries d SET completed_at = coalesce(d.finished_at, now())
 WHERE d.status IN ('SKIPPED', 'EXPIRED')
    OR (d.status = 'ANSWERED' AND EXISTS (SELECT 1 FROM responses r WHERE r.delivery_id = d.id AND r.bucket IS NOT NULL));
