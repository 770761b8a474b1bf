-- The audit log: every staff action, who did it, when, and what changed.
-- Append-only: the triggers below refuse any change or removal. It names
-- accounts by number only, so erasing an account leaves no address here;
-- the console shows the address while the account exists.
CREATE TABLE staff_actions (
    id INTEGER PRIMARY KEY,
    -- RFC 3339 UTC, the server's clock.
    at TEXT NOT NULL,
    actor_account_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    -- The account acted on, where it was one.
    subject_account_id BIGINT,
    -- What else it acted on (an export's period), in words.
    subject TEXT NOT NULL DEFAULT '',
    -- JSON objects, field by field.
    before_state TEXT NOT NULL DEFAULT '{}',
    after_state TEXT NOT NULL DEFAULT '{}',
    -- The retry key of a write: a retried request finds its action here
    -- and is not done twice.
    idempotency_key TEXT,
    UNIQUE (actor_account_id, idempotency_key)
);

CREATE INDEX staff_actions_subject ON staff_actions (subject_account_id);

CREATE TRIGGER staff_actions_no_update BEFORE UPDATE ON staff_actions
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER staff_actions_no_delete BEFORE DELETE ON staff_actions
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
