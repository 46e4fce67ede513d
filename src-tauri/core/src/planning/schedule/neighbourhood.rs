//! The neighbourhood the search moves in: the pool of requests left out, and the moves over a
//! schedule (ruin a person's day or a few meetings, recreate greedily, eject what stands in the
//! way of a left-out request), each undoable. [`super::search`] drives them.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::format::Problem;
use super::rng::Rng;
use super::state::State;

/// Random slots compared when forcing a request in.
const EJECT_SAMPLES: usize = 6;

/// Left-out requests of one person tried again after a move, at most.
const MAX_PERSON_CANDIDATES: usize = 48;

/// Share of ruins that empty one person's day (the others a meeting and its slot neighbours):
/// a freed day lets a participant's meetings be rearranged around travel.
pub(super) const PERSON_DAY_RUIN: f64 = 0.85;
/// The same on mission-sized instances (those of the exact mode), where a day is a large part
/// of a person's meetings: 0.5 gave 1.3 more weight per 1-second run on `mission-full` seeds 1-5
/// (40 runs, solver seeds 1-8) and reached CP-SAT's 60-second value in 24 of them instead of 16;
/// larger instances do no better with it.
pub(super) const PERSON_DAY_RUIN_SMALL: f64 = 0.5;

/// A request seen from one of its participants: the other participant (`GROUP` when the
/// request has more than two) and the request's slots (instances of at most 64 slots).
#[derive(Debug, Clone, Copy)]
pub(super) struct Link {
    pub(super) req: u32,
    pub(super) other: u32,
    pub(super) mask: u64,
}

impl Link {
    pub(super) const GROUP: u32 = u32::MAX;
}

/// The set of requests not placed, with O(1) add, remove and random pick.
pub(super) struct Pool {
    pub(super) list: Vec<u32>,
    pub(super) at: Vec<u32>,
}

impl Pool {
    pub(super) const ABSENT: u32 = u32::MAX;
    pub(super) fn new(st: &State) -> Self {
        let mut pool = Pool {
            list: Vec::new(),
            at: vec![Self::ABSENT; st.place.len()],
        };
        for r in 0..st.place.len() {
            pool.sync(st, r as u32);
        }
        pool
    }
    pub(super) fn sync(&mut self, st: &State, r: u32) {
        let present = self.at[r as usize] != Self::ABSENT;
        let placed = st.place[r as usize].is_some();
        if placed && present {
            let i = self.at[r as usize] as usize;
            let last = self.list.pop().unwrap_or(r);
            if last != r {
                self.list[i] = last;
                self.at[last as usize] = i as u32;
            }
            self.at[r as usize] = Self::ABSENT;
        } else if !placed && !present {
            self.at[r as usize] = self.list.len() as u32;
            self.list.push(r);
        }
    }
}

pub(super) struct Search<'a> {
    pub(super) p: &'a Problem,
    pub(super) st: State,
    pub(super) rng: Rng,
    pub(super) pool: Pool,
    pub(super) removed: Vec<(u32, u16, u16)>,
    pub(super) inserted: Vec<u32>,
    pub(super) candidates: Vec<u32>,
    pub(super) mark: Vec<u32>,
    pub(super) stamp: u32,
    pub(super) moves: usize,
    /// The participants of every request in one array (`people[people_at[r]..people_at[r + 1]]`):
    /// the candidate filters read them for thousands of requests per move, and one flat array
    /// stays in cache where a vector per request does not.
    pub(super) people_at: Vec<u32>,
    pub(super) people: Vec<u32>,
    /// The slots of each request as a bit set (`words` words per request), when that fits in
    /// a few MB; empty otherwise (then the slots are tried one by one).
    pub(super) masks: Vec<u64>,
    /// Scratch: the free slots of the request being placed.
    pub(super) free: Vec<u16>,
    pub(super) has_previous: bool,
    /// The share of ruins that empty a person's day ([`PERSON_DAY_RUIN`] or its small value).
    pub(super) person_day_ruin: f64,
    /// `links[links_at[x]..links_at[x + 1]]`: the requests of person `x` in the order of
    /// `person_reqs` (empty unless there is one slot word and `masks` is set).
    pub(super) links_at: Vec<u32>,
    pub(super) links: Vec<Link>,
}

impl<'a> Search<'a> {
    pub(super) fn remove(&mut self, r: u32) -> bool {
        if self.st.fixed[r as usize] {
            return false;
        }
        if let Some((s, k)) = self.st.remove(self.p, r) {
            self.removed.push((r, s, k));
            self.add_candidate(r);
        }
        true
    }

    pub(super) fn insert(&mut self, r: u32, s: u16, k: u16) {
        self.st.insert(self.p, r, s, k);
        self.inserted.push(r);
    }

    /// Whether a participant of `r` is at their cap (then no slot can take it).
    pub(super) fn capped(&self, r: u32) -> bool {
        let (a, b) = (
            self.people_at[r as usize] as usize,
            self.people_at[r as usize + 1] as usize,
        );
        self.people[a..b]
            .iter()
            .any(|&x| self.st.at_cap[x as usize])
    }

    /// False when every slot of `r` holds a meeting of one of its participants (known from
    /// the slot bit sets; true when there are none).
    pub(super) fn may_fit(&self, r: u32) -> bool {
        if self.masks.is_empty() {
            return true;
        }
        let ri = r as usize;
        let w = self.st.words;
        let (a, b) = (self.people_at[ri] as usize, self.people_at[ri + 1] as usize);
        (0..w).any(|i| {
            let mut m = self.masks[ri * w + i];
            for &x in &self.people[a..b] {
                m &= !self.st.busy[x as usize * w + i];
            }
            m != 0
        })
    }

    pub(super) fn add_candidate(&mut self, r: u32) {
        if self.mark[r as usize] != self.stamp {
            self.mark[r as usize] = self.stamp;
            self.candidates.push(r);
        }
    }

    /// Adds the left-out requests of `person` as candidates for reinsertion.
    /// A person with many requests (a popular host) gives a random sample of them, so that a
    /// move costs about the same whoever it touches.
    pub(super) fn add_person_candidates(&mut self, person: u32) {
        let n = self.p.person_reqs[person as usize].len();
        let (from, mut take) = if n > MAX_PERSON_CANDIDATES {
            (self.rng.below(n), MAX_PERSON_CANDIDATES)
        } else {
            (0, n)
        };
        if !self.links.is_empty() {
            // One slot word per person: the person's requests in one contiguous run, each
            // with its other participant and its slots, checked without leaving the cache.
            if self.st.at_cap[person as usize] {
                return;
            }
            let base = self.links_at[person as usize] as usize;
            let mine = self.st.busy[person as usize];
            for i in 0..n {
                if take == 0 {
                    break;
                }
                let link = self.links[base + (from + i) % n];
                let fits = if link.other == Link::GROUP {
                    !self.capped(link.req) && self.may_fit(link.req)
                } else {
                    !self.st.at_cap[link.other as usize]
                        && link.mask & !mine & !self.st.busy[link.other as usize] != 0
                };
                if fits && self.st.place[link.req as usize].is_none() {
                    self.add_candidate(link.req);
                    take -= 1;
                }
            }
            return;
        }
        for i in 0..n {
            if take == 0 {
                break;
            }
            let r = self.p.person_reqs[person as usize][(from + i) % n];
            if self.st.place[r as usize].is_none() && !self.capped(r) && self.may_fit(r) {
                self.add_candidate(r);
                take -= 1;
            }
        }
    }

    /// Meetings of the previous solution moved among `touched`: (before the move, now).
    /// A touched request's place before the move is its first removal's, else none.
    pub(super) fn moved_delta(&self, touched: &[u32]) -> (usize, usize) {
        let (mut then, mut now) = (0, 0);
        for &r in touched {
            let Some(prev) = self.p.previous[r as usize] else {
                continue;
            };
            let before = self.removed.iter().find(|x| x.0 == r).map(|x| (x.1, x.2));
            then += usize::from(before != Some(prev));
            now += usize::from(self.st.place[r as usize] != Some(prev));
        }
        (then, now)
    }

    /// Places `r` somewhere it fits: its previous place first, then from a random offset.
    pub(super) fn place_somewhere(&mut self, r: u32) -> bool {
        let p = self.p;
        let ri = r as usize;
        // A participant at their cap rules out every slot: no need to try them.
        if self.capped(r) {
            return false;
        }
        if self.has_previous {
            if let Some((s, k)) = p.previous[ri] {
                if p.req_slots[ri].binary_search(&s).is_ok()
                    && p.req_sites[ri].contains(&k)
                    && self.st.fits(p, r, s, k)
                {
                    self.insert(r, s, k);
                    return true;
                }
            }
        }
        let sites = &p.req_sites[ri];
        if self.masks.is_empty() {
            let slots = &p.req_slots[ri];
            if slots.is_empty() {
                return false;
            }
            let s0 = self.rng.below(slots.len());
            let k0 = self.rng.below(sites.len());
            for i in 0..slots.len() {
                let s = slots[(s0 + i) % slots.len()];
                for j in 0..sites.len() {
                    let k = sites[(k0 + j) % sites.len()];
                    if self.st.fits(p, r, s, k) {
                        self.insert(r, s, k);
                        return true;
                    }
                }
            }
            return false;
        }
        // Only the request's slots where no participant has a meeting yet (travel is still
        // checked by `fits`).
        let w = self.st.words;
        let (a, b) = (self.people_at[ri] as usize, self.people_at[ri + 1] as usize);
        let mut free = std::mem::take(&mut self.free);
        free.clear();
        for i in 0..w {
            let mut m = self.masks[ri * w + i];
            for &x in &self.people[a..b] {
                m &= !self.st.busy[x as usize * w + i];
            }
            while m != 0 {
                free.push((i * 64) as u16 + m.trailing_zeros() as u16);
                m &= m - 1;
            }
        }
        let mut done = false;
        if !free.is_empty() {
            let s0 = self.rng.below(free.len());
            let k0 = self.rng.below(sites.len());
            'out: for i in 0..free.len() {
                let s = free[(s0 + i) % free.len()];
                for j in 0..sites.len() {
                    let k = sites[(k0 + j) % sites.len()];
                    if self.st.fits(p, r, s, k) {
                        self.insert(r, s, k);
                        done = true;
                        break 'out;
                    }
                }
            }
        }
        self.free = free;
        done
    }

    /// Reinserts the candidates, heaviest first with some noise.
    pub(super) fn recreate(&mut self) {
        let mut keyed: Vec<(f64, u32)> = self
            .candidates
            .iter()
            .filter(|&&r| self.st.place[r as usize].is_none())
            .map(|&r| {
                let noise = 0.75 + 0.5 * self.rng.unit();
                (self.p.req_weight[r as usize] * noise, r)
            })
            .collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, r) in keyed {
            self.place_somewhere(r);
        }
    }

    /// The weight of what stands in the way of `r` at (`s`, `k`): the participants' meetings in
    /// that slot or too close at another site, the lightest meeting of a participant at their
    /// cap, and a meeting when the site has no free table.
    pub(super) fn in_the_way(&self, r: u32, s: u16, k: u16) -> f64 {
        let p = self.p;
        let day = p.slot_day[s as usize];
        let mut cost = 0.0;
        for &x in &p.req_people[r as usize] {
            let list = &self.st.person[x as usize];
            let mut lightest = f64::INFINITY;
            for e in list {
                let w = p.req_weight[e.req as usize];
                lightest = lightest.min(w);
                if e.slot == s
                    || (e.site != k
                        && p.slot_day[e.slot as usize] == day
                        && (e.slot as i64 - s as i64).unsigned_abs() - 1
                            < u64::from(p.travel(k, e.site)))
                {
                    cost += w;
                }
            }
            if list.len() as u64 >= u64::from(p.person_max[x as usize]) && lightest.is_finite() {
                cost += lightest;
            }
        }
        if self.st.usage[s as usize * p.n_sites() + k as usize] >= p.tables[k as usize] {
            cost += p.req_weight[r as usize];
        }
        cost
    }

    /// Forces the left-out request `r` into one of its options, removing what is in the way.
    pub(super) fn eject_for(&mut self, r: u32) -> bool {
        let p = self.p;
        let ri = r as usize;
        let slots = &p.req_slots[ri];
        if slots.is_empty() {
            return false;
        }
        let sites = &p.req_sites[ri];
        let n_sites = p.n_sites();
        // The cheapest of a few random slots (by the weight of what is in the way), at a site
        // with a free table if there is one.
        let mut pick: Option<(f64, u16, u16)> = None;
        for _ in 0..EJECT_SAMPLES.min(slots.len()) {
            let s = slots[self.rng.below(slots.len())];
            let k0 = self.rng.below(sites.len());
            let mut k = sites[k0];
            for j in 0..sites.len() {
                let c = sites[(k0 + j) % sites.len()];
                if self.st.usage[s as usize * n_sites + c as usize] < p.tables[c as usize] {
                    k = c;
                    break;
                }
            }
            let cost = self.in_the_way(r, s, k);
            if pick.is_none_or(|b| cost < b.0) {
                pick = Some((cost, s, k));
            }
        }
        let Some((_, s, k)) = pick else {
            return false;
        };
        let day = p.slot_day[s as usize];
        for i in 0..p.req_people[ri].len() {
            let x = p.req_people[ri][i] as usize;
            // Same slot, or too close at another site.
            let blocking: Vec<u32> = self.st.person[x]
                .iter()
                .filter(|e| {
                    e.slot == s
                        || (e.site != k
                            && p.slot_day[e.slot as usize] == day
                            && (e.slot as i64 - s as i64).unsigned_abs() - 1
                                < u64::from(p.travel(k, e.site)))
                })
                .map(|e| e.req)
                .collect();
            for b in blocking {
                if !self.remove(b) {
                    return false;
                }
            }
            let len = self.st.person[x].len();
            if len as u64 >= u64::from(p.person_max[x]) {
                if len == 0 {
                    return false;
                }
                let victim = self.st.person[x][self.rng.below(len)].req;
                if !self.remove(victim) {
                    return false;
                }
            }
        }
        if self.st.usage[s as usize * n_sites + k as usize] >= p.tables[k as usize] {
            // A random meeting at that site and slot, found through its participants' lists.
            let victim = self.meeting_at(s, k);
            match victim {
                Some(v) if self.remove(v) => {}
                _ => return false,
            }
        }
        if !self.st.fits(p, r, s, k) {
            return false;
        }
        self.insert(r, s, k);
        // Candidates: what was removed and the left-out requests of everyone touched.
        for i in 0..self.removed.len() {
            let (b, _, _) = self.removed[i];
            for j in 0..p.req_people[b as usize].len() {
                self.add_person_candidates(p.req_people[b as usize][j]);
            }
        }
        true
    }

    /// A random non-fixed meeting at (slot, site): samples requests of the cell.
    pub(super) fn meeting_at(&mut self, s: u16, k: u16) -> Option<u32> {
        let p = self.p;
        // Sample persons who have a meeting at that slot through random requests' participants:
        // scanning all requests is O(R), done rarely (only when a table is needed).
        let n = p.n_requests();
        let start = self.rng.below(n);
        for i in 0..n {
            let r = ((start + i) % n) as u32;
            if self.st.place[r as usize] == Some((s, k)) && !self.st.fixed[r as usize] {
                return Some(r);
            }
        }
        None
    }

    /// Removes the meetings of one person on one day (or of one site and slot range).
    pub(super) fn ruin(&mut self) {
        let p = self.p;
        if self.rng.chance(self.person_day_ruin) {
            let person = self.rng.below(p.n_people()) as u32;
            let list = &self.st.person[person as usize];
            if list.is_empty() {
                self.add_person_candidates(person);
                return;
            }
            let day = p.slot_day[list[self.rng.below(list.len())].slot as usize];
            let victims: Vec<u32> = list
                .iter()
                .filter(|e| p.slot_day[e.slot as usize] == day)
                .map(|e| e.req)
                .collect();
            for v in victims {
                self.remove(v);
            }
        } else {
            // A random placed request and its slot neighbours of the same participants.
            let r = self.rng.below(p.n_requests()) as u32;
            let Some((s, _)) = self.st.place[r as usize] else {
                for j in 0..p.req_people[r as usize].len() {
                    self.add_person_candidates(p.req_people[r as usize][j]);
                }
                return;
            };
            let mut victims = vec![r];
            for &x in &p.req_people[r as usize] {
                for e in &self.st.person[x as usize] {
                    if (e.slot as i64 - s as i64).abs() <= 1 {
                        victims.push(e.req);
                    }
                }
            }
            for v in victims {
                self.remove(v);
            }
        }
        for i in 0..self.removed.len() {
            let (b, _, _) = self.removed[i];
            for j in 0..p.req_people[b as usize].len() {
                self.add_person_candidates(p.req_people[b as usize][j]);
            }
        }
    }

    pub(super) fn undo(&mut self) {
        for i in (0..self.inserted.len()).rev() {
            let r = self.inserted[i];
            self.st.remove(self.p, r);
        }
        for i in (0..self.removed.len()).rev() {
            let (r, s, k) = self.removed[i];
            self.st.insert(self.p, r, s, k);
        }
    }
}
