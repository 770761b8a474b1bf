-- Written pages for signed-in members only (front matter `audience = "members"`).
ALTER TABLE pages ADD COLUMN members_only INTEGER NOT NULL DEFAULT 0 CHECK (members_only IN (0, 1));
