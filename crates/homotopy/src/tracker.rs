//! The predictor–corrector path tracker with adaptive step size and adaptive precision.
//!
//! A path is tracked along a [`Segment`] $s \mapsto t(s)$, $s \in [0, 1]$ (a straight
//! segment of the complex $t$-plane or a circular arc, as the Cauchy endgame needs). The
//! path $x(s)$ solves the Davidenko equation
//! $$\frac{dx}{ds} = -\,\partial_x H(x, t)^{-1}\, \partial_t H(x, t)\, t'(s).$$
//!
//! * **Predictor**: classical Runge–Kutta of order 4 on that equation. Its first stage
//!   is the velocity at the current point, which after an accepted step comes from the
//!   corrector's last LU factorization ("first same as last"; that Jacobian is taken
//!   within the tracking tolerance of the point) and after a rejected one is kept: three
//!   evaluations and factorizations per step instead of four. Near singular points
//!   (at infinity, where the chart Jacobian's condition number passes $10^{10}$) the
//!   equation is stiff: the later stages, taken off the path, see velocities far from
//!   the path's, and RK4's prediction error dwarfs the path's own scale (widths 2,2,2,1
//!   of `001`, condition number $2\cdot10^{10}$: an error of $3\cdot10^{-7}$ at steps
//!   $\Delta t = 5\cdot10^{-4}\,t$, where $(\Delta t/t)^5 \approx 3\cdot10^{-17}$;
//!   1,500–3,000 steps from $t = r$ to $r/4$). The tracker then switches to the
//!   **cubic Hermite extrapolation** through the last two accepted points and their
//!   velocities, which uses the path's own velocities only (one evaluation and
//!   factorization per step, none when the corrector's is reused): after each accepted
//!   RK4 step both predictions are compared with the corrected point, and where the
//!   extrapolation's error is less than half RK4's (and above ten times the tracking
//!   tolerance, out of the corrector's noise) the next steps extrapolate; every 8
//!   accepted steps RK4 runs beside it again, and takes over where it predicts better.
//!   The history is that of the current segment.
//!   ([`TrackerOptions::hermite_predictor`] switches this off.)
//! * **Corrector**: Newton's method in $x$ at fixed $t$, at most
//!   [`TrackerOptions::max_corrector_iterations`] iterations; the step is accepted only if
//!   the updates contract, $\|\Delta_{k+1}\| \le \theta \|\Delta_k\|$, the first update is
//!   small relative to $1 + \|x\|$ and the last is below the tracking tolerance. These
//!   together guard against path jumping: a predictor that lands in another path's basin
//!   shows slow or no contraction and is rejected.
//! * **Step size**: halved on rejection; on acceptance scaled by
//!   $(e^\ast / e)^{1/5}$ (RK4's local error $\sim h^5$; $1/4$ for the extrapolation,
//!   error $\sim h^4$), $e$ the relative first Newton
//!   update and $e^\ast$ [`TrackerOptions::target_update`], clamped to $[1/2, 2]$, and
//!   not above 1 on the step accepted right after a rejection (the longer step just
//!   failed: near singular points, where Newton's method converges only linearly,
//!   growing again at once rejects every other step).
//! * **Precision** ([`amp_criteria`]): after each corrector the condition number
//!   $\kappa$ of $\partial_x H$ is estimated; Newton in precision $\varepsilon = 2^{-p}$
//!   determines $x$ to relative accuracy about $\kappa\varepsilon$, so the tracking
//!   tolerance $\tau$ needs $p \ge \log_2 \kappa + \log_2(1/\tau) + \sigma$ bits (the
//!   shape of criterion B of Bates–Hauenstein–Sommese–Wampler, *Adaptive multiprecision
//!   path tracking*, SIAM J. Numer. Anal. 46 (2008), with safety $\sigma$). When that
//!   exceeds 53 the path continues at the next precision of
//!   [`PRECISION_LADDER`](crate::PRECISION_LADDER), and returns to `f64` when the
//!   requirement falls $\ge$ [`AmpConfig::down_margin_bits`] below 53.

use crate::field::{
    inverse_norm, inverse_norm_estimate, lu_factor, lu_solve, matrix_norm_inf, norm_inf, row_norms,
    scaled_inverse_norm_estimate, Field,
};
use crate::homotopy::{Homotopy, DD_BITS, PRECISION_LADDER};
use num_complex::Complex64;
use poly::ComplexDd;
use rug::Complex;

/// A path of $t$ values parametrized by $s \in [0, 1]$.
#[derive(Clone, Copy, Debug)]
pub enum Segment {
    /// $t(s) = (1-s)\,t_0 + s\,t_1$.
    Line {
        /// $t(0)$.
        from: Complex64,
        /// $t(1)$.
        to: Complex64,
    },
    /// $t(s) = r\, e^{i(\theta_0 + s(\theta_1 - \theta_0))}$.
    Arc {
        /// The radius $r$.
        radius: f64,
        /// Start angle $\theta_0$.
        theta0: f64,
        /// End angle $\theta_1$.
        theta1: f64,
    },
}

impl Segment {
    /// A real segment from $t_0$ to $t_1$.
    pub fn real(from: f64, to: f64) -> Self {
        Segment::Line {
            from: Complex64::new(from, 0.0),
            to: Complex64::new(to, 0.0),
        }
    }

    /// $t(s)$.
    pub fn t(&self, s: f64) -> Complex64 {
        match *self {
            Segment::Line { from, to } => {
                if s >= 1.0 {
                    to
                } else {
                    from + (to - from) * s
                }
            }
            Segment::Arc {
                radius,
                theta0,
                theta1,
            } => Complex64::from_polar(radius, theta0 + s * (theta1 - theta0)),
        }
    }

    /// $t'(s)$.
    pub fn dt(&self, s: f64) -> Complex64 {
        match *self {
            Segment::Line { from, to } => to - from,
            Segment::Arc { theta0, theta1, .. } => Complex64::new(0.0, theta1 - theta0) * self.t(s),
        }
    }
}

/// Settings of the adaptive-precision decision ([`amp_criteria`]).
#[derive(Clone, Debug)]
pub struct AmpConfig {
    /// Safety bits $\sigma$ added to the requirement.
    pub safety_bits: f64,
    /// Return to `f64` only when the requirement is this many bits below 53.
    pub down_margin_bits: f64,
    /// Highest precision allowed (bits); paths needing more fail with a reason.
    pub max_bits: u32,
    /// Whether precision may be raised at all (disabled for a pure-`f64` comparison).
    pub enabled: bool,
    /// Whether precision may be raised while a path is tracked. When `false` (and
    /// `enabled`), paths are tracked in `f64` and only the endpoint is confirmed and
    /// polished at the precision its condition number asks for
    /// ([`track_generic`](crate::track_generic)): for solves that do not need every
    /// path to succeed (monodromy loops), or that retrack the paths that fail with
    /// full adaptive precision, a multiprecision path costing about a hundred `f64`
    /// ones.
    pub while_tracking: bool,
    /// A corrector that did not converge, at a point whose condition number asks for
    /// more precision (or more than `max_bits`), first has its step halved up to this
    /// many times before the precision is raised (or the path fails): the condition
    /// number at a poor prediction, thrown off the path by too long a step, need not be
    /// the path's.
    pub unconverged_halvings: usize,
    /// Whether the precision decision uses the condition number of the
    /// row-equilibrated Jacobian, $\|\partial_x H^{-1} R\|_\infty$ with $R$ the diagonal
    /// of its row norms ([`Correction::precision_cond`]), rather than
    /// $\kappa_\infty(\partial_x H)$: the rounding error of evaluating an equation is
    /// relative to the size of its terms, so equations of very different sizes (as near
    /// a point at infinity in the projective chart) make $\kappa_\infty$ overstate the
    /// error of the Newton update by the ratio of the row sizes. Where the two numbers
    /// disagree on the precision, each row is scaled by the larger of its norm and the
    /// size of the equation's terms divided by $\|x\|_\infty$
    /// ([`Homotopy::term_sizes`]): an equation whose gradient is small by cancellation
    /// (near a multiple root) keeps its rounding error's true size. A homotopy without
    /// term sizes keeps the plain number there (the row norms alone understated the
    /// precision that two stage-1 paths of widths 1,2,2,2 needed).
    pub row_scaled: bool,
}

impl AmpConfig {
    /// Whether precision may be raised in the middle of a path (`enabled` and
    /// `while_tracking`).
    fn raises_while_tracking(&self) -> bool {
        self.enabled && self.while_tracking
    }
}

impl Default for AmpConfig {
    fn default() -> Self {
        Self {
            safety_bits: 4.0,
            down_margin_bits: 8.0,
            max_bits: 1024,
            enabled: true,
            while_tracking: true,
            unconverged_halvings: 3,
            row_scaled: true,
        }
    }
}

/// Bits of precision needed to correct to relative accuracy `tolerance` with a Jacobian
/// of condition number `kappa`: $\log_2\kappa + \log_2(1/\tau) + \sigma$.
pub fn amp_criteria(kappa: f64, tolerance: f64, config: &AmpConfig) -> f64 {
    kappa.max(1.0).log2() + (1.0 / tolerance).log2() + config.safety_bits
}

/// Settings of [`Tracker`] (the stepping, Newton and precision configurations).
#[derive(Clone, Debug)]
pub struct TrackerOptions {
    /// First step length in $s$.
    pub initial_step: f64,
    /// Longest step in $s$.
    pub max_step: f64,
    /// Shortest step in $s$ before the path is declared failed.
    pub min_step: f64,
    /// Accepted plus rejected steps allowed on one path (50,000 by default). Paths to
    /// infinity that must be followed radially at 106 bits through a crowd of other
    /// paths near their point at infinity can spend 2,000–4,000 steps a radius: three
    /// paths of widths 2,2,2,2 ($m = 1$) took 21,327–23,170 steps to their end at
    /// infinity and failed at the former limit of 20,000. A path that does not hit the
    /// limit is tracked the same under any larger one.
    pub max_steps: usize,
    /// Newton iterations per corrector.
    pub max_corrector_iterations: usize,
    /// Relative tracking tolerance $\tau$: the last Newton update must satisfy
    /// $\|\Delta\| \le \tau (1 + \|x\|)$.
    pub tolerance: f64,
    /// Largest first Newton update accepted, relative to $1 + \|x\|$.
    pub max_first_update: f64,
    /// Contraction factor $\theta$ required between Newton updates.
    pub contraction: f64,
    /// Desired relative first Newton update $e^\ast$ (drives the step size).
    pub target_update: f64,
    /// Whether the predictor may switch from RK4 to the cubic Hermite extrapolation
    /// where that predicts better (stiff stretches near singular points; see the
    /// module documentation). `false` keeps RK4 throughout.
    pub hermite_predictor: bool,
    /// Precision control.
    pub amp: AmpConfig,
}

impl Default for TrackerOptions {
    fn default() -> Self {
        Self {
            initial_step: 0.05,
            max_step: 0.1,
            min_step: 1e-13,
            max_steps: 50_000,
            max_corrector_iterations: 3,
            tolerance: 1e-8,
            max_first_update: 0.05,
            contraction: 0.25,
            target_update: 1e-5,
            hermite_predictor: true,
            amp: AmpConfig::default(),
        }
    }
}

impl TrackerOptions {
    /// The tighter tracker used to retrack suspected path jumps: steps 10× shorter, a
    /// 100× smaller target first update, a 10× smaller largest first update.
    pub fn tightened(&self) -> Self {
        Self {
            max_step: self.max_step / 10.0,
            target_update: self.target_update / 100.0,
            max_first_update: self.max_first_update / 10.0,
            ..self.clone()
        }
    }
}

/// A point of a path, stored at the precision it is tracked in.
#[derive(Clone, Debug)]
pub enum Point {
    /// `Complex<f64>` coordinates.
    F64(Vec<Complex64>),
    /// Double-double coordinates ([`DD_BITS`] bits).
    Dd(Vec<ComplexDd>),
    /// MPC coordinates (all at one precision, more than [`DD_BITS`]).
    Mp(Vec<Complex>),
}

impl Point {
    /// The same point at `bits` of precision: `f64` for `bits <= 53`, double-double up
    /// to [`DD_BITS`], MPC otherwise (rounded when lowering).
    pub fn at_bits(&self, bits: u32) -> Point {
        if bits <= 53 {
            return Point::F64(self.to_c64());
        }
        if bits <= DD_BITS {
            return Point::Dd(match self {
                Point::F64(v) => v.iter().map(|&z| ComplexDd::from(z)).collect(),
                Point::Dd(v) => v.clone(),
                Point::Mp(v) => v.iter().map(ComplexDd::from).collect(),
            });
        }
        Point::Mp(match self {
            Point::F64(v) => v.iter().map(|z| Complex::from_c64(*z, bits)).collect(),
            Point::Dd(v) => v.iter().map(|z| z.to_complex(bits)).collect(),
            Point::Mp(v) => v.iter().map(|z| Complex::with_val(bits, z)).collect(),
        })
    }

    /// The coordinates rounded to `Complex<f64>`.
    pub fn to_c64(&self) -> Vec<Complex64> {
        match self {
            Point::F64(x) => x.clone(),
            Point::Dd(x) => x.iter().map(|z| z.to_c64()).collect(),
            Point::Mp(x) => x.iter().map(Field::to_c64).collect(),
        }
    }

    /// The working precision in bits (53 for `f64`, [`DD_BITS`] for double-double).
    pub fn bits(&self) -> u32 {
        match self {
            Point::F64(_) => 53,
            Point::Dd(_) => DD_BITS,
            Point::Mp(x) => x.first().map_or(53, Field::bits),
        }
    }
}

/// Counters of one path.
#[derive(Clone, Debug, Default)]
pub struct TrackStats {
    /// Accepted steps.
    pub steps: usize,
    /// Rejected steps.
    pub rejected: usize,
    /// Highest precision used (bits).
    pub max_bits: u32,
    /// Number of switches from `f64` to multiprecision.
    pub escalations: usize,
    /// Last condition-number estimate of $\partial_x H$.
    pub last_cond: f64,
}

enum Interrupt {
    Done,
    Switch(u32),
    /// Switch up and stay at least at this precision for the rest of the segment.
    Escalate(u32),
    Fail(String),
}

struct Buffers<T> {
    hv: Vec<T>,
    jx: Vec<T>,
    ht: Vec<T>,
    piv: Vec<usize>,
    /// Row norms of the Jacobian before factoring.
    rows: Vec<f64>,
    /// Scratch for the equations' term sizes and the row scales built from them.
    sizes: Vec<f64>,
}

impl<T: Field> Buffers<T> {
    fn new(n: usize, prec: u32) -> Self {
        Self {
            hv: vec![T::zero(prec); n],
            jx: vec![T::zero(prec); n * n],
            ht: vec![T::zero(prec); n],
            piv: vec![0; n],
            rows: vec![0.0; n],
            sizes: vec![0.0; n],
        }
    }
}

/// Outcome of a Newton corrector.
#[derive(Clone, Copy, Debug)]
pub struct Correction {
    /// Whether the updates contracted below the tolerance.
    pub converged: bool,
    /// Relative size of the first update.
    pub first: f64,
    /// Relative size of the last update.
    pub last: f64,
    /// Condition estimate of the last Jacobian.
    pub cond: f64,
    /// Condition estimate of the last Jacobian with its rows scaled to norm 1
    /// ([`scaled_inverse_norm_estimate`]); at most `cond` up to the estimates' error.
    /// Where it and `cond` disagree on the precision, the tracker refines it with the
    /// equations' term sizes (see [`AmpConfig::row_scaled`]).
    pub precision_cond: f64,
}

/// A predictor–corrector path tracker for a [`Homotopy`].
#[derive(Debug)]
pub struct Tracker<'a, H: Homotopy> {
    /// The homotopy.
    pub homotopy: &'a H,
    /// Its settings.
    pub options: TrackerOptions,
}

impl<'a, H: Homotopy> Tracker<'a, H> {
    /// A tracker with the given options.
    pub fn new(homotopy: &'a H, options: TrackerOptions) -> Self {
        Self { homotopy, options }
    }

    /// Tracks `x` (a solution at $t(0)$) along `seg` to $t(1)$, raising and lowering the
    /// precision as [`amp_criteria`] demands. `step` carries the step length between
    /// calls. On failure the reason is returned and `x` holds the last accepted point.
    pub fn track(
        &self,
        ws: &mut H::Workspace,
        x: &mut Point,
        seg: &Segment,
        step: &mut f64,
        stats: &mut TrackStats,
    ) -> Result<(), String> {
        let mut s = 0.0;
        // precision below which this call does not go back (raised when the step size
        // collapsed: the evaluation noise, not the condition number, was the limit)
        let mut floor = 53;
        stats.max_bits = stats.max_bits.max(x.bits());
        loop {
            let result = match x {
                Point::F64(v) => self.run(ws, v, 53, floor, seg, &mut s, step, stats),
                Point::Dd(v) => self.run(ws, v, DD_BITS, floor, seg, &mut s, step, stats),
                Point::Mp(v) => {
                    let p = v.first().map_or(128, Field::bits);
                    self.run(ws, v, p, floor, seg, &mut s, step, stats)
                }
            };
            let result = match result {
                Interrupt::Escalate(bits) => {
                    floor = bits;
                    Interrupt::Switch(bits)
                }
                other => other,
            };
            match result {
                Interrupt::Done => return Ok(()),
                Interrupt::Fail(reason) => return Err(reason),
                Interrupt::Escalate(_) => unreachable!("mapped to a switch"),
                Interrupt::Switch(bits) => {
                    debug_assert!(
                        bits > 53 || !matches!(x, Point::F64(_)),
                        "switch to f64 from f64"
                    );
                    if bits > 53 && matches!(x, Point::F64(_)) {
                        stats.escalations += 1;
                    }
                    *x = x.at_bits(bits);
                    stats.max_bits = stats.max_bits.max(bits);
                }
            }
        }
    }

    /// Newton's method on $H(\cdot, t)$ from `x`, in the precision of `x`, at most
    /// `iterations` steps, stopping when the relative update is below `tolerance`.
    pub fn refine(
        &self,
        ws: &mut H::Workspace,
        x: &mut Point,
        t: Complex64,
        iterations: usize,
        tolerance: f64,
    ) -> Correction {
        match x {
            Point::F64(v) => {
                let mut b = Buffers::new(v.len(), 53);
                self.newton(ws, v, 53, t, iterations, tolerance, 0.9, &mut b)
            }
            Point::Dd(v) => {
                let mut b = Buffers::new(v.len(), DD_BITS);
                self.newton(ws, v, DD_BITS, t, iterations, tolerance, 0.9, &mut b)
            }
            Point::Mp(v) => {
                let p = v.first().map_or(128, Field::bits);
                let mut b = Buffers::new(v.len(), p);
                self.newton(ws, v, p, t, iterations, tolerance, 0.9, &mut b)
            }
        }
    }

    /// $\kappa_\infty(\partial_x H(x, t))$ computed from the full inverse (in `f64`).
    pub fn condition(&self, ws: &mut H::Workspace, x: &[Complex64], t: Complex64) -> f64 {
        let n = x.len();
        let mut b = Buffers::<Complex64>::new(n, 53);
        self.homotopy
            .evaluate(x, t, ws, &mut b.hv, &mut b.jx, &mut b.ht);
        let a = matrix_norm_inf(&b.jx, n);
        if !lu_factor(&mut b.jx, n, &mut b.piv) {
            return f64::INFINITY;
        }
        a * inverse_norm(&b.jx, n, &b.piv)
    }

    /// $\|\partial_x H^{-1} S\|_\infty$ from the LU factors and row norms in `b` (of the
    /// Jacobian at about `x`), with the row scales
    /// $S_{ii} = \max(\|\text{row}_i\|, \text{size}_i / \|x\|_\infty)$ and the term sizes
    /// of [`Homotopy::term_sizes`]: the rounding error of evaluating equation $i$ is
    /// relative to the size of its terms, which its gradient understates where it is
    /// small by cancellation. `None` if the homotopy has no term sizes (the row norms
    /// alone understated the precision two stage-1 paths of widths 1,2,2,2 needed).
    fn precision_condition<T: Field>(
        &self,
        ws: &mut H::Workspace,
        x: &[T],
        t: Complex64,
        b: &mut Buffers<T>,
    ) -> Option<f64> {
        let n = x.len();
        let xc: Vec<Complex64> = x.iter().map(Field::to_c64).collect();
        let xn = norm_inf(&xc);
        if !(xn > 0.0 && self.homotopy.term_sizes(&xc, t, ws, &mut b.sizes)) {
            return None;
        }
        let scales: Vec<f64> = b
            .rows
            .iter()
            .zip(&b.sizes)
            .map(|(r, z)| r.max(z / xn))
            .collect();
        Some(scaled_inverse_norm_estimate(&b.jx, n, &b.piv, &scales))
    }

    /// The precision requirement of [`amp_criteria`] turned into a switch decision.
    fn precision_decision(&self, cond: f64, bits: u32) -> Option<u32> {
        let amp = &self.options.amp;
        if !amp.raises_while_tracking() {
            return None;
        }
        let need = amp_criteria(cond, self.options.tolerance, amp);
        if bits <= 53 {
            if need > 53.0 {
                Some(ladder_bits(need))
            } else {
                None
            }
        } else if need <= 53.0 - amp.down_margin_bits {
            Some(53)
        } else if need > f64::from(bits) {
            Some(ladder_bits(need))
        } else {
            None
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn newton<T: Field>(
        &self,
        ws: &mut H::Workspace,
        x: &mut [T],
        prec: u32,
        t: Complex64,
        iterations: usize,
        tolerance: f64,
        contraction: f64,
        b: &mut Buffers<T>,
    ) -> Correction {
        let n = x.len();
        let mut out = Correction {
            converged: false,
            first: f64::INFINITY,
            last: f64::INFINITY,
            cond: f64::INFINITY,
            precision_cond: f64::INFINITY,
        };
        let mut prev = f64::INFINITY;
        // the condition estimate (one more solve) only of the last factorization, the
        // one the result is about: at the returns below
        let cond = |b: &Buffers<T>, anorm: f64, out: &mut Correction| {
            out.cond = anorm * inverse_norm_estimate(&b.jx, n, &b.piv);
            out.precision_cond = scaled_inverse_norm_estimate(&b.jx, n, &b.piv, &b.rows);
        };
        for k in 0..iterations {
            T::evaluate(
                self.homotopy,
                x,
                t,
                prec,
                ws,
                &mut b.hv,
                &mut b.jx,
                &mut b.ht,
            );
            let anorm = row_norms(&b.jx, n, &mut b.rows);
            if !lu_factor(&mut b.jx, n, &mut b.piv) {
                // singular here: no finite condition number
                out.cond = f64::INFINITY;
                out.precision_cond = f64::INFINITY;
                return out;
            }
            lu_solve(&b.jx, n, &b.piv, &mut b.hv);
            if !b.hv.iter().all(Field::is_finite) {
                cond(b, anorm, &mut out);
                return out;
            }
            for (xi, d) in x.iter_mut().zip(&b.hv) {
                *xi = xi.sub(d);
            }
            let rel = norm_inf(&b.hv) / (1.0 + norm_inf(x));
            if k == 0 {
                out.first = rel;
            } else if rel > contraction * prev && rel > tolerance {
                out.last = rel;
                cond(b, anorm, &mut out);
                return out;
            }
            out.last = rel;
            prev = rel;
            if rel <= tolerance || k + 1 == iterations {
                out.converged = rel <= tolerance;
                cond(b, anorm, &mut out);
                return out;
            }
        }
        out
    }

    /// $\dot x = -\partial_x H^{-1} \partial_t H \, t'(s)$ into `v`.
    #[allow(clippy::too_many_arguments)]
    fn velocity<T: Field>(
        &self,
        ws: &mut H::Workspace,
        x: &[T],
        prec: u32,
        seg: &Segment,
        s: f64,
        b: &mut Buffers<T>,
        v: &mut [T],
    ) -> bool {
        let n = x.len();
        T::evaluate(
            self.homotopy,
            x,
            seg.t(s),
            prec,
            ws,
            &mut b.hv,
            &mut b.jx,
            &mut b.ht,
        );
        if !lu_factor(&mut b.jx, n, &mut b.piv) {
            return false;
        }
        let dt = seg.dt(s);
        for (vi, hi) in v.iter_mut().zip(&b.ht) {
            *vi = hi.scale(-dt);
        }
        lu_solve(&b.jx, n, &b.piv, v);
        v.iter().all(Field::is_finite)
    }

    #[allow(clippy::too_many_arguments)]
    fn run<T: Field>(
        &self,
        ws: &mut H::Workspace,
        x: &mut Vec<T>,
        prec: u32,
        floor: u32,
        seg: &Segment,
        s: &mut f64,
        step: &mut f64,
        stats: &mut TrackStats,
    ) -> Interrupt {
        let o = &self.options;
        let n = x.len();
        let mut b = Buffers::<T>::new(n, prec);
        let z = T::zero(prec);
        let (mut k1, mut k2, mut k3, mut k4) = (
            vec![z.clone(); n],
            vec![z.clone(); n],
            vec![z.clone(); n],
            vec![z; n],
        );
        let mut h = step.clamp(o.min_step, o.max_step);
        // whether k1 holds the velocity at (x, s): after a rejected step (x unchanged)
        // if it was computed there, and after an accepted one from the corrector's last
        // Jacobian when that is close enough (`reused`; recomputed after a rejection)
        let mut k1_ready = false;
        let mut reused = false;
        // whether the last attempt was rejected: the step accepted after a rejection
        // does not grow (the longer one just failed)
        let mut after_rejection = false;
        // successive corrector failures at this step (see `AmpConfig::unconverged_halvings`)
        let mut unconverged = 0usize;
        // the previous accepted point (s, x, velocity) of this segment, for the Hermite
        // predictor; whether that predictor is in use, and the accepted steps since its
        // last comparison with RK4
        let mut previous: Option<(f64, Vec<T>, Vec<T>)> = None;
        let mut hermite = false;
        let mut since_trial = 0usize;
        while *s < 1.0 {
            if stats.steps + stats.rejected >= o.max_steps {
                return Interrupt::Fail(format!("step limit {} reached", o.max_steps));
            }
            let last = *s + h >= 1.0 - 1e-14;
            let hh = if last { 1.0 - *s } else { h };
            let s1 = if last { 1.0 } else { *s + hh };
            let use_hermite = hermite && previous.is_some();
            // in Hermite mode RK4 runs beside it every `HERMITE_TRIAL` steps, to go back
            // to it where the path is no longer stiff
            let with_rk4 = !use_hermite || since_trial >= HERMITE_TRIAL;
            let ok = if with_rk4 {
                self.rk4(
                    ws,
                    x,
                    prec,
                    seg,
                    *s,
                    hh,
                    &mut b,
                    [&mut k1, &mut k2, &mut k3, &mut k4],
                    k1_ready,
                )
            } else {
                k1_ready || self.velocity(ws, x, prec, seg, *s, &mut b, &mut k1)
            };
            k1_ready = ok;
            // the Hermite prediction from the previous point and this one (k1 holds the
            // velocity here when `ok`); not computed when the switch is off
            let extrapolated = previous
                .as_ref()
                .filter(|_| ok && o.hermite_predictor)
                .map(|(s0, x0, v0)| hermite_extrapolation(*s0, x0, v0, *s, x, &k1, s1));
            // the prediction used, and the other one (if any) for the comparison
            let (mut xp, other) = match extrapolated {
                Some(e) if use_hermite => (e, with_rk4.then(|| k4.clone())),
                e => (k4.clone(), e), // rk4 leaves its prediction in k4
            };
            let predicted = (ok && other.is_some()).then(|| xp.clone());
            let corr = if ok {
                self.newton(
                    ws,
                    &mut xp,
                    prec,
                    seg.t(s1),
                    o.max_corrector_iterations,
                    o.tolerance,
                    o.contraction,
                    &mut b,
                )
            } else {
                Correction {
                    converged: false,
                    first: f64::INFINITY,
                    last: f64::INFINITY,
                    cond: f64::INFINITY,
                    precision_cond: f64::INFINITY,
                }
            };
            if corr.cond.is_finite() {
                stats.last_cond = corr.cond;
                let need_cond = if !o.amp.row_scaled {
                    corr.cond
                } else if self.precision_decision(corr.cond, prec)
                    == self.precision_decision(corr.precision_cond, prec)
                {
                    corr.precision_cond
                } else {
                    // the plain and the row-scaled numbers disagree: the equations' term
                    // sizes decide where the homotopy has them, the plain number where not
                    self.precision_condition(ws, &xp, seg.t(s1), &mut b)
                        .unwrap_or(corr.cond)
                };
                if let Some(bits) = self
                    .precision_decision(need_cond, prec)
                    .filter(|&b| b >= floor)
                    .filter(|&b| {
                        corr.converged || b <= prec || unconverged >= o.amp.unconverged_halvings
                    })
                {
                    if bits > o.amp.max_bits {
                        return Interrupt::Fail(format!(
                            "needs more than {} bits (condition {:.1e})",
                            o.amp.max_bits, need_cond
                        ));
                    }
                    if bits > prec || corr.converged {
                        // redo the step in the new precision (accepting nothing)
                        *step = h;
                        return Interrupt::Switch(bits);
                    }
                }
            }
            if !corr.converged {
                unconverged += 1;
            }
            if corr.converged && corr.first <= o.max_first_update {
                unconverged = 0;
                // compare the two predictions with the corrected point: RK4's stages
                // leave the path, and where the Davidenko equation is stiff (near
                // singular points: the chart Jacobian's condition number 10^10 and up)
                // its error dwarfs that of the extrapolation, which uses the path's own
                // velocities only
                if let (Some(pred), Some(other)) = (&predicted, &other) {
                    let (e_used, e_other) = (rel_gap(pred, &xp), rel_gap(other, &xp));
                    if use_hermite {
                        hermite = e_other >= e_used;
                        since_trial = 0;
                    } else if e_used > 10.0 * o.tolerance && 2.0 * e_other < e_used {
                        hermite = true;
                        since_trial = 0;
                    }
                }
                if use_hermite {
                    since_trial += 1;
                }
                let mut prev = previous
                    .take()
                    .unwrap_or_else(|| (0.0, x.clone(), k1.clone()));
                prev.0 = *s;
                prev.1.clone_from(x);
                prev.2.clone_from(&k1);
                previous = Some(prev);
                *x = xp;
                *s = s1;
                stats.steps += 1;
                // first same as last: the velocity at the new point from the LU of
                // the corrector's last Jacobian and its dH/dt, taken at the point
                // before the last update (which is below the tracking tolerance)
                // (x moved by corr.last relative since, which changes the velocity by
                // about cond · corr.last relative)
                k1_ready = false;
                if *s < 1.0 && corr.cond * corr.last <= FSAL_MAX_DRIFT {
                    let dt = seg.dt(*s);
                    for (vi, hi) in k1.iter_mut().zip(&b.ht) {
                        *vi = hi.scale(-dt);
                    }
                    lu_solve(&b.jx, n, &b.piv, &mut k1);
                    k1_ready = k1.iter().all(Field::is_finite);
                }
                reused = k1_ready;
                // local error ~ h^5 for RK4, h^4 for the cubic extrapolation
                let order = if use_hermite { 0.25 } else { 0.2 };
                let factor = if corr.first > 0.0 {
                    (o.target_update / corr.first).powf(order).clamp(0.5, 2.0)
                } else {
                    2.0
                };
                let factor = if after_rejection {
                    factor.min(1.0)
                } else {
                    factor
                };
                after_rejection = false;
                if !last {
                    h = (h * factor).min(o.max_step);
                }
            } else {
                stats.rejected += 1;
                after_rejection = true;
                if reused {
                    k1_ready = false;
                    reused = false;
                }
                h *= 0.5;
                if h < o.min_step {
                    // the corrector cannot contract at any step size in this precision:
                    // its error is evaluation noise, so raise the precision (criterion C
                    // of adaptive multiprecision) before giving up
                    let next = PRECISION_LADDER.iter().copied().find(|&p| p > prec);
                    if let Some(bits) =
                        next.filter(|&b| o.amp.raises_while_tracking() && b <= o.amp.max_bits)
                    {
                        *step = o.min_step.max(1e-6);
                        return Interrupt::Escalate(bits);
                    }
                    *step = h;
                    return Interrupt::Fail(format!(
                        "step size too small at t = {:.3e}{:+.3e}i",
                        seg.t(*s).re,
                        seg.t(*s).im
                    ));
                }
            }
        }
        *step = h;
        Interrupt::Done
    }

    /// One RK4 step of length `h` from `(x, s)`; the prediction is left in `k[3]`. With
    /// `k1_ready`, `k[0]` already holds the velocity at `(x, s)`.
    #[allow(clippy::too_many_arguments)]
    fn rk4<T: Field>(
        &self,
        ws: &mut H::Workspace,
        x: &[T],
        prec: u32,
        seg: &Segment,
        s: f64,
        h: f64,
        b: &mut Buffers<T>,
        k: [&mut Vec<T>; 4],
        k1_ready: bool,
    ) -> bool {
        let [k1, k2, k3, k4] = k;
        let half = Complex64::new(h / 2.0, 0.0);
        let full = Complex64::new(h, 0.0);
        if !k1_ready && !self.velocity(ws, x, prec, seg, s, b, k1) {
            return false;
        }
        let y = stage(x, k1, half);
        if !self.velocity(ws, &y, prec, seg, s + h / 2.0, b, k2) {
            return false;
        }
        let y = stage(x, k2, half);
        if !self.velocity(ws, &y, prec, seg, s + h / 2.0, b, k3) {
            return false;
        }
        let y = stage(x, k3, full);
        if !self.velocity(ws, &y, prec, seg, s + h, b, k4) {
            return false;
        }
        let sixth = Complex64::new(h / 6.0, 0.0);
        let two = Complex64::new(2.0, 0.0);
        for i in 0..x.len() {
            let sum = k1[i]
                .add(&k2[i].scale(two))
                .add(&k3[i].scale(two))
                .add(&k4[i]);
            k4[i] = x[i].add(&sum.scale(sixth));
        }
        true
    }
}

/// Largest $\kappa \cdot \delta$ (condition number of the corrector's last Jacobian
/// times its last relative update) at which that Jacobian's factorization gives the
/// velocity at the accepted point for the next step's first Runge–Kutta stage. The
/// velocity is then off by about $\varepsilon = \kappa\delta$ relative, which moves
/// the prediction by about $h \varepsilon |\dot x| / 6$: with $h|\dot x|$ at most about
/// [`TrackerOptions::max_first_update`] (0.05) relative, less than $10^{-5}$, the
/// default [`TrackerOptions::target_update`]. A step rejected after a reused velocity
/// is retried with the exact one.
const FSAL_MAX_DRIFT: f64 = 1e-3;

/// Accepted steps in Hermite mode between two comparisons with RK4.
const HERMITE_TRIAL: usize = 8;

/// The cubic Hermite extrapolation to `s1` of the path through $(s_0, x_0)$ and
/// $(s, x)$ with velocities $v_0$, $v$: with $h_0 = s - s_0$ and
/// $u = (s_1 - s_0)/h_0$,
/// $p = (2u^3 - 3u^2 + 1)\,x_0 + (u^3 - 2u^2 + u)\,h_0 v_0 + (3u^2 - 2u^3)\,x
///   + (u^3 - u^2)\,h_0 v$, exact for cubics; local error $O(h^4)$.
fn hermite_extrapolation<T: Field>(
    s0: f64,
    x0: &[T],
    v0: &[T],
    s: f64,
    x: &[T],
    v: &[T],
    s1: f64,
) -> Vec<T> {
    let h0 = s - s0;
    let u = (s1 - s0) / h0;
    let (u2, u3) = (u * u, u * u * u);
    let c = |a: f64| Complex64::new(a, 0.0);
    let (c00, c10) = (c(2.0 * u3 - 3.0 * u2 + 1.0), c((u3 - 2.0 * u2 + u) * h0));
    let (c01, c11) = (c(3.0 * u2 - 2.0 * u3), c((u3 - u2) * h0));
    (0..x.len())
        .map(|i| {
            x0[i]
                .scale(c00)
                .add(&v0[i].scale(c10))
                .add(&x[i].scale(c01))
                .add(&v[i].scale(c11))
        })
        .collect()
}

/// $\|a - b\|_\infty / (1 + \|b\|_\infty)$.
fn rel_gap<T: Field>(a: &[T], b: &[T]) -> f64 {
    let d = a
        .iter()
        .zip(b)
        .fold(0.0f64, |m, (p, q)| m.max(p.sub(q).abs()));
    d / (1.0 + norm_inf(b))
}

/// The RK4 stage point $x + c\,k$.
fn stage<T: Field>(x: &[T], k: &[T], c: Complex64) -> Vec<T> {
    x.iter().zip(k).map(|(a, d)| a.add(&d.scale(c))).collect()
}

/// The smallest precision of the ladder with at least `need` + 16 bits.
pub(crate) fn ladder_bits(need: f64) -> u32 {
    let want = need + 16.0;
    PRECISION_LADDER
        .iter()
        .copied()
        .find(|&p| f64::from(p) >= want)
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hermite_extrapolation_is_exact_for_cubics() {
        // x(s) = (1 + 2i) s^3 - s^2 + 3 s - 2 and x'(s), from s0 = 0.1 and s = 0.25 to 0.6
        let a = Complex64::new(1.0, 2.0);
        let x = |s: f64| a * s.powi(3) - s * s + 3.0 * s - 2.0;
        let v = |s: f64| a * 3.0 * s * s - 2.0 * s + 3.0;
        let p = hermite_extrapolation(0.1, &[x(0.1)], &[v(0.1)], 0.25, &[x(0.25)], &[v(0.25)], 0.6);
        assert!((p[0] - x(0.6)).norm() < 1e-13, "{} vs {}", p[0], x(0.6));
        // a quartic is off by O(h^4)
        let y = |s: f64| Complex64::new(s.powi(4), 0.0);
        let w = |s: f64| Complex64::new(4.0 * s.powi(3), 0.0);
        let err = |h: f64| {
            let p = hermite_extrapolation(-h, &[y(-h)], &[w(-h)], 0.0, &[y(0.0)], &[w(0.0)], h);
            (p[0] - y(h)).norm()
        };
        let ratio = err(0.02) / err(0.01);
        assert!((ratio - 16.0).abs() < 0.1, "{ratio}");
    }
}
