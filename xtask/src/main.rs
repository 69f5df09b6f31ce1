//! `cargo xtask <command>`: project automation.
//!
//! - `extension-table [--quick | --full] [--fresh] [--out DIR]`: only the NEW extension
//!   table (`extension.rs`; part of `reproduce-tables` too). Finished rows are saved as
//!   they come and reused by the next run; `--fresh` recomputes them.
//! - `reproduce-tables [--quick | --full] [--fresh] [--only PARTS] [--instances K]
//!   [--seed S] [--out DIR]`: recomputes the papers' tables and figures side by side
//!   with the published numbers (`data/reference/`), writing Markdown and CSV (and SVG,
//!   PNG for the figures) into `DIR` (default `results/`): N, CBB, Theorem 5's bounds and
//!   BKK (all rows with `--full`, N <= 12 with `--quick`); the generic counts N_C, N_C* by
//!   monodromy over the dead-neuron strata (N <= 15 with `--full`; N <= 8 and
//!   min(m, d_x) <= 2 with `--quick`), certified; over K random instances per such row
//!   (`samples.rs`) max N_R, max index, mean N_C and N_R; N_DM by formula (6) of `000`;
//!   the Table III/IV instance; Figures 1-5 of `000` (`figures.rs`); the landscape and
//!   extension tables. Instances are saved as they finish under `DIR/instances/` and
//!   reused by a rerun with the same settings (`--fresh` ignores them).
//! - `polyhedral-check [--max-n N] [--instances K] [--only PARTS] [--part P] [--fresh] [--retry-differing] [--summary] [--out DIR]`:
//!   the polyhedral homotopy (BKK paths per instance) against the published counts and
//!   the parameter homotopy on the same instances (`polyhedral_check.rs`), resumable.

mod extension;
mod figures;
mod landscape;
mod polyhedral_check;
mod progress;
mod samples;

use analysis::hessian_index;
use dln::reference::{self, ReferenceTable};
use dln::{Instance, Network, Regularization, RegularizedLoss};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--quick` (the default) computes the BKK columns only for rows with N at most this.
const QUICK_BKK_MAX_N: usize = 12;
/// `--quick` computes N_C and N_C* (monodromy) only for rows with N at most this...
const QUICK_NC_MAX_N: usize = 8;
/// ... and min(m, d_x) at most this (the family has (d_x + d_y) m data parameters for
/// m < d_x, so the cost of the generic solve grows with m; for m >= d_x its parameters
/// are the moments XX^T, YX^T: one solve serves every m >= d_x).
const QUICK_NC_MAX_M: usize = 2;
/// `--quick`: random instances per table row (`--full`: the papers' 100 for `001`, 1000
/// for `000`).
const QUICK_INSTANCES: u64 = 5;
/// `--full` computes N_C and N_C* for rows with N at most this.
const FULL_NC_MAX_N: usize = 15;

/// Which rows get the expensive columns.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// BKK (mixed volumes) for rows with N at most this.
    bkk_max_n: usize,
    /// N_C, N_C* (monodromy over the dead-neuron strata) for rows with N at most this
    nc_max_n: usize,
    /// and min(m, d_x) at most this.
    nc_max_m: usize,
}

const USAGE: &str =
    "usage: cargo xtask reproduce-tables [--quick | --full] [--fresh] [--only PARTS] [--instances K]\n\
     \x20                                  [--seed S] [--out DIR]\n\
     \x20      cargo xtask extension-table [--quick | --full] [--fresh] [--out DIR]\n\
     \x20      cargo xtask polyhedral-check [--max-n N] [--instances K] [--only PARTS] [--part P] [--fresh] [--retry-differing] [--summary] [--out DIR]\n\
     PARTS: comma-separated, of 1, 2, 3, 4 (Tables 1-4 of 001), I, II, III (or IV: the Table IV\n\
     instance's minima) of 000, fig1, ..., fig5 (or figures: all five) of 000, landscape, extension;\n\
     or the output names (bh_table1_H1_m1, ...)\n\
     --instances K: random instances per table row and per figure point (default with --quick: 5\n\
     per row, 6 per point; with --full: 100 for 001's tables, 1000 for 000's tables and figures);\n\
     --seed S: instance k has seed S + k (default 1)";

/// The parts of `reproduce-tables` as `--only` names them: short name, output name.
const PARTS: [(&str, &str); 15] = [
    ("1", "bh_table1_H1_m1"),
    ("2", "bh_table2_H1_m2"),
    ("3", "bh_table3_H2_m1"),
    ("4", "bh_table4_H2_m2"),
    ("I", "mehta_table1_m1"),
    ("II", "mehta_table2_m_gt1"),
    ("III", "mehta_table3_minima"),
    ("IV", "mehta_table3_minima"),
    ("landscape", "landscape"),
    ("extension", "reduced_extension"),
    ("fig1", "fig1"),
    ("fig2", "fig2"),
    ("fig3", "fig3"),
    ("fig4", "fig4"),
    ("fig5", "fig5"),
];

/// The output names of the parts listed in `--only`'s argument.
fn parse_only(list: &str) -> Result<BTreeSet<&'static str>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .flat_map(|t| {
            if t == "figures" {
                figures::FIGURES.to_vec()
            } else {
                vec![t]
            }
        })
        .map(|t| {
            PARTS
                .iter()
                .find(|(short, name)| *short == t || *name == t)
                .map(|(_, name)| *name)
                .ok_or_else(|| format!("--only: unknown part `{t}`\n{USAGE}"))
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .and_then(|s| {
            if s.is_empty() {
                Err(format!("--only needs at least one part\n{USAGE}"))
            } else {
                Ok(s)
            }
        })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (outcome, differ) = match args.first().map(String::as_str) {
        Some("reproduce-tables") => (
            Options::parse("reproduce-tables", &args[1..]).and_then(|o| reproduce_tables(&o)),
            "some recomputed values differ from the published ones",
        ),
        Some("polyhedral-check") => (
            polyhedral_check::CheckOptions::parse(&args[1..])
                .and_then(|o| polyhedral_check::run(&o)),
            "some polyhedral counts differ, or instances are missing (see the summary)",
        ),
        Some("extension-table") => (
            Options::parse("extension-table", &args[1..]).and_then(|o| extension_only(&o)),
            "the extension table has inconsistent rows (marked ✗)",
        ),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("xtask: {differ}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The options both commands take (`--quick`, the default, or `--full`; `--fresh`;
/// `--out DIR`, default `results/`), with `DIR` created.
struct Options {
    quick: bool,
    fresh: bool,
    out: PathBuf,
    /// `--only`: the output names of the parts to run (all when `None`).
    only: Option<BTreeSet<&'static str>>,
    /// `--instances K`: instances per table row (the defaults of `--quick`/`--full`
    /// when `None`).
    instances: Option<u64>,
    /// `--seed S`: instance k has seed S + k.
    seed: u64,
}

impl Options {
    /// Whether the part with output name `name` runs.
    fn runs(&self, name: &str) -> bool {
        self.only.as_ref().is_none_or(|s| s.contains(name))
    }
}

impl Options {
    /// The options of `command`: `extension-table` refuses the options of
    /// `reproduce-tables` that do not apply to it.
    fn parse(command: &str, args: &[String]) -> Result<Self, String> {
        let mut o = Options {
            quick: true,
            fresh: false,
            out: PathBuf::from("results"),
            only: None,
            instances: None,
            seed: 1,
        };
        let mut it = args.iter();
        let value = |it: &mut std::slice::Iter<String>, what: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{what} needs a value\n{USAGE}"))
        };
        let number = |v: String, what: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{what}: `{v}` is not a non-negative integer"))
        };
        while let Some(a) = it.next() {
            let reproduce_only = ["--only", "--instances", "--seed"].contains(&a.as_str());
            if reproduce_only && command != "reproduce-tables" {
                return Err(format!(
                    "{a} applies to reproduce-tables only, not to {command}\n{USAGE}"
                ));
            }
            match a.as_str() {
                "--quick" => o.quick = true,
                "--full" => o.quick = false,
                "--fresh" => o.fresh = true,
                "--out" => o.out = PathBuf::from(value(&mut it, "--out")?),
                "--only" => o.only = Some(parse_only(&value(&mut it, "--only")?)?),
                "--instances" => {
                    let k = number(value(&mut it, "--instances")?, "--instances")?;
                    if k == 0 {
                        return Err("--instances must be at least 1".into());
                    }
                    o.instances = Some(k);
                }
                "--seed" => o.seed = number(value(&mut it, "--seed")?, "--seed")?,
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        if o.seed.checked_add(1_000_000).is_none() {
            return Err("--seed is too large (instance seeds would overflow)".into());
        }
        std::fs::create_dir_all(&o.out)
            .map_err(|e| format!("cannot create {}: {e}", o.out.display()))?;
        Ok(o)
    }

    /// Instances per row of `table` (`--instances`, else 5 with `--quick`, else the
    /// papers' 100 for `001`'s tables and 1000 for `000`'s).
    fn table_instances(&self, table: &str) -> u64 {
        match (self.instances, self.quick) {
            (Some(k), _) => k,
            (None, true) => QUICK_INSTANCES,
            (None, false) if table.starts_with("mehta") => 1000,
            (None, false) => 100,
        }
    }
}

/// `extension-table`: only the NEW extension table of `extension.rs` (the part of
/// `reproduce-tables` that `--full` makes long), `--quick` by default.
fn extension_only(o: &Options) -> Result<bool, String> {
    let out = o.out.as_path();
    let (ok, line) = extension::extension_table(out, o.quick, o.fresh)?;
    println!("{line}");
    println!("table written to {}/", out.display());
    Ok(ok)
}

fn reproduce_tables(o: &Options) -> Result<bool, String> {
    let out = o.out.as_path();
    // the BKK columns (mixed volumes) cost minutes for the largest rows
    let limits = if o.quick {
        Limits {
            bkk_max_n: QUICK_BKK_MAX_N,
            nc_max_n: QUICK_NC_MAX_N,
            nc_max_m: QUICK_NC_MAX_M,
        }
    } else {
        Limits {
            bkk_max_n: usize::MAX,
            nc_max_n: FULL_NC_MAX_N,
            nc_max_m: usize::MAX,
        }
    };
    let mut all_agree = true;
    let mut summary = String::new();
    let bkk_max_n = limits.bkk_max_n;
    if bkk_max_n == usize::MAX {
        println!("BKK columns: every row (--full)");
    } else {
        println!("BKK columns: rows with N <= {bkk_max_n} only (--quick; --full for all)");
    }
    println!(
        "N_C, N_C* columns (monodromy over the dead-neuron strata) and instance columns: \
         rows with N <= {}{}; instance seeds from {}",
        limits.nc_max_n,
        if limits.nc_max_m == usize::MAX {
            String::new()
        } else {
            format!(" and min(m, d_x) <= {}", limits.nc_max_m)
        },
        o.seed
    );
    let mut ctx = Ctx {
        store: samples::Store::new(out.join("instances"), o.fresh),
        cache: samples::GenericCache::default(),
        seed: o.seed,
    };
    for table in reference::tables() {
        if table.name == "mehta_table3_minima" || !o.runs(table.name) {
            continue;
        }
        let k = o.table_instances(table.name);
        let counted = count_table(&table, limits, k, &mut ctx)?;
        all_agree &= counted.agree;
        let certified = if counted.nc_cells > 0 {
            format!(
                ", {} of {} N_C/N_C* cells certified",
                counted.certified_cells, counted.nc_cells
            )
        } else {
            String::new()
        };
        write(out, &format!("{}.md", table.name), &counted.md)?;
        write(out, &format!("{}.csv", table.name), &counted.csv)?;
        let _ = writeln!(
            summary,
            "{:<22} {:>3} rows  N, CBB, BKK, N_C, N_C* (and B_C, B_C* where published), \
             instance columns ({k} per row; {} solved, {} resumed): {}{certified}\n{:<28}{}",
            table.name,
            table.rows.len(),
            counted.solved,
            counted.resumed,
            if counted.agree { "agree" } else { "DIFFER" },
            "",
            counted.timings.line()
        );
    }
    if o.runs("mehta_table3_minima") {
        let (agree, md) = table3()?;
        all_agree &= agree;
        write(out, "mehta_table3_minima.md", &md)?;
        let _ = writeln!(
            summary,
            "{:<22} {:>3} rows  stationarity, loss, index: {}",
            "mehta_table3_minima",
            8,
            if agree { "all agree" } else { "DIFFER" }
        );
    }
    if figures::FIGURES.iter().any(|f| o.runs(f)) {
        let settings = figures::FigureSettings::new(o.quick, o.instances);
        let (sound, line) = figures::figures(out, &settings, &|f| o.runs(f), &mut ctx)?;
        all_agree &= sound;
        let _ = writeln!(summary, "{line}");
    }
    if o.runs("landscape") {
        let agree = landscape::landscape_tables(out, o.quick)?;
        all_agree &= agree;
        let _ = writeln!(
            summary,
            "{:<22} theorems of 002/003 on nonlinear networks: {}",
            "landscape_*",
            if agree {
                "agree or explained"
            } else {
                "DIFFER"
            }
        );
    }
    if o.runs("reduced_extension") {
        // NEW table: its inconsistencies are reported in it, not as published values
        // differing
        let (_, line) = extension::extension_table(out, o.quick, o.fresh)?;
        let _ = writeln!(summary, "{line}");
    }
    print!("{summary}");
    println!("tables written to {}/", out.display());
    Ok(all_agree)
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.partial"));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// One reproduced count table ([`count_table`]).
struct CountTable {
    /// Every recomputed value equals the published one (or a known discrepancy), and
    /// every instance was solved soundly (no failed path, the generic N_C).
    agree: bool,
    md: String,
    csv: String,
    /// N_C / N_C* cells computed, and of those certified.
    nc_cells: usize,
    certified_cells: usize,
    /// Instances: solved in this run, read from the instance files.
    solved: usize,
    resumed: usize,
    /// Stage timings (wall seconds).
    timings: Timings,
}

/// Wall seconds of the stages of one table.
#[derive(Default, Clone, Copy)]
struct Timings {
    bkk: f64,
    generic: f64,
    certify: f64,
    instances: f64,
    total: f64,
}

impl Timings {
    fn line(&self) -> String {
        format!(
            "BKK {:.1} s, generic solves {:.1} s, certification {:.1} s, instances {:.1} s; \
             total {:.1} s",
            self.bkk, self.generic, self.certify, self.instances, self.total
        )
    }
}

/// What the instance columns of a run use.
struct Ctx {
    store: samples::Store,
    cache: samples::GenericCache,
    /// Instance k has seed `seed + k`.
    seed: u64,
}

/// $\mathcal N_{DM}(H, n) = \sqrt 2 (2H+1)^{(n+1)/2}$, formula (6) of `000`: the mean
/// number of real stationary points of a dense random polynomial of the loss's degree.
fn n_dm(h: usize, n: usize) -> f64 {
    std::f64::consts::SQRT_2 * ((2 * h + 1) as f64).powf((n as f64 + 1.0) / 2.0)
}

/// Recomputes every column of a count table that the workspace computes (N, CBB,
/// Theorem 5's bounds, BKK, N_C, N_C* of the generic solve, N_DM by formula (6), and
/// over `k` random instances per row max N_R, max index, mean N_C and N_R); the
/// published values beside ours.
fn count_table(
    table: &ReferenceTable,
    limits: Limits,
    k: u64,
    ctx: &mut Ctx,
) -> Result<CountTable, String> {
    let started_table = std::time::Instant::now();
    let mut timings = Timings::default();
    let (generic0, certify0) = (ctx.cache.solve_seconds, ctx.cache.certify_seconds);
    let bkk_max_n = limits.bkk_max_n;
    let computed = [
        "N",
        "n",
        "CBB",
        "B_C",
        "B_Cstar",
        "BKK_affine",
        "BKK_torus",
        "N_C",
        "N_Cstar",
        "max_N_R",
        "max_index",
        "N_DM",
    ];
    let nc_cols: Vec<&str> = ["N_C", "N_Cstar"]
        .into_iter()
        .filter(|c| table.column(c).is_some())
        .collect();
    // the maxima over the instances
    let max_cols: Vec<&str> = ["max_N_R", "max_index"]
        .into_iter()
        .filter(|c| table.column(c).is_some())
        .collect();
    let has_dm = table.column("N_DM").is_some();
    // 000 reports N_C as a mean over its samples
    let mean_nc = table.name.starts_with("mehta");
    // BKK_affine: Li-Wang mixed volume (C^N); BKK_torus: mixed volume ((C*)^N)
    let bkk_col = ["BKK_affine", "BKK_torus"]
        .into_iter()
        .find(|c| table.column(c).is_some());
    let pending: Vec<&String> = table
        .header
        .iter()
        .filter(|h| {
            !computed.contains(&h.as_str())
                && !["d_hidden", "d_x", "d_y", "H", "m"].contains(&h.as_str())
        })
        .collect();
    let n_col = if table.column("N").is_some() {
        "N"
    } else {
        "n"
    };
    let has_cbb = table.column("CBB").is_some();
    let has_theorem5 = table.column("B_C").is_some();
    let in_range = |net: &Network, m: usize| {
        net.n_weights() <= limits.nc_max_n && m.min(net.d_x()) <= limits.nc_max_m
    };
    let mut rows = Vec::new();
    for row in 0..table.rows.len() {
        let widths = table.widths(row).map_err(|e| e.to_string())?;
        let m = table.points(row).map_err(|e| e.to_string())?;
        let net = Network::new(widths.clone()).map_err(|e| e.to_string())?;
        rows.push((widths, m, net));
    }
    let steps: u64 = rows
        .iter()
        .map(|(_, m, net)| 1 + if in_range(net, *m) { k } else { 0 })
        .sum();
    let stage = progress::Stage::new(table.name, steps);
    let mut md = format!(
        "<!-- generated by `cargo xtask reproduce-tables`, do not edit -->\n# {}\n\n{}\n\n",
        table.name, table.caption
    );
    md.push_str(
        "Cells are `ours / published`; a `✗` marks a difference. N_C and N_C* cells marked \
         (certified) are proven lower bounds: every generic critical point found was certified \
         by the interval Krawczyk method (`certify`), distinct from the others, and for N_C* \
         proven in the torus or proven to have a weight exactly 0. ",
    );
    let _ = write!(
        md,
        "The instance columns are over {k} random instances per computed row \
         (`Instance::random(net, m, seed, 1.0)`: X, Y entries N(0, 1), Λ entries U(0, 1); \
         seeds {}..={}), each solved by moving the generic critical points to it \
         (`track_to`, N_C paths) and analysed (`analysis::analyze`); a maximum is shown with \
         the first seed attaining it. Maxima over samples are data-dependent: a \
         difference from the published maximum (over {} samples in the paper) is marked \
         but is not a disagreement. An instance with another N_C than the generic one, or a \
         failed path, is an error. ",
        ctx.seed,
        ctx.seed + k.saturating_sub(1),
        if table.name.starts_with("mehta") {
            1000
        } else {
            100
        }
    );
    if pending.is_empty() {
        md.push_str("\n\n");
    } else {
        let _ = writeln!(
            md,
            "Columns not yet computed by this version (published values only): {}.\n",
            pending
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    md.push_str("| widths | m | N | CBB |");
    let mut ncols = 4;
    if has_theorem5 {
        md.push_str(" B_C | B_Cstar |");
        ncols += 2;
    }
    if let Some(c) = bkk_col {
        let _ = write!(md, " {c} |");
        ncols += 1;
    }
    for c in nc_cols.iter().chain(&max_cols) {
        let _ = write!(md, " {c} |");
        ncols += 1;
    }
    if has_dm {
        md.push_str(" N_DM |");
        ncols += 1;
    }
    if mean_nc {
        md.push_str(" mean N_C |");
        ncols += 1;
    }
    md.push_str(" mean N_R | instances (failed paths) |");
    ncols += 2;
    for p in &pending {
        let _ = write!(md, " {p} (published) |");
        ncols += 1;
    }
    md.push_str("\n|");
    md.push_str(&"---|".repeat(ncols));
    md.push('\n');
    let mut csv = String::from("widths,m,N,N_published,CBB,CBB_published");
    if has_theorem5 {
        csv.push_str(",B_C,B_C_published,B_Cstar,B_Cstar_published");
    }
    if let Some(c) = bkk_col {
        let _ = write!(csv, ",{c},{c}_published");
    }
    for c in nc_cols.iter().chain(&max_cols) {
        let _ = write!(csv, ",{c},{c}_published");
    }
    for c in &max_cols {
        let _ = write!(csv, ",{c}_seed");
    }
    if has_dm {
        csv.push_str(",N_DM,N_DM_published");
    }
    for c in &nc_cols {
        let _ = write!(csv, ",{c}_certified");
    }
    csv.push_str(",mean_N_C,mean_N_R,instances,failed_paths,n_c_differs_seeds\n");
    let (mut certified_cells, mut computed_cells) = (0usize, 0usize);
    let (mut solved, mut resumed) = (0usize, 0usize);
    let mut agree = true;
    let known = reference::discrepancies();
    let mut notes = String::new();
    let mut data_dependent = 0usize;
    for (row, (widths, m, net)) in rows.iter().enumerate() {
        let (m, net) = (*m, net);
        let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
        let label = format!("{} m={m}", w.join(","));
        stage.message(label.clone());
        let n = net.n_weights().to_string();
        let cbb = net.bezout_bound().to_string();
        let n_pub = table
            .cell(row, n_col)
            .map_err(|e| e.to_string())?
            .to_string();
        let cbb_pub = if has_cbb {
            table
                .cell(row, "CBB")
                .map_err(|e| e.to_string())?
                .to_string()
        } else {
            String::new()
        };
        let mut cell = |column: &str, ours: &str, published: &str| {
            if published.is_empty() {
                format!("{ours} / –")
            } else if ours == published {
                format!("{ours} / {published}")
            } else if let Some(d) = known
                .iter()
                .find(|d| d.table == table.name && d.row == row + 1 && d.column == column)
            {
                let _ = writeln!(notes, "- row {}, {column}: {}", row + 1, d.explanation);
                format!("{ours} / {published} ✗ (published value wrong, see notes)")
            } else {
                agree = false;
                format!("{ours} / {published} ✗")
            }
        };
        let (n_cell, cbb_cell) = (cell(n_col, &n, &n_pub), cell("CBB", &cbb, &cbb_pub));
        let mut theorem5_cells = String::new();
        let mut theorem5_csv = String::new();
        if has_theorem5 {
            let b = net.theorem5_bounds(m).ok_or_else(|| {
                format!("{} row {}: Theorem 5 does not apply", table.name, row + 1)
            })?;
            for (col, ours) in [("B_C", b.b_c), ("B_Cstar", b.b_cstar)] {
                let published = table.cell(row, col).map_err(|e| e.to_string())?.to_string();
                let _ = write!(theorem5_csv, ",{ours},{published}");
                let _ = write!(
                    theorem5_cells,
                    " {} |",
                    cell(col, &ours.to_string(), &published)
                );
            }
        }
        let mut bkk_cell = String::new();
        let mut bkk_csv = String::new();
        if let Some(col) = bkk_col {
            let published = table.cell(row, col).map_err(|e| e.to_string())?.to_string();
            if net.n_weights() <= bkk_max_n {
                let started = std::time::Instant::now();
                let ours = bkk(net, m, col == "BKK_affine")?.to_string();
                timings.bkk += started.elapsed().as_secs_f64();
                let _ = write!(bkk_csv, ",{ours},{published}");
                let _ = write!(bkk_cell, " {} |", cell(col, &ours, &published));
            } else {
                let _ = write!(bkk_csv, ",,{published}");
                let _ = write!(bkk_cell, " – / {published} (not computed: --full) |");
            }
        }
        let mut nc_cells = String::new();
        let mut nc_csv = String::new();
        let mut certified_csv = String::new();
        let generic = if in_range(net, m) {
            Some(ctx.cache.counts(net, m)?)
        } else {
            None
        };
        stage.inc(1);
        let not_computed = format!(
            "not computed: N > {} or min(m, d_x) > {}",
            limits.nc_max_n, limits.nc_max_m
        );
        for col in &nc_cols {
            let published = table.cell(row, col).map_err(|e| e.to_string())?.to_string();
            match generic {
                Some((n_c, n_cstar, c_ok, cstar_ok)) => {
                    let (ours, certified) = if *col == "N_C" {
                        (n_c, c_ok)
                    } else {
                        (n_cstar, cstar_ok)
                    };
                    let ours = ours.to_string();
                    let mark = if certified { " (certified)" } else { "" };
                    computed_cells += 1;
                    certified_cells += usize::from(certified);
                    let _ = write!(certified_csv, ",{certified}");
                    let _ = write!(nc_csv, ",{ours},{published}");
                    let _ = write!(nc_cells, " {}{mark} |", cell(col, &ours, &published));
                }
                None => {
                    let _ = write!(nc_csv, ",,{published}");
                    certified_csv.push(',');
                    let _ = write!(nc_cells, " – / {published} ({not_computed}) |");
                }
            }
        }
        // the instances
        let stats = match generic {
            Some(_) => {
                let started = std::time::Instant::now();
                let (g0, c0) = (ctx.cache.solve_seconds, ctx.cache.certify_seconds);
                let mut i = 0;
                let found = samples::collect(
                    &mut ctx.store,
                    &mut ctx.cache,
                    net,
                    m,
                    1.0,
                    ctx.seed,
                    k,
                    &mut |now| {
                        i += 1;
                        if now {
                            solved += 1;
                        } else {
                            resumed += 1;
                        }
                        stage.inc(1);
                        stage.message(format!("{label}: instance {i}/{k}"));
                    },
                )?;
                // the generic solve is timed by the cache
                timings.instances += started.elapsed().as_secs_f64()
                    - (ctx.cache.solve_seconds - g0)
                    - (ctx.cache.certify_seconds - c0);
                (!found.is_empty()).then(|| samples::Stats::of(&found))
            }
            None => None,
        };
        let mut max_cells = String::new();
        let mut max_csv = String::new();
        let mut seed_csv = String::new();
        for col in &max_cols {
            let published = table.cell(row, col).map_err(|e| e.to_string())?.to_string();
            let ours = stats.as_ref().and_then(|s| {
                if *col == "max_N_R" {
                    Some(s.max_n_r)
                } else {
                    s.max_index
                }
            });
            match ours {
                Some((v, seed)) => {
                    let v = v.to_string();
                    let _ = write!(max_csv, ",{v},{published}");
                    let _ = write!(seed_csv, ",{seed}");
                    if v == published {
                        let _ = write!(max_cells, " {v} / {published} (seed {seed}) |");
                    } else {
                        data_dependent += 1;
                        let _ = write!(
                            max_cells,
                            " {v} / {published} ✗ (seed {seed}; data-dependent maximum over \
                             {k} samples) |"
                        );
                    }
                }
                None => {
                    let _ = write!(max_csv, ",,{published}");
                    seed_csv.push(',');
                    let _ = write!(max_cells, " – / {published} ({not_computed}) |");
                }
            }
        }
        let mut dm_cell = String::new();
        let mut dm_csv = String::new();
        if has_dm {
            let h = widths.len() - 2;
            let exact = n_dm(h, net.n_weights());
            let ours = format!("{:.0}", exact.round());
            let published = table.cell(row, "N_DM").map_err(|e| e.to_string())?;
            let _ = write!(dm_csv, ",{ours},{published}");
            if ours == published {
                let _ = write!(dm_cell, " {ours} / {published} |");
            } else {
                // the published number is not formula (6) of the same paper
                let _ = writeln!(
                    notes,
                    "- row {}, N_DM: formula (6) of 000, √2·(2H+1)^((n+1)/2) with H = {h}, \
                     n = {}, is {exact:.2}; the table prints {published}.",
                    row + 1,
                    net.n_weights()
                );
                let _ = write!(
                    dm_cell,
                    " {ours} / {published} ✗ (published value ≠ the paper's formula (6), see notes) |"
                );
            }
        }
        let mut stat_cells = String::new();
        let stat_csv = match &stats {
            Some(s) => {
                if mean_nc {
                    let _ = write!(stat_cells, " {:.2} |", s.mean_n_c);
                }
                let mut inst = format!("{} ({})", s.k, s.failed);
                if !s.sound() {
                    agree = false;
                    let _ = write!(
                        inst,
                        " ✗ N_C ≠ generic on seeds {:?}, {} failed paths",
                        s.n_c_differs, s.failed
                    );
                }
                let _ = write!(stat_cells, " {:.2} | {inst} |", s.mean_n_r);
                format!(
                    ",{:.4},{:.4},{},{},\"{}\"",
                    s.mean_n_c,
                    s.mean_n_r,
                    s.k,
                    s.failed,
                    s.n_c_differs
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            }
            None => {
                if mean_nc {
                    stat_cells.push_str(" – |");
                }
                stat_cells.push_str(" – | – |");
                ",,,,,".to_string()
            }
        };
        let _ = write!(
            md,
            "| {} | {m} | {n_cell} | {cbb_cell} |{theorem5_cells}{bkk_cell}{nc_cells}{max_cells}{dm_cell}{stat_cells}",
            w.join(",")
        );
        for p in &pending {
            let _ = write!(md, " {} |", table.cell(row, p).unwrap_or(""));
        }
        md.push('\n');
        let _ = writeln!(
            csv,
            "\"{}\",{m},{n},{n_pub},{cbb},{cbb_pub}{theorem5_csv}{bkk_csv}{nc_csv}{max_csv}{seed_csv}{dm_csv}{certified_csv}{stat_csv}",
            w.join(",")
        );
    }
    if !notes.is_empty() {
        let _ = write!(md, "\nNotes on published values:\n{notes}");
    }
    if data_dependent > 0 {
        let _ = writeln!(
            md,
            "\n{data_dependent} maxima differ from the published ones: maxima over {k} samples \
             against the paper's samples (data-dependent, not a disagreement)."
        );
    }
    timings.generic = ctx.cache.solve_seconds - generic0;
    timings.certify = ctx.cache.certify_seconds - certify0;
    timings.total = started_table.elapsed().as_secs_f64();
    let _ = writeln!(
        md,
        "\nInstances: {solved} solved in this run, {resumed} read from `instances/` (saved by an earlier run or an earlier part of this one). Stage \
         timings (wall): {}.",
        timings.line()
    );
    stage.finish(&format!(
        "{} rows, {solved} instances solved, {resumed} resumed",
        rows.len()
    ));
    Ok(CountTable {
        agree,
        md,
        csv,
        nc_cells: computed_cells,
        certified_cells,
        solved,
        resumed,
        timings,
    })
}

/// Certifies the generic critical points `g` (interval Krawczyk on the member of the
/// family at the generic parameters, `certify::certify`): whether every point is
/// certified and they are `g.points.len()` distinct solutions (the N_C cell), and whether
/// moreover the torus count is exact, each solution proven in the torus or proven to
/// have a weight exactly 0, and equals `g.torus()` (the N_C* cell). What the mark proves:
/// at least that many critical points exist; that there are no more rests on the
/// solver (the published values are the comparison).
fn certify_generic(g: &dln::GenericCriticalPoints) -> Result<(bool, bool), String> {
    let member = g.family.member_at(&g.parameters)?;
    let report = certify::certify(&member, &g.points, &certify::CertifyOptions::default())
        .map_err(|e| e.to_string())?;
    let c = report.counts;
    let all = c.uncertified == 0 && c.duplicates == 0 && c.certified_distinct == g.points.len();
    let torus = all && c.torus + c.off_torus == c.certified_distinct && c.torus == g.torus();
    Ok((all, torus))
}

/// The BKK bound of the gradient system of a network with `m` data points: the mixed
/// volume of its supports (`affine`: with the origin added, the Li–Wang bound in C^N).
/// Generic: any random instance has the same supports.
fn bkk(net: &Network, m: usize, affine: bool) -> Result<poly::rug::Integer, String> {
    let inst = Instance::random(net, m, 1, 1.0).map_err(|e| e.to_string())?;
    let supports = dln::gradient_system(&inst, Regularization::Linear).supports();
    if affine {
        polytope::affine_mixed_volume(&supports)
    } else {
        polytope::mixed_volume(&supports)
    }
    .map_err(|e| e.to_string())
}

/// The Table IV instance: the printed minima are critical for equation (4), their loss
/// is printed as 2L, and every one has Hessian index 0.
fn table3() -> Result<(bool, String), String> {
    let net = Network::new(vec![3, 2, 3]).map_err(|e| e.to_string())?;
    let inst = Instance::from_column_major_csv(&net, reference::MEHTA_TABLE4_DATA)
        .map_err(|e| e.to_string())?;
    let t3 = reference::table("mehta_table3_minima").ok_or("missing Table III")?;
    let linear = RegularizedLoss::new(&inst, Regularization::Linear);
    let squared = RegularizedLoss::new(&inst, Regularization::Squared);
    let mut md = String::from(
        "<!-- generated by `cargo xtask reproduce-tables`, do not edit -->\n\
         # mehta_table3_minima\n\nThe printed index-0 points of Table III of `000` evaluated on the \
         Table IV instance. |∇L|∞ under the gradient of equation (4) (Λ∘W) and under the \
         gradient of the printed loss (Λ∘Λ∘W); the loss 2L of equation (4) (the paper prints \
         ‖WX−Y‖² + Σλw², without the factor 1/2) beside the printed value; the Hessian index \
         of equation (4)'s loss. The last two printed rows are identical (a misprint in the paper).\n\n\
         | row | max|∇L| (Λ∘W) | max|∇L| (Λ∘Λ∘W) | 2L (ours) | printed | index |\n|---|---|---|---|---|---|\n",
    );
    let printed_points: Vec<Vec<f64>> = (0..t3.rows.len())
        .map(|row| {
            t3.header[..12]
                .iter()
                .map(|c| t3.number(row, c))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<_, String>>()?;
    let mut agree = true;
    for (row, w) in printed_points.iter().enumerate() {
        let w = w.as_slice();
        let printed = t3
            .number(row, "loss_as_printed")
            .map_err(|e| e.to_string())?;
        let g_lin = linear
            .gradient(w)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let g_sq = squared
            .gradient(w)
            .iter()
            .fold(0.0f64, |m, v| m.max(v.abs()));
        let loss2 = 2.0 * linear.loss(w);
        let index = hessian_index(&linear.hessian(w), 1e-9).map_err(|e| e.to_string())?;
        let ok = g_lin < 1.5e-4 && (loss2 - printed).abs() < 2e-4 && index.index == 0;
        agree &= ok;
        let _ = writeln!(
            md,
            "| {} | {g_lin:.1e} | {g_sq:.1e} | {loss2:.5} | {printed:.5}{} | {} |",
            row + 1,
            if ok { "" } else { " ✗" },
            index.index
        );
    }
    // The paper prints its last row twice: the sign-flip orbits of the refined points
    // (Proposition 4 of 000) show which minimum is missing.
    let refined: Vec<Vec<f64>> = printed_points
        .iter()
        .map(|w| analysis::refine_real(&linear, w).map_err(|e| e.to_string()))
        .collect::<Result<_, String>>()?;
    let orbits = analysis::orbits(&net, &refined, 1e-8).ok_or("sign-flip group too large")?;
    md.push_str("\nSign-flip orbits of the printed points (refined by Newton):\n");
    for o in &orbits {
        let rows: Vec<String> = o.members.iter().map(|m| (m + 1).to_string()).collect();
        let _ = writeln!(
            md,
            "- rows {} form an orbit of size {}{}",
            rows.join(", "),
            o.size,
            if o.is_complete() { " (complete)" } else { "" }
        );
        for w in &o.missing {
            let p = analysis::real_critical_point(&linear, w, 1e-9).map_err(|e| e.to_string())?;
            let coords: Vec<String> = w.iter().map(|v| format!("{v:.5}")).collect();
            let _ = writeln!(
                md,
                "  - missing from the table: ({}), 2L = {:.5}, index {}, |∇L| = {:.1e}",
                coords.join(", "),
                2.0 * p.loss,
                p.hessian.index,
                p.gradient_norm
            );
            agree &= p.hessian.index == 0 && p.gradient_norm < 1e-10;
        }
    }
    Ok((agree, md))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_table_refuses_the_options_of_reproduce_tables() {
        let args = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
        let out = std::env::temp_dir().join(format!("xtask-opts-{}", std::process::id()));
        let o = out.display().to_string();
        for bad in [["--only", "1"], ["--instances", "3"], ["--seed", "2"]] {
            let a = args(&[bad[0], bad[1], "--out", &o]);
            let e = Options::parse("extension-table", &a).err().unwrap();
            assert!(e.contains("applies to reproduce-tables only"), "{e}");
            assert!(Options::parse("reproduce-tables", &a).is_ok());
        }
        let e = Options::parse("reproduce-tables", &args(&["--instances", "0"]))
            .err()
            .unwrap();
        assert!(e.contains("at least 1"), "{e}");
        let e = Options::parse("reproduce-tables", &args(&["--seed", "x"]))
            .err()
            .unwrap();
        assert!(e.contains("not a non-negative integer"), "{e}");
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn only_takes_short_and_output_names_and_refuses_others() {
        let s = parse_only("1, II,IV,extension,bh_table4_H2_m2").unwrap();
        let expect: BTreeSet<&str> = [
            "bh_table1_H1_m1",
            "mehta_table2_m_gt1",
            "mehta_table3_minima",
            "reduced_extension",
            "bh_table4_H2_m2",
        ]
        .into_iter()
        .collect();
        assert_eq!(s, expect);
        assert!(parse_only("5").unwrap_err().contains("unknown part `5`"));
        assert!(parse_only(",").is_err());
        assert_eq!(
            parse_only("figures,fig2").unwrap(),
            figures::FIGURES.into_iter().collect()
        );
        // every part's output name is one that reproduce-tables writes
        let tables: Vec<&str> = reference::tables().into_iter().map(|t| t.name).collect();
        for (_, name) in PARTS {
            assert!(
                tables.contains(&name)
                    || ["landscape", "reduced_extension"].contains(&name)
                    || figures::FIGURES.contains(&name),
                "{name}"
            );
        }
    }
}
