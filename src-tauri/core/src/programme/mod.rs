//! The mission programme's planning logic: the live constraint checker (pure, no I/O) and a
//! synthetic programme to benchmark it.

pub mod bench;
pub mod conflicts;
