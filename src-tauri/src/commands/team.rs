//! The agency's team server from the window (issue 16): where this copy stands, join (a refusal
//! said beside the field it concerns: the address, the member, the password), sync now, leave.
//! The syncing itself is the background thread's (`team_sync`); the work is in
//! `passerelle_core::team`.

use crate::ipc::{blocking, IpcError, IpcResult};
use crate::team_sync::TeamSync;
use passerelle_core::messages::Message;
use passerelle_core::team::{self, Joined, Status, Synced};
use passerelle_core::{ApiError, Error, Store};
use serde::Deserialize;
use std::sync::Arc;
use tauri::State;

/// Where this copy stands with the server (from what it knows: no connection is made).
#[tauri::command]
pub async fn team_status(store: State<'_, Arc<Store>>) -> IpcResult<Status> {
    blocking(store, team::status).await
}

/// No `Debug`: the password must not reach a log.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinInput {
    url: String,
    member: String,
    password: String,
}

/// Joins the server as a member (the login and the server's schema checked), then the
/// background sync sends and receives at once.
#[tauri::command]
pub async fn team_join(
    store: State<'_, Arc<Store>>,
    syncer: State<'_, TeamSync>,
    input: JoinInput,
) -> IpcResult<Joined> {
    let joined = blocking(store, move |s: &Store| {
        let url = input.url.trim();
        let member = input.member.trim();
        let password = input.password.as_str();
        for (field, value) in [("url", url), ("member", member), ("password", password)] {
            if value.is_empty() {
                return Err(Error::invalid(field, Message::new("required")));
            }
        }
        team::join(s, url, member, password).map_err(|e| match e {
            Error::Refused(m) => match team::join_field(m.code) {
                Some(field) => Error::invalid(field, m),
                None => Error::Refused(m),
            },
            other => other,
        })
    })
    .await?;
    syncer.reset();
    Ok(joined)
}

/// Syncs now ("Sync now") through the background sync's connection, and says what it did.
#[tauri::command]
pub async fn team_sync(syncer: State<'_, TeamSync>) -> IpcResult<Synced> {
    let syncer = syncer.inner().clone();
    tauri::async_runtime::spawn_blocking(move || syncer.sync_now())
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

/// Leaves the server: this copy forgets the connection and the kept password; its data stays.
#[tauri::command]
pub async fn team_leave(
    store: State<'_, Arc<Store>>,
    syncer: State<'_, TeamSync>,
) -> IpcResult<bool> {
    let left = blocking(store, team::leave).await?;
    syncer.reset();
    Ok(left)
}
