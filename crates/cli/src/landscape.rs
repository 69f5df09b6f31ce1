//! `critpoints landscape ...`: numerical checks of the critical-locus theorems for
//! nonlinear networks with biases (Cooper, `003_*`; Nguyen–Hein, `002_*`), built on the
//! `landscape` crate. Every command prints the theorem rows (network, statement,
//! predicted, measured, agreement, note) as Markdown, or with `--json` as a JSON array.

use ::landscape::tables::{self, Case, NhCase};
use ::landscape::{Activation, Row, Table};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Subcommands of `critpoints landscape`.
#[derive(Subcommand, Debug)]
pub enum LandscapeCommand {
    /// Cooper: star/core loci (Thm 3.1, 3.2), their dimensions (Sec. 3.1, Prop. 6.1) and,
    /// when m_(ℓ−1) > n, the very wide regime (Cor. 5.18, Prop. 6.2).
    Cooper(CooperArgs),
    /// Nguyen–Hein Thm 3.8 / Cor 3.9: multi-start training of a network with σ on every layer.
    NguyenHein(NhArgs),
    /// All landscape tables (as `cargo xtask reproduce-tables` writes them).
    Tables(TablesArgs),
}

/// Options common to every landscape command.
#[derive(Args, Debug)]
pub struct OutputArgs {
    /// Master seed (all randomness is seeded).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

/// `critpoints landscape cooper`.
#[derive(Args, Debug)]
pub struct CooperArgs {
    /// Widths a,m_1,...,b (depth ℓ = count − 1 ≥ 3).
    #[arg(long, value_delimiter = ',', required = true, num_args = 1..)]
    widths: Vec<usize>,
    /// Number of data points n.
    #[arg(long, default_value_t = 3)]
    points: usize,
    /// Random points sampled per locus.
    #[arg(long, default_value_t = 3)]
    samples: usize,
    /// Training starts in the very wide regime.
    #[arg(long, default_value_t = 2)]
    starts: usize,
    /// Activation: tanh or cubic (t + t³).
    #[arg(long, default_value = "tanh")]
    activation: String,
    #[command(flatten)]
    out: OutputArgs,
}

/// `critpoints landscape nguyen-hein`.
#[derive(Args, Debug)]
pub struct NhArgs {
    /// Widths n_0,...,n_L (σ = tanh on every layer, as in the paper).
    #[arg(long, value_delimiter = ',', required = true, num_args = 1..)]
    widths: Vec<usize>,
    /// The wide layer k (n_k ≥ N − 1 for the theorem to apply).
    #[arg(long, default_value_t = 1)]
    k: usize,
    /// Number of training points N.
    #[arg(long, default_value_t = 6)]
    points: usize,
    /// Random starts.
    #[arg(long, default_value_t = 10)]
    starts: usize,
    #[command(flatten)]
    out: OutputArgs,
}

/// `critpoints landscape tables`.
#[derive(Args, Debug)]
pub struct TablesArgs {
    /// Fewer points and starts.
    #[arg(long)]
    quick: bool,
    #[command(flatten)]
    out: OutputArgs,
}

/// Run a landscape subcommand.
pub fn run(cmd: &LandscapeCommand) -> crate::Result<()> {
    match cmd {
        LandscapeCommand::Cooper(a) => cooper(a),
        LandscapeCommand::NguyenHein(a) => nguyen_hein(a),
        LandscapeCommand::Tables(a) => {
            let t = tables::all_tables(a.quick, a.out.seed);
            render(&t, &a.out)
        }
    }
}

fn cooper(a: &CooperArgs) -> crate::Result<()> {
    let activation = Activation::parse(&a.activation).ok_or_else(|| {
        crate::CliError(format!(
            "unknown activation `{}` (tanh, cubic)",
            a.activation
        ))
    })?;
    let l = a.widths.len().saturating_sub(1);
    if l < 3 || a.widths.contains(&0) {
        return Err(crate::CliError(
            "--widths needs at least 4 positive entries (depth ℓ ≥ 3)".into(),
        ));
    }
    if a.points < 2 {
        return Err(crate::CliError("--points must be at least 2".into()));
    }
    let case = Case {
        widths: a.widths.clone(),
        activation,
        n: a.points,
    };
    let cases = [case];
    let seed = a.out.seed;
    let mut out = vec![Table {
        title: "Cooper Theorem 3.1".into(),
        stem: "thm3_1".into(),
        rows: tables::theorem_3_1(&cases, a.samples, seed),
    }];
    if l >= 4 {
        out.push(Table {
            title: "Cooper Theorem 3.2".into(),
            stem: "thm3_2".into(),
            rows: tables::theorem_3_2(&cases, a.samples, seed),
        });
    }
    out.push(Table {
        title: "Cooper Section 3.1 / Proposition 6.1".into(),
        stem: "dims".into(),
        rows: tables::dimensions(&cases, seed),
    });
    if a.widths[l - 1] > a.points {
        out.push(Table {
            title: "Cooper Corollary 5.18 / Proposition 6.2".into(),
            stem: "wide".into(),
            rows: tables::very_wide(&cases, a.starts, seed),
        });
    }
    render(&out, &a.out)
}

fn nguyen_hein(a: &NhArgs) -> crate::Result<()> {
    let l = a.widths.len().saturating_sub(1);
    if l < 2 || a.k == 0 || a.k >= l || a.widths.contains(&0) || a.points < 2 {
        return Err(crate::CliError(
            "need --widths with ≥ 3 positive entries, 1 ≤ k < L, --points ≥ 2".into(),
        ));
    }
    let case = NhCase {
        widths: a.widths.clone(),
        k: a.k,
        n: a.points,
    };
    let t = Table {
        title: "Nguyen–Hein Theorem 3.8 / Corollary 3.9".into(),
        stem: "nh".into(),
        rows: tables::nguyen_hein_rows(&[case], a.starts, a.out.seed),
    };
    render(&[t], &a.out)
}

fn row_json(r: &Row) -> Value {
    json!({
        "theorem": r.theorem,
        "network": r.network,
        "statement": r.statement,
        "predicted": r.predicted,
        "measured": r.measured,
        "agreement": r.agreement.label(),
        "note": r.note,
    })
}

fn render(tables: &[Table], out: &OutputArgs) -> crate::Result<()> {
    let text = if out.json {
        let v: Vec<Value> = tables
            .iter()
            .map(|t| {
                json!({
                    "title": t.title,
                    "all_ok": t.all_ok(),
                    "rows": t.rows.iter().map(row_json).collect::<Vec<_>>(),
                })
            })
            .collect();
        format!("{}\n", serde_json::to_string_pretty(&v)?)
    } else {
        tables.iter().map(|t| t.to_markdown() + "\n").collect()
    };
    crate::emit(&text, out.output.as_deref())
}
