-- Schema v6: the contacts table rebuilt with the same columns, rows, rowids (the search index is
-- keyed by them), indexes, triggers and constraints; only the lawful-basis check is written as
-- OR-ed comparisons. For `x IN (...)` of more than two constants SQLite builds a temporary
-- b-tree each time a row is checked: about 4 µs per insert, a third of a second for a
-- 100,000-row import. This is SQLite's procedure for "other kinds of table schema changes":
-- migrations run with foreign keys off and are checked before they commit (store/migrations.rs).
-- Forward-only: never edit this file once it has landed.

CREATE TABLE contacts_v6 (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'con_*'),
  given_name      TEXT NOT NULL,
  family_name     TEXT NOT NULL,
  native_name     TEXT,
  title           TEXT,
  role            TEXT,
  organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  department_id   TEXT REFERENCES departments (id) ON DELETE SET NULL,
  email           TEXT,
  phone           TEXT,
  languages       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
  notes           TEXT,
  placeholder     INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1)),
  -- Privacy (GDPR art. 6 and 13/14): why we may hold this person's data and where it came from.
  lawful_basis    TEXT NOT NULL CHECK (lawful_basis = 'consent' OR lawful_basis = 'contract'
                    OR lawful_basis = 'legal_obligation' OR lawful_basis = 'vital_interests'
                    OR lawful_basis = 'public_task' OR lawful_basis = 'legitimate_interests'),
  data_source     TEXT,
  collected_on    TEXT,
  archived_at     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  -- Privacy facts beyond the lawful basis (GDPR art. 7, 21 and 5(1)(e)), added in v2.
  consent_evidence TEXT,
  do_not_contact  INTEGER NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
  review_on       TEXT,
  CHECK (length(given_name) + length(family_name) > 0)
) STRICT;

INSERT INTO contacts_v6 (rowid, id, given_name, family_name, native_name, title, role,
  organisation_id, department_id, email, phone, languages, notes, placeholder, lawful_basis,
  data_source, collected_on, archived_at, created_at, updated_at, consent_evidence,
  do_not_contact, review_on)
SELECT rowid, id, given_name, family_name, native_name, title, role,
  organisation_id, department_id, email, phone, languages, notes, placeholder, lawful_basis,
  data_source, collected_on, archived_at, created_at, updated_at, consent_evidence,
  do_not_contact, review_on
FROM contacts;

-- Foreign keys are off: dropping the table deletes nothing elsewhere, and the other tables'
-- references name "contacts", which the renamed table now is.
DROP TABLE contacts;
ALTER TABLE contacts_v6 RENAME TO contacts;

CREATE INDEX contacts_organisation ON contacts (organisation_id);
CREATE INDEX contacts_email ON contacts (email);
CREATE INDEX contacts_family_name ON contacts (family_name COLLATE NOCASE);

-- The search triggers of v2, unchanged (they went with the old table).
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_fts (rowid, name, body) VALUES (new.rowid,
    concat_ws(' ', nullif(new.given_name, ''), nullif(new.family_name, ''), new.native_name),
    concat_ws(' ', new.email, new.role, new.title,
      (SELECT name FROM organisations WHERE id = new.organisation_id)));
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contacts_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF given_name, family_name, native_name, email,
  role, title, organisation_id ON contacts BEGIN
  DELETE FROM contacts_fts WHERE rowid = old.rowid;
  INSERT INTO contacts_fts (rowid, name, body) VALUES (new.rowid,
    concat_ws(' ', nullif(new.given_name, ''), nullif(new.family_name, ''), new.native_name),
    concat_ws(' ', new.email, new.role, new.title,
      (SELECT name FROM organisations WHERE id = new.organisation_id)));
END;
