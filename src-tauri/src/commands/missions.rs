//! Missions and their set-up: the list, one mission, creating (from a blank page or a previous
//! mission), editing, archiving and deleting; sites; adding people to the delegation.

use crate::ipc::{blocking, write, IdInput, IpcResult};
use passerelle_core::domain::{
    zones, MissionDetail, MissionInput, MissionSummary, SiteInput, SiteItem, SiteSaved,
    TimeZoneInfo,
};
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::State;

#[tauri::command]
pub async fn list_missions(store: State<'_, Arc<Store>>) -> IpcResult<Vec<MissionSummary>> {
    blocking(store, |s: &Store| s.read(store::missions::list)).await
}

#[tauri::command]
pub async fn get_mission(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<MissionDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::missions::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_mission(store: State<'_, Arc<Store>>, input: MissionInput) -> IpcResult<String> {
    let label = if input.id.is_some() {
        "action.editMission"
    } else {
        "action.createMission"
    };
    write(store, label, move |w| store::missions::put(w, &input)).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveInput {
    id: String,
    archived: bool,
}

#[tauri::command]
pub async fn set_mission_archived(
    store: State<'_, Arc<Store>>,
    input: ArchiveInput,
) -> IpcResult<()> {
    let now = store.now();
    write(store, "action.archiveMission", move |w| {
        store::missions::set_archived(w, &input.id, input.archived, now)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StaffDaysInput {
    id: String,
    /// As typed ("12", "12,5"); blank clears.
    staff_days: String,
}

/// The staff days the agency spent on a mission (the report's input), set where the report
/// shows them; resolves to the number kept.
#[tauri::command]
pub async fn set_staff_days(
    store: State<'_, Arc<Store>>,
    input: StaffDaysInput,
) -> IpcResult<Option<f64>> {
    write(store, "action.setStaffDays", move |w| {
        store::missions::set_staff_days(w, &input.id, &input.staff_days)
    })
    .await
}

#[tauri::command]
pub async fn delete_mission(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteMission", move |w| {
        store::missions::delete(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn save_site(store: State<'_, Arc<Store>>, input: SiteInput) -> IpcResult<SiteSaved> {
    write(store, "action.editSite", move |w| {
        store::sites::put_site(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn site_items(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<Vec<SiteItem>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::sites::items_at(c, &input.id))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeleteSiteInput {
    id: String,
    #[serde(default)]
    move_to: Option<String>,
}

#[tauri::command]
pub async fn delete_site(store: State<'_, Arc<Store>>, input: DeleteSiteInput) -> IpcResult<()> {
    write(store, "action.removeSite", move |w| {
        store::sites::delete_site(w, &input.id, input.move_to.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn list_time_zones() -> IpcResult<Vec<TimeZoneInfo>> {
    Ok(zones::all())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AddMemberInput {
    mission_id: String,
    contact_id: String,
    role: String,
    #[serde(default)]
    subgroup_id: Option<String>,
}

#[tauri::command]
pub async fn add_member(store: State<'_, Arc<Store>>, input: AddMemberInput) -> IpcResult<()> {
    write(store, "action.addMember", move |w| {
        store::missions::add_member(
            w,
            &input.mission_id,
            &input.contact_id,
            &input.role,
            input.subgroup_id.as_deref(),
        )
        .map(|_| ())
    })
    .await
}
