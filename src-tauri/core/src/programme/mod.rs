//! The mission programme's planning logic: the live constraint checker (pure, no I/O), the
//! change sheet's diff between two frozen programmes, and a synthetic programme to benchmark
//! the checker.

pub mod bench;
pub mod changes;
pub mod conflicts;
