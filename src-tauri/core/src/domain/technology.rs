use super::validate as v;
use super::{AiActRisk, CeMdrClass, Maturity, Ref, Wording, NAME_MAX, NOTE_MAX};
use crate::error::Result;
use crate::ids::{OrganisationId, TechnologyId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Regulatory {
    /// Taiwan Food and Drug Administration status, as stated by the source.
    pub taiwan_fda: Option<String>,
    pub ce_mdr_class: Option<CeMdrClass>,
    pub eu_ai_act_risk: Option<AiActRisk>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Technology {
    pub id: String,
    pub name: String,
    /// The name printed in the documents of each language (none: `name`).
    #[serde(default)]
    pub names: Wording,
    pub owner_id: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub specialties: Vec<String>,
    #[serde(default)]
    pub regulatory: Regulatory,
    pub maturity: Option<Maturity>,
    #[serde(default)]
    pub placeholder: bool,
}

impl Technology {
    pub fn validate(self) -> Result<Self> {
        Ok(Technology {
            id: TechnologyId::parse("id", &self.id)?.into(),
            name: v::required_text("name", &self.name, NAME_MAX)?,
            names: self.names.validate("names", NAME_MAX)?,
            owner_id: self
                .owner_id
                .as_deref()
                .map(|o| OrganisationId::parse("ownerId", o).map(Into::into))
                .transpose()?,
            description: v::optional_text("description", self.description.as_deref(), NOTE_MAX)?,
            specialties: v::list("specialties", &self.specialties, |f, s| {
                v::required_text(f, s, 60)
            })?,
            regulatory: Regulatory {
                taiwan_fda: v::optional_text(
                    "regulatory.taiwanFda",
                    self.regulatory.taiwan_fda.as_deref(),
                    200,
                )?,
                ce_mdr_class: self.regulatory.ce_mdr_class,
                eu_ai_act_risk: self.regulatory.eu_ai_act_risk,
                notes: v::optional_text(
                    "regulatory.notes",
                    self.regulatory.notes.as_deref(),
                    NOTE_MAX,
                )?,
            },
            maturity: self.maturity,
            placeholder: self.placeholder,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TechnologySummary {
    pub id: String,
    pub name: String,
    pub owner: Option<Ref>,
    pub specialties: Vec<String>,
    pub maturity: Option<Maturity>,
    pub placeholder: bool,
}

/// Where a technology was (or will be) shown.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Presentation {
    pub item_id: String,
    pub mission: Ref,
    pub title: String,
    pub start: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TechnologyDetail {
    pub technology: Technology,
    pub owner: Option<Ref>,
    pub presentations: Vec<Presentation>,
}
