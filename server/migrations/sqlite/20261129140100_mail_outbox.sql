-- Mail waiting to be sent, and what became of it. A row is written in the
-- same transaction as what caused it, so no committed action loses its mail.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    -- Extra headers as a JSON array of [name, value] pairs.
    headers TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    -- Timestamps are RFC 3339 UTC with exactly six decimals, so they sort as text.
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);

CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
