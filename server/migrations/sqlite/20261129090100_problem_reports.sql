-- Problems with the website reported by visitors.
CREATE TABLE problem_reports (
    -- The short code the visitor can quote, such as PR-7K3QX9.
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    locale TEXT NOT NULL,
    page TEXT NOT NULL,
    description TEXT NOT NULL,
    email TEXT,
    -- RFC 3339 in UTC.
    created_at TEXT NOT NULL
);
