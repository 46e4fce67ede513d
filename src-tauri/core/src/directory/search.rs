//! One search across organisations, contacts and technologies.
//!
//! Queries of 3 characters or more use the FTS5 trigram indexes (accent- and case-insensitive,
//! any substring); shorter queries look up the names' character pairs (the `*_short_fts`
//! indexes: any record whose name holds the 1 or 2 characters), or use `LIKE` on the trigram
//! indexes' text when filtered; a short query of Chinese characters (a two-character
//! name) is looked for in the records' names by SQLite, under each of its forms. A query is
//! cut into words at spaces and at the marks that join words ("Mont-Légia" is "Mont" and
//! "Légia"), each word looked up with its accents removed and under each of its Traditional and
//! Simplified Chinese forms ([`super::hanzi`]: 鄒 finds 邹 and 邹 finds 鄒).
//!
//! Ranking: the records whose own name matches come first (name starts with the query, then a
//! word of the name does, then the name contains it), then those that only mention it in their
//! other text (a company whose notes name the hospital); shorter names first within each rank.

use super::{fold, hanzi};
use crate::error::Result;
use crate::store::search_index::{self, Lookup};
use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

pub use crate::domain::{HitKind, SearchFilters, SearchHit};

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
        Matcher::Index(Lookup::Fts(vec![hanzi::forms(&terms.join(" "))]))
    } else if let (true, Some(forms)) = (long.is_empty() && no_filter, hanzi::every_form(text)) {
        Matcher::Ideographs(forms)
    } else if long.is_empty() && no_filter {
        // Composed again (the folding decomposes): the index holds the names as written, so
        // Hangul syllables and kana with their marks stay one character each.
        Matcher::Names(hanzi::forms(&fold(text).nfc().collect::<String>()))
    } else if long.is_empty() {
        Matcher::Index(Lookup::Contains(hanzi::forms(text)))
    } else {
        Matcher::Index(Lookup::Fts(long.iter().map(|t| hanzi::forms(t)).collect()))
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
        let lookup = match &matcher {
            Matcher::Names(forms) => {
                hits.extend(search_index::names_with_short(
                    conn, kind, forms, CANDIDATES,
                )?);
                continue;
            }
            Matcher::Ideographs(forms) => {
                hits.extend(search_index::names_holding(conn, kind, forms, CANDIDATES)?);
                continue;
            }
            Matcher::Index(lookup) => lookup,
        };
        let mut found =
            search_index::candidates(conn, kind, lookup, filters, true, &[], CANDIDATES)?;
        if found.len() < CANDIDATES {
            let seen: Vec<String> = found.iter().map(|h| h.id.clone()).collect();
            found.extend(search_index::candidates(
                conn, kind, lookup, filters, false, &seen, CANDIDATES,
            )?);
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

enum Matcher {
    /// Looked up in the index (`store::search_index`).
    Index(Lookup),
    /// A folded text under 3 characters, under each of its forms: no trigram to look up, so it
    /// is looked up in the names' character pairs.
    Names(Vec<String>),
    /// Ideographs under 3 characters (a two-character Chinese name), under each of their forms:
    /// looked for in the records' names by SQLite (the same hits: these characters fold to
    /// themselves).
    Ideographs(Vec<String>),
}
