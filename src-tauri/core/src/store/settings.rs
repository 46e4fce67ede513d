//! Application settings (e.g. the UI language), one text value per key.

use super::writer::text;
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Settings are keyed by name, not by a prefixed id, so they are written directly; the change
/// is still logged through the writer's transaction.
pub fn set(w: &mut super::Writer<'_>, key: &str, value: &str) -> Result<()> {
    let old = get(w.conn(), key)?;
    if old.as_deref() == Some(value) {
        return Ok(());
    }
    w.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    w.log_setting(key, old.map(text), text(value))
}
