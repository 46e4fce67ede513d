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
//!  (D) Σ_{r ∋ p, s, k} x[r,s,k] ≤ max[p]        person p with a cap
//!  (E) travel, (F) fixed meetings
//! ```
//!
//! Dropping (E) and (F) can only raise the optimum. Multiply (B), (C), (D) by multipliers
//! `μ[p,s] ≥ 0`, `ν[s,k] ≥ 0`, `π[p] ≥ 0` and add them to the objective: for any `x` satisfying
//! all constraints, each added term `μ·(1 − Σx)` etc. is ≥ 0, so
//!
//! ```text
//! OPT ≤ max_{x satisfying (A)} Σ w x + Σ μ(1 − Σx) + Σ ν(tables − Σx) + Σ π(max − Σx)
//!     = Σ_{p,s} μ[p,s] + Σ_{s,k} tables[k] ν[s,k] + Σ_p max[p] π[p]
//!       + Σ_r max(0, max_{s,k} (w[r] − Σ_{p∈r} (μ[p,s] + π[p]) − ν[s,k]))  =: L(μ, ν, π)
//! ```
//!
//! because with only (A) left the maximisation separates by request: each picks its best
//! reduced weight, or nothing when no reduced weight is positive. So **every** `μ, ν, π ≥ 0`
//! gives a valid bound; we minimise `L` by projected subgradient steps (Polyak's rule towards
//! the greedy objective, step factor halved when `L` stops improving) and keep the smallest
//! value seen. `μ[p,s]` only exists for slots where `p` is available (elsewhere no `x` uses it
//! and `μ = 0` is optimal); `π` only for capped persons. The bound is at least as tight as the
//! LP relaxation without travel (the subproblem has the integrality property, so the best `L`
//! equals that LP's optimum).
//!
//! Floating point: `L` is a sum of terms whose magnitudes add up to at most a few times the
//! total weight; a margin of `1e-9 ×` that scale covers the rounding error. When every weight
//! is an integer, the objective is an integer, so `floor(L + margin)` is still a valid bound.

#![allow(clippy::needless_range_loop)] // parallel arrays indexed together

use super::format::Problem;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

pub const BOUND_KIND: &str = "lagrangian";

/// Shared between the bound and the search threads: the best bound and best objective so far
/// (`f64` bits), and the cancel flag.
#[derive(Debug)]
pub struct Shared {
    pub bound: AtomicU64,
    pub objective: AtomicU64,
    pub cancel: AtomicBool,
}

impl Shared {
    pub fn new(total_weight: f64) -> Self {
        Shared {
            bound: AtomicU64::new(total_weight.to_bits()),
            objective: AtomicU64::new(0f64.to_bits()),
            cancel: AtomicBool::new(false),
        }
    }
    pub fn bound(&self) -> f64 {
        f64::from_bits(self.bound.load(Ordering::Relaxed))
    }
    pub fn objective(&self) -> f64 {
        f64::from_bits(self.objective.load(Ordering::Relaxed))
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
    let capped: Vec<bool> = p
        .person_max
        .iter()
        .zip(&p.person_reqs)
        .map(|(&m, reqs)| (m as usize) < reqs.len())
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
    let mut theta = 2.0;
    let mut since_improved = 0;
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
                l += f64::from(p.person_max[person]) * pi[person];
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
        if l < best {
            best = l;
            since_improved = 0;
            let cert = certify(p, best);
            if cert < shared.bound() {
                shared.bound.store(cert.to_bits(), Ordering::Relaxed);
            }
            if closes(p, shared.objective().max(lower), cert) {
                break;
            }
        } else {
            since_improved += 1;
            if since_improved >= 20 {
                theta /= 2.0;
                since_improved = 0;
                if theta < 1e-6 {
                    break;
                }
            }
        }
        // Subgradient.
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
        let mut norm = 0.0;
        let g_mu = |q: usize| 1.0 - f64::from(cnt_mu[q]);
        for (q, &m) in mu.iter().enumerate() {
            let g = g_mu(q);
            if m > 0.0 || g < 0.0 {
                norm += g * g;
            }
        }
        for q in 0..nu.len() {
            let g = f64::from(p.tables[q % n_sites]) - f64::from(cnt_nu[q]);
            if nu[q] > 0.0 || g < 0.0 {
                norm += g * g;
            }
        }
        for x in 0..pi.len() {
            if capped[x] {
                let g = f64::from(p.person_max[x]) - f64::from(cnt_pi[x]);
                if pi[x] > 0.0 || g < 0.0 {
                    norm += g * g;
                }
            }
        }
        if norm == 0.0 {
            break; // the relaxed maximiser is feasible for (B)-(D) with slackness: L is exact
        }
        let target = lower.max(shared.objective());
        let gap = (l - target).max(1e-6 * (1.0 + l.abs()));
        let step = theta * gap / norm;
        for (q, m) in mu.iter_mut().enumerate() {
            *m = (*m - step * g_mu(q)).max(0.0);
        }
        for (q, v) in nu.iter_mut().enumerate() {
            let g = f64::from(p.tables[q % n_sites]) - f64::from(cnt_nu[q]);
            *v = (*v - step * g).max(0.0);
        }
        for x in 0..pi.len() {
            if capped[x] {
                let g = f64::from(p.person_max[x]) - f64::from(cnt_pi[x]);
                pi[x] = (pi[x] - step * g).max(0.0);
            }
        }
    }
    if std::env::var_os("PASSERELLE_BOUND_DEBUG").is_some() {
        eprintln!("bound: {iters} iterations, theta {theta}, raw {best}");
    }
    let cert = if best.is_finite() {
        certify(p, best)
    } else {
        p.total_weight()
    };
    cert.min(shared.bound())
}
