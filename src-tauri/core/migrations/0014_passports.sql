-- Schema v14: passport data for visa-support letters (issue 17, part 3). Kept per mission and
-- person, never on the directory's contact: a planner asks for it for one trip. A shared record
-- of the mission written through the logged writer (it travels in exchange files with the
-- mission); it goes with the mission (ON DELETE CASCADE, done by the writer's cascade) and with
-- the person's erasure, which scrubs its ops (store/privacy.rs, OWNED).
-- Forward-only: never edit this file once it has landed.

CREATE TABLE passports (
  id                TEXT PRIMARY KEY CHECK (id GLOB 'psp_*'),
  mission_id        TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id        TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  surname           TEXT NOT NULL CHECK (length(surname) > 0),      -- as in the passport
  given_names       TEXT NOT NULL CHECK (length(given_names) > 0),  -- as in the passport
  nationality       TEXT NOT NULL CHECK (length(nationality) = 2),  -- ISO 3166-1 alpha-2
  number            TEXT NOT NULL CHECK (length(number) > 0),
  birth_date        TEXT NOT NULL,  -- YYYY-MM-DD
  issued_on         TEXT,           -- YYYY-MM-DD
  expires_on        TEXT NOT NULL,  -- YYYY-MM-DD
  issuing_authority TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
-- One passport per person and mission.
CREATE UNIQUE INDEX passports_one ON passports (mission_id, contact_id);
CREATE INDEX passports_contact ON passports (contact_id);
