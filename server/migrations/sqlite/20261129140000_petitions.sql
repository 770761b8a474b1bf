-- Petitions, loaded from content/petitions/{slug}/ at start-up; signatures
-- and the links that bring signers in.
CREATE TABLE petitions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    goal INTEGER NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    -- YYYY-MM-DD
    opened_on TEXT NOT NULL,
    -- A site path under /images/, with its size, or NULL.
    image TEXT,
    image_width INTEGER,
    image_height INTEGER,
    -- Confirmed signatures; moved only in the transaction that confirms one.
    signature_count INTEGER NOT NULL DEFAULT 0,
    -- The petition's own short link, /s/{short_code}.
    short_code TEXT NOT NULL UNIQUE,
    -- sha256 of the petition's source files: a restart rewrites only what changed.
    source_hash TEXT NOT NULL
);

CREATE TABLE petition_texts (
    petition_id INTEGER NOT NULL REFERENCES petitions (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    addressed_to TEXT NOT NULL,
    body_html TEXT NOT NULL,
    image_alt TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (petition_id, locale)
);

CREATE TABLE signatures (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions (id),
    -- As typed (domain lowercased): where mail goes.
    email TEXT NOT NULL,
    -- Email::dedupe_key: one person counts once per petition.
    email_key TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    comment TEXT,
    newsletter INTEGER NOT NULL DEFAULT 0,
    locale TEXT NOT NULL,
    -- ?source= of the address the petition was signed from.
    source TEXT,
    -- ?ref=: the referral code of the signer whose link brought this one.
    referred_by TEXT,
    -- This signer's own referral and short-link code, given on confirmation.
    referral_code TEXT UNIQUE,
    -- RFC 3339 UTC; NULL until the address is proven.
    confirmed_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (petition_id, email_key)
);

CREATE INDEX signatures_referred_by ON signatures (referred_by) WHERE referred_by IS NOT NULL;

-- Confirmed signatures per country, moved with signature_count.
CREATE TABLE petition_country_counts (
    petition_id INTEGER NOT NULL REFERENCES petitions (id),
    country TEXT NOT NULL,
    signatures INTEGER NOT NULL,
    PRIMARY KEY (petition_id, country)
);

-- Idempotency keys of sign and resend requests already handled: a retry is
-- answered again without a second signature or e-mail.
CREATE TABLE handled_requests (
    idempotency_key TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
