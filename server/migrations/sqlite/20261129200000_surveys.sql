-- Surveys, loaded from content/surveys/, and their responses.

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    -- 'anonymous', 'email' or 'invitation' (civic_api::survey::Limit).
    answer_limit TEXT NOT NULL CHECK (answer_limit IN ('anonymous', 'email', 'invitation')),
    results_public INTEGER NOT NULL,
    closed INTEGER NOT NULL,
    -- YYYY-MM-DD
    opened_on TEXT NOT NULL
);

-- The whole form in one language, as civic_api::survey::Survey JSON: the
-- server checked it when it loaded content/.
CREATE TABLE survey_translations (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (survey_id, locale)
) WITHOUT ROWID;

-- One row per response. Nothing identifies the person: no address, agent,
-- time of day or language. Where a survey takes one answer per person,
-- `person_key` is a keyed hash (HMAC) of the confirmed address, which
-- cannot be turned back into it, and is kept only to refuse a second answer.
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL UNIQUE,
    -- civic_api::survey::Answers JSON, already validated.
    answers TEXT NOT NULL,
    -- 'pending' until its e-mailed link is followed, then 'counted'.
    state TEXT NOT NULL CHECK (state IN ('pending', 'counted')),
    person_key TEXT,
    -- YYYY-MM-DD, UTC: enough to delete unconfirmed answers after 7 days.
    submitted_on TEXT NOT NULL
);

CREATE INDEX survey_responses_survey ON survey_responses (survey_id, state);

-- One counted answer per person and survey.
CREATE UNIQUE INDEX survey_responses_one_per_person
    ON survey_responses (survey_id, person_key)
    WHERE state = 'counted' AND person_key IS NOT NULL;
