//! The surveys after a mission (issue 17, part 5): a satisfaction survey a week after it and a
//! meeting-rating survey six months after it. They are two more kinds of the interest form
//! (`forms::FormKind`): the same template files, response files, header matching in any of the
//! three languages, mapping, dry run and problems per row; what differs is here.
//!
//! - [`questions`]: the surveys' questions, the six-month scale and the template of each kind.
//! - [`answers`]: one response row read into a survey answer, with its problems.
//! - [`import`]: the dry run and the import (respondents matched to the directory, never
//!   created; the latest answer of a person wins; ratings onto the meetings).
//! - [`figures`]: the satisfaction score, responses, invited, response rate and the ratings per
//!   step of the scale, for the mission report.

pub mod answers;
pub mod figures;
pub mod import;
pub mod questions;

pub use figures::{figures, satisfaction_kpis, RatedMeeting, RatingTally, SurveyFigures};
pub use import::{commit, plan, SurveyImport, SurveyPlan, SurveyReport};
pub use questions::Rating;
