-- The newsletter's mailings are written and sent from the console: the
-- database holds their texts (content/newsletters seeds them as drafts),
-- where each stands, and what became of them in aggregate only.

-- Issues sent before by `civic-server send-newsletter` were sent whole.
ALTER TABLE newsletter_issues ADD COLUMN status TEXT NOT NULL DEFAULT 'sent'
    CHECK (status IN ('draft', 'scheduled', 'sending', 'sent'));
-- Raised by every change, so an edit from a stale copy is refused.
ALTER TABLE newsletter_issues ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- RFC 3339 UTC: when a scheduled mailing goes out, when it was sent.
ALTER TABLE newsletter_issues ADD COLUMN send_at TEXT;
ALTER TABLE newsletter_issues ADD COLUMN sent_at TEXT;
ALTER TABLE newsletter_issues ADD COLUMN updated_at TEXT;
-- Random, in the address of the image that counts opens, so a mailing's
-- opens are not counted up by guessing its number.
ALTER TABLE newsletter_issues ADD COLUMN open_key TEXT;
-- Subscribers who left while this was the last mailing they were sent.
ALTER TABLE newsletter_issues ADD COLUMN unsubscribes BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX newsletter_issues_open_key ON newsletter_issues (open_key);

-- A mailing's subject and Markdown per language written (English always).
CREATE TABLE newsletter_issue_texts (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id),
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    PRIMARY KEY (issue_id, locale)
);

-- Each mail queued for a mailing and the language it was written in: the
-- outbox says whether it went. No address: who it went to is the outbox's.
CREATE TABLE newsletter_issue_mails (
    mail_id BIGINT PRIMARY KEY,
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id),
    locale TEXT NOT NULL
);
CREATE INDEX newsletter_issue_mails_issue ON newsletter_issue_mails (issue_id);

-- Opens per mailing and language: one image address for everyone who got
-- that language, so a count says nothing of who opened it.
CREATE TABLE newsletter_opens (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id),
    locale TEXT NOT NULL,
    opens BIGINT NOT NULL,
    PRIMARY KEY (issue_id, locale)
);

-- The last mailing queued for a subscriber: a departure counts against it.
ALTER TABLE newsletter_subscribers ADD COLUMN last_issue_id BIGINT;
