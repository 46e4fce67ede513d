//! vCard 2.1/3.0/4.0 files: split into cards on their BEGIN lines, each read with `calcard`
//! into the cells of fixed columns.

use super::{FileFormat, ImportField, ParsedFile, RowMessage, RowProblem, SourceRow};
use crate::directory::has_cjk;
use crate::error::{Error, Result};
use crate::messages::Message;
use std::borrow::Cow;

/// The columns of a vCard once read: one per field, mapped one to one.
pub(super) const VCARD_COLUMNS: &[(&str, ImportField)] = &[
    ("given name", ImportField::GivenName),
    ("family name", ImportField::FamilyName),
    ("full name", ImportField::FullName),
    ("native name", ImportField::NativeName),
    ("honorific", ImportField::Title),
    ("job title", ImportField::Role),
    ("organisation", ImportField::Organisation),
    ("department", ImportField::Department),
    ("e-mail", ImportField::Email),
    ("phone", ImportField::Phone),
    ("country", ImportField::Country),
    ("note", ImportField::Notes),
    ("categories", ImportField::Tags),
    ("languages", ImportField::Languages),
];

/// Splits the file into cards, remembering the line of each BEGIN, then reads each card with
/// `calcard`. A card without END or that `calcard` refuses is reported on its line.
pub fn parse_vcards(text: &str, encoding: String) -> Result<ParsedFile> {
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    let mut open: Option<(u64, String)> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let n = i as u64 + 1;
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some((start, _)) = open.take() {
                unreadable.push(RowProblem::new(start, coded("import.noEnd")));
            }
            open = Some((n, String::from(line)));
        } else if let Some((start, mut card)) = open.take() {
            card.push_str(line);
            if trimmed.eq_ignore_ascii_case("END:VCARD") {
                if !card.ends_with('\n') {
                    card.push('\n');
                }
                match read_card(&card) {
                    Ok(cells) => rows.push(SourceRow { line: start, cells }),
                    Err(problem) => {
                        unreadable.push(RowProblem::new(start, RowMessage::new(problem)))
                    }
                }
            } else {
                open = Some((start, card));
            }
        } else if !trimmed.is_empty() {
            unreadable.push(RowProblem::new(n, coded("import.outsideCard")));
        }
    }
    if let Some((start, _)) = open {
        unreadable.push(RowProblem::new(start, coded("import.fileCut")));
    }
    if rows.is_empty() && unreadable.is_empty() {
        return Err(Error::invalid("path", Message::new("noVCard")));
    }
    Ok(ParsedFile {
        format: FileFormat::VCard,
        encoding,
        delimiter: None,
        headers: VCARD_COLUMNS.iter().map(|(h, _)| (*h).to_owned()).collect(),
        rows,
        unreadable,
    })
}

fn coded(code: &'static str) -> RowMessage {
    RowMessage::new(Message::new(code))
}

/// `calcard` reads a quoted-printable value that names no CHARSET (vCard 2.1) as ISO-8859-1, but
/// phones write them in UTF-8 ("Rencontr=C3=A9e" became "RencontrÃ©e"). As for a whole file
/// (`decode`): UTF-8 when the bytes are valid UTF-8, so such a property is given
/// `CHARSET=UTF-8`; other bytes are left to `calcard`'s ISO-8859-1.
fn with_utf8_charsets(card: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = card.split_inclusive('\n').collect();
    let mut out: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let (head, value) = lines[i].split_once(':').unwrap_or((lines[i], ""));
        let upper = head.to_ascii_uppercase();
        i += 1;
        let mut utf8 = false;
        if upper.contains("QUOTED-PRINTABLE") && !upper.contains("CHARSET") {
            // The value runs on while its lines end with a soft break ("=").
            let mut raw = value.trim_end_matches(['\r', '\n']).to_owned();
            while raw.ends_with('=') && i < lines.len() {
                raw.pop();
                raw.push_str(lines[i].trim_end_matches(['\r', '\n']));
                i += 1;
            }
            utf8 = mail_parser::decoders::quoted_printable::quoted_printable_decode(raw.as_bytes())
                .is_some_and(|b| !b.is_ascii() && std::str::from_utf8(&b).is_ok());
        }
        if utf8 {
            let text = out.get_or_insert_with(|| lines[..start].concat());
            text.push_str(head);
            text.push_str(";CHARSET=UTF-8:");
            text.push_str(&lines[start][head.len() + 1..]);
            text.push_str(&lines[start + 1..i].concat());
        } else if let Some(text) = out.as_mut() {
            text.push_str(&lines[start..i].concat());
        }
    }
    out.map_or(Cow::Borrowed(card), Cow::Owned)
}

fn read_card(text: &str) -> std::result::Result<Vec<String>, Message> {
    use calcard::vcard::{VCardParameter, VCardProperty};
    let text = with_utf8_charsets(text);
    let card = match calcard::Parser::new(&text).entry() {
        calcard::Entry::VCard(card) => card,
        calcard::Entry::InvalidLine(l) => {
            return Err(Message::new("import.unreadableLine")
                .with("text", l.chars().take(60).collect::<String>()))
        }
        calcard::Entry::UnterminatedComponent(_) => return Err(Message::new("import.noEnd")),
        _ => return Err(Message::new("import.notACard")),
    };
    let mut cells = vec![String::new(); VCARD_COLUMNS.len()];
    let col = |f: ImportField| VCARD_COLUMNS.iter().position(|(_, g)| *g == f).unwrap_or(0);
    let texts = |values: &[calcard::vcard::VCardValue]| -> Vec<String> {
        values
            .iter()
            .map(|v| v.as_text().map(str::to_owned).unwrap_or_default())
            .collect()
    };
    let mut names: Vec<(bool, String)> = Vec::new();
    for entry in &card.entries {
        let mut values = texts(&entry.values);
        // Apple's grouped properties (item1.EMAIL) come back as "other" names: read the part
        // after the group.
        let name: String = match &entry.name {
            VCardProperty::Other(n) => {
                let n = n.rsplit('.').next().unwrap_or(n).to_ascii_uppercase();
                if matches!(n.as_str(), "N" | "ORG" | "ADR") && values.len() == 1 {
                    values = values[0].split(';').map(str::to_owned).collect();
                }
                n
            }
            other => other.as_str().to_ascii_uppercase(),
        };
        let first = values.first().cloned().unwrap_or_default();
        let set = |cells: &mut Vec<String>, f: ImportField, v: &str| {
            let c = &mut cells[col(f)];
            if c.is_empty() {
                *c = v.trim().to_owned();
            }
        };
        match name.as_str() {
            "N" => {
                set(
                    &mut cells,
                    ImportField::FamilyName,
                    values.first().map_or("", |s| s),
                );
                set(
                    &mut cells,
                    ImportField::GivenName,
                    values.get(1).map_or("", |s| s),
                );
                set(
                    &mut cells,
                    ImportField::Title,
                    values.get(3).map_or("", |s| s),
                );
            }
            "FN" => {
                let native = entry.params.iter().any(|p| match p {
                    VCardParameter::Language(l) => {
                        let l = l.to_ascii_lowercase();
                        l.starts_with("zh") || l.starts_with("ja") || l.starts_with("ko")
                    }
                    _ => false,
                });
                names.push((native || has_cjk(&first), first.clone()));
            }
            "ORG" => {
                set(&mut cells, ImportField::Organisation, &first);
                set(
                    &mut cells,
                    ImportField::Department,
                    values.get(1).map_or("", |s| s),
                );
            }
            "TITLE" => set(&mut cells, ImportField::Role, &first),
            "EMAIL" => set(&mut cells, ImportField::Email, &first),
            "TEL" => {
                let v = first.strip_prefix("tel:").unwrap_or(&first).to_owned();
                set(&mut cells, ImportField::Phone, &v);
            }
            "ADR" => set(
                &mut cells,
                ImportField::Country,
                values.get(6).map_or("", |s| s),
            ),
            "NOTE" => set(&mut cells, ImportField::Notes, &first),
            "CATEGORIES" => set(&mut cells, ImportField::Tags, &values.join(",")),
            "LANG" => set(&mut cells, ImportField::Languages, &first),
            _ => {}
        }
    }
    for (native, name) in names {
        if native {
            let c = &mut cells[col(ImportField::NativeName)];
            if c.is_empty() {
                *c = name;
            }
        } else {
            let c = &mut cells[col(ImportField::FullName)];
            if c.is_empty() {
                *c = name;
            }
        }
    }
    if cells.iter().all(String::is_empty) {
        return Err(Message::new("import.emptyCard"));
    }
    Ok(cells)
}
