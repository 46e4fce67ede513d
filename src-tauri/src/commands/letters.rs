//! Letters and passport data in the app (issue 17, part 3): a member's passport for the mission
//! (shown, saved, cleared in the Delegation tab), and the invitation or thank-you letters of the
//! Documents tab — who gets one and who does not (and why), then one PDF per person written into
//! a folder the planner picks in the native dialog. All the rules are in the core
//! (`store::passports`, `documents::letters`).

use crate::commands::mail::choose_folder;
use crate::ipc::{blocking, write, IdInput, IpcResult};
use passerelle_core::documents::letters::{
    self, CostsBy, LetterKind, LetterPlan, LetterReport, LetterRequest,
};
use passerelle_core::domain::{Passport, PassportInput};
use passerelle_core::mail::MailLang;
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::{AppHandle, State};

/// A mission's passports, with their checks.
#[tauri::command]
pub async fn list_passports(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<Vec<Passport>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::passports::of_mission(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_passport(
    store: State<'_, Arc<Store>>,
    input: PassportInput,
) -> IpcResult<String> {
    write(store, "action.savePassport", move |w| {
        store::passports::put(w, &input)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PassportOf {
    mission_id: String,
    contact_id: String,
}

#[tauri::command]
pub async fn clear_passport(store: State<'_, Arc<Store>>, input: PassportOf) -> IpcResult<bool> {
    write(store, "action.clearPassport", move |w| {
        store::passports::clear(w, &input.mission_id, &input.contact_id)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LettersInput {
    mission_id: String,
    kind: LetterKind,
    /// `auto` (each person's own language) or fr, en, zh-TW.
    lang: String,
    #[serde(default)]
    costs_by: CostsBy,
    /// One person (contact id); none: everyone the kind is for.
    #[serde(default)]
    contact_id: Option<String>,
}

impl LettersInput {
    fn request(&self) -> passerelle_core::Result<LetterRequest> {
        Ok(LetterRequest {
            mission_id: self.mission_id.clone(),
            kind: self.kind,
            contact: self.contact_id.clone().filter(|c| !c.is_empty()),
            lang: MailLang::parse(&self.lang)?,
            costs_by: self.costs_by,
        })
    }
}

/// Who gets a letter (name, language, file) and who is skipped and why.
#[tauri::command]
pub async fn preview_letters(
    store: State<'_, Arc<Store>>,
    input: LettersInput,
) -> IpcResult<LetterPlan> {
    blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| Ok(letters::prepare(c, &request, now)?.plan))
    })
    .await
}

/// Asks for a folder, then writes one letter per person into it; `None` when cancelled.
#[tauri::command]
pub async fn write_letters(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: LettersInput,
) -> IpcResult<Option<LetterReport>> {
    let Some(dir) = choose_folder(&app, "letters").await else {
        return Ok(None);
    };
    let report = blocking(store, move |s: &Store| {
        let request = input.request()?;
        let now = s.now();
        s.read(|c| letters::write_letters(c, &request, &dir, now))
    })
    .await?;
    Ok(Some(report))
}
