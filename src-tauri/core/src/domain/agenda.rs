use super::validate as v;
use super::{AgendaKind, ItemStatus, Ref, NAME_MAX, NOTE_MAX};
use crate::error::{Error, Result};
use crate::ids::{
    ContactId, DepartmentId, ItemId, MissionId, RoomId, SiteId, SubgroupId, TechnologyId,
};
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
}

impl AgendaItemRecord {
    pub fn validate(mut self) -> Result<Self> {
        if self.ends_at <= self.starts_at {
            return Err(Error::validation("end", "ends before it starts"));
        }
        if (self.ends_at - self.starts_at).num_hours() > MAX_ITEM_HOURS {
            return Err(Error::validation(
                "end",
                format!("an item lasts at most {MAX_ITEM_HOURS} hours"),
            ));
        }
        if self.room_id.is_some() && self.site_id.is_none() {
            return Err(Error::validation("room", "a room needs a site"));
        }
        self.title = v::required_text("title", &self.title, NAME_MAX)?;
        self.description = v::optional_text("description", self.description.as_deref(), NOTE_MAX)?;
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
}

/// One day of the programme, in the mission's host zone.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AgendaDay {
    pub date: String,
    pub items: Vec<AgendaItem>,
}
