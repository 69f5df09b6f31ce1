//! Interval evaluation of a polynomial system and of its Jacobian over a box.
//!
//! Each exact Gaussian-rational coefficient is enclosed once at the working precision
//! ([`ComplexInterval::enclose_coefficient`]); a polynomial
//! $f = \sum_a c_a x^a$ is then evaluated term by term over a box
//! $X = X_1 \times \dots \times X_n$ of complex rectangles, the powers $X_j^e$ by
//! repeated interval multiplication. By the inclusion property of every operation,
//! the result contains $\{f(x) : x \in X\}$ (the *natural interval extension*, Moore
//! 1966). The Jacobian entries are the exact partial derivatives
//! $\partial f_i / \partial x_j$ ([`poly::System::jacobian`]) evaluated the same way.

use crate::interval::{ComplexInterval, RealInterval};
use poly::{Polynomial, System};

/// One term $c \cdot \prod_j x_j^{e_j}$ with its coefficient enclosed.
#[derive(Clone, Debug)]
struct IntervalTerm<I> {
    coefficient: ComplexInterval<I>,
    /// The non-zero exponents: `(variable, exponent)`.
    powers: Vec<(usize, u32)>,
}

/// A square polynomial system and its Jacobian, with coefficients enclosed at a fixed
/// precision, ready for interval evaluation over boxes.
#[derive(Clone, Debug)]
pub struct IntervalSystem<I> {
    nvars: usize,
    precision: u32,
    equations: Vec<Vec<IntervalTerm<I>>>,
    /// Row-major $n \times n$ Jacobian entries.
    jacobian: Vec<Vec<IntervalTerm<I>>>,
    /// The largest exponent of each variable over the system and its Jacobian.
    max_exponent: Vec<u32>,
}

fn enclose_terms<I: RealInterval>(p: &Polynomial, precision: u32) -> Vec<IntervalTerm<I>> {
    p.terms()
        .iter()
        .map(|t| IntervalTerm {
            coefficient: ComplexInterval::enclose_coefficient(&t.coefficient, precision),
            powers: t
                .exponents
                .iter()
                .enumerate()
                .filter(|(_, &e)| e > 0)
                .map(|(j, &e)| (j, e))
                .collect(),
        })
        .collect()
}

impl<I: RealInterval> IntervalSystem<I> {
    /// The interval form of a square `system` at `precision` bits (53 for `f64`
    /// intervals).
    ///
    /// # Panics
    /// If the system is not square (checked by [`certify`](crate::certify) before).
    pub fn new(system: &System, precision: u32) -> Self {
        assert!(
            system.is_square(),
            "interval evaluation needs a square system"
        );
        let n = system.nvars();
        let equations: Vec<_> = system
            .polynomials()
            .iter()
            .map(|p| enclose_terms(p, precision))
            .collect();
        let jacobian: Vec<_> = system
            .jacobian()
            .iter()
            .flatten()
            .map(|p| enclose_terms(p, precision))
            .collect();
        let mut max_exponent = vec![0u32; n];
        for t in equations.iter().chain(&jacobian).flatten() {
            for &(j, e) in &t.powers {
                max_exponent[j] = max_exponent[j].max(e);
            }
        }
        Self {
            nvars: n,
            precision,
            equations,
            jacobian,
            max_exponent,
        }
    }

    /// Number of variables (= number of equations).
    pub fn nvars(&self) -> usize {
        self.nvars
    }

    /// The precision of the coefficient enclosures.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// $X_j^e$ for $1 \le e \le$ the largest exponent of $x_j$ (index `e - 1`).
    fn powers(&self, x: &[ComplexInterval<I>]) -> Vec<Vec<ComplexInterval<I>>> {
        x.iter()
            .zip(&self.max_exponent)
            .map(|(xj, &m)| {
                let mut pw: Vec<ComplexInterval<I>> = Vec::with_capacity(m as usize);
                for e in 0..m as usize {
                    let next = if e == 0 {
                        xj.clone()
                    } else {
                        pw[e - 1].mul(xj)
                    };
                    pw.push(next);
                }
                pw
            })
            .collect()
    }

    fn sum_terms(
        &self,
        terms: &[IntervalTerm<I>],
        powers: &[Vec<ComplexInterval<I>>],
    ) -> ComplexInterval<I> {
        let zero = ComplexInterval::point(num_complex::Complex64::default(), self.precision);
        terms.iter().fold(zero, |acc, t| {
            let value = t.powers.iter().fold(t.coefficient.clone(), |v, &(j, e)| {
                v.mul(&powers[j][e as usize - 1])
            });
            acc.add(&value)
        })
    }

    /// An enclosure of $\{F(x) : x \in X\}$, one rectangle per equation.
    ///
    /// # Panics
    /// If `x` does not have `nvars()` coordinates.
    pub fn evaluate(&self, x: &[ComplexInterval<I>]) -> Vec<ComplexInterval<I>> {
        assert_eq!(x.len(), self.nvars, "box dimension");
        let powers = self.powers(x);
        self.equations
            .iter()
            .map(|terms| self.sum_terms(terms, &powers))
            .collect()
    }

    /// An enclosure of $\{\partial F / \partial x\,(x) : x \in X\}$, row-major
    /// $n \times n$.
    ///
    /// # Panics
    /// If `x` does not have `nvars()` coordinates.
    pub fn jacobian(&self, x: &[ComplexInterval<I>]) -> Vec<ComplexInterval<I>> {
        assert_eq!(x.len(), self.nvars, "box dimension");
        let powers = self.powers(x);
        self.jacobian
            .iter()
            .map(|terms| self.sum_terms(terms, &powers))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::{Interval, MpInterval};
    use num_complex::Complex64;

    /// The enclosure of F over a small box contains F at random points of the box
    /// (evaluated in exact rational arithmetic), for f64 and MPFR intervals.
    #[test]
    fn box_evaluation_contains_exact_values() {
        let sys = poly::parse_phc("2\n x^2*y - 1/3*x + (2+I)*y^3;\n x*y - 7/5;").unwrap();
        let mut rng = poly::Rng::new(11);
        let c = [Complex64::new(0.7, -0.2), Complex64::new(-1.1, 0.4)];
        let r = 1e-3;
        let isys = IntervalSystem::<Interval>::new(&sys, 53);
        let msys = IntervalSystem::<MpInterval>::new(&sys, 100);
        let xbox: Vec<ComplexInterval<Interval>> = c
            .iter()
            .map(|z| ComplexInterval {
                re: Interval::new(z.re - r, z.re + r),
                im: Interval::new(z.im - r, z.im + r),
            })
            .collect();
        let mbox: Vec<ComplexInterval<MpInterval>> = c
            .iter()
            .map(|z| ComplexInterval {
                re: MpInterval::from_f64_bounds(z.re - r, z.re + r, 100),
                im: MpInterval::from_f64_bounds(z.im - r, z.im + r, 100),
            })
            .collect();
        let f = isys.evaluate(&xbox);
        let fm = msys.evaluate(&mbox);
        let jac = isys.jacobian(&xbox);
        let q = |v: f64| poly::rug::Rational::from_f64(v).unwrap();
        let inside = |i: &Interval, v: &poly::rug::Rational| q(i.lo) <= *v && *v <= q(i.hi);
        for _ in 0..50 {
            let p: Vec<poly::Coefficient> = xbox
                .iter()
                .map(|b| {
                    let re = rng.uniform_in(b.re.lo, b.re.hi);
                    let im = rng.uniform_in(b.im.lo, b.im.hi);
                    poly::Coefficient::from_c64(Complex64::new(re, im)).unwrap()
                })
                .collect();
            let exact = |poly: &Polynomial| {
                poly.terms()
                    .iter()
                    .fold(poly::Coefficient::zero(), |acc, t| {
                        let v = t
                            .exponents
                            .iter()
                            .zip(&p)
                            .fold(t.coefficient.clone(), |v, (&e, x)| v.mul(&x.pow(e)));
                        acc.add(&v)
                    })
            };
            for (k, poly) in sys.polynomials().iter().enumerate() {
                let v = exact(poly);
                assert!(inside(&f[k].re, &v.re) && inside(&f[k].im, &v.im));
                let m = fm[k].re.to_outer_f64();
                assert!(inside(&m, &v.re));
            }
            for (k, poly) in sys.jacobian().iter().flatten().enumerate() {
                let v = exact(poly);
                assert!(inside(&jac[k].re, &v.re) && inside(&jac[k].im, &v.im));
            }
        }
        // the MPFR enclosure is much tighter than the f64 one at a point
        let pt: Vec<_> = c.iter().map(|&z| ComplexInterval::point(z, 200)).collect();
        let mpsys = IntervalSystem::<MpInterval>::new(&sys, 200);
        let e = &mpsys.evaluate(&pt)[0].re;
        let width = poly::rug::Float::with_val(200, &e.hi - &e.lo);
        assert!(width > 0.0 && width < 1e-50, "{width}");
    }
}
