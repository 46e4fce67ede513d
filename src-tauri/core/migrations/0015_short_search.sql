-- Schema v15: the directory search's index for queries of 1 or 2 characters (issue 14's speed:
-- `passerelle-cli search du` read every name of the file, 0.3–0.5 s on 100,000 contacts).
-- Forward-only: never edit this file once it has landed.
--
-- The trigram indexes of 0002 hold no token under 3 characters. These hold, for each record,
-- every pair of neighbouring characters of its names (and a word's last character alone):
-- "Légia" is "lé ég gi ia a", folded by the unicode61 tokenizer (case, accents). A 2-character
-- query is one token ("gi"), a 1-character query a prefix ("g"*, the prefix index of 1): any
-- record whose name holds the text, in rowid order, as the names held in memory were searched.
-- A pair whose second character carries combining accents (a name stored decomposed: "n", U+0303, "e")
-- takes them along (up to two, U+0300–U+036F), so the tokenizer removes them and "ne" is found.
-- Contentless (the text is in the records), rowids only (detail=none); `secure-delete` as in
-- 0002, so an erased person leaves no pair behind. The `_text` views say what is indexed, for
-- the triggers, the first fill and an import's rebuild (store/imports.rs).
CREATE VIEW contacts_short_fts_text (rowid, pairs) AS
  SELECT c.rowid, (WITH RECURSIVE at (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM at WHERE n < length(c.t))
                   SELECT group_concat(substr(c.t, n, CASE
                     WHEN coalesce(unicode(substr(c.t, n + 1, 1)), 0) NOT BETWEEN 768 AND 879 THEN 2
                     WHEN coalesce(unicode(substr(c.t, n + 2, 1)), 0) NOT BETWEEN 768 AND 879 THEN 3
                     ELSE 4 END), ' ') FROM at)
  FROM (SELECT rowid, concat_ws(' ', given_name, family_name, native_name) AS t FROM contacts) c;
CREATE VIEW organisations_short_fts_text (rowid, pairs) AS
  SELECT o.rowid, (WITH RECURSIVE at (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM at WHERE n < length(o.t))
                   SELECT group_concat(substr(o.t, n, CASE
                     WHEN coalesce(unicode(substr(o.t, n + 1, 1)), 0) NOT BETWEEN 768 AND 879 THEN 2
                     WHEN coalesce(unicode(substr(o.t, n + 2, 1)), 0) NOT BETWEEN 768 AND 879 THEN 3
                     ELSE 4 END), ' ') FROM at)
  FROM (SELECT rowid, concat_ws(' ', name, short_name) AS t FROM organisations) o;
CREATE VIEW technologies_short_fts_text (rowid, pairs) AS
  SELECT t.rowid, (WITH RECURSIVE at (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM at WHERE n < length(t.t))
                   SELECT group_concat(substr(t.t, n, CASE
                     WHEN coalesce(unicode(substr(t.t, n + 1, 1)), 0) NOT BETWEEN 768 AND 879 THEN 2
                     WHEN coalesce(unicode(substr(t.t, n + 2, 1)), 0) NOT BETWEEN 768 AND 879 THEN 3
                     ELSE 4 END), ' ') FROM at)
  FROM (SELECT rowid, name AS t FROM technologies) t;

CREATE VIRTUAL TABLE contacts_short_fts USING fts5 (pairs, content = '', contentless_delete = 1,
  detail = none, prefix = '1', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE organisations_short_fts USING fts5 (pairs, content = '', contentless_delete = 1,
  detail = none, prefix = '1', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE technologies_short_fts USING fts5 (pairs, content = '', contentless_delete = 1,
  detail = none, prefix = '1', tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO contacts_short_fts (contacts_short_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO organisations_short_fts (organisations_short_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO technologies_short_fts (technologies_short_fts, rank) VALUES ('secure-delete', 1);

-- Kept in step in the writing transaction, as the trigram indexes (an import sets these aside
-- and rebuilds what it wrote, store/imports.rs).
CREATE TRIGGER contacts_short_fts_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM contacts_short_fts_text WHERE rowid = new.rowid;
END;
CREATE TRIGGER contacts_short_fts_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM contacts_short_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER contacts_short_fts_update AFTER UPDATE OF given_name, family_name, native_name
  ON contacts BEGIN
  DELETE FROM contacts_short_fts WHERE rowid = old.rowid;
  INSERT INTO contacts_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM contacts_short_fts_text WHERE rowid = new.rowid;
END;

CREATE TRIGGER organisations_short_fts_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisations_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM organisations_short_fts_text WHERE rowid = new.rowid;
END;
CREATE TRIGGER organisations_short_fts_delete AFTER DELETE ON organisations BEGIN
  DELETE FROM organisations_short_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER organisations_short_fts_update AFTER UPDATE OF name, short_name
  ON organisations BEGIN
  DELETE FROM organisations_short_fts WHERE rowid = old.rowid;
  INSERT INTO organisations_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM organisations_short_fts_text WHERE rowid = new.rowid;
END;

CREATE TRIGGER technologies_short_fts_insert AFTER INSERT ON technologies BEGIN
  INSERT INTO technologies_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM technologies_short_fts_text WHERE rowid = new.rowid;
END;
CREATE TRIGGER technologies_short_fts_delete AFTER DELETE ON technologies BEGIN
  DELETE FROM technologies_short_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER technologies_short_fts_update AFTER UPDATE OF name ON technologies BEGIN
  DELETE FROM technologies_short_fts WHERE rowid = old.rowid;
  INSERT INTO technologies_short_fts (rowid, pairs)
    SELECT rowid, pairs FROM technologies_short_fts_text WHERE rowid = new.rowid;
END;

-- Records written before this migration.
INSERT INTO contacts_short_fts (rowid, pairs) SELECT rowid, pairs FROM contacts_short_fts_text;
INSERT INTO organisations_short_fts (rowid, pairs)
  SELECT rowid, pairs FROM organisations_short_fts_text;
INSERT INTO technologies_short_fts (rowid, pairs)
  SELECT rowid, pairs FROM technologies_short_fts_text;
