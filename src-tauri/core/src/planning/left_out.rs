//! Why a request was left out, in the planner's terms and language: what rules out every slot
//! when none is open to it, else the solver's own reason with names for ids. A reason is a
//! message with, for some, the causes it lists and how many slots each rules out; the window
//! words it with the same rules (`features/matchmaking/left-out.ts`).

use super::instance::MissionInstance;
use super::schedule::format::{SlotIn, Unscheduled};
use super::schedule::reasons::Reason;
use crate::documents::locale::Lang;
use crate::messages::Message;
use serde::Serialize;

/// At most this many causes are named in a list; the others are counted.
const NAMED: usize = 4;

/// A request left out by the scheduler, and why.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LeftOut {
    pub request: String,
    /// The title its item would have had.
    pub title: String,
    /// Why, in the run's language (English unless asked): `message` with its causes.
    pub reason: String,
    pub message: Message,
    /// The causes `message` lists (the nearest misses when no slot is open).
    pub causes: CauseList,
    /// What else rules out the other slots.
    pub others: CauseList,
}

/// A cause and how many slots it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SlotCause {
    pub message: Message,
    pub slots: u32,
}

/// Causes in the order to show them, and how many more there are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CauseList {
    pub items: Vec<SlotCause>,
    pub more: u32,
}

impl LeftOut {
    /// The reason in `lang`: "every slot is ruled out: A is at “B” (4 slots); other slots
    /// also: A's lunch break (1 slot)".
    pub fn render(&self, lang: Lang) -> String {
        let mut text = self.message.render(lang);
        if !self.causes.items.is_empty() {
            text = Message::new("reason.withCauses")
                .with("reason", text)
                .with("causes", self.causes.render(lang))
                .render(lang);
        }
        if !self.others.items.is_empty() {
            text = Message::new("reason.withOthers")
                .with("reason", text)
                .with("others", self.others.render(lang))
                .render(lang);
        }
        text
    }
}

impl CauseList {
    /// "A (4 slots), B (1 slot) and 2 other reasons".
    fn render(&self, lang: Lang) -> String {
        let list = self
            .items
            .iter()
            .map(|c| {
                Message::new("reason.slots")
                    .with("cause", c.message.render(lang))
                    .with("count", c.slots)
                    .render(lang)
            })
            .collect::<Vec<_>>()
            .join(&Message::new("reason.separator").render(lang));
        if self.more == 0 {
            return list;
        }
        Message::new("reason.andMore")
            .with("list", list)
            .with("count", self.more)
            .render(lang)
    }

    /// Each cause with its count, most slots first, the first `NAMED` of them.
    fn ranked(causes: &[(&Message, usize)]) -> CauseList {
        let mut sorted: Vec<(&Message, usize, String)> =
            causes.iter().map(|&(m, n)| (m, n, m.english())).collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)));
        CauseList {
            more: sorted.len().saturating_sub(NAMED) as u32,
            items: sorted
                .into_iter()
                .take(NAMED)
                .map(|(m, n, _)| SlotCause {
                    message: m.clone(),
                    slots: n as u32,
                })
                .collect(),
        }
    }

    /// Each person with a count, in the order given.
    fn people(mi: &MissionInstance, code: &'static str, list: &[(String, usize)]) -> CauseList {
        CauseList {
            items: list
                .iter()
                .map(|(p, n)| SlotCause {
                    message: Message::new(code).with("person", mi.name(p)),
                    slots: *n as u32,
                })
                .collect(),
            more: 0,
        }
    }
}

/// The request `u` left out, and why, in `lang`.
pub(crate) fn left_out(mi: &MissionInstance, u: &Unscheduled, lang: Lang) -> LeftOut {
    let (message, causes, others) = no_slot(mi, &u.request).unwrap_or_else(|| {
        let (message, causes) = solver_reason(mi, u);
        (message, causes, CauseList::default())
    });
    let mut out = LeftOut {
        request: u.request.clone(),
        title: mi.title(&u.request, lang),
        reason: String::new(),
        message,
        causes,
        others,
    };
    out.reason = out.render(lang);
    out
}

impl MissionInstance {
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }

    fn site_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.site_names.get(id).map_or(id, String::as_str)
    }
}

/// Why a request fits in no slot at all; `None` when some slot is open to it (then the
/// solver's own reason stands). Among the slots when every participant is available (their
/// windows), it names what rules them out (an item a participant attends, the day rules, a
/// session of another sub-group, a closed site, the journey to or from an item): first the
/// causes of the slots with the fewest (the nearest misses), then the others.
fn no_slot(mi: &MissionInstance, request: &str) -> Option<(Message, CauseList, CauseList)> {
    let people = &mi.requests.get(request)?.people;
    let key = |p: &String, slot: &SlotIn| (p.clone(), slot.id.clone());
    let mut per_slot: Vec<Vec<&Message>> = Vec::new();
    for slot in &mi.instance.slots {
        if people.iter().any(|p| mi.away.contains(&key(p, slot))) {
            continue;
        }
        let causes: Vec<&Message> = people
            .iter()
            .filter_map(|p| mi.unavailable.get(&key(p, slot)))
            .chain(mi.forbidden.get(&(request.to_owned(), slot.id.clone())))
            .collect();
        if causes.is_empty() {
            return None;
        }
        per_slot.push(causes);
    }
    let none = CauseList::default;
    if per_slot.is_empty() {
        let names: Vec<&str> = people.iter().map(|p| mi.name(p)).collect();
        let message = Message::new("reason.neverAvailable").with_list("people", &names);
        return Some((message, none(), none()));
    }
    fn tally<'a>(list: &mut Vec<(&'a Message, usize)>, cause: &'a Message) {
        match list.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, n)) => *n += 1,
            None => list.push((cause, 1)),
        }
    }
    let fewest = per_slot.iter().map(Vec::len).min().unwrap_or(0);
    let (mut nearest, mut others) = (Vec::new(), Vec::new());
    for causes in &per_slot {
        for &cause in causes {
            let list = if causes.len() == fewest {
                &mut nearest
            } else {
                &mut others
            };
            tally(list, cause);
        }
    }
    others.retain(|(c, _)| !nearest.iter().any(|(n, _)| n == c));
    if nearest.is_empty() {
        return Some((Message::new("reason.missionHasNoSlot"), none(), none()));
    }
    let message = if per_slot.len() < mi.instance.slots.len() {
        Message::new("reason.noSlotWithin").with("count", per_slot.len())
    } else {
        Message::new("reason.noSlot")
    };
    Some((
        message,
        CauseList::ranked(&nearest),
        CauseList::ranked(&others),
    ))
}

/// The solver's reason, with names for ids.
fn solver_reason(mi: &MissionInstance, u: &Unscheduled) -> (Message, CauseList) {
    let none = CauseList::default;
    let Some(cause) = &u.cause else {
        // Not reached: the solver gives every request it leaves out its cause.
        return (
            Message::new("reason.person").with("person", &u.reason),
            none(),
        );
    };
    match cause {
        Reason::NoAvailableSlot { person } => (
            Message::new("reason.noAvailableSlot").with("person", mi.name(person)),
            none(),
        ),
        Reason::NoCommonSlot { people } => (
            Message::new("reason.noCommonSlot"),
            CauseList::people(mi, "reason.person", people),
        ),
        Reason::MaxMeetings { person, max } => (
            Message::new("reason.maxMeetings")
                .with("person", mi.name(person))
                .with("count", max),
            none(),
        ),
        Reason::NoFreeSlot { person } => (
            Message::new("reason.noFreeSlot").with("person", mi.name(person)),
            none(),
        ),
        Reason::NoFreeCommonSlot { slots, busy } => (
            Message::new("reason.noFreeCommonSlot").with("count", slots),
            CauseList::people(mi, "reason.busy", busy),
        ),
        Reason::NoTable => (Message::new("reason.noTable"), none()),
        Reason::Travel {
            person,
            site,
            other_site,
        } => (
            Message::new("reason.travelBetween")
                .with("person", mi.name(person))
                .with("site", mi.site_name(site))
                .with("otherSite", mi.site_name(other_site)),
            none(),
        ),
        Reason::FullOrTravel {
            full,
            travel,
            person,
            site,
            other_site,
        } => (
            Message::new("reason.fullOrTravel")
                .with("full", full)
                .with("travel", travel)
                .with("person", mi.name(person))
                .with("site", mi.site_name(site))
                .with("otherSite", mi.site_name(other_site)),
            none(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cause(text: &str) -> Message {
        Message::new("reason.person").with("person", text)
    }

    #[test]
    fn causes_are_named_most_slots_first_four_at_most() {
        let (a, b) = (cause("A's lunch break"), cause("A is at “Briefing”"));
        let out = LeftOut {
            request: "req_1".into(),
            title: "T".into(),
            reason: String::new(),
            message: Message::new("reason.noSlot"),
            causes: CauseList::ranked(&[(&a, 1), (&b, 4)]),
            others: CauseList::default(),
        };
        assert_eq!(
            out.render(Lang::En),
            "every slot is ruled out: A is at “Briefing” (4 slots), A's lunch break (1 slot)"
        );
        let many: Vec<Message> = ["a", "b", "c", "d", "e", "f"].map(cause).to_vec();
        let counted: Vec<(&Message, usize)> = many.iter().zip(1usize..).collect();
        let x = cause("x");
        let out = LeftOut {
            message: Message::new("reason.noSlotWithin").with("count", 8),
            causes: CauseList::ranked(&[(&x, 2)]),
            others: CauseList::ranked(&counted),
            ..out
        };
        assert_eq!(
            out.render(Lang::En),
            "of the 8 slots when all are available, every one is ruled out: x (2 slots); other \
             slots also: f (6 slots), e (5 slots), d (4 slots), c (3 slots) and 2 other reasons"
        );
        assert_eq!(
            out.render(Lang::Fr),
            "des 8 créneaux où tous sont disponibles, aucun n’est possible\u{a0}: x (2 créneaux)\u{a0}; \
             autres créneaux\u{a0}: f (6 créneaux), e (5 créneaux), d (4 créneaux), c (3 créneaux) \
             et 2 autres raisons"
        );
        assert_eq!(
            out.render(Lang::ZhTw),
            "全員皆有空的 8 個時段全數被排除：x（2 個時段）；其他時段另因：f（6 個時段）、\
             e（5 個時段）、d（4 個時段）、c（3 個時段），以及其他 2 個原因"
        );
    }
}
