//! Issue 6: the trace test (`homotopy::trace`) confirms the completeness of the generic
//! critical points found by monodromy (`dln::generic_critical_points`).
//!
//! - `small_rows_pass_the_trace_test` (in the default test run): every published row
//!   with $N \le 3$, and a network in no table (widths 1,1,1,1,1, $H = 3$).
//! - `trace_test_confirms_the_generic_counts` (ignored, heavy): every row with
//!   $N \le$ `TRACE_MAX_N` (default 8), or the cases in `TRACE_CASES`
//!   (`"1,3,3,1:1;3,2,3:5"`: widths and $m$), each with its time:
//!   `TRACE_CASES="1,3,3,1:1" cargo test --release -p integration-tests --test trace_test -- --ignored --nocapture`.

use dln::{generic_critical_points, reference, GenericOptions, Network};
use std::time::Instant;

/// Solves `widths`, `m` by monodromy, runs the trace test, prints one line and returns
/// a problem if it does not verify.
fn check(widths: &[usize], m: usize) -> Option<String> {
    let net = Network::new(widths.to_vec()).unwrap();
    let started = Instant::now();
    let g = generic_critical_points(&net, m, &GenericOptions::default()).unwrap();
    let solve = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let t = g.trace_test(1).unwrap();
    let trace = started.elapsed().as_secs_f64();
    println!(
        "widths {widths:?} m = {m}: N_C = {}, generic solve {solve:.1} s; trace test {} \
         (nonlinearity {:.1e}, |W2| = {}, fibre found again {}, {} paths, {} failed), {trace:.1} s",
        g.points.len(),
        if t.verified {
            "verified"
        } else {
            "NOT verified"
        },
        t.nonlinearity,
        t.side,
        t.fibre_found,
        t.paths_tracked,
        t.failed_paths
    );
    (!t.verified || g.failed > 0).then(|| format!("widths {widths:?} m = {m}: {t:?}"))
}

fn rows(max_n: usize) -> Vec<(Vec<usize>, usize)> {
    let mut out: Vec<(Vec<usize>, usize)> = Vec::new();
    for table in reference::tables() {
        if table.column("N_C").is_none() {
            continue;
        }
        for (_, widths, m) in table.rows_up_to(max_n).unwrap() {
            if !out.contains(&(widths.clone(), m)) {
                out.push((widths, m));
            }
        }
    }
    out
}

#[test]
fn small_rows_pass_the_trace_test() {
    let mut cases = rows(3);
    cases.push((vec![1, 1, 1, 1, 1], 1));
    let problems: Vec<String> = cases.iter().filter_map(|(w, m)| check(w, *m)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "heavy: run in release"]
fn trace_test_confirms_the_generic_counts() {
    let cases: Vec<(Vec<usize>, usize)> = match std::env::var("TRACE_CASES") {
        Ok(list) => list
            .split(';')
            .map(|c| {
                let (w, m) = c.split_once(':').expect("widths:m");
                (
                    w.split(',').map(|v| v.trim().parse().unwrap()).collect(),
                    m.trim().parse().unwrap(),
                )
            })
            .collect(),
        Err(_) => rows(integration_tests::env_or("TRACE_MAX_N", 8)),
    };
    let problems: Vec<String> = cases.iter().filter_map(|(w, m)| check(w, *m)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
