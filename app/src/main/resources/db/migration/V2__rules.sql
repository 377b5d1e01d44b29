-- Every rule base version that built and went live: the full text of its files, so any version
-- can be read, compared and restored.
CREATE TABLE rule_versions (
    domain      TEXT        NOT NULL,
    version     INT         NOT NULL,
    hash        TEXT        NOT NULL,
    files       JSONB       NOT NULL,   -- [{name, hash, text}]
    rule_names  JSONB       NOT NULL,
    trigger     TEXT        NOT NULL,   -- STARTUP | FILE_WATCH | API_RELOAD | ROLLBACK | API_DEPLOY
    build_ms    INT         NOT NULL,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (domain, version)
);

-- Why a contact did or did not get a survey: the latest recipients decision per (survey, contact),
-- with the rules that fired and the rule base version that decided.
CREATE TABLE recipient_decisions (
    survey_id      TEXT        NOT NULL,
    contact_id     TEXT        NOT NULL,
    eligible       BOOLEAN     NOT NULL,
    reason         TEXT,
    rule           TEXT,
    decisions      JSONB       NOT NULL,
    fired_rules    JSONB       NOT NULL,
    rules_version  INT         NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survey_id, contact_id)
);
CREATE INDEX recipient_decisions_contact ON recipient_decisions (contact_id);
