//! A record's life from its ops alone (created, deleted, re-created, kept), so that every
//! replica decides alike whatever order the ops arrived in:
//! - a deletion saw every op whose order key is at most its base's (its base is the latest op
//!   of the record where it was made); those ops are of an earlier life of the record;
//! - a deletion that did not see an edit, a link change or a creation of the record (one made
//!   concurrently, keyed after what it saw) does not go through: the record is kept and the
//!   deletion waits for the planner (`sync.editDeleted`), unless the record was re-created on
//!   it (a creation made on the deletion: the re-creation saw it);
//! - the deletion of a personal record (`privacy::SCRUBBED_WHEN_DELETED`: a passport cleared,
//!   needs withdrawn, survey answers cleared) always goes through: its values are scrubbed
//!   wherever it arrives, so a concurrent edit cannot keep the record on one copy only;
//! - an op scrubbed by an erasure is no edit: it only keys the ops made on it;
//! - the record exists if a creation of its current life is left; with no creation logged (a
//!   record older than the log), if no deletion went through and one was kept.

use super::history::{Kind, RecOp};
use crate::sync::clock::Hlc;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Life {
    Exists,
    Gone,
    /// No creation nor deletion logged: the record stays as it is.
    Unknown,
}

pub(super) struct Lifecycle<'a> {
    pub life: Life,
    /// The key up to which ops are of an earlier life (seen by a deletion that went through).
    pub ended: Option<Hlc>,
    /// Deletions that did not go through (the record kept: a conflict each).
    pub defeated: Vec<&'a RecOp>,
    /// The latest deletion that went through.
    pub deletion: Option<&'a RecOp>,
}

impl Lifecycle<'_> {
    /// Whether an op is of the record's current life.
    pub fn live(&self, op: &RecOp) -> bool {
        self.ended.is_none_or(|end| op.key > end)
    }
}

/// `final_deletions`: the record is personal, its deletions always go through.
pub(super) fn lifecycle(ops: &[RecOp], final_deletions: bool) -> Lifecycle<'_> {
    let keys: HashMap<&str, Hlc> = ops.iter().map(|o| (o.id.as_str(), o.key)).collect();
    let base_key = |d: &RecOp| d.base.as_deref().and_then(|b| keys.get(b).copied());
    let mut defeated = Vec::new();
    let mut ended: Option<Hlc> = None;
    let mut deletion: Option<&RecOp> = None;
    for d in ops.iter().filter(|o| o.kind == Kind::Delete) {
        let saw = base_key(d);
        let recreated = ops
            .iter()
            .any(|c| c.kind == Kind::Create && c.base.as_deref() == Some(d.id.as_str()));
        let unseen = ops.iter().any(|x| {
            !matches!(x.kind, Kind::Delete | Kind::Scrubbed)
                && !x.weak
                && x.set != d.set
                && Some(x.id.as_str()) != d.base.as_deref()
                && x.base.as_deref() != Some(d.id.as_str())
                && !d.follows(x)
                && saw.is_none_or(|s| x.key > s)
        });
        if unseen && !recreated && !final_deletions {
            defeated.push(d);
            continue;
        }
        if let Some(s) = saw {
            ended = Some(ended.map_or(s, |e| e.max(s)));
        }
        if deletion.is_none_or(|l| d.order() > l.order()) {
            deletion = Some(d);
        }
    }
    let live = |o: &RecOp| ended.is_none_or(|end| o.key > end);
    let creations: Vec<&RecOp> = ops.iter().filter(|o| o.kind == Kind::Create).collect();
    let life = if creations.iter().any(|c| live(c)) {
        Life::Exists
    } else if !creations.is_empty() || deletion.is_some() {
        Life::Gone
    } else if !defeated.is_empty() {
        Life::Exists
    } else {
        Life::Unknown
    };
    if life != Life::Exists {
        defeated.clear();
    }
    Lifecycle {
        life,
        ended,
        defeated,
        deletion,
    }
}
