-- Schema v12: this copy's link to the agency's team server (store/team/local.rs). Device-local
-- (store/local.rs LOCAL_TABLES): never in the change log, never in an exchange file. The
-- password is not here: it is in a file beside the data file that only its user can read.
CREATE TABLE team_connection (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  url             TEXT NOT NULL,                     -- without a password
  member          TEXT NOT NULL,
  joined_at       TEXT NOT NULL,                     -- RFC 3339, UTC
  last_sync_at    TEXT,                              -- the last sync that went through
  last_attempt_at TEXT,
  last_error      TEXT,                              -- the last attempt's message (JSON), if it failed
  scopes          TEXT NOT NULL DEFAULT '[]',        -- the member's scopes at the last sync (JSON)
  server_held     TEXT NOT NULL DEFAULT '{}',        -- the change sets the server held then (version vector, JSON)
  others          TEXT NOT NULL DEFAULT '[]'         -- replicas of other members then (JSON): never pushed from here
) STRICT;

-- Where each scope's pull stopped on the server: (transaction id, change-set number).
CREATE TABLE team_cursors (
  scope TEXT PRIMARY KEY,
  tx    INTEGER NOT NULL,
  sid   INTEGER NOT NULL
) STRICT;
