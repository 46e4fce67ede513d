//! The member's password, kept in a file beside the data file (`<data file>.team-password`)
//! that only its user can read (mode 0600), written whole or not at all. No OS keyring: the
//! CLI and the tests run headless, where no Secret Service answers, and one place is simpler
//! to reason about; the file sits with the data it protects, in the user's data folder.

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

/// Keeps `password` for the data file at `db`.
pub fn save(db: &Path, password: &str) -> Result<()> {
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

/// The password kept for the data file at `db`.
pub fn read(db: &Path) -> Result<String> {
    let path = path_for(db);
    std::fs::read_to_string(&path)
        .map_err(|_| Error::Refused(Message::new("teamPasswordFile").with("path", path.display())))
}

/// Removes the password kept for the data file at `db` (leaving the server); none is fine.
pub fn forget(db: &Path) -> Result<()> {
    match std::fs::remove_file(path_for(db)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
