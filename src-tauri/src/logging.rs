//! One log file for the shell and the window (`tauri-plugin-log`, in the app's log folder, e.g.
//! `~/.local/share/<identifier>/logs/passerelle.log` on Linux): the shell logs with `tracing`,
//! whose `log` feature hands events to the plugin's logger when no subscriber is set; the
//! window's console errors arrive through the plugin's `log` command (`ui/src/lib/log.ts`).

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tauri_plugin_log::log::{Level, LevelFilter};
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

/// The libraries whose information lines are their own workings: the window's (tao, wry) and
/// the D-Bus connection's handshake at each start (zbus, under the single-instance plugin).
/// Their warnings and errors are kept.
const CHATTY: &[&str] = &["tao", "wry", "zbus"];

/// Whether a line of `level` from `target` goes to the log (the level set on the plugin applies
/// first): information and above, but the chatty libraries' information; debug lines only from
/// the window (its timings, in the timing mode).
fn kept(level: Level, target: &str) -> bool {
    let chatty = CHATTY.iter().any(|c| {
        target
            .strip_prefix(c)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    });
    if chatty {
        return level <= Level::Warn;
    }
    level <= Level::Info || target.starts_with(WEBVIEW_TARGET)
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
        .filter(|m| kept(m.level(), m.target()))
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(3))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_d_bus_handshake_and_the_webview_s_workings_stay_out_of_the_log() {
        assert!(!kept(Level::Info, "zbus::connection::handshake::common"));
        assert!(!kept(
            Level::Info,
            "tao::platform_impl::platform::event_loop"
        ));
        assert!(!kept(Level::Info, "wry"));
        assert!(kept(Level::Warn, "zbus::connection"));
        assert!(kept(Level::Error, "wry::webkitgtk"));
        // A crate merely named like one of them is not silenced.
        assert!(kept(Level::Info, "zbusy"));
        assert!(kept(Level::Info, "passerelle::logging"));
        assert!(!kept(Level::Debug, "passerelle::logging"));
        assert!(kept(
            Level::Debug,
            &format!("{WEBVIEW_TARGET}:yi@tauri://localhost/assets/index.js")
        ));
    }
}
