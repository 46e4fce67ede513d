//! Documents from the command line, as kinds of the `export` subcommand:
//! `export programme|itinerary|cards|changes --mission ID [--participant ID] [--versions A..B]
//! --lang fr|en|zh-TW|fr+en|fr+zh-TW|en+zh-TW|… --out FILE.pdf` and
//! `export ics --mission ID [--participant ID] [--alarm MINUTES] --out FILE.ics`.

use passerelle_core::documents::{
    self, ics::IcsOptions, DocumentKind, DocumentRequest, Langs, VersionRange,
};
use passerelle_core::{Error, Result, Store};
use std::path::Path;

/// The flags of `export` that documents use (the directory's kinds ignore them).
#[derive(clap::Args, Debug, Default)]
pub struct DocumentFlags {
    /// The mission (documents and calendar files).
    #[arg(long, value_name = "ID")]
    pub mission: Option<String>,
    /// One person (contact id): their itinerary, name card or calendar.
    #[arg(long, value_name = "ID")]
    pub participant: Option<String>,
    /// Change sheets: the two versions compared, e.g. 1..2 (or 2.. for the current draft).
    #[arg(long, value_name = "A..B")]
    pub versions: Option<String>,
    /// The document's language(s): fr, en, zh-TW, or two joined by + (fr+zh-TW, en+zh-TW…).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Calendar files: a reminder this many minutes before each event.
    #[arg(long, value_name = "MINUTES")]
    pub alarm: Option<u32>,
}

impl DocumentFlags {
    /// `--mission`, required by the mission's exports (rooming list, costs).
    pub fn mission(&self) -> Result<String> {
        self.mission
            .clone()
            .ok_or_else(|| Error::validation("mission", "--mission ID is required"))
    }
}

/// The document kinds of `export`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Kind {
    Pdf(DocumentKind),
    Ics,
}

pub fn export(store: &Store, kind: Kind, flags: &DocumentFlags, out: &Path) -> Result<()> {
    let mission = flags
        .mission
        .clone()
        .ok_or_else(|| Error::validation("mission", "--mission ID is required for documents"))?;
    let now = store.now();
    let bytes = match kind {
        Kind::Ics => {
            let options = IcsOptions {
                participant: flags.participant.clone(),
                alarm_minutes: flags.alarm,
                lang: Langs::first_or_english(flags.lang.as_deref())?,
            };
            store
                .read(|conn| documents::calendar(conn, &mission, &options, now))?
                .into_bytes()
        }
        Kind::Pdf(kind) => {
            let lang = flags.lang.as_deref().ok_or_else(|| {
                Error::validation("lang", format!("--lang is required ({})", Langs::ACCEPTED))
            })?;
            let request = DocumentRequest {
                kind,
                mission_id: mission,
                participant: flags.participant.clone(),
                versions: flags
                    .versions
                    .as_deref()
                    .map(VersionRange::parse)
                    .transpose()?,
                langs: Langs::parse(lang)?,
            };
            store.read(|conn| documents::render(conn, &request, now))?
        }
    };
    write_out(out, &bytes)
}

/// Writes next to the target then renames, so a failed export leaves no half file; an
/// unwritable place is one clear line.
pub(crate) fn write_out(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "the folder does not exist".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        Error::validation("out", format!("cannot write {}: {why}", path.display()))
    };
    if path.is_dir() {
        return Err(Error::validation(
            "out",
            format!("cannot write {}: it is a folder", path.display()),
        ));
    }
    passerelle_core::files::write_whole(path, bytes).map_err(cannot)
}
