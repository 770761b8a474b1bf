-- Written pages are edited in the console: the database is their source
-- of truth, content/pages only seeds it (see storage::pages::sync).

-- What staff write; html is rendered from it.
ALTER TABLE pages ADD COLUMN body_markdown TEXT NOT NULL DEFAULT '';
-- Moves with every edit, in all of a page's languages together, so an
-- edit made from a stale copy is refused.
ALTER TABLE pages ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- When staff last changed it (RFC 3339 UTC); NULL while only content/pages
-- ever wrote it. A file never overwrites an edit.
ALTER TABLE pages ADD COLUMN edited_at TEXT;
