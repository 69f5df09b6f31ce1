//! `cargo xtask polyhedral-check`: the polyhedral homotopy against the published counts
//! and against the parameter homotopy, on the same random instances (issues 5 and 6).
//!
//! For every row of Tables 1–4 of `001` with $N \le$ `--max-n` (default 12) and
//! instances with seeds $1, \dots, K$ (`--instances`, default 5):
//!
//! 1. **Stage 1.** The random-coefficient start system $G$ on the supports of the row's
//!    gradient system with the origin added (Li–Wang, $\mathbb C^N$) and its $MV$ roots
//!    from the mixed cells ([`PolyhedralStart`]). $MV$ must equal the published
//!    $\mathbb C^N$ BKK count.
//! 2. **Stage 2 per instance.** All $MV$ paths from $G$'s roots to the instance
//!    ([`stage_two`]): every generic instance has the row's supports, and $G$ is a
//!    generic member of the coefficient family on them, so every isolated critical
//!    point in $\mathbb C^N$ is reached. $N_{\mathbb C}$ = finite solutions,
//!    $N_{\mathbb C^*}$ = those in the torus.
//! 3. **Parameter homotopy on the same instance.** The generic solve by monodromy (once
//!    per row) moved to the instance ([`dln::GenericCriticalPoints::track_to`]).
//!
//! **Parts.** A row's paths are done in parts of `--part` paths (default 10,000): for
//! each part, stage 1 of its paths, then stage 2 of the same paths for every instance
//! still missing, saved as `DIR/parts/<row>/paths_<first>_<end>.json` (paths at
//! infinity as ranges of path numbers, every other path in full). Once every part is
//! there, each instance is finished over all its paths at once ([`PathSolver::finish`]:
//! clustering, retracking of failed paths and of path jumps, counts), so the counts are
//! those of one uninterrupted solve, and the row's parts are removed. An interrupted
//! run loses at most the part it was in. Stage-1 roots that coincide are looked for
//! within a part; a coincidence across parts would show as two stage-2 paths at one
//! nonsingular solution (retracked, then failed) or as a missing solution.
//!
//! An instance **agrees** when the polyhedral solve tracked exactly BKK paths, failed
//! none, and its $N_{\mathbb C}$, $N_{\mathbb C^*}$ equal the published ones and the
//! parameter homotopy's (which must fail none either). Each instance is appended to
//! `DIR/polyhedral_check.jsonl` as it finishes, and a rerun skips the finished ones
//! (`--fresh` starts over; `--retry-differing` runs the instances whose last line does
//! not agree again, appending the new line: the log keeps both, and the last line of an
//! instance is the one that counts; in the saved parts of an unfinished row it also
//! tracks stage 2 again for every instance with a failed path, under the current
//! commit, which is added to the part's); rows run in order of their BKK count, cheapest
//! first. The summary, `DIR/polyhedral_check.md`, is rewritten after every row. `DIR`
//! (`--out`) defaults to `data/computed/polyhedral_check`, under version control, so
//! that a run spread over several sessions keeps its finished instances and parts.

use dln::reference;
use dln::{generic_critical_points, gradient_system, GenericOptions, Instance, Network};
use dln::{GenericCriticalPoints, Regularization};
use homotopy::polyhedral::{stage_two, PolyhedralOptions, PolyhedralStart};
use homotopy::{PathResult, PathSolver, PathStatus, SolveOptions, StartPoint};
use num_complex::Complex64;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The seed of the start system $G$ and of the lifting (one per row).
const START_SEED: u64 = 1;

const USAGE: &str = "usage: cargo xtask polyhedral-check [--max-n N] [--instances K] \
                     [--only TABLES] [--part P] [--fresh] [--retry-differing] [--summary] \
                     [--out DIR]\n\
                     --max-n N: rows with N <= this (default 12); --instances K: seeds 1..=K \
                     per row (default 5);\n--only: tables of 001 (comma-separated, of 1, 2, 3, 4); \
                     --part P: paths per saved part (default 10000); --retry-differing: run \
                     the instances that do not agree again; --summary: only write \
                     the summary of the log;\n\
                     --out DIR (default data/computed/polyhedral_check)";

/// The settings of one run.
#[derive(Debug)]
pub struct CheckOptions {
    max_n: usize,
    instances: u64,
    tables: Vec<String>,
    part: u64,
    fresh: bool,
    /// Run the logged instances that do not agree again (after a fix).
    retry_differing: bool,
    /// Only write the summary of the log, track nothing.
    summary_only: bool,
    out: PathBuf,
    /// The commit at the start (recorded in every line).
    commit: String,
}

impl CheckOptions {
    /// Parses the command line of `polyhedral-check`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = CheckOptions {
            max_n: 12,
            instances: 5,
            tables: ["1", "2", "3", "4"].map(String::from).to_vec(),
            part: 10_000,
            fresh: false,
            retry_differing: false,
            summary_only: false,
            out: PathBuf::from("data/computed/polyhedral_check"),
            commit: git_describe(),
        };
        let positive = |v: String, what: &str| match v.parse::<u64>() {
            Ok(k) if k > 0 => Ok(k),
            _ => Err(format!("{what}: `{v}` is not a positive integer")),
        };
        let mut args = args.iter();
        while let Some(a) = args.next() {
            let mut take = |what: &str| {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{what} needs a value\n{USAGE}"))
            };
            match a.as_str() {
                "--max-n" => o.max_n = positive(take("--max-n")?, "--max-n")? as usize,
                "--instances" => o.instances = positive(take("--instances")?, "--instances")?,
                "--only" => {
                    let list = take("--only")?;
                    o.tables = list
                        .split(',')
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect();
                    if let Some(bad) = o
                        .tables
                        .iter()
                        .find(|t| !["1", "2", "3", "4"].contains(&t.as_str()))
                    {
                        return Err(format!(
                            "--only: unknown table `{bad}` (1, 2, 3 or 4)\n{USAGE}"
                        ));
                    }
                    if o.tables.is_empty() {
                        return Err(format!("--only needs at least one table\n{USAGE}"));
                    }
                }
                "--part" => o.part = positive(take("--part")?, "--part")?,
                "--fresh" => o.fresh = true,
                "--retry-differing" => o.retry_differing = true,
                "--summary" => o.summary_only = true,
                "--out" => o.out = PathBuf::from(take("--out")?),
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        if o.fresh && o.summary_only {
            return Err(format!("--fresh and --summary do not go together\n{USAGE}"));
        }
        if o.max_n > 20 {
            return Err(format!(
                "--max-n {}: at most 20 (the tables end at N = 20)",
                o.max_n
            ));
        }
        Ok(o)
    }
}

/// The commit of the working directory (`git rev-parse --short HEAD`), with `-dirty`
/// when tracked files other than those under `data/computed/` (the outputs of long
/// runs, this one's included) differ from it; `unknown` outside a git checkout.
fn git_describe() -> String {
    let git = |args: &[&str]| std::process::Command::new("git").args(args).output().ok();
    let Some(head) = git(&["rev-parse", "--short", "HEAD"])
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    else {
        return "unknown".into();
    };
    let clean = git(&[
        "diff",
        "--quiet",
        "HEAD",
        "--",
        ".",
        ":(exclude)data/computed",
    ])
    .is_some_and(|o| o.status.success());
    if clean {
        head
    } else {
        format!("{head}-dirty")
    }
}

/// One finished instance: a line of `polyhedral_check.jsonl`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InstanceCheck {
    /// The table (`bh_table1_H1_m1`, ...).
    pub table: String,
    /// The row (1-based, as in the CSV).
    pub row: usize,
    /// The widths $d_x, d_1, \dots, d_y$.
    pub widths: Vec<usize>,
    /// Data points.
    pub m: usize,
    /// Unknowns.
    pub n: usize,
    /// The instance seed (`Instance::random(net, m, seed, 1.0)`, solver seed the same).
    pub seed: u64,
    /// The published $\mathbb C^N$ BKK count.
    pub bkk: u64,
    /// Paths tracked by the polyhedral homotopy.
    pub paths_tracked: u64,
    /// Polyhedral: distinct finite solutions, in the torus, failed and diverging paths.
    pub n_c: usize,
    /// Polyhedral $N_{\mathbb C^*}$.
    pub n_cstar: usize,
    /// Polyhedral failed paths (stage 1 and stage 2).
    pub failed: usize,
    /// Polyhedral paths at infinity.
    pub at_infinity: usize,
    /// Polyhedral paths that needed more than `f64`.
    pub escalated: usize,
    /// Wall time of stage 2 for this instance (s).
    pub polyhedral_seconds: f64,
    /// Parameter homotopy: $N_{\mathbb C}$, $N_{\mathbb C^*}$, failed paths, wall time.
    pub parameter_n_c: usize,
    /// Parameter homotopy $N_{\mathbb C^*}$.
    pub parameter_n_cstar: usize,
    /// Parameter homotopy failed paths.
    pub parameter_failed: usize,
    /// Parameter homotopy wall time (s).
    pub parameter_seconds: f64,
    /// The published $N_{\mathbb C}$, $N_{\mathbb C^*}$.
    pub published_n_c: usize,
    /// The published $N_{\mathbb C^*}$.
    pub published_n_cstar: usize,
    /// Wall time of the row's stage 1 (s; 0 when loaded from an earlier run).
    pub stage1_seconds: f64,
    /// Whether everything agrees (module documentation).
    pub agrees: bool,
    /// The code that computed it: the commit of the checkout the run started in (see
    /// `git_describe`), or several, comma-separated, when the instance's parts were
    /// tracked by runs of different commits.
    #[serde(default)]
    pub commit: String,
}

/// A row to check.
struct Row {
    table: &'static str,
    row: usize,
    widths: Vec<usize>,
    m: usize,
    n_c: usize,
    n_cstar: usize,
    bkk: u64,
}

impl Row {
    fn key(&self) -> String {
        row_key(self.table, self.row, &self.widths, self.m)
    }
}

/// The name of a row in the log and the saved roots: `<table>_row<r>_w<widths>_m<m>`.
fn row_key(table: &str, row: usize, widths: &[usize], m: usize) -> String {
    let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
    format!("{table}_row{row}_w{}_m{m}", w.join("-"))
}

/// Runs the check; `Ok(true)` when every instance of every row agrees.
pub fn run(o: &CheckOptions) -> Result<bool, String> {
    std::fs::create_dir_all(o.out.join("parts"))
        .map_err(|e| format!("{}: {e}", o.out.display()))?;
    let log = o.out.join("polyhedral_check.jsonl");
    if o.fresh {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_dir_all(o.out.join("parts"));
        std::fs::create_dir_all(o.out.join("parts")).map_err(|e| e.to_string())?;
    }
    let mut done = read_log(&log)?;
    let mut rows = Vec::new();
    for table in reference::tables() {
        let short = table.name.get(8..9).unwrap_or("");
        if !table.name.starts_with("bh_table") || !o.tables.iter().any(|t| t == short) {
            continue;
        }
        for (row, widths, m) in table.rows_up_to(o.max_n).map_err(|e| e.to_string())? {
            let int = |c: &str| table.integer(row, c).map_err(|e| e.to_string());
            rows.push(Row {
                table: table.name,
                row: row + 1,
                widths,
                m,
                n_c: int("N_C")? as usize,
                n_cstar: int("N_Cstar")? as usize,
                bkk: int("BKK_affine")?,
            });
        }
    }
    rows.sort_by_key(|r| r.bkk);
    let total_paths: u64 = rows.iter().map(|r| r.bkk * o.instances).sum();
    println!(
        "polyhedral-check: {} rows with N <= {}, {} instances each: {total_paths} stage-2 paths",
        rows.len(),
        o.max_n,
        o.instances
    );
    for r in rows.iter().filter(|_| !o.summary_only) {
        let missing: Vec<u64> = (1..=o.instances)
            .filter(|s| {
                done.get(&(r.key(), *s))
                    .is_none_or(|l| o.retry_differing && !l.agrees)
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        check_row(r, &missing, o, &mut |line: InstanceCheck| {
            // written at once: an interrupted row keeps its finished instances
            append(&log, &line)?;
            println!(
                "  {} seed {}: polyhedral {} paths, N_C {} N_C* {} ({} failed, {} at infinity) in {:.1} s; \
                 parameter N_C {} N_C* {} ({} failed) in {:.2} s; {}",
                r.key(),
                line.seed,
                line.paths_tracked,
                line.n_c,
                line.n_cstar,
                line.failed,
                line.at_infinity,
                line.polyhedral_seconds,
                line.parameter_n_c,
                line.parameter_n_cstar,
                line.parameter_failed,
                line.parameter_seconds,
                if line.agrees { "agrees" } else { "DIFFERS" }
            );
            done.insert((r.key(), line.seed), line);
            Ok(())
        })?;
        // the summary after every row, so that an interrupted run has an up-to-date one
        write_summary(&rows, &done, o)?;
    }
    let (md, all) = write_summary(&rows, &done, o)?;
    println!("{md}");
    Ok(all)
}

/// Writes `DIR/polyhedral_check.md` ([`summary`]) and returns it.
fn write_summary(
    rows: &[Row],
    done: &BTreeMap<(String, u64), InstanceCheck>,
    o: &CheckOptions,
) -> Result<(String, bool), String> {
    let (md, all) = summary(rows, done, o);
    let path = o.out.join("polyhedral_check.md");
    std::fs::write(&path, &md).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((md, all))
}

/// The missing instances of one row, part by part (module documentation): one
/// [`InstanceCheck`] per seed, handed to `finished` as each is done.
fn check_row(
    r: &Row,
    seeds: &[u64],
    o: &CheckOptions,
    finished: &mut dyn FnMut(InstanceCheck) -> Result<(), String>,
) -> Result<(), String> {
    let net = Network::new(r.widths.clone()).map_err(|e| e.to_string())?;
    let instance = |seed: u64| Instance::random(&net, r.m, seed, 1.0).map_err(|e| e.to_string());
    let opts = PolyhedralOptions::default();
    let first = gradient_system(&instance(1)?, Regularization::Linear);
    let start = PolyhedralStart::new(&first, opts.space, START_SEED, opts.start_perturbation)
        .map_err(|e| format!("{}: {e}", r.key()))?;
    let mv = start.mixed_volume;
    if mv != r.bkk {
        return Err(format!(
            "{}: the C^N mixed volume is {mv}, published BKK {}",
            r.key(),
            r.bkk
        ));
    }
    let systems = seeds
        .iter()
        .map(|&s| Ok(gradient_system(&instance(s)?, Regularization::Linear)))
        .collect::<Result<Vec<_>, String>>()?;
    let options: Vec<PolyhedralOptions> = seeds
        .iter()
        .map(|&seed| PolyhedralOptions {
            solve: SolveOptions {
                seed,
                ..SolveOptions::default()
            },
            ..PolyhedralOptions::default()
        })
        .collect();
    // stage 1 of one path, for a path retracked when an instance is finished
    let stage1 = |i: u64| -> StartPoint {
        let root = start.track_path(i, &opts.stage1);
        (root.root, root.stats)
    };
    let dir = o.out.join("parts").join(r.key());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let t_row = Instant::now();
    let mut parts = Vec::new();
    for lo in (0..mv).step_by(o.part as usize) {
        let hi = (lo + o.part).min(mv);
        let file = dir.join(format!("paths_{lo}_{hi}.json"));
        let mut part = match load_part(&file)? {
            Some(p) if p.first == lo && p.end == hi => p,
            _ => Part {
                first: lo,
                end: hi,
                stage1_seconds: 0.0,
                stage1_failed: 0,
                commit: o.commit.clone(),
                instances: Vec::new(),
            },
        };
        if o.retry_differing {
            let dropped = part.drop_instances_with_failed_paths();
            if !dropped.is_empty() {
                println!(
                    "  {}: paths {lo}..{hi}: stage 2 of seeds {dropped:?} tracked again \
                     (failed paths in the saved part)",
                    r.key()
                );
            }
        }
        let missing: Vec<usize> = (0..seeds.len())
            .filter(|&k| !part.instances.iter().any(|p| p.seed == seeds[k]))
            .collect();
        if !missing.is_empty() {
            let t = Instant::now();
            let roots = start.start_roots_in(lo..hi, &opts.stage1, 1e-8);
            part.stage1_seconds += t.elapsed().as_secs_f64();
            part.stage1_failed = roots.iter().filter(|x| x.root.is_err()).count();
            if !part.commit.split(", ").any(|c| c == o.commit) {
                part.commit = if part.commit.is_empty() {
                    o.commit.clone()
                } else {
                    format!("{}, {}", part.commit, o.commit)
                };
            }
            let starts = |i: u64| -> StartPoint {
                if (lo..hi).contains(&i) {
                    let x = &roots[(i - lo) as usize];
                    (x.root.clone(), x.stats.clone())
                } else {
                    stage1(i)
                }
            };
            for k in missing {
                let t = Instant::now();
                let solver = stage_two(&systems[k], &start, &starts, &options[k])
                    .map_err(|e| format!("{}: {e}", r.key()))?;
                let paths = solver.track(lo..hi);
                part.instances.push(PartInstance::new(
                    seeds[k],
                    t.elapsed().as_secs_f64(),
                    &paths,
                ));
            }
            save_part(&file, &part)?;
            println!(
                "  {}: paths {lo}..{hi} of {mv} (stage 1 {:.1} s, {} failed; {} instances) \
                 at {:.0} s",
                r.key(),
                part.stage1_seconds,
                part.stage1_failed,
                seeds.len(),
                t_row.elapsed().as_secs_f64()
            );
        }
        parts.push(part);
    }
    let stage1_seconds: f64 = parts.iter().map(|p| p.stage1_seconds).sum();
    let generic: GenericCriticalPoints =
        generic_critical_points(&net, r.m, &GenericOptions::default())
            .map_err(|e| format!("{}: generic solve: {e}", r.key()))?;
    for (k, &seed) in seeds.iter().enumerate() {
        let sys = &systems[k];
        let mut paths = Vec::with_capacity(mv as usize);
        let mut tracked = 0.0;
        for part in &parts {
            let p = part
                .instances
                .iter()
                .find(|p| p.seed == seed)
                .ok_or_else(|| format!("{}: part {} lacks seed {seed}", r.key(), part.first))?;
            tracked += p.seconds;
            paths.extend(p.paths(part.first..part.end)?);
        }
        let t = Instant::now();
        let solver: PathSolver = stage_two(sys, &start, &stage1, &options[k])
            .map_err(|e| format!("{}: {e}", r.key()))?;
        let p = solver
            .finish(paths)
            .map_err(|e| format!("{}: {e}", r.key()))?;
        let polyhedral_seconds = tracked + t.elapsed().as_secs_f64();
        let inst = instance(seed)?;
        let t = Instant::now();
        let cp = generic
            .track_to(&inst, Regularization::Linear, seed)
            .map_err(|e| format!("{}: parameter homotopy: {e}", r.key()))?;
        let parameter_seconds = t.elapsed().as_secs_f64();
        let parameter_n_cstar = cp
            .points
            .iter()
            .filter(|x| x.iter().all(|z| z.norm() > 0.0))
            .count();
        let mut line = InstanceCheck {
            table: r.table.to_string(),
            row: r.row,
            widths: r.widths.clone(),
            m: r.m,
            n: sys.nvars(),
            seed,
            bkk: r.bkk,
            paths_tracked: p.paths_tracked,
            n_c: p.counts.finite,
            n_cstar: p.counts.torus,
            failed: p.counts.failed,
            at_infinity: p.counts.at_infinity,
            escalated: p.counts.escalated,
            polyhedral_seconds,
            parameter_n_c: cp.points.len(),
            parameter_n_cstar,
            parameter_failed: cp.failed as usize,
            parameter_seconds,
            published_n_c: r.n_c,
            published_n_cstar: r.n_cstar,
            stage1_seconds,
            agrees: false,
            commit: {
                // the commits of the runs that tracked its parts, and of this one
                let mut set: std::collections::BTreeSet<&str> = parts
                    .iter()
                    .flat_map(|p| p.commit.split(", "))
                    .filter(|c| !c.is_empty())
                    .collect();
                set.insert(&o.commit);
                set.into_iter().collect::<Vec<_>>().join(", ")
            },
        };
        line.agrees = line.paths_tracked == r.bkk
            && line.failed == 0
            && line.parameter_failed == 0
            && (line.n_c, line.n_cstar) == (r.n_c, r.n_cstar)
            && (line.parameter_n_c, line.parameter_n_cstar) == (r.n_c, r.n_cstar);
        finished(line)?;
    }
    // every instance of the row is in the log: its parts are no longer needed
    std::fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(())
}

/// The saved stage 2 of paths `first..end` of a row (a file of `DIR/parts/<row>/`).
#[derive(Debug, Serialize, Deserialize)]
struct Part {
    first: u64,
    end: u64,
    /// Stage 1 of these paths, summed over the runs that added instances (s).
    stage1_seconds: f64,
    /// Stage-1 paths that failed (they are failed stage-2 paths of every instance).
    stage1_failed: usize,
    /// The commit of the run that tracked these paths (see `git_describe`).
    #[serde(default)]
    commit: String,
    instances: Vec<PartInstance>,
}

impl Part {
    /// Removes the instances with a failed path from the part, so that their stage 2
    /// is tracked again (`--retry-differing`: such an instance cannot agree), and
    /// returns their seeds. A failed stage-1 path is a failed stage-2 path of every
    /// instance, so all of them go and stage 1 is run again too.
    fn drop_instances_with_failed_paths(&mut self) -> Vec<u64> {
        let failed = |p: &PartInstance| p.paths.iter().any(|s| s.status == "failed");
        let dropped = self
            .instances
            .iter()
            .filter(|p| failed(p))
            .map(|p| p.seed)
            .collect();
        self.instances.retain(|p| !failed(p));
        dropped
    }
}

/// One instance's stage 2 of a part: paths at infinity as ranges, the others in full.
#[derive(Debug, Serialize, Deserialize)]
struct PartInstance {
    seed: u64,
    /// Wall time of the tracking (s).
    seconds: f64,
    /// Ranges `[a, b)` of consecutive paths at infinity.
    at_infinity: Vec<[u64; 2]>,
    /// Paths at infinity that needed more than `f64`.
    at_infinity_escalated: Vec<u64>,
    /// Every path not at infinity.
    paths: Vec<SavedPath>,
}

/// A [`PathResult`] not at infinity, as saved (the projective endpoint is not kept:
/// [`PathSolver::finish`] reads the affine one).
#[derive(Debug, Serialize, Deserialize)]
struct SavedPath {
    path: u64,
    /// `nonsingular`, `singular` or `failed`.
    status: String,
    /// Why a failed path failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// The affine endpoint as `[re, im]` pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    solution: Option<Vec<[f64; 2]>>,
    winding_number: usize,
    /// `null` when infinite (JSON has no infinity).
    cond: Option<f64>,
    residual: Option<f64>,
    steps: usize,
    rejected_steps: usize,
    max_precision_bits: u32,
    escalations: usize,
}

impl PartInstance {
    fn new(seed: u64, seconds: f64, paths: &[PathResult]) -> Self {
        let finite = |v: f64| v.is_finite().then_some(v);
        let mut at_infinity: Vec<[u64; 2]> = Vec::new();
        let mut at_infinity_escalated = Vec::new();
        let mut saved = Vec::new();
        for p in paths {
            if p.status == PathStatus::AtInfinity {
                match at_infinity.last_mut() {
                    Some(r) if r[1] == p.path => r[1] += 1,
                    _ => at_infinity.push([p.path, p.path + 1]),
                }
                if p.max_precision_bits > 53 {
                    at_infinity_escalated.push(p.path);
                }
                continue;
            }
            let (status, reason) = match &p.status {
                PathStatus::Nonsingular => ("nonsingular", None),
                PathStatus::Singular => ("singular", None),
                PathStatus::Failed(why) => ("failed", Some(why.clone())),
                PathStatus::AtInfinity => unreachable!("handled above"),
            };
            saved.push(SavedPath {
                path: p.path,
                status: status.to_string(),
                reason,
                solution: p
                    .solution
                    .as_ref()
                    .map(|y| y.iter().map(|z| [z.re, z.im]).collect()),
                winding_number: p.winding_number,
                cond: finite(p.cond),
                residual: finite(p.residual),
                steps: p.steps,
                rejected_steps: p.rejected_steps,
                max_precision_bits: p.max_precision_bits,
                escalations: p.escalations,
            });
        }
        PartInstance {
            seed,
            seconds,
            at_infinity,
            at_infinity_escalated,
            paths: saved,
        }
    }

    /// The path results of `range` back, in order (paths at infinity with only their
    /// status and precision); an error unless every path of `range` is there once.
    fn paths(&self, range: std::ops::Range<u64>) -> Result<Vec<PathResult>, String> {
        let blank = PathResult::new;
        let mut out: Vec<Option<PathResult>> = range.clone().map(|_| None).collect();
        let mut put = |p: PathResult| -> Result<(), String> {
            let i = p.path;
            let slot = i
                .checked_sub(range.start)
                .and_then(|k| out.get_mut(k as usize))
                .ok_or_else(|| format!("saved path {i} is outside the part {range:?}"))?;
            if slot.replace(p).is_some() {
                return Err(format!("path {i} is saved twice"));
            }
            Ok(())
        };
        let escalated: std::collections::BTreeSet<u64> =
            self.at_infinity_escalated.iter().copied().collect();
        let mut escalated_found = 0;
        for &[a, b] in &self.at_infinity {
            for i in a..b {
                let mut p = blank(i, PathStatus::AtInfinity);
                if escalated.contains(&i) {
                    p.max_precision_bits = 106;
                    escalated_found += 1;
                }
                put(p)?;
            }
        }
        if escalated_found != escalated.len() {
            return Err("an escalated path is not among the paths at infinity".into());
        }
        for s in &self.paths {
            let status = match s.status.as_str() {
                "nonsingular" => PathStatus::Nonsingular,
                "singular" => PathStatus::Singular,
                "failed" => PathStatus::Failed(s.reason.clone().unwrap_or_default()),
                other => return Err(format!("path {}: unknown status `{other}`", s.path)),
            };
            let mut p = blank(s.path, status);
            p.solution = s
                .solution
                .as_ref()
                .map(|y| y.iter().map(|&[re, im]| Complex64::new(re, im)).collect());
            if matches!(p.status, PathStatus::Nonsingular | PathStatus::Singular)
                && p.solution.is_none()
            {
                return Err(format!("finite path {} has no solution", s.path));
            }
            p.winding_number = s.winding_number;
            p.cond = s.cond.unwrap_or(f64::INFINITY);
            p.residual = s.residual.unwrap_or(f64::INFINITY);
            p.steps = s.steps;
            p.rejected_steps = s.rejected_steps;
            p.max_precision_bits = s.max_precision_bits;
            p.escalations = s.escalations;
            put(p)?;
        }
        out.into_iter()
            .zip(range)
            .map(|(p, i)| p.ok_or_else(|| format!("path {i} is missing from its part")))
            .collect()
    }
}

/// A saved part, or `None` if there is none; a file that does not parse is an error.
fn load_part(path: &Path) -> Result<Option<Part>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Writes a part to a temporary file and renames it, so a cut write leaves no file.
fn save_part(path: &Path, part: &Part) -> Result<(), String> {
    let text = serde_json::to_string(part).map_err(|e| e.to_string())?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The finished instances of earlier runs, by (row key, seed). A last line cut by an
/// interruption is dropped from the file (its instance is recomputed), so that
/// [`append`] starts on a line of its own; any other malformed line is an error.
fn read_log(path: &Path) -> Result<BTreeMap<(String, u64), InstanceCheck>, String> {
    let mut done = BTreeMap::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(done),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    // whole lines end with a newline; what follows the last one was cut
    let whole = text.rfind('\n').map_or(0, |i| i + 1);
    for (i, line) in text[..whole].lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c: InstanceCheck = serde_json::from_str(line)
            .map_err(|e| format!("{} line {}: {e}", path.display(), i + 1))?;
        done.insert((row_key(&c.table, c.row, &c.widths, c.m), c.seed), c);
    }
    if whole < text.len() {
        std::fs::write(path, &text[..whole]).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(done)
}

/// Appends one line to the log.
fn append(path: &Path, line: &InstanceCheck) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = serde_json::to_string(line).map_err(|e| e.to_string())?;
    text.push('\n');
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_data())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The distinct commits of some lines, comma-separated (`-` for none).
fn commits(lines: &[&InstanceCheck]) -> String {
    let set: std::collections::BTreeSet<&str> = lines.iter().map(|l| l.commit.as_str()).collect();
    if set.is_empty() {
        "-".into()
    } else {
        set.into_iter().collect::<Vec<_>>().join(", ")
    }
}

/// The Markdown summary, and whether every instance of every row is done and agrees.
fn summary(
    rows: &[Row],
    done: &BTreeMap<(String, u64), InstanceCheck>,
    o: &CheckOptions,
) -> (String, bool) {
    let mut md = format!(
        "# Polyhedral homotopy against the published counts and the parameter homotopy\n\n\
         `cargo xtask polyhedral-check --max-n {} --instances {}`: rows of Tables 1-4 of `001`, \
         instances `Instance::random(net, m, seed, 1.0)` with seeds 1..={}.\n\n\
         | table | widths | m | N | BKK (C^N) | N_C / N_C* published | instances agreeing | \
         stage 1 | polyhedral per instance | parameter per instance | commit |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
        o.max_n, o.instances, o.instances
    );
    let mut all = true;
    let mut paths = 0u64;
    for r in rows {
        let lines: Vec<&InstanceCheck> = (1..=o.instances)
            .filter_map(|s| done.get(&(r.key(), s)))
            .collect();
        let agreeing = lines.iter().filter(|l| l.agrees).count();
        all &= agreeing as u64 == o.instances;
        paths += lines.iter().map(|l| l.paths_tracked).sum::<u64>();
        let mean = |f: &dyn Fn(&InstanceCheck) -> f64| {
            if lines.is_empty() {
                "-".to_string()
            } else {
                format!(
                    "{:.2} s",
                    lines.iter().map(|l| f(l)).sum::<f64>() / lines.len() as f64
                )
            }
        };
        let stage1 = lines
            .iter()
            .map(|l| l.stage1_seconds)
            .fold(0.0f64, f64::max);
        let w: Vec<String> = r.widths.iter().map(ToString::to_string).collect();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} / {} | {agreeing} of {} | {} | {} | {} | {} |",
            &r.table[..9],
            w.join(","),
            r.m,
            lines.first().map_or("-".into(), |l| l.n.to_string()),
            r.bkk,
            r.n_c,
            r.n_cstar,
            o.instances,
            if stage1 > 0.0 {
                format!("{stage1:.2} s")
            } else {
                "-".into()
            },
            mean(&|l| l.polyhedral_seconds),
            mean(&|l| l.parameter_seconds),
            commits(&lines),
        );
    }
    let _ = writeln!(
        md,
        "\n{} stage-2 paths tracked in all; {}.",
        paths,
        if all {
            "every instance of every row agrees"
        } else {
            "NOT every instance is done and agrees"
        }
    );
    (md, all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn options_are_checked() {
        let o = CheckOptions::parse(&args(&["--max-n", "7", "--only", "2,4"])).unwrap();
        assert_eq!((o.max_n, o.instances), (7, 5));
        assert!(!o.retry_differing);
        assert!(
            CheckOptions::parse(&args(&["--retry-differing"]))
                .unwrap()
                .retry_differing
        );
        assert_eq!(o.tables, vec!["2", "4"]);
        for bad in [
            &["--instances", "0"][..],
            &["--max-n", "x"],
            &["--max-n", "99"],
            &["--only", "5"],
            &["--only", ","],
            &["--out"],
            &["--bogus"],
            &["--fresh", "--summary"],
            &["--part", "0"],
        ] {
            assert!(CheckOptions::parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    fn line(seed: u64) -> InstanceCheck {
        InstanceCheck {
            table: "bh_table1_H1_m1".into(),
            row: 3,
            widths: vec![2, 1, 2],
            m: 1,
            n: 4,
            seed,
            bkk: 33,
            paths_tracked: 33,
            n_c: 9,
            n_cstar: 8,
            failed: 0,
            at_infinity: 24,
            escalated: 0,
            polyhedral_seconds: 0.1,
            parameter_n_c: 9,
            parameter_n_cstar: 8,
            parameter_failed: 0,
            parameter_seconds: 0.01,
            published_n_c: 9,
            published_n_cstar: 8,
            stage1_seconds: 0.2,
            agrees: true,
            commit: "abc1234".into(),
        }
    }

    #[test]
    fn an_interrupted_log_keeps_its_whole_lines() {
        let dir = std::env::temp_dir().join(format!("pc-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("log.jsonl");
        let _ = std::fs::remove_file(&log);
        append(&log, &line(1)).unwrap();
        append(&log, &line(2)).unwrap();
        // a write cut in the middle of the third line
        let mut text = std::fs::read_to_string(&log).unwrap();
        text.push_str("{\"table\":\"bh_ta");
        std::fs::write(&log, &text).unwrap();
        let done = read_log(&log).unwrap();
        assert_eq!(done.len(), 2);
        assert!(done.contains_key(&("bh_table1_H1_m1_row3_w2-1-2_m1".into(), 2)));
        // reading dropped the cut line: the next append starts a line of its own
        append(&log, &line(3)).unwrap();
        assert_eq!(read_log(&log).unwrap().len(), 3);
        // a malformed line elsewhere is an error, not a silent skip
        std::fs::write(&log, "not json\n").unwrap();
        assert!(read_log(&log).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A path result without an endpoint, as a path at infinity has.
    fn result(path: u64, status: PathStatus, bits: u32) -> PathResult {
        PathResult {
            path,
            status,
            solution: None,
            projective: vec![Complex64::new(1.0, 0.0)],
            winding_number: 1,
            valuation: None,
            cond: f64::INFINITY,
            residual: f64::INFINITY,
            steps: 10 + path as usize,
            rejected_steps: 1,
            max_precision_bits: bits,
            escalations: usize::from(bits > 53),
        }
    }

    #[test]
    fn a_retry_drops_the_part_instances_with_failed_paths() {
        let instance = |seed: u64, failed: bool| {
            let mut paths: Vec<PathResult> = (0..4)
                .map(|i| result(i, PathStatus::AtInfinity, 53))
                .collect();
            paths[1].status = PathStatus::Nonsingular;
            if failed {
                paths[2].status = PathStatus::Failed("step limit".into());
            }
            PartInstance::new(seed, 1.0, &paths)
        };
        let mut part = Part {
            first: 0,
            end: 4,
            stage1_seconds: 1.0,
            stage1_failed: 0,
            commit: "abc1234".into(),
            instances: vec![instance(1, false), instance(2, true), instance(3, false)],
        };
        assert_eq!(part.drop_instances_with_failed_paths(), vec![2]);
        let seeds: Vec<u64> = part.instances.iter().map(|p| p.seed).collect();
        assert_eq!(seeds, vec![1, 3]);
        assert!(part.drop_instances_with_failed_paths().is_empty());
    }

    #[test]
    fn a_saved_part_gives_its_path_results_back() {
        let mut paths: Vec<PathResult> = (100..110)
            .map(|i| result(i, PathStatus::AtInfinity, if i == 104 { 106 } else { 53 }))
            .collect();
        paths[3].status = PathStatus::Nonsingular;
        paths[3].solution = Some(vec![Complex64::new(0.1, -2e-300), Complex64::new(3.5, 1e7)]);
        paths[3].cond = 12.5;
        paths[3].residual = 1e-16;
        paths[7].status = PathStatus::Failed("why".into());
        paths[8].status = PathStatus::Singular;
        paths[8].solution = Some(vec![Complex64::new(0.0, 0.0); 2]);
        paths[8].winding_number = 2;
        let part = PartInstance::new(7, 1.5, &paths);
        assert_eq!(part.at_infinity, vec![[100, 103], [104, 107], [109, 110]]);
        assert_eq!(part.at_infinity_escalated, vec![104]);
        let text = serde_json::to_string(&part).unwrap();
        let back: PartInstance = serde_json::from_str(&text).unwrap();
        let got = back.paths(100..110).unwrap();
        for (a, b) in paths.iter().zip(&got) {
            assert_eq!((a.path, &a.status), (b.path, &b.status));
            assert_eq!(a.solution, b.solution, "path {}", a.path);
            assert_eq!(a.max_precision_bits > 53, b.max_precision_bits > 53);
            if a.status != PathStatus::AtInfinity {
                assert_eq!(
                    (a.cond, a.residual, a.winding_number),
                    (b.cond, b.residual, b.winding_number)
                );
                assert_eq!(
                    (a.steps, a.max_precision_bits),
                    (b.steps, b.max_precision_bits)
                );
            }
        }
        // another range, or a path left out, is an error, not a silent gap
        assert!(back.paths(100..111).is_err());
        assert!(back.paths(101..110).is_err());
        let mut short = back;
        short.at_infinity.pop();
        assert!(short.paths(100..110).is_err());
    }
}
