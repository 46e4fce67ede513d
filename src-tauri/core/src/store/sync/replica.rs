//! This file as a replica: its id and its clock (`sync_replica`, one row). A copied data folder
//! is detected at open: the row remembers the path and the file (inode) it was last opened as,
//! and a copy (another path, or the same path holding another file, as after a restore) takes
//! a new id, so that two files never number their change sets under the same replica.

use crate::error::Result;
use crate::sync::clock::Hlc;
use crate::sync::op::REPLICA_PREFIX;
use rusqlite::{params, Connection};
use std::path::Path;

/// The replica id and the clock's last reading.
pub(crate) fn read(conn: &Connection) -> Result<(String, Hlc)> {
    let (id, hlc): (String, String) = conn
        .prepare_cached("SELECT id, hlc FROM sync_replica WHERE one = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((id, Hlc::decode(&hlc).unwrap_or_default()))
}

/// Stores the clock's new reading (never older: the caller ticked from the last one).
pub(crate) fn set_clock(conn: &Connection, hlc: Hlc) -> Result<()> {
    conn.prepare_cached("UPDATE sync_replica SET hlc = ?1 WHERE one = 1 AND hlc < ?1")?
        .execute([hlc.encode()])?;
    Ok(())
}

/// Ticks the clock for a local event at `wall_ms` and stores the reading.
pub(crate) fn tick(conn: &Connection, wall_ms: i64) -> Result<(String, Hlc)> {
    let (id, last) = read(conn)?;
    let now = Hlc::tick(last, wall_ms);
    set_clock(conn, now)?;
    Ok((id, now))
}

/// A new replica id.
pub(crate) fn new_id() -> String {
    format!("{REPLICA_PREFIX}_{}", uuid::Uuid::new_v4().simple())
}

/// After a restore: the restored content continues under a new id, as its change-set numbers
/// after the backup's were already used (and possibly sent) under the old one.
pub(crate) fn renew(conn: &Connection) -> Result<()> {
    conn.execute(
        "UPDATE sync_replica SET id = ?1 WHERE one = 1",
        params![new_id()],
    )?;
    Ok(())
}

/// At open: remembers where this file is, and gives a copy (another path or file) a new id.
pub(crate) fn claim(conn: &Connection, path: &Path) -> Result<()> {
    let here = std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string();
    let inode = inode_of(path);
    let (stored_path, stored_inode): (Option<String>, Option<i64>) = conn.query_row(
        "SELECT path, inode FROM sync_replica WHERE one = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if stored_path.as_deref() == Some(here.as_str()) && stored_inode == inode {
        return Ok(());
    }
    if stored_path.is_none() {
        conn.execute(
            "UPDATE sync_replica SET path = ?1, inode = ?2 WHERE one = 1",
            params![here, inode],
        )?;
    } else {
        conn.execute(
            "UPDATE sync_replica SET id = ?1, path = ?2, inode = ?3 WHERE one = 1",
            params![new_id(), here, inode],
        )?;
    }
    Ok(())
}

#[cfg(unix)]
fn inode_of(path: &Path) -> Option<i64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .and_then(|m| i64::try_from(m.ino()).ok())
}

#[cfg(not(unix))]
fn inode_of(_path: &Path) -> Option<i64> {
    None
}
