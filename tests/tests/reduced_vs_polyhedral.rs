//! Side by side on the Table 1 rows of `001` with the largest BKK counts (widths 4,3,2:
//! BKK 2,146,689; 3,2,4 and 4,2,3: 351,649), one instance each
//! (`Instance::random(&net, 1, 0, 1.0)`): paths tracked and time of
//!
//! - the reduced systems of Theorem 5 by a parameter homotopy
//!   (`dln::solve_reduced_parameter`; the generic solutions of the families,
//!   `dln::generic_reduced_solutions`, timed separately: computed once per p),
//! - with `REDUCED_TD=1`, the reduced systems by total degree (`dln::solve_reduced`, at
//!   most B_C paths; slow where paths need multiprecision),
//! - the polyhedral homotopy on the full gradient system (`homotopy::polyhedral::solve`,
//!   BKK paths). Tracking all of them is out of reach on this machine (hours), so it
//!   tracks the first `POLY_SAMPLE_PATHS` (default 400) start paths and reports the
//!   setup (mixed cells, start system) and the time per path; the full time is
//!   *estimated* as setup + BKK x time per path, and printed as an estimate.
//!
//! The reduced solves must give the published N_C and N_C*; the test fails otherwise.
//! Each phase prints its time as it ends. `POLY_ROWS="4,3,2;3,2,4"` picks rows.
//! `cargo test --release -p integration-tests --test reduced_vs_polyhedral -- --ignored --nocapture`

use dln::{
    generic_reduced_solutions, gradient_system, reference, GenericReducedOptions, Instance,
    Network, Regularization,
};
use integration_tests::env_or;
use std::time::Instant;

#[test]
#[ignore = "many minutes in release: the largest Table 1 rows, three methods"]
fn reduced_against_polyhedral_on_the_largest_rows() {
    let sample: u64 = env_or("POLY_SAMPLE_PATHS", 400);
    let with_td = env_or("REDUCED_TD", 0usize) == 1;
    let only: Option<String> = std::env::var("POLY_ROWS").ok();
    let t1 = reference::table("bh_table1_H1_m1").unwrap();
    let mut problems = Vec::new();
    for widths in [[4usize, 3, 2], [3, 2, 4], [4, 2, 3]] {
        let name = format!("{},{},{}", widths[0], widths[1], widths[2]);
        if only
            .as_ref()
            .is_some_and(|o| !o.split(';').any(|w| w == name))
        {
            continue;
        }
        let row = (0..t1.rows.len())
            .find(|&r| t1.widths(r).unwrap() == widths)
            .expect("a row of Table 1");
        let int = |c: &str| t1.integer(row, c).unwrap();
        let (n_c, n_cstar, bkk) = (
            int("N_C") as usize,
            int("N_Cstar") as usize,
            int("BKK_affine"),
        );
        let net = Network::new(widths.to_vec()).unwrap();
        let inst = Instance::random(&net, 1, 0, 1.0).unwrap();

        let t = Instant::now();
        let generic =
            generic_reduced_solutions(widths[1], widths[2], &GenericReducedOptions::default())
                .unwrap();
        let generic_secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let par = dln::solve_reduced_parameter(&inst, &generic, 0).unwrap();
        let par_secs = t.elapsed().as_secs_f64();

        println!(
            "{name}: reduced, parameter homotopy: {} paths, {par_secs:.2} s (generic {generic_secs:.2} s)",
            par.paths_tracked
        );
        let td = with_td.then(|| {
            let t = Instant::now();
            let td = dln::solve_reduced(&inst, 0).unwrap();
            println!(
                "{name}: reduced, total degree: {:.2} s",
                t.elapsed().as_secs_f64()
            );
            (td, t.elapsed().as_secs_f64())
        });

        let system = gradient_system(&inst, Regularization::Linear);
        let options = homotopy::PolyhedralOptions::default();
        let t = Instant::now();
        let start = homotopy::polyhedral::PolyhedralStart::new(
            &system,
            options.space,
            options.solve.seed,
            options.start_perturbation,
        )
        .unwrap();
        let setup_secs = t.elapsed().as_secs_f64();
        println!(
            "{name}: polyhedral setup (mixed cells, start system): {setup_secs:.1} s, {} cells",
            start.cells.len()
        );
        assert_eq!(start.mixed_volume, bkk, "{widths:?}: BKK");
        let t = Instant::now();
        let poly = homotopy::polyhedral::solve_with_start(
            &system,
            &start,
            &homotopy::PolyhedralOptions {
                solve: homotopy::SolveOptions {
                    max_paths: Some(sample),
                    ..options.solve.clone()
                },
                ..options
            },
        )
        .unwrap();
        let sample_secs = t.elapsed().as_secs_f64();
        let per_path = sample_secs / poly.paths_tracked as f64;
        let estimate = setup_secs + per_path * bkk as f64;

        println!(
            "widths {widths:?} (N = {}, published N_C = {n_c}, N_C* = {n_cstar}, BKK = {bkk}):",
            net.n_weights()
        );
        println!(
            "  reduced, parameter homotopy: {} paths, {:.2} s, N_C = {}, N_C* = {}, {} failed \
             (generic families once per p: {:.2} s)",
            par.paths_tracked,
            par_secs,
            par.critical_points.len(),
            par.torus,
            par.failed,
            generic_secs
        );
        if let Some((td, td_secs)) = &td {
            println!(
                "  reduced, total degree:       {} paths, {:.2} s, N_C = {}, N_C* = {}, {} failed",
                td.paths_tracked,
                td_secs,
                td.critical_points.len(),
                td.torus,
                td.failed
            );
        }
        println!(
            "  polyhedral (full system):    {bkk} paths; setup {setup_secs:.1} s, {} sample \
             paths {:.1} s ({:.3} s per path, {} failed in the sample) => estimated \
             {:.0} s ({:.1} h) for all paths",
            poly.paths_tracked,
            sample_secs,
            per_path,
            poly.counts.failed,
            estimate,
            estimate / 3600.0
        );
        let mut solves = vec![("parameter", &par)];
        if let Some((td, _)) = &td {
            solves.push(("total degree", td));
        }
        for (what, r) in solves {
            if (r.critical_points.len(), r.torus, r.failed) != (n_c, n_cstar, 0) {
                problems.push(format!(
                    "{widths:?} reduced ({what}): N_C {}, N_C* {}, {} failed",
                    r.critical_points.len(),
                    r.torus,
                    r.failed
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
