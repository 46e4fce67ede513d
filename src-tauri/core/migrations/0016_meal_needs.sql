-- Schema v16: meals and access needs (issue 18, part 4). Dietary requirements and
-- accessibility needs are special-category data (GDPR art. 9: health, religion): they are held
-- per person *per mission*, never in the directory (a table of their own keyed by mission and
-- contact, nothing on `contacts`), only with a recorded explicit consent (who gave it, when,
-- how), and erased a set number of days after the mission ends (`missions.needs_retention_days`,
-- 30 by default; `store::needs::purge`). Shared records of the mission: written through the
-- logged writer, they travel in exchange files; withdrawing consent, the purge and the
-- person's erasure delete the row and scrub its ops (`store::needs`, `store::privacy`).
-- Forward-only: never edit this file once it has landed.

ALTER TABLE missions ADD COLUMN needs_retention_days INTEGER NOT NULL DEFAULT 30
  CHECK (needs_retention_days BETWEEN 0 AND 3650);

CREATE TABLE meal_needs (
  id           TEXT PRIMARY KEY CHECK (id GLOB 'ned_*'),
  mission_id   TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id   TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  diets        TEXT NOT NULL DEFAULT '[]',  -- JSON list of diet codes (domain::Diet)
  diet_other   TEXT,                        -- the diet "other", in words
  access       TEXT NOT NULL DEFAULT '[]',  -- JSON list of access codes (domain::AccessNeed)
  access_other TEXT,                        -- the access need "other", in words
  consent_by   TEXT NOT NULL CHECK (length(consent_by) > 0),  -- who gave the consent
  consent_on   TEXT NOT NULL,               -- date, YYYY-MM-DD
  consent_how  TEXT NOT NULL CHECK (consent_how IN ('form', 'email', 'in_person', 'phone')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
-- One record per person and mission.
CREATE UNIQUE INDEX meal_needs_one ON meal_needs (mission_id, contact_id);
CREATE INDEX meal_needs_contact ON meal_needs (contact_id);
