//! The endgame: from $t = t_{eg}$ to the endpoint at $t = 0$.
//!
//! Near $t = 0$ a solution path $x(t)$ of a homotopy has a convergent Puiseux expansion
//! $x(t) = \sum_{k \ge 0} a_k t^{k/c}$ (in the projective chart, where every path stays
//! bounded); $c \ge 1$ is the *winding number* (cycle number) and $c > 1$ only at
//! singular endpoints. [`EndgameTracker`] does, in this order:
//!
//! 1. **Direct attempt.** Track straight to $t = 0$ in `f64` with a small step budget;
//!    if the Newton corrector converges at $t = 0$ with a moderate condition number the
//!    endpoint is nonsingular ($c = 1$). Skipped when $\rho$ (below) already shrinks
//!    with valuation estimate above `skip_direct_valuation` between $t_{eg}/q$ and
//!    $t_{eg}$: the path probably diverges, and the attempt would only spend its budget.
//! 2. **Radii** $r_k = t_{eg} q^k$. The ratio $\rho(r) = |x_0(r)| / \|x(r)\|_\infty$ of the
//!    homogenizing coordinate behaves like $r^{v}$ near $t = 0$; the finite differences
//!    $v_k = \log(\rho_k/\rho_{k-1}) / \log q$ estimate the valuation $v$. Three
//!    consistent estimates $v > 0$ with $\rho <$ `confirm_infinity_ratio` (or
//!    $\rho <$ `at_infinity_tolerance` alone) mean the path ends **at infinity**; so do
//!    three *settled* estimates (within `settled_valuation_spread` of each other) with
//!    $\rho <$ `early_infinity_ratio` when the
//!    condition number of the chart Jacobian $\partial_x H$ is at least
//!    `min_cond_at_infinity` and has grown by `cond_growth_at_infinity` or more from
//!    each of the last three radii to the next. The chart Jacobian degenerates at a
//!    point at infinity, while on a path to a finite nonsingular zero its condition
//!    number levels off; but a path to a finite zero with large coordinates can look
//!    like a path to infinity over many radii (widths 1,2,3 of `001`: zeros with
//!    $\rho \approx 4\cdot10^{-3}$, whose paths shrink $x_0$ with valuation 1/4 down to
//!    $t = 2\cdot10^{-8}$), and only the size and the slowing growth of the condition
//!    number tell it apart there (the thresholds' documentation). This is the shape of
//!    HomotopyContinuation.jl's test (Breiding–Timme: valuation and condition number)
//!    with a bound on $\rho$ added; near the points at infinity of deep networks'
//!    gradient systems the Cauchy loops are dear and rarely close, the branch points of
//!    the many paths that end there crowding every circle. Below
//!    `at_infinity_ratio` such a path is followed on radially without loops, in `f64`
//!    and, where `f64` cannot go on, by the full tracker (a path to a finite zero with
//!    coordinates of size $1/\rho$ looks diverging until it turns back: widths 2,3,2 of
//!    `001` with $m = 2$ have such zeros, $\rho \approx 1.7\cdot10^{-4}$, whose paths
//!    look diverging down to $t \approx 10^{-11}$ and turn near $t = 10^{-12}$). Paths whose
//!    valuation estimate is positive track their radial segments in `f64` first: the
//!    chart Jacobian degenerates at a point at infinity, and the adaptive precision
//!    would otherwise raise the precision on every remaining segment. Such a path skips
//!    its loops only while its valuation predicts $\rho$ below the larger of
//!    `at_infinity_ratio` and `early_infinity_ratio` within `diverging_radii` more
//!    radii; a slowly shrinking $\rho$ is decided by a loop. If `f64` cannot follow it
//!    to the next radius, it loops at this radius in `f64` first unless the condition
//!    number is growing as above; when it grows, or that loop fails in `f64`, the full
//!    tracker follows the path radially (no loop with adaptive precision: near such a
//!    point at infinity, with $\kappa \approx 10^{12}$, the corrector contracts only
//!    within steps of $10^{-4}$ of an arc, and one loop took the whole step budget,
//!    while a radial segment took a few hundred steps).
//!    A path whose $\rho$ shrinks (positive valuation estimate) starts its Cauchy loops
//!    only once its valuation is consistent (earlier circles enclose other paths'
//!    branch points, and their loops do not close).
//!    Every loop is tracked in `f64` first. An `f64` loop is used if its estimate lies
//!    on the hyperplane at infinity, or if it was tracked but did not close or enclosed
//!    other branch points (its geometry, not its arithmetic, rejected it); otherwise
//!    (`f64` tracking failed, or the estimate is a finite point, whose tests need the
//!    accuracy) the loop is tracked again with adaptive precision. Every `f64` segment
//!    or arc has a budget of `f64_segment_steps` steps.
//! 3. **Cauchy endgame** (Morgan–Sommese–Wampler, Numer. Math. 63 (1992)) at every
//!    radius from the third on: track around the circle $|t| = r_k$ until the path closes
//!    up, after $c$ turns. In $\tau = t^{1/c}$ the $K = cM$ samples lie on a function
//!    analytic in an annulus, $x(\tau) = \sum_{k\in\mathbb Z} a_k\tau^k$. Only when the
//!    circle encloses no other branch point is it a power series, with $a_0 = x(0)$
//!    given by the trapezoidal rule
//!    $$x(0) \approx \frac{1}{cM}\sum_{j=0}^{cM-1} x(r e^{2\pi i j/M}),$$
//!    so a loop whose negative discrete Fourier modes are not negligible is rejected.
//!    A circle around a whole *cluster* of branch points passes that test too (the
//!    negative modes decay like $(\rho_{\rm cluster}/r)^{k/c}$) and gives the same mean on
//!    every radius of the annulus, so agreement between radii alone proves nothing
//!    (badly scaled systems show this over several decades of $t$). The endgame
//!    therefore ends only on positive evidence:
//!    * **nonsingular**: two successive estimates with winding number $c = 1$ agree to
//!      `nonsingular_agreement` and Newton's method on $H(\cdot, 0)$ from the estimate
//!      converges (in `f64`, else at 128 bits) with condition number $\le$
//!      `nonsingular_cond`. A path that ends at a nonsingular zero is analytic at
//!      $t = 0$, so loops with $c > 1$ around a nonsingular zero enclose the branch
//!      points of a *cluster* of close simple zeros (their mean is not an endpoint):
//!      the endgame goes on to radii below the cluster's branch points;
//!    * **at infinity**: two estimates agree to `nonsingular_agreement` and lie on the
//!      hyperplane at infinity,
//!      $|p_0| \le$ `infinity_estimate` $\cdot\|p\|$; or one estimate does, on a path
//!      with consistent valuation $v$ that fits the loop: in $\tau = t^{1/c}$ the
//!      coordinate $x_0$ vanishes to an integer order $k \ge 1$, read off the loop's
//!      Fourier modes, and $|k - c v| \le$ `infinity_fit` $\cdot k$ (a circle that
//!      encloses the branch points where a path turns back to a finite zero with large
//!      coordinates can close on the hyperplane with a $c$ that does not fit). The
//!      Cauchy mean is the constant
//!      term $a_0$ whatever the path did before, so a finite endpoint with coordinates
//!      of size $1/|a_{0,0}|$ below $1/$`infinity_estimate` is not taken for one at
//!      infinity;
//!    * **singular** (winding number $c$): estimates agree on `singular_streak` successive
//!      radii, the last $\le$ `singular_radius`, solve the target,
//!      $\|H(p, 0)\| \le$ `residual_tolerance`, and are not the mean of a cluster of
//!      simple zeros: Newton's method at 128 bits from the path's point does not converge
//!      quadratically to a nonsingular zero near them (at a singular zero it converges
//!      only linearly). Clusters of simple zeros closer than the endgame can resolve
//!      (branch points below `min_radius`) make the path fail with that reason.
//!
//!    Otherwise it goes on to the next radius, and at `min_radius` the path **fails**
//!    with the reason. An open or rejected loop restores the starting sheet.

use crate::homotopy::Homotopy;
use crate::tracker::{Point, Segment, TrackStats, Tracker, TrackerOptions};
use num_complex::Complex64;

/// Settings of the endgame.
#[derive(Clone, Debug)]
pub struct EndgameOptions {
    /// Where the endgame starts, $t_{eg}$.
    pub start_t: f64,
    /// Ratio $q$ of successive radii.
    pub radius_ratio: f64,
    /// Smallest radius tried.
    pub min_radius: f64,
    /// Samples per turn $M$ of the Cauchy loop.
    pub samples_per_loop: usize,
    /// Largest winding number tried.
    pub max_winding_number: usize,
    /// Largest winding number tried on a path whose $\rho$ shrinks with consistent
    /// valuation (probably at infinity, where winding numbers run higher: 12 at points
    /// at infinity of the gradient systems of deep linear networks).
    pub max_winding_number_diverging: usize,
    /// Relative distance under which a loop counts as closed.
    pub loop_closed_tolerance: f64,
    /// Relative agreement of successive Cauchy estimates that ends the endgame.
    pub tolerance: f64,
    /// Accepted steps allowed for the direct attempt.
    pub direct_steps: usize,
    /// Largest $\|H(p, 0)\|_\infty$ accepted for a Cauchy estimate $p$.
    pub residual_tolerance: f64,
    /// $\rho$ below which a path with positive, consistent valuation is taken to
    /// diverge: it is followed on in `f64` only, down to `confirm_infinity_ratio`.
    pub at_infinity_ratio: f64,
    /// $\rho$ below which a path whose valuation is positive and consistent is at
    /// infinity without further evidence. Between this and `at_infinity_ratio` such a
    /// path is followed further in `f64` (a path to a finite zero with coordinates of
    /// size about $1/\rho$ turns back there), by the full tracker where `f64` cannot go
    /// on; if that fails too, or the smallest radius is reached, the evidence at
    /// `at_infinity_ratio` stands.
    pub confirm_infinity_ratio: f64,
    /// $\rho$ below which a path is at infinity whatever the valuation estimate.
    pub at_infinity_tolerance: f64,
    /// A Cauchy estimate $p$ (agreeing at two radii) with $|p_0| \le$ this
    /// $\cdot\|p\|_\infty$ lies on the hyperplane at infinity.
    pub infinity_estimate: f64,
    /// Successive agreements of Cauchy estimates required for an endpoint that is not a
    /// nonsingular zero (a singular endpoint).
    pub singular_streak: usize,
    /// Relative agreement of two successive Cauchy estimates after which they are tested
    /// for a nonsingular zero by Newton's method.
    pub nonsingular_agreement: f64,
    /// $\rho$ below which a path with positive valuation estimate may skip its Cauchy
    /// loop at that radius (see [`diverging_radii`](Self::diverging_radii)).
    pub diverging_ratio: f64,
    /// A path with valuation estimate $v > 0$ and $\rho <$
    /// [`diverging_ratio`](Self::diverging_ratio) skips its loops and is only followed
    /// radially if, at that valuation, $\rho$ falls below the larger of
    /// [`at_infinity_ratio`](Self::at_infinity_ratio) and
    /// [`early_infinity_ratio`](Self::early_infinity_ratio) within this many more radii,
    /// $\rho\, q^{n v} <$ that ratio. A slowly shrinking $\rho$ (small $v$) would need
    /// many radii, while one closed loop may decide at once.
    pub diverging_radii: f64,
    /// Accepted plus rejected steps allowed for one radial segment $[r, qr]$ or loop
    /// arc tracked in `f64` only. Such a segment usually takes a few steps while `f64`
    /// suffices; near a point at infinity the chart Jacobian degenerates, the corrector
    /// stops converging in `f64`, and an unbounded attempt would halve its step down to
    /// `min_step` only to learn what the budget tells at once: `f64` cannot go on. But
    /// where the branch points of other paths crowd the segment (as near the points at
    /// infinity of deep networks' gradient systems) it needs a hundred short steps or
    /// more, still far cheaper in `f64` than the double-double the full tracker turns
    /// to: 250 rather than 40 made stage 2 of widths 2,2,2,2 18 % faster and of
    /// 1,2,2,2 with $m = 2$ 27 % (`BENCHMARKS.md`).
    pub f64_segment_steps: usize,
    /// Largest condition number of $\partial_x H(p, 0)$ at a nonsingular zero $p$.
    pub nonsingular_cond: f64,
    /// Largest radius at which a singular endpoint is accepted.
    pub singular_radius: f64,
    /// Longest step (in the segment parameter $0 \le s \le 1$) on the endgame's radial
    /// segments $[r, qr]$ and loop arcs (each already a short piece of the path).
    pub segment_max_step: f64,
    /// A closed Cauchy loop is accepted only if its negative Fourier modes (in
    /// $\tau = t^{1/c}$) are at most this fraction of its positive ones (plus
    /// [`laurent_floor`](Self::laurent_floor)): otherwise it encloses other branch points.
    pub laurent_ratio: f64,
    /// Absolute floor (relative to $1 + \|\hat a_0\|$) of that test, for rounding.
    pub laurent_floor: f64,
    /// The direct attempt is skipped when the valuation estimate of $x_0$ over
    /// $[t_{eg}, t_{eg}/q]$ exceeds this: such a path probably diverges, and the
    /// attempt, which only ends paths to nonsingular zeros early, would spend its whole
    /// step budget on it.
    pub skip_direct_valuation: f64,
    /// $\rho$ below which a path is at infinity without a Cauchy loop when its
    /// valuation is settled and positive and the condition number of
    /// $\partial_x H$ grows like that of a path to a singular point at infinity (see
    /// [`min_cond_at_infinity`](Self::min_cond_at_infinity) and
    /// [`cond_growth_at_infinity`](Self::cond_growth_at_infinity)): the largest
    /// coordinate is then over $1/\rho$ times the homogenizing one and still growing like
    /// $t^{-v}$. Near such points the loops are dear (the branch points of the many
    /// paths that end there crowd every circle) and often do not close. Like any test
    /// at a finite radius it cannot see a path that turns to a finite zero below the
    /// radius where it decides; a finite zero with coordinates over $1/\rho$ times the
    /// homogenizing one whose path's condition number passed both thresholds would be
    /// taken for a point at infinity. `0` switches the test off.
    pub early_infinity_ratio: f64,
    /// Smallest condition number $\kappa_\infty(\partial_x H)$ at which the early test
    /// at infinity applies. $10^{10}$, not HomotopyContinuation.jl's $10^8$: on widths
    /// 1,2,3, instance 4 of `dln_counts` (data seed 1004, γ seed 4), 8 paths to finite
    /// critical points with $\rho \approx 4\cdot10^{-3}$ at the end look like paths to
    /// infinity (valuation about 1/4, $\rho < 10^{-2}$) down to $t = 2\cdot10^{-8}$, with
    /// condition numbers up to $2.8\cdot10^{8}$; with $10^8$ and growth 2 they were
    /// lost (65 critical points instead of 73). On widths 2,3,2 with $m = 2$, instance 5
    /// of `cargo xtask polyhedral-check`, paths to 32 critical points with
    /// $\rho \approx 1.7\cdot10^{-4}$ grow the condition number about threefold a radius
    /// (3.2× and 3.1× at $1.4\cdot10^9$, $\rho = 3.6\cdot10^{-3}$) and turn only near
    /// $t = 10^{-12}$; with $10^9$, 10 of them were lost.
    pub min_cond_at_infinity: f64,
    /// Smallest growth of that condition number from each of the last three radii to
    /// the next for the early test at infinity: at a point at infinity the chart
    /// Jacobian degenerates as $t \to 0$ (about 4× a radius at the points at infinity of
    /// deep networks' gradient systems), while on a path to a finite nonsingular zero
    /// its condition number levels off (2.8× then 2.3× on the last radii before the
    /// paths above turn).
    pub cond_growth_at_infinity: f64,
    /// Largest spread of the last three valuation estimates, relative to the largest,
    /// for the early test at infinity (which also needs the degenerating chart
    /// Jacobian). On paths to infinity that pass close to other points at infinity the
    /// estimates drift for many radii (widths 2,3,2 with $m = 2$, instance 4 of
    /// `cargo xtask polyhedral-check`: 0.34, 0.41, 0.44, 0.46, 0.48 towards 1/2) and are
    /// never within the 5 % of the other tests, while the crowd of paths near the point
    /// at infinity makes each radius cost thousands of double-double steps.
    pub settled_valuation_spread: f64,
    /// Largest relative misfit $|k - c v| / k$ for a closed Cauchy loop on the hyperplane
    /// at infinity to end a path at infinity: in $\tau = t^{1/c}$ the homogenizing
    /// coordinate vanishes to order $k$ (read off the loop), so on a path to infinity
    /// the valuation estimated from $\rho$ over the radii is $v = k / c$. A loop that
    /// still encloses the branch points where a path turns back to a finite zero can
    /// close on the hyperplane too, with a winding number that does not fit. On widths
    /// 2,3,2 with $m = 2$, instance 5 of `cargo xtask polyhedral-check`, paths 5137 and
    /// 8352 (to critical points with $\|y\| \approx 14{,}000$ whose paths turn near
    /// $t = 3\cdot10^{-12}$) closed with $c = 8$, $k = 3$ at $r = 6\cdot10^{-9}$ with
    /// $v = 0.343$ and $0.349$, misfits of 8.5 % and 7.0 %, and were lost with 10 %;
    /// the 23 loops of that row's true paths to infinity misfit by at most 4.5 %.
    pub infinity_fit: f64,
}

impl Default for EndgameOptions {
    fn default() -> Self {
        Self {
            start_t: 0.1,
            radius_ratio: 0.25,
            min_radius: 1e-14,
            samples_per_loop: 8,
            max_winding_number: 8,
            max_winding_number_diverging: 16,
            loop_closed_tolerance: 1e-6,
            tolerance: 1e-8,
            direct_steps: 60,
            residual_tolerance: 1e-8,
            at_infinity_ratio: 1e-3,
            confirm_infinity_ratio: 1e-7,
            at_infinity_tolerance: 1e-11,
            infinity_estimate: 1e-8,
            singular_streak: 2,
            singular_radius: 1e-9,
            nonsingular_agreement: 1e-6,
            nonsingular_cond: 1e12,
            diverging_ratio: 0.2,
            diverging_radii: 6.0,
            f64_segment_steps: 250,
            segment_max_step: 1.0,
            laurent_ratio: 0.05,
            laurent_floor: 1e-9,
            skip_direct_valuation: 0.2,
            early_infinity_ratio: 1e-2,
            min_cond_at_infinity: 1e10,
            cond_growth_at_infinity: 3.0,
            settled_valuation_spread: 0.25,
            infinity_fit: 0.05,
        }
    }
}

/// How a path ended, before the endpoint is refined on the target system.
#[derive(Clone, Debug)]
pub enum EndgameOutcome {
    /// A finite point of the chart (possibly with $x_0 \approx 0$ if the endgame
    /// converged at infinity).
    Endpoint {
        /// The endpoint in the chart coordinates $(x_1, \dots, x_n, x_0)$.
        x: Vec<Complex64>,
        /// The winding number $c$ (1 for the direct attempt).
        winding_number: usize,
    },
    /// $x_0 \to 0$: the path diverges in $\mathbb{C}^n$.
    AtInfinity {
        /// The last point tracked.
        x: Vec<Complex64>,
        /// The valuation estimate $v$ of $x_0$ (if computed).
        valuation: Option<f64>,
    },
    /// Tracking failed.
    Failed {
        /// Why.
        reason: String,
        /// The last point tracked.
        x: Vec<Complex64>,
        /// The last $t$ reached.
        t: f64,
    },
}

/// Why a Cauchy loop gave no estimate.
#[derive(Clone, Debug)]
enum LoopError {
    /// An arc could not be tracked (in `f64`: the step budget ran out or the step
    /// collapsed; the full tracker may still get through).
    Tracking(String),
    /// The loop was tracked but did not come back to its start within this many turns.
    Open(usize),
    /// The loop closed, but its negative Fourier modes show other branch points inside.
    Enclosing(String),
}

impl LoopError {
    /// Whether the loop was tracked and its geometry, not the arithmetic, rejected it.
    fn is_geometric(&self) -> bool {
        !matches!(self, LoopError::Tracking(_))
    }
}

impl std::fmt::Display for LoopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoopError::Tracking(e) | LoopError::Enclosing(e) => f.write_str(e),
            LoopError::Open(turns) => write!(f, "Cauchy loop did not close within {turns} turns"),
        }
    }
}

/// A [`Tracker`] with an endgame: tracks a start solution at $t = 1$ to its endpoint.
#[derive(Debug)]
pub struct EndgameTracker<'a, H: Homotopy> {
    /// The path tracker.
    pub tracker: Tracker<'a, H>,
    /// The endgame settings.
    pub options: EndgameOptions,
}

fn rel_dist(a: &[Complex64], b: &[Complex64]) -> f64 {
    let d = a
        .iter()
        .zip(b)
        .fold(0.0f64, |m, (u, v)| m.max((u - v).norm()));
    let s = a.iter().fold(0.0f64, |m, u| m.max(u.norm()));
    d / (1.0 + s)
}

/// The discrete Fourier analysis of the `K` samples $x_j = x(\tau_j)$,
/// $\tau_j = \rho\, e^{2\pi i j/K}$, of one closed loop: returns the mean $\hat a_0$
/// (the trapezoidal rule) and the largest moduli (over coordinates) of the negative and
/// positive frequencies $\hat a_k = \frac1K\sum_j x_j e^{-2\pi i jk/K}$,
/// $0 < |k| < K/2$.
fn fourier_split(samples: &[Vec<Complex64>]) -> (Vec<Complex64>, f64, f64) {
    let k_total = samples.len();
    let n = samples[0].len();
    let mut mean = vec![Complex64::default(); n];
    for s in samples {
        for (m, v) in mean.iter_mut().zip(s) {
            *m += v;
        }
    }
    for m in &mut mean {
        *m /= k_total as f64;
    }
    let (mut negative, mut positive) = (0.0f64, 0.0f64);
    let half = k_total.div_ceil(2);
    for k in 1..half {
        for sign in [-1.0f64, 1.0] {
            for i in 0..n {
                let a = fourier_mode(samples, i, sign * k as f64);
                if sign < 0.0 {
                    negative = negative.max(a.norm());
                } else {
                    positive = positive.max(a.norm());
                }
            }
        }
    }
    (mean, negative, positive)
}

/// The discrete Fourier mode $\hat a_k = \frac1K\sum_j x_{j,i}\, e^{-2\pi i jk/K}$ of
/// coordinate `i` of the `K` loop samples (`k` negative for the negative frequencies).
fn fourier_mode(samples: &[Vec<Complex64>], i: usize, k: f64) -> Complex64 {
    let k_total = samples.len() as f64;
    let w = -2.0 * std::f64::consts::PI * k / k_total;
    samples
        .iter()
        .enumerate()
        .map(|(j, s)| s[i] * Complex64::from_polar(1.0, w * j as f64))
        .sum::<Complex64>()
        / k_total
}

/// The order $k \ge 1$ in $\tau$ of coordinate `i` on a closed loop: with the samples
/// $x_j = x(\tau_j)$ of [`fourier_split`], the smallest $k$ whose mode
/// $|\hat a_k| = |a_k|\,|\tau|^k$ is at least half the largest positive one. On a circle
/// well inside the disc of convergence the modes decay geometrically from the leading
/// term $a_k \tau^k$ of $x_i(\tau) - a_0$ on. 0 if the coordinate is constant to
/// rounding.
fn leading_order(samples: &[Vec<Complex64>], i: usize) -> usize {
    let modes: Vec<f64> = (1..samples.len().div_ceil(2))
        .map(|k| fourier_mode(samples, i, k as f64).norm())
        .collect();
    let largest = modes.iter().fold(0.0f64, |m, &a| m.max(a));
    // a coordinate constant to rounding has no order
    let size = samples.iter().fold(0.0f64, |m, x| m.max(x[i].norm()));
    if largest <= 1e-13 * size {
        return 0;
    }
    modes
        .iter()
        .position(|&a| a >= 0.5 * largest)
        .map_or(0, |p| p + 1)
}

fn ratio(x: &[Complex64]) -> f64 {
    let n = x.len();
    let m = x.iter().fold(0.0f64, |m, u| m.max(u.norm()));
    x[n - 1].norm() / m
}

impl<'a, H: Homotopy> EndgameTracker<'a, H> {
    /// Tracker plus endgame.
    pub fn new(homotopy: &'a H, tracker: TrackerOptions, options: EndgameOptions) -> Self {
        Self {
            tracker: Tracker::new(homotopy, tracker),
            options,
        }
    }

    /// Tracks the start solution `start` (at $t = 1$) to $t = 0$.
    pub fn track(
        &self,
        ws: &mut H::Workspace,
        start: &[Complex64],
        stats: &mut TrackStats,
    ) -> EndgameOutcome {
        let o = &self.options;
        let mut x = Point::F64(start.to_vec());
        let mut step = self.tracker.options.initial_step;
        let fail = |reason: String, x: &Point, t: f64| EndgameOutcome::Failed {
            reason,
            x: x.to_c64(),
            t,
        };
        // refine the start point (it is exact up to rounding)
        self.tracker
            .refine(ws, &mut x, Complex64::new(1.0, 0.0), 3, 1e-14);
        // the main part in two pieces, [1, t_eg / q] and [t_eg / q, t_eg], for a first
        // valuation estimate of x_0 over the last one
        let mid = (o.start_t / o.radius_ratio).min(1.0);
        let mut rho_mid = None;
        for seg in [Segment::real(1.0, mid), Segment::real(mid, o.start_t)] {
            if let Err(reason) = self.tracker.track(ws, &mut x, &seg, &mut step, stats) {
                return fail(reason, &x, f64::NAN);
            }
            rho_mid = rho_mid.or(Some(ratio(&x.to_c64())));
        }
        let first_valuation = rho_mid
            .map(|r0| (ratio(&x.to_c64()) / r0).ln() / o.radius_ratio.ln())
            .filter(|v| v.is_finite());
        // 1. direct attempt in f64 with a small budget, unless x_0 already shrinks like
        // that of a diverging path (a cost saving only: the endgame below decides every
        // path, the direct attempt only ends the nonsingular ones early)
        let diverging_already =
            mid > o.start_t && first_valuation.is_some_and(|v| v > o.skip_direct_valuation);
        if !diverging_already {
            let mut opts = self.tracker.options.clone();
            opts.amp.max_bits = 53;
            opts.max_steps = stats.steps + stats.rejected + o.direct_steps;
            let direct = Tracker::new(self.tracker.homotopy, opts);
            let mut y = Point::F64(x.to_c64());
            let mut st = stats.clone();
            let mut h = step;
            if direct
                .track(ws, &mut y, &Segment::real(o.start_t, 0.0), &mut h, &mut st)
                .is_ok()
            {
                let c = direct.refine(ws, &mut y, Complex64::default(), 4, 1e-13);
                if c.converged && direct.condition(ws, &y.to_c64(), Complex64::default()) < 1e6 {
                    *stats = st;
                    stats.last_cond = c.cond;
                    return EndgameOutcome::Endpoint {
                        x: y.to_c64(),
                        winding_number: 1,
                    };
                }
            }
            // count the work of the failed attempt
            stats.rejected += (st.steps + st.rejected).saturating_sub(stats.steps + stats.rejected);
        }
        // 2./3. valuation test and Cauchy endgame on shrinking radii
        let mut r = o.start_t;
        let mut rhos: Vec<f64> = Vec::new();
        let mut vals: Vec<f64> = Vec::new();
        // the condition number of the chart Jacobian at each radius
        let mut conds: Vec<f64> = Vec::new();
        // the last Cauchy estimate and its winding number, and for how many successive
        // radii the estimates have agreed
        let mut previous: Option<(Vec<Complex64>, usize)> = None;
        let mut streak = 0usize;
        let mut last_error: Option<String> = None;
        // the last radius at which a loop with c > 1 was found around a simple zero (a
        // cluster of close simple zeros, not a singular endpoint)
        let mut cluster: Option<f64> = None;
        // the radial segments [r, qr] and the arcs of the loops are short: let one step
        // cover up to `segment_max_step` of them
        let fine = self.segment_tracker();
        // the `f64` radial segment from this radius failed on a path skipping its loops:
        // the loop at this radius decides instead (below)
        let mut revisit = false;
        loop {
            let xc = x.to_c64();
            let rho = ratio(&xc);
            if !revisit {
                if let Some(&prev) = rhos.last() {
                    vals.push((rho / prev).ln() / o.radius_ratio.ln());
                }
                rhos.push(rho);
                conds.push(self.tracker.condition(ws, &xc, Complex64::new(r, 0.0)));
            }
            let k = vals.len();
            if rho < o.at_infinity_tolerance {
                return EndgameOutcome::AtInfinity {
                    x: xc,
                    valuation: vals.last().copied(),
                };
            }
            let consistent_valuation = k >= 3 && {
                let (v2, v1, v0) = (vals[k - 1], vals[k - 2], vals[k - 3]);
                let close = |a: f64, b: f64| (a - b).abs() < 0.05 * a + 0.005;
                v2 > 0.05 && close(v2, v1) && close(v2, v0)
            };
            // the early evidence for infinity: x_0 small and shrinking with settled
            // valuation (positive, the last three estimates within
            // `settled_valuation_spread` of each other), and the chart Jacobian
            // degenerating
            let settled_valuation = k >= 3 && {
                let w = &vals[k - 3..];
                let lo = w.iter().fold(f64::INFINITY, |m, &v| m.min(v));
                let hi = w.iter().fold(0.0f64, |m, &v| m.max(v));
                lo > 0.05 && hi - lo <= o.settled_valuation_spread * hi
            };
            let cond_growing = conds.len() >= 3 && {
                let c = &conds[conds.len() - 3..];
                let g = o.cond_growth_at_infinity;
                c[2] >= g * c[1] && c[1] >= g * c[0]
            };
            let degenerating =
                cond_growing && conds.last().is_some_and(|&c| c >= o.min_cond_at_infinity);
            if settled_valuation && rho < o.early_infinity_ratio && degenerating {
                return EndgameOutcome::AtInfinity {
                    x: xc,
                    valuation: vals.last().copied(),
                };
            }
            // the evidence for infinity; below `at_infinity_ratio` but above
            // `confirm_infinity_ratio` the path may still turn back to a finite zero with
            // large coordinates ($\|y\| \approx 1/\rho$): follow it to the next radius in
            // `f64` (no loops); the evidence stands when `f64` cannot go on or the radii
            // end
            if consistent_valuation && rho < o.at_infinity_ratio {
                let next = r * o.radius_ratio;
                let seg = Segment::real(r, next);
                let mut y = Point::F64(xc.clone());
                let followed = rho >= o.confirm_infinity_ratio
                    && next >= o.min_radius
                    && (self
                        .track_f64(&fine, ws, &mut y, &seg, &mut step.min(0.25), stats)
                        .is_ok()
                        || {
                            y = Point::F64(xc.clone());
                            fine.track(ws, &mut y, &seg, &mut step.min(0.25), stats)
                                .is_ok()
                        });
                if !followed {
                    return EndgameOutcome::AtInfinity {
                        x: xc,
                        valuation: vals.last().copied(),
                    };
                }
                x = y;
                r = next;
                continue;
            }
            let shrinking = k >= 1 && vals[k - 1] > 0.05;
            // a path whose x_0 is small and shrinks fast enough to reach the at-infinity
            // threshold within a few radii is followed radially, without loops (a cost
            // saving only: the decision needs the evidence above; near infinity the loops
            // often need more than `f64`, while the radial segments only need to go on)
            let diverging = !revisit && shrinking && rho < o.diverging_ratio && {
                let predicted = rho * o.radius_ratio.powf(o.diverging_radii * vals[k - 1]);
                predicted < o.at_infinity_ratio.max(o.early_infinity_ratio)
            };
            // a path whose x_0 shrinks loops only once its valuation is consistent: before,
            // its circles still enclose the branch points of other paths, and the loops
            // do not close or fail the Laurent test (a cost saving only; paths whose x_0
            // does not shrink, as at finite singular endpoints, loop from the third radius)
            let pre_asymptotic = shrinking && !consistent_valuation;
            if k >= 2 && !diverging && !pre_asymptotic {
                // every loop is tracked in `f64` first (within the step budget): a path
                // whose x_0 shrinks probably ends at infinity, where the chart Jacobian
                // degenerates and the adaptive precision would raise the precision around
                // the whole loop. The `f64` loop is used if its estimate lies on the
                // hyperplane at infinity, or if it was tracked and did not close or
                // enclosed other branch points (the geometry, not the arithmetic, decided);
                // the full tracker loops again if `f64` tracking failed or the estimate is
                // finite (the endpoint tests need its accuracy)
                let on_hyperplane = |p: &[Complex64]| {
                    let pn = p.iter().fold(0.0f64, |m, z| m.max(z.norm()));
                    p[p.len() - 1].norm() <= o.infinity_estimate * pn
                };
                // (a consistent valuation is a positive one: the path shrinks)
                let turns = if consistent_valuation {
                    o.max_winding_number_diverging
                } else {
                    o.max_winding_number
                };
                let result = match self.cauchy_loop(ws, &mut x, r, turns, stats, true) {
                    Ok((p, c, order)) if on_hyperplane(&p) => Ok((p, c, order)),
                    // on a revisit (a diverging path that `f64` could not follow to the
                    // next radius) a loop that fails in `f64` is not tracked again: the
                    // full tracker follows the path radially below
                    Err(e) if e.is_geometric() || revisit => Err(e),
                    _ => self.cauchy_loop(ws, &mut x, r, turns, stats, false),
                };
                match result {
                    Ok((p, c, order)) => {
                        let on_hyperplane = on_hyperplane(&p);
                        // one closed loop on the hyperplane at infinity, on a path whose
                        // valuation is consistent and fits the loop: in tau = t^(1/c)
                        // x_0 vanishes to an integer order k >= 1 (read off the loop's
                        // modes), and k = c v to `infinity_fit`
                        let fits = |v: f64| {
                            let cv = c as f64 * v;
                            order >= 1 && (order as f64 - cv).abs() <= o.infinity_fit * order as f64
                        };
                        if on_hyperplane && consistent_valuation && fits(vals[k - 1]) {
                            return EndgameOutcome::AtInfinity {
                                x: p,
                                valuation: vals.last().copied(),
                            };
                        }
                        let close_to = |tol: f64| {
                            previous.as_ref().is_some_and(|(prev, c_prev)| {
                                *c_prev == c && rel_dist(&p, prev) <= tol
                            })
                        };
                        let agrees = close_to(o.tolerance);
                        streak = if agrees { streak + 1 } else { 0 };
                        // two estimates that agree to the accuracy of the tracking and
                        // Newton-converge to a nonsingular zero: the endpoint
                        // (winding number 1 only: a path that ends at a nonsingular zero
                        // is analytic at t = 0, so a loop with c > 1 around one encloses
                        // the branch points of a cluster of close simple zeros, whose
                        // mean Newton may still take to one of them: go on to smaller
                        // radii, below the cluster's branch points)
                        if !on_hyperplane && close_to(o.nonsingular_agreement) {
                            if let Some(z) = self.nonsingular_zero(ws, &p) {
                                if c == 1 {
                                    return EndgameOutcome::Endpoint {
                                        x: z,
                                        winding_number: 1,
                                    };
                                }
                                cluster = Some(r);
                            }
                        }
                        // two estimates on the hyperplane at infinity (the constant term
                        // of the Puiseux series of x_0 vanishes); estimates at a singular
                        // point at infinity agree only to the accuracy of the tracking
                        if on_hyperplane
                            && close_to(o.nonsingular_agreement)
                            && vals.last().is_some_and(|&v| v > 0.0)
                        {
                            return EndgameOutcome::AtInfinity {
                                x: p,
                                valuation: vals.last().copied(),
                            };
                        }
                        if agrees {
                            // a singular (or unconfirmed) estimate: a circle can enclose a
                            // whole cluster of branch points and give the same estimate on
                            // every radius of an annulus; demand agreement on several
                            // radii down to a small radius
                            if !on_hyperplane
                                && streak >= o.singular_streak
                                && r <= o.singular_radius
                                && self.residual_at_zero(ws, &p) <= o.residual_tolerance
                            {
                                if !self.simple_zero_nearby(ws, &x.to_c64(), &p) {
                                    return EndgameOutcome::Endpoint {
                                        x: p,
                                        winding_number: c,
                                    };
                                }
                                cluster = Some(r);
                            }
                        }
                        previous = Some((p, c));
                    }
                    Err(reason) => {
                        last_error = Some(reason.to_string());
                        previous = None;
                        streak = 0;
                    }
                }
            }
            if r * o.radius_ratio < o.min_radius {
                let reason = match (cluster, &previous, last_error) {
                    (Some(rc), _, _) => format!(
                        "unresolved cluster of close simple zeros (loops with winding \
                         number > 1 around a nonsingular zero down to r = {rc:.1e})"
                    ),
                    (None, Some((_, c)), _) => format!(
                        "Cauchy endgame did not converge (last loop: winding number {c}, \
                         rho = {rho:.1e})"
                    ),
                    (None, None, Some(e)) => e,
                    (None, None, None) => "endgame reached the smallest radius".into(),
                };
                return match previous {
                    Some((p, _)) => EndgameOutcome::Failed { reason, x: p, t: r },
                    None => fail(reason, &x, r),
                };
            }
            let mut h = step.min(0.25);
            let seg = Segment::real(r, r * o.radius_ratio);
            // a path whose x_0 shrinks is followed in `f64` (its chart Jacobian
            // degenerates as t -> 0 if it diverges, so the adaptive precision would raise
            // the precision on every remaining segment, while the valuation test needs no
            // accurate point); the full tracker takes over if `f64` does not get through
            // the segment
            // (not again on a revisit: `f64` already failed on this segment; a diverging
            // path is a shrinking one)
            let fast_done = shrinking && !revisit && {
                let mut y = Point::F64(x.to_c64());
                let ok = self
                    .track_f64(&fine, ws, &mut y, &seg, &mut h.clone(), stats)
                    .is_ok();
                if ok {
                    x = y;
                }
                ok
            };
            if !fast_done {
                // a path that skipped its loop here and that `f64` cannot follow to the
                // next radius (the chart Jacobian degenerating near infinity) loops at
                // this radius in `f64` first (the loop at |t| = r stays as well
                // conditioned as its start); if that loop fails too, the full tracker
                // follows the path radially (widths 3,2,2,1 with m = 2, instance 5 of
                // `cargo xtask polyhedral-check`: a loop at 106 bits with kappa 1e12 took
                // the whole step budget on 28 paths, a radial segment 150-250 steps)
                if diverging && consistent_valuation && !cond_growing {
                    revisit = true;
                    continue;
                }
                if let Err(reason) = fine.track(ws, &mut x, &seg, &mut h, stats) {
                    return fail(reason, &x, r);
                }
            }
            revisit = false;
            r *= o.radius_ratio;
        }
    }

    /// The tracker of the endgame's radial segments and loop arcs.
    fn segment_tracker(&self) -> Tracker<'a, H> {
        let mut opts = self.tracker.options.clone();
        opts.max_step = opts.max_step.max(self.options.segment_max_step);
        Tracker::new(self.tracker.homotopy, opts)
    }

    /// Tracks `seg` with the settings of `segment` in `f64` only, within the budget of
    /// [`f64_segment_steps`](EndgameOptions::f64_segment_steps) steps.
    fn track_f64(
        &self,
        segment: &Tracker<'a, H>,
        ws: &mut H::Workspace,
        x: &mut Point,
        seg: &Segment,
        step: &mut f64,
        stats: &mut TrackStats,
    ) -> Result<(), String> {
        let mut opts = segment.options.clone();
        opts.amp.while_tracking = false;
        opts.max_steps = stats.steps + stats.rejected + self.options.f64_segment_steps;
        Tracker::new(self.tracker.homotopy, opts).track(ws, x, seg, step, stats)
    }

    /// Newton's method on $H(\cdot, 0)$ from `p` (`f64` first, then 128 bits): the zero it
    /// converges to (relative update below $10^{-13}$, resp. $10^{-28}$, within $10^{-6}$ of
    /// `p`, condition number at most [`EndgameOptions::nonsingular_cond`]), if any: a
    /// nonsingular zero. The test is invariant under scaling of the
    /// equations and of the unknowns.
    fn nonsingular_zero(&self, ws: &mut H::Workspace, p: &[Complex64]) -> Option<Vec<Complex64>> {
        let mut y = Point::F64(p.to_vec());
        let c = self
            .tracker
            .refine(ws, &mut y, Complex64::default(), 6, 1e-13);
        let well_conditioned = |cond: f64| cond <= self.options.nonsingular_cond;
        if c.converged && well_conditioned(c.cond) && rel_dist(&y.to_c64(), p) <= 1e-6 {
            return Some(y.to_c64());
        }
        let mut y = Point::F64(p.to_vec()).at_bits(128);
        let c = self
            .tracker
            .refine(ws, &mut y, Complex64::default(), 8, 1e-28);
        (c.converged && well_conditioned(c.cond) && rel_dist(&y.to_c64(), p) <= 1e-6)
            .then(|| y.to_c64())
    }

    /// Whether a singular-looking estimate `p` (loops with winding number $c > 1$ that
    /// agree on several radii) is in fact the mean of a cluster of close *simple* zeros:
    /// Newton's method on $H(\cdot, 0)$ at 128 bits (30 iterations) from the path's point `x` at
    /// $t = r$ (on one sheet of the loop) converges quadratically to a nonsingular zero
    /// within the loop's reach of `p`. At a singular zero it converges only linearly
    /// and fails the test.
    fn simple_zero_nearby(&self, ws: &mut H::Workspace, x: &[Complex64], p: &[Complex64]) -> bool {
        let reach = 10.0 * rel_dist(x, p) + 1e-6;
        let mut y = Point::F64(x.to_vec()).at_bits(128);
        let c = self
            .tracker
            .refine(ws, &mut y, Complex64::default(), 30, 1e-28);
        c.converged && c.cond <= self.options.nonsingular_cond && rel_dist(&y.to_c64(), p) <= reach
    }

    /// $\|H(p, 0)\|_\infty$: a Cauchy estimate must solve the target (a mean over a
    /// cycle that still encloses other branch points need not).
    fn residual_at_zero(&self, ws: &mut H::Workspace, p: &[Complex64]) -> f64 {
        let n = p.len();
        let z = Complex64::default();
        let (mut h, mut jx, mut ht) = (vec![z; n], vec![z; n * n], vec![z; n]);
        self.tracker
            .homotopy
            .evaluate(p, z, ws, &mut h, &mut jx, &mut ht);
        h.iter().fold(0.0, |m, v| m.max(v.norm()))
    }

    /// One Cauchy loop at radius `r` from `x` (at $t = r$), of at most `max_turns`
    /// turns: returns the trapezoidal mean over the closed loop, the number of turns
    /// $c$ and the order in $\tau$ of the homogenizing coordinate ([`leading_order`]);
    /// `x` ends at $t = r$ on the sheet it started on (restored if the loop does not
    /// close). With `f64_only` the arcs are tracked in `f64` with at most
    /// `f64_segment_steps` steps each.
    fn cauchy_loop(
        &self,
        ws: &mut H::Workspace,
        x: &mut Point,
        r: f64,
        max_turns: usize,
        stats: &mut TrackStats,
        f64_only: bool,
    ) -> Result<(Vec<Complex64>, usize, usize), LoopError> {
        let o = &self.options;
        let fine = self.segment_tracker();
        let m = o.samples_per_loop;
        let saved = x.clone();
        let start = x.to_c64();
        let mut samples: Vec<Vec<Complex64>> = Vec::with_capacity(m * max_turns);
        let mut step = 0.25;
        let dtheta = 2.0 * std::f64::consts::PI / m as f64;
        for j in 0..m * max_turns {
            samples.push(x.to_c64());
            let th = dtheta * (j % m) as f64;
            let seg = Segment::Arc {
                radius: r,
                theta0: th,
                theta1: th + dtheta,
            };
            let tracked = if f64_only {
                self.track_f64(&fine, ws, x, &seg, &mut step, stats)
            } else {
                fine.track(ws, x, &seg, &mut step, stats)
            };
            if let Err(e) = tracked {
                // back to the sheet the loop started on
                *x = saved;
                return Err(LoopError::Tracking(e));
            }
            if (j + 1) % m == 0 && rel_dist(&x.to_c64(), &start) <= o.loop_closed_tolerance {
                let c = (j + 1) / m;
                let (mean, negative, positive) = fourier_split(&samples);
                // In tau = t^(1/c) the loop samples a function analytic in an annulus:
                // x(tau) = sum_k a_k tau^k. Only when no other branch point lies inside the
                // circle is it a power series (a_k = 0 for k < 0) whose constant term is
                // the endpoint; a circle that encloses other branch points closes too,
                // and its mean is the same at every radius of the annulus, so agreement
                // between radii proves nothing. Demand negligible negative frequencies.
                let scale = 1.0 + mean.iter().fold(0.0f64, |m, z| m.max(z.norm()));
                if negative > o.laurent_ratio * positive + o.laurent_floor * scale {
                    *x = saved;
                    return Err(LoopError::Enclosing(format!(
                        "Cauchy loop at r = {r:.2e} encloses other branch points \
                         (negative Fourier modes {negative:.1e}, positive {positive:.1e})"
                    )));
                }
                let order = leading_order(&samples, samples[0].len() - 1);
                return Ok((mean, c, order));
            }
        }
        // after an open loop `x` lies on another sheet over t = r: go back
        *x = saved;
        Err(LoopError::Open(max_turns))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(f: impl Fn(Complex64) -> Complex64, rho: f64, k: usize) -> Vec<Vec<Complex64>> {
        (0..k)
            .map(|j| {
                let tau =
                    Complex64::from_polar(rho, 2.0 * std::f64::consts::PI * j as f64 / k as f64);
                vec![f(tau), Complex64::new(1.0, 0.0)]
            })
            .collect()
    }

    #[test]
    fn power_series_has_no_negative_modes_and_its_mean_is_the_constant_term() {
        // x(tau) = 2 + 3 tau + tau^2, 16 samples on |tau| = 0.1
        let s = samples(|t| 2.0 + 3.0 * t + t * t, 0.1, 16);
        let (mean, negative, positive) = fourier_split(&s);
        assert!((mean[0] - 2.0).norm() < 1e-14);
        assert!(negative < 1e-14, "{negative}");
        assert!((positive - 0.3).abs() < 1e-12, "{positive}");
    }

    #[test]
    fn the_leading_order_is_read_off_the_modes() {
        // x_0 = tau^3 (2 + tau) vanishes to order 3; 1 + tau to order 1 (a_0 is not a mode)
        let s = samples(|t| t * t * t * (2.0 + t), 0.3, 96);
        assert_eq!(leading_order(&s, 0), 3);
        let s = samples(|t| 1.0 + t, 0.3, 32);
        assert_eq!(leading_order(&s, 0), 1);
        // a constant has no order
        let s = samples(|_| Complex64::new(1.0, 0.0), 0.3, 32);
        assert_eq!(leading_order(&s, 0), 0);
    }

    #[test]
    fn a_pole_inside_the_circle_shows_as_negative_modes() {
        // x(tau) = 2 + tau + 1e-3/(tau - 0.01): analytic only in the annulus |tau| > 0.01
        let s = samples(|t| 2.0 + t + 1e-3 / (t - 0.01), 0.1, 16);
        let (_, negative, positive) = fourier_split(&s);
        assert!(negative > 0.05 * positive, "{negative} vs {positive}");
    }
}
