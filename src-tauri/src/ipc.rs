//! What crosses the IPC boundary: the error the UI switches on, the change event, and running
//! core calls off the UI thread.

use passerelle_core::domain::StoreChanged;
use passerelle_core::{ApiError, Store};
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, State};

/// A command's error, serialised as `{ kind, message, field }`.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct IpcError(ApiError);

impl From<passerelle_core::Error> for IpcError {
    fn from(e: passerelle_core::Error) -> Self {
        IpcError(e.to_api())
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

/// Runs a core call on the blocking pool, so the UI thread never waits on the disk.
pub async fn blocking<T, F>(store: State<'_, Arc<Store>>, f: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> passerelle_core::Result<T> + Send + 'static,
{
    let store = Arc::clone(&store);
    tauri::async_runtime::spawn_blocking(move || f(&store))
        .await
        .map_err(|e| {
            IpcError(ApiError {
                kind: "internal",
                message: format!("task failed: {e}"),
                field: None,
                code: None,
                params: None,
            })
        })?
        .map_err(IpcError::from)
}

/// Runs a core call that writes, then tells every window which kinds of records changed.
pub async fn blocking_announced<T, F>(
    app: &AppHandle,
    store: State<'_, Arc<Store>>,
    changed: &[&str],
    f: F,
) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> passerelle_core::Result<T> + Send + 'static,
{
    let out = blocking(store, f).await?;
    emit_changed(app, changed);
    Ok(out)
}

/// One labelled write (one transaction, one entry in the history), announced to every window.
pub async fn write<T, F>(
    app: &AppHandle,
    store: State<'_, Arc<Store>>,
    changed: &[&str],
    label: &'static str,
    f: F,
) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut passerelle_core::store::Writer<'_>) -> passerelle_core::Result<T>
        + Send
        + 'static,
{
    blocking_announced(app, store, changed, move |s: &Store| s.write(label, f)).await
}

/// Tells every window which kinds of records changed, so they refetch.
pub fn emit_changed(app: &AppHandle, entities: &[&str]) {
    let payload = StoreChanged {
        entities: entities.iter().map(|e| (*e).to_owned()).collect(),
    };
    // A window that is closing may miss it; it refetches when it opens anyway.
    let _ = app.emit("store-changed", payload);
}

/// Every kind of record a window shows, announced when another process wrote to the file.
const ALL_ENTITIES: &[&str] = &[
    "organisations",
    "contacts",
    "technologies",
    "specialties",
    "missions",
    "agenda_items",
    "meeting_requests",
    "outcomes",
    "followups",
];

/// How often the file is asked whether another process committed (one `PRAGMA data_version`).
const OTHER_WRITES_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

/// Announces writes made to the file by other processes (`passerelle-cli`, a merge) to every
/// window within half a second: a thread polls the store ([`Store::watch_others`]).
pub fn announce_other_writes(app: &AppHandle, store: Arc<Store>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("other-writes".into())
        .spawn(move || {
            let mut others = match store.watch_others() {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("Passerelle: writes of other programs will not be shown: {e}");
                    return;
                }
            };
            loop {
                std::thread::sleep(OTHER_WRITES_EVERY);
                match others.poll(&store) {
                    Ok(true) => emit_changed(&app, ALL_ENTITIES),
                    Ok(false) => {}
                    // Busy or mid-checkpoint: the next poll sees the same change.
                    Err(e) => eprintln!("Passerelle: watching the file: {e}"),
                }
            }
        });
    if let Err(e) = spawned {
        eprintln!("Passerelle: writes of other programs will not be shown: {e}");
    }
}

/// The input of commands that name one record.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    pub id: String,
}
