-- Schema v21: what lets a merge write a received edit without replaying the record's whole
-- history (issue 16, the team server's 50 folders).
-- `sync_heads.sole`: 1 when the field's current op was, at the last full replay of the record,
-- the only op of the field left standing (no concurrent edit beside it); a local edit made on
-- it keeps it so. 0 (the default, every head before this version) is "not known": the next
-- merge of the record replays it whole and sets it.
-- The conflicts of one record found by the record (the merge asks whether it has any), and the
-- erasures found without reading the whole change log (every merge reads them).
-- Forward-only: never edit this file once it has landed.

ALTER TABLE sync_heads ADD COLUMN sole INTEGER NOT NULL DEFAULT 0 CHECK (sole IN (0, 1));

CREATE INDEX sync_conflicts_record ON sync_conflicts (entity, entity_id);

CREATE INDEX change_log_erase ON change_log (entity_id) WHERE kind = 'erase';
