//! The mission exchange file (`.passerelle`, format `passerelle.sync/1`): what one copy writes
//! for another (by e-mail, USB stick, shared folder: any carrier) and the other receives.
//!
//! It is an SQLite file of its own kind (`PRAGMA application_id` "PSYN", never the data file's
//! "PASS") holding a header (format, the sender's schema version, replica and scope, when it was
//! written), the sender's version vector (what it held, so that the peer's next file can be
//! written `--since` it), the change sets and their ops, and a SHA-256 over all of it. This
//! module is the pure part: the model, the checksum, the first bytes' checks and the refusals of
//! a receiver; the file's SQL is in `store/exchange_file.rs`, the export and import that use the
//! store's replica API in [`super::exchange`].

use super::clock::Hlc;
use super::op::{ChangeSet, OpKind, Scope, VersionVector};
use crate::error::{Error, Result};
use crate::messages::Message;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The format written; a reader refuses a newer `passerelle.sync/N` with a clear message.
pub const FORMAT: &str = "passerelle.sync/1";
const FORMAT_PREFIX: &str = "passerelle.sync/";
pub const FORMAT_VERSION: u32 = 1;
/// `PRAGMA application_id` of exchange files: "PSYN".
pub const APPLICATION_ID: u32 = 0x5053_594E;
/// The file name's extension.
pub const EXTENSION: &str = "passerelle";

/// What the file says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The schema version of the sender's data file.
    pub schema_version: u32,
    /// The sender's replica id.
    pub replica: String,
    pub scope: Scope,
    /// The mission's title when the file was written (for messages and the window; a mission
    /// the receiver does not have yet is named by it).
    pub mission_title: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// What the sender held when it wrote the file: the peer's next export `--since` this file
    /// sends only what this does not cover.
    pub held: VersionVector,
}

/// A whole exchange file, as written or as read (and checked).
#[derive(Debug, Clone, PartialEq)]
pub struct ExchangeFile {
    pub header: Header,
    /// In an order that applies: each replica's change sets by `seq`.
    pub sets: Vec<ChangeSet>,
}

impl ExchangeFile {
    pub fn op_count(&self) -> u64 {
        self.sets.iter().map(|s| s.ops.len() as u64).sum()
    }

    /// SHA-256 (hex) over the header, the version vector, the change sets and their ops, each
    /// field length-prefixed so that no two contents hash alike by shifting bytes between
    /// fields. JSON values are hashed as serde_json writes them (the text the file stores).
    pub fn checksum(&self) -> String {
        let mut h = Fields(Sha256::new());
        let head = &self.header;
        h.text(FORMAT);
        h.num(u64::from(head.schema_version));
        h.text(&head.replica);
        h.text(&scope_text(&head.scope));
        h.text(head.mission_title.as_deref().unwrap_or(""));
        h.text(&head.created_at);
        h.num(head.held.0.len() as u64);
        for (replica, ranges) in &head.held.0 {
            h.text(replica);
            h.num(ranges.len() as u64);
            for [lo, hi] in ranges {
                h.num(*lo);
                h.num(*hi);
            }
        }
        h.num(self.sets.len() as u64);
        for set in &self.sets {
            h.text(&set.replica);
            h.num(set.seq);
            h.text(&set.hlc.encode());
            h.text(&set.label);
            h.text(&scope_text(&set.scope));
            h.num(set.ops.len() as u64);
            for op in &set.ops {
                h.num(u64::from(op.index));
                h.text(&op.entity);
                h.text(&op.entity_id);
                h.text(kind_code(op.kind));
                h.text(&op.field);
                h.text(&op.value.to_string());
                h.text(op.base_op.as_deref().unwrap_or(""));
                h.num(u64::from(op.base_op.is_some()));
                h.text(&op.base.to_string());
            }
        }
        let digest = h.0.finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Feeds length-prefixed fields to the hash.
struct Fields(Sha256);

impl Fields {
    fn text(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.0.update(s.as_bytes());
    }
    fn num(&mut self, n: u64) {
        self.0.update(n.to_le_bytes());
    }
}

// ------------------------------------------------------------------------- compact encodings

/// A scope as the file stores it: `directory` or `mission:<id>`.
pub fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Directory => "directory".to_owned(),
        Scope::Mission(id) => format!("mission:{id}"),
    }
}

pub fn parse_scope(text: &str) -> Option<Scope> {
    match text.split_once(':') {
        None if text == "directory" => Some(Scope::Directory),
        Some(("mission", id)) if !id.is_empty() => Some(Scope::Mission(id.to_owned())),
        _ => None,
    }
}

/// An op's kind in one letter.
pub fn kind_code(kind: OpKind) -> &'static str {
    match kind {
        OpKind::Create => "c",
        OpKind::Set => "s",
        OpKind::Delete => "d",
        OpKind::Add => "a",
        OpKind::Remove => "r",
        OpKind::Erase => "e",
        OpKind::Scrubbed => "x",
    }
}

pub fn parse_kind(code: &str) -> Option<OpKind> {
    Some(match code {
        "c" => OpKind::Create,
        "s" => OpKind::Set,
        "d" => OpKind::Delete,
        "a" => OpKind::Add,
        "r" => OpKind::Remove,
        "e" => OpKind::Erase,
        "x" => OpKind::Scrubbed,
        _ => return None,
    })
}

/// A base op id (`rep_…/seq/index`) with its replica replaced by its number in the file's
/// replica table (`3/17/2`: a few bytes instead of forty); one that does not have that shape
/// is kept whole behind `=`.
pub fn compact_op_id(op_id: &str, numbers: &HashMap<String, i64>) -> String {
    match split_op_id(op_id) {
        Some((replica, seq, index)) => match numbers.get(replica) {
            Some(n) => format!("{n}/{seq}/{index}"),
            None => format!("={op_id}"),
        },
        None => format!("={op_id}"),
    }
}

/// The inverse of [`compact_op_id`]; `None` for a number the file does not list.
pub fn expand_op_id(text: &str, replicas: &HashMap<i64, String>) -> Option<String> {
    if let Some(whole) = text.strip_prefix('=') {
        return Some(whole.to_owned());
    }
    let (n, rest) = text.split_once('/')?;
    let replica = replicas.get(&n.parse::<i64>().ok()?)?;
    Some(format!("{replica}/{rest}"))
}

/// `rep_…/seq/index` → its three parts.
fn split_op_id(op_id: &str) -> Option<(&str, u64, u32)> {
    let mut parts = op_id.rsplitn(3, '/');
    let index = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    let replica = parts.next()?;
    (!replica.is_empty()).then_some((replica, seq, index))
}

/// Reads `passerelle.sync/N`: `Ok(N)`, or a refusal for what is no such format.
pub fn format_version(text: &str) -> Result<u32> {
    text.strip_prefix(FORMAT_PREFIX)
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or_else(damaged)
}

/// Reads a clock as the file stores it.
pub fn parse_hlc(text: &str) -> Result<Hlc> {
    Hlc::decode(text).ok_or_else(damaged)
}

// ------------------------------------------------------------------------------ refusals

/// Not an exchange file at all (another kind of file, another SQLite database, a Passerelle
/// data file).
pub fn not_an_exchange_file() -> Error {
    Error::Refused(Message::new("syncNotAFile"))
}

/// Cut short or damaged on the way.
pub fn damaged() -> Error {
    Error::Refused(Message::new("syncFileDamaged"))
}

/// What the first 100 bytes of a file (SQLite's header) and its length say, before SQLite
/// opens it: an SQLite file, of our application id, not shorter than its header says (a file
/// cut short by a full USB stick or an interrupted download).
pub fn check_first_bytes(head: &[u8], file_len: u64) -> Result<()> {
    if head.len() < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(not_an_exchange_file());
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    if be32(68) != APPLICATION_ID {
        return Err(not_an_exchange_file());
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The size in pages is valid when written by SQLite ≥ 3.7.0 (its change counter matches).
    let pages = u64::from(be32(28));
    if be32(92) == be32(24) && pages > 0 && file_len < pages * page_size {
        return Err(damaged());
    }
    Ok(())
}

/// What the receiving copy is, for [`check_receivable`].
pub struct Receiver<'a> {
    pub replica: &'a str,
    pub held: &'a VersionVector,
    pub schema_version: u32,
    /// The mission the planner receives into (the window's mission, the CLI's `--mission`),
    /// with its title; `None`: any file (the missions list, the CLI without `--mission`).
    pub mission: Option<(&'a str, &'a str)>,
}

/// What to do with a file that passed [`check_receivable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Hand its change sets to the merge.
    Apply,
    /// This copy's own file sent back: everything in it is already here.
    OwnFile,
}

/// Whether this copy may receive `file`, before anything is written: a file of a newer data
/// version, of another mission than the one asked, or holding change sets under this copy's
/// replica id that this copy never made (a copied data folder that kept its id) is refused;
/// this copy's own file is known already. A directory file is received anywhere (it holds
/// only the shared directory).
pub fn check_receivable(file: &ExchangeFile, here: &Receiver<'_>) -> Result<Verdict> {
    let head = &file.header;
    if head.schema_version > here.schema_version {
        return Err(Error::Refused(
            Message::new("syncFileNewerSchema")
                .with("found", head.schema_version)
                .with("supported", here.schema_version),
        ));
    }
    if let (Some((mission, title)), Scope::Mission(of_file)) = (here.mission, &head.scope) {
        if of_file != mission {
            return Err(Error::Refused(
                Message::new("syncFileOtherMission")
                    .with(
                        "fileMission",
                        head.mission_title.as_deref().unwrap_or(of_file),
                    )
                    .with("mission", title),
            ));
        }
    }
    let never_made = file
        .sets
        .iter()
        .any(|s| s.replica == here.replica && !here.held.has(&s.replica, s.seq));
    if never_made {
        return Err(Error::Refused(
            Message::new("syncFileSameReplica").with("replica", here.replica),
        ));
    }
    if head.replica == here.replica {
        return Ok(Verdict::OwnFile);
    }
    Ok(Verdict::Apply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::op::Op;
    use serde_json::json;

    fn sample() -> ExchangeFile {
        let mut held = VersionVector::default();
        held.note_range("rep_a", 1, 2);
        held.note("rep_b", 4);
        let op = |index, kind, value| Op {
            index,
            entity: "agenda_items".into(),
            entity_id: "itm_x".into(),
            kind,
            field: "starts_at".into(),
            value,
            base_op: Some("rep_b/4/0".into()),
            base: json!("2025-06-26T12:00:00Z"),
        };
        ExchangeFile {
            header: Header {
                schema_version: 9,
                replica: "rep_a".into(),
                scope: Scope::Mission("mis_x".into()),
                mission_title: Some("Liège".into()),
                created_at: "2026-12-05T10:00:00Z".into(),
                held,
            },
            sets: vec![ChangeSet {
                replica: "rep_a".into(),
                seq: 2,
                hlc: Hlc { ms: 5, counter: 1 },
                label: "action.moveItem".into(),
                scope: Scope::Mission("mis_x".into()),
                ops: vec![
                    op(0, OpKind::Set, json!("2025-06-26T12:30:00Z")),
                    op(1, OpKind::Add, json!("con_y")),
                ],
            }],
        }
    }

    #[test]
    fn the_checksum_covers_every_field() {
        let file = sample();
        let sum = file.checksum();
        assert_eq!(sum.len(), 64);
        assert_eq!(sum, sample().checksum());
        let mut other = sample();
        other.sets[0].ops[1].value = json!("con_z");
        assert_ne!(other.checksum(), sum);
        let mut other = sample();
        other.header.held.note("rep_c", 1);
        assert_ne!(other.checksum(), sum);
        let mut other = sample();
        other.sets[0].ops[0].base_op = None;
        assert_ne!(other.checksum(), sum);
    }

    #[test]
    fn encodings_read_back() {
        for scope in [Scope::Directory, Scope::Mission("mis_a:b".into())] {
            assert_eq!(parse_scope(&scope_text(&scope)), Some(scope));
        }
        assert_eq!(parse_scope("mission:"), None);
        for kind in [
            OpKind::Create,
            OpKind::Set,
            OpKind::Delete,
            OpKind::Add,
            OpKind::Remove,
            OpKind::Erase,
            OpKind::Scrubbed,
        ] {
            assert_eq!(parse_kind(kind_code(kind)), Some(kind));
        }
        let numbers = HashMap::from([("rep_a".to_owned(), 1)]);
        let replicas = HashMap::from([(1, "rep_a".to_owned())]);
        for id in ["rep_a/12/3", "rep_q/1/0", "odd"] {
            let compact = compact_op_id(id, &numbers);
            assert_eq!(expand_op_id(&compact, &replicas).as_deref(), Some(id));
        }
        assert_eq!(compact_op_id("rep_a/12/3", &numbers), "1/12/3");
        assert_eq!(expand_op_id("7/1/1", &replicas), None);
        assert_eq!(format_version(FORMAT).unwrap(), 1);
        assert!(format_version("passerelle.other/1").is_err());
    }

    #[test]
    fn first_bytes_tell_foreign_and_cut_files() {
        let mut head = vec![0u8; 100];
        head[..16].copy_from_slice(b"SQLite format 3\0");
        head[16..18].copy_from_slice(&4096u16.to_be_bytes());
        head[28..32].copy_from_slice(&3u32.to_be_bytes());
        head[68..72].copy_from_slice(&APPLICATION_ID.to_be_bytes());
        assert!(check_first_bytes(&head, 3 * 4096).is_ok());
        let code = |r: Result<()>| match r {
            Err(Error::Refused(m)) => m.code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code(check_first_bytes(&head, 2 * 4096)), "syncFileDamaged");
        assert_eq!(code(check_first_bytes(&head[..50], 4096)), "syncNotAFile");
        head[68..72].copy_from_slice(&0x5041_5353u32.to_be_bytes());
        assert_eq!(code(check_first_bytes(&head, 3 * 4096)), "syncNotAFile");
        assert_eq!(code(check_first_bytes(b"name,email\n", 11)), "syncNotAFile");
    }

    #[test]
    fn a_receiver_refuses_what_it_must() {
        let file = sample();
        let mut held = VersionVector::default();
        held.note_range("rep_b", 1, 4);
        let here = |mission| Receiver {
            replica: "rep_b",
            held: &held,
            schema_version: 9,
            mission,
        };
        assert_eq!(
            check_receivable(&file, &here(None)).unwrap(),
            Verdict::Apply
        );
        assert_eq!(
            check_receivable(&file, &here(Some(("mis_x", "Liège")))).unwrap(),
            Verdict::Apply
        );
        let code = |r: Result<Verdict>| match r {
            Err(Error::Refused(m)) => (m.code, m.params),
            other => panic!("{other:?}"),
        };
        let (c, params) = code(check_receivable(&file, &here(Some(("mis_y", "Namur")))));
        assert_eq!(c, "syncFileOtherMission");
        assert_eq!(params["fileMission"], "Liège");
        let old = Receiver {
            schema_version: 8,
            ..here(None)
        };
        assert_eq!(code(check_receivable(&file, &old)).0, "syncFileNewerSchema");

        // Our own file, sent back.
        let mut ours = VersionVector::default();
        ours.note_range("rep_a", 1, 2);
        let me = Receiver {
            replica: "rep_a",
            held: &ours,
            schema_version: 9,
            mission: None,
        };
        assert_eq!(check_receivable(&file, &me).unwrap(), Verdict::OwnFile);
        // A copy of our data folder that kept our id and wrote change set 2 on its own.
        let mut fewer = VersionVector::default();
        fewer.note("rep_a", 1);
        let copy = Receiver { held: &fewer, ..me };
        assert_eq!(
            code(check_receivable(&file, &copy)).0,
            "syncFileSameReplica"
        );
    }
}
