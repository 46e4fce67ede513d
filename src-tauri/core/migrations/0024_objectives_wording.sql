-- Schema v24: a mission's objectives as written for the documents of each language
-- (domain::Wording): the Traditional Chinese programme's cover and a Chinese visa letter state
-- them in Chinese. NULL: the documents print the mission's own objectives. Plain fields of the
-- record, like the titles of schema v22.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE missions ADD COLUMN objectives_fr TEXT;
ALTER TABLE missions ADD COLUMN objectives_en TEXT;
ALTER TABLE missions ADD COLUMN objectives_zh_tw TEXT;
