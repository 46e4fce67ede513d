//! Exports: contacts as CSV or vCard 4.0, organisations and technologies as CSV.
//!
//! CSV cells that a spreadsheet would run as a formula (starting with `= + - @`, a tab or a
//! carriage return) are prefixed with an apostrophe; the importer strips it again.

use crate::domain::display_name;
use crate::error::{Error, Result};
use crate::store;
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
    Error::Internal(format!("cannot write CSV: {e}"))
}

pub(crate) fn write_csv(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
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

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn real(f: Option<f64>) -> String {
    f.map(|f| f.to_string()).unwrap_or_default()
}

/// Every contact (archived ones too) as CSV.
pub fn contacts_csv(conn: &Connection) -> Result<Vec<u8>> {
    let rows = store::exports::contacts(conn)?
        .into_iter()
        .map(|c| {
            vec![
                c.id,
                c.given_name,
                c.family_name,
                opt(&c.native_name),
                opt(&c.title),
                opt(&c.role),
                opt(&c.organisation),
                opt(&c.department),
                opt(&c.email),
                opt(&c.phone),
                c.languages.join(", "),
                c.specialties.join(", "),
                c.tags.join(", "),
                c.lawful_basis,
                opt(&c.data_source),
                opt(&c.collected_on),
                if c.do_not_contact {
                    "yes".into()
                } else {
                    String::new()
                },
                opt(&c.notes),
            ]
        })
        .collect();
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
    let rows = store::exports::organisations(conn)?
        .into_iter()
        .map(|o| {
            vec![
                o.id,
                o.name,
                opt(&o.short_name),
                o.kind,
                opt(&o.parent),
                opt(&o.address),
                opt(&o.postal_code),
                opt(&o.city),
                o.country,
                real(o.latitude),
                real(o.longitude),
                opt(&o.tz),
                opt(&o.website),
                opt(&o.notes),
            ]
        })
        .collect();
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
    let rows = store::exports::technologies(conn)?
        .into_iter()
        .map(|t| {
            vec![
                t.id,
                t.name,
                opt(&t.owner),
                opt(&t.description),
                t.specialties.join(", "),
                opt(&t.taiwan_fda),
                opt(&t.ce_mdr_class),
                opt(&t.eu_ai_act_risk),
                opt(&t.maturity),
                opt(&t.regulatory_notes),
            ]
        })
        .collect();
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
    let mut out = String::new();
    let entry =
        |name: VCardProperty, values: Vec<String>, params: Vec<VCardParameter>| VCardEntry {
            group: None,
            name,
            params,
            values: values.into_iter().map(VCardValue::Text).collect(),
        };
    for c in store::exports::contacts(conn)? {
        if only.is_some_and(|ids| !ids.contains(&c.id)) {
            continue;
        }
        let mut entries = vec![
            entry(VCardProperty::Version, vec!["4.0".into()], vec![]),
            entry(
                VCardProperty::Uid,
                vec![format!("urn:passerelle:{}", c.id)],
                vec![],
            ),
            entry(
                VCardProperty::Fn,
                vec![display_name(&c.given_name, &c.family_name)],
                vec![VCardParameter::Altid("1".into())],
            ),
        ];
        if let Some(n) = &c.native_name {
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
                c.family_name,
                c.given_name,
                String::new(),
                c.title.unwrap_or_default(),
                String::new(),
            ],
            vec![],
        ));
        if let Some(role) = c.role {
            entries.push(entry(VCardProperty::Title, vec![role], vec![]));
        }
        if let Some(org) = c.organisation {
            let mut v = vec![org];
            if let Some(d) = c.department {
                v.push(d);
            }
            entries.push(entry(VCardProperty::Org, v, vec![]));
        }
        if let Some(e) = c.email {
            entries.push(entry(VCardProperty::Email, vec![e], vec![]));
        }
        if let Some(p) = c.phone {
            entries.push(entry(VCardProperty::Tel, vec![p], vec![]));
        }
        if let Some(n) = c.notes {
            entries.push(entry(VCardProperty::Note, vec![n], vec![]));
        }
        if !c.tags.is_empty() {
            entries.push(entry(VCardProperty::Categories, c.tags, vec![]));
        }
        let card = VCard { entries };
        card.write_to(&mut out, VCardVersion::V4_0)
            .map_err(|_| Error::Internal("cannot write the vCard".into()))?;
    }
    Ok(out)
}
