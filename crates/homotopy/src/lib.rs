//! # homotopy — numerical continuation for square polynomial systems
//!
//! * [`Homotopy`], [`StraightLine`] (projective $(1-t)F + \gamma t G$ on a random chart)
//!   and the lazily enumerated [`TotalDegree`] start system (`homotopy.rs`);
//! * [`Tracker`] with [`TrackerOptions`]: RK4 predictor, Newton corrector with a
//!   contraction test, adaptive step size, adaptive precision ([`amp_criteria`])
//!   (`tracker.rs`);
//! * [`EndgameTracker`]: direct attempt, valuation test for paths at infinity, Cauchy
//!   endgame with winding numbers (`endgame.rs`);
//! * [`solve`], [`PathResult`], [`SolveResult`]: all paths in parallel (rayon,
//!   deterministic), Newton refinement, deduplication, classification (`solve.rs`);
//! * [`polyhedral::solve`]: the Huber–Sturmfels polyhedral homotopy (BKK many paths,
//!   in $\mathbb{C}^n$ or the torus) (`polyhedral.rs`);
//! * [`ParameterHomotopy`] and [`monodromy_solve`]: families $F(x; p)$, parameter
//!   homotopies with the gamma trick, monodromy over a graph of parameter points
//!   (`parameter.rs`, `monodromy.rs`);
//! * [`newton`]: a plain Newton corrector on a compiled system ([`newton_mp`] in
//!   multiprecision),
//!   $x_{k+1} = x_k - JF(x_k)^{-1} F(x_k)$ (faer LU with partial pivoting).
//!
//! ```
//! use num_complex::Complex64;
//! use homotopy::{newton, NewtonOptions};
//! let sys = poly::parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap();
//! let ev = poly::Evaluator::new(&sys);
//! let x0 = [Complex64::new(1.1, 0.0), Complex64::new(1.9, 0.0)];
//! let r = newton(&ev, &x0, &NewtonOptions::default());
//! assert!(r.converged && (r.x[0] - Complex64::new(1.0, 0.0)).norm() < 1e-12);
//! ```

pub mod endgame;
pub mod field;
pub mod homotopy;
pub mod monodromy;
pub mod moves;
pub mod parameter;
pub mod polyhedral;
pub mod solve;
pub mod trace;
pub mod tracker;

pub use endgame::{EndgameOptions, EndgameOutcome, EndgameTracker};
pub use homotopy::{homogenize, Homotopy, StraightLine, TotalDegree, DD_BITS, PRECISION_LADDER};
pub use monodromy::{
    in_torus, monodromy_solve, same_point, track_generic, MonodromyOptions, MonodromyResult,
    MonodromyStop,
};
pub use moves::move_solutions;
pub use parameter::{
    homogenize_unknowns, FamilyEvaluator, ParameterError, ParameterHomotopy, ParameterWorkspace,
};
pub use polyhedral::{PolyhedralOptions, PolyhedralStart, Space};
pub use solve::{
    solve, solve_from_start, Counts, PathResult, PathSolver, PathStatus, ScalingMode, Solution,
    SolveError, SolveOptions, SolveResult, StartPoint, AUTO_SCALING_DECADES,
};
pub use trace::{fibre_trace_test, TraceTestOptions, TraceTestResult};
pub use tracker::{amp_criteria, AmpConfig, Point, Segment, TrackStats, Tracker, TrackerOptions};

use faer::prelude::*;
use faer::Mat;
use num_complex::Complex64;
use poly::{Evaluator, MpEvaluator};

/// Settings of [`newton`].
#[derive(Clone, Debug)]
pub struct NewtonOptions {
    /// Stop when the Newton update has norm at most `tolerance · (1 + ‖x‖)`.
    pub tolerance: f64,
    /// Give up after this many iterations.
    pub max_iterations: usize,
}

impl Default for NewtonOptions {
    fn default() -> Self {
        Self {
            tolerance: 1e-13,
            max_iterations: 50,
        }
    }
}

/// The outcome of [`newton`].
#[derive(Clone, Debug)]
pub struct NewtonResult {
    /// The last iterate.
    pub x: Vec<Complex64>,
    /// $\|F(x)\|_\infty$ at the last iterate.
    pub residual: f64,
    /// Norm of the last Newton update.
    pub last_update: f64,
    /// Iterations performed.
    pub iterations: usize,
    /// Whether the update fell below the tolerance.
    pub converged: bool,
    /// Whether a Jacobian was exactly singular (no update possible).
    pub singular: bool,
}

impl NewtonResult {
    /// The state before the first iteration: nothing converged, infinite residual.
    fn before_any_step() -> Self {
        Self {
            x: Vec::new(),
            residual: f64::INFINITY,
            last_update: f64::INFINITY,
            iterations: 0,
            converged: false,
            singular: false,
        }
    }
}

/// Relative Newton update under which [`newton`] stops when the updates stop
/// contracting: from there on they are rounding noise of size about $\kappa\varepsilon$.
pub const NOISE_FLOOR: f64 = 1e-8;

/// Newton's method from `x0` on a square system. It converges when the update falls
/// below `tolerance` $\cdot(1 + \|x\|)$, or below [`NOISE_FLOOR`] $\cdot(1 + \|x\|)$
/// without contracting by half any more (an ill-conditioned root whose accuracy
/// `f64` limits to about $\kappa\varepsilon$).
///
/// # Panics
/// If the system is not square or `x0` has the wrong length.
pub fn newton(evaluator: &Evaluator, x0: &[Complex64], options: &NewtonOptions) -> NewtonResult {
    let n = evaluator.nvars();
    assert_eq!(evaluator.neqs(), n, "Newton's method needs a square system");
    assert_eq!(x0.len(), n, "point dimension");
    let mut ws = evaluator.workspace();
    let mut x = x0.to_vec();
    let mut f = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * n];
    let mut result = NewtonResult::before_any_step();
    for it in 0..options.max_iterations {
        evaluator.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
        let j = Mat::<Complex64>::from_fn(n, n, |r, c| jac[r * n + c]);
        let rhs = Mat::<Complex64>::from_fn(n, 1, |r, _| f[r]);
        let dx = j.partial_piv_lu().solve(&rhs);
        let mut norm = 0.0f64;
        let mut xnorm = 0.0f64;
        for (i, xi) in x.iter_mut().enumerate() {
            let d = dx[(i, 0)];
            if !d.re.is_finite() || !d.im.is_finite() {
                result.singular = true;
                break;
            }
            *xi -= d;
            norm = norm.max(d.norm());
            xnorm = xnorm.max(xi.norm());
        }
        result.iterations = it + 1;
        if result.singular {
            break;
        }
        let previous = result.last_update;
        result.last_update = norm;
        if norm <= options.tolerance * (1.0 + xnorm) {
            result.converged = true;
            break;
        }
        // the rounding floor: a small update that no longer contracts is noise of the
        // evaluation (κ·ε), not distance to the root
        if it > 0 && norm > 0.5 * previous && norm <= NOISE_FLOOR * (1.0 + xnorm) {
            result.converged = true;
            break;
        }
    }
    evaluator.evaluate(&x, &mut ws, &mut f);
    result.residual = f.iter().fold(0.0, |m, z| m.max(z.norm()));
    result.x = x;
    result
}

/// Newton's method from `x0` at the precision of `evaluator` (MPC arithmetic, LU with
/// partial pivoting in that precision): for roots too ill-conditioned for [`newton`] in
/// `f64`, where the updates stall at $\kappa\varepsilon_{53}$ above the tolerance. It
/// converges when the update falls below `tolerance` $\cdot(1 + \|x\|)$; the result is
/// rounded to `f64` (the residual is that of the rounded point's multiprecision
/// iterate).
///
/// # Panics
/// If the system is not square or `x0` has the wrong length.
pub fn newton_mp(
    evaluator: &MpEvaluator,
    x0: &[Complex64],
    options: &NewtonOptions,
) -> NewtonResult {
    use field::Field;
    let n = evaluator.nvars();
    assert_eq!(evaluator.neqs(), n, "Newton's method needs a square system");
    assert_eq!(x0.len(), n, "point dimension");
    let prec = evaluator.precision();
    let mut ws = evaluator.workspace();
    let mut x: Vec<rug::Complex> = x0
        .iter()
        .map(|z| rug::Complex::from_c64(*z, prec))
        .collect();
    let zero = <rug::Complex as Field>::zero(prec);
    let mut f = vec![zero.clone(); n];
    let mut jac = vec![zero; n * n];
    let mut piv = vec![0usize; n];
    let mut result = NewtonResult::before_any_step();
    for it in 0..options.max_iterations {
        evaluator.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
        result.iterations = it + 1;
        if !field::lu_factor(&mut jac, n, &mut piv) {
            result.singular = true;
            break;
        }
        field::lu_solve(&jac, n, &piv, &mut f);
        let (mut norm, mut xnorm) = (0.0f64, 0.0f64);
        for (xi, d) in x.iter_mut().zip(&f) {
            if !Field::is_finite(d) {
                result.singular = true;
                break;
            }
            *xi = xi.sub(d);
            norm = norm.max(Field::abs(d));
            xnorm = xnorm.max(Field::abs(xi));
        }
        if result.singular {
            break;
        }
        result.last_update = norm;
        if norm <= options.tolerance * (1.0 + xnorm) {
            result.converged = true;
            break;
        }
    }
    evaluator.evaluate(&x, &mut ws, &mut f);
    result.residual = f.iter().fold(0.0, |m, z| m.max(Field::abs(z)));
    result.x = x.iter().map(Field::to_c64).collect();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A root with κ ≈ 1e12 whose equations differ below the `f64` resolution of the
    /// coefficients: `f64` Newton cannot find it, 192-bit Newton reaches it to 1e-13.
    #[test]
    fn multiprecision_newton_refines_what_f64_cannot() {
        // x + y = 2, x + (1 + 2^-40) y = 2 + 2^-40 (root (1, 1)), scaled by 1e10
        let sys = poly::parse_phc(
            "2\n 10000000000*x + 10000000000*y - 20000000000;\n \
             10000000000*x + 10000000000.0000000000009094947017729282379150390625*y \
             - 20000000000.0000000000009094947017729282379150390625;",
        )
        .unwrap();
        let x0 = [Complex64::new(1.3, 0.1), Complex64::new(0.6, -0.1)];
        let f = newton(&Evaluator::new(&sys), &x0, &NewtonOptions::default());
        let near = (f.x[0] - 1.0).norm() < 1e-6 && (f.x[1] - 1.0).norm() < 1e-6;
        assert!(f.singular || !f.converged || !near, "f64: {f:?}");
        let mp = newton_mp(&MpEvaluator::new(&sys, 192), &x0, &NewtonOptions::default());
        assert!(mp.converged, "{mp:?}");
        assert!(
            (mp.x[0] - 1.0).norm() < 1e-13 && (mp.x[1] - 1.0).norm() < 1e-13,
            "{mp:?}"
        );
        let singular = poly::parse_phc("2\n x + y - 2;\n 2*x + 2*y - 4;").unwrap();
        let r = newton_mp(
            &MpEvaluator::new(&singular, 128),
            &x0,
            &NewtonOptions::default(),
        );
        assert!(r.singular || !r.converged, "{r:?}");
    }

    #[test]
    fn quadratic_convergence_to_a_simple_root() {
        let sys = poly::parse_phc("2\n x^2 - 2;\n y^3 - x;").unwrap();
        let ev = Evaluator::new(&sys);
        let r = newton(
            &ev,
            &[Complex64::new(1.5, 0.1), Complex64::new(1.1, -0.1)],
            &NewtonOptions::default(),
        );
        assert!(r.converged, "{r:?}");
        assert!(r.iterations < 12);
        assert!((r.x[0].re - 2f64.sqrt()).abs() < 1e-14);
        assert!((r.x[1].re - 2f64.powf(1.0 / 6.0)).abs() < 1e-14);
        assert!(r.residual < 1e-14);
    }

    #[test]
    fn ill_conditioned_root_converges_at_the_rounding_floor_and_no_root_does_not() {
        // roots 1 ± 1e-6 of (x-1)^2 = 1e-12, y = 1: κ ≈ 1e6, f64 Newton stalls near 1e-11
        let sys = poly::parse_phc("2\n x^2 - 2*x + 0.999999999999;\n y - 1;").unwrap();
        let ev = Evaluator::new(&sys);
        let x0 = [Complex64::new(1.00001, 0.0), Complex64::new(1.0, 0.0)];
        let r = newton(&ev, &x0, &NewtonOptions::default());
        assert!(r.converged, "{r:?}");
        assert!((r.x[0].re - (1.0 + 1e-6)).abs() < 1e-9, "{r:?}");
        // x^2 + 1 from a real start: the real iterates never converge
        let sys = poly::parse_phc("2\n x^2 + 1;\n y - 1;").unwrap();
        let ev = Evaluator::new(&sys);
        let x0 = [Complex64::new(0.3, 0.0), Complex64::new(1.0, 0.0)];
        assert!(!newton(&ev, &x0, &NewtonOptions::default()).converged);
    }

    #[test]
    fn singular_jacobian_is_reported_not_hidden() {
        let sys = poly::parse_phc("2\n x^2;\n y;").unwrap();
        let ev = Evaluator::new(&sys);
        let r = newton(
            &ev,
            &[Complex64::new(0.0, 0.0), Complex64::new(1.0, 0.0)],
            &NewtonOptions::default(),
        );
        assert!(r.singular && !r.converged);
    }
}
