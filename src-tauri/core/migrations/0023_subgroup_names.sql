-- Schema v23: a sub-group's name as written for the documents of each language
-- (domain::Wording): the Traditional Chinese itinerary of a delegate in the cardiology track
-- prints "心臟科組" where the planner's screen says "Cardiology track". NULL: the document
-- prints the record's own name. Plain fields of the record, like the titles of schema v22.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE subgroups ADD COLUMN name_fr TEXT;
ALTER TABLE subgroups ADD COLUMN name_en TEXT;
ALTER TABLE subgroups ADD COLUMN name_zh_tw TEXT;
