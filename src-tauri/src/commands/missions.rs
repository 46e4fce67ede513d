use crate::ipc::{blocking, IdInput, IpcResult};
use passerelle_core::domain::{MissionDetail, MissionSummary};
use passerelle_core::{store, Store};
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
