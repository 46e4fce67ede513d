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

/// The records that hold a specialty: contacts and technologies by their link, departments by
/// their column, each list of ids in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holders {
    pub contacts: Vec<String>,
    pub technologies: Vec<String>,
    pub departments: Vec<String>,
}

pub fn holders(db: &impl Reads, code: &str) -> Result<Holders> {
    let conn = conn_of(db);
    let ids = |sql: &str| -> Result<Vec<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_map([code], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    Ok(Holders {
        contacts: ids(
            "SELECT contact_id FROM contact_specialties WHERE specialty = ?1 ORDER BY contact_id",
        )?,
        technologies: ids(
            "SELECT technology_id FROM technology_specialties WHERE specialty = ?1
             ORDER BY technology_id",
        )?,
        departments: ids("SELECT id FROM departments WHERE specialty = ?1 ORDER BY id")?,
    })
}

/// Takes a specialty out of the shared list, logged: each holder loses it (a link removed, a
/// department's column emptied) or, with `into`, holds that one instead; then the entry goes.
pub fn remove(w: &mut Writer<'_>, code: &str, into: Option<&str>) -> Result<()> {
    let h = holders(w, code)?;
    let old = [Value::Text(code.to_owned())];
    for (link, owners) in [
        (&super::contacts::SPECIALTIES, &h.contacts),
        (&super::technologies::SPECIALTIES, &h.technologies),
    ] {
        for owner in owners {
            w.remove_link(link, owner, &old)?;
            if let Some(into) = into {
                w.add_link(link, owner, &[Value::Text(into.to_owned())])?;
            }
        }
    }
    let now = into.map_or(Value::Null, text);
    for department in &h.departments {
        w.save("departments", department, &[("specialty", now.clone())])?;
    }
    w.delete_keyed("specialties", "code", code)?;
    Ok(())
}
