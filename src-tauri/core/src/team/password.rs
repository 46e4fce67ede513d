//! The member's password: in the OS keyring where one answers (the Secret Service over D-Bus:
//! GNOME Keyring, KWallet; service `passerelle-team`, account the data file's path), else in a
//! file beside the data file (`<data file>.team-password`) that only its user can read (mode
//! 0600), written whole or not at all: headless, with no session bus, or with a keyring that is
//! locked or has no default collection, the file it is. A file present is read first (no D-Bus
//! call at each sync); a join that reaches the keyring removes an older file.

use crate::error::{Error, Result};
use crate::messages::Message;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the password of the data file at `db` is kept.
pub fn path_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".team-password");
    db.with_file_name(name)
}

/// Reads a password given in a file (`--password-file`): its first line, which must not be
/// empty.
pub fn from_file(file: &Path) -> Result<String> {
    let bad = || Error::Refused(Message::new("teamPasswordFile").with("path", file.display()));
    let text = std::fs::read_to_string(file).map_err(|_| bad())?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(bad());
    }
    Ok(line.to_owned())
}

/// The keyring entry of the data file at `db`.
fn entry(db: &Path) -> Option<keyring::Entry> {
    let account = std::path::absolute(db).unwrap_or_else(|_| db.to_owned());
    keyring::Entry::new(SERVICE, &account.to_string_lossy()).ok()
}

const SERVICE: &str = "passerelle-team";

/// Where a password was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    Keyring,
    File,
}

/// Keeps `password` for the data file at `db`: in the OS keyring if one answers, else in the
/// file only its user can read.
pub fn save(db: &Path, password: &str) -> Result<Kept> {
    if entry(db).is_some_and(|e| e.set_password(password).is_ok()) {
        forget_file(db)?;
        return Ok(Kept::Keyring);
    }
    save_file(db, password)?;
    Ok(Kept::File)
}

fn save_file(db: &Path, password: &str) -> Result<()> {
    let path = path_for(db);
    let tmp = path.with_extension("team-password.tmp");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(password.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

/// The password kept for the data file at `db`: its file if there is one, else the keyring.
pub fn read(db: &Path) -> Result<String> {
    let path = path_for(db);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok(text);
    }
    entry(db)
        .and_then(|e| e.get_password().ok())
        .ok_or_else(|| {
            Error::Refused(Message::new("teamPasswordFile").with("path", path.display()))
        })
}

/// Removes the password kept for the data file at `db` (leaving the server), from the keyring
/// and the file; none is fine.
pub fn forget(db: &Path) -> Result<()> {
    if let Some(e) = entry(db) {
        // No keyring, or no entry in it: nothing to remove there.
        let _ = e.delete_credential();
    }
    forget_file(db)
}

fn forget_file(db: &Path) -> Result<()> {
    match std::fs::remove_file(path_for(db)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
