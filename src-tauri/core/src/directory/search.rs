//! One search across organisations, contacts and technologies.
//!
//! Queries of 3 characters or more use the FTS5 trigram indexes (accent- and case-insensitive,
//! any substring); shorter queries, such as a two-character Chinese name, are matched against
//! the names held in memory, or with `LIKE` on the same indexed text when filtered. A query is
//! cut into words at spaces and at the marks that join words ("Mont-Légia" is "Mont" and
//! "Légia"), each word looked up with its accents removed and under each of its Traditional and
//! Simplified Chinese forms ([`super::hanzi`]: 鄒 finds 邹 and 邹 finds 鄒).
//!
//! Ranking: the records whose own name matches come first (name starts with the query, then a
//! word of the name does, then the name contains it), then those that only mention it in their
//! other text (a company whose notes name the hospital); shorter names first within each rank.

use super::{fold, hanzi};
use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

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
    let text = unaccented(text.trim());
    let text = text.as_str();
    if text.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let terms: Vec<&str> = text.split(joins_words).filter(|t| !t.is_empty()).collect();
    let long: Vec<&str> = terms
        .iter()
        .copied()
        .filter(|t| t.chars().count() >= 3)
        .collect();
    let no_filter =
        filters.country.is_none() && filters.specialty.is_none() && filters.tag.is_none();
    let matcher = if long.is_empty() && text.chars().count() >= 3 {
        // "po ha": short words, but 3+ characters with the space: one trigram phrase.
        Matcher::Fts(vec![hanzi::forms(&terms.join(" "))])
    } else if long.is_empty() && no_filter {
        Matcher::Names(hanzi::simplified(&fold(text)))
    } else if long.is_empty() {
        Matcher::Like(
            hanzi::forms(text)
                .iter()
                .map(|f| format!("%{}%", escape_like(f)))
                .collect(),
        )
    } else {
        Matcher::Fts(long.iter().map(|t| hanzi::forms(t)).collect())
    };
    let wanted = |k: HitKind| filters.kinds.is_empty() || filters.kinds.contains(&k);
    // Candidates in index order, no ranking in SQL: ranking every match of a common trigram
    // ("ean") is what makes a search slow. Names first, then the other text, at most CANDIDATES
    // of each; then ranked here: name starts with the text, a word starts with it, contains it.
    let mut hits = Vec::new();
    for kind in [HitKind::Contact, HitKind::Organisation, HitKind::Technology] {
        if !wanted(kind) || (kind != HitKind::Contact && filters.tag.is_some()) {
            continue;
        }
        if let Matcher::Names(q) = &matcher {
            hits.extend(short_names(conn, kind, q)?);
            continue;
        }
        let mut found = run(conn, kind, &matcher, filters, true, &[])?;
        if found.len() < CANDIDATES {
            let seen: Vec<String> = found.iter().map(|h| h.id.clone()).collect();
            found.extend(run(conn, kind, &matcher, filters, false, &seen)?);
        }
        hits.extend(found);
    }
    let folded = hanzi::simplified(&fold(text));
    let word_start = format!(" {folded}");
    for hit in &mut hits {
        let name = hanzi::simplified(&fold(&hit.name));
        if hit.score < 3.0 {
            hit.score = if name.starts_with(&folded) {
                0.0
            } else if format!(" {name}").contains(&word_start) {
                1.0
            } else {
                2.0
            };
        }
        // Shorter names are closer matches.
        hit.score += (name.chars().count() as f64).min(200.0) / 1000.0;
    }
    hits.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.name.cmp(&b.name))
    });
    hits.truncate(limit);
    Ok(hits)
}

/// How many candidates of each kind are read before ranking.
const CANDIDATES: usize = 200;

/// The text with its accents removed, whichever way they were typed (a precomposed "é" or an
/// "e" followed by a combining accent, as some keyboards send it).
fn unaccented(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .nfc()
        .collect()
}

/// Where a query is cut into words: spaces, and the marks that join words in names
/// ("Mont-Légia", "O'Brien", "Charleroi/Chimay"). Dots and @ stay (e-mail addresses).
fn joins_words(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                ..='\u{2015}'
                    | '\''
                    | '\u{2019}'
                    | '/'
                    | ','
                    | ';'
                    | '('
                    | ')'
                    | '"'
                    | '«'
                    | '»'
                    | '“'
                    | '”'
        )
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

enum Matcher {
    /// Terms, all required; each one of its forms (Traditional, Simplified).
    Fts(Vec<Vec<String>>),
    /// `LIKE` patterns, any of them (the forms of the text).
    Like(Vec<String>),
    /// A folded text under 3 characters (a two-character Chinese name): no trigram to look up,
    /// so it is matched against the names held in memory.
    Names(String),
}

/// The names of the directory, folded, held in memory for queries under 3 characters; reloaded
/// when the database changed (`PRAGMA data_version`) or another file is searched.
struct NameCache {
    key: (String, i64),
    rows: Vec<(HitKind, String, String, Option<String>, String)>,
}

static NAMES: std::sync::Mutex<Option<NameCache>> = std::sync::Mutex::new(None);

fn short_names(conn: &Connection, kind: HitKind, q: &str) -> Result<Vec<SearchHit>> {
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    let key = (conn.path().unwrap_or("").to_owned(), version);
    let mut cache = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    if cache.as_ref().is_none_or(|c| c.key != key) {
        let mut rows = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT 'c', c.id, CASE WHEN c.given_name = '' THEN c.family_name
                 WHEN c.family_name = '' THEN c.given_name ELSE c.given_name || ' ' || c.family_name END,
               concat_ws(' · ', c.native_name, o.name), coalesce(c.native_name, '')
             FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id WHERE c.archived_at IS NULL
             UNION ALL SELECT 'o', id, name, concat_ws(', ', city, country), coalesce(short_name, '')
             FROM organisations WHERE archived_at IS NULL
             UNION ALL SELECT 't', t.id, t.name, o.name, '' FROM technologies t
             LEFT JOIN organisations o ON o.id = t.owner_organisation_id WHERE t.archived_at IS NULL",
        )?;
        let mut q_rows = stmt.query([])?;
        while let Some(r) = q_rows.next()? {
            let k = match r.get_ref(0)?.as_str().unwrap_or("") {
                "c" => HitKind::Contact,
                "o" => HitKind::Organisation,
                _ => HitKind::Technology,
            };
            let name: String = r.get(2)?;
            let extra: String = r.get(4)?;
            let detail: Option<String> = r.get(3)?;
            let folded = hanzi::simplified(&fold(&format!("{name} {extra}")));
            rows.push((k, r.get(1)?, name, detail.filter(|d| !d.is_empty()), folded));
        }
        *cache = Some(NameCache { key, rows });
    }
    let Some(c) = cache.as_ref() else {
        return Ok(Vec::new());
    };
    Ok(c.rows
        .iter()
        .filter(|(k, _, _, _, f)| *k == kind && f.contains(q))
        .take(CANDIDATES)
        .map(|(k, id, name, detail, _)| SearchHit {
            kind: *k,
            id: id.clone(),
            name: name.clone(),
            detail: detail.clone(),
            score: 2.0,
        })
        .collect())
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
    names_only: bool,
    exclude: &[String],
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
        Matcher::Fts(terms) => {
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
        Matcher::Names(_) => return Ok(Vec::new()),
        Matcher::Like(patterns) => {
            let column = if names_only { "name" } else { "body" };
            let mut any = Vec::new();
            for pattern in patterns {
                params.push(Value::Text(pattern.clone()));
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
    params.push(Value::Integer(CANDIDATES as i64));
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
