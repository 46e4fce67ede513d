-- Schema v10: the exchange history (store/exchanges.rs). Device-local knowledge ("when did this copy
-- last exchange a file, with whom, for what"): listed in store/local.rs LOCAL_TABLES, never in the
-- change log and never sent in an exchange file. No foreign key to missions: a received mission's
-- id may not exist yet when the row is written.
CREATE TABLE sync_exchanges (
  id            INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,                                   -- RFC 3339, UTC
  direction     TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
  mission_id    TEXT,                                            -- NULL: the directory's file
  peer_replica  TEXT,                                            -- NULL: written for anyone (no --since)
  file_name     TEXT NOT NULL DEFAULT '',
  ops           INTEGER NOT NULL DEFAULT 0,                      -- ops in the file
  applied       INTEGER NOT NULL DEFAULT 0,                      -- received files only
  superseded    INTEGER NOT NULL DEFAULT 0,
  already_known INTEGER NOT NULL DEFAULT 0,
  conflicts     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sync_exchanges_by_mission ON sync_exchanges (mission_id, at);
