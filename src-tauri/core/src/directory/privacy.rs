//! Data-subject rights: everything held on one person (art. 15 and 20), and erasure (art. 17)
//! that leaves no trace in the tables, the search index, the change log or the file itself.

use crate::error::{Error, Result};
use crate::store::{self, Store};
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{json, Map, Value as Json};

fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(f) => json!(f),
        Value::Text(t) => serde_json::from_str::<Json>(&t)
            .ok()
            .filter(|j| j.is_array() || j.is_object())
            .unwrap_or(Json::String(t)),
        Value::Blob(_) => Json::Null,
    }
}

fn rows(conn: &Connection, sql: &str, id: &str) -> Result<Vec<Json>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().into_iter().map(str::to_owned).collect();
    let out = stmt
        .query_map([id], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                m.insert(n.clone(), to_json(r.get::<_, Value>(i)?));
            }
            Ok(Json::Object(m))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Everything Passerelle holds on one contact, as one JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubjectExport {
    pub generated_at: String,
    #[ts(type = "unknown")]
    pub data: Json,
}

pub fn subject_export(conn: &Connection, id: &str, now: &str) -> Result<SubjectExport> {
    store::contacts::get(conn, id)?;
    let mut data = Map::new();
    let contact = rows(conn, "SELECT * FROM contacts WHERE id = ?1", id)?;
    data.insert(
        "contact".into(),
        contact.into_iter().next().unwrap_or(Json::Null),
    );
    let sections: &[(&str, &str)] = &[
        ("organisation", "SELECT o.id, o.name, o.city, o.country FROM organisations o JOIN contacts c ON c.organisation_id = o.id WHERE c.id = ?1"),
        ("department", "SELECT d.id, d.name FROM departments d JOIN contacts c ON c.department_id = d.id WHERE c.id = ?1"),
        ("specialties", "SELECT specialty FROM contact_specialties WHERE contact_id = ?1"),
        ("tags", "SELECT tag FROM contact_tags WHERE contact_id = ?1"),
        ("missions", "SELECT m.id AS mission_id, m.title, d.role, m.start_date, m.end_date FROM delegation_members d JOIN missions m ON m.id = d.mission_id WHERE d.contact_id = ?1"),
        ("meetings", "SELECT i.id, i.title, i.kind, i.starts_at, i.ends_at, i.tz, i.status FROM agenda_participants p JOIN agenda_items i ON i.id = p.item_id WHERE p.contact_id = ?1 ORDER BY i.starts_at"),
        ("availabilities", "SELECT id, mission_id, starts_at, ends_at, tz, note FROM availabilities WHERE contact_id = ?1"),
        ("outcomes", "SELECT o.id, o.outcome_type, o.notes, o.next_steps FROM outcome_attendees a JOIN outcomes o ON o.id = a.outcome_id WHERE a.contact_id = ?1"),
        ("followups", "SELECT id, title, owner, due_on, status, notes FROM followups WHERE contact_id = ?1"),
        ("history", "SELECT s.at, s.label, l.field, l.before, l.after FROM change_log l JOIN change_sets s ON s.id = l.change_set_id WHERE l.entity = 'contacts' AND l.entity_id = ?1 ORDER BY l.id"),
    ];
    for (name, sql) in sections {
        data.insert((*name).into(), Json::Array(rows(conn, sql, id)?));
    }
    Ok(SubjectExport {
        generated_at: now.to_owned(),
        data: Json::Object(data),
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cell(v: &Json) -> String {
    match v {
        Json::Null => String::new(),
        Json::String(s) => esc(s),
        other => esc(&other.to_string()),
    }
}

/// The same export as a self-contained HTML page (no script, no remote resource) to hand over.
pub fn subject_export_html(export: &SubjectExport) -> String {
    let mut h = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Personal data</title>\
         <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;color:#222}\
         table{border-collapse:collapse;margin-bottom:1.5rem;width:100%}\
         td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
         th{background:#f3f3f3}</style></head><body>\n",
    );
    h.push_str(&format!(
        "<h1>Personal data held by Passerelle</h1>\n<p>Generated {}</p>\n",
        esc(&export.generated_at)
    ));
    if let Json::Object(sections) = &export.data {
        for (name, value) in sections {
            h.push_str(&format!("<h2>{}</h2>\n", esc(name)));
            let list: Vec<&Json> = match value {
                Json::Array(a) => a.iter().collect(),
                Json::Null => vec![],
                other => vec![other],
            };
            if list.is_empty() {
                h.push_str("<p>None.</p>\n");
                continue;
            }
            let keys: Vec<String> = match list[0] {
                Json::Object(m) => m.keys().cloned().collect(),
                _ => vec![],
            };
            h.push_str("<table><tr>");
            for k in &keys {
                h.push_str(&format!("<th>{}</th>", esc(k)));
            }
            h.push_str("</tr>\n");
            for item in list {
                h.push_str("<tr>");
                for k in &keys {
                    h.push_str(&format!("<td>{}</td>", cell(&item[k.as_str()])));
                }
                h.push_str("</tr>\n");
            }
            h.push_str("</table>\n");
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// What an erasure removed, without saying who.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureReport {
    #[ts(type = "number")]
    pub rows_removed: i64,
    #[ts(type = "number")]
    pub log_rows_removed: i64,
}

/// Erases a contact: the record and its links, its search entry, every change-log row that
/// names it (by id, name or e-mail), with `secure_delete` so the freed bytes are zeroed; then
/// the WAL is checkpointed and truncated and the file vacuumed, so that no copy stays in free
/// pages. An `erasure_log` entry says when and how much, not who.
pub fn erase_contact(store: &Store, id: &str, reason: Option<&str>) -> Result<ErasureReport> {
    let report = store.write("Erase a contact", |w| {
        let contact = store::contacts::get(w.conn(), id)?;
        w.conn().execute_batch("PRAGMA secure_delete = ON")?;
        let mut removed = 0i64;
        for (t, c) in super::duplicates::references(w.conn(), "contacts")? {
            let n = w
                .conn()
                .query_row(&format!("SELECT count(*) FROM \"{t}\" WHERE \"{c}\" = ?1"), [id], |r| {
                    r.get::<_, i64>(0)
                })?;
            removed += n;
        }
        w.delete("contacts", id)?;
        removed += 1;
        // The change log holds before/after values: drop every row about the person, and the
        // rows of other records that name them (link lists with the id, texts with the name).
        let mut needles: Vec<String> = vec![id.to_owned()];
        let full = crate::domain::display_name(&contact.given_name, &contact.family_name);
        for n in [Some(full), contact.email.clone(), contact.native_name.clone(), contact.phone.clone()]
            .into_iter()
            .flatten()
        {
            if n.chars().count() >= 3 {
                needles.push(n);
            }
        }
        let mut log_removed = 0i64;
        for n in &needles {
            log_removed += i64::try_from(w.conn().execute(
                "DELETE FROM change_log WHERE entity_id = ?1
                   OR instr(coalesce(before, ''), ?1) > 0 OR instr(coalesce(after, ''), ?1) > 0",
                [n],
            )?)
            .unwrap_or(0);
        }
        // Names may also be JSON-escaped in the log (non-ASCII as is, quotes escaped).
        w.conn().execute(
            "INSERT INTO erasure_log (erased_at, entity, rows_removed, reason) VALUES (?1, 'contacts', ?2, ?3)",
            rusqlite::params![crate::time::format_utc(store.now()), removed, reason],
        )?;
        // Merge and import logs name ids only; drop merges that involved the person.
        w.conn().execute(
            "DELETE FROM merge_log WHERE kept_id = ?1 OR removed_id = ?1",
            [id],
        )?;
        w.conn().execute_batch("PRAGMA secure_delete = OFF")?;
        Ok(ErasureReport {
            rows_removed: removed,
            log_rows_removed: log_removed,
        })
    })?;
    compact(store)?;
    Ok(report)
}

/// Rewrites the file without free pages and empties the WAL, on a connection of its own.
pub fn compact(store: &Store) -> Result<()> {
    let conn = Connection::open(store.path())?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        return Err(Error::Conflict(
            "the database is busy: the erasure is done but the file could not be compacted; \
             try again"
                .into(),
        ));
    }
    Ok(())
}
