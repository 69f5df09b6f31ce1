//! Solving a square system: track every path of a total-degree homotopy in parallel,
//! refine, deduplicate and classify the endpoints.
//!
//! * Endpoints with homogenizing coordinate $|x_0| \le$ `at_infinity_tolerance`
//!   $\cdot \|x\|_\infty$ (or classified by the endgame's valuation test) are **at
//!   infinity**, and so are endpoints that are not nonsingular with
//!   $|x_0| <$ `singular_at_infinity_ratio` $\cdot\|x\|_\infty$ (points of a solution set
//!   at infinity, where the Cauchy estimate of $x_0$ converges slowly); the others are mapped to $y = (x_1,\dots,x_n)/x_0 \in \mathbb{C}^n$.
//! * Finite endpoints are refined by Newton's method on $F$, which must stay within
//!   $10^{-4}(1+\|y\|)$ of the endgame's estimate (in MPC at 128 bits when
//!   $\kappa(JF) > 10^6$, so the digits are right even when `f64` cannot give them) and
//!   are **nonsingular** when Newton converges and $\kappa_\infty(JF(y)) \le$
//!   `singular_cond`, or the same holds for $JF$ with its columns scaled by
//!   $\max(1, |y_j|)$ (a zero with large coordinates is ill-conditioned from its
//!   scales alone), or Newton at 128 bits converges quadratically to it (a relative
//!   update of $10^{-25}$ within 6 iterations, $\kappa \le 10^{25}$) (their winding
//!   number is then 1); otherwise **singular**.
//! * Two endpoints are the same solution when
//!   $\|y - y'\|_\infty \le$ `dedup_tolerance` $\cdot (1 + \|y\|_\infty)$. The multiplicity
//!   of a solution is the number of paths ending there (at least its winding number).
//!   Two paths reaching the same *nonsingular* solution mean one of them jumped: both are
//!   retracked with a tighter tracker, and if that does not separate them the
//!   duplicates are reported as failed — no path is ever dropped silently.
//! * A solution is **real** if $\max_i |\mathrm{Im}\, y_i| \le$ `real_tolerance`
//!   $\cdot(1+\|y\|)$ and in the **torus** $(\mathbb{C}^*)^n$ if
//!   $\min_i |y_i| >$ `zero_tolerance` $\cdot (1 + \|y\|)$.

use crate::endgame::{EndgameOptions, EndgameOutcome, EndgameTracker};
use crate::field::{inverse_norm, lu_factor, lu_solve, matrix_norm_inf, norm_inf, Field};
use crate::homotopy::{Homotopy, StraightLine, TotalDegree};
use crate::tracker::{TrackStats, TrackerOptions};
use num_complex::Complex64;
use poly::{coefficient_spread, Evaluator, MpEvaluator, Scaling, System};
use rayon::prelude::*;
use rug::Complex;

/// Classification of one path.
#[derive(Clone, Debug, PartialEq)]
pub enum PathStatus {
    /// A finite, nonsingular endpoint.
    Nonsingular,
    /// A finite singular endpoint.
    Singular,
    /// The path diverges in $\mathbb{C}^n$.
    AtInfinity,
    /// Tracking failed.
    Failed(String),
}

/// The result of tracking one path.
#[derive(Clone, Debug)]
pub struct PathResult {
    /// Index of the start solution.
    pub path: u64,
    /// The classification.
    pub status: PathStatus,
    /// The affine endpoint $y \in \mathbb{C}^n$ (finite paths), refined by Newton.
    pub solution: Option<Vec<Complex64>>,
    /// The endpoint in the projective chart $(x_1, \dots, x_n, x_0)$.
    pub projective: Vec<Complex64>,
    /// The winding number (cycle number) found by the endgame (1 if not computed).
    pub winding_number: usize,
    /// Valuation estimate of $x_0$ for paths at infinity.
    pub valuation: Option<f64>,
    /// $\kappa_\infty(JF(y))$ at a finite endpoint (∞ otherwise).
    pub cond: f64,
    /// $\|F(y)\|_\infty$ at a finite endpoint.
    pub residual: f64,
    /// Accepted steps.
    pub steps: usize,
    /// Rejected steps.
    pub rejected_steps: usize,
    /// Highest precision used while tracking (bits; 53 = `f64` only).
    pub max_precision_bits: u32,
    /// Switches from `f64` to multiprecision.
    pub escalations: usize,
}

impl PathResult {
    /// A result for path `path` with status `status` and nothing else known yet: no
    /// endpoint, winding number 1, no valuation, infinite condition number and
    /// residual, no steps, `f64` only.
    pub fn new(path: u64, status: PathStatus) -> Self {
        Self {
            path,
            status,
            solution: None,
            projective: Vec::new(),
            winding_number: 1,
            valuation: None,
            cond: f64::INFINITY,
            residual: f64::INFINITY,
            steps: 0,
            rejected_steps: 0,
            max_precision_bits: 53,
            escalations: 0,
        }
    }
}

/// One distinct finite solution.
#[derive(Clone, Debug)]
pub struct Solution {
    /// The coordinates.
    pub x: Vec<Complex64>,
    /// Nonsingular or singular.
    pub singular: bool,
    /// Number of paths ending here.
    pub multiplicity: usize,
    /// Largest winding number among those paths.
    pub winding_number: usize,
    /// Whether the solution is real.
    pub real: bool,
    /// Whether no coordinate is zero.
    pub torus: bool,
    /// $\kappa_\infty(JF)$.
    pub cond: f64,
    /// $\|F\|_\infty$.
    pub residual: f64,
    /// The paths ending here.
    pub paths: Vec<u64>,
}

/// Settings of [`solve`].
#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Seed of $\gamma$ and of the projective chart.
    pub seed: u64,
    /// The tracker.
    pub tracker: TrackerOptions,
    /// The endgame.
    pub endgame: EndgameOptions,
    /// Relative distance under which two endpoints are one solution.
    pub dedup_tolerance: f64,
    /// Relative distance under which two endpoints are one solution when one of them is
    /// singular (singular endpoints are less accurate).
    pub singular_dedup_tolerance: f64,
    /// $\kappa$ above which a finite endpoint is singular.
    pub singular_cond: f64,
    /// Relative imaginary part under which a solution is real.
    pub real_tolerance: f64,
    /// Relative modulus under which a coordinate counts as zero.
    pub zero_tolerance: f64,
    /// $|x_0| / \|x\|$ under which an endpoint is at infinity.
    pub at_infinity_tolerance: f64,
    /// $|x_0| / \|x\|$ under which an endpoint that is *not* nonsingular is at infinity
    /// (singular finite solutions are looked for only in $\|y\|_\infty < 1/$ this).
    pub singular_at_infinity_ratio: f64,
    /// Track only the first paths (`None`: all); for tests and benchmarks.
    pub max_paths: Option<u64>,
    /// Whether [`solve()`] and [`crate::polyhedral::solve()`] scale the equations and
    /// unknowns by powers of ten first ([`poly::Scaling`]).
    pub scaling: ScalingMode,
}

/// When the solvers scale the system ([`poly::Scaling::balance`]) before tracking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScalingMode {
    /// Never.
    Off,
    /// When scaling narrows the spread of the coefficients' magnitudes
    /// ([`poly::coefficient_spread`]) by at least [`AUTO_SCALING_DECADES`] decades.
    #[default]
    Auto,
    /// Whenever the scaling is not the identity.
    On,
}

/// The narrowing of the coefficients' spread (decades) from which
/// [`ScalingMode::Auto`] scales: an equation $10^6$ times the start system's keeps
/// its path within $1 - t \approx 10^{-6}$ of the start, where `f64` still resolves
/// $1 - t$ to $10^{-10}$; at $10^{12}$ only to $10^{-4}$, and the paths fail.
pub const AUTO_SCALING_DECADES: f64 = 6.0;

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            tracker: TrackerOptions::default(),
            endgame: EndgameOptions::default(),
            dedup_tolerance: 1e-6,
            singular_dedup_tolerance: 1e-4,
            singular_cond: 1e10,
            real_tolerance: 1e-8,
            zero_tolerance: 1e-8,
            at_infinity_tolerance: 1e-9,
            singular_at_infinity_ratio: 1e-3,
            max_paths: None,
            scaling: ScalingMode::Auto,
        }
    }
}

/// Counts per class, as printed and written to JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct finite solutions.
    pub finite: usize,
    /// Distinct nonsingular solutions.
    pub nonsingular: usize,
    /// Distinct singular solutions.
    pub singular: usize,
    /// Distinct real solutions.
    pub real: usize,
    /// Distinct solutions in $(\mathbb{C}^*)^n$.
    pub torus: usize,
    /// Paths at infinity.
    pub at_infinity: usize,
    /// Failed paths.
    pub failed: usize,
    /// Paths that needed multiprecision.
    pub escalated: usize,
}

/// The result of [`solve`].
#[derive(Clone, Debug)]
pub struct SolveResult {
    /// The seed used.
    pub seed: u64,
    /// $\gamma$.
    pub gamma: Complex64,
    /// Number of paths tracked.
    pub paths_tracked: u64,
    /// Every path, in start-solution order.
    pub paths: Vec<PathResult>,
    /// The distinct finite solutions.
    pub solutions: Vec<Solution>,
    /// Counts per class.
    pub counts: Counts,
    /// The scaling the system was solved under (`None`: unscaled). The solutions'
    /// coordinates are those of the original system; their `cond` and `residual`, the
    /// paths' `projective` endpoints and the classification are the scaled system's.
    pub scaling: Option<Scaling>,
}

impl SolveResult {
    /// The distinct nonsingular solutions.
    pub fn nonsingular(&self) -> impl Iterator<Item = &Solution> {
        self.solutions.iter().filter(|s| !s.singular)
    }
    /// The distinct singular solutions.
    pub fn singular(&self) -> impl Iterator<Item = &Solution> {
        self.solutions.iter().filter(|s| s.singular)
    }
    /// The distinct real solutions.
    pub fn real_solutions(&self) -> impl Iterator<Item = &Solution> {
        self.solutions.iter().filter(|s| s.real)
    }
    /// The paths at infinity.
    pub fn at_infinity(&self) -> impl Iterator<Item = &PathResult> {
        self.paths
            .iter()
            .filter(|p| p.status == PathStatus::AtInfinity)
    }
    /// The failed paths.
    pub fn failed(&self) -> impl Iterator<Item = &PathResult> {
        self.paths
            .iter()
            .filter(|p| matches!(p.status, PathStatus::Failed(_)))
    }
}

/// Error of [`solve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolveError(pub String);

impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SolveError {}

/// Newton refinement of $y$ on $F$: f64 first, then 128-bit MPC if $\kappa > 10^6$.
/// Returns (refined y, converged, cond, residual, converged at 128 bits): the last is
/// whether the 128-bit Newton reached a relative update of $10^{-25}$ within 6
/// iterations, which it does only where it converges quadratically (from the `f64`
/// point, at best $10^{-11}$ off, linear convergence with ratio $\ge 1/2$, as at a
/// singular zero, gains less than two digits in 6 iterations).
fn refine_affine(
    f: &Evaluator,
    system: &System,
    y0: &[Complex64],
) -> (Vec<Complex64>, bool, f64, f64, bool) {
    let n = y0.len();
    let mut ws = f.workspace();
    let mut y = y0.to_vec();
    let mut fv = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * n];
    let mut piv = vec![0; n];
    let mut converged = false;
    let mut converged_mp = false;
    let mut cond = f64::INFINITY;
    for _ in 0..16 {
        f.evaluate_with_jacobian(&y, &mut ws, &mut fv, &mut jac);
        let an = matrix_norm_inf(&jac, n);
        if !lu_factor(&mut jac, n, &mut piv) {
            break;
        }
        cond = an * inverse_norm(&jac, n, &piv);
        lu_solve(&jac, n, &piv, &mut fv);
        let d = norm_inf(&fv);
        if !d.is_finite() || d > 1e3 * (1.0 + norm_inf(&y)) {
            break;
        }
        let mut trial = y.clone();
        for (yi, di) in trial.iter_mut().zip(&fv) {
            *yi -= di;
        }
        y = trial;
        if d <= 1e-11 * (1.0 + norm_inf(&y)) {
            converged = true;
            break;
        }
    }
    if (cond > 1e6 || !converged) && cond.is_finite() {
        // multiprecision Newton: the residual and the solve in 128 bits
        let p = 128;
        let mf = MpEvaluator::new(system, p);
        let mut mws = mf.workspace();
        let mut ym: Vec<Complex> = y.iter().map(|z| Complex::from_c64(*z, p)).collect();
        let z = Complex::new(p);
        let mut fm = vec![z.clone(); n];
        let mut jm = vec![z; n * n];
        for _ in 0..6 {
            mf.evaluate_with_jacobian(&ym, &mut mws, &mut fm, &mut jm);
            if !lu_factor(&mut jm, n, &mut piv) {
                break;
            }
            lu_solve(&jm, n, &piv, &mut fm);
            let d = norm_inf(&fm);
            if !d.is_finite() {
                break;
            }
            for (yi, di) in ym.iter_mut().zip(&fm) {
                *yi = yi.sub(di);
            }
            if d <= 1e-25 * (1.0 + norm_inf(&ym)) {
                converged = true;
                converged_mp = true;
                break;
            }
        }
        let cand: Vec<Complex64> = ym.iter().map(Field::to_c64).collect();
        if cand.iter().all(|z| z.re.is_finite() && z.im.is_finite()) {
            y = cand;
        }
    }
    f.evaluate(&y, &mut ws, &mut fv);
    let residual = norm_inf(&fv);
    (y, converged, cond, residual, converged_mp)
}

/// Largest condition number of a zero confirmed nonsingular by quadratic convergence of
/// the 128-bit Newton iteration alone ([`refine_affine`]): $10^{25}$, so that
/// $\kappa\, 2^{-128} < 10^{-13}$ and the digits reported are right.
const MP_NONSINGULAR_COND: f64 = 1e25;

/// $\kappa_\infty(\partial F(y)\, D)$ with $D = \mathrm{diag}(\max(1, |y_j|))$: the
/// condition number of the zero `y` for relative changes of its large coordinates. A
/// nonsingular zero with coordinates of size $10^4$ of a cubic system has an unscaled
/// condition number of $10^{11}$ from the scales alone; a singular zero has an
/// infinite one in any scaling. (The rows are not equilibrated by their own norms: at
/// a singular zero a row of the Jacobian can be nearly zero, and scaling it up would
/// hide the singularity.)
fn scaled_condition(f: &Evaluator, y: &[Complex64]) -> f64 {
    let n = y.len();
    let mut ws = f.workspace();
    let mut fv = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * n];
    f.evaluate_with_jacobian(y, &mut ws, &mut fv, &mut jac);
    for row in jac.chunks_mut(n) {
        for (a, yj) in row.iter_mut().zip(y) {
            *a *= yj.norm().max(1.0);
        }
    }
    let an = matrix_norm_inf(&jac, n);
    let mut piv = vec![0; n];
    if !an.is_finite() || !lu_factor(&mut jac, n, &mut piv) {
        return f64::INFINITY;
    }
    an * inverse_norm(&jac, n, &piv)
}

/// The start of one path: an affine start solution (or why there is none, e.g. a
/// failed stage 1 of a polyhedral homotopy), with the tracking statistics that
/// produced it.
pub type StartPoint = (Result<Vec<Complex64>, String>, TrackStats);

struct Context<'a> {
    system: &'a System,
    f: Evaluator,
    homotopy: StraightLine,
    starts: &'a (dyn Fn(u64) -> StartPoint + Sync),
    options: &'a SolveOptions,
}

impl Context<'_> {
    fn path(&self, index: u64, tracker: &TrackerOptions) -> PathResult {
        let n = self.system.nvars();
        let (start, pre) = (self.starts)(index);
        let mut r = PathResult {
            steps: pre.steps,
            rejected_steps: pre.rejected,
            max_precision_bits: pre.max_bits.max(53),
            escalations: pre.escalations,
            ..PathResult::new(index, PathStatus::AtInfinity)
        };
        let start = match start {
            Ok(y) => y,
            Err(reason) => {
                r.status = PathStatus::Failed(reason);
                return r;
            }
        };
        let eg = EndgameTracker::new(
            &self.homotopy,
            tracker.clone(),
            self.options.endgame.clone(),
        );
        let mut ws = self.homotopy.workspace();
        let mut stats = TrackStats::default();
        let x0 = self.homotopy.to_chart(&start);
        let outcome = eg.track(&mut ws, &x0, &mut stats);
        r.steps += stats.steps;
        r.rejected_steps += stats.rejected;
        r.max_precision_bits = r.max_precision_bits.max(stats.max_bits);
        r.escalations += stats.escalations;
        match outcome {
            EndgameOutcome::Failed { reason, x, t } => {
                r.status = PathStatus::Failed(if t.is_nan() {
                    reason
                } else {
                    format!("{reason} (t = {t:.2e})")
                });
                r.projective = x;
            }
            EndgameOutcome::AtInfinity { x, valuation } => {
                r.projective = x;
                r.valuation = valuation;
            }
            EndgameOutcome::Endpoint { x, winding_number } => {
                r.winding_number = winding_number;
                let x0 = x[n];
                let xn = norm_inf(&x);
                r.projective = x.clone();
                if x0.norm() <= self.options.at_infinity_tolerance * xn {
                    return r;
                }
                let y: Vec<Complex64> = x[..n].iter().map(|z| z / x0).collect();
                let (refined, converged, cond, residual, converged_mp) =
                    refine_affine(&self.f, self.system, &y);
                // Newton must confirm the endgame's estimate, not wander to another root
                let stayed = refined
                    .iter()
                    .zip(&y)
                    .all(|(u, v)| (u - v).norm() <= 1e-4 * (1.0 + norm_inf(&y)));
                let converged = converged && stayed;
                let (y, cond, residual) = if stayed {
                    (refined, cond, residual)
                } else {
                    // report the endgame's point, not the root Newton wandered to
                    let mut ws = self.f.workspace();
                    let mut fv = vec![Complex64::default(); n];
                    self.f.evaluate(&y, &mut ws, &mut fv);
                    (y, f64::INFINITY, norm_inf(&fv))
                };
                r.cond = cond;
                r.residual = residual;
                // a well-conditioned Newton limit is nonsingular whatever the loop count:
                // a loop enclosing other branch points can close after c > 1 turns
                // (well-conditioned in the plain or in the scaled sense: a zero with
                // large coordinates is ill-conditioned in the plain sense from its
                // scales alone)
                // (or converged quadratically at 128 bits, with a condition number that
                // precision resolves: widths 2,3,2 of `001`, m = 2, instance 5 of the
                // polyhedral check has 32 critical points with coordinates of 5.8e3 and
                // condition numbers of 3.6e12, 2.6e12 with columns scaled, which the
                // parameter homotopy counts; they were taken for points at infinity)
                let nonsingular = converged
                    && (cond <= self.options.singular_cond
                        || scaled_condition(&self.f, &y) <= self.options.singular_cond
                        || (converged_mp && cond <= MP_NONSINGULAR_COND));
                if nonsingular {
                    r.winding_number = 1;
                }
                if !nonsingular && x0.norm() < self.options.singular_at_infinity_ratio * xn {
                    // a singular endpoint this close to the hyperplane at infinity is a
                    // point of a (positive-dimensional) solution set at infinity
                    return r;
                }
                r.status = if nonsingular {
                    PathStatus::Nonsingular
                } else if r.winding_number > 1 || cond > self.options.singular_cond {
                    PathStatus::Singular
                } else {
                    // neither confirmed nonsingular by Newton nor singular by the endgame
                    // (winding number 1) or the condition number: no evidence either way
                    PathStatus::Failed(format!(
                        "endpoint not confirmed: Newton did not converge, condition {cond:.1e}, \
                         residual {residual:.1e}"
                    ))
                };
                r.solution = Some(y);
            }
        }
        r
    }
}

/// Solves the square system `system` with the total-degree homotopy; see the module
/// documentation for the classification and deduplication rules. A badly scaled system
/// is first scaled by powers of ten ([`SolveOptions::scaling`]).
///
/// ```
/// let f = poly::parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap();
/// let r = homotopy::solve(&f, &homotopy::SolveOptions::default()).unwrap();
/// assert_eq!(r.counts.nonsingular, 4);
/// assert_eq!(r.counts.real, 4);
/// assert_eq!(r.counts.failed, 0);
/// ```
pub fn solve(system: &System, options: &SolveOptions) -> Result<SolveResult, SolveError> {
    check_input(system)?;
    with_scaling(system, options.scaling, |f| solve_unscaled(f, options))
}

/// [`solve`] of `system` as given.
fn solve_unscaled(system: &System, options: &SolveOptions) -> Result<SolveResult, SolveError> {
    with_total_degree(system, options, |solver, total| {
        let count = options.max_paths.map_or(total, |m| m.min(total));
        let paths = solver.track(0..count);
        solver.finish(paths)
    })?
}

/// The [`PathSolver`] of [`solve`]'s total-degree homotopy of `system` (as given, not
/// scaled) and the number of its paths, handed to `f`.
fn with_total_degree<R>(
    system: &System,
    options: &SolveOptions,
    f: impl FnOnce(&PathSolver<'_>, u64) -> R,
) -> Result<R, SolveError> {
    let start = TotalDegree::new(system.degrees());
    let g = start.system(system.variables());
    let starts = |i: u64| -> StartPoint { (Ok(start.solution(i)), TrackStats::default()) };
    let mut rng = poly::Rng::new(options.seed);
    let solver = PathSolver::new(system, &g, &starts, &mut rng, options)?;
    Ok(f(&solver, start.count()))
}

/// Tracks the chosen paths `paths` of [`solve`]'s total-degree homotopy (the same
/// scaling, $\gamma$, chart and start solutions for the same `options`), without the
/// deduplication and retracking of the whole solve: to look at single paths of a solve.
/// Their endpoints are in `system`'s unknowns.
///
/// ```
/// let f = poly::parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap();
/// let o = homotopy::SolveOptions::default();
/// let all = homotopy::solve(&f, &o).unwrap();
/// let two = homotopy::solve::track_paths(&f, &o, &[3, 1]).unwrap();
/// assert_eq!(two[0].solution, all.paths[3].solution);
/// assert_eq!(two[1].path, 1);
/// ```
///
/// # Errors
/// As [`solve`]; also when a path is not below the Bézout number.
pub fn track_paths(
    system: &System,
    options: &SolveOptions,
    paths: &[u64],
) -> Result<Vec<PathResult>, SolveError> {
    check_input(system)?;
    let scaling = scaling_of(system, options.scaling);
    let mut results = with_total_degree(
        scaling.as_ref().map_or(system, |(_, scaled)| scaled),
        options,
        |solver, total| {
            if let Some(&p) = paths.iter().find(|&&p| p >= total) {
                return Err(SolveError(format!(
                    "path {p} is not below the {total} paths"
                )));
            }
            Ok(paths
                .iter()
                .map(|&p| solver.track(p..p + 1).pop().expect("one path tracked"))
                .collect::<Vec<_>>())
        },
    )??;
    if let Some((s, _)) = &scaling {
        unscale_paths(&mut results, s);
    }
    Ok(results)
}

/// Runs `solve` on `system` scaled as `mode` decides ([`ScalingMode`]) and maps the
/// solutions back to `system`'s coordinates, $y = 10^{d} \odot y'$.
pub(crate) fn with_scaling(
    system: &System,
    mode: ScalingMode,
    solve: impl FnOnce(&System) -> Result<SolveResult, SolveError>,
) -> Result<SolveResult, SolveError> {
    let Some((scaling, scaled)) = scaling_of(system, mode) else {
        return solve(system);
    };
    let mut r = solve(&scaled)?;
    unscale_paths(&mut r.paths, &scaling);
    for s in &mut r.solutions {
        s.x = scaling.unscale(&s.x);
    }
    r.scaling = Some(scaling);
    Ok(r)
}

/// The scaling `mode` asks for on `system`, if any, with the scaled system.
fn scaling_of(system: &System, mode: ScalingMode) -> Option<(Scaling, System)> {
    if mode == ScalingMode::Off {
        return None;
    }
    let s = Scaling::balance(system);
    if s.is_identity() {
        return None;
    }
    let scaled = s.apply(system);
    let narrows = coefficient_spread(system) - coefficient_spread(&scaled) >= AUTO_SCALING_DECADES;
    (mode == ScalingMode::On || narrows).then_some((s, scaled))
}

/// The paths' affine endpoints in the original unknowns.
fn unscale_paths(paths: &mut [PathResult], scaling: &Scaling) {
    for p in paths {
        if let Some(y) = &p.solution {
            p.solution = Some(scaling.unscale(y));
        }
    }
}

/// A square, non-empty system without a constant equation, or why not.
pub(crate) fn check_input(system: &System) -> Result<(), SolveError> {
    if !system.is_square() || system.is_empty() {
        return Err(SolveError(format!(
            "need a square system, got {} equations in {} unknowns",
            system.len(),
            system.nvars()
        )));
    }
    if system.polynomials().iter().any(|p| p.degree() == 0) {
        return Err(SolveError("an equation is constant".into()));
    }
    Ok(())
}

/// Tracks `count` start solutions `starts(0..count)` of the square system `start_system`
/// to `system` along the projective straight-line homotopy ([`StraightLine`], $\gamma$
/// and chart drawn from `rng`), with the endgame, and refines, deduplicates and
/// classifies the endpoints as [`solve()`] does (see the module documentation): the
/// shared second half of every start system (total degree, polyhedral, ...). A start
/// given as `Err(reason)` becomes a failed path with that reason. The same as
/// [`PathSolver::new`], [`PathSolver::track`] on `0..count` and [`PathSolver::finish`].
///
/// # Errors
/// When the systems are not square of the same size.
pub fn solve_from_start(
    system: &System,
    start_system: &System,
    starts: &(dyn Fn(u64) -> StartPoint + Sync),
    count: u64,
    rng: &mut poly::Rng,
    options: &SolveOptions,
) -> Result<SolveResult, SolveError> {
    let solver = PathSolver::new(system, start_system, starts, rng, options)?;
    let paths = solver.track(0..count);
    solver.finish(paths)
}

/// The second half of a solve split into parts that can be run apart: [`track`]
/// follows any range of paths (in parallel) to their [`PathResult`]s, which a long run
/// may save as it goes, and [`finish`] classifies all of them at once: it clusters the
/// finite endpoints, retracks every path that failed or shares a nonsingular endpoint
/// with another (path jumping) with a tighter tracker, and counts. Tracking a range is
/// deterministic: a path's result depends only on its index, the start solution, the
/// seed and the options, not on the ranges the paths are tracked in.
///
/// [`track`]: PathSolver::track
/// [`finish`]: PathSolver::finish
///
/// ```
/// let f = poly::parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap();
/// let start = homotopy::TotalDegree::new(f.degrees());
/// let g = start.system(f.variables());
/// let starts = |i: u64| (Ok(start.solution(i)), homotopy::TrackStats::default());
/// let options = homotopy::SolveOptions::default();
/// let mut rng = poly::Rng::new(options.seed);
/// let solver = homotopy::PathSolver::new(&f, &g, &starts, &mut rng, &options).unwrap();
/// // two parts, as a run interrupted after the first would do them
/// let mut paths = solver.track(0..2);
/// paths.extend(solver.track(2..4));
/// let r = solver.finish(paths).unwrap();
/// assert_eq!((r.counts.nonsingular, r.counts.failed), (4, 0));
/// ```
pub struct PathSolver<'a> {
    ctx: Context<'a>,
}

impl std::fmt::Debug for PathSolver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PathSolver")
            .field("gamma", &self.ctx.homotopy.gamma())
            .field("options", &self.ctx.options)
            .finish_non_exhaustive()
    }
}

impl<'a> PathSolver<'a> {
    /// The homotopy from `start_system` (solutions `starts(i)`) to `system`, with
    /// $\gamma$ and the projective chart drawn from `rng`.
    ///
    /// # Errors
    /// When the systems are not square of the same size.
    pub fn new(
        system: &'a System,
        start_system: &System,
        starts: &'a (dyn Fn(u64) -> StartPoint + Sync),
        rng: &mut poly::Rng,
        options: &'a SolveOptions,
    ) -> Result<Self, SolveError> {
        if !system.is_square()
            || !start_system.is_square()
            || system.nvars() != start_system.nvars()
        {
            return Err(SolveError(format!(
                "target ({} equations, {} unknowns) and start system ({} equations, {} \
                 unknowns) must be square of the same size",
                system.len(),
                system.nvars(),
                start_system.len(),
                start_system.nvars()
            )));
        }
        let homotopy = StraightLine::new(system, start_system, rng);
        Ok(Self {
            ctx: Context {
                system,
                f: Evaluator::new(system),
                homotopy,
                starts,
                options,
            },
        })
    }

    /// $\gamma$ of the homotopy.
    pub fn gamma(&self) -> Complex64 {
        self.ctx.homotopy.gamma()
    }

    /// Tracks the paths `range` in parallel, with the options' tracker, to their
    /// results in path order (not yet clustered: see [`finish`](Self::finish)).
    pub fn track(&self, range: std::ops::Range<u64>) -> Vec<PathResult> {
        range
            .into_par_iter()
            .map(|i| self.ctx.path(i, &self.ctx.options.tracker))
            .collect()
    }

    /// Clusters, retracks path jumps and failed paths, and counts (module
    /// documentation). `paths` must be the results of paths `0..paths.len()` in order,
    /// as [`track`](Self::track) gave them; for a path at infinity only the status
    /// and `max_precision_bits` are read, so a long run may keep just those.
    ///
    /// # Errors
    /// When `paths` are not paths `0, 1, ...` in order.
    pub fn finish(&self, mut paths: Vec<PathResult>) -> Result<SolveResult, SolveError> {
        if let Some((i, p)) = paths.iter().enumerate().find(|(i, p)| p.path != *i as u64) {
            return Err(SolveError(format!(
                "path results must be paths 0, 1, ... in order: position {i} holds path {}",
                p.path
            )));
        }
        let (ctx, options) = (&self.ctx, self.ctx.options);
        let count = paths.len() as u64;
        let mut solutions = cluster(&paths, options);
        // path jumping: two paths at one nonsingular solution -> retrack with a tighter
        // tracker; failed paths are retracked the same way
        let mut suspects: Vec<u64> = solutions
            .iter()
            .filter(|s| !s.singular && s.paths.len() > 1)
            .flat_map(|s| s.paths.iter().copied())
            .chain(
                paths
                    .iter()
                    .filter(|p| matches!(p.status, PathStatus::Failed(_)))
                    .map(|p| p.path),
            )
            .collect();
        suspects.sort_unstable();
        suspects.dedup();
        if !suspects.is_empty() {
            let tight = options.tracker.tightened();
            let redone: Vec<PathResult> =
                suspects.par_iter().map(|&i| ctx.path(i, &tight)).collect();
            for p in redone {
                let i = p.path as usize;
                paths[i] = p;
            }
            solutions = cluster(&paths, options);
            // whatever still coincides is reported as failed (one path kept per solution)
            for s in solutions
                .iter_mut()
                .filter(|s| !s.singular && s.paths.len() > 1)
            {
                for &i in &s.paths[1..] {
                    paths[i as usize].status = PathStatus::Failed(format!(
                        "ended at the same nonsingular solution as path {} (path jumping)",
                        s.paths[0]
                    ));
                }
                s.paths.truncate(1);
                s.multiplicity = 1;
            }
        }
        let mut counts = Counts {
            finite: solutions.len(),
            nonsingular: solutions.iter().filter(|s| !s.singular).count(),
            singular: solutions.iter().filter(|s| s.singular).count(),
            real: solutions.iter().filter(|s| s.real).count(),
            torus: solutions.iter().filter(|s| s.torus).count(),
            ..Counts::default()
        };
        for p in &paths {
            match p.status {
                PathStatus::AtInfinity => counts.at_infinity += 1,
                PathStatus::Failed(_) => counts.failed += 1,
                _ => {}
            }
            if p.max_precision_bits > 53 {
                counts.escalated += 1;
            }
        }
        Ok(SolveResult {
            seed: options.seed,
            gamma: ctx.homotopy.gamma(),
            paths_tracked: count,
            paths,
            solutions,
            counts,
            scaling: None,
        })
    }
}

/// Groups finite endpoints into distinct solutions (see the module documentation).
fn cluster(paths: &[PathResult], options: &SolveOptions) -> Vec<Solution> {
    let mut solutions: Vec<Solution> = Vec::new();
    for p in paths {
        let singular = match p.status {
            PathStatus::Nonsingular => false,
            PathStatus::Singular => true,
            _ => continue,
        };
        let y = p.solution.as_ref().expect("finite paths have a solution");
        let scale = 1.0 + norm_inf(y);
        let found = solutions.iter_mut().find(|s| {
            // a singular point of multiplicity m is only accurate to about eps^(1/m)
            let tol = if singular || s.singular {
                options
                    .dedup_tolerance
                    .max(options.singular_dedup_tolerance)
            } else {
                options.dedup_tolerance
            };
            s.x.iter()
                .zip(y)
                .all(|(u, v)| (u - v).norm() <= tol * scale)
        });
        match found {
            Some(s) => {
                s.multiplicity += 1;
                s.paths.push(p.path);
                s.winding_number = s.winding_number.max(p.winding_number);
                if singular && !s.singular {
                    s.singular = true;
                }
                if !singular && s.singular && p.cond < s.cond {
                    s.x = y.clone();
                    s.cond = p.cond;
                    s.residual = p.residual;
                }
            }
            None => solutions.push(Solution {
                x: y.clone(),
                singular,
                multiplicity: 1,
                winding_number: p.winding_number,
                real: false,
                torus: false,
                cond: p.cond,
                residual: p.residual,
                paths: vec![p.path],
            }),
        }
    }
    for s in &mut solutions {
        if s.multiplicity > 1 && s.winding_number > 1 {
            s.singular = true;
        }
        let scale = 1.0 + norm_inf(&s.x);
        let rtol = if s.singular {
            1e-6
        } else {
            options.real_tolerance
        };
        s.real = s.x.iter().all(|z| z.im.abs() <= rtol * scale);
        let ztol = if s.singular {
            1e-6
        } else {
            options.zero_tolerance
        };
        s.torus = s.x.iter().all(|z| z.norm() > ztol * scale);
    }
    solutions
}
