//! Issue 6: the parameter homotopy (one generic solve by monodromy, then $N_{\mathbb C}$
//! paths per instance) against the polyhedral homotopy (BKK-many paths per instance) on
//! the same instances, for every row of Tables 1–4 of `001` with $N \le$ `PVP_MAX_N`
//! (default 15).
//!
//! For each row: the generic solve (timed once), then `PVP_INSTANCES` (default 10)
//! random real instances (`Instance::random(net, m, seed, 1.0)`, seeds 1, 2, ...), each
//! solved by the parameter homotopy; its counts must be the published $N_{\mathbb C}$
//! and $N_{\mathbb C^*}$ with no failed path. Where the $\mathbb C^N$ BKK bound is at most
//! `PVP_MAX_BKK` (default 600) the same instances are also solved by the polyhedral
//! homotopy, which must track exactly BKK paths, fail none and find the same number of
//! finite and torus solutions. Rows above the cap are reported with their BKK count and
//! no polyhedral time. A Markdown table of the times and the estimated wall time of 100
//! instances per row (generic solve + 100 × the mean per-instance time) is printed.
//!
//! `PVP_MAX_N=15 PVP_INSTANCES=10 cargo test --release -p integration-tests --test parameter_vs_polyhedral -- --ignored --nocapture`

use dln::{generic_critical_points, gradient_system, reference};
use dln::{GenericOptions, Instance, Network, Regularization};
use homotopy::polyhedral::{solve as polyhedral_solve, PolyhedralOptions};
use std::fmt::Write as _;
use std::time::Instant;

/// Records a problem and prints it at once (a long run stopped early still shows it).
fn note(problems: &mut Vec<String>, problem: String) {
    println!("PROBLEM: {problem}");
    problems.push(problem);
}

#[test]
#[ignore = "an hour in release: every row with N <= 15, 10 instances each"]
fn parameter_homotopy_counts_equal_polyhedral_counts_on_shared_instances() {
    let max_n: usize = integration_tests::env_or("PVP_MAX_N", 15);
    let k: u64 = integration_tests::env_or("PVP_INSTANCES", 10);
    let max_bkk: u64 = integration_tests::env_or("PVP_MAX_BKK", 600);
    let mut problems = Vec::new();
    let mut md = String::from(
        "| table | widths | m | N | N_C | BKK (C^N) | generic solve | per instance, parameter | \
         per instance, polyhedral | 100 instances, estimated |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut total_100 = 0.0;
    let started_all = Instant::now();
    for table in reference::tables() {
        if !table.name.starts_with("bh_table") {
            continue;
        }
        for (row, widths, m) in table.rows_up_to(max_n).unwrap() {
            let net = Network::new(widths.clone()).unwrap();
            let n_c = table.integer(row, "N_C").unwrap() as usize;
            let n_cstar = table.integer(row, "N_Cstar").unwrap() as usize;
            let label = format!("{} row {} widths {widths:?} m = {m}", table.name, row + 1);
            let t0 = Instant::now();
            let generic = generic_critical_points(&net, m, &GenericOptions::default()).unwrap();
            let generic_secs = t0.elapsed().as_secs_f64();
            if generic.failed > 0
                || (generic.points.len() != n_c && !table.is_discrepancy(row, "N_C"))
            {
                note(
                    &mut problems,
                    format!(
                        "{label}: generic solve {} points ({} failed), published {n_c}",
                        generic.points.len(),
                        generic.failed
                    ),
                );
                continue;
            }
            let bkk = {
                let inst = Instance::random(&net, m, 1, 1.0).unwrap();
                let sys = gradient_system(&inst, Regularization::Linear);
                polytope::affine_mixed_volume(&sys.supports())
                    .unwrap()
                    .to_u64()
                    .unwrap()
            };
            let (mut param_secs, mut poly_secs) = (0.0, 0.0);
            for seed in 1..=k {
                let inst = Instance::random(&net, m, seed, 1.0).unwrap();
                let t = Instant::now();
                let cp = generic
                    .track_to(&inst, Regularization::Linear, seed)
                    .unwrap();
                param_secs += t.elapsed().as_secs_f64();
                let torus = cp
                    .points
                    .iter()
                    .filter(|p| p.iter().all(|z| z.norm() > 0.0))
                    .count();
                if cp.failed > 0 || cp.points.len() != n_c || torus != n_cstar {
                    note(
                        &mut problems,
                        format!(
                        "{label} seed {seed}: parameter homotopy N_C {} N_C* {torus}, {} failed \
                         (published {n_c}, {n_cstar})",
                        cp.points.len(),
                        cp.failed
                    ),
                    );
                }
                if bkk > max_bkk {
                    continue;
                }
                let sys = gradient_system(&inst, Regularization::Linear);
                let t = Instant::now();
                let r = polyhedral_solve(
                    &sys,
                    &PolyhedralOptions {
                        solve: homotopy::SolveOptions {
                            seed,
                            ..homotopy::SolveOptions::default()
                        },
                        ..PolyhedralOptions::default()
                    },
                )
                .unwrap();
                poly_secs += t.elapsed().as_secs_f64();
                if r.paths_tracked != bkk
                    || r.counts.failed > 0
                    || r.counts.finite != cp.points.len()
                    || r.counts.torus != torus
                {
                    note(
                        &mut problems,
                        format!(
                        "{label} seed {seed}: polyhedral {} paths (BKK {bkk}), {:?}; parameter \
                         homotopy {} points, {torus} in the torus",
                        r.paths_tracked,
                        r.counts,
                        cp.points.len()
                    ),
                    );
                }
            }
            let per_param = param_secs / k as f64;
            let poly = if bkk > max_bkk {
                format!("not run (BKK > {max_bkk})")
            } else {
                format!("{:.3} s", poly_secs / k as f64)
            };
            let est = generic_secs + 100.0 * per_param;
            total_100 += est;
            println!(
                "{label}: N_C {n_c}, BKK {bkk}, generic {generic_secs:.2} s, parameter \
                 {per_param:.3} s/instance, polyhedral {poly}, 100 instances ≈ {est:.0} s"
            );
            let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                md,
                "| {} | {} | {m} | {} | {n_c} | {bkk} | {generic_secs:.2} s | {per_param:.3} s | {poly} | {est:.0} s |",
                &table.name[..9],
                w.join(","),
                net.n_weights()
            );
        }
    }
    println!("{md}");
    println!(
        "all rows: {:.0} s for this run; 100 instances per row estimated at {total_100:.0} s",
        started_all.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
