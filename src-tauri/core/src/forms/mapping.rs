//! Which question each column of a response file answers. A header that is one of the
//! template's questions, in any of its three languages, or one of the form tools' own columns
//! (Microsoft Forms' ID / Start time / Completion time / Email / Name, Google Forms'
//! Timestamp, LimeSurvey's submitdate…) needs no map; LimeSurvey's one column per choice,
//! `Question [Choice]`, answers the question with that choice. A map file (`--map`) or the
//! wizard says the rest; the mapping is remembered per set of headers, like the contact
//! import's (`store::local`), under a key of its own.

use super::questions::{question_text, QUESTIONS};
use super::{FormField, FormKind};
use crate::directory::fold;
use crate::directory::import::header_key;
use crate::documents::locale::Lang;
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{self, Writer};
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The form mapping: one field per header, in the headers' order.
pub type FormMapping = Vec<FormField>;

/// The form tools' own columns and the usual names of the person's fields.
const ALIASES: &[(FormField, &[&str])] = &[
    (
        FormField::Ignore,
        &[
            "id",
            "start time",
            "heure de debut",
            "last modified time",
            "heure de la derniere modification",
            "response id",
            "id de la reponse",
            "lastpage",
            "last page",
            "derniere page",
            "startlanguage",
            "start language",
            "langue de depart",
            "seed",
            "startdate",
            "date started",
            "date de debut",
            "datestamp",
            "date last action",
            "ipaddr",
            "ip address",
            "refurl",
            "referrer url",
            "token",
        ],
    ),
    (
        FormField::Submitted,
        &[
            "completion time",
            "heure de fin",
            "timestamp",
            "horodateur",
            "horodatage",
            "submitdate",
            "date submitted",
            "date de soumission",
            "date d envoi",
            "marca temporal",
            "時間戳記",
            "提交時間",
            "完成時間",
            "submitted at",
            "completed",
        ],
    ),
    (
        FormField::Email,
        &[
            "email",
            "e mail",
            "email address",
            "e mail address",
            "adresse e mail",
            "adresse de messagerie",
            "adresse electronique",
            "courriel",
            "电子邮件",
            "電子郵件",
            "電子郵件地址",
            "電子郵件信箱",
        ],
    ),
    (
        FormField::Name,
        &[
            "name",
            "full name",
            "your name",
            "nom",
            "nom complet",
            "votre nom",
            "姓名",
            "名字",
        ],
    ),
    (
        FormField::GivenName,
        &["first name", "given name", "prenom", "名"],
    ),
    (
        FormField::FamilyName,
        &[
            "last name",
            "family name",
            "surname",
            "nom de famille",
            "姓",
        ],
    ),
    (
        FormField::Organisation,
        &[
            "organisation",
            "organization",
            "company",
            "entreprise",
            "societe",
            "hopital",
            "hospital",
            "institution",
            "機構",
            "單位",
            "公司",
            "服務單位",
        ],
    ),
    (
        FormField::Department,
        &["department", "service", "departement", "部門", "科別"],
    ),
    (FormField::Language, &["language", "langue", "語言"]),
    (FormField::Priority, &["priority", "priorite", "優先順序"]),
];

/// The headers known for a kind of form: the tools' columns and the usual names of the person's
/// fields, then the kind's own questions in the three languages.
fn known_headers(kind: FormKind) -> &'static HashMap<String, FormField> {
    static TABLES: OnceLock<[HashMap<String, FormField>; 3]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [FormKind::Interest, FormKind::Week, FormKind::SixMonths].map(|kind| {
            let mut table = HashMap::new();
            for (field, names) in ALIASES {
                for n in *names {
                    table.insert(fold(n), *field);
                }
            }
            // The template's questions win over an alias with the same words.
            let fields: Vec<FormField> = match kind {
                FormKind::Interest => QUESTIONS.iter().map(|q| q.0).collect(),
                FormKind::Week => crate::surveys::questions::WEEK
                    .iter()
                    .map(|q| q.0)
                    .chain([FormField::Name, FormField::Email, FormField::Organisation])
                    .collect(),
                FormKind::SixMonths => vec![
                    FormField::Name,
                    FormField::Email,
                    FormField::Organisation,
                    FormField::Rating,
                    FormField::WhatCame,
                ],
            };
            for field in fields {
                for lang in [Lang::Fr, Lang::En, Lang::ZhTw] {
                    if let Some(text) = question_text(field, lang) {
                        table.insert(fold(&text), field);
                    }
                }
            }
            table
        })
    });
    match kind {
        FormKind::Interest => &tables[0],
        FormKind::Week => &tables[1],
        FormKind::SixMonths => &tables[2],
    }
}

/// A LimeSurvey column per choice: `Question [Choice]` → (question, choice).
pub fn split_choice_header(header: &str) -> Option<(&str, &str)> {
    let h = header.trim();
    let inner = h.strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let (question, choice) = (inner[..open].trim(), inner[open + 1..].trim());
    (!question.is_empty() && !choice.is_empty()).then_some((question, choice))
}

/// The field a header of an interest form's responses names, if the form or a form tool is
/// known to use it.
pub fn guess_field(header: &str) -> FormField {
    guess_field_of(FormKind::Interest, header)
}

/// The field a header of `kind`'s responses names.
pub fn guess_field_of(kind: FormKind, header: &str) -> FormField {
    let table = known_headers(kind);
    if let Some(f) = table.get(&fold(header)) {
        return *f;
    }
    // A question a tool numbered ("3. Which delegates…") or marked required ("… *"); a header
    // with neither folds as it did above (spaces around fold to nothing).
    let trimmed = header
        .trim()
        .trim_end_matches(['*', ' '])
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
    if trimmed != header.trim() {
        if let Some(f) = table.get(&fold(trimmed)) {
            return *f;
        }
    }
    if let Some((question, _)) = split_choice_header(header) {
        let question = question
            .trim_end_matches(['*', ' '])
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ');
        if let Some(f) = table.get(&fold(question)).filter(|f| f.is_per_choice()) {
            return *f;
        }
    }
    FormField::Ignore
}

pub fn guess(headers: &[String]) -> FormMapping {
    guess_of(FormKind::Interest, headers)
}

pub fn guess_of(kind: FormKind, headers: &[String]) -> FormMapping {
    headers.iter().map(|h| guess_field_of(kind, h)).collect()
}

/// The choice a column per choice stands for (LimeSurvey's multiple questions, a survey's
/// question per delegate).
pub fn column_choice(header: &str, field: FormField) -> Option<&str> {
    if !field.is_per_choice() {
        return None;
    }
    split_choice_header(header).map(|(_, c)| c)
}

/// A map file: a JSON object from header to field (`{"Votre nom": "name", "Délégués":
/// "delegates"}`); headers it does not name keep their guess.
pub fn apply_map_file(text: &str, headers: &[String], mapping: &mut FormMapping) -> Result<()> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| Error::invalid("map", Message::new("mapUnreadable").with("detail", e)))?;
    for (header, field) in map {
        let field = field.as_str().and_then(FormField::parse).ok_or_else(|| {
            Error::invalid(
                "map",
                Message::new("mapUnknownField")
                    .with("value", field.as_str().unwrap_or_default())
                    .with("fields", FormField::ALL.map(FormField::as_str).join(", ")),
            )
        })?;
        let column = headers
            .iter()
            .position(|h| h.trim() == header.trim())
            .or_else(|| headers.iter().position(|h| fold(h) == fold(&header)))
            .ok_or_else(|| {
                Error::invalid(
                    "map",
                    Message::new("mapUnknownColumn").with("value", &header),
                )
            })?;
        mapping[column] = field;
    }
    Ok(())
}

/// What a mapping must name: someone (a name or an e-mail).
pub fn check(headers: &[String], mapping: &FormMapping) -> Result<()> {
    if mapping.len() != headers.len() {
        return Err(Error::invalid(
            "mapping",
            Message::new("mappingLength")
                .with("fields", mapping.len())
                .with("columns", headers.len()),
        ));
    }
    if !mapping.iter().any(|f| {
        matches!(
            f,
            FormField::Name | FormField::GivenName | FormField::FamilyName | FormField::Email
        )
    }) {
        return Err(Error::invalid("mapping", Message::new("noPersonColumn")));
    }
    Ok(())
}

fn key(kind: FormKind, headers: &[String]) -> String {
    match kind {
        FormKind::Interest => format!("forms\u{1e}{}", header_key(headers)),
        _ => format!("surveys.{}\u{1e}{}", kind.as_str(), header_key(headers)),
    }
}

/// The mapping remembered for these headers of an interest form's responses, if any.
pub fn remembered(conn: &Connection, headers: &[String]) -> Result<Option<FormMapping>> {
    remembered_of(conn, FormKind::Interest, headers)
}

/// The mapping remembered for these headers of `kind`'s responses, if any.
pub fn remembered_of(
    conn: &Connection,
    kind: FormKind,
    headers: &[String],
) -> Result<Option<FormMapping>> {
    Ok(
        store::local::remembered_mapping::<FormMapping>(conn, &key(kind, headers))?
            .filter(|m| m.len() == headers.len()),
    )
}

pub fn remember(
    w: &mut Writer<'_>,
    kind: FormKind,
    headers: &[String],
    mapping: &FormMapping,
    now: &str,
) -> Result<()> {
    store::local::remember_mapping(w, &key(kind, headers), headers, mapping, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_the_tools_and_the_template() {
        let headers: Vec<String> = [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Which members of the delegation would you like to meet?",
            "Quels membres de la délégation souhaitez-vous rencontrer ?",
            "Horodateur",
            "When are you free? [Thursday 26 June 2025 — morning (09:00–12:30)]",
            "Something else",
        ]
        .map(String::from)
        .to_vec();
        let m = guess(&headers);
        use FormField as F;
        assert_eq!(
            m,
            vec![
                F::Ignore,
                F::Ignore,
                F::Submitted,
                F::Email,
                F::Name,
                F::Delegates,
                F::Delegates,
                F::Submitted,
                F::Availability,
                F::Ignore
            ]
        );
        assert_eq!(
            column_choice(&headers[8], F::Availability),
            Some("Thursday 26 June 2025 — morning (09:00–12:30)")
        );
    }
}
