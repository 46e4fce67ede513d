//! Contact import from the files planners have: CSV from Google Contacts, Outlook (comma or
//! semicolon, UTF-8 or Windows-1252) and spreadsheets (UTF-8 with or without BOM, UTF-16,
//! comma/semicolon/tab), and vCard 2.1/3.0/4.0 (Outlook, Apple, Google, Android).
//!
//! Three steps: [`parse`] reads the file into rows of cells (CSV with the `csv` crate, vCard with
//! `calcard`), [`plan`] maps the cells to contacts with each row's problems and duplicates (the
//! dry run), [`commit`] plans again, row by row on a second thread, and writes the valid rows in
//! one transaction as they come (what the user confirmed is re-checked against the directory as
//! it is then). A file that cannot be read at all is an error and nothing is written; a bad row
//! is reported with its line and skipped.

use super::fold;
use crate::domain::{Contact, LawfulBasis, Organisation, OrganisationKind, Privacy};
use crate::error::{Error, Result};
use crate::ids::{ContactId, OrganisationId};
use crate::store::{self, Writer};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// The multiplicative hash of the Rust compiler (FxHash): the import's maps hash a few hundred
/// thousand short keys, where SipHash's resistance to chosen keys costs more than it protects
/// (a file can only slow its own import down).
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Files larger than this are refused (a 100,000-row export is about 20 MB).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// A contact field a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum ImportField {
    Ignore,
    GivenName,
    FamilyName,
    FullName,
    NativeName,
    Title,
    Role,
    Organisation,
    Department,
    Email,
    Phone,
    Country,
    Notes,
    Tags,
    Languages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FileFormat {
    Csv,
    VCard,
}

/// A file read into rows, before mapping.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParsedFile {
    pub format: FileFormat,
    pub encoding: String,
    /// The CSV delimiter as a character, `None` for vCard.
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<SourceRow>,
    /// Rows that could not be read at all (an unbalanced quote, a vCard without END).
    pub unreadable: Vec<RowProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SourceRow {
    /// The 1-based line of the file where the row (or the card) starts.
    #[ts(type = "number")]
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowProblem {
    #[ts(type = "number")]
    pub line: u64,
    pub reason: String,
}

// ------------------------------------------------------------------------------------ decoding

/// Decodes a text file: a BOM says UTF-8 or UTF-16; otherwise UTF-8 if it is valid, else
/// Windows-1252 (what Outlook and Excel write on Western Windows). `encoding` forces a label.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<(String, String)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::validation(
            "path",
            format!(
                "the file is larger than {} MB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    if let Some(label) = encoding.filter(|l| !l.trim().is_empty() && *l != "auto") {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::validation("encoding", format!("'{label}' is not a known encoding"))
        })?;
        let (text, _, _) = enc.decode(bytes);
        return Ok((text.into_owned(), enc.name().to_owned()));
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(Error::validation(
                "path",
                format!(
                    "the file starts with a {} mark but is not valid {}",
                    enc.name(),
                    enc.name()
                ),
            ));
        }
        return Ok((text.into_owned(), enc.name().to_owned()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        check_text(text)?;
        return Ok((text.to_owned(), "UTF-8".into()));
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    check_text(&text)?;
    Ok((text.into_owned(), "windows-1252".into()))
}

/// Binary files are refused outright: NUL bytes or mostly control characters.
fn check_text(text: &str) -> Result<()> {
    let sample: Vec<char> = text.chars().take(64 * 1024).collect();
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if sample.contains(&'\0') || control * 20 > sample.len().max(1) {
        return Err(Error::validation(
            "path",
            "the file is not a text file (binary data): export the contacts as CSV or vCard",
        ));
    }
    Ok(())
}

// ------------------------------------------------------------------------------------ parsing

/// Reads a contacts file, CSV or vCard (decided by its content, not its name).
pub fn parse(bytes: &[u8], encoding: Option<&str>) -> Result<ParsedFile> {
    let (text, encoding) = decode(bytes, encoding)?;
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.eq_ignore_ascii_case("BEGIN:VCARD") {
        parse_vcards(&text, encoding)
    } else {
        parse_csv(&text, encoding)
    }
}

fn guess_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut best = (b',', 0);
    for d in [b',', b';', b'\t'] {
        let mut n = 0;
        let mut quoted = false;
        for b in header.bytes() {
            if b == b'"' {
                quoted = !quoted;
            } else if b == d && !quoted {
                n += 1;
            }
        }
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

pub fn parse_csv(text: &str, encoding: String) -> Result<ParsedFile> {
    // One line ending: the csv crate counts CRLF lines one short, and a CR inside a quoted
    // note would be a control character.
    let normalised;
    let text = if text.contains('\r') {
        normalised = text.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        text
    };
    let delimiter = guess_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.byte_records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(h)) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_owned())
            .collect(),
        Some(Err(e)) => {
            return Err(Error::validation("path", format!("line 1: {e}")));
        }
        None => return Err(Error::validation("path", "the file is empty")),
    };
    if headers.iter().all(String::is_empty) {
        return Err(Error::validation(
            "path",
            "line 1: the first line has no column names",
        ));
    }
    if headers.len() < 2 {
        return Err(Error::validation(
            "path",
            "line 1: only one column: this is not a CSV file of contacts (expected a header \
             line separated by commas, semicolons or tabs)",
        ));
    }
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for record in records {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                if r.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                if r.len() != headers.len() {
                    unreadable.push(RowProblem {
                        line,
                        reason: format!(
                            "{} cells where the header has {} (an unbalanced quote or a cut line?)",
                            r.len(),
                            headers.len()
                        ),
                    });
                    continue;
                }
                rows.push(SourceRow {
                    line,
                    cells: r
                        .iter()
                        .map(|c| String::from_utf8_lossy(c).into_owned())
                        .collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                unreadable.push(RowProblem {
                    line,
                    reason: e.to_string(),
                });
            }
        }
    }
    Ok(ParsedFile {
        format: FileFormat::Csv,
        encoding,
        delimiter: Some(char::from(delimiter).to_string()),
        headers,
        rows,
        unreadable,
    })
}

/// The columns of a vCard once read: one per field, mapped one to one.
const VCARD_COLUMNS: &[(&str, ImportField)] = &[
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
                unreadable.push(RowProblem {
                    line: start,
                    reason: "this vCard has no END:VCARD line".into(),
                });
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
                    Err(reason) => unreadable.push(RowProblem {
                        line: start,
                        reason,
                    }),
                }
            } else {
                open = Some((start, card));
            }
        } else if !trimmed.is_empty() {
            unreadable.push(RowProblem {
                line: n,
                reason: "text outside BEGIN:VCARD … END:VCARD".into(),
            });
        }
    }
    if let Some((start, _)) = open {
        unreadable.push(RowProblem {
            line: start,
            reason: "this vCard has no END:VCARD line (the file may be cut)".into(),
        });
    }
    if rows.is_empty() && unreadable.is_empty() {
        return Err(Error::validation("path", "the file holds no vCard"));
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

fn read_card(text: &str) -> std::result::Result<Vec<String>, String> {
    use calcard::vcard::{VCardParameter, VCardProperty};
    let card = match calcard::Parser::new(text).entry() {
        calcard::Entry::VCard(card) => card,
        calcard::Entry::InvalidLine(l) => {
            return Err(format!(
                "unreadable line '{}'",
                l.chars().take(60).collect::<String>()
            ))
        }
        calcard::Entry::UnterminatedComponent(_) => {
            return Err("this vCard has no END:VCARD line".into())
        }
        _ => return Err("not a vCard".into()),
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
                names.push((native || super::has_cjk(&first), first.clone()));
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
        return Err("the vCard holds no name, e-mail or phone".into());
    }
    Ok(cells)
}

// ------------------------------------------------------------------------------------ mapping

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
    let text: Option<String> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE header_key = ?1",
            [header_key(headers)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<Mapping>(&t).ok())
        .filter(|m| m.len() == headers.len()))
}

pub fn remember_mapping(
    w: &mut Writer<'_>,
    headers: &[String],
    mapping: &Mapping,
    now: &str,
) -> Result<()> {
    w.conn().execute(
        "INSERT INTO import_mappings (header_key, headers, mapping, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        rusqlite::params![
            header_key(headers),
            serde_json::to_string(headers).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(mapping).unwrap_or_else(|_| "[]".into()),
            now
        ],
    )?;
    Ok(())
}

// ------------------------------------------------------------------------------------ planning

/// Options of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ImportOptions {
    /// The country of organisations the file names but the directory does not have yet, when
    /// neither a country column nor the phone or e-mail tells it.
    pub default_country: String,
    /// What the privacy record says the data came from, e.g. "Outlook export of J. Dupont".
    pub source: String,
    pub lawful_basis: LawfulBasis,
    /// `YYYY-MM-DD`, the day the data was collected.
    pub collected_on: String,
}

/// What will happen to one row.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum RowAction {
    Create,
    /// Same person as an existing contact (or an earlier row): merged into it.
    Merge {
        into: String,
        changed: bool,
    },
    Reject,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlannedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub action: RowAction,
    pub display_name: String,
    pub native_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub organisation: Option<String>,
    /// Problems: for a rejected row, why; otherwise what was dropped or changed.
    pub problems: Vec<String>,
    /// What the import writes for this row: the checked contact (with its id) and the
    /// organisation the row names if it is new.
    #[serde(skip)]
    #[ts(skip)]
    contact: Option<Contact>,
    #[serde(skip)]
    #[ts(skip)]
    new_organisation: Option<Organisation>,
}

/// The dry run: what an import would do, row by row.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPlan {
    pub format: FileFormat,
    pub encoding: String,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub created: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub rejected: Vec<RowProblem>,
    pub new_organisations: Vec<String>,
    pub rows: Vec<PlannedRow>,
}

/// The report the CLI prints: exactly the contract's keys.
#[derive(Debug, Default, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    pub created: u32,
    pub updated: u32,
    pub duplicates: u32,
    pub rejected: Vec<RowProblem>,
}

impl ImportPlan {
    pub fn report(&self) -> ImportReport {
        ImportReport {
            created: self.created,
            updated: self.updated,
            duplicates: self.duplicates,
            rejected: self.rejected.clone(),
        }
    }
}

/// Existing contacts, indexed the two ways a duplicate is recognised.
struct Known {
    by_email: FastMap<String, Target>,
    by_name: FastMap<(String, Option<String>), Target>,
    orgs: FastMap<String, String>,
}

/// The contact a duplicate is merged into.
enum Target {
    /// A stored contact, by id.
    Stored(String),
    /// The contact an earlier row of the file creates, by id.
    Created(String),
}

/// Loads the stored contacts' keys; the maps are sized for `rows` more.
fn load_known(conn: &Connection, rows: usize) -> Result<Known> {
    let stored: i64 = conn.query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
    let capacity = usize::try_from(stored).unwrap_or(0).saturating_add(rows);
    let mut by_email = FastMap::with_capacity_and_hasher(capacity, Default::default());
    let mut by_name = FastMap::with_capacity_and_hasher(capacity, Default::default());
    let mut stmt =
        conn.prepare("SELECT id, given_name, family_name, email, organisation_id FROM contacts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let given: String = r.get(1)?;
        let family: String = r.get(2)?;
        let email: Option<String> = r.get(3)?;
        let org: Option<String> = r.get(4)?;
        if let Some(e) = email {
            by_email
                .entry(e.to_lowercase())
                .or_insert_with(|| Target::Stored(id.clone()));
        }
        by_name
            .entry((name_key(&given, &family), org))
            .or_insert(Target::Stored(id));
    }
    let mut orgs = FastMap::default();
    let mut stmt = conn.prepare("SELECT id, name, short_name FROM organisations")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let name: String = r.get(1)?;
        let short: Option<String> = r.get(2)?;
        orgs.entry(fold(&name)).or_insert_with(|| id.clone());
        if let Some(s) = short {
            orgs.entry(fold(&s)).or_insert(id);
        }
    }
    Ok(Known {
        by_email,
        by_name,
        orgs,
    })
}

/// Accent- and case-insensitive key of a person's name, word order ignored.
fn name_key(given: &str, family: &str) -> String {
    let folded = fold(&format!("{given} {family}"));
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// International calling codes of the countries planners meet most.
const CALLING_CODES: &[(&str, &str)] = &[
    ("BE", "32"),
    ("FR", "33"),
    ("NL", "31"),
    ("LU", "352"),
    ("DE", "49"),
    ("TW", "886"),
    ("GB", "44"),
    ("CH", "41"),
    ("IT", "39"),
    ("ES", "34"),
    ("JP", "81"),
    ("US", "1"),
    ("CN", "86"),
    ("HK", "852"),
    ("SG", "65"),
    ("KR", "82"),
    ("AT", "43"),
    ("DK", "45"),
    ("SE", "46"),
    ("PL", "48"),
    ("PT", "351"),
    ("IE", "353"),
    ("CA", "1"),
];

/// A phone number in international form: "00…" becomes "+…", a national "0…" number gets the
/// country's code.
fn normalise_phone(raw: &str, country: Option<&str>) -> Option<String> {
    let cleaned: String = raw
        .trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, '.' | '/' | '\u{a0}'))
        .collect();
    let cleaned = cleaned.trim();
    if let Some(rest) = cleaned.strip_prefix("00") {
        return Some(format!("+{rest}"));
    }
    if cleaned.starts_with('+') {
        return Some(cleaned.to_owned());
    }
    let code = CALLING_CODES
        .iter()
        .find(|(c, _)| Some(*c) == country)
        .map(|(_, n)| *n)?;
    let national = cleaned.strip_prefix('0').unwrap_or(cleaned);
    Some(format!("+{code} {national}"))
}

fn country_from_phone(phone: &str) -> Option<&'static str> {
    let digits: String = phone
        .trim()
        .strip_prefix('+')
        .or_else(|| phone.trim().strip_prefix("00"))?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    // Longest calling code first (352 before 35…).
    let mut best: Option<(&str, &str)> = None;
    for (country, code) in CALLING_CODES {
        if digits.starts_with(code) && best.is_none_or(|(_, b)| code.len() > b.len()) {
            best = Some((country, code));
        }
    }
    best.map(|(c, _)| c)
}

fn country_from_email(email: &str) -> Option<String> {
    let tld = email.rsplit('.').next()?.to_ascii_uppercase();
    let tld = if tld == "UK" { "GB".to_owned() } else { tld };
    crate::domain::validate::country("country", &tld).ok()
}

fn country_from_text(text: &str) -> Option<String> {
    if text.trim().len() == 2 {
        // A code, the usual case: no name is two characters long.
        return crate::domain::validate::country("country", text).ok();
    }
    let t = fold(text);
    let by_name = [
        ("belgique", "BE"),
        ("belgium", "BE"),
        ("belgie", "BE"),
        ("taiwan", "TW"),
        ("台灣", "TW"),
        ("臺灣", "TW"),
        ("france", "FR"),
        ("netherlands", "NL"),
        ("pays bas", "NL"),
        ("nederland", "NL"),
        ("luxembourg", "LU"),
        ("germany", "DE"),
        ("allemagne", "DE"),
        ("deutschland", "DE"),
        ("united kingdom", "GB"),
        ("switzerland", "CH"),
        ("suisse", "CH"),
    ];
    if let Some((_, c)) = by_name.iter().find(|(n, _)| *n == t) {
        return Some((*c).to_owned());
    }
    crate::domain::validate::country("country", text).ok()
}

/// One row read and checked on its own, with no other row or stored record involved: the part
/// of planning that runs on several threads ([`prepare_rows`]).
struct PreparedRow {
    /// What the preview shows; action and problems are set by [`build_row`].
    planned: PlannedRow,
    /// Problems found so far (a phone kept in the notes).
    problems: Vec<String>,
    org_name: Option<String>,
    /// `fold(org_name)`, the key organisations are known by.
    org_key: Option<String>,
    /// The country of an organisation this row would create.
    country: String,
    /// The validated contact (its id and organisation are given in order by [`build_row`]) and
    /// its duplicate keys (lower-case e-mail, name key), or why the row is rejected.
    contact: std::result::Result<(Contact, Option<String>, String), String>,
}

/// The placeholder id of a prepared contact, replaced by [`build_row`].
const PENDING_ID: &str = "con_pending";

/// Prepares the rows on up to two threads (the planners' laptops have at least two cores),
/// keeping the file's order.
fn prepare_rows(
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
            .map_err(|_| Error::Conflict("the import stopped while reading the file".into()))?;
        prepared.extend(rest);
        Ok(prepared)
    })
}

/// Reads the mapped cells of one row and builds and checks the contact it describes.
fn prepare_row(row: &SourceRow, mapping: &Mapping, options: &ImportOptions) -> PreparedRow {
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
                problems.push(format!("{}: control characters removed", field_name(*m)));
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
            if super::has_cjk(full) && !full.contains(' ') {
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
    if super::has_cjk(&given) && super::has_cjk(&family) && !given.contains(' ') {
        let whole = format!("{family}{given}");
        native.get_or_insert_with(|| whole.clone());
        family = whole;
        given = String::new();
    } else if native.is_none() && (super::has_cjk(&given) || super::has_cjk(&family)) {
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
                problems.push(format!(
                    "phone '{p}' is not in international form: kept in the notes"
                ));
                notes.push(format!("Phone: {p}"));
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
            consent_evidence: (options.lawful_basis == LawfulBasis::Consent)
                .then(|| format!("Stated at import of {}", options.source)),
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
        Err(e) => Err(match e {
            Error::Validation { field, message, .. } => format!("{field}: {message}"),
            other => other.to_string(),
        }),
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

/// Plans one prepared row, in the file's order: finds or creates its organisation, gives the
/// contact its id and looks for a duplicate among stored contacts and the earlier rows.
/// Returns the planned row and whether it is a duplicate of a contact an earlier row creates.
fn build_row(
    prepared: PreparedRow,
    options: &ImportOptions,
    known: &mut Known,
) -> (PlannedRow, bool) {
    let PreparedRow {
        mut planned,
        mut problems,
        org_name,
        org_key,
        country,
        contact,
    } = prepared;
    // The organisation: an existing one by name, or a new one to create.
    let mut new_organisation = None;
    let organisation_id = match (&org_name, org_key) {
        (Some(name), Some(key)) => match known.orgs.get(&key) {
            Some(id) => Some(id.clone()),
            None => {
                let id: String = OrganisationId::new_ordered().into();
                let org = Organisation {
                    id: id.clone(),
                    name: name.clone(),
                    short_name: None,
                    kind: OrganisationKind::Company,
                    parent_id: None,
                    address: None,
                    postal_code: None,
                    city: None,
                    country: country.clone(),
                    latitude: None,
                    longitude: None,
                    tz: None,
                    website: None,
                    notes: Some(format!("Created by the import of {}", options.source)),
                    placeholder: true,
                }
                .validate();
                match org {
                    Ok(org) => {
                        known.orgs.insert(key, id.clone());
                        new_organisation = Some(org);
                        Some(id)
                    }
                    Err(e) => {
                        problems.push(format!("organisation: {e}"));
                        None
                    }
                }
            }
        },
        _ => None,
    };

    let (mut contact, email_key, name) = match contact {
        Ok(c) => c,
        Err(problem) => {
            problems.push(problem);
            planned.problems = problems;
            // An organisation created for a rejected row is not created.
            if new_organisation.is_some() {
                if let Some(n) = &org_name {
                    known.orgs.remove(&fold(n));
                }
            }
            return (planned, false);
        }
    };
    contact.id = ContactId::new_ordered().into();
    contact.organisation_id.clone_from(&organisation_id);

    // Duplicates: the same e-mail, or the same name at the same organisation.
    let person_key = (name, organisation_id);
    let dup = email_key
        .as_ref()
        .and_then(|e| known.by_email.get(e))
        .or_else(|| known.by_name.get(&person_key))
        .map(|target| match target {
            Target::Stored(id) => (id.clone(), false),
            Target::Created(id) => (id.clone(), true),
        });
    planned.new_organisation = new_organisation;
    let mut into_created = false;
    match dup {
        Some((existing, created)) => {
            planned.action = RowAction::Merge {
                into: existing,
                changed: false,
            };
            planned.contact = Some(contact);
            into_created = created;
        }
        None => {
            if let Some(e) = email_key {
                known
                    .by_email
                    .insert(e, Target::Created(contact.id.clone()));
            }
            known
                .by_name
                .insert(person_key, Target::Created(contact.id.clone()));
            planned.action = RowAction::Create;
            planned.contact = Some(contact);
        }
    }
    planned.problems = problems;
    (planned, into_created)
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

/// Fills the empty fields of `into` from `from`; returns whether anything changed.
pub fn fill_missing(into: &mut Contact, from: &Contact) -> bool {
    let before = into.clone();
    let fill = |a: &mut Option<String>, b: &Option<String>| {
        if a.is_none() {
            a.clone_from(b);
        }
    };
    // A record known only by its Chinese name takes the Latin name of its duplicate.
    let cjk_only = |c: &Contact| {
        c.given_name.is_empty() && super::has_cjk(&c.family_name) && !c.family_name.contains(' ')
    };
    if cjk_only(into) && !super::has_cjk(&from.family_name) && !from.family_name.is_empty() {
        if into.native_name.is_none() {
            into.native_name = Some(into.family_name.clone());
        }
        into.given_name.clone_from(&from.given_name);
        into.family_name.clone_from(&from.family_name);
    }
    if into.given_name.is_empty() {
        into.given_name.clone_from(&from.given_name);
    }
    if into.family_name.is_empty() {
        into.family_name.clone_from(&from.family_name);
    }
    fill(&mut into.native_name, &from.native_name);
    fill(&mut into.title, &from.title);
    fill(&mut into.role, &from.role);
    fill(&mut into.email, &from.email);
    fill(&mut into.phone, &from.phone);
    if into.organisation_id.is_none() {
        into.organisation_id.clone_from(&from.organisation_id);
        into.department_id.clone_from(&from.department_id);
    }
    match (&into.notes, &from.notes) {
        (None, Some(n)) => into.notes = Some(n.clone()),
        (Some(a), Some(b)) if !a.contains(b.as_str()) => into.notes = Some(format!("{a}\n{b}")),
        _ => {}
    }
    for list in [
        (&mut into.languages, &from.languages),
        (&mut into.specialties, &from.specialties),
        (&mut into.tags, &from.tags),
    ] {
        for v in list.1 {
            if !list.0.contains(v) {
                list.0.push(v.clone());
            }
        }
        list.0.sort();
    }
    *into != before
}

/// The dry run: maps every row, finds duplicates, collects each row's problems. Writes nothing.
pub fn plan(
    conn: &Connection,
    file: &ParsedFile,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportPlan> {
    check_inputs(file, mapping, options)?;
    let mut known = load_known(conn, file.rows.len())?;
    let mut rows: Vec<PlannedRow> = Vec::with_capacity(file.rows.len());
    // For each row: whether it is merged into a contact an earlier row creates.
    let mut into_created: Vec<bool> = Vec::with_capacity(file.rows.len());
    for prepared in prepare_rows(&file.rows, mapping, options)? {
        let (row, created) = build_row(prepared, options, &mut known);
        rows.push(row);
        into_created.push(created);
    }
    drop(known);
    let mut plan = ImportPlan {
        format: file.format,
        encoding: file.encoding.clone(),
        headers: file.headers.clone(),
        mapping: mapping.clone(),
        created: 0,
        updated: 0,
        duplicates: 0,
        rejected: file.unreadable.clone(),
        new_organisations: Vec::new(),
        rows: Vec::new(),
    };
    let mut merges = Merges::default();
    for (row, into_created) in rows.iter_mut().zip(into_created) {
        let contact = row.contact.take();
        let organisation = row.new_organisation.take();
        match &mut row.action {
            RowAction::Create => {
                plan.created += 1;
                if let Some(o) = organisation {
                    plan.new_organisations.push(o.name);
                }
                if let Some(c) = contact {
                    merges.created.insert(c.id.clone(), c);
                }
            }
            RowAction::Reject => plan.rejected.push(RowProblem {
                line: row.line,
                reason: row.problems.join("; "),
            }),
            RowAction::Merge { into, changed } => {
                plan.duplicates += 1;
                if let Some(from) = &contact {
                    let merged = merges.merge(conn, into, into_created, from)?;
                    *changed = merged.changed;
                    plan.updated += u32::from(merged.first_update);
                }
            }
        }
    }
    plan.rejected.sort_by_key(|r| r.line);
    plan.rows = rows;
    Ok(plan)
}

/// Duplicate rows folded, in the file's order, into the contacts they repeat: contacts the
/// import creates and stored ones. The dry run and the import both go through it, so they count
/// and merge alike.
#[derive(Default)]
struct Merges {
    /// The contacts the import creates, by id, as the rows read so far leave them.
    created: FastMap<String, Contact>,
    /// The stored contacts a merge changed, by id, as they are to be saved.
    stored: FastMap<String, Contact>,
}

struct Merged {
    /// The contact merged into changed (it gained a field).
    changed: bool,
    /// A stored contact changed for the first time: one more update in the report.
    first_update: bool,
}

impl Merges {
    /// Fills the empty fields of contact `into` (created by an earlier row when `created`) from
    /// a duplicate row's contact.
    fn merge(
        &mut self,
        conn: &Connection,
        into: &str,
        created: bool,
        from: &Contact,
    ) -> Result<Merged> {
        let unchanged = Merged {
            changed: false,
            first_update: false,
        };
        if created {
            let Some(target) = self.created.get_mut(into) else {
                return Ok(unchanged);
            };
            return Ok(Merged {
                changed: fill_missing(target, from),
                first_update: false,
            });
        }
        if let Some(target) = self.stored.get_mut(into) {
            return Ok(Merged {
                changed: fill_missing(target, from),
                first_update: false,
            });
        }
        let mut target = match store::contacts::get(conn, into) {
            Ok(c) => c,
            Err(Error::NotFound { .. }) => return Ok(unchanged),
            Err(e) => return Err(e),
        };
        if !fill_missing(&mut target, from) {
            return Ok(unchanged);
        }
        self.stored.insert(into.to_owned(), target);
        Ok(Merged {
            changed: true,
            first_update: true,
        })
    }
}

/// What a file and a mapping must be before any row is planned.
fn check_inputs(file: &ParsedFile, mapping: &Mapping, options: &ImportOptions) -> Result<()> {
    if mapping.len() != file.headers.len() {
        return Err(Error::validation(
            "mapping",
            format!(
                "{} fields for {} columns",
                mapping.len(),
                file.headers.len()
            ),
        ));
    }
    crate::domain::validate::country("defaultCountry", &options.default_country)?;
    crate::domain::validate::date("collectedOn", &options.collected_on)?;
    if !mapping.iter().any(|f| {
        matches!(
            f,
            ImportField::GivenName
                | ImportField::FamilyName
                | ImportField::FullName
                | ImportField::NativeName
        )
    }) {
        return Err(Error::validation(
            "mapping",
            "no column is mapped to a name",
        ));
    }
    Ok(())
}

/// Imports a file in the caller's transaction: plans every row as [`plan`] does and writes new
/// organisations, new contacts and merged contacts; returns the report the dry run gives.
///
/// The rows are read, checked and matched (the dry run's work) on a second thread, in chunks,
/// while this one writes the chunks already planned: a laptop's two cores overlap the two
/// halves of an import. A contact created by one row and completed by a later duplicate row is
/// written when created and updated once at the end (logged field by field).
pub fn commit(
    w: &mut Writer<'_>,
    file: &ParsedFile,
    mapping: &Mapping,
    options: &ImportOptions,
    now: &str,
) -> Result<ImportReport> {
    check_inputs(file, mapping, options)?;
    let known = load_known(w.conn(), file.rows.len())?;
    let bulk = BulkWrite::begin(w)?;
    w.defer_checkpoint();
    let mut import = Import::default();
    std::thread::scope(|scope| -> Result<()> {
        // A few chunks ahead at most: the planner waits for the writer, not memory.
        let (chunks, planned) = std::sync::mpsc::sync_channel::<Vec<PlannedStep>>(4);
        let planner = std::thread::Builder::new().name("passerelle-import-plan".into());
        planner.spawn_scoped(scope, move || {
            let mut known = known;
            for chunk in file.rows.chunks(PLAN_CHUNK) {
                let steps = chunk
                    .iter()
                    .map(|row| build_row(prepare_row(row, mapping, options), options, &mut known))
                    .collect();
                if chunks.send(steps).is_err() {
                    return; // the writer stopped on an error
                }
            }
        })?;
        for steps in planned {
            for (row, into_created) in steps {
                import.take(w, row, into_created)?;
            }
        }
        Ok(())
    })?;
    let updated_ids = import.finish(w)?;
    bulk.end(w, &updated_ids)?;
    remember_mapping(w, &file.headers, mapping, now)?;
    let mut rejected = file.unreadable.clone();
    rejected.append(&mut import.report.rejected);
    rejected.sort_by_key(|r| r.line);
    Ok(ImportReport {
        rejected,
        ..import.report
    })
}

/// Rows planned per message from the planning thread to the writing one.
const PLAN_CHUNK: usize = 2048;
/// A planned row and whether it is a duplicate of a contact an earlier row creates.
type PlannedStep = (PlannedRow, bool);
/// New contacts written per call of `store::contacts::create_bulk`.
const WRITE_BATCH: usize = 1024;

/// The writing half of [`commit`]: takes the planned rows in the file's order.
#[derive(Default)]
struct Import {
    report: ImportReport,
    merges: Merges,
    /// New contacts not written yet (their line, for errors, and id in `merges.created`).
    batch: Vec<(u64, String)>,
    /// New contacts written, then changed by a later duplicate row: updated at the end.
    changed_after_write: FastMap<String, ()>,
    /// Organisations known to exist (checked once per import).
    checked_orgs: std::collections::HashSet<String>,
    /// New organisations named by the file, by id, saved when a contact written first needs
    /// one (a duplicate row may name one its contact does not take; a later row may).
    new_orgs: FastMap<String, Organisation>,
}

impl Import {
    fn take(&mut self, w: &mut Writer<'_>, row: PlannedRow, into_created: bool) -> Result<()> {
        let PlannedRow {
            line,
            action,
            problems,
            contact,
            new_organisation,
            ..
        } = row;
        match action {
            RowAction::Reject => self.report.rejected.push(RowProblem {
                line,
                reason: problems.join("; "),
            }),
            RowAction::Create => {
                self.report.created += 1;
                let Some(contact) = contact else {
                    return Ok(());
                };
                if let Some(org) = new_organisation {
                    self.new_orgs.insert(org.id.clone(), org);
                }
                self.save_organisation_of(w, &contact)?;
                self.batch.push((line, contact.id.clone()));
                self.merges.created.insert(contact.id.clone(), contact);
                if self.batch.len() == WRITE_BATCH {
                    self.flush(w)?;
                }
            }
            RowAction::Merge { into, .. } => {
                self.report.duplicates += 1;
                let Some(from) = contact else {
                    return Ok(());
                };
                let merged = self.merges.merge(w.conn(), &into, into_created, &from)?;
                self.report.updated += u32::from(merged.first_update);
                if let Some(org) = new_organisation {
                    self.new_orgs.insert(org.id.clone(), org);
                }
                if !merged.changed {
                    return Ok(());
                }
                // The contact may have taken the row's new organisation.
                let target = self
                    .merges
                    .created
                    .get(&into)
                    .or(self.merges.stored.get(&into))
                    .map(|c| c.organisation_id.clone());
                if let Some(Some(org_id)) = target {
                    self.save_organisation(w, &org_id)?;
                }
                // Ids made by the import sort in the order they were made (`new_ordered`): a
                // contact not yet written is one at or after the first of the batch.
                let written = self
                    .batch
                    .first()
                    .is_none_or(|(_, first)| into.as_str() < first.as_str());
                if into_created && written {
                    self.changed_after_write.insert(into, ());
                }
            }
        }
        Ok(())
    }

    fn save_organisation_of(&mut self, w: &mut Writer<'_>, contact: &Contact) -> Result<()> {
        match &contact.organisation_id {
            Some(org_id) => self.save_organisation(w, org_id),
            None => Ok(()),
        }
    }

    /// Saves the new organisation `id` if the file named it and it is not saved yet.
    fn save_organisation(&mut self, w: &mut Writer<'_>, id: &str) -> Result<()> {
        if let Some(org) = self.new_orgs.remove(id) {
            store::organisations::save(w, &org)?;
        }
        Ok(())
    }

    /// Writes the batch of new contacts.
    fn flush(&mut self, w: &mut Writer<'_>) -> Result<()> {
        let contacts: Vec<&Contact> = self
            .batch
            .iter()
            .filter_map(|(_, id)| self.merges.created.get(id))
            .collect();
        let lines: Vec<u64> = self.batch.iter().map(|(line, _)| *line).collect();
        store::contacts::create_bulk(w, &contacts, &mut self.checked_orgs, |i, e| match e {
            Error::Validation { field, message, .. } => Error::validation(
                field,
                format!("line {}: {message}", lines.get(i).copied().unwrap_or(0)),
            ),
            other => other,
        })?;
        self.batch.clear();
        Ok(())
    }

    /// Writes what is left: the last new contacts, new contacts completed after they were
    /// written, and the stored contacts merges changed. Returns the ids of the stored ones.
    fn finish(&mut self, w: &mut Writer<'_>) -> Result<Vec<String>> {
        self.flush(w)?;
        for id in self.changed_after_write.keys() {
            if let Some(c) = self.merges.created.get(id) {
                store::contacts::save(w, c)?;
            }
        }
        for c in self.merges.stored.values() {
            store::contacts::save(w, c)?;
        }
        Ok(self.merges.stored.keys().cloned().collect())
    }
}

/// The search index around a bulk write: triggers set aside and a larger in-memory FTS5 buffer
/// while rows are written, the index rows of what was written rebuilt at the end.
struct BulkWrite {
    triggers: Vec<String>,
    hash_sizes: Vec<Option<i64>>,
    max_contact: i64,
    max_org: i64,
}

impl BulkWrite {
    fn begin(w: &mut Writer<'_>) -> Result<Self> {
        // With the search triggers on, every row's statement savepoint flushes the FTS5 index to
        // disk (a segment per row). For a bulk import the triggers are set aside inside this
        // transaction and the index rows of the records written are rebuilt in one statement at
        // the end, before the triggers come back: the index is never out of step once committed.
        let triggers = suspend_search_triggers(w)?;
        // FTS5 flushes its in-memory index to a new segment every `hashsize` bytes (1 MiB by
        // default) and merges segments as they pile up: for an import, one flush at the end.
        let hash_sizes = raise_fts_hash_size(w)?;
        // Room for every page the import writes (~90 MB for 100,000 contacts), so that none is
        // spilled to the WAL before the commit and read back by the reindexing.
        w.conn()
            .pragma_update(None, "cache_size", -IMPORT_PAGE_CACHE_KIB)?;
        let max_rowid = |table: &str| -> Result<i64> {
            Ok(w.conn().query_row(
                &format!("SELECT coalesce(max(rowid), 0) FROM {table}"),
                [],
                |r| r.get(0),
            )?)
        };
        Ok(BulkWrite {
            max_contact: max_rowid("contacts")?,
            max_org: max_rowid("organisations")?,
            triggers,
            hash_sizes,
        })
    }

    /// `updated`: the stored contacts rewritten, whose index rows may be out of date.
    fn end(self, w: &mut Writer<'_>, updated: &[String]) -> Result<()> {
        reindex(w, self.max_contact, self.max_org, updated)?;
        restore_fts_hash_size(w, &self.hash_sizes)?;
        restore_search_triggers(w, &self.triggers)?;
        // The usual cache again; pages beyond it are released once written.
        w.conn()
            .pragma_update(None, "cache_size", -store::PAGE_CACHE_KIB)?;
        Ok(())
    }
}

/// The page cache of an import's transaction, in KiB.
const IMPORT_PAGE_CACHE_KIB: i64 = 256 * 1024;

/// Drops the search triggers of contacts and organisations inside the caller's transaction and
/// returns their SQL to restore them.
fn suspend_search_triggers(w: &mut Writer<'_>) -> Result<Vec<String>> {
    let mut stmt = w.conn().prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'
         AND (name LIKE 'contacts\\_fts\\_%' ESCAPE '\\' OR name LIKE 'organisations\\_fts\\_%' ESCAPE '\\')",
    )?;
    let triggers: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    drop(stmt);
    for (name, _) in &triggers {
        w.conn()
            .execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// The search indexes an import writes. `raise_fts_hash_size` returns the `hashsize` each had
/// (`None`: the default, not stored).
const IMPORT_FTS: [&str; 2] = ["contacts_fts", "organisations_fts"];
const IMPORT_FTS_HASH_SIZE: i64 = 64 * 1024 * 1024;
const FTS5_DEFAULT_HASH_SIZE: i64 = 1024 * 1024;

fn raise_fts_hash_size(w: &mut Writer<'_>) -> Result<Vec<Option<i64>>> {
    let mut before = Vec::new();
    for table in IMPORT_FTS {
        let size: Option<i64> = w
            .conn()
            .query_row(
                &format!("SELECT v FROM \"{table}_config\" WHERE k = 'hashsize'"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        before.push(size);
        w.conn().execute(
            &format!("INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('hashsize', ?1)"),
            [IMPORT_FTS_HASH_SIZE],
        )?;
    }
    Ok(before)
}

fn restore_fts_hash_size(w: &mut Writer<'_>, before: &[Option<i64>]) -> Result<()> {
    for (table, size) in IMPORT_FTS.iter().zip(before) {
        // Through the FTS5 command, so every connection reloads its settings (a plain DELETE of
        // the setting would leave this connection on the raised size).
        w.conn().execute(
            &format!("INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('hashsize', ?1)"),
            [size.unwrap_or(FTS5_DEFAULT_HASH_SIZE)],
        )?;
    }
    Ok(())
}

fn restore_search_triggers(w: &mut Writer<'_>, sql: &[String]) -> Result<()> {
    for s in sql {
        w.conn().execute_batch(s)?;
    }
    Ok(())
}

/// Rebuilds the search rows of the contacts and organisations written by an import: updated
/// contacts whose indexed text changed, then new rows (rowid above the marks).
///
/// FTS5 keeps what is written in memory (up to `hashsize`) while rowids increase, but must write
/// it out, a new segment each time, before a rowid lower than the last one: the updated
/// contacts, whose rowids are older, go first and in rowid order, and merges that change nothing
/// the index holds (a phone, a note) are not rewritten.
fn reindex(w: &mut Writer<'_>, max_contact: i64, max_org: i64, updated: &[String]) -> Result<()> {
    let c = w.conn();
    let contact_row =
        "concat_ws(' ', nullif(c.given_name, ''), nullif(c.family_name, ''), c.native_name),
         concat_ws(' ', c.email, c.role, c.title, o.name)
         FROM contacts c LEFT JOIN organisations o ON o.id = c.organisation_id";
    type Text = (Option<String>, Option<String>);
    let mut changed: Vec<(i64, Text)> = Vec::new();
    {
        let mut now = c.prepare(&format!("SELECT c.rowid, {contact_row} WHERE c.id = ?1"))?;
        let mut indexed = c.prepare("SELECT name, body FROM contacts_fts WHERE rowid = ?1")?;
        for id in updated {
            let (rowid, text): (i64, Text) =
                now.query_row([id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            let before: Option<Text> = indexed
                .query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if before.as_ref() != Some(&text) {
                changed.push((rowid, text));
            }
        }
    }
    changed.sort_by_key(|(rowid, _)| *rowid);
    changed.dedup_by_key(|(rowid, _)| *rowid);
    let mut delete = c.prepare("DELETE FROM contacts_fts WHERE rowid = ?1")?;
    let mut insert =
        c.prepare("INSERT INTO contacts_fts (rowid, name, body) VALUES (?1, ?2, ?3)")?;
    for (rowid, (name, body)) in &changed {
        delete.execute([rowid])?;
        insert.execute(rusqlite::params![rowid, name, body])?;
    }
    c.execute(
        &format!("INSERT INTO contacts_fts (rowid, name, body) SELECT c.rowid, {contact_row} WHERE c.rowid > ?1"),
        [max_contact],
    )?;
    c.execute(
        "INSERT INTO organisations_fts (rowid, name, body)
         SELECT rowid, name, concat_ws(' ', short_name, city, country, notes)
         FROM organisations WHERE rowid > ?1",
        [max_org],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_are_the_lines_of_the_file() {
        let text = "a,b\n1,\"x\ny\"\n2,z\n,\n3,w\n";
        let f = parse_csv(text, "UTF-8".into()).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<u64> = f.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 6]);
        let f = parse_csv(&text.replace('\n', "\r\n"), "UTF-8".into())
            .unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<u64> = f.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 4, 6]);
    }
}

/// A chosen file as the import wizard first shows it: its shape, a few rows, and the mapping
/// remembered for its headers (or guessed).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportSource {
    pub file_name: String,
    pub format: FileFormat,
    pub encoding: String,
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub sample: Vec<SourceRow>,
    pub row_count: u32,
    pub unreadable: Vec<RowProblem>,
    pub mapping: Mapping,
    /// The mapping was remembered from an earlier import of a file with the same headers.
    pub remembered: bool,
}

pub fn describe(conn: &Connection, file_name: &str, file: &ParsedFile) -> Result<ImportSource> {
    let remembered = remembered_mapping(conn, &file.headers)?;
    Ok(ImportSource {
        file_name: file_name.to_owned(),
        format: file.format,
        encoding: file.encoding.clone(),
        delimiter: file.delimiter.clone(),
        headers: file.headers.clone(),
        sample: file.rows.iter().take(5).cloned().collect(),
        row_count: u32::try_from(file.rows.len()).unwrap_or(u32::MAX),
        unreadable: file.unreadable.clone(),
        remembered: remembered.is_some(),
        mapping: remembered.unwrap_or_else(|| guess_mapping(file.format, &file.headers)),
    })
}
