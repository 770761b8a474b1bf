-- The console's inbox: where a contact message or a problem report stands
-- (no row: new, never touched), and what staff added to it. Accounts by
-- number, as the audit log names them.
CREATE TABLE inbox_threads (
    -- A contact message's or a problem report's reference.
    reference TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    assignee_account_id INTEGER,
    -- Moves with every change: a change from a stale copy is refused.
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE inbox_entries (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL,
    at TEXT NOT NULL,
    author_account_id INTEGER NOT NULL,
    -- 'note' for staff only, 'reply' sent to the writer through the outbox.
    kind TEXT NOT NULL CHECK (kind IN ('note', 'reply')),
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL
);

CREATE INDEX inbox_entries_reference ON inbox_entries (reference);
