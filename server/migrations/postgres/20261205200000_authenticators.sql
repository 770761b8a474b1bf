-- Authenticator apps (TOTP, RFC 6238): staff's alternative to a passkey.
-- The secret is sealed with a key derived from the server's secret key,
-- so the database alone cannot make codes.
CREATE TABLE account_authenticators (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    -- base64url of a nonce and the ChaCha20-Poly1305 sealed secret, with
    -- the account's id as associated data.
    sealed_secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- NULL until a first code proves the app holds the secret.
    confirmed_at TEXT,
    -- The 30-second step of the last code taken: each code works once.
    last_step BIGINT NOT NULL DEFAULT 0
);

-- When a code from the account's authenticator app was given in this
-- session (RFC 3339 UTC): with it, as with a passkey, staff may work.
ALTER TABLE account_sessions ADD COLUMN second_factor_at TEXT;
