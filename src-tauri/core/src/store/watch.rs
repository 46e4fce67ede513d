//! Commits made to the file by other processes (`passerelle-cli` today, a merge tomorrow), so
//! that an open window hears of them: SQLite's `PRAGMA data_version` on a connection of its own
//! tells that some other connection committed (one cheap statement when nothing did); the
//! change sets committed since then, less the ones this store wrote (already announced by its
//! change listener), tell what another process touched, read back from `change_log`.

use super::changes::{logged_in, Changes};
use super::{connect, lock, Store};
use crate::error::Result;
use rusqlite::{Connection, OpenFlags};

/// Follows the file for commits of other processes; see [`Store::watch_others`].
pub struct OtherWrites {
    conn: Connection,
    version: i64,
    last_change_set: i64,
}

/// What this store wrote that [`OtherWrites`] has not seen yet.
#[derive(Default)]
pub(super) struct Own {
    change_sets: Vec<i64>,
    /// This store restored a backup (and announced it): the file going back is not news.
    restored: bool,
}

impl Store {
    /// Starts noticing commits of other processes; from now on this store remembers the change
    /// sets it writes itself until [`OtherWrites::poll`] has seen them.
    pub fn watch_others(&self) -> Result<OtherWrites> {
        let conn = connect(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let version = data_version(&conn)?;
        let last_change_set = last_change_set(&conn)?;
        lock(&self.own_writes).get_or_insert_with(Own::default);
        Ok(OtherWrites {
            conn,
            version,
            last_change_set,
        })
    }

    /// Remembers a change set this store writes, when someone watches for others' writes.
    pub(super) fn note_own_change_set(&self, id: i64) {
        if let Some(own) = lock(&self.own_writes).as_mut() {
            own.change_sets.push(id);
        }
    }

    /// A noted change set whose commit failed: its id may be another process's next.
    pub(super) fn forget_own_change_set(&self, id: i64) {
        if let Some(own) = lock(&self.own_writes).as_mut() {
            own.change_sets.retain(|o| *o != id);
        }
    }

    /// Notes (or, if it failed, forgets) that this store is restoring a backup.
    pub(super) fn note_own_restore(&self, restoring: bool) {
        if let Some(own) = lock(&self.own_writes).as_mut() {
            own.restored = restoring;
        }
    }
}

impl OtherWrites {
    /// What other processes committed since the last call (empty if nothing). A file that went
    /// back (another process restored a backup) changed everything.
    pub fn poll(&mut self, store: &Store) -> Result<Changes> {
        let version = data_version(&self.conn)?;
        if version == self.version {
            return Ok(Changes::default());
        }
        self.version = version;
        let latest = last_change_set(&self.conn)?;
        let mut own = lock(&store.own_writes);
        let own = own.get_or_insert_with(Own::default);
        if latest < self.last_change_set {
            self.last_change_set = latest;
            own.change_sets.clear();
            if std::mem::take(&mut own.restored) {
                return Ok(Changes::default());
            }
            return Changes::everything(&self.conn);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM change_sets WHERE id > ?1 ORDER BY id")?;
        let ids = stmt
            .query_map([self.last_change_set], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        drop(stmt);
        let Some(&last) = ids.last() else {
            return Ok(Changes::default());
        };
        self.last_change_set = last;
        own.restored = false;
        let others: Vec<i64> = ids
            .into_iter()
            .filter(|id| !own.change_sets.contains(id))
            .collect();
        // Ids this store wrote later than what was read stay for the next poll.
        own.change_sets.retain(|id| *id > last);
        logged_in(&self.conn, &others)
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
