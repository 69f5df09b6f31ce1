//! The random-coefficient start system $G$ and the lifted (toric) homotopy of one
//! mixed cell.
//!
//! $G_i(x) = \sum_{a \in A_i} c_{i,a} x^a$ with the lifting $w_i$ gives
//! $G_i(x, t) = \sum_a c_{i,a} x^a t^{w_i(a)}$. For a mixed cell with inner normal
//! $\gamma$ and $\beta_i = \langle a_i, \gamma\rangle + w_i(a_i)$, the substitution
//! $x = t^{\gamma} y$ and division by $t^{\beta_i}$ give
//! $$ H_i(y, t) = \sum_{a \in A_i} c_{i,a}\, y^a\, t^{e_{i,a}}, \qquad
//! e_{i,a} = \langle a, \gamma\rangle + w_i(a) - \beta_i \ge 0, $$
//! with $e_{i,a} = 0$ exactly for the cell's two points $a_i, b_i$: at $t = 0$, $H$ is
//! the binomial system of the cell, at $t = 1$ it is $G$. The exponents are exact
//! rationals (integer numerators over the normal's denominator).
//!
//! **Stable tracking for large exponents.** The exponents are divided by the smallest
//! positive one, $\hat e = e / e_{\min}$ (a reparametrization $t \mapsto t^{e_{\min}}$),
//! and written with $s = \log t = s_0 \tau$, $\tau \in [0, 1]$: every factor
//! $t^{\hat e} = e^{s_0 \tau \hat e}$ lies in $(0, 1]$ and a large exponent only switches
//! its term on when $\tau \sim 1/(|s_0| \hat e)$. The start $s_0 < 0$ is chosen per cell
//! so that at the binomial roots every other term is below $\delta$ times the cell's
//! terms, $|c_a y^a| e^{s_0 \hat e_a} \le \delta\, |c_{a_i} y^{a_i}|$ (computed in
//! logarithms: $|y|$ is the same for all roots of a cell); the binomial root is then
//! corrected by Newton's method at $s_0$. Since the terms switch on at all scales of
//! $\tau$, the path is followed uniformly in $\log\tau$ ([`Piece::Log`]) down to a
//! $\tau_{end}$ below which nothing changes, then to $\tau = 0$ ([`Piece::Linear`]), in
//! the logarithmic unknowns $z = \log y$ ([`CellHomotopy`]), which keeps the Jacobian
//! well scaled while $|y|$ moves over orders of magnitude. Each piece follows the
//! crate's [`Homotopy`] convention: its start at $t = 1$, its end at $t = 0$; at
//! $\tau = 0$ the homotopy is $G$ exactly (every factor is $e^0 = 1$).

use crate::homotopy::Homotopy;
use num_complex::Complex64;
use poly::{Coefficient, ComplexDd, Polynomial, System, Term};
use rug::{Complex, Integer};

/// One term $c\, x^a$ of the start system, stored sparsely.
#[derive(Clone, Debug)]
pub struct StartTerm {
    /// The coefficient $c$.
    pub coefficient: Complex64,
    /// The dense exponent vector $a$.
    pub exponents: Vec<u32>,
    /// The nonzero exponents as (variable, power).
    sparse: Vec<(usize, u32)>,
}

/// The random-coefficient start system $G$ on given supports.
#[derive(Clone, Debug)]
pub struct StartSystem {
    n: usize,
    /// Terms of each equation, in the order of the supports.
    pub equations: Vec<Vec<StartTerm>>,
}

impl StartSystem {
    /// $G$ with support `supports[i]` for equation $i$ and coefficients drawn from `rng`
    /// (standard complex normal).
    pub fn random(supports: &[Vec<Vec<u32>>], rng: &mut poly::Rng) -> Self {
        let n = supports.len();
        let equations: Vec<Vec<StartTerm>> = supports
            .iter()
            .map(|s| {
                s.iter()
                    .map(|a| StartTerm {
                        coefficient: rng.complex_normal(),
                        exponents: a.clone(),
                        sparse: a
                            .iter()
                            .enumerate()
                            .filter(|(_, &e)| e > 0)
                            .map(|(j, &e)| (j, e))
                            .collect(),
                    })
                    .collect()
            })
            .collect();
        Self { n, equations }
    }

    /// The number of unknowns.
    pub fn nvars(&self) -> usize {
        self.n
    }

    /// $G$ as a polynomial system (coefficients exact copies of the `f64` values).
    pub fn system(&self, names: &[String]) -> System {
        let polys = self
            .equations
            .iter()
            .map(|eq| {
                Polynomial::from_terms(
                    self.n,
                    eq.iter().map(|t| Term {
                        coefficient: Coefficient::from_c64(t.coefficient)
                            .expect("finite random coefficient"),
                        exponents: t.exponents.clone(),
                    }),
                )
            })
            .collect();
        System::new(names.to_vec(), polys).expect("valid start system")
    }
}

/// The data of one mixed cell needed by its homotopy.
#[derive(Clone, Debug)]
pub struct CellExponents {
    /// $\hat e_{i,a}$ per equation and term (0 exactly on the cell's points).
    pub weights: Vec<Vec<f64>>,
    /// The cell's two term indices per equation.
    pub indices: Vec<[usize; 2]>,
}

impl CellExponents {
    /// The exponents $e_{i,a}$ of a mixed cell, exactly, normalized by the smallest
    /// positive one. Errors if the cell's inequalities do not hold for the lifting
    /// (that would not be a mixed cell of this subdivision).
    pub fn new(
        supports: &[Vec<Vec<u32>>],
        lifting: &[Vec<i64>],
        cell: &polytope::MixedCell,
    ) -> Result<Self, String> {
        let d = &cell.denominator;
        let numerators: Vec<Vec<Integer>> = supports
            .iter()
            .zip(lifting)
            .zip(&cell.indices)
            .map(|((s, w), idx)| {
                let value = |k: usize| -> Integer {
                    let mut acc = Integer::from(d * w[k]);
                    for (a, g) in s[k].iter().zip(&cell.normal) {
                        acc += Integer::from(g * *a);
                    }
                    acc
                };
                let beta = value(idx[0]);
                (0..s.len()).map(|k| value(k) - &beta).collect()
            })
            .collect();
        let mut min_pos: Option<Integer> = None;
        for (i, (nums, idx)) in numerators.iter().zip(&cell.indices).enumerate() {
            for (k, e) in nums.iter().enumerate() {
                let on_cell = k == idx[0] || k == idx[1];
                if on_cell && *e != 0 {
                    return Err(format!(
                        "mixed cell: the two points of support {i} are not on one facet"
                    ));
                }
                if !on_cell {
                    if *e <= 0 {
                        return Err(format!(
                            "mixed cell: point {k} of support {i} is not above the facet"
                        ));
                    }
                    if min_pos.as_ref().is_none_or(|m| e < m) {
                        min_pos = Some(e.clone());
                    }
                }
            }
        }
        let weights = match min_pos {
            None => numerators.iter().map(|v| vec![0.0; v.len()]).collect(),
            Some(m) => numerators
                .iter()
                .map(|v| {
                    v.iter()
                        .map(|e| rug::Rational::from((e, &m)).to_f64())
                        .collect()
                })
                .collect(),
        };
        Ok(Self {
            weights,
            indices: cell.indices.clone(),
        })
    }
}

/// How the homotopy parameter $t \in [0, 1]$ of one tracked piece maps to $\tau$
/// ($t = 1$ is the piece's start, $t = 0$ its end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Piece {
    /// $\tau = e^{\lambda_b + t(\lambda_a - \lambda_b)}$: from $\tau_a = e^{\lambda_a}$
    /// to $\tau_b = e^{\lambda_b}$, uniform in $\log \tau$ (the scale on which the terms
    /// switch on).
    Log {
        /// $\lambda_a = \log \tau_a$.
        from: f64,
        /// $\lambda_b = \log \tau_b$.
        to: f64,
    },
    /// $\tau = \tau_a t$: from $\tau_a$ to $0$, where the homotopy is $G$.
    Linear {
        /// $\tau_a$.
        from: f64,
    },
}

impl Piece {
    /// $(\tau(t), d\tau/dt)$.
    fn tau(&self, t: Complex64) -> (Complex64, Complex64) {
        match *self {
            Piece::Log { from, to } => {
                let tau = (t * (from - to) + to).exp();
                (tau, tau * (from - to))
            }
            Piece::Linear { from } => (t * from, Complex64::new(from, 0.0)),
        }
    }
}

/// The toric homotopy of one mixed cell on one piece of the $\tau$ range, in
/// logarithmic unknowns $z = \log y$ (so $y^a = e^{\langle a, z\rangle}$), each equation
/// divided by its anchor term $c_{i,a_i} y^{a_i}$:
/// $$H_i(z, t) = \sum_{a \in A_i} \frac{c_{i,a}}{c_{i,a_i}}\,
/// e^{\langle a - a_i, z\rangle + s_0 \tau(t) \hat e_{i,a}}.$$
/// This is holomorphic in $z$ with the same paths as the polynomial form, and it is
/// scale-free: along a path $|y_j|$ may move over many orders of magnitude (binomial
/// roots with $|y_j|$ from $10^{-7}$ to $10^{3}$ reach roots of $G$ of size 1), which in
/// $y$ makes the Jacobian's condition number — and so the precision the tracker asks
/// for — explode, while in $z$ it is a bounded move with a Jacobian
/// $\partial H_i/\partial z_j = \sum_a (a - a_i)_j\,T_{i,a}$ of well-scaled columns;
/// at the start it is $-\mathrm{diag}$-scaled $V = (b_i - a_i)_i$. A term is formed as
/// one exponential of its exponent, so no large power overflows, and terms below
/// $e^{-740}$ are skipped.
#[derive(Debug)]
pub struct CellHomotopy<'a> {
    start: &'a StartSystem,
    cell: &'a CellExponents,
    s0: f64,
    piece: Piece,
    /// $c_{i,a} / c_{i,a_i}$.
    coefficients: Vec<Vec<Complex64>>,
}

/// Workspace of a [`CellHomotopy`] (it needs none).
#[derive(Debug, Default)]
pub struct CellWorkspace;

impl<'a> CellHomotopy<'a> {
    /// The homotopy in $\tau = t$ started at $s_0 < 0$.
    pub fn new(start: &'a StartSystem, cell: &'a CellExponents, s0: f64) -> Self {
        Self::piece(start, cell, s0, Piece::Linear { from: 1.0 })
    }

    /// The homotopy on `piece`.
    pub fn piece(start: &'a StartSystem, cell: &'a CellExponents, s0: f64, piece: Piece) -> Self {
        assert!(s0 < 0.0 && s0.is_finite(), "s0 must be negative");
        let coefficients = start
            .equations
            .iter()
            .zip(&cell.indices)
            .map(|(eq, idx)| {
                let anchor = eq[idx[0]].coefficient;
                eq.iter().map(|t| t.coefficient / anchor).collect()
            })
            .collect();
        Self {
            start,
            cell,
            s0,
            piece,
            coefficients,
        }
    }

    /// The log-parameter start $s_0$.
    pub fn s0(&self) -> f64 {
        self.s0
    }

    /// The $s_0$ for which every non-cell term is at most `delta` times the cell's
    /// terms of its equation at a point with $\log|y| =$ `log_modulus`, and at most
    /// $\log\delta$.
    pub fn start_parameter(
        start: &StartSystem,
        cell: &CellExponents,
        log_modulus: &[f64],
        delta: f64,
    ) -> f64 {
        let ld = delta.ln();
        let mut s0 = ld;
        let log_size = |t: &StartTerm| -> f64 {
            t.coefficient.norm().ln()
                + t.sparse
                    .iter()
                    .map(|&(j, e)| f64::from(e) * log_modulus[j])
                    .sum::<f64>()
        };
        for ((eq, w), idx) in start.equations.iter().zip(&cell.weights).zip(&cell.indices) {
            let reference = log_size(&eq[idx[0]]).max(log_size(&eq[idx[1]]));
            for (k, t) in eq.iter().enumerate() {
                if k == idx[0] || k == idx[1] || w[k] <= 0.0 {
                    continue;
                }
                let excess = log_size(t) - reference;
                s0 = s0.min((ld - excess) / w[k]);
            }
        }
        s0
    }

    /// $\langle a, z\rangle$ for a sparse exponent.
    #[inline]
    fn dot<T: CellScalar>(sparse: &[(usize, u32)], z: &[T]) -> T {
        sparse
            .iter()
            .fold(T::default(), |acc, &(j, e)| acc + z[j] * f64::from(e))
    }

    /// $H$, $\partial_z H$ (row-major) and $\partial_t H$ at $(z, t)$ in `f64` or
    /// double-double: each term $\frac{c_{i,a}}{c_{i,a_i}} e^{x}$ with
    /// $x = \langle a - a_i, z\rangle + s_0 \tau \hat e_{i,a}$ from one exponential;
    /// terms with $\mathrm{Re}\,x < -740$ (below `f64`'s range) are skipped.
    fn evaluate_in<T: CellScalar>(
        &self,
        z: &[T],
        t: Complex64,
        h: &mut [T],
        jx: &mut [T],
        ht: &mut [T],
    ) {
        let n = self.start.n;
        let zero = T::default();
        let (tau, dtau) = self.piece.tau(t);
        let tau = T::from_c64(tau);
        h.fill(zero);
        ht.fill(zero);
        jx.fill(zero);
        for i in 0..n {
            let eq = &self.start.equations[i];
            let anchor = &eq[self.cell.indices[i][0]];
            let za = Self::dot(&anchor.sparse, z);
            let row = &mut jx[i * n..(i + 1) * n];
            for ((term, &c), &w) in eq
                .iter()
                .zip(&self.coefficients[i])
                .zip(&self.cell.weights[i])
            {
                let sw = self.s0 * w;
                let x = Self::dot(&term.sparse, z) - za + tau * sw;
                if x.re_f64() < -740.0 {
                    continue;
                }
                let v = x.scaled_exp(c);
                h[i] += v;
                if w != 0.0 {
                    ht[i] += v.rate(sw, dtau);
                }
                for &(j, e) in &term.sparse {
                    row[j] += v * f64::from(e);
                }
            }
            // the anchor's share of the z-derivative: -(a_i)_j H_i
            for &(j, e) in &anchor.sparse {
                row[j] -= h[i] * f64::from(e);
            }
        }
    }
}

/// The scalars [`CellHomotopy`] evaluates in with one code path: `Complex<f64>` and
/// [`ComplexDd`].
trait CellScalar:
    Copy
    + Default
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::AddAssign
    + std::ops::SubAssign
    + std::ops::Mul<f64, Output = Self>
{
    /// The value of an `f64` complex.
    fn from_c64(z: Complex64) -> Self;
    /// $\mathrm{Re}\,z$ rounded to `f64`.
    fn re_f64(self) -> f64;
    /// $c\,e^z$.
    fn scaled_exp(self, c: Complex64) -> Self;
    /// $v\,s\,\tau'$, the $t$-derivative of a term $v$ with exponent factor $s$.
    fn rate(self, s: f64, dtau: Complex64) -> Self;
}

impl CellScalar for Complex64 {
    fn from_c64(z: Complex64) -> Self {
        z
    }
    fn re_f64(self) -> f64 {
        self.re
    }
    fn scaled_exp(self, c: Complex64) -> Self {
        c * self.exp()
    }
    fn rate(self, s: f64, dtau: Complex64) -> Self {
        self * s * dtau
    }
}

impl CellScalar for ComplexDd {
    fn from_c64(z: Complex64) -> Self {
        ComplexDd::from(z)
    }
    fn re_f64(self) -> f64 {
        self.re.hi
    }
    fn scaled_exp(self, c: Complex64) -> Self {
        self.exp().scale(c)
    }
    fn rate(self, s: f64, dtau: Complex64) -> Self {
        self.scale(dtau * s)
    }
}

impl Homotopy for CellHomotopy<'_> {
    type Workspace = CellWorkspace;

    fn nvars(&self) -> usize {
        self.start.n
    }

    fn workspace(&self) -> CellWorkspace {
        CellWorkspace
    }

    fn evaluate(
        &self,
        z: &[Complex64],
        t: Complex64,
        _ws: &mut CellWorkspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        self.evaluate_in(z, t, h, jx, ht);
    }

    /// As [`Homotopy::evaluate`] in double-double: each term one
    /// [`ComplexDd::exp`], the same sums.
    fn evaluate_dd(
        &self,
        z: &[ComplexDd],
        t: Complex64,
        _ws: &mut CellWorkspace,
        h: &mut [ComplexDd],
        jx: &mut [ComplexDd],
        ht: &mut [ComplexDd],
    ) {
        self.evaluate_in(z, t, h, jx, ht);
    }

    fn evaluate_mp(
        &self,
        z: &[Complex],
        t: Complex64,
        prec: u32,
        _ws: &mut CellWorkspace,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    ) {
        let n = self.start.n;
        let (tau, dtau) = self.piece.tau(t);
        let tau_m = Complex::with_val(prec, (tau.re, tau.im));
        let dot = |sparse: &[(usize, u32)]| -> Complex {
            let mut acc = Complex::new(prec);
            for &(j, e) in sparse {
                acc += Complex::with_val(prec, &z[j] * e);
            }
            acc
        };
        for i in 0..n {
            h[i] = Complex::new(prec);
            ht[i] = Complex::new(prec);
            for j in 0..n {
                jx[i * n + j] = Complex::new(prec);
            }
            let eq = &self.start.equations[i];
            let anchor = &eq[self.cell.indices[i][0]];
            let za = dot(&anchor.sparse);
            for ((term, &c), &w) in eq
                .iter()
                .zip(&self.coefficients[i])
                .zip(&self.cell.weights[i])
            {
                let sw = self.s0 * w;
                let mut x = dot(&term.sparse);
                x -= &za;
                x += Complex::with_val(prec, &tau_m * sw);
                if x.real().to_f64() < -740.0 {
                    continue;
                }
                let mut v = x.exp();
                v *= Complex::with_val(prec, (c.re, c.im));
                if w != 0.0 {
                    let d = dtau * sw;
                    ht[i] += Complex::with_val(prec, &v * Complex::with_val(prec, (d.re, d.im)));
                }
                for &(j, e) in &term.sparse {
                    jx[i * n + j] += Complex::with_val(prec, &v * e);
                }
                h[i] += v;
            }
            for &(j, e) in &anchor.sparse {
                let d = Complex::with_val(prec, &h[i] * e);
                jx[i * n + j] -= d;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (StartSystem, CellExponents) {
        let supports = vec![
            vec![vec![0, 0], vec![2, 1], vec![1, 0], vec![0, 3]],
            vec![vec![1, 1], vec![0, 0], vec![3, 0], vec![0, 1]],
        ];
        let start = StartSystem::random(&supports, &mut poly::Rng::new(4));
        let sub = polytope::mixed_cells(&supports, 9).unwrap();
        let cell = CellExponents::new(&supports, &sub.lifting, &sub.cells[0]).unwrap();
        (start, cell)
    }

    fn check_derivatives(h: &CellHomotopy, x: &[Complex64], t: Complex64) {
        crate::homotopy::assert_derivatives(h, x, t, true, 1e-13, 1e-13);
    }

    #[test]
    fn derivatives_match_finite_differences_in_both_precisions() {
        let (start, cell) = setup();
        let x = vec![Complex64::new(0.3, 0.2), Complex64::new(-0.7, 0.4)];
        let t = Complex64::new(0.4, 0.1);
        check_derivatives(&CellHomotopy::new(&start, &cell, -3.0), &x, t);
        let log = CellHomotopy::piece(
            &start,
            &cell,
            -3.0,
            Piece::Log {
                from: 0.0,
                to: -5.0,
            },
        );
        check_derivatives(&log, &x, t);
    }

    /// The double-double evaluation agrees with MPC at 256 bits to about $2^{-100}$
    /// relative to the size of the terms, over terms from $e^{-700}$ to $e^{30}$.
    #[test]
    fn double_double_matches_mpc_over_all_term_sizes() {
        let (start, cell) = setup();
        let mut rng = poly::Rng::new(21);
        for s0 in [-3.0, -40.0, -400.0] {
            for piece in [
                Piece::Linear { from: 1.0 },
                Piece::Log {
                    from: 0.0,
                    to: -6.0,
                },
            ] {
                let h = CellHomotopy::piece(&start, &cell, s0, piece);
                for _ in 0..20 {
                    let z: Vec<Complex64> = (0..2).map(|_| rng.complex_normal() * 3.0).collect();
                    let t = Complex64::new(rng.uniform(), 0.1 * rng.complex_normal().re);
                    let zd: Vec<ComplexDd> = z.iter().map(|&v| ComplexDd::from(v)).collect();
                    let zm: Vec<Complex> = z
                        .iter()
                        .map(|&v| Complex::with_val(256, (v.re, v.im)))
                        .collect();
                    let d = ComplexDd::default();
                    let (mut hd, mut jd, mut td) = (vec![d; 2], vec![d; 4], vec![d; 2]);
                    let m = Complex::new(256);
                    let (mut hm, mut jm, mut tm) =
                        (vec![m.clone(); 2], vec![m.clone(); 4], vec![m; 2]);
                    let mut ws = h.workspace();
                    h.evaluate_dd(&zd, t, &mut ws, &mut hd, &mut jd, &mut td);
                    h.evaluate_mp(&zm, t, 256, &mut ws, &mut hm, &mut jm, &mut tm);
                    // rounding errors are relative to the sizes of the summed terms
                    let (tau, dtau) = piece.tau(t);
                    let mut size = 0.0;
                    for i in 0..2 {
                        let eq = &start.equations[i];
                        let za = CellHomotopy::dot(&eq[cell.indices[i][0]].sparse, &z);
                        for ((term, c), w) in
                            eq.iter().zip(&h.coefficients[i]).zip(&cell.weights[i])
                        {
                            let x = CellHomotopy::dot(&term.sparse, &z) - za + tau * (s0 * w);
                            let weight: u32 = term.sparse.iter().map(|&(_, e)| e).sum();
                            size += (c * x.exp()).norm()
                                * (1.0 + f64::from(weight) + (dtau * s0 * w).norm());
                        }
                    }
                    for (a, b) in hd
                        .iter()
                        .chain(&jd)
                        .chain(&td)
                        .zip(hm.iter().chain(&jm).chain(&tm))
                    {
                        let diff = Complex::with_val(256, &a.to_complex(256) - b);
                        let err = diff.abs().real().to_f64();
                        assert!(err <= 1e-29 * (1.0 + size), "s0 {s0}: {err} against {size}");
                    }
                }
            }
        }
    }

    /// At $\tau = 0$: $H_i(z, 0) = G_i(e^z) / (c_{i,a_i} e^{\langle a_i, z\rangle})$.
    #[test]
    fn at_zero_the_homotopy_is_the_scaled_start_system() {
        let (start, cell) = setup();
        let h = CellHomotopy::new(&start, &cell, -5.0);
        let g = start.system(&["x".into(), "y".into()]);
        let z = vec![Complex64::new(0.3, -0.2), Complex64::new(1.1, 0.4)];
        let y: Vec<Complex64> = z.iter().map(|v| v.exp()).collect();
        let o = Complex64::default();
        let (mut hv, mut jx, mut ht) = (vec![o; 2], vec![o; 4], vec![o; 2]);
        let mut ws = h.workspace();
        h.evaluate(&z, o, &mut ws, &mut hv, &mut jx, &mut ht);
        for (i, (p, v)) in g.polynomials().iter().zip(&hv).enumerate() {
            let a = &start.equations[i][cell.indices[i][0]];
            let anchor = a.coefficient
                * a.exponents
                    .iter()
                    .zip(&y)
                    .map(|(&e, yj)| yj.powu(e))
                    .product::<Complex64>();
            assert!((p.eval_c64(&y) / anchor - v).norm() < 1e-13);
        }
    }

    #[test]
    fn cell_exponents_vanish_exactly_on_the_cell() {
        let (_, cell) = setup();
        let mut min = f64::INFINITY;
        for (w, idx) in cell.weights.iter().zip(&cell.indices) {
            for (k, &e) in w.iter().enumerate() {
                if k == idx[0] || k == idx[1] {
                    assert_eq!(e, 0.0);
                } else {
                    assert!(e >= 1.0);
                    min = min.min(e);
                }
            }
        }
        assert_eq!(min, 1.0);
    }
}
