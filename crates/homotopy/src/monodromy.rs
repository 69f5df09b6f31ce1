//! Monodromy solving: all solutions of a generic member of a family from one.
//!
//! Let $F(x; p)$ be a family ([`ParameterHomotopy`] explains the layout) and
//! $V = \{(x, p) : F(x; p) = 0\}$ its incidence variety. Moving the parameters around a
//! loop based at a generic $p_0$ and tracking the solutions along it permutes the fibre
//! $V_{p_0}$; when the component of $V$ through a known solution is irreducible its
//! monodromy group acts transitively on that component's part of the fibre (Duff,
//! Hill, Jensen, Lee, Leykin, Sommars, *Solving polynomial systems via homotopy
//! continuation and monodromy*, IMA J. Numer. Anal. 2019).
//!
//! [`monodromy_solve`] organizes the loops as a graph, as in that paper: nodes are
//! parameter points (the base $p_0$ and random complex points), every ordered pair of
//! nodes is an edge with its own parameter homotopy (own $\gamma$), every node keeps
//! the solutions known over it, and every solution is tracked along every edge leaving
//! its node exactly once. When nothing is left to track, the solution sets are closed
//! under the monodromy of the graph's loops; a new node (with its edges) is then added,
//! and the search stops after `stall_nodes` additions that brought no new solution at
//! $p_0$. Each path is tracked once, so the cost is about
//! $(\#\text{nodes} - 1) \cdot \#\text{nodes} \cdot |V_{p_0}|$ paths.
//!
//! Completeness is a statement about the component, not a proof: verify it with the
//! trace test ([`crate::trace::fibre_trace_test`]) or compare with a root count
//! (polyhedral or total-degree solve, or a published generic count) before relying on
//! the number.

use crate::homotopy::Homotopy;
use crate::parameter::{ParameterError, ParameterHomotopy};
use crate::tracker::{
    amp_criteria, ladder_bits, Correction, Point, Segment, TrackStats, Tracker, TrackerOptions,
};
use num_complex::Complex64;
use poly::System;
use rayon::prelude::*;

/// Settings of [`monodromy_solve`].
#[derive(Clone, Debug)]
pub struct MonodromyOptions {
    /// Seed of the nodes' parameter points and of the edges' $\gamma$ and charts.
    pub seed: u64,
    /// Random nodes besides the base to start with (at least 1).
    pub initial_nodes: usize,
    /// Stop after this many node additions in a row without a new solution at the base.
    pub stall_nodes: usize,
    /// Never use more nodes than this (the base included).
    pub max_nodes: usize,
    /// Stop as soon as this many solutions are known (a known generic count).
    pub target: Option<usize>,
    /// Refuse to keep more solutions than this (a guard against runaway counts).
    pub max_solutions: usize,
    /// Two solutions are one when they agree to this, relative to $1 + \|x\|_\infty$.
    pub dedup_tolerance: f64,
    /// Keep only solutions with every coordinate non-zero (relative modulus above
    /// `dedup_tolerance`): for a component of the incidence variety inside the torus,
    /// an endpoint with a zero coordinate lies on another component and can only come
    /// from a path jump; it is counted as failed.
    pub torus_only: bool,
    /// The path tracker.
    pub tracker: TrackerOptions,
    /// A faster `f64` evaluator of the family for the loops' parameter homotopies
    /// ([`ParameterHomotopy::with_fast_evaluator`]); `None`: the sparse evaluator.
    pub fast_evaluator: Option<std::sync::Arc<dyn crate::parameter::FamilyEvaluator>>,
}

impl Default for MonodromyOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            initial_nodes: 2,
            stall_nodes: 2,
            max_nodes: 12,
            target: None,
            max_solutions: 10_000_000,
            dedup_tolerance: 1e-7,
            torus_only: false,
            tracker: TrackerOptions::default(),
            fast_evaluator: None,
        }
    }
}

/// Why [`monodromy_solve`] stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonodromyStop {
    /// `stall_nodes` node additions in a row found nothing new.
    Stalled,
    /// The target count was reached.
    Target,
    /// `max_nodes` nodes were used.
    MaxNodes,
}

/// The outcome of [`monodromy_solve`].
#[derive(Clone, Debug)]
pub struct MonodromyResult {
    /// The base parameters $p_0$.
    pub parameters: Vec<Complex64>,
    /// The distinct solutions of $F(x; p_0) = 0$ found.
    pub solutions: Vec<Vec<Complex64>>,
    /// Nodes used, the base included.
    pub nodes: usize,
    /// Number of solutions at the base after each round of tracking.
    pub history: Vec<usize>,
    /// Paths tracked (one per solution and edge).
    pub paths_tracked: u64,
    /// Paths that failed or ended off the component (reported; harmless to the
    /// result when other loops reach the same solutions).
    pub failed_paths: u64,
    /// Why the loop ended.
    pub stop: MonodromyStop,
}

/// Whether two points agree to `tol` relative to $1 + \|a\|_\infty$ in every coordinate
/// (the deduplication rule of the monodromy and parameter solves).
pub fn same_point(a: &[Complex64], b: &[Complex64], tol: f64) -> bool {
    let s = 1.0 + a.iter().fold(0.0f64, |m, z| m.max(z.norm()));
    a.iter().zip(b).all(|(u, v)| (u - v).norm() <= tol * s)
}

/// Whether no coordinate of `x` is zero to `tol` relative to $1 + \|x\|_\infty$ (the
/// torus test of [`MonodromyOptions::torus_only`]).
pub fn in_torus(x: &[Complex64], tol: f64) -> bool {
    let s = 1.0 + x.iter().fold(0.0f64, |m, z| m.max(z.norm()));
    x.iter().all(|z| z.norm() > tol * s)
}

/// Tracks the affine point `y` along `h` from $t = 1$ to $t = 0$ and refines it there;
/// `None` when tracking fails, the endpoint is at infinity or Newton does not confirm
/// it. Newton at $t = 0$ runs at the precision the path ended in and, when that does
/// not confirm the point, once more at the precision [`amp_criteria`] asks for the
/// condition number $\kappa$ there (so nearly singular targets, such as a tiny
/// regularization, are confirmed rather than dropped); it must reach a last update of
/// $\max(10^{-12}, 64 \cdot 2^{-b}\kappa)$ relative at precision $b$, with
/// $\kappa 2^{-b} \le 10^{-4}$; an endpoint confirmed with $\kappa 2^{-b} > 10^{-8}$ is
/// then polished by Newton at the precision that gives it to about $10^{-14}$. For
/// generic start and target parameters, where every path
/// ends at a nonsingular point; use an endgame otherwise.
pub fn track_generic(
    h: &ParameterHomotopy,
    options: &TrackerOptions,
    y: &[Complex64],
    stats: &mut TrackStats,
) -> Option<Vec<Complex64>> {
    let n = h.affine_nvars();
    let tracker = Tracker::new(h, options.clone());
    let mut ws = h.workspace();
    let mut x = Point::F64(h.to_chart(y));
    let mut step = options.initial_step;
    tracker.refine(&mut ws, &mut x, Complex64::new(1.0, 0.0), 3, 1e-14);
    tracker
        .track(&mut ws, &mut x, &Segment::real(1.0, 0.0), &mut step, stats)
        .ok()?;
    // Newton at t = 0: at precision 2^-b the last update cannot fall below about
    // 2^-b cond, so that is the convergence test (not a fixed 1e-13, which
    // well-conditioned but not perfectly scaled endpoints never reach)
    let zero = Complex64::default();
    let mut c = tracker.refine(&mut ws, &mut x, zero, 8, 1e-12);
    let reachable = |bits: u32, cond: f64| 1e-12f64.max(64.0 * 2f64.powi(-(bits as i32)) * cond);
    let confirmed = |x: &Point, c: &Correction| {
        c.cond.is_finite()
            && c.cond * 2f64.powi(-(x.bits() as i32)) <= CONFIRM_MAX_COND_EPS
            && (c.converged || c.last <= reachable(x.bits(), c.cond))
    };
    if !confirmed(&x, &c) && c.cond.is_finite() && options.amp.enabled {
        // an ill-conditioned endpoint (a nearly singular target, e.g. a tiny
        // regularization) is confirmed at the precision its condition number asks for
        let bits = ladder_bits(amp_criteria(c.cond, 1e-12, &options.amp));
        if bits <= options.amp.max_bits && bits > x.bits() {
            x = x.at_bits(bits);
            stats.max_bits = stats.max_bits.max(bits);
            c = tracker.refine(&mut ws, &mut x, zero, 8, 1e-12);
        }
    }
    if !confirmed(&x, &c) {
        return None;
    }
    if options.amp.enabled && c.cond * 2f64.powi(-(x.bits() as i32)) > POLISH_COND_EPS {
        // confirmed, but known only to about 2^-b κ relative (widths 2,3,2, m = 2,
        // seed 5: κ ≈ 1e12, so 1e-3 in f64, and `certify` found the true point that far
        // away): polished at the precision that gives it to about 1e-14, so the
        // returned point is accurate rather than merely distinguishable
        let bits = ladder_bits(amp_criteria(c.cond, 1e-14, &options.amp));
        if bits <= options.amp.max_bits && bits > x.bits() {
            let mut polished = x.at_bits(bits);
            let cp = tracker.refine(&mut ws, &mut polished, zero, 8, 1e-14);
            if confirmed(&polished, &cp) {
                stats.max_bits = stats.max_bits.max(bits);
                x = polished;
            }
        }
    }
    let x = x.to_c64();
    let scale = x.iter().fold(0.0f64, |m, z| m.max(z.norm()));
    if x[n].norm() <= 1e-8 * scale {
        return None;
    }
    let out: Vec<Complex64> = x[..n].iter().map(|z| z / x[n]).collect();
    out.iter()
        .all(|z| z.re.is_finite() && z.im.is_finite())
        .then_some(out)
}

/// Largest $\kappa \cdot 2^{-b}$ (condition number times the unit roundoff of the
/// working precision) at which [`track_generic`] accepts an endpoint: the point is
/// then known to about $10^{-4}$ relative at worst, enough to tell it from the others.
const CONFIRM_MAX_COND_EPS: f64 = 1e-4;

/// Largest $\kappa \cdot 2^{-b}$ at which [`track_generic`] returns an endpoint without
/// polishing it at a higher precision.
const POLISH_COND_EPS: f64 = 1e-8;

/// A set of points without repetitions under [`same_point`] at a fixed tolerance, with
/// insertion in $O(\log n)$ comparisons for well-separated points instead of a scan of
/// all $n$ (the scan made the serial bookkeeping of widths 2,3,3, m = 2 — 8,825 points,
/// 158,110 paths — cost about a tenth of the whole monodromy solve).
///
/// The points are kept sorted by the key $k(y) = \mathrm{Re} \sum_i c_i y_i$ for fixed
/// weights $c_i$. If `same_point(s, y, tol)`, then $|s_i - y_i| \le \mathrm{tol}\,(1 +
/// \|s\|_\infty)$ and $1 + \|s\|_\infty \le (1 + \|y\|_\infty)/(1 - \mathrm{tol})$, so
/// $|k(s) - k(y)| \le \sum_i |c_i| \cdot \mathrm{tol}\,(1 + \|y\|_\infty)/(1 -
/// \mathrm{tol})$: only the points with a key in that window around $k(y)$ are compared.
#[derive(Clone, Debug, Default)]
pub(crate) struct PointSet {
    points: Vec<Vec<Complex64>>,
    /// `(key, index into points)`, sorted by key.
    order: Vec<(f64, usize)>,
    tol: f64,
}

impl PointSet {
    /// An empty set with the [`same_point`] tolerance `tol` ($< 1/2$).
    pub(crate) fn new(tol: f64) -> Self {
        assert!((0.0..0.5).contains(&tol), "tolerance {tol} out of range");
        Self {
            points: Vec::new(),
            order: Vec::new(),
            tol,
        }
    }

    /// The weight $c_i$ of coordinate `i`: fixed, generic, of modulus 1.
    fn weight(i: usize) -> Complex64 {
        // the golden angle times i + 1: no two weights alike, none real
        Complex64::from_polar(1.0, 2.399_963_229_728_653 * (i + 1) as f64)
    }

    fn key(y: &[Complex64]) -> f64 {
        y.iter()
            .enumerate()
            .map(|(i, z)| (Self::weight(i) * z).re)
            .sum()
    }

    /// Inserts `y` unless a point already in the set is [`same_point`]`(s, y, tol)`;
    /// returns whether it was new.
    pub(crate) fn insert(&mut self, y: Vec<Complex64>) -> bool {
        let key = Self::key(&y);
        let sup = y.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        let len = y.len() as f64;
        // the window of the type documentation, widened by the rounding of the keys
        let radius =
            1.01 * len * self.tol * (1.0 + sup) / (1.0 - self.tol) + 1e-12 * len * (1.0 + sup);
        let lo = self.order.partition_point(|o| o.0 < key - radius);
        let duplicate = self.order[lo..]
            .iter()
            .take_while(|o| o.0 <= key + radius)
            .any(|o| same_point(&self.points[o.1], &y, self.tol));
        if duplicate {
            return false;
        }
        let at = self.order.partition_point(|o| o.0 < key);
        self.order.insert(at, (key, self.points.len()));
        self.points.push(y);
        true
    }

    /// The number of points.
    pub(crate) fn len(&self) -> usize {
        self.points.len()
    }

    /// The points, in the order they were inserted.
    pub(crate) fn points(&self) -> &[Vec<Complex64>] {
        &self.points
    }

    /// The points, in the order they were inserted.
    pub(crate) fn into_points(self) -> Vec<Vec<Complex64>> {
        self.points
    }
}

/// All solutions of $F(x; p_0) = 0$ reachable by monodromy from `start` (solutions at
/// `base` $= p_0$) in the family `family` (last `base.len()` variables are parameters);
/// see the module documentation for the graph of loops and the stopping rule.
///
/// ```
/// use homotopy::{monodromy_solve, MonodromyOptions};
/// use num_complex::Complex64;
/// // x^3 = p: one cube root generates all three
/// let family = poly::parse_phc("1\n x^3 - p;").unwrap();
/// let p0 = [Complex64::new(8.0, 0.0)];
/// let r = monodromy_solve(&family, &p0, vec![vec![Complex64::new(2.0, 0.0)]],
///                         &MonodromyOptions::default()).unwrap();
/// assert_eq!(r.solutions.len(), 3);
/// ```
///
/// # Errors
/// When the family and the parameters do not fit (see [`ParameterHomotopy::new`]), a
/// start point has the wrong length, or the count exceeds `max_solutions`.
pub fn monodromy_solve(
    family: &System,
    base: &[Complex64],
    start: Vec<Vec<Complex64>>,
    options: &MonodromyOptions,
) -> Result<MonodromyResult, ParameterError> {
    let k = base.len();
    let n = family.nvars().saturating_sub(k);
    if let Some(bad) = start.iter().find(|y| y.len() != n) {
        return Err(ParameterError(format!(
            "a start solution has {} coordinates, the family {n} unknowns",
            bad.len()
        )));
    }
    let tol = options.dedup_tolerance;
    let off_component = |y: &[Complex64]| options.torus_only && !in_torus(y, tol);
    let mut rng = poly::Rng::new(options.seed);
    let mut params: Vec<Vec<Complex64>> = vec![base.to_vec()];
    let mut sols: Vec<PointSet> = vec![PointSet::new(tol)];
    // done[node][edge target]: how many of sols[node] were tracked along node -> target
    let mut done: Vec<Vec<usize>> = vec![vec![0]];
    let mut edges: Vec<Vec<Option<ParameterHomotopy>>> = vec![vec![None]];
    for y in start {
        sols[0].insert(y);
    }
    let mut result = MonodromyResult {
        parameters: base.to_vec(),
        solutions: Vec::new(),
        nodes: 1,
        history: Vec::new(),
        paths_tracked: 0,
        failed_paths: 0,
        stop: MonodromyStop::MaxNodes,
    };
    let mut stalled = 0;
    let mut at_extension = sols[0].len();
    let mut add_node = |params: &mut Vec<Vec<Complex64>>,
                        sols: &mut Vec<PointSet>,
                        done: &mut Vec<Vec<usize>>,
                        edges: &mut Vec<Vec<Option<ParameterHomotopy>>>|
     -> Result<(), ParameterError> {
        let p: Vec<Complex64> = (0..k).map(|_| rng.complex_normal()).collect();
        let m = params.len();
        params.push(p);
        sols.push(PointSet::new(tol));
        for row in done.iter_mut() {
            row.push(0);
        }
        done.push(vec![0; m + 1]);
        for row in edges.iter_mut() {
            row.push(None);
        }
        edges.push((0..=m).map(|_| None).collect());
        for a in 0..=m {
            if a != m {
                edges[a][m] = Some(
                    ParameterHomotopy::new(family, &params[a], &params[m], &mut rng)?
                        .with_fast_evaluator(options.fast_evaluator.clone()),
                );
                edges[m][a] = Some(
                    ParameterHomotopy::new(family, &params[m], &params[a], &mut rng)?
                        .with_fast_evaluator(options.fast_evaluator.clone()),
                );
            }
        }
        Ok(())
    };
    for _ in 0..options.initial_nodes.max(1) {
        add_node(&mut params, &mut sols, &mut done, &mut edges)?;
    }
    loop {
        if options.target.is_some_and(|t| sols[0].len() >= t) {
            result.stop = MonodromyStop::Target;
            break;
        }
        // one round: every (node, solution, edge) not yet tracked
        let mut tasks: Vec<(usize, usize, usize)> = Vec::new();
        for (a, row) in done.iter_mut().enumerate() {
            let known = sols[a].len();
            for (b, tracked) in row.iter_mut().enumerate() {
                if a != b {
                    tasks.extend((*tracked..known).map(|i| (a, b, i)));
                    *tracked = known;
                }
            }
        }
        if tasks.is_empty() {
            // closed under this graph's loops: extend it, or stop
            if sols[0].len() > at_extension {
                stalled = 0;
            } else {
                stalled += 1;
            }
            at_extension = sols[0].len();
            if stalled >= options.stall_nodes {
                result.stop = MonodromyStop::Stalled;
                break;
            }
            if params.len() >= options.max_nodes {
                result.stop = MonodromyStop::MaxNodes;
                break;
            }
            add_node(&mut params, &mut sols, &mut done, &mut edges)?;
            continue;
        }
        let ends: Vec<Option<Vec<Complex64>>> = tasks
            .par_iter()
            .map(|&(a, b, i)| {
                let h = edges[a][b]
                    .as_ref()
                    .expect("an edge between distinct nodes");
                track_generic(
                    h,
                    &options.tracker,
                    &sols[a].points()[i],
                    &mut TrackStats::default(),
                )
            })
            .collect();
        result.paths_tracked += tasks.len() as u64;
        for (&(_, b, _), end) in tasks.iter().zip(ends) {
            match end {
                Some(y) if !off_component(&y) => {
                    sols[b].insert(y);
                }
                _ => result.failed_paths += 1,
            }
        }
        result.history.push(sols[0].len());
        if sols.iter().any(|s| s.len() > options.max_solutions) {
            return Err(ParameterError(format!(
                "more than {} solutions found (max_solutions)",
                options.max_solutions
            )));
        }
    }
    result.nodes = params.len();
    result.solutions = std::mem::take(&mut sols[0]).into_points();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    #[test]
    fn point_set_keeps_what_a_scan_of_all_points_keeps() {
        let mut rng = poly::Rng::new(5);
        for &tol in &[1e-7, 1e-3] {
            let mut set = PointSet::new(tol);
            let mut scan: Vec<Vec<Complex64>> = Vec::new();
            let mut base: Vec<Vec<Complex64>> = Vec::new();
            for k in 0..3000 {
                // fresh points at scales 1e-3 to 1e6, near-copies just inside and just
                // outside the tolerance, and points that share all but one coordinate
                let y: Vec<Complex64> = if k % 3 == 0 || base.is_empty() {
                    let scale = 10f64.powi((k % 10) as i32 - 3);
                    (0..4).map(|_| rng.complex_normal() * scale).collect()
                } else {
                    let b = &base[k % base.len()];
                    let s = 1.0 + b.iter().fold(0.0f64, |m, z| m.max(z.norm()));
                    let f = [0.3, 0.9, 1.1, 3.0][k % 4] * tol * s;
                    let mut y = b.clone();
                    let i = k % 4;
                    y[i] += Complex64::from_polar(f, k as f64);
                    y
                };
                let fresh = !scan.iter().any(|s| same_point(s, &y, tol));
                if fresh {
                    scan.push(y.clone());
                }
                assert_eq!(set.insert(y.clone()), fresh, "point {k}");
                base.push(y);
            }
            assert_eq!(set.points(), &scan[..]);
            assert!(set.len() > 500 && set.len() < 3000, "{} kept", set.len());
        }
    }

    /// $x^2 + y^2 = p_1$, $xy = p_2$: 4 solutions for generic $p$; one known solution
    /// generates all of them.
    #[test]
    fn a_circle_and_a_hyperbola_give_four_points() {
        let family = poly::parse_phc("2\n x^2 + y^2 - p1;\n x*y - p2;").unwrap();
        let (x, y) = (c(0.7, -0.2), c(-0.4, 1.1));
        let base = [x * x + y * y, x * y];
        let r = monodromy_solve(
            &family,
            &base,
            vec![vec![x, y]],
            &MonodromyOptions {
                seed: 3,
                ..MonodromyOptions::default()
            },
        )
        .unwrap();
        assert_eq!(r.solutions.len(), 4, "{r:?}");
        assert_eq!(r.stop, MonodromyStop::Stalled);
        for s in &r.solutions {
            assert!((s[0] * s[0] + s[1] * s[1] - base[0]).norm() < 1e-10);
            assert!((s[0] * s[1] - base[1]).norm() < 1e-10);
        }
        // the target stops the loops early
        let t = monodromy_solve(
            &family,
            &base,
            vec![vec![x, y]],
            &MonodromyOptions {
                seed: 3,
                target: Some(4),
                ..MonodromyOptions::default()
            },
        )
        .unwrap();
        assert_eq!((t.solutions.len(), t.stop), (4, MonodromyStop::Target));
        assert!(t.paths_tracked < r.paths_tracked);
    }

    #[test]
    fn same_seed_same_result_and_bad_starts_are_refused() {
        let family = poly::parse_phc("1\n x^5 - p*x - 1;").unwrap();
        let x = c(1.1, 0.3);
        let base = [(x.powi(5) - 1.0) / x];
        let run = || {
            monodromy_solve(&family, &base, vec![vec![x]], &MonodromyOptions::default()).unwrap()
        };
        let (a, b) = (run(), run());
        assert_eq!(a.solutions.len(), 5);
        assert_eq!(a.solutions, b.solutions);
        assert_eq!(a.history, b.history);
        assert!(monodromy_solve(
            &family,
            &base,
            vec![vec![x, x]],
            &MonodromyOptions::default()
        )
        .is_err());
    }
}
