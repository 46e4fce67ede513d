//! The change sheet's diff: what happened to each item between two frozen programmes (two
//! published versions, or a version and the draft). Pure; the window, the CLI and the printed
//! change sheet all read its entries.

use crate::domain::{ChangeEntry, ChangeKind, SnapshotItem};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// The differences between two snapshots, in the order of the items' (new) start.
pub fn diff(before: &[SnapshotItem], after: &[SnapshotItem], host: Tz) -> Vec<ChangeEntry> {
    let local = |t: DateTime<Utc>| t.with_timezone(&host);
    let day = |t: DateTime<Utc>| local(t).format("%a %-d %b").to_string();
    let date = |t: DateTime<Utc>| local(t).date_naive().to_string();
    let hm = |t: DateTime<Utc>| local(t).format("%H:%M").to_string();
    let span = |i: &SnapshotItem| format!("{}–{}", hm(i.starts_at), hm(i.ends_at));
    let place = |i: &SnapshotItem| match (&i.room, &i.site) {
        (Some(r), Some(s)) => format!("{r}, {s}"),
        (None, Some(s)) => s.clone(),
        (Some(r), None) => r.clone(),
        (None, None) => "no place".into(),
    };
    let old: HashMap<&str, &SnapshotItem> = before.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_ids: HashSet<&str> = after.iter().map(|i| i.id.as_str()).collect();
    let mut out: Vec<(DateTime<Utc>, ChangeEntry)> = Vec::new();
    for n in after {
        match old.get(n.id.as_str()) {
            None => out.push((
                n.starts_at,
                ChangeEntry {
                    item_id: n.id.clone(),
                    title: n.title.clone(),
                    change: ChangeKind::Added,
                    date: date(n.starts_at),
                    message: format!(
                        "{}: added on {} {}, {}",
                        n.title,
                        day(n.starts_at),
                        span(n),
                        place(n)
                    ),
                },
            )),
            Some(o) => {
                let mut parts = Vec::new();
                let moved = local(o.starts_at) != local(n.starts_at)
                    || local(o.ends_at) != local(n.ends_at);
                if moved {
                    let same_day = day(o.starts_at) == day(n.starts_at);
                    parts.push(if same_day {
                        format!("{} {} → {}", day(o.starts_at), span(o), span(n))
                    } else {
                        format!(
                            "{} {} → {} {}",
                            day(o.starts_at),
                            span(o),
                            day(n.starts_at),
                            span(n)
                        )
                    });
                }
                if o.room != n.room || o.site != n.site {
                    parts.push(format!("{} → {}", place(o), place(n)));
                }
                if o.subgroup != n.subgroup {
                    parts.push(format!(
                        "{} → {}",
                        o.subgroup.as_deref().unwrap_or("whole delegation"),
                        n.subgroup.as_deref().unwrap_or("whole delegation")
                    ));
                }
                if o.title != n.title {
                    parts.push(format!("renamed from “{}”", o.title));
                }
                if o.status != n.status {
                    parts.push(format!("{} → {}", o.status.as_str(), n.status.as_str()));
                }
                if o.participants != n.participants {
                    let added = n
                        .participants
                        .iter()
                        .filter(|p| !o.participants.contains(p))
                        .count();
                    let removed = o
                        .participants
                        .iter()
                        .filter(|p| !n.participants.contains(p))
                        .count();
                    parts.push(format!("participants +{added} −{removed}"));
                }
                if parts.is_empty() {
                    continue;
                }
                out.push((
                    n.starts_at,
                    ChangeEntry {
                        item_id: n.id.clone(),
                        title: n.title.clone(),
                        change: if moved {
                            ChangeKind::Moved
                        } else {
                            ChangeKind::Changed
                        },
                        date: date(n.starts_at),
                        message: format!("{}: {}", n.title, parts.join(", ")),
                    },
                ));
            }
        }
    }
    for o in before.iter().filter(|o| !new_ids.contains(o.id.as_str())) {
        out.push((
            o.starts_at,
            ChangeEntry {
                item_id: o.id.clone(),
                title: o.title.clone(),
                change: ChangeKind::Removed,
                date: date(o.starts_at),
                message: format!(
                    "{}: removed (was {} {}, {})",
                    o.title,
                    day(o.starts_at),
                    span(o),
                    place(o)
                ),
            },
        ));
    }
    out.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
    out.into_iter().map(|(_, e)| e).collect()
}
