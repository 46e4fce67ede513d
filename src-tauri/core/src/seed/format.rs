//! The seed files' format (`seeds/README.md`): one struct per kind of record, each turned into
//! the validated domain record it describes. Unknown fields are errors, so typos are caught.

use super::*;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedOrganisation {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) short_name: Option<String>,
    pub(super) kind: OrganisationKind,
    pub(super) parent: Option<String>,
    pub(super) address: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) city: Option<String>,
    pub(super) country: String,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
    pub(super) tz: Option<String>,
    pub(super) website: Option<String>,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) placeholder: bool,
    #[serde(default)]
    pub(super) departments: Vec<SeedDepartment>,
}

impl SeedOrganisation {
    pub(super) fn record(&self) -> Result<Organisation> {
        Organisation {
            id: self.id.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: self.kind,
            parent_id: self.parent.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            latitude: self.latitude,
            longitude: self.longitude,
            tz: self.tz.clone(),
            website: self.website.clone(),
            notes: self.notes.clone(),
            placeholder: self.placeholder,
        }
        .validate()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedDepartment {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) specialty: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedContact {
    pub(super) id: String,
    #[serde(default)]
    pub(super) given_name: String,
    #[serde(default)]
    pub(super) family_name: String,
    pub(super) native_name: Option<String>,
    pub(super) title: Option<String>,
    pub(super) role: Option<String>,
    pub(super) organisation: Option<String>,
    pub(super) department: Option<String>,
    pub(super) email: Option<String>,
    pub(super) phone: Option<String>,
    #[serde(default)]
    pub(super) languages: Vec<String>,
    #[serde(default)]
    pub(super) specialties: Vec<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) placeholder: bool,
    pub(super) privacy: Privacy,
}

impl SeedContact {
    pub(super) fn record(&self) -> Contact {
        Contact {
            id: self.id.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            native_name: self.native_name.clone(),
            title: self.title.clone(),
            role: self.role.clone(),
            organisation_id: self.organisation.clone(),
            department_id: self.department.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            languages: self.languages.clone(),
            specialties: self.specialties.clone(),
            tags: self.tags.clone(),
            notes: self.notes.clone(),
            placeholder: self.placeholder,
            privacy: self.privacy.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedTechnology {
    pub(super) id: String,
    pub(super) name: String,
    /// The name for documents in other languages.
    #[serde(default)]
    pub(super) names: SeedWording,
    pub(super) owner: Option<String>,
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) specialties: Vec<String>,
    #[serde(default)]
    pub(super) regulatory: Regulatory,
    pub(super) maturity: Option<Maturity>,
    #[serde(default)]
    pub(super) placeholder: bool,
}

impl SeedTechnology {
    pub(super) fn record(&self) -> Technology {
        Technology {
            id: self.id.clone(),
            name: self.name.clone(),
            names: (&self.names).into(),
            owner_id: self.owner.clone(),
            description: self.description.clone(),
            specialties: self.specialties.clone(),
            regulatory: self.regulatory.clone(),
            maturity: self.maturity,
            placeholder: self.placeholder,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedMission {
    pub(super) id: String,
    pub(super) title: String,
    /// The title for documents in other languages.
    #[serde(default)]
    pub(super) titles: SeedWording,
    pub(super) origin_country: String,
    pub(super) host_country: String,
    pub(super) start_date: String,
    pub(super) end_date: String,
    pub(super) home_tz: String,
    pub(super) host_tz: String,
    pub(super) objectives: Option<String>,
    /// The objectives for documents in other languages.
    #[serde(default)]
    pub(super) objectives_in: SeedWording,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) organisers: Vec<SeedOrganiser>,
    #[serde(default)]
    pub(super) subgroups: Vec<SeedSubgroup>,
    #[serde(default)]
    pub(super) delegation: Vec<SeedMember>,
    #[serde(default)]
    pub(super) sites: Vec<SeedSite>,
    #[serde(default)]
    pub(super) availability: Vec<SeedAvailability>,
    #[serde(default)]
    pub(super) agenda: Vec<SeedItem>,
    #[serde(default)]
    pub(super) followups: Vec<SeedFollowup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedOrganiser {
    pub(super) organisation: String,
    pub(super) role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedSubgroup {
    pub(super) id: String,
    pub(super) name: String,
    #[serde(default)]
    pub(super) names: SeedWording,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedMember {
    pub(super) contact: String,
    pub(super) role: String,
    pub(super) subgroup: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedSite {
    pub(super) id: String,
    pub(super) organisation: String,
    pub(super) name: String,
    pub(super) address: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) city: Option<String>,
    pub(super) country: String,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
    pub(super) tz: Option<String>,
    pub(super) opens_at: Option<String>,
    pub(super) closes_at: Option<String>,
    #[serde(default)]
    pub(super) rooms: Vec<SeedRoom>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedRoom {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) capacity: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedAvailability {
    pub(super) contact: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedItem {
    pub(super) id: String,
    pub(super) kind: AgendaKind,
    pub(super) title: String,
    pub(super) description: Option<String>,
    /// The title and description for documents in other languages (`{"zh-TW": "大合照"}`).
    #[serde(default)]
    pub(super) titles: SeedWording,
    #[serde(default)]
    pub(super) descriptions: SeedWording,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) tz: Option<String>,
    pub(super) site: Option<String>,
    pub(super) room: Option<String>,
    pub(super) subgroup: Option<String>,
    #[serde(default = "tentative")]
    pub(super) status: ItemStatus,
    #[serde(default)]
    pub(super) participants: Vec<String>,
    #[serde(default)]
    pub(super) technologies: Vec<String>,
    #[serde(default)]
    pub(super) departments: Vec<String>,
}

/// A text per document language, keyed by the language's code.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SeedWording {
    fr: Option<String>,
    en: Option<String>,
    #[serde(rename = "zh-TW")]
    zh_tw: Option<String>,
}

impl From<&SeedWording> for Wording {
    fn from(w: &SeedWording) -> Wording {
        Wording {
            fr: w.fr.clone(),
            en: w.en.clone(),
            zh_tw: w.zh_tw.clone(),
        }
    }
}

pub(super) fn tentative() -> ItemStatus {
    ItemStatus::Tentative
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct SeedFollowup {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) owner: Option<String>,
    pub(super) due_on: Option<String>,
    #[serde(default = "open")]
    pub(super) status: FollowupStatus,
    pub(super) organisation: Option<String>,
    pub(super) contact: Option<String>,
    pub(super) technology: Option<String>,
    pub(super) notes: Option<String>,
}

pub(super) fn open() -> FollowupStatus {
    FollowupStatus::Open
}
