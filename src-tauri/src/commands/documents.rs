//! Printed documents in the app: a preview (PNG pages), Save as PDF, and the mission's
//! calendar file. All the work is in `passerelle_core::documents`.

use crate::commands::directory::save_as;
use crate::ipc::{blocking, IpcResult};
use passerelle_core::documents::{
    self, ics::IcsOptions, DocumentKind, DocumentPreview, DocumentRequest, Langs,
};
use passerelle_core::Store;
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
}

impl DocumentInput {
    fn request(&self) -> passerelle_core::Result<DocumentRequest> {
        Ok(DocumentRequest {
            kind: self.kind,
            mission_id: self.mission_id.clone(),
            participant: self.participant_id.clone().filter(|p| !p.is_empty()),
            versions: None,
            langs: Langs::parse(&self.lang)?,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CalendarInput {
    mission_id: String,
    #[serde(default)]
    participant_id: Option<String>,
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
    let name = format!(
        "{}-{}.pdf",
        input.kind.as_str(),
        input.lang.replace('+', "-")
    );
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
        };
        let now = s.now();
        let text = s.read(|c| documents::calendar(c, &input.mission_id, &options, now))?;
        Ok(text.into_bytes())
    })
    .await?;
    save_as(&app, "mission.ics", ("iCalendar", &["ics"]), bytes).await
}
