-- Schema v1. Forward-only: never edit this file once it has landed; add 0002_….sql instead.
-- Conventions: text ids with a type prefix; timestamps in UTC RFC 3339; agenda instants in UTC
-- plus the IANA zone of the place; dates as YYYY-MM-DD.

-- "PASS": marks the file as Passerelle's, inside the same transaction as the schema.
PRAGMA application_id = 1346458451;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE specialties (
  code     TEXT PRIMARY KEY CHECK (code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9_]*'),
  label_en TEXT NOT NULL,
  label_fr TEXT NOT NULL,
  label_zh TEXT NOT NULL,
  builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO specialties (code, label_en, label_fr, label_zh, builtin) VALUES
  ('cardiology', 'Cardiology', 'Cardiologie', '心臟科', 1),
  ('nephrology', 'Nephrology', 'Néphrologie', '腎臟科', 1),
  ('oncology', 'Oncology', 'Oncologie', '腫瘤科', 1),
  ('gastroenterology', 'Gastroenterology', 'Gastro-entérologie', '胃腸科', 1),
  ('medical_imaging', 'Medical imaging', 'Imagerie médicale', '醫學影像', 1),
  ('neurosurgery', 'Neurosurgery', 'Neurochirurgie', '神經外科', 1),
  ('emergency_intensive_care', 'Emergency and intensive care', 'Urgences et soins intensifs', '急診與加護醫學', 1),
  ('geriatrics', 'Geriatrics', 'Gériatrie', '老年醫學', 1),
  ('dermatology', 'Dermatology', 'Dermatologie', '皮膚科', 1),
  ('pulmonology', 'Pulmonology', 'Pneumologie', '胸腔科', 1),
  ('haematology', 'Haematology', 'Hématologie', '血液科', 1),
  ('surgery', 'Surgery', 'Chirurgie', '外科', 1),
  ('radiotherapy', 'Radiotherapy', 'Radiothérapie', '放射治療', 1),
  ('laboratory_medicine', 'Laboratory medicine', 'Biologie clinique', '檢驗醫學', 1),
  ('clinical_research', 'Clinical research', 'Recherche clinique', '臨床研究', 1),
  ('data_it', 'Data and IT', 'Données et informatique', '資料與資訊', 1),
  ('regulatory', 'Regulatory affairs', 'Affaires réglementaires', '法規事務', 1),
  ('public_health', 'Public health', 'Santé publique', '公共衛生', 1),
  ('rehabilitation', 'Rehabilitation', 'Revalidation', '復健科', 1);

CREATE TABLE organisations (
  id          TEXT PRIMARY KEY CHECK (id GLOB 'org_*'),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  short_name  TEXT,
  kind        TEXT NOT NULL CHECK (kind IN ('hospital', 'hospital_network', 'agency', 'company',
                'university', 'public_body', 'association')),
  parent_id   TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  address     TEXT,
  postal_code TEXT,
  city        TEXT,
  country     TEXT NOT NULL CHECK (length(country) = 2),
  latitude    REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude   REAL CHECK (longitude BETWEEN -180 AND 180),
  tz          TEXT,
  website     TEXT,
  notes       TEXT,
  placeholder INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1)),
  archived_at TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE TABLE departments (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'dep_*'),
  organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name            TEXT NOT NULL CHECK (length(name) > 0),
  specialty       TEXT REFERENCES specialties (code),
  notes           TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX departments_organisation ON departments (organisation_id);

CREATE TABLE contacts (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'con_*'),
  given_name      TEXT NOT NULL,
  family_name     TEXT NOT NULL,
  native_name     TEXT,
  title           TEXT,
  role            TEXT,
  organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  department_id   TEXT REFERENCES departments (id) ON DELETE SET NULL,
  email           TEXT,
  phone           TEXT,
  languages       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
  notes           TEXT,
  placeholder     INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1)),
  -- Privacy (GDPR art. 6 and 13/14): why we may hold this person's data and where it came from.
  lawful_basis    TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation',
                    'vital_interests', 'public_task', 'legitimate_interests')),
  data_source     TEXT,
  collected_on    TEXT,
  archived_at     TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (length(given_name) + length(family_name) > 0)
) STRICT;
CREATE INDEX contacts_organisation ON contacts (organisation_id);
CREATE INDEX contacts_email ON contacts (email);

CREATE TABLE contact_specialties (
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  specialty  TEXT NOT NULL REFERENCES specialties (code),
  PRIMARY KEY (contact_id, specialty)
) STRICT, WITHOUT ROWID;

CREATE TABLE contact_tags (
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  tag        TEXT NOT NULL CHECK (length(tag) > 0),
  PRIMARY KEY (contact_id, tag)
) STRICT, WITHOUT ROWID;

CREATE TABLE technologies (
  id                    TEXT PRIMARY KEY CHECK (id GLOB 'tec_*'),
  name                  TEXT NOT NULL CHECK (length(name) > 0),
  owner_organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  description           TEXT,
  taiwan_fda            TEXT,
  ce_mdr_class          TEXT CHECK (ce_mdr_class IN ('I', 'IIa', 'IIb', 'III')),
  eu_ai_act_risk        TEXT CHECK (eu_ai_act_risk IN ('minimal', 'limited', 'high', 'unacceptable')),
  regulatory_notes      TEXT,
  maturity              TEXT CHECK (maturity IN ('research', 'prototype', 'clinical_validation',
                          'certified', 'marketed')),
  placeholder           INTEGER NOT NULL DEFAULT 0 CHECK (placeholder IN (0, 1)),
  archived_at           TEXT,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
) STRICT;
CREATE INDEX technologies_owner ON technologies (owner_organisation_id);

CREATE TABLE technology_specialties (
  technology_id TEXT NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  specialty     TEXT NOT NULL REFERENCES specialties (code),
  PRIMARY KEY (technology_id, specialty)
) STRICT, WITHOUT ROWID;

CREATE TABLE missions (
  id             TEXT PRIMARY KEY CHECK (id GLOB 'mis_*'),
  title          TEXT NOT NULL CHECK (length(title) > 0),
  origin_country TEXT NOT NULL CHECK (length(origin_country) = 2),
  host_country   TEXT NOT NULL CHECK (length(host_country) = 2),
  start_date     TEXT NOT NULL,
  end_date       TEXT NOT NULL,
  home_tz        TEXT NOT NULL,
  host_tz        TEXT NOT NULL,
  objectives     TEXT,
  notes          TEXT,
  archived_at    TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK (end_date >= start_date)
) STRICT;

CREATE TABLE mission_organisers (
  mission_id      TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role            TEXT NOT NULL,
  PRIMARY KEY (mission_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE subgroups (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'grp_*'),
  mission_id TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) > 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX subgroups_mission ON subgroups (mission_id);

CREATE TABLE delegation_members (
  id          TEXT PRIMARY KEY CHECK (id GLOB 'mem_*'),
  mission_id  TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  role        TEXT NOT NULL,
  subgroup_id TEXT REFERENCES subgroups (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (mission_id, contact_id)
) STRICT;

CREATE TABLE sites (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'sit_*'),
  mission_id      TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  organisation_id TEXT NOT NULL REFERENCES organisations (id),
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
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX sites_mission ON sites (mission_id);

CREATE TABLE rooms (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'roo_*'),
  site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK (length(name) > 0),
  capacity   INTEGER CHECK (capacity > 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX rooms_site ON rooms (site_id);

CREATE TABLE availabilities (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'ava_*'),
  mission_id TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  starts_at  TEXT NOT NULL,  -- UTC
  ends_at    TEXT NOT NULL,
  tz         TEXT NOT NULL,
  note       TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX availabilities_mission ON availabilities (mission_id, contact_id);

CREATE TABLE agenda_items (
  id          TEXT PRIMARY KEY CHECK (id GLOB 'itm_*'),
  mission_id  TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('presentation', 'meeting', 'visit', 'travel', 'meal',
                'reception', 'break')),
  title       TEXT NOT NULL CHECK (length(title) > 0),
  description TEXT,
  starts_at   TEXT NOT NULL,  -- UTC instant, RFC 3339
  ends_at     TEXT NOT NULL,
  tz          TEXT NOT NULL,  -- IANA zone of the place
  site_id     TEXT REFERENCES sites (id) ON DELETE SET NULL,
  room_id     TEXT REFERENCES rooms (id) ON DELETE SET NULL,
  subgroup_id TEXT REFERENCES subgroups (id) ON DELETE SET NULL,
  -- 'proposed': placed by the scheduler, not yet accepted by the planner.
  status      TEXT NOT NULL DEFAULT 'tentative' CHECK (status IN ('proposed', 'tentative', 'confirmed',
                'held', 'cancelled')),
  locked      INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX agenda_items_mission ON agenda_items (mission_id, starts_at);

CREATE TABLE agenda_participants (
  item_id    TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agenda_participants_contact ON agenda_participants (contact_id);

CREATE TABLE agenda_technologies (
  item_id       TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
  technology_id TEXT NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, technology_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE agenda_departments (
  item_id       TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
  department_id TEXT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  PRIMARY KEY (item_id, department_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE outcomes (
  id           TEXT PRIMARY KEY CHECK (id GLOB 'out_*'),
  item_id      TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
  outcome_type TEXT NOT NULL CHECK (outcome_type IN ('clinical_trial_interest', 'pilot',
                 'partnership', 'investment_lead', 'regulatory_advice', 'no_further_interest')),
  notes        TEXT,
  next_steps   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX outcomes_item ON outcomes (item_id);

CREATE TABLE outcome_attendees (
  outcome_id TEXT NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (outcome_id, contact_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE outcome_technologies (
  outcome_id    TEXT NOT NULL REFERENCES outcomes (id) ON DELETE CASCADE,
  technology_id TEXT NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  PRIMARY KEY (outcome_id, technology_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE followups (
  id              TEXT PRIMARY KEY CHECK (id GLOB 'fup_*'),
  title           TEXT NOT NULL CHECK (length(title) > 0),
  owner           TEXT,
  due_on          TEXT,
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting', 'done', 'dropped')),
  mission_id      TEXT REFERENCES missions (id) ON DELETE SET NULL,
  outcome_id      TEXT REFERENCES outcomes (id) ON DELETE SET NULL,
  organisation_id TEXT REFERENCES organisations (id) ON DELETE SET NULL,
  contact_id      TEXT REFERENCES contacts (id) ON DELETE SET NULL,
  technology_id   TEXT REFERENCES technologies (id) ON DELETE SET NULL,
  notes           TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX followups_mission ON followups (mission_id, due_on);

-- The change log: one change set per user action (one transaction), one row per changed field.
-- It serves undo/redo, the audit trail and, later, merging a mission edited on two laptops.
CREATE TABLE change_sets (
  id    INTEGER PRIMARY KEY,
  at    TEXT NOT NULL,
  label TEXT NOT NULL
) STRICT;

CREATE TABLE change_log (
  id            INTEGER PRIMARY KEY,
  change_set_id INTEGER NOT NULL REFERENCES change_sets (id) ON DELETE CASCADE,
  entity        TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  field         TEXT NOT NULL,
  before        TEXT,  -- JSON, NULL when the entity was created
  after         TEXT   -- JSON, NULL when the entity was deleted
) STRICT;
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
CREATE INDEX change_log_set ON change_log (change_set_id);
