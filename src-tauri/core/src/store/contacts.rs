//! Contacts: people, with their specialties, tags and the privacy facts that justify holding them.

use super::{ensure_exists, json_list, opt_ref, specialties, Link, Saved, Writer};
use crate::domain::{
    display_name, Contact, ContactDetail, ContactMission, ContactSummary, Privacy, Ref,
};
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row};

pub(crate) const SPECIALTIES: Link = Link {
    table: "contact_specialties",
    owner_column: "contact_id",
    value_columns: &["specialty"],
    entity: "contacts",
    field: "specialties",
};

pub(crate) const TAGS: Link = Link {
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
    check_rest(w, c)
}

/// The checks of [`check`] after the organisation's existence.
fn check_rest(w: &Writer<'_>, c: &Contact) -> Result<()> {
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
            return Err(Error::invalid(
                "departmentId",
                Message::new("departmentOfAnotherOrganisation"),
            ));
        }
    }
    if !c.specialties.is_empty() {
        specialties::check(w.conn(), "specialties", &c.specialties)?;
    }
    c.check_consent()
}

/// The stored columns of a contact besides its id and timestamps, in the order of [`values`].
const COLUMNS: [&str; 18] = [
    "given_name",
    "family_name",
    "native_name",
    "title",
    "role",
    "organisation_id",
    "department_id",
    "email",
    "phone",
    "languages",
    "notes",
    "placeholder",
    "lawful_basis",
    "data_source",
    "collected_on",
    "consent_evidence",
    "do_not_contact",
    "review_on",
];

/// A contact's values in the order of [`COLUMNS`], borrowed; `languages` is its languages as
/// JSON.
fn values<'a>(c: &'a Contact, languages: &'a str) -> [ValueRef<'a>; 18] {
    let text = |s: &'a str| ValueRef::Text(s.as_bytes());
    let opt = |s: &'a Option<String>| s.as_deref().map_or(ValueRef::Null, text);
    let flag = |b: bool| ValueRef::Integer(i64::from(b));
    [
        text(&c.given_name),
        text(&c.family_name),
        opt(&c.native_name),
        opt(&c.title),
        opt(&c.role),
        opt(&c.organisation_id),
        opt(&c.department_id),
        opt(&c.email),
        opt(&c.phone),
        text(languages),
        opt(&c.notes),
        flag(c.placeholder),
        text(c.privacy.lawful_basis.as_str()),
        opt(&c.privacy.source),
        opt(&c.privacy.collected_on),
        opt(&c.privacy.consent_evidence),
        flag(c.privacy.do_not_contact),
        opt(&c.privacy.review_on),
    ]
}

fn languages_json(c: &Contact) -> std::borrow::Cow<'static, str> {
    if c.languages.is_empty() {
        return "[]".into();
    }
    serde_json::to_string(&c.languages).map_or("[]".into(), Into::into)
}

fn fields(c: &Contact) -> Vec<(&'static str, Value)> {
    let languages = languages_json(c);
    COLUMNS
        .iter()
        .zip(values(c, &languages))
        .map(|(column, value)| (*column, super::writer::owned(value)))
        .collect()
}

fn rows_of(values: &[String]) -> Vec<Vec<Value>> {
    values
        .iter()
        .map(|v| vec![Value::Text(v.clone())])
        .collect()
}

pub fn save(w: &mut Writer<'_>, c: &Contact) -> Result<Saved> {
    check(w, c)?;
    let saved = w.save("contacts", &c.id, &fields(c))?;
    let links_changed = w.set_links(&SPECIALTIES, &c.id, &rows_of(&c.specialties))?
        | w.set_links(&TAGS, &c.id, &rows_of(&c.tags))?;
    Ok(if saved == Saved::Unchanged && links_changed {
        Saved::Updated
    } else {
        saved
    })
}

/// Creates new contacts in a bulk action (an import): the same checks as [`save`], each
/// contact logged as one change-log row (`Writer::insert_bulk`). `checked_orgs` holds the
/// organisations already found to exist in this transaction, so that each is looked up once
/// rather than once per contact; `at` turns a check's error into one that names the contact's
/// place (e.g. its line in the imported file).
pub fn create_bulk(
    w: &mut Writer<'_>,
    contacts: &[&Contact],
    checked_orgs: &mut std::collections::HashSet<String>,
    at: impl Fn(usize, Error) -> Error,
) -> Result<()> {
    for (i, c) in contacts.iter().enumerate() {
        let checked = match c.organisation_id.as_deref() {
            Some(org) if !checked_orgs.contains(org) => {
                ensure_exists(w.conn(), "organisations", "organisationId", Some(org))
                    .map(|()| checked_orgs.insert(org.to_owned()))
                    .map(|_| ())
            }
            _ => Ok(()),
        };
        checked
            .and_then(|()| check_rest(w, c))
            .map_err(|e| at(i, e))?;
    }
    let languages: Vec<std::borrow::Cow<'_, str>> =
        contacts.iter().map(|c| languages_json(c)).collect();
    let rows: Vec<(&str, Vec<ValueRef<'_>>)> = contacts
        .iter()
        .zip(&languages)
        .map(|(c, l)| (c.id.as_str(), values(c, l).to_vec()))
        .collect();
    w.insert_bulk("contacts", &COLUMNS, &rows)?;
    for c in contacts {
        if !c.specialties.is_empty() {
            w.set_links(&SPECIALTIES, &c.id, &rows_of(&c.specialties))?;
        }
        if !c.tags.is_empty() {
            w.set_links(&TAGS, &c.id, &rows_of(&c.tags))?;
        }
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

pub fn get(db: &impl super::Reads, id: &str) -> Result<Contact> {
    let conn = super::conn_of(db);
    // Cached: an import merging into thousands of stored contacts reads each of them.
    conn.prepare_cached(
        "SELECT id, given_name, family_name, native_name, title, role, organisation_id,
                department_id, email, phone, languages, notes, placeholder, lawful_basis,
                data_source, collected_on, consent_evidence, do_not_contact, review_on,
                (SELECT json_group_array(specialty) FROM contact_specialties WHERE contact_id = c.id),
                (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id)
         FROM contacts c WHERE id = ?1",
    )?
    .query_row(
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
