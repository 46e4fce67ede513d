use crate::print_json;
use passerelle_core::store::backup;
use passerelle_core::{Result, Store};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct BackupArgs {
    /// Where to write the backup (written whole or not at all).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    path: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn run_backup(store: &Store, args: BackupArgs) -> Result<()> {
    let info = backup::backup_to(store, &args.out)?;
    if args.json {
        print_json(&info)
    } else {
        println!("backup written: {} ({} bytes)", info.path, info.bytes);
        Ok(())
    }
}

/// Restores without opening the current database first: it may be the damaged one.
pub fn run_restore(db: &Path, args: RestoreArgs) -> Result<()> {
    let now = chrono::Utc::now();
    let aside = backup::restore_file(db, &args.path, now)?;
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
