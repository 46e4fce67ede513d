//! A person's meal and access needs for a mission (issue 18, part 4): special-category data,
//! shown and edited in the delegation screen's "Meals and access needs". All the rules (the
//! consent, the retention, the erasure of the values) are in the core (`store::needs`).

use crate::ipc::{blocking, write, IdInput, IpcResult};
use passerelle_core::domain::{retention, MissionNeeds, NeedsInput};
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::State;

#[tauri::command]
pub async fn get_needs(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<MissionNeeds> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::needs::of_mission(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_needs(store: State<'_, Arc<Store>>, input: NeedsInput) -> IpcResult<String> {
    write(store, "action.saveNeeds", move |w| {
        store::needs::put(w, &input)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PersonInput {
    mission_id: String,
    contact_id: String,
}

/// Consent withdrawn: the person's needs for the mission are erased (the write scrubs their
/// ops and compacts the file, so that no copy of them stays in free pages).
#[tauri::command]
pub async fn clear_needs(store: State<'_, Arc<Store>>, input: PersonInput) -> IpcResult<bool> {
    blocking(store, move |s: &Store| {
        s.write("action.clearNeeds", |w| {
            store::needs::clear(w, &input.mission_id, &input.contact_id)
        })
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RetentionInput {
    mission_id: String,
    days: i64,
}

/// How many days after the mission its needs are kept; a retention already past erases them.
#[tauri::command]
pub async fn set_needs_retention(
    store: State<'_, Arc<Store>>,
    input: RetentionInput,
) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        let days = retention("retentionDays", input.days)?;
        s.write("action.setNeedsRetention", |w| {
            store::needs::set_retention(w, &input.mission_id, days)
        })?;
        store::needs::purge_if_due(s)?;
        Ok(())
    })
    .await
}
