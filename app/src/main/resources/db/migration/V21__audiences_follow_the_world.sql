-- Audiences follow the world (issue 16).

-- Why a decision was taken: which change asked for it ("contact updated", "added to list vip",
-- "company acme changed", "time: ...", "survey recipients edited", "published").
ALTER TABLE recipient_decisions ADD COLUMN trigger TEXT;

-- When anything a survey audience can see about a contact last changed: its own record, its
-- lists, its company, deals or tickets. The publish-time snapshot of "existing contacts" trusts
-- a contact's state only when it did not change after the survey was published.
ALTER TABLE contacts ADD COLUMN audience_changed_at TIMESTAMPTZ;

-- The due-time index: the next moment at which a (survey, contact) decision can change by time
-- alone (a date threshold is crossed, a cooldown ends). A poller re-decides only the rows that
-- are due, never every contact against every survey.
CREATE TABLE audience_due (
    survey_id   TEXT        NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    contact_id  TEXT        NOT NULL,
    due_at      TIMESTAMPTZ NOT NULL,
    why         TEXT        NOT NULL,
    PRIMARY KEY (survey_id, contact_id)
);
CREATE INDEX audience_due_at ON audience_due (due_at);

-- An enrollment run is either the publish (existing contacts) or a re-check after the survey's
-- recipients were edited while published.
ALTER TABLE survey_enrollments ADD COLUMN reason TEXT NOT NULL DEFAULT 'PUBLISHED';

-- Which change enrolled a delivery (the decision's trigger at enrollment), kept with it: the check
-- before sending decides again and names it, so the trace still says why the contact got the survey.
ALTER TABLE deliveries ADD COLUMN enrolled_because TEXT;

-- Test sends are real mails whose links open the real answer page; their answers are kept here,
-- apart from deliveries and responses, so no analytics, funnel or follow-up ever sees them.
CREATE TABLE survey_test_sends (
    id           TEXT PRIMARY KEY,
    survey_id    TEXT        NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    contact_id   TEXT,
    sent_to      TEXT        NOT NULL,
    sent_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ NOT NULL,
    score        INT,
    bucket       TEXT,
    comment      TEXT,
    answered_at  TIMESTAMPTZ
);
CREATE INDEX survey_test_sends_survey ON survey_test_sends (survey_id, sent_at);
