//! Parameter homotopies: one member of a family of systems to another.
//!
//! A *family* is a system $F(x; p)$ of $n$ equations in $n$ unknowns $x$ and $k$
//! parameters $p$, given as a [`System`] whose last $k$ variables are the parameters.
//! For generic $p$ it has the same number of isolated solutions (the generic root count
//! of the family); a [`ParameterHomotopy`] moves the solutions at a start parameter
//! $p_1$ to a target $p_0$ along
//! $$ p(t) = \tau(t)\, p_1 + (1 - \tau(t))\, p_0, \qquad
//!    \tau(t) = \frac{\gamma t}{1 + (\gamma - 1) t}, $$
//! with a random unit complex $\gamma$: $\tau$ maps $[0, 1]$ onto a circular arc from 0
//! to 1 in $\mathbb{C}$, so that the path of parameters misses the (complex
//! codimension one) discriminant with probability one, also when $p_0$ and $p_1$ are
//! real (the gamma trick for parameters; Morgan–Sommese, *Coefficient-parameter
//! polynomial continuation*, 1989). Every isolated solution at a generic $p_0$ is then
//! the endpoint of a path from a generic $p_1$.
//!
//! As in [`StraightLine`](crate::StraightLine), $x$ is homogenized (the parameters are
//! not): $F^h(x, x_0; p) = x_0^{D_i} F_i(x/x_0; p)$ with $D_i$ the degree of $F_i$ in
//! $x$, on a random affine chart $a \cdot (x, x_0) = 1$, so paths that diverge at the
//! target stay bounded and end with $x_0 \to 0$.

use crate::field::Field;
use crate::homotopy::{Chart, Homotopy, PRECISION_LADDER};
use num_complex::Complex64;
use poly::{
    ComplexDd, DdEvaluator, DdWorkspace, Evaluator, MpEvaluator, MpWorkspace, Polynomial, System,
    Term, Workspace,
};
use rug::Complex;
use std::sync::{Arc, OnceLock};

/// Homogenizes the first `n` variables of `family` with a new variable $x_0$ placed
/// after them: variables $(x_1, \dots, x_n, x_0, p_1, \dots, p_k)$, each equation to
/// its degree in the first `n` (the system a [`ParameterHomotopy`] evaluates, and
/// that a [`FamilyEvaluator`] must agree with).
pub fn homogenize_unknowns(family: &System, n: usize) -> System {
    let nv = family.nvars() + 1;
    let polynomials = family
        .polynomials()
        .iter()
        .map(|p| {
            let deg = |t: &Term| t.exponents[..n].iter().sum::<u32>();
            let d = p.terms().iter().map(deg).max().unwrap_or(0);
            Polynomial::from_terms(
                nv,
                p.terms().iter().map(|t| {
                    let mut e = t.exponents[..n].to_vec();
                    e.push(d - deg(t));
                    e.extend_from_slice(&t.exponents[n..]);
                    Term {
                        coefficient: t.coefficient.clone(),
                        exponents: e,
                    }
                }),
            )
        })
        .collect();
    let mut names = family.variables()[..n].to_vec();
    let mut h0 = String::from("h0");
    while family.variables().contains(&h0) {
        h0.push('_');
    }
    names.push(h0);
    names.extend_from_slice(&family.variables()[n..]);
    System::new(names, polynomials).expect("a fresh variable name")
}

/// Why a [`ParameterHomotopy`] cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterError(pub String);

impl std::fmt::Display for ParameterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParameterError {}

/// A faster `f64` evaluator of the homogenized family $F^h(x, x_0; p)$ than the sparse
/// evaluator of its expanded polynomials, for families with structure (the gradient
/// family of `dln` is products of matrices). It must compute the same function as the
/// homogenization of the family's [`System`] that [`ParameterHomotopy`] builds (the
/// first $n$ variables homogenized by $x_0$ to the degree of each equation in them);
/// double-double and MPC evaluation keep using the expanded polynomials.
pub trait FamilyEvaluator: Send + Sync + std::fmt::Debug {
    /// $F^h$ into `f` ($n$ values), $\partial F^h/\partial(x, x_0)$ row-major into `jx`
    /// ($n \times (n+1)$, the column of $x_0$ last) and $\sum_j \partial F^h/\partial
    /// p_j\, v_j$ into `fv` ($n$ values), at `x` $= (x_1, \dots, x_n, x_0)$ and the
    /// parameters `p`, along the direction `v` of the parameters.
    fn evaluate(
        &self,
        x: &[Complex64],
        p: &[Complex64],
        v: &[Complex64],
        f: &mut [Complex64],
        jx: &mut [Complex64],
        fv: &mut [Complex64],
    );
}

/// The parameter homotopy of the module documentation: $H(x, 1) = F^h(x; p_1)$ (solved),
/// $H(x, 0) = F^h(x; p_0)$ (the target), plus the chart equation.
pub struct ParameterHomotopy {
    n: usize,
    family_h: System,
    f: Evaluator,
    mp: [OnceLock<MpEvaluator>; PRECISION_LADDER.len()],
    dd: OnceLock<DdEvaluator>,
    start: Vec<Complex64>,
    target: Vec<Complex64>,
    gamma: Complex64,
    chart: Chart,
    /// $p_1 - p_0$, the direction of the parameter path, rounded to `f64` ...
    direction: Vec<Complex64>,
    /// ... and exact in double-double (a difference of two `f64`).
    direction_dd: Vec<ComplexDd>,
    fast: Option<Arc<dyn FamilyEvaluator>>,
}

impl std::fmt::Debug for ParameterHomotopy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParameterHomotopy")
            .field("n", &self.n)
            .field("k", &self.start.len())
            .field("gamma", &self.gamma)
            .finish()
    }
}

/// Workspace of a [`ParameterHomotopy`].
pub struct ParameterWorkspace {
    z: Vec<Complex64>,
    ev: Workspace,
    fv: Vec<Complex64>,
    fj: Vec<Complex64>,
    fd: Vec<Complex64>,
    mp: Vec<(u32, MpWorkspace, Vec<Complex>, Vec<Complex>)>,
    dd: Option<DdScratch>,
}

/// Double-double scratch of a [`ParameterHomotopy`]: workspace, the point with $p(t)$,
/// values, Jacobian.
type DdScratch = (DdWorkspace, Vec<ComplexDd>, Vec<ComplexDd>, Vec<ComplexDd>);

/// The number $n$ of unknowns of `family` with its last `k` variables as parameters,
/// or an error unless it has $n \ge 1$ unknowns and $n$ equations.
pub(crate) fn family_unknowns(family: &System, k: usize) -> Result<usize, ParameterError> {
    if family.nvars() <= k || family.len() != family.nvars() - k {
        return Err(ParameterError(format!(
            "a family with {k} parameters needs {} unknowns and as many equations, got {} \
             variables and {} equations",
            family.nvars().saturating_sub(k),
            family.nvars(),
            family.len()
        )));
    }
    Ok(family.nvars() - k)
}

impl ParameterHomotopy {
    /// The homotopy from the member at `start` ($t = 1$) to the member at `target`
    /// ($t = 0$) of `family`, whose last `start.len()` variables are the parameters;
    /// $\gamma$ and the chart are drawn from `rng`.
    ///
    /// # Errors
    /// When the parameter vectors differ in length or are not finite, or the family is
    /// not square in its unknowns.
    pub fn new(
        family: &System,
        start: &[Complex64],
        target: &[Complex64],
        rng: &mut poly::Rng,
    ) -> Result<Self, ParameterError> {
        let k = start.len();
        if target.len() != k {
            return Err(ParameterError(format!(
                "start has {k} parameters, target {}",
                target.len()
            )));
        }
        let n = family_unknowns(family, k)?;
        if start.iter().chain(target).any(|z| !z.is_finite()) {
            return Err(ParameterError("parameters must be finite".into()));
        }
        let family_h = homogenize_unknowns(family, n);
        let gamma = rng.unit_complex();
        let chart = Chart::random(n, rng);
        Ok(Self {
            n,
            f: Evaluator::new(&family_h),
            family_h,
            mp: Default::default(),
            dd: OnceLock::new(),
            start: start.to_vec(),
            target: target.to_vec(),
            gamma,
            chart,
            direction: start.iter().zip(target).map(|(s, g)| s - g).collect(),
            direction_dd: start
                .iter()
                .zip(target)
                .map(|(s, g)| ComplexDd::from(*s) - ComplexDd::from(*g))
                .collect(),
            fast: None,
        })
    }

    /// The same homotopy evaluated in `f64` by `fast`, which must compute the
    /// homogenized family of this homotopy (see [`FamilyEvaluator`]).
    pub fn with_fast_evaluator(mut self, fast: Option<Arc<dyn FamilyEvaluator>>) -> Self {
        self.fast = fast;
        self
    }

    /// The number of affine unknowns $n$ (the homotopy has $n + 1$).
    pub fn affine_nvars(&self) -> usize {
        self.n
    }

    /// The random $\gamma$ of the parameter path.
    pub fn gamma(&self) -> Complex64 {
        self.gamma
    }

    /// $\tau(t)$ and $\tau'(t)$.
    fn tau(&self, t: Complex64) -> (Complex64, Complex64) {
        let one = Complex64::new(1.0, 0.0);
        let d = one + (self.gamma - one) * t;
        (self.gamma * t / d, self.gamma / (d * d))
    }

    /// The parameters $p(t)$ on the path.
    pub fn parameters_at(&self, t: Complex64) -> Vec<Complex64> {
        let (tau, _) = self.tau(t);
        self.start
            .iter()
            .zip(&self.target)
            .map(|(s, g)| tau * s + (1.0 - tau) * g)
            .collect()
    }

    /// Lifts an affine point $y \in \mathbb{C}^n$ to the chart: $x = (y, 1)/(a\cdot(y, 1))$.
    pub fn to_chart(&self, y: &[Complex64]) -> Vec<Complex64> {
        self.chart.lift(y)
    }

    fn mp_level(&self, prec: u32) -> (&MpEvaluator, u32) {
        let i = PRECISION_LADDER
            .iter()
            .position(|&p| p >= prec)
            .unwrap_or(PRECISION_LADDER.len() - 1);
        let p = PRECISION_LADDER[i];
        (
            self.mp[i].get_or_init(|| MpEvaluator::new(&self.family_h, p)),
            p,
        )
    }
}

impl Homotopy for ParameterHomotopy {
    type Workspace = ParameterWorkspace;

    fn nvars(&self) -> usize {
        self.n + 1
    }

    fn workspace(&self) -> ParameterWorkspace {
        let (n, nz) = (self.n, self.family_h.nvars());
        let z = Complex64::default();
        ParameterWorkspace {
            z: vec![z; nz],
            ev: self.f.workspace(),
            fv: vec![z; n],
            fj: vec![z; n * nz],
            fd: vec![z; n],
            mp: Vec::new(),
            dd: None,
        }
    }

    fn evaluate(
        &self,
        x: &[Complex64],
        t: Complex64,
        ws: &mut ParameterWorkspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        let (n, m, nz) = (self.n, self.n + 1, self.family_h.nvars());
        let (tau, dtau) = self.tau(t);
        ws.z[..m].copy_from_slice(x);
        for (j, (s, g)) in self.start.iter().zip(&self.target).enumerate() {
            ws.z[m + j] = tau * s + (1.0 - tau) * g;
        }
        if let Some(fast) = &self.fast {
            let jf = &mut ws.fj[..n * m];
            fast.evaluate(x, &ws.z[m..], &self.direction, &mut ws.fv, jf, &mut ws.fd);
            h[..n].copy_from_slice(&ws.fv);
            jx[..n * m].copy_from_slice(jf);
            for (hti, d) in ht.iter_mut().zip(&ws.fd) {
                *hti = d * dtau;
            }
            self.chart.equation(x, h, jx, ht);
            return;
        }
        self.f
            .evaluate_with_jacobian(&ws.z, &mut ws.ev, &mut ws.fv, &mut ws.fj);
        for i in 0..n {
            let row = &ws.fj[i * nz..(i + 1) * nz];
            h[i] = ws.fv[i];
            jx[i * m..(i + 1) * m].copy_from_slice(&row[..m]);
            let d: Complex64 = row[m..]
                .iter()
                .zip(&self.direction)
                .map(|(a, v)| a * v)
                .sum();
            ht[i] = d * dtau;
        }
        self.chart.equation(x, h, jx, ht);
    }

    fn evaluate_dd(
        &self,
        x: &[ComplexDd],
        t: Complex64,
        ws: &mut ParameterWorkspace,
        h: &mut [ComplexDd],
        jx: &mut [ComplexDd],
        ht: &mut [ComplexDd],
    ) {
        let (n, m, nz) = (self.n, self.n + 1, self.family_h.nvars());
        let ev = self.dd.get_or_init(|| DdEvaluator::new(&self.family_h));
        let (dws, z, fv, fj) = ws.dd.get_or_insert_with(|| {
            let z = ComplexDd::default();
            (ev.workspace(), vec![z; nz], vec![z; n], vec![z; n * nz])
        });
        // p(t) = tau p_1 + (1 - tau) p_0 = p_0 + tau (p_1 - p_0), tau in f64 (t is f64)
        let (tau, dtau) = self.tau(t);
        let tau_d = ComplexDd::from(tau);
        z[..m].copy_from_slice(x);
        for ((zj, g), d) in z[m..].iter_mut().zip(&self.target).zip(&self.direction_dd) {
            *zj = ComplexDd::from(*g) + tau_d * *d;
        }
        ev.evaluate_with_jacobian(z, dws, fv, fj);
        let dtau_d = ComplexDd::from(dtau);
        for i in 0..n {
            h[i] = fv[i];
            jx[i * m..(i + 1) * m].copy_from_slice(&fj[i * nz..i * nz + m]);
            let mut d = ComplexDd::default();
            for (a, v) in fj[i * nz + m..(i + 1) * nz].iter().zip(&self.direction_dd) {
                d += *a * *v;
            }
            ht[i] = d * dtau_d;
        }
        self.chart.equation_dd(x, h, jx, ht);
    }

    fn evaluate_mp(
        &self,
        x: &[Complex],
        t: Complex64,
        prec: u32,
        ws: &mut ParameterWorkspace,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    ) {
        let (n, m, nz) = (self.n, self.n + 1, self.family_h.nvars());
        let (ev, p) = self.mp_level(prec);
        let k = match ws.mp.iter().position(|e| e.0 == p) {
            Some(k) => k,
            None => {
                let z = Complex::new(p);
                ws.mp
                    .push((p, ev.workspace(), vec![z.clone(); n], vec![z; n * nz]));
                ws.mp.len() - 1
            }
        };
        let (_, mws, fv, fj) = &mut ws.mp[k];
        // p(t) in working precision from tau in f64 (t is f64)
        let (tau, dtau) = self.tau(t);
        let tau_m = Complex::from_c64(tau, p);
        // p_1 - p_0 exactly, once per evaluation (for p(t) and for dH/dt)
        let diffs: Vec<Complex> = self
            .start
            .iter()
            .zip(&self.target)
            .map(|(s, g)| Complex::from_c64(*s, p).sub(&Complex::from_c64(*g, p)))
            .collect();
        let mut z: Vec<Complex> = x.to_vec();
        for (g, d) in self.target.iter().zip(&diffs) {
            // p_0 + tau (p_1 - p_0), the same number as in double-double
            z.push(Complex::from_c64(*g, p).add(&d.mul(&tau_m)));
        }
        ev.evaluate_with_jacobian(&z, mws, fv, fj);
        let dtau_m = Complex::from_c64(dtau, p);
        for i in 0..n {
            h[i] = fv[i].clone();
            for j in 0..m {
                jx[i * m + j] = fj[i * nz + j].clone();
            }
            let mut d = Complex::new(p);
            for (a, diff) in fj[i * nz + m..(i + 1) * nz].iter().zip(&diffs) {
                d = d.add(&a.mul(diff));
            }
            ht[i] = d.mul(&dtau_m);
        }
        self.chart.equation_mp(x, p, h, jx, ht);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    /// $x^2 y - p_1 y + 3$, $x y - p_2 x + y^2$: a family with two parameters.
    fn family() -> System {
        let s = poly::parse_phc("2\n x^2*y - p1*y + 3;\n x*y - p2*x + y^2 + p1*p2;").unwrap();
        // parse_phc orders variables by appearance: x, y, p1, p2
        assert_eq!(s.variables(), ["x", "y", "p1", "p2"]);
        s
    }

    #[test]
    fn derivatives_match_finite_differences_in_both_precisions() {
        let h = ParameterHomotopy::new(
            &family(),
            &[c(0.3, -1.2), c(0.7, 0.4)],
            &[c(2.0, 0.0), c(-1.0, 0.0)],
            &mut poly::Rng::new(5),
        )
        .unwrap();
        let x = [c(0.3, 0.2), c(-0.7, 0.1), c(0.5, -0.4)];
        crate::homotopy::assert_derivatives(&h, &x, c(0.4, 0.1), false, 1e-14, 1e-13);
    }

    #[test]
    fn path_ends_are_the_two_members_and_the_chart_lift_solves_the_chart() {
        let fam = family();
        let (p1, p0) = ([c(0.3, -1.2), c(0.7, 0.4)], [c(2.0, 0.0), c(-1.0, 0.0)]);
        let h = ParameterHomotopy::new(&fam, &p1, &p0, &mut poly::Rng::new(9)).unwrap();
        assert_eq!(h.parameters_at(c(1.0, 0.0)), p1.to_vec());
        assert_eq!(h.parameters_at(c(0.0, 0.0)), p0.to_vec());
        let mid = h.parameters_at(c(0.5, 0.0));
        assert!(mid.iter().any(|z| z.im.abs() > 1e-3 && z.im.abs() < 10.0));
        // H(x, t) at a lifted point is the member at p(t), scaled by x_0^D
        let y = [c(0.2, 0.1), c(-0.4, 0.3)];
        let x = h.to_chart(&y);
        let mut ws = h.workspace();
        let z = Complex64::default();
        let (mut hv, mut jx, mut ht) = (vec![z; 3], vec![z; 9], vec![z; 3]);
        h.evaluate(&x, c(0.0, 0.0), &mut ws, &mut hv, &mut jx, &mut ht);
        assert!(hv[2].norm() < 1e-14);
        let member = fam
            .specialize(&p0.map(|v| poly::Coefficient::from_c64(v).unwrap()))
            .unwrap();
        let x0 = x[2];
        for (i, f) in member.polynomials().iter().enumerate() {
            let scale = x0.powi(f.degree() as i32);
            assert!((f.eval_c64(&y) * scale - hv[i]).norm() < 1e-13);
        }
    }

    #[test]
    fn malformed_families_are_refused() {
        let fam = family();
        let mut rng = poly::Rng::new(1);
        assert!(ParameterHomotopy::new(&fam, &[c(1.0, 0.0)], &[c(1.0, 0.0)], &mut rng).is_err());
        assert!(ParameterHomotopy::new(
            &fam,
            &[c(1.0, 0.0), c(f64::NAN, 0.0)],
            &[c(1.0, 0.0), c(1.0, 0.0)],
            &mut rng
        )
        .is_err());
        assert!(
            ParameterHomotopy::new(&fam, &[c(1.0, 0.0); 2], &[c(1.0, 0.0); 3], &mut rng).is_err()
        );
    }
}
