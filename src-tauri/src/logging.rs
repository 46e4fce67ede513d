//! One log file for the shell and the window (`tauri-plugin-log`, in the app's log folder, e.g.
//! `~/.local/share/<identifier>/logs/passerelle.log` on Linux): the shell logs with `tracing`,
//! whose `log` feature hands events to the plugin's logger when no subscriber is set; the
//! window's console errors arrive through the plugin's `log` command (`ui/src/lib/log.ts`).

use tauri_plugin_log::log::LevelFilter;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// The log plugin; registered first, so that what the other plugins log is kept too.
pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .targets([
            Target::new(TargetKind::LogDir {
                file_name: Some("passerelle".into()),
            }),
            Target::new(TargetKind::Stderr),
        ])
        .level(LevelFilter::Info)
        // The webview's own chatter stays out of the planner's log.
        .level_for("tao", LevelFilter::Warn)
        .level_for("wry", LevelFilter::Warn)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(3))
        .build()
}
