//! The shared list of medical specialties.

use super::writer::{flag, text};
use super::{conn_of, Reads, Writer};
use crate::domain::Specialty;
use crate::error::{Error, Result};
use rusqlite::types::Value;
use rusqlite::Connection;

pub fn list(conn: &Connection) -> Result<Vec<Specialty>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label_en, label_fr, label_zh FROM specialties ORDER BY label_en",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A specialty read from the columns (code, label_en, label_fr, label_zh), in that order.
pub(super) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Specialty> {
    Ok(Specialty {
        code: r.get(0)?,
        label_en: r.get(1)?,
        label_fr: r.get(2)?,
        label_zh: r.get(3)?,
    })
}

/// Every code must be in the shared list.
pub fn check(conn: &Connection, field: &str, codes: &[String]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM specialties WHERE code = ?1)")?;
    for (i, code) in codes.iter().enumerate() {
        if !stmt.query_row([code], |r| r.get::<_, bool>(0))? {
            return Err(Error::validation(
                format!("{field}[{i}]"),
                format!("'{code}' is not a known specialty"),
            ));
        }
    }
    Ok(())
}

/// Whether a specialty has this code or, in any case, this English label.
pub fn taken(db: &impl Reads, code: &str, label_en: &str) -> Result<bool> {
    Ok(conn_of(db)
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM specialties
             WHERE code = ?1 OR lower(label_en) = lower(?2))",
        )?
        .query_row([code, label_en], |r| r.get(0))?)
}

/// Whether the shared list holds `code`.
pub fn exists(db: &impl Reads, code: &str) -> Result<bool> {
    Ok(conn_of(db)
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM specialties WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))?)
}

/// Whether a specialty other than `code` has this English label (any case).
pub fn label_taken_by_other(db: &impl Reads, code: &str, label_en: &str) -> Result<bool> {
    Ok(conn_of(db)
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM specialties
             WHERE code <> ?1 AND lower(label_en) = lower(?2))",
        )?
        .query_row([code, label_en], |r| r.get(0))?)
}

/// Changes a specialty's three labels, logged (entity `specialties`, by its code).
pub fn relabel(w: &mut Writer<'_>, s: &Specialty) -> Result<()> {
    w.save_keyed("specialties", "code", &s.code, &labels(s))?;
    Ok(())
}

fn labels(s: &Specialty) -> [(&'static str, Value); 3] {
    [
        ("label_en", text(&s.label_en)),
        ("label_fr", text(&s.label_fr)),
        ("label_zh", text(&s.label_zh)),
    ]
}

/// Adds a specialty to the shared list, logged (entity `specialties`, by its code).
pub fn add(w: &mut Writer<'_>, s: &Specialty) -> Result<()> {
    let [en, fr, zh] = labels(s);
    w.save_keyed(
        "specialties",
        "code",
        &s.code,
        &[en, fr, zh, ("builtin", flag(false))],
    )?;
    Ok(())
}
