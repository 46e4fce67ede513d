//! Why a request was left out: the binding constraint, in words a planner understands.

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
