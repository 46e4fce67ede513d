//! Exports: contacts as CSV or vCard 4.0, organisations and technologies as CSV.
//!
//! CSV cells that a spreadsheet would run as a formula (starting with `= + - @`, a tab or a
//! carriage return) are prefixed with an apostrophe; the importer strips it again.

use crate::domain::display_name;
use crate::error::{Error, Result};
use rusqlite::Connection;

/// Guards a CSV cell against formula injection.
pub fn escape_cell(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn csv_error(e: csv::Error) -> Error {
    Error::Conflict(format!("cannot write CSV: {e}"))
}

fn write_csv(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    // UTF-8 with a BOM, so that Excel reads accents and Chinese names right.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header).map_err(csv_error)?;
        for row in rows {
            w.write_record(row.iter().map(|c| escape_cell(c)))
                .map_err(csv_error)?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn list(json: Option<String>) -> String {
    crate::store::json_list(json.as_deref().unwrap_or("[]")).join(", ")
}

/// Every contact (archived ones too) as CSV.
pub fn contacts_csv(conn: &Connection) -> Result<Vec<u8>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.given_name, c.family_name, c.native_name, c.title, c.role, o.name,
                d.name, c.email, c.phone, c.languages,
                (SELECT json_group_array(specialty) FROM contact_specialties WHERE contact_id = c.id),
                (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id),
                c.lawful_basis, c.data_source, c.collected_on, c.do_not_contact, c.notes
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN departments d ON d.id = c.department_id
         ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let opt = |i: usize| -> rusqlite::Result<String> {
                Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
            };
            Ok(vec![
                opt(0)?,
                opt(1)?,
                opt(2)?,
                opt(3)?,
                opt(4)?,
                opt(5)?,
                opt(6)?,
                opt(7)?,
                opt(8)?,
                opt(9)?,
                list(r.get(10)?),
                list(r.get(11)?),
                list(r.get(12)?),
                opt(13)?,
                opt(14)?,
                opt(15)?,
                if r.get::<_, bool>(16)? {
                    "yes".into()
                } else {
                    String::new()
                },
                opt(17)?,
            ])
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write_csv(
        &[
            "Id",
            "Given name",
            "Family name",
            "Native name",
            "Title",
            "Job title",
            "Organisation",
            "Department",
            "E-mail",
            "Phone",
            "Languages",
            "Specialties",
            "Tags",
            "Lawful basis",
            "Source",
            "Collected on",
            "Do not contact",
            "Notes",
        ],
        rows,
    )
}

pub fn organisations_csv(conn: &Connection) -> Result<Vec<u8>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, o.short_name, o.kind, p.name, o.address, o.postal_code, o.city,
                o.country, o.latitude, o.longitude, o.tz, o.website, o.notes
         FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id
         ORDER BY o.name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let mut row = Vec::with_capacity(14);
            for i in 0..14 {
                let v: rusqlite::types::Value = r.get(i)?;
                row.push(match v {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(_) => String::new(),
                });
            }
            Ok(row)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write_csv(
        &[
            "Id",
            "Name",
            "Short name",
            "Kind",
            "Parent",
            "Address",
            "Postal code",
            "City",
            "Country",
            "Latitude",
            "Longitude",
            "Time zone",
            "Website",
            "Notes",
        ],
        rows,
    )
}

pub fn technologies_csv(conn: &Connection) -> Result<Vec<u8>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, o.name, t.description,
                (SELECT json_group_array(specialty) FROM technology_specialties WHERE technology_id = t.id),
                t.taiwan_fda, t.ce_mdr_class, t.eu_ai_act_risk, t.maturity, t.regulatory_notes
         FROM technologies t LEFT JOIN organisations o ON o.id = t.owner_organisation_id
         ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let opt = |i: usize| -> rusqlite::Result<String> {
                Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
            };
            Ok(vec![
                opt(0)?,
                opt(1)?,
                opt(2)?,
                opt(3)?,
                list(r.get(4)?),
                opt(5)?,
                opt(6)?,
                opt(7)?,
                opt(8)?,
                opt(9)?,
            ])
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    write_csv(
        &[
            "Id",
            "Name",
            "Owner",
            "Description",
            "Specialties",
            "Taiwan FDA",
            "CE MDR class",
            "EU AI Act risk",
            "Maturity",
            "Regulatory notes",
        ],
        rows,
    )
}

/// Contacts as vCard 4.0, written by `calcard`. `only` limits the export to some ids.
pub fn contacts_vcard(conn: &Connection, only: Option<&[String]>) -> Result<String> {
    use calcard::vcard::{
        VCard, VCardEntry, VCardParameter, VCardProperty, VCardValue, VCardVersion,
    };
    let mut stmt = conn.prepare(
        "SELECT c.id, c.given_name, c.family_name, c.native_name, c.title, c.role, o.name,
                d.name, c.email, c.phone, c.notes,
                (SELECT json_group_array(tag) FROM contact_tags WHERE contact_id = c.id)
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id
         LEFT JOIN departments d ON d.id = c.department_id
         ORDER BY c.family_name COLLATE NOCASE, c.given_name COLLATE NOCASE",
    )?;
    let mut out = String::new();
    let mut rows = stmt.query([])?;
    let entry =
        |name: VCardProperty, values: Vec<String>, params: Vec<VCardParameter>| VCardEntry {
            group: None,
            name,
            params,
            values: values.into_iter().map(VCardValue::Text).collect(),
        };
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        if only.is_some_and(|ids| !ids.contains(&id)) {
            continue;
        }
        let given: String = r.get(1)?;
        let family: String = r.get(2)?;
        let native: Option<String> = r.get(3)?;
        let title: Option<String> = r.get(4)?;
        let mut entries = vec![
            entry(VCardProperty::Version, vec!["4.0".into()], vec![]),
            entry(
                VCardProperty::Uid,
                vec![format!("urn:passerelle:{id}")],
                vec![],
            ),
            entry(
                VCardProperty::Fn,
                vec![display_name(&given, &family)],
                vec![VCardParameter::Altid("1".into())],
            ),
        ];
        if let Some(n) = &native {
            entries.push(entry(
                VCardProperty::Fn,
                vec![n.clone()],
                vec![
                    VCardParameter::Altid("1".into()),
                    VCardParameter::Language("zh-Hant".into()),
                ],
            ));
        }
        entries.push(entry(
            VCardProperty::N,
            vec![
                family,
                given,
                String::new(),
                title.unwrap_or_default(),
                String::new(),
            ],
            vec![],
        ));
        if let Some(role) = r.get::<_, Option<String>>(5)? {
            entries.push(entry(VCardProperty::Title, vec![role], vec![]));
        }
        if let Some(org) = r.get::<_, Option<String>>(6)? {
            let mut v = vec![org];
            if let Some(d) = r.get::<_, Option<String>>(7)? {
                v.push(d);
            }
            entries.push(entry(VCardProperty::Org, v, vec![]));
        }
        if let Some(e) = r.get::<_, Option<String>>(8)? {
            entries.push(entry(VCardProperty::Email, vec![e], vec![]));
        }
        if let Some(p) = r.get::<_, Option<String>>(9)? {
            entries.push(entry(VCardProperty::Tel, vec![p], vec![]));
        }
        if let Some(n) = r.get::<_, Option<String>>(10)? {
            entries.push(entry(VCardProperty::Note, vec![n], vec![]));
        }
        let tags = crate::store::json_list(&r.get::<_, String>(11)?);
        if !tags.is_empty() {
            entries.push(entry(VCardProperty::Categories, tags, vec![]));
        }
        let card = VCard { entries };
        card.write_to(&mut out, VCardVersion::V4_0)
            .map_err(|_| Error::Conflict("cannot write the vCard".into()))?;
    }
    Ok(out)
}
