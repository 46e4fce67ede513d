-- Schema version 2: an erasure scrubs the ops that name the person instead of deleting them,
-- as every laptop does (store/privacy.rs, store/sync/apply.rs `scrub`): a field set to or from
-- the person keeps its op with null in their place; of any other op naming them the values go, their
-- place in the history (replica, seq, index, base op) stays, so that an op made on one of them
-- (a deletion that saw a participant added) orders alike on every copy. An op on the person's
-- own record goes under their token. Still the only change to an op, done by the erasure.

ALTER TABLE passerelle.ops DROP CONSTRAINT ops_kind_check;
ALTER TABLE passerelle.ops ADD CONSTRAINT ops_kind_check
  CHECK (kind IN ('create', 'set', 'delete', 'add', 'remove', 'erase', 'scrubbed'));

CREATE OR REPLACE FUNCTION passerelle.erase_on_push() RETURNS trigger
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
        WHERE o.entity = 'contacts' AND o.kind NOT IN ('erase', 'scrubbed')) c
  WHERE passerelle.erasure_token(c.id) = NEW.entity_id
  LIMIT 1;
  IF person IS NULL THEN
    RETURN NULL;
  END IF;
  named := to_jsonb(person);
  -- A field set to or from the person keeps its op, with null in their place.
  UPDATE passerelle.ops o
  SET value = CASE WHEN o.value = named THEN 'null'::jsonb ELSE o.value END,
      base = CASE WHEN o.base = named THEN 'null'::jsonb ELSE o.base END
  WHERE o.kind = 'set' AND o.entity_id <> person AND (o.value = named OR o.base = named);
  UPDATE passerelle.ops o
  SET kind = 'scrubbed', value = 'null', base = 'null',
      entity_id = CASE WHEN o.entity_id = person THEN NEW.entity_id ELSE o.entity_id END
  WHERE o.kind NOT IN ('erase', 'scrubbed')
    AND (o.entity_id = person OR o.value = named OR o.base = named
         OR (jsonb_typeof(o.value) = 'array' AND o.value @> jsonb_build_array(person))
         OR (jsonb_typeof(o.value) = 'object'
             AND EXISTS (SELECT 1 FROM jsonb_each(o.value) e WHERE e.value = named)));
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION passerelle.erase_on_push() FROM PUBLIC;
