//! Root counts of deep-linear-network gradient systems (Bharadwaj–Hoşten, `001`):
//! Example 2 and Table 1, by total-degree homotopy.

use dln::{gradient_system, Instance, Network, Regularization};
use homotopy::{solve, SolveOptions, SolveResult};

fn example2() -> poly::System {
    gradient_system(
        &dln::examples::bharadwaj_hosten_example2(),
        Regularization::Linear,
    )
}

fn summary(r: &SolveResult) -> String {
    format!("{:?}", r.counts)
}

fn check_example2(seed: u64) {
    let sys = example2();
    let r = solve(
        &sys,
        &SolveOptions {
            seed,
            ..SolveOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.paths_tracked, 81);
    assert_eq!(r.counts.failed, 0, "seed {seed}: {}", summary(&r));
    assert_eq!(r.counts.finite, 17, "seed {seed}: {}", summary(&r));
    assert_eq!(r.counts.torus, 16, "seed {seed}: {}", summary(&r));
    assert_eq!(r.counts.nonsingular, 17, "seed {seed}: {}", summary(&r));
    assert_eq!(
        r.counts.at_infinity,
        81 - 17,
        "seed {seed}: {}",
        summary(&r)
    );
}

/// Example 2 of `001`: 17 solutions in C^4, 16 in the torus, for 20 seeds of γ.
#[test]
fn example_2_has_17_solutions_16_in_the_torus_for_20_seeds() {
    for seed in 0..20 {
        check_example2(seed);
    }
}

/// Total-degree solve of the gradient system of a random instance (m = 1).
fn solve_instance(net: &Network, data_seed: u64, lambda_max: f64, seed: u64) -> SolveResult {
    let inst = Instance::random(net, 1, data_seed, lambda_max).unwrap();
    let sys = gradient_system(&inst, Regularization::Linear);
    solve(
        &sys,
        &SolveOptions {
            seed,
            ..SolveOptions::default()
        },
    )
    .unwrap()
}

fn table1_row(widths: &[usize], instances: u64, n_c: usize, n_cstar: usize) {
    let net = Network::new(widths.to_vec()).unwrap();
    for k in 0..instances {
        let r = solve_instance(&net, 1000 + k, 1.0, k);
        let msg = format!("widths {widths:?} instance {k}: {}", summary(&r));
        assert_eq!(r.counts.failed, 0, "{msg}");
        assert_eq!(r.counts.finite, n_c, "{msg}");
        assert_eq!(r.counts.torus, n_cstar, "{msg}");
    }
}

/// Two small rows of Table 1 (quick).
#[test]
fn table1_small_rows() {
    table1_row(&[1, 1, 1], 3, 5, 4);
    table1_row(&[2, 1, 1], 2, 5, 4);
}

/// Every row of Table 1 of `001` with N ≤ 8 on 10 random instances (release).
#[test]
#[ignore = "minutes in release: cargo test --release -p homotopy --test dln_counts -- --ignored"]
fn table1_all_rows_up_to_n_8() {
    let table = dln::reference::table("bh_table1_H1_m1").expect("table 1");
    for row in 0..table.rows.len() {
        if table.integer(row, "N").unwrap() > 8 {
            continue;
        }
        let widths = table.widths(row).unwrap();
        let n_c = table.integer(row, "N_C").unwrap() as usize;
        let n_cstar = table.integer(row, "N_Cstar").unwrap() as usize;
        let t = std::time::Instant::now();
        table1_row(&widths, 10, n_c, n_cstar);
        eprintln!(
            "widths {widths:?}: N_C = {n_c}, N_C* = {n_cstar} on 10 instances, {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
}

/// The rows of Table 1 with N ≤ 8 whose gradient systems have the most paths
/// (4,1,4; 1,2,1; 2,2,1; 3,2,1; 1,2,2; 2,2,2; 1,2,3), on 10 instances each: a subset of
/// [`table1_all_rows_up_to_n_8`] that runs on its own. `TABLE1_ROWS="2,2,2;1,2,3"` picks rows.
#[test]
#[ignore = "tens of minutes in release: cargo test --release -p homotopy --test dln_counts -- --ignored"]
fn table1_rows_with_6561_or_fewer_paths_and_hidden_width_2() {
    let table = dln::reference::table("bh_table1_H1_m1").expect("table 1");
    let wanted: [[usize; 3]; 7] = [
        [4, 1, 4],
        [1, 2, 1],
        [2, 2, 1],
        [3, 2, 1],
        [1, 2, 2],
        [2, 2, 2],
        [1, 2, 3],
    ];
    // `TABLE1_ROWS="2,2,2;1,2,3"` runs only the listed rows (a long run split in parts).
    let only: Option<Vec<[usize; 3]>> = std::env::var("TABLE1_ROWS").ok().map(|v| {
        v.split(';')
            .map(|w| {
                let d: Vec<usize> = w.split(',').map(|x| x.trim().parse().unwrap()).collect();
                [d[0], d[1], d[2]]
            })
            .collect()
    });
    for w in wanted {
        if only.as_ref().is_some_and(|o| !o.contains(&w)) {
            continue;
        }
        let row = (0..table.rows.len())
            .find(|&r| table.widths(r).unwrap() == w)
            .expect("row of Table 1");
        let n_c = table.integer(row, "N_C").unwrap() as usize;
        let n_cstar = table.integer(row, "N_Cstar").unwrap() as usize;
        let t = std::time::Instant::now();
        table1_row(&w, 10, n_c, n_cstar);
        eprintln!(
            "widths {w:?}: N_C = {n_c}, N_C* = {n_cstar} on 10 instances, {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
}

/// Widths 1,2,3, instance 4 (data seed 1004, γ seed 4): 12 paths to finite solutions
/// pass through a window of t where x_0 shrinks with a steady valuation ≈ 0.27 down to
/// ρ = |x_0|/‖x‖ ≈ 1e-2; a valuation-only at-infinity test with ρ < 1e-2 lost them
/// silently (N_C = 61 instead of 73), and so did the early test at infinity with a
/// condition number of at least 1e8 growing 2× a radius (N_C = 65; see
/// [`paths_that_look_diverging_reach_finite_critical_points`] for the 8 paths).
#[test]
#[ignore = "minutes in release: cargo test --release -p homotopy --test dln_counts -- --ignored"]
fn widths_1_2_3_instance_4_keeps_all_73_critical_points() {
    let net = Network::new(vec![1, 2, 3]).unwrap();
    let r = solve_instance(&net, 1004, 1.0, 4);
    assert_eq!(r.counts.failed, 0, "{}", summary(&r));
    assert_eq!(r.counts.finite, 73, "{}", summary(&r));
    assert_eq!(r.counts.torus, 48, "{}", summary(&r));
}

/// The 8 paths of widths 1,2,3, instance 4 that the early test at infinity
/// ([`homotopy::EndgameOptions::early_infinity_ratio`]) took for paths to infinity with
/// `min_cond_at_infinity` 1e8 and `cond_growth_at_infinity` 2. Down to t = 2e-8 they
/// shrink x_0 with valuation about 1/4 to ρ = 6e-3, and the condition number of the
/// chart Jacobian grows to 1.6e8 (2.8× then 2.3× on the last radii); then they turn to
/// nonsingular critical points with ρ ≈ 4e-3 and condition number 2.8e8.
#[test]
fn paths_that_look_diverging_reach_finite_critical_points() {
    let net = Network::new(vec![1, 2, 3]).unwrap();
    let inst = Instance::random(&net, 1, 1004, 1.0).unwrap();
    let sys = gradient_system(&inst, Regularization::Linear);
    let o = SolveOptions {
        seed: 4,
        ..SolveOptions::default()
    };
    let paths = [558, 677, 2448, 2648, 4155, 4355, 5910, 6029];
    for r in homotopy::solve::track_paths(&sys, &o, &paths).unwrap() {
        assert_eq!(
            r.status,
            homotopy::PathStatus::Nonsingular,
            "path {}",
            r.path
        );
    }
}

/// δ = λ_max = 1e−5 on widths 2,2,2, m = 1: still the generic 33 critical points
/// (16 in the torus) on 20 instances, where the solutions are ill-conditioned.
/// Open problem, not passing: on 2026-11-24 instance 0 alone had not finished after 15
/// minutes in release, its paths near the ill-conditioned solutions running in
/// double-double; since the Hermite predictor (2026-11-25) it finishes in 3 minutes
/// but finds 25 of the 33 points, with 42 failed paths: endgames at t ≈ 1e-14 whose
/// Cauchy loops enclose other branch points, or run out of steps (clusters of branch
/// points as δ → 0). The default method of `critpoints dln solve` (the generic points
/// moved by a parameter homotopy, `dln::GenericCriticalPoints::track_to`) finds all 33
/// on these 20 instances at δ = 1e-5 and 1e-6, 0 failed paths (unit test
/// `small_regularization_points_are_not_taken_for_jumps` of `dln`); this test is about
/// the complete solve (`homotopy::solve`, a BKK or Bézout number of paths).
#[test]
#[ignore = "open problem, fails (instance 0: 25 of 33, 42 failed paths; 3 min an instance in release): cargo test --release -p homotopy --test dln_counts small_regularization -- --ignored --nocapture"]
fn small_regularization_keeps_the_generic_count() {
    let net = Network::new(vec![2, 2, 2]).unwrap();
    let mut escalated = 0;
    for k in 0..20 {
        let t = std::time::Instant::now();
        let r = solve_instance(&net, 5000 + k, 1e-5, k);
        let msg = format!("instance {k}: {}", summary(&r));
        eprintln!("{msg} ({:.1} s)", t.elapsed().as_secs_f64());
        assert_eq!(r.counts.failed, 0, "{msg}");
        assert_eq!(r.counts.finite, 33, "{msg}");
        assert_eq!(r.counts.nonsingular, 33, "{msg}");
        escalated += r.counts.escalated;
    }
    eprintln!("paths that raised precision over 20 instances: {escalated}");
}
