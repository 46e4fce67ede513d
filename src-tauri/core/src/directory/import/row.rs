//! One row on its own: its mapped cells read, cleaned and checked into a contact, with the
//! row's problems. Nothing here looks at other rows or the directory, so rows are prepared on
//! two threads.

use super::country::{country_from_email, country_from_phone, country_from_text, normalise_phone};
use super::plan::{ImportOptions, PlannedRow, RowAction};
use super::{ImportField, Mapping, RowMessage, SourceRow};
use crate::directory::{fold, has_cjk};
use crate::documents::locale::Lang;
use crate::domain::{Contact, LawfulBasis, Privacy};
use crate::error::{Error, Result};
use crate::messages::Message;

/// One row read and checked on its own, with no other row or stored record involved: the part
/// of planning that runs on several threads ([`prepare_rows`]).
pub(super) struct PreparedRow {
    /// What the preview shows; action and problems are set by [`build_row`].
    pub(super) planned: PlannedRow,
    /// Problems found so far (a phone kept in the notes).
    pub(super) problems: Vec<RowMessage>,
    pub(super) org_name: Option<String>,
    /// `fold(org_name)`, the key organisations are known by.
    pub(super) org_key: Option<String>,
    /// The country of an organisation this row would create.
    pub(super) country: String,
    /// The validated contact (its id and organisation are given in order by [`build_row`]) and
    /// its duplicate keys (lower-case e-mail, name key), or why the row is rejected.
    pub(super) contact: std::result::Result<(Contact, Option<String>, String), RowMessage>,
}

/// The placeholder id of a prepared contact, replaced by [`build_row`].
pub(super) const PENDING_ID: &str = "con_pending";

/// Prepares the rows on up to two threads (the planners' laptops have at least two cores),
/// keeping the file's order.
pub(super) fn prepare_rows(
    rows: &[SourceRow],
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<Vec<PreparedRow>> {
    const PARALLEL_FROM: usize = 4096;
    let prepare = |part: &[SourceRow]| -> Vec<PreparedRow> {
        part.iter()
            .map(|r| prepare_row(r, mapping, options))
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if rows.len() < PARALLEL_FROM || cores < 2 {
        return Ok(prepare(rows));
    }
    let (first, second) = rows.split_at(rows.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| prepare(second));
        let mut prepared = prepare(first);
        let rest = other
            .join()
            .map_err(|_| Error::Internal("the import stopped while reading the file".into()))?;
        prepared.extend(rest);
        Ok(prepared)
    })
}

/// Reads the mapped cells of one row and builds and checks the contact it describes.
pub(super) fn prepare_row(
    row: &SourceRow,
    mapping: &Mapping,
    options: &ImportOptions,
) -> PreparedRow {
    let mut problems = Vec::new();
    // The mapped cells as text: line breaks kept as LF, other control characters removed with
    // a warning for the row, never a refusal (borrowed from the row when already clean).
    let cells: Vec<std::borrow::Cow<'_, str>> = mapping
        .iter()
        .zip(&row.cells)
        .map(|(m, c)| {
            if *m == ImportField::Ignore {
                return std::borrow::Cow::Borrowed("");
            }
            let (text, removed) = crate::domain::validate::clean_text(unescape_cell(c));
            if removed {
                problems.push(RowMessage::of_field(
                    field_name(*m),
                    Message::new("import.controlCharactersRemoved"),
                ));
            }
            text
        })
        .collect();
    // The non-empty cells mapped to a field.
    let get = |f: ImportField| {
        mapping
            .iter()
            .zip(&cells)
            .filter(move |(m, _)| **m == f)
            .map(|(_, c)| c.trim())
            .filter(|c| !c.is_empty())
    };
    let one = |f: ImportField| get(f).next().map(str::to_owned);
    let mut given = one(ImportField::GivenName).unwrap_or_default();
    let mut family = one(ImportField::FamilyName).unwrap_or_default();
    let full = one(ImportField::FullName);
    let mut native = one(ImportField::NativeName);
    if given.is_empty() && family.is_empty() {
        if let Some(full) = &full {
            if has_cjk(full) && !full.contains(' ') {
                family = full.clone();
                native.get_or_insert_with(|| full.clone());
            } else if let Some((g, f)) = full.trim().rsplit_once(' ') {
                given = g.trim().to_owned();
                family = f.trim().to_owned();
            } else {
                family = full.clone();
            }
        } else if let Some(native) = &native {
            // Known only by a name in its own script (a vCard 4.0 with FN and no N, as Korean,
            // Chinese and Japanese names often are): filed under that whole name as the family
            // name, unsplit, as a CJK full name is above; the native name holds it too.
            family = native.clone();
        }
    }
    // A Chinese name split in two (family 陳, given 美玲) reads as one word: 陳美玲.
    if has_cjk(&given) && has_cjk(&family) && !given.contains(' ') {
        let whole = format!("{family}{given}");
        native.get_or_insert_with(|| whole.clone());
        family = whole;
        given = String::new();
    } else if native.is_none() && (has_cjk(&given) || has_cjk(&family)) {
        native = Some(format!("{family}{given}"));
    }
    let email = one(ImportField::Email);
    let raw_phone = one(ImportField::Phone);
    let org_name = one(ImportField::Organisation);
    // The country the row states, if any.
    let stated_country = get(ImportField::Country).next().and_then(country_from_text);
    let mut notes: Vec<String> = get(ImportField::Notes).map(str::to_owned).collect();
    let tags: Vec<String> = get(ImportField::Tags)
        .flat_map(|t| t.split([',', ';']))
        .map(|t| t.trim().trim_start_matches('*').trim().to_lowercase())
        .filter(|t| {
            !t.is_empty() && t != "mycontacts" && t != "my contacts" && t.chars().count() <= 60
        })
        .collect();
    let languages: Vec<String> = get(ImportField::Languages)
        .flat_map(|t| t.split([',', ';', ' ']))
        .map(|t| t.trim().to_owned())
        .filter(|t| crate::domain::validate::language("l", t).is_ok())
        .collect();

    let country = stated_country
        .clone()
        .or_else(|| {
            raw_phone
                .as_deref()
                .and_then(country_from_phone)
                .map(str::to_owned)
        })
        .or_else(|| email.as_deref().and_then(country_from_email))
        .unwrap_or_else(|| options.default_country.clone());

    let mut phone = None;
    if let Some(p) = &raw_phone {
        // A national number gets a country code only when the row says the country.
        match normalise_phone(p, stated_country.as_deref()) {
            Some(n) if crate::domain::validate::phone("phone", Some(&n)).is_ok() => phone = Some(n),
            _ => {
                problems.push(RowMessage::of_field(
                    "phone",
                    Message::new("import.phoneKeptInNotes").with("value", p),
                ));
                notes.push(
                    Message::new("import.phoneNote")
                        .with("value", p)
                        .render(options.language().unwrap_or(Lang::En)),
                );
            }
        }
    }

    let planned = PlannedRow {
        line: row.line,
        action: RowAction::Reject,
        display_name: crate::domain::display_name(&given, &family),
        native_name: native.clone(),
        email: email.clone(),
        phone: phone.clone(),
        organisation: org_name.clone(),
        problems: Vec::new(),
        contact: None,
        new_organisation: None,
    };
    let contact = Contact {
        id: PENDING_ID.to_owned(),
        given_name: given,
        family_name: family,
        native_name: native,
        title: one(ImportField::Title),
        role: one(ImportField::Role),
        organisation_id: None,
        department_id: None,
        email,
        phone,
        languages,
        specialties: Vec::new(),
        tags,
        notes: (!notes.is_empty()).then(|| notes.join("\n")),
        placeholder: false,
        privacy: Privacy {
            lawful_basis: options.lawful_basis,
            source: Some(options.source.clone()),
            collected_on: Some(options.collected_on.clone()),
            consent_evidence: (options.lawful_basis == LawfulBasis::Consent).then(|| {
                Message::new("import.consentEvidence")
                    .with("source", &options.source)
                    .render(options.language().unwrap_or(Lang::En))
            }),
            do_not_contact: false,
            review_on: None,
        },
    };
    let contact = match contact.validate() {
        Ok(c) => {
            let email_key = c.email.as_ref().map(|e| e.to_lowercase());
            let name = name_key(&c.given_name, &c.family_name);
            Ok((c, email_key, name))
        }
        Err(e) => Err(RowMessage::refusal(e)),
    };
    PreparedRow {
        planned,
        problems,
        org_key: org_name.as_deref().map(fold),
        org_name,
        country,
        contact,
    }
}

/// Accent- and case-insensitive key of a person's name, word order ignored.
pub(super) fn name_key(given: &str, family: &str) -> String {
    let folded = fold(&format!("{given} {family}"));
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// The contact field an import column fills, as validation messages name fields.
fn field_name(field: ImportField) -> &'static str {
    use ImportField as F;
    match field {
        F::Ignore => "ignored",
        F::GivenName => "givenName",
        F::FamilyName => "familyName",
        F::FullName => "fullName",
        F::NativeName => "nativeName",
        F::Title => "title",
        F::Role => "role",
        F::Organisation => "organisation",
        F::Department => "department",
        F::Email => "email",
        F::Phone => "phone",
        F::Country => "country",
        F::Notes => "notes",
        F::Tags => "tags",
        F::Languages => "languages",
    }
}

/// A cell exported with a formula guard ("'=…", "'+32…") reads back as written.
fn unescape_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}
