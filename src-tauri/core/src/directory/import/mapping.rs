//! Which contact field each column fills: guessed from the header names, remembered per set of
//! headers.

use super::vcard::VCARD_COLUMNS;
use super::{FileFormat, ImportField};
use crate::directory::fold;
use crate::error::Result;
use crate::store::{self, Writer};
use rusqlite::Connection;

/// The column mapping: one field per header, in the headers' order.
pub type Mapping = Vec<ImportField>;

/// The key under which a mapping is remembered: the folded headers, sorted.
pub fn header_key(headers: &[String]) -> String {
    let mut folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    folded.sort();
    folded.join("\u{1f}")
}

/// A mapping guessed from the header names of Google, Outlook (English and French) and
/// common spreadsheets.
pub fn guess_mapping(format: FileFormat, headers: &[String]) -> Mapping {
    if format == FileFormat::VCard {
        return VCARD_COLUMNS.iter().map(|(_, f)| *f).collect();
    }
    let mut seen = std::collections::HashSet::new();
    headers
        .iter()
        .map(|h| {
            let f = guess_field(&fold(h));
            // Only the first e-mail, phone… column: Outlook has three of each.
            if f != ImportField::Ignore && f != ImportField::Notes && !seen.insert(f) {
                ImportField::Ignore
            } else {
                f
            }
        })
        .collect()
}

fn guess_field(h: &str) -> ImportField {
    use ImportField as F;
    let has = |words: &[&str]| words.contains(&h);
    let starts = |words: &[&str]| words.iter().any(|w| h.starts_with(w));
    if has(&[
        "first name",
        "given name",
        "firstname",
        "prenom",
        "voornaam",
        "given",
    ]) {
        F::GivenName
    } else if has(&[
        "last name",
        "family name",
        "surname",
        "lastname",
        "nom",
        "nom de famille",
        "achternaam",
        "family",
    ]) {
        F::FamilyName
    } else if has(&[
        "name",
        "full name",
        "display name",
        "nom complet",
        "naam",
        "fn",
    ]) {
        F::FullName
    } else if has(&[
        "native name",
        "chinese name",
        "nom natif",
        "nom chinois",
        "nom en chinois",
        "中文姓名",
        "姓名",
        "name in native script",
    ]) {
        F::NativeName
    } else if has(&[
        "title",
        "name prefix",
        "prefix",
        "civilite",
        "titre",
        "honorific",
    ]) {
        F::Title
    } else if has(&[
        "job title",
        "organization 1 title",
        "organization title",
        "fonction",
        "role",
        "position",
        "poste",
    ]) {
        F::Role
    } else if has(&[
        "company",
        "organization 1 name",
        "organization name",
        "organisation",
        "organization",
        "societe",
        "entreprise",
        "hospital",
        "institution",
    ]) {
        F::Organisation
    } else if has(&[
        "department",
        "organization 1 department",
        "organization department",
        "service",
        "departement",
    ]) {
        F::Department
    } else if starts(&[
        "e mail",
        "email",
        "adresse de messagerie",
        "courriel",
        "adresse mail",
        "mail",
    ]) && !h.contains("type")
        && !h.contains("display")
        && !h.contains("label")
    {
        F::Email
    } else if (starts(&[
        "phone",
        "mobile",
        "business phone",
        "telephone",
        "tel",
        "gsm",
        "primary phone",
        "home phone",
    ])) && !h.contains("type")
        && !h.contains("label")
        && !h.contains("fax")
    {
        F::Phone
    } else if has(&[
        "country",
        "pays",
        "business country region",
        "country region",
        "address 1 country",
        "business country",
    ]) {
        F::Country
    } else if has(&["notes", "note", "remarques"]) {
        F::Notes
    } else if has(&[
        "labels",
        "categories",
        "tags",
        "group membership",
        "categorie",
        "categories",
    ]) {
        F::Tags
    } else if has(&["languages", "language", "langues", "langue"]) {
        F::Languages
    } else {
        F::Ignore
    }
}

/// The remembered mapping for these headers, if any.
pub fn remembered_mapping(conn: &Connection, headers: &[String]) -> Result<Option<Mapping>> {
    Ok(
        store::local::remembered_mapping::<Mapping>(conn, &header_key(headers))?
            .filter(|m| m.len() == headers.len()),
    )
}

pub fn remember_mapping(
    w: &mut Writer<'_>,
    headers: &[String],
    mapping: &Mapping,
    now: &str,
) -> Result<()> {
    store::local::remember_mapping(w, &header_key(headers), headers, mapping, now)
}
