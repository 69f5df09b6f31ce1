//! The polyhedral homotopy of Huber and Sturmfels: as many paths as the BKK bound.
//!
//! (B. Huber, B. Sturmfels, *A polyhedral method for solving sparse polynomial
//! systems*, Math. Comp. 64 (1995); T. Y. Li, X. Wang, *The BKK root count in
//! $\mathbb{C}^n$*, Math. Comp. 65 (1996).)
//!
//! To solve $F = 0$ with supports $A_1, \dots, A_n$:
//!
//! 1. **Start system.** $G_i = \sum_{a \in A_i'} c_{i,a} x^a$ with seeded random complex
//!    coefficients, on $A_i' = A_i$ ([`Space::Torus`]: roots in $(\mathbb{C}^*)^n$) or
//!    $A_i' = A_i \cup \{0\}$ ([`Space::Affine`], the Li–Wang construction: every
//!    isolated root of $F$ in $\mathbb{C}^n$ is reached). For generic $c$, $G$ has exactly
//!    $MV(A_1', \dots, A_n')$ roots, all simple and in the torus.
//! 2. **Stage 1: the roots of $G$.** A seeded random lifting $w$ induces a regular fine
//!    mixed subdivision ([`polytope::mixed_cells`]). Each mixed cell with inner normal
//!    $\gamma$ and points $\{a_i, b_i\}$ gives the binomial system
//!    $c_{i,a_i} x^{a_i} + c_{i,b_i} x^{b_i} = 0$, i.e.
//!    $x^{b_i - a_i} = -c_{i,a_i}/c_{i,b_i}$, with $|\det(b_i - a_i)|$ = `volume`
//!    solutions, computed exactly through a unimodular diagonalization (`binomial`).
//!    Each is continued along the lifted homotopy $H_i(y,t) = \sum_a c_{i,a} y^a
//!    t^{\langle a,\gamma\rangle + w_i(a) - \beta_i}$ from $t \approx 0$ to $t = 1$,
//!    where $y$ is a root of $G$ (`toric`: exponents normalized, started from a
//!    Newton-corrected binomial root at a small $t_0$, tracked uniformly in
//!    $\log(\log t / \log t_0)$ in the unknowns $\log y$). The roots of $G$ over all
//!    cells are distinct; coinciding endpoints are retracked with a tighter tracker and
//!    reported as failed if they still coincide.
//! 3. **Stage 2: from $G$ to $F$.** The coefficient-parameter straight-line homotopy
//!    $(1-t)F + \gamma t G$ (a [`StraightLine`] on a random projective chart, random
//!    $\gamma$) with the [`EndgameTracker`] from every root of $G$, and the
//!    classification of [`crate::solve()`] (nonsingular, singular, at infinity, failed;
//!    deduplication; real and torus flags; retracking of path jumps).
//!
//! Every start path has one [`PathResult`]; a stage-1 failure is a failed path. Paths
//! run in parallel (rayon) and every random choice derives from the seed, so the
//! result does not depend on the number of threads.
//!
//! ```
//! use homotopy::polyhedral::{solve, PolyhedralOptions, Space};
//! // x^2 y + 1 = 0, x y^2 - 2 = 0: 3 roots, all in the torus; total degree would be 9
//! let f = poly::parse_phc("2\n x^2*y + 1;\n x*y^2 - 2;").unwrap();
//! let o = PolyhedralOptions { space: Space::Torus, ..PolyhedralOptions::default() };
//! let r = solve(&f, &o).unwrap();
//! assert_eq!(r.paths_tracked, 3);
//! assert_eq!(r.counts.nonsingular, 3);
//! assert_eq!(r.counts.failed, 0);
//! ```

pub mod binomial;
pub mod toric;

use crate::endgame::{EndgameOutcome, EndgameTracker};
use crate::field::{inverse_norm, lu_factor, lu_solve, matrix_norm_inf, norm_inf, Field};
use crate::homotopy::{Homotopy, StraightLine};
use crate::solve::{
    Counts, PathResult, PathStatus, Solution, SolveError, SolveOptions, SolveResult,
};
use crate::tracker::{Point, Segment, TrackStats, Tracker, TrackerOptions};
use binomial::BinomialSystem;
use num_complex::Complex64;
use poly::{Evaluator, MpEvaluator, System};
use rayon::prelude::*;
use rug::Complex;
use toric::{CellExponents, CellHomotopy, Piece, StartSystem};

/// Where the roots are sought.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    /// $\mathbb{C}^n$: the origin is added to every support lacking it (Li–Wang).
    Affine,
    /// $(\mathbb{C}^*)^n$: the supports of $F$ as they are (roots with a zero coordinate
    /// may be missed, or found only by chance).
    Torus,
}

/// Settings of the polyhedral [`solve`].
#[derive(Clone, Debug)]
pub struct PolyhedralOptions {
    /// $\mathbb{C}^n$ or the torus.
    pub space: Space,
    /// Seed, stage-2 tracker, endgame, classification tolerances and `max_paths`
    /// (exactly as for [`crate::solve()`]); the seed also draws the start coefficients
    /// and the lifting.
    pub solve: SolveOptions,
    /// The tracker of stage 1 (parameter $\tau = \log t / s_0 \in [0, 1]$).
    pub stage1: TrackerOptions,
    /// $\delta$: at the start $s_0$ of a cell the other terms are at most $\delta$ times
    /// the cell's terms at the binomial roots.
    pub start_perturbation: f64,
}

impl Default for PolyhedralOptions {
    fn default() -> Self {
        let stage1 = TrackerOptions {
            min_step: 1e-15,
            max_steps: 50_000,
            ..TrackerOptions::default()
        };
        Self {
            space: Space::Affine,
            solve: SolveOptions::default(),
            stage1,
            start_perturbation: 1e-10,
        }
    }
}

/// One mixed cell prepared for tracking.
#[derive(Debug)]
pub struct PreparedCell {
    /// The exponents of the cell's homotopy.
    pub exponents: CellExponents,
    /// The binomial start system and its roots.
    pub binomial: BinomialSystem,
    /// $s_0 = \log t_0$.
    pub s0: f64,
    /// Index of the cell's first path.
    pub first_path: u64,
}

/// The polyhedral start: the random system $G$, its mixed cells and their binomial
/// systems.
#[derive(Debug)]
pub struct PolyhedralStart {
    /// The supports of $G$ ($F$'s, with the origin in [`Space::Affine`]).
    pub supports: Vec<Vec<Vec<u32>>>,
    /// $G$ with its coefficients.
    pub start: StartSystem,
    /// $G$ as a polynomial system.
    pub system: System,
    /// The prepared cells (in the order of [`polytope::mixed_cells`]).
    pub cells: Vec<PreparedCell>,
    /// $MV$ of the supports of $G$ = the number of start paths.
    pub mixed_volume: u64,
}

/// The outcome of one stage-1 path: a root of $G$ or the reason it was not reached.
#[derive(Clone, Debug)]
pub struct StartRoot {
    /// The global path index.
    pub path: u64,
    /// The root of $G$ (`Err`: why tracking failed).
    pub root: Result<Vec<Complex64>, String>,
    /// The tracker's counters.
    pub stats: TrackStats,
}

impl PolyhedralStart {
    /// Builds $G$ and the mixed cells of `system` (square, no zero equation).
    pub fn new(
        system: &System,
        space: Space,
        seed: u64,
        start_perturbation: f64,
    ) -> Result<Self, SolveError> {
        let raw = polytope::system_supports(system).map_err(|e| SolveError(e.to_string()))?;
        let supports = match space {
            Space::Affine => polytope::with_origin(&raw),
            Space::Torus => raw,
        };
        let mut rng = poly::Rng::substream(seed, 1);
        let start = StartSystem::random(&supports, &mut rng);
        let lifting_seed = poly::Rng::substream(seed, 2).next_u64();
        let sub = polytope::mixed_cells(&supports, lifting_seed)
            .map_err(|e| SolveError(format!("mixed cells: {e}")))?;
        let mixed_volume = sub
            .mixed_volume
            .to_u64()
            .filter(|&v| v < 1u64 << 40)
            .ok_or_else(|| SolveError(format!("mixed volume {} too large", sub.mixed_volume)))?;
        let mut first = 0u64;
        let mut cells = Vec::with_capacity(sub.cells.len());
        for cell in &sub.cells {
            let exponents =
                CellExponents::new(&supports, &sub.lifting, cell).map_err(SolveError)?;
            let v: Vec<Vec<i64>> = cell
                .indices
                .iter()
                .zip(&supports)
                .map(|(&[a, b], s)| {
                    s[b].iter()
                        .zip(&s[a])
                        .map(|(&x, &y)| i64::from(x) - i64::from(y))
                        .collect()
                })
                .collect();
            let r: Vec<Complex64> = cell
                .indices
                .iter()
                .zip(&start.equations)
                .map(|(&[a, b], eq)| -eq[a].coefficient / eq[b].coefficient)
                .collect();
            let binomial =
                BinomialSystem::new(&v, &r).map_err(|e| SolveError(format!("mixed cell: {e}")))?;
            if cell.volume != binomial.count() {
                return Err(SolveError(format!(
                    "mixed cell volume {} differs from its determinant {}",
                    cell.volume,
                    binomial.count()
                )));
            }
            let s0 = CellHomotopy::start_parameter(
                &start,
                &exponents,
                binomial.log_modulus(),
                start_perturbation,
            );
            if !(s0.is_finite() && s0 < 0.0) {
                return Err(SolveError(format!("mixed cell: bad start parameter {s0}")));
            }
            cells.push(PreparedCell {
                exponents,
                binomial,
                s0,
                first_path: first,
            });
            first += cells.last().map_or(0, |c| c.binomial.count());
        }
        if first != mixed_volume {
            return Err(SolveError(format!(
                "cell volumes sum to {first}, mixed volume is {mixed_volume}"
            )));
        }
        let system_g = start.system(system.variables());
        Ok(Self {
            supports,
            start,
            system: system_g,
            cells,
            mixed_volume,
        })
    }

    /// (cell, index within the cell) of global path `path`.
    fn locate(&self, path: u64) -> (usize, u64) {
        let c = self.cells.partition_point(|c| c.first_path <= path) - 1;
        (c, path - self.cells[c].first_path)
    }

    /// Stage 1 for one path, in the logarithmic unknowns $z = \log y$ of
    /// [`CellHomotopy`]: the binomial root, Newton at $s_0$, tracking uniformly in
    /// $\log\tau$ ([`Piece::Log`]) down to $\tau_{end} = 10^{-10}/(|s_0|\max\hat e)$, where
    /// every factor $e^{s_0\tau\hat e}$ is within $10^{-10}$ of 1, then Newton at
    /// $\tau = 0$ (or, should that not converge, tracking linearly to 0), and
    /// $y = e^z$.
    pub fn track_path(&self, path: u64, options: &TrackerOptions) -> StartRoot {
        let (c, k) = self.locate(path);
        let mut stats = TrackStats::default();
        let root = self.track_cell_root(c, self.cells[c].binomial.solution(k), options, &mut stats);
        StartRoot { path, root, stats }
    }

    fn track_cell_root(
        &self,
        c: usize,
        y0: Vec<Complex64>,
        options: &TrackerOptions,
        stats: &mut TrackStats,
    ) -> Result<Vec<Complex64>, String> {
        let cell = &self.cells[c];
        let s0 = cell.s0;
        let wmax = cell
            .exponents
            .weights
            .iter()
            .flatten()
            .fold(0.0f64, |m, &w| m.max(w));
        let one = Complex64::new(1.0, 0.0);
        let zero = Complex64::default();
        let z0: Vec<Complex64> = y0.iter().map(|y| y.ln()).collect();
        let mut x = Point::F64(z0.clone());
        let end = (1e-10 / (-s0 * wmax)).ln();
        let first = if wmax > 0.0 && end < 0.0 {
            Piece::Log { from: 0.0, to: end }
        } else {
            Piece::Linear { from: 1.0 }
        };
        let h = CellHomotopy::piece(&self.start, &cell.exponents, s0, first);
        let tracker = Tracker::new(&h, options.clone());
        let mut ws = h.workspace();
        // the binomial root solves H at s0 up to delta: correct it, without leaving it
        let corr = tracker.refine(&mut ws, &mut x, one, 8, 1e-14);
        let moved = x
            .to_c64()
            .iter()
            .zip(&z0)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).norm()));
        if !corr.converged || moved > 1e-4 {
            return Err(format!(
                "stage 1 (cell {c}): Newton at the start (s0 = {s0:.2}) did not converge \
                 near the binomial root"
            ));
        }
        let mut step = options.initial_step;
        tracker
            .track(&mut ws, &mut x, &Segment::real(1.0, 0.0), &mut step, stats)
            .map_err(|r| format!("stage 1 (cell {c}): {r}"))?;
        let finish = |tracker: &Tracker<CellHomotopy>,
                      ws: &mut <CellHomotopy as Homotopy>::Workspace,
                      x: &mut Point| {
            let corr = tracker.refine(ws, x, zero, 6, 1e-14);
            // converged, or stalled at the rounding level of an ill-conditioned root
            corr.converged || corr.last <= 1e-10
        };
        if let Piece::Log { to, .. } = first {
            // the rest, tau in [tau_end, 0], changes every term by less than 1e-10
            let h = CellHomotopy::piece(
                &self.start,
                &cell.exponents,
                s0,
                Piece::Linear { from: to.exp() },
            );
            let tracker = Tracker::new(&h, options.clone());
            let saved = x.clone();
            if !finish(&tracker, &mut ws, &mut x) {
                x = saved;
                let mut step = options.initial_step;
                tracker
                    .track(&mut ws, &mut x, &Segment::real(1.0, 0.0), &mut step, stats)
                    .map_err(|r| format!("stage 1 (cell {c}, last piece): {r}"))?;
                if !finish(&tracker, &mut ws, &mut x) {
                    return Err(format!(
                        "stage 1 (cell {c}): Newton on the start system did not converge"
                    ));
                }
            }
        } else if !finish(&tracker, &mut ws, &mut x) {
            return Err(format!(
                "stage 1 (cell {c}): Newton on the start system did not converge"
            ));
        }
        let y: Vec<Complex64> = x.to_c64().iter().map(|z| z.exp()).collect();
        if y.iter().all(|v| v.re.is_finite() && v.im.is_finite()) {
            Ok(y)
        } else {
            Err(format!("stage 1 (cell {c}): non-finite root"))
        }
    }

    /// Stage 1 for the first `count` paths in parallel, with coinciding roots retracked
    /// by a tighter tracker and, if they still coincide, failed (all but the first).
    pub fn start_roots(
        &self,
        count: u64,
        options: &TrackerOptions,
        tolerance: f64,
    ) -> Vec<StartRoot> {
        let mut roots: Vec<StartRoot> = (0..count)
            .into_par_iter()
            .map(|p| self.track_path(p, options))
            .collect();
        let groups = coincident(&roots, tolerance);
        if groups.is_empty() {
            return roots;
        }
        let tight = tighten(options);
        let suspects: Vec<u64> = groups.iter().flatten().copied().collect();
        let redone: Vec<StartRoot> = suspects
            .par_iter()
            .map(|&p| self.track_path(p, &tight))
            .collect();
        for r in redone {
            let i = r.path as usize;
            roots[i] = r;
        }
        for g in coincident(&roots, tolerance) {
            for &p in &g[1..] {
                roots[p as usize].root = Err(format!(
                    "stage 1: reached the same root of the start system as path {} (path jumping)",
                    g[0]
                ));
            }
        }
        roots
    }
}

/// A tighter tracker for retracking suspected path jumps (as [`crate::solve()`] does).
fn tighten(options: &TrackerOptions) -> TrackerOptions {
    let mut tight = options.clone();
    tight.max_step = options.max_step / 10.0;
    tight.target_update = options.target_update / 100.0;
    tight.max_first_update = options.max_first_update / 10.0;
    tight
}

/// Groups (of size ≥ 2, sorted) of stage-1 roots within relative distance `tolerance`.
fn coincident(roots: &[StartRoot], tolerance: f64) -> Vec<Vec<u64>> {
    // sort by the first coordinate's real part, compare neighbours within the window
    let mut ok: Vec<(u64, &Vec<Complex64>)> = roots
        .iter()
        .filter_map(|r| r.root.as_ref().ok().map(|y| (r.path, y)))
        .collect();
    ok.sort_by(|a, b| a.1[0].re.total_cmp(&b.1[0].re));
    let mut parent: Vec<usize> = (0..ok.len()).collect();
    fn find(p: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // two points can only be close if their first coordinates are within this
    let window = tolerance * ok.iter().fold(1.0f64, |m, (_, y)| m.max(1.0 + norm_inf(y)));
    for i in 0..ok.len() {
        let yi = ok[i].1;
        let scale_i = 1.0 + norm_inf(yi);
        for (j, &(_, yj)) in ok.iter().enumerate().skip(i + 1) {
            if yj[0].re - yi[0].re > window {
                break;
            }
            let scale = scale_i.max(1.0 + norm_inf(yj));
            let close = yi
                .iter()
                .zip(yj)
                .all(|(a, b)| (a - b).norm() <= tolerance * scale);
            if close {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<u64>> = Default::default();
    for (i, &(path, _)) in ok.iter().enumerate() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(path);
    }
    groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_unstable();
            g
        })
        .collect()
}

/// Newton refinement of $y$ on $F$: f64 first, then 128-bit MPC if $\kappa > 10^6$.
/// Returns (refined y, converged, cond, residual). (Mirrors `solve.rs`.)
fn refine_affine(
    f: &Evaluator,
    system: &System,
    y0: &[Complex64],
) -> (Vec<Complex64>, bool, f64, f64) {
    let n = y0.len();
    let mut ws = f.workspace();
    let mut y = y0.to_vec();
    let mut fv = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * n];
    let mut piv = vec![0; n];
    let mut converged = false;
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
        for (yi, di) in y.iter_mut().zip(&fv) {
            *yi -= di;
        }
        if d <= 1e-11 * (1.0 + norm_inf(&y)) {
            converged = true;
            break;
        }
    }
    if cond > 1e6 && cond.is_finite() {
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
    (y, converged, cond, residual)
}

struct Stage2<'a> {
    system: &'a System,
    f: Evaluator,
    homotopy: StraightLine,
    options: &'a SolveOptions,
}

impl Stage2<'_> {
    /// Tracks the root `g_root` of $G$ (path `index`) to $F$ and classifies the
    /// endpoint exactly as `solve.rs` does.
    fn path(
        &self,
        index: u64,
        g_root: &[Complex64],
        tracker: &TrackerOptions,
        pre: &TrackStats,
    ) -> PathResult {
        let n = self.system.nvars();
        let eg = EndgameTracker::new(
            &self.homotopy,
            tracker.clone(),
            self.options.endgame.clone(),
        );
        let mut ws = self.homotopy.workspace();
        let mut stats = TrackStats::default();
        let x0 = self.homotopy.to_chart(g_root);
        let outcome = eg.track(&mut ws, &x0, &mut stats);
        let mut r = PathResult {
            path: index,
            status: PathStatus::AtInfinity,
            solution: None,
            projective: Vec::new(),
            winding_number: 1,
            valuation: None,
            cond: f64::INFINITY,
            residual: f64::INFINITY,
            steps: stats.steps + pre.steps,
            rejected_steps: stats.rejected + pre.rejected,
            max_precision_bits: stats.max_bits.max(pre.max_bits).max(53),
            escalations: stats.escalations + pre.escalations,
        };
        match outcome {
            EndgameOutcome::Failed { reason, x, t } => {
                r.status = PathStatus::Failed(if t.is_nan() {
                    format!("stage 2: {reason}")
                } else {
                    format!("stage 2: {reason} (t = {t:.2e})")
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
                let (refined, converged, cond, residual) = refine_affine(&self.f, self.system, &y);
                let stayed = refined
                    .iter()
                    .zip(&y)
                    .all(|(u, v)| (u - v).norm() <= 1e-4 * (1.0 + norm_inf(&y)));
                let converged = converged && stayed;
                let (y, cond, residual) = if stayed {
                    (refined, cond, residual)
                } else {
                    let mut ws = self.f.workspace();
                    let mut fv = vec![Complex64::default(); n];
                    self.f.evaluate(&y, &mut ws, &mut fv);
                    (y, f64::INFINITY, norm_inf(&fv))
                };
                r.cond = cond;
                r.residual = residual;
                let nonsingular = converged && cond <= self.options.singular_cond;
                if nonsingular {
                    r.winding_number = 1;
                }
                if !nonsingular && x0.norm() < self.options.singular_at_infinity_ratio * xn {
                    return r;
                }
                r.status = if nonsingular {
                    PathStatus::Nonsingular
                } else {
                    PathStatus::Singular
                };
                r.solution = Some(y);
            }
        }
        r
    }

    /// A failed stage-1 path as a [`PathResult`].
    fn failed(index: u64, reason: &str, stats: &TrackStats) -> PathResult {
        PathResult {
            path: index,
            status: PathStatus::Failed(reason.to_string()),
            solution: None,
            projective: Vec::new(),
            winding_number: 1,
            valuation: None,
            cond: f64::INFINITY,
            residual: f64::INFINITY,
            steps: stats.steps,
            rejected_steps: stats.rejected,
            max_precision_bits: stats.max_bits.max(53),
            escalations: stats.escalations,
        }
    }
}

/// Solves the square system `system` with the polyhedral homotopy (module docs): one
/// path per root of the random start system $G$, i.e. $MV$ paths (the Li–Wang count
/// in [`Space::Affine`]). The result has the shape and the classification of
/// [`crate::solve()`]'s, with `paths` in start-root order and stage-1 failures among the
/// failed paths.
pub fn solve(system: &System, options: &PolyhedralOptions) -> Result<SolveResult, SolveError> {
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
    let so = &options.solve;
    let start = PolyhedralStart::new(system, options.space, so.seed, options.start_perturbation)?;
    let total = start.mixed_volume;
    let count = so.max_paths.map_or(total, |m| m.min(total));
    let roots = start.start_roots(count, &options.stage1, so.dedup_tolerance.min(1e-8));
    let mut rng = poly::Rng::substream(so.seed, 3);
    let homotopy = StraightLine::new(system, &start.system, &mut rng);
    let ctx = Stage2 {
        system,
        f: Evaluator::new(system),
        homotopy,
        options: so,
    };
    let run = |i: u64, tracker: &TrackerOptions| -> PathResult {
        let r = &roots[i as usize];
        match &r.root {
            Ok(y) => ctx.path(i, y, tracker, &r.stats),
            Err(reason) => Stage2::failed(i, reason, &r.stats),
        }
    };
    let mut paths: Vec<PathResult> = (0..count)
        .into_par_iter()
        .map(|i| run(i, &so.tracker))
        .collect();
    let mut solutions = cluster(&paths, so);
    let suspects: Vec<u64> = solutions
        .iter()
        .filter(|s| !s.singular && s.paths.len() > 1)
        .flat_map(|s| s.paths.iter().copied())
        .collect();
    if !suspects.is_empty() {
        let tight = tighten(&so.tracker);
        let redone: Vec<PathResult> = suspects.par_iter().map(|&i| run(i, &tight)).collect();
        for p in redone {
            let i = p.path as usize;
            paths[i] = p;
        }
        solutions = cluster(&paths, so);
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
        seed: so.seed,
        gamma: ctx.homotopy.gamma(),
        paths_tracked: count,
        paths,
        solutions,
        counts,
    })
}

/// Groups finite endpoints into distinct solutions (mirrors `solve.rs`).
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
            s.x.iter()
                .zip(y)
                .all(|(u, v)| (u - v).norm() <= options.dedup_tolerance * scale)
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
