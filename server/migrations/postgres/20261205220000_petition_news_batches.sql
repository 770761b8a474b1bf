-- A petition's news is queued in batches, each in its own short write, so
-- a long list of signers never holds signing up: the cursor says up to
-- which signature it was queued, queued_at when it was queued for all.
-- A server that stops halfway leaves the rest to the next start-up.
ALTER TABLE petition_news ADD COLUMN queued_up_to BIGINT NOT NULL DEFAULT 0;
ALTER TABLE petition_news ADD COLUMN queued_at TEXT;
-- Updates posted before were queued whole, in the transaction that posted them.
UPDATE petition_news SET queued_at = posted_at, queued_up_to = (SELECT COALESCE(MAX(id), 0) FROM signatures);
