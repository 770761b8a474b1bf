-- Signatures invalidated in bulk from the console after fraud: what was
-- chosen, why, by whom, how many; undone by setting undone_at. The
-- signatures stay, marked with the invalidation that took them.
CREATE TABLE signature_invalidations (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions (id),
    -- RFC 3339 UTC.
    at TEXT NOT NULL,
    -- By number, as the audit log names accounts: it outlives an erasure.
    actor_account_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    -- The filter as checked; '' where a part was not given.
    domain TEXT NOT NULL DEFAULT '',
    from_at TEXT NOT NULL DEFAULT '',
    to_at TEXT NOT NULL DEFAULT '',
    -- NULL: any source; '' signatures without one.
    source TEXT,
    signatures INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT,
    idempotency_key TEXT NOT NULL,
    UNIQUE (actor_account_id, idempotency_key)
);

ALTER TABLE signatures ADD COLUMN invalidation_id INTEGER REFERENCES signature_invalidations (id);
CREATE INDEX signatures_invalidation ON signatures (invalidation_id) WHERE invalidation_id IS NOT NULL;

-- Moves when counts go down (an invalidation) or back up (its undoing),
-- so that every server reads the petitions again.
ALTER TABLE petitions ADD COLUMN recounts INTEGER NOT NULL DEFAULT 0;
