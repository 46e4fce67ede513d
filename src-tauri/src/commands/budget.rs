//! A mission's budget (issue 18, part 6): cost lines shown and edited in the Budget tab, and
//! saved as CSV or .xlsx for the accountant. All the rules are in the core (`store::costs`).

use crate::commands::directory::save_as;
use crate::ipc::{blocking, IdInput, IpcResult};
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

/// Saves a cost line; the invoice it referred to before goes if replaced or removed.
#[tauri::command]
pub async fn save_cost(store: State<'_, Arc<Store>>, input: CostInput) -> IpcResult<String> {
    blocking(store, move |s: &Store| store::costs::save(s, &input)).await
}

/// Deletes a cost line and its invoice file.
#[tauri::command]
pub async fn delete_cost(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    blocking(store, move |s: &Store| store::costs::remove(s, &input.id)).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InvoiceInput {
    mission_id: String,
    /// Only with PASSERELLE_E2E_IMPORT_DIR set: a file name inside that folder.
    #[serde(default)]
    e2e_path: Option<String>,
}

/// The invoice of a cost line, chosen in the native dialog and copied into the data folder's
/// `attachments/<mission>/`; its path there, which the cost form then saves with the line;
/// `None` when cancelled.
#[tauri::command]
pub async fn attach_invoice(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: InvoiceInput,
) -> IpcResult<Option<String>> {
    let filter = (
        "Invoice",
        &[
            "pdf", "png", "jpg", "jpeg", "tif", "tiff", "xml", "eml", "msg",
        ][..],
    );
    let Some((token, path)) =
        crate::commands::directory::choose_file(&app, input.e2e_path.as_deref(), filter).await?
    else {
        return Ok(None);
    };
    crate::commands::directory::forget_file(&token);
    blocking(store, move |s: &Store| {
        passerelle_core::attachments::attach(s.path(), &input.mission_id, &path, "invoice")
            .map(Some)
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
