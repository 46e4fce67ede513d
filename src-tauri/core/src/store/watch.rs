//! Commits made to the file by other processes (`passerelle-cli` today, a merge tomorrow), so
//! that an open window hears of them: SQLite's `PRAGMA data_version` on a connection of its own
//! tells that some other connection committed (one cheap statement when nothing did); the
//! change sets committed since then, less the ones this store wrote (already announced by the
//! shell), tell whether another process did.

use super::{connect, lock, Store};
use crate::error::Result;
use rusqlite::{Connection, OpenFlags};

/// Follows the file for commits of other processes; see [`Store::watch_others`].
pub struct OtherWrites {
    conn: Connection,
    version: i64,
    last_change_set: i64,
}

impl Store {
    /// Starts noticing commits of other processes; from now on this store remembers the change
    /// sets it writes itself until [`OtherWrites::poll`] has seen them.
    pub fn watch_others(&self) -> Result<OtherWrites> {
        let conn = connect(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version = data_version(&conn)?;
        let last_change_set = last_change_set(&conn)?;
        lock(&self.own_change_sets).get_or_insert_with(Vec::new);
        Ok(OtherWrites {
            conn,
            version,
            last_change_set,
        })
    }

    /// Remembers a change set this store writes, when someone watches for others' writes.
    pub(super) fn note_own_change_set(&self, id: i64) {
        if let Some(own) = lock(&self.own_change_sets).as_mut() {
            own.push(id);
        }
    }

    /// A noted change set whose commit failed: its id may be another process's next.
    pub(super) fn forget_own_change_set(&self, id: i64) {
        if let Some(own) = lock(&self.own_change_sets).as_mut() {
            own.retain(|o| *o != id);
        }
    }
}

impl OtherWrites {
    /// Whether another process committed a change set since the last call.
    pub fn poll(&mut self, store: &Store) -> Result<bool> {
        let version = data_version(&self.conn)?;
        if version == self.version {
            return Ok(false);
        }
        self.version = version;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM change_sets WHERE id > ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([self.last_change_set], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let Some(&last) = ids.last() else {
            return Ok(false);
        };
        self.last_change_set = last;
        let mut own = lock(&store.own_change_sets);
        let own = own.get_or_insert_with(Vec::new);
        let others = ids.iter().any(|id| !own.contains(id));
        // Ids this store wrote later than what was read stay for the next poll.
        own.retain(|id| *id > last);
        Ok(others)
    }
}

fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

fn last_change_set(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT ifnull(max(id), 0) FROM change_sets", [], |r| {
            r.get(0)
        })?,
    )
}
