use crate::ipc::{blocking, IdInput, IpcResult};
use passerelle_core::domain::{
    ContactDetail, ContactSummary, OrganisationDetail, OrganisationSummary, Specialty,
    TechnologyDetail, TechnologySummary,
};
use passerelle_core::{store, Store};
use std::sync::Arc;
use tauri::State;

#[tauri::command]
pub async fn list_organisations(
    store: State<'_, Arc<Store>>,
) -> IpcResult<Vec<OrganisationSummary>> {
    blocking(store, |s: &Store| s.read(store::organisations::list)).await
}

#[tauri::command]
pub async fn get_organisation(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<OrganisationDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::organisations::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_contacts(store: State<'_, Arc<Store>>) -> IpcResult<Vec<ContactSummary>> {
    blocking(store, |s: &Store| s.read(store::contacts::list)).await
}

#[tauri::command]
pub async fn get_contact(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<ContactDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::contacts::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_technologies(store: State<'_, Arc<Store>>) -> IpcResult<Vec<TechnologySummary>> {
    blocking(store, |s: &Store| s.read(store::technologies::list)).await
}

#[tauri::command]
pub async fn get_technology(
    store: State<'_, Arc<Store>>,
    input: IdInput,
) -> IpcResult<TechnologyDetail> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::technologies::detail(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn list_specialties(store: State<'_, Arc<Store>>) -> IpcResult<Vec<Specialty>> {
    blocking(store, |s: &Store| s.read(store::specialties::list)).await
}
