//! The merge's rules that need no database: which fields matter enough for a conflict, the
//! groups shown as one, and the ids every replica gives the same conflict or erasure.
//!
//! Per field, three-way against the op the change was made on (its base), decided from the
//! ops alone by `store::sync::replay` (so neither the order they arrive in nor the receiver's
//! clock matters): an op made on another replaces it; of ops made concurrently, a real edit
//! beats a deletion's cascade (a NULL: the record the edit uses is kept and the deletion
//! becomes a conflict instead), then the later by order key (clock, or just after the base's;
//! then replica) wins everywhere; for the fields in [`CONFLICTING`] whose values differ a
//! conflict holds both for the planner, and any other field's win by a clock more than a day
//! ahead of the loser's (`sync::clock::MAX_JUMP_MS`) is flagged (`sync.skew`).

/// The fields whose concurrent changes are shown as conflicts (times, place, status, outcome
/// text, how to reach someone, a follow-up's owner, due date and state). Every other field is
/// low-stakes (titles, ordering, colours, tags, notes…): the last writer wins silently.
pub const CONFLICTING: &[(&str, &[&str])] = &[
    (
        "agenda_items",
        &["starts_at", "ends_at", "tz", "site_id", "room_id", "status"],
    ),
    ("availabilities", &["starts_at", "ends_at"]),
    (
        "outcomes",
        &[
            "outcome_type",
            "notes",
            "next_steps",
            "agreement_kind",
            "value_cents",
            "investment_cents",
            "jobs",
            "confirmed_on",
        ],
    ),
    ("contacts", &["email", "phone"]),
    (
        "followups",
        &["owner", "owner_contact_id", "due_on", "status"],
    ),
    ("missions", &["start_date", "end_date"]),
    ("sites", &["organisation_id"]),
    ("travel_legs", &["at"]),
    ("stays", &["hotel_id", "check_in", "check_out"]),
    ("cost_lines", &["committed_cents", "actual_cents"]),
    ("passports", &["number", "expires_on"]),
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
