//! What the programme's checks forbid beyond the instance format, per request and slot: a
//! person in a session of another sub-group, a closed site, no time to travel to or from a
//! person's other items. Pure, part of the instance builder.

use super::facts::{ScheduleFacts, Span};
use super::instance::{minutes_between, Grid};
use super::schedule::format::RequestIn;
use crate::messages::Message;
use crate::programme::conflicts::{Item, Programme};
use chrono::Duration as ChronoDuration;
use std::collections::HashMap;

type Forbidden = HashMap<(String, String), Message>;
type Nested = HashMap<(String, String), (String, Option<String>)>;

/// What the programme's checks forbid, per request and slot (with why), and the (request,
/// slot) pairs that fall inside a session of the participants' own sub-group.
pub(crate) fn forbidden(
    facts: &ScheduleFacts,
    grid: &Grid,
    requests: &[RequestIn],
    live: &[&Item],
) -> (Forbidden, Nested) {
    let sessions: Vec<&Item> = live.iter().copied().filter(|i| i.session).collect();
    let mut forbidden = HashMap::new();
    let mut nested = HashMap::new();
    for r in requests {
        for slot in &grid.slots {
            let from = grid.start[&slot.id];
            let span = (from, from + grid.step);
            let key = (r.id.clone(), slot.id.clone());
            let (inside, refused) = session_rule(facts, r, span, &sessions);
            let why = refused
                .or_else(|| closed_site(&facts.programme, r, span))
                .or_else(|| too_far(facts, r, span, live, inside));
            if let Some(why) = why {
                forbidden.insert(key, why);
            } else if let (Some(session), Some(group)) =
                (inside, inside.and_then(|x| x.subgroup.clone()))
            {
                nested.insert(key, (group, session.room.clone()));
            }
        }
    }
    (forbidden, nested)
}

fn name<'a>(facts: &'a ScheduleFacts, person: &'a str) -> &'a str {
    facts.names.get(person).map_or(person, String::as_str)
}

/// A person in a session is there for the sub-group's meetings only: a meeting in that time
/// must lie inside it with every participant a member. Returns the session the meeting lies
/// in, or why it may not be held then.
fn session_rule<'a>(
    facts: &ScheduleFacts,
    r: &RequestIn,
    (from, to): Span,
    sessions: &[&'a Item],
) -> (Option<&'a Item>, Option<Message>) {
    let mut inside: Option<&Item> = None;
    let mut refused: Option<Message> = None;
    for session in sessions {
        if session.end <= from || to <= session.start {
            continue;
        }
        if !r.participants.iter().any(|p| session.people.contains(p)) {
            continue;
        }
        let members = r.participants.iter().all(|p| session.people.contains(p));
        if members && session.start <= from && to <= session.end && inside.is_none() {
            inside = Some(session);
        } else if refused.is_none() {
            let who = r
                .participants
                .iter()
                .find(|p| session.people.contains(p))
                .map_or("", |p| name(facts, p));
            refused = Some(
                Message::new("reason.otherSession")
                    .with("person", who)
                    .with("session", &session.title),
            );
        }
    }
    (inside, refused)
}

/// Every allowed site open for the whole slot (in the site's zone).
fn closed_site(programme: &Programme, r: &RequestIn, (from, to): Span) -> Option<Message> {
    r.sites.iter().find_map(|k| {
        programme
            .sites
            .iter()
            .find(|x| &x.id == k)
            .filter(|site| {
                let (a, b) = (from.with_timezone(&site.tz), to.with_timezone(&site.tz));
                site.opens.is_some_and(|o| a.time() < o)
                    || site
                        .closes
                        .is_some_and(|c| b.date_naive() > a.date_naive() || b.time() > c)
            })
            .map(|site| Message::new("reason.siteClosed").with("site", &site.name))
    })
}

/// Time to travel from and to each participant's other items at another site, during the stay
/// (an item before the delegation's arrival or after its departure, such as a briefing at
/// home, owes no journey to the mission's meetings).
fn too_far(
    facts: &ScheduleFacts,
    r: &RequestIn,
    (from, to): Span,
    live: &[&Item],
    inside: Option<&Item>,
) -> Option<Message> {
    let programme = &facts.programme;
    r.participants.iter().find_map(|p| {
        live.iter().find_map(|item| {
            let there = item.site.as_deref()?;
            if !item.people.contains(p)
                || inside.is_some_and(|x| x.id == item.id)
                || programme.outside_stay(item)
            {
                return None;
            }
            let tight = r.sites.iter().any(|k| {
                let need = ChronoDuration::minutes(i64::from(
                    minutes_between(programme, k, there).unwrap_or(0),
                ));
                k != there
                    && ((item.end <= from && from - item.end < need)
                        || (to <= item.start && item.start - to < need))
            });
            tight.then(|| {
                let site = programme
                    .sites
                    .iter()
                    .find(|x| x.id == there)
                    .map_or(there, |x| x.name.as_str());
                Message::new("reason.travel")
                    .with("person", name(facts, p))
                    .with("item", &item.title)
                    .with("site", site)
            })
        })
    })
}
