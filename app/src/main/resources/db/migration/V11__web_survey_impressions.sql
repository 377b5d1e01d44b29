-- What each website visitor was served and shown of each web survey: the per-visitor memory the
-- intercept's frequency and "never after an answer" rules read. `delivery_id` is the open
-- delivery the visitor answers into (one per response window, reused while it is open).
CREATE TABLE web_survey_impressions (
    visitor_id      TEXT        NOT NULL,
    survey_id       TEXT        NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    contact_id      TEXT,
    delivery_id     TEXT REFERENCES deliveries (id),
    served_count    INT         NOT NULL DEFAULT 0,
    last_served_at  TIMESTAMPTZ,
    shown_count     INT         NOT NULL DEFAULT 0,
    last_shown_at   TIMESTAMPTZ,
    PRIMARY KEY (visitor_id, survey_id)
);
CREATE INDEX web_survey_impressions_delivery ON web_survey_impressions (delivery_id);
