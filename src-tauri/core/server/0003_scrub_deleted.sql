-- Schema version 3: a deleted personal record keeps no value on the server, as on every laptop
-- (store/privacy.rs `SCRUBBED_WHEN_DELETED`): a passport, meal and access needs, a survey
-- answer or a six-month rating. When the deletion of such a record arrives (a clear, a
-- withdrawal, a purge, its mission or person deleted), or when an op of a record already
-- deleted arrives after it, the record's ops lose their values: kind `scrubbed`, value and base
-- null, their place in the history (replica, seq, index, base op) kept, as 0002 does for an
-- erasure. The deletion op itself names no one and stays. Only ops in the pushing member's own
-- scopes are touched: a member cannot scrub a record of a mission they do not hold.

CREATE FUNCTION passerelle.scrub_deleted_on_push() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, passerelle AS $$
BEGIN
  IF NEW.kind NOT IN ('create', 'set', 'add', 'remove', 'delete') THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM passerelle.ops d
                 WHERE d.entity_id = NEW.entity_id AND d.entity = NEW.entity
                   AND d.kind = 'delete'
                   AND d.scope IN (SELECT s.scope FROM passerelle.scopes s
                                   WHERE s.member = NEW.member)) THEN
    RETURN NULL;
  END IF;
  UPDATE passerelle.ops o
  SET kind = 'scrubbed', value = 'null', base = 'null'
  WHERE o.entity_id = NEW.entity_id AND o.entity = NEW.entity
    AND o.kind IN ('create', 'set', 'add', 'remove')
    AND o.scope IN (SELECT s.scope FROM passerelle.scopes s WHERE s.member = NEW.member);
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION passerelle.scrub_deleted_on_push() FROM PUBLIC;
CREATE TRIGGER ops_scrub_deleted AFTER INSERT ON passerelle.ops
  FOR EACH ROW
  WHEN (NEW.entity IN ('passports', 'meal_needs', 'survey_answers', 'survey_ratings'))
  EXECUTE FUNCTION passerelle.scrub_deleted_on_push();

-- An erasure, as every laptop now does it (store/privacy.rs, store/sync/apply.rs `scrub`): the
-- creation of a record that names the person only in fields the schema empties when the
-- person goes (a follow-up's person or owner, a stay's room-mate) keeps its op without those
-- fields, so that a laptop joining later holds the record as the others do. The rest as 0002.
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
  -- A creation naming them only in fields emptied when they go keeps its op without them.
  UPDATE passerelle.ops o
  SET value = o.value - ARRAY(SELECT e.key FROM jsonb_each(o.value) e
                              WHERE e.value = named AND (o.entity, e.key) IN (
                                ('followups', 'contact_id'), ('followups', 'owner_contact_id'),
                                ('stays', 'sharing_with')))
  WHERE o.kind = 'create' AND o.entity_id <> person AND jsonb_typeof(o.value) = 'object'
    AND EXISTS (SELECT 1 FROM jsonb_each(o.value) e
                WHERE e.value = named AND (o.entity, e.key) IN (
                  ('followups', 'contact_id'), ('followups', 'owner_contact_id'),
                  ('stays', 'sharing_with')));
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
