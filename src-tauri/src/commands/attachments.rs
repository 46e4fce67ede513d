//! Files attached to records (an outcome's evidence, a cost line's invoice; the core's
//! `attachments`): opened in the system's viewer, and released when a form that attached one
//! is cancelled (the file goes unless a record refers to it).

use crate::ipc::{blocking, IpcResult};
use passerelle_core::{attachments, Error, Store};
use serde::Deserialize;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use tauri::State;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttachmentInput {
    /// The file's path inside the data folder (`attachments/…`).
    path: String,
}

/// Opens an attached file with the system's viewer for its type (`xdg-open`, else `gio
/// open`); under test (PASSERELLE_E2E_EXPORT_DIR) the path is written to `opened.txt` there.
#[tauri::command]
pub async fn open_attachment(
    store: State<'_, Arc<Store>>,
    input: AttachmentInput,
) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        let file = attachments::absolute(s.path(), &input.path, "path")?;
        open(&file)
    })
    .await
}

fn open(file: &Path) -> passerelle_core::Result<()> {
    if let Some(dir) = std::env::var_os("PASSERELLE_E2E_EXPORT_DIR") {
        let mut log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(Path::new(&dir).join("opened.txt"))?;
        writeln!(log, "{}", file.display())?;
        return Ok(());
    }
    let launched = std::process::Command::new("xdg-open")
        .arg(file)
        .spawn()
        .or_else(|_| {
            std::process::Command::new("gio")
                .arg("open")
                .arg(file)
                .spawn()
        });
    match launched {
        // Reaped on its own thread: the viewer may stay open long after.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(e) => Err(Error::Io(e)),
    }
}

/// Removes an attached file no record refers to (a form that attached it was cancelled).
#[tauri::command]
pub async fn release_attachment(
    store: State<'_, Arc<Store>>,
    input: AttachmentInput,
) -> IpcResult<()> {
    blocking(store, move |s: &Store| {
        attachments::checked("path", Some(&input.path))?;
        attachments::release(s, Some(&input.path))
    })
    .await
}
