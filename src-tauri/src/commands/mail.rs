//! E-mail drafts in the app (issue 17): a preview of the merge (who gets a draft, who is
//! skipped and why, one draft in words) and the drafts written into a folder the planner picks
//! in the native dialog. All the work is in `passerelle_core::mail`.

use crate::ipc::{blocking, IpcResult};
use passerelle_core::mail::{
    self, Audience, MailLang, MailPreview, MailReport, MailTemplate, MergeRequest,
};
use passerelle_core::Store;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MailInput {
    mission_id: String,
    template: MailTemplate,
    to: Audience,
    /// `auto` (each person's own language) or fr, en, zh-TW.
    lang: String,
    /// The person whose draft the preview shows (else the first).
    #[serde(default)]
    sample_id: Option<String>,
}

impl MailInput {
    fn request(&self) -> passerelle_core::Result<MergeRequest> {
        Ok(MergeRequest {
            mission_id: self.mission_id.clone(),
            template: self.template,
            to: self.to,
            lang: MailLang::parse(&self.lang)?,
        })
    }
}

/// Who gets a draft, who is skipped and why, and one draft as text.
#[tauri::command]
pub async fn preview_mail_merge(
    store: State<'_, Arc<Store>>,
    input: MailInput,
) -> IpcResult<MailPreview> {
    blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| {
            let merge = mail::prepare(c, &request, now)?;
            Ok(mail::preview(&merge, input.sample_id.as_deref()))
        })
    })
    .await
}

/// Asks for a folder, then writes one draft per person into it; `None` when cancelled.
#[tauri::command]
pub async fn write_mail_drafts(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: MailInput,
) -> IpcResult<Option<MailReport>> {
    let Some(dir) = choose_folder(&app, "drafts").await else {
        return Ok(None);
    };
    let report = blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| mail::merge_into(c, &request, &dir, now))
    })
    .await?;
    Ok(Some(report))
}

/// The folder picked in the native dialog (opened here, so the webview never hands the backend
/// a path); under test, `<under>/` in PASSERELLE_E2E_EXPORT_DIR (`drafts`, `letters`).
pub(crate) async fn choose_folder(app: &AppHandle, under: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PASSERELLE_E2E_EXPORT_DIR") {
        return Some(PathBuf::from(dir).join(under));
    }
    let dialog = app.dialog().file();
    tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_folder())
        .await
        .ok()
        .flatten()
        .and_then(|f| f.into_path().ok())
}
