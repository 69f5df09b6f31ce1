//! The rows of the extension table (`cargo xtask reproduce-tables`, `reduced_extension`,
//! NEW: d = 1..5, p = 1..5, d_x ∈ {1, 2, 5, 10}) outside the xtask, cheapest first, so
//! they can be computed up to a budget: the same solve (`dln::solve_reduced_squares`,
//! 10 instances, seeds 0..9) and the same real test (`analysis::is_real`, 1e-8).
//! Checks that the instances of a row agree on N_C and N_C* and leave no failed path.
//!
//! `REDUCED_EXT_MAX_PATHS` (default 24): rows with at most this many paths
//! ((1+2p)^d - 1) per instance;
//! `cargo test --release -p integration-tests --test reduced_extension -- --ignored --nocapture`.

use dln::{Instance, Network};
use std::time::Instant;

#[test]
#[ignore = "minutes in release: the extension table's rows up to a budget"]
fn extension_rows_are_consistent() {
    let max_paths: u64 = integration_tests::env_or("REDUCED_EXT_MAX_PATHS", 24);
    let mut rows: Vec<(u64, usize, usize, usize)> = Vec::new();
    for d in 1..=5usize {
        for p in 1..=5usize {
            for n in [1, 2, 5, 10] {
                let cost = (1 + 2 * p as u64).pow(d as u32) - 1;
                if cost <= max_paths {
                    rows.push((cost, d, p, n));
                }
            }
        }
    }
    rows.sort();
    let mut problems = Vec::new();
    for (cost, d, p, n) in rows {
        let net = Network::new(vec![n, d, p]).unwrap();
        let started = Instant::now();
        let (mut n_c, mut n_cstar, mut max_nr, mut failed, mut paths) =
            (Vec::new(), Vec::new(), (0, 0), 0, 0);
        for seed in 0..10u64 {
            let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
            let r = dln::solve_reduced_squares(&inst, seed).unwrap();
            let n_r = r
                .critical_points
                .iter()
                .filter(|w| analysis::is_real(w, 1e-8))
                .count();
            if n_r > max_nr.0 || seed == 0 {
                max_nr = (n_r, seed);
            }
            n_c.push(r.critical_points.len());
            n_cstar.push(r.torus);
            failed += r.failed;
            paths += r.paths_tracked;
        }
        n_c.sort();
        n_cstar.sort();
        println!(
            "d = {d}, d_x = {n}, p = {p} ({cost} paths per instance): N_C {:?}, N_C* {:?}, \
             max N_R {} (seed {}), {paths} paths, {failed} failed, {:.1} s",
            n_c,
            n_cstar,
            max_nr.0,
            max_nr.1,
            started.elapsed().as_secs_f64()
        );
        if n_c[0] != n_c[9] || n_cstar[0] != n_cstar[9] || failed > 0 {
            problems.push(format!("d = {d}, d_x = {n}, p = {p}"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
