use super::validate as v;
use super::{AgendaDay, ContactSummary, Followup, Ref, Wording, NAME_MAX, NOTE_MAX};
use crate::error::{Error, Result};
use crate::ids::{
    AvailabilityId, ContactId, DepartmentId, MemberId, MissionId, OrganisationId, RoomId, SiteId,
    SubgroupId,
};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Mission {
    pub id: String,
    pub title: String,
    /// The title printed in the documents of each language (none: `title`).
    #[serde(default)]
    pub titles: Wording,
    pub origin_country: String,
    pub host_country: String,
    pub start_date: String,
    pub end_date: String,
    /// The delegation's home zone, e.g. Asia/Taipei.
    pub home_tz: String,
    /// The host country's zone: day boundaries follow it.
    pub host_tz: String,
    pub objectives: Option<String>,
    /// The objectives printed in the documents of each language (none: `objectives`).
    #[serde(default)]
    pub objectives_in: Wording,
    pub notes: Option<String>,
}

impl Mission {
    pub fn validate(self) -> Result<Self> {
        let start = v::date("startDate", &self.start_date)?;
        let end = v::date("endDate", &self.end_date)?;
        if end < start {
            return Err(Error::invalid(
                "endDate",
                Message::new("missionEndsBeforeStart"),
            ));
        }
        if (end - start).num_days() > 366 {
            return Err(Error::invalid("endDate", Message::new("missionTooLong")));
        }
        Ok(Mission {
            id: MissionId::parse("id", &self.id)?.into(),
            title: v::required_text("title", &self.title, NAME_MAX)?,
            titles: self.titles.validate("titles", NAME_MAX)?,
            origin_country: v::country("originCountry", &self.origin_country)?,
            host_country: v::country("hostCountry", &self.host_country)?,
            start_date: start.to_string(),
            end_date: end.to_string(),
            home_tz: v::time_zone("homeTz", &self.home_tz)?.name().to_owned(),
            host_tz: v::time_zone("hostTz", &self.host_tz)?.name().to_owned(),
            objectives: v::optional_text("objectives", self.objectives.as_deref(), NOTE_MAX)?,
            objectives_in: self.objectives_in.validate("objectivesIn", NOTE_MAX)?,
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
    /// The name the documents of each language print (else `name`).
    pub names: Wording,
}

/// A sub-group of the delegation (e.g. "Cardiology track"), as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SubgroupRecord {
    pub id: SubgroupId,
    pub mission_id: MissionId,
    pub name: String,
    pub names: Wording,
}

impl SubgroupRecord {
    pub fn new(id: SubgroupId, mission_id: MissionId, name: &str, names: Wording) -> Result<Self> {
        Ok(SubgroupRecord {
            id,
            mission_id,
            name: v::required_text("name", name, NAME_MAX)?,
            names: names.validate("names", NAME_MAX)?,
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
            role: super::MemberRole::parse(role.trim())
                .ok_or_else(|| {
                    Error::invalid(
                        "role",
                        Message::new("notARole")
                            .with("value", role)
                            .with("expected", super::MemberRole::expected()),
                    )
                })?
                .as_str()
                .to_owned(),
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

/// A place of the mission (an organisation's venue, a hotel, a briefing room abroad), with its
/// rooms.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRecord {
    pub id: SiteId,
    pub mission_id: MissionId,
    pub organisation_id: Option<OrganisationId>,
    pub department_id: Option<DepartmentId>,
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
    /// Badges, parking, which entrance: printed on itineraries.
    pub access_notes: Option<String>,
}

impl SiteRecord {
    /// Checks the free-text fields of a site whose ids and zone are already typed.
    pub fn validate(self) -> Result<Self> {
        let opens_at = v::clock_time("opensAt", self.opens_at.as_deref())?;
        let closes_at = v::clock_time("closesAt", self.closes_at.as_deref())?;
        if let (Some(o), Some(c)) = (&opens_at, &closes_at) {
            if c <= o {
                return Err(Error::invalid(
                    "closesAt",
                    Message::new("closesBeforeOpens"),
                ));
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
            access_notes: v::optional_text("accessNotes", self.access_notes.as_deref(), NOTE_MAX)?,
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
            return Err(Error::invalid("capacity", Message::new("atLeastOne")));
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
    pub organisation: Option<Ref>,
    pub department: Option<Ref>,
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
    pub access_notes: Option<String>,
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
            return Err(Error::invalid("end", Message::new("endBeforeStart")));
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
    pub archived: bool,
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
    /// The staff days spent on the mission (the report's inputs), when given.
    pub staff_days: Option<f64>,
}

/// An organiser of a mission as the UI and the CLI send it.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct OrganiserInput {
    pub organisation_id: String,
    pub role: String,
}

/// A mission's header as the UI and the CLI send it: created when `id` is absent. Countries
/// left empty are those of the zones (`homeTz` for the origin, `hostTz` for the host).
/// `fromMissionId`, on creation only, copies that mission's sites, rooms, travel times,
/// sub-groups, planning settings and programme skeleton, shifted to the new dates.
#[derive(Debug, Clone, PartialEq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct MissionInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub title: String,
    /// The title for the documents of each language; absent: kept as stored.
    #[serde(default)]
    #[ts(optional)]
    pub titles: Option<Wording>,
    #[serde(default)]
    pub origin_country: String,
    #[serde(default)]
    pub host_country: String,
    pub start_date: String,
    pub end_date: String,
    pub home_tz: String,
    pub host_tz: String,
    #[serde(default)]
    #[ts(optional)]
    pub objectives: Option<String>,
    /// The objectives for each language's documents; absent keeps those stored.
    #[serde(default)]
    #[ts(optional)]
    pub objectives_in: Option<Wording>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
    #[serde(default)]
    pub organisers: Vec<OrganiserInput>,
    #[serde(default)]
    #[ts(optional)]
    pub from_mission_id: Option<String>,
    /// The staff days spent on the mission as typed ("12", "12,5"); absent keeps them, blank
    /// clears them.
    #[serde(default)]
    #[ts(optional)]
    pub staff_days: Option<String>,
}

/// A site as the UI and the CLI send it: created when `id` is absent. An empty country is the
/// organisation's, else the zone's; coordinates default to the organisation's.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SiteInput {
    #[serde(default)]
    #[ts(optional)]
    pub id: Option<String>,
    pub mission_id: String,
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub organisation_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub department_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub address: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub postal_code: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub city: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub country: Option<String>,
    pub tz: String,
    #[serde(default)]
    #[ts(optional)]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub longitude: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub opens_at: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub closes_at: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub access_notes: Option<String>,
}

/// A saved site, with what the planner should know but may accept (codes such as
/// `zoneNotCountry`: the zone is not one of the site's country).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SiteSaved {
    pub id: String,
    pub warnings: Vec<String>,
}

/// An item held at a site, named when the site cannot simply be removed.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SiteItem {
    pub id: String,
    pub title: String,
    /// RFC 3339 with the host zone's offset.
    pub start: String,
}

/// An IANA zone and its country, for the time-zone picker.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimeZoneInfo {
    pub zone: String,
    pub country: String,
    /// The country's main zone, which choosing the country prefills.
    pub primary: bool,
}
