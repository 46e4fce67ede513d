//! The page scan run after the open (`Integrity::Background`): `PRAGMA quick_check` reads every
//! page on a thread and a read connection of its own (about 0.5 s for 100,000 contacts), at the
//! lowest CPU priority, once the window has shown its first screen ([`Health::start`], which
//! the shell calls when the window says so) or [`START_AT_THE_LATEST`] after the open. On two
//! cores a scan started with the process took a core from the window's start (issue 14). Until
//! its verdict a write waits for it (and starts it; [`Health::checked`], which the start-up
//! backup's thread calls, waits without starting it); once it found damage, every write is
//! refused and the file is left as it is, for the recovery screen to set it aside and restore a
//! backup.

use super::migrations;
use crate::error::{Error, Result};
use crate::messages::Message;
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// When the scan starts if nothing asked for it sooner (a window that never said it showed its
/// first screen: the recovery screen, an error page).
const START_AT_THE_LATEST: Duration = Duration::from_secs(3);

#[derive(Debug, Clone)]
enum Verdict {
    /// The scan has not started: it waits for [`Health::start`] or its delay.
    Waiting,
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

    /// The page scan of `path` on its own thread and connection, started by [`Health::start`]
    /// or [`START_AT_THE_LATEST`] after now.
    pub(super) fn check_in_background(path: &Path) -> Arc<Health> {
        let health = Arc::new(Health::new(path, Verdict::Waiting));
        let scan = Arc::clone(&health);
        let spawned = std::thread::Builder::new()
            .name("integrity-check".into())
            .spawn(move || {
                crate::background::lower_this_threads_priority();
                scan.wait_for_start(Instant::now() + START_AT_THE_LATEST);
                scan.run()
            });
        if spawned.is_err() {
            // No thread to spare: scan now, the open is only slower.
            health.start();
            health.run();
        }
        health
    }

    /// Starts the scan now if it is still waiting.
    pub(super) fn start(&self) {
        let mut verdict = super::lock(&self.verdict);
        if matches!(*verdict, Verdict::Waiting) {
            *verdict = Verdict::Pending;
            self.reached.notify_all();
        }
    }

    fn wait_for_start(&self, deadline: Instant) {
        let mut verdict = super::lock(&self.verdict);
        while matches!(*verdict, Verdict::Waiting) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                *verdict = Verdict::Pending;
                break;
            };
            verdict = self
                .reached
                .wait_timeout(verdict, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
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

    /// Waits for the verdict; `start`: starts the scan first if it was still waiting (a write
    /// needs the verdict now; a watcher, such as the start-up backup's thread, does not).
    fn verdict(&self, start: bool) -> Verdict {
        if start {
            self.start();
        }
        let mut verdict = super::lock(&self.verdict);
        while matches!(*verdict, Verdict::Waiting | Verdict::Pending) {
            verdict = self
                .reached
                .wait(verdict)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        verdict.clone()
    }

    /// Waits for the verdict without hastening the scan: the file as damaged (the same error as
    /// a refused open), if it is.
    pub(super) fn checked(&self) -> Result<()> {
        match self.verdict(false) {
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

    /// Before a write: starts the scan if it still waits, waits for its verdict, refuses when the
    /// file is damaged.
    pub(super) fn writable(&self) -> Result<()> {
        match self.verdict(true) {
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
