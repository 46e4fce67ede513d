//! The cell references of an `.xlsx` workbook's sheets, checked before `calamine` reads them.
//!
//! `calamine` (0.38, the latest) trusts them: a reference past Excel's last column or row
//! overflows its arithmetic (a panic in builds with overflow checks, a wrapped position
//! otherwise); a range that ends before it starts (`B5:A1`, a merged cell or the sheet's
//! dimension) underflows it; and it lays a sheet out densely, one cell for every position
//! between the first and the last cell, so two cells far apart (`A1` and `XFD1048576`) ask for
//! billions of cells and end the process. A response file comes from outside (a form tool's
//! export, a colleague's workbook): all three are refused here with a clear error instead (the
//! first two found by `make fuzz`'s `form_responses` target).

use crate::error::{Error, Result};
use crate::messages::Message;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// Excel's last column (XFD) and last row.
const MAX_COLUMNS: u64 = 16_384;
const MAX_ROWS: u64 = 1_048_576;

/// The most positions a sheet's cells may span: 20,000 answers of 60 columns fit with room.
pub const MAX_CELLS: u64 = 4_000_000;

/// The most a sheet's XML may unpack to (the file itself is at most 20 MB).
const MAX_SHEET_XML: u64 = 256 * 1024 * 1024;

/// Checks every XML part of a zip (an `.xlsx`: calamine finds its sheets through the
/// workbook's relationships, under any path, so no part is skipped; the others hold no cells);
/// a zip that does not open (an `.xls`) is left to `calamine`.
pub fn check(bytes: &[u8]) -> Result<()> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(());
    };
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(std::result::Result::ok)
        .filter(|n| n.to_ascii_lowercase().ends_with(".xml"))
        .map(std::borrow::Cow::into_owned)
        .collect();
    for name in parts {
        let Ok(entry) = zip.by_name(&name) else {
            continue;
        };
        let mut xml = Vec::new();
        // What unpacks before an error (a bad checksum is seen only at the end) is checked:
        // calamine reads it as it streams.
        let _ = entry.take(MAX_SHEET_XML + 1).read_to_end(&mut xml);
        if xml.len() as u64 > MAX_SHEET_XML {
            return Err(Error::invalid(
                "path",
                Message::new("fileTooLarge").with("max", MAX_SHEET_XML / 1024 / 1024),
            ));
        }
        sheet(&xml, MAX_CELLS)?;
    }
    Ok(())
}

/// One sheet's XML: every cell's and row's reference within Excel's limits, the cells within
/// `max_cells` positions of one another (a cell or row without a reference is placed after
/// the one before it, as calamine places it).
fn sheet(xml: &[u8], max_cells: u64) -> Result<()> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    // Read as calamine reads it (xlsx/mod.rs, xml_reader): mismatched end names and comments
    // are not errors.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buf = Vec::new();
    // The cells' extent: first and last row, first and last column; the current position.
    let mut extent: Option<(u64, u64, u64, u64)> = None;
    let (mut row, mut col) = (0u64, 0u64);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            // Broken XML is calamine's to report.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                "c" => {
                    if let Some(r) = attribute(e, "r") {
                        let (at_row, at_col) = reference(&r)?;
                        row = at_row;
                        col = at_col.ok_or_else(|| refused(&r))?;
                    } else {
                        col += 1;
                    }
                    extent = Some(match extent {
                        None => (row, row, col, col),
                        Some((r0, r1, c0, c1)) => {
                            (r0.min(row), r1.max(row), c0.min(col), c1.max(col))
                        }
                    });
                }
                "row" => {
                    row = match attribute(e, "r") {
                        Some(r) => reference(&r)?.0,
                        None => row + 1,
                    };
                    col = 0;
                }
                "dimension" | "mergeCell" => {
                    if let Some(range) = attribute(e, "ref") {
                        let parts = range
                            .split(':')
                            .map(reference)
                            .collect::<Result<Vec<_>>>()?;
                        // A range ending before it starts (`B5:A1`) underflows calamine's
                        // size arithmetic.
                        if let [(r0, Some(c0)), (r1, Some(c1))] = parts[..] {
                            if r1 < r0 || c1 < c0 {
                                return Err(refused(&range));
                            }
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    if let Some((r0, r1, c0, c1)) = extent {
        if (r1 - r0 + 1) * (c1 - c0 + 1) > max_cells {
            return Err(Error::invalid(
                "path",
                Message::new("sheetTooLarge").with("max", max_cells),
            ));
        }
    }
    Ok(())
}

/// An attribute's raw value (a reference has nothing to unescape).
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// An A1 reference (`$` allowed) read as (row, column), both 1-based; a row alone (`12`) has no
/// column. Refused beyond XFD and row 1,048,576, or when it is not a reference at all.
fn reference(text: &str) -> Result<(u64, Option<u64>)> {
    let bytes: Vec<u8> = text.bytes().filter(|&b| b != b'$').collect();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col_part, row_part) = bytes.split_at(letters);
    if letters > 3
        || row_part.is_empty()
        || row_part.len() > 7
        || !row_part.iter().all(u8::is_ascii_digit)
    {
        return Err(refused(text));
    }
    let row = row_part
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    let col = (!col_part.is_empty()).then(|| {
        col_part.iter().fold(0u64, |n, c| {
            n * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1
        })
    });
    if row == 0 || row > MAX_ROWS || col.is_some_and(|c| c > MAX_COLUMNS) {
        return Err(refused(text));
    }
    Ok((row, col))
}

/// The file refused, the reference it holds as the detail (cut to 20 characters).
fn refused(reference: &str) -> Error {
    let shown: String = reference.chars().take(20).collect();
    Error::invalid(
        "path",
        Message::new("notASpreadsheet").with("detail", shown),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_within_excel_are_read_and_others_refused() {
        assert_eq!(reference("A1").unwrap(), (1, Some(1)));
        assert_eq!(
            reference("$XFD$1048576").unwrap(),
            (1_048_576, Some(16_384))
        );
        assert_eq!(reference("12").unwrap(), (12, None));
        for bad in [
            "XFE1",
            "A1048577",
            "A0",
            "ZZZZZZZZZZZZZZ1",
            "A99999999999",
            "A",
            "",
            "1A",
        ] {
            assert!(reference(bad).is_err(), "{bad}");
        }
    }

    fn sheet_(xml: &[u8]) -> Result<()> {
        sheet(xml, MAX_CELLS)
    }

    #[test]
    fn cells_far_apart_are_refused_and_a_form_sized_sheet_is_not() {
        let sheet_of = |refs: &[&str]| {
            let cells: String = refs
                .iter()
                .map(|r| format!(r#"<c r="{r}" t="n"><v>1</v></c>"#))
                .collect();
            format!(r#"<worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#)
        };
        assert!(sheet_(sheet_of(&["A1", "BH20001"]).as_bytes()).is_ok());
        // Without references, cells follow one another, rows too: 11 cells from A1 to K1 span
        // more than 10 positions, 10 cells over A1:E2 do not.
        let unnumbered = |rows: &[usize]| {
            let rows: String = rows
                .iter()
                .map(|&n| format!("<row>{}</row>", "<c><v>1</v></c>".repeat(n)))
                .collect();
            format!("<worksheet><sheetData>{rows}</sheetData></worksheet>")
        };
        assert!(sheet(unnumbered(&[11]).as_bytes(), 10).is_err());
        assert!(sheet(unnumbered(&[5, 5]).as_bytes(), 10).is_ok());
        let far = sheet_(sheet_of(&["A1", "XFD1048576"]).as_bytes()).unwrap_err();
        assert!(format!("{far:?}").contains("sheetTooLarge"), "{far:?}");
        let past = sheet_(sheet_of(&["A1", "AAAAAAAA1"]).as_bytes()).unwrap_err();
        assert!(format!("{past:?}").contains("notASpreadsheet"), "{past:?}");
        let merged = |range: &str| {
            format!(
                r#"<worksheet><sheetData/><mergeCells><mergeCell ref="{range}"/></mergeCells></worksheet>"#
            )
        };
        assert!(sheet_(merged("A1:B2").as_bytes()).is_ok());
        for backwards in ["B5:A1", "A5:B1", "B1:A5"] {
            assert!(sheet_(merged(backwards).as_bytes()).is_err(), "{backwards}");
        }
    }
}
