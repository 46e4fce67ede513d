//! Clique cuts for the exact mode's 0-1 program ([`super::exact`]).
//!
//! Two options (request, slot, site) conflict when a row of the program with right-hand side 1
//! holds both: one request, one person in one slot, a site with one table, a travel clique. Any
//! set of pairwise conflicting options (a clique of the conflict graph) can hold at most one
//! chosen option, so `Σ x ≤ 1` over it is valid for every schedule. The program's own rows are
//! cliques, but small ones: on a mission a person's meetings, a group's other members and the
//! travel rows together make much larger cliques, which the LP relaxation of the model as
//! written does not see (on `mission-full` seed 3 its value is 497 for an optimum of 414;
//! grown into maximal cliques and cut a few rounds, 425).
//!
//! [`strengthen`] runs them at the root, before HiGHS branches. The cliques are found greedily:
//! grown from a column, always adding the candidate adjacent to all members with the highest
//! value (the column's weight for the model's rows, then the LP's solution; ties: the lowest
//! index), so the result depends on the solution alone.

use super::exact::Program;
use highs::{Col, HighsModelStatus, Model, Sense, SolvedModel};
use std::collections::HashSet;
use std::num::NonZeroU32;
use std::time::Instant;

/// Rounds of clique cuts at the root, at most.
const ROUNDS: usize = 20;
/// The share of the time left that the rounds may take (they stop sooner, when no clique is
/// violated or a round gains little: 0.15-0.3 s on `mission-full`, a third of it the first LP).
const ROOT_SHARE: f64 = 0.4;
/// A round of cuts that lowers the LP's value by less than this share of it is the last.
const STALL: f64 = 2e-4;
/// How far above 1 a clique's LP values must sum to be cut.
const VIOLATION: f64 = 1e-3;
/// LP values below this count as zero when seeds of cliques are chosen.
const POSITIVE: f64 = 1e-6;

/// The conflict graph of the program's columns, as one bit row per column.
pub struct Conflicts {
    n: usize,
    words: usize,
    bits: Vec<u64>,
}

impl Conflicts {
    /// The graph of the rows with right-hand side at most 1 (`rows`: columns and right-hand
    /// side).
    pub fn of<'a>(n: usize, rows: impl IntoIterator<Item = (&'a [u32], f64)>) -> Self {
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        for (cols, rhs) in rows {
            if rhs > 1.0 || cols.len() < 2 {
                continue;
            }
            for &a in cols {
                let adjacent = &mut bits[a as usize * words..(a as usize + 1) * words];
                for &b in cols {
                    if a != b {
                        adjacent[b as usize / 64] |= 1 << (b % 64);
                    }
                }
            }
        }
        Conflicts { n, words, bits }
    }

    fn adjacent(&self, a: u32) -> &[u64] {
        &self.bits[a as usize * self.words..(a as usize + 1) * self.words]
    }

    /// Grows `members` (pairwise conflicting) into a maximal clique, greedily by `value`.
    /// Returns its columns in increasing order.
    pub fn grow(&self, mut members: Vec<u32>, value: &[f64]) -> Vec<u32> {
        let mut candidates = vec![!0u64; self.words];
        if !self.n.is_multiple_of(64) {
            if let Some(last) = candidates.last_mut() {
                *last = (1u64 << (self.n % 64)) - 1;
            }
        }
        for &m in &members {
            and(&mut candidates, self.adjacent(m));
        }
        while let Some(c) = best(&candidates, value) {
            members.push(c);
            and(&mut candidates, self.adjacent(c));
        }
        members.sort_unstable();
        members
    }

    /// The rows with right-hand side 1 grown into maximal cliques (duplicates dropped, noted in
    /// `seen`); other rows unchanged.
    pub fn lift(
        &self,
        rows: Vec<(Vec<u32>, f64)>,
        value: &[f64],
        seen: &mut HashSet<Vec<u32>>,
    ) -> Vec<(Vec<u32>, f64)> {
        let mut out = Vec::with_capacity(rows.len());
        for (cols, rhs) in rows {
            if rhs != 1.0 || cols.len() < 2 {
                out.push((cols, rhs));
                continue;
            }
            let clique = self.grow(cols, value);
            if seen.insert(clique.clone()) {
                out.push((clique, 1.0));
            }
        }
        out
    }

    /// Cliques the LP solution `value` violates, not in `seen` (and added to it): one grown
    /// from each column with a positive value, highest first.
    pub fn separate(&self, value: &[f64], seen: &mut HashSet<Vec<u32>>) -> Vec<Vec<u32>> {
        let mut seeds: Vec<u32> = (0..self.n as u32)
            .filter(|&c| value[c as usize] > POSITIVE)
            .collect();
        seeds.sort_by(|&a, &b| {
            value[b as usize]
                .total_cmp(&value[a as usize])
                .then(a.cmp(&b))
        });
        let mut cuts = Vec::new();
        for c in seeds {
            let clique = self.grow(vec![c], value);
            let sum: f64 = clique.iter().map(|&m| value[m as usize]).sum();
            if sum > 1.0 + VIOLATION && seen.insert(clique.clone()) {
                cuts.push(clique);
            }
        }
        cuts
    }
}

fn and(into: &mut [u64], other: &[u64]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a &= b;
    }
}

/// The candidate with the highest value (ties: the lowest index).
fn best(candidates: &[u64], value: &[f64]) -> Option<u32> {
    let mut found: Option<u32> = None;
    for (w, &word) in candidates.iter().enumerate() {
        let mut bits = word;
        while bits != 0 {
            let c = (w * 64) as u32 + bits.trailing_zeros();
            bits &= bits - 1;
            if found.is_none_or(|f| value[c as usize] > value[f as usize]) {
                found = Some(c);
            }
        }
    }
    found
}

/// An LP relaxation solved to optimality before `deadline` (HiGHS's time limit): the model (to
/// add rows to), its value and columns.
fn solve_lp(mut model: Model, deadline: Instant) -> Option<(SolvedModel, f64, Vec<f64>)> {
    let left = deadline.saturating_duration_since(Instant::now());
    model
        .try_set_option("time_limit", left.as_secs_f64().max(1e-3))
        .ok()?;
    let solved = model.try_solve().ok()?;
    if solved.status() != HighsModelStatus::Optimal {
        return None;
    }
    let value = solved.objective_value();
    let columns = solved.get_solution().columns().to_vec();
    Some((solved, value, columns))
}

/// The LP relaxation of `program`, solved; with the columns of its model.
fn relaxation(
    program: &Program,
    deadline: Instant,
) -> Option<(SolvedModel, f64, Vec<f64>, Vec<Col>)> {
    let (problem, cols) = program.problem(false);
    let mut model = problem.optimise(Sense::Maximise);
    model.make_quiet();
    model.set_threads(NonZeroU32::MIN);
    let (solved, value, columns) = solve_lp(model, deadline)?;
    Some((solved, value, columns, cols))
}

/// Strengthens `program` at its root: its rows of ones grown into maximal cliques, heaviest
/// columns first, then rounds of the cliques the LP's solution violates, each LP warm-started
/// from the last, until none is violated, a round gains little, [`ROUNDS`], or [`ROOT_SHARE`]
/// of the time left (no round starts after it; an LP still running at `deadline` is stopped
/// and dropped). Returns
/// the last LP's value, a bound on the program (every row added is valid for every schedule),
/// or None when HiGHS did not solve the first LP.
pub(super) fn strengthen(program: &mut Program, deadline: Instant) -> Option<f64> {
    let debug = std::env::var_os("PASSERELLE_BOUND_DEBUG").is_some();
    let began = Instant::now();
    let until = began
        + deadline
            .saturating_duration_since(began)
            .mul_f64(ROOT_SHARE);
    let conflicts = Conflicts::of(
        program.vars.len(),
        program
            .rows
            .iter()
            .map(|(cols, rhs)| (cols.as_slice(), *rhs)),
    );
    let mut seen = HashSet::new();
    // Grown by weight: as tight as grown by a first LP's solution on missions, without its
    // cost (an LP takes 70-100 ms there).
    program.rows = conflicts.lift(std::mem::take(&mut program.rows), &program.gain, &mut seen);
    let (mut solved, mut value, mut columns, cols) = relaxation(program, deadline)?;
    if debug {
        eprintln!(
            "root: {} rows, LP {value:.3} after {:?}",
            program.rows.len(),
            began.elapsed()
        );
    }
    for _ in 0..ROUNDS {
        if Instant::now() >= until {
            break;
        }
        let cuts = conflicts.separate(&columns, &mut seen);
        if cuts.is_empty() {
            break;
        }
        let mut model = Model::from(solved);
        for cut in &cuts {
            model.add_row(..=1.0, cut.iter().map(|&c| (cols[c as usize], 1.0)));
        }
        program.rows.extend(cuts.into_iter().map(|cut| (cut, 1.0)));
        let Some(next) = solve_lp(model, deadline) else {
            break;
        };
        let gain = value - next.1;
        (solved, value, columns) = next;
        if debug {
            eprintln!(
                "root: {} rows, LP {value:.3} after {:?}",
                program.rows.len(),
                began.elapsed()
            );
        }
        if gain < STALL * value.abs() {
            break;
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::schedule::exact::build;
    use crate::planning::schedule::{generate, parse_instance};
    use std::time::Duration;

    /// A triangle of pairwise rows (0-1, 1-2, 0-2) and a free column 3: the triangle is one
    /// clique that none of the rows is, and the LP point (½, ½, ½) violates it.
    #[test]
    fn pairwise_rows_grow_into_the_clique_they_make() {
        let rows = vec![(vec![0, 1], 1.0), (vec![1, 2], 1.0), (vec![0, 2], 1.0)];
        let conflicts = Conflicts::of(4, rows.iter().map(|(c, r)| (c.as_slice(), *r)));
        let half = [0.5, 0.5, 0.5, 1.0];
        let mut seen = HashSet::new();
        let cuts = conflicts.separate(&half, &mut seen);
        assert_eq!(cuts, vec![vec![0, 1, 2]]);
        assert!(
            conflicts.separate(&half, &mut seen).is_empty(),
            "each cut once"
        );
        let lifted = conflicts.lift(rows, &half, &mut HashSet::new());
        assert_eq!(lifted, vec![(vec![0, 1, 2], 1.0)], "three rows, one clique");
    }

    #[test]
    fn rows_above_one_make_no_conflict() {
        let rows = [(vec![0u32, 1, 2], 2.0)];
        let conflicts = Conflicts::of(3, rows.iter().map(|(c, r)| (c.as_slice(), *r)));
        assert_eq!(conflicts.grow(vec![0], &[1.0, 1.0, 1.0]), vec![0]);
        assert!(conflicts
            .separate(&[1.0, 1.0, 1.0], &mut HashSet::new())
            .is_empty());
    }

    /// `mission-full` seed 3, whose optimum is 414 (proven offline by HiGHS and kept in
    /// `bench/schedule-references.json`): the model's LP relaxation is 20 % above it, the
    /// strengthened root within 3 %, and never below it.
    #[test]
    fn the_roots_clique_cuts_bring_the_lp_near_the_optimum() {
        let instance = generate::generate(generate::Kind::MissionFull, 3);
        let (_, p) = parse_instance(&serde_json::to_string(&instance).unwrap()).unwrap();
        let mut program = build(&p).expect("a mission is eligible");
        let far = Instant::now() + Duration::from_secs(600);
        let (_, plain, _, _) = relaxation(&program, far).expect("the LP solves");
        let strong = strengthen(&mut program, far).expect("the strengthened LP solves");
        assert!(plain > 490.0, "{plain}");
        assert!((414.0..=426.0).contains(&strong), "{strong}");
    }
}
