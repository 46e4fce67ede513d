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
use super::neighbourhood::{Link, Pool, Search, PERSON_DAY_RUIN, PERSON_DAY_RUIN_SMALL};
use super::reasons;
use super::rng::Rng;
use super::state::State;
use crate::error::Result;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Share of moves that force a left-out request in (the others ruin and recreate). Tuned on
/// large instances at a fixed move budget: 0.4 beats 0.7 by 0.1-0.2 % of the bound.
const EJECT_SHARE: f64 = 0.4;

/// How far below the best schedule a move may go, in the lightest request's weight, at the
/// start of the search (the allowance shrinks to zero as the budget runs out). Mission-sized
/// instances (those of the exact mode) settle within a tenth of a second in a local optimum
/// they leave only with a wider allowance: 8 instead of 2 gave 1.9 more weight per 1-second
/// run on `mission-full` seeds 1-5 (solver seeds 4-7: 20 runs), where larger instances
/// lose 0.1-0.2 % with it.
const THRESHOLD_WEIGHTS: f64 = 2.0;
const THRESHOLD_WEIGHTS_SMALL: f64 = 8.0;

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
    // Whether the instance is small enough for the exact mode (a mission).
    let small = exact::eligible(p);
    shared
        .share_best
        .store(small && opts.max_iterations.is_none(), Ordering::Relaxed);
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
            let deterministic = opts.max_iterations.is_some();
            // Without an iteration budget the exact search starts after a short head start;
            // on small instances the Lagrangian bound gets that head start only (the exact
            // search's root bound is far tighter, and every moment before it starts is one it
            // does not have), but it is a bound when the root takes longer than the time given.
            let head = start + (deadline - start).mul_f64(0.1).min(HEAD_START);
            let bound_deadline = if small && !deterministic {
                head
            } else {
                deadline
            };
            let lagrangian = bound::lagrangian(
                p,
                greedy_objective,
                bound_deadline,
                opts.bound_iterations,
                shared_ref,
            );
            // The exact search's branching starts from the search's best schedule once its root
            // is strengthened, after the head start at least (a good incumbent prunes most of
            // the tree); with an iteration budget, from the search's start.
            let from = || {
                let mut from = start_state.clone();
                if deterministic {
                    return from;
                }
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
                from
            };
            // Small instances: the exact search on this core.
            let budget = opts.max_iterations.map(|m| (m / 10).max(50));
            let found = if bound::closes(p, shared_ref.objective(), lagrangian) || !small {
                None
            } else {
                // HiGHS's answer is waited for until the deadline even when the search
                // returns first (the MIP's bound comes only with its answer), unless the search's
                // schedule already meets the bound.
                exact::solve(p, &from, deadline, budget, shared_ref, &|| {
                    shared_ref.cancelled()
                        || (!deterministic
                            && shared_ref.search_done()
                            && bound::closes(p, shared_ref.objective(), shared_ref.bound()))
                })
            };
            // Larger instances: a second search with another seed on this core once the bound
            // has converged; the better of the two schedules is kept (ties: the first).
            // With an iteration budget it always runs (its own budget, from the same start),
            // so the result does not depend on which thread finished first.
            let second = if found.is_none()
                && !small
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
    let small = exact::eligible(p);
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
        person_day_ruin: if small {
            PERSON_DAY_RUIN_SMALL
        } else {
            PERSON_DAY_RUIN
        },
    };
    let eps = 1e-9 * (p.total_weight() + 1.0);
    let mut iterations: u64 = 0;
    let mut last_report = start;
    // Record-to-record travel: a move may lose up to `threshold` below the best schedule, so
    // the search leaves local optima; the threshold shrinks to zero as the budget runs out.
    let min_weight = p.min_weight();
    let allowance = if small {
        THRESHOLD_WEIGHTS_SMALL
    } else {
        THRESHOLD_WEIGHTS
    };
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
            0.999 * min_weight * (1.0 - spent.min(1.0)) * allowance
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
