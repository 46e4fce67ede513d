//! Matchmaking: a mission's meeting requests, suggestions to accept or reject, and the
//! scheduler run on the blocking pool with progress events (`schedule-progress`) and cancel.

use crate::ipc::{blocking, IdInput, IpcResult};
use passerelle_core::documents::locale::Lang;
use passerelle_core::planning::matchmaking::{
    self, MeetingRequest, Priority, RequestInput, ScheduleReport, ScheduleSettings, Suggestion,
};
use passerelle_core::Store;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, State};

/// Set by `cancel_schedule`; the running solver stops and stores the best schedule so far.
static CANCEL: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MissionInput {
    mission_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DecideInput {
    mission_id: String,
    participants: Vec<String>,
    accept: bool,
    #[serde(default)]
    priority: Option<Priority>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScheduleInput {
    mission_id: String,
    /// Seconds; 5 when absent, at most 120.
    #[serde(default)]
    time_limit: Option<f64>,
    /// The planner's language (fr, en, zh-TW): the proposals are titled in it.
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProgressEvent {
    mission_id: String,
    seconds: f64,
    objective: f64,
    upper_bound: f64,
}

#[tauri::command]
pub async fn list_requests(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Vec<MeetingRequest>> {
    blocking(store, move |s: &Store| {
        s.read(|c| matchmaking::list(c, &input.mission_id))
    })
    .await
}

#[tauri::command]
pub async fn save_request(
    store: State<'_, Arc<Store>>,
    input: RequestInput,
) -> IpcResult<MeetingRequest> {
    blocking(store, move |s: &Store| matchmaking::save(s, &input)).await
}

#[tauri::command]
pub async fn delete_request(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    blocking(store, move |s: &Store| matchmaking::delete(s, &input.id)).await
}

#[tauri::command]
pub async fn list_suggestions(
    store: State<'_, Arc<Store>>,
    input: MissionInput,
) -> IpcResult<Vec<Suggestion>> {
    blocking(store, move |s: &Store| {
        s.read(|c| matchmaking::suggestions(c, &input.mission_id, 30))
    })
    .await
}

#[tauri::command]
pub async fn decide_suggestion(
    store: State<'_, Arc<Store>>,
    input: DecideInput,
) -> IpcResult<MeetingRequest> {
    blocking(store, move |s: &Store| {
        matchmaking::decide_suggestion(
            s,
            &input.mission_id,
            &input.participants,
            input.accept,
            input.priority.unwrap_or(Priority::Should),
        )
    })
    .await
}

#[tauri::command]
pub async fn run_schedule(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ScheduleInput,
) -> IpcResult<ScheduleReport> {
    CANCEL.store(false, Ordering::Relaxed);
    let limit = input.time_limit.unwrap_or(5.0).clamp(0.1, 120.0);
    let events = app.clone();
    blocking(store, move |s: &Store| {
        let lang = match &input.lang {
            Some(lang) => Lang::parse_one("lang", lang)?,
            None => Lang::En,
        };
        let settings = ScheduleSettings {
            time_limit: Duration::from_secs_f64(limit),
            lang,
            ..ScheduleSettings::default()
        };
        let mission_id = input.mission_id.clone();
        matchmaking::schedule(s, &input.mission_id, &settings, &CANCEL, &mut |p| {
            let _ = events.emit(
                "schedule-progress",
                ProgressEvent {
                    mission_id: mission_id.clone(),
                    seconds: p.seconds,
                    objective: p.objective,
                    upper_bound: p.upper_bound,
                },
            );
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_schedule() -> IpcResult<()> {
    CANCEL.store(true, Ordering::Relaxed);
    Ok(())
}
