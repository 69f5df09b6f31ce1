//! Which critical points a polyhedral solve of one instance missed, and which paths
//! ended at infinity in their direction. The sign-flip symmetry (Proposition 4 of `000`)
//! maps critical points to critical points, so the images of the large finite solutions
//! found (‖y‖ > 1000) that are not among them were missed. For each, the paths at
//! infinity whose affine end point points the same way (largest |cos|) are listed
//! with their ρ = |x_0| / ‖x‖_∞, valuation and steps.
//!
//! ```text
//! cargo run --release -p critpoints --example missing_images -- WIDTHS M SEED
//! cargo run --release -p critpoints --example missing_images -- 2,3,2 2 5
//! ```
//!
//! The start system and lifting are those of `cargo xtask polyhedral-check` (instance
//! seed 1, lifting seed 1), γ from `SEED`. All paths are tracked (18 min for 2,3,2 with
//! m = 2 beside other work on 2 cores).
use analysis::group_images;
use dln::{gradient_system, Instance, Network, Regularization};
use homotopy::polyhedral::{solve_from_roots, PolyhedralOptions, PolyhedralStart};
use homotopy::{PathStatus, SolveOptions};
use num_complex::Complex64;

fn main() {
    let usage = "usage: missing_images WIDTHS M SEED";
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let widths: Vec<usize> = args[0]
        .split(',')
        .map(|w| w.parse().expect(usage))
        .collect();
    let m: usize = args[1].parse().expect(usage);
    let seed: u64 = args[2].parse().expect(usage);
    let net = Network::new(widths).unwrap();
    let instance = |s: u64| Instance::random(&net, m, s, 1.0).unwrap();
    let first = gradient_system(&instance(1), Regularization::Linear);
    let po = PolyhedralOptions {
        solve: SolveOptions {
            seed,
            ..SolveOptions::default()
        },
        ..PolyhedralOptions::default()
    };
    let start = PolyhedralStart::new(&first, po.space, 1, po.start_perturbation).unwrap();
    let roots = start.start_roots(start.mixed_volume, &po.stage1, 1e-8);
    let target = gradient_system(&instance(seed), Regularization::Linear);
    let r = solve_from_roots(&target, &start, &roots, &po).unwrap();
    println!(
        "finite {} torus {} inf {} failed {}",
        r.counts.finite, r.counts.torus, r.counts.at_infinity, r.counts.failed
    );
    let norm = |v: &[Complex64]| v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    let dist = |a: &[Complex64], b: &[Complex64]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).norm_sqr())
            .sum::<f64>()
            .sqrt()
    };
    let found: Vec<Vec<Complex64>> = r.solutions.iter().map(|s| s.x.clone()).collect();
    let n = target.nvars();
    let large: Vec<&Vec<Complex64>> = found.iter().filter(|s| norm(s) > 1000.0).collect();
    let mut missing: Vec<Vec<Complex64>> = Vec::new();
    for s in &large {
        let images = group_images(&net, s).expect("a sign-flip group of at most 2^20");
        for v in images {
            let known = found
                .iter()
                .chain(&missing)
                .any(|f| dist(f, &v) < 1e-6 * norm(&v));
            if !known {
                missing.push(v);
            }
        }
    }
    println!(
        "{} large found, {} missing images",
        large.len(),
        missing.len()
    );
    for mv in &missing {
        println!("missing |y| = {:.1}", norm(mv));
        let mut best: Vec<(f64, u64, f64, Option<f64>, usize)> = Vec::new();
        for p in r
            .paths
            .iter()
            .filter(|p| p.status == PathStatus::AtInfinity)
        {
            let x0 = p.projective[n];
            let y: Vec<Complex64> = p.projective[..n].iter().map(|z| z / x0).collect();
            let ip: Complex64 = y.iter().zip(mv).map(|(a, b)| a.conj() * b).sum();
            let cos = ip.norm() / (norm(&y) * norm(mv));
            let rho = x0.norm() / p.projective.iter().fold(0.0f64, |a, z| a.max(z.norm()));
            best.push((cos, p.path, rho, p.valuation, p.steps + p.rejected_steps));
        }
        best.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        for b in best.iter().take(4) {
            println!(
                "  path {} cos {:.6} rho {:.2e} valuation {:?} work {}",
                b.1, b.0, b.2, b.3, b.4
            );
        }
    }
}
