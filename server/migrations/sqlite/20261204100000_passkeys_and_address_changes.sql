-- Passkeys (WebAuthn credentials), the ceremonies in progress that add or
-- use one, how each session was opened, and address changes awaiting
-- confirmation from the new mailbox.

-- Set when a member asks to move the account to another address; the
-- e-mailed link moves it, and is void once this changes.
ALTER TABLE accounts ADD COLUMN pending_email TEXT;

-- 'password' or 'passkey': staff requests need a session opened with a
-- passkey.
ALTER TABLE account_sessions ADD COLUMN signed_in_with TEXT NOT NULL DEFAULT 'password'
    CHECK (signed_in_with IN ('password', 'passkey'));

CREATE TABLE passkeys (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- The authenticator's credential id, base64url: unique for the site.
    credential_id TEXT NOT NULL UNIQUE,
    -- The account's random WebAuthn user handle, base64url: the same for
    -- all of an account's passkeys, never the address.
    user_handle TEXT NOT NULL,
    -- The public key and what never changes (webauthn_rp's encoding, base64url).
    static_state TEXT NOT NULL,
    -- The signature counter and backup flags, updated on each use.
    dynamic_state TEXT NOT NULL,
    -- The member's name for it, such as "My phone".
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);

CREATE INDEX passkeys_account ON passkeys (account_id);

-- A challenge sent to a browser, waiting for its answer: taken (deleted)
-- when answered, so each works once, on whichever server gets the answer.
CREATE TABLE passkey_ceremonies (
    challenge TEXT PRIMARY KEY,
    -- 'register' (adding a passkey to account_id) or 'sign_in'.
    kind TEXT NOT NULL CHECK (kind IN ('register', 'sign_in')),
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    -- webauthn_rp's encoded server state, base64url.
    state TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
