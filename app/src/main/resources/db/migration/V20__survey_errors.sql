-- A survey whose evaluation failed (a filter that cannot be applied, a rule that throws) says so
-- on itself; the failure never stops other surveys from being decided.
ALTER TABLE surveys ADD COLUMN last_error    TEXT;
ALTER TABLE surveys ADD COLUMN last_error_at TIMESTAMPTZ;
ALTER TABLE surveys ADD COLUMN last_error_contact TEXT;
