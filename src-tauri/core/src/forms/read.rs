//! A response file read into rows: a workbook (`.xlsx` from Microsoft Forms, also `.xls` and
//! `.ods`) through `calamine`, its first sheet, the header on its first non-empty row; or a text
//! file (Google Forms, LimeSurvey `.csv`) through the contact import's decoding and CSV reader.
//! Rows keep the line (the sheet's row number) a planner finds them at. A merged cell in the
//! header refuses the file; merged cells below it refuse the rows they cover.

use crate::directory::import::{
    decode, parse_csv, FileFormat, ParsedFile, RowMessage, RowProblem, SourceRow,
};
use crate::error::{Error, Result};
use crate::messages::Message;
use calamine::{Data, Reader};

/// Response files larger than this are refused: 20,000 answers to the form are about 4 MB.
pub const MAX_FORM_BYTES: usize = 20 * 1024 * 1024;

/// Reads a response file, a workbook or a CSV file (told by its content, not its name).
pub fn read_responses(bytes: &[u8]) -> Result<ParsedFile> {
    if bytes.len() > MAX_FORM_BYTES {
        return Err(Error::invalid(
            "path",
            Message::new("fileTooLarge").with("max", MAX_FORM_BYTES / 1024 / 1024),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid("path", Message::new("emptyFile")));
    }
    // A zip (xlsx, ods) or an OLE compound file (xls).
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return workbook(bytes);
    }
    let (text, encoding) = decode(bytes, None).map_err(|e| match e {
        Error::Validation {
            code: Some(ref m), ..
        } if m.code == "notATextFile" => Error::invalid("path", Message::new("notASpreadsheet")),
        other => other,
    })?;
    parse_csv(&text, encoding)
}

fn not_a_spreadsheet(detail: impl std::fmt::Display) -> Error {
    Error::invalid(
        "path",
        Message::new("notASpreadsheet").with("detail", detail),
    )
}

fn workbook(bytes: &[u8]) -> Result<ParsedFile> {
    super::cell_refs::check(bytes)?;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(not_a_spreadsheet)?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(Error::invalid("path", Message::new("emptyFile")));
    }
    // The first sheet whose columns name someone (the template's own workbook has its
    // questions first and its responses second); else the first sheet.
    let mut first = None;
    for name in &names {
        let parsed = sheet(&mut book, name);
        let names_someone = parsed.as_ref().is_ok_and(|p| {
            super::mapping::check(&p.headers, &super::mapping::guess(&p.headers)).is_ok()
        });
        if names_someone {
            return parsed;
        }
        first.get_or_insert(parsed);
    }
    first.unwrap_or_else(|| Err(Error::invalid("path", Message::new("emptyFile"))))
}

fn sheet<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<RS>,
    name: &str,
) -> Result<ParsedFile> {
    let range = book.worksheet_range(name).map_err(not_a_spreadsheet)?;
    let merged = match book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (top, _) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let line = u64::from(top) + i as u64 + 1;
        (line, cells.iter().map(cell_text).collect::<Vec<String>>())
    });
    let Some((header_line, headers)) = rows
        .by_ref()
        .find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
    else {
        return Err(Error::invalid("path", Message::new("emptyFile")));
    };
    let headers: Vec<String> = headers.iter().map(|h| h.trim().to_owned()).collect();
    if headers.len() < 2 {
        return Err(Error::invalid("path", Message::new("oneColumn")));
    }
    // Merged regions, as 1-based lines: over the header the columns cannot be told apart.
    let regions: Vec<(u64, u64)> = merged
        .iter()
        .filter(|d| d.start != d.end)
        .map(|d| (u64::from(d.start.0) + 1, u64::from(d.end.0) + 1))
        .collect();
    if regions
        .iter()
        .any(|(a, b)| (*a..=*b).contains(&header_line))
    {
        return Err(Error::invalid("path", Message::new("mergedHeader")));
    }
    let mut parsed = ParsedFile {
        format: FileFormat::Xlsx,
        encoding: "xlsx".into(),
        delimiter: None,
        headers,
        rows: Vec::new(),
        unreadable: Vec::new(),
    };
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if regions.iter().any(|(a, b)| (*a..=*b).contains(&line)) {
            parsed.unreadable.push(RowProblem::new(
                line,
                RowMessage::new(Message::new("forms.mergedCells")),
            ));
            continue;
        }
        parsed.rows.push(SourceRow { line, cells });
    }
    Ok(parsed)
}

/// A cell as text: numbers without a needless ".0", dates as `YYYY-MM-DD HH:MM:SS`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}
