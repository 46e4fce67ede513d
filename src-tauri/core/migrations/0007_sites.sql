-- Schema v7: a site is any place of the mission, not only an organisation's venue (a hotel, the
-- airport, a pre-departure briefing room in Tokyo): `organisation_id` becomes optional, and a
-- site can name the department it belongs to and carry access notes (badges, parking, entrance).
-- The table is rebuilt by SQLite's procedure with the same rows and rowids; foreign keys are off
-- while migrations run and are checked before this one commits (store/migrations.rs).
-- Forward-only: never edit this file once it has landed.

CREATE TABLE sites_v7 (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'sit_*'),
  mission_id      TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  department_id   TEXT REFERENCES departments (id) ON DELETE SET NULL,
  name            TEXT NOT NULL CHECK (length(name) > 0),
  address         TEXT,
  postal_code     TEXT,
  city            TEXT,
  country         TEXT NOT NULL CHECK (length(country) = 2),
  latitude        REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude       REAL CHECK (longitude BETWEEN -180 AND 180),
  tz              TEXT NOT NULL,
  opens_at        TEXT,  -- local HH:MM
  closes_at       TEXT,
  access_notes    TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;

INSERT INTO sites_v7 (rowid, id, mission_id, organisation_id, department_id, name, address,
  postal_code, city, country, latitude, longitude, tz, opens_at, closes_at, access_notes,
  created_at, updated_at)
SELECT rowid, id, mission_id, organisation_id, NULL, name, address, postal_code, city, country,
  latitude, longitude, tz, opens_at, closes_at, NULL, created_at, updated_at
FROM sites;

DROP TABLE sites;
ALTER TABLE sites_v7 RENAME TO sites;
CREATE INDEX sites_mission ON sites (mission_id);
CREATE INDEX sites_organisation ON sites (organisation_id);
