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
//! and the path is followed in $s = \log t \in [s_0, 0]$, where every factor
//! $t^{\hat e} = e^{s \hat e}$ lies in $(0, 1]$ and a large exponent only switches its
//! term on close to $s = 0$ (the tracker's adaptive step resolves that scale). The
//! start $s_0 < 0$ is chosen per cell so that at the binomial roots every other term is
//! below $\delta$ times the cell's terms, $|c_a y^a| e^{s_0 \hat e_a} \le \delta\,
//! |c_{a_i} y^{a_i}|$ (computed in logarithms: $|y|$ is the same for all roots of a
//! cell); the binomial root is then corrected by Newton's method at $s_0$. To follow
//! the crate's [`Homotopy`] convention (start at $t = 1$, target at $t = 0$) the
//! homotopy parameter is $\tau = s / s_0$: [`CellHomotopy`] at $\tau = 1$ is the
//! (nearly binomial) start and at $\tau = 0$ it is $G$ exactly, since every factor
//! $e^{0} = 1$.

use crate::field::Field;
use crate::homotopy::Homotopy;
use num_complex::Complex64;
use poly::{Coefficient, Polynomial, System, Term};
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
    max_power: Vec<u32>,
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
        let mut max_power = vec![0u32; n];
        for t in equations.iter().flatten() {
            for &(j, e) in &t.sparse {
                max_power[j] = max_power[j].max(e);
            }
        }
        Self {
            n,
            equations,
            max_power,
        }
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

/// The toric homotopy of one mixed cell in the parameter $\tau = s/s_0$ (module docs):
/// $$H_i(y, \tau) = \sum_a c_{i,a}\, y^a\, e^{s_0 \tau \hat e_{i,a}}.$$
#[derive(Debug)]
pub struct CellHomotopy<'a> {
    start: &'a StartSystem,
    cell: &'a CellExponents,
    s0: f64,
}

/// Workspace of a [`CellHomotopy`].
#[derive(Debug)]
pub struct CellWorkspace {
    powers: Vec<Vec<Complex64>>,
    prefix: Vec<Complex64>,
}

impl<'a> CellHomotopy<'a> {
    /// The homotopy of `cell` started at $s_0 < 0$.
    pub fn new(start: &'a StartSystem, cell: &'a CellExponents, s0: f64) -> Self {
        assert!(s0 < 0.0 && s0.is_finite(), "s0 must be negative");
        Self { start, cell, s0 }
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

    fn eval_generic<T: Field>(
        &self,
        y: &[T],
        t: Complex64,
        prec: u32,
        h: &mut [T],
        jx: &mut [T],
        ht: &mut [T],
    ) {
        let n = self.start.n;
        // powers y_j^k, k <= max power
        let powers: Vec<Vec<T>> = (0..n)
            .map(|j| {
                let mut p = Vec::with_capacity(self.start.max_power[j] as usize + 1);
                p.push(T::from_c64(Complex64::new(1.0, 0.0), prec));
                for k in 1..=self.start.max_power[j] as usize {
                    let next = p[k - 1].mul(&y[j]);
                    p.push(next);
                }
                p
            })
            .collect();
        let zero = T::zero(prec);
        for i in 0..n {
            h[i] = zero.clone();
            ht[i] = zero.clone();
            for j in 0..n {
                jx[i * n + j] = zero.clone();
            }
            for (term, &w) in self.start.equations[i].iter().zip(&self.cell.weights[i]) {
                let (factor, dfactor) = if w == 0.0 {
                    (Complex64::new(1.0, 0.0), Complex64::default())
                } else {
                    let sw = self.s0 * w;
                    let f = (t * sw).exp();
                    (f, f * sw)
                };
                if factor == Complex64::default() {
                    continue;
                }
                let c = term.coefficient * factor;
                let k = term.sparse.len();
                // prefix products of the factors y_j^{a_j}
                let mut prefix: Vec<T> = Vec::with_capacity(k + 1);
                prefix.push(T::from_c64(Complex64::new(1.0, 0.0), prec));
                for (l, &(j, e)) in term.sparse.iter().enumerate() {
                    let next = prefix[l].mul(&powers[j][e as usize]);
                    prefix.push(next);
                }
                let mono = prefix[k].clone();
                h[i] = h[i].add(&mono.scale(c));
                if dfactor != Complex64::default() {
                    ht[i] = ht[i].add(&mono.scale(term.coefficient * dfactor));
                }
                let mut suffix = T::from_c64(Complex64::new(1.0, 0.0), prec);
                for l in (0..k).rev() {
                    let (j, e) = term.sparse[l];
                    let d = prefix[l]
                        .mul(&suffix)
                        .mul(&powers[j][e as usize - 1])
                        .scale(c * f64::from(e));
                    jx[i * n + j] = jx[i * n + j].add(&d);
                    suffix = suffix.mul(&powers[j][e as usize]);
                }
            }
        }
    }
}

impl Homotopy for CellHomotopy<'_> {
    type Workspace = CellWorkspace;

    fn nvars(&self) -> usize {
        self.start.n
    }

    fn workspace(&self) -> CellWorkspace {
        CellWorkspace {
            powers: Vec::new(),
            prefix: Vec::new(),
        }
    }

    fn evaluate(
        &self,
        x: &[Complex64],
        t: Complex64,
        ws: &mut CellWorkspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        self.eval_f64(x, t, ws, h, jx, ht);
    }

    fn evaluate_mp(
        &self,
        x: &[Complex],
        t: Complex64,
        prec: u32,
        _ws: &mut CellWorkspace,
        h: &mut [Complex],
        jx: &mut [Complex],
        ht: &mut [Complex],
    ) {
        self.eval_generic(x, t, prec, h, jx, ht);
    }
}

impl CellHomotopy<'_> {
    /// The `f64` evaluation with reused buffers (the hot path).
    fn eval_f64(
        &self,
        y: &[Complex64],
        t: Complex64,
        ws: &mut CellWorkspace,
        h: &mut [Complex64],
        jx: &mut [Complex64],
        ht: &mut [Complex64],
    ) {
        let n = self.start.n;
        let one = Complex64::new(1.0, 0.0);
        let zero = Complex64::default();
        ws.powers.resize(n, Vec::new());
        for ((p, &m), &yj) in ws.powers.iter_mut().zip(&self.start.max_power).zip(y) {
            p.clear();
            p.push(one);
            for k in 1..=m as usize {
                let next = p[k - 1] * yj;
                p.push(next);
            }
        }
        h.fill(zero);
        ht.fill(zero);
        jx.fill(zero);
        for i in 0..n {
            let row = &mut jx[i * n..(i + 1) * n];
            for (term, &w) in self.start.equations[i].iter().zip(&self.cell.weights[i]) {
                let (factor, dfactor) = if w == 0.0 {
                    (one, zero)
                } else {
                    let sw = self.s0 * w;
                    let f = (t * sw).exp();
                    (f, f * sw)
                };
                if factor == zero {
                    continue;
                }
                let c = term.coefficient * factor;
                let prefix = &mut ws.prefix;
                prefix.clear();
                prefix.push(one);
                for (l, &(j, e)) in term.sparse.iter().enumerate() {
                    let next = prefix[l] * ws.powers[j][e as usize];
                    prefix.push(next);
                }
                let k = term.sparse.len();
                let mono = prefix[k];
                h[i] += c * mono;
                ht[i] += term.coefficient * dfactor * mono;
                let mut suffix = one;
                for l in (0..k).rev() {
                    let (j, e) = term.sparse[l];
                    let p = &ws.powers[j];
                    row[j] += c * f64::from(e) * prefix[l] * suffix * p[e as usize - 1];
                    suffix *= p[e as usize];
                }
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

    #[test]
    fn derivatives_match_finite_differences_in_both_precisions() {
        let (start, cell) = setup();
        let h = CellHomotopy::new(&start, &cell, -3.0);
        let mut ws = h.workspace();
        let x = vec![Complex64::new(0.3, 0.2), Complex64::new(-0.7, 0.4)];
        let t = Complex64::new(0.4, 0.1);
        let z = Complex64::default();
        let (mut hv, mut jx, mut ht) = (vec![z; 2], vec![z; 4], vec![z; 2]);
        h.evaluate(&x, t, &mut ws, &mut hv, &mut jx, &mut ht);
        let eps = 1e-7;
        let (mut h2, mut j2, mut t2) = (vec![z; 2], vec![z; 4], vec![z; 2]);
        h.evaluate(&x, t + eps, &mut ws, &mut h2, &mut j2, &mut t2);
        for i in 0..2 {
            assert!(((h2[i] - hv[i]) / eps - ht[i]).norm() < 1e-5);
        }
        for j in 0..2 {
            let mut y = x.clone();
            y[j] += eps;
            h.evaluate(&y, t, &mut ws, &mut h2, &mut j2, &mut t2);
            for i in 0..2 {
                assert!(((h2[i] - hv[i]) / eps - jx[i * 2 + j]).norm() < 1e-5);
            }
        }
        let xm: Vec<Complex> = x.iter().map(|z| Complex::from_c64(*z, 128)).collect();
        let zm = Complex::new(128);
        let (mut hm, mut jm, mut tm) = (vec![zm.clone(); 2], vec![zm.clone(); 4], vec![zm; 2]);
        h.evaluate_mp(&xm, t, 128, &mut ws, &mut hm, &mut jm, &mut tm);
        for i in 0..2 {
            assert!((hm[i].to_c64() - hv[i]).norm() < 1e-14);
            assert!((tm[i].to_c64() - ht[i]).norm() < 1e-14);
            for j in 0..2 {
                assert!((jm[i * 2 + j].to_c64() - jx[i * 2 + j]).norm() < 1e-14);
            }
        }
    }

    #[test]
    fn at_zero_the_homotopy_is_the_start_system() {
        let (start, cell) = setup();
        let h = CellHomotopy::new(&start, &cell, -5.0);
        let g = start.system(&["x".into(), "y".into()]);
        let x = vec![Complex64::new(0.3, -0.2), Complex64::new(1.1, 0.4)];
        let z = Complex64::default();
        let (mut hv, mut jx, mut ht) = (vec![z; 2], vec![z; 4], vec![z; 2]);
        let mut ws = h.workspace();
        h.evaluate(&x, z, &mut ws, &mut hv, &mut jx, &mut ht);
        for (p, v) in g.polynomials().iter().zip(&hv) {
            assert!((p.eval_c64(&x) - v).norm() < 1e-13);
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
