//! Homotopies and the total-degree start system.
//!
//! A [`Homotopy`] is a family $H(x, t)$ of square systems with $H(x, 1) = 0$ solved and
//! $H(x, 0) = 0$ the target. [`StraightLine`] is the projective straight-line homotopy
//! $$H(x, t) = \begin{pmatrix} (1-t)\,F^h(x) + \gamma\, t\, G^h(x) \\ a \cdot x - 1 \end{pmatrix},
//! \qquad x = (x_1, \dots, x_n, x_0) \in \mathbb{C}^{n+1},$$
//! where $F^h$ and $G^h$ are the homogenizations of $F$ and $G$ with the extra variable
//! $x_0$ stored last, $\gamma$ a seeded random unit complex number (the "gamma trick":
//! for all but finitely many $\gamma$ on the circle the paths are smooth for $t \in (0,1]$),
//! and $a \cdot x = 1$ a seeded random affine chart of $\mathbb{P}^n$. Paths that diverge
//! in $\mathbb{C}^n$ stay bounded in the chart and end with $x_0 \to 0$.
//!
//! [`TotalDegree`] is $G_i = x_i^{d_i} - 1$ ($d_i = \deg F_i$), whose $\prod d_i$
//! (Bezout number) solutions $x_i = e^{2\pi i k_i/d_i}$ are produced lazily by index.

use crate::field::Field;
use num_complex::Complex64;
use poly::{
    Coefficient, ComplexDd, DdPencil, DdWorkspace, MpEvaluator, MpWorkspace, Pencil, Polynomial,
    System, Term, Workspace,
};
use rug::Complex;
use std::sync::OnceLock;

/// A homotopy $H(x, t)$, square in $x$, evaluated with its derivatives.
pub trait Homotopy: Sync {
    /// Per-thread scratch space.
    type Workspace: Send;
    /// The number of unknowns (= number of equations).
    fn nvars(&self) -> usize;
    /// A fresh workspace.
    fn workspace(&self) -> Self::Workspace;
    /// $H(x,t)$ into `h`, $\partial H/\partial x$ row-major into `jx`,
    /// $\partial H/\partial t$ into `ht`, in `Complex<f64>`.
    fn evaluate(
        &self,
        x: &[Complex64],
        t: Complex64,
        ws: &mut Self::Workspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    );
    /// The same in MPC at `prec` bits (the coefficients rounded at that precision).
    #[allow(clippy::too_many_arguments)]
    fn evaluate_mp(
        &self,
        x: &[Complex],
        t: Complex64,
        prec: u32,
        ws: &mut Self::Workspace,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    );
    /// The sizes of the equations' terms at $(x, t)$, $\sum_t |c_t(t)|\,|x^{a_t}|$ per
    /// equation, into `sizes`, if this homotopy knows them (`false` otherwise, the
    /// default). Where the plain and the row-scaled condition numbers disagree, the
    /// tracker's precision decision scales each equation by
    /// $\max(\|\text{row}\|, \text{size}/\|x\|_\infty)$ when it has them, and keeps the
    /// plain number when not ([`crate::AmpConfig::row_scaled`]); the size matters where
    /// an equation's gradient is small by cancellation, as near a multiple root.
    fn term_sizes(
        &self,
        _x: &[Complex64],
        _t: Complex64,
        _ws: &mut Self::Workspace,
        _sizes: &mut [f64],
    ) -> bool {
        false
    }
    /// The same in double-double ([`ComplexDd`], [`DD_BITS`] bits), the first tier above
    /// `f64`. The default evaluates in MPC at 128 bits ([`Homotopy::evaluate_mp`]) and
    /// rounds the results to double-double: correct, but without the speed of a
    /// double-double evaluator, which the homotopies of this crate have (the polyhedral
    /// cell homotopies through [`ComplexDd::exp`]).
    #[allow(clippy::too_many_arguments)]
    fn evaluate_dd(
        &self,
        x: &[ComplexDd],
        t: Complex64,
        ws: &mut Self::Workspace,
        h: &mut [ComplexDd],
        jx: &mut [ComplexDd],
        ht: &mut [ComplexDd],
    ) {
        let xm: Vec<Complex> = x.iter().map(|z| z.to_complex(128)).collect();
        let z = Complex::new(128);
        let (mut hm, mut jm, mut tm) = (
            vec![z.clone(); h.len()],
            vec![z.clone(); jx.len()],
            vec![z; ht.len()],
        );
        self.evaluate_mp(&xm, t, 128, ws, &mut hm, &mut jm, &mut tm);
        for (out, v) in [(h, &hm), (jx, &jm), (ht, &tm)] {
            for (o, w) in out.iter_mut().zip(v) {
                *o = ComplexDd::from(w);
            }
        }
    }
}

/// The homogenization $f^h(x, x_0) = x_0^{\deg f} f(x/x_0)$ of every polynomial of a
/// system, with $x_0$ appended as the last variable (named `h0`).
pub fn homogenize(system: &System) -> System {
    let n = system.nvars();
    let polys: Vec<Polynomial> = system
        .polynomials()
        .iter()
        .map(|p| {
            let d = p.degree();
            Polynomial::from_terms(
                n + 1,
                p.terms().iter().map(|t| {
                    let mut e = t.exponents.clone();
                    let deg: u32 = e.iter().sum();
                    e.push(d - deg);
                    Term {
                        coefficient: t.coefficient.clone(),
                        exponents: e,
                    }
                }),
            )
        })
        .collect();
    let mut names: Vec<String> = system.variables().to_vec();
    let mut h = String::from("h0");
    while names.contains(&h) {
        h.push('_');
    }
    names.push(h);
    System::new(names, polys).expect("homogenization keeps a valid system")
}

/// The total-degree start system $G_i = x_i^{d_i} - 1$ and its solutions.
#[derive(Clone, Debug)]
pub struct TotalDegree {
    degrees: Vec<u32>,
}

impl TotalDegree {
    /// The start system for degrees $d_1, \dots, d_n$ (all $\ge 1$).
    pub fn new(degrees: Vec<u32>) -> Self {
        assert!(degrees.iter().all(|&d| d >= 1), "degrees must be positive");
        Self { degrees }
    }

    /// The degrees $d_i$.
    pub fn degrees(&self) -> &[u32] {
        &self.degrees
    }

    /// $G$ as a polynomial system in $n$ variables.
    pub fn system(&self, names: &[String]) -> System {
        let n = self.degrees.len();
        let polys = self
            .degrees
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                let mut e = vec![0; n];
                e[i] = d;
                Polynomial::from_terms(
                    n,
                    [
                        Term {
                            coefficient: Coefficient::one(),
                            exponents: e,
                        },
                        Term {
                            coefficient: Coefficient::from_i64(-1),
                            exponents: vec![0; n],
                        },
                    ],
                )
            })
            .collect();
        System::new(names.to_vec(), polys).expect("valid start system")
    }

    /// The number of start solutions $\prod_i d_i$ (saturating at `u64::MAX`).
    pub fn count(&self) -> u64 {
        self.degrees
            .iter()
            .fold(1u64, |acc, &d| acc.saturating_mul(u64::from(d)))
    }

    /// Start solution number `index` in mixed radix: $x_i = e^{2\pi i k_i / d_i}$ with
    /// `index` $= \sum_i k_i \prod_{j<i} d_j$.
    pub fn solution(&self, index: u64) -> Vec<Complex64> {
        let mut rest = index;
        self.degrees
            .iter()
            .map(|&d| {
                let k = rest % u64::from(d);
                rest /= u64::from(d);
                Complex64::from_polar(1.0, 2.0 * std::f64::consts::PI * k as f64 / f64::from(d))
            })
            .collect()
    }

    /// All start solutions, generated lazily.
    pub fn solutions(&self) -> impl Iterator<Item = Vec<Complex64>> + '_ {
        (0..self.count()).map(|i| self.solution(i))
    }
}

/// The precision of double-double arithmetic ([`ComplexDd`]), in bits of mantissa.
pub const DD_BITS: u32 = 106;

/// The precisions (bits) the tracker raises to: double-double ([`DD_BITS`]), then MPC.
/// A path needing at most 106 bits runs in double-double, an order of magnitude cheaper
/// than MPC at 128 bits; 128 bits and more are MPC.
pub const PRECISION_LADDER: [u32; 5] = [DD_BITS, 128, 256, 512, 1024];

struct MpLevel {
    f: MpEvaluator,
    g: MpEvaluator,
}

/// A random affine chart $a \cdot x = 1$ of $\mathbb{P}^n$ ($x \in \mathbb{C}^{n+1}$):
/// the last equation of every projective homotopy of this crate.
#[derive(Clone, Debug)]
pub(crate) struct Chart(Vec<Complex64>);

impl Chart {
    /// $a$ with i.i.d. standard complex normal entries, $n + 1$ of them.
    pub(crate) fn random(n: usize, rng: &mut poly::Rng) -> Self {
        Self((0..=n).map(|_| rng.complex_normal()).collect())
    }

    /// Lifts $y \in \mathbb{C}^n$ to the chart: $x = (y, 1)/(a \cdot (y, 1))$.
    pub(crate) fn lift(&self, y: &[Complex64]) -> Vec<Complex64> {
        let mut x: Vec<Complex64> = y.to_vec();
        x.push(Complex64::new(1.0, 0.0));
        let s: Complex64 = x.iter().zip(&self.0).map(|(u, v)| u * v).sum();
        x.iter().map(|u| u / s).collect()
    }

    /// Row `n` of $H$, $\partial_x H$ (row length $n + 1$) and $\partial_t H$: the chart
    /// equation $a \cdot x - 1$.
    pub(crate) fn equation(
        &self,
        x: &[Complex64],
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        let (n, m) = (self.0.len() - 1, self.0.len());
        let s: Complex64 = x.iter().zip(&self.0).map(|(u, v)| u * v).sum();
        h[n] = s - 1.0;
        ht[n] = Complex64::default();
        jx[n * m..n * m + m].copy_from_slice(&self.0);
    }

    /// [`equation`](Self::equation) in double-double.
    pub(crate) fn equation_dd(
        &self,
        x: &[ComplexDd],
        h: &mut [ComplexDd],
        jx: &mut [ComplexDd],
        ht: &mut [ComplexDd],
    ) {
        let (n, m) = (self.0.len() - 1, self.0.len());
        let mut s = ComplexDd::from(Complex64::new(-1.0, 0.0));
        for (j, c) in self.0.iter().enumerate() {
            s += x[j].scale(*c);
            jx[n * m + j] = ComplexDd::from(*c);
        }
        h[n] = s;
        ht[n] = ComplexDd::default();
    }

    /// [`equation`](Self::equation) in MPC at `p` bits.
    pub(crate) fn equation_mp(
        &self,
        x: &[Complex],
        p: u32,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    ) {
        let (n, m) = (self.0.len() - 1, self.0.len());
        let mut s = Complex::with_val(p, -1);
        for (j, c) in self.0.iter().enumerate() {
            let cj = Complex::from_c64(*c, p);
            s += Complex::with_val(p, &cj * &x[j]);
            jx[n * m + j] = cj;
        }
        h[n] = s;
        ht[n] = Complex::new(p);
    }
}

/// The projective straight-line homotopy $(1-t)F^h + \gamma t G^h$ on the chart
/// $a\cdot x = 1$ (see the module documentation).
///
/// $F^h$ and $G^h$ are evaluated together, as the coefficient [`Pencil`] of their
/// merged supports: $H$ and $\partial_x H$ with the coefficients $(1-t)f + \gamma t g$
/// and $\partial_t H$ with $\gamma g - f$, in one pass over the terms (in `f64` and in
/// double-double; multiprecision evaluates $F^h$ and $G^h$ apart).
pub struct StraightLine {
    /// Distinct for every homotopy built: the key of a workspace's cached coefficients.
    id: u64,
    n: usize,
    target_h: System,
    start_h: System,
    pencil: Pencil,
    /// The coefficients of $\partial_t H = \gamma G^h - F^h$ on the pencil's terms.
    dt: Vec<Complex64>,
    gamma: Complex64,
    chart: Chart,
    mp: [OnceLock<MpLevel>; PRECISION_LADDER.len()],
    dd: OnceLock<(DdPencil, Vec<ComplexDd>)>,
}

impl std::fmt::Debug for StraightLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StraightLine")
            .field("n", &self.n)
            .field("gamma", &self.gamma)
            .finish()
    }
}

/// Workspace of a [`StraightLine`].
pub struct StraightLineWorkspace {
    pencil: Workspace,
    /// The coefficients of $H$ at `coefficients_at` = (homotopy, $t$): the corrector
    /// evaluates several times at one $t$.
    coefficients: Vec<Complex64>,
    coefficients_at: Option<(u64, Complex64)>,
    mp: Vec<MpBuffers>,
    dd: Option<(DdWorkspace, Vec<ComplexDd>)>,
}

/// Multiprecision scratch of one precision: (bits, workspaces of $F^h$ and $G^h$,
/// values of $F^h$, $G^h$, Jacobians of $F^h$, $G^h$).
type MpBuffers = (
    u32,
    MpWorkspace,
    MpWorkspace,
    Vec<Complex>,
    Vec<Complex>,
    Vec<Complex>,
    Vec<Complex>,
);

impl StraightLine {
    /// $H$ for target $F$ and start $G$ (same number of variables, square), with
    /// $\gamma$ and the chart $a$ drawn from `rng`.
    pub fn new(target: &System, start: &System, rng: &mut poly::Rng) -> Self {
        assert!(target.is_square() && start.is_square(), "square systems");
        assert_eq!(target.nvars(), start.nvars());
        let n = target.nvars();
        let gamma = rng.unit_complex();
        let chart = Chart::random(n, rng);
        let target_h = homogenize(target);
        let start_h = homogenize(start);
        let pencil = Pencil::new(&target_h, &start_h).expect("square systems of one size");
        let mut dt = vec![Complex64::default(); pencil.nterms()];
        pencil.combine(Complex64::new(-1.0, 0.0), gamma, &mut dt);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            n,
            pencil,
            dt,
            target_h,
            start_h,
            gamma,
            chart,
            mp: Default::default(),
            dd: OnceLock::new(),
        }
    }

    /// The number of affine unknowns $n$ (the homotopy has $n+1$).
    pub fn affine_nvars(&self) -> usize {
        self.n
    }

    /// The random $\gamma$.
    pub fn gamma(&self) -> Complex64 {
        self.gamma
    }

    /// Lifts an affine point $y \in \mathbb{C}^n$ to the chart: $x = \lambda (y, 1)$ with
    /// $\lambda = 1 / (a \cdot (y, 1))$.
    pub fn to_chart(&self, y: &[Complex64]) -> Vec<Complex64> {
        self.chart.lift(y)
    }

    /// The pencil's coefficients $(1-t)f + \gamma t g$ of $H(\cdot, t)$ in `ws`,
    /// combined unless they are there already.
    fn coefficients_at(&self, t: Complex64, ws: &mut StraightLineWorkspace) {
        if ws.coefficients_at != Some((self.id, t)) {
            let a = Complex64::new(1.0, 0.0) - t;
            let b = self.gamma * t;
            self.pencil.combine(a, b, &mut ws.coefficients);
            ws.coefficients_at = Some((self.id, t));
        }
    }

    fn level(&self, prec: u32) -> (&MpLevel, u32) {
        let i = PRECISION_LADDER
            .iter()
            .position(|&p| p >= prec)
            .unwrap_or(PRECISION_LADDER.len() - 1);
        let p = PRECISION_LADDER[i];
        (
            self.mp[i].get_or_init(|| MpLevel {
                f: MpEvaluator::new(&self.target_h, p),
                g: MpEvaluator::new(&self.start_h, p),
            }),
            p,
        )
    }
}

impl Homotopy for StraightLine {
    type Workspace = StraightLineWorkspace;

    fn nvars(&self) -> usize {
        self.n + 1
    }

    fn workspace(&self) -> StraightLineWorkspace {
        let z = Complex64::default();
        StraightLineWorkspace {
            pencil: self.pencil.workspace(),
            coefficients: vec![z; self.pencil.nterms()],
            coefficients_at: None,
            mp: Vec::new(),
            dd: None,
        }
    }

    fn evaluate(
        &self,
        x: &[Complex64],
        t: Complex64,
        ws: &mut StraightLineWorkspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        self.coefficients_at(t, ws);
        self.pencil
            .evaluate(&ws.coefficients, &self.dt, x, &mut ws.pencil, h, jx, ht);
        self.chart.equation(x, h, jx, ht);
    }

    fn term_sizes(
        &self,
        x: &[Complex64],
        t: Complex64,
        ws: &mut StraightLineWorkspace,
        sizes: &mut [f64],
    ) -> bool {
        self.coefficients_at(t, ws);
        self.pencil
            .term_sizes(&ws.coefficients, x, &mut ws.pencil, sizes);
        // the chart equation a . x - 1
        sizes[self.n] = 1.0
            + x.iter()
                .zip(&self.chart.0)
                .map(|(u, v)| (u * v).norm())
                .sum::<f64>();
        true
    }

    fn evaluate_dd(
        &self,
        x: &[ComplexDd],
        t: Complex64,
        ws: &mut StraightLineWorkspace,
        h: &mut [ComplexDd],
        jx: &mut [ComplexDd],
        ht: &mut [ComplexDd],
    ) {
        let (pencil, dt) = self.dd.get_or_init(|| {
            let pencil =
                DdPencil::new(&self.target_h, &self.start_h).expect("square systems of one size");
            let mut dt = vec![ComplexDd::default(); pencil.nterms()];
            let minus_one = ComplexDd::from(Complex64::new(-1.0, 0.0));
            pencil.combine(minus_one, ComplexDd::from(self.gamma), &mut dt);
            (pencil, dt)
        });
        let (pws, coefficients) = ws.dd.get_or_insert_with(|| {
            (
                pencil.workspace(),
                vec![ComplexDd::default(); pencil.nterms()],
            )
        });
        let a = ComplexDd::from(Complex64::new(1.0, 0.0)) - ComplexDd::from(t);
        let b = ComplexDd::from(self.gamma) * ComplexDd::from(t);
        pencil.combine(a, b, coefficients);
        pencil.evaluate(coefficients, dt, x, pws, h, jx, ht);
        self.chart.equation_dd(x, h, jx, ht);
    }

    fn evaluate_mp(
        &self,
        x: &[Complex],
        t: Complex64,
        prec: u32,
        ws: &mut StraightLineWorkspace,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    ) {
        let n = self.n;
        let m = n + 1;
        let (level, p) = self.level(prec);
        let k = match ws.mp.iter().position(|e| e.0 == p) {
            Some(k) => k,
            None => {
                let z = Complex::new(p);
                ws.mp.push((
                    p,
                    level.f.workspace(),
                    level.g.workspace(),
                    vec![z.clone(); n],
                    vec![z.clone(); n],
                    vec![z.clone(); n * m],
                    vec![z; n * m],
                ));
                ws.mp.len() - 1
            }
        };
        let (_, wf, wg, fv, gv, fj, gj) = &mut ws.mp[k];
        level.f.evaluate_with_jacobian(x, wf, fv, fj);
        level.g.evaluate_with_jacobian(x, wg, gv, gj);
        let a = Complex::with_val(p, (1.0 - t.re, -t.im));
        let gamma = Complex::with_val(p, (self.gamma.re, self.gamma.im));
        let tt = Complex::with_val(p, (t.re, t.im));
        let b = Complex::with_val(p, &gamma * &tt);
        for i in 0..n {
            let u = Complex::with_val(p, &a * &fv[i]);
            let v = Complex::with_val(p, &b * &gv[i]);
            h[i] = Complex::with_val(p, &u + &v);
            let w = Complex::with_val(p, &gamma * &gv[i]);
            ht[i] = Complex::with_val(p, &w - &fv[i]);
            for j in 0..m {
                let u = Complex::with_val(p, &a * &fj[i * m + j]);
                let v = Complex::with_val(p, &b * &gj[i * m + j]);
                jx[i * m + j] = Complex::with_val(p, &u + &v);
            }
        }
        self.chart.equation_mp(x, p, h, jx, ht);
    }
}

/// Checks a homotopy's $\partial_t H$ and $\partial_x H$ against forward differences
/// (step $10^{-7}$, tolerance $10^{-5}$) and its 128-bit evaluation against the `f64`
/// one ($H$ and $\partial_x H$ to `mp_tolerance`, $\partial_t H$ to `ht_mp_tolerance`).
/// With `relative`, every tolerance is scaled by $1 + |v|$ of the value $v$ compared.
#[cfg(test)]
pub(crate) fn assert_derivatives<H: Homotopy>(
    h: &H,
    x: &[Complex64],
    t: Complex64,
    relative: bool,
    mp_tolerance: f64,
    ht_mp_tolerance: f64,
) {
    let scale = |v: Complex64| if relative { 1.0 + v.norm() } else { 1.0 };
    let n = x.len();
    let mut ws = h.workspace();
    let z = Complex64::default();
    let (mut hv, mut jx, mut ht) = (vec![z; n], vec![z; n * n], vec![z; n]);
    h.evaluate(x, t, &mut ws, &mut hv, &mut jx, &mut ht);
    let eps = 1e-7;
    let (mut h2, mut j2, mut t2) = (vec![z; n], vec![z; n * n], vec![z; n]);
    h.evaluate(x, t + eps, &mut ws, &mut h2, &mut j2, &mut t2);
    for i in 0..n {
        assert!(
            ((h2[i] - hv[i]) / eps - ht[i]).norm() < 1e-5 * scale(ht[i]),
            "dH/dt, row {i}"
        );
    }
    for j in 0..n {
        let mut y = x.to_vec();
        y[j] += eps;
        h.evaluate(&y, t, &mut ws, &mut h2, &mut j2, &mut t2);
        for i in 0..n {
            let d = jx[i * n + j];
            assert!(
                ((h2[i] - hv[i]) / eps - d).norm() < 1e-5 * scale(d),
                "dH/dx, entry ({i}, {j})"
            );
        }
    }
    let xm: Vec<Complex> = x.iter().map(|z| Complex::from_c64(*z, 128)).collect();
    let zm = Complex::new(128);
    let (mut hm, mut jm, mut tm) = (vec![zm.clone(); n], vec![zm.clone(); n * n], vec![zm; n]);
    h.evaluate_mp(&xm, t, 128, &mut ws, &mut hm, &mut jm, &mut tm);
    for i in 0..n {
        assert!(
            (hm[i].to_c64() - hv[i]).norm() < mp_tolerance * scale(hv[i]),
            "H in MPC, row {i}"
        );
        assert!(
            (tm[i].to_c64() - ht[i]).norm() < ht_mp_tolerance * scale(ht[i]),
            "dH/dt in MPC, row {i}"
        );
        for j in 0..n {
            let k = i * n + j;
            assert!(
                (jm[k].to_c64() - jx[k]).norm() < mp_tolerance * scale(jx[k]),
                "dH/dx in MPC, entry ({i}, {j})"
            );
        }
    }
    // double-double against MPC at 256 bits: agreement to about 2^-100, far below f64
    let xm: Vec<Complex> = x.iter().map(|z| Complex::from_c64(*z, 256)).collect();
    let zm = Complex::new(256);
    let (mut hm, mut jm, mut tm) = (vec![zm.clone(); n], vec![zm.clone(); n * n], vec![zm; n]);
    h.evaluate_mp(&xm, t, 256, &mut ws, &mut hm, &mut jm, &mut tm);
    let xd: Vec<ComplexDd> = x.iter().map(|&z| ComplexDd::from(z)).collect();
    let zd = ComplexDd::default();
    let (mut hd, mut jd, mut td) = (vec![zd; n], vec![zd; n * n], vec![zd; n]);
    h.evaluate_dd(&xd, t, &mut ws, &mut hd, &mut jd, &mut td);
    let close = |d: &ComplexDd, m: &Complex, what: &str| {
        let diff = Complex::with_val(256, &d.to_complex(256) - m);
        let size = 1.0 + m.clone().abs().real().to_f64();
        let err = diff.abs().real().to_f64();
        assert!(
            err <= 1e-26 * size,
            "{what} in double-double: error {err:e}"
        );
    };
    for i in 0..n {
        close(&hd[i], &hm[i], "H");
        close(&td[i], &tm[i], "dH/dt");
        for j in 0..n {
            close(&jd[i * n + j], &jm[i * n + j], "dH/dx");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_solutions_solve_the_start_system_and_are_distinct() {
        let td = TotalDegree::new(vec![2, 3, 1]);
        assert_eq!(td.count(), 6);
        let names: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let g = td.system(&names);
        let sols: Vec<_> = td.solutions().collect();
        for (i, s) in sols.iter().enumerate() {
            for p in g.polynomials() {
                assert!(p.eval_c64(s).norm() < 1e-14);
            }
            for other in &sols[..i] {
                assert!(s.iter().zip(other).any(|(u, v)| (u - v).norm() > 0.1));
            }
        }
    }

    #[test]
    fn derivatives_match_finite_differences_in_both_precisions() {
        let f = poly::parse_phc("2\n x^2*y + 3*y - 1;\n x*y - 2*x + y^2;").unwrap();
        let td = TotalDegree::new(f.degrees());
        let g = td.system(f.variables());
        let h = StraightLine::new(&f, &g, &mut poly::Rng::new(3));
        let x = [
            Complex64::new(0.3, 0.2),
            Complex64::new(-0.7, 0.1),
            Complex64::new(0.5, -0.4),
        ];
        assert_derivatives(&h, &x, Complex64::new(0.4, 0.1), false, 1e-14, 1e-14);
    }

    /// The coefficients a workspace keeps for the last $t$ belong to one homotopy: a
    /// workspace passed between two homotopies at the same $t$ gives each its own
    /// values, the same as a fresh workspace.
    #[test]
    fn a_workspace_shared_by_two_homotopies_gives_each_its_values() {
        let f1 = poly::parse_phc("2\n x^2*y + 3*y - 1;\n x*y - 2*x + y^2;").unwrap();
        let f2 = poly::parse_phc("2\n x^2*y - y + 5;\n 2*x*y + x - y^2;").unwrap();
        let g = TotalDegree::new(f1.degrees()).system(f1.variables());
        let h1 = StraightLine::new(&f1, &g, &mut poly::Rng::new(3));
        let h2 = StraightLine::new(&f2, &g, &mut poly::Rng::new(3));
        let x = [
            Complex64::new(0.3, 0.2),
            Complex64::new(-0.7, 0.1),
            Complex64::new(0.5, -0.4),
        ];
        let t = Complex64::new(0.4, 0.0);
        let z = Complex64::default();
        let eval = |h: &StraightLine, ws: &mut StraightLineWorkspace| {
            let (mut hv, mut jx, mut ht) = ([z; 3], [z; 9], [z; 3]);
            h.evaluate(&x, t, ws, &mut hv, &mut jx, &mut ht);
            (hv, jx, ht)
        };
        let mut shared = h1.workspace();
        let first = eval(&h1, &mut shared);
        let second = eval(&h2, &mut shared);
        assert_eq!(first, eval(&h1, &mut h1.workspace()));
        assert_eq!(second, eval(&h2, &mut h2.workspace()));
        assert_ne!(first.0, second.0);
        // and again at the same t, now from the cache
        assert_eq!(eval(&h2, &mut shared), second);
    }

    #[test]
    fn term_sizes_see_through_a_gradient_that_cancels() {
        // (x - 2)^2 at its double root: value and gradient 0, terms 4 + 8 + 4
        let f = poly::parse_phc("1\n x^2 - 4*x + 4;").unwrap();
        let g = TotalDegree::new(f.degrees()).system(f.variables());
        let h = StraightLine::new(&f, &g, &mut poly::Rng::new(5));
        let mut ws = h.workspace();
        let x = [Complex64::new(2.0, 0.0), Complex64::new(1.0, 0.0)]; // (x, x_0)
        let z = Complex64::default();
        let (mut hv, mut jx, mut ht) = ([z; 2], [z; 4], [z; 2]);
        h.evaluate(&x, z, &mut ws, &mut hv, &mut jx, &mut ht);
        assert!(hv[0].norm() < 1e-15 && jx[0].norm() < 1e-15);
        let mut sizes = [0.0; 2];
        assert!(h.term_sizes(&x, z, &mut ws, &mut sizes));
        assert!((sizes[0] - 16.0).abs() < 1e-13, "{sizes:?}");
        let chart = 1.0 + h.chart.0[0].norm() * 2.0 + h.chart.0[1].norm();
        assert!((sizes[1] - chart).abs() < 1e-13, "{sizes:?}");
        // at t = 1 the start system x^2 - x_0^2 times gamma: 1 + 1
        h.term_sizes(&x, Complex64::new(1.0, 0.0), &mut ws, &mut sizes);
        assert!((sizes[0] - 5.0).abs() < 1e-13, "{sizes:?}");
    }
}
