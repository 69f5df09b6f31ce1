//! `critpoints mixed-volume FILE [--affine] [--json] [--seed S]`: the mixed volume of
//! the Newton polytopes of a square system (BKK bound in the torus), or with
//! `--affine` of the supports with the origin added (Li–Wang bound in C^n).

use super::{emit, json_integer, read_system, Result};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `critpoints mixed-volume`.
#[derive(Args, Debug)]
pub(crate) struct MixedVolumeArgs {
    /// A square system in PHCpack or Bertini format (detected).
    file: PathBuf,
    /// Add the origin to every support: the bound on isolated roots in C^n.
    #[arg(long)]
    affine: bool,
    /// Print JSON: {"mixed_volume", "affine", "mixed_cells", "seconds", "seed"}.
    #[arg(long)]
    json: bool,
    /// Seed of the random lifting (the mixed volume does not depend on it).
    #[arg(long, default_value_t = polytope::DEFAULT_SEED)]
    seed: u64,
}

/// Run `critpoints mixed-volume`.
pub(crate) fn mixed_volume(args: &MixedVolumeArgs) -> Result<()> {
    let system = read_system(&args.file)?;
    let supports = polytope::system_supports(&system)
        .map_err(|e| super::CliError(format!("{}: {e}", args.file.display())))?;
    let supports = if args.affine {
        polytope::with_origin(&supports)
    } else {
        supports
    };
    let start = std::time::Instant::now();
    let (mv, cells) = polytope::mixed_volume_and_cell_count(&supports, args.seed)?;
    let seconds = start.elapsed().as_secs_f64();
    if args.json {
        let out = json!({
            "mixed_volume": json_integer(&mv),
            "affine": args.affine,
            "mixed_cells": cells,
            "seconds": seconds,
            "seed": args.seed,
            "n": supports.len(),
        });
        emit(&format!("{}\n", serde_json::to_string_pretty(&out)?), None)
    } else {
        let what = if args.affine {
            "mixed volume with the origin added (BKK bound in C^n)"
        } else {
            "mixed volume (BKK bound in the torus)"
        };
        emit(
            &format!(
                "{what}: {mv}\n  {cells} mixed cells, {} variables, {seconds:.3} s\n",
                supports.len()
            ),
            None,
        )
    }
}
