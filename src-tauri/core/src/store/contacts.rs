//! Contacts: people, with their specialties, tags and the privacy facts that justify holding them.

use super::writer::{flag, opt_text, text};
use super::{ensure_exists, json_list, opt_ref, specialties, Link, Saved, Writer};
use crate::domain::{
    display_name, Contact, ContactDetail, ContactMission, ContactSummary, Privacy, Ref,
};
use crate::error::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};

const SPECIALTIES: Link = Link {
    table: "contact_specialties",
    owner_column: "contact_id",
    value_columns: &["specialty"],
    entity: "contacts",
    field: "specialties",
};

const TAGS: Link = Link {
    table: "contact_tags",
    owner_column: "contact_id",
    value_columns: &["tag"],
    entity: "contacts",
    field: "tags",
};

fn check(w: &Writer<'_>, c: &Contact) -> Result<()> {
    ensure_exists(
        w.conn(),
        "organisations",
        "organisationId",
        c.organisation_id.as_deref(),
    )?;
    ensure_exists(
        w.conn(),
        "departments",
        "departmentId",
        c.department_id.as_deref(),
    )?;
    if let Some(dep) = &c.department_id {
        let org: Option<String> = w.conn().query_row(
            "SELECT organisation_id FROM departments WHERE id = ?1",
            [dep],
            |r| r.get(0),
        )?;
        if org.as_deref() != c.organisation_id.as_deref() {
            return Err(Error::validation(
                "departmentId",
                "the department belongs to another organisation",
            ));
        }
    }
    specialties::check(w.conn(), "specialties", &c.specialties)?;
    c.check_consent()
}

fn fields(c: &Contact) -> [(&'static str, Value); 18] {
    let languages = serde_json::to_string(&c.languages).unwrap_or_else(|_| "[]".into());
    [
        ("given_name", text(&c.given_name)),
        ("family_name", text(&c.family_name)),
        ("native_name", opt_text(c.native_name.as_deref())),
        ("title", opt_text(c.title.as_deref())),
        ("role", opt_text(c.role.as_deref())),
        ("organisation_id", opt_text(c.organisation_id.as_deref())),
        ("department_id", opt_text(c.department_id.as_deref())),
        ("email", opt_text(c.email.as_deref())),
        ("phone", opt_text(c.phone.as_deref())),
        ("languages", text(languages)),
        ("notes", opt_text(c.notes.as_deref())),
        ("placeholder", flag(c.placeholder)),
        ("lawful_basis", text(c.privacy.lawful_basis.as_str())),
        ("data_source", opt_text(c.privacy.source.as_deref())),
        ("collected_on", opt_text(c.privacy.collected_on.as_deref())),
        (
            "consent_evidence",
            opt_text(c.privacy.consent_evidence.as_deref()),
        ),
        ("do_not_contact", flag(c.privacy.do_not_contact)),
        ("review_on", opt_text(c.privacy.review_on.as_deref())),
    ]
}

fn rows(values: &[String]) -> Vec<Vec<Value>> {
    values
        .iter()
        .map(|v| vec![Value::Text(v.clone())])
        .collect()
}

pub fn save(w: &mut Writer<'_>, c: &Contact) -> Result<Saved> {
    check(w, c)?;
    let saved = w.save("contacts", &c.id, &fields(c))?;
    let links_changed = w.set_links(&SPECIALTIES, &c.id, &rows(&c.specialties))?
        | w.set_links(&TAGS, &c.id, &rows(&c.tags))?;
    Ok(if saved == Saved::Unchanged && links_changed {
        Saved::Updated
    } else {
        saved
    })
}

/// Creates a new contact in a bulk action (an import): the same checks as [`save`], logged as
/// one change-log row.
pub fn create_bulk(w: &mut Writer<'_>, c: &Contact) -> Result<()> {
    check(w, c)?;
    w.insert_bulk("contacts", &c.id, &fields(c))?;
    if !c.specialties.is_empty() {
        w.set_links(&SPECIALTIES, &c.id, &rows(&c.specialties))?;
    }
    if !c.tags.is_empty() {
        w.set_links(&TAGS, &c.id, &rows(&c.tags))?;
    }
    Ok(())
}

/// Columns of a contact summary; `?` filters are appended by callers.
const SUMMARY: &str = "SELECT c.id, c.given_name, c.family_name, c.native_name, c.title, c.role,
       c.organisation_id, o.name, c.placeholder,
       (SELECT json_group_array(specialty) FROM contact_specialties WHERE contact_id = c.id),
       (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id)
     FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
     WHERE c.archived_at IS NULL";

const ORDER: &str = " ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE";

pub(crate) fn summary(r: &Row<'_>) -> rusqlite::Result<ContactSummary> {
    let given: String = r.get(1)?;
    let family: String = r.get(2)?;
    Ok(ContactSummary {
        id: r.get(0)?,
        display_name: display_name(&given, &family),
        native_name: r.get(3)?,
        title: r.get(4)?,
        role: r.get(5)?,
        organisation: opt_ref(r.get(6)?, r.get(7)?),
        placeholder: r.get(8)?,
        specialties: json_list(&r.get::<_, String>(9)?),
        tags: json_list(&r.get::<_, String>(10)?),
    })
}

pub fn list(conn: &Connection) -> Result<Vec<ContactSummary>> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY}{ORDER}"))?;
    let rows = stmt.query_map([], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn of_organisation(conn: &Connection, organisation_id: &str) -> Result<Vec<ContactSummary>> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} AND c.organisation_id = ?1{ORDER}"))?;
    let rows = stmt.query_map([organisation_id], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn summary_of(conn: &Connection, id: &str) -> Result<ContactSummary> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY} AND c.id = ?1"))?;
    stmt.query_row([id], summary)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "contact",
            id: id.to_owned(),
        })
}

pub fn get(conn: &Connection, id: &str) -> Result<Contact> {
    conn.query_row(
        "SELECT id, given_name, family_name, native_name, title, role, organisation_id,
                department_id, email, phone, languages, notes, placeholder, lawful_basis,
                data_source, collected_on, consent_evidence, do_not_contact, review_on,
                (SELECT json_group_array(specialty) FROM contact_specialties WHERE contact_id = c.id),
                (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id)
         FROM contacts c WHERE id = ?1",
        [id],
        |r| {
            Ok(Contact {
                id: r.get(0)?,
                given_name: r.get(1)?,
                family_name: r.get(2)?,
                native_name: r.get(3)?,
                title: r.get(4)?,
                role: r.get(5)?,
                organisation_id: r.get(6)?,
                department_id: r.get(7)?,
                email: r.get(8)?,
                phone: r.get(9)?,
                languages: json_list(&r.get::<_, String>(10)?),
                notes: r.get(11)?,
                placeholder: r.get(12)?,
                privacy: Privacy {
                    lawful_basis: r.get(13)?,
                    source: r.get(14)?,
                    collected_on: r.get(15)?,
                    consent_evidence: r.get(16)?,
                    do_not_contact: r.get(17)?,
                    review_on: r.get(18)?,
                },
                specialties: json_list(&r.get::<_, String>(19)?),
                tags: json_list(&r.get::<_, String>(20)?),
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { entity: "contact", id: id.to_owned() })
}

pub fn detail(conn: &Connection, id: &str) -> Result<ContactDetail> {
    let contact = get(conn, id)?;
    let name_of = |table: &str, id: &Option<String>| -> Result<Option<Ref>> {
        let Some(id) = id else { return Ok(None) };
        let name: Option<String> = conn
            .query_row(
                &format!("SELECT name FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(opt_ref(Some(id.clone()), name))
    };
    let organisation = name_of("organisations", &contact.organisation_id)?;
    let department = name_of("departments", &contact.department_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.title, d.role FROM delegation_members d JOIN missions m ON m.id = d.mission_id
         WHERE d.contact_id = ?1
         UNION
         SELECT DISTINCT m.id, m.title, 'participant' FROM agenda_participants p
           JOIN agenda_items i ON i.id = p.item_id JOIN missions m ON m.id = i.mission_id
         WHERE p.contact_id = ?1
           AND NOT EXISTS (SELECT 1 FROM delegation_members d
                           WHERE d.contact_id = ?1 AND d.mission_id = m.id)
         ORDER BY 2",
    )?;
    let missions = stmt
        .query_map([id], |r| {
            Ok(ContactMission {
                mission: Ref {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                role: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ContactDetail {
        contact,
        organisation,
        department,
        missions,
    })
}
