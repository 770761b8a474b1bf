-- When each scheduled task (the hourly tidying) last ran, so that of several
-- servers on one database only one runs it each time.
CREATE TABLE scheduled_runs (
    task TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL
);
