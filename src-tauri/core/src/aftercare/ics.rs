//! Follow-ups as an iCalendar file (RFC 5545 VTODOs with an all-day due date) for the planner's
//! own calendar. No ORGANIZER and no ATTENDEE: importing it never invites the contacts.

use crate::domain::{FollowupItem, FollowupStatus};
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Todo, TodoStatus};

/// Writes `followups` as one calendar named `name`; `now` stamps each entry.
pub fn followups_ics(name: &str, followups: &[FollowupItem], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    for f in followups {
        let f_ = &f.followup;
        let mut todo = Todo::new();
        todo.uid(&format!("{}@passerelle", f_.id))
            .timestamp(now)
            .summary(&f_.title)
            .status(match f_.status {
                FollowupStatus::Open => TodoStatus::NeedsAction,
                FollowupStatus::Waiting => TodoStatus::InProcess,
                FollowupStatus::Done => TodoStatus::Completed,
                FollowupStatus::Dropped => TodoStatus::Cancelled,
            });
        if let Some(due) = f_
            .due_on
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            todo.due(due);
        }
        let mut lines = Vec::new();
        if let Some(o) = &f_.owner {
            lines.push(format!("Owner: {o}"));
        }
        for (label, r) in [
            ("Mission", &f_.mission),
            ("Organisation", &f_.organisation),
            ("Contact", &f_.contact),
            ("Technology", &f_.technology),
        ] {
            if let Some(r) = r {
                lines.push(format!("{label}: {}", r.name));
            }
        }
        if let Some(n) = &f_.notes {
            lines.push(String::new());
            lines.push(n.clone());
        }
        if !lines.is_empty() {
            todo.description(&lines.join("\n"));
        }
        cal.push(todo.done());
    }
    cal.done().to_string()
}
