use super::validate as v;
use super::{LawfulBasis, Ref, NAME_MAX, NOTE_MAX};
use crate::error::{Error, Result};
use crate::ids::{ContactId, DepartmentId, OrganisationId};
use crate::messages::Message;
use serde::{Deserialize, Serialize};

/// Why Passerelle may hold a person's data (GDPR art. 6) and where it came from (art. 14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Privacy {
    pub lawful_basis: LawfulBasis,
    pub source: Option<String>,
    pub collected_on: Option<String>,
    /// How consent was given (a signed form, an e-mail of date…); required when consent is the
    /// basis.
    #[serde(default)]
    pub consent_evidence: Option<String>,
    /// The person objected (art. 21): keep the record, never contact them.
    #[serde(default)]
    pub do_not_contact: bool,
    /// When to check whether the data is still needed (storage limitation, art. 5(1)(e)).
    #[serde(default)]
    pub review_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Contact {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    /// The name in the person's own script, e.g. Traditional Chinese.
    pub native_name: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organisation_id: Option<String>,
    pub department_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub specialties: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub placeholder: bool,
    pub privacy: Privacy,
}

impl Contact {
    /// A person known by a name alone, held on legitimate interests: what a caller does not
    /// give is empty (`Contact { email, ..Contact::named(…) }`). Not validated.
    pub fn named(
        id: impl Into<String>,
        given: impl Into<String>,
        family: impl Into<String>,
    ) -> Contact {
        Contact {
            id: id.into(),
            given_name: given.into(),
            family_name: family.into(),
            native_name: None,
            title: None,
            role: None,
            organisation_id: None,
            department_id: None,
            email: None,
            phone: None,
            languages: Vec::new(),
            specialties: Vec::new(),
            tags: Vec::new(),
            notes: None,
            placeholder: false,
            privacy: Privacy {
                lawful_basis: LawfulBasis::LegitimateInterests,
                source: None,
                collected_on: None,
                consent_evidence: None,
                do_not_contact: false,
                review_on: None,
            },
        }
    }

    pub fn validate(self) -> Result<Self> {
        let given_name = v::optional_text("givenName", Some(&self.given_name), NAME_MAX)?;
        let family_name = v::optional_text("familyName", Some(&self.family_name), NAME_MAX)?;
        if given_name.is_none() && family_name.is_none() {
            return Err(Error::invalid("familyName", Message::new("nameRequired")));
        }
        Ok(Contact {
            id: ContactId::parse("id", &self.id)?.into(),
            given_name: given_name.unwrap_or_default(),
            family_name: family_name.unwrap_or_default(),
            native_name: v::optional_text("nativeName", self.native_name.as_deref(), NAME_MAX)?,
            title: v::optional_text("title", self.title.as_deref(), 40)?,
            role: v::optional_text("role", self.role.as_deref(), NAME_MAX)?,
            organisation_id: self
                .organisation_id
                .as_deref()
                .map(|o| OrganisationId::parse("organisationId", o).map(Into::into))
                .transpose()?,
            department_id: self
                .department_id
                .as_deref()
                .map(|d| DepartmentId::parse("departmentId", d).map(Into::into))
                .transpose()?,
            email: v::email("email", self.email.as_deref())?,
            phone: v::phone("phone", self.phone.as_deref())?,
            languages: v::list("languages", &self.languages, v::language)?,
            specialties: v::list("specialties", &self.specialties, |f, s| {
                v::required_text(f, s, 60)
            })?,
            tags: v::list("tags", &self.tags, v::tag)?,
            notes: v::optional_text("notes", self.notes.as_deref(), NOTE_MAX)?,
            placeholder: self.placeholder,
            privacy: Privacy {
                lawful_basis: self.privacy.lawful_basis,
                source: v::optional_text("privacy.source", self.privacy.source.as_deref(), 500)?,
                collected_on: v::optional_date(
                    "privacy.collectedOn",
                    self.privacy.collected_on.as_deref(),
                )?
                .map(|d| d.to_string()),
                consent_evidence: v::optional_text(
                    "privacy.consentEvidence",
                    self.privacy.consent_evidence.as_deref(),
                    2000,
                )?,
                do_not_contact: self.privacy.do_not_contact,
                review_on: v::optional_date("privacy.reviewOn", self.privacy.review_on.as_deref())?
                    .map(|d| d.to_string()),
            },
        })
    }

    /// Consent as the lawful basis needs its evidence (art. 7(1)). Checked by the store after
    /// the references, so that a bad reference is reported first.
    pub fn check_consent(&self) -> Result<()> {
        if self.privacy.lawful_basis == LawfulBasis::Consent
            && self.privacy.consent_evidence.is_none()
        {
            return Err(Error::invalid(
                "privacy.consentEvidence",
                Message::new("consentEvidenceRequired"),
            ));
        }
        Ok(())
    }

    pub fn display_name(&self) -> String {
        display_name(&self.given_name, &self.family_name)
    }
}

pub fn display_name(given: &str, family: &str) -> String {
    match (given.is_empty(), family.is_empty()) {
        (false, false) => format!("{given} {family}"),
        (true, _) => family.to_owned(),
        (_, true) => given.to_owned(),
    }
}

/// A tag and how many contacts are filed under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TagCount {
    pub tag: String,
    #[ts(type = "number")]
    pub contacts: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactSummary {
    pub id: String,
    pub display_name: String,
    pub native_name: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<Ref>,
    pub specialties: Vec<String>,
    pub tags: Vec<String>,
    pub placeholder: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactMission {
    pub mission: Ref,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactDetail {
    pub contact: Contact,
    pub organisation: Option<Ref>,
    pub department: Option<Ref>,
    pub missions: Vec<ContactMission>,
}
