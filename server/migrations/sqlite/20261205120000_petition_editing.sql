-- Petitions are written in the console: the database is their source of
-- truth, content/petitions only seeds it (see storage::petitions::sync).

-- Moves with every change, so an edit made from a stale copy is refused.
ALTER TABLE petitions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- 0 for a draft, seen only in the console.
ALTER TABLE petitions ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
-- When staff last changed it in the console (RFC 3339 UTC); NULL while
-- only content/petitions ever wrote it. A file never overwrites an edit.
ALTER TABLE petitions ADD COLUMN edited_at TEXT;
-- What staff write; body_html is rendered from it.
ALTER TABLE petition_texts ADD COLUMN body_markdown TEXT NOT NULL DEFAULT '';

-- Pictures uploaded in the console, re-encoded, named by the sha256 of
-- their bytes: every server serves them from here.
CREATE TABLE media (
    hash TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
