//! Printed documents in the app: a preview (PNG pages), Save as PDF, Print (the PDF file through
//! the system's print service), and the mission's calendar file. All the work is in
//! `passerelle_core::documents`.

use crate::commands::directory::save_as;
use crate::ipc::{blocking, IpcResult};
use passerelle_core::documents::{
    self, ics::IcsOptions, print::Printers, DocumentKind, DocumentPreview, DocumentRequest, Langs,
    VersionRange,
};
use passerelle_core::{paths, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::{AppHandle, State};

/// Pages shown in the preview (the PDF has them all).
const PREVIEW_PAGES: usize = 6;
/// Preview resolution: 1.5 px per point (108 dpi).
const PREVIEW_SCALE: f32 = 1.5;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DocumentInput {
    mission_id: String,
    kind: DocumentKind,
    lang: String,
    #[serde(default)]
    participant_id: Option<String>,
    /// Change sheets: `A..B`, or `A..` for version A against the draft; none: the latest two.
    #[serde(default)]
    versions: Option<String>,
}

impl DocumentInput {
    fn request(&self) -> passerelle_core::Result<DocumentRequest> {
        let versions = match self.versions.as_deref().filter(|v| !v.is_empty()) {
            Some(text) if self.kind == DocumentKind::Changes => Some(VersionRange::parse(text)?),
            _ => None,
        };
        Ok(DocumentRequest {
            kind: self.kind,
            mission_id: self.mission_id.clone(),
            participant: self.participant_id.clone().filter(|p| !p.is_empty()),
            versions,
            langs: Langs::parse(&self.lang)?,
        })
    }

    fn file_name(&self) -> String {
        format!("{}-{}.pdf", self.kind.as_str(), self.lang.replace('+', "-"))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PrintInput {
    document: DocumentInput,
    /// `None`: the print service's default printer.
    #[serde(default)]
    printer: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CalendarInput {
    mission_id: String,
    #[serde(default)]
    participant_id: Option<String>,
    /// The documents' language (its first one when two, e.g. fr+zh-TW): the words the file
    /// adds to each event are in it. English when absent.
    #[serde(default)]
    lang: Option<String>,
}

/// The first pages of a document as `data:image/png` URLs.
#[tauri::command]
pub async fn preview_document(
    store: State<'_, Arc<Store>>,
    input: DocumentInput,
) -> IpcResult<DocumentPreview> {
    blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| documents::preview(c, &request, now, PREVIEW_PAGES, PREVIEW_SCALE))
    })
    .await
}

/// Writes the document as PDF where the planner chooses; `None` when cancelled.
#[tauri::command]
pub async fn save_document(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: DocumentInput,
) -> IpcResult<Option<String>> {
    let name = input.file_name();
    let bytes = blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| documents::render(c, &request, now))
    })
    .await?;
    save_as(&app, &name, ("PDF", &["pdf"]), bytes).await
}

/// Writes the mission's (or one participant's) calendar as an .ics file.
#[tauri::command]
pub async fn export_mission_ics(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: CalendarInput,
) -> IpcResult<Option<String>> {
    let bytes = blocking(store, move |s: &Store| {
        let options = IcsOptions {
            participant: input.participant_id.clone().filter(|p| !p.is_empty()),
            alarm_minutes: None,
            lang: Langs::first_or_english(input.lang.as_deref())?,
        };
        let now = s.now();
        let text = s.read(|c| documents::calendar(c, &input.mission_id, &options, now))?;
        Ok(text.into_bytes())
    })
    .await?;
    save_as(&app, "mission.ics", ("iCalendar", &["ics"]), bytes).await
}

/// The printers the system's print service offers.
#[tauri::command]
pub async fn list_printers() -> IpcResult<Printers> {
    Ok(
        tauri::async_runtime::spawn_blocking(documents::print::printers)
            .await
            .unwrap_or_default(),
    )
}

/// Renders the document as PDF, keeps it in the data folder's `printed/` (so the planner can
/// reopen it if the printer fails) and sends that file to the printer. Returns the spooler's
/// answer, e.g. "request id is Office-12 (1 file(s))".
#[tauri::command]
pub async fn print_document(store: State<'_, Arc<Store>>, input: PrintInput) -> IpcResult<String> {
    blocking(store, move |s: &Store| {
        let request = input.document.request()?;
        let now = s.now();
        let bytes = s.read(|c| documents::render(c, &request, now))?;
        let dir = paths::data_dir().join("printed");
        std::fs::create_dir_all(&dir)?;
        let name = format!("{}-{}", request.mission_id, input.document.file_name());
        let path = dir.join(name);
        passerelle_core::files::write_whole(&path, &bytes)?;
        let title = format!("Passerelle: {}", request.kind.as_str());
        let printer = input.printer.as_deref().filter(|p| !p.is_empty());
        documents::print::print_file(&path, printer, &title)
    })
    .await
}
