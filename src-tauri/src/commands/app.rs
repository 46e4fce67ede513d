use crate::ipc::{blocking, IpcResult};
use crate::recovery::{self, Recovering};
use passerelle_core::domain::AppInfo;
use passerelle_core::seed::{self, SeedReport};
use passerelle_core::{paths, store, Error, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn get_app_info(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    recovering: State<'_, Recovering>,
) -> IpcResult<AppInfo> {
    // The page scan found the file damaged: the recovery screen, nothing read from the file.
    if recovering.active() {
        return Ok(recovery::app_info(&app, &recovering));
    }
    let version = app.package_info().version.to_string();
    blocking(store, move |s: &Store| {
        s.read(|conn| {
            Ok(AppInfo {
                version,
                data_dir: paths::data_dir().display().to_string(),
                db_path: s.path().display().to_string(),
                schema_version: store::SCHEMA_VERSION,
                is_empty: store::holds_nothing_yet(conn)?,
                locale: store::settings::get(conn, "locale")?,
                seeds: seed::names().into_iter().map(str::to_owned).collect(),
                recovery: None,
            })
        })
    })
    .await
}

/// The window has shown its first screen: the file's page scan may start now rather than share
/// the cores with the window's start (`Store::start_check`; it starts 3 s after the open anyway).
#[tauri::command]
pub fn first_screen_shown(store: State<'_, Arc<Store>>) {
    store.start_check();
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleInput {
    locale: String,
}

const LOCALES: &[&str] = &["fr", "en", "zh-TW"];

#[tauri::command]
pub async fn set_locale(store: State<'_, Arc<Store>>, input: LocaleInput) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        if !LOCALES.contains(&input.locale.as_str()) {
            return Err(Error::validation(
                "locale",
                format!("'{}' is not one of {}", input.locale, LOCALES.join(", ")),
            ));
        }
        s.write("action.setLanguage", |w| {
            store::settings::set(w, "locale", &input.locale)
        })
    })
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedInput {
    name: String,
}

#[tauri::command]
pub async fn load_seed(store: State<'_, Arc<Store>>, input: SeedInput) -> IpcResult<SeedReport> {
    let report = blocking(store, move |s: &Store| seed::load(s, &input.name)).await?;
    Ok(report)
}
