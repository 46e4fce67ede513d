-- Schema v4: matchmaking: meeting requests and scheduler runs (issue 5).
-- Forward-only: never edit this file once it has landed.

-- Who wants to meet whom in a mission. A request is 'requested' (the planner wants it
-- scheduled) or 'rejected' (a suggestion the planner turned down, kept so that it is not
-- suggested again). Suggestions are computed on demand and become requests when accepted
-- (origin 'suggestion', with their explanation).
CREATE TABLE meeting_requests (
  id          TEXT PRIMARY KEY CHECK (id GLOB 'req_*'),
  mission_id  TEXT NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  title       TEXT,
  priority    TEXT NOT NULL CHECK (priority IN ('must', 'should', 'could')),
  status      TEXT NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'rejected')),
  origin      TEXT NOT NULL DEFAULT 'planner' CHECK (origin IN ('planner', 'suggestion')),
  explanation TEXT,
  notes       TEXT,
  -- The agenda item the scheduler placed this request in (a 'proposed' item until accepted).
  item_id     TEXT REFERENCES agenda_items (id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_requests_mission ON meeting_requests (mission_id);

CREATE TABLE meeting_request_participants (
  request_id TEXT NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_request_participants_contact ON meeting_request_participants (contact_id);

-- Allowed sites; none means any site of the mission.
CREATE TABLE meeting_request_sites (
  request_id TEXT NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
  site_id    TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, site_id)
) STRICT, WITHOUT ROWID;
