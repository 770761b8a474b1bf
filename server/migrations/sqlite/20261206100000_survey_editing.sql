-- Surveys are written, opened and closed in the console: the database is
-- their source of truth once staff changed one, and every server reads a
-- change within seconds.

-- Raised by every change: a stale edit is refused, and the servers see
-- that a survey changed.
ALTER TABLE surveys ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- Set once staff wrote, opened or closed it in the console: content/surveys
-- no longer changes it, nor removes it.
ALTER TABLE surveys ADD COLUMN edited_at TEXT;
