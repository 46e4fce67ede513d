//! Files the planner attaches to a record (an outcome's evidence of results, issue 17 part 5):
//! copied into the data folder's `attachments/<record id>/`, beside the database, and known by
//! that path relative to the data folder, so that the folder can move (or be backed up) whole.

use crate::error::{Error, Result};
use crate::messages::Message;
use std::path::Path;

/// The folder of the data folder that holds attached files.
pub const FOLDER: &str = "attachments";

/// Copies `source` into `attachments/<owner_id>/` of the folder holding `db_path`; returns its
/// path relative to that folder (`attachments/out_…/contract.pdf`). A file that cannot be read
/// is refused on `field` (`evidenceUnreadable`) before anything is written.
pub fn attach(db_path: &Path, owner_id: &str, source: &Path, field: &str) -> Result<String> {
    let unreadable = || {
        Error::invalid(
            field,
            Message::new("evidenceUnreadable").with("path", source.display()),
        )
    };
    if !source.is_file() {
        return Err(unreadable());
    }
    let name: String = source
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(unreadable)?
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let owner: String = owner_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect();
    let data = db_path.parent().unwrap_or_else(|| Path::new("."));
    let dir = data.join(FOLDER).join(&owner);
    std::fs::create_dir_all(&dir)?;
    std::fs::copy(source, dir.join(&name)).map_err(|_| unreadable())?;
    Ok(format!("{FOLDER}/{owner}/{name}"))
}

/// Removes an attached file (by its path relative to the data folder), quietly: used when the
/// save it was copied for was refused.
pub fn forget(db_path: &Path, relative: &str) {
    if !relative.starts_with(FOLDER) || relative.contains("..") {
        return;
    }
    let data = db_path.parent().unwrap_or_else(|| Path::new("."));
    let _ = std::fs::remove_file(data.join(relative));
}
