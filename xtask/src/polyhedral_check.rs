//! `cargo xtask polyhedral-check`: the polyhedral homotopy against the published counts
//! and against the parameter homotopy, on the same random instances (issues 5 and 6).
//!
//! For every row of Tables 1–4 of `001` with $N \le$ `--max-n` (default 12) and
//! instances with seeds $1, \dots, K$ (`--instances`, default 5):
//!
//! 1. **Stage 1 once per row.** The random-coefficient start system $G$ on the supports
//!    of the row's gradient system with the origin added (Li–Wang, $\mathbb C^N$) and its
//!    $MV$ roots from the mixed cells ([`PolyhedralStart`]). $MV$ must equal the
//!    published $\mathbb C^N$ BKK count, and no stage-1 path may fail. The roots are
//!    saved under `DIR/start_roots/` and reused by a rerun.
//! 2. **Stage 2 per instance.** All $MV$ paths from $G$'s roots to the instance
//!    ([`solve_from_roots`]): every generic instance has the row's supports, and $G$ is
//!    a generic member of the coefficient family on them, so every isolated critical
//!    point in $\mathbb C^N$ is reached. $N_{\mathbb C}$ = finite solutions,
//!    $N_{\mathbb C^*}$ = those in the torus.
//! 3. **Parameter homotopy on the same instance.** The generic solve by monodromy (once
//!    per row) moved to the instance ([`dln::GenericCriticalPoints::track_to`]).
//!
//! An instance **agrees** when the polyhedral solve tracked exactly BKK paths, failed
//! none, and its $N_{\mathbb C}$, $N_{\mathbb C^*}$ equal the published ones and the
//! parameter homotopy's (which must fail none either). Each instance is appended to
//! `DIR/polyhedral_check.jsonl` as it finishes, and a rerun skips the finished ones
//! (`--fresh` starts over); rows run in order of their BKK count, cheapest first. The
//! summary is `DIR/polyhedral_check.md`.

use dln::reference;
use dln::{generic_critical_points, gradient_system, GenericOptions, Instance, Network};
use dln::{GenericCriticalPoints, Regularization};
use homotopy::polyhedral::{solve_from_roots, PolyhedralOptions, PolyhedralStart, StartRoot};
use homotopy::{SolveOptions, TrackStats};
use num_complex::Complex64;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The seed of the start system $G$ and of the lifting (one per row).
const START_SEED: u64 = 1;

const USAGE: &str = "usage: cargo xtask polyhedral-check [--max-n N] [--instances K] \
                     [--only PARTS] [--fresh] [--out DIR]\n\
                     --max-n N: rows with N <= this (default 12); --instances K: seeds 1..=K \
                     per row (default 5);\n--only: tables of 001 (comma-separated, of 1, 2, 3, 4); \
                     --out DIR (default results/polyhedral_check)";

/// The settings of one run.
#[derive(Debug)]
pub struct CheckOptions {
    max_n: usize,
    instances: u64,
    tables: Vec<String>,
    fresh: bool,
    out: PathBuf,
}

impl CheckOptions {
    /// Parses the command line of `polyhedral-check`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = CheckOptions {
            max_n: 12,
            instances: 5,
            tables: ["1", "2", "3", "4"].map(String::from).to_vec(),
            fresh: false,
            out: PathBuf::from("results/polyhedral_check"),
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
                "--fresh" => o.fresh = true,
                "--out" => o.out = PathBuf::from(take("--out")?),
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
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
    std::fs::create_dir_all(o.out.join("start_roots"))
        .map_err(|e| format!("{}: {e}", o.out.display()))?;
    let log = o.out.join("polyhedral_check.jsonl");
    if o.fresh {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_dir_all(o.out.join("start_roots"));
        std::fs::create_dir_all(o.out.join("start_roots")).map_err(|e| e.to_string())?;
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
    for r in &rows {
        let missing: Vec<u64> = (1..=o.instances)
            .filter(|s| !done.contains_key(&(r.key(), *s)))
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
    }
    let (md, all) = summary(&rows, &done, o);
    std::fs::write(o.out.join("polyhedral_check.md"), &md).map_err(|e| e.to_string())?;
    println!("{md}");
    Ok(all)
}

/// Stage 1 (or its saved roots), then the missing instances of one row: one
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
    if start.mixed_volume != r.bkk {
        return Err(format!(
            "{}: the C^N mixed volume is {}, published BKK {}",
            r.key(),
            start.mixed_volume,
            r.bkk
        ));
    }
    let cache = o.out.join("start_roots").join(format!("{}.bin", r.key()));
    let t = Instant::now();
    let (roots, stage1_seconds) = match load_roots(&cache, start.mixed_volume, first.nvars()) {
        Some(roots) => (roots, 0.0),
        None => {
            let roots = start.start_roots(start.mixed_volume, &opts.stage1, 1e-8);
            let secs = t.elapsed().as_secs_f64();
            let failed = roots.iter().filter(|x| x.root.is_err()).count();
            println!(
                "  {}: stage 1, {} roots of G, {failed} failed, {secs:.1} s",
                r.key(),
                roots.len()
            );
            if failed == 0 {
                save_roots(&cache, &roots, first.nvars())?;
            }
            (roots, secs)
        }
    };
    let generic: GenericCriticalPoints =
        generic_critical_points(&net, r.m, &GenericOptions::default())
            .map_err(|e| format!("{}: generic solve: {e}", r.key()))?;
    for &seed in seeds {
        let inst = instance(seed)?;
        let sys = gradient_system(&inst, Regularization::Linear);
        let t = Instant::now();
        let po = PolyhedralOptions {
            solve: SolveOptions {
                seed,
                ..SolveOptions::default()
            },
            ..PolyhedralOptions::default()
        };
        let p =
            solve_from_roots(&sys, &start, &roots, &po).map_err(|e| format!("{}: {e}", r.key()))?;
        let polyhedral_seconds = t.elapsed().as_secs_f64();
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
        };
        line.agrees = line.paths_tracked == r.bkk
            && line.failed == 0
            && line.parameter_failed == 0
            && (line.n_c, line.n_cstar) == (r.n_c, r.n_cstar)
            && (line.parameter_n_c, line.parameter_n_cstar) == (r.n_c, r.n_cstar);
        finished(line)?;
    }
    Ok(())
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

const ROOTS_MAGIC: &[u8; 8] = b"CPROOTS1";

/// Saves stage-1 roots (all found) as little-endian `f64`: the magic, the number of
/// roots and of unknowns as `u64`, then the real and imaginary parts of each root.
/// Written to a temporary file and renamed, so a cut write leaves no file.
fn save_roots(path: &Path, roots: &[StartRoot], n: usize) -> Result<(), String> {
    let mut bytes = Vec::with_capacity(24 + roots.len() * n * 16);
    bytes.extend_from_slice(ROOTS_MAGIC);
    bytes.extend_from_slice(&(roots.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&(n as u64).to_le_bytes());
    for r in roots {
        let y = r
            .root
            .as_ref()
            .map_err(|e| format!("saving a failed root: {e}"))?;
        for z in y {
            bytes.extend_from_slice(&z.re.to_le_bytes());
            bytes.extend_from_slice(&z.im.to_le_bytes());
        }
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// The roots saved by [`save_roots`], if the file is there and has `count` roots in
/// `n` unknowns (anything else is recomputed).
fn load_roots(path: &Path, count: u64, n: usize) -> Option<Vec<StartRoot>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
    if bytes.len() < 24 || &bytes[..8] != ROOTS_MAGIC || word(8) != count || word(16) != n as u64 {
        return None;
    }
    if bytes.len() != 24 + count as usize * n * 16 {
        return None;
    }
    let f = |i: usize| f64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
    let roots = (0..count as usize)
        .map(|p| {
            let y: Vec<Complex64> = (0..n)
                .map(|j| {
                    let at = 24 + (p * n + j) * 16;
                    Complex64::new(f(at), f(at + 8))
                })
                .collect();
            StartRoot {
                path: p as u64,
                root: Ok(y),
                stats: TrackStats::default(),
            }
        })
        .collect();
    Some(roots)
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
         stage 1 | polyhedral per instance | parameter per instance |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
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
            "| {} | {} | {} | {} | {} | {} / {} | {agreeing} of {} | {} | {} | {} |",
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
        assert_eq!(o.tables, vec!["2", "4"]);
        for bad in [
            &["--instances", "0"][..],
            &["--max-n", "x"],
            &["--max-n", "99"],
            &["--only", "5"],
            &["--only", ","],
            &["--out"],
            &["--bogus"],
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

    #[test]
    fn saved_start_roots_load_back_exactly() {
        let dir = std::env::temp_dir().join(format!("pc-roots-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.bin");
        let roots: Vec<StartRoot> = (0..3u64)
            .map(|p| StartRoot {
                path: p,
                root: Ok(vec![
                    Complex64::new(p as f64, -0.1),
                    Complex64::new(1e-300, 7.5),
                ]),
                stats: TrackStats::default(),
            })
            .collect();
        save_roots(&path, &roots, 2).unwrap();
        let back = load_roots(&path, 3, 2).unwrap();
        for (a, b) in roots.iter().zip(&back) {
            assert_eq!(a.path, b.path);
            assert_eq!(a.root, b.root);
        }
        // another count or dimension is not reused
        assert!(load_roots(&path, 4, 2).is_none());
        assert!(load_roots(&path, 3, 3).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
