//! Exact mode for small instances (a mission): the whole model, travel included, as a 0-1
//! program solved by branch and bound over LP relaxations with `microlp` (pure Rust, no
//! external solver). It runs beside the large neighbourhood search on the second core; its
//! schedule is checked against the model by [`State::fits`] before it is used, and its bound
//! (the best LP bound of the open nodes) replaces the Lagrangian one when it is lower.
//!
//! # Model
//!
//! `x[r,s,k] ∈ {0,1}` for each request, common available slot and allowed site, weight
//! `w[r]`; with `y[p,s,k] = Σ_{r ∋ p} x[r,s,k]`:
//!
//! ```text
//!  Σ_{s,k} x[r,s,k] ≤ 1                 each request once
//!  Σ_r x[r,s,k] ≤ tables[k]             site and slot (only where it can bind)
//!  Σ_k y[p,s,k] ≤ 1                     person and slot
//!  Σ_{s,k} y[p,s,k] ≤ max[p]            caps (only where they can bind)
//!  y[p,i,a] + Σ_b y[p,j,b] ≤ 1          travel: i < j on one day, b ≠ a, j − i − 1 < travel(a, b)
//!  x[r,s,k] = 1                         fixed meetings
//! ```
//!
//! The travel rows are cliques: at most one of those meetings can happen, since the ones at
//! slot `j` are all in the same slot. Every schedule satisfies every row, so the LP bound of
//! any open node set is a bound on the optimum. The LP is solved in floating point: the bound
//! is taken with a margin of 1e-4 (and rounded down when the weights are integers), far above
//! the solver's tolerances and far below the distance between two values the bound of an
//! integer program can take.
//!
//! Determinism: the search runs in chunks of nodes; with an iteration budget (tests) only the
//! node budget stops it, so the result does not depend on the machine's speed.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::bound::Shared;
use super::format::Problem;
use super::state::State;
use microlp::{
    ComparisonOp, OptimizationDirection, Problem as Lp, ResumeOptions, SolveOptions, SolveOutcome,
    Variable,
};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Instances with more (request, slot, site) options than this are left to the search alone.
pub const MAX_VARIABLES: usize = 4000;
/// Nor more rows than this.
const MAX_ROWS: usize = 60_000;
/// Nodes per chunk between two looks at the clock and the stop conditions.
const CHUNK_NODES: u64 = 200;

pub const BOUND_KIND: &str = "mip";

/// What the exact search found.
#[derive(Debug, Clone)]
pub struct Found {
    /// A schedule (request, slot, site), checked against the model; None when there is none
    /// better than nothing yet or when it did not pass the check.
    pub meetings: Option<Vec<(u32, u16, u16)>>,
    /// A certified bound, when the search has one.
    pub bound: Option<f64>,
    /// The search finished: the schedule is optimal.
    pub proven: bool,
}

struct Model {
    lp: Lp,
    vars: Vec<(u32, u16, u16, Variable)>,
}

fn options(p: &Problem) -> usize {
    (0..p.n_requests())
        .map(|r| p.req_slots[r].len() * p.req_sites[r].len())
        .sum()
}

/// Whether the instance is small enough for the exact mode.
pub fn eligible(p: &Problem) -> bool {
    (1..=MAX_VARIABLES).contains(&options(p))
}

/// Builds the model, or None when the instance is too large for the exact mode.
fn build(p: &Problem) -> Option<Model> {
    let options = options(p);
    if options == 0 || options > MAX_VARIABLES {
        return None;
    }
    let ns = p.n_sites();
    let mut lp = Lp::new(OptimizationDirection::Maximize);
    let mut vars = Vec::with_capacity(options);
    let mut y: Vec<BTreeMap<usize, Vec<Variable>>> = vec![BTreeMap::new(); p.n_people()];
    let mut cell: Vec<Vec<Variable>> = vec![Vec::new(); p.n_slots() * ns];
    let mut rows = 0usize;
    let ones = |vs: &[Variable]| vs.iter().map(|&v| (v, 1.0)).collect::<Vec<_>>();
    let mut fixed_at: BTreeMap<u32, (u16, u16)> = BTreeMap::new();
    for &(r, s, k) in &p.fixed {
        fixed_at.insert(r, (s, k));
    }
    for r in 0..p.n_requests() {
        let mut mine = Vec::new();
        for &s in &p.req_slots[r] {
            for &k in &p.req_sites[r] {
                let v = lp.add_binary_var(p.req_weight[r]);
                vars.push((r as u32, s, k, v));
                mine.push(v);
                cell[s as usize * ns + k as usize].push(v);
                for &x in &p.req_people[r] {
                    y[x as usize]
                        .entry(s as usize * ns + k as usize)
                        .or_default()
                        .push(v);
                }
                if fixed_at.get(&(r as u32)) == Some(&(s, k)) {
                    lp.add_constraint([(v, 1.0)], ComparisonOp::Ge, 1.0);
                    rows += 1;
                }
            }
        }
        if mine.len() > 1 {
            lp.add_constraint(ones(&mine), ComparisonOp::Le, 1.0);
            rows += 1;
        }
    }
    for (i, c) in cell.iter().enumerate() {
        if c.len() as u64 > u64::from(p.tables[i % ns]) {
            lp.add_constraint(ones(c), ComparisonOp::Le, f64::from(p.tables[i % ns]));
            rows += 1;
        }
    }
    for x in 0..p.n_people() {
        let ys = &y[x];
        let mut per_slot: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
        for (&sk, vs) in ys {
            per_slot.entry(sk / ns).or_default().extend(vs);
        }
        for vs in per_slot.values() {
            if vs.len() > 1 {
                lp.add_constraint(ones(vs), ComparisonOp::Le, 1.0);
                rows += 1;
            }
        }
        let all: Vec<Variable> = per_slot.values().flatten().copied().collect();
        if all.len() as u64 > u64::from(p.person_max[x]) {
            lp.add_constraint(ones(&all), ComparisonOp::Le, f64::from(p.person_max[x]));
            rows += 1;
        }
        // Travel cliques.
        let keys: Vec<usize> = ys.keys().copied().collect();
        for &ka in &keys {
            let (i, a) = (ka / ns, ka % ns);
            let mut by_j: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
            for &kb in &keys {
                let (j, b) = (kb / ns, kb % ns);
                if j > i
                    && a != b
                    && p.slot_day[i] == p.slot_day[j]
                    && ((j - i - 1) as u64) < u64::from(p.travel(a as u16, b as u16))
                {
                    by_j.entry(j).or_default().extend(&ys[&kb]);
                }
            }
            for vs in by_j.values() {
                let mut row = ones(&ys[&ka]);
                row.extend(vs.iter().map(|&v| (v, 1.0)));
                lp.add_constraint(row, ComparisonOp::Le, 1.0);
                rows += 1;
                if rows > MAX_ROWS {
                    return None;
                }
            }
        }
    }
    if rows > MAX_ROWS {
        return None;
    }
    Some(Model { lp, vars })
}

/// Makes an LP bound of the exact search a certified bound.
fn certify(p: &Problem, raw: f64) -> f64 {
    let value = raw + 1e-4 * (1.0 + raw.abs() * 1e-6);
    let value = if p.integral_weights {
        value.floor()
    } else {
        value
    };
    value.min(p.total_weight())
}

/// The schedule of a solution, checked against the model (None if it breaks a constraint).
fn schedule_of(
    p: &Problem,
    model: &Model,
    sol: &microlp::Solution,
) -> Option<Vec<(u32, u16, u16)>> {
    let mut st = State::new(p);
    let mut out = Vec::new();
    // Fixed meetings first, as the search places them.
    for &(r, s, k) in &p.fixed {
        if !st.fits(p, r, s, k) {
            return None;
        }
        st.insert(p, r, s, k);
    }
    for &(r, s, k, v) in &model.vars {
        if sol.var_value(v) > 0.5 {
            if st.place[r as usize] == Some((s, k)) && p.fixed.iter().any(|f| f.0 == r) {
                continue;
            }
            if st.place[r as usize].is_some() || !st.fits(p, r, s, k) {
                return None;
            }
            st.insert(p, r, s, k);
        }
    }
    for (r, place) in st.place.iter().enumerate() {
        if let Some((s, k)) = place {
            out.push((r as u32, *s, *k));
        }
    }
    Some(out)
}

/// Runs the exact search until it finishes, `deadline`, `node_budget` nodes, or `stop()`
/// (checked between chunks). `start` is a schedule to begin from (the greedy one). Each
/// chunk's bound is published in `shared.bound` (the search stops when it reaches it), and
/// `shared.proven` is set when the search finishes with a checked schedule.
pub fn solve(
    p: &Problem,
    start: &State,
    deadline: Instant,
    node_budget: Option<u64>,
    shared: &Shared,
    stop: &dyn Fn() -> bool,
) -> Option<Found> {
    let model = build(p)?;
    let mut hint = Vec::new();
    for &(r, s, k, v) in &model.vars {
        hint.push((
            v,
            f64::from(u8::from(start.place[r as usize] == Some((s, k)))),
        ));
    }
    let chunk = |spent: u64| -> Option<u64> {
        let left = node_budget.map(|b| b.saturating_sub(spent));
        Some(left.map_or(CHUNK_NODES, |l| l.min(CHUNK_NODES)))
    };
    let remaining = |now: Instant| deadline.saturating_duration_since(now);
    if remaining(Instant::now()) == Duration::ZERO {
        return None;
    }
    let mut options = SolveOptions::default();
    options.time_limit = Some(remaining(Instant::now()));
    options.node_limit = chunk(0);
    options.warm_start = Some(hint);
    let mut outcome: SolveOutcome = model.lp.solve_with(options).ok()?;
    loop {
        let spent = outcome.stats().nodes_solved;
        if let Some(b) = outcome.stats().best_bound.filter(|b| b.is_finite()) {
            let cert = certify(p, b);
            if cert < shared.bound() {
                shared.bound.store(cert.to_bits(), Ordering::Relaxed);
            }
        }
        let done = outcome.is_optimal()
            || node_budget.is_some_and(|b| spent >= b)
            || Instant::now() >= deadline
            || stop();
        if done {
            break;
        }
        let mut next: ResumeOptions = outcome.last_resume_options();
        next.time_limit = Some(remaining(Instant::now()));
        next.node_limit = chunk(spent);
        outcome = outcome.resume_with(next).ok()?;
        if outcome.stats().nodes_solved == spent && !outcome.is_optimal() {
            break; // no progress (the limit hit before a node was solved)
        }
    }
    let proven = outcome.is_optimal();
    let stats = outcome.stats();
    let meetings = outcome.solution().and_then(|s| schedule_of(p, &model, s));
    let bound = match (&meetings, outcome.solution()) {
        // A solution that does not pass the check casts doubt on the whole answer.
        (None, Some(_)) => None,
        _ => stats
            .best_bound
            .filter(|b| b.is_finite())
            .map(|b| certify(p, b)),
    };
    let proven = proven && bound.is_some();
    if proven {
        shared.proven.store(true, Ordering::Relaxed);
    }
    Some(Found {
        meetings,
        bound,
        proven,
    })
}
