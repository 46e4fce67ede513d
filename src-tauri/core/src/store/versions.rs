//! Published versions of a mission's programme and the change sheet between two of them (or a
//! version and the current draft). A version freezes its items as JSON; they are read back as
//! typed [`SnapshotItem`]s, so an unreadable time is an error, never a default one.

use super::writer::text;
use super::Writer;
use crate::domain::{AgendaKind, ChangeSheet, ItemStatus, ProgrammeVersion, SnapshotItem, Wording};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::time::{format_in, parse_stored, parse_zone};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A frozen item as the version's JSON holds it (the form of every version ever published:
/// instants as RFC 3339 in the item's zone).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredItem {
    id: String,
    title: String,
    #[serde(default, skip_serializing_if = "Wording::is_empty")]
    titles: Wording,
    kind: AgendaKind,
    start: String,
    end: String,
    tz: String,
    site: Option<String>,
    room: Option<String>,
    subgroup: Option<String>,
    status: ItemStatus,
    participants: Vec<String>,
}

impl From<&SnapshotItem> for StoredItem {
    fn from(i: &SnapshotItem) -> Self {
        StoredItem {
            id: i.id.clone(),
            title: i.title.clone(),
            titles: i.titles.clone(),
            kind: i.kind,
            start: format_in(i.starts_at, i.tz),
            end: format_in(i.ends_at, i.tz),
            tz: i.tz.name().to_owned(),
            site: i.site.clone(),
            room: i.room.clone(),
            subgroup: i.subgroup.clone(),
            status: i.status,
            participants: i.participants.clone(),
        }
    }
}

impl StoredItem {
    fn read(self) -> Result<SnapshotItem> {
        Ok(SnapshotItem {
            starts_at: parse_stored(&self.start)?,
            ends_at: parse_stored(&self.end)?,
            tz: parse_zone("tz", &self.tz)?,
            id: self.id,
            title: self.title,
            titles: self.titles,
            kind: self.kind,
            site: self.site,
            room: self.room,
            subgroup: self.subgroup,
            status: self.status,
            participants: self.participants,
        })
    }
}

/// The current draft, in the form versions are frozen in.
pub fn draft(conn: &Connection, mission_id: &str) -> Result<Vec<SnapshotItem>> {
    let items = super::agenda::facts_of_mission(conn, mission_id)?;
    Ok(items.iter().map(SnapshotItem::from).collect())
}

/// Freezes the current programme as the next numbered version. Publishing is not part of the
/// undo history (its change set is not scoped to the mission): a published version stays.
pub fn publish(w: &mut Writer<'_>, mission_id: &str, note: Option<&str>) -> Result<u32> {
    super::missions::get(w.conn(), mission_id)?;
    let note = crate::domain::validate::optional_text("note", note, 2000)?;
    let number: u32 = w.conn().query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM programme_versions WHERE mission_id = ?1",
        [mission_id],
        |r| r.get(0),
    )?;
    let items: Vec<StoredItem> = draft(w.conn(), mission_id)?
        .iter()
        .map(StoredItem::from)
        .collect();
    let json = serde_json::to_string(&items)
        .map_err(|e| Error::Internal(format!("cannot write the snapshot: {e}")))?;
    let id = format!("ver_{}", uuid::Uuid::new_v4().simple());
    w.save(
        "programme_versions",
        &id,
        &[
            ("mission_id", text(mission_id)),
            ("number", Value::Integer(i64::from(number))),
            ("note", super::writer::opt_text(note)),
            ("snapshot", text(json)),
        ],
    )?;
    Ok(number)
}

pub fn versions(conn: &Connection, mission_id: &str) -> Result<Vec<ProgrammeVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT number, created_at, note, json_array_length(snapshot) FROM programme_versions
         WHERE mission_id = ?1 ORDER BY number",
    )?;
    let rows = stmt.query_map([mission_id], |r| {
        Ok(ProgrammeVersion {
            number: r.get(0)?,
            published_at: r.get(1)?,
            note: r.get(2)?,
            item_count: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The items of a published version, as they were frozen.
pub fn version_items(
    conn: &Connection,
    mission_id: &str,
    number: u32,
) -> Result<Vec<SnapshotItem>> {
    let json: String = conn
        .query_row(
            "SELECT snapshot FROM programme_versions WHERE mission_id = ?1 AND number = ?2",
            rusqlite::params![mission_id, number],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "programme version",
            id: format!("v{number}"),
        })?;
    let stored: Vec<StoredItem> = serde_json::from_str(&json)
        .map_err(|e| Error::Internal(format!("version v{number} is unreadable: {e}")))?;
    stored.into_iter().map(StoredItem::read).collect()
}

/// The items of version `number`, or the current draft (`None`).
pub fn items(
    conn: &Connection,
    mission_id: &str,
    number: Option<u32>,
) -> Result<Vec<SnapshotItem>> {
    match number {
        Some(n) => version_items(conn, mission_id, n),
        None => draft(conn, mission_id),
    }
}

/// What changed between version `from` and version `to` (the current draft when `None`; `from`
/// defaults to the latest version).
pub fn changes(
    conn: &Connection,
    mission_id: &str,
    from: Option<u32>,
    to: Option<u32>,
) -> Result<ChangeSheet> {
    let mission = super::missions::get(conn, mission_id)?;
    let host = parse_zone("hostTz", &mission.host_tz)?;
    let from = match from {
        Some(n) => n,
        None => versions(conn, mission_id)?
            .last()
            .map(|v| v.number)
            .ok_or_else(|| Error::Refused(Message::new("nothingPublished")))?,
    };
    let before = version_items(conn, mission_id, from)?;
    let after = items(conn, mission_id, to)?;
    Ok(ChangeSheet {
        from,
        to,
        entries: crate::programme::changes::diff(&before, &after, host),
    })
}
