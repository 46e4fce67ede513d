//! CSV files: the delimiter guessed from the header line, one line ending, rows kept with the
//! line of the file they start on.

use super::{FileFormat, ParsedFile, RowMessage, RowProblem, SourceRow};
use crate::error::{Error, Result};
use crate::messages::Message;

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
            return Err(Error::invalid(
                "path",
                Message::new("headerUnreadable").with("detail", e),
            ));
        }
        None => return Err(Error::invalid("path", Message::new("emptyFile"))),
    };
    if headers.iter().all(String::is_empty) {
        return Err(Error::invalid("path", Message::new("noColumnNames")));
    }
    if headers.len() < 2 {
        return Err(Error::invalid("path", Message::new("oneColumn")));
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
                    unreadable.push(RowProblem::new(
                        line,
                        RowMessage::new(
                            Message::new("import.cellCount")
                                .with("cells", r.len())
                                .with("columns", headers.len()),
                        ),
                    ));
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
                unreadable.push(RowProblem::new(
                    line,
                    RowMessage::new(Message::new("import.unreadableRow").with("detail", e)),
                ));
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
