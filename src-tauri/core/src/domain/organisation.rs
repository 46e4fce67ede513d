use super::validate as v;
use super::{ContactSummary, OrganisationKind, Ref, TechnologySummary, NAME_MAX, NOTE_MAX};
use crate::error::Result;
use crate::ids::{DepartmentId, OrganisationId};
use crate::messages::Message;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub parent_id: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tz: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub placeholder: bool,
}

impl Organisation {
    pub fn validate(self) -> Result<Self> {
        let id = OrganisationId::parse("id", &self.id)?;
        let parent_id = self
            .parent_id
            .as_deref()
            .map(|p| OrganisationId::parse("parentId", p))
            .transpose()?;
        if parent_id.as_ref() == Some(&id) {
            return Err(crate::Error::invalid("parentId", Message::new("ownParent")));
        }
        Ok(Organisation {
            id: id.into(),
            name: v::required_text("name", &self.name, NAME_MAX)?,
            short_name: v::optional_text("shortName", self.short_name.as_deref(), 80)?,
            kind: self.kind,
            parent_id: parent_id.map(Into::into),
            address: v::optional_text("address", self.address.as_deref(), 500)?,
            postal_code: v::optional_text("postalCode", self.postal_code.as_deref(), 20)?,
            city: v::optional_text("city", self.city.as_deref(), 120)?,
            country: v::country("country", &self.country)?,
            latitude: v::latitude("latitude", self.latitude)?,
            longitude: v::longitude("longitude", self.longitude)?,
            tz: self
                .tz
                .as_deref()
                .map(|tz| v::time_zone("tz", tz).map(|z| z.name().to_owned()))
                .transpose()?,
            website: v::website("website", self.website.as_deref())?,
            notes: v::optional_text("notes", self.notes.as_deref(), NOTE_MAX)?,
            placeholder: self.placeholder,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Department {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub specialty: Option<String>,
}

impl Department {
    pub fn validate(self) -> Result<Self> {
        Ok(Department {
            id: DepartmentId::parse("id", &self.id)?.into(),
            organisation_id: OrganisationId::parse("organisationId", &self.organisation_id)?.into(),
            name: v::required_text("name", &self.name, NAME_MAX)?,
            specialty: v::optional_text("specialty", self.specialty.as_deref(), 60)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationSummary {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub city: Option<String>,
    pub country: String,
    pub placeholder: bool,
    pub department_count: u32,
    pub contact_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationDetail {
    pub organisation: Organisation,
    pub parent: Option<Ref>,
    pub members: Vec<OrganisationSummary>,
    pub departments: Vec<Department>,
    pub contacts: Vec<ContactSummary>,
    pub technologies: Vec<TechnologySummary>,
}
