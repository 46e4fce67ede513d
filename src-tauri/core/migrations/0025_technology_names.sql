-- Schema v25: a technology's name as written for the documents of each language
-- (domain::Wording): the Traditional Chinese programme names the delegation's technologies as
-- their hospitals do. NULL: the documents print the record's own name. Plain fields of the
-- record, like the titles of schema v22.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE technologies ADD COLUMN name_fr TEXT;
ALTER TABLE technologies ADD COLUMN name_en TEXT;
ALTER TABLE technologies ADD COLUMN name_zh_tw TEXT;
