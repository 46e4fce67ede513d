//! The page scan run after the open (`Integrity::Background`): the app shows its first screen
//! while `PRAGMA quick_check` reads every page on a thread and a read connection of its own
//! (about 0.5 s for 100,000 contacts), at the lowest CPU priority. Until its verdict a write
//! waits for it; once it found damage, every write is refused and the file is left as it is,
//! for the recovery screen to set it aside and restore a backup.

use super::migrations;
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

#[derive(Debug, Clone)]
enum Verdict {
    Pending,
    Sound,
    /// What SQLite reported, in English (for the log and the recovery screen's detail).
    Damaged(String),
}

/// The verdict of the page scan, shared with the thread that runs it.
pub(super) struct Health {
    path: PathBuf,
    verdict: Mutex<Verdict>,
    reached: Condvar,
}

impl Health {
    /// A file checked at its open, or not checked by choice (a short CLI command).
    pub(super) fn sound(path: &Path) -> Arc<Health> {
        Arc::new(Health::new(path, Verdict::Sound))
    }

    /// Starts the page scan of `path` on its own thread and connection.
    pub(super) fn check_in_background(path: &Path) -> Arc<Health> {
        let health = Arc::new(Health::new(path, Verdict::Pending));
        let scan = Arc::clone(&health);
        let spawned = std::thread::Builder::new()
            .name("integrity-check".into())
            .spawn(move || {
                crate::background::lower_this_threads_priority();
                scan.run()
            });
        if spawned.is_err() {
            // No thread to spare: scan now, the open is only slower.
            health.run();
        }
        health
    }

    fn new(path: &Path, verdict: Verdict) -> Health {
        Health {
            path: path.to_owned(),
            verdict: Mutex::new(verdict),
            reached: Condvar::new(),
        }
    }

    fn run(&self) {
        let verdict = match scan(&self.path) {
            Ok(()) => Verdict::Sound,
            Err(reason) => Verdict::Damaged(reason),
        };
        *super::lock(&self.verdict) = verdict;
        self.reached.notify_all();
    }

    /// Waits for the verdict.
    fn verdict(&self) -> Verdict {
        let mut verdict = super::lock(&self.verdict);
        while matches!(*verdict, Verdict::Pending) {
            verdict = self
                .reached
                .wait(verdict)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        verdict.clone()
    }

    /// Waits for the verdict: the file as damaged (the same error as a refused open), if it is.
    pub(super) fn checked(&self) -> Result<()> {
        match self.verdict() {
            Verdict::Damaged(reason) => Err(Error::NotADatabase {
                path: self.path.display().to_string(),
                reason: format!("it is damaged ({reason})"),
            }),
            _ => Ok(()),
        }
    }

    /// Whether the scan found damage, without waiting.
    pub(super) fn found_damage(&self) -> bool {
        matches!(*super::lock(&self.verdict), Verdict::Damaged(_))
    }

    /// Before a write: waits for the verdict, refuses when the file is damaged.
    pub(super) fn writable(&self) -> Result<()> {
        match self.verdict() {
            Verdict::Damaged(_) => Err(Error::Refused(Message::new("fileDamaged"))),
            _ => Ok(()),
        }
    }
}

/// `PRAGMA quick_check` on a read connection of its own; an error of SQLite while reading is
/// damage too (a page that is not one).
fn scan(path: &Path) -> std::result::Result<(), String> {
    let conn = super::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    // The scan reads each page once: SQLite's default cache, not the store's large one.
    conn.pragma_update(None, "cache_size", -2048)
        .map_err(|e| e.to_string())?;
    let report: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if report == "ok" {
        Ok(())
    } else {
        Err(migrations::first_line(&report))
    }
}
