//! Why a request was left out: the binding constraint, in words a planner understands.
//! [`explain`] reads the solver's state; [`no_slot`] words what a mission's programme rules
//! out when no slot at all is open to the request (the causes are named by the caller, who
//! knows the items).

use super::format::Problem;
use super::state::{Block, State};

/// Explains why `r` is not in the schedule `st`. Meant for requests that fit nowhere (the
/// solver ends with a pass that inserts every request that still fits).
pub fn explain(p: &Problem, st: &State, r: u32) -> String {
    let ri = r as usize;
    let people = &p.req_people[ri];
    let name = |x: u32| p.person_ids[x as usize].as_str();
    let site = |k: u16| p.site_ids[k as usize].as_str();

    if p.req_slots[ri].is_empty() {
        if let Some(&x) = people
            .iter()
            .find(|&&x| p.person_avail[x as usize].is_empty())
        {
            return format!("participant {} has no available slot", name(x));
        }
        let list: Vec<String> = people
            .iter()
            .map(|&x| format!("{} ({} slots)", name(x), p.person_avail[x as usize].len()))
            .collect();
        return format!(
            "the participants have no available slot in common: {}",
            list.join(", ")
        );
    }
    for &x in people {
        let max = p.person_max[x as usize];
        if st.person[x as usize].len() as u64 >= u64::from(max) {
            return format!("max_meetings of {} reached ({max})", name(x));
        }
    }
    let slots = &p.req_slots[ri];
    let mut busy = vec![0usize; people.len()];
    let mut free_slots = 0usize;
    let mut full = 0usize;
    let mut travel: Option<(u32, u16, u16)> = None;
    let mut travel_slots = 0usize;
    for &s in slots {
        let mut anyone_busy = false;
        for (i, &x) in people.iter().enumerate() {
            if st.person[x as usize].iter().any(|e| e.slot == s) {
                busy[i] += 1;
                anyone_busy = true;
            }
        }
        if anyone_busy {
            continue;
        }
        free_slots += 1;
        let mut by_travel = false;
        for &k in &p.req_sites[ri] {
            if let Some(Block::Travel { person, other_site }) = st.blocker(p, r, s, k) {
                by_travel = true;
                travel.get_or_insert((person, k, other_site));
            }
        }
        if by_travel {
            travel_slots += 1;
        } else {
            full += 1;
        }
    }
    if free_slots == 0 {
        let all_busy = people.iter().zip(&busy).find(|(_, &b)| b == slots.len());
        if let Some((&x, _)) = all_busy {
            return format!("participant {} has no free available slot", name(x));
        }
        let list: Vec<String> = people
            .iter()
            .zip(&busy)
            .map(|(&x, b)| format!("{} busy in {b}", name(x)))
            .collect();
        return format!(
            "the participants have no free slot in common among their {} common available slots ({})",
            slots.len(),
            list.join(", ")
        );
    }
    match travel {
        None => "no allowed site has a free table when all participants are free".to_owned(),
        Some((x, a, b)) if full == 0 => format!(
            "travel time between site {} and {} for participant {}",
            site(a),
            site(b),
            name(x)
        ),
        Some((x, a, b)) => format!(
            "when all participants are free, the allowed sites are full ({full} slots) or \
             participant {} cannot travel between site {} and {} in time ({travel_slots} slots)",
            name(x),
            site(a),
            site(b)
        ),
    }
}

/// A request that fits in no slot: what rules out the slots nearest to being open (those with
/// the fewest causes), then what else rules out the others, each cause with how many slots it
/// rules out, most first, at most four of each ("every slot is ruled out: Dr Sato is at
/// “Pre-departure briefing” (4 slots); other slots also: the lunch break (1 slot)").
/// `within`: the participants' availability leaves only that many slots.
pub fn no_slot(
    within: Option<usize>,
    nearest: &[(&str, usize)],
    others: &[(&str, usize)],
) -> String {
    if nearest.is_empty() {
        return "the mission has no slot".to_owned();
    }
    let mut text = match within {
        Some(n) => format!(
            "of the {n} slot{} when all are available, every one is ruled out: ",
            if n == 1 { "" } else { "s" }
        ),
        None => "every slot is ruled out: ".to_owned(),
    };
    text.push_str(&listed(nearest));
    if !others.is_empty() {
        text.push_str(&format!("; other slots also: {}", listed(others)));
    }
    text
}

/// "A (4 slots), B (1 slot) and 2 other reasons", most slots first.
fn listed(causes: &[(&str, usize)]) -> String {
    let mut sorted: Vec<&(&str, usize)> = causes.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let named: Vec<String> = sorted
        .iter()
        .take(4)
        .map(|(cause, n)| format!("{cause} ({n} slot{})", if *n == 1 { "" } else { "s" }))
        .collect();
    let mut text = named.join(", ");
    let rest = sorted.len().saturating_sub(4);
    if rest > 0 {
        text.push_str(&format!(
            " and {rest} other reason{}",
            if rest == 1 { "" } else { "s" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_causes_are_named_nearest_misses_first() {
        assert_eq!(
            no_slot(
                None,
                &[("A's lunch break", 1), ("A is at “Briefing”", 4)],
                &[]
            ),
            "every slot is ruled out: A is at “Briefing” (4 slots), A's lunch break (1 slot)"
        );
        let many: Vec<(&str, usize)> =
            vec![("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5), ("f", 6)];
        assert_eq!(
            no_slot(Some(8), &[("x", 2)], &many),
            "of the 8 slots when all are available, every one is ruled out: x (2 slots); other \
             slots also: f (6 slots), e (5 slots), \
             d (4 slots), c (3 slots) and 2 other reasons"
        );
        assert_eq!(no_slot(None, &[], &[]), "the mission has no slot");
    }
}
