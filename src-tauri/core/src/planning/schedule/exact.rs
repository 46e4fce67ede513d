//! Exact mode for small instances (a mission): the whole model, travel included, as a 0-1
//! program solved by HiGHS's MIP solver (branch and cut, through the `highs` crate; HiGHS is
//! built from its C++ source with the crate). It runs beside the large neighbourhood search on
//! the second core, from the search's best schedule; its schedule is checked against the model
//! by [`State::fits`] before it is used, and its dual bound replaces the Lagrangian one when it
//! is lower.
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
//! slot `j` are all in the same slot.
//!
//! # The root
//!
//! As written, the model's LP relaxation is weak on a mission (497 for an optimum of 414 on
//! `mission-full` seed 3), and HiGHS's own root cut loop takes seconds to close most of that
//! gap. Before HiGHS runs, the program is strengthened with clique cuts of its conflict graph
//! ([`super::cliques`]): its rows grown into maximal cliques, then a few rounds of violated
//! cliques separated from the LP's solution, warm-started (425.6 in about 0.2 s on that
//! seed). That LP's value is the first bound published; the MIP then starts from the
//! strengthened program and the search's best schedule. HiGHS adds its own cuts (cliques,
//! covers, Gomory) and branches; its dual bound is a bound on the optimum. Both are computed
//! in floating point: a bound is taken with a margin of 1e-4 (and rounded down when the
//! weights are integers), far above the solver's tolerances and far below the distance
//! between two values the bound of an integer program can take.
//!
//! # Running beside the search
//!
//! HiGHS cannot be interrupted from safe Rust (its interrupt is a C callback, and the
//! workspace forbids `unsafe`), so it runs on a thread of its own with the time left as its
//! time limit, and the caller waits for its answer. On cancel the caller stops waiting at once
//! and the abandoned HiGHS run ends by its own time limit, its answer dropped.
//!
//! Determinism: HiGHS runs on one thread with a fixed random seed; with an iteration budget
//! (tests) a node limit stops it, so the result does not depend on the machine's speed unless
//! the time limit is reached first.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::bound::Shared;
use super::cliques;
use super::format::Problem;
use super::state::State;
use highs::{Col, HighsModelStatus, HighsSolutionStatus, RowProblem, Sense};
use std::collections::BTreeMap;
use std::num::NonZeroU32;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Instances with more (request, slot, site) options than this are left to the search alone.
pub const MAX_VARIABLES: usize = 4000;
/// Nor more rows than this.
const MAX_ROWS: usize = 60_000;
/// How long the caller waits for HiGHS past the deadline (its time limit is checked between
/// LP iterations and nodes, a few milliseconds apart on a mission).
const GRACE: Duration = Duration::from_millis(250);
/// How often the caller looks at `stop()` while HiGHS runs.
const POLL: Duration = Duration::from_millis(5);

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

/// The 0-1 program as data: one column per (request, slot, site) with its gain and lower bound
/// (1 for a fixed meeting), rows of ones with their right-hand side.
pub(super) struct Program {
    pub vars: Vec<(u32, u16, u16)>,
    pub gain: Vec<f64>,
    pub low: Vec<f64>,
    pub rows: Vec<(Vec<u32>, f64)>,
}

impl Program {
    /// The program for HiGHS: 0-1 columns, or (`integer` false) its LP relaxation.
    pub fn problem(&self, integer: bool) -> (RowProblem, Vec<Col>) {
        let mut lp = RowProblem::default();
        let cols: Vec<Col> = self
            .gain
            .iter()
            .zip(&self.low)
            .map(|(&gain, &low)| {
                if integer {
                    lp.add_integer_column(gain, low..=1.0)
                } else {
                    lp.add_column(gain, low..=1.0)
                }
            })
            .collect();
        for (row, rhs) in &self.rows {
            lp.add_row(..=*rhs, row.iter().map(|&c| (cols[c as usize], 1.0)));
        }
        (lp, cols)
    }
}

/// HiGHS's answer, before it is checked.
struct Raw {
    /// The best schedule's column values, when HiGHS has one.
    columns: Option<Vec<f64>>,
    /// HiGHS's dual bound (an upper bound: the model maximises).
    dual_bound: Option<f64>,
    optimal: bool,
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

/// Builds the program, or None when the instance is too large for the exact mode.
pub(super) fn build(p: &Problem) -> Option<Program> {
    let options = options(p);
    if options == 0 || options > MAX_VARIABLES {
        return None;
    }
    let ns = p.n_sites();
    // Replanning: a meeting kept where the previous schedule had it earns a bonus too small to
    // outweigh any request (all bonuses together stay under half the lightest weight), so among
    // the best schedules HiGHS prefers the one that moves least, as the search does. The dual
    // bound, bonuses included, is still a bound on the weight.
    let min_weight = p.min_weight();
    let keep_bonus = if p.previous.iter().any(Option::is_some) && min_weight.is_finite() {
        0.5 * min_weight / (p.n_requests() as f64 + 1.0)
    } else {
        0.0
    };
    let mut vars = Vec::with_capacity(options);
    let mut gain = Vec::with_capacity(options);
    let mut low = Vec::with_capacity(options);
    let mut y: Vec<BTreeMap<usize, Vec<u32>>> = vec![BTreeMap::new(); p.n_people()];
    let mut cell: Vec<Vec<u32>> = vec![Vec::new(); p.n_slots() * ns];
    let mut rows: Vec<(Vec<u32>, f64)> = Vec::new();
    let mut fixed_at: BTreeMap<u32, (u16, u16)> = BTreeMap::new();
    for &(r, s, k) in &p.fixed {
        fixed_at.insert(r, (s, k));
    }
    for r in 0..p.n_requests() {
        let mut mine = Vec::new();
        for &s in &p.req_slots[r] {
            for &k in &p.req_sites[r] {
                let fixed = fixed_at.get(&(r as u32)) == Some(&(s, k));
                let kept = p.previous.get(r).copied().flatten() == Some((s, k));
                let v = vars.len() as u32;
                low.push(if fixed { 1.0 } else { 0.0 });
                gain.push(p.req_weight[r] + if kept { keep_bonus } else { 0.0 });
                vars.push((r as u32, s, k));
                mine.push(v);
                cell[s as usize * ns + k as usize].push(v);
                for &x in &p.req_people[r] {
                    y[x as usize]
                        .entry(s as usize * ns + k as usize)
                        .or_default()
                        .push(v);
                }
            }
        }
        if mine.len() > 1 {
            rows.push((mine, 1.0));
        }
    }
    for (i, c) in cell.iter().enumerate() {
        if c.len() as u64 > u64::from(p.tables[i % ns]) {
            rows.push((c.clone(), f64::from(p.tables[i % ns])));
        }
    }
    for x in 0..p.n_people() {
        let ys = &y[x];
        let mut per_slot: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for (&sk, vs) in ys {
            per_slot.entry(sk / ns).or_default().extend(vs);
        }
        for vs in per_slot.values() {
            if vs.len() > 1 {
                rows.push((vs.clone(), 1.0));
            }
        }
        let all: Vec<u32> = per_slot.values().flatten().copied().collect();
        if all.len() as u64 > u64::from(p.person_max[x]) {
            rows.push((all, f64::from(p.person_max[x])));
        }
        // Travel cliques.
        let keys: Vec<usize> = ys.keys().copied().collect();
        for &ka in &keys {
            let (i, a) = (ka / ns, ka % ns);
            let mut by_j: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
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
                let mut row = ys[&ka].clone();
                row.extend(vs);
                rows.push((row, 1.0));
                if rows.len() > MAX_ROWS {
                    return None;
                }
            }
        }
    }
    if rows.len() > MAX_ROWS {
        return None;
    }
    Some(Program {
        vars,
        gain,
        low,
        rows,
    })
}

/// Makes a dual bound of HiGHS a certified bound.
fn certify(p: &Problem, raw: f64) -> f64 {
    let value = raw + 1e-4 * (1.0 + raw.abs() * 1e-6);
    let value = if p.integral_weights {
        value.floor()
    } else {
        value
    };
    value.min(p.total_weight())
}

/// The schedule of HiGHS's column values, checked against the model (None if it breaks a
/// constraint).
fn schedule_of(
    p: &Problem,
    vars: &[(u32, u16, u16)],
    columns: &[f64],
) -> Option<Vec<(u32, u16, u16)>> {
    if columns.len() != vars.len() {
        return None;
    }
    let mut st = State::new(p);
    let mut out = Vec::new();
    // Fixed meetings first, as the search places them.
    for &(r, s, k) in &p.fixed {
        if !st.fits(p, r, s, k) {
            return None;
        }
        st.insert(p, r, s, k);
    }
    for (&(r, s, k), &value) in vars.iter().zip(columns) {
        if value > 0.5 {
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

/// One HiGHS run: one thread, quiet, no relative gap (the proof closes the gap), `hint` as
/// its first schedule, stopped by `time_limit` or `nodes`.
fn run(problem: RowProblem, hint: &[f64], time_limit: Duration, nodes: Option<u64>) -> Option<Raw> {
    let mut model = problem.optimise(Sense::Maximise);
    model.make_quiet();
    model.set_threads(NonZeroU32::MIN);
    model
        .try_set_option("time_limit", time_limit.as_secs_f64().max(1e-3))
        .ok()?;
    model.try_set_option("mip_rel_gap", 0.0).ok()?;
    if let Some(n) = nodes {
        let n = i32::try_from(n.max(1)).unwrap_or(i32::MAX);
        model.try_set_option("mip_max_nodes", n).ok()?;
    }
    // A hint HiGHS finds infeasible is only ignored.
    let _ = model.try_set_solution(Some(hint), None, None, None);
    let solved = model.try_solve().ok()?;
    let status = solved.status();
    if matches!(
        status,
        HighsModelStatus::Infeasible
            | HighsModelStatus::UnboundedOrInfeasible
            | HighsModelStatus::Unbounded
    ) {
        return None;
    }
    let optimal = status == HighsModelStatus::Optimal;
    let columns = (solved.primal_solution_status() == HighsSolutionStatus::Feasible)
        .then(|| solved.get_solution().columns().to_vec());
    let dual_bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .or_else(|| optimal.then(|| solved.objective_value()));
    Some(Raw {
        columns,
        dual_bound,
        optimal,
    })
}

/// What the HiGHS thread sends.
enum Message {
    /// The strengthened root's LP value (None: not solved); the thread then waits for a hint.
    Root(Option<f64>),
    /// The MIP's answer.
    Answer(Option<Raw>),
}

/// Runs the exact search until it finishes, `deadline`, `node_budget` nodes, or `stop()`
/// (looked at every few milliseconds; HiGHS is then abandoned, see the module's note): the
/// root's clique cuts first, then HiGHS's branch and cut from `start()` (called once the root
/// is strengthened: the search's best schedule by then). Each bound is published in
/// `shared.bound` as soon as it is known (the search stops when it reaches it), and
/// `shared.proven` is set when HiGHS proves a checked schedule optimal. Stopped early, the
/// answer holds the root's bound alone.
pub fn solve(
    p: &Problem,
    start: &dyn Fn() -> State,
    deadline: Instant,
    node_budget: Option<u64>,
    shared: &Shared,
    stop: &dyn Fn() -> bool,
) -> Option<Found> {
    let program = build(p)?;
    if Instant::now() >= deadline {
        return None;
    }
    let vars = program.vars.clone();
    let (tx, rx) = mpsc::channel();
    let (hint_tx, hint_rx) = mpsc::channel::<Vec<f64>>();
    std::thread::Builder::new()
        .name("highs".into())
        .spawn(move || {
            let mut program = program;
            let root = cliques::strengthen(&mut program, deadline);
            if tx.send(Message::Root(root)).is_err() {
                return;
            }
            let Ok(hint) = hint_rx.recv() else { return };
            let left = deadline.saturating_duration_since(Instant::now());
            let (problem, _) = program.problem(true);
            let _ = tx.send(Message::Answer(run(problem, &hint, left, node_budget)));
        })
        .ok()?;
    let publish = |bound: f64| {
        if bound < shared.bound() {
            shared.bound.store(bound.to_bits(), Ordering::Relaxed);
        }
    };
    let mut root = None;
    let root_only = |root: Option<f64>| {
        root.map(|b| Found {
            meetings: None,
            bound: Some(b),
            proven: false,
        })
    };
    let raw = loop {
        match rx.recv_timeout(POLL) {
            Ok(Message::Root(value)) => {
                root = value.map(|v| certify(p, v));
                if let Some(b) = root {
                    publish(b);
                }
                let from = start();
                let hint = vars
                    .iter()
                    .map(|&(r, s, k)| f64::from(u8::from(from.place[r as usize] == Some((s, k)))))
                    .collect();
                if hint_tx.send(hint).is_err() {
                    return root_only(root);
                }
            }
            Ok(Message::Answer(raw)) => break raw,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if stop() || Instant::now() > deadline + GRACE {
                    return root_only(root);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return root_only(root),
        }
    };
    let Some(raw) = raw else {
        return root_only(root);
    };
    let meetings = raw
        .columns
        .as_deref()
        .and_then(|c| schedule_of(p, &vars, c));
    let mip_bound = match (&meetings, &raw.columns) {
        // A schedule that does not pass the check casts doubt on the whole answer.
        (None, Some(_)) => None,
        _ => raw.dual_bound.map(|b| certify(p, b)),
    };
    if let Some(b) = mip_bound {
        publish(b);
    }
    let proven = raw.optimal && mip_bound.is_some();
    if proven {
        shared.proven.store(true, Ordering::Relaxed);
    }
    let bound = match (root, mip_bound) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Some(Found {
        meetings,
        bound,
        proven,
    })
}
