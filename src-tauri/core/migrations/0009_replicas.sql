-- Schema v9: two laptops, one mission (issue 15). Each file is a replica with its own id and
-- hybrid logical clock; every change set gets a global id (replica, seq) and every change_log
-- row is an op (its index in the set, its kind, the op it was made on). Existing history is
-- this replica's: seq 1..n in order, clock readings taken from the change sets' times.
-- Forward-only: never edit this file once it has landed.

-- The replica this file is. `path` and `inode` are where it was last opened: a copied data
-- folder (another path or another file) takes a new id (`store::replica::claim`). `hlc` is
-- the clock's last reading, so that it never goes back.
CREATE TABLE sync_replica (
  one   INTEGER PRIMARY KEY CHECK (one = 1),
  id    TEXT NOT NULL CHECK (id GLOB 'rep_*'),
  path  TEXT,
  inode INTEGER,
  hlc   TEXT NOT NULL
) STRICT;
INSERT INTO sync_replica (one, id, hlc)
  VALUES (1, 'rep_' || lower(hex(randomblob(16))), printf('%015d-%010d', 0, 0));

ALTER TABLE change_sets ADD COLUMN replica TEXT;
ALTER TABLE change_sets ADD COLUMN seq INTEGER;
ALTER TABLE change_sets ADD COLUMN hlc TEXT;
-- 'directory' or a mission id: what the change set belongs to, as it travels.
ALTER TABLE change_sets ADD COLUMN scope TEXT;
UPDATE change_sets SET replica = (SELECT id FROM sync_replica), seq = x.n,
  scope = coalesce(change_sets.mission_id, 'directory')
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM change_sets) AS x
  WHERE x.id = change_sets.id;
UPDATE change_sets SET hlc = printf('%015d-%010d',
  max(0, CAST(round((coalesce(julianday(at), 2440587.5) - 2440587.5) * 86400000.0) AS INTEGER)),
  seq);
UPDATE sync_replica SET hlc = coalesce((SELECT max(hlc) FROM change_sets), hlc);
CREATE UNIQUE INDEX change_sets_replica_seq ON change_sets (replica, seq);

-- An op's kind: create ('*' row; its fields are the 'init' rows of the set, or `data` for a
-- bulk row), set, delete ('*' row; the values it removed are its 'tomb' rows), add/remove (one
-- element of a link set), erase. `base_op` is the global id (replica/seq/index) of the op that
-- had last set the field where the change was made.
ALTER TABLE change_log ADD COLUMN op_index INTEGER;
ALTER TABLE change_log ADD COLUMN kind TEXT;
ALTER TABLE change_log ADD COLUMN base_op TEXT;
ALTER TABLE change_log ADD COLUMN data TEXT;
UPDATE change_log SET op_index = x.n
  FROM (SELECT id, row_number() OVER (PARTITION BY change_set_id ORDER BY id) - 1 AS n
        FROM change_log) AS x
  WHERE x.id = change_log.id;
UPDATE change_log SET kind = CASE
  WHEN field = '*' AND after IS NOT NULL THEN 'create'
  WHEN field = '*' THEN 'delete'
  WHEN before IS NULL AND EXISTS (SELECT 1 FROM change_log c WHERE c.change_set_id = change_log.change_set_id
    AND c.entity = change_log.entity AND c.entity_id = change_log.entity_id AND c.field = '*'
    AND c.after IS NOT NULL) THEN 'init'
  WHEN after IS NULL AND EXISTS (SELECT 1 FROM change_log c WHERE c.change_set_id = change_log.change_set_id
    AND c.entity = change_log.entity AND c.entity_id = change_log.entity_id AND c.field = '*'
    AND c.after IS NULL) THEN 'tomb'
  ELSE 'set' END;
CREATE INDEX change_log_op ON change_log (change_set_id, op_index);

-- Each field's current op (the three-way base of the next change): entity, id, field (a link
-- element is `field=element`), the op's global id and clock reading; `weak`: a NULL set by a
-- deletion's cascade, which a concurrent real edit beats.
CREATE TABLE sync_heads (
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field     TEXT NOT NULL,
  op        TEXT NOT NULL,
  hlc       TEXT NOT NULL,
  weak      INTEGER NOT NULL DEFAULT 0 CHECK (weak IN (0, 1)),
  PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;
INSERT INTO sync_heads (entity, entity_id, field, op, hlc)
  SELECT l.entity, l.entity_id, l.field, s.replica || '/' || s.seq || '/' || l.op_index, s.hlc
  FROM change_log l JOIN change_sets s ON s.id = l.change_set_id
  WHERE l.kind IN ('set', 'delete')
    AND l.id = (SELECT max(m.id) FROM change_log m WHERE m.entity = l.entity
                AND m.entity_id = l.entity_id AND m.field = l.field AND m.kind IN ('set', 'delete'));

-- Deleted records' last values (JSON object) and the deleting op: an edit made elsewhere
-- meanwhile brings the record back from here.
CREATE TABLE sync_tombstones (
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  op        TEXT NOT NULL,
  data      TEXT NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (entity, entity_id)
) STRICT, WITHOUT ROWID;
INSERT INTO sync_tombstones (entity, entity_id, op, data)
  SELECT d.entity, d.entity_id, s.replica || '/' || s.seq || '/' || d.op_index,
    (SELECT json_group_object(t.field, json(t.before)) FROM change_log t
      WHERE t.change_set_id = d.change_set_id AND t.entity = d.entity
        AND t.entity_id = d.entity_id AND t.kind = 'tomb')
  FROM change_log d JOIN change_sets s ON s.id = d.change_set_id
  WHERE d.kind = 'delete'
    AND d.id = (SELECT max(m.id) FROM change_log m WHERE m.entity = d.entity
                AND m.entity_id = d.entity_id AND m.kind = 'delete');

-- What a merge could not settle alone: two edits of a field that matters, an edit against a
-- delete, a rule broken by the merged result, a win by a clock far ahead (`reason`: a message
-- code, `sync.*`). The id is derived
-- from the two ops, so every replica raises the same conflict and a settlement travels.
CREATE TABLE sync_conflicts (
  id         TEXT PRIMARY KEY CHECK (id GLOB 'cfl_*'),
  reason     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  field      TEXT NOT NULL,
  mission_id TEXT,
  base       TEXT,
  op_a       TEXT NOT NULL,
  value_a    TEXT,
  hlc_a      TEXT NOT NULL,
  op_b       TEXT NOT NULL,
  value_b    TEXT,
  hlc_b      TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'settled'))
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (state, mission_id);

-- Device-local: when this computer showed a follow-up's reminder (it was `followups.notified_at`,
-- a logged column that would have travelled to the other laptops).
-- `due_on` is the due date it was shown for: a due date moved (here or by a merge) fires it again.
CREATE TABLE followup_notices (
  followup_id TEXT PRIMARY KEY REFERENCES followups (id) ON DELETE CASCADE,
  due_on      TEXT,
  notified_at TEXT NOT NULL
) STRICT;
INSERT INTO followup_notices (followup_id, due_on, notified_at)
  SELECT id, due_on, notified_at FROM followups WHERE notified_at IS NOT NULL;
ALTER TABLE followups DROP COLUMN notified_at;
