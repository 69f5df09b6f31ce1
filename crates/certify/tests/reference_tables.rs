//! Certified counts on the published tables: for every row of Tables 1 and 2 of `001`
//! (H = 1, m = 1 and m = 2) with N at most `CERTIFY_MAX_N` (default 12), on
//! `CERTIFY_INSTANCES` (default 10) random instances, the critical points found by the
//! monodromy method are all certified, the certified distinct count equals the
//! published N_C, the certified torus count the published N_C* (the points proven to
//! have a weight exactly 0 are reported), and the certified-real
//! count the solver's N_R. Prints the certification time against the solve time.
//!
//! Heavy: `cargo test --release -p certify --test reference_tables -- --ignored --nocapture`.

use certify::{certify, CertifyOptions};
use dln::{generic_critical_points, reference, GenericOptions, Instance, Network, Regularization};
use std::time::Instant;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore = "minutes in release: cargo test --release -p certify --test reference_tables -- --ignored --nocapture"]
fn certified_counts_equal_published_counts() {
    let max_n = env_or("CERTIFY_MAX_N", 12);
    let instances = env_or("CERTIFY_INSTANCES", 10) as u64;
    // `CERTIFY_ROWS="2,2,4;2,3,2"` runs only rows of these widths
    let only: Option<String> = std::env::var("CERTIFY_ROWS").ok();
    let mut mismatches = Vec::new();
    let (mut total_solve, mut total_certify) = (0.0, 0.0);
    for name in ["bh_table1_H1_m1", "bh_table2_H1_m2"] {
        let table = reference::table(name).unwrap();
        for (row, widths, m) in table.rows_up_to(max_n).unwrap() {
            let net = Network::new(widths.clone()).unwrap();
            let name_w = widths
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",");
            if only
                .as_ref()
                .is_some_and(|o| !o.split(';').any(|w| w == name_w))
            {
                continue;
            }
            let n_c = table.integer(row, "N_C").unwrap() as usize;
            let n_cstar = table.integer(row, "N_Cstar").unwrap() as usize;
            let started = Instant::now();
            let generic = generic_critical_points(&net, m, &GenericOptions::default()).unwrap();
            let generic_secs = started.elapsed().as_secs_f64();
            let (mut solve_secs, mut certify_secs, mut escalated) = (0.0, 0.0, 0);
            // points proven off the torus (track_to keeps dead weights exactly 0; the
            // proof also needs the restricted system's enclosure inside the point's
            // uniqueness box, which can fail for ill-conditioned points): reported
            let mut off_torus = 0;
            for seed in 1..=instances {
                let at = format!("{name} row {} widths {widths:?} seed {seed}", row + 1);
                let inst = Instance::random(&net, m, seed, 1.0).unwrap();
                let started = Instant::now();
                let cp = generic
                    .track_to(&inst, Regularization::Linear, seed)
                    .unwrap();
                solve_secs += started.elapsed().as_secs_f64();
                let system = dln::gradient_system(&inst, Regularization::Linear);
                let started = Instant::now();
                let r = certify(&system, cp.nonsingular(), &CertifyOptions::default()).unwrap();
                certify_secs += started.elapsed().as_secs_f64();
                escalated += r
                    .certificates
                    .iter()
                    .filter(|c| c.precision_bits > 53)
                    .count();
                let n_r = analysis::analyze(
                    &inst,
                    Regularization::Linear,
                    cp.nonsingular(),
                    &analysis::AnalysisOptions::default(),
                )
                .n_r();
                let k = &r.counts;
                off_torus += k.off_torus;
                let ours = (
                    k.uncertified,
                    k.certified_distinct,
                    k.torus,
                    k.real,
                    k.undecided,
                );
                let expected = (0, n_c, n_cstar, n_r, 0);
                if ours != expected || cp.failed > 0 {
                    let failures: Vec<String> = r
                        .failures()
                        .take(3)
                        .map(|(i, f)| format!("{i}: {f}"))
                        .collect();
                    mismatches.push(format!(
                        "{at}: (uncertified, distinct, torus, real, undecided) = {ours:?}, \
                         expected {expected:?}, failed paths {}; {failures:?}",
                        cp.failed
                    ));
                }
            }
            total_solve += solve_secs;
            total_certify += certify_secs;
            println!(
                "{name} row {}: widths {widths:?} m = {m}, N = {}, N_C = {n_c}: generic solve \
                 {generic_secs:.2} s; {instances} instances: parameter-homotopy solve \
                 {solve_secs:.3} s, certification {certify_secs:.3} s ({:.0}% of the solve), \
                 {escalated} points above f64 precision, {off_torus} proven off the torus",
                row + 1,
                net.n_weights(),
                100.0 * certify_secs / solve_secs.max(1e-12),
            );
        }
    }
    println!(
        "total: parameter-homotopy solves {total_solve:.2} s, certification {total_certify:.2} s"
    );
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
