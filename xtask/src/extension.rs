//! The extension table (NEW, not from the paper): Table 1 of `001` (H = 1, m = 1)
//! beyond the paper's horizon, d = 1..5 hidden neurons, p = d_y = 1..5,
//! d_x ∈ {1, 2, 5, 10}, computed by the reduced systems of Theorem 5 solved by a
//! parameter homotopy from the generic solutions of their family
//! (`dln::solve_reduced_parameter`: one path per generic solution of each stratum of
//! hidden neurons, every endpoint u giving its 2^|S| sign choices, back-substituted and
//! Newton-refined on the full gradient system). The generic solutions are computed once
//! per p (`dln::generic_reduced_solutions`, monodromy, checked by total degree where
//! that is cheap) and serve every d and d_x.
//!
//! Per row, [`INSTANCES`] instances `Instance::random(&net, 1, seed, 1.0)`, seeds
//! `0..INSTANCES`: N_C (all complex critical points), N_C* (no zero weight; a weight is
//! zero when |w| <= 1e-8 (1 + max |w|)), N_R (real critical points:
//! `analysis::is_real` with tolerance 1e-8 relative to 1 + max |w|) and its maximum over
//! the instances with the seed that produced it, paths tracked and failed paths. When
//! the instances disagree on N_C or N_C* the cell shows the range and the row is flagged:
//! a generic count is one number. Rows that are also in Table 1 show the published
//! values beside ours.
//!
//! `--quick` computes d <= 2, p <= 3, d_x <= 2 (12 rows); `--full` every row.
//!
//! **Resumable.** Every finished row is appended at once to
//! `DIR/reduced_extension.progress.csv` (first line [`PROGRESS_HEADER`], which names
//! the format, the method and the instance count); a later run with the same header
//! takes those rows from it instead of recomputing them (the Markdown marks them
//! "resumed"), so an interrupted `--full` run loses at most the row in progress.
//! `--fresh` discards the file. The rows of `--quick` are the same computation as those
//! of `--full` (same instances, same generic solutions for d <= 2), so they are reused.

use dln::reference;
use dln::{GenericReducedOptions, GenericReducedSolutions, Instance, Network};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// Instances per row.
pub const INSTANCES: u64 = 10;
const D_X: [usize; 4] = [1, 2, 5, 10];
/// Largest d and p of the table.
const MAX_D: usize = 5;
const MAX_P: usize = 5;

/// First line of the progress file: rows saved under another header (another format,
/// method or instance count) are not reused.
pub const PROGRESS_HEADER: &str =
    "# reduced_extension progress v2: solve_reduced_parameter (u, w form, 128-bit Newton fallback), 10 instances";
const PROGRESS_FILE: &str = "reduced_extension.progress.csv";

/// One computed row.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    n_c: (usize, usize),
    n_cstar: (usize, usize),
    max_n_r: (usize, u64),
    paths: u64,
    failed: usize,
    secs: f64,
}

impl Row {
    /// The progress-file line of the row of widths `(n, d, p)`.
    fn progress_line(&self, d: usize, n: usize, p: usize) -> String {
        format!(
            "{d},{n},{p},{},{},{},{},{},{},{},{},{:.3}",
            self.n_c.0,
            self.n_c.1,
            self.n_cstar.0,
            self.n_cstar.1,
            self.max_n_r.0,
            self.max_n_r.1,
            self.paths,
            self.failed,
            self.secs
        )
    }

    /// Parses [`Row::progress_line`]: the key `(d, n, p)` and the row.
    fn parse_progress(line: &str) -> Option<((usize, usize, usize), Row)> {
        let f: Vec<&str> = line.trim().split(',').collect();
        if f.len() != 12 {
            return None;
        }
        let u = |i: usize| f[i].parse::<usize>().ok();
        let key = (u(0)?, u(1)?, u(2)?);
        let row = Row {
            n_c: (u(3)?, u(4)?),
            n_cstar: (u(5)?, u(6)?),
            max_n_r: (u(7)?, f[8].parse().ok()?),
            paths: f[9].parse().ok()?,
            failed: u(10)?,
            secs: f[11].parse().ok()?,
        };
        Some((key, row))
    }
}

/// The rows saved in `out/`[`PROGRESS_FILE`] under [`PROGRESS_HEADER`] (none when the
/// file is missing, has another header, or `fresh`); a last line without its newline
/// (a row cut off by an interruption) is ignored, and a malformed line ends the reading.
fn saved_rows(out: &Path, fresh: bool) -> BTreeMap<(usize, usize, usize), Row> {
    let mut rows = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(out.join(PROGRESS_FILE)) else {
        return rows;
    };
    // only complete lines count: an interruption can cut the last one short
    let mut lines = text.split_inclusive('\n').filter(|l| l.ends_with('\n'));
    if fresh || lines.next().map(str::trim_end) != Some(PROGRESS_HEADER) {
        return rows;
    }
    for line in lines {
        match Row::parse_progress(line) {
            Some((key, row)) => {
                rows.insert(key, row);
            }
            None => break,
        }
    }
    rows
}

/// Rewrites the progress file with `rows` (dropping any cut-off line), open for appending.
fn progress_file(
    out: &Path,
    rows: &BTreeMap<(usize, usize, usize), Row>,
) -> Result<std::fs::File, String> {
    let mut text = format!("{PROGRESS_HEADER}\n");
    for (&(d, n, p), row) in rows {
        text.push_str(&row.progress_line(d, n, p));
        text.push('\n');
    }
    crate::write(out, PROGRESS_FILE, &text)?;
    std::fs::OpenOptions::new()
        .append(true)
        .open(out.join(PROGRESS_FILE))
        .map_err(|e| format!("cannot append to {PROGRESS_FILE}: {e}"))
}

fn range(r: (usize, usize)) -> String {
    if r.0 == r.1 {
        r.0.to_string()
    } else {
        format!("{}..{} ✗", r.0, r.1)
    }
}

fn solve_row(net: &Network, generic: &GenericReducedSolutions) -> Result<Row, String> {
    let started = Instant::now();
    let mut row = Row {
        n_c: (usize::MAX, 0),
        n_cstar: (usize::MAX, 0),
        max_n_r: (0, 0),
        paths: 0,
        failed: 0,
        secs: 0.0,
    };
    for seed in 0..INSTANCES {
        let inst = Instance::random(net, 1, seed, 1.0).map_err(|e| e.to_string())?;
        let r = dln::solve_reduced_parameter(&inst, generic, seed).map_err(|e| e.to_string())?;
        let n_c = r.critical_points.len();
        let n_r = r
            .critical_points
            .iter()
            .filter(|w| analysis::is_real(w, 1e-8))
            .count();
        row.n_c = (row.n_c.0.min(n_c), row.n_c.1.max(n_c));
        row.n_cstar = (row.n_cstar.0.min(r.torus), row.n_cstar.1.max(r.torus));
        if n_r > row.max_n_r.0 || seed == 0 {
            row.max_n_r = (n_r, seed);
        }
        row.paths += r.paths_tracked;
        row.failed += r.failed;
    }
    row.secs = started.elapsed().as_secs_f64();
    Ok(row)
}

/// Computes the extension table into `out/reduced_extension.{md,csv}` (`quick`: d <= 2,
/// p <= 3, d_x <= 2 only), taking the rows already in the progress file unless `fresh`
/// (module documentation). Returns whether every computed row is consistent (instances
/// agree, no failed path, every generic count consistent with its check, and the rows
/// also in Table 1 agree with the published N_C, N_C*) and a one-line summary.
pub fn extension_table(out: &Path, quick: bool, fresh: bool) -> Result<(bool, String), String> {
    let started = Instant::now();
    let saved = saved_rows(out, fresh);
    let mut progress = progress_file(out, &saved)?;
    let t1 = reference::table("bh_table1_H1_m1").ok_or("missing Table 1")?;
    let published = |d: usize, n: usize, p: usize| {
        (0..t1.rows.len()).find(|&r| {
            t1.integer(r, "d_hidden").ok() == Some(d as u64)
                && t1.integer(r, "d_x").ok() == Some(n as u64)
                && t1.integer(r, "d_y").ok() == Some(p as u64)
        })
    };
    let mut md = String::from(
        "<!-- generated by `cargo xtask reproduce-tables`, do not edit -->\n\
         # reduced_extension — NEW (not from the paper)\n\n\
         **New table, beyond the horizon of Table 1 of `001`** (H = 1, m = 1): every complex \
         critical point from the reduced systems of Theorem 5, each solved by a parameter \
         homotopy from the generic solutions of its family (`dln::solve_reduced_parameter`: \
         one path per generic solution of each stratum of hidden neurons, every endpoint \
         u_i = a_i1^2 giving its 2^|S| sign choices, back-substituted and refined by Newton \
         on the full gradient system), on 10 random instances per row \
         (`Instance::random(net, 1, seed, 1.0)`, seeds 0..9). N_C, N_C*: equal on every \
         instance unless a range marked ✗ is shown. N_R: real critical points \
         (max |Im w| ≤ 1e-8 (1 + max |w|)); max N_R with the seed that produced it. \
         Rows also in Table 1 show `ours / published`. The generic solutions (monodromy \
         at random complex parameters, once per p) and how each count was checked are \
         listed below the table.\n\n\
         | d | d_x | p | N | B_C | N_C | N_C* | max N_R (seed) | paths (10 instances) | failed | time (s) |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut csv = String::from(
        "d,d_x,p,N,B_C,N_C,N_Cstar,max_N_R,max_N_R_seed,paths,failed,seconds,computed\n",
    );
    let mut ok = true;
    let (mut computed, mut skipped, mut resumed) = (0, 0, 0);
    let mut generic: BTreeMap<usize, (GenericReducedSolutions, f64)> = BTreeMap::new();
    for d in 1..=MAX_D {
        for p in 1..=MAX_P {
            for &n in &D_X {
                let net = Network::new(vec![n, d, p]).map_err(|e| e.to_string())?;
                let b_c = (1 + 4 * p as u64).pow(d as u32);
                let wanted = !quick || (d <= 2 && p <= 3 && n <= 2);
                let head = format!("| {d} | {n} | {p} | {} | {b_c} |", net.n_weights());
                if !wanted {
                    skipped += 1;
                    let _ = writeln!(md, "{head} not computed (--full) | | | | | | |");
                    let _ = writeln!(csv, "{d},{n},{p},{},{b_c},,,,,,,,false", net.n_weights());
                    continue;
                }
                computed += 1;
                if let std::collections::btree_map::Entry::Vacant(e) = generic.entry(p) {
                    let t = Instant::now();
                    let max_d = if quick { 2 } else { MAX_D };
                    let g =
                        dln::generic_reduced_solutions(max_d, p, &GenericReducedOptions::default())
                            .map_err(|e| e.to_string())?;
                    e.insert((g, t.elapsed().as_secs_f64()));
                }
                let (g, _) = &generic[&p];
                ok &= g.consistent();
                let (row, from_file) = match saved.get(&(d, n, p)) {
                    Some(row) => {
                        resumed += 1;
                        (row.clone(), true)
                    }
                    None => {
                        let row = solve_row(&net, g)?;
                        writeln!(progress, "{}", row.progress_line(d, n, p))
                            .and_then(|()| progress.flush())
                            .map_err(|e| format!("cannot append to {PROGRESS_FILE}: {e}"))?;
                        (row, false)
                    }
                };
                let time = format!(
                    "{:.1}{}",
                    row.secs,
                    if from_file { " (resumed)" } else { "" }
                );
                let consistent =
                    row.n_c.0 == row.n_c.1 && row.n_cstar.0 == row.n_cstar.1 && row.failed == 0;
                ok &= consistent;
                let (mut nc, mut ncs) = (range(row.n_c), range(row.n_cstar));
                if let Some(r) = published(d, n, p) {
                    let pc = t1.integer(r, "N_C").map_err(|e| e.to_string())? as usize;
                    let ps = t1.integer(r, "N_Cstar").map_err(|e| e.to_string())? as usize;
                    let agree = row.n_c == (pc, pc) && row.n_cstar == (ps, ps);
                    ok &= agree;
                    let mark = if agree { "" } else { " ✗" };
                    nc = format!("{nc} / {pc}{mark}");
                    ncs = format!("{ncs} / {ps}{mark}");
                }
                let _ = writeln!(
                    md,
                    "{head} {nc} | {ncs} | {} ({}) | {} | {} | {time} |",
                    row.max_n_r.0, row.max_n_r.1, row.paths, row.failed
                );
                let _ = writeln!(
                    csv,
                    "{d},{n},{p},{},{b_c},{},{},{},{},{},{},{:.2},true",
                    net.n_weights(),
                    range(row.n_c).trim_end_matches(" ✗"),
                    range(row.n_cstar).trim_end_matches(" ✗"),
                    row.max_n_r.0,
                    row.max_n_r.1,
                    row.paths,
                    row.failed,
                    row.secs
                );
                println!(
                    "extension d = {d}, d_x = {n}, p = {p}: N_C {}, N_C* {}, max N_R {} (seed {}), \
                     {} paths, {} failed, {:.1} s{}",
                    range(row.n_c),
                    range(row.n_cstar),
                    row.max_n_r.0,
                    row.max_n_r.1,
                    row.paths,
                    row.failed,
                    row.secs,
                    if from_file { " (resumed)" } else { "" }
                );
            }
        }
    }
    md.push_str(
        "\n**Generic solutions of the reduced families** (`dln::generic_reduced_solutions`, \
         default options): N_d nonsingular torus solutions of the family of d hidden \
         neurons and p outputs, and how the count was checked.\n\n\
         | p | d | N_d | monodromy paths | check | time for this p (s) |\n\
         |---|---|---|---|---|---|\n",
    );
    for (p, (g, secs)) in &generic {
        for s in &g.strata {
            let check = match &s.completeness {
                dln::Completeness::NotDominant { cond } => {
                    format!("not dominant (κ = {cond:.1e}): N_d = 0")
                }
                dln::Completeness::TotalDegreeAgrees { paths } => {
                    format!("total degree ({paths} paths) agrees")
                }
                dln::Completeness::TotalDegreeDisagrees {
                    paths,
                    count,
                    failed,
                } => format!("✗ total degree ({paths} paths) found {count}, {failed} failed"),
                dln::Completeness::MonodromyOnly => {
                    "monodromy only (count stable over the stall nodes)".to_string()
                }
            };
            let _ = writeln!(
                md,
                "| {p} | {} | {} | {} | {check} | {secs:.1} |",
                s.family.hidden(),
                s.points.len(),
                s.monodromy_paths
            );
        }
    }
    crate::write(out, "reduced_extension.md", &md)?;
    crate::write(out, "reduced_extension.csv", &csv)?;
    let summary = format!(
        "{:<22} {computed:>3} rows NEW (not from the paper, {resumed} of them resumed), \
         {skipped} not computed: {} ({:.0} s)",
        "reduced_extension",
        if ok {
            "consistent"
        } else {
            "INCONSISTENT: some instances lost points (✗ in the table)"
        },
        started.elapsed().as_secs_f64()
    );
    Ok((ok, summary))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n_c: usize) -> Row {
        Row {
            n_c: (n_c, n_c + 1),
            n_cstar: (16, 16),
            max_n_r: (9, 3),
            paths: 1200,
            failed: 0,
            secs: 1.25,
        }
    }

    #[test]
    fn progress_lines_round_trip() {
        let r = row(33);
        let parsed = Row::parse_progress(&r.progress_line(2, 5, 3)).unwrap();
        assert_eq!(parsed, ((2, 5, 3), r));
        assert!(Row::parse_progress("2,5,3,33").is_none());
        assert!(Row::parse_progress("2,5,3,x,34,16,16,9,3,1200,0,1.25").is_none());
    }

    /// Saved rows are reused; a line cut off without its newline, another header, or
    /// `fresh` is not.
    #[test]
    fn saved_rows_skip_cut_off_lines_and_other_headers() {
        let dir = std::env::temp_dir().join(format!("xtask-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let full = row(33).progress_line(2, 5, 3);
        let cut = &row(73).progress_line(2, 10, 3)[..12];
        let text = format!("{PROGRESS_HEADER}\n{full}\n{cut}");
        std::fs::write(dir.join(PROGRESS_FILE), &text).unwrap();
        let rows = saved_rows(&dir, false);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[&(2, 5, 3)], row(33));
        assert!(saved_rows(&dir, true).is_empty());
        // rewriting drops the cut-off line, and appends after the kept rows
        let mut f = progress_file(&dir, &rows).unwrap();
        writeln!(f, "{}", row(9).progress_line(1, 1, 2)).unwrap();
        assert_eq!(saved_rows(&dir, false).len(), 2);
        std::fs::write(dir.join(PROGRESS_FILE), format!("# other\n{full}\n")).unwrap();
        assert!(saved_rows(&dir, false).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
