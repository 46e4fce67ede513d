//! The greedy baseline: fixed meetings first, then requests by decreasing weight (ties: fewest
//! options first), each at the first (slot, site) where it fits.

use super::format::Problem;
use super::state::{Block, State};
use crate::error::{Error, Result};

/// Places the fixed meetings; an impossible one is an error naming it.
pub fn place_fixed(p: &Problem, st: &mut State) -> Result<()> {
    for (i, &(r, slot, site)) in p.fixed.iter().enumerate() {
        let field = format!("fixed[{i}]");
        let name = &p.req_ids[r as usize];
        if p.req_slots[r as usize].binary_search(&slot).is_err() {
            return Err(Error::validation(
                field,
                format!(
                    "request '{name}' is fixed in slot '{}' where not all its participants are available",
                    p.slot_ids[slot as usize]
                ),
            ));
        }
        if !p.req_sites[r as usize].contains(&site) {
            return Err(Error::validation(
                field,
                format!(
                    "request '{name}' is fixed at site '{}', which it does not allow",
                    p.site_ids[site as usize]
                ),
            ));
        }
        if let Some(block) = st.blocker(p, r, slot, site) {
            let why = match block {
                Block::SiteFull => "the site has no free table".to_owned(),
                Block::Busy(x) => format!(
                    "'{}' already has a fixed meeting then",
                    p.person_ids[x as usize]
                ),
                Block::Cap(x) => {
                    format!("'{}' would exceed max_meetings", p.person_ids[x as usize])
                }
                Block::Travel { person, .. } => {
                    format!(
                        "'{}' cannot travel between fixed meetings in time",
                        p.person_ids[person as usize]
                    )
                }
            };
            return Err(Error::validation(
                field,
                format!("the fixed meetings conflict: request '{name}': {why}"),
            ));
        }
        st.insert(p, r, slot, site);
        st.fixed[r as usize] = true;
    }
    Ok(())
}

/// Request order of the baseline.
pub fn order(p: &Problem) -> Vec<u32> {
    let mut order: Vec<u32> = (0..p.n_requests() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        p.req_weight[b]
            .total_cmp(&p.req_weight[a])
            .then_with(|| {
                (p.req_slots[a].len() * p.req_sites[a].len())
                    .cmp(&(p.req_slots[b].len() * p.req_sites[b].len()))
            })
            .then(a.cmp(&b))
    });
    order
}

/// First fitting (slot, site) of `r`, slots in order, sites in the request's order.
pub fn first_fit(p: &Problem, st: &State, r: u32) -> Option<(u16, u16)> {
    for &slot in &p.req_slots[r as usize] {
        for &site in &p.req_sites[r as usize] {
            if st.fits(p, r, slot, site) {
                return Some((slot, site));
            }
        }
    }
    None
}

/// The greedy baseline schedule.
pub fn baseline(p: &Problem) -> Result<State> {
    let mut st = State::new(p);
    place_fixed(p, &mut st)?;
    for r in order(p) {
        if st.place[r as usize].is_some() {
            continue;
        }
        if let Some((slot, site)) = first_fit(p, &st, r) {
            st.insert(p, r, slot, site);
        }
    }
    Ok(st)
}

/// A better start for the search: the baseline's order, but each request goes to the fitting
/// (slot, site) that takes the least from the requests still to come — the slot where its
/// participants' pending requests compete least (least-constraining value), ties to the
/// earliest. Returns None when the fixed meetings conflict.
pub fn construct(p: &Problem) -> Option<State> {
    let mut st = State::new(p);
    place_fixed(p, &mut st).ok()?;
    let n_slots = p.n_slots();
    // demand[person * n_slots + slot]: pending requests of the person that could use the slot.
    let mut demand = vec![0u32; p.n_people() * n_slots];
    let pending = |st: &State, r: usize| st.place[r].is_none() && !p.req_slots[r].is_empty();
    for r in 0..p.n_requests() {
        if pending(&st, r) {
            for &x in &p.req_people[r] {
                for &s in &p.req_slots[r] {
                    demand[x as usize * n_slots + s as usize] += 1;
                }
            }
        }
    }
    for r in order(p) {
        let ri = r as usize;
        if !pending(&st, ri) {
            continue;
        }
        // This request is no longer pending.
        for &x in &p.req_people[ri] {
            for &s in &p.req_slots[ri] {
                demand[x as usize * n_slots + s as usize] -= 1;
            }
        }
        let mut best: Option<(u64, u16, u16)> = None;
        for &slot in &p.req_slots[ri] {
            let score: u64 = p.req_people[ri]
                .iter()
                .map(|&x| u64::from(demand[x as usize * n_slots + slot as usize]))
                .sum();
            if best.is_some_and(|b| b.0 <= score) {
                continue;
            }
            for &site in &p.req_sites[ri] {
                if st.fits(p, r, slot, site) {
                    best = Some((score, slot, site));
                    break;
                }
            }
        }
        if let Some((_, slot, site)) = best {
            st.insert(p, r, slot, site);
        }
    }
    Some(st)
}
