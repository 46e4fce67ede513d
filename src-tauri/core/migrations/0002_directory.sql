-- Schema v2: the directory: search index, privacy, imports, merges (issue 3).
-- Forward-only: never edit this file once it has landed.

-- Privacy facts beyond the lawful basis (GDPR art. 7, 21 and 5(1)(e)).
ALTER TABLE contacts ADD COLUMN consent_evidence TEXT;
ALTER TABLE contacts ADD COLUMN do_not_contact INTEGER NOT NULL DEFAULT 0
  CHECK (do_not_contact IN (0, 1));
ALTER TABLE contacts ADD COLUMN review_on TEXT;
CREATE INDEX contacts_family_name ON contacts (family_name COLLATE NOCASE);

-- Search: one FTS5 index per kind, keyed by the record's rowid, kept in sync by triggers in the
-- writing transaction. Trigram tokens match any substring of 3+ characters; remove_diacritics
-- folds accents so "liege" finds "Liège". `secure-delete` removes a deleted row's tokens from
-- the index itself (not only marks them), so an erased person leaves nothing in it.
CREATE VIRTUAL TABLE organisations_fts USING fts5 (
  name, body, tokenize = 'trigram remove_diacritics 1');
CREATE VIRTUAL TABLE contacts_fts USING fts5 (
  name, body, tokenize = 'trigram remove_diacritics 1');
CREATE VIRTUAL TABLE technologies_fts USING fts5 (
  name, body, tokenize = 'trigram remove_diacritics 1');
INSERT INTO organisations_fts (organisations_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO technologies_fts (technologies_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER organisations_fts_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisations_fts (rowid, name, body) VALUES (new.rowid, new.name,
    concat_ws(' ', new.short_name, new.city, new.country, new.notes));
END;
CREATE TRIGGER organisations_fts_delete AFTER DELETE ON organisations BEGIN
  DELETE FROM organisations_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER organisations_fts_update AFTER UPDATE OF name, short_name, city, country, notes
  ON organisations BEGIN
  DELETE FROM organisations_fts WHERE rowid = old.rowid;
  INSERT INTO organisations_fts (rowid, name, body) VALUES (new.rowid, new.name,
    concat_ws(' ', new.short_name, new.city, new.country, new.notes));
END;

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

CREATE TRIGGER technologies_fts_insert AFTER INSERT ON technologies BEGIN
  INSERT INTO technologies_fts (rowid, name, body) VALUES (new.rowid, new.name,
    concat_ws(' ', new.description,
      (SELECT name FROM organisations WHERE id = new.owner_organisation_id)));
END;
CREATE TRIGGER technologies_fts_delete AFTER DELETE ON technologies BEGIN
  DELETE FROM technologies_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER technologies_fts_update AFTER UPDATE OF name, description, owner_organisation_id
  ON technologies BEGIN
  DELETE FROM technologies_fts WHERE rowid = old.rowid;
  INSERT INTO technologies_fts (rowid, name, body) VALUES (new.rowid, new.name,
    concat_ws(' ', new.description,
      (SELECT name FROM organisations WHERE id = new.owner_organisation_id)));
END;

-- Records written before this migration.
INSERT INTO organisations_fts (rowid, name, body)
  SELECT rowid, name, concat_ws(' ', short_name, city, country, notes) FROM organisations;
INSERT INTO contacts_fts (rowid, name, body)
  SELECT c.rowid,
    concat_ws(' ', nullif(c.given_name, ''), nullif(c.family_name, ''), c.native_name),
    concat_ws(' ', c.email, c.role, c.title, o.name)
  FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id;
INSERT INTO technologies_fts (rowid, name, body)
  SELECT t.rowid, t.name, concat_ws(' ', t.description, o.name)
  FROM technologies t LEFT JOIN organisations o ON o.id = t.owner_organisation_id;

-- Erasures (GDPR art. 17): when, and how many rows went, never who.
CREATE TABLE erasure_log (
  id         INTEGER PRIMARY KEY,
  erased_at  TEXT NOT NULL,
  entity     TEXT NOT NULL,
  rows_removed INTEGER NOT NULL,
  reason     TEXT
) STRICT;

-- Import column mappings, remembered per set of headers (a key made of the sorted headers).
CREATE TABLE import_mappings (
  header_key TEXT PRIMARY KEY,
  headers    TEXT NOT NULL CHECK (json_valid(headers)),
  mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
  updated_at TEXT NOT NULL
) STRICT;

-- Merges of duplicates: which record was kept, which folded into it, and which links moved.
CREATE TABLE merge_log (
  id         INTEGER PRIMARY KEY,
  merged_at  TEXT NOT NULL,
  entity     TEXT NOT NULL,
  kept_id    TEXT NOT NULL,
  removed_id TEXT NOT NULL,
  moved      TEXT NOT NULL CHECK (json_valid(moved))
) STRICT;
CREATE INDEX merge_log_kept ON merge_log (kept_id);
