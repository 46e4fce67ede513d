//! Encrypted backups: the age format (age-encryption.org/v1) with a passphrase (its scrypt
//! recipient), so a backup carried on a USB stick does not hold personal data in clear.
//!
//! Both ways stream through a fixed buffer: the plain database is a temporary file in the data
//! folder (which already holds the plain database, so nothing leaves it in clear), removed on
//! every path by [`Scratch`]'s drop, never a second copy in memory.

use crate::error::{Error, Result};
use crate::messages::Message;
use age::secrecy::SecretString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of every age file (its header's version line follows).
const MAGIC: &[u8] = b"age-encryption.org/";
/// scrypt's N = 2^18 (256 MiB, about a second here): the reference implementation's default,
/// fixed rather than measured, so a busy computer does not write a weaker file.
const WORK_FACTOR: u8 = 18;
/// The most a backup may ask to open (2^20: 1 GiB, about four seconds): a file asking more is
/// refused before any work, so a crafted one cannot exhaust the memory.
const MAX_WORK_FACTOR: u8 = 20;
/// Leftovers of an interrupted run (a killed process) older than this are removed.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);
const SCRATCH_PREFIX: &str = ".passerelle-scratch-";

/// A backup's passphrase: never empty, never printed (its `Debug` hides it), never stored.
pub struct Passphrase(SecretString);

impl Passphrase {
    /// Refuses an empty passphrase (field `passphrase`).
    pub fn new(text: String) -> Result<Self> {
        if text.is_empty() {
            return Err(Error::invalid(
                "passphrase",
                Message::new("passphraseEmpty"),
            ));
        }
        Ok(Passphrase(SecretString::from(text)))
    }

    /// A passphrase file, read whole with its one trailing line break (LF or CRLF) removed.
    pub fn from_file(path: &Path) -> Result<Self> {
        let mut text = std::fs::read_to_string(path).map_err(|e| {
            Error::validation(
                "passphraseFile",
                format!("{} cannot be read: {e}", path.display()),
            )
        })?;
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Passphrase::new(text)
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Whether `path` starts with an age header. A file too short to hold one is not encrypted.
pub fn is_encrypted(path: &Path) -> Result<bool> {
    let mut head = [0u8; MAGIC.len()];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < head.len() {
        match file.read(&mut head[read..])? {
            0 => return Ok(false),
            n => read += n,
        }
    }
    Ok(head == MAGIC)
}

/// A temporary file of the data folder, removed when dropped (after an error or a panic too).
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    /// A fresh name in `dir`; stale leftovers of a killed run are removed first.
    pub(crate) fn new(dir: &Path, what: &str) -> Result<Scratch> {
        std::fs::create_dir_all(dir)?;
        remove_stale(dir);
        let name = format!("{SCRATCH_PREFIX}{what}-{}", uuid::Uuid::new_v4().simple());
        Ok(Scratch(dir.join(name)))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        // SQLite's own files beside a database opened there, should any remain.
        for suffix in ["-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(SCRATCH_PREFIX)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Encrypts the file `plain` into `dest`, written to a temporary file beside it, synced and only
/// then renamed into place: `dest` is whole or absent.
pub(crate) fn encrypt_file(plain: &Path, dest: &Path, passphrase: &Passphrase) -> Result<()> {
    let dir = super::folder_of(dest);
    std::fs::create_dir_all(dir)?;
    let partial = super::partial_name(dest);
    let _ = std::fs::remove_file(&partial);
    let written = (|| -> Result<()> {
        let mut recipient = age::scrypt::Recipient::new(passphrase.0.clone());
        recipient.set_work_factor(WORK_FACTOR);
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| Error::Internal(format!("cannot encrypt the backup: {e}")))?;
        let out = BufWriter::new(std::fs::File::create(&partial)?);
        let mut writer = encryptor.wrap_output(out)?;
        std::io::copy(
            &mut BufReader::new(std::fs::File::open(plain)?),
            &mut writer,
        )?;
        let file = writer
            .finish()?
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&partial, dest)?;
        super::sync_dir(dir);
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Decrypts the age file `source` into `plain`. A wrong passphrase, a damaged or truncated file
/// are said plainly (field `passphrase` for the passphrase), and `plain` is left to its owner
/// to remove.
pub(crate) fn decrypt_file(source: &Path, plain: &Path, passphrase: &Passphrase) -> Result<()> {
    let unreadable = || Error::Refused(Message::new("backupEncryptedUnreadable"));
    let input = BufReader::new(std::fs::File::open(source)?);
    let decryptor = age::Decryptor::new_buffered(input).map_err(|e| match e {
        age::DecryptError::Io(e) if e.kind() != std::io::ErrorKind::UnexpectedEof => e.into(),
        _ => unreadable(),
    })?;
    if !decryptor.is_scrypt() {
        return Err(unreadable());
    }
    let mut identity = age::scrypt::Identity::new(passphrase.0.clone());
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                Error::invalid("passphrase", Message::new("backupPassphraseWrong"))
            }
            age::DecryptError::ExcessiveWork { .. } => {
                Error::Refused(Message::new("backupEncryptionTooCostly"))
            }
            _ => unreadable(),
        })?;
    let mut out = BufWriter::new(std::fs::File::create(plain)?);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        // The reader's errors are the file's (a truncated or altered chunk), the writer's ours.
        let n = reader.read(&mut buf).map_err(|_| unreadable())?;
        if n == 0 {
            break;
        }
        out.write_all(&buf[..n])?;
    }
    out.flush()?;
    Ok(())
}
