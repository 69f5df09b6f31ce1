//! `critpoints solve FILE`: all isolated solutions of a square system by homotopy
//! continuation (total-degree or polyhedral start system), summarized like
//! HomotopyContinuation.jl, or as the JSON document of `DESIGN.md` with `--json`.

use crate::{emit, finite_or_null, read_system, CliError};
use clap::{Args, ValueEnum};
use homotopy::{PathStatus, SolveOptions, SolveResult};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Start systems offered by `solve`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum StartSystem {
    /// Polyhedral if the BKK bound in C^n is below the Bezout number, else total degree.
    Auto,
    /// $x_i^{d_i} - 1$, Bezout many paths.
    TotalDegree,
    /// Huber–Sturmfels polyhedral homotopy in C^n (Li–Wang): BKK many paths.
    Polyhedral,
}

/// When `solve` scales the equations and unknowns by powers of ten first.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Scaling {
    /// When it narrows the spread of the coefficients' magnitudes by 6 decades or more.
    Auto,
    /// Always (unless the scaling is the identity).
    On,
    /// Never.
    Off,
}

/// Arguments of `critpoints solve`.
#[derive(Args, Debug)]
pub(crate) struct SolveArgs {
    /// A system file in PHCpack or Bertini format (detected).
    file: PathBuf,
    /// Start system of the homotopy.
    #[arg(long, value_enum, default_value_t = StartSystem::Auto)]
    start: StartSystem,
    /// Seed of the random choices (γ, projective chart).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Scale equations and unknowns by powers of ten before tracking (least squares on
    /// the coefficients' magnitudes, as PHCpack's and Morgan's SCLGEN); solutions are
    /// reported in the original unknowns.
    #[arg(long, value_enum, default_value_t = Scaling::Auto)]
    scaling: Scaling,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Print every solution and failure as JSON.
    #[arg(long)]
    json: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Certify every solution by the interval Krawczyk method and report the certified
    /// counts (N_C, real, non-real, in the torus, uncertified with reasons).
    #[arg(long)]
    certify: bool,
}

/// Runs `critpoints solve`.
pub(crate) fn solve(args: &SolveArgs) -> Result<(), CliError> {
    let system = read_system(&args.file)?;
    let options = SolveOptions {
        seed: args.seed,
        scaling: match args.scaling {
            Scaling::Auto => homotopy::ScalingMode::Auto,
            Scaling::On => homotopy::ScalingMode::On,
            Scaling::Off => homotopy::ScalingMode::Off,
        },
        ..SolveOptions::default()
    };
    let started = std::time::Instant::now();
    let polyhedral = match args.start {
        StartSystem::TotalDegree => false,
        StartSystem::Polyhedral => true,
        StartSystem::Auto => {
            let bezout = polytope::bezout_bound(&system.degrees());
            let supports = polytope::system_supports(&system)?;
            polytope::affine_mixed_volume(&supports)? < bezout
        }
    };
    let run = || {
        if polyhedral {
            homotopy::polyhedral::solve(
                &system,
                &homotopy::PolyhedralOptions {
                    solve: options.clone(),
                    ..homotopy::PolyhedralOptions::default()
                },
            )
        } else {
            homotopy::solve(&system, &options)
        }
    };
    let result = match args.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()?
            .install(run)?,
        None => run()?,
    };
    let seconds = started.elapsed().as_secs_f64();
    let certification = if args.certify {
        let points: Vec<Vec<num_complex::Complex64>> =
            result.solutions.iter().map(|s| s.x.clone()).collect();
        let started = std::time::Instant::now();
        let run = || certify::certify(&system, &points, &certify::CertifyOptions::default());
        let report = match args.threads {
            Some(t) => rayon::ThreadPoolBuilder::new()
                .num_threads(t.max(1))
                .build()?
                .install(run)?,
            None => run()?,
        };
        Some((report, started.elapsed().as_secs_f64()))
    } else {
        None
    };
    let start_name = if polyhedral {
        "polyhedral"
    } else {
        "total_degree"
    };
    let text = if args.json {
        let mut doc = to_json(&result, start_name, seconds);
        if let Some((report, secs)) = &certification {
            doc["certification"] = certification_json(report, *secs);
            if let Some(list) = doc["solutions"].as_array_mut() {
                for (sol, cert) in list.iter_mut().zip(&report.certificates) {
                    sol["certified"] = json!(cert.is_certified());
                    sol["certified_real"] = json!(cert.real);
                }
            }
        }
        format!("{}\n", serde_json::to_string_pretty(&doc)?)
    } else {
        let mut text = summary(&result, &system, start_name, seconds);
        if let Some((report, secs)) = &certification {
            text.push_str(&certification_text(report, *secs));
        }
        text
    };
    emit(&text, args.output.as_deref())
}

fn to_json(r: &SolveResult, start_name: &str, seconds: f64) -> Value {
    let c = &r.counts;
    let solutions: Vec<Value> = r
        .solutions
        .iter()
        .map(|s| {
            json!({
                "x": s.x.iter().map(|z| [z.re, z.im]).collect::<Vec<_>>(),
                "status": if s.singular { "singular" } else { "nonsingular" },
                "multiplicity": s.multiplicity,
                "winding_number": s.winding_number,
                "real": s.real,
                "torus": s.torus,
                "cond": finite_or_null(s.cond),
                "residual": finite_or_null(s.residual),
                "paths": s.paths,
            })
        })
        .collect();
    let failures: Vec<Value> = r
        .paths
        .iter()
        .filter_map(|p| match &p.status {
            PathStatus::Failed(reason) => Some(json!({"path": p.path, "reason": reason})),
            _ => None,
        })
        .collect();
    let escalated: Vec<Value> = r
        .paths
        .iter()
        .filter(|p| p.max_precision_bits > 53)
        .map(|p| json!({"path": p.path, "max_precision_bits": p.max_precision_bits}))
        .collect();
    json!({
        "seed": r.seed,
        "start_system": start_name,
        "gamma": [r.gamma.re, r.gamma.im],
        "paths_tracked": r.paths_tracked,
        "scaling": r.scaling.as_ref().map(|s| json!({
            "equations": s.equations,
            "variables": s.variables,
        })),
        "counts": {
            "finite": c.finite,
            "nonsingular": c.nonsingular,
            "singular": c.singular,
            "real": c.real,
            "torus": c.torus,
            "at_infinity": c.at_infinity,
            "failed": c.failed,
            "escalated": c.escalated,
        },
        "solutions": solutions,
        "failures": failures,
        "escalated_paths": escalated,
        "steps": r.paths.iter().map(|p| p.steps).sum::<usize>(),
        "rejected_steps": r.paths.iter().map(|p| p.rejected_steps).sum::<usize>(),
        "seconds": seconds,
    })
}

fn summary(r: &SolveResult, system: &poly::System, start_name: &str, seconds: f64) -> String {
    let c = &r.counts;
    let real_singular = r.singular().filter(|s| s.real).count();
    let real_nonsingular = r.nonsingular().filter(|s| s.real).count();
    let mut s = format!(
        "Result with {} solutions\n\
         ==========================\n\
         • {} paths tracked ({} start system, {} equations)\n\
         • {} non-singular solutions ({} real)\n\
         • {} singular solutions ({} real)\n\
         • {} solutions in the torus (C*)^{}\n\
         • {} paths at infinity\n\
         • {} failed paths\n\
         • {} paths raised precision above 53 bits\n\
         • random seed: {}, gamma = {:.6}{:+.6}i\n\
         • {:.3} s\n",
        c.finite,
        r.paths_tracked,
        start_name.replace('_', "-"),
        system.len(),
        c.nonsingular,
        real_nonsingular,
        c.singular,
        real_singular,
        c.torus,
        system.nvars(),
        c.at_infinity,
        c.failed,
        c.escalated,
        r.seed,
        r.gamma.re,
        r.gamma.im,
        seconds,
    );
    if let Some(sc) = &r.scaling {
        s.push_str(&format!(
            "• solved scaled: equations times 10^{:?}, unknowns 10^{:?} times the scaled ones \
             (cond and residual of the scaled system)\n",
            sc.equations, sc.variables
        ));
    }
    for sol in r.singular() {
        s.push_str(&format!(
            "  singular solution of multiplicity {} (winding number {}), paths {:?}\n",
            sol.multiplicity, sol.winding_number, sol.paths
        ));
    }
    for p in r.failed() {
        if let PathStatus::Failed(reason) = &p.status {
            s.push_str(&format!("  path {} failed: {reason}\n", p.path));
        }
    }
    s
}

/// The certification of a solution list as JSON: the counts of
/// [`certify::CertifiedCounts`], the uncertified points with reasons, how many needed
/// more than `f64` intervals, and the time taken.
pub(crate) fn certification_json(r: &certify::CertificationReport, seconds: f64) -> Value {
    json!({
        "method": "interval Krawczyk",
        "counts": r.counts,
        "failures": r.failures().map(|(i, reason)| json!({
            "point": i,
            "reason": reason.to_string(),
            "kind": reason,
        })).collect::<Vec<_>>(),
        "possibly_same": r.certificates.iter().flat_map(|c| c.possibly_same_as.iter().filter(move |&&j| j > c.point).map(move |&j| [c.point, j])).collect::<Vec<_>>(),
        "above_f64_precision": r.certificates.iter().filter(|c| c.precision_bits > 53).count(),
        "seconds": seconds,
    })
}

/// The certified counts as text lines, with a line per uncertified point.
pub(crate) fn certification_text(r: &certify::CertificationReport, seconds: f64) -> String {
    let c = &r.counts;
    let mut s = format!(
        "• certified (interval Krawczyk): {} of {} solutions, {} distinct ({} duplicates, \
         {} pairs possibly the same)\n\
         \u{20} {} certified real, {} certified non-real, {} of undecided realness; \
         {} certified in the torus, {} with a possibly-zero coordinate\n\
         \u{20} {} uncertified, {:.3} s\n",
        c.certified,
        c.points,
        c.certified_distinct,
        c.duplicates,
        c.possibly_same_pairs,
        c.real,
        c.non_real,
        c.undecided,
        c.torus,
        c.possibly_zero,
        c.uncertified,
        seconds,
    );
    for (i, reason) in r.failures() {
        s.push_str(&format!("  solution {i} not certified: {reason}\n"));
    }
    s
}
