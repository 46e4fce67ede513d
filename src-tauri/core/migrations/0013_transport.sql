-- Schema v13: ground transport (issue 18, part 2). A mission's vehicles (a coach, a minibus, a
-- car: seats, driver, company, phone on the day), and the transfer item: an agenda item of kind
-- 'transfer' carrying its participants in a vehicle from one site (`from_site_id`) to its site.
-- Vehicles are shared records of the mission (written through the logged writer, they travel
-- in exchange files). agenda_items is rebuilt by SQLite's procedure (new table, copy, drop,
-- rename: migrations run with foreign keys off and are checked before they commit) for its kind
-- check, written as OR-ed comparisons (see 0006) with 'transfer' added, and the two columns.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE vehicles (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'veh_*'),
  mission_id TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) > 0),
  kind       TEXT NOT NULL DEFAULT 'coach' CHECK (kind = 'coach' OR kind = 'minibus' OR kind = 'car'),
  seats      INTEGER NOT NULL CHECK (seats > 0),
  driver     TEXT,
  company_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  phone      TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX vehicles_mission ON vehicles (mission_id);
CREATE INDEX vehicles_company ON vehicles (company_id);

CREATE TABLE agenda_items_v13 (
  id           TEXT PRIMARY KEY CHECK (id GLOB 'itm_*'),
  mission_id   TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind = 'presentation' OR kind = 'meeting' OR kind = 'visit'
                 OR kind = 'travel' OR kind = 'meal' OR kind = 'reception' OR kind = 'break'
                 OR kind = 'transfer'),
  title        TEXT NOT NULL CHECK (length(title) > 0),
  description  TEXT,
  starts_at    TEXT NOT NULL,  -- UTC instant, RFC 3339
  ends_at      TEXT NOT NULL,
  tz           TEXT NOT NULL,  -- IANA zone of the place
  site_id      TEXT REFERENCES sites (id) ON DELETE SET NULL,
  room_id      TEXT REFERENCES rooms (id) ON DELETE SET NULL,
  subgroup_id  TEXT REFERENCES subgroups (id) ON DELETE SET NULL,
  -- 'proposed': placed by the scheduler, not yet accepted by the planner.
  status       TEXT NOT NULL DEFAULT 'tentative' CHECK (status IN ('proposed', 'tentative', 'confirmed',
                 'held', 'cancelled')),
  locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  -- A transfer: the vehicle, and the site it leaves from (it arrives at `site_id`).
  vehicle_id   TEXT REFERENCES vehicles (id) ON DELETE SET NULL,
  from_site_id TEXT REFERENCES sites (id) ON DELETE SET NULL,
  CHECK (ends_at > starts_at)
) STRICT;

INSERT INTO agenda_items_v13 (rowid, id, mission_id, kind, title, description, starts_at,
  ends_at, tz, site_id, room_id, subgroup_id, status, locked, created_at, updated_at)
SELECT rowid, id, mission_id, kind, title, description, starts_at, ends_at, tz, site_id,
  room_id, subgroup_id, status, locked, created_at, updated_at
FROM agenda_items;

-- Foreign keys are off: dropping the table deletes nothing elsewhere, and the other tables'
-- references name "agenda_items", which the renamed table now is.
DROP TABLE agenda_items;
ALTER TABLE agenda_items_v13 RENAME TO agenda_items;

CREATE INDEX agenda_items_mission ON agenda_items (mission_id, starts_at);
CREATE INDEX agenda_items_vehicle ON agenda_items (vehicle_id);
CREATE INDEX agenda_items_from_site ON agenda_items (from_site_id);
