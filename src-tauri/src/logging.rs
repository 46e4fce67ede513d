//! One log file for the shell and the window (`tauri-plugin-log`, in the app's log folder, e.g.
//! `~/.local/share/<identifier>/logs/passerelle.log` on Linux): the shell logs with `tracing`,
//! whose `log` feature hands events to the plugin's logger when no subscriber is set; the
//! window's console errors arrive through the plugin's `log` command (`ui/src/lib/log.ts`).

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tauri_plugin_log::log::LevelFilter;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind, WEBVIEW_TARGET};

/// When the process started, noted first thing in `main` ([`note_start`]).
static STARTED: OnceLock<SystemTime> = OnceLock::new();

pub fn note_start() {
    STARTED.get_or_init(SystemTime::now);
}

/// The timing mode (`PASSERELLE_TIMING=1`): the window's timings (`ui/src/lib/timing.ts`, sent
/// at debug level) are written to the log, after the process's start.
fn timing() -> bool {
    std::env::var_os("PASSERELLE_TIMING").is_some_and(|v| v == "1")
}

/// In the timing mode, logs when the process started, in ms since the epoch as the window's
/// timings are, so that the log tells app start to first screen.
pub fn log_start() {
    if let (true, Some(started)) = (timing(), STARTED.get()) {
        let at = started.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        let since = started.elapsed().unwrap_or(Duration::ZERO);
        tracing::info!(
            "timing: process started at {} ({} ms before the shell's set-up)",
            at.as_millis(),
            since.as_millis()
        );
    }
}

/// The log plugin; registered first, so that what the other plugins log is kept too.
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let timing = timing();
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::LogDir {
                file_name: Some("passerelle".into()),
            }),
            Target::new(TargetKind::Stderr),
        ])
        .level(if timing {
            LevelFilter::Debug
        } else {
            LevelFilter::Info
        })
        // Debug lines only from the window (its timings), in the timing mode.
        .filter(|m| m.level() <= LevelFilter::Info || m.target().starts_with(WEBVIEW_TARGET))
        // The webview's own chatter stays out of the planner's log.
        .level_for("tao", LevelFilter::Warn)
        .level_for("wry", LevelFilter::Warn)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(3))
        .build()
}
