//! The merge's rules that need no database: which fields matter enough for a conflict, which
//! of two concurrent changes wins, and the id two replicas give the same conflict.
//!
//! Per field, three-way against the op the change was made on (its base):
//! - the receiver's current op of the field is the base: the change applies;
//! - otherwise the two were made concurrently: the later by (clock, replica) wins everywhere
//!   (so the order ops arrive in does not matter), and for the fields in [`CONFLICTING`] whose
//!   two values differ a conflict holds both for the planner; a change that wins only because
//!   its clock is far ahead of the receiver's wall clock is flagged too (`skew`);
//! - a NULL written by a deletion's cascade (`weak`) never beats a concurrent real edit: the
//!   record the edit uses is kept and the deletion becomes a conflict instead.

use super::clock::Hlc;

/// How far ahead of the receiver's wall clock an op's clock may be before a win it owes only
/// to that is flagged: five minutes.
pub const SKEW_TOLERANCE_MS: i64 = 5 * 60 * 1000;

/// The fields whose concurrent changes are shown as conflicts (times, place, status, outcome
/// text, how to reach someone, a follow-up's owner, due date and state). Every other field is
/// low-stakes (titles, ordering, colours, tags, notes…): the last writer wins silently.
pub const CONFLICTING: &[(&str, &[&str])] = &[
    (
        "agenda_items",
        &["starts_at", "ends_at", "tz", "site_id", "room_id", "status"],
    ),
    ("availabilities", &["starts_at", "ends_at"]),
    ("outcomes", &["outcome_type", "notes", "next_steps"]),
    ("contacts", &["email", "phone"]),
    (
        "followups",
        &["owner", "owner_contact_id", "due_on", "status"],
    ),
    ("missions", &["start_date", "end_date"]),
    ("sites", &["organisation_id"]),
    ("travel_legs", &["at"]),
    ("stays", &["hotel_id", "check_in", "check_out"]),
];

/// Fields shown as one conflict when both copies changed them (a move changes an item's start
/// and end together: one conflict "the time", its sides objects of the fields).
pub const GROUPS: &[(&str, &str, &[&str])] = &[
    ("agenda_items", "time", &["starts_at", "ends_at", "tz"]),
    ("availabilities", "time", &["starts_at", "ends_at"]),
    ("missions", "dates", &["start_date", "end_date"]),
    ("stays", "dates", &["check_in", "check_out"]),
];

/// The group `field` of `entity` is shown in, if any.
pub fn group_of(entity: &str, field: &str) -> Option<&'static str> {
    GROUPS
        .iter()
        .find(|(e, _, fields)| *e == entity && fields.contains(&field))
        .map(|(_, g, _)| *g)
}

/// The change set of an op id (`rep_…/seq`).
pub fn change_set_of(op: &str) -> &str {
    op.rsplit_once('/').map_or(op, |(set, _)| set)
}

/// Whether concurrent changes of `field` of `entity` are shown as a conflict.
pub fn conflicting(entity: &str, field: &str) -> bool {
    CONFLICTING
        .iter()
        .any(|(e, fields)| *e == entity && fields.contains(&field))
}

/// A change as the merge compares it: its op id, clock reading and replica, and whether it is
/// a deletion's cascade (weak).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub op: &'a str,
    pub hlc: Hlc,
    pub replica: &'a str,
    pub weak: bool,
}

/// Whether `incoming` beats the concurrent `current`: a real edit beats a cascade's NULL, then
/// the later clock, then the greater replica id.
pub fn wins(incoming: Change<'_>, current: Change<'_>) -> bool {
    if incoming.weak != current.weak {
        return current.weak;
    }
    (incoming.hlc, incoming.replica) > (current.hlc, current.replica)
}

/// Whether op `later` was made after op `earlier` saw the light on the same replica: a replica
/// always knows its own earlier ops, so its own ops are ordered by (change set, index) whatever
/// their clocks say (a change set's ops share one clock).
pub fn follows(later: &str, earlier: &str) -> bool {
    let position = |op: &str| {
        let mut parts = op.split('/');
        let replica = parts.next().unwrap_or("").to_owned();
        let seq = parts.next().and_then(|s| s.parse::<i64>().ok());
        let index = parts.next().and_then(|s| s.parse::<u32>().ok());
        (replica, seq.zip(index))
    };
    match (position(later), position(earlier)) {
        ((a, Some(l)), (b, Some(e))) => a == b && l > e,
        _ => false,
    }
}

/// The replica of an op id (`rep_…/seq/index`).
pub fn replica_of(op: &str) -> &str {
    op.split('/').next().unwrap_or("")
}

/// A conflict's id from what raised it (two op ids, in any order, or one deletion's): every
/// replica derives the same, so a settlement made on one settles it on all.
pub fn conflict_id(a: &str, b: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    format!(
        "cfl_{:016x}{:016x}",
        fnv(x.as_bytes(), 0),
        fnv(y.as_bytes(), 1)
    )
}

/// The token an erasure travels under: the person's id cannot be read back from it, and a
/// copy that holds the person finds them by computing the same token from their id.
pub fn erasure_token(id: &str) -> String {
    format!(
        "ers_{:016x}{:016x}",
        fnv(id.as_bytes(), 2),
        fnv(id.as_bytes(), 3)
    )
}

/// FNV-1a, 64 bits: stable across builds and platforms (std's hasher is not).
fn fnv(bytes: &[u8], salt: u8) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(salt);
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(op: &str, ms: i64, weak: bool) -> Change<'_> {
        Change {
            op,
            hlc: Hlc { ms, counter: 0 },
            replica: replica_of(op),
            weak,
        }
    }

    #[test]
    fn a_replicas_own_ops_follow_each_other_by_change_set_then_index() {
        assert!(follows("rep_a/2/12", "rep_a/2/11"));
        assert!(follows("rep_a/3/0", "rep_a/2/11"));
        assert!(!follows("rep_a/2/11", "rep_a/2/11"));
        assert!(!follows("rep_a/2/10", "rep_a/2/11"));
        assert!(!follows("rep_b/9/0", "rep_a/2/11"));
        assert!(!follows("rep_a/x/0", "rep_a/2/11"));
        // Numbers, not text: change set 10 follows change set 9.
        assert!(follows("rep_a/10/0", "rep_a/9/5"));
    }

    #[test]
    fn the_later_clock_wins_then_the_replica_and_a_cascade_never() {
        assert!(wins(
            change("rep_a/1/0", 2, false),
            change("rep_b/1/0", 1, false)
        ));
        assert!(!wins(
            change("rep_a/1/0", 1, false),
            change("rep_b/1/0", 1, false)
        ));
        assert!(wins(
            change("rep_b/1/0", 1, false),
            change("rep_a/1/0", 1, false)
        ));
        assert!(wins(
            change("rep_a/1/0", 1, false),
            change("rep_b/1/0", 9, true)
        ));
        assert!(!wins(
            change("rep_a/1/0", 9, true),
            change("rep_b/1/0", 1, false)
        ));
    }

    #[test]
    fn both_sides_derive_the_same_conflict_id() {
        let id = conflict_id("rep_a/3/1", "rep_b/7/0");
        assert_eq!(id, conflict_id("rep_b/7/0", "rep_a/3/1"));
        assert!(id.starts_with("cfl_") && id.len() == 36);
        assert_ne!(id, conflict_id("rep_a/3/1", "rep_b/7/1"));
    }

    #[test]
    fn times_and_places_conflict_titles_do_not() {
        assert!(conflicting("agenda_items", "starts_at"));
        assert!(conflicting("followups", "due_on"));
        assert!(!conflicting("agenda_items", "title"));
    }
}
