use super::validate as v;
use super::{FollowupStatus, Ref, NAME_MAX, NOTE_MAX};
use crate::error::Result;
use crate::ids::{ContactId, FollowupId, MissionId, OrganisationId, TechnologyId};
use chrono::NaiveDate;
use serde::Serialize;

/// A task that keeps a lead alive after the mission, as saved.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowupRecord {
    pub id: FollowupId,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: FollowupStatus,
    pub mission_id: Option<MissionId>,
    pub organisation_id: Option<OrganisationId>,
    pub contact_id: Option<ContactId>,
    pub technology_id: Option<TechnologyId>,
    pub notes: Option<String>,
}

impl FollowupRecord {
    pub fn validate(self) -> Result<Self> {
        Ok(FollowupRecord {
            title: v::required_text("title", &self.title, NAME_MAX)?,
            owner: v::optional_text("owner", self.owner.as_deref(), NAME_MAX)?,
            notes: v::optional_text("notes", self.notes.as_deref(), NOTE_MAX)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Followup {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub status: FollowupStatus,
    pub mission: Option<Ref>,
    pub organisation: Option<Ref>,
    pub contact: Option<Ref>,
    pub technology: Option<Ref>,
    pub notes: Option<String>,
}
