//! One window per database. A lock file in the data folder makes sure that two Passerelle
//! processes never work on the same database; when a D-Bus session bus is available, the
//! official single-instance plugin (keyed by the data folder) brings the running window to the
//! front instead of opening a second one.

use std::fs::File;
use std::path::Path;
use tauri::{Context, Manager, Runtime, Wry};

/// Takes the data folder's lock. Keep the returned file alive for the life of the process: the
/// lock is released when it closes (even on a crash). If another Passerelle holds it, hands over
/// to that window and exits.
pub fn claim_or_hand_over(data_dir: &Path, context: Context<Wry>) -> (Option<File>, Context<Wry>) {
    let _ = std::fs::create_dir_all(data_dir);
    let opened = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join("passerelle.lock"));
    let file = match opened {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "Passerelle: cannot create its lock file in {}: {e}",
                data_dir.display()
            );
            return (None, context);
        }
    };
    match file.try_lock() {
        Ok(()) => (Some(file), context),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("Passerelle is already open on {}.", data_dir.display());
            if bus_available() {
                // The plugin finds the running instance, asks it to focus, and exits.
                let _ = plugin(tauri::Builder::default(), data_dir).run(context);
            }
            std::process::exit(0);
        }
        Err(std::fs::TryLockError::Error(e)) => {
            eprintln!("Passerelle: cannot lock {}: {e}", data_dir.display());
            (None, context)
        }
    }
}

fn bus_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
}

/// Adds the single-instance plugin (it must be the first plugin) when a session bus is
/// reachable; without one (e.g. a bare X server in CI) the lock file alone keeps instances apart.
pub fn plugin<R: Runtime>(builder: tauri::Builder<R>, data_dir: &Path) -> tauri::Builder<R> {
    if !bus_available() {
        return builder;
    }
    builder.plugin(
        tauri_plugin_single_instance::Builder::new()
            .callback(|app, _args, _cwd| {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                }
            })
            .dbus_id(dbus_id(data_dir))
            .build(),
    )
}

/// A D-Bus name per data folder, so that two databases can be open side by side.
fn dbus_id(data_dir: &Path) -> String {
    let path = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
    // FNV-1a: stable across runs and Rust versions, unlike std's hasher.
    let hash = path
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("be.passerelle.app.db{hash:016x}")
}
