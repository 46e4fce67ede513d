//! The SQLite store: one file, opened the same way every time, migrated forward, written through
//! one path ([`Store::write`]) that wraps each user action in one transaction and logs every
//! changed field.

pub mod backup;
mod changes;
mod checkpoint;
mod health;
mod migrations;
mod watch;
mod writer;

pub mod aftercare;
pub mod agenda;
pub mod attachments;
pub mod contacts;
pub mod contents;
pub mod costs;
pub mod distinct;
pub mod duplicates;
pub mod exchange_file;
pub mod exchanges;
pub mod exports;
pub mod followups;
pub mod forms;
pub mod history;
pub mod imports;
pub mod local;
pub mod mission_copy;
pub mod missions;
pub mod needs;
pub mod organisations;
pub mod passports;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod references;
pub mod requests;
pub mod revisions;
pub mod schedule_facts;
pub mod search_index;
pub mod settings;
pub mod sites;
pub mod specialties;
pub mod stays;
pub mod surveys;
pub mod sync;
pub mod tags;
pub mod team;
pub mod technologies;
pub mod travel;
pub mod undo;
pub mod vehicles;
pub mod versions;

pub use changes::{ChangeListener, Changes, MAX_IDS_PER_KIND};
pub use migrations::SCHEMA_VERSION;
pub use watch::OtherWrites;
pub use writer::{Link, Saved, Writer};

use crate::error::{Error, Result};
use crate::messages::Message;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// `PRAGMA application_id` of Passerelle databases ("PASS"), so a foreign file is recognised.
pub const APPLICATION_ID: i64 = 0x5041_5353;

/// Where time comes from; tests fix "now".
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub struct Store {
    /// Started by the first bulk write; declared first so that it stops first (see
    /// `checkpoint`).
    checkpointer: Mutex<Option<checkpoint::Checkpointer>>,
    path: PathBuf,
    /// Reads go through their own connection: in WAL mode they never wait for the writer.
    /// (Declared before the writer so that it closes first: the writer, closing last,
    /// checkpoints the WAL into the database file and removes it.)
    reader: Mutex<Connection>,
    /// The one writer. SQLite allows one at a time; holding it here makes callers queue in
    /// process instead of meeting "database is locked".
    writer: Mutex<Connection>,
    clock: Clock,
    /// The change sets this store wrote that [`OtherWrites`] has not seen yet; `None` until
    /// someone watches ([`Store::watch_others`]).
    own_writes: Mutex<Option<watch::Own>>,
    /// Told what each commit touched ([`Store::set_change_listener`]).
    listener: Mutex<Option<ChangeListener>>,
    /// The page scan's verdict; writes wait for it and are refused on a damaged file.
    health: Arc<health::Health>,
}

/// What opening a file verifies beyond what it is (a Passerelle database, of a version this build
/// reads), which is always checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// `PRAGMA quick_check` reads every page (about 0.4 s for 100,000 contacts): once per app
    /// start, after a restore, and for the CLI's `backup`, `restore` and `info`.
    Check,
    /// No page scan, for a short command (the CLI's) on a file the app checks at its start. A
    /// page damaged since is met as an error by the statement that reads it, never half a
    /// write; a file to be migrated is still checked first.
    Skip,
    /// The page scan runs after the open, on a thread and a connection of its own, once the
    /// window has shown its first screen ([`Store::start_check`]) or 3 s after the open, so that
    /// the app's first screen neither waits for it nor shares a core with it (`store::health`):
    /// a write starts it if it still waits, waits for its verdict, and is refused
    /// (`fileDamaged`) once it found damage; [`Store::checked`] waits for it without starting
    /// it. A file to be migrated is checked before, as always.
    Background,
}

impl Store {
    /// Opens (creating if needed) the database at `path`, checks every page and migrates it to
    /// the current schema. A file that is not a Passerelle database, a damaged one, or one from
    /// a newer version, is left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, Integrity::Check, Arc::new(Utc::now))
    }

    /// [`Store::open`] without the page scan ([`Integrity::Skip`]): what a CLI command uses.
    pub fn open_skipping_check(path: &Path) -> Result<Store> {
        Self::open_with(path, Integrity::Skip, Arc::new(Utc::now))
    }

    pub fn open_with_clock(path: &Path, clock: Clock) -> Result<Store> {
        Self::open_with(path, Integrity::Check, clock)
    }

    pub fn open_with(path: &Path, integrity: Integrity, clock: Clock) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut writer = connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(|e| damaged(path, e))?;
        let backup_dir = settings::get(&writer, "backupDir")
            .ok()
            .flatten()
            .map(PathBuf::from)
            .unwrap_or_else(|| backup::default_dir(path));
        let scanned = upgrade(path, &mut writer, integrity, &backup_dir, clock())
            .map_err(|e| damaged(path, e))?;
        // A copied data folder takes a new replica id (`store::sync::replica`).
        sync::replica::claim(&writer, path)?;
        let reader = connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let health = if integrity == Integrity::Background && !scanned {
            health::Health::check_in_background(path)
        } else {
            health::Health::sound(path)
        };
        Ok(Store {
            checkpointer: Mutex::new(None),
            path: path.to_owned(),
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            clock,
            own_writes: Mutex::new(None),
            listener: Mutex::new(None),
            health,
        })
    }

    /// [`Store::open`] with the page scan after the open ([`Integrity::Background`]): the app's
    /// start.
    pub fn open_checking_in_background(path: &Path) -> Result<Store> {
        Self::open_with(path, Integrity::Background, Arc::new(Utc::now))
    }

    /// Starts the page scan of a store opened with [`Integrity::Background`] now, if it is still
    /// waiting: the shell calls it once the window has shown its first screen.
    pub fn start_check(&self) {
        self.health.start();
    }

    /// Waits for the page scan's verdict (at once unless opened with
    /// [`Integrity::Background`], without starting a scan that waits for the first screen): an
    /// error saying the file is damaged, if it is.
    pub fn checked(&self) -> Result<()> {
        self.health.checked()
    }

    /// Whether the page scan found the file damaged (then every write is refused), without
    /// waiting for it.
    pub fn found_damage(&self) -> bool {
        self.health.found_damage()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Runs read-only queries.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = lock(&self.reader);
        f(&conn)
    }

    /// Runs one user action as one `BEGIN IMMEDIATE` transaction, recorded in the change log
    /// under `label`. On any error nothing is written. Once committed, what it touched goes to
    /// the change listener.
    /// Waits for the page scan if it is still running; refused on a damaged file.
    pub fn write<T>(&self, label: &str, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.health.writable()?;
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut writer = Writer::begin(tx, label, self.now())?;
        let value = f(&mut writer)?;
        // Noted before the commit, so that a watcher never takes it for another process's;
        // a change set left empty is deleted by the commit, and its id may be taken again.
        let own = writer.logs_changes().then(|| writer.change_set_id());
        if let Some(id) = own {
            self.note_own_change_set(id);
        }
        let forget = |e: Error| {
            if let Some(id) = own {
                self.forget_own_change_set(id);
            }
            e
        };
        let (touched, scrubbed) = if writer.checkpoint_deferred() {
            // This commit only writes the WAL; the background thread copies it (`checkpoint`).
            writer.conn().pragma_update(None, "wal_autocheckpoint", 0)?;
            let committed = writer.commit();
            conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT)?;
            let committed = committed.map_err(forget)?;
            self.checkpoint_in_background();
            committed
        } else {
            writer.commit().map_err(forget)?
        };
        drop(conn);
        if scrubbed {
            // A deleted personal record's values left the log: none may stay in free pages
            // or the WAL. The write is done either way; a busy file is compacted by the next
            // such write, erasure or purge.
            if let Err(e) = privacy::compact(self) {
                eprintln!("passerelle: personal data scrubbed, the file not compacted: {e}");
            }
        }
        // A deleted mission's, meeting's or outcome's attached files go with it.
        if let Err(e) = crate::attachments::sweep(self, &touched) {
            eprintln!("passerelle: attached files not swept: {e}");
        }
        self.announce(&touched);
        Ok(value)
    }

    fn checkpoint_in_background(&self) {
        let mut checkpointer = lock(&self.checkpointer);
        if checkpointer.is_none() {
            match checkpoint::Checkpointer::start(&self.path) {
                Ok(c) => *checkpointer = Some(c),
                // The next ordinary commit past the threshold, or closing, checkpoints instead.
                Err(e) => eprintln!("passerelle: no background checkpoint: {e}"),
            }
        }
        if let Some(c) = checkpointer.as_ref() {
            c.wake();
        }
    }
}

/// Checks the file (`migrations::check`) and brings it to the current schema: a file to be
/// migrated is first copied into `backup_dir`, so that a failed or unwanted upgrade can be
/// undone by hand. Returns whether every page was read and found sound.
fn upgrade(
    path: &Path,
    conn: &mut Connection,
    integrity: Integrity,
    backup_dir: &Path,
    now: DateTime<Utc>,
) -> Result<bool> {
    let migrations::Checked { version, scanned } = migrations::check(path, conn, integrity)?;
    if version == SCHEMA_VERSION {
        return Ok(scanned);
    }
    if version > 0 {
        backup::copy_into(
            conn,
            &backup_dir.join(backup::pre_migration_name(version, now)),
        )?;
    }
    migrations::apply(conn)?;
    Ok(scanned)
}

impl Drop for Store {
    /// A damaged file is left as it is: closing does not copy the WAL into it (SQLite's
    /// checkpoint on close), so the file set aside by the recovery is the one found damaged.
    fn drop(&mut self) {
        if self.health.found_damage() {
            for conn in [&self.reader, &self.writer] {
                let _ = lock(conn).set_db_config(
                    rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
                    true,
                );
            }
        }
    }
}

/// What a store function reads through: the reading connection ([`Store::read`]) or a write's
/// own transaction (a [`Writer`]), so that a check made inside a write sees what it wrote.
/// Sealed: the writer's connection does not leave `store/` (`sealed::Connected` cannot be
/// named outside it).
pub trait Reads: sealed::Connected {}

impl<T: sealed::Connected + ?Sized> Reads for T {}

mod sealed {
    use rusqlite::Connection;

    pub trait Connected {
        fn connection(&self) -> &Connection;
    }

    impl Connected for Connection {
        fn connection(&self) -> &Connection {
            self
        }
    }

    impl Connected for super::Writer<'_> {
        fn connection(&self) -> &Connection {
            self.conn()
        }
    }
}

/// The mission a mission-scoped row (`table`'s `mission_id`) belongs to; `NotFound` under
/// `entity` when there is no such row.
fn mission_of_row(db: &impl Reads, table: &str, id: &str, entity: &'static str) -> Result<String> {
    conn_of(db)
        .query_row(
            &format!("SELECT mission_id FROM \"{table}\" WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity,
            id: id.to_owned(),
        })
}

/// The connection behind `from`, for the store's own statements.
fn conn_of<R: Reads + ?Sized>(from: &R) -> &Connection {
    sealed::Connected::connection(from)
}

/// The page cache of every connection, in KiB: the trigram index of 100,000 contacts is tens
/// of MB and searches stay in memory.
pub const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// SQLite's default: an ordinary commit that takes the WAL past this many pages checkpoints.
const WAL_AUTOCHECKPOINT: i64 = 1000;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock rolled its transaction back; the connection is still good.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// SQLite's "not a database" and "malformed" errors, met while opening, mean a damaged or
/// foreign file: say so, so the app can offer a backup instead of a bare error.
fn damaged(path: &Path, e: Error) -> Error {
    let Error::Sqlite(inner) = &e else { return e };
    match inner.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::NotADatabase {
                path: path.display().to_string(),
                reason: format!("the file is damaged or not an SQLite database ({inner})"),
            }
        }
        _ => e,
    }
}

pub(super) fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // journal_mode must be read back: it is the first statement that touches the file.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !flags.contains(OpenFlags::SQLITE_OPEN_READ_ONLY) {
        return Err(Error::Internal(format!(
            "{} cannot use WAL journaling",
            path.display()
        )));
    }
    // A page cache of PAGE_CACHE_KIB (allocated only as pages are read; an import raises it
    // for its transaction) and temporary b-trees in memory; prepared statements are cached
    // across actions.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// Whether the file holds no mission and no organisation yet (the window then offers the demo).
pub fn holds_nothing_yet(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM missions) AND NOT EXISTS (SELECT 1 FROM organisations)",
        [],
        |r| r.get(0),
    )?)
}

/// Checks that a referenced record exists, so a bad reference is reported against the field
/// that holds it rather than as a bare foreign-key failure.
pub(crate) fn ensure_exists(
    conn: &Connection,
    table: &'static str,
    field: &str,
    id: Option<&str>,
) -> Result<()> {
    let Some(id) = id else { return Ok(()) };
    let found: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"
        ))?
        .query_row([id], |r| r.get(0))?;
    if found {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            Message::new("doesNotExist").with("id", id),
        ))
    }
}

/// Checks that the record `id` of `table` exists and that its `owner_column` is `owner` (e.g. a
/// site of this mission, a room of this site); errors name `field`, and say `elsewhere` (a
/// message code, with `id` and `owner`) when it belongs to another.
pub(crate) fn check_owner(
    conn: &Connection,
    table: &'static str,
    owner_column: &'static str,
    field: &str,
    id: &str,
    owner: &str,
    elsewhere: &'static str,
) -> Result<()> {
    let found: Option<String> = conn
        .query_row(
            &format!("SELECT {owner_column} FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        None => Err(Error::invalid(
            field,
            Message::new("doesNotExist").with("id", id),
        )),
        Some(o) if o != owner => Err(Error::invalid(
            field,
            Message::new(elsewhere).with("id", id).with("owner", owner),
        )),
        Some(_) => Ok(()),
    }
}

/// Reads a JSON array of strings stored in a TEXT column.
pub(crate) fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Builds a [`crate::domain::Ref`] from an optional id and name pair of columns.
/// The three columns of a wording from `first` on: French, English, Traditional Chinese.
pub(crate) fn wording_at(
    r: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<crate::domain::Wording> {
    Ok(crate::domain::Wording {
        fr: r.get(first)?,
        en: r.get(first + 1)?,
        zh_tw: r.get(first + 2)?,
    })
}

pub(crate) fn opt_ref(id: Option<String>, name: Option<String>) -> Option<crate::domain::Ref> {
    id.map(|id| crate::domain::Ref {
        name: name.unwrap_or_else(|| id.clone()),
        id,
    })
}
