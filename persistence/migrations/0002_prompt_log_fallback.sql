-- The call after which the agent gave up on the model and its personality
-- bot played the turn: an HTTP 500 followed by a good retry is an error row
-- but not a fallback, so the flag cannot be inferred from `error`.
ALTER TABLE prompt_logs ADD COLUMN fallback boolean NOT NULL DEFAULT false;
