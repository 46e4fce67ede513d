//! Writing and receiving exchange files over the store's replica API: an export takes the
//! change sets of a scope that the peer lacks (all of them, or those its last file did not show
//! it has); an import checks the file whole ([`super::file::check_receivable`]) before the merge
//! applies it in one transaction. Both are noted in the exchange history
//! (`store::exchanges`), which is this computer's own.

use super::file::{self, ExchangeFile, Header, Receiver, Verdict};
use super::op::{ApplyReport, Scope, VersionVector};
use crate::error::{Error, Result};
use crate::messages::Message;
use crate::store::{self, exchange_file, exchanges::Exchange};
use crate::Store;
use serde::Serialize;
use std::path::Path;

/// What writing a file did (the CLI's `sync export --json`, the window's Share).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportReport {
    pub path: String,
    #[ts(type = "number")]
    pub change_sets: u64,
    #[ts(type = "number")]
    pub ops: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The peer it was written for (`--since` its file), if any.
    pub peer: Option<String>,
}

/// What receiving a file did: the counts (the CLI's `sync import --json` prints them alone)
/// and what the file was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Received {
    pub counts: ApplyReport,
    /// The sender's replica id.
    pub sender: String,
    /// The file's mission (`None`: the directory's file).
    pub mission_id: Option<String>,
    pub mission_title: Option<String>,
    /// This copy's own file, sent back: nothing in it was new.
    pub own_file: bool,
}

/// Writes the change sets of `scope` to `out` (whole or not at all): all of them, or with
/// `since` (the last file received from the peer) only those that file did not show the peer
/// holds.
pub fn export(
    store: &Store,
    scope: &Scope,
    since: Option<&Path>,
    out: &Path,
) -> Result<ExportReport> {
    let replica = store.replica_id()?;
    let (peer_has, peer) = match since {
        None => (VersionVector::default(), None),
        Some(path) => {
            let theirs = exchange_file::read(path)?;
            if theirs.header.replica == replica {
                return Err(Error::invalid(
                    "since",
                    Message::new("exchangeFromThisCopy"),
                ));
            }
            (theirs.header.held, Some(theirs.header.replica))
        }
    };
    let mission_title = match scope {
        Scope::Mission(id) => Some(store.read(|c| store::missions::get(c, id))?.title),
        Scope::Directory => None,
    };
    // What this copy holds, read before the change sets: a write in between is sent next time.
    let held = store.held()?;
    let sets = store.change_sets_for(scope, &peer_has)?;
    let xf = ExchangeFile {
        header: Header {
            schema_version: store::SCHEMA_VERSION,
            replica,
            scope: scope.clone(),
            mission_title,
            created_at: crate::time::format_utc(store.now()),
            held,
        },
        sets,
    };
    let bytes = exchange_file::write(out, &xf)?;
    let report = ExportReport {
        path: out.display().to_string(),
        change_sets: xf.sets.len() as u64,
        ops: xf.op_count(),
        bytes,
        peer: peer.clone(),
    };
    note(
        store,
        Exchange {
            at: xf.header.created_at.clone(),
            direction: "sent".into(),
            mission_id: mission_of(scope),
            peer_replica: peer,
            file_name: file_name(out),
            ops: report.ops,
            counts: ApplyReport::default(),
        },
    );
    Ok(report)
}

/// Receives the file at `path`: refused whole, with nothing changed, when it cannot be read
/// (`store::exchange_file::read`) or received here ([`file::check_receivable`]; `mission`: the
/// mission the planner receives into, `None` for any); else its change sets are merged in one
/// transaction, idempotently (a file received twice is `already_known`).
pub fn import(store: &Store, path: &Path, mission: Option<&str>) -> Result<Received> {
    let xf = exchange_file::read(path)?;
    let replica = store.replica_id()?;
    let held = store.held()?;
    let title = match mission {
        Some(id) => Some(store.read(|c| store::missions::get(c, id))?.title),
        None => None,
    };
    let verdict = file::check_receivable(
        &xf,
        &Receiver {
            replica: &replica,
            held: &held,
            schema_version: store::SCHEMA_VERSION,
            mission: mission.zip(title.as_deref()),
        },
    )?;
    check_own_sets(store, &xf, &replica)?;
    let counts = match verdict {
        Verdict::OwnFile => ApplyReport {
            already_known: xf.op_count(),
            ..ApplyReport::default()
        },
        Verdict::Apply => store.apply_change_sets(&xf.sets)?,
    };
    let head = &xf.header;
    if verdict == Verdict::Apply {
        note(
            store,
            Exchange {
                at: crate::time::format_utc(store.now()),
                direction: "received".into(),
                mission_id: mission_of(&head.scope),
                peer_replica: Some(head.replica.clone()),
                file_name: file_name(path),
                ops: xf.op_count(),
                counts,
            },
        );
    }
    Ok(Received {
        counts,
        sender: head.replica.clone(),
        mission_id: mission_of(&head.scope),
        mission_title: head.mission_title.clone(),
        own_file: verdict == Verdict::OwnFile,
    })
}

/// A change set under this copy's id that this copy holds but logged at another clock reading
/// was made by a copy of this data folder that kept the id: refused like one it never made.
fn check_own_sets(store: &Store, xf: &ExchangeFile, replica: &str) -> Result<()> {
    store.read(|c| {
        for set in xf.sets.iter().filter(|s| s.replica == replica) {
            let ours = store::exchanges::own_hlc(c, replica, set.seq)?;
            if ours.is_some_and(|h| h != set.hlc.encode()) {
                return Err(Error::Refused(
                    crate::messages::Message::new("syncFileSameReplica").with("replica", replica),
                ));
            }
        }
        Ok(())
    })
}

/// Notes an exchange in the history. The file is written or merged already: a history that
/// cannot be noted is logged, never an error of the exchange.
fn note(store: &Store, exchange: Exchange) {
    let noted = store.write("action.noteExchange", |w| {
        store::exchanges::record(w, &exchange)
    });
    if let Err(e) = noted {
        eprintln!("passerelle: the exchange was not noted in the history: {e}");
    }
}

fn mission_of(scope: &Scope) -> Option<String> {
    match scope {
        Scope::Mission(id) => Some(id.clone()),
        Scope::Directory => None,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The file name the window proposes for a mission's file: its title made safe for every file
/// system, then its start date (`Mission-sante-Liege-2025-06-23.passerelle`).
pub fn default_file_name(title: &str, start_date: &str) -> String {
    let mut name = String::new();
    for c in title.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'À' | 'Â' | 'Ä' | 'Á' => 'A',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            c => c,
        };
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
    }
    let name = name.trim_end_matches('-');
    let name: String = name.chars().take(60).collect();
    let stem = if name.is_empty() { "mission" } else { &name };
    format!("{stem}-{start_date}.{}", file::EXTENSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mission_file_is_named_after_the_mission() {
        assert_eq!(
            default_file_name("Mission santé Liège – Namur", "2025-06-23"),
            "Mission-sante-Liege-Namur-2025-06-23.passerelle"
        );
        assert_eq!(
            default_file_name("臺灣醫療團 / Wallonie", "2025-06-23"),
            "臺灣醫療團-Wallonie-2025-06-23.passerelle"
        );
        assert_eq!(
            default_file_name("///", "2025-06-23"),
            "mission-2025-06-23.passerelle"
        );
    }
}
