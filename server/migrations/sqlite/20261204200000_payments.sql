-- Gifts and membership dues through a hosted checkout. No column holds
-- card data: the provider's page takes the card, and its events tell us
-- amounts, statuses and its own references.

-- Each checkout a payer started, and where the provider's events say it
-- stands. A recurring gift or dues is one row, with its subscription.
CREATE TABLE donations (
    -- G- and 26 random letters: the payer's browser reads the gift by it.
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    -- The member paying dues; NULL for a gift given without an account,
    -- and once the account is erased (the accounts keep the payment).
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    -- Where receipts go.
    email TEXT NOT NULL,
    locale TEXT NOT NULL,
    currency TEXT NOT NULL,
    -- In the currency's minor unit, as the server decided it.
    amount BIGINT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('once', 'monthly', 'yearly')),
    -- The preset chosen, when it was one.
    preset TEXT,
    -- The dues tier (content/donations.toml) of a member's dues; NULL for
    -- a gift.
    tier TEXT,
    dedication TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'paid', 'failed', 'cancelled')),
    -- The provider's references: the checkout session and its page, the
    -- customer, the subscription of a recurring gift.
    checkout_session TEXT UNIQUE,
    checkout_url TEXT,
    customer TEXT,
    subscription TEXT UNIQUE,
    -- The subscription as its latest event said: Stripe's status, when the
    -- next payment falls due, whether it ends then, and that event's time.
    subscription_status TEXT,
    next_payment_at TEXT,
    ends_at_period_end INTEGER NOT NULL DEFAULT 0,
    subscription_changed_at BIGINT,
    -- 1 once the member was told their membership lapsed: told once.
    lapse_notified INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX donations_account ON donations (account_id);

-- Money received, one row per payment the provider confirmed: the
-- treasurer's ledger and the receipts' numbers.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    donation_reference TEXT NOT NULL REFERENCES donations (reference),
    -- The provider's payment intent or invoice: each is counted once.
    provider_reference TEXT NOT NULL UNIQUE,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    email TEXT NOT NULL,
    paid_at TEXT NOT NULL
);

CREATE INDEX payments_paid_at ON payments (paid_at);
CREATE INDEX payments_donation ON payments (donation_reference);

-- The provider's events already acted on, by id: a replay changes nothing.
CREATE TABLE payment_events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    received_at TEXT NOT NULL
);
