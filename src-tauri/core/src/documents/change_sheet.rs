//! The printed change sheet: the entries of the one diff (`programme::changes`) filed by day,
//! with each item's times and place before and after, and the diff's notes in the document's
//! language(s).

use super::facts::MissionFacts;
use super::locale::{self, Bi, Langs};
use super::views::{header, hm, soft_wrap, worded};
use crate::domain::{ChangeKind, SnapshotItem};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// Which two versions a change sheet compares: `to == None` is the current draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub from: u32,
    pub to: Option<u32>,
}

impl VersionRange {
    /// `A..B`, or `A..` / `A..draft` for the current draft.
    pub fn parse(text: &str) -> Result<VersionRange> {
        let bad = || {
            Error::invalid(
                "versions",
                Message::new("notAVersionRange").with("value", text),
            )
        };
        let (a, b) = text.split_once("..").ok_or_else(bad)?;
        let num = |s: &str| s.trim().trim_start_matches('v').parse::<u32>().ok();
        let from = num(a).ok_or_else(bad)?;
        let to = match b.trim() {
            "" | "draft" => None,
            s => Some(num(s).ok_or_else(bad)?),
        };
        if to.is_some_and(|t| t <= from) {
            return Err(Error::invalid(
                "versions",
                Message::new("versionsOutOfOrder").with("value", text),
            ));
        }
        Ok(VersionRange { from, to })
    }

    /// The default: the last two published versions, or the last one against the draft.
    pub fn default_for(conn: &Connection, mission_id: &str) -> Result<VersionRange> {
        let versions = store::versions::versions(conn, mission_id)?;
        match versions.as_slice() {
            [] => Err(Error::invalid("versions", Message::new("nothingPublished"))),
            [only] => Ok(VersionRange {
                from: only.number,
                to: None,
            }),
            [.., a, b] => Ok(VersionRange {
                from: a.number,
                to: Some(b.number),
            }),
        }
    }
}

/// The change sheet between two published versions (or a version and the draft).
pub fn changes(
    conn: &Connection,
    f: &MissionFacts,
    langs: &Langs,
    range: VersionRange,
) -> Result<Value> {
    let before = store::versions::version_items(conn, f.mission_id(), range.from)?;
    let after = store::versions::items(conn, f.mission_id(), range.to)?;
    let entries = crate::programme::changes::diff(&before, &after, f.host);
    let old: HashMap<&str, &SnapshotItem> = before.iter().map(|i| (i.id.as_str(), i)).collect();
    let new: HashMap<&str, &SnapshotItem> = after.iter().map(|i| (i.id.as_str(), i)).collect();

    let slot = |i: &SnapshotItem| -> Value {
        let (start, end) = (i.starts_at, i.ends_at);
        let (hs, he) = (start.with_timezone(&f.host), end.with_timezone(&f.host));
        let (ms, me) = (start.with_timezone(&f.home), end.with_timezone(&f.home));
        let place = match (&i.room, &i.site) {
            (Some(r), Some(s)) => Some(format!("{r} — {s}")),
            (None, Some(s)) => Some(s.clone()),
            (Some(r), None) => Some(r.clone()),
            (None, None) => None,
        };
        let plus = |d: NaiveDate| (d - hs.date_naive()).num_days();
        json!({
            "date": langs.map(|l| locale::short_date(l, hs.date_naive())),
            "time": format!("{}–{}", hm(hs), hm(he)),
            "endPlus": plus(he.date_naive()),
            "home": format!("{}–{}", hm(ms), hm(me)),
            "homeStartPlus": plus(ms.date_naive()),
            "homeEndPlus": plus(me.date_naive()),
            "place": place.map(|p| soft_wrap(&p)).map(Bi::same)
                .unwrap_or_else(|| langs.label("place.none")),
        })
    };

    // Each entry under the host-zone day of the item (after the change; before, if removed).
    let mut by_day: BTreeMap<NaiveDate, Vec<Value>> = BTreeMap::new();
    for e in &entries {
        let o = old.get(e.item_id.as_str()).copied();
        let n = new.get(e.item_id.as_str()).copied();
        // The notes are the diff's own entries (group, title, status, participants) in the
        // document's language(s); times and places are the before/after slots.
        let notes: Vec<Bi> = e
            .details
            .iter()
            .filter(|m| crate::programme::changes::is_note(m))
            .map(|m| langs.map(|l| m.render(l)))
            .collect();
        let kind = match e.change {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
        };
        let show_before = matches!(e.change, ChangeKind::Removed | ChangeKind::Moved)
            || o.zip(n)
                .is_some_and(|(o, n)| o.room != n.room || o.site != n.site);
        // The item as it is now (as it was, if removed): its day, and its title as the
        // document's language(s) print it.
        let Some(item) = n.or(o) else {
            continue;
        };
        let day = item.starts_at.with_timezone(&f.host).date_naive();
        let title = worded(langs, &item.titles, Some(&e.title));
        by_day.entry(day).or_default().push(json!({
            "kind": langs.label(&format!("change.{kind}")),
            "kindCode": kind,
            "title": soft_wrap(title.a.unwrap_or(&e.title)),
            "titleB": title.b.map(soft_wrap),
            "before": if show_before { o.map(slot) } else { None },
            "after": n.map(slot),
            "notes": notes,
        }));
    }
    let days: Vec<Value> = by_day
        .into_iter()
        .map(|(date, entries)| {
            json!({
                "date": langs.map(|l| locale::long_date(l, date)),
                "entries": entries,
            })
        })
        .collect();
    let mut out = header(f, langs, "doc.changes");
    out["range"] = json!(match range.to {
        Some(b) => langs.fill(
            "changes.range",
            &[("a", &range.from.to_string()), ("b", &b.to_string())]
        ),
        None => langs.fill("changes.rangeDraft", &[("a", &range.from.to_string())]),
    });
    out["count"] = json!(langs.map(|l| locale::count(l, "changes.count", entries.len())));
    out["days"] = json!(days);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_ranges() {
        assert_eq!(
            VersionRange::parse("1..2").ok(),
            Some(VersionRange {
                from: 1,
                to: Some(2)
            })
        );
        assert_eq!(
            VersionRange::parse("v2..").ok(),
            Some(VersionRange { from: 2, to: None })
        );
        assert!(VersionRange::parse("2..1").is_err());
        assert!(VersionRange::parse("x").is_err());
    }
}
