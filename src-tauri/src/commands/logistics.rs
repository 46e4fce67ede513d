//! A mission's logistics (issue 18): arrivals, departures and hotel stays of the delegation,
//! and the mission's vehicles, shown and edited in the delegation screen. All the rules are in the core
//! (`store::travel`, `store::stays`).

use crate::commands::directory::save_as;
use crate::ipc::{blocking, write, IdInput, IpcResult};
use passerelle_core::documents::{rooming, Langs};
use passerelle_core::domain::{
    MissionLogistics, StayInput, TravelInput, TravelLeg, Vehicle, VehicleInput,
};
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::{AppHandle, State};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoomingInput {
    mission_id: String,
    /// The documents' language (its first one when two): the sheet's headings are in it.
    #[serde(default)]
    lang: Option<String>,
}

/// Writes the rooming list as an .xlsx workbook (one sheet per hotel) where the planner
/// chooses; `None` when cancelled. Its PDF is a document of the Documents tab.
#[tauri::command]
pub async fn save_rooming_xlsx(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: RoomingInput,
) -> IpcResult<Option<String>> {
    let bytes = blocking(store, move |s: &Store| {
        let lang = Langs::first_or_english(input.lang.as_deref())?;
        s.read(|c| rooming::xlsx(c, &input.mission_id, lang))
    })
    .await?;
    save_as(&app, "rooming.xlsx", ("Excel", &["xlsx"]), bytes).await
}

#[tauri::command]
pub async fn get_logistics(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<MissionLogistics> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::travel::logistics(c, &input.id))
    })
    .await
}

/// The mission's arrivals and departures only: what the programme draws above each day, read on
/// every change of the legs without the stays and the rest of `get_logistics`.
#[tauri::command]
pub async fn list_travel(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<Vec<TravelLeg>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::travel::of_mission(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_travel(store: State<'_, Arc<Store>>, input: TravelInput) -> IpcResult<String> {
    write(store, "action.saveTravel", move |w| {
        store::travel::put(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_travel(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteTravel", move |w| {
        store::travel::delete(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn save_stay(store: State<'_, Arc<Store>>, input: StayInput) -> IpcResult<String> {
    write(store, "action.saveStay", move |w| {
        store::stays::put(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_stay(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteStay", move |w| {
        store::stays::delete(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn list_vehicles(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<Vec<Vehicle>> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::vehicles::of_mission(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_vehicle(store: State<'_, Arc<Store>>, input: VehicleInput) -> IpcResult<String> {
    write(store, "action.saveVehicle", move |w| {
        store::vehicles::put(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_vehicle(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteVehicle", move |w| {
        store::vehicles::delete(w, &input.id)
    })
    .await
}
