-- Members' and staff's accounts, their signed-in sessions, and the
-- failed sign-ins that slow down password guessing.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    -- Email::dedupe_key: one account per mailbox, however it is spelled.
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    locale TEXT NOT NULL,
    -- Argon2id, as a PHC string (algorithm, parameters, salt and hash).
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'editor', 'admin')),
    -- Ticked on the join form: subscribed once the address is confirmed.
    newsletter_wanted INTEGER NOT NULL DEFAULT 0 CHECK (newsletter_wanted IN (0, 1)),
    -- RFC 3339 in UTC; NULL until the e-mailed link is followed.
    confirmed_at TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE account_sessions (
    -- Names the session in the member area; not the cookie's secret.
    id TEXT PRIMARY KEY,
    -- SHA-256 of the cookie's secret: the table alone signs no one in.
    token_hash TEXT NOT NULL UNIQUE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- "Firefox on Linux": from User-Agent, no address kept.
    device TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    -- The absolute end, whatever the use.
    expires_at TEXT NOT NULL
);

CREATE INDEX account_sessions_account ON account_sessions (account_id);

-- Recent failed sign-ins per account (or unknown address) and per client.
CREATE TABLE sign_in_failures (
    -- 'a:' and a keyed hash of the address, or 'c:' and one of the client's.
    subject TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failed_at TEXT NOT NULL,
    blocked_until TEXT NOT NULL
);
