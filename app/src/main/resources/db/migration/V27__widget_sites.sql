-- A site that embeds the chat widget: its public id (in the script tag), the CHAT channel its
-- visitors' messages arrive on, and the page origins allowed to use it.
CREATE TABLE widget_sites (
    id               TEXT PRIMARY KEY,
    name             TEXT        NOT NULL,
    channel_id       TEXT        NOT NULL REFERENCES channels (id),
    allowed_origins  TEXT[]      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
