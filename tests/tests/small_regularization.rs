//! Tiny regularization (Figure 1 of `000`: $\lambda_i$ uniform in $[0, \delta]$ down to
//! $\delta = 10^{-5}$, and on to $10^{-8}$, where the critical points become
//! ill-conditioned): on widths 2,2,2 with m = 1 every instance still has the generic
//! N_C = 33 (Table I of `000`) and N_C* = 16 (Table 1 of `001`), no failed path,
//! complete sign-flip orbits, the zero patterns 16 + 8 + 8 + 1 and no violation of
//! Section 4 of `001`; and every point is certified by the interval Krawczyk test
//! (`certify`), 33 distinct, 16 in the torus, the certified-real count equal to N_R.
//!
//! The points are the generic ones moved by a parameter homotopy; the condition
//! numbers of the targets reach $10^{16}$ at $\delta = 10^{-5}$ (critical points with
//! $\|W_2\| \sim 10^4$, $\|W_1\| \sim 10^{-3}$), so their endpoints are confirmed in
//! multiprecision (`homotopy::track_generic`); below $\delta = 10^{-2}$ they are moved
//! in stages (`dln::STAGE_RATIO`). The mean N_R per $\delta$ (the curve of Figure 1) is
//! printed. At $\delta = 10^{-9}$ the moves and the certification still succeed, but the
//! analysis's real Newton refinement in `f64` no longer converges on some points (it
//! reports them as `real_failures`), so the test stops at $10^{-8}$.
//!
//! A second test checks the counts, the failed paths and the certification with m = 2,
//! down to $\delta = 10^{-6}$ (N_C = 225, N_C* = 192), where half of the torus points
//! have condition numbers of $10^{13}$ and more.
//!
//! `SMALLREG_INSTANCES=20 cargo test --release -p integration-tests --test small_regularization -- --ignored --nocapture`

use analysis::{analyze, AnalysisOptions, InstanceAnalysis};
use dln::{
    generic_critical_points, reference, CriticalPoints, GenericCriticalPoints, GenericOptions,
    Instance, Network, Regularization,
};
use num_complex::Complex64;

/// Widths 2,2,2 with `m` data points: its generic critical points (all
/// found, none failed) and the published N_C and N_C* of its row of `table`.
fn widths_2_2_2(table: &str, m: usize) -> (GenericCriticalPoints, usize, usize) {
    let t = reference::table(table).unwrap();
    let row = (0..t.rows.len())
        .find(|&r| t.widths(r).unwrap() == [2, 2, 2])
        .unwrap();
    let (n_c, n_cstar) = (
        t.integer(row, "N_C").unwrap() as usize,
        t.integer(row, "N_Cstar").unwrap() as usize,
    );
    let net = Network::new(vec![2, 2, 2]).unwrap();
    let generic = generic_critical_points(&net, m, &GenericOptions::default()).unwrap();
    assert_eq!((generic.points.len(), generic.failed), (n_c, 0));
    (generic, n_c, n_cstar)
}

/// The instance of `generic`'s network and number of points with data seed `seed` and
/// $\Lambda \in [0, \delta]$, its critical points (the generic ones moved by
/// `track_to`, none failed) and their analysis, whose N_C and N_C* must be `counts`;
/// with a label for messages.
fn solved(
    generic: &GenericCriticalPoints,
    seed: u64,
    delta: f64,
    counts: (usize, usize),
) -> (Instance, CriticalPoints, InstanceAnalysis, String) {
    let family = &generic.family;
    let inst = Instance::random(family.network(), family.points(), seed, delta).unwrap();
    let cp = generic
        .track_to(&inst, Regularization::Linear, seed)
        .unwrap();
    let at = format!("delta {delta:e}, seed {seed}");
    assert_eq!(cp.failed, 0, "{at}");
    let a = analyze(
        &inst,
        Regularization::Linear,
        cp.nonsingular(),
        &AnalysisOptions::default(),
    );
    assert_eq!((a.n_c, a.n_cstar), counts, "{at}");
    (inst, cp, a, at)
}

/// Every point of `points` certified by `certify`: N_C distinct, N_C* in the torus,
/// and as many certified real as the analysis found (`counts` = (N_C, N_C*, N_R)).
fn assert_certified(
    inst: &Instance,
    points: &[Vec<Complex64>],
    counts: (usize, usize, usize),
    at: &str,
) {
    let system = dln::gradient_system(inst, Regularization::Linear);
    let c = certify::certify(&system, points, &Default::default()).unwrap();
    let k = &c.counts;
    let failures: Vec<_> = c.failures().collect();
    assert_eq!(
        (k.certified, k.certified_distinct, k.torus, k.real),
        (counts.0, counts.0, counts.1, counts.2),
        "{at}: certified {k:?}, failures {failures:?}"
    );
}

#[test]
#[ignore = "minutes in release: 5 x SMALLREG_INSTANCES instances"]
fn widths_2_2_2_keep_the_generic_counts_down_to_delta_1e_minus_8() {
    let k: u64 = integration_tests::env_or("SMALLREG_INSTANCES", 20);
    let (generic, n_c, n_cstar) = widths_2_2_2("bh_table1_H1_m1", 1);
    for delta in [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8] {
        let started = std::time::Instant::now();
        let mut n_r = 0usize;
        let mut max_n_r = (0, 0);
        for seed in 1..=k {
            let (inst, cp, a, at) = solved(&generic, seed, delta, (n_c, n_cstar));
            assert!(a.real_failures.is_empty(), "{at}: {:?}", a.real_failures);
            assert_eq!(a.orbits_complete(), Some(true), "{at}");
            let mut counts: Vec<usize> = a.zero_patterns.values().copied().collect();
            counts.sort_unstable();
            assert_eq!(counts, [1, 8, 8, 16], "{at}: {:?}", a.zero_patterns);
            assert!(
                a.zero_pattern_violations.is_empty(),
                "{at}: {:?}",
                a.zero_pattern_violations
            );
            assert_certified(&inst, cp.nonsingular(), (n_c, n_cstar, a.n_r()), &at);
            n_r += a.n_r();
            if a.n_r() > max_n_r.0 {
                max_n_r = (a.n_r(), seed);
            }
        }
        println!(
            "delta {delta:e}: {k} instances, N_C = {n_c}, N_C* = {n_cstar} on all, mean N_R = \
             {:.2}, max N_R = {} (seed {}), {:.1} s",
            n_r as f64 / k as f64,
            max_n_r.0,
            max_n_r.1,
            started.elapsed().as_secs_f64()
        );
    }
}

/// With $m = 2$ data points (Table 2 of `001`: N_C = 225, N_C* = 192 on widths 2,2,2)
/// about half of the torus critical points grow like $\delta^{-1/2}$ with condition
/// numbers like $\delta^{-2}$ ($10^{13}$–$10^{15}$ at $\delta = 10^{-6}$; `BENCHMARKS.md`).
/// `f64` Newton wanders from them, so the instance's exact refinement of the moved
/// points (the family's data parameters are the rounded moments) must work at 128 bits
/// from the points themselves and refuse what lands far away. Every instance keeps the
/// generic counts with 0 failed paths, and every point is certified: 225 distinct, 192
/// in the torus, the certified-real count equal to N_R. At $10^{-7}$ the solves still
/// succeed, but some points are too ill-conditioned for the `f64` torus test of the
/// analysis and for the certification, so the test stops at $10^{-6}$.
///
/// `SMALLREG_M2_INSTANCES=5 cargo test --release -p integration-tests --test small_regularization -- --ignored --nocapture`
#[test]
#[ignore = "minutes in release: 4 x SMALLREG_M2_INSTANCES instances"]
fn widths_2_2_2_with_two_points_keep_the_generic_counts_down_to_delta_1e_minus_6() {
    let k: u64 = integration_tests::env_or("SMALLREG_M2_INSTANCES", 5);
    let (generic, n_c, n_cstar) = widths_2_2_2("bh_table2_H1_m2", 2);
    for delta in [1e-3, 1e-4, 1e-5, 1e-6] {
        let started = std::time::Instant::now();
        for seed in 1..=k {
            let (inst, cp, a, at) = solved(&generic, seed, delta, (n_c, n_cstar));
            assert_certified(&inst, cp.nonsingular(), (n_c, n_cstar, a.n_r()), &at);
        }
        println!(
            "delta {delta:e}, m = 2: {k} instances, N_C = {n_c}, N_C* = {n_cstar} on all, \
             certified, {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
}
