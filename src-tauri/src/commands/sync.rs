//! Two laptops, one mission (issue 15): Share writes the mission's exchange file where the
//! planner chooses, Receive reads one chosen in the open dialog and merges it; the conflicts
//! inbox and its settlement; the exchange history. The work is in `passerelle_core::sync`.

use crate::commands::directory::{choose_save_path, e2e_path};
use crate::ipc::{blocking, IpcResult};
use passerelle_core::store::{self, exchanges::Exchange};
use passerelle_core::sync::exchange::{self, ExportReport, Received};
use passerelle_core::sync::file::EXTENSION;
use passerelle_core::sync::inbox::{self, InboxEntry};
use passerelle_core::sync::op::{Scope, Take};
use passerelle_core::Store;
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// The open dialog's filter: "Passerelle exchange (.passerelle)".
const FILTER: (&str, &[&str]) = ("Passerelle", &[EXTENSION]);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MissionInput {
    mission_id: String,
}

/// Writes the mission's exchange file (every change of the mission and of the directory
/// records it uses) where the planner chooses; `None` when cancelled.
#[tauri::command]
pub async fn share_mission(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Option<ExportReport>> {
    let id = input.mission_id.clone();
    let name = blocking(store.clone(), move |s: &Store| {
        let m = s.read(|c| store::missions::get(c, &id))?;
        Ok(exchange::default_file_name(&m.title, &m.start_date))
    })
    .await?;
    let Some(path) = choose_save_path(&app, &name, FILTER).await? else {
        return Ok(None);
    };
    blocking(store, move |s: &Store| {
        exchange::export(s, &Scope::Mission(input.mission_id), None, &path).map(Some)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceiveInput {
    /// The mission the window receives into (a file of another mission is refused); `None`:
    /// the missions list, any file.
    #[serde(default)]
    mission_id: Option<String>,
    /// Only with PASSERELLE_E2E_IMPORT_DIR set: a file name inside that folder.
    #[serde(default)]
    e2e_path: Option<String>,
}

/// Reads the exchange file the planner chooses and merges it; `None` when cancelled. Refused
/// whole, with nothing changed, when it cannot be received (damaged, newer, another mission…).
#[tauri::command]
pub async fn receive_file(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ReceiveInput,
) -> IpcResult<Option<Received>> {
    let path: Option<PathBuf> = match &input.e2e_path {
        Some(p) => Some(e2e_path(p, "PASSERELLE_E2E_IMPORT_DIR")?),
        None => {
            let dialog = app.dialog().file().add_filter(FILTER.0, FILTER.1);
            tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_file())
                .await
                .ok()
                .flatten()
                .and_then(|f| f.into_path().ok())
        }
    };
    let Some(path) = path else { return Ok(None) };
    blocking(store, move |s: &Store| {
        exchange::import(s, &path, input.mission_id.as_deref()).map(Some)
    })
    .await
}

/// The mission's open conflicts, named.
#[tauri::command]
pub async fn list_sync_conflicts(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Vec<InboxEntry>> {
    blocking(store, move |s: &Store| {
        inbox::of_mission(s, Some(&input.mission_id))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveInput {
    id: String,
    take: Take,
}

/// Settles a conflict with this copy's value or the other's (an edit that travels).
#[tauri::command]
pub async fn resolve_sync_conflict(
    store: State<'_, Arc<Store>>,
    input: ResolveInput,
) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        s.resolve_sync_conflict(&input.id, input.take)
    })
    .await
}

/// The mission's latest exchanges, latest first (the header says the first).
#[tauri::command]
pub async fn list_exchanges(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Vec<Exchange>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::exchanges::of_mission(c, Some(&input.mission_id), 10))
    })
    .await
}
