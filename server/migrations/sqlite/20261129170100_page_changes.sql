-- What the current revision of a page changed (front matter `changes`),
-- shown to returning visitors when the privacy policy's revision moves on.
ALTER TABLE pages ADD COLUMN changes TEXT;

-- Pages are re-rendered only when their source changes: forget the hashes so
-- the next start-up fills the new column from the files.
UPDATE pages SET source_hash = '';
