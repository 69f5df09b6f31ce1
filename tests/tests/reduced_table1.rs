//! Every row of Table 1 of `001` (H = 1, m = 1) solved by the reduced systems of
//! Theorem 5 and Corollary 12 (`dln::solve_reduced`, at most B_C = (1+4p)^d paths) on
//! random instances, checked against the published N_C and N_C* and, point by point,
//! against the parameter solve of the same instance (the generic solve of the row by
//! monodromy over the dead-neuron strata, moved to the instance by a parameter
//! homotopy: `GenericCriticalPoints::track_to`).
//!
//! Per instance (`Instance::random(&net, 1, seed, 1.0)`, seeds `0..REDUCED_INSTANCES`):
//! - N_C (all points) and N_C* (no zero weight) equal the published values;
//! - no failed path is left in the reduced solve, and the paths tracked outside the
//!   documented repeats (`ReducedSolve::repeated_paths`, a solve with failed paths is
//!   repeated with a new gamma) are at most B_C - 1 (the origin needs no path);
//! - the parameter solve has no failed path and the two point sets are equal: every
//!   point of one agrees with a point of the other to `TOL` relative to
//!   1 + max |w| in every coordinate (both are Newton-refined on the full gradient
//!   system, so they agree to ~1e-12 in practice), and the sets have equal size;
//! - the same for the solve in the squares u_i = a_i1^2 (`dln::solve_reduced_squares`,
//!   (1+2p)^d - 1 paths outside repeats): no failed path, the same point set as the
//!   literal (4p)^d solve.
//!
//! Heavy: run in release,
//! `cargo test --release -p integration-tests --test reduced_table1 -- --ignored --nocapture`;
//! `REDUCED_MAX_N` limits the rows to N <= it (default all 41), `REDUCED_INSTANCES`
//! the instances per row (default 10).

use dln::{generic_critical_points, reference, GenericOptions, Instance, Network, Regularization};
use homotopy::same_point;
use integration_tests::env_or;
use num_complex::Complex64;
use std::time::Instant;

/// Relative tolerance of the point-set comparison.
const TOL: f64 = 1e-6;

/// Points of `a` with no point of `b` within `TOL`.
fn unmatched(a: &[Vec<Complex64>], b: &[Vec<Complex64>]) -> usize {
    a.iter()
        .filter(|p| !b.iter().any(|q| same_point(p, q, TOL)))
        .count()
}

#[test]
#[ignore = "minutes in release: every Table 1 row, 10 instances, two solves each"]
fn reduced_solve_matches_table1_and_the_parameter_solve() {
    let max_n = env_or("REDUCED_MAX_N", usize::MAX);
    let instances = env_or("REDUCED_INSTANCES", 10usize) as u64;
    let t1 = reference::table("bh_table1_H1_m1").unwrap();
    let mut problems: Vec<String> = Vec::new();
    let mut rows = 0;
    let all = Instant::now();
    for row in 0..t1.rows.len() {
        let net = Network::new(t1.widths(row).unwrap()).unwrap();
        if net.n_weights() > max_n {
            continue;
        }
        rows += 1;
        let problems_before = problems.len();
        let int = |c: &str| t1.integer(row, c).unwrap();
        let (n_c, n_cstar, b_c) = (int("N_C") as usize, int("N_Cstar") as usize, int("B_C"));
        let started = Instant::now();
        let generic = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
        let generic_secs = started.elapsed().as_secs_f64();
        if generic.failed > 0 {
            problems.push(format!(
                "{net}: generic solve has {} failed",
                generic.failed
            ));
        }
        let (mut reduced_secs, mut track_secs, mut squares_secs) = (0.0, 0.0, 0.0);
        let b_squares = (1 + 2 * net.d_y() as u64).pow(net.widths()[1] as u32);
        let mut squares_paths = 0u64;
        let (mut paths, mut repeated, mut max_paths, mut discarded) = (0u64, 0u64, 0u64, 0usize);
        for seed in 0..instances {
            let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
            let t = Instant::now();
            let r = dln::solve_reduced(&inst, seed).unwrap();
            reduced_secs += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let tracked = generic
                .track_to(&inst, Regularization::Linear, seed)
                .unwrap();
            track_secs += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let sq = dln::solve_reduced_squares(&inst, seed).unwrap();
            squares_secs += t.elapsed().as_secs_f64();
            squares_paths += sq.paths_tracked;
            let fresh = r.paths_tracked - r.repeated_paths;
            paths += r.paths_tracked;
            repeated += r.repeated_paths;
            max_paths = max_paths.max(fresh);
            discarded += r.discarded;
            let mut say = |what: String| problems.push(format!("{net} seed {seed}: {what}"));
            if r.critical_points.len() != n_c {
                say(format!("N_C {} (published {n_c})", r.critical_points.len()));
            }
            if r.torus != n_cstar {
                say(format!("N_C* {} (published {n_cstar})", r.torus));
            }
            if r.failed > 0 {
                say(format!("{} failed paths in the reduced solve", r.failed));
            }
            if fresh > b_c - 1 {
                say(format!("{fresh} paths > B_C - 1 = {}", b_c - 1));
            }
            if tracked.failed > 0 || tracked.singular > 0 {
                say(format!(
                    "parameter solve: {} failed, {} singular",
                    tracked.failed, tracked.singular
                ));
            }
            let (only_reduced, only_tracked) = (
                unmatched(&r.critical_points, &tracked.points),
                unmatched(&tracked.points, &r.critical_points),
            );
            if only_reduced + only_tracked > 0 || r.critical_points.len() != tracked.points.len() {
                say(format!(
                    "point sets differ: reduced {} points ({only_reduced} unmatched), \
                     parameter solve {} ({only_tracked} unmatched)",
                    r.critical_points.len(),
                    tracked.points.len()
                ));
            }
            if sq.failed > 0 || sq.paths_tracked - sq.repeated_paths > b_squares - 1 {
                say(format!(
                    "squares: {} failed, {} paths (bound {})",
                    sq.failed,
                    sq.paths_tracked - sq.repeated_paths,
                    b_squares - 1
                ));
            }
            let only_squares = unmatched(&sq.critical_points, &r.critical_points);
            if only_squares + unmatched(&r.critical_points, &sq.critical_points) > 0
                || sq.critical_points.len() != r.critical_points.len()
                || sq.torus != r.torus
            {
                say(format!(
                    "squares: {} points, N_C* {} ({only_squares} not in the literal solve)",
                    sq.critical_points.len(),
                    sq.torus
                ));
            }
        }
        let row_problems = problems.len() - problems_before;
        println!(
            "widths {net} (N = {}): {} problems; published N_C = {n_c}, N_C* = {n_cstar}, B_C = {b_c}; reduced: \
             {paths} paths over {instances} instances ({repeated} repeated, max {max_paths} \
             per instance, {discarded} endpoints discarded), {reduced_secs:.2} s; generic \
             solve {generic_secs:.2} s ({} paths), track_to {track_secs:.2} s; squares: \
             {squares_paths} paths, {squares_secs:.2} s",
            net.n_weights(),
            if row_problems == 0 { "no".to_string() } else { row_problems.to_string() },
            generic.paths_tracked
        );
        for p in &problems[problems_before..] {
            println!("  problem: {p}");
        }
    }
    println!(
        "{rows} rows, {instances} instances each, {:.1} s in all",
        all.elapsed().as_secs_f64()
    );
    assert!(rows > 0, "no row with N <= {max_n}");
    assert!(problems.is_empty(), "{problems:#?}");
}
