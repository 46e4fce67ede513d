//! Pairs of directory records marked "not duplicates" by the planner after review.

use super::writer::text;
use super::Writer;
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::Connection;
use std::collections::HashSet;

/// The pair's id: the same whichever record is named first.
fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

/// Marks two records of `table` ("contacts" or "organisations") as distinct.
pub fn mark(w: &mut Writer<'_>, table: &str, a: &str, b: &str) -> Result<()> {
    let (kind, table) = match table {
        "contacts" => ("contact", "contacts"),
        "organisations" => ("organisation", "organisations"),
        _ => {
            return Err(Error::invalid(
                "kind",
                Message::new("notContactOrOrganisation"),
            ))
        }
    };
    if a == b {
        return Err(Error::invalid("other", Message::new("sameRecord")));
    }
    for (field, id) in [("keep", a), ("other", b)] {
        super::ensure_exists(w.conn(), table, field, Some(id))?;
    }
    let (first, second) = pair(a, b);
    let id: String = format!("dis_{}_{}", &first, &second)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    w.save(
        "distinct_records",
        &id,
        &[
            ("kind", text(kind)),
            ("first_id", text(&first)),
            ("second_id", text(&second)),
        ],
    )?;
    Ok(())
}

/// Every pair marked distinct, in sorted order.
pub fn pairs(conn: &Connection) -> Result<HashSet<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT first_id, second_id FROM distinct_records")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether every pair of `ids` has been marked distinct.
pub fn all_distinct(marked: &HashSet<(String, String)>, ids: &[&str]) -> bool {
    ids.iter()
        .enumerate()
        .all(|(i, a)| ids[i + 1..].iter().all(|b| marked.contains(&pair(a, b))))
}
