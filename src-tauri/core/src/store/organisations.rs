//! Organisations and their departments.

use super::writer::{flag, opt_real, opt_text, text};
use super::{ensure_exists, specialties, Saved, Writer};
use crate::domain::{Department, Organisation, OrganisationDetail, OrganisationSummary, Ref};
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::{Connection, OptionalExtension, Row};

pub fn save(w: &mut Writer<'_>, org: &Organisation) -> Result<Saved> {
    ensure_exists(
        w.conn(),
        "organisations",
        "parentId",
        org.parent_id.as_deref(),
    )?;
    if let Some(parent) = &org.parent_id {
        if is_ancestor(w.conn(), &org.id, parent)? {
            return Err(Error::invalid("parentId", Message::new("parentCycle")));
        }
    }
    w.save(
        "organisations",
        &org.id,
        &[
            ("name", text(&org.name)),
            ("short_name", opt_text(org.short_name.as_deref())),
            ("kind", text(org.kind.as_str())),
            ("parent_id", opt_text(org.parent_id.as_deref())),
            ("address", opt_text(org.address.as_deref())),
            ("postal_code", opt_text(org.postal_code.as_deref())),
            ("city", opt_text(org.city.as_deref())),
            ("country", text(&org.country)),
            ("latitude", opt_real(org.latitude)),
            ("longitude", opt_real(org.longitude)),
            ("tz", opt_text(org.tz.as_deref())),
            ("website", opt_text(org.website.as_deref())),
            ("notes", opt_text(org.notes.as_deref())),
            ("placeholder", flag(org.placeholder)),
        ],
    )
}

/// Whether `candidate` is `id` or one of its descendants.
fn is_ancestor(conn: &Connection, id: &str, candidate: &str) -> Result<bool> {
    let found: bool = conn.query_row(
        "WITH RECURSIVE up (id) AS (
           SELECT ?2 UNION SELECT o.parent_id FROM organisations o JOIN up ON o.id = up.id
           WHERE o.parent_id IS NOT NULL)
         SELECT EXISTS (SELECT 1 FROM up WHERE id = ?1)",
        [id, candidate],
        |r| r.get(0),
    )?;
    Ok(found)
}

pub fn save_department(w: &mut Writer<'_>, dep: &Department) -> Result<Saved> {
    ensure_exists(
        w.conn(),
        "organisations",
        "organisationId",
        Some(&dep.organisation_id),
    )?;
    if let Some(code) = &dep.specialty {
        specialties::check(w.conn(), "specialty", std::slice::from_ref(code))?;
    }
    w.save(
        "departments",
        &dep.id,
        &[
            ("organisation_id", text(&dep.organisation_id)),
            ("name", text(&dep.name)),
            ("specialty", opt_text(dep.specialty.as_deref())),
        ],
    )
}

const SUMMARY: &str = "SELECT o.id, o.name, o.short_name, o.kind, o.city, o.country, o.placeholder,
       (SELECT count(*) FROM departments d WHERE d.organisation_id = o.id),
       (SELECT count(*) FROM contacts c WHERE c.organisation_id = o.id AND c.archived_at IS NULL)
     FROM organisations o WHERE o.archived_at IS NULL";

fn summary(r: &Row<'_>) -> rusqlite::Result<OrganisationSummary> {
    Ok(OrganisationSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        short_name: r.get(2)?,
        kind: r.get(3)?,
        city: r.get(4)?,
        country: r.get(5)?,
        placeholder: r.get(6)?,
        department_count: r.get(7)?,
        contact_count: r.get(8)?,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<OrganisationSummary>> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} ORDER BY o.name COLLATE NOCASE"))?;
    let rows = stmt.query_map([], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(db: &impl super::Reads, id: &str) -> Result<Organisation> {
    let conn = super::conn_of(db);
    conn.query_row(
        "SELECT id, name, short_name, kind, parent_id, address, postal_code, city, country,
                latitude, longitude, tz, website, notes, placeholder
         FROM organisations WHERE id = ?1",
        [id],
        |r| {
            Ok(Organisation {
                id: r.get(0)?,
                name: r.get(1)?,
                short_name: r.get(2)?,
                kind: r.get(3)?,
                parent_id: r.get(4)?,
                address: r.get(5)?,
                postal_code: r.get(6)?,
                city: r.get(7)?,
                country: r.get(8)?,
                latitude: r.get(9)?,
                longitude: r.get(10)?,
                tz: r.get(11)?,
                website: r.get(12)?,
                notes: r.get(13)?,
                placeholder: r.get(14)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        entity: "organisation",
        id: id.to_owned(),
    })
}

pub fn departments(conn: &Connection, organisation_id: &str) -> Result<Vec<Department>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, organisation_id, name, specialty FROM departments
         WHERE organisation_id = ?1 ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([organisation_id], |r| {
        Ok(Department {
            id: r.get(0)?,
            organisation_id: r.get(1)?,
            name: r.get(2)?,
            specialty: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn detail(conn: &Connection, id: &str) -> Result<OrganisationDetail> {
    let organisation = get(conn, id)?;
    let parent = match &organisation.parent_id {
        Some(p) => Some(Ref {
            id: p.clone(),
            name: get(conn, p)?.name,
        }),
        None => None,
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY} AND o.parent_id = ?1 ORDER BY o.name COLLATE NOCASE"
    ))?;
    let members = stmt
        .query_map([id], summary)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(OrganisationDetail {
        parent,
        members,
        departments: departments(conn, id)?,
        contacts: super::contacts::of_organisation(conn, id)?,
        technologies: super::technologies::of_owner(conn, id)?,
        organisation,
    })
}
