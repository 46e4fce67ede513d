-- Schema v11: logistics (issue 18). A delegation member's arrival and departure legs, their
-- stays (a hotel from the directory, the nights, the room), and the mission's cost lines. All
-- three are shared records of the mission: written through the logged writer, they travel in
-- exchange files (store/sync/export.rs lists them with the mission) and a person's legs and
-- stays go with the person's erasure (ON DELETE CASCADE, done by the writer's cascade).
-- Forward-only: never edit this file once it has landed.

CREATE TABLE travel_legs (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'trv_*'),
  mission_id TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('arrival', 'departure')),
  mode       TEXT NOT NULL DEFAULT 'flight' CHECK (mode IN ('flight', 'train', 'other')),
  at         TEXT NOT NULL,  -- UTC instant, RFC 3339: landing (arrival) or take-off (departure)
  tz         TEXT NOT NULL,  -- IANA zone the time is shown in (the host zone)
  place      TEXT NOT NULL CHECK (length(place) > 0),  -- airport, station
  reference  TEXT,           -- flight or train number, booking reference
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- One arrival and one departure per person and mission: they bound the person's stay.
CREATE UNIQUE INDEX travel_legs_one ON travel_legs (mission_id, contact_id, kind);
CREATE INDEX travel_legs_contact ON travel_legs (contact_id);

CREATE TABLE stays (
  id           TEXT PRIMARY KEY CHECK (id GLOB 'sty_*'),
  mission_id   TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id   TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  hotel_id     TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  check_in     TEXT NOT NULL,  -- date, YYYY-MM-DD (the first night)
  check_out    TEXT NOT NULL,  -- date, the morning after the last night
  room_type    TEXT NOT NULL DEFAULT 'single' CHECK (room_type IN ('single', 'double', 'twin', 'suite')),
  sharing_with TEXT REFERENCES contacts (id) ON DELETE SET NULL,
  reference    TEXT,           -- the hotel's booking reference
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (check_out > check_in)
) STRICT;
CREATE INDEX stays_mission ON stays (mission_id, contact_id);
CREATE INDEX stays_contact ON stays (contact_id);
CREATE INDEX stays_hotel ON stays (hotel_id);
CREATE INDEX stays_sharing ON stays (sharing_with);

-- Amounts in euro cents; the currency is kept so that a file never holds an amount whose
-- currency is unknown (only EUR is accepted for now: another one is refused on entry).
CREATE TABLE cost_lines (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'cst_*'),
  mission_id      TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  category        TEXT NOT NULL CHECK (category IN ('transport', 'hotel', 'catering', 'venue',
                    'interpreting', 'gifts', 'printing', 'other')),
  label           TEXT NOT NULL CHECK (length(label) > 0),
  supplier_id     TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  currency        TEXT NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
  estimate_cents  INTEGER CHECK (estimate_cents >= 0),
  committed_cents INTEGER CHECK (committed_cents >= 0),
  actual_cents    INTEGER CHECK (actual_cents >= 0),
  note            TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX cost_lines_mission ON cost_lines (mission_id, category);
CREATE INDEX cost_lines_supplier ON cost_lines (supplier_id);
