//! Backups from the app: list with a preview, back up now (encrypted with a passphrase if one is
//! given), restore one (the current content is kept as a backup first; an encrypted one with its
//! passphrase). Backups are named by file name inside the backup folder: the webview never hands
//! the backend a path. A passphrase is used for the one call, never logged or stored.

use crate::ipc::{blocking, IpcResult};
use passerelle_core::messages::Message;
use passerelle_core::store::backup::{self, BackupInfo, Passphrase};
use passerelle_core::{Error, Result, Store};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn list_backups(store: State<'_, Arc<Store>>) -> IpcResult<Vec<BackupInfo>> {
    blocking(store, |s: &Store| backup::list(&backup::dir_of(s)?)).await
}

/// No `Debug`: the passphrase must not reach a log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BackupNowInput {
    /// Encrypts the backup with this passphrase (refused when empty).
    passphrase: Option<String>,
}

#[tauri::command]
pub async fn backup_now(
    store: State<'_, Arc<Store>>,
    input: BackupNowInput,
) -> IpcResult<BackupInfo> {
    blocking(store, move |s: &Store| {
        let dir = backup::dir_of(s)?;
        match passphrase_of(input.passphrase)? {
            None => backup::auto_backup(s, &dir),
            Some(passphrase) => backup::encrypted_backup(s, &dir, &passphrase),
        }
    })
    .await
}

/// No `Debug`: the passphrase must not reach a log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BackupInput {
    file_name: String,
    /// An encrypted backup's passphrase.
    passphrase: Option<String>,
}

#[tauri::command]
pub async fn restore_backup(
    store: State<'_, Arc<Store>>,
    input: BackupInput,
) -> IpcResult<BackupInfo> {
    let info = blocking(store, move |s: &Store| {
        let dir = backup::dir_of(s)?;
        let source = backup_in(&dir, &input.file_name)?;
        s.restore_from(&source, passphrase_of(input.passphrase)?.as_ref(), &dir)
    })
    .await?;
    Ok(info)
}

/// Where backups go: the chosen folder, or the default beside the database.
#[tauri::command]
pub async fn get_backup_dir(store: State<'_, Arc<Store>>) -> IpcResult<String> {
    blocking(store, |s: &Store| {
        Ok(backup::dir_of(s)?.display().to_string())
    })
    .await
}

/// Lets the user pick the backup folder in the native dialog (opened here, so the webview never
/// hands the backend a path); the folder must be writable. Returns the new folder, or `None`
/// when the dialog was cancelled.
#[tauri::command]
pub async fn choose_backup_dir(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
) -> IpcResult<Option<String>> {
    let dialog = app.dialog().file();
    let picked = tauri::async_runtime::spawn_blocking(move || dialog.blocking_pick_folder())
        .await
        .ok()
        .flatten()
        .and_then(|f| f.into_path().ok());
    let Some(dir) = picked else { return Ok(None) };
    let chosen = blocking(store, move |s: &Store| {
        let probe = dir.join(".passerelle-write-test");
        std::fs::write(&probe, b"ok")
            .and_then(|()| std::fs::remove_file(&probe))
            .map_err(|e| {
                // The system's reason goes to the log; the planner reads the sentence.
                tracing::warn!("backup folder {} is not writable: {e}", dir.display());
                Error::invalid(
                    "backupDir",
                    Message::new("folderNotWritable").with("path", dir.display()),
                )
            })?;
        let text = dir.display().to_string();
        s.write("action.chooseBackupFolder", |w| {
            passerelle_core::store::settings::set(w, "backupDir", &text)
        })?;
        Ok(text)
    })
    .await?;
    Ok(Some(chosen))
}

/// A passphrase the window typed, if any (an empty one is refused beside its field).
pub fn passphrase_of(text: Option<String>) -> Result<Option<Passphrase>> {
    text.map(Passphrase::new).transpose()
}

/// Resolves a backup's file name inside `dir`, refusing anything that could leave it.
pub fn backup_in(dir: &Path, file_name: &str) -> Result<PathBuf> {
    let plain = Path::new(file_name)
        .file_name()
        .is_some_and(|n| n == std::ffi::OsStr::new(file_name));
    let backup_name = file_name.ends_with(".sqlite3") || file_name.ends_with(".sqlite3.age");
    if !plain || file_name.starts_with('.') || !backup_name {
        return Err(Error::invalid(
            "fileName",
            Message::new("notABackupOfThisFolder").with("name", file_name),
        ));
    }
    Ok(dir.join(file_name))
}
