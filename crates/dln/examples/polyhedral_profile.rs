//! Where the polyhedral homotopy spends its steps on one row of the tables of `001`:
//! stage 1 (the random start system from the mixed cells) and stage 2 (to the instance),
//! with times, counts, and steps per path by endpoint class.
//!
//! ```text
//! cargo run --release -p dln --example polyhedral_profile -- WIDTHS M [PATHS] [SEED]
//! cargo run --release -p dln --example polyhedral_profile -- 2,2,2,1 1 600
//! ```
//!
//! `WIDTHS` are $d_x, d_1, \dots, d_y$, `M` the data points, `PATHS` the first paths
//! tracked (all by default), `SEED` the instance (1). The start system and the lifting
//! are those of `cargo xtask polyhedral-check` (seed 1). Set `PLAIN_CONDITION=1` to
//! decide precision on the plain condition number ([`homotopy::AmpConfig::row_scaled`]
//! off), and `DIRECT_ALWAYS=1` to make the endgame try its direct attempt on every
//! path ([`homotopy::EndgameOptions::skip_direct_valuation`] infinite), for comparison;
//! `SHOW_FAILED=1` lists the failed paths with their reasons; `STAGE1_FROM=A` runs
//! stage 1 of paths `A..PATHS` alone and lists its failures;
//! `MAX_WINDING_DIVERGING=C` sets
//! [`homotopy::EndgameOptions::max_winding_number_diverging`]; `RK4_ONLY=1` keeps the
//! RK4 predictor throughout ([`homotopy::TrackerOptions::hermite_predictor`] off);
//! `EARLY_INFINITY_RATIO=R` sets [`homotopy::EndgameOptions::early_infinity_ratio`]
//! (0 switches the early test at infinity off); `SEGMENT_MAX_STEP=H` sets
//! [`homotopy::EndgameOptions::segment_max_step`].

use dln::{gradient_system, Instance, Network, Regularization};
use homotopy::polyhedral::{solve_from_roots, PolyhedralOptions, PolyhedralStart};
use homotopy::{PathStatus, SolveOptions};
use std::collections::BTreeMap;
use std::time::Instant;

/// Whether the switch `name` is set to `1`.
fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

/// The value of the setting `name`, if it is set and parses.
fn setting<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("polyhedral_profile: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: polyhedral_profile WIDTHS M [PATHS] [SEED]";
    let widths: Vec<usize> = args
        .first()
        .ok_or(usage)?
        .split(',')
        .map(|w| w.parse().map_err(|_| format!("bad width `{w}`")))
        .collect::<Result<_, _>>()?;
    let number = |i: usize, default: Option<u64>| -> Result<Option<u64>, String> {
        match args.get(i) {
            Some(a) => a.parse().map(Some).map_err(|_| format!("`{a}`: {usage}")),
            None => Ok(default),
        }
    };
    let m = number(1, None)?.ok_or(usage)? as usize;
    let seed = number(3, Some(1))?.unwrap_or(1);
    let plain = flag("PLAIN_CONDITION");
    let net = Network::new(widths).map_err(|e| e.to_string())?;
    let instance = |s: u64| Instance::random(&net, m, s, 1.0).map_err(|e| e.to_string());
    let first = gradient_system(&instance(1)?, Regularization::Linear);
    let mut po = PolyhedralOptions {
        solve: SolveOptions {
            seed,
            ..SolveOptions::default()
        },
        ..PolyhedralOptions::default()
    };
    po.stage1.amp.row_scaled = !plain;
    po.solve.tracker.amp.row_scaled = !plain;
    if let Some(c) = setting("MAX_WINDING_DIVERGING") {
        po.solve.endgame.max_winding_number_diverging = c;
    }
    if let Some(r) = setting("EARLY_INFINITY_RATIO") {
        po.solve.endgame.early_infinity_ratio = r;
    }
    if let Some(h) = setting("SEGMENT_MAX_STEP") {
        po.solve.endgame.segment_max_step = h;
    }
    if flag("RK4_ONLY") {
        po.stage1.hermite_predictor = false;
        po.solve.tracker.hermite_predictor = false;
    }
    if flag("DIRECT_ALWAYS") {
        po.solve.endgame.skip_direct_valuation = f64::INFINITY;
    }
    let t = Instant::now();
    let start = PolyhedralStart::new(&first, po.space, 1, po.start_perturbation)
        .map_err(|e| e.to_string())?;
    println!(
        "{} mixed cells, mixed volume {} ({:.2} s); precision on the {} condition number",
        start.cells.len(),
        start.mixed_volume,
        t.elapsed().as_secs_f64(),
        if plain { "plain" } else { "row-scaled" }
    );
    let count = number(2, Some(start.mixed_volume))?
        .unwrap_or(start.mixed_volume)
        .min(start.mixed_volume);
    if let Some(from) = setting::<u64>("STAGE1_FROM") {
        // stage 1 of paths from..count alone, its failures listed
        let roots = start.start_roots_in(from.min(count)..count, &po.stage1, 1e-8);
        for r in roots.iter().filter(|r| r.root.is_err()) {
            println!("  stage-1 path {}: {:?}", r.path, r.root.as_ref().err());
        }
        println!(
            "stage 1 of paths {from}..{count}: {} failed",
            roots.iter().filter(|r| r.root.is_err()).count()
        );
        return Ok(());
    }
    let t = Instant::now();
    let roots = start.start_roots(count, &po.stage1, 1e-8);
    let stage1 = t.elapsed().as_secs_f64();
    let steps1: usize = roots.iter().map(|r| r.stats.steps).sum();
    let escalated1 = roots.iter().filter(|r| r.stats.max_bits > 53).count();
    println!(
        "stage 1: {count} paths in {stage1:.2} s, {} failed, {:.1} steps per path, {escalated1} \
         above f64",
        roots.iter().filter(|r| r.root.is_err()).count(),
        steps1 as f64 / count as f64
    );
    let target = gradient_system(&instance(seed)?, Regularization::Linear);
    let t = Instant::now();
    let r = solve_from_roots(&target, &start, &roots, &po).map_err(|e| e.to_string())?;
    println!(
        "stage 2: {:.2} s, {} finite ({} in the torus), {} at infinity, {} failed, {} above f64",
        t.elapsed().as_secs_f64(),
        r.counts.finite,
        r.counts.torus,
        r.counts.at_infinity,
        r.counts.failed,
        r.counts.escalated
    );
    if flag("SHOW_FAILED") {
        for p in r.failed() {
            println!(
                "  failed path {}: {:?} after {} steps",
                p.path, p.status, p.steps
            );
        }
    }
    // steps of stage 2 alone, by class and winding number
    let mut classes: BTreeMap<(String, usize), [usize; 3]> = BTreeMap::new();
    for (p, s) in r.paths.iter().zip(&roots) {
        let class = match &p.status {
            PathStatus::Failed(_) => "failed".to_string(),
            other => format!("{other:?}"),
        };
        let e = classes.entry((class, p.winding_number)).or_default();
        e[0] += 1;
        e[1] += p.steps - s.stats.steps;
        e[2] += p.rejected_steps - s.stats.rejected;
    }
    for ((class, c), [n, steps, rejected]) in classes {
        println!(
            "  {class:12} c = {c:2}: {n:7} paths, {:.1} steps and {:.1} rejected per path",
            steps as f64 / n as f64,
            rejected as f64 / n as f64
        );
    }
    Ok(())
}
