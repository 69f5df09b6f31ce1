//! `critpoints dln solve`: all complex critical points of random (seeded) or given
//! instances, their real critical points, indices, minima, zero patterns and orbits,
//! per instance and aggregated; results appended to a JSON-lines file as each
//! instance finishes, so an interrupted batch resumes where it stopped.

use crate::{
    emit, finite_or_null, load_instance, network, CliError, NetworkArgs, RegularizationArg, Result,
};
use analysis::{analyze, AnalysisOptions, InstanceAnalysis};
use clap::{Args, ValueEnum};
use dln::{critical_points, CriticalPoints, Instance, Method, Network, Regularization};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Solution methods offered by `dln solve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum MethodArg {
    /// Total-degree homotopy on the gradient system, (2H+1)^N paths.
    TotalDegree,
    /// Polyhedral homotopy in C^N: BKK (Li–Wang) many paths per instance.
    Polyhedral,
    /// The reduced systems of Theorem 5 of `001` (H = 1, m = 1, linear
    /// regularization), each by a total-degree homotopy of its quadratic form in
    /// u_i = a_i1^2 and w_k = 1/(1+T_k): 2^p (3^d - 1) paths of degree 2, every stratum
    /// solved at least twice; each endpoint gives its sign choices.
    Reduced,
    /// The reduced systems of Theorem 5 solved by a parameter homotopy from the generic
    /// solutions of their family (computed once per batch): at most (1+2p)^d - 1 paths
    /// per instance, one per generic solution of each stratum.
    ReducedParameter,
    /// The generic critical points by monodromy over the dead-neuron strata (once per
    /// batch), moved to each instance by a parameter homotopy (N_C paths per instance;
    /// a few times that for a small regularization, moved in stages).
    Monodromy,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Self {
        match m {
            MethodArg::TotalDegree => Method::TotalDegree,
            MethodArg::Polyhedral => Method::Polyhedral,
            MethodArg::Reduced => Method::Reduced,
            MethodArg::ReducedParameter => Method::ReducedParameter,
            MethodArg::Monodromy => Method::Monodromy,
        }
    }
}

/// Arguments of `critpoints dln solve`.
#[derive(Args, Debug)]
pub(crate) struct DlnSolveArgs {
    #[command(flatten)]
    network: NetworkArgs,
    /// Seed of the first random instance; instance k (k = 0, 1, ...) has seed S + k.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of random instances.
    #[arg(long, default_value_t = 1)]
    instances: u64,
    /// Upper end δ of the uniform distribution of the Λ entries.
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
    lambda_max: f64,
    /// Explicit data instead of random instances (the formats of `dln system --data`).
    #[arg(long, conflicts_with_all = ["instances", "seed", "lambda_max"])]
    data: Option<PathBuf>,
    /// Regularization term of the gradient.
    #[arg(long, value_enum, default_value_t = RegularizationArg::Linear)]
    regularization: RegularizationArg,
    /// How the critical points are computed (by default the generic instance by
    /// monodromy, once per batch, moved to each instance: N_C paths per instance).
    #[arg(long, value_enum, default_value_t = MethodArg::Monodromy)]
    method: MethodArg,
    /// Seed of the homotopy's random choices (γ, chart); instance k uses a substream.
    #[arg(long, default_value_t = 0)]
    solver_seed: u64,
    /// Refuse to start when the method would track more paths than this per instance.
    #[arg(long, default_value_t = 20_000_000)]
    max_paths: u64,
    /// Print, per instance, N_R by index, the minima, zero patterns and orbits.
    #[arg(long)]
    analyze: bool,
    /// Print one JSON document (every instance with its critical points, and the
    /// aggregate).
    #[arg(long)]
    json: bool,
    /// Append each finished instance as one JSON line to this file; instances already
    /// in it (same network, data and settings) are not solved again.
    #[arg(long)]
    results: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Certify the nonsingular critical points of each instance by the interval
    /// Krawczyk method (on the gradient system with the instance's exact float data) and
    /// report the certified N_C, N_C*, N_R and the uncertified points with reasons.
    #[arg(long)]
    certify: bool,
    /// Verify the completeness of the generic critical points (method monodromy) by the
    /// trace test (`homotopy::trace`): monodromy on a curve of the incidence variety
    /// through them, then the linearity of a trace along a pencil of bilinear slices.
    /// Costs several times the generic solve
    #[arg(long)]
    trace_test: bool,
}

/// What identifies a batch: a results file is resumed only under the same settings.
fn settings(args: &DlnSolveArgs, net: &Network) -> Value {
    json!({
        "widths": net.widths(),
        "points": args.network.points,
        "method": Method::from(args.method).name(),
        "regularization": Regularization::from(args.regularization),
        "lambda_max": if args.data.is_some() { Value::Null } else { json!(args.lambda_max) },
        "data": args.data.as_ref().map(|p| p.display().to_string()),
        "solver_seed": args.solver_seed,
    })
}

/// Runs `critpoints dln solve`.
pub(crate) fn dln_solve(args: &DlnSolveArgs) -> Result<()> {
    let net = network(&args.network)?;
    let method = Method::from(args.method);
    let reg = Regularization::from(args.regularization);
    check_method(args, &net, method, reg)?;
    if args.data.is_none() && args.instances == 0 {
        return Err(CliError("--instances must be at least 1".into()));
    }
    if args.data.is_none() && args.seed.checked_add(args.instances).is_none() {
        return Err(CliError("--seed + --instances overflows".into()));
    }
    let settings = settings(args, &net);
    let mut done = match &args.results {
        Some(path) => read_results(path, &settings)?,
        None => Vec::new(),
    };
    let mut results_file = match &args.results {
        Some(path) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| CliError(format!("cannot open {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let seeds: Vec<Option<u64>> = match &args.data {
        Some(_) => vec![None],
        None => (args.seed..args.seed + args.instances).map(Some).collect(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()?;
    let mut text = String::new();
    let mut records = Vec::new();
    // the generic solution set of the monodromy method: computed once, on first need
    let mut generic: Option<dln::GenericCriticalPoints> = None;
    let mut generic_json = Value::Null;
    // the generic solutions of the reduced families: computed once, on first need
    let mut generic_reduced: Option<dln::GenericReducedSolutions> = None;
    for seed in seeds {
        if let Some(pos) = done.iter().position(|r| r["seed"] == json!(seed)) {
            let record = done.swap_remove(pos);
            if !args.json {
                text.push_str(&instance_line(&record, true));
            }
            records.push(record);
            continue;
        }
        let instance = match (seed, &args.data) {
            (Some(s), _) => Instance::random(&net, args.network.points, s, args.lambda_max)?,
            (None, Some(path)) => load_instance(&net, path)?,
            (None, None) => unreachable!("either a seed or a data file"),
        };
        let solver_seed = poly::Rng::substream(args.solver_seed, seed.unwrap_or(0)).next_u64();
        let mut started_instance = std::time::Instant::now();
        let cp = match method {
            Method::Monodromy => {
                if generic.is_none() {
                    let (g, report) = generic_solve(
                        &net,
                        instance.points(),
                        args.solver_seed,
                        args.trace_test,
                        &pool,
                    )?;
                    generic = Some(g);
                    generic_json = report;
                    started_instance = std::time::Instant::now();
                }
                let g = generic.as_ref().expect("set above");
                pool.install(|| g.track_to(&instance, reg, solver_seed))?
            }
            Method::ReducedParameter => {
                if generic_reduced.is_none() {
                    let (g, report) = generic_reduced_solve(&net, args.solver_seed, &pool)?;
                    generic_reduced = Some(g);
                    generic_json = report;
                    started_instance = std::time::Instant::now();
                }
                let g = generic_reduced.as_ref().expect("set above");
                let solved = pool
                    .install(|| dln::solve_reduced_parameter(&instance, g, solver_seed))
                    .map_err(|e| CliError(e.to_string()))?;
                CriticalPoints::from_reduced(method, solved)
            }
            _ => pool.install(|| critical_points(&instance, reg, method, solver_seed))?,
        };
        let analysis = pool.install(|| {
            analyze(
                &instance,
                reg,
                cp.nonsingular(),
                &AnalysisOptions::default(),
            )
        });
        let seconds = started_instance.elapsed().as_secs_f64();
        let mut record = instance_json(&net, seed, solver_seed, &cp, &analysis, seconds);
        if args.certify {
            let system = dln::gradient_system(&instance, reg);
            let started = std::time::Instant::now();
            let report = pool.install(|| {
                certify::certify(
                    &system,
                    cp.nonsingular(),
                    &certify::CertifyOptions::default(),
                )
            })?;
            let c = &report.counts;
            record["n_c_certified"] = json!(c.certified_distinct);
            record["n_cstar_certified"] = json!(c.torus);
            record["n_r_certified"] = json!(c.real);
            record["non_real_certified"] = json!(c.non_real);
            record["uncertified"] = json!(c.uncertified);
            record["certification"] =
                crate::solve::certification_json(&report, started.elapsed().as_secs_f64());
        }
        record["settings"] = settings.clone();
        if let Some(file) = results_file.as_mut() {
            writeln!(file, "{}", serde_json::to_string(&record)?)?;
            file.flush()?;
        }
        if !args.json {
            text.push_str(&instance_line(&record, false));
            if args.analyze {
                text.push_str(&analysis_text(&net, &analysis));
            }
        }
        records.push(record);
    }
    let aggregate = aggregate(&records);
    let out = if args.json {
        let mut doc = settings;
        doc["instances"] = json!(records);
        doc["generic"] = generic_json;
        doc["aggregate"] = aggregate;
        format!("{}\n", serde_json::to_string_pretty(&doc)?)
    } else {
        if records.len() > 1 {
            text.push_str(&aggregate_text(&aggregate));
        }
        text
    };
    emit(&out, args.output.as_deref())
}

/// The generic solutions of the reduced families of `--method reduced-parameter` (once
/// per batch) and their JSON report; an error when a total-degree check contradicts a
/// monodromy count, since the set may then be incomplete.
fn generic_reduced_solve(
    net: &Network,
    solver_seed: u64,
    pool: &rayon::ThreadPool,
) -> Result<(dln::GenericReducedSolutions, Value)> {
    let started = std::time::Instant::now();
    let (d, p) = (net.widths()[1], net.d_y());
    let g = pool
        .install(|| {
            dln::generic_reduced_solutions(
                d,
                p,
                &dln::GenericReducedOptions {
                    seed: solver_seed,
                    ..dln::GenericReducedOptions::default()
                },
            )
        })
        .map_err(|e| CliError(e.to_string()))?;
    let seconds = started.elapsed().as_secs_f64();
    let strata: Vec<Value> = g
        .strata
        .iter()
        .map(|s| {
            json!({
                "hidden": s.family.hidden(),
                "count": s.points.len(),
                "monodromy_paths": s.monodromy_paths,
                "completeness": format!("{:?}", s.completeness),
                "verified": s.verified(),
            })
        })
        .collect();
    eprintln!(
        "critpoints: generic reduced families solved by monodromy: {} solutions for \
         d' = 1..{d} ({}), {} paths per instance, {seconds:.1} s",
        g.strata
            .iter()
            .map(|s| s.points.len().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        if g.verified() {
            "each verified by a total-degree solve or a rank test"
        } else {
            "not every count verified: see the JSON report"
        },
        g.paths_per_instance(d),
    );
    if !g.consistent() {
        return Err(CliError(format!(
            "the generic reduced solve is inconsistent (total degree and monodromy \
             disagree, or total-degree paths failed: {strata:?}); try another --solver-seed"
        )));
    }
    let report = json!({
        "method": "reduced families at generic parameters by monodromy",
        "verified": g.verified(),
        "solver_seed": solver_seed,
        "paths_per_instance": g.paths_per_instance(d),
        "seconds": seconds,
        "strata": strata,
    });
    Ok((g, report))
}

/// The generic critical points of the monodromy method (once per batch) and their
/// JSON report; an error when a path failed, since the set may then be incomplete.
fn generic_solve(
    net: &Network,
    points: usize,
    solver_seed: u64,
    trace_test: bool,
    pool: &rayon::ThreadPool,
) -> Result<(dln::GenericCriticalPoints, Value)> {
    let started = std::time::Instant::now();
    let g = pool.install(|| {
        dln::generic_critical_points(
            net,
            points,
            &dln::GenericOptions {
                seed: solver_seed,
                ..dln::GenericOptions::default()
            },
        )
    })?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "critpoints: generic instance solved by monodromy: {} critical points ({} in the \
         torus), {} paths, {} failed, {seconds:.1} s",
        g.points.len(),
        g.torus(),
        g.paths_tracked,
        g.failed,
    );
    if g.failed > 0 {
        return Err(CliError(format!(
            "{} paths failed in the generic monodromy solve: its solution set may be \
             incomplete; try another --solver-seed or --method total-degree",
            g.failed
        )));
    }
    // monodromy alone proves nothing about completeness: say what the count was
    // compared with (the published count, if any) and run the trace test on request
    let (trace, traced) = if trace_test {
        let started = std::time::Instant::now();
        let t = pool
            .install(|| g.trace_test(solver_seed))
            .map_err(|e| CliError(format!("trace test: {e}")))?;
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "critpoints: trace test: {} (nonlinearity {:.1e}, {} points on the slice \
             c.x = 1, {} of the fibre found again of {}, {} paths, {} failed, {seconds:.1} s)",
            if t.verified {
                "complete"
            } else {
                "NOT VERIFIED"
            },
            t.nonlinearity,
            t.side,
            t.fibre_found,
            t.fibre,
            t.paths_tracked,
            t.failed_paths,
        );
        let report = json!({
            "verified": t.verified,
            "nonlinearity": t.nonlinearity,
            "fibre_found": t.fibre_found,
            "side": t.side,
            "paths_tracked": t.paths_tracked,
            "failed_paths": t.failed_paths,
            "seconds": seconds,
        });
        (Some(report), t.verified)
    } else {
        (None, false)
    };
    let published = dln::reference::published_generic_count(net.widths(), points);
    let completeness = match &published {
        Some(p) => {
            let agrees =
                p.n_c == g.points.len() as u64 && p.n_cstar.is_none_or(|c| c == g.torus() as u64);
            eprintln!(
                "critpoints: completeness: {} the published N_C = {}{} ({} row {}, m = {})",
                if agrees { "equals" } else { "DIFFERS FROM" },
                p.n_c,
                p.n_cstar
                    .map(|c| format!(", N_C* = {c}"))
                    .unwrap_or_default(),
                p.table,
                p.row,
                p.points
            );
            json!({
                "verified": agrees || traced,
                "by": if traced { "trace test" } else { "published generic count" },
                "published_n_c": p.n_c,
                "published_n_cstar": p.n_cstar,
                "published_source": format!("{} row {} (m = {})", p.table, p.row, p.points),
                "trace_test": traced,
                "trace": trace,
            })
        }
        None => {
            if !traced {
                eprintln!(
                    "critpoints: completeness not verified: no published count for this \
                     network and no verified trace test (--trace-test; or compare with \
                     --method polyhedral on an instance)"
                );
            }
            json!({
                "verified": traced,
                "by": if traced { json!("trace test") } else { Value::Null },
                "published_n_c": null,
                "published_n_cstar": null,
                "published_source": null,
                "trace_test": traced,
                "trace": trace,
            })
        }
    };
    let report = json!({
        "method": "monodromy over the dead-neuron strata",
        "completeness": completeness,
        "solver_seed": solver_seed,
        "n_c": g.points.len(),
        "n_cstar": g.torus(),
        "paths_tracked": g.paths_tracked,
        "failed": g.failed,
        "seconds": seconds,
        "strata": g.strata.iter().map(|s| json!({
            "alive": s.alive,
            "count": s.count,
            "dominant": s.dominant,
        })).collect::<Vec<_>>(),
    });
    Ok((g, report))
}

/// Errors out before any work when the method does not apply or the path count is
/// absurd.
fn check_method(
    args: &DlnSolveArgs,
    net: &Network,
    method: Method,
    reg: Regularization,
) -> Result<()> {
    let paths = match method {
        // N_C paths per instance; the generic solve tracks a few times N_C
        Method::Monodromy | Method::Polyhedral => return Ok(()),
        Method::TotalDegree => net.bezout_bound(),
        Method::Reduced | Method::ReducedParameter => {
            let bounds = net.theorem5_bounds(args.network.points).ok_or_else(|| {
                CliError(
                    "--method reduced needs one hidden layer and one data point (Theorem 5 \
                     of Bharadwaj–Hoşten)"
                        .into(),
                )
            })?;
            if reg != Regularization::Linear {
                return Err(CliError(
                    "--method reduced needs --regularization linear (Theorem 5 is stated \
                     for Λ∘W)"
                        .into(),
                ));
            }
            // the fresh paths of one solve of every non-empty stratum; reduced-parameter
            // tracks at most one per generic solution of the squares
            if method == Method::Reduced {
                bounds.quadratic_paths
            } else {
                bounds.squares_paths
            }
        }
    };
    if paths > args.max_paths {
        return Err(CliError(format!(
            "--method {} would track {paths} paths per instance (more than --max-paths \
             {}); choose another method or raise --max-paths",
            method.name(),
            args.max_paths
        )));
    }
    Ok(())
}

/// The finished instances of a results file written under the same `settings`. A
/// partial last line (a run killed while writing) is cut from the file, so that the
/// instances appended next start on a line of their own; a complete last line without
/// its newline gets one.
fn read_results(path: &Path, settings: &Value) -> Result<Vec<Value>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CliError(format!("cannot read {}: {e}", path.display()))),
    };
    let io_error = |e: std::io::Error| CliError(format!("cannot repair {}: {e}", path.display()));
    let mut records = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let last = lines.len();
    let mut offset = 0u64;
    for (k, line) in lines.into_iter().enumerate() {
        let start = offset;
        offset += line.len() as u64;
        if line.trim().is_empty() {
            continue;
        }
        let record: Value = match serde_json::from_str(line) {
            Ok(v) => {
                if k + 1 == last && !line.ends_with('\n') {
                    let mut f = std::fs::OpenOptions::new()
                        .append(true)
                        .open(path)
                        .map_err(io_error)?;
                    f.write_all(b"\n").map_err(io_error)?;
                }
                v
            }
            // An interrupted write leaves a partial last line: that instance is redone.
            Err(_) if k + 1 == last => {
                eprintln!(
                    "critpoints: note: {}: ignoring an incomplete last line (an \
                     interrupted run); its instance is solved again",
                    path.display()
                );
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .and_then(|f| f.set_len(start))
                    .map_err(io_error)?;
                continue;
            }
            Err(e) => {
                return Err(CliError(format!(
                    "{}:{}: not a results line: {e}",
                    path.display(),
                    k + 1
                )))
            }
        };
        if record.get("settings") != Some(settings) {
            return Err(CliError(format!(
                "{}:{}: written with other settings ({}); use another --results file",
                path.display(),
                k + 1,
                record.get("settings").unwrap_or(&Value::Null)
            )));
        }
        if !records.iter().any(|r: &Value| r["seed"] == record["seed"]) {
            records.push(record);
        }
    }
    Ok(records)
}

/// One instance as JSON (field names of the `DESIGN.md` contract, plus details).
fn instance_json(
    net: &Network,
    seed: Option<u64>,
    solver_seed: u64,
    cp: &CriticalPoints,
    a: &InstanceAnalysis,
    seconds: f64,
) -> Value {
    let complex = |w: &[num_complex::Complex64]| -> Vec<[f64; 2]> {
        w.iter().map(|z| [z.re, z.im]).collect()
    };
    let global: Vec<bool> = (0..a.real.len())
        .map(|i| a.minima.minima.iter().any(|m| m.point == i && m.global))
        .collect();
    let real: Vec<Value> = a
        .real
        .iter()
        .zip(&global)
        .map(|(p, &g)| {
            json!({
                "w": p.w,
                "loss": p.loss,
                "index": p.hessian.index,
                "type": format!("{:?}", p.hessian.kind).to_lowercase(),
                "near_zero_eigenvalues": p.hessian.near_zero,
                "gradient_norm": p.gradient_norm,
                "global_min": g,
            })
        })
        .collect();
    let minima: Vec<Value> = a
        .minima
        .minima
        .iter()
        .map(|m| json!({"point": m.point, "loss": m.loss, "global": m.global, "gap": m.gap}))
        .collect();
    json!({
        "seed": seed,
        "solver_seed": solver_seed,
        "n_c": a.n_c,
        "n_cstar": a.n_cstar,
        "n_r": a.n_r(),
        "singular": cp.singular,
        "paths_tracked": cp.paths_tracked,
        "discarded": cp.discarded,
        "failed": cp.failed,
        "escalated": cp.escalated,
        "seconds": seconds,
        "index_counts": a.index_counts,
        "max_index": a.max_index(),
        "degenerate": a.degenerate,
        "global_min": a.minima.global_min.map(finite_or_null),
        "minima": minima,
        "critical_points": cp.nonsingular().iter().map(|w| complex(w)).collect::<Vec<_>>(),
        "singular_points": cp.points[cp.nonsingular().len()..].iter().map(|w| complex(w)).collect::<Vec<_>>(),
        "real_critical_points": real,
        "real_failures": a.real_failures.iter().map(|f| json!({"point": f.point, "reason": f.reason})).collect::<Vec<_>>(),
        "zero_patterns": a.zero_patterns,
        "zero_pattern_violations": a.zero_pattern_violations.iter().map(|(i, v)| json!({"point": i, "violation": v.to_string()})).collect::<Vec<_>>(),
        "orbits": {
            "computed": a.orbits.is_some(),
            "complete": a.orbits_complete(),
            "sizes": a.orbit_sizes().iter().map(|(s, c)| json!({"size": s, "count": c})).collect::<Vec<_>>(),
            "group_order": 1u64.checked_shl(net.widths()[1..net.widths().len() - 1].iter().sum::<usize>() as u32),
        },
    })
}

/// Mean, min and max of N_C; max N_R and max index with the seeds that reached them.
fn aggregate(records: &[Value]) -> Value {
    let get = |r: &Value, k: &str| r[k].as_u64().unwrap_or(0);
    let n = records.len().max(1) as f64;
    let argmax = |key: &str| {
        // The first instance reaching the maximum.
        records
            .iter()
            .rev()
            .filter(|r| !r[key].is_null())
            .max_by_key(|r| get(r, key))
            .map(|r| json!({"value": r[key], "seed": r["seed"]}))
            .unwrap_or(Value::Null)
    };
    let (max_n_r, max_index) = (argmax("n_r"), argmax("max_index"));
    json!({
        "instances": records.len(),
        "mean_n_c": records.iter().map(|r| get(r, "n_c") as f64).sum::<f64>() / n,
        "min_n_c": records.iter().map(|r| get(r, "n_c")).min(),
        "max_n_c": records.iter().map(|r| get(r, "n_c")).max(),
        "mean_n_cstar": records.iter().map(|r| get(r, "n_cstar") as f64).sum::<f64>() / n,
        "mean_n_r": records.iter().map(|r| get(r, "n_r") as f64).sum::<f64>() / n,
        "max_n_r": max_n_r["value"],
        "max_n_r_seed": max_n_r["seed"],
        "max_index": max_index["value"],
        "max_index_seed": max_index["seed"],
        "failed": records.iter().map(|r| get(r, "failed")).sum::<u64>(),
        "singular": records.iter().map(|r| get(r, "singular")).sum::<u64>(),
        "instances_with_non_global_minima": records.iter().filter(|r| r["minima"].as_array().is_some_and(|m| m.iter().any(|m| m["global"] == json!(false)))).count(),
        "orbits_incomplete": records.iter().filter(|r| r["orbits"]["complete"] == json!(false)).count(),
        "zero_pattern_violations": records.iter().map(|r| r["zero_pattern_violations"].as_array().map_or(0, Vec::len)).sum::<usize>(),
        "seconds": records.iter().map(|r| r["seconds"].as_f64().unwrap_or(0.0)).sum::<f64>(),
        "uncertified": records.iter().map(|r| get(r, "uncertified")).sum::<u64>(),
        "certify_seconds": records.iter().map(|r| r["certification"]["seconds"].as_f64().unwrap_or(0.0)).sum::<f64>(),
    })
}

fn instance_line(r: &Value, resumed: bool) -> String {
    let who = match r["seed"].as_u64() {
        Some(s) => format!("instance seed {s}"),
        None => "instance (data file)".to_string(),
    };
    let mut line =
        format!(
        "{who}: N_C = {}, N_C* = {}, N_R = {}, max index {}, paths {} ({} discarded, {} failed), \
         {:.2} s{}\n",
        r["n_c"],
        r["n_cstar"],
        r["n_r"],
        r["max_index"],
        r["paths_tracked"],
        r["discarded"],
        r["failed"],
        r["seconds"].as_f64().unwrap_or(0.0),
        if resumed { " [from the results file]" } else { "" }
    );
    if !r["certification"].is_null() {
        line.push_str(&format!(
            "  certified (interval Krawczyk): N_C = {}, N_C* = {}, N_R = {}, non-real {}, \
             realness undecided {}, duplicates {}, uncertified {}, {:.2} s\n",
            r["n_c_certified"],
            r["n_cstar_certified"],
            r["n_r_certified"],
            r["non_real_certified"],
            r["certification"]["counts"]["undecided"],
            r["certification"]["counts"]["duplicates"],
            r["uncertified"],
            r["certification"]["seconds"].as_f64().unwrap_or(0.0),
        ));
        for f in r["certification"]["failures"]
            .as_array()
            .into_iter()
            .flatten()
        {
            line.push_str(&format!(
                "    critical point {} not certified: {}\n",
                f["point"],
                f["reason"].as_str().unwrap_or("")
            ));
        }
    }
    if r["singular"].as_u64().unwrap_or(0) > 0 {
        line.push_str(&format!(
            "  warning: {} singular solutions (non-generic instance or lost paths)\n",
            r["singular"]
        ));
    }
    if r["failed"].as_u64().unwrap_or(0) > 0 {
        line.push_str("  warning: failed paths: the critical points may be incomplete\n");
    }
    line
}

fn analysis_text(net: &Network, a: &InstanceAnalysis) -> String {
    let mut s = String::new();
    let by_index: Vec<String> = a
        .index_counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(k, c)| format!("index {k}: {c}"))
        .collect();
    s.push_str(&format!(
        "  real critical points by Hessian index: {}{}\n",
        by_index.join(", "),
        if a.degenerate > 0 {
            format!(", degenerate: {}", a.degenerate)
        } else {
            String::new()
        }
    ));
    for f in &a.real_failures {
        s.push_str(&format!(
            "  warning: real point {} not refined: {}\n",
            f.point, f.reason
        ));
    }
    if let Some(g) = a.minima.global_min {
        s.push_str(&format!(
            "  minima: {} (global minimum L = {g:.10}; printed scale of Mehta et al. 2L = {:.5})\n",
            a.minima.minima.len(),
            2.0 * g
        ));
        for m in &a.minima.minima {
            let w = &a.real[m.point].w;
            s.push_str(&format!(
                "    L = {:.10} {} w = [{}]\n",
                m.loss,
                if m.global {
                    "global    ".to_string()
                } else {
                    format!("local (+{:.3e})", m.gap)
                },
                w.iter()
                    .map(|v| format!("{v:.5}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    s.push_str("  zero patterns (complex critical points):\n");
    for (p, c) in &a.zero_patterns {
        s.push_str(&format!("    {c:>6}  {p}\n"));
    }
    for (i, v) in &a.zero_pattern_violations {
        s.push_str(&format!("  VIOLATION at point {i}: {v}\n"));
    }
    match a.orbits_complete() {
        Some(complete) => {
            let sizes: Vec<String> = a
                .orbit_sizes()
                .iter()
                .map(|(s, c)| format!("{c} of size {s}"))
                .collect();
            s.push_str(&format!(
                "  sign-flip orbits of the real points: {} ({}){}\n",
                a.orbits.as_ref().map_or(0, Vec::len),
                sizes.join(", "),
                if complete {
                    ", all complete"
                } else {
                    ", SOME INCOMPLETE"
                }
            ));
        }
        None => s.push_str(&format!(
            "  sign-flip orbits: not computed (group of order 2^{} too large)\n",
            net.widths()[1..net.widths().len() - 1]
                .iter()
                .sum::<usize>()
        )),
    }
    s
}

fn aggregate_text(a: &Value) -> String {
    format!(
        "aggregate over {} instances: mean N_C = {}, N_C from {} to {}, mean N_C* = {}, \
         mean N_R = {}, max N_R = {} (seed {}), max index = {} (seed {}), failed paths {}, \
         singular {}, instances with non-global minima {}, incomplete orbits {}, \
         zero-pattern violations {}, {:.1} s\n",
        a["instances"],
        a["mean_n_c"],
        a["min_n_c"],
        a["max_n_c"],
        a["mean_n_cstar"],
        a["mean_n_r"],
        a["max_n_r"],
        a["max_n_r_seed"],
        a["max_index"],
        a["max_index_seed"],
        a["failed"],
        a["singular"],
        a["instances_with_non_global_minima"],
        a["orbits_incomplete"],
        a["zero_pattern_violations"],
        a["seconds"].as_f64().unwrap_or(0.0),
    )
}
