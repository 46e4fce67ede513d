//! Planning: the meeting scheduler (pure, deterministic, no I/O) and what feeds it.

pub mod matchmaking;
pub mod schedule;
