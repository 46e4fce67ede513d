//! Backups: consistent copies of the database made with `VACUUM INTO`, written to a temporary
//! file, checked, synced and only then renamed into place, so a backup is either whole or absent.
//! Automatic backups are rotated (the newest of each of the last 7 days and of the last 4 weeks).
//! A backup may be encrypted with a passphrase (`encrypted`: the age format); every restore
//! tells one from its header and asks for the passphrase.

mod encrypted;

use super::{Store, APPLICATION_ID, SCHEMA_VERSION};
use crate::error::{Error, Result};
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

use encrypted::Scratch;
pub use encrypted::{is_encrypted, Passphrase};

const AUTO_PREFIX: &str = "passerelle-";
const PRE_MIGRATION_PREFIX: &str = "pre-migration-";
const BEFORE_RESTORE_PREFIX: &str = "before-restore-";
const EXTENSION: &str = "sqlite3";
/// An encrypted backup's name ends in `.sqlite3.age`.
const ENCRYPTED_EXTENSION: &str = "age";
const STAMP: &str = "%Y%m%d-%H%M%S";
const KEEP_DAILY: i64 = 7;
const KEEP_WEEKLY: i64 = 4;
const KEEP_SPECIAL: usize = 5;

pub use crate::domain::BackupInfo;

/// The default backup folder: `backups/` beside the database.
pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The backup folder of a store: the `backupDir` setting, else [`default_dir`].
pub fn dir_of(store: &Store) -> Result<PathBuf> {
    let chosen = store.read(|c| super::settings::get(c, "backupDir"))?;
    Ok(chosen
        .map(PathBuf::from)
        .unwrap_or_else(|| default_dir(store.path())))
}

/// Writes a consistent copy of the store to `dest` (atomically) and returns what it holds.
/// Through a connection of its own: the copy of a large file (the start-up backup of 100,000
/// contacts) must not hold the store's reader, which every screen of the window waits on.
pub fn backup_to(store: &Store, dest: &Path) -> Result<BackupInfo> {
    let conn = super::connect(store.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    copy_into(&conn, dest)?;
    drop(conn);
    inspect(dest)
}

/// Makes an automatic backup in `dir` and rotates the older ones.
pub fn auto_backup(store: &Store, dir: &Path) -> Result<BackupInfo> {
    let now = store.now();
    let dest = dir.join(format!("{AUTO_PREFIX}{}.{EXTENSION}", now.format(STAMP)));
    let info = backup_to(store, &dest)?;
    rotate(dir, now)?;
    Ok(info)
}

/// Writes a backup of the store encrypted with `passphrase` to `dest` (atomically). The plain
/// copy is made in the data folder and removed on every path; it is streamed into the
/// encryption, never held in memory.
pub fn backup_encrypted_to(
    store: &Store,
    dest: &Path,
    passphrase: &Passphrase,
) -> Result<BackupInfo> {
    let plain = Scratch::new(folder_of(store.path()), "backup")?;
    let info = backup_to(store, plain.path())?;
    encrypted::encrypt_file(plain.path(), dest, passphrase)?;
    drop(plain);
    file_facts(info, dest, true)
}

/// Makes an encrypted backup in `dir`, named as an automatic one with `.age` added. Encrypted
/// backups are made by hand and never rotated away.
pub fn encrypted_backup(store: &Store, dir: &Path, passphrase: &Passphrase) -> Result<BackupInfo> {
    let name = format!(
        "{AUTO_PREFIX}{}.{EXTENSION}.{ENCRYPTED_EXTENSION}",
        store.now().format(STAMP)
    );
    backup_encrypted_to(store, &dir.join(name), passphrase)
}

/// A backup ready to be read: the file itself when plain, its decryption in a temporary file of
/// the data folder when encrypted (removed when this is dropped).
struct Opened {
    path: PathBuf,
    scratch: Option<Scratch>,
}

/// Opens `source` for a restore: an encrypted backup (told by its header, whatever its name)
/// needs its passphrase. Nothing is changed when this fails.
fn open(source: &Path, passphrase: Option<&Passphrase>, data_dir: &Path) -> Result<Opened> {
    if !is_encrypted(source)? {
        return Ok(Opened {
            path: source.to_owned(),
            scratch: None,
        });
    }
    let passphrase = passphrase.ok_or_else(|| {
        Error::invalid(
            "passphrase",
            crate::messages::Message::new("backupPassphraseNeeded"),
        )
    })?;
    let scratch = Scratch::new(data_dir, "restore")?;
    encrypted::decrypt_file(source, scratch.path(), passphrase)?;
    Ok(Opened {
        path: scratch.path().to_owned(),
        scratch: Some(scratch),
    })
}

/// `info` (what a plain copy holds) as the facts of the file at `path`.
fn file_facts(info: BackupInfo, path: &Path, encrypted: bool) -> Result<BackupInfo> {
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let meta = std::fs::metadata(path)?;
    Ok(BackupInfo {
        path: path.display().to_string(),
        created_at: created_at(&file_name, &meta),
        file_name,
        bytes: meta.len(),
        encrypted,
        ..info
    })
}

/// The folder a file is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// The temporary name a file is written under before it is renamed into place.
fn partial_name(dest: &Path) -> PathBuf {
    folder_of(dest).join(format!(
        ".{}.partial",
        dest.file_name()
            .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned())
    ))
}

/// Makes a rename into `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Copies an open connection's database into `dest` through a checked temporary file.
pub(crate) fn copy_into(conn: &Connection, dest: &Path) -> Result<()> {
    let dir = folder_of(dest);
    std::fs::create_dir_all(dir)?;
    let tmp = partial_name(dest);
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])?;
        check_file(&tmp)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, dest)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Opens `path` read-only and checks that it is a sound Passerelle database this version can
/// open; returns its schema version.
fn check_file(path: &Path) -> Result<u32> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let bad = |reason: String| Error::NotADatabase {
        path: path.display().to_string(),
        reason,
    };
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| bad(format!("it cannot be read ({e})")))?;
    if check != "ok" {
        return Err(bad(format!("it is damaged ({check})")));
    }
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(bad("it is not a Passerelle database".into()));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > i64::from(SCHEMA_VERSION) {
        return Err(Error::NewerSchema {
            path: path.display().to_string(),
            found: version,
            supported: i64::from(SCHEMA_VERSION),
        });
    }
    Ok(u32::try_from(version).unwrap_or(0))
}

/// Checks a backup file and describes its content.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let schema_version = check_file(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let contents = super::contents::of(&conn)?;
    let mut stmt = conn.prepare("SELECT title FROM missions ORDER BY start_date DESC")?;
    let mission_titles = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let info = BackupInfo {
        schema_version,
        missions: contents.missions,
        organisations: contents.organisations,
        contacts: contents.contacts,
        technologies: contents.technologies,
        agenda_items: contents.agenda_items,
        mission_titles,
        ..BackupInfo::default()
    };
    file_facts(info, path, false)
}

/// An encrypted backup as listed without its passphrase: the file's facts only (what it holds
/// is unknown until it is opened: zero counts, no titles).
fn describe_encrypted(path: &Path) -> Result<BackupInfo> {
    file_facts(BackupInfo::default(), path, true)
}

/// A backup's time: from its name, else the file's modification time.
fn created_at(file_name: &str, meta: &std::fs::Metadata) -> String {
    stamp_of(file_name)
        .or_else(|| meta.modified().ok().map(DateTime::<Utc>::from))
        .map(crate::time::format_utc)
        .unwrap_or_default()
}

/// The sound backups in `dir`, newest first, and the encrypted ones (by their header). Damaged
/// or foreign files are skipped.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e.into()),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let found = match path.extension() {
            Some(e) if e == EXTENSION => inspect(&path),
            Some(e) if e == ENCRYPTED_EXTENSION && is_encrypted(&path).unwrap_or(false) => {
                describe_encrypted(&path)
            }
            _ => continue,
        };
        if let Ok(info) = found {
            out.push(info);
        }
    }
    out.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(out)
}

/// Reads the time stamp out of a backup's file name.
fn stamp_of(file_name: &str) -> Option<DateTime<Utc>> {
    let plain = file_name
        .strip_suffix(&format!(".{ENCRYPTED_EXTENSION}"))
        .unwrap_or(file_name);
    let stem = plain.strip_suffix(&format!(".{EXTENSION}"))?;
    let stamp = [AUTO_PREFIX, PRE_MIGRATION_PREFIX, BEFORE_RESTORE_PREFIX]
        .iter()
        .find_map(|p| stem.strip_prefix(p))?;
    // Pre-migration names carry the version first: "v1-20250101-120000".
    let stamp = stamp
        .split_once('-')
        .filter(|(v, _)| v.starts_with('v'))
        .map_or(stamp, |(_, s)| s);
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|n| n.and_utc())
}

/// Keeps the newest automatic backup of each of the last 7 days and of each of the last 4 ISO
/// weeks, and the 5 newest pre-migration and before-restore copies; deletes the others.
/// Encrypted backups, made by hand, are kept.
pub fn rotate(dir: &Path, now: DateTime<Utc>) -> Result<()> {
    let mut auto: Vec<(DateTime<Utc>, PathBuf)> = Vec::new();
    let mut special: Vec<(String, DateTime<Utc>, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(&format!(".{EXTENSION}")) {
            continue;
        }
        let Some(at) = stamp_of(&name) else { continue };
        if name.starts_with(AUTO_PREFIX) {
            auto.push((at, entry.path()));
        } else {
            let kind = if name.starts_with(PRE_MIGRATION_PREFIX) {
                "m"
            } else {
                "r"
            };
            special.push((kind.to_owned(), at, entry.path()));
        }
    }
    auto.sort_by_key(|a| std::cmp::Reverse(a.0));
    let mut days = std::collections::HashSet::new();
    let mut weeks = std::collections::HashSet::new();
    for (at, path) in &auto {
        let age_days = (now - *at).num_days();
        let day = at.date_naive();
        let week = (at.iso_week().year(), at.iso_week().week());
        let keep_day = age_days < KEEP_DAILY && days.insert(day);
        let keep_week = age_days < KEEP_WEEKLY * 7 && weeks.insert(week);
        if !(keep_day || keep_week) {
            std::fs::remove_file(path)?;
        }
    }
    special.sort_by_key(|a| std::cmp::Reverse(a.1));
    for kind in ["m", "r"] {
        for (_, _, path) in special.iter().filter(|s| s.0 == kind).skip(KEEP_SPECIAL) {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// Name of the copy made before a migration from `version`.
pub(crate) fn pre_migration_name(version: u32, now: DateTime<Utc>) -> String {
    format!(
        "{PRE_MIGRATION_PREFIX}v{version}-{}.{EXTENSION}",
        now.format(STAMP)
    )
}

/// Replaces the database at `db_path`, which must not be open, by the backup `source` (an
/// encrypted one opened with `passphrase`). The current files (database, WAL, shared memory)
/// are kept aside, renamed with `.replaced-<time>`; returns the path of the set-aside database,
/// if there was one. A backup that cannot be opened or is unsound changes nothing.
pub fn restore_file(
    db_path: &Path,
    source: &Path,
    passphrase: Option<&Passphrase>,
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>> {
    let dir = folder_of(db_path);
    std::fs::create_dir_all(dir)?;
    let opened = open(source, passphrase, dir)?;
    check_file(&opened.path)?;
    let aside = set_aside(db_path, "replaced", now)?;
    let tmp = dir.join(".restore.partial");
    if opened.scratch.is_some() {
        // A decrypted copy is already a file of this folder: moved, not copied again.
        std::fs::rename(&opened.path, &tmp)?;
    } else {
        std::fs::copy(&opened.path, &tmp)?;
    }
    drop(opened);
    std::fs::File::open(&tmp)?.sync_all()?;
    check_file(&tmp)?;
    std::fs::rename(&tmp, db_path)?;
    Ok(aside)
}

/// Renames a database and its WAL and shared-memory files to `<name>.<why>-<time>…`, so a
/// damaged or replaced file is never overwritten. Returns the new path of the database.
pub fn set_aside(db_path: &Path, why: &str, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    if !db_path.exists() {
        return Ok(None);
    }
    let stamp = now.format(STAMP);
    let base = db_path.display().to_string();
    let target = PathBuf::from(format!("{base}.{why}-{stamp}"));
    for suffix in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{base}{suffix}"));
        if from.exists() {
            std::fs::rename(&from, format!("{}{suffix}", target.display()))?;
        }
    }
    std::fs::rename(db_path, &target)?;
    Ok(Some(target))
}

impl Store {
    /// Restores `source` (an encrypted backup opened with `passphrase`) into this open store
    /// through SQLite's backup API (safe with readers and the WAL), after keeping a copy of the
    /// current content in `backup_dir`; then migrates the restored content forward if it comes
    /// from an older version. A backup that cannot be opened or is unsound changes nothing.
    pub fn restore_from(
        &self,
        source: &Path,
        passphrase: Option<&Passphrase>,
        backup_dir: &Path,
    ) -> Result<BackupInfo> {
        let opened = open(source, passphrase, folder_of(&self.path))?;
        let info = file_facts(inspect(&opened.path)?, source, opened.scratch.is_some())?;
        let source = opened.path.as_path();
        // A file found damaged is set aside by the recovery (`restore_file`), never written.
        self.health.writable()?;
        let mut conn = super::lock(&self.writer);
        let keep = backup_dir.join(format!(
            "{BEFORE_RESTORE_PREFIX}{}.{EXTENSION}",
            self.now().format(STAMP)
        ));
        copy_into(&conn, &keep)?;
        self.note_own_restore(true);
        let restored = conn
            .restore(
                rusqlite::MAIN_DB,
                source,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(Error::from)
            // The restored pages are checked, as after any restore.
            .and_then(|()| {
                super::upgrade(
                    &self.path,
                    &mut conn,
                    super::Integrity::Check,
                    backup_dir,
                    self.now(),
                )
            })
            .and_then(|_| super::sync::replica::renew(&conn));
        if let Err(e) = restored {
            self.note_own_restore(false);
            return Err(e);
        }
        let everything = super::Changes::everything(&conn)?;
        drop(conn);
        self.announce(&everything);
        Ok(info)
    }
}
