//! Theorem 5 of `001` end to end for one hidden neuron (d = 1): the reduced system (7)
//! is one univariate polynomial of degree 4p, solved here through the eigenvalues of
//! its companion matrix; its roots with a ≠ 0 and 1 + T_k ≠ 0, back-substituted and
//! refined by Newton on the full gradient system, are the torus critical points. Their
//! number reproduces N_C* of the d = 1 rows of Table 1 (and N_C = N_C* + 1, the origin
//! being the only critical point with a zero in W_1 when d = 1).

use dln::{gradient_system, reference, Instance, Network, ReducedSystem, Regularization};
use faer::prelude::*;
use faer::Mat;
use num_complex::Complex64;
use poly::Evaluator;

/// Complex Newton on a square system; `None` unless it converges.
fn newton(ev: &Evaluator, x0: &[Complex64]) -> Option<Vec<Complex64>> {
    let n = x0.len();
    let mut ws = ev.workspace();
    let mut x = x0.to_vec();
    let mut f = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * n];
    for _ in 0..60 {
        ev.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
        let j = Mat::<Complex64>::from_fn(n, n, |r, c| jac[r * n + c]);
        let rhs = Mat::<Complex64>::from_fn(n, 1, |r, _| f[r]);
        let dx = j.partial_piv_lu().solve(&rhs);
        let mut step = 0.0f64;
        for (i, xi) in x.iter_mut().enumerate() {
            *xi -= dx[(i, 0)];
            step = step.max(dx[(i, 0)].norm());
        }
        if !step.is_finite() {
            return None;
        }
        let scale = 1.0 + x.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        if step <= 1e-13 * scale {
            return Some(x);
        }
    }
    None
}

/// Roots of a real univariate polynomial (coefficients by increasing degree), from the
/// companion matrix of the polynomial rescaled so its roots have geometric mean 1.
fn roots(coeffs: &[f64]) -> Vec<Complex64> {
    let deg = coeffs.len() - 1;
    let s = (coeffs[0] / coeffs[deg]).abs().powf(1.0 / deg as f64);
    let scaled: Vec<f64> = coeffs
        .iter()
        .enumerate()
        .map(|(k, c)| c * s.powi(k as i32))
        .collect();
    scaled_roots(&scaled).into_iter().map(|v| v * s).collect()
}

fn scaled_roots(coeffs: &[f64]) -> Vec<Complex64> {
    let deg = coeffs.len() - 1;
    let lead = coeffs[deg];
    let m = Mat::<f64>::from_fn(deg, deg, |r, c| {
        if r == 0 {
            -coeffs[deg - 1 - c] / lead
        } else if r == c + 1 {
            1.0
        } else {
            0.0
        }
    });
    m.eigenvalues().expect("eigenvalues")
}

/// Horner evaluation of a polynomial and its derivative.
fn horner(coeffs: &[f64], u: Complex64) -> (Complex64, Complex64) {
    let mut p = Complex64::default();
    let mut dp = Complex64::default();
    for &c in coeffs.iter().rev() {
        dp = dp * u + p;
        p = p * u + c;
    }
    (p, dp)
}

fn torus_critical_points(inst: &Instance) -> Vec<Vec<Complex64>> {
    let red = ReducedSystem::new(inst).unwrap();
    let e = &red.system().polynomials()[0];
    // E is even in a (T_k depends on a^2): solve for u = a^2, degree 2p
    let deg = e.degree() as usize / 2;
    let coeffs: Vec<f64> = (0..=deg)
        .map(|k| e.coefficient(&[2 * k as u32]).to_c64().re)
        .collect();
    assert!(e.terms().iter().all(|t| t.exponents[0] % 2 == 0));
    let full = gradient_system(inst, Regularization::Linear);
    let ev = Evaluator::new(&full);
    let mut found: Vec<Vec<Complex64>> = Vec::new();
    for u0 in roots(&coeffs) {
        // polish the eigenvalue by Newton on E(u)
        let mut u = u0;
        for _ in 0..20 {
            let (p, dp) = horner(&coeffs, u);
            u -= p / dp;
        }
        for a in [u.sqrt(), -u.sqrt()] {
            if a.norm() < 1e-10 {
                continue;
            }
            let Some(w0) = red.back_substitute(&[a]) else {
                continue;
            };
            let w = newton(&ev, &w0).expect("Newton converges from a back-substituted root");
            let scale = 1.0 + w.iter().fold(0.0f64, |m, z| m.max(z.norm()));
            assert!(
                w.iter().all(|z| z.norm() > 1e-8 * scale),
                "not a torus point: a = {a}, w = {w:?}"
            );
            if !found
                .iter()
                .any(|v| v.iter().zip(&w).all(|(p, q)| (p - q).norm() < 1e-8 * scale))
            {
                found.push(w);
            }
        }
    }
    found
}

#[test]
fn one_hidden_neuron_rows_of_table1() {
    let t1 = reference::table("bh_table1_H1_m1").unwrap();
    let mut rows = 0;
    for row in 0..t1.rows.len() {
        if t1.integer(row, "d_hidden").unwrap() != 1 {
            continue;
        }
        rows += 1;
        let net = Network::new(t1.widths(row).unwrap()).unwrap();
        let n_cstar = t1.integer(row, "N_Cstar").unwrap() as usize;
        let n_c = t1.integer(row, "N_C").unwrap() as usize;
        for seed in 0..5 {
            let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
            let pts = torus_critical_points(&inst);
            assert_eq!(pts.len(), n_cstar, "widths {net} seed {seed}");
            assert_eq!(pts.len() + 1, n_c, "widths {net}: N_C = N_C* + origin");
        }
    }
    assert_eq!(rows, 16);
}

/// Theorem 5 and Corollary 12 as a solver: every critical point from at most
/// (1 + 4p)^d paths, for the Table 1 rows with d ≤ 2 and p ≤ 2 (3 instances each).
#[test]
fn reduced_solve_reproduces_table1_rows_with_few_paths() {
    let t1 = reference::table("bh_table1_H1_m1").unwrap();
    let mut rows = 0;
    let mut failed = 0;
    let mut repeated = 0;
    for row in 0..t1.rows.len() {
        let (d, p) = (
            t1.integer(row, "d_hidden").unwrap(),
            t1.integer(row, "d_y").unwrap(),
        );
        if d > 2 || p > 2 || t1.integer(row, "d_x").unwrap() > 2 {
            continue;
        }
        rows += 1;
        let net = Network::new(t1.widths(row).unwrap()).unwrap();
        let b_c = t1.integer(row, "B_C").unwrap();
        for seed in 0..3 {
            let inst = Instance::random(&net, 1, 100 + seed, 1.0).unwrap();
            let r = dln::solve_reduced(&inst, seed).unwrap();
            // failed paths are reported by the solve; the counts below must hold anyway
            failed += r.failed;
            assert_eq!(
                r.paths_tracked - r.repeated_paths,
                b_c - 1,
                "one path per start"
            );
            repeated += r.repeated_paths;
            assert_eq!(
                r.critical_points.len() as u64,
                t1.integer(row, "N_C").unwrap(),
                "N_C widths {net} seed {seed}"
            );
            assert_eq!(
                r.torus as u64,
                t1.integer(row, "N_Cstar").unwrap(),
                "N_C* widths {net} seed {seed}"
            );
        }
    }
    assert_eq!(rows, 8);
    eprintln!("reduced solves: {failed} failed paths left, {repeated} paths of repeated solves");
}
