//! What travels between replicas: change sets (one user action each) holding ops (one changed
//! field, one link element, one created/deleted record or one erasure each), and the version
//! vector that says which change sets a replica already has.
//!
//! Ids are global: a replica numbers its own change sets 1, 2, 3…, so `(replica, seq)` names
//! a change set everywhere and an op is `(replica, seq, index)`. A version vector is the
//! highest `seq` held per replica; a replica holds every change set of another up to that
//! number (change sets are applied in each replica's order).

use super::clock::Hlc;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The prefix of a replica id (`rep_…`).
pub const REPLICA_PREFIX: &str = "rep";

/// One user action as it travels: its ops are applied together or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The replica that made it.
    pub replica: String,
    /// Its number on that replica: 1, 2, 3… without gaps.
    pub seq: u64,
    pub hlc: Hlc,
    /// The action's label code (`action.moveItem`), for the history and the inbox.
    pub label: String,
    /// What it belongs to: a mission's change sets travel in that mission's file.
    pub scope: Scope,
    pub ops: Vec<Op>,
}

impl ChangeSet {
    /// The global id: `rep_…/seq`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.replica, self.seq)
    }
}

/// A change set's scope.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// The shared directory (organisations, people, technologies, specialties…).
    Directory,
    /// One mission (its programme, delegation, requests, outcomes, follow-ups…).
    Mission(String),
}

/// One change. `entity` is the table, `entity_id` the record's id (for a link, the owner's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// Its index in the change set: the op's global id is `rep_…/seq/index`.
    pub index: u32,
    pub entity: String,
    pub entity_id: String,
    pub kind: OpKind,
    /// The field for `Set`, `Add` and `Remove` (a link set's field name); `*` otherwise.
    pub field: String,
    /// `Set`: the new value; `Add`/`Remove`: the element; `Create`: an object of every
    /// field's value (a record created, a bulk import's row); `Delete`/`Erase`: null.
    pub value: Json,
    /// The three-way base: the global id of the op that had last set this field on the
    /// replica that made the change (None: never set since created), and the value it held.
    pub base_op: Option<String>,
    pub base: Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Create,
    Set,
    /// A record deleted: leaves a tombstone, so a late edit does not resurrect it silently.
    Delete,
    /// An element added to a link set (a participant, a member, a technology…).
    Add,
    Remove,
    /// A person erased (GDPR art. 17): every replica it reaches removes their data and history.
    Erase,
    /// An op that named an erased person, its values removed: only its place in the history
    /// (id, base, clock) travels.
    Scrubbed,
}

/// Which change sets a replica holds: per replica, sorted disjoint inclusive ranges of
/// change-set numbers. Usually one range per replica (`1..=n`); a mission's file carries only
/// that mission's change sets and the directory ones it uses, so a replica may hold another's
/// change sets with gaps, and an export sends exactly what the peer lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionVector(pub BTreeMap<String, Vec<[u64; 2]>>);

impl VersionVector {
    /// Whether change set `seq` of `replica` is held.
    pub fn has(&self, replica: &str, seq: u64) -> bool {
        self.0
            .get(replica)
            .is_some_and(|ranges| ranges.iter().any(|[a, b]| *a <= seq && seq <= *b))
    }

    /// The highest change-set number held of `replica` (0: none).
    pub fn max(&self, replica: &str) -> u64 {
        self.0
            .get(replica)
            .and_then(|r| r.last())
            .map_or(0, |[_, b]| *b)
    }

    /// Records that change set `seq` of `replica` is held.
    pub fn note(&mut self, replica: &str, seq: u64) {
        self.note_range(replica, seq, seq);
    }

    /// Records that change sets `from..=to` of `replica` are held.
    pub fn note_range(&mut self, replica: &str, from: u64, to: u64) {
        if from > to {
            return;
        }
        let ranges = self.0.entry(replica.to_owned()).or_default();
        ranges.push([from, to]);
        ranges.sort_unstable();
        let mut merged: Vec<[u64; 2]> = Vec::with_capacity(ranges.len());
        for &[a, b] in ranges.iter() {
            match merged.last_mut() {
                Some(last) if a <= last[1].saturating_add(1) => last[1] = last[1].max(b),
                _ => merged.push([a, b]),
            }
        }
        *ranges = merged;
    }

    /// The ranges held here that `other` lacks, per replica: `(replica, from, to)`, inclusive.
    pub fn missing_from(&self, other: &VersionVector) -> Vec<(String, u64, u64)> {
        let mut out = Vec::new();
        for (replica, ranges) in &self.0 {
            let theirs = other.0.get(replica).map_or(&[][..], Vec::as_slice);
            for &[a, b] in ranges {
                let mut from = a;
                for &[x, y] in theirs {
                    if y < from || x > b {
                        continue;
                    }
                    if x > from {
                        out.push((replica.clone(), from, x - 1));
                    }
                    from = y.saturating_add(1);
                    if from > b {
                        break;
                    }
                }
                if from <= b {
                    out.push((replica.clone(), from, b));
                }
            }
        }
        out
    }

    /// What either side holds.
    pub fn merge(&mut self, other: &VersionVector) {
        for (replica, ranges) in &other.0 {
            for &[a, b] in ranges {
                self.note_range(replica, a, b);
            }
        }
    }
}

/// What applying received change sets did (the CLI's `sync import --json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ApplyReport {
    /// Ops that changed this copy.
    #[ts(type = "number")]
    pub applied: u64,
    /// Ops already overtaken here by a later edit (kept in the log, nothing to change).
    #[ts(type = "number")]
    pub superseded: u64,
    /// Ops this copy already had (a file imported twice, an op relayed by two peers).
    #[ts(type = "number")]
    pub already_known: u64,
    /// Conflicts raised for the planner.
    #[ts(type = "number")]
    pub conflicts: u64,
}

/// Which side of a conflict the planner keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Take {
    Local,
    Remote,
}

/// A field two copies changed differently (or an edit against a delete, or a rule the merge
/// broke), waiting for the planner (the CLI's `sync conflicts --json`; the window's inbox).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncConflict {
    /// `cfl_…`
    pub id: String,
    /// Why: a message code (`sync.bothChanged`, `sync.editDeleted`, `sync.endBeforeStart`,
    /// `sync.duplicate`, `sync.skew`), said in the planner's language by the inbox.
    pub reason: String,
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    /// The value both sides started from, and each side's (JSON; null for "deleted").
    #[ts(type = "unknown")]
    pub base: Json,
    #[ts(type = "unknown")]
    pub local: Json,
    #[ts(type = "unknown")]
    pub remote: Json,
    /// When each side's edit was made (RFC 3339, UTC).
    pub local_at: String,
    pub remote_at: String,
    pub remote_replica: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_vectors_merge_elementwise() {
        let mut a = VersionVector::default();
        a.note("rep_a", 3);
        a.note("rep_a", 1);
        assert_eq!(a.0["rep_a"], vec![[1, 1], [3, 3]]);
        let mut b = VersionVector::default();
        b.note_range("rep_b", 1, 5);
        b.note("rep_a", 2);
        a.merge(&b);
        assert_eq!(a.0["rep_a"], vec![[1, 3]]);
        assert_eq!(a.max("rep_b"), 5);
        assert!(a.has("rep_b", 5) && !a.has("rep_b", 6) && !a.has("rep_c", 1));
    }

    #[test]
    fn the_ranges_a_peer_lacks() {
        let mut here = VersionVector::default();
        here.note_range("rep_a", 1, 10);
        here.note_range("rep_a", 20, 25);
        here.note_range("rep_b", 1, 3);
        here.note_range("rep_c", 5, 5);
        let mut peer = VersionVector::default();
        peer.note_range("rep_a", 3, 4);
        peer.note_range("rep_a", 8, 22);
        peer.note_range("rep_b", 1, 3);
        peer.note_range("rep_d", 1, 9);
        assert_eq!(
            here.missing_from(&peer),
            vec![
                ("rep_a".to_owned(), 1, 2),
                ("rep_a".to_owned(), 5, 7),
                ("rep_a".to_owned(), 23, 25),
                ("rep_c".to_owned(), 5, 5),
            ]
        );
        assert!(here.missing_from(&here).is_empty());
        assert_eq!(
            VersionVector::default().missing_from(&here),
            Vec::<(String, u64, u64)>::new()
        );
        // Every number held here and not by the peer, and only those.
        for (replica, ranges) in &here.0 {
            for &[a, b] in ranges {
                for seq in a..=b {
                    let listed = here
                        .missing_from(&peer)
                        .iter()
                        .any(|(r, x, y)| r == replica && *x <= seq && seq <= *y);
                    assert_eq!(listed, !peer.has(replica, seq), "{replica}/{seq}");
                }
            }
        }
    }

    #[test]
    fn a_change_set_serialises_with_its_scope() {
        let cs = ChangeSet {
            replica: "rep_a".into(),
            seq: 1,
            hlc: Hlc { ms: 1, counter: 0 },
            label: "action.moveItem".into(),
            scope: Scope::Mission("mis_x".into()),
            ops: vec![],
        };
        let json = serde_json::to_string(&cs).unwrap();
        assert!(
            json.contains(r#""scope":{"kind":"mission","id":"mis_x"}"#),
            "{json}"
        );
        assert_eq!(cs.id(), "rep_a/1");
    }
}
