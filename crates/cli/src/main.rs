//! `critpoints`: the command-line tool of the workspace.
//!
//! Every command prints a human-readable report, or with `--json` one JSON document
//! whose field names are a stable contract (see `DESIGN.md`). Errors go to standard
//! error with a non-zero exit status, and nothing is written to an `--output` file
//! unless the whole result is (files are written to a temporary name and renamed).

mod dln_solve;
mod landscape;
mod mixed_volume;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dln::{gradient_system, Instance, Network, Regularization};
use poly::{CoefficientStyle, System};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod solve;

#[derive(Parser, Debug)]
#[command(
    name = "critpoints",
    version,
    about = "Critical points of deep linear networks and solutions of sparse polynomial systems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Root-count bounds for the gradient system of a deep linear network.
    Bounds(BoundsArgs),
    /// Deep linear networks: build gradient systems, solve instances.
    Dln {
        #[command(subcommand)]
        command: DlnCommand,
    },
    /// Summarize a system file (PHCpack or Bertini format): variables, degrees, Bezout bound.
    Info(InfoArgs),
    /// Convert a system file between the PHCpack and Bertini formats.
    Convert(ConvertArgs),
    /// Critical loci of nonlinear networks with biases (Cooper; Nguyen–Hein): theorem checks.
    Landscape {
        #[command(subcommand)]
        command: landscape::LandscapeCommand,
    },
    /// Mixed volume of a system's Newton polytopes (BKK bound; --affine: in C^n).
    MixedVolume(mixed_volume::MixedVolumeArgs),
    /// Solve a square system by homotopy continuation (all isolated solutions).
    Solve(solve::SolveArgs),
}

#[derive(Subcommand, Debug)]
enum DlnCommand {
    /// Write the gradient system of a random (seeded) instance.
    System(DlnSystemArgs),
    /// All critical points of random (seeded) or given instances: N_C, N_C*, N_R,
    /// indices, minima, zero patterns, orbits; resumable batches with --results.
    Solve(dln_solve::DlnSolveArgs),
}

#[derive(Args, Debug, Clone)]
struct NetworkArgs {
    /// Layer widths d_x,d_1,...,d_H,d_y (H = count - 2).
    #[arg(long, value_delimiter = ',', required = true, num_args = 1..)]
    widths: Vec<usize>,
    /// Number of data points m.
    #[arg(long, default_value_t = 1)]
    points: usize,
}

#[derive(Args, Debug)]
struct BoundsArgs {
    #[command(flatten)]
    network: NetworkArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Compute the BKK bounds (mixed volumes) only when N is at most this (they are
    /// exact but cost seconds to minutes from N = 12 on).
    #[arg(long, default_value_t = 10)]
    max_bkk_n: usize,
    /// Seed of the random instance whose gradient system gives the supports (the BKK
    /// bounds are generic: they do not depend on the data).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// PHCpack input format (`phc -b`).
    Phc,
    /// Bertini input file.
    Bertini,
    /// JSON: the instance data and the equations with exact coefficients.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Coefficients {
    /// Nearest doubles, shortest round-trip decimals (what double-precision peers read).
    F64,
    /// Exact fractions p/q of the rational coefficients.
    Exact,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RegularizationArg {
    /// Λ∘W in the gradient: equation (4) of Mehta et al., (2) of Bharadwaj–Hoşten.
    Linear,
    /// Λ∘Λ∘W: the gradient of the loss as printed in the papers.
    Squared,
}

impl From<RegularizationArg> for Regularization {
    fn from(r: RegularizationArg) -> Self {
        match r {
            RegularizationArg::Linear => Regularization::Linear,
            RegularizationArg::Squared => Regularization::Squared,
        }
    }
}

#[derive(Args, Debug)]
struct DlnSystemArgs {
    #[command(flatten)]
    network: NetworkArgs,
    /// Seed of the random instance (X, Y ~ N(0,1), Λ ~ U(0, lambda-max)).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Upper end δ of the uniform distribution of the Λ entries.
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
    lambda_max: f64,
    /// Regularization term of the gradient.
    #[arg(long, value_enum, default_value_t = RegularizationArg::Linear)]
    regularization: RegularizationArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Phc)]
    format: Format,
    /// How phc and bertini output print coefficients.
    #[arg(long, value_enum, default_value_t = Coefficients::F64)]
    coefficients: Coefficients,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Same as `--format json`.
    #[arg(long)]
    json: bool,
    /// Explicit data instead of a random instance: a JSON file (the `"instance"` of
    /// `--format json`: widths, x, y, lambda as lists of rows) or the column-major CSV
    /// of `data/reference/mehta_table4_data.csv`. `--points`, `--seed` and
    /// `--lambda-max` are then not used.
    #[arg(long)]
    data: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct InfoArgs {
    /// A system file in PHCpack or Bertini format (detected).
    file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// A system file in PHCpack or Bertini format (detected).
    file: PathBuf,
    /// Target format.
    #[arg(long, value_enum, required_unless_present = "json")]
    to: Option<ConvertTarget>,
    /// Write the system as JSON (exact and f64 coefficients) instead.
    #[arg(long, conflicts_with = "to")]
    json: bool,
    /// How coefficients are printed.
    #[arg(long, value_enum, default_value_t = Coefficients::Exact)]
    coefficients: Coefficients,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ConvertTarget {
    /// PHCpack input format.
    Phc,
    /// Bertini input file.
    Bertini,
}

/// An error reported to the user: a message, exit status 2.
#[derive(Debug)]
struct CliError(String);

impl<E: std::fmt::Display> From<E> for CliError {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

type Result<T> = std::result::Result<T, CliError>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError(msg)) => {
            eprintln!("critpoints: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Bounds(args) => bounds(&args),
        Command::Dln {
            command: DlnCommand::System(args),
        } => dln_system(&args),
        Command::Dln {
            command: DlnCommand::Solve(args),
        } => dln_solve::dln_solve(&args),
        Command::Info(args) => info(&args),
        Command::Convert(args) => convert(&args),
        Command::Landscape { command } => landscape::run(&command),
        Command::MixedVolume(args) => mixed_volume::mixed_volume(&args),
        Command::Solve(args) => solve::solve(&args),
    }
}

fn network(args: &NetworkArgs) -> Result<Network> {
    let net = Network::new(args.widths.clone())?;
    if args.points == 0 || args.points > Instance::MAX_POINTS {
        return Err(CliError(format!(
            "--points must be between 1 and {}, got {}",
            Instance::MAX_POINTS,
            args.points
        )));
    }
    Ok(net)
}

/// A float as a JSON number, or `null` when it is not finite (JSON has no NaN or ∞).
fn finite_or_null(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

/// An exact integer as a JSON number when it fits in u64, else as a string.
fn json_integer(v: &poly::rug::Integer) -> Value {
    match v.to_u64() {
        Some(u) => json!(u),
        None => json!(v.to_string()),
    }
}

fn bounds(args: &BoundsArgs) -> Result<()> {
    let net = network(&args.network)?;
    let n = net.n_weights();
    let cbb = net.bezout_bound();
    let theorem5 = net.theorem5_bounds(args.network.points);
    let bkk = if n <= args.max_bkk_n {
        let instance = Instance::random(&net, args.network.points, args.seed, 1.0)?;
        let system = gradient_system(&instance, Regularization::Linear);
        Some(polytope::Bounds::of_system(&system)?)
    } else {
        None
    };
    if args.json {
        let mut out = json!({
            "widths": net.widths(),
            "points": args.network.points,
            "depth": net.depth(),
            "n": n,
            "cbb": json_integer(&cbb),
        });
        match &bkk {
            Some(b) => {
                out["bkk_torus"] = json_integer(&b.bkk_torus);
                out["bkk_affine"] = json_integer(&b.bkk_affine);
            }
            None => {
                out["bkk_torus"] = Value::Null;
                out["bkk_affine"] = Value::Null;
                out["bkk_skipped"] = json!(format!("N = {n} > --max-bkk-n {}", args.max_bkk_n));
            }
        }
        if let Some(b) = &theorem5 {
            out["b_cstar"] = json_integer(&b.b_cstar);
            out["b_c"] = json_integer(&b.b_c);
        }
        emit(&format!("{}\n", serde_json::to_string_pretty(&out)?), None)
    } else {
        let mut text = format!(
            "network widths {net} (H = {}), m = {} data point(s)\n  \
             N    (weights, unknowns)              {n}\n  \
             CBB  (Bezout bound (2H+1)^N)          {cbb}\n",
            net.depth(),
            args.network.points
        );
        if let Some(b) = &theorem5 {
            text.push_str(&format!(
                "  B_C* ((4p)^d, Theorem 5 of 001)       {}\n  \
                 B_C  ((1+4p)^d, Corollary 12 of 001)  {}\n",
                b.b_cstar, b.b_c
            ));
        }
        match &bkk {
            Some(b) => text.push_str(&format!(
                "  BKK  (mixed volume, torus (C*)^N)    {}\n  \
                 BKK  (Li-Wang, C^N)                  {}\n",
                b.bkk_torus, b.bkk_affine
            )),
            None => text.push_str(&format!(
                "  (BKK bounds skipped: N = {n} > --max-bkk-n {})\n",
                args.max_bkk_n
            )),
        }
        emit(&text, None)
    }
}

fn style(c: Coefficients) -> CoefficientStyle {
    match c {
        Coefficients::F64 => CoefficientStyle::F64,
        Coefficients::Exact => CoefficientStyle::Exact,
    }
}

fn dln_system(args: &DlnSystemArgs) -> Result<()> {
    let net = network(&args.network)?;
    let instance = match &args.data {
        None => Instance::random(&net, args.network.points, args.seed, args.lambda_max)?,
        Some(path) => load_instance(&net, path)?,
    };
    let source = match &args.data {
        None => format!(
            "m = {}, seed {}, lambda-max {}",
            instance.points(),
            args.seed,
            args.lambda_max
        ),
        Some(path) => format!("m = {}, data {}", instance.points(), path.display()),
    };
    let reg = Regularization::from(args.regularization);
    let system = gradient_system(&instance, reg);
    let format = if args.json { Format::Json } else { args.format };
    let text = match format {
        Format::Phc => {
            let header = format!(
                "gradient system of a deep linear network: widths {net}, {source}, \
                 regularization {reg:?}; variables W_1 column-major, then W_2, ..."
            );
            // PHCpack ignores everything after the last polynomial.
            format!(
                "{}\n{header}\n",
                poly::write_phc(&system, style(args.coefficients))
            )
        }
        Format::Bertini => format!(
            "% gradient system of a deep linear network: widths {net}, {source}, \
             regularization {reg:?}\n{}",
            poly::write_bertini(&system, style(args.coefficients))
        ),
        Format::Json => {
            let mut out = json!({
                "widths": net.widths(),
                "points": instance.points(),
                "regularization": reg,
                "n": net.n_weights(),
                "cbb": json_integer(&net.bezout_bound()),
                "instance": instance.to_json(),
                "system": system_json(&system),
            });
            match &args.data {
                None => {
                    out["seed"] = json!(args.seed);
                    out["lambda_max"] = json!(args.lambda_max);
                }
                Some(path) => out["data"] = json!(path.display().to_string()),
            }
            format!("{}\n", serde_json::to_string_pretty(&out)?)
        }
    };
    emit(&text, args.output.as_deref())
}

/// An instance from a data file: JSON (`Instance::from_json`) or the column-major CSV
/// of the reference data (`Instance::from_column_major_csv`), detected by content.
fn load_instance(net: &Network, path: &Path) -> Result<Instance> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    let parsed = if text.trim_start().starts_with('{') {
        Instance::from_json(&text, Some(net))
    } else {
        Instance::from_column_major_csv(net, &text)
    };
    parsed.map_err(|e| CliError(format!("{}: {e}", path.display())))
}

/// Equations with exact coefficients (`"re"`, `"im"` as fraction strings) and their
/// nearest doubles.
fn system_json(system: &System) -> Value {
    let equations: Vec<Value> = system
        .polynomials()
        .iter()
        .map(|p| {
            let terms: Vec<Value> = p
                .terms()
                .iter()
                .map(|t| {
                    let z = t.coefficient.to_c64();
                    json!({
                        "exponents": t.exponents,
                        "coefficient": {
                            "re": t.coefficient.re.to_string(),
                            "im": t.coefficient.im.to_string(),
                        },
                        "coefficient_f64": [z.re, z.im],
                    })
                })
                .collect();
            json!({ "degree": p.degree(), "terms": terms })
        })
        .collect();
    json!({
        "variables": system.variables(),
        "degrees": system.degrees(),
        "equations": equations,
    })
}

fn read_system(path: &Path) -> Result<System> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError(format!("cannot read {}: {e}", path.display())))?;
    poly::parse_system(&text).map_err(|e| CliError(format!("{}: {e}", path.display())))
}

fn info(args: &InfoArgs) -> Result<()> {
    let system = read_system(&args.file)?;
    let degrees = system.degrees();
    let bezout = polytope::bezout_bound(&degrees);
    let terms: Vec<usize> = system
        .polynomials()
        .iter()
        .map(|p| p.terms().len())
        .collect();
    if args.json {
        let out = json!({
            "file": args.file.display().to_string(),
            "variables": system.variables(),
            "equations": system.len(),
            "square": system.is_square(),
            "degrees": degrees,
            "terms": terms,
            "real_coefficients": system.is_real(),
            "bezout": json_integer(&bezout),
        });
        emit(&format!("{}\n", serde_json::to_string_pretty(&out)?), None)
    } else {
        let square = if system.is_square() {
            ""
        } else {
            " (not square)"
        };
        emit(
            &format!(
                "{}\n  {} equations in {} variables{square}\n  variables: {}\n  \
                 degrees:   {degrees:?}\n  terms:     {terms:?}\n  Bezout bound: {bezout}\n",
                args.file.display(),
                system.len(),
                system.nvars(),
                system.variables().join(", "),
            ),
            None,
        )
    }
}

fn convert(args: &ConvertArgs) -> Result<()> {
    let system = read_system(&args.file)?;
    let text = match args.to {
        Some(ConvertTarget::Phc) => poly::write_phc(&system, style(args.coefficients)),
        Some(ConvertTarget::Bertini) => poly::write_bertini(&system, style(args.coefficients)),
        None => format!("{}\n", serde_json::to_string_pretty(&system_json(&system))?),
    };
    emit(&text, args.output.as_deref())
}

/// Writes `text` to standard output, or atomically to `path` (temporary file + rename).
fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension(format!(
                "{}.partial",
                path.extension().and_then(|e| e.to_str()).unwrap_or("out")
            ));
            std::fs::write(&tmp, text)
                .map_err(|e| CliError(format!("cannot write {}: {e}", tmp.display())))?;
            std::fs::rename(&tmp, path)
                .map_err(|e| CliError(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    Ok(())
}
