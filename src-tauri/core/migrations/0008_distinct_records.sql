-- Schema v8: pairs of directory records the planner has reviewed and marked "not duplicates"
-- (two Claire Duponts at the same hospital can be two people): the duplicates review stops
-- proposing them. `first_id` sorts before `second_id`; written through the logged writer.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE distinct_records (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'dis_*'),
  kind       TEXT NOT NULL CHECK (kind = 'contact' OR kind = 'organisation'),
  first_id   TEXT NOT NULL,
  second_id  TEXT NOT NULL CHECK (first_id < second_id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (first_id, second_id)
) STRICT;
