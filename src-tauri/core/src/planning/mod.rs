//! Planning: the meeting scheduler (pure, deterministic, no I/O) and what feeds it.

mod apply;
mod availability;
pub mod facts;
mod forbidden;
pub mod instance;
mod left_out;
pub mod matchmaking;
pub mod requests;
pub mod schedule;
pub mod suggestions;
