-- Publishing is durable: the enrollment of existing contacts keeps a cursor (the last contact id
-- whose page is done) and an owner with a heartbeat, so a run cut short by SIGKILL, SIGTERM or a
-- lost replica is taken over and resumed where it stopped, by this replica or another.
ALTER TABLE survey_enrollments ADD COLUMN cursor       TEXT;
ALTER TABLE survey_enrollments ADD COLUMN owner        TEXT;
ALTER TABLE survey_enrollments ADD COLUMN heartbeat_at TIMESTAMPTZ;
ALTER TABLE survey_enrollments ADD COLUMN attempts     INT NOT NULL DEFAULT 0;

-- A send is recorded before the mail leaves: its expiry (hence its link) and the time it began.
-- A send repeated after a crash reuses both, so the copy carries the same link and Message-ID.
ALTER TABLE deliveries ADD COLUMN send_started_at TIMESTAMPTZ;

-- At most one open email or chat delivery per survey and contact, by constraint: concurrent
-- publish, CRM updates and triggers cannot make a second one. Open duplicates left by older
-- versions are closed first (the later cycle goes).
UPDATE deliveries d
   SET status = 'SKIPPED', skip_reason = 'a second open delivery of this survey to this contact (closed by the V18 migration)',
       finished_at = now(), completed_at = now()
 WHERE d.status IN ('SCHEDULED', 'SENT') AND d.channel IN ('EMAIL', 'CHAT')
   AND EXISTS (SELECT 1 FROM deliveries o
                WHERE o.survey_id = d.survey_id AND o.contact_id = d.contact_id AND o.cycle < d.cycle
                  AND o.status IN ('SCHEDULED', 'SENT') AND o.channel IN ('EMAIL', 'CHAT'));
CREATE UNIQUE INDEX deliveries_one_open ON deliveries (survey_id, contact_id)
 WHERE status IN ('SCHEDULED', 'SENT') AND channel IN ('EMAIL', 'CHAT');
