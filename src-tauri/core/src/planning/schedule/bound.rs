//! The certified upper bound: Lagrangian relaxation with subgradient optimisation.
//!
//! # Derivation
//!
//! Let `x[r,s,k] ∈ {0,1}` for every request `r`, slot `s` where all of `r`'s participants are
//! available, and site `k` that `r` allows. The schedule problem is
//!
//! ```text
//! max Σ w[r] x[r,s,k]
//!  (A) Σ_{s,k} x[r,s,k] ≤ 1                    each request at most once
//!  (B) Σ_{r ∋ p, k} x[r,s,k] ≤ 1               person p, slot s
//!  (C) Σ_r x[r,s,k] ≤ tables[k]                site k, slot s
//!  (D) Σ_{r ∋ p, s, k} x[r,s,k] ≤ cap[p]        cap[p] = min(max[p], |available slots of p|)
//!  (E) travel, (F) fixed meetings
//! ```
//!
//! Dropping (E) and (F) can only raise the optimum. Multiply (B), (C), (D) by multipliers
//! `μ[p,s] ≥ 0`, `ν[s,k] ≥ 0`, `π[p] ≥ 0` and add them to the objective: for any `x` satisfying
//! all constraints, each added term `μ·(1 − Σx)` etc. is ≥ 0, so
//!
//! ```text
//! OPT ≤ max_{x satisfying (A)} Σ w x + Σ μ(1 − Σx) + Σ ν(tables − Σx) + Σ π(cap − Σx)
//!     = Σ_{p,s} μ[p,s] + Σ_{s,k} tables[k] ν[s,k] + Σ_p cap[p] π[p]
//!       + Σ_r max(0, max_{s,k} (w[r] − Σ_{p∈r} (μ[p,s] + π[p]) − ν[s,k]))  =: L(μ, ν, π)
//! ```
//!
//! because with only (A) left the maximisation separates by request: each picks its best
//! reduced weight, or nothing when no reduced weight is positive. So **every** `μ, ν, π ≥ 0`
//! gives a valid bound (the tightened caps of (D) are implied by (B), so they hold for every
//! schedule); we minimise `L` by projected, deflected subgradient steps (Camerini–Fratta–
//! Maffioli direction, Polyak's step towards the best schedule known, the step factor halved
//! from the best multipliers when `L` stops improving) and keep the smallest value seen.
//! The first phase moves only `π`: that is the dual of the *degree relaxation* (each person
//! meets at most `cap[p]` times, slots ignored), a small dual that converges in a few hundred
//! steps and is already the whole LP bound on event-like instances; the second phase moves
//! all multipliers from there. `μ[p,s]` only exists for slots where `p` is available
//! (elsewhere no `x` uses it and `μ = 0` is optimal); `π` only for persons whose cap can bind.
//! The best `L` equals the LP relaxation without travel (the subproblem has the integrality
//! property), so this bound does not see travel times.
//!
//! Floating point: `L` is a sum of terms whose magnitudes add up to at most a few times the
//! total weight; a margin of `1e-9 ×` that scale covers the rounding error. When every weight
//! is an integer, the objective is an integer, so `floor(L + margin)` is still a valid bound.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::format::Problem;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

pub const BOUND_KIND: &str = "lagrangian";

/// Steps of the second phase without a lower certified bound before it stops.
const MAX_STALL: usize = 200;

/// Step factor at which the first phase (per-person multipliers only) hands over.
const PHASE1_THETA: f64 = 1e-3;

/// The (slot, site) of each request, None when left out.
pub type Placement = Vec<Option<(u16, u16)>>;

/// Shared between the bound and the search threads: the best bound and best objective so far
/// (`f64` bits), and the cancel flag.
#[derive(Debug)]
pub struct Shared {
    pub bound: AtomicU64,
    pub objective: AtomicU64,
    pub cancel: AtomicBool,
    /// The exact search proved its schedule optimal: the search may stop.
    pub proven: AtomicBool,
    /// The search has returned: the exact search may stop.
    pub search_done: AtomicBool,
    /// The search's best schedule (placement per request), kept only when `share_best` is set
    /// (small instances, where the exact search starts from it).
    pub best: Mutex<Option<Placement>>,
    pub share_best: AtomicBool,
}

impl Shared {
    pub fn new(total_weight: f64) -> Self {
        Shared {
            bound: AtomicU64::new(total_weight.to_bits()),
            objective: AtomicU64::new(0f64.to_bits()),
            cancel: AtomicBool::new(false),
            proven: AtomicBool::new(false),
            search_done: AtomicBool::new(false),
            best: Mutex::new(None),
            share_best: AtomicBool::new(false),
        }
    }
    pub fn bound(&self) -> f64 {
        f64::from_bits(self.bound.load(Ordering::Relaxed))
    }
    pub fn objective(&self) -> f64 {
        f64::from_bits(self.objective.load(Ordering::Relaxed))
    }
    pub fn search_done(&self) -> bool {
        self.search_done.load(Ordering::Relaxed)
    }
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Makes a raw Lagrangian value a certified bound (rounding margin, integrality, ≤ Σ w).
pub fn certify(p: &Problem, raw: f64) -> f64 {
    let total = p.total_weight();
    let margin = 1e-9 * (4.0 * total + 1.0);
    let value = if p.integral_weights {
        (raw + margin).floor()
    } else {
        raw + margin
    };
    value.min(total)
}

/// Whether `objective` provably reaches `bound`.
pub fn closes(p: &Problem, objective: f64, bound: f64) -> bool {
    objective + 1e-9 * (p.total_weight() + 1.0) >= bound
}

/// Runs the subgradient method until `deadline`, `max_iter` iterations, convergence, or until
/// the search's objective reaches the bound. Publishes each improvement (certified) in
/// `shared.bound` and returns the final certified bound.
pub fn lagrangian(
    p: &Problem,
    lower: f64,
    deadline: Instant,
    max_iter: usize,
    shared: &Shared,
) -> f64 {
    let began = Instant::now();
    let debug = std::env::var_os("PASSERELLE_BOUND_DEBUG").is_some();
    let n_sites = p.n_sites();
    let n_slots = p.n_slots();
    let mut offset = Vec::with_capacity(p.n_people() + 1);
    let mut acc = 0usize;
    for a in &p.person_avail {
        offset.push(acc);
        acc += a.len();
    }
    offset.push(acc);
    let mut mu = vec![0f64; acc];
    let mut nu = vec![0f64; n_slots * n_sites];
    let mut pi = vec![0f64; p.n_people()];
    // (D) with the cap of each person tightened to min(max_meetings, available slots), which
    // (B) implies; kept for the persons for whom it can bind.
    let cap: Vec<f64> = p
        .person_max
        .iter()
        .zip(&p.person_avail)
        .map(|(&m, a)| f64::from(m).min(a.len() as f64))
        .collect();
    let capped: Vec<bool> = cap
        .iter()
        .zip(&p.person_reqs)
        .map(|(&c, reqs)| c < reqs.len() as f64)
        .collect();

    let mut cnt_mu = vec![0u32; acc];
    let mut cnt_nu = vec![0u32; n_slots * n_sites];
    let mut cnt_pi = vec![0u32; p.n_people()];
    // For each (request, participant): the participant's avail positions of the request's slots.
    let mut pos_start = Vec::with_capacity(p.n_requests() + 1);
    let mut pos: Vec<u32> = Vec::new();
    for r in 0..p.n_requests() {
        pos_start.push(pos.len());
        for &person in &p.req_people[r] {
            let avail = &p.person_avail[person as usize];
            let mut j = 0;
            for &s in &p.req_slots[r] {
                while avail[j] < s {
                    j += 1;
                }
                pos.push((offset[person as usize] + j) as u32);
            }
        }
    }
    pos_start.push(pos.len());

    let mut best = f64::INFINITY;
    let mut theta = 1.0;
    let mut since_improved = 0;
    let mut patience = 25;
    let mut restarts = 0;
    let mut best_cert = f64::INFINITY;
    let mut stall = 0usize;
    let mut phase1 = capped.iter().any(|&c| c);
    let (mut best_mu, mut best_nu, mut best_pi) = (mu.clone(), nu.clone(), pi.clone());
    let (mut g_mu, mut g_nu, mut g_pi) = (
        vec![0f64; mu.len()],
        vec![0f64; nu.len()],
        vec![0f64; pi.len()],
    );
    let (mut d_mu, mut d_nu, mut d_pi) = (g_mu.clone(), g_nu.clone(), g_pi.clone());
    let mut reduced: Vec<f64> = Vec::new();
    let mut chosen: Vec<(u32, usize)> = Vec::new(); // (request, index in req_slots), site below
    let mut chosen_site: Vec<u16> = Vec::new();
    let mut iters = 0;
    for _iter in 0..max_iter {
        iters += 1;
        if Instant::now() >= deadline || shared.cancelled() {
            break;
        }
        // Evaluate L and one maximiser.
        cnt_mu.iter_mut().for_each(|c| *c = 0);
        cnt_nu.iter_mut().for_each(|c| *c = 0);
        cnt_pi.iter_mut().for_each(|c| *c = 0);
        chosen.clear();
        chosen_site.clear();
        let mut l: f64 = mu.iter().sum::<f64>();
        for s in 0..n_slots {
            for k in 0..n_sites {
                l += f64::from(p.tables[k]) * nu[s * n_sites + k];
            }
        }
        for person in 0..p.n_people() {
            if capped[person] {
                l += cap[person] * pi[person];
            }
        }
        for r in 0..p.n_requests() {
            let slots = &p.req_slots[r];
            let m = slots.len();
            if m == 0 {
                continue;
            }
            let people = &p.req_people[r];
            let base = pos_start[r];
            let pisum: f64 = people.iter().map(|&x| pi[x as usize]).sum();
            if phase1 {
                // μ = ν = 0: every option has the same reduced weight.
                let c = p.req_weight[r] - pisum;
                if c > 0.0 {
                    l += c;
                    chosen.push((r as u32, 0));
                    chosen_site.push(p.req_sites[r][0]);
                }
                continue;
            }
            reduced.clear();
            reduced.resize(m, p.req_weight[r] - pisum);
            for i in 0..people.len() {
                let row = &pos[base + i * m..base + (i + 1) * m];
                for (j, &q) in row.iter().enumerate() {
                    reduced[j] -= mu[q as usize];
                }
            }
            let mut best_c = 0.0;
            let mut arg: Option<(usize, u16)> = None;
            for (j, &s) in slots.iter().enumerate() {
                let row = s as usize * n_sites;
                for &k in &p.req_sites[r] {
                    let c = reduced[j] - nu[row + k as usize];
                    if c > best_c {
                        best_c = c;
                        arg = Some((j, k));
                    }
                }
            }
            if let Some((j, k)) = arg {
                l += best_c;
                chosen.push((r as u32, j));
                chosen_site.push(k);
            }
        }
        if !best.is_finite() || l < best - 1e-12 * (1.0 + best.abs()) {
            if !best.is_finite() || l < best - 1e-4 * (1.0 + best.abs()) {
                since_improved = 0;
            } else {
                since_improved += 1;
            }
            best = l;
            best_mu.clone_from(&mu);
            best_nu.clone_from(&nu);
            best_pi.clone_from(&pi);
            let cert = certify(p, best);
            if cert < shared.bound() {
                shared.bound.store(cert.to_bits(), Ordering::Relaxed);
            }
            if closes(p, shared.objective().max(lower), cert) {
                break;
            }
            if cert < best_cert {
                if debug {
                    eprintln!(
                        "bound: {cert} at step {iters}, {:.3} s",
                        began.elapsed().as_secs_f64()
                    );
                }
                best_cert = cert;
                stall = 0;
            }
        } else {
            since_improved += 1;
        }
        // The certified value has not moved for long: the core is better used elsewhere.
        stall += 1;
        if !phase1 && stall > MAX_STALL {
            break;
        }
        if since_improved >= patience {
            // No real progress: smaller steps, from the best multipliers, without deflection.
            theta *= 0.5;
            since_improved = 0;
            mu.clone_from(&best_mu);
            nu.clone_from(&best_nu);
            pi.clone_from(&best_pi);
            d_mu.iter_mut().for_each(|d| *d = 0.0);
            d_nu.iter_mut().for_each(|d| *d = 0.0);
            d_pi.iter_mut().for_each(|d| *d = 0.0);
            if phase1 && theta < PHASE1_THETA {
                phase1 = false;
                theta = 1.0;
            } else if theta < 1e-7 {
                // Stalled: start again (twice at most) with larger steps from the best point.
                restarts += 1;
                if restarts > 2 {
                    break;
                }
                theta = 0.05;
                patience = (patience * 2).min(400);
            }
            continue;
        }
        // Subgradient of -L (slack of each relaxed constraint at the relaxed maximiser).
        for (&(r, j), &k) in chosen.iter().zip(&chosen_site) {
            let r = r as usize;
            let m = p.req_slots[r].len();
            let s = p.req_slots[r][j] as usize;
            cnt_nu[s * n_sites + k as usize] += 1;
            for (i, &person) in p.req_people[r].iter().enumerate() {
                cnt_mu[pos[pos_start[r] + i * m + j] as usize] += 1;
                cnt_pi[person as usize] += 1;
            }
        }
        // Projected slack: a multiplier at zero with a positive slack stays at zero.
        let proj = |m: f64, g: f64| if m <= 0.0 && g > 0.0 { 0.0 } else { g };
        // Phase 1 moves only the per-person multipliers (the degree relaxation, whose dual has
        // few variables and converges fast); phase 2 moves them all from there.
        for q in 0..mu.len() {
            g_mu[q] = if phase1 {
                0.0
            } else {
                proj(mu[q], 1.0 - f64::from(cnt_mu[q]))
            };
        }
        for q in 0..nu.len() {
            g_nu[q] = if phase1 {
                0.0
            } else {
                proj(
                    nu[q],
                    f64::from(p.tables[q % n_sites]) - f64::from(cnt_nu[q]),
                )
            };
        }
        for x in 0..pi.len() {
            g_pi[x] = if capped[x] {
                proj(pi[x], cap[x] - f64::from(cnt_pi[x]))
            } else {
                0.0
            };
        }
        let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
        let gg = dot(&g_mu, &g_mu) + dot(&g_nu, &g_nu) + dot(&g_pi, &g_pi);
        if gg == 0.0 {
            if phase1 {
                phase1 = false;
                continue;
            }
            break; // the relaxed maximiser is feasible for (B)-(D) with slackness: L is exact
        }
        // Deflection (Camerini, Fratta and Maffioli): d = g + beta d_prev when g turns back on
        // d_prev, which damps the zigzag of plain subgradient steps.
        let gd = dot(&g_mu, &d_mu) + dot(&g_nu, &d_nu) + dot(&g_pi, &d_pi);
        let dd = dot(&d_mu, &d_mu) + dot(&d_nu, &d_nu) + dot(&d_pi, &d_pi);
        let beta = if gd < 0.0 && dd > 0.0 {
            -1.5 * gd / dd
        } else {
            0.0
        };
        let mut norm = 0.0;
        for (d, g) in d_mu.iter_mut().zip(&g_mu) {
            *d = g + beta * *d;
            norm += *d * *d;
        }
        for (d, g) in d_nu.iter_mut().zip(&g_nu) {
            *d = g + beta * *d;
            norm += *d * *d;
        }
        for (d, g) in d_pi.iter_mut().zip(&g_pi) {
            *d = g + beta * *d;
            norm += *d * *d;
        }
        if norm == 0.0 {
            break;
        }
        // Polyak's step towards the best schedule known (a value the dual minimum is above).
        let target = lower.max(shared.objective());
        let gap = (l - target).max(1e-6 * (1.0 + l.abs()));
        let step = theta * gap / norm;
        for (m, d) in mu.iter_mut().zip(&d_mu) {
            *m = (*m - step * d).max(0.0);
        }
        for (v, d) in nu.iter_mut().zip(&d_nu) {
            *v = (*v - step * d).max(0.0);
        }
        for (x, d) in pi.iter_mut().zip(&d_pi) {
            *x = (*x - step * d).max(0.0);
        }
    }
    if debug {
        eprintln!(
            "bound: {iters} iterations in {:.3} s, theta {theta}, raw {best}",
            began.elapsed().as_secs_f64()
        );
    }
    let cert = if best.is_finite() {
        certify(p, best)
    } else {
        p.total_weight()
    };
    cert.min(shared.bound())
}
