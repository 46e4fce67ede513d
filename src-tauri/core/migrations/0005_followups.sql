-- Schema v5: on the day and after: outcomes, follow-ups, reminders (issue 7).
-- Forward-only: never edit this file once it has landed.

-- A follow-up's owner may be a contact of the directory (then `owner` stays NULL and the name is
-- read from the contact, so that erasing the person leaves no copy of the name here).
ALTER TABLE followups ADD COLUMN owner_contact_id TEXT REFERENCES contacts (id) ON DELETE SET NULL;
-- When the desktop reminder for this follow-up was shown (UTC); NULL: not yet.
ALTER TABLE followups ADD COLUMN notified_at TEXT;
CREATE INDEX followups_due ON followups (status, due_on);

-- The outcome form saved as you type: one draft per agenda item, kept until the outcome is
-- recorded (or discarded). Scratch text: written in its own transaction, not change-logged.
CREATE TABLE outcome_drafts (
  item_id  TEXT PRIMARY KEY REFERENCES agenda_items (id) ON DELETE CASCADE,
  body     TEXT NOT NULL CHECK (json_valid(body)),
  saved_at TEXT NOT NULL
) STRICT;
