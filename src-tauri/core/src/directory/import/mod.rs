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

mod commit;
mod country;
mod csv;
mod decode;
mod fast_map;
mod mapping;
mod merge;
mod people;
mod plan;
mod problems;
mod row;
mod vcard;

pub use self::csv::parse_csv;
pub use commit::commit;
pub use decode::{decode, MAX_FILE_BYTES};
pub use mapping::{guess_mapping, header_key, remember_mapping, remembered_mapping, Mapping};
pub use merge::fill_missing;
pub use people::{People, Person};
pub use plan::{plan, ImportOptions, ImportPlan, ImportReport, PlannedRow, RowAction};
pub use problems::RowMessage;
pub use vcard::parse_vcards;

use crate::error::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

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
    /// A workbook (an interest form's responses, `forms::read`).
    Xlsx,
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
    /// The problem in English (the CLI's report, the logs).
    pub reason: String,
    /// The problem coded (`field`, `code`, `params`), for the window and other languages; for
    /// a refused row, the refusal.
    #[serde(flatten)]
    pub problem: RowMessage,
}

impl RowProblem {
    pub fn new(line: u64, problem: RowMessage) -> Self {
        RowProblem {
            line,
            reason: problem.english(),
            problem,
        }
    }

    /// A refused row: its problems in English for `reason`, the last (the refusal) coded.
    pub fn refused(line: u64, problems: &[RowMessage]) -> Self {
        let reason = problems
            .iter()
            .map(RowMessage::english)
            .collect::<Vec<_>>()
            .join("; ");
        let problem = problems.last().cloned().unwrap_or_else(|| {
            RowMessage::new(crate::messages::Message::new("import.refused").with("detail", ""))
        });
        RowProblem {
            line,
            reason,
            problem,
        }
    }
}

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
