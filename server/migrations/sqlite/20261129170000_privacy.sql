-- Consent decisions, aggregate statistics and the newsletter list.

-- One row per decision or change of mind. Nothing that could identify the
-- visitor: the consent id is random, made by the browser, and sent with
-- nothing else.
CREATE TABLE consent_log (
    id INTEGER PRIMARY KEY,
    consent_id TEXT NOT NULL,
    preferences INTEGER NOT NULL,
    analytics INTEGER NOT NULL,
    external_media INTEGER NOT NULL,
    -- The privacy policy's revision the decision was made on.
    revision INTEGER NOT NULL,
    -- 'global_privacy_control', 'do_not_track' or NULL.
    signal TEXT,
    -- RFC 3339 UTC, the server's clock.
    recorded_at TEXT NOT NULL
);

CREATE INDEX consent_log_consent_id ON consent_log (consent_id);
CREATE INDEX consent_log_recorded_at ON consent_log (recorded_at);

-- Counts only: per day, event and page, and where known the network and the
-- country the trusted proxy reported. No address, agent, cookie or id.
CREATE TABLE analytics_daily (
    -- YYYY-MM-DD, UTC
    day TEXT NOT NULL,
    -- civic_api::analytics::EventKind
    event TEXT NOT NULL,
    -- A canonical site path, never a query string.
    path TEXT NOT NULL,
    -- A share network's source name, or '' for events without one.
    network TEXT NOT NULL DEFAULT '',
    -- ISO 3166-1 alpha-2, or '' when unknown.
    country TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL,
    PRIMARY KEY (day, event, path, network, country)
) WITHOUT ROWID;

CREATE TABLE newsletter_subscribers (
    id INTEGER PRIMARY KEY,
    -- As typed (domain lowercased): where mail goes.
    email TEXT NOT NULL,
    -- Email::dedupe_key: one entry per mailbox.
    email_key TEXT NOT NULL UNIQUE,
    locale TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'subscribed', 'unsubscribed')),
    -- Where the sign-up came from: the newsletter form or a petition's box.
    source TEXT NOT NULL CHECK (source IN ('form', 'petition')),
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    unsubscribed_at TEXT
);

-- Each newsletter issue sent, by its content slug.
CREATE TABLE newsletter_issues (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Who an issue was queued for: sending an issue again skips them, so a
-- retried send never mails anyone twice.
CREATE TABLE newsletter_deliveries (
    issue_id INTEGER NOT NULL REFERENCES newsletter_issues (id),
    subscriber_id INTEGER NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL,
    PRIMARY KEY (issue_id, subscriber_id)
) WITHOUT ROWID;
