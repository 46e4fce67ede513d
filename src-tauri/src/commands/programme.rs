//! The programme editor: items (create, edit, move, resize, lock, split, delete, accept or reject
//! a proposal), the live check, undo/redo, versions and change sheets, and the delegation, site
//! and availability edits of the mission workspace. Each write is one core call in one
//! transaction, scoped to the mission so that Ctrl+Z can undo it.

use crate::ipc::{blocking, write, IpcResult};
use passerelle_core::domain::{AgendaItemInput, ChangeSheet, ItemStatus, Wording};
use passerelle_core::programme::conflicts::PlanningSettings;
use passerelle_core::store::agenda::Reschedule;
use passerelle_core::store::missions::AvailabilityInput;
use passerelle_core::store::programme::ProgrammeState;
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::State;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MissionInput {
    mission_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ItemIdInput {
    id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LockInput {
    id: String,
    locked: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatusInput {
    id: String,
    status: ItemStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PublishInput {
    mission_id: String,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChangesInput {
    mission_id: String,
    #[serde(default)]
    from: Option<u32>,
    #[serde(default)]
    to: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SubgroupInput {
    mission_id: String,
    #[serde(default)]
    id: Option<String>,
    name: String,
    /// Its names for each language's documents; absent keeps those stored.
    #[serde(default)]
    names: Option<Wording>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MemberInput {
    mission_id: String,
    contact_id: String,
    role: String,
    #[serde(default)]
    subgroup_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RemoveMemberInput {
    mission_id: String,
    contact_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoomInput {
    site_id: String,
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default)]
    capacity: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HoursInput {
    site_id: String,
    #[serde(default)]
    opens_at: Option<String>,
    #[serde(default)]
    closes_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TravelInput {
    mission_id: String,
    from_site_id: String,
    to_site_id: String,
    #[serde(default)]
    minutes: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SettingsInput {
    mission_id: String,
    settings: PlanningSettings,
}

#[tauri::command]
pub async fn get_programme_state(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<ProgrammeState> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::programme::state(c, &input.mission_id))
    })
    .await
}

/// The departments a presentation of the mission can invite (of its sites' and organisers'
/// organisations), with the organisation's name.
#[tauri::command]
pub async fn list_mission_departments(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Vec<store::programme::MissionDepartment>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::programme::departments(c, &input.mission_id))
    })
    .await
}

#[tauri::command]
pub async fn save_agenda_item(
    store: State<'_, Arc<Store>>,
    input: AgendaItemInput,
) -> IpcResult<String> {
    let label = if input.id.is_some() {
        "action.editItem"
    } else {
        "action.addItem"
    };
    write(store, label, move |w| store::agenda::put(w, &input)).await
}

#[tauri::command]
pub async fn move_agenda_item(store: State<'_, Arc<Store>>, input: Reschedule) -> IpcResult<()> {
    write(store, "action.moveItem", move |w| {
        store::agenda::reschedule(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_agenda_item(store: State<'_, Arc<Store>>, input: ItemIdInput) -> IpcResult<()> {
    write(store, "action.deleteItem", move |w| {
        store::agenda::delete(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn lock_agenda_item(store: State<'_, Arc<Store>>, input: LockInput) -> IpcResult<()> {
    let label = if input.locked {
        "action.lockItem"
    } else {
        "action.unlockItem"
    };
    write(store, label, move |w| {
        store::agenda::set_locked(w, &input.id, input.locked)
    })
    .await
}

#[tauri::command]
pub async fn set_agenda_item_status(
    store: State<'_, Arc<Store>>,
    input: StatusInput,
) -> IpcResult<()> {
    write(store, "action.setItemStatus", move |w| {
        store::agenda::set_status(w, &input.id, input.status)
    })
    .await
}

#[tauri::command]
pub async fn split_agenda_item(
    store: State<'_, Arc<Store>>,
    input: ItemIdInput,
) -> IpcResult<Vec<String>> {
    write(store, "action.splitItem", move |w| {
        store::agenda::split_by_subgroup(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn undo_programme(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Option<String>> {
    write(store, "action.undo", move |w| {
        store::undo::undo(w, &input.mission_id)
    })
    .await
}

#[tauri::command]
pub async fn redo_programme(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Option<String>> {
    write(store, "action.redo", move |w| {
        store::undo::redo(w, &input.mission_id)
    })
    .await
}

#[tauri::command]
pub async fn publish_programme(
    store: State<'_, Arc<Store>>,
    input: PublishInput,
) -> IpcResult<u32> {
    write(store, "action.publish", move |w| {
        store::versions::publish(w, &input.mission_id, input.note.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn get_change_sheet(
    store: State<'_, Arc<Store>>,
    input: ChangesInput,
) -> IpcResult<ChangeSheet> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::versions::changes(c, &input.mission_id, input.from, input.to))
    })
    .await
}

#[tauri::command]
pub async fn save_subgroup(
    store: State<'_, Arc<Store>>,
    input: SubgroupInput,
) -> IpcResult<String> {
    write(store, "action.saveSubgroup", move |w| {
        store::missions::put_subgroup(
            w,
            &input.mission_id,
            input.id.as_deref(),
            &input.name,
            input.names,
        )
    })
    .await
}

#[tauri::command]
pub async fn delete_subgroup(store: State<'_, Arc<Store>>, input: ItemIdInput) -> IpcResult<()> {
    write(store, "action.deleteSubgroup", move |w| {
        store::missions::delete_subgroup(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn save_member(store: State<'_, Arc<Store>>, input: MemberInput) -> IpcResult<()> {
    write(store, "action.editMember", move |w| {
        store::missions::set_member(
            w,
            &input.mission_id,
            &input.contact_id,
            &input.role,
            input.subgroup_id.as_deref(),
        )
    })
    .await
}

#[tauri::command]
pub async fn remove_member(
    store: State<'_, Arc<Store>>,
    input: RemoveMemberInput,
) -> IpcResult<()> {
    write(store, "action.removeMember", move |w| {
        store::missions::remove_member(w, &input.mission_id, &input.contact_id)
    })
    .await
}

#[tauri::command]
pub async fn save_availability(
    store: State<'_, Arc<Store>>,
    input: AvailabilityInput,
) -> IpcResult<String> {
    write(store, "action.saveAvailability", move |w| {
        store::missions::put_availability(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_availability(
    store: State<'_, Arc<Store>>,
    input: ItemIdInput,
) -> IpcResult<()> {
    write(store, "action.deleteAvailability", move |w| {
        store::missions::delete_availability(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn save_room(store: State<'_, Arc<Store>>, input: RoomInput) -> IpcResult<String> {
    write(store, "action.saveRoom", move |w| {
        store::sites::put_room(
            w,
            &input.site_id,
            input.id.as_deref(),
            &input.name,
            input.capacity,
        )
    })
    .await
}

#[tauri::command]
pub async fn delete_room(store: State<'_, Arc<Store>>, input: ItemIdInput) -> IpcResult<()> {
    write(store, "action.deleteRoom", move |w| {
        store::sites::delete_room(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn set_site_hours(store: State<'_, Arc<Store>>, input: HoursInput) -> IpcResult<()> {
    write(store, "action.setSiteHours", move |w| {
        store::sites::set_hours(
            w,
            &input.site_id,
            input.opens_at.as_deref(),
            input.closes_at.as_deref(),
        )
    })
    .await
}

#[tauri::command]
pub async fn set_travel_time(store: State<'_, Arc<Store>>, input: TravelInput) -> IpcResult<()> {
    write(store, "action.setTravelTime", move |w| {
        store::programme::set_travel(
            w,
            &input.mission_id,
            &input.from_site_id,
            &input.to_site_id,
            input.minutes,
        )
    })
    .await
}

#[tauri::command]
pub async fn save_planning_settings(
    store: State<'_, Arc<Store>>,
    input: SettingsInput,
) -> IpcResult<()> {
    write(store, "action.savePlanningSettings", move |w| {
        store::programme::save_settings(w, &input.mission_id, &input.settings)
    })
    .await
}
