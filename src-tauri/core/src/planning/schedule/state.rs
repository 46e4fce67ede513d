//! An assignment of requests to (slot, site) with the bookkeeping that makes a feasibility
//! check cost O(participants × their meetings): per-person meeting lists sorted by slot and a
//! dense site × slot table count.

use super::format::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub slot: u16,
    pub site: u16,
    pub req: u32,
}

#[derive(Debug, Clone)]
pub struct State {
    /// Meetings of each person, sorted by slot.
    pub person: Vec<Vec<Entry>>,
    /// Meetings at `slot * n_sites + site`.
    pub usage: Vec<u32>,
    /// Placement of each request.
    pub place: Vec<Option<(u16, u16)>>,
    pub fixed: Vec<bool>,
    /// Whether each person has reached their `max_meetings` (a compact copy of
    /// `person[x].len() >= person_max[x]`, read on every candidate of the search).
    pub at_cap: Vec<bool>,
    /// Slots where each person has a meeting, one bit per slot: `words` 64-bit words per person
    /// from `busy[person * words]`. Lets the search rule out a request's slots without walking
    /// the meeting lists.
    pub busy: Vec<u64>,
    pub words: usize,
    pub objective: f64,
    pub placed: usize,
}

/// Why a placement is impossible (the first constraint found), for the reasons report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    SiteFull,
    Busy(u32),
    Cap(u32),
    Travel { person: u32, other_site: u16 },
}

impl State {
    pub fn new(p: &Problem) -> Self {
        State {
            person: vec![Vec::new(); p.n_people()],
            usage: vec![0; p.n_slots() * p.n_sites()],
            place: vec![None; p.n_requests()],
            fixed: vec![false; p.n_requests()],
            at_cap: p.person_max.iter().map(|&m| m == 0).collect(),
            busy: vec![0; p.n_people() * p.n_slots().div_ceil(64)],
            words: p.n_slots().div_ceil(64),
            objective: 0.0,
            placed: 0,
        }
    }

    /// The first constraint that forbids placing `r` at (`slot`, `site`), or None when it fits.
    /// Assumes `slot` is one of the request's common available slots and `site` one it allows.
    pub fn blocker(&self, p: &Problem, r: u32, slot: u16, site: u16) -> Option<Block> {
        let n_sites = p.n_sites();
        if self.usage[slot as usize * n_sites + site as usize] >= p.tables[site as usize] {
            return Some(Block::SiteFull);
        }
        let day = p.slot_day[slot as usize];
        for &person in &p.req_people[r as usize] {
            let list = &self.person[person as usize];
            if list.len() as u64 >= u64::from(p.person_max[person as usize]) {
                return Some(Block::Cap(person));
            }
            for e in list {
                if e.slot == slot {
                    return Some(Block::Busy(person));
                }
                if e.site != site && p.slot_day[e.slot as usize] == day {
                    let gap = (e.slot as i64 - slot as i64).unsigned_abs() - 1;
                    if gap < u64::from(p.travel(site, e.site)) {
                        return Some(Block::Travel {
                            person,
                            other_site: e.site,
                        });
                    }
                }
            }
        }
        None
    }

    pub fn fits(&self, p: &Problem, r: u32, slot: u16, site: u16) -> bool {
        self.blocker(p, r, slot, site).is_none()
    }

    pub fn insert(&mut self, p: &Problem, r: u32, slot: u16, site: u16) {
        debug_assert!(self.place[r as usize].is_none());
        self.place[r as usize] = Some((slot, site));
        self.usage[slot as usize * p.n_sites() + site as usize] += 1;
        for &person in &p.req_people[r as usize] {
            let list = &mut self.person[person as usize];
            let at = list.partition_point(|e| e.slot < slot);
            list.insert(at, Entry { slot, site, req: r });
            self.busy[person as usize * self.words + slot as usize / 64] |= 1 << (slot % 64);
            self.at_cap[person as usize] =
                list.len() as u64 >= u64::from(p.person_max[person as usize]);
        }
        self.objective += p.req_weight[r as usize];
        self.placed += 1;
    }

    pub fn remove(&mut self, p: &Problem, r: u32) -> Option<(u16, u16)> {
        let (slot, site) = self.place[r as usize].take()?;
        self.usage[slot as usize * p.n_sites() + site as usize] -= 1;
        for &person in &p.req_people[r as usize] {
            let list = &mut self.person[person as usize];
            if let Some(at) = list.iter().position(|e| e.req == r) {
                list.remove(at);
            }
            let still = list
                .get(list.partition_point(|e| e.slot < slot))
                .is_some_and(|e| e.slot == slot);
            if !still {
                self.busy[person as usize * self.words + slot as usize / 64] &= !(1 << (slot % 64));
            }
            self.at_cap[person as usize] =
                list.len() as u64 >= u64::from(p.person_max[person as usize]);
        }
        self.objective -= p.req_weight[r as usize];
        self.placed -= 1;
        Some((slot, site))
    }

    /// Recomputes the objective from scratch (avoids drift of the running sum).
    pub fn exact_objective(&self, p: &Problem) -> f64 {
        self.place
            .iter()
            .enumerate()
            .filter(|(_, x)| x.is_some())
            .map(|(r, _)| p.req_weight[r])
            // From +0.0: `sum()` of no f64 is -0.0, which JSON would print as "-0.0".
            .fold(0.0, |total, w| total + w)
    }

    /// Meetings of `previous` not kept at the same place.
    pub fn moved(&self, p: &Problem) -> usize {
        p.previous
            .iter()
            .zip(&self.place)
            .filter(|(prev, now)| prev.is_some() && prev != now)
            .count()
    }
}
