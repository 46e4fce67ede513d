-- Schema v18: the surveys after a mission (issue 17, part 5). A respondent's answer to the
-- satisfaction survey a week after the mission or to the meeting-rating survey six months
-- after it, one per mission, kind and person (a later answer replaces it), and the six-month
-- ratings, one per answer and meeting (the agenda item between the respondent and a delegate).
-- Shared records of the mission written through the logged writer (they travel in exchange
-- files); they go with the mission, the meeting and the person (ON DELETE CASCADE, done by the
-- writer's cascade), and the person's erasure scrubs their ops (store/privacy.rs, OWNED).
-- Forward-only: never edit this file once it has landed.

CREATE TABLE survey_answers (
  id           TEXT PRIMARY KEY CHECK (id GLOB 'sva_*'),
  mission_id   TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id   TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind = 'week' OR kind = 'six-months'),
  submitted_at TEXT,     -- as the form tool dated it, YYYY-MM-DD HH:MM:SS (the form's clock)
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  usefulness   INTEGER CHECK (usefulness BETWEEN 1 AND 5),
  again        INTEGER CHECK (again BETWEEN 0 AND 1),
  comments     TEXT,
  source       TEXT,     -- the response file's name
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX survey_answers_one ON survey_answers (mission_id, kind, contact_id);
CREATE INDEX survey_answers_contact ON survey_answers (contact_id);

CREATE TABLE survey_ratings (
  id          TEXT PRIMARY KEY CHECK (id GLOB 'svr_*'),
  answer_id   TEXT NOT NULL REFERENCES survey_answers (id) ON DELETE CASCADE,
  mission_id  TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  item_id     TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
  contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,  -- the respondent
  delegate_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,  -- whom they met
  rating      TEXT CHECK (rating GLOB '[a-z]*'),  -- noContact, knowledge, valuable, negotiating, agreement
  what_came   TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX survey_ratings_one ON survey_ratings (answer_id, item_id, delegate_id);
CREATE INDEX survey_ratings_item ON survey_ratings (item_id);
CREATE INDEX survey_ratings_mission ON survey_ratings (mission_id);
CREATE INDEX survey_ratings_contact ON survey_ratings (contact_id);
CREATE INDEX survey_ratings_delegate ON survey_ratings (delegate_id);
