-- Petition news: updates staff post on a published petition, shown on its
-- page and e-mailed, once, to the confirmed signers who asked for them.

-- The "tell me how this petition goes" box; 0 again once the signer stops
-- the petition's news from the link in one of its e-mails.
ALTER TABLE signatures ADD COLUMN news INTEGER NOT NULL DEFAULT 0;
CREATE INDEX signatures_news ON signatures (petition_id) WHERE news = 1;

CREATE TABLE petition_news (
    id INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions (id),
    -- RFC 3339 UTC.
    posted_at TEXT NOT NULL,
    -- By number, as the audit log names accounts: it outlives an erasure.
    actor_account_id INTEGER NOT NULL,
    -- How many signers it was e-mailed to, queued with it.
    recipients INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT NOT NULL,
    UNIQUE (actor_account_id, idempotency_key)
);
CREATE INDEX petition_news_petition ON petition_news (petition_id);

-- One row per language written; readers of the others get English.
CREATE TABLE petition_news_texts (
    news_id INTEGER NOT NULL REFERENCES petition_news (id),
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    -- Rendered from body_markdown and sanitised when posted.
    body_html TEXT NOT NULL,
    PRIMARY KEY (news_id, locale)
);
