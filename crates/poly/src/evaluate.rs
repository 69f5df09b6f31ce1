//! Fast evaluation of a system $F$ and its Jacobian $JF$.
//!
//! A [`System`] is compiled once into a flat, sparse layout: for each equation a range
//! of terms, for each term its coefficient and the list of `(variable, exponent)`
//! factors with non-zero exponent. Evaluation first tabulates the powers
//! $x_j^k$, $0 \le k \le \deg_{x_j} F$, then sums the terms; the partial derivative of
//! a term $c \prod_l x_{v_l}^{e_l}$ with respect to $x_{v_l}$ is
//! $c\, e_l\, x_{v_l}^{e_l-1} \prod_{l' \ne l} x_{v_{l'}}^{e_{l'}}$, computed with
//! prefix and suffix products; a term whose leading factors are those of the term
//! before it (as in the lexicographic order of a [`Pencil`]) starts from that term's
//! prefix products. Where every coordinate is safely away from 0 and from overflow,
//! the Jacobian comes cheaper from the Euler derivatives
//! $x_{v_l} \partial_{v_l} (c\, x^a) = e_l\, c\, x^a$: each term adds its value times
//! $e_l$ to its row, and column $j$ is divided by $x_j$ at the end (the same
//! derivatives up to rounding; about half the products). After construction nothing
//! allocates: all scratch space lives in a workspace that the caller owns (one per
//! thread).
//!
//! [`Evaluator`] works in `Complex<f64>`; [`MpEvaluator`] in MPC complex numbers at a
//! chosen precision, its coefficients rounded from the exact ones at that precision.

use crate::{ComplexDd, System};
use num_complex::Complex64;
use rug::Complex;

/// A factor $x_j^e$ of a term, compiled: the variable $j$, the places of $x_j^e$ and
/// $x_j^{e-1}$ in the power table, and $e$.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Factor {
    var: usize,
    power: usize,
    derivative: usize,
    exponent: u32,
}

/// The shared sparse layout of a compiled system.
#[derive(Clone, Debug)]
struct Layout {
    nvars: usize,
    neqs: usize,
    /// `term_start[i]..term_start[i+1]` are the terms of equation `i`.
    term_start: Vec<usize>,
    /// `factor_start[t]..factor_start[t+1]` are the factors of term `t`.
    factor_start: Vec<usize>,
    /// The factors $x_j^e$, $e \ge 1$, of all terms, with their places in the power
    /// table.
    factors: Vec<Factor>,
    /// For each term, how many of its leading factors equal those of the term before
    /// it in the same equation: their prefix products carry over.
    shared: Vec<usize>,
    /// Offset of variable `j`'s power table; its length is `max_degree[j] + 1`.
    power_offset: Vec<usize>,
    max_degree: Vec<u32>,
    max_factors: usize,
    /// The largest total degree of a term (0 for a system of constants).
    max_total_degree: u32,
}

impl Layout {
    fn new(system: &System) -> Self {
        Self::from_monomials(
            system.nvars(),
            system
                .polynomials()
                .iter()
                .map(|p| p.terms().iter().map(|t| t.exponents.as_slice())),
        )
    }

    /// The layout of equations given by their monomials' exponent vectors.
    fn from_monomials<'a, E, M>(nvars: usize, equations: E) -> Self
    where
        E: IntoIterator<Item = M>,
        M: IntoIterator<Item = &'a [u32]>,
    {
        let mut max_degree = vec![0u32; nvars];
        let mut term_start = vec![0];
        let mut factor_start = vec![0];
        let mut factors = Vec::new();
        let mut max_factors = 0;
        let mut max_total_degree = 0;
        let mut neqs = 0;
        for monomials in equations {
            neqs += 1;
            for exponents in monomials {
                let before = factors.len();
                for (j, &e) in exponents.iter().enumerate() {
                    if e > 0 {
                        factors.push((j, e));
                        max_degree[j] = max_degree[j].max(e);
                    }
                }
                max_factors = max_factors.max(factors.len() - before);
                max_total_degree = max_total_degree.max(exponents.iter().sum::<u32>());
                factor_start.push(factors.len());
            }
            term_start.push(factor_start.len() - 1);
        }
        let mut power_offset = Vec::with_capacity(nvars + 1);
        let mut off = 0;
        for &d in &max_degree {
            power_offset.push(off);
            off += d as usize + 1;
        }
        power_offset.push(off);
        let factors: Vec<Factor> = factors
            .into_iter()
            .map(|(var, exponent)| Factor {
                var,
                power: power_offset[var] + exponent as usize,
                derivative: power_offset[var] + exponent as usize - 1,
                exponent,
            })
            .collect();
        let mut shared = vec![0; factor_start.len() - 1];
        for i in 0..neqs {
            for t in term_start[i] + 1..term_start[i + 1] {
                let this = &factors[factor_start[t]..factor_start[t + 1]];
                let before = &factors[factor_start[t - 1]..factor_start[t]];
                shared[t] = this.iter().zip(before).take_while(|(a, b)| a == b).count();
            }
        }
        Self {
            nvars,
            neqs,
            term_start,
            factor_start,
            factors,
            shared,
            power_offset,
            max_degree,
            max_factors,
            max_total_degree,
        }
    }

    fn power_table_len(&self) -> usize {
        self.power_offset[self.nvars]
    }

    /// Scratch space for evaluating in `T` over this layout.
    fn workspace<T: EvalScalar>(&self) -> WorkspaceOf<T> {
        WorkspaceOf {
            powers: vec![T::default(); self.power_table_len()],
            prefix: vec![T::default(); self.max_factors + 1],
        }
    }
}

/// A system compiled for evaluation in a copyable complex scalar type `T`
/// (`Complex<f64>` or [`ComplexDd`]): the sparse layout of the module documentation
/// and the coefficients rounded to `T`. Use the aliases [`Evaluator`] and
/// [`DdEvaluator`].
#[derive(Clone, Debug)]
pub struct CompiledSystem<T> {
    layout: Layout,
    coefficients: Vec<T>,
}

/// A system compiled for evaluation in `Complex<f64>` ([`CompiledSystem`]).
///
/// ```
/// use num_complex::Complex64;
/// use poly::{parse_phc, Evaluator};
/// let sys = parse_phc("2\n x^2 + y - 3;\n x*y - 2;").unwrap();
/// let ev = Evaluator::new(&sys);
/// let mut ws = ev.workspace();
/// let x = [Complex64::new(1.0, 0.0), Complex64::new(2.0, 0.0)];
/// let (mut f, mut jac) = (vec![Complex64::default(); 2], vec![Complex64::default(); 4]);
/// ev.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
/// assert_eq!(f, vec![Complex64::default(); 2]);
/// assert_eq!(jac[0], Complex64::new(2.0, 0.0)); // ∂f1/∂x
/// ```
pub type Evaluator = CompiledSystem<Complex64>;

/// A system compiled for evaluation in double-double complex numbers ([`ComplexDd`],
/// a [`CompiledSystem`];
/// about 106 bits), its coefficients rounded from the exact ones: the first tier of
/// the path tracker above `f64`, an order of magnitude cheaper than [`MpEvaluator`].
///
/// ```
/// use num_complex::Complex64;
/// use poly::{parse_phc, ComplexDd, DdEvaluator};
/// let sys = parse_phc("1\n x^2 - 1/3;").unwrap();
/// let ev = DdEvaluator::new(&sys);
/// let mut ws = ev.workspace();
/// let x = [ComplexDd::from(Complex64::new(0.5, 0.0))];
/// let (mut f, mut jac) = (vec![ComplexDd::default()], vec![ComplexDd::default()]);
/// ev.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
/// // 1/4 - 1/3 = -1/12, to double-double accuracy
/// assert!((f[0].re.to_f64() + 1.0 / 12.0).abs() < 1e-17);
/// assert!((f[0].re + poly::DoubleDouble::from(1.0) / 12.0.into()).to_f64().abs() < 1e-31);
/// assert_eq!(jac[0].to_c64(), Complex64::new(1.0, 0.0));
/// ```
pub type DdEvaluator = CompiledSystem<ComplexDd>;

/// Scratch space of a [`CompiledSystem`]; create one per thread with
/// [`CompiledSystem::workspace`].
#[derive(Clone, Debug)]
pub struct WorkspaceOf<T> {
    powers: Vec<T>,
    prefix: Vec<T>,
}

/// Scratch space of an [`Evaluator`].
pub type Workspace = WorkspaceOf<Complex64>;

/// Scratch space of a [`DdEvaluator`].
pub type DdWorkspace = WorkspaceOf<ComplexDd>;

impl<T: EvalScalar> CompiledSystem<T> {
    /// Compiles a system, rounding each exact coefficient to the nearest `T`.
    pub fn new(system: &System) -> Self {
        let coefficients = system
            .polynomials()
            .iter()
            .flat_map(|p| {
                p.terms()
                    .iter()
                    .map(|t| T::from_coefficient(&t.coefficient))
            })
            .collect();
        Self {
            layout: Layout::new(system),
            coefficients,
        }
    }

    /// Number of variables.
    pub fn nvars(&self) -> usize {
        self.layout.nvars
    }

    /// Number of equations.
    pub fn neqs(&self) -> usize {
        self.layout.neqs
    }

    /// A fresh workspace for this evaluator.
    pub fn workspace(&self) -> WorkspaceOf<T> {
        self.layout.workspace()
    }

    /// Evaluates $F(x)$ into `f` (length = number of equations).
    pub fn evaluate(&self, x: &[T], ws: &mut WorkspaceOf<T>, f: &mut [T]) {
        evaluate_values(&self.layout, &self.coefficients, x, &mut ws.powers, f);
    }

    /// Evaluates $F(x)$ into `f` and the Jacobian into `jac`, row-major
    /// (`jac[i * nvars + j]` $= \partial f_i / \partial x_j$).
    pub fn evaluate_with_jacobian(
        &self,
        x: &[T],
        ws: &mut WorkspaceOf<T>,
        f: &mut [T],
        jac: &mut [T],
    ) {
        evaluate_jacobian_and_values(
            &self.layout,
            &self.coefficients,
            &[],
            x,
            &mut ws.powers,
            &mut ws.prefix,
            f,
            jac,
            &mut [],
        );
    }
}

/// Two systems $F$ and $G$ in the same unknowns, with as many equations, compiled over
/// the union of their supports (equation by equation) for the coefficient pencil
/// $aF + bG$: the pair of coefficient vectors $(f_t, g_t)$ on the merged monomials
/// $x^{a_t}$ (0 where a system lacks the monomial). One pass over the merged terms
/// gives $aF + bG$ with its Jacobian and the values of a second combination $cF + dG$,
/// where evaluating $F$ and $G$ apart takes two passes: the straight-line homotopy
/// $(1-t)F + \gamma t G$ and its $\partial_t = \gamma G - F$ at half the cost.
///
/// ```
/// use num_complex::Complex64;
/// use poly::{parse_phc, Pencil};
/// let f = parse_phc("2\n x^2 + y - 3;\n x*y - 2;").unwrap();
/// let g = parse_phc("2\n x^2 - 1;\n y^2 - 1;").unwrap();
/// let pencil = Pencil::new(&f, &g).unwrap();
/// let mut ws = pencil.workspace();
/// let one = Complex64::new(1.0, 0.0);
/// let (a, b) = (Complex64::new(0.5, 0.0), Complex64::new(0.0, 2.0));
/// let mut coefficients = vec![Complex64::default(); pencil.nterms()];
/// pencil.combine(a, b, &mut coefficients);
/// let mut second = vec![Complex64::default(); pencil.nterms()];
/// pencil.combine(-one, b, &mut second);
/// let x = [Complex64::new(1.0, 0.0), Complex64::new(3.0, 0.0)];
/// let z = Complex64::default();
/// let (mut h, mut jac, mut v) = (vec![z; 2], vec![z; 4], vec![z; 2]);
/// pencil.evaluate(&coefficients, &second, &x, &mut ws, &mut h, &mut jac, &mut v);
/// // F(x) = (1, 1), G(x) = (0, 8)
/// assert_eq!(h, vec![a, a + b * 8.0]);
/// assert_eq!(v, vec![-one, -one + b * 8.0]);
/// assert_eq!(jac[3], a * 1.0 + b * 6.0); // ∂/∂y of a (x y - 2) + b (y^2 - 1)
/// ```
pub type Pencil = PencilOf<Complex64>;

/// [`Pencil`] in double-double arithmetic.
pub type DdPencil = PencilOf<ComplexDd>;

/// A coefficient pencil of two systems on their merged supports; see [`Pencil`].
#[derive(Clone, Debug)]
pub struct PencilOf<T> {
    layout: Layout,
    f: Vec<T>,
    g: Vec<T>,
}

impl<T: EvalScalar> PencilOf<T> {
    /// Merges the supports of `f` and `g`, rounding their exact coefficients to `T`.
    ///
    /// # Errors
    /// When the systems differ in their number of unknowns or of equations.
    pub fn new(f: &System, g: &System) -> Result<Self, String> {
        if f.nvars() != g.nvars() || f.len() != g.len() {
            return Err(format!(
                "a pencil needs systems of one shape: {} equations in {} unknowns and {} in {}",
                f.len(),
                f.nvars(),
                g.len(),
                g.nvars()
            ));
        }
        let mut monomials: Vec<Vec<&[u32]>> = Vec::with_capacity(f.len());
        let (mut cf, mut cg) = (Vec::new(), Vec::new());
        for (pf, pg) in f.polynomials().iter().zip(g.polynomials()) {
            let mut merged: std::collections::BTreeMap<&[u32], (T, T)> = Default::default();
            for t in pf.terms() {
                merged.entry(&t.exponents).or_default().0 = T::from_coefficient(&t.coefficient);
            }
            for t in pg.terms() {
                merged.entry(&t.exponents).or_default().1 = T::from_coefficient(&t.coefficient);
            }
            monomials.push(merged.keys().copied().collect());
            for (u, v) in merged.into_values() {
                cf.push(u);
                cg.push(v);
            }
        }
        Ok(Self {
            layout: Layout::from_monomials(f.nvars(), monomials),
            f: cf,
            g: cg,
        })
    }

    /// Number of unknowns.
    pub fn nvars(&self) -> usize {
        self.layout.nvars
    }

    /// Number of equations.
    pub fn neqs(&self) -> usize {
        self.layout.neqs
    }

    /// Number of merged terms (the length of a coefficient vector).
    pub fn nterms(&self) -> usize {
        self.f.len()
    }

    /// A fresh workspace.
    pub fn workspace(&self) -> WorkspaceOf<T> {
        self.layout.workspace()
    }

    /// The coefficients of $aF + bG$ into `out` (length [`nterms`](Self::nterms)).
    pub fn combine(&self, a: T, b: T, out: &mut [T]) {
        assert_eq!(out.len(), self.f.len(), "coefficient vector length");
        for ((o, &u), &v) in out.iter_mut().zip(&self.f).zip(&self.g) {
            *o = a * u + b * v;
        }
    }

    /// The system with the merged coefficients `coefficients` (from
    /// [`combine`](Self::combine)) at `x` into `h`, its Jacobian row-major into `jac`,
    /// and the values of the system with the coefficients `second` into `values`.
    #[allow(clippy::too_many_arguments)] // two coefficient vectors, a point, three outputs
    pub fn evaluate(
        &self,
        coefficients: &[T],
        second: &[T],
        x: &[T],
        ws: &mut WorkspaceOf<T>,
        h: &mut [T],
        jac: &mut [T],
        values: &mut [T],
    ) {
        let nt = self.f.len();
        assert!(
            coefficients.len() == nt && second.len() == nt,
            "coefficient vector length"
        );
        assert!(h.len() >= self.layout.neqs && values.len() >= self.layout.neqs);
        evaluate_jacobian_and_values(
            &self.layout,
            coefficients,
            second,
            x,
            &mut ws.powers,
            &mut ws.prefix,
            h,
            jac,
            values,
        );
    }
}

impl PencilOf<Complex64> {
    /// The sizes of the equations' terms at `x` with the coefficients `coefficients`:
    /// $\sum_t |c_t|\,|x^{a_t}|$ per equation into `sizes`. The rounding error of
    /// evaluating an equation is relative to this (not to its value, which may be
    /// small by cancellation, nor to its gradient, which may be).
    #[allow(clippy::needless_range_loop)] // `t` indexes the coefficients and the factor ranges
    pub fn term_sizes(
        &self,
        coefficients: &[Complex64],
        x: &[Complex64],
        ws: &mut Workspace,
        sizes: &mut [f64],
    ) {
        let l = &self.layout;
        assert_eq!(
            coefficients.len(),
            self.f.len(),
            "coefficient vector length"
        );
        fill_powers(l, x, &mut ws.powers);
        for (i, out) in sizes.iter_mut().enumerate().take(l.neqs) {
            let mut acc = 0.0;
            for t in l.term_start[i]..l.term_start[i + 1] {
                let mut m = coefficients[t].norm();
                for f in &l.factors[l.factor_start[t]..l.factor_start[t + 1]] {
                    m *= ws.powers[f.power].norm();
                }
                acc += m;
            }
            *out = acc;
        }
    }
}

/// The scalar types a [`CompiledSystem`] evaluates in: the arithmetic the compiled
/// evaluation needs, and the rounding of exact coefficients. Sealed: implemented for
/// `Complex<f64>` and [`ComplexDd`].
pub trait EvalScalar:
    sealed::Sealed
    + Copy
    + Default
    + std::ops::Add<Output = Self>
    + std::ops::AddAssign
    + std::ops::Mul<Output = Self>
    + std::ops::MulAssign
{
    /// The number 1.
    fn one() -> Self;
    /// $z \cdot e$ for a small integer $e$ (an exponent).
    fn times_integer(self, e: u32) -> Self;
    /// The exact coefficient rounded to this type.
    fn from_coefficient(c: &crate::Coefficient) -> Self;
    /// $|\mathrm{Re}\,z| + |\mathrm{Im}\,z|$ in `f64` (NaN for NaN).
    fn magnitude(self) -> f64;
    /// $1/z$.
    fn recip(self) -> Self;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for num_complex::Complex64 {}
    impl Sealed for crate::ComplexDd {}
}

impl EvalScalar for Complex64 {
    #[inline]
    fn one() -> Self {
        Complex64::new(1.0, 0.0)
    }
    #[inline]
    fn times_integer(self, e: u32) -> Self {
        self * f64::from(e)
    }
    fn from_coefficient(c: &crate::Coefficient) -> Self {
        c.to_c64()
    }
    #[inline]
    fn magnitude(self) -> f64 {
        self.l1_norm()
    }
    #[inline]
    fn recip(self) -> Self {
        self.inv()
    }
}

impl EvalScalar for ComplexDd {
    #[inline]
    fn one() -> Self {
        Complex64::new(1.0, 0.0).into()
    }
    #[inline]
    fn times_integer(self, e: u32) -> Self {
        self * f64::from(e)
    }
    fn from_coefficient(c: &crate::Coefficient) -> Self {
        ComplexDd::from_coefficient(c)
    }
    #[inline]
    fn magnitude(self) -> f64 {
        self.to_c64().l1_norm()
    }
    #[inline]
    fn recip(self) -> Self {
        Self::one() / self
    }
}

/// Tabulates $x_j^k$, $0 \le k \le \deg_{x_j} F$, into `powers`.
#[inline]
fn fill_powers<T: EvalScalar>(l: &Layout, x: &[T], powers: &mut [T]) {
    assert_eq!(x.len(), l.nvars, "point dimension");
    for (j, &xj) in x.iter().enumerate() {
        let table = &mut powers[l.power_offset[j]..l.power_offset[j + 1]];
        table[0] = T::one();
        for k in 1..=l.max_degree[j] as usize {
            table[k] = table[k - 1] * xj;
        }
    }
}

/// $F(x)$ into `f`.
#[allow(clippy::needless_range_loop)] // `t` indexes the coefficients and the factor ranges
fn evaluate_values<T: EvalScalar>(
    l: &Layout,
    coefficients: &[T],
    x: &[T],
    powers: &mut [T],
    f: &mut [T],
) {
    fill_powers(l, x, powers);
    for (i, fi) in f.iter_mut().enumerate().take(l.neqs) {
        let mut acc = T::default();
        for t in l.term_start[i]..l.term_start[i + 1] {
            let mut m = coefficients[t];
            for f in &l.factors[l.factor_start[t]..l.factor_start[t + 1]] {
                m *= powers[f.power];
            }
            acc += m;
        }
        *fi = acc;
    }
}

/// $F(x)$ into `f` and $JF(x)$ row-major into `jac` ($F$ with the coefficients
/// `coefficients`), and, when `second` is not empty, also the values
/// $\sum_t$ `second[t]` $x^{a_t}$ of the same monomials into `g`: one pass over the
/// terms for all. From the Euler derivatives where that is safe (no coordinate near 0
/// or huge: [`euler_derivatives_are_safe`]), from prefix and suffix products of the
/// factors of each term otherwise (the module documentation).
#[allow(clippy::too_many_arguments)] // the layout, two coefficient vectors, scratch, outputs
fn evaluate_jacobian_and_values<T: EvalScalar>(
    l: &Layout,
    coefficients: &[T],
    second: &[T],
    x: &[T],
    powers: &mut [T],
    prefix: &mut [T],
    f: &mut [T],
    jac: &mut [T],
    g: &mut [T],
) {
    fill_powers(l, x, powers);
    let size = l.neqs * l.nvars;
    assert!(jac.len() >= size, "Jacobian buffer too small");
    jac[..size].fill(T::default());
    if euler_derivatives_are_safe(l, x) {
        jacobian_by_euler_derivatives(l, coefficients, second, x, powers, f, jac, g);
    } else {
        jacobian_by_prefix_suffix(l, coefficients, second, powers, prefix, f, jac, g);
    }
}

/// Whether [`jacobian_by_euler_derivatives`] computes $JF(x)$ as accurately as
/// [`jacobian_by_prefix_suffix`]: every variable that occurs has $10^{-100} \le |x_j|
/// \le 10^{100}$ (in the norm of [`EvalScalar::magnitude`]) and no monomial of the
/// highest total degree $D$ can leave $[10^{-200}, 10^{200}]$, so that no product
/// underflows or overflows and the division by $x_j$ costs a rounding error only.
/// False at a point with a zero (or NaN) coordinate.
fn euler_derivatives_are_safe<T: EvalScalar>(l: &Layout, x: &[T]) -> bool {
    let (mut lo, mut hi) = (1.0f64, 1.0f64);
    for (j, &xj) in x.iter().enumerate() {
        if l.max_degree[j] == 0 {
            continue;
        }
        let a = xj.magnitude();
        // written so that NaN fails
        if !(1e-100..=1e100).contains(&a) {
            return false;
        }
        lo = lo.min(a);
        hi = hi.max(a);
    }
    let d = i32::try_from(l.max_total_degree).unwrap_or(i32::MAX);
    lo.powi(d) >= 1e-200 && hi.powi(d) <= 1e200
}

/// $F(x)$, $JF(x)$ and the values of `second` as [`evaluate_jacobian_and_values`], from
/// the Euler derivatives: for a term $c\,x^a$, $x_j\,\partial_j (c\,x^a) = a_j\,c\,x^a$,
/// so each row accumulates $x_j\,\partial F_i/\partial x_j$ from the term values alone
/// (one complex product per term beyond the monomial, against about two per factor
/// for prefix and suffix products) and the columns are divided by $x_j$ at the end.
/// Each monomial is the product of its factors' powers, not continued from the term
/// before: in `f64` the chain of dependent products through the terms, not their
/// number, bounds the speed. Only where [`euler_derivatives_are_safe`]; `powers`
/// filled, `jac` zero.
#[allow(clippy::needless_range_loop)] // `t` indexes the coefficients and the factor ranges
#[allow(clippy::too_many_arguments)] // the layout, two coefficient vectors, scratch, outputs
fn jacobian_by_euler_derivatives<T: EvalScalar>(
    l: &Layout,
    coefficients: &[T],
    second: &[T],
    x: &[T],
    powers: &[T],
    f: &mut [T],
    jac: &mut [T],
    g: &mut [T],
) {
    let with_second = !second.is_empty();
    let n = l.nvars;
    for i in 0..l.neqs {
        let row = &mut jac[i * n..(i + 1) * n];
        let mut acc = T::default();
        let mut acc2 = T::default();
        for t in l.term_start[i]..l.term_start[i + 1] {
            let fs = &l.factors[l.factor_start[t]..l.factor_start[t + 1]];
            // the monomial straight from the power table: no dependence on the term
            // before, so that the products of successive terms overlap
            let mut monomial = T::one();
            for f in fs {
                monomial *= powers[f.power];
            }
            let term = coefficients[t] * monomial;
            acc += term;
            if with_second {
                acc2 += second[t] * monomial;
            }
            for f in fs {
                row[f.var] += if f.exponent == 1 {
                    term
                } else {
                    term.times_integer(f.exponent)
                };
            }
        }
        f[i] = acc;
        if with_second {
            g[i] = acc2;
        }
    }
    for (j, &xj) in x.iter().enumerate() {
        if l.max_degree[j] == 0 {
            continue;
        }
        let inv = xj.recip();
        for i in 0..l.neqs {
            jac[i * n + j] *= inv;
        }
    }
}

/// $F(x)$, $JF(x)$ and the values of `second` as [`evaluate_jacobian_and_values`], with
/// prefix and suffix products (valid at every point); `powers` filled, `jac` zero.
#[allow(clippy::needless_range_loop)] // `t` indexes the coefficients and the factor ranges
#[allow(clippy::too_many_arguments)] // the layout, two coefficient vectors, scratch, outputs
fn jacobian_by_prefix_suffix<T: EvalScalar>(
    l: &Layout,
    coefficients: &[T],
    second: &[T],
    powers: &[T],
    prefix: &mut [T],
    f: &mut [T],
    jac: &mut [T],
    g: &mut [T],
) {
    let with_second = !second.is_empty();
    let n = l.nvars;
    prefix[0] = T::one();
    for i in 0..l.neqs {
        let row = &mut jac[i * n..(i + 1) * n];
        let mut acc = T::default();
        let mut acc2 = T::default();
        for t in l.term_start[i]..l.term_start[i + 1] {
            let c = coefficients[t];
            let fs = &l.factors[l.factor_start[t]..l.factor_start[t + 1]];
            // prefix[k] = product of the first k factors; those of the leading factors
            // this term shares with the one before are still in place
            for k in l.shared[t]..fs.len() {
                prefix[k + 1] = prefix[k] * powers[fs[k].power];
            }
            let monomial = prefix[fs.len()];
            acc += c * monomial;
            if with_second {
                acc2 += second[t] * monomial;
            }
            let Some((first, rest)) = fs.split_first() else {
                continue;
            };
            // ∂/∂x_j of the term: c · (suffix after the factor) · (prefix before it)
            // · e x_j^{e-1}; the first factor's prefix is 1
            let mut suffix = c;
            for (k, f) in rest.iter().enumerate().rev() {
                let g = suffix * prefix[k + 1];
                // most exponents are 1: the derivative factor is then 1
                row[f.var] += if f.exponent == 1 {
                    g
                } else {
                    g * powers[f.derivative].times_integer(f.exponent)
                };
                suffix *= powers[f.power];
            }
            row[first.var] += if first.exponent == 1 {
                suffix
            } else {
                suffix * powers[first.derivative].times_integer(first.exponent)
            };
        }
        f[i] = acc;
        if with_second {
            g[i] = acc2;
        }
    }
}

/// A system compiled for evaluation in MPC complex numbers at a fixed precision.
#[derive(Clone, Debug)]
pub struct MpEvaluator {
    layout: Layout,
    precision: u32,
    coefficients: Vec<Complex>,
}

/// Scratch space of an [`MpEvaluator`].
#[derive(Clone, Debug)]
pub struct MpWorkspace {
    powers: Vec<Complex>,
    prefix: Vec<Complex>,
    acc: Complex,
    tmp: Complex,
    suffix: Complex,
}

impl MpEvaluator {
    /// Compiles a system at `precision` bits, rounding the exact coefficients to nearest.
    pub fn new(system: &System, precision: u32) -> Self {
        let coefficients = system
            .polynomials()
            .iter()
            .flat_map(|p| {
                p.terms()
                    .iter()
                    .map(|t| t.coefficient.to_complex(precision))
            })
            .collect();
        Self {
            layout: Layout::new(system),
            precision,
            coefficients,
        }
    }

    /// The working precision in bits.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// Number of variables.
    pub fn nvars(&self) -> usize {
        self.layout.nvars
    }

    /// Number of equations.
    pub fn neqs(&self) -> usize {
        self.layout.neqs
    }

    /// A fresh workspace at this evaluator's precision.
    pub fn workspace(&self) -> MpWorkspace {
        let z = Complex::new(self.precision);
        MpWorkspace {
            powers: vec![z.clone(); self.layout.power_table_len()],
            prefix: vec![z.clone(); self.layout.max_factors + 1],
            acc: z.clone(),
            tmp: z.clone(),
            suffix: z,
        }
    }

    fn fill_powers(&self, x: &[Complex], ws: &mut MpWorkspace) {
        let l = &self.layout;
        assert_eq!(x.len(), l.nvars, "point dimension");
        for (j, xj) in x.iter().enumerate() {
            let table = &mut ws.powers[l.power_offset[j]..l.power_offset[j + 1]];
            table[0].assign(1);
            for k in 1..=l.max_degree[j] as usize {
                let (lo, hi) = table.split_at_mut(k);
                hi[0].assign(&lo[k - 1] * xj);
            }
        }
    }

    /// Evaluates $F(x)$ into `f`; the outputs keep their own precision.
    pub fn evaluate(&self, x: &[Complex], ws: &mut MpWorkspace, f: &mut [Complex]) {
        self.fill_powers(x, ws);
        let l = &self.layout;
        for (i, fi) in f.iter_mut().enumerate().take(l.neqs) {
            ws.acc.assign(0);
            for t in l.term_start[i]..l.term_start[i + 1] {
                ws.tmp.assign(&self.coefficients[t]);
                for f in &l.factors[l.factor_start[t]..l.factor_start[t + 1]] {
                    ws.tmp *= &ws.powers[f.power];
                }
                ws.acc += &ws.tmp;
            }
            fi.assign(&ws.acc);
        }
    }

    /// Evaluates $F(x)$ and the row-major Jacobian, as
    /// [`Evaluator::evaluate_with_jacobian`].
    pub fn evaluate_with_jacobian(
        &self,
        x: &[Complex],
        ws: &mut MpWorkspace,
        f: &mut [Complex],
        jac: &mut [Complex],
    ) {
        self.fill_powers(x, ws);
        let l = &self.layout;
        let n = l.nvars;
        assert!(jac.len() >= l.neqs * n, "Jacobian buffer too small");
        for j in jac[..l.neqs * n].iter_mut() {
            j.assign(0);
        }
        for i in 0..l.neqs {
            ws.acc.assign(0);
            for t in l.term_start[i]..l.term_start[i + 1] {
                let fs = &l.factors[l.factor_start[t]..l.factor_start[t + 1]];
                ws.prefix[0].assign(1);
                for (k, f) in fs.iter().enumerate() {
                    let (lo, hi) = ws.prefix.split_at_mut(k + 1);
                    hi[0].assign(&lo[k] * &ws.powers[f.power]);
                }
                ws.tmp.assign(&self.coefficients[t] * &ws.prefix[fs.len()]);
                ws.acc += &ws.tmp;
                ws.suffix.assign(&self.coefficients[t]);
                for (k, f) in fs.iter().enumerate().rev() {
                    ws.tmp.assign(&ws.suffix * &ws.powers[f.derivative]);
                    ws.tmp *= f.exponent;
                    ws.tmp *= &ws.prefix[k];
                    jac[i * n + f.var] += &ws.tmp;
                    ws.suffix *= &ws.powers[f.power];
                }
            }
            f[i].assign(&ws.acc);
        }
    }
}

use rug::Assign;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Coefficient, Polynomial, Rng, Term};

    fn random_system(rng: &mut Rng, n: usize, terms: usize, max_exp: u32) -> System {
        let polys = (0..n)
            .map(|_| {
                Polynomial::from_terms(
                    n,
                    (0..terms).map(|_| Term {
                        coefficient: Coefficient::from_c64(rng.complex_normal()).unwrap(),
                        exponents: (0..n)
                            .map(|_| (rng.next_u64() % u64::from(max_exp + 1)) as u32)
                            .collect(),
                    }),
                )
            })
            .collect();
        System::with_default_names(polys).unwrap()
    }

    #[test]
    fn matches_reference_evaluation_and_symbolic_jacobian() {
        let mut rng = Rng::new(11);
        for _ in 0..20 {
            let sys = random_system(&mut rng, 4, 6, 3);
            let ev = Evaluator::new(&sys);
            let mut ws = ev.workspace();
            let x: Vec<Complex64> = (0..4).map(|_| rng.complex_normal()).collect();
            let mut f = vec![Complex64::default(); 4];
            let mut jac = vec![Complex64::default(); 16];
            ev.evaluate_with_jacobian(&x, &mut ws, &mut f, &mut jac);
            let mut f2 = vec![Complex64::default(); 4];
            ev.evaluate(&x, &mut ws, &mut f2);
            let symbolic = sys.jacobian();
            for i in 0..4 {
                let r = sys.polynomials()[i].eval_c64(&x);
                assert!((f[i] - r).norm() <= 1e-12 * (1.0 + r.norm()));
                assert!((f2[i] - r).norm() <= 1e-12 * (1.0 + r.norm()));
                for j in 0..4 {
                    let d = symbolic[i][j].eval_c64(&x);
                    assert!((jac[i * 4 + j] - d).norm() <= 1e-12 * (1.0 + d.norm()));
                }
            }
        }
    }

    /// Dense polynomials on a pencil (merged monomials in lexicographic order):
    /// consecutive terms share leading factors, whose prefix products the evaluation
    /// carries over from one term to the next.
    #[test]
    fn shared_leading_factors_give_the_symbolic_jacobian() {
        let mut rng = Rng::new(23);
        let n = 3;
        let mut monomials = Vec::new();
        for a in 0..=4u32 {
            for b in 0..=4 - a {
                for c in 0..=4 - a - b {
                    monomials.push(vec![a, b, c]);
                }
            }
        }
        let mut dense = || {
            let polys: Vec<Polynomial> = (0..n)
                .map(|_| {
                    Polynomial::from_terms(
                        n,
                        monomials.iter().map(|e| Term {
                            coefficient: Coefficient::from_c64(rng.complex_normal()).unwrap(),
                            exponents: e.clone(),
                        }),
                    )
                })
                .collect();
            System::with_default_names(polys).unwrap()
        };
        let (f, g) = (dense(), dense());
        let pencil = Pencil::new(&f, &g).unwrap();
        // x y z, x y z^2 after x y; x y^2 z after x y^2; x^2 y z after x^2 y: four
        // terms an equation share two leading factors with the one before
        assert_eq!(
            pencil.layout.shared.iter().filter(|&&s| s >= 2).count(),
            3 * 4
        );
        let (jf, jg) = (f.jacobian(), g.jacobian());
        let mut ws = pencil.workspace();
        let z = Complex64::default();
        for _ in 0..10 {
            let [a, b] = [0; 2].map(|_| rng.complex_normal());
            let mut ab = vec![z; pencil.nterms()];
            pencil.combine(a, b, &mut ab);
            let x: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
            let (mut h, mut jac, mut v) = (vec![z; n], vec![z; n * n], vec![z; n]);
            pencil.evaluate(&ab, &ab, &x, &mut ws, &mut h, &mut jac, &mut v);
            for i in 0..n {
                let r = a * f.polynomials()[i].eval_c64(&x) + b * g.polynomials()[i].eval_c64(&x);
                assert!((h[i] - r).norm() <= 1e-12 * (1.0 + r.norm()));
                assert_eq!(h[i], v[i]);
                for j in 0..n {
                    let d = a * jf[i][j].eval_c64(&x) + b * jg[i][j].eval_c64(&x);
                    assert!((jac[i * n + j] - d).norm() <= 1e-12 * (1.0 + d.norm()));
                }
            }
        }
    }

    #[test]
    fn a_pencil_equals_the_combination_of_its_two_systems() {
        let mut rng = Rng::new(17);
        for _ in 0..20 {
            // overlapping random supports: some monomials shared, some in one system only
            let f = random_system(&mut rng, 4, 6, 2);
            let g = random_system(&mut rng, 4, 5, 2);
            let (ef, eg) = (Evaluator::new(&f), Evaluator::new(&g));
            let pencil = Pencil::new(&f, &g).unwrap();
            let [a, b, c, d] = [0; 4].map(|_| rng.complex_normal());
            let (mut ab, mut cd) = (vec![c; pencil.nterms()], vec![c; pencil.nterms()]);
            pencil.combine(a, b, &mut ab);
            pencil.combine(c, d, &mut cd);
            let x: Vec<Complex64> = (0..4).map(|_| rng.complex_normal()).collect();
            let z = Complex64::default();
            let (mut h, mut jac, mut v) = (vec![z; 4], vec![z; 16], vec![z; 4]);
            pencil.evaluate(
                &ab,
                &cd,
                &x,
                &mut pencil.workspace(),
                &mut h,
                &mut jac,
                &mut v,
            );
            let (mut fv, mut fj, mut gv, mut gj) =
                (vec![z; 4], vec![z; 16], vec![z; 4], vec![z; 16]);
            ef.evaluate_with_jacobian(&x, &mut ef.workspace(), &mut fv, &mut fj);
            eg.evaluate_with_jacobian(&x, &mut eg.workspace(), &mut gv, &mut gj);
            let close = |u: Complex64, w: Complex64| (u - w).norm() <= 1e-12 * (1.0 + w.norm());
            for i in 0..4 {
                assert!(close(h[i], a * fv[i] + b * gv[i]));
                assert!(close(v[i], c * fv[i] + d * gv[i]));
                for j in 0..4 {
                    assert!(close(jac[i * 4 + j], a * fj[i * 4 + j] + b * gj[i * 4 + j]));
                }
            }
        }
        let one = random_system(&mut rng, 3, 4, 2);
        let other = random_system(&mut rng, 4, 4, 2);
        assert!(Pencil::new(&one, &other).is_err());
    }

    #[test]
    fn multiprecision_agrees_with_f64() {
        let mut rng = Rng::new(5);
        let sys = random_system(&mut rng, 3, 5, 4);
        let ev = Evaluator::new(&sys);
        let mp = MpEvaluator::new(&sys, 256);
        let x: Vec<Complex64> = (0..3).map(|_| rng.complex_normal()).collect();
        let xm: Vec<Complex> = x
            .iter()
            .map(|z| Complex::with_val(256, (z.re, z.im)))
            .collect();
        let mut f = vec![Complex64::default(); 3];
        let mut jac = vec![Complex64::default(); 9];
        ev.evaluate_with_jacobian(&x, &mut ev.workspace(), &mut f, &mut jac);
        let mut fm = vec![Complex::new(256); 3];
        let mut jm = vec![Complex::new(256); 9];
        let mut mws = mp.workspace();
        mp.evaluate_with_jacobian(&xm, &mut mws, &mut fm, &mut jm);
        let close = |a: &Complex, b: Complex64| {
            let d = Complex64::new(a.real().to_f64(), a.imag().to_f64()) - b;
            d.norm() <= 1e-12 * (1.0 + b.norm())
        };
        assert!(fm.iter().zip(&f).all(|(a, &b)| close(a, b)));
        assert!(jm.iter().zip(&jac).all(|(a, &b)| close(a, b)));
        // the two routines multiply in different orders: equal to 250 bits
        let mut fm2 = vec![Complex::new(256); 3];
        mp.evaluate(&xm, &mut mws, &mut fm2);
        for (a, b) in fm.iter().zip(&fm2) {
            let d = Complex::with_val(256, a - b).abs().real().to_f64();
            let s = b.clone().abs().real().to_f64();
            assert!(d <= 1e-70 * (1.0 + s), "{d:e}");
        }
    }

    #[test]
    fn double_double_agrees_with_multiprecision_to_about_100_bits() {
        let mut rng = Rng::new(9);
        for _ in 0..10 {
            let sys = random_system(&mut rng, 4, 7, 3);
            let dd = DdEvaluator::new(&sys);
            let mp = MpEvaluator::new(&sys, 300);
            let x: Vec<ComplexDd> = (0..4)
                .map(|_| {
                    let (a, b) = (rng.complex_normal(), rng.complex_normal() * 1e-17);
                    ComplexDd::new(
                        crate::DoubleDouble::new(a.re, b.re),
                        crate::DoubleDouble::new(a.im, b.im),
                    )
                })
                .collect();
            let xm: Vec<Complex> = x.iter().map(|z| z.to_complex(300)).collect();
            let (mut f, mut jac) = (
                vec![ComplexDd::default(); 4],
                vec![ComplexDd::default(); 16],
            );
            dd.evaluate_with_jacobian(&x, &mut dd.workspace(), &mut f, &mut jac);
            let mut f2 = vec![ComplexDd::default(); 4];
            dd.evaluate(&x, &mut dd.workspace(), &mut f2);
            let (mut fm, mut jm) = (vec![Complex::new(300); 4], vec![Complex::new(300); 16]);
            mp.evaluate_with_jacobian(&xm, &mut mp.workspace(), &mut fm, &mut jm);
            // terms of size about 10 cancel to a sum of size 1: relative 1e-29
            let close = |a: ComplexDd, b: &Complex| {
                let d = Complex::with_val(300, &a.to_complex(300) - b);
                d.abs().real().to_f64() <= 1e-29 * (1.0 + b.clone().abs().real().to_f64())
            };
            assert!(f.iter().zip(&fm).all(|(&a, b)| close(a, b)));
            assert!(f2.iter().zip(&fm).all(|(&a, b)| close(a, b)));
            assert!(jac.iter().zip(&jm).all(|(&a, b)| close(a, b)));
        }
    }

    /// `F`, `JF` and the values of `second` by both kernels of
    /// [`evaluate_jacobian_and_values`], and the matrix of $\sum_t |c_t\, \partial_j x^{a_t}|$
    /// (the size of the terms summed into each Jacobian entry).
    #[allow(clippy::type_complexity)]
    fn both_kernels(
        sys: &System,
        second: &[Complex64],
        x: &[Complex64],
    ) -> [(Vec<Complex64>, Vec<Complex64>, Vec<Complex64>); 3] {
        let ev = Evaluator::new(sys);
        let l = &ev.layout;
        let (n, m) = (l.nvars, l.neqs);
        let mut out = Vec::new();
        for kernel in 0..3 {
            let mut ws = ev.workspace();
            let (mut f, mut jac, mut g) = (
                vec![Complex64::default(); m],
                vec![Complex64::default(); m * n],
                vec![Complex64::default(); m],
            );
            let abs = |v: &[Complex64]| -> Vec<Complex64> {
                v.iter().map(|z| Complex64::new(z.norm(), 0.0)).collect()
            };
            let (c, y) = if kernel == 2 {
                (abs(&ev.coefficients), abs(x))
            } else {
                (ev.coefficients.clone(), x.to_vec())
            };
            fill_powers(l, &y, &mut ws.powers);
            if kernel == 0 {
                jacobian_by_euler_derivatives(
                    l, &c, second, &y, &ws.powers, &mut f, &mut jac, &mut g,
                );
            } else {
                let (powers, prefix) = (&ws.powers, &mut ws.prefix);
                jacobian_by_prefix_suffix(l, &c, second, powers, prefix, &mut f, &mut jac, &mut g);
            }
            out.push((f, jac, g));
        }
        out.try_into().unwrap()
    }

    #[test]
    fn the_euler_derivatives_agree_with_prefix_and_suffix_products() {
        let mut rng = Rng::new(31);
        for _ in 0..40 {
            let sys = random_system(&mut rng, 4, 8, 4);
            let terms: usize = sys.polynomials().iter().map(|p| p.terms().len()).sum();
            let second: Vec<Complex64> = (0..terms).map(|_| rng.complex_normal()).collect();
            // coordinates of sizes 1e-8 .. 1e8
            let x: Vec<Complex64> = (0..4)
                .map(|_| {
                    let e = (rng.next_u64() % 17) as i32 - 8;
                    rng.complex_normal() * 10f64.powi(e)
                })
                .collect();
            let ev = Evaluator::new(&sys);
            assert!(euler_derivatives_are_safe(&ev.layout, &x));
            let [(f, jac, g), (f2, jac2, g2), (_, scale, _)] = both_kernels(&sys, &second, &x);
            assert_eq!((f, g), (f2, g2), "the values are summed the same way");
            for ((a, b), s) in jac.iter().zip(&jac2).zip(&scale) {
                assert!(
                    (a - b).norm() <= 1e-14 * s.re,
                    "{a} against {b} (terms {s})"
                );
            }
        }
    }

    #[test]
    fn near_zero_or_huge_coordinates_take_prefix_and_suffix_products() {
        let mut rng = Rng::new(37);
        let sys = random_system(&mut rng, 3, 6, 3);
        let ev = Evaluator::new(&sys);
        let l = &ev.layout;
        let x = |a: f64| {
            vec![
                Complex64::new(a, -a),
                Complex64::new(0.5, 0.25),
                Complex64::new(-1.0, 2.0),
            ]
        };
        assert!(euler_derivatives_are_safe(l, &x(1e-20)));
        for a in [0.0, 1e-101, 1e101, f64::NAN, f64::INFINITY] {
            assert!(!euler_derivatives_are_safe(l, &x(a)), "{a}");
        }
        // degree 9: 1e-30 is safe for each coordinate, not for the monomials
        let high = System::with_default_names(vec![Polynomial::from_terms(
            1,
            [Term {
                coefficient: Coefficient::from_c64(Complex64::new(1.0, 0.0)).unwrap(),
                exponents: vec![9],
            }],
        )])
        .unwrap();
        let lh = &Evaluator::new(&high).layout;
        assert!(euler_derivatives_are_safe(
            lh,
            &[Complex64::new(1e-20, 0.0)]
        ));
        assert!(!euler_derivatives_are_safe(
            lh,
            &[Complex64::new(1e-30, 0.0)]
        ));
        assert!(!euler_derivatives_are_safe(
            lh,
            &[Complex64::new(1e30, 0.0)]
        ));

        // at a zero coordinate the Jacobian is still the symbolic one
        let x0 = x(0.0);
        let mut ws = ev.workspace();
        let (mut f, mut jac) = (vec![Complex64::default(); 3], vec![Complex64::default(); 9]);
        ev.evaluate_with_jacobian(&x0, &mut ws, &mut f, &mut jac);
        let symbolic = sys.jacobian();
        for i in 0..3 {
            for j in 0..3 {
                let d = symbolic[i][j].eval_c64(&x0);
                assert!((jac[i * 3 + j] - d).norm() <= 1e-12 * (1.0 + d.norm()));
            }
        }
    }

    #[test]
    fn a_variable_that_does_not_occur_may_be_zero() {
        // x_1 occurs in no term: x_1 = 0 leaves the Euler derivatives safe, and its
        // column is 0, not NaN
        let sys = System::with_default_names(vec![
            Polynomial::from_terms(
                2,
                [Term {
                    coefficient: Coefficient::from_c64(Complex64::new(2.0, 0.0)).unwrap(),
                    exponents: vec![3, 0],
                }],
            ),
            Polynomial::from_terms(
                2,
                [Term {
                    coefficient: Coefficient::from_c64(Complex64::new(1.0, 0.0)).unwrap(),
                    exponents: vec![1, 0],
                }],
            ),
        ])
        .unwrap();
        let ev = Evaluator::new(&sys);
        let x = [Complex64::new(2.0, 0.0), Complex64::new(0.0, 0.0)];
        assert!(euler_derivatives_are_safe(&ev.layout, &x));
        let (mut f, mut jac) = (vec![Complex64::default(); 2], vec![Complex64::default(); 4]);
        ev.evaluate_with_jacobian(&x, &mut ev.workspace(), &mut f, &mut jac);
        let c = |re: f64| Complex64::new(re, 0.0);
        assert_eq!(f, vec![c(16.0), c(2.0)]);
        assert_eq!(jac, vec![c(24.0), c(0.0), c(1.0), c(0.0)]);
    }
}
