use super::validate as v;
use super::{AgendaDay, ContactSummary, Followup, Ref, NAME_MAX, NOTE_MAX};
use crate::error::{Error, Result};
use crate::ids::{
    AvailabilityId, ContactId, MemberId, MissionId, OrganisationId, RoomId, SiteId, SubgroupId,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Mission {
    pub id: String,
    pub title: String,
    pub origin_country: String,
    pub host_country: String,
    pub start_date: String,
    pub end_date: String,
    /// The delegation's home zone, e.g. Asia/Taipei.
    pub home_tz: String,
    /// The host country's zone: day boundaries follow it.
    pub host_tz: String,
    pub objectives: Option<String>,
    pub notes: Option<String>,
}

impl Mission {
    pub fn validate(self) -> Result<Self> {
        let start = v::date("startDate", &self.start_date)?;
        let end = v::date("endDate", &self.end_date)?;
        if end < start {
            return Err(Error::validation("endDate", "ends before it starts"));
        }
        if (end - start).num_days() > 366 {
            return Err(Error::validation(
                "endDate",
                "a mission lasts at most a year",
            ));
        }
        Ok(Mission {
            id: MissionId::parse("id", &self.id)?.into(),
            title: v::required_text("title", &self.title, NAME_MAX)?,
            origin_country: v::country("originCountry", &self.origin_country)?,
            host_country: v::country("hostCountry", &self.host_country)?,
            start_date: start.to_string(),
            end_date: end.to_string(),
            home_tz: v::time_zone("homeTz", &self.home_tz)?.name().to_owned(),
            host_tz: v::time_zone("hostTz", &self.host_tz)?.name().to_owned(),
            objectives: v::optional_text("objectives", self.objectives.as_deref(), NOTE_MAX)?,
            notes: v::optional_text("notes", self.notes.as_deref(), NOTE_MAX)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Organiser {
    pub organisation: Ref,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Subgroup {
    pub id: String,
    pub name: String,
}

/// A sub-group of the delegation (e.g. "Cardiology track"), as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SubgroupRecord {
    pub id: SubgroupId,
    pub mission_id: MissionId,
    pub name: String,
}

impl SubgroupRecord {
    pub fn new(id: SubgroupId, mission_id: MissionId, name: &str) -> Result<Self> {
        Ok(SubgroupRecord {
            id,
            mission_id,
            name: v::required_text("name", name, NAME_MAX)?,
        })
    }
}

/// A person's place in a mission's delegation, as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRecord {
    pub id: MemberId,
    pub mission_id: MissionId,
    pub contact_id: ContactId,
    pub role: String,
    pub subgroup_id: Option<SubgroupId>,
}

impl MemberRecord {
    pub fn new(
        mission_id: MissionId,
        contact_id: ContactId,
        role: &str,
        subgroup_id: Option<SubgroupId>,
    ) -> Result<Self> {
        // One membership per person and mission: its id derives from both, so it is stable.
        let id = MemberId::parse(
            "id",
            &format!(
                "mem_{}_{}",
                &mission_id.as_str()[4..],
                &contact_id.as_str()[4..]
            )
            .chars()
            .take(80)
            .collect::<String>(),
        )?;
        Ok(MemberRecord {
            id,
            mission_id,
            contact_id,
            role: v::required_text("role", role, 80)?,
            subgroup_id,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DelegationMember {
    pub id: String,
    pub contact: ContactSummary,
    pub role: String,
    pub subgroup_id: Option<String>,
}

/// A venue of the mission: an organisation's site, with its rooms.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRecord {
    pub id: SiteId,
    pub mission_id: MissionId,
    pub organisation_id: OrganisationId,
    pub name: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tz: chrono_tz::Tz,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
}

impl SiteRecord {
    /// Checks the free-text fields of a site whose ids and zone are already typed.
    pub fn validate(self) -> Result<Self> {
        let opens_at = v::clock_time("opensAt", self.opens_at.as_deref())?;
        let closes_at = v::clock_time("closesAt", self.closes_at.as_deref())?;
        if let (Some(o), Some(c)) = (&opens_at, &closes_at) {
            if c <= o {
                return Err(Error::validation("closesAt", "closes before it opens"));
            }
        }
        Ok(SiteRecord {
            name: v::required_text("name", &self.name, NAME_MAX)?,
            address: v::optional_text("address", self.address.as_deref(), 500)?,
            postal_code: v::optional_text("postalCode", self.postal_code.as_deref(), 20)?,
            city: v::optional_text("city", self.city.as_deref(), 120)?,
            country: v::country("country", &self.country)?,
            latitude: v::latitude("latitude", self.latitude)?,
            longitude: v::longitude("longitude", self.longitude)?,
            opens_at,
            closes_at,
            ..self
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoomRecord {
    pub id: RoomId,
    pub site_id: SiteId,
    pub name: String,
    pub capacity: Option<u32>,
}

impl RoomRecord {
    pub fn validate(self) -> Result<Self> {
        if self.capacity == Some(0) {
            return Err(Error::validation("capacity", "must be at least 1"));
        }
        Ok(RoomRecord {
            name: v::required_text("name", &self.name, NAME_MAX)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Room {
    pub id: String,
    pub name: String,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Site {
    pub id: String,
    pub organisation: Ref,
    pub name: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tz: String,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub rooms: Vec<Room>,
}

/// A window in which a person is available during a mission.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailabilityRecord {
    pub id: AvailabilityId,
    pub mission_id: MissionId,
    pub contact_id: ContactId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: chrono_tz::Tz,
    pub note: Option<String>,
}

impl AvailabilityRecord {
    pub fn validate(self) -> Result<Self> {
        if self.ends_at <= self.starts_at {
            return Err(Error::validation("end", "ends before it starts"));
        }
        Ok(AvailabilityRecord {
            note: v::optional_text("note", self.note.as_deref(), 500)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Availability {
    pub id: String,
    pub contact: Ref,
    pub start: String,
    pub end: String,
    pub tz: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionSummary {
    pub id: String,
    pub title: String,
    pub origin_country: String,
    pub host_country: String,
    pub start_date: String,
    pub end_date: String,
    pub home_tz: String,
    pub host_tz: String,
    pub delegation_count: u32,
    pub site_count: u32,
    pub item_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissionDetail {
    pub mission: Mission,
    pub organisers: Vec<Organiser>,
    pub subgroups: Vec<Subgroup>,
    pub delegation: Vec<DelegationMember>,
    pub sites: Vec<Site>,
    pub availability: Vec<Availability>,
    pub days: Vec<AgendaDay>,
    pub followups: Vec<Followup>,
}
