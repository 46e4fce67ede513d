//! Checkpoints after bulk writes, off the writer's path.
//!
//! SQLite copies the WAL back into the database file (a checkpoint) inside the commit that takes
//! the WAL past 1,000 pages, so that commit waits for the copy. For an ordinary action that is a
//! few pages and stays so. A bulk action (an import of 100,000 contacts writes ~90 MB) asks
//! for its checkpoint to be deferred ([`super::Writer::defer_checkpoint`]): its commit ends
//! once the WAL is written and synced (the data is durable then) and this thread, on a
//! connection of its own, does the copy while the user reads the result. A passive checkpoint
//! never blocks readers or the writer.

use super::connect;
use crate::error::Result;
use rusqlite::OpenFlags;
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

pub(super) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn start(path: &Path) -> Result<Self> {
        // Opened here, so that a failure is the caller's to see.
        let conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let (wake, woken) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("passerelle-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    // A checkpoint that cannot finish now (a reader on old pages) leaves the
                    // rest in the WAL, still durable: the next one, or closing, copies it.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        eprintln!("passerelle: background checkpoint: {e}");
                    }
                }
            })?;
        Ok(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }

    /// Asks for a checkpoint without waiting for it (one already asked for covers this one).
    pub(super) fn wake(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    /// Finishes the checkpoint under way and closes the thread's connection, so that the
    /// store's writer is the last connection: closing it checkpoints what is left and removes
    /// the WAL.
    fn drop(&mut self) {
        self.wake.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
