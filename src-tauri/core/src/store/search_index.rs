//! The directory search's index: the FTS5 trigram tables of contacts, organisations and
//! technologies (kept in step by triggers, and by `store::imports` around a bulk write), the
//! filtered candidate queries, and the character pairs of the names for queries too short for
//! trigrams (`*_short_fts`).
//! What a query means and how hits rank is in `directory::search`.

use crate::domain::{HitKind, SearchFilters, SearchHit};
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

/// What to look up in the index.
pub enum Lookup {
    /// Terms, all required; each one of its forms (Traditional, Simplified): a trigram match.
    Fts(Vec<Vec<String>>),
    /// Any of these forms as a substring (`LIKE`), for a short text with filters.
    Contains(Vec<String>),
}

/// The select of a hit of `kind` (id, name, second line) from the record `r`, its table and
/// what it joins.
fn hit_select(kind: HitKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        HitKind::Contact => (
            "r.id, CASE WHEN r.given_name = '' THEN r.family_name WHEN r.family_name = '' \
             THEN r.given_name ELSE r.given_name || ' ' || r.family_name END, \
             concat_ws(' · ', r.native_name, o.name)",
            "contacts r",
            "LEFT JOIN organisations o ON o.id = r.organisation_id",
        ),
        HitKind::Organisation => (
            "r.id, r.name, concat_ws(', ', r.city, r.country)",
            "organisations r",
            "",
        ),
        HitKind::Technology => (
            "r.id, r.name, o.name",
            "technologies r",
            "LEFT JOIN organisations o ON o.id = r.owner_organisation_id",
        ),
    }
}

/// At most `limit` active records of `kind` whose own names (a contact's given, family and
/// native names, an organisation's name and short name, a technology's name) hold one of
/// `forms`, a folded text of 1 or 2 characters (accents and case aside), in rowid order, as hits
/// of score 2 (a name match): from the names' character pairs (`*_short_fts`, migration 0015),
/// for a text too short for the trigram index.
pub fn names_with_short(
    conn: &Connection,
    kind: HitKind,
    forms: &[String],
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let fts = match kind {
        HitKind::Contact => "contacts_short_fts",
        HitKind::Organisation => "organisations_short_fts",
        HitKind::Technology => "technologies_short_fts",
    };
    // A pair is one token; a single character is the start of a token (the prefix index).
    let query = forms
        .iter()
        .filter(|f| !f.is_empty())
        .map(|f| {
            let quoted = format!("\"{}\"", f.replace('"', "\"\""));
            if f.chars().count() == 1 {
                quoted + " *"
            } else {
                quoted
            }
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let (select, table, joins) = hit_select(kind);
    let sql = format!(
        "SELECT {select} FROM {fts} JOIN {table} ON r.rowid = {fts}.rowid {joins} \
         WHERE {fts} MATCH ?1 AND r.archived_at IS NULL ORDER BY {fts}.rowid LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(rusqlite::params![query, limit], |r| {
        let detail: Option<String> = r.get(2)?;
        Ok(SearchHit {
            kind,
            id: r.get(0)?,
            name: r.get(1)?,
            detail: detail.filter(|d| !d.is_empty()),
            score: 2.0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// At most `limit` active records of `kind` whose own names (a contact's given, family and
/// native names, an organisation's name and short name, a technology's name) hold one of
/// `forms`, in rowid order, as hits of score 2 (a name match). A scan of the records,
/// for a text too short for the trigram index (two Chinese characters).
pub fn names_holding(
    conn: &Connection,
    kind: HitKind,
    forms: &[String],
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let columns: &[&str] = match kind {
        HitKind::Contact => &["r.given_name", "r.family_name", "r.native_name"],
        HitKind::Organisation => &["r.name", "r.short_name"],
        HitKind::Technology => &["r.name"],
    };
    let (select, table, joins) = hit_select(kind);
    let mut params: Vec<Value> = Vec::new();
    let mut any = Vec::new();
    for form in forms {
        params.push(Value::Text(form.clone()));
        let n = params.len();
        any.extend(columns.iter().map(|c| format!("instr({c}, ?{n})")));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    let sql = format!(
        "SELECT {select} FROM {table} {joins} WHERE r.archived_at IS NULL AND ({}) LIMIT ?{}",
        any.join(" OR "),
        params.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let detail: Option<String> = r.get(2)?;
        Ok(SearchHit {
            kind,
            id: r.get(0)?,
            name: r.get(1)?,
            detail: detail.filter(|d| !d.is_empty()),
            score: 2.0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A term for FTS5: each form quoted (FTS5 syntax characters in the user's text are plain
/// text), the forms joined by OR, optionally restricted to one column.
fn fts_term(forms: &[String], column: Option<&str>) -> String {
    let quoted: Vec<String> = forms
        .iter()
        .map(|f| {
            let phrase = format!("\"{}\"", f.replace('"', "\"\""));
            match column {
                Some(col) => format!("{col} : {phrase}"),
                None => phrase,
            }
        })
        .collect();
    if quoted.len() == 1 {
        quoted.join("")
    } else {
        format!("({})", quoted.join(" OR "))
    }
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// At most `limit` records of `kind` that `lookup` finds and `filters` keep, in index order
/// (ranking is the caller's), but for `exclude`: in their names only (score 2) or in their
/// whole indexed text (score 3).
pub fn candidates(
    conn: &Connection,
    kind: HitKind,
    lookup: &Lookup,
    filters: &SearchFilters,
    names_only: bool,
    exclude: &[String],
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let (fts, select, join) = match kind {
        HitKind::Contact => (
            "contacts_fts",
            "r.id, CASE WHEN r.given_name = '' THEN r.family_name WHEN r.family_name = '' \
             THEN r.given_name ELSE r.given_name || ' ' || r.family_name END, \
             concat_ws(' · ', r.native_name, o.name)",
            "contacts r ON r.rowid = contacts_fts.rowid LEFT JOIN organisations o ON o.id = r.organisation_id",
        ),
        HitKind::Organisation => (
            "organisations_fts",
            "r.id, r.name, concat_ws(', ', r.city, r.country)",
            "organisations r ON r.rowid = organisations_fts.rowid LEFT JOIN organisations o ON o.id = r.id",
        ),
        HitKind::Technology => (
            "technologies_fts",
            "r.id, r.name, o.name",
            "technologies r ON r.rowid = technologies_fts.rowid LEFT JOIN organisations o ON o.id = r.owner_organisation_id",
        ),
    };
    let mut params: Vec<Value> = Vec::new();
    let (condition, score) = match lookup {
        Lookup::Fts(terms) => {
            let column = names_only.then_some("name");
            let q = terms
                .iter()
                .map(|forms| fts_term(forms, column))
                .collect::<Vec<_>>()
                .join(" AND ");
            params.push(Value::Text(q));
            (
                format!("{fts} MATCH ?1"),
                if names_only { "2.0" } else { "3.0" },
            )
        }
        Lookup::Contains(forms) => {
            let column = if names_only { "name" } else { "body" };
            let mut any = Vec::new();
            for form in forms {
                params.push(Value::Text(format!("%{}%", escape_like(form))));
                any.push(format!("{fts}.{column} LIKE ?{} ESCAPE '\\'", params.len()));
            }
            (
                format!("({})", any.join(" OR ")),
                if names_only { "2.0" } else { "3.0" },
            )
        }
    };
    let mut sql = format!(
        "SELECT {select}, {score} FROM {fts} JOIN {join} \
         WHERE {condition} AND r.archived_at IS NULL"
    );
    if let Some(country) = &filters.country {
        params.push(Value::Text(country.trim().to_ascii_uppercase()));
        sql.push_str(&format!(" AND o.country = ?{}", params.len()));
    }
    if let Some(specialty) = &filters.specialty {
        params.push(Value::Text(specialty.clone()));
        let n = params.len();
        sql.push_str(&match kind {
            HitKind::Contact => format!(
                " AND EXISTS (SELECT 1 FROM contact_specialties s \
                 WHERE s.contact_id = r.id AND s.specialty = ?{n})"
            ),
            HitKind::Technology => format!(
                " AND EXISTS (SELECT 1 FROM technology_specialties s \
                 WHERE s.technology_id = r.id AND s.specialty = ?{n})"
            ),
            HitKind::Organisation => format!(
                " AND EXISTS (SELECT 1 FROM departments d \
                 WHERE d.organisation_id = r.id AND d.specialty = ?{n})"
            ),
        });
    }
    if let Some(tag) = &filters.tag {
        params.push(Value::Text(tag.trim().to_lowercase()));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = r.id AND t.tag = ?{})",
            params.len()
        ));
    }
    if !exclude.is_empty() {
        params.push(Value::Text(
            serde_json::to_string(exclude).unwrap_or_else(|_| "[]".into()),
        ));
        sql.push_str(&format!(
            " AND r.id NOT IN (SELECT value FROM json_each(?{}))",
            params.len()
        ));
    }
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    sql.push_str(&format!(" LIMIT ?{}", params.len()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| {
        let detail: Option<String> = r.get(2)?;
        Ok(SearchHit {
            kind,
            id: r.get(0)?,
            name: r.get(1)?,
            detail: detail.filter(|d| !d.is_empty()),
            score: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
