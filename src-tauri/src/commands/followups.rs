//! On the day and after: the today view, meeting outcomes (with drafts saved as you type),
//! follow-ups, the report and its exports, and the desktop reminders of due follow-ups.

use crate::commands::directory::save_as;
use crate::ipc::{blocking, write, IpcResult};
use passerelle_core::aftercare;
use passerelle_core::documents::locale::Lang;
use passerelle_core::documents::Langs;
use passerelle_core::domain::validate as v;
use passerelle_core::domain::{
    FollowupInput, FollowupItem, FollowupStatus, MissionReport, OutcomeDraft, OutcomeInput,
    TodayView,
};
use passerelle_core::messages::Message;
use passerelle_core::store::followups;
use passerelle_core::{Error, Store};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Manager, State};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TodayInput {
    mission_id: String,
    #[serde(default)]
    day: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ItemInput {
    item_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IdInput {
    id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FollowupsInput {
    #[serde(default)]
    mission_id: Option<String>,
    #[serde(default)]
    overdue: bool,
    #[serde(default)]
    as_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatusInput {
    id: String,
    status: FollowupStatus,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReportInput {
    mission_id: String,
    #[serde(default)]
    as_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CompareInput {
    #[serde(default)]
    mission_ids: Vec<String>,
    #[serde(default)]
    as_of: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExportReportInput {
    mission_id: String,
    #[serde(default)]
    as_of: Option<String>,
    /// "pdf", "csv" or "xlsx".
    format: String,
    /// The language of the PDF's results and of the workbook (default English).
    #[serde(default)]
    lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExportIcsInput {
    #[serde(default)]
    mission_id: Option<String>,
    /// The planner's language: the calendar's name and labels are in it (English when absent).
    #[serde(default)]
    lang: Option<String>,
}

fn as_of(s: &Store, text: Option<&str>) -> passerelle_core::Result<chrono::NaiveDate> {
    match text.filter(|t| !t.is_empty()) {
        Some(t) => v::date("asOf", t),
        None => Ok(s.now().date_naive()),
    }
}

#[tauri::command]
pub async fn get_today(store: State<'_, Arc<Store>>, input: TodayInput) -> IpcResult<TodayView> {
    blocking(store, move |s: &Store| {
        let day = v::optional_date("day", input.day.as_deref())?;
        s.read(|c| aftercare::today(c, &input.mission_id, day, s.now()))
    })
    .await
}

/// Saves the outcome form as typed so far. Not announced to other windows: it is scratch.
#[tauri::command]
pub async fn save_outcome_draft(
    store: State<'_, Arc<Store>>,
    input: OutcomeDraft,
) -> IpcResult<OutcomeDraft> {
    blocking(store, move |s: &Store| {
        let now = passerelle_core::time::format_utc(s.now());
        s.write("action.saveOutcomeDraft", |w| {
            followups::save_draft(w, &input, &now)
        })
    })
    .await
}

#[tauri::command]
pub async fn discard_outcome_draft(
    store: State<'_, Arc<Store>>,
    input: ItemInput,
) -> IpcResult<()> {
    write(store, "action.discardDraft", move |w| {
        followups::discard_draft(w, &input.item_id)
    })
    .await
}

#[tauri::command]
pub async fn save_outcome(store: State<'_, Arc<Store>>, input: OutcomeInput) -> IpcResult<String> {
    write(store, "action.recordOutcome", move |w| {
        followups::save_outcome(w, &input)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EvidenceInput {
    item_id: String,
    /// Only with PASSERELLE_E2E_IMPORT_DIR set: a file name inside that folder.
    #[serde(default)]
    e2e_path: Option<String>,
}

/// The evidence of an outcome's results, chosen in the native dialog and copied into the data
/// folder's `attachments/<item>/`; its path there, which the outcome form then saves with the
/// results; `None` when cancelled.
#[tauri::command]
pub async fn attach_evidence(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: EvidenceInput,
) -> IpcResult<Option<String>> {
    let filter = (
        "Evidence",
        &["pdf", "png", "jpg", "jpeg", "doc", "docx", "eml", "msg"][..],
    );
    let Some((token, path)) =
        crate::commands::directory::choose_file(&app, input.e2e_path.as_deref(), filter).await?
    else {
        return Ok(None);
    };
    crate::commands::directory::forget_file(&token);
    blocking(store, move |s: &Store| {
        passerelle_core::attachments::attach(s.path(), &input.item_id, &path, "evidence").map(Some)
    })
    .await
}

#[tauri::command]
pub async fn delete_outcome(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteOutcome", move |w| {
        followups::delete_outcome(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn list_followups(
    store: State<'_, Arc<Store>>,
    input: FollowupsInput,
) -> IpcResult<Vec<FollowupItem>> {
    blocking(store, move |s: &Store| {
        let date = as_of(s, input.as_of.as_deref())?;
        let filter = followups::Filter {
            mission_id: input.mission_id.clone(),
            overdue: input.overdue,
            status: None,
        };
        s.read(|c| followups::list(c, &filter, date))
    })
    .await
}

#[tauri::command]
pub async fn save_followup(
    store: State<'_, Arc<Store>>,
    input: FollowupInput,
) -> IpcResult<String> {
    let label = if input.id.is_some() {
        "action.editFollowup"
    } else {
        "action.addFollowup"
    };
    write(store, label, move |w| followups::put(w, &input)).await
}

#[tauri::command]
pub async fn set_followup_status(
    store: State<'_, Arc<Store>>,
    input: StatusInput,
) -> IpcResult<FollowupItem> {
    write(store, "action.setFollowupStatus", move |w| {
        followups::set_status(w, &input.id, input.status)
    })
    .await
}

#[tauri::command]
pub async fn delete_followup(store: State<'_, Arc<Store>>, input: IdInput) -> IpcResult<()> {
    write(store, "action.deleteFollowup", move |w| {
        followups::delete(w, &input.id)
    })
    .await
}

#[tauri::command]
pub async fn get_report(
    store: State<'_, Arc<Store>>,
    input: ReportInput,
) -> IpcResult<MissionReport> {
    blocking(store, move |s: &Store| {
        let date = as_of(s, input.as_of.as_deref())?;
        s.read(|c| aftercare::report(c, &input.mission_id, date))
    })
    .await
}

#[tauri::command]
pub async fn compare_reports(
    store: State<'_, Arc<Store>>,
    input: CompareInput,
) -> IpcResult<Vec<MissionReport>> {
    blocking(store, move |s: &Store| {
        let date = as_of(s, input.as_of.as_deref())?;
        s.read(|c| aftercare::compare(c, &input.mission_ids, date))
    })
    .await
}

/// Writes the report as PDF or CSV where the planner chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ExportReportInput,
) -> IpcResult<Option<String>> {
    let format = input.format.clone();
    let (bytes, date) = blocking(store, move |s: &Store| {
        let date = as_of(s, input.as_of.as_deref())?;
        let r = s.read(|c| aftercare::report(c, &input.mission_id, date))?;
        let lang = Langs::first_or_english(input.lang.as_deref())?;
        let bytes = match input.format.as_str() {
            "pdf" => aftercare::report_pdf(&r, lang)?,
            "csv" => aftercare::report_csv(&r, lang)?.into_bytes(),
            "xlsx" => aftercare::workbook::report_xlsx(&r, lang)?,
            _ => return Err(Error::validation("format", "pdf, csv or xlsx")),
        };
        Ok((bytes, date))
    })
    .await?;
    let name = format!("mission-report-{date}.{format}");
    save_as(&app, &name, ("Report", &[format.as_str()]), bytes).await
}

/// Writes the follow-ups as an iCalendar file for the planner's own calendar.
#[tauri::command]
pub async fn export_followups_ics(
    app: AppHandle,
    store: State<'_, Arc<Store>>,
    input: ExportIcsInput,
) -> IpcResult<Option<String>> {
    let bytes = blocking(store, move |s: &Store| {
        let filter = followups::Filter {
            mission_id: input.mission_id.clone(),
            ..Default::default()
        };
        let list = s.read(|c| followups::list(c, &filter, s.now().date_naive()))?;
        let lang = Langs::first_or_english(input.lang.as_deref())?;
        Ok(aftercare::ics::followups_ics(&list, s.now(), lang)?.into_bytes())
    })
    .await?;
    save_as(
        &app,
        "passerelle-follow-ups.ics",
        ("iCalendar", &["ics"]),
        bytes,
    )
    .await
}

/// How often the reminder check runs while the app is open.
const REMINDER_EVERY: Duration = Duration::from_secs(5 * 60);

/// Starts the reminder check: once the file's page scan has found it sound (the scan waits
/// for the window's first screen, which a write would hasten), then every few minutes, on a
/// thread of its own, the follow-ups that became due are marked notified and shown as desktop
/// notifications in the planner's language.
pub fn start_reminders(app: &AppHandle) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("followup-reminders".into())
        .spawn(move || {
            let Some(store) = app.try_state::<Arc<Store>>().map(|s| Arc::clone(&s)) else {
                return;
            };
            if store.checked().is_err() {
                // A damaged file takes no write: the recovery screen says why.
                return;
            }
            loop {
                let now = store.now();
                let stamp = passerelle_core::time::format_utc(now);
                match store.write("action.followupReminders", |w| {
                    followups::take_due(w, now.date_naive(), &stamp)
                }) {
                    Ok(due) if !due.is_empty() => {
                        notify(&app, &due, planner_lang(&store));
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!("follow-up reminders: {e}"),
                }
                std::thread::sleep(REMINDER_EVERY);
            }
        });
    if let Err(e) = spawned {
        tracing::error!("follow-up reminders not started: {e}");
    }
}

/// The planner's language for what the shell shows outside the window: the one chosen in the
/// window, else the system's, as the window picks it (English for any other).
fn planner_lang(store: &Store) -> Lang {
    let chosen = store
        .read(passerelle_core::store::settings::chosen_lang)
        .ok()
        .flatten();
    chosen
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .into_iter()
                .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
                .and_then(|tag| Lang::of_tag(&tag))
        })
        .unwrap_or_default()
}

/// The desktop notification of the follow-ups that became due: its title and text.
fn reminder(due: &[FollowupItem], lang: Lang) -> (String, String) {
    match due {
        [one] => {
            let body = match one.followup.due_on.as_deref() {
                Some(day) => Message::new("notification.followupDueOn")
                    .with("title", &one.followup.title)
                    .with("due", day),
                None => {
                    Message::new("notification.followupText").with("title", &one.followup.title)
                }
            };
            (
                Message::new("notification.followupDue").render(lang),
                body.render(lang),
            )
        }
        many => (
            Message::new("notification.followupsDue")
                .with("count", many.len())
                .render(lang),
            many.iter()
                .take(3)
                .map(|f| f.followup.title.as_str())
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    }
}

fn notify(app: &AppHandle, due: &[FollowupItem], lang: Lang) {
    use tauri_plugin_notification::NotificationExt;
    let (title, body) = reminder(due, lang);
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!("notification not shown: {e}");
    }
}
