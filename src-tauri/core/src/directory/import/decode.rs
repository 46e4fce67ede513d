//! Text files as planners have them: a BOM says UTF-8 or UTF-16, else UTF-8 if valid, else
//! Windows-1252; binary files refused.

use crate::error::{Error, Result};
use crate::messages::Message;

/// Files larger than this are refused (a 100,000-row export is about 20 MB).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// Decodes a text file: a BOM says UTF-8 or UTF-16; otherwise UTF-8 if it is valid, else
/// Windows-1252 (what Outlook and Excel write on Western Windows). `encoding` forces a label.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<(String, String)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "path",
            Message::new("fileTooLarge").with("max", MAX_FILE_BYTES / 1024 / 1024),
        ));
    }
    if let Some(label) = encoding.filter(|l| !l.trim().is_empty() && *l != "auto") {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::invalid(
                "encoding",
                Message::new("unknownEncoding").with("value", label),
            )
        })?;
        let (text, _, _) = enc.decode(bytes);
        return Ok((text.into_owned(), enc.name().to_owned()));
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(Error::invalid(
                "path",
                Message::new("badByteOrderMark").with("encoding", enc.name()),
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

/// Binary files are refused outright: NUL bytes or mostly control characters (in the first
/// 64 Ki characters, read once).
fn check_text(text: &str) -> Result<()> {
    let (mut chars, mut control) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        if c == '\0' {
            return Err(Error::invalid("path", Message::new("notATextFile")));
        }
        chars += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    if control * 20 > chars.max(1) {
        return Err(Error::invalid("path", Message::new("notATextFile")));
    }
    Ok(())
}
