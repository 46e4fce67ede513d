//! Every link set of the schema (a many-to-many table owned by one record), so that a received
//! `add`/`remove` op, an undo and a cascade find the table behind an entity's field.

use crate::store::Link;

/// The link sets, by owner and field.
pub(crate) const ALL: &[&Link] = &[
    &super::super::agenda::PARTICIPANTS,
    &super::super::agenda::TECHNOLOGIES,
    &super::super::agenda::DEPARTMENTS,
    &super::super::followups::OUTCOME_ATTENDEES,
    &super::super::followups::OUTCOME_TECHNOLOGIES,
    &super::super::requests::PARTICIPANTS,
    &super::super::requests::SITES,
    &super::super::requests::TECHNOLOGIES,
    &super::super::contacts::SPECIALTIES,
    &super::super::contacts::TAGS,
    &super::super::technologies::SPECIALTIES,
    &super::super::missions::ORGANISERS,
    &super::super::programme::TRAVEL,
];

/// The link set logged as `field` of `entity`.
pub(crate) fn of_field(entity: &str, field: &str) -> Option<&'static Link> {
    ALL.iter()
        .find(|l| l.entity == entity && l.field == field)
        .copied()
}

/// The link set stored in `table`.
pub(crate) fn of_table(table: &str) -> Option<&'static Link> {
    ALL.iter().find(|l| l.table == table).copied()
}
