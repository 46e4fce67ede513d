//! The main solver: greedy construction, then large neighbourhood search (ruin and recreate,
//! with ejection moves that force a left-out request in and reinsert what it displaced),
//! accepting moves that do not lower the total weight, while a second thread tightens the
//! Lagrangian bound ([`super::bound`]). It honours the time limit and a cancel flag and always
//! returns the best schedule found; it stops early when the schedule reaches the bound.
//!
//! Determinism: for a given seed and iteration budget (`max_iterations`) the result is the same
//! on every run; when the clock or the bound stops the search first, the objective reached
//! can depend on the machine's speed.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::bound::{self, Shared};
use super::exact;
use super::format::{Meeting, Problem, Solution, Unscheduled, SOLUTION_FORMAT};
use super::greedy;
use super::reasons;
use super::rng::Rng;
use super::state::State;
use crate::error::Result;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Random slots compared when forcing a request in.
const EJECT_SAMPLES: usize = 6;

/// Left-out requests of one person tried again after a move, at most.
const MAX_PERSON_CANDIDATES: usize = 48;

/// Share of moves that force a left-out request in (the others ruin and recreate). Tuned on
/// large instances at a fixed move budget: 0.4 beats 0.7 by 0.1-0.2 % of the bound.
const EJECT_SHARE: f64 = 0.4;

/// Share of ruins that empty one person's day (the others a meeting and its slot neighbours):
/// a freed day lets a participant's meetings be rearranged around travel.
const PERSON_DAY_RUIN: f64 = 0.85;

/// How long the exact search lets the search run before it starts from its best schedule.
const HEAD_START: Duration = Duration::from_millis(100);

#[derive(Debug, Clone)]
pub struct Options {
    pub time_limit: Duration,
    pub seed: u64,
    /// Stops the search after this many moves (for reproducible tests); None: only the clock.
    pub max_iterations: Option<u64>,
    /// Subgradient iterations of the bound at most.
    pub bound_iterations: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            time_limit: Duration::from_secs(10),
            seed: 1,
            max_iterations: None,
            bound_iterations: 1_000_000,
        }
    }
}

/// Progress reported about ten times a second: elapsed seconds, objective, bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub seconds: f64,
    pub objective: f64,
    pub upper_bound: f64,
}

/// The solver's full answer: the solution plus the greedy baseline's objective.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub solution: Solution,
    pub greedy_objective: f64,
    pub iterations: u64,
    pub cancelled: bool,
}

/// Solves with no progress report and no cancel.
pub fn solve(p: &Problem, opts: &Options) -> Result<Outcome> {
    solve_with(p, opts, &AtomicBool::new(false), &mut |_| {})
}

/// Solves, reporting progress and stopping (with the best so far) when `cancel` is set.
pub fn solve_with(
    p: &Problem,
    opts: &Options,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Outcome> {
    let start = Instant::now();
    let deadline = start + opts.time_limit;
    let greedy_state = greedy::baseline(p)?;
    let greedy_objective = greedy_state.exact_objective(p);
    let shared = Shared::new(p.total_weight());
    shared.share_best.store(
        exact::eligible(p) && opts.max_iterations.is_none(),
        Ordering::Relaxed,
    );
    shared
        .objective
        .store(greedy_objective.to_bits(), Ordering::Relaxed);

    // The searches start from the least-constraining construction when it is no worse.
    let first = greedy::construct(p)
        .filter(|c| c.exact_objective(p) >= greedy_objective)
        .unwrap_or_else(|| greedy_state.clone());
    let (st, iterations, bound_value, bound_kind) = std::thread::scope(|scope| {
        let shared_ref = &shared;
        let start_state = &first;
        let handle = scope.spawn(move || {
            let lagrangian = bound::lagrangian(
                p,
                greedy_objective,
                deadline,
                opts.bound_iterations,
                shared_ref,
            );
            // Small instances: the exact search on this core once the bound has converged.
            let deterministic = opts.max_iterations.is_some();
            let budget = opts.max_iterations.map(|m| (m / 10).max(50));
            let found =
                if bound::closes(p, shared_ref.objective(), lagrangian) || !exact::eligible(p) {
                    None
                } else {
                    // Without an iteration budget, start from the search's best schedule after a
                    // short head start (a good incumbent prunes most of the tree).
                    let mut from = start_state.clone();
                    if !deterministic {
                        let head = start + (deadline - start).mul_f64(0.1).min(HEAD_START);
                        while Instant::now() < head && !shared_ref.cancelled() {
                            std::thread::sleep(Duration::from_millis(2));
                        }
                        let best = shared_ref.best.lock().ok().and_then(|b| b.clone());
                        if let Some(place) = best {
                            from = State::new(p);
                            for &(r, s, k) in &p.fixed {
                                from.insert(p, r, s, k);
                            }
                            for (r, at) in place.iter().enumerate() {
                                if let (Some((s, k)), None) = (*at, from.place[r]) {
                                    if from.fits(p, r as u32, s, k) {
                                        from.insert(p, r as u32, s, k);
                                    }
                                }
                            }
                        }
                    }
                    exact::solve(p, &from, deadline, budget, shared_ref, &|| {
                        shared_ref.cancelled() || (!deterministic && shared_ref.search_done())
                    })
                };
            // Larger instances: a second search with another seed on this core once the bound
            // has converged; the better of the two schedules is kept (ties: the first).
            // With an iteration budget it always runs (its own budget, from the same start),
            // so the result does not depend on which thread finished first.
            let second = if found.is_none()
                && !exact::eligible(p)
                && (deterministic
                    || (!bound::closes(p, shared_ref.objective(), lagrangian)
                        && !shared_ref.search_done()))
                && Instant::now() < deadline
            {
                let mut second_opts = opts.clone();
                second_opts.seed = opts.seed ^ 0x9E37_79B9_7F4A_7C15;
                Some(improve(
                    p,
                    start_state.clone(),
                    &second_opts,
                    start,
                    deadline,
                    shared_ref,
                    &shared_ref.cancel,
                    &mut |_| {},
                ))
            } else {
                None
            };
            (lagrangian, found, second)
        });
        let (mut st, iterations) = improve(
            p,
            first.clone(),
            opts,
            start,
            deadline,
            &shared,
            cancel,
            progress,
        );
        if cancel.load(Ordering::Relaxed) {
            shared.cancel.store(true, Ordering::Relaxed);
        }
        shared.search_done.store(true, Ordering::Relaxed);
        let (lagrangian, found, second) = handle
            .join()
            .unwrap_or_else(|_| (p.total_weight(), None, None));
        let mut iterations = iterations;
        if let Some((other, more)) = second {
            iterations += more;
            let eps = 1e-9 * (p.total_weight() + 1.0);
            let (a, b) = (st.exact_objective(p), other.exact_objective(p));
            if b > a + eps || (b + eps >= a && other.moved(p) < st.moved(p)) {
                st = other;
            }
        }
        let mut bound_value = lagrangian;
        let mut kind = bound::BOUND_KIND;
        if let Some(found) = found {
            if let Some(b) = found.bound.filter(|&b| b < bound_value) {
                bound_value = b;
                kind = exact::BOUND_KIND;
            }
            if let Some(meetings) = found.meetings {
                let value: f64 = meetings.iter().map(|m| p.req_weight[m.0 as usize]).sum();
                let eps = 1e-9 * (p.total_weight() + 1.0);
                if value > st.exact_objective(p) + eps {
                    let mut exact_state = State::new(p);
                    for &(r, s, k) in &meetings {
                        exact_state.insert(p, r, s, k);
                    }
                    for &(r, _, _) in &p.fixed {
                        exact_state.fixed[r as usize] = true;
                    }
                    // Anything that still fits goes in (so every reason names a constraint).
                    for r in greedy::order(p) {
                        if exact_state.place[r as usize].is_none() {
                            if let Some((s, k)) = greedy::first_fit(p, &exact_state, r) {
                                exact_state.insert(p, r, s, k);
                            }
                        }
                    }
                    st = exact_state;
                }
            }
        }
        (st, iterations, bound_value, kind)
    });

    let objective = st.exact_objective(p);
    let upper_bound = bound_value.max(objective.min(p.total_weight()));
    let mut meetings: Vec<Meeting> = Vec::with_capacity(st.placed);
    let mut unscheduled = Vec::new();
    for (r, place) in st.place.iter().enumerate() {
        match place {
            Some((slot, site)) => meetings.push(Meeting {
                request: p.req_ids[r].clone(),
                slot: p.slot_ids[*slot as usize].clone(),
                site: p.site_ids[*site as usize].clone(),
            }),
            None => {
                let cause = reasons::explain(p, &st, r as u32);
                unscheduled.push(Unscheduled {
                    request: p.req_ids[r].clone(),
                    reason: cause.to_string(),
                    cause: Some(cause),
                })
            }
        }
    }
    let moved = p.previous.iter().any(Option::is_some).then(|| st.moved(p));
    let solution = Solution {
        format: SOLUTION_FORMAT.to_owned(),
        meetings,
        objective,
        upper_bound,
        bound_kind: bound_kind.to_owned(),
        optimal: bound::closes(p, objective, upper_bound),
        seconds: (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        unscheduled,
        moved,
    };
    Ok(Outcome {
        solution,
        greedy_objective,
        iterations,
        cancelled: cancel.load(Ordering::Relaxed),
    })
}

/// A request seen from one of its participants: the other participant (`GROUP` when the
/// request has more than two) and the request's slots (instances of at most 64 slots).
#[derive(Debug, Clone, Copy)]
struct Link {
    req: u32,
    other: u32,
    mask: u64,
}

impl Link {
    const GROUP: u32 = u32::MAX;
}

/// The set of requests not placed, with O(1) add, remove and random pick.
struct Pool {
    list: Vec<u32>,
    at: Vec<u32>,
}

impl Pool {
    const ABSENT: u32 = u32::MAX;
    fn new(st: &State) -> Self {
        let mut pool = Pool {
            list: Vec::new(),
            at: vec![Self::ABSENT; st.place.len()],
        };
        for r in 0..st.place.len() {
            pool.sync(st, r as u32);
        }
        pool
    }
    fn sync(&mut self, st: &State, r: u32) {
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

struct Search<'a> {
    p: &'a Problem,
    st: State,
    rng: Rng,
    pool: Pool,
    removed: Vec<(u32, u16, u16)>,
    inserted: Vec<u32>,
    candidates: Vec<u32>,
    mark: Vec<u32>,
    stamp: u32,
    moves: usize,
    /// The participants of every request in one array (`people[people_at[r]..people_at[r + 1]]`):
    /// the candidate filters read them for thousands of requests per move, and one flat array
    /// stays in cache where a vector per request does not.
    people_at: Vec<u32>,
    people: Vec<u32>,
    /// The slots of each request as a bit set (`words` words per request), when that fits in
    /// a few MB; empty otherwise (then the slots are tried one by one).
    masks: Vec<u64>,
    /// Scratch: the free slots of the request being placed.
    free: Vec<u16>,
    has_previous: bool,
    /// `links[links_at[x]..links_at[x + 1]]`: the requests of person `x` in the order of
    /// `person_reqs` (empty unless there is one slot word and `masks` is set).
    links_at: Vec<u32>,
    links: Vec<Link>,
}

impl<'a> Search<'a> {
    fn remove(&mut self, r: u32) -> bool {
        if self.st.fixed[r as usize] {
            return false;
        }
        if let Some((s, k)) = self.st.remove(self.p, r) {
            self.removed.push((r, s, k));
            self.add_candidate(r);
        }
        true
    }

    fn insert(&mut self, r: u32, s: u16, k: u16) {
        self.st.insert(self.p, r, s, k);
        self.inserted.push(r);
    }

    /// Whether a participant of `r` is at their cap (then no slot can take it).
    fn capped(&self, r: u32) -> bool {
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
    fn may_fit(&self, r: u32) -> bool {
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

    fn add_candidate(&mut self, r: u32) {
        if self.mark[r as usize] != self.stamp {
            self.mark[r as usize] = self.stamp;
            self.candidates.push(r);
        }
    }

    /// Adds the left-out requests of `person` as candidates for reinsertion.
    /// A person with many requests (a popular host) gives a random sample of them, so that a
    /// move costs about the same whoever it touches.
    fn add_person_candidates(&mut self, person: u32) {
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
    fn moved_delta(&self, touched: &[u32]) -> (usize, usize) {
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
    fn place_somewhere(&mut self, r: u32) -> bool {
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
    fn recreate(&mut self) {
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
    fn in_the_way(&self, r: u32, s: u16, k: u16) -> f64 {
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
    fn eject_for(&mut self, r: u32) -> bool {
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
    fn meeting_at(&mut self, s: u16, k: u16) -> Option<u32> {
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
    fn ruin(&mut self) {
        let p = self.p;
        if self.rng.chance(PERSON_DAY_RUIN) {
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

    fn undo(&mut self) {
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

#[allow(clippy::too_many_arguments)]
fn improve(
    p: &Problem,
    greedy_state: State,
    opts: &Options,
    start: Instant,
    deadline: Instant,
    shared: &Shared,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> (State, u64) {
    // With a previous solution, start from it rather than from the greedy schedule.
    let st = if p.previous.iter().any(Option::is_some) {
        let mut st = State::new(p);
        if greedy::place_fixed(p, &mut st).is_err() {
            greedy_state
        } else {
            for (r, prev) in p.previous.iter().enumerate() {
                if let Some((s, k)) = *prev {
                    let r = r as u32;
                    if st.place[r as usize].is_none()
                        && p.req_slots[r as usize].binary_search(&s).is_ok()
                        && p.req_sites[r as usize].contains(&k)
                        && st.fits(p, r, s, k)
                    {
                        st.insert(p, r, s, k);
                    }
                }
            }
            for r in greedy::order(p) {
                if st.place[r as usize].is_none() {
                    if let Some((s, k)) = greedy::first_fit(p, &st, r) {
                        st.insert(p, r, s, k);
                    }
                }
            }
            st
        }
    } else {
        greedy_state
    };
    let pool = Pool::new(&st);
    let moves = st.moved(p);
    let mut people_at = Vec::with_capacity(p.n_requests() + 1);
    let mut people = Vec::new();
    for group in &p.req_people {
        people_at.push(people.len() as u32);
        people.extend_from_slice(group);
    }
    people_at.push(people.len() as u32);
    let words = p.n_slots().div_ceil(64);
    let mut masks = Vec::new();
    if words * p.n_requests() <= 4_000_000 {
        masks = vec![0u64; words * p.n_requests()];
        for (r, slots) in p.req_slots.iter().enumerate() {
            for &s in slots {
                masks[r * words + s as usize / 64] |= 1 << (s % 64);
            }
        }
    }
    let (mut links_at, mut links) = (Vec::new(), Vec::new());
    if words == 1 && !masks.is_empty() {
        links_at.reserve(p.n_people() + 1);
        for (x, reqs) in p.person_reqs.iter().enumerate() {
            links_at.push(links.len() as u32);
            for &r in reqs {
                let group = &p.req_people[r as usize];
                let other = match group.as_slice() {
                    [a, b] if *a as usize == x => *b,
                    [a, b] if *b as usize == x => *a,
                    _ => Link::GROUP,
                };
                links.push(Link {
                    req: r,
                    other,
                    mask: masks[r as usize],
                });
            }
        }
        links_at.push(links.len() as u32);
    }
    let mut search = Search {
        p,
        st,
        rng: Rng::new(opts.seed),
        pool,
        removed: Vec::new(),
        inserted: Vec::new(),
        candidates: Vec::new(),
        mark: vec![0; p.n_requests()],
        stamp: 0,
        moves,
        people_at,
        people,
        masks,
        free: Vec::new(),
        has_previous: p.previous.iter().any(Option::is_some),
        links_at,
        links,
    };
    let eps = 1e-9 * (p.total_weight() + 1.0);
    let mut iterations: u64 = 0;
    let mut last_report = start;
    // Record-to-record travel: a move may lose up to `threshold` below the best schedule, so
    // the search leaves local optima; the threshold shrinks to zero as the budget runs out.
    let min_weight = p.req_weight.iter().copied().fold(f64::INFINITY, f64::min);
    let mut best_obj = search.st.objective;
    let mut best_moves = search.moves;
    let mut best_place = search.st.place.clone();
    let budget = deadline
        .saturating_duration_since(start)
        .as_secs_f64()
        .max(1e-9);
    let can_move = p.n_requests() > 0 && p.n_people() > 0;
    let share_best = shared.share_best.load(Ordering::Relaxed);
    loop {
        if !can_move
            || Instant::now() >= deadline
            || cancel.load(Ordering::Relaxed)
            || opts.max_iterations.is_some_and(|m| iterations >= m)
            || search.pool.list.is_empty()
        {
            break;
        }
        if iterations.is_multiple_of(32) {
            let obj = best_obj;
            // Both searches publish here: keep the larger (the bits of non-negative floats
            // are in the same order as the numbers).
            shared.objective.fetch_max(obj.to_bits(), Ordering::Relaxed);
            if (bound::closes(p, obj, shared.bound()) || shared.proven.load(Ordering::Relaxed))
                && opts.max_iterations.is_none()
            {
                break;
            }
            let now = Instant::now();
            if now.duration_since(last_report) >= Duration::from_millis(100) {
                last_report = now;
                progress(Progress {
                    seconds: now.duration_since(start).as_secs_f64(),
                    objective: obj,
                    upper_bound: shared.bound(),
                });
            }
        }
        iterations += 1;
        search.stamp = search.stamp.wrapping_add(1);
        if search.stamp == 0 {
            search.mark.iter_mut().for_each(|m| *m = 0);
            search.stamp = 1;
        }
        search.removed.clear();
        search.inserted.clear();
        search.candidates.clear();
        let before = search.st.objective;

        let ok = if search.rng.chance(EJECT_SHARE) {
            // Pick a left-out request, biased to heavy ones (best of two).
            let a = search.pool.list[search.rng.below(search.pool.list.len())];
            let b = search.pool.list[search.rng.below(search.pool.list.len())];
            let r = if p.req_weight[b as usize] > p.req_weight[a as usize] {
                b
            } else {
                a
            };
            search.eject_for(r)
        } else {
            search.ruin();
            true
        };
        if ok {
            search.recreate();
        }
        let mut touched: Vec<u32> = search.removed.iter().map(|x| x.0).collect();
        touched.extend_from_slice(&search.inserted);
        touched.sort_unstable();
        touched.dedup();
        let after = search.st.objective;
        let spent = match opts.max_iterations {
            Some(m) => iterations as f64 / m.max(1) as f64,
            None => start.elapsed().as_secs_f64() / budget,
        };
        let threshold = if min_weight.is_finite() {
            0.999 * min_weight * (1.0 - spent.min(1.0)) * 2.0
        } else {
            0.0
        };
        let accept = ok
            && (after > before + eps
                || (after + eps >= before && {
                    // Equal weight: accept unless it moves more meetings of the previous solution.
                    let (then, now) = search.moved_delta(&touched);
                    now <= then
                })
                || (after + threshold + eps >= best_obj && after + eps < before));
        if accept {
            let (then, now) = search.moved_delta(&touched);
            search.moves = search.moves + now - then;
            let obj = search.st.objective;
            if obj > best_obj + eps || (obj + eps >= best_obj && search.moves < best_moves) {
                best_obj = obj;
                best_moves = search.moves;
                best_place.clone_from(&search.st.place);
                if share_best {
                    if let Ok(mut slot) = shared.best.lock() {
                        *slot = Some(best_place.clone());
                    }
                }
            }
        } else {
            search.undo();
        }
        for i in 0..touched.len() {
            search.pool.sync(&search.st, touched[i]);
        }
        for i in 0..search.candidates.len() {
            search.pool.sync(&search.st, search.candidates[i]);
        }
    }
    // Back to the best schedule seen.
    if best_obj > search.st.objective + eps
        || (best_obj + eps >= search.st.objective && best_moves < search.moves)
    {
        let mut st = State::new(p);
        for &(r, s, k) in &p.fixed {
            st.insert(p, r, s, k);
            st.fixed[r as usize] = true;
        }
        for (r, place) in best_place.iter().enumerate() {
            if let (Some((s, k)), false) = (place, st.fixed[r]) {
                st.insert(p, r as u32, *s, *k);
            }
        }
        search.st = st;
    }
    // Final pass: anything that still fits goes in (so every reason names a real constraint).
    for r in greedy::order(p) {
        if search.st.place[r as usize].is_none() {
            if let Some((s, k)) = greedy::first_fit(p, &search.st, r) {
                search.st.insert(p, r, s, k);
            }
        }
    }
    (search.st, iterations)
}
