//! Merging copies of the data: each data file is a replica with its own id and hybrid logical
//! clock; every logged change travels as an [`op::Op`] inside an [`op::ChangeSet`], and a
//! replica applies what another made (three-way per field, conflicts kept for the planner).
//! The agency's server (later) relays the same change sets.

pub mod clock;
pub mod exchange;
pub mod file;
pub mod inbox;
pub mod merge;
pub mod op;
