use super::validate as v;
use super::{AgendaKind, ItemStatus, Ref, Wording, NAME_MAX, NOTE_MAX};
use crate::error::{Error, Result};
use crate::ids::{
    ContactId, DepartmentId, ItemId, MissionId, RoomId, SiteId, SubgroupId, TechnologyId, VehicleId,
};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The longest an agenda item may last; longer is surely a typing mistake.
const MAX_ITEM_HOURS: i64 = 48;

/// An agenda item as saved: UTC instants plus the IANA zone of the place.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItemRecord {
    pub id: ItemId,
    pub mission_id: MissionId,
    pub kind: AgendaKind,
    pub title: String,
    pub description: Option<String>,
    /// The title and description written for documents in each language.
    pub titles: Wording,
    pub descriptions: Wording,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: chrono_tz::Tz,
    pub site_id: Option<SiteId>,
    pub room_id: Option<RoomId>,
    pub subgroup_id: Option<SubgroupId>,
    pub status: ItemStatus,
    pub locked: bool,
    pub participants: Vec<ContactId>,
    pub technologies: Vec<TechnologyId>,
    pub departments: Vec<DepartmentId>,
    /// A transfer's vehicle and the site it leaves from (it arrives at `site_id`).
    pub vehicle_id: Option<VehicleId>,
    pub from_site_id: Option<SiteId>,
}

impl AgendaItemRecord {
    pub fn validate(mut self) -> Result<Self> {
        if self.ends_at <= self.starts_at {
            return Err(Error::invalid("end", Message::new("endBeforeStart")));
        }
        if (self.ends_at - self.starts_at).num_hours() > MAX_ITEM_HOURS {
            return Err(Error::invalid(
                "end",
                Message::new("itemTooLong").with("hours", MAX_ITEM_HOURS),
            ));
        }
        if self.room_id.is_some() && self.site_id.is_none() {
            return Err(Error::invalid("room", Message::new("roomNeedsSite")));
        }
        if self.kind != AgendaKind::Transfer {
            if self.vehicle_id.is_some() {
                return Err(Error::invalid(
                    "vehicleId",
                    Message::new("vehicleNotATransfer"),
                ));
            }
            self.from_site_id = None;
        }
        self.title = v::required_text("title", &self.title, NAME_MAX)?;
        self.description = v::optional_text("description", self.description.as_deref(), NOTE_MAX)?;
        self.titles = self.titles.validate("titles", NAME_MAX)?;
        self.descriptions = self.descriptions.validate("descriptions", NOTE_MAX)?;
        self.participants.sort();
        self.participants.dedup();
        self.technologies.sort();
        self.technologies.dedup();
        self.departments.sort();
        self.departments.dedup();
        Ok(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaItem {
    pub id: String,
    pub mission_id: String,
    pub kind: AgendaKind,
    pub title: String,
    pub description: Option<String>,
    /// The title and description written for documents in each language (none: the above).
    pub titles: Wording,
    pub descriptions: Wording,
    /// RFC 3339 with the offset of `tz`, e.g. `2025-06-26T18:00:00+02:00`.
    pub start: String,
    pub end: String,
    pub tz: String,
    pub site: Option<Ref>,
    pub room: Option<Ref>,
    pub subgroup: Option<Ref>,
    pub status: ItemStatus,
    pub locked: bool,
    pub participants: Vec<Ref>,
    pub technologies: Vec<Ref>,
    pub departments: Vec<Ref>,
    /// A transfer's vehicle and departure site.
    pub vehicle: Option<Ref>,
    pub from_site: Option<Ref>,
}

/// An agenda item as read for printing and calendars: the stored instants and the zone of its
/// place (never the view's text read back), with the names of what it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItemFacts {
    pub id: String,
    pub mission_id: String,
    pub kind: AgendaKind,
    pub title: String,
    pub description: Option<String>,
    pub titles: Wording,
    pub descriptions: Wording,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: chrono_tz::Tz,
    pub site: Option<Ref>,
    pub room: Option<Ref>,
    pub subgroup: Option<Ref>,
    pub status: ItemStatus,
    pub locked: bool,
    pub participants: Vec<Ref>,
    pub technologies: Vec<Ref>,
    pub departments: Vec<Ref>,
    pub vehicle: Option<Ref>,
    pub from_site: Option<Ref>,
}

impl From<AgendaItemFacts> for AgendaItem {
    fn from(i: AgendaItemFacts) -> Self {
        AgendaItem {
            start: crate::time::format_in(i.starts_at, i.tz),
            end: crate::time::format_in(i.ends_at, i.tz),
            tz: i.tz.name().to_owned(),
            id: i.id,
            mission_id: i.mission_id,
            kind: i.kind,
            title: i.title,
            description: i.description,
            titles: i.titles,
            descriptions: i.descriptions,
            site: i.site,
            room: i.room,
            subgroup: i.subgroup,
            status: i.status,
            locked: i.locked,
            participants: i.participants,
            technologies: i.technologies,
            departments: i.departments,
            vehicle: i.vehicle,
            from_site: i.from_site,
        }
    }
}

/// One day of the programme, in the mission's host zone.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaDay {
    pub date: String,
    pub items: Vec<AgendaItem>,
}

/// An agenda item as the UI and the CLI send it: times as ISO-8601 text (without an offset they
/// are read in the site's zone, else in the mission's host zone), ids as text.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct AgendaItemInput {
    /// Absent for a new item.
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub kind: AgendaKind,
    pub title: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    /// The title and description for documents in each language; absent: kept as stored.
    #[serde(default)]
    #[ts(optional)]
    pub titles: Option<Wording>,
    #[serde(default)]
    #[ts(optional)]
    pub descriptions: Option<Wording>,
    pub start: String,
    pub end: String,
    #[serde(default)]
    #[ts(optional)]
    pub site_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub room_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub subgroup_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<ItemStatus>,
    #[serde(default)]
    #[ts(optional)]
    pub locked: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub participants: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub technologies: Option<Vec<String>>,
    #[serde(default)]
    #[ts(optional)]
    pub departments: Option<Vec<String>>,
    /// A transfer's vehicle (required for a transfer) and the site it leaves from.
    #[serde(default)]
    #[ts(optional)]
    pub vehicle_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from_site_id: Option<String>,
}

/// One item as frozen in a published version: its instants and zone, and the names of its
/// place and sub-group at the time (the stored JSON form is `store::versions`' business).
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotItem {
    pub id: String,
    pub title: String,
    /// The title written for the documents of each language (none in versions published before
    /// there were any).
    pub titles: Wording,
    pub kind: AgendaKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: chrono_tz::Tz,
    pub site: Option<String>,
    pub room: Option<String>,
    pub subgroup: Option<String>,
    pub status: ItemStatus,
    pub participants: Vec<String>,
}

impl From<&AgendaItemFacts> for SnapshotItem {
    fn from(i: &AgendaItemFacts) -> Self {
        SnapshotItem {
            id: i.id.clone(),
            title: i.title.clone(),
            titles: i.titles.clone(),
            kind: i.kind,
            starts_at: i.starts_at,
            ends_at: i.ends_at,
            tz: i.tz,
            site: i.site.as_ref().map(|r| r.name.clone()),
            room: i.room.as_ref().map(|r| r.name.clone()),
            subgroup: i.subgroup.as_ref().map(|r| r.name.clone()),
            status: i.status,
            participants: i.participants.iter().map(|r| r.id.clone()).collect(),
        }
    }
}

/// A published version of a mission's programme.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ProgrammeVersion {
    pub number: u32,
    pub published_at: String,
    pub note: Option<String>,
    pub item_count: u32,
}

/// What happened to one item between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeKind {
    Added,
    Removed,
    Moved,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeEntry {
    pub item_id: String,
    pub title: String,
    pub change: ChangeKind,
    /// Host-zone date of the item (after the change, or before for a removal), YYYY-MM-DD.
    pub date: String,
    /// The entry in English (the CLI, the logs): the title, then its details.
    /// "Cardiology session: Fri 27 Jun 14:00–15:00 → 14:30–15:30, room A → room B".
    pub message: String,
    /// What changed, as coded messages (`change.*`; times as instants with the zone of the
    /// item's place), in the order listed: the window and the printed sheet render them in the
    /// planner's language.
    pub details: Vec<Message>,
}

/// The change sheet between version `from` and version `to` (`None`: the current draft).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeSheet {
    pub from: u32,
    pub to: Option<u32>,
    pub entries: Vec<ChangeEntry>,
}

/// What Ctrl+Z and Ctrl+Shift+Z would do next in a mission.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UndoState {
    pub undo: Option<String>,
    pub redo: Option<String>,
}
