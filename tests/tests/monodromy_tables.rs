//! The generic counts N_C and N_C* of every published table row with N at most
//! `MONODROMY_MAX_N` (default 10), computed by monodromy over the dead-neuron strata
//! (`dln::generic_critical_points`) and compared with the published values.
//!
//! Heavy: run in release,
//! `MONODROMY_MAX_N=15 cargo test --release -p integration-tests --test monodromy_tables -- --ignored --nocapture`.

use dln::{generic_critical_points, reference, GenericOptions, Network};
use std::time::Instant;

#[test]
#[ignore = "minutes in release: every table row by monodromy"]
fn monodromy_reaches_every_published_generic_count() {
    let max_n: usize = integration_tests::env_or("MONODROMY_MAX_N", 10);
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for table in reference::tables() {
        if table.column("N_C").is_none() {
            continue;
        }
        for (row, widths, m) in table.rows_up_to(max_n).unwrap() {
            let net = Network::new(widths.clone()).unwrap();
            let started = Instant::now();
            let g = generic_critical_points(&net, m, &GenericOptions::default()).unwrap();
            let secs = started.elapsed().as_secs_f64();
            let paths: u64 = g.paths_tracked;
            let published = table.integer(row, "N_C").unwrap() as usize;
            let published_star = table
                .column("N_Cstar")
                .map(|_| table.integer(row, "N_Cstar").unwrap() as usize);
            println!(
                "{} row {}: widths {widths:?} m = {m}: N_C = {} (published {published}), N_C* = {} \
                 (published {published_star:?}), {paths} paths, {} failed, {secs:.1} s",
                table.name,
                row + 1,
                g.points.len(),
                g.torus(),
                g.failed
            );
            checked += 1;
            let documented = |col: &str| table.is_discrepancy(row, col);
            if g.points.len() != published && !documented("N_C") {
                mismatches.push(format!(
                    "{} row {}: N_C {} vs {published}",
                    table.name,
                    row + 1,
                    g.points.len()
                ));
            }
            if let Some(p) = published_star {
                if g.torus() != p && !documented("N_Cstar") {
                    mismatches.push(format!(
                        "{} row {}: N_C* {} vs {p}",
                        table.name,
                        row + 1,
                        g.torus()
                    ));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
