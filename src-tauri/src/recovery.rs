//! The recovery screen: shown instead of the app when the database cannot be opened (damaged,
//! foreign, or written by a newer Passerelle: a window of its own, [`run`]), and in the app's
//! window when the page scan that runs after the open finds the file damaged ([`watch`]: the
//! store then refuses every write). It explains the problem and offers the backups; restoring
//! one sets the bad file aside (never overwrites it), puts the backup in place and restarts the
//! app.

use crate::commands::backups::{backup_in, passphrase_of};
use crate::ipc::IpcError;
use passerelle_core::domain::{AppInfo, Recovery};
use passerelle_core::messages::Message;
use passerelle_core::store::{backup, SCHEMA_VERSION};
use passerelle_core::{paths, seed, Error, Store};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, State};

/// The event that tells the window to show the recovery screen (it reads why from
/// `get_app_info`).
const DAMAGED: &str = "store-damaged";

/// Why the recovery screen is shown, if it is; managed by both the app and the recovery window.
pub struct Recovering {
    db_path: PathBuf,
    /// `Recovery::problem` and the English detail.
    problem: Mutex<Option<(&'static str, String)>>,
}

impl Recovering {
    /// The app's: nothing to recover unless the page scan finds damage.
    pub fn none(db_path: PathBuf) -> Recovering {
        Recovering {
            db_path,
            problem: Mutex::new(None),
        }
    }

    fn set(&self, problem: &'static str, error: &Error) {
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((problem, error.to_string()));
    }

    /// Whether the recovery screen is to be shown.
    pub fn active(&self) -> bool {
        self.problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// What the recovery screen shows, when it is to be shown.
    pub fn recovery(&self) -> Option<Recovery> {
        let problem = self
            .problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let (problem, message) = problem?;
        Some(Recovery {
            problem,
            message,
            db_path: self.db_path.display().to_string(),
            // The settings holding a chosen backup folder are in the bad file: the default.
            backups: backup::list(&backup::default_dir(&self.db_path)).unwrap_or_default(),
        })
    }
}

/// The window opened instead of the app when the store cannot be opened.
pub fn run(db_path: PathBuf, error: Error, context: tauri::Context<tauri::Wry>) {
    eprintln!("Passerelle cannot open its database: {error}");
    let recovering = Recovering::none(db_path);
    let problem = match error {
        Error::NewerSchema { .. } => "newer",
        Error::NotADatabase { .. } => "damaged",
        _ => "other",
    };
    recovering.set(problem, &error);
    let result = crate::single_instance::plugin(tauri::Builder::default(), &paths::data_dir())
        .plugin(crate::logging::plugin())
        .manage(recovering)
        .invoke_handler(tauri::generate_handler![get_app_info, recover_from_backup])
        .run(context);
    if let Err(e) = result {
        eprintln!("Passerelle stopped: {e}");
        std::process::exit(1);
    }
}

/// Waits (on the calling thread) for the verdict of the page scan started by the open; when it
/// found damage, the app's window switches to the recovery screen. Returns whether the file
/// is sound.
pub fn watch(app: &AppHandle, store: &Store) -> bool {
    let Err(error) = store.checked() else {
        return true;
    };
    tracing::error!("the page scan found the database damaged: {error}; writes are refused");
    app.state::<Recovering>().set("damagedFound", &error);
    let _ = app.emit(DAMAGED, ());
    false
}

#[tauri::command]
fn get_app_info(app: AppHandle, recovering: State<'_, Recovering>) -> AppInfo {
    app_info(&app, &recovering)
}

/// What the window knows of the app while it shows the recovery screen: nothing read from the
/// bad file.
pub fn app_info(app: &AppHandle, recovering: &Recovering) -> AppInfo {
    AppInfo {
        version: app.package_info().version.to_string(),
        data_dir: paths::data_dir().display().to_string(),
        db_path: recovering.db_path.display().to_string(),
        schema_version: SCHEMA_VERSION,
        is_empty: false,
        locale: None,
        seeds: seed::names().into_iter().map(str::to_owned).collect(),
        recovery: recovering.recovery(),
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

/// Sets the bad file aside, puts the backup in its place and restarts. In the app's window,
/// only once the page scan found damage (the store, refusing writes, no longer touches the
/// file; closing it would not either).
#[tauri::command]
pub fn recover_from_backup(
    app: AppHandle,
    recovering: State<'_, Recovering>,
    input: RecoverInput,
) -> Result<(), IpcError> {
    if !recovering.active() {
        return Err(Error::Refused(Message::new("nothingToRecover")).into());
    }
    let db_path = &recovering.db_path;
    let source = backup_in(&backup::default_dir(db_path), &input.file_name)?;
    let passphrase = passphrase_of(input.passphrase)?;
    backup::restore_file(db_path, &source, passphrase.as_ref(), chrono::Utc::now())?;
    // The single-instance lock dies with this process; the new one takes it.
    app.restart();
}
