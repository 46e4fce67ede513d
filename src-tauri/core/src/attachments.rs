//! Files the planner attaches to a record (an outcome's evidence of results, issue 17 part 5; a
//! cost line's invoice, issue 18 part 6): copied into the data folder's
//! `attachments/<owner id>/`, beside the database, and known by that path relative to the data
//! folder, so that the folder can move (or be backed up) whole. A copy never overwrites another
//! file (a second `facture.pdf` becomes `facture (2).pdf`); a file no record refers to any more
//! (replaced, removed, its record deleted) is removed by [`release`], or by [`sweep`] after a
//! commit that deleted its record some other way (its meeting or mission deleted, a deletion
//! received from another copy).

use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::Changes;
use crate::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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

/// The records that hold an attached file's path: a commit touching one of these kinds is
/// followed by a [`sweep`]. A mission's or meeting's deletion touches them too (the writer
/// logs its cascades as ops), and a commit touching neither (an item moved) sweeps nothing.
const HOLDERS: &[&str] = &["cost_lines", "outcomes"];

/// A file copied less than this long ago is left to a later sweep: it may be waiting for the
/// write that will refer to it (a command copies its file first, then saves its record, and
/// another write may commit in between).
pub const SWEEP_GRACE: Duration = Duration::from_secs(600);

/// After a commit that touched `touched`: removes every attached file that no record refers to
/// and that was copied more than [`SWEEP_GRACE`] ago, with the owners' folders left empty.
/// Returns how many files went. Quiet about files it cannot remove (the next sweep tries again).
pub fn sweep(store: &Store, touched: &Changes) -> Result<usize> {
    if !touched.kinds().any(|k| HOLDERS.contains(&k)) {
        return Ok(0);
    }
    let root = data_folder(store.path()).join(FOLDER);
    let Ok(owners) = std::fs::read_dir(&root) else {
        return Ok(0);
    };
    let now = SystemTime::now();
    let mut removed = 0;
    for owner in owners.flatten() {
        let (Ok(kind), Some(owner_name)) = (
            owner.file_type(),
            owner.file_name().to_str().map(str::to_owned),
        ) else {
            continue;
        };
        if !kind.is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(owner.path()) else {
            continue;
        };
        for file in files.flatten() {
            let Some(name) = file.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let old_enough = file
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age >= SWEEP_GRACE);
            let rel = format!("{FOLDER}/{owner_name}/{name}");
            if old_enough
                && !store.read(|c| crate::store::attachments::referenced(c, &rel))?
                && std::fs::remove_file(file.path()).is_ok()
            {
                removed += 1;
            }
        }
        let _ = std::fs::remove_dir(owner.path());
    }
    Ok(removed)
}
