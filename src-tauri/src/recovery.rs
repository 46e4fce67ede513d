//! The recovery window: opened instead of the app when the database cannot be opened (damaged,
//! foreign, or written by a newer Passerelle). It explains the problem and offers the backups;
//! restoring one sets the bad file aside (never overwrites it), puts the backup in place and
//! restarts the app.

use crate::commands::backups::{backup_in, passphrase_of};
use crate::ipc::IpcError;
use passerelle_core::domain::{AppInfo, Recovery};
use passerelle_core::store::{backup, SCHEMA_VERSION};
use passerelle_core::{paths, seed, Error};
use serde::Deserialize;
use std::path::PathBuf;
use tauri::{AppHandle, State};

struct Failed {
    db_path: PathBuf,
    error: Error,
}

pub fn run(db_path: PathBuf, error: Error, context: tauri::Context<tauri::Wry>) {
    eprintln!("Passerelle cannot open its database: {error}");
    let result = crate::single_instance::plugin(tauri::Builder::default(), &paths::data_dir())
        .plugin(crate::logging::plugin())
        .manage(Failed { db_path, error })
        .invoke_handler(tauri::generate_handler![get_app_info, recover_from_backup])
        .run(context);
    if let Err(e) = result {
        eprintln!("Passerelle stopped: {e}");
        std::process::exit(1);
    }
}

#[tauri::command]
fn get_app_info(app: AppHandle, failed: State<'_, Failed>) -> AppInfo {
    let problem = match failed.error {
        Error::NewerSchema { .. } => "newer",
        Error::NotADatabase { .. } => "damaged",
        _ => "other",
    };
    // The settings holding a chosen backup folder are in the unreadable file: use the default.
    let backups = backup::list(&backup::default_dir(&failed.db_path)).unwrap_or_default();
    AppInfo {
        version: app.package_info().version.to_string(),
        data_dir: paths::data_dir().display().to_string(),
        db_path: failed.db_path.display().to_string(),
        schema_version: SCHEMA_VERSION,
        is_empty: false,
        locale: None,
        seeds: seed::names().into_iter().map(str::to_owned).collect(),
        recovery: Some(Recovery {
            problem,
            message: failed.error.to_string(),
            db_path: failed.db_path.display().to_string(),
            backups,
        }),
    }
}

/// No `Debug`: the passphrase must not reach a log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RecoverInput {
    file_name: String,
    /// An encrypted backup's passphrase.
    passphrase: Option<String>,
}

#[tauri::command]
fn recover_from_backup(
    app: AppHandle,
    failed: State<'_, Failed>,
    input: RecoverInput,
) -> Result<(), IpcError> {
    let source = backup_in(&backup::default_dir(&failed.db_path), &input.file_name)?;
    let passphrase = passphrase_of(input.passphrase)?;
    backup::restore_file(
        &failed.db_path,
        &source,
        passphrase.as_ref(),
        chrono::Utc::now(),
    )?;
    // The single-instance lock dies with this process; the new one takes it.
    app.restart();
}
