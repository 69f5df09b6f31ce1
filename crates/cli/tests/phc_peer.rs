//! The exported gradient system is accepted by PHCpack's blackbox solver, which finds
//! the published number of critical points: widths 2,1,2 with one data point has
//! N_C = 9 (Table 1 of `001`, row d = 1, d_x = 2, d_y = 2).
//!
//! Runs when `phc` is installed; under CI (`CI` set) a missing `phc` is a failure,
//! since `.ci/run` installs it.

use num_complex::Complex64;
use poly::{Evaluator, System};
use std::path::Path;
use std::process::Command;

fn phc_available() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v phc"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "phc is not installed, but CI must install it (scripts/install-deps)"
        );
        eprintln!("phc not installed: skipping the PHCpack cross-check");
    }
    found
}

/// The solutions PHCpack appends to its input file after `THE SOLUTIONS :`.
fn phc_solutions(text: &str, variables: &[String]) -> Vec<Vec<Complex64>> {
    let start = text
        .find("THE SOLUTIONS :")
        .expect("phc appended no solution list");
    let mut sols = Vec::new();
    let mut current: Vec<Option<Complex64>> = vec![None; variables.len()];
    for line in text[start..].lines() {
        let line = line.trim();
        if line.starts_with("solution ") {
            current = vec![None; variables.len()];
        }
        if let Some((name, values)) = line.split_once(" : ") {
            if let Some(k) = variables.iter().position(|v| v == name.trim()) {
                let parts: Vec<f64> = values
                    .split_whitespace()
                    .map(|s| s.parse().unwrap())
                    .collect();
                current[k] = Some(Complex64::new(parts[0], parts[1]));
            }
        }
        if line.starts_with("== err") {
            sols.push(
                current
                    .iter()
                    .map(|z| z.expect("all coordinates"))
                    .collect(),
            );
        }
    }
    sols
}

fn distinct_solutions(system: &System, sols: &[Vec<Complex64>]) -> usize {
    let ev = Evaluator::new(system);
    let mut ws = ev.workspace();
    let mut f = vec![Complex64::default(); system.len()];
    let mut distinct: Vec<&Vec<Complex64>> = Vec::new();
    for s in sols {
        ev.evaluate(s, &mut ws, &mut f);
        let scale = 1.0 + s.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        let residual = f.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        assert!(
            residual < 1e-8 * scale.powi(3),
            "residual {residual:e} at {s:?}"
        );
        let dup = distinct
            .iter()
            .any(|d| d.iter().zip(s).all(|(a, b)| (a - b).norm() < 1e-6 * scale));
        if !dup {
            distinct.push(s);
        }
    }
    distinct.len()
}

#[test]
fn phc_solves_the_exported_system_with_the_published_count() {
    if !phc_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("critpoints-phc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for seed in [1u64, 2, 3] {
        let input = dir.join(format!("dln{seed}.phc"));
        let out = Command::new(env!("CARGO_BIN_EXE_critpoints"))
            .args(["dln", "system", "--widths", "2,1,2", "--points", "1"])
            .args(["--seed", &seed.to_string(), "--format", "phc", "-o"])
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success());
        let system = poly::parse_phc(&std::fs::read_to_string(&input).unwrap()).unwrap();
        let status = Command::new("phc")
            .arg("-b")
            .arg(format!("-0{seed}"))
            .arg(&input)
            .arg(dir.join(format!("dln{seed}.out")))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "phc failed on seed {seed}");
        let solved = std::fs::read_to_string(Path::new(&input)).unwrap();
        let sols = phc_solutions(&solved, system.variables());
        assert_eq!(distinct_solutions(&system, &sols), 9, "seed {seed}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
