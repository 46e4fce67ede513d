//! Why a request was left out, in the planner's terms: what rules out every slot when none is
//! open to it, else the solver's own reason with names for ids.

use super::instance::MissionInstance;
use super::schedule::format::SlotIn;
use super::schedule::reasons;

/// Why a request fits in no slot at all; `None` when some slot is open to it (then the
/// solver's own reason stands). Among the slots when every participant is available (their
/// windows), it names what rules them out (an item a participant attends, the day rules, a
/// session of another sub-group, a closed site, the journey to or from an item): first the
/// causes of the slots with the fewest (the nearest misses), then the others.
pub(crate) fn no_slot(mi: &MissionInstance, request: &str) -> Option<String> {
    let people = &mi.requests.get(request)?.0;
    let key = |p: &String, slot: &SlotIn| (p.clone(), slot.id.clone());
    let mut per_slot: Vec<Vec<&str>> = Vec::new();
    for slot in &mi.instance.slots {
        if people.iter().any(|p| mi.away.contains(&key(p, slot))) {
            continue;
        }
        let causes: Vec<&str> = people
            .iter()
            .filter_map(|p| mi.unavailable.get(&key(p, slot)))
            .chain(mi.forbidden.get(&(request.to_owned(), slot.id.clone())))
            .map(String::as_str)
            .collect();
        if causes.is_empty() {
            return None;
        }
        per_slot.push(causes);
    }
    if per_slot.is_empty() {
        let names: Vec<&str> = people
            .iter()
            .map(|p| mi.names.get(p).map_or(p.as_str(), String::as_str))
            .collect();
        return Some(format!(
            "{} are never all available at once (their availability)",
            names.join(", ")
        ));
    }
    fn tally<'a>(list: &mut Vec<(&'a str, usize)>, cause: &'a str) {
        match list.iter_mut().find(|(c, _)| *c == cause) {
            Some((_, n)) => *n += 1,
            None => list.push((cause, 1)),
        }
    }
    let fewest = per_slot.iter().map(Vec::len).min().unwrap_or(0);
    let (mut nearest, mut others) = (Vec::new(), Vec::new());
    for causes in &per_slot {
        for &cause in causes {
            tally(
                if causes.len() == fewest {
                    &mut nearest
                } else {
                    &mut others
                },
                cause,
            );
        }
    }
    others.retain(|(c, _)| !nearest.iter().any(|(n, _)| n == c));
    let within = (per_slot.len() < mi.instance.slots.len()).then_some(per_slot.len());
    Some(reasons::no_slot(within, &nearest, &others))
}

/// Replaces contact and site ids in a reason by their names.
pub(crate) fn humanise(reason: &str, mi: &MissionInstance) -> String {
    reason
        .split(' ')
        .map(|word| {
            let (core, tail) = match word.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                Some(i) => word.split_at(i),
                None => (word, ""),
            };
            match mi.names.get(core).or_else(|| mi.site_names.get(core)) {
                Some(n) => format!("{n}{tail}"),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
