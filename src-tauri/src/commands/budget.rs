//! A mission's budget (issue 18, part 6): cost lines shown and edited in the Budget tab, and
//! saved as CSV or .xlsx for the accountant. All the rules are in the core (`store::costs`).

use crate::commands::directory::save_as;
use crate::ipc::{blocking, write, IdInput, IpcResult};
use passerelle_core::documents::{costs, Langs};
use passerelle_core::domain::{CostInput, MissionBudget};
use passerelle_core::{store, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn get_budget(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<MissionBudget> {
    blocking(store, move |s: &Store| {
        s.read(|c| store::costs::budget(c, &input.id))
    })
    .await
}

#[tauri::command]
pub async fn save_cost(store: State<'_, Arc<Store>>, input: CostInput) -> IpcResult<String> {
    write(store, "action.saveCost", move |w| {
        store::costs::put(w, &input)
    })
    .await
}

#[tauri::command]
pub async fn delete_cost(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteCost", move |w| {
        store::costs::delete(w, &input.id)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CostsFileInput {
    mission_id: String,
    /// "csv" or "xlsx".
    format: String,
    /// The workbook's language (the planner's).
    #[serde(default)]
    lang: Option<String>,
}

/// Writes the budget as CSV or .xlsx where the planner chooses; `None` when cancelled.
#[tauri::command]
pub async fn save_costs_file(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: CostsFileInput,
) -> IpcResult<Option<String>> {
    let xlsx = input.format == "xlsx";
    let bytes = blocking(store, move |s: &Store| {
        if xlsx {
            let lang = Langs::first_or_english(input.lang.as_deref())?;
            s.read(|c| costs::xlsx(c, &input.mission_id, lang))
        } else {
            s.read(|c| costs::csv(c, &input.mission_id))
        }
    })
    .await?;
    if xlsx {
        save_as(&app, "budget.xlsx", ("Excel", &["xlsx"]), bytes).await
    } else {
        save_as(&app, "budget.csv", ("CSV", &["csv"]), bytes).await
    }
}
