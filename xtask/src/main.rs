//! `cargo xtask <command>`: project automation.
//!
//! - `extension-table [--quick | --full] [--fresh] [--out DIR]`: only the NEW extension
//!   table (`extension.rs`; part of `reproduce-tables` too). Finished rows are saved as
//!   they come and reused by the next run; `--fresh` recomputes them.
//! - `reproduce-tables [--quick | --full] [--fresh] [--out DIR]`: recomputes the papers' tables
//!   side by side with the published numbers (`data/reference/`), writing Markdown and
//!   CSV into `DIR` (default `results/`). This version recomputes every column the
//!   workspace can compute so far (N and the Bezout bound of every row, and the
//!   Table III/IV instance: stationarity, loss values, Hessian indices, the BKK
//!   columns: all rows with `--full`, rows with N <= 12 with `--quick`, and the generic
//!   counts N_C, N_C* by monodromy over the dead-neuron strata: rows with N <= 15 with
//!   `--full`, N <= 8 and m <= 2 with `--quick`); the other published columns are
//!   listed beside them as "not yet computed".

mod extension;
mod landscape;

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
/// ... and m at most this (the family has (d_x + d_y) m data parameters, so the cost of
/// the generic solve grows with m; for m >= d_x the count no longer depends on m).
const QUICK_NC_MAX_M: usize = 2;
/// `--full` computes N_C and N_C* for rows with N at most this.
const FULL_NC_MAX_N: usize = 15;

/// Which rows get the expensive columns.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// BKK (mixed volumes) for rows with N at most this.
    bkk_max_n: usize,
    /// N_C, N_C* (monodromy over the dead-neuron strata) for rows with N at most this
    nc_max_n: usize,
    /// and m at most this.
    nc_max_m: usize,
}

const USAGE: &str =
    "usage: cargo xtask reproduce-tables [--quick | --full] [--fresh] [--only PARTS] [--out DIR]\n       \
                     cargo xtask extension-table [--quick | --full] [--fresh] [--out DIR]\n\
     PARTS: comma-separated, of 1, 2, 3, 4 (Tables 1-4 of 001), I, II, III (or IV: the Table IV\n\
     instance's minima) of 000, landscape, extension; or the output names (bh_table1_H1_m1, ...)";

/// The parts of `reproduce-tables` as `--only` names them: short name, output name.
const PARTS: [(&str, &str); 10] = [
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
];

/// The output names of the parts listed in `--only`'s argument.
fn parse_only(list: &str) -> Result<BTreeSet<&'static str>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
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
            Options::parse(&args[1..]).and_then(|o| reproduce_tables(&o)),
            "some recomputed values differ from the published ones",
        ),
        Some("extension-table") => (
            Options::parse(&args[1..]).and_then(|o| extension_only(&o)),
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
}

impl Options {
    /// Whether the part with output name `name` runs.
    fn runs(&self, name: &str) -> bool {
        self.only.as_ref().is_none_or(|s| s.contains(name))
    }
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options {
            quick: true,
            fresh: false,
            out: PathBuf::from("results"),
            only: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--quick" => o.quick = true,
                "--full" => o.quick = false,
                "--fresh" => o.fresh = true,
                "--out" => o.out = PathBuf::from(it.next().ok_or("--out needs a directory")?),
                "--only" => o.only = Some(parse_only(it.next().ok_or("--only needs a list")?)?),
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        std::fs::create_dir_all(&o.out)
            .map_err(|e| format!("cannot create {}: {e}", o.out.display()))?;
        Ok(o)
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
        "N_C, N_C* columns (monodromy over the dead-neuron strata): rows with N <= {}{}",
        limits.nc_max_n,
        if limits.nc_max_m == usize::MAX {
            String::new()
        } else {
            format!(" and m <= {}", limits.nc_max_m)
        }
    );
    for table in reference::tables() {
        if table.name == "mehta_table3_minima" || !o.runs(table.name) {
            continue;
        }
        let started = std::time::Instant::now();
        let counted = count_table(&table, limits)?;
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
            "{:<22} {:>3} rows  N, CBB, BKK, N_C, N_C* (and B_C, B_C* where published): {}{certified} ({:.0} s)",
            table.name,
            table.rows.len(),
            if counted.agree { "agree" } else { "DIFFER" },
            started.elapsed().as_secs_f64()
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
    /// Every recomputed value equals the published one (or a known discrepancy).
    agree: bool,
    md: String,
    csv: String,
    /// N_C / N_C* cells computed, and of those certified.
    nc_cells: usize,
    certified_cells: usize,
}

/// Recomputes N and CBB of every row; the remaining published columns are shown
/// beside them.
fn count_table(table: &ReferenceTable, limits: Limits) -> Result<CountTable, String> {
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
    ];
    let nc_cols: Vec<&str> = ["N_C", "N_Cstar"]
        .into_iter()
        .filter(|c| table.column(c).is_some())
        .collect();
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
    let _ = writeln!(
        md,
        "Columns not yet computed by this version (published values only): {}.\n",
        pending
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    md.push_str("| widths | m | N | CBB |");
    if has_theorem5 {
        md.push_str(" B_C | B_Cstar |");
    }
    if let Some(c) = bkk_col {
        let _ = write!(md, " {c} |");
    }
    for c in &nc_cols {
        let _ = write!(md, " {c} |");
    }
    for p in &pending {
        let _ = write!(md, " {p} (published) |");
    }
    md.push_str("\n|---|---|---|---|");
    if has_theorem5 {
        md.push_str("---|---|");
    }
    if bkk_col.is_some() {
        md.push_str("---|");
    }
    md.push_str(&"---|".repeat(nc_cols.len() + pending.len()));
    md.push('\n');
    let mut csv = String::from("widths,m,N,N_published,CBB,CBB_published");
    if has_theorem5 {
        csv.push_str(",B_C,B_C_published,B_Cstar,B_Cstar_published");
    }
    if let Some(c) = bkk_col {
        let _ = write!(csv, ",{c},{c}_published");
    }
    for c in &nc_cols {
        let _ = write!(csv, ",{c},{c}_published");
    }
    for c in &nc_cols {
        let _ = write!(csv, ",{c}_certified");
    }
    csv.push('\n');
    let (mut certified_cells, mut computed_cells) = (0usize, 0usize);
    let mut agree = true;
    let known = reference::discrepancies();
    let mut notes = String::new();
    for row in 0..table.rows.len() {
        let widths = table.widths(row).map_err(|e| e.to_string())?;
        let m = table.points(row).map_err(|e| e.to_string())?;
        let net = Network::new(widths.clone()).map_err(|e| e.to_string())?;
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
                let ours = bkk(&net, m, col == "BKK_affine")?.to_string();
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
        if !nc_cols.is_empty() {
            let generic = if net.n_weights() <= limits.nc_max_n && m <= limits.nc_max_m {
                let g = dln::generic_critical_points(&net, m, &dln::GenericOptions::default())?;
                if g.failed > 0 {
                    return Err(format!(
                        "{} row {}: {} failed paths in the monodromy solve",
                        table.name,
                        row + 1,
                        g.failed
                    ));
                }
                let (c_ok, cstar_ok) = certify_generic(&g)?;
                Some((g.points.len(), g.torus(), c_ok, cstar_ok))
            } else {
                None
            };
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
                        let _ = write!(
                            nc_cells,
                            " – / {published} (not computed: N > {} or m > {}) |",
                            limits.nc_max_n, limits.nc_max_m
                        );
                    }
                }
            }
        }
        let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
        let _ = write!(
            md,
            "| {} | {m} | {n_cell} | {cbb_cell} |{theorem5_cells}{bkk_cell}{nc_cells}",
            w.join(",")
        );
        for p in &pending {
            let _ = write!(md, " {} |", table.cell(row, p).unwrap_or(""));
        }
        md.push('\n');
        let _ = writeln!(
            csv,
            "\"{}\",{m},{n},{n_pub},{cbb},{cbb_pub}{theorem5_csv}{bkk_csv}{nc_csv}{certified_csv}",
            w.join(",")
        );
    }
    if !notes.is_empty() {
        let _ = write!(md, "\nNotes on published values:\n{notes}");
    }
    Ok(CountTable {
        agree,
        md,
        csv,
        nc_cells: computed_cells,
        certified_cells,
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
        // every part's output name is one that reproduce-tables writes
        let tables: Vec<&str> = reference::tables().into_iter().map(|t| t.name).collect();
        for (_, name) in PARTS {
            assert!(
                tables.contains(&name) || ["landscape", "reduced_extension"].contains(&name),
                "{name}"
            );
        }
    }
}
