-- Schema v20: the technologies a meeting request is about (issue 17): set by the interest
-- form's import from the technologies the respondent named, or by the planner; the meeting the
-- scheduler places inherits them, so its outcomes count by technology.
-- A link set (store::requests::TECHNOLOGIES): merged by element, written through the logged writer.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE meeting_request_technologies (
  request_id    TEXT NOT NULL REFERENCES meeting_requests (id) ON DELETE CASCADE,
  technology_id TEXT NOT NULL REFERENCES technologies (id) ON DELETE CASCADE,
  PRIMARY KEY (request_id, technology_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX meeting_request_technologies_technology ON meeting_request_technologies (technology_id);
