//! What the directory's exports read: every contact, organisation and technology (archived
//! ones too) with the names of what they link to, in the order of the files written by
//! `directory::export`.

use super::json_list;
use crate::error::Result;
use rusqlite::Connection;

/// A contact with its organisation's and department's names and its lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub native_name: Option<String>,
    pub title: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
    pub department: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    pub specialties: Vec<String>,
    pub tags: Vec<String>,
    pub lawful_basis: String,
    pub data_source: Option<String>,
    pub collected_on: Option<String>,
    pub do_not_contact: bool,
    pub notes: Option<String>,
}

fn list(json: Option<String>) -> Vec<String> {
    json_list(json.as_deref().unwrap_or("[]"))
}

/// Every contact, by family then given name (case-insensitive).
pub fn contacts(conn: &Connection) -> Result<Vec<ContactRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.given_name, c.family_name, c.native_name, c.title, c.role, o.name,
                d.name, c.email, c.phone, c.languages,
                (SELECT json_group_array(specialty) FROM contact_specialties WHERE contact_id = c.id),
                (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id),
                c.lawful_basis, c.data_source, c.collected_on, c.do_not_contact, c.notes
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN departments d ON d.id = c.department_id
         ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ContactRow {
            id: r.get(0)?,
            given_name: r.get(1)?,
            family_name: r.get(2)?,
            native_name: r.get(3)?,
            title: r.get(4)?,
            role: r.get(5)?,
            organisation: r.get(6)?,
            department: r.get(7)?,
            email: r.get(8)?,
            phone: r.get(9)?,
            languages: list(r.get(10)?),
            specialties: list(r.get(11)?),
            tags: list(r.get(12)?),
            lawful_basis: r.get(13)?,
            data_source: r.get(14)?,
            collected_on: r.get(15)?,
            do_not_contact: r.get(16)?,
            notes: r.get(17)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An organisation with its parent's name.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub parent: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub tz: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
}

/// Every organisation, by name (case-insensitive).
pub fn organisations(conn: &Connection) -> Result<Vec<OrganisationRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, o.short_name, o.kind, p.name, o.address, o.postal_code, o.city,
                o.country, o.latitude, o.longitude, o.tz, o.website, o.notes
         FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
         ORDER BY o.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(OrganisationRow {
            id: r.get(0)?,
            name: r.get(1)?,
            short_name: r.get(2)?,
            kind: r.get(3)?,
            parent: r.get(4)?,
            address: r.get(5)?,
            postal_code: r.get(6)?,
            city: r.get(7)?,
            country: r.get(8)?,
            latitude: r.get(9)?,
            longitude: r.get(10)?,
            tz: r.get(11)?,
            website: r.get(12)?,
            notes: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A technology with its owner's name and its specialties.
#[derive(Debug, Clone, PartialEq)]
pub struct TechnologyRow {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub description: Option<String>,
    pub specialties: Vec<String>,
    pub taiwan_fda: Option<String>,
    pub ce_mdr_class: Option<String>,
    pub eu_ai_act_risk: Option<String>,
    pub maturity: Option<String>,
    pub regulatory_notes: Option<String>,
}

/// Every technology, by name (case-insensitive).
pub fn technologies(conn: &Connection) -> Result<Vec<TechnologyRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, o.name, t.description,
                (SELECT json_group_array(specialty) FROM technology_specialties WHERE technology_id = t.id),
                t.taiwan_fda, t.ce_mdr_class, t.eu_ai_act_risk, t.maturity, t.regulatory_notes
         FROM technologies t LEFT JOIN organisations o ON o.id = t.owner_organisation_id
         ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TechnologyRow {
            id: r.get(0)?,
            name: r.get(1)?,
            owner: r.get(2)?,
            description: r.get(3)?,
            specialties: list(r.get(4)?),
            taiwan_fda: r.get(5)?,
            ce_mdr_class: r.get(6)?,
            eu_ai_act_risk: r.get(7)?,
            maturity: r.get(8)?,
            regulatory_notes: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
