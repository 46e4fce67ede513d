//! Where the database lives. The app and the CLI agree on it, so `passerelle-cli` without
//! `--db` works on the same file the app opens.

use std::path::PathBuf;

/// The app's identifier, also the name of its folder in the OS data directory.
pub const APP_ID: &str = "be.passerelle.app";

/// Overrides the data folder (tests; users who keep data on an encrypted volume).
pub const DATA_DIR_ENV: &str = "PASSERELLE_DATA_DIR";

pub const DB_FILE: &str = "passerelle.sqlite3";

/// `$PASSERELLE_DATA_DIR`, else the OS data directory (e.g. `~/.local/share/be.passerelle.app`).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    os_data_dir().join(APP_ID)
}

pub fn default_db_path() -> PathBuf {
    data_dir().join(DB_FILE)
}

fn os_data_dir() -> PathBuf {
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .unwrap_or_else(home)
    } else if cfg!(target_os = "macos") {
        home().join("Library/Application Support")
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home().join(".local/share"))
    }
}
