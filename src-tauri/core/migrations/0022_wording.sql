-- Schema v22: a mission's title, and an agenda item's title and description, as written for
-- the documents of each language (domain::Wording): the Traditional Chinese programme of the
-- Taiwanese delegation prints "大合照" where the planner's screen says "Group photo". NULL: the
-- document prints the record's own text. Plain fields of their records: merged field by field,
-- written through the logged writer like the others.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE missions ADD COLUMN title_fr TEXT;
ALTER TABLE missions ADD COLUMN title_en TEXT;
ALTER TABLE missions ADD COLUMN title_zh_tw TEXT;

ALTER TABLE agenda_items ADD COLUMN title_fr TEXT;
ALTER TABLE agenda_items ADD COLUMN title_en TEXT;
ALTER TABLE agenda_items ADD COLUMN title_zh_tw TEXT;
ALTER TABLE agenda_items ADD COLUMN description_fr TEXT;
ALTER TABLE agenda_items ADD COLUMN description_en TEXT;
ALTER TABLE agenda_items ADD COLUMN description_zh_tw TEXT;
