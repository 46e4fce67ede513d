//! `sync export|import|conflicts|resolve`: two copies of a mission exchanging `.passerelle`
//! files (issue 15). The JSON printed by `import`, `conflicts` and `resolve` is a contract.

use crate::print_json;
use passerelle_core::sync::exchange;
use passerelle_core::sync::op::{Scope, Take};
use passerelle_core::{Error, Result, Store};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: SyncCommand,
}

#[derive(clap::Subcommand)]
enum SyncCommand {
    /// Writes a mission's (with the directory records it uses) or the directory's changes to
    /// an exchange file.
    Export(ExportArgs),
    /// Receives an exchange file: applies what this copy lacks; prints the counts.
    Import(ImportArgs),
    /// Lists the open conflicts (of one mission with --mission).
    Conflicts(ConflictsArgs),
    /// Settles a conflict by keeping this copy's value (local) or the other's (remote).
    Resolve(ResolveArgs),
}

#[derive(clap::Args)]
struct ExportArgs {
    /// The mission to export.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "directory",
        required_unless_present = "directory"
    )]
    mission: Option<String>,
    /// Export the shared directory instead of a mission.
    #[arg(long)]
    directory: bool,
    /// The last file received from the peer: only what it did not show the peer has is written.
    #[arg(long, value_name = "PEER_FILE")]
    since: Option<PathBuf>,
    /// The file to write (`.passerelle`); written whole or not at all.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The exchange file to receive.
    file: PathBuf,
    /// Refuse the file unless it is this mission's (or the directory's).
    #[arg(long, value_name = "ID")]
    mission: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ConflictsArgs {
    #[arg(long, value_name = "ID")]
    mission: Option<String>,
    /// JSON is the only output format; the flag is accepted for explicitness.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ResolveArgs {
    /// The conflict's id (`cfl_…`).
    id: String,
    #[arg(long, value_enum)]
    take: TakeArg,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TakeArg {
    Local,
    Remote,
}

pub fn run(store: &Store, args: SyncArgs) -> Result<()> {
    match args.command {
        SyncCommand::Export(a) => {
            let scope = match a.mission {
                Some(id) => Scope::Mission(id),
                None => Scope::Directory,
            };
            let report = exchange::export(store, &scope, a.since.as_deref(), &a.out)?;
            if a.json {
                print_json(&report)
            } else {
                println!(
                    "{} ops in {} change sets written to {} ({} bytes)",
                    report.ops, report.change_sets, report.path, report.bytes
                );
                Ok(())
            }
        }
        SyncCommand::Import(a) => {
            let received = exchange::import(store, &a.file, a.mission.as_deref())?;
            let r = received.counts;
            if a.json {
                print_json(&r)
            } else {
                println!(
                    "applied {}, superseded {}, already known {}, conflicts {}",
                    r.applied, r.superseded, r.already_known, r.conflicts
                );
                Ok(())
            }
        }
        SyncCommand::Conflicts(a) => print_json(&store.sync_conflicts(a.mission.as_deref())?),
        SyncCommand::Resolve(a) => {
            if !a.id.starts_with("cfl_") {
                return Err(Error::validation("id", "a conflict's id starts with cfl_"));
            }
            let take = match a.take {
                TakeArg::Local => Take::Local,
                TakeArg::Remote => Take::Remote,
            };
            store.resolve_sync_conflict(&a.id, take)?;
            if a.json {
                print_json(&serde_json::json!({ "resolved": a.id, "take": take }))
            } else {
                println!("settled {}", a.id);
                Ok(())
            }
        }
    }
}
