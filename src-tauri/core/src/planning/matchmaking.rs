//! Matchmaking in a mission, one path for its callers (the app's commands, the CLI, the tests):
//! meeting requests (`requests.rs`), suggestions (`suggestions.rs`), and scheduling — the
//! mission's facts (`facts.rs`) become a `passerelle.schedule/1` instance (`instance.rs`,
//! `availability.rs`, pure), the solver places the requests, and the proposals are stored as
//! `proposed` meeting items in one transaction (`apply.rs`; why a request was left out:
//! `left_out.rs`).

pub use super::apply::{schedule, ScheduleReport};
pub use super::facts::{load as load_facts, ScheduleFacts};
pub use super::instance::{build as build_instance, MissionInstance, ScheduleSettings};
pub use super::left_out::{CauseList, LeftOut, SlotCause};
pub use super::requests::{delete, list, save, MeetingRequest, Named, Priority, RequestInput};
pub use super::suggestions::{decide_suggestion, suggestions, Suggestion};
