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
//!    $(1-t)F + \gamma t G$ (a [`StraightLine`](crate::StraightLine) on a random projective chart, random
//!    $\gamma$) with the [`EndgameTracker`](crate::EndgameTracker) from every root of $G$, and the
//!    classification of [`crate::solve()`] (nonsingular, singular, at infinity, failed;
//!    deduplication; real and torus flags; retracking of path jumps).
//!
//! Every start path has one [`PathResult`](crate::PathResult); a stage-1 failure is a failed path. Paths
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

use crate::field::norm_inf;
use crate::homotopy::Homotopy;
use crate::solve::{PathSolver, SolveError, SolveOptions, SolveResult, StartPoint};
use crate::tracker::{Point, Segment, TrackStats, Tracker, TrackerOptions};
use binomial::BinomialSystem;
use num_complex::Complex64;
use poly::System;
use rayon::prelude::*;
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
        // (converged, or stalled at the rounding level: with large lifting weights the
        // updates of widths 3,2,2,1, m = 1, cell 1032 stop at 1.2e-14, a move of 2e-11)
        let corr = tracker.refine(&mut ws, &mut x, one, 8, 1e-14);
        let moved = x
            .to_c64()
            .iter()
            .zip(&z0)
            .fold(0.0f64, |m, (a, b)| m.max((a - b).norm()));
        if !(corr.converged || corr.last <= 1e-12) || moved > 1e-4 {
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
        self.start_roots_in(0..count, options, tolerance)
    }

    /// [`start_roots`](Self::start_roots) for the paths `range` (a part of a long run):
    /// coinciding roots are looked for among these paths only.
    pub fn start_roots_in(
        &self,
        range: std::ops::Range<u64>,
        options: &TrackerOptions,
        tolerance: f64,
    ) -> Vec<StartRoot> {
        let first = range.start;
        let mut roots: Vec<StartRoot> = range
            .into_par_iter()
            .map(|p| self.track_path(p, options))
            .collect();
        let groups = coincident(&roots, tolerance);
        if groups.is_empty() {
            return roots;
        }
        let tight = options.tightened();
        let suspects: Vec<u64> = groups.iter().flatten().copied().collect();
        let redone: Vec<StartRoot> = suspects
            .par_iter()
            .map(|&p| self.track_path(p, &tight))
            .collect();
        for r in redone {
            let i = (r.path - first) as usize;
            roots[i] = r;
        }
        for g in coincident(&roots, tolerance) {
            for &p in &g[1..] {
                roots[(p - first) as usize].root = Err(format!(
                    "stage 1: reached the same root of the start system as path {} (path jumping)",
                    g[0]
                ));
            }
        }
        roots
    }
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

/// Solves the square system `system` with the polyhedral homotopy (module docs): one
/// path per root of the random start system $G$, i.e. $MV$ paths (the Li–Wang count
/// in [`Space::Affine`]). The result has the shape and the classification of
/// [`crate::solve()`]'s, with `paths` in start-root order and stage-1 failures among the
/// failed paths; a badly scaled system is scaled first, as there
/// ([`crate::SolveOptions::scaling`]).
pub fn solve(system: &System, options: &PolyhedralOptions) -> Result<SolveResult, SolveError> {
    crate::solve::check_input(system)?;
    crate::solve::with_scaling(system, options.solve.scaling, |f| {
        let so = &options.solve;
        let start = PolyhedralStart::new(f, options.space, so.seed, options.start_perturbation)?;
        solve_with_start(f, &start, options)
    })
}

/// [`solve`] with the start system and mixed cells already built (by
/// [`PolyhedralStart::new`] for `system`, `options.space`, `options.solve.seed` and
/// `options.start_perturbation`): the setup of a large system, timed or reused apart.
///
/// # Errors
/// As [`solve_from_roots`].
pub fn solve_with_start(
    system: &System,
    start: &PolyhedralStart,
    options: &PolyhedralOptions,
) -> Result<SolveResult, SolveError> {
    check_start(system, start)?;
    let so = &options.solve;
    let total = start.mixed_volume;
    let count = so.max_paths.map_or(total, |m| m.min(total));
    let roots = start.start_roots(count, &options.stage1, so.dedup_tolerance.min(1e-8));
    track_roots(system, start, &roots, options)
}

/// Stage 2 alone: tracks the roots of $G$ found by [`PolyhedralStart::start_roots`]
/// (one [`StartRoot`] per path, failed ones included, which become failed paths) to
/// `system`, with $\gamma$ and the chart drawn from `options.solve.seed`. One solve of
/// $G$ serves every system whose supports lie in $G$'s: each such system is a member
/// of the family of coefficients on $G$'s supports, of which $G$ is a generic member,
/// so every isolated root in $\mathbb C^n$ ([`Space::Affine`]) is reached by one of the
/// $MV$ paths. The solve of many instances with one support pattern tracks stage 1
/// once and $MV$ stage-2 paths per instance.
///
/// # Errors
/// When `system` is not square, has a support outside $G$'s (or another number of
/// unknowns), or `roots` are not the first paths of `start` in order.
pub fn solve_from_roots(
    system: &System,
    start: &PolyhedralStart,
    roots: &[StartRoot],
    options: &PolyhedralOptions,
) -> Result<SolveResult, SolveError> {
    check_start(system, start)?;
    if roots.len() as u64 > start.mixed_volume
        || roots.iter().enumerate().any(|(i, r)| r.path != i as u64)
    {
        return Err(SolveError(format!(
            "the start roots must be paths 0, 1, ... of the {} paths in order",
            start.mixed_volume
        )));
    }
    track_roots(system, start, roots, options)
}

/// Stage 2 of [`solve_from_roots`] once `system`, `start` and `roots` are checked.
fn track_roots(
    system: &System,
    start: &PolyhedralStart,
    roots: &[StartRoot],
    options: &PolyhedralOptions,
) -> Result<SolveResult, SolveError> {
    let so = &options.solve;
    let starts = |i: u64| -> StartPoint {
        let r = &roots[i as usize];
        (r.root.clone(), r.stats.clone())
    };
    let mut rng = poly::Rng::substream(so.seed, 3);
    crate::solve::solve_from_start(
        system,
        &start.system,
        &starts,
        roots.len() as u64,
        &mut rng,
        so,
    )
}

/// The stage 2 of [`solve_from_roots`] as a [`PathSolver`], for a run that tracks its
/// paths in parts and saves them as it goes: `starts(i)` gives the root of $G$ of path
/// `i` (from [`PolyhedralStart::start_roots_in`], or [`PolyhedralStart::track_path`] for
/// a path retracked by [`PathSolver::finish`]), and $\gamma$ and the chart are those
/// of [`solve_from_roots`] with the same options.
///
/// # Errors
/// As [`solve_from_roots`], for `system` against `start`.
pub fn stage_two<'a>(
    system: &'a System,
    start: &PolyhedralStart,
    starts: &'a (dyn Fn(u64) -> StartPoint + Sync),
    options: &'a PolyhedralOptions,
) -> Result<PathSolver<'a>, SolveError> {
    check_start(system, start)?;
    let mut rng = poly::Rng::substream(options.solve.seed, 3);
    PathSolver::new(system, &start.system, starts, &mut rng, &options.solve)
}

/// `system` is square, with the unknowns of `start` and every support inside $G$'s.
fn check_start(system: &System, start: &PolyhedralStart) -> Result<(), SolveError> {
    crate::solve::check_input(system)?;
    if start.supports.len() != system.nvars() {
        return Err(SolveError(format!(
            "the start system has {} unknowns, the system {}",
            start.supports.len(),
            system.nvars()
        )));
    }
    let supports = polytope::system_supports(system).map_err(|e| SolveError(e.to_string()))?;
    for (i, (s, g)) in supports.iter().zip(&start.supports).enumerate() {
        if let Some(a) = s.iter().find(|a| !g.contains(a)) {
            return Err(SolveError(format!(
                "equation {}: the monomial with exponents {a:?} is not in the start \
                 system's support",
                i + 1
            )));
        }
    }
    Ok(())
}
