use crate::print_json;
use passerelle_core::store::backup::{self, Passphrase};
use passerelle_core::{Error, Result, Store};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct BackupArgs {
    /// Where to write the backup (written whole or not at all).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Encrypts the backup with the passphrase of --passphrase-file (the age format).
    #[arg(long, requires = "passphrase_file")]
    encrypt: bool,
    /// A file holding the passphrase, read whole, its trailing line break removed.
    #[arg(long, value_name = "FILE", requires = "encrypt")]
    passphrase_file: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    path: PathBuf,
    /// For an encrypted backup: a file holding its passphrase, read whole, its trailing line
    /// break removed.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

pub fn run_backup(store: &Store, args: BackupArgs) -> Result<()> {
    let info = match args.passphrase_file.filter(|_| args.encrypt) {
        Some(file) => {
            backup::backup_encrypted_to(store, &args.out, &Passphrase::from_file(&file)?)?
        }
        None => backup::backup_to(store, &args.out)?,
    };
    if args.json {
        print_json(&info)
    } else {
        let encrypted = if info.encrypted { "encrypted " } else { "" };
        println!(
            "{encrypted}backup written: {} ({} bytes)",
            info.path, info.bytes
        );
        Ok(())
    }
}

/// Restores without opening the current database first: it may be the damaged one.
pub fn run_restore(db: &Path, args: RestoreArgs) -> Result<()> {
    let now = chrono::Utc::now();
    let passphrase = args
        .passphrase_file
        .as_deref()
        .map(Passphrase::from_file)
        .transpose()?;
    let aside =
        backup::restore_file(db, &args.path, passphrase.as_ref(), now).map_err(|e| match e {
            Error::Validation { code: Some(m), .. } if m.code == "backupPassphraseNeeded" => {
                Error::validation(
                    "passphraseFile",
                    "the backup is encrypted: give its passphrase with --passphrase-file FILE",
                )
            }
            e => e,
        })?;
    // Opening migrates a backup from an older version and proves the result is sound.
    let store = Store::open(db)?;
    drop(store);
    let info = backup::inspect(db)?;
    let kept = aside.map(|p| p.display().to_string());
    if args.json {
        print_json(&serde_json::json!({ "restored": info, "previousKeptAt": kept }))
    } else {
        println!("restored {} into {}", args.path.display(), db.display());
        if let Some(kept) = kept {
            println!("the previous database is kept at {kept}");
        }
        Ok(())
    }
}
