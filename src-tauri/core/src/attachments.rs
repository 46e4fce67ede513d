//! Files the planner attaches to a record (an outcome's evidence of results, issue 17 part 5; a
//! cost line's invoice, issue 18 part 6): copied into the data folder's
//! `attachments/<owner id>/`, beside the database, and known by that path relative to the data
//! folder, so that the folder can move (or be backed up) whole. A copy never overwrites another
//! file (a second `facture.pdf` becomes `facture (2).pdf`); a file no record refers to any more
//! (replaced, removed, its record deleted) is removed by [`release`].

use crate::error::{Error, Result};
use crate::messages::Message;
use crate::Store;
use std::path::{Path, PathBuf};

/// The folder of the data folder that holds attached files.
pub const FOLDER: &str = "attachments";

/// The largest file attached: 50 MB (a scanned invoice or a signed agreement is a few).
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Copies `source` into `attachments/<owner_id>/` of the folder holding `db_path`; returns its
/// path relative to that folder (`attachments/out_…/contract.pdf`). Refused on `field` before
/// anything is written: a file that does not exist (`attachmentMissing`), a folder
/// (`attachmentIsFolder`), a file over [`MAX_BYTES`] (`attachmentTooLarge`), one that cannot be
/// read (`attachmentUnreadable`).
pub fn attach(db_path: &Path, owner_id: &str, source: &Path, field: &str) -> Result<String> {
    let refused = |code: &'static str| {
        Error::invalid(field, Message::new(code).with("path", source.display()))
    };
    let meta = std::fs::metadata(source).map_err(|_| refused("attachmentMissing"))?;
    if meta.is_dir() {
        return Err(refused("attachmentIsFolder"));
    }
    if !meta.is_file() {
        return Err(refused("attachmentUnreadable"));
    }
    if meta.len() > MAX_BYTES {
        return Err(Error::invalid(
            field,
            Message::new("attachmentTooLarge")
                .with("path", source.display())
                .with("max", MAX_BYTES / (1024 * 1024)),
        ));
    }
    let name: String = source
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| refused("attachmentUnreadable"))?
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
    let dir = data_folder(db_path).join(FOLDER).join(&owner);
    std::fs::create_dir_all(&dir)?;
    let name = free_name(&dir, &name);
    std::fs::copy(source, dir.join(&name)).map_err(|_| refused("attachmentUnreadable"))?;
    Ok(format!("{FOLDER}/{owner}/{name}"))
}

/// `name`, or `stem (2).ext`, `stem (3).ext`… the first not already in `dir`.
fn free_name(dir: &Path, name: &str) -> String {
    if !dir.join(name).exists() {
        return name.to_owned();
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    (2..)
        .map(|n| format!("{stem} ({n}){ext}"))
        .find(|n| !dir.join(n).exists())
        .unwrap_or_else(|| name.to_owned())
}

/// A path as a record keeps it: blank is none; anything not inside `attachments/` (absolute,
/// climbing out with `..`) is refused on `field` (`attachmentOutside`): a record can only name
/// a file this module copied.
pub fn checked(field: &str, relative: Option<&str>) -> Result<Option<String>> {
    let Some(rel) = relative.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if !inside(rel) {
        return Err(Error::invalid(
            field,
            Message::new("attachmentOutside").with("path", rel),
        ));
    }
    Ok(Some(rel.to_owned()))
}

fn inside(relative: &str) -> bool {
    relative.starts_with(&format!("{FOLDER}/"))
        && !relative.split(['/', '\\']).any(|part| part == "..")
}

fn data_folder(db_path: &Path) -> &Path {
    db_path.parent().unwrap_or_else(|| Path::new("."))
}

/// The file on disk of an attached path (to open it); refused like [`checked`], and
/// `attachmentMissing` when the file is gone.
pub fn absolute(db_path: &Path, relative: &str, field: &str) -> Result<PathBuf> {
    let rel = checked(field, Some(relative))?.unwrap_or_default();
    let path = data_folder(db_path).join(&rel);
    if !path.is_file() {
        return Err(Error::invalid(
            field,
            Message::new("attachmentMissing").with("path", rel),
        ));
    }
    Ok(path)
}

/// Removes an attached file (by its path relative to the data folder), quietly: used when the
/// save it was copied for was refused.
pub fn forget(db_path: &Path, relative: &str) {
    if !inside(relative) {
        return;
    }
    let path = data_folder(db_path).join(relative);
    let _ = std::fs::remove_file(&path);
    // The owner's folder goes with its last file.
    if let Some(dir) = path.parent() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Removes an attached file once no record refers to it (after the commit that replaced,
/// removed or deleted its last reference); kept while one does.
pub fn release(store: &Store, relative: Option<&str>) -> Result<()> {
    let Some(rel) = relative.filter(|r| !r.is_empty()) else {
        return Ok(());
    };
    if !store.read(|c| crate::store::attachments::referenced(c, rel))? {
        forget(store.path(), rel);
    }
    Ok(())
}
