//! The meeting scheduler: maximise the total weight of scheduled requests under availability,
//! one meeting per person and slot, tables per site and slot, per-person caps, travel time
//! between sites, and fixed meetings. Pure and without I/O; see `docs/schedule-format.md`.
//!
//! - [`format`]: the `passerelle.schedule/1` instance and `passerelle.schedule-solution/1`
//!   solution, strict parsing into a compact indexed [`Problem`].
//! - [`state`]: an assignment with O(participants) feasibility checks.
//! - [`greedy`]: the baseline. [`search`]: the improving solver (large neighbourhood search).
//! - [`bound`]: the certified Lagrangian upper bound. [`exact`]: branch and bound over LP
//!   relaxations for small instances (a mission), run beside the search, from a root
//!   strengthened by [`cliques`]. [`reasons`]: why a request was left out.
//! - [`generate`]: seeded benchmark instances.

pub mod bound;
mod cliques;
pub mod exact;
pub mod format;
pub mod generate;
pub mod greedy;
mod neighbourhood;
pub mod reasons;
pub mod rng;
pub mod search;
pub mod state;

pub use format::{
    parse_instance, Instance, Meeting, Problem, Solution, Unscheduled, INSTANCE_FORMAT,
    SOLUTION_FORMAT,
};
pub use search::{solve, Options};
