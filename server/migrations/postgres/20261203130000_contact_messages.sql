-- Messages sent with the contact form (correspondence), kept for staff.
CREATE TABLE contact_messages (
    -- The short code the sender can quote, such as C-7K3QX9.
    reference TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    -- RFC 3339 in UTC.
    created_at TEXT NOT NULL
);
