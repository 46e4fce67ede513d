-- The agency's team server, schema version 1 (applied by `passerelle-cli team init-server`,
-- store/team/server/schema.rs). A durable, authenticated relay of the change sets and ops the
-- laptops make (sync/op.rs); every laptop keeps its own merge.
--
-- Members are PostgreSQL roles (LOGIN, SCRAM password) granted `passerelle_member`. They may
-- only read the change sets and ops of their scopes (`directory`, `mission:<id>`) and only
-- append under their own name: INSERT is granted on the columns a client sends, never on
-- `member`, `tx` or `sid` (their defaults say who and when), and UPDATE, DELETE and TRUNCATE
-- are granted to no member. The one deletion is `passerelle.erase_on_push`, run by an erasure.

CREATE SCHEMA IF NOT EXISTS passerelle;
REVOKE ALL ON SCHEMA passerelle FROM PUBLIC;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'passerelle_member') THEN
    CREATE ROLE passerelle_member NOLOGIN;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA passerelle TO passerelle_member;

-- One row: the version of this schema (a client refuses a server newer than it knows).
CREATE TABLE passerelle.schema_version (
  version    integer NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE passerelle.members (
  name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  added_at   timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz
);

CREATE TABLE passerelle.scopes (
  member text NOT NULL REFERENCES passerelle.members (name),
  scope  text NOT NULL CHECK (scope = 'directory' OR scope ~ '^mission:[A-Za-z0-9_.-]+$'),
  PRIMARY KEY (member, scope)
);

-- Which member a replica (a laptop's data file, `rep_…`) belongs to: claimed by its first push.
CREATE TABLE passerelle.replicas (
  replica    text PRIMARY KEY CHECK (replica ~ '^rep_[A-Za-z0-9_-]+$'),
  member     text NOT NULL DEFAULT current_user,
  claimed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per change set. `tx` is the pushing transaction's id: a pull reads only below the
-- oldest transaction still running, so a change set committed late is never skipped.
CREATE TABLE passerelle.change_sets (
  sid       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  replica   text NOT NULL,
  seq       bigint NOT NULL CHECK (seq > 0),
  hlc       text NOT NULL,
  label     text NOT NULL,
  scope     text NOT NULL,
  -- The change set's own scope on the laptop that made it (`directory` or a mission's id);
  -- `scope` is the server scope it was pushed under, which decides who reads it.
  set_scope text NOT NULL,
  member    text NOT NULL DEFAULT current_user,
  tx        bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
  pushed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (replica, seq)
);
CREATE INDEX change_sets_pull ON passerelle.change_sets (scope, tx, sid);

CREATE TABLE passerelle.ops (
  replica   text NOT NULL,
  seq       bigint NOT NULL,
  idx       integer NOT NULL CHECK (idx >= 0),
  scope     text NOT NULL,
  member    text NOT NULL DEFAULT current_user,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('create', 'set', 'delete', 'add', 'remove', 'erase')),
  field     text NOT NULL,
  value     jsonb NOT NULL DEFAULT 'null',
  base_op   text,
  base      jsonb NOT NULL DEFAULT 'null',
  PRIMARY KEY (replica, seq, idx),
  FOREIGN KEY (replica, seq) REFERENCES passerelle.change_sets (replica, seq)
);
CREATE INDEX ops_entity ON passerelle.ops (entity_id);
CREATE INDEX ops_erase ON passerelle.ops (entity_id) WHERE kind = 'erase';

-- Which change sets the server holds, per replica, as ranges of numbers (whatever their scope:
-- numbers only, never a field of an op): what a push need not send again.
CREATE FUNCTION passerelle.held() RETURNS TABLE (replica text, first bigint, last bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, passerelle AS $$
  SELECT t.replica, min(t.seq), max(t.seq) FROM (
    SELECT c.replica, c.seq, c.seq - row_number() OVER (PARTITION BY c.replica ORDER BY c.seq) AS run
    FROM passerelle.change_sets c
  ) t GROUP BY t.replica, t.run ORDER BY 1, 2
$$;

-- The member a replica belongs to (NULL: not claimed yet). A member pushes the change sets of
-- their own replicas and relays those of unclaimed ones (a seeded copy, a file received from a
-- colleague); never those of another member's replica.
CREATE FUNCTION passerelle.replica_owner(rep text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, passerelle AS $$
  SELECT r.member FROM passerelle.replicas r WHERE r.replica = rep
$$;

-- The replicas claimed by other members than the caller.
CREATE FUNCTION passerelle.others_replicas() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, passerelle AS $$
  SELECT r.replica FROM passerelle.replicas r WHERE r.member <> session_user
$$;

-- What members may do.
REVOKE ALL ON ALL TABLES IN SCHEMA passerelle FROM PUBLIC;
GRANT SELECT ON passerelle.schema_version TO passerelle_member;
GRANT SELECT ON passerelle.scopes TO passerelle_member;
GRANT SELECT, INSERT (replica) ON passerelle.replicas TO passerelle_member;
GRANT SELECT, INSERT (replica, seq, hlc, label, scope, set_scope) ON passerelle.change_sets TO passerelle_member;
GRANT SELECT, INSERT (replica, seq, idx, scope, entity, entity_id, kind, field, value, base_op, base)
  ON passerelle.ops TO passerelle_member;

ALTER TABLE passerelle.scopes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_scopes ON passerelle.scopes FOR SELECT TO passerelle_member
  USING (member = current_user);

ALTER TABLE passerelle.replicas ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_replicas ON passerelle.replicas FOR SELECT TO passerelle_member
  USING (member = current_user);
CREATE POLICY claim_replica ON passerelle.replicas FOR INSERT TO passerelle_member
  WITH CHECK (member = current_user);

ALTER TABLE passerelle.change_sets ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_scopes ON passerelle.change_sets FOR SELECT TO passerelle_member
  USING (scope IN (SELECT s.scope FROM passerelle.scopes s WHERE s.member = current_user));
CREATE POLICY push_own ON passerelle.change_sets FOR INSERT TO passerelle_member
  WITH CHECK (
    member = current_user
    AND scope IN (SELECT s.scope FROM passerelle.scopes s WHERE s.member = current_user)
    AND coalesce(passerelle.replica_owner(replica), current_user) = current_user);

ALTER TABLE passerelle.ops ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_scopes ON passerelle.ops FOR SELECT TO passerelle_member
  USING (scope IN (SELECT s.scope FROM passerelle.scopes s WHERE s.member = current_user));
CREATE POLICY push_own ON passerelle.ops FOR INSERT TO passerelle_member
  WITH CHECK (
    member = current_user
    AND scope IN (SELECT s.scope FROM passerelle.scopes s WHERE s.member = current_user)
    AND coalesce(passerelle.replica_owner(replica), current_user) = current_user);

-- The token an erasure travels under (sync/merge.rs `erasure_token`): FNV-1a 64 over the id's
-- UTF-8 bytes, twice with two salts, in hexadecimal. Computed in numeric: XOR with a byte only
-- touches the low 8 bits, and the product is taken modulo 2^64.
CREATE FUNCTION passerelle.fnv(bytes bytea, salt integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
DECLARE
  two64 numeric := 18446744073709551616;
  h numeric := 14695981039346656037;
  low integer;
  signed bigint;
BEGIN
  low := (h % 256)::integer;
  h := h - low + (low # salt);
  FOR i IN 0 .. length(bytes) - 1 LOOP
    low := (h % 256)::integer;
    h := h - low + (low # get_byte(bytes, i));
    h := (h * 1099511628211) % two64;
  END LOOP;
  signed := CASE WHEN h >= 9223372036854775808 THEN (h - two64)::bigint ELSE h::bigint END;
  RETURN lpad(to_hex(signed), 16, '0');
END
$$;

CREATE FUNCTION passerelle.erasure_token(id text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, passerelle AS $$
  SELECT 'ers_' || passerelle.fnv(convert_to(id, 'UTF8'), 2)
                || passerelle.fnv(convert_to(id, 'UTF8'), 3)
$$;

-- An erasure that reaches the server (an `erase` op, pushed under the member's own name into a
-- scope of theirs: the row passed the policies above) removes every op that names the person:
-- the only DELETE, in the pushing transaction. The op carries the person's token, not their
-- id: the id is found among the people the server holds by computing each one's token.
CREATE FUNCTION passerelle.erase_on_push() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, passerelle AS $$
DECLARE
  person text;
  named jsonb;
BEGIN
  IF NEW.kind <> 'erase' OR NEW.entity_id !~ '^ers_[0-9a-f]{32}$' THEN
    RETURN NULL;
  END IF;
  SELECT c.id INTO person
  FROM (SELECT DISTINCT o.entity_id AS id FROM passerelle.ops o
        WHERE o.entity = 'contacts' AND o.kind <> 'erase') c
  WHERE passerelle.erasure_token(c.id) = NEW.entity_id
  LIMIT 1;
  IF person IS NULL THEN
    RETURN NULL;
  END IF;
  named := to_jsonb(person);
  DELETE FROM passerelle.ops o
  WHERE o.kind <> 'erase'
    AND (o.entity_id = person OR o.value = named OR o.base = named
         OR (jsonb_typeof(o.value) = 'array' AND o.value @> jsonb_build_array(person))
         OR (jsonb_typeof(o.value) = 'object'
             AND EXISTS (SELECT 1 FROM jsonb_each(o.value) e WHERE e.value = named)));
  RETURN NULL;
END
$$;
CREATE TRIGGER ops_erase AFTER INSERT ON passerelle.ops
  FOR EACH ROW WHEN (NEW.kind = 'erase') EXECUTE FUNCTION passerelle.erase_on_push();

-- A push tells listening laptops (LISTEN passerelle): the payload is nothing they must trust.
CREATE FUNCTION passerelle.notify_push() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
  PERFORM pg_notify('passerelle', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER change_sets_pushed AFTER INSERT ON passerelle.change_sets
  FOR EACH STATEMENT EXECUTE FUNCTION passerelle.notify_push();

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA passerelle FROM PUBLIC;
GRANT EXECUTE ON FUNCTION passerelle.held(), passerelle.replica_owner(text),
  passerelle.others_replicas() TO passerelle_member;
