-- Schema v3: the programme: versions, travel, planning settings (issue 4).
-- Forward-only: never edit this file once it has landed.

-- Undo/redo over the change log. Each change set may be scoped to a mission (undo is per
-- mission, as a planner expects); `action` says whether it is a user's edit, an undo or a redo;
-- `target_id` is the set an undo/redo reverses; `undone` marks an edit/redo that has been undone
-- or an undo that has been redone.
ALTER TABLE change_sets ADD COLUMN mission_id TEXT;
ALTER TABLE change_sets ADD COLUMN action TEXT NOT NULL DEFAULT 'edit'
  CHECK (action IN ('edit', 'undo', 'redo'));
ALTER TABLE change_sets ADD COLUMN target_id INTEGER;
ALTER TABLE change_sets ADD COLUMN undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1));
CREATE INDEX change_sets_mission ON change_sets (mission_id, id);

-- Planning settings of a mission (one row per mission; id = the mission's id).
CREATE TABLE planning_settings (
  id              TEXT PRIMARY KEY REFERENCES missions (id) ON DELETE CASCADE,
  road_speed_kmh  REAL NOT NULL CHECK (road_speed_kmh BETWEEN 5 AND 200),
  detour_factor   REAL NOT NULL CHECK (detour_factor BETWEEN 1 AND 3),
  max_day_minutes INTEGER NOT NULL CHECK (max_day_minutes BETWEEN 60 AND 1440),
  lunch_from      TEXT NOT NULL,
  lunch_to        TEXT NOT NULL,
  lunch_minutes   INTEGER NOT NULL CHECK (lunch_minutes BETWEEN 0 AND 240),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

-- The travel matrix: minutes entered by the planner between two sites of a mission (else the
-- checker estimates from coordinates). Owned by the mission, logged as its `travel` field.
CREATE TABLE travel_times (
  mission_id   TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  from_site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  to_site_id   TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
  PRIMARY KEY (mission_id, from_site_id, to_site_id)
) STRICT, WITHOUT ROWID;

-- Published versions of a programme: a frozen JSON snapshot of its items.
CREATE TABLE programme_versions (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'ver_*'),
  mission_id TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  number     INTEGER NOT NULL CHECK (number > 0),
  note       TEXT,
  snapshot   TEXT NOT NULL CHECK (json_valid(snapshot)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (mission_id, number)
) STRICT;
