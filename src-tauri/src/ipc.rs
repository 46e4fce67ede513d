//! What crosses the IPC boundary: the error the UI switches on, the change event, and running
//! core calls off the UI thread.

use passerelle_core::store::Changes;
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
        IpcError::from(e.to_api())
    }
}

impl From<ApiError> for IpcError {
    /// An internal error (SQLite, the disk, a failed task) is logged with its English detail and
    /// crosses as code `internal`: the window says so in the planner's language (`err.internal`),
    /// never with the raw message.
    fn from(mut e: ApiError) -> Self {
        if e.kind == "internal" {
            tracing::error!("internal error: {}", e.message);
            e.code = Some(INTERNAL.to_owned());
            e.params = None;
        }
        IpcError(e)
    }
}

/// The code of every internal error.
const INTERNAL: &str = "internal";

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
            IpcError::from(ApiError {
                kind: "internal",
                message: format!("task failed: {e}"),
                field: None,
                code: None,
                params: None,
            })
        })?
        .map_err(IpcError::from)
}

/// One labelled write (one transaction, one entry in the history); the store's change listener
/// tells every window what it touched ([`announce_changes`]).
pub async fn write<T, F>(store: State<'_, Arc<Store>>, label: &'static str, f: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut passerelle_core::store::Writer<'_>) -> passerelle_core::Result<T>
        + Send
        + 'static,
{
    blocking(store, move |s: &Store| s.write(label, f)).await
}

/// Tells every window what changed, so that each refetches what shows it.
fn emit_changed(app: &AppHandle, changes: &Changes) {
    // A window that is closing may miss it; it refetches when it opens anyway.
    let _ = app.emit("store-changed", changes.to_event());
}

/// How often the file is asked whether another process committed (one `PRAGMA data_version`).
const OTHER_WRITES_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

/// Announces every commit to every window, from the record: the store's change listener tells
/// what each of this app's writes touched, and a thread polls the file for the writes of other
/// processes (`passerelle-cli`, a merge; [`Store::watch_others`]), told within half a second.
/// `after_own` is told after each of this app's commits (the team server's background sync).
pub fn announce_changes(
    app: &AppHandle,
    store: Arc<Store>,
    after_own: impl Fn() + Send + Sync + 'static,
) {
    let own = app.clone();
    store.set_change_listener(Box::new(move |changes| {
        emit_changed(&own, changes);
        after_own();
    }));
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("other-writes".into())
        .spawn(move || {
            let mut others = match store.watch_others() {
                Ok(o) => o,
                Err(e) => {
                    tracing::warn!("writes of other programs will not be shown: {e}");
                    return;
                }
            };
            loop {
                std::thread::sleep(OTHER_WRITES_EVERY);
                match others.poll(&store) {
                    Ok(changes) => {
                        if !changes.is_empty() {
                            emit_changed(&app, &changes);
                        }
                    }
                    // Busy or mid-checkpoint: the next poll sees the same change.
                    Err(e) => tracing::warn!("watching the file: {e}"),
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("writes of other programs will not be shown: {e}");
    }
}

/// The input of commands that name one record.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdInput {
    pub id: String,
}
