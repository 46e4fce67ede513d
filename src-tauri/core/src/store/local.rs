//! Device-local scratch: what this computer keeps for its own convenience and never shares.
//!
//! These tables are written directly, without a change-log entry: they are not records of the
//! mission or the directory, undo never touches them, and merging a mission edited on two
//! laptops must not carry one laptop's half-typed draft or wizard memory to the other. Every
//! other table is written through the logged [`Writer`] primitives.

use super::Writer;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

/// The tables of device-local scratch, the only ones written without the change log.
pub const LOCAL_TABLES: &[&str] = &[
    // An outcome form as typed so far, restored after a crash (`followups::save_draft`).
    "outcome_drafts",
    // The import wizard's column mapping, remembered per set of headers.
    "import_mappings",
    // When this computer showed a follow-up's reminder, and for which due date.
    "followup_notices",
    // When this copy wrote or read an exchange file, with whom (`exchanges.rs`).
    "sync_exchanges",
    // The team server this copy joined and where its pulls stopped (`team/local.rs`).
    "team_connection",
    "team_cursors",
];

// ------------------------------------------------------------------------- reminder marks

/// Notes that the reminder of `followup_id`, due on `due_on`, was shown at `at`: it fires
/// again only if the due date moves (here, or on another laptop whose change is merged).
pub fn note_reminder(
    w: &mut Writer<'_>,
    followup_id: &str,
    due_on: Option<&str>,
    at: &str,
) -> Result<()> {
    w.conn().execute(
        "INSERT INTO followup_notices (followup_id, due_on, notified_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (followup_id) DO UPDATE SET due_on = excluded.due_on,
           notified_at = excluded.notified_at",
        rusqlite::params![followup_id, due_on, at],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------- outcome drafts

/// Saves (replaces) the draft of `item_id`: `body` is the form as JSON.
pub fn put_draft(w: &mut Writer<'_>, item_id: &str, body: &str, saved_at: &str) -> Result<()> {
    w.conn().execute(
        "INSERT INTO outcome_drafts (item_id, body, saved_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
        rusqlite::params![item_id, body, saved_at],
    )?;
    Ok(())
}

/// Discards the draft of `item_id`, if any.
pub fn discard_draft(w: &mut Writer<'_>, item_id: &str) -> Result<()> {
    w.conn()
        .execute("DELETE FROM outcome_drafts WHERE item_id = ?1", [item_id])?;
    Ok(())
}

/// The drafts (JSON bodies) of a mission's items, in the order of the items.
pub fn draft_bodies(conn: &Connection, mission_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.body FROM outcome_drafts d JOIN agenda_items i ON i.id = d.item_id
         WHERE i.mission_id = ?1 ORDER BY i.starts_at",
    )?;
    let bodies = stmt
        .query_map([mission_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(bodies)
}

// ----------------------------------------------------------------------- remembered mappings

/// The import mapping remembered under `header_key`, if any and if it still reads as a `T`.
pub fn remembered_mapping<T: DeserializeOwned>(
    conn: &Connection,
    header_key: &str,
) -> Result<Option<T>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE header_key = ?1",
            [header_key],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Remembers `mapping` for the headers whose key is `header_key` (see [`remembered_mapping`]).
pub fn remember_mapping<T: Serialize>(
    w: &mut Writer<'_>,
    header_key: &str,
    headers: &[String],
    mapping: &T,
    now: &str,
) -> Result<()> {
    w.conn().execute(
        "INSERT INTO import_mappings (header_key, headers, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        rusqlite::params![
            header_key,
            serde_json::to_string(headers).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(mapping).unwrap_or_else(|_| "[]".into()),
            now
        ],
    )?;
    Ok(())
}
