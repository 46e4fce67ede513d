//! One search across organisations, contacts and technologies.
//!
//! Queries of 3 characters or more use the FTS5 trigram indexes (accent- and case-insensitive,
//! any substring, ranked by bm25 with the name weighing ten times the rest); shorter queries,
//! such as a two-character Chinese name, fall back to `LIKE` on the same indexed text.

use super::fold;
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum HitKind {
    Organisation,
    Contact,
    Technology,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: String,
    /// The display name.
    pub name: String,
    /// A second line: the organisation, the city, the native name.
    pub detail: Option<String>,
    /// Lower is better.
    pub score: f64,
}

/// Filters of a search; empty means no filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SearchFilters {
    #[serde(default)]
    pub kinds: Vec<HitKind>,
    /// ISO country of the organisation (of the contact's or technology's organisation).
    pub country: Option<String>,
    pub specialty: Option<String>,
    /// Only contacts have tags.
    pub tag: Option<String>,
}

/// The best `limit` hits for `text`.
pub fn search(
    conn: &Connection,
    text: &str,
    filters: &SearchFilters,
    limit: usize,
) -> Result<Vec<SearchHit>> {
    let text = text.trim();
    if text.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let terms: Vec<&str> = text.split_whitespace().collect();
    let long: Vec<&str> = terms
        .iter()
        .copied()
        .filter(|t| t.chars().count() >= 3)
        .collect();
    let matcher = if long.is_empty() {
        Matcher::Like(format!("%{}%", escape_like(text)))
    } else {
        // Each term quoted: FTS5 syntax characters in the user's text are plain text.
        Matcher::Fts(
            long.iter()
                .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" AND "),
        )
    };
    let wanted = |k: HitKind| filters.kinds.is_empty() || filters.kinds.contains(&k);
    let mut hits = Vec::new();
    if wanted(HitKind::Contact) {
        hits.extend(run(conn, HitKind::Contact, &matcher, filters, limit)?);
    }
    if filters.tag.is_none() {
        if wanted(HitKind::Organisation) {
            hits.extend(run(conn, HitKind::Organisation, &matcher, filters, limit)?);
        }
        if wanted(HitKind::Technology) {
            hits.extend(run(conn, HitKind::Technology, &matcher, filters, limit)?);
        }
    }
    // A name that starts with what was typed comes first, then bm25.
    let folded = fold(text);
    for hit in &mut hits {
        let name = fold(&hit.name);
        if name.starts_with(&folded) {
            hit.score -= 1000.0;
        } else if name.split(' ').any(|w| w.starts_with(&folded)) {
            hit.score -= 500.0;
        }
    }
    hits.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    hits.truncate(limit);
    Ok(hits)
}

enum Matcher {
    Fts(String),
    Like(String),
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn run(
    conn: &Connection,
    kind: HitKind,
    matcher: &Matcher,
    filters: &SearchFilters,
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
    let (condition, score) = match matcher {
        Matcher::Fts(q) => {
            params.push(Value::Text(q.clone()));
            (format!("{fts} MATCH ?1"), format!("bm25({fts}, 10.0, 1.0)"))
        }
        Matcher::Like(pattern) => {
            params.push(Value::Text(pattern.clone()));
            (
                format!("({fts}.name LIKE ?1 ESCAPE '\\' OR {fts}.body LIKE ?1 ESCAPE '\\')"),
                format!("CASE WHEN {fts}.name LIKE ?1 ESCAPE '\\' THEN 0.0 ELSE 1.0 END"),
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
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    sql.push_str(&format!(" ORDER BY 4 LIMIT ?{}", params.len()));
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
