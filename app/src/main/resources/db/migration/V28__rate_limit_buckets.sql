-- The public endpoints' rate limits (Bucket4j token buckets), one row per client, shared by every
-- replica so N replicas allow the configured rate, not N times it. expires_at (epoch millis): when
-- the bucket would be full again, after which the row is removed.
CREATE TABLE rate_limit_buckets (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

CREATE INDEX rate_limit_buckets_expiry ON rate_limit_buckets (expires_at);
