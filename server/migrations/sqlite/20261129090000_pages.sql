-- Content pages, rendered from content/pages/{locale}/{slug}.md at start-up.
CREATE TABLE pages (
    locale TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    html TEXT NOT NULL,
    revision INTEGER,
    updated TEXT,
    -- sha256 of the Markdown source: a restart re-renders only what changed.
    source_hash TEXT NOT NULL,
    PRIMARY KEY (locale, slug)
);
