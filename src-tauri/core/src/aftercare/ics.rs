//! Follow-ups as an iCalendar file (RFC 5545 VTODOs with an all-day due date) for the planner's
//! own calendar. No ORGANIZER and no ATTENDEE: importing it never invites the contacts.

use crate::documents::locale::{text, Lang};
use crate::domain::{validate, FollowupItem, FollowupStatus};
use crate::error::Result;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Todo, TodoStatus};

/// Writes `followups` as one calendar, named and labelled in `lang`; `now` stamps each entry. A
/// due date that cannot be read is an error, not a task silently left without one.
pub fn followups_ics(followups: &[FollowupItem], now: DateTime<Utc>, lang: Lang) -> Result<String> {
    let mut cal = Calendar::new();
    cal.name(&text(lang, "ics.followups"));
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
        if let Some(due) = validate::optional_date("dueOn", f_.due_on.as_deref())? {
            todo.due(due);
        }
        let mut lines = Vec::new();
        if let Some(o) = &f_.owner {
            lines.push(format!("{}: {o}", text(lang, "ics.owner")));
        }
        for (label, r) in [
            ("ics.mission", &f_.mission),
            ("ics.organisation", &f_.organisation),
            ("ics.contact", &f_.contact),
            ("ics.technology", &f_.technology),
        ] {
            if let Some(r) = r {
                lines.push(format!("{}: {}", text(lang, label), r.name));
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
    Ok(cal.done().to_string())
}
