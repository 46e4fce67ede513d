//! The hybrid logical clock: wall-clock milliseconds plus a counter, so that a replica's
//! clock never goes back (a laptop whose clock is corrected keeps counting) and an op made
//! after one it has seen always sorts after it. A remote clock far ahead moves the local one
//! by at most [`MAX_JUMP_MS`]; an op made on such a remote one still sorts after it (its
//! order key, `store::sync::history`), and a win by more than that is flagged by the merge.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How far a remote clock may pull the local one ahead of the wall clock: one day.
pub const MAX_JUMP_MS: i64 = 24 * 3600 * 1000;

/// A clock reading. Ordered by milliseconds, then counter; ties between replicas are broken by
/// the replica id where an order is needed (last-writer-wins).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (UTC).
    pub ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The reading for a new local event, given the last one and the wall clock: never
    /// before or equal to `last`.
    pub fn tick(last: Hlc, wall_ms: i64) -> Hlc {
        if wall_ms > last.ms {
            Hlc {
                ms: wall_ms,
                counter: 0,
            }
        } else {
            Hlc {
                ms: last.ms,
                counter: last.counter.saturating_add(1),
            }
        }
    }

    /// The local clock after seeing `remote`: past both, but never more than [`MAX_JUMP_MS`]
    /// ahead of the wall clock on the remote's account (a replica whose clock is a year ahead
    /// still merges, and does not drag every other one a year ahead).
    pub fn receive(last: Hlc, remote: Hlc, wall_ms: i64) -> Hlc {
        let remote = if remote.ms > wall_ms.saturating_add(MAX_JUMP_MS) {
            Hlc {
                ms: wall_ms.saturating_add(MAX_JUMP_MS),
                counter: 0,
            }
        } else {
            remote
        };
        Hlc::tick(last.max(remote), wall_ms)
    }

    /// The smallest reading after this one (same milliseconds, next counter): an op's order
    /// key is at least its base's `after()`, so that an edit made on another always sorts
    /// after it, even when its own clock was held back by [`MAX_JUMP_MS`].
    pub fn after(self) -> Hlc {
        Hlc {
            ms: self.ms,
            counter: self.counter.saturating_add(1),
        }
    }

    /// Fixed-width text that sorts as the clock does (stored in SQLite and in exchange files).
    pub fn encode(self) -> String {
        format!("{:015}-{:010}", self.ms.max(0), self.counter)
    }

    pub fn decode(text: &str) -> Option<Hlc> {
        let (ms, counter) = text.split_once('-')?;
        if ms.len() != 15 || counter.len() != 10 {
            return None;
        }
        Some(Hlc {
            ms: ms.parse().ok()?,
            counter: counter.parse().ok()?,
        })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_back() {
        let last = Hlc {
            ms: 1_000,
            counter: 3,
        };
        assert_eq!(
            Hlc::tick(last, 500),
            Hlc {
                ms: 1_000,
                counter: 4
            }
        );
        assert_eq!(
            Hlc::tick(last, 2_000),
            Hlc {
                ms: 2_000,
                counter: 0
            }
        );
    }

    #[test]
    fn a_clock_far_ahead_pulls_at_most_a_day() {
        let year = 365 * 24 * 3600 * 1000;
        let got = Hlc::receive(
            Hlc { ms: 10, counter: 0 },
            Hlc {
                ms: year,
                counter: 7,
            },
            10,
        );
        assert!(got.ms <= 10 + MAX_JUMP_MS);
        let near = Hlc::receive(Hlc { ms: 10, counter: 0 }, Hlc { ms: 50, counter: 7 }, 10);
        assert_eq!(near, Hlc { ms: 50, counter: 8 });
    }

    #[test]
    fn text_sorts_as_the_clock() {
        let a = Hlc { ms: 9, counter: 11 };
        let b = Hlc { ms: 10, counter: 0 };
        assert!(a.encode() < b.encode());
        assert_eq!(Hlc::decode(&a.encode()), Some(a));
        assert_eq!(Hlc::decode("12-3"), None);
    }
}
