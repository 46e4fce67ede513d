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

/// The language the planner chose in the window (`locale`), if any: what words written into
/// records and what the shell shows outside the window are in.
pub fn chosen_lang(conn: &Connection) -> Result<Option<crate::documents::locale::Lang>> {
    Ok(get(conn, "locale")?.and_then(|tag| crate::documents::locale::Lang::of_tag(&tag)))
}

/// Sets a setting, logged like any record (entity `settings`, its key, field `value`).
pub fn set(w: &mut super::Writer<'_>, key: &str, value: &str) -> Result<()> {
    w.save_keyed("settings", "key", key, &[("value", text(value))])?;
    Ok(())
}
