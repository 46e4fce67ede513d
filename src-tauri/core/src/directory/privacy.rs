//! Data-subject rights: everything held on one person (art. 15 and 20), and erasure (art. 17)
//! that leaves no trace in the tables, the search index, the change log or the file itself.

use crate::error::Result;
use crate::store::{self, Store};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value as Json;

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
    let data = store::privacy::subject_data(conn, id)?;
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
    let report = store.write("action.eraseContact", |w| {
        // The change log holds before/after values: every row about the person goes, and the
        // rows of other records that name them (link lists with the id, texts with the name).
        let needles = store::privacy::needles(w, id)?;
        let at = crate::time::format_utc(store.now());
        let erased = store::privacy::erase_contact(w, id, &needles, &at, reason)?;
        Ok(ErasureReport {
            rows_removed: erased.rows,
            log_rows_removed: erased.log_rows,
        })
    })?;
    store::privacy::compact(store)?;
    Ok(report)
}
