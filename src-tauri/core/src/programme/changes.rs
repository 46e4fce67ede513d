//! The change sheet's one diff: what happened to each item between two frozen programmes (two
//! published versions, or a version and the draft). Pure. Each entry says what changed as coded
//! messages (`change.*`, times as instants with the zone of the item's place), which the window
//! renders with `messageText` and the printed change sheet with `Message::render`.

use crate::domain::{ChangeEntry, ChangeKind, ItemStatus, SnapshotItem};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// The differences between two snapshots, in the order of the items' (new) start; `host` cuts
/// the days entries are filed under.
pub fn diff(before: &[SnapshotItem], after: &[SnapshotItem], host: Tz) -> Vec<ChangeEntry> {
    let old: HashMap<&str, &SnapshotItem> = before.iter().map(|i| (i.id.as_str(), i)).collect();
    let new_ids: HashSet<&str> = after.iter().map(|i| i.id.as_str()).collect();
    let mut out: Vec<(DateTime<Utc>, ChangeEntry)> = Vec::new();
    for n in after {
        let (change, details) = match old.get(n.id.as_str()) {
            None => {
                let mut details = vec![span("change.added", n)];
                details.extend(place(n).map(|p| Message::new("change.at").with("place", p)));
                (ChangeKind::Added, details)
            }
            Some(o) => {
                let details = differences(o, n);
                if details.is_empty() {
                    continue;
                }
                let moved = o.starts_at != n.starts_at || o.ends_at != n.ends_at;
                let kind = if moved {
                    ChangeKind::Moved
                } else {
                    ChangeKind::Changed
                };
                (kind, details)
            }
        };
        out.push((n.starts_at, entry(n, change, details, host)));
    }
    for o in before.iter().filter(|o| !new_ids.contains(o.id.as_str())) {
        let mut details = vec![span("change.removed", o)];
        details.extend(place(o).map(|p| Message::new("change.at").with("place", p)));
        out.push((o.starts_at, entry(o, ChangeKind::Removed, details, host)));
    }
    out.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
    out.into_iter().map(|(_, e)| e).collect()
}

/// Whether a detail is a note beside the times and places (which the printed sheet shows as
/// before/after slots of its own): a new group, title, status or participants.
pub fn is_note(detail: &Message) -> bool {
    !matches!(
        detail.code,
        "change.added"
            | "change.removed"
            | "change.moved"
            | "change.movedDay"
            | "change.at"
            | "change.place"
            | "change.placeSet"
            | "change.placeCleared"
    )
}

fn entry(i: &SnapshotItem, change: ChangeKind, details: Vec<Message>, host: Tz) -> ChangeEntry {
    let english: Vec<String> = details.iter().map(Message::english).collect();
    ChangeEntry {
        item_id: i.id.clone(),
        title: i.title.clone(),
        change,
        date: i.starts_at.with_timezone(&host).date_naive().to_string(),
        message: format!("{}: {}", i.title, english.join(", ")),
        details,
    }
}

/// The item's date and times, in the zone of its place.
fn span(code: &'static str, i: &SnapshotItem) -> Message {
    Message::new(code)
        .with_instant("start", i.starts_at)
        .with_instant("end", i.ends_at)
        .with("zone", i.tz.name())
}

/// "Salle de réunion A, CHC Mont Légia", or `None` without a place.
fn place(i: &SnapshotItem) -> Option<String> {
    match (&i.room, &i.site) {
        (Some(r), Some(s)) => Some(format!("{r}, {s}")),
        (None, Some(s)) => Some(s.clone()),
        (Some(r), None) => Some(r.clone()),
        (None, None) => None,
    }
}

/// What changed in an item present on both sides, in the order the sheet lists it.
fn differences(o: &SnapshotItem, n: &SnapshotItem) -> Vec<Message> {
    let mut out = Vec::new();
    if o.starts_at != n.starts_at || o.ends_at != n.ends_at {
        // Shown in the zone of the item's (new) place; the day is repeated only if it changed.
        let zone = n.tz;
        let day = |t: DateTime<Utc>| t.with_timezone(&zone).date_naive();
        let code = if day(o.starts_at) == day(n.starts_at) {
            "change.moved"
        } else {
            "change.movedDay"
        };
        out.push(
            Message::new(code)
                .with_instant("from", o.starts_at)
                .with_instant("fromEnd", o.ends_at)
                .with_instant("to", n.starts_at)
                .with_instant("toEnd", n.ends_at)
                .with("zone", zone.name()),
        );
    }
    match (place(o), place(n)) {
        (a, b) if a == b => {}
        (Some(a), Some(b)) => out.push(
            Message::new("change.place")
                .with("before", a)
                .with("after", b),
        ),
        (None, Some(b)) => out.push(Message::new("change.placeSet").with("after", b)),
        (Some(a), None) => out.push(Message::new("change.placeCleared").with("before", a)),
        (None, None) => {}
    }
    match (&o.subgroup, &n.subgroup) {
        (a, b) if a == b => {}
        (Some(a), Some(b)) => out.push(
            Message::new("change.group")
                .with("before", a)
                .with("after", b),
        ),
        (None, Some(b)) => out.push(Message::new("change.groupFromWhole").with("after", b)),
        (Some(a), None) => out.push(Message::new("change.groupToWhole").with("before", a)),
        (None, None) => {}
    }
    if o.title != n.title {
        out.push(Message::new("change.renamed").with("title", &o.title));
    }
    if o.status != n.status {
        out.push(Message::new(status_code(n.status)));
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
        out.push(
            Message::new("change.participants")
                .with("added", added)
                .with("removed", removed),
        );
    }
    out
}

fn status_code(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Proposed => "change.status.proposed",
        ItemStatus::Tentative => "change.status.tentative",
        ItemStatus::Confirmed => "change.status.confirmed",
        ItemStatus::Held => "change.status.held",
        ItemStatus::Cancelled => "change.status.cancelled",
    }
}
