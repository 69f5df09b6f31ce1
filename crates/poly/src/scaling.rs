//! Scaling of equations and unknowns by powers of ten (Meintjes–Morgan, *A methodology
//! for solving chemical equilibrium systems*, Appl. Math. Comput. 22 (1987); Morgan,
//! *Solving Polynomial Systems Using Continuation*, 1987, ch. 5, `SCLGEN`).
//!
//! Equation $i$ is multiplied by $10^{c_i}$ and unknown $j$ replaced by
//! $x_j = 10^{d_j} x'_j$, so the term $a\,x^\alpha$ of equation $i$ becomes
//! $a\,10^{c_i + \alpha\cdot d}\,x'^\alpha$. The exponents minimize
//! $$\sum_{i}\sum_{a x^\alpha \in f_i} \bigl(\log_{10}|a| + c_i + \alpha\cdot d\bigr)^2,$$
//! the spread of the scaled coefficients' magnitudes around 1. They are rounded to
//! integers (the $d_j$ first, then each $c_i$ optimal for them), so the scaled system
//! keeps exact coefficients. The solutions are the same up
//! to $x = 10^{d} \odot x'$. A homotopy sees the scales: an equation $10^{12}$ times the
//! start system's squeezes the whole path into $1 - t < 10^{-12}$, where `f64` cannot
//! tell $t$ from 1, and a zero with coordinates of $10^6$ looks like a path to infinity.

use crate::{Coefficient, System};
use num_complex::Complex64;
use rug::{Float, Integer, Rational};

/// Powers of ten for the equations ($c_i$) and the unknowns ($d_j$) of a system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scaling {
    /// $c_i$: equation $i$ is multiplied by $10^{c_i}$.
    pub equations: Vec<i32>,
    /// $d_j$: unknown $j$ is $10^{d_j}$ times the scaled one.
    pub variables: Vec<i32>,
}

impl Scaling {
    /// The least-squares scaling of `system` (module documentation). The normal
    /// equations get a ridge of $10^{-9}$ times their diagonal: for a system whose
    /// equations are homogeneous the exponents are determined only up to
    /// $d \mapsto d + k\mathbf 1$, $c_i \mapsto c_i - k \deg f_i$, and the ridge picks
    /// the smallest.
    ///
    /// ```
    /// use poly::{parse_phc, Scaling};
    /// let f = parse_phc("2\n x - 1000000;\n x^2*y - 1000000000000;").unwrap();
    /// let s = Scaling::balance(&f);
    /// assert_eq!(s.equations, vec![-6, -12]);
    /// assert_eq!(s.variables, vec![6, 0]);
    /// ```
    pub fn balance(system: &System) -> Self {
        let (m, n) = (system.len(), system.nvars());
        let k = m + n;
        // normal equations A^T A z = -A^T L over the unknowns z = (c, d)
        let mut ata = vec![0.0f64; k * k];
        let mut rhs = vec![0.0f64; k];
        // log10|a| of every term, per equation
        let logs: Vec<Vec<f64>> = system
            .polynomials()
            .iter()
            .map(|f| {
                f.terms()
                    .iter()
                    .map(|t| log10_abs(&t.coefficient))
                    .collect()
            })
            .collect();
        for (i, (f, ls)) in system.polynomials().iter().zip(&logs).enumerate() {
            for (term, &l) in f.terms().iter().zip(ls) {
                // the row: 1 at c_i, alpha_j at d_j
                let row: Vec<(usize, f64)> = std::iter::once((i, 1.0))
                    .chain(
                        term.exponents
                            .iter()
                            .enumerate()
                            .filter(|(_, &a)| a > 0)
                            .map(|(j, &a)| (m + j, f64::from(a))),
                    )
                    .collect();
                for &(p, u) in &row {
                    rhs[p] -= u * l;
                    for &(q, v) in &row {
                        ata[p * k + q] += u * v;
                    }
                }
            }
        }
        for p in 0..k {
            let d = ata[p * k + p];
            ata[p * k + p] = d + 1e-9 * d.max(1.0);
        }
        let z = solve_spd(&mut ata, &mut rhs, k);
        let round = |v: f64| v.round().clamp(-300.0, 300.0) as i32;
        // the unknowns' exponents rounded, then each equation's the best for them: minus
        // the mean of log10|a| + alpha . d over its terms
        let variables: Vec<i32> = z[m..].iter().map(|&v| round(v)).collect();
        let equations = system
            .polynomials()
            .iter()
            .zip(&logs)
            .map(|(f, ls)| {
                let sum: f64 = f
                    .terms()
                    .iter()
                    .zip(ls)
                    .map(|(t, &l)| l + f64::from(exponent_shift(&t.exponents, &variables)))
                    .sum();
                round(-sum / f.terms().len().max(1) as f64)
            })
            .collect();
        Self {
            equations,
            variables,
        }
    }

    /// Whether every exponent is 0.
    pub fn is_identity(&self) -> bool {
        self.equations
            .iter()
            .chain(&self.variables)
            .all(|&e| e == 0)
    }

    /// The scaled system: term $a x^\alpha$ of equation $i$ becomes
    /// $a\,10^{c_i + \alpha\cdot d} x^\alpha$ (exact), same variable names.
    ///
    /// # Panics
    /// If the scaling is not of `system`'s size.
    pub fn apply(&self, system: &System) -> System {
        assert_eq!(self.equations.len(), system.len(), "one scale per equation");
        assert_eq!(
            self.variables.len(),
            system.nvars(),
            "one scale per unknown"
        );
        let polys = system
            .polynomials()
            .iter()
            .zip(&self.equations)
            .map(|(f, &c)| {
                let terms = f.terms().iter().map(|t| {
                    let s = power_of_ten(c + exponent_shift(&t.exponents, &self.variables));
                    crate::Term {
                        coefficient: Coefficient {
                            re: Rational::from(&t.coefficient.re * &s),
                            im: Rational::from(&t.coefficient.im * &s),
                        },
                        exponents: t.exponents.clone(),
                    }
                });
                crate::Polynomial::from_terms(system.nvars(), terms)
            })
            .collect();
        System::new(system.variables().to_vec(), polys).expect("same shape as a valid system")
    }

    /// A point of the original system from one of the scaled system:
    /// $x_j = 10^{d_j} x'_j$.
    pub fn unscale(&self, scaled: &[Complex64]) -> Vec<Complex64> {
        scaled
            .iter()
            .zip(&self.variables)
            .map(|(z, &d)| z * 10f64.powi(d))
            .collect()
    }
}

/// The spread of the coefficients' magnitudes: $\max - \min$ of $\log_{10}|a|$ over
/// every term of every equation (0 for a system whose coefficients all have one size).
pub fn coefficient_spread(system: &System) -> f64 {
    let (lo, hi) = system
        .polynomials()
        .iter()
        .flat_map(|f| f.terms())
        .map(|t| log10_abs(&t.coefficient))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| {
            (lo.min(l), hi.max(l))
        });
    if lo.is_finite() {
        hi - lo
    } else {
        0.0
    }
}

/// $\alpha \cdot d$: the power of ten the substitution $x = 10^d \odot x'$ puts on the
/// monomial $x^\alpha$.
fn exponent_shift(exponents: &[u32], variables: &[i32]) -> i32 {
    exponents
        .iter()
        .zip(variables)
        .map(|(&a, &d)| a as i32 * d)
        .sum()
}

/// $\log_{10}|a|$ of a nonzero exact coefficient, without overflow (MPFR's exponent
/// range).
fn log10_abs(a: &Coefficient) -> f64 {
    let re = Float::with_val(64, &a.re);
    let im = Float::with_val(64, &a.im);
    re.hypot(&im).log10().to_f64()
}

/// $10^e$ as an exact rational.
fn power_of_ten(e: i32) -> Rational {
    let p = Integer::from(Integer::u_pow_u(10, e.unsigned_abs()));
    if e >= 0 {
        Rational::from(p)
    } else {
        Rational::from((Integer::from(1), p))
    }
}

/// Solves the symmetric positive definite `a z = b` (`k × k`, row-major) by Cholesky;
/// `a` and `b` are overwritten.
fn solve_spd(a: &mut [f64], b: &mut [f64], k: usize) -> Vec<f64> {
    for j in 0..k {
        let mut d = a[j * k + j];
        for p in 0..j {
            d -= a[j * k + p] * a[j * k + p];
        }
        let d = d.max(f64::MIN_POSITIVE).sqrt();
        a[j * k + j] = d;
        for i in j + 1..k {
            let mut s = a[i * k + j];
            for p in 0..j {
                s -= a[i * k + p] * a[j * k + p];
            }
            a[i * k + j] = s / d;
        }
    }
    // L y = b, then L^T z = y
    for i in 0..k {
        let mut s = b[i];
        for p in 0..i {
            s -= a[i * k + p] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    for i in (0..k).rev() {
        let mut s = b[i];
        for p in i + 1..k {
            s -= a[p * k + i] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    b.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_phc;

    #[test]
    fn an_equation_a_trillion_times_the_other_is_scaled_down() {
        let f = parse_phc("2\n 1e12*x^2 + 1e12*y^2 - 5e12;\n x*y - 2;").unwrap();
        let s = Scaling::balance(&f);
        assert_eq!(s.equations[0], -12, "{s:?}");
        assert_eq!(s.equations[1], 0, "{s:?}");
        assert_eq!(s.variables, vec![0, 0]);
        assert_eq!(
            s.apply(&f),
            parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap()
        );
        assert!(coefficient_spread(&f) > 12.0);
        assert!(coefficient_spread(&s.apply(&f)) < 1.0);
    }

    #[test]
    fn scaled_zeros_map_to_zeros() {
        // x = 10^6, y = 1 is a zero of f; the scaled system has it at (1, 1)
        let f = parse_phc("2\n x - 1000000;\n x^2*y - 1000000000000;").unwrap();
        let s = Scaling::balance(&f);
        let g = s.apply(&f);
        let one = Complex64::new(1.0, 0.0);
        let p = [one, one];
        for h in g.polynomials() {
            assert!(h.eval_c64(&p).norm() < 1e-12);
        }
        let x = s.unscale(&p);
        assert_eq!(x, vec![Complex64::new(1e6, 0.0), one]);
        for h in f.polynomials() {
            assert!(h.eval_c64(&x).norm() < 1e-3);
        }
    }

    #[test]
    fn a_well_scaled_system_is_left_alone() {
        let f = parse_phc("2\n x^2 + 3*y^2 - 5;\n 2*x*y - 1;").unwrap();
        assert!(Scaling::balance(&f).is_identity());
    }
}
