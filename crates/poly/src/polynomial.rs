//! Sparse multivariate polynomials with exact coefficients.

use crate::Coefficient;
use num_complex::Complex64;
use std::collections::BTreeMap;

/// One term `c · x^a` of a polynomial: a coefficient and an exponent vector.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    /// The coefficient, never zero inside a [`Polynomial`].
    pub coefficient: Coefficient,
    /// The exponent of each variable (length = number of variables).
    pub exponents: Vec<u32>,
}

/// A sparse polynomial in a fixed number of variables,
/// $f = \sum_{a \in A} c_a x^a$ with $A \subset \mathbb{N}^n$ its support.
///
/// The representation is canonical: terms have distinct exponent vectors, no zero
/// coefficient, and are sorted by descending total degree, then descending
/// lexicographic order of exponents. Two polynomials are equal iff their terms are.
///
/// ```
/// use poly::{Coefficient, Polynomial};
/// let x = Polynomial::variable(2, 0);
/// let y = Polynomial::variable(2, 1);
/// let f = x.mul(&y).add(&Polynomial::constant(2, Coefficient::from_i64(-1)));
/// assert_eq!(f.degree(), 2);
/// assert_eq!(f.support(), vec![vec![1, 1], vec![0, 0]]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Polynomial {
    nvars: usize,
    terms: Vec<Term>,
}

impl Polynomial {
    /// The zero polynomial in `nvars` variables.
    pub fn zero(nvars: usize) -> Self {
        Self {
            nvars,
            terms: Vec::new(),
        }
    }

    /// A constant polynomial.
    pub fn constant(nvars: usize, c: Coefficient) -> Self {
        Self::from_terms(
            nvars,
            [Term {
                coefficient: c,
                exponents: vec![0; nvars],
            }],
        )
    }

    /// The polynomial `x_i` (0-based index).
    ///
    /// # Panics
    /// If `i >= nvars`.
    pub fn variable(nvars: usize, i: usize) -> Self {
        assert!(i < nvars, "variable index {i} out of range {nvars}");
        let mut exponents = vec![0; nvars];
        exponents[i] = 1;
        Self {
            nvars,
            terms: vec![Term {
                coefficient: Coefficient::one(),
                exponents,
            }],
        }
    }

    /// Builds a polynomial from terms, combining equal monomials and dropping zeros.
    ///
    /// # Panics
    /// If a term's exponent vector does not have length `nvars`.
    pub fn from_terms(nvars: usize, terms: impl IntoIterator<Item = Term>) -> Self {
        let mut map: BTreeMap<Vec<u32>, Coefficient> = BTreeMap::new();
        for t in terms {
            assert_eq!(t.exponents.len(), nvars, "exponent vector length");
            accumulate(&mut map, t.exponents, t.coefficient);
        }
        Self::from_map(nvars, map)
    }

    fn from_map(nvars: usize, map: BTreeMap<Vec<u32>, Coefficient>) -> Self {
        let mut terms: Vec<Term> = map
            .into_iter()
            .filter(|(_, c)| !c.is_zero())
            .map(|(exponents, coefficient)| Term {
                coefficient,
                exponents,
            })
            .collect();
        terms.sort_by(|a, b| {
            let da: u64 = a.exponents.iter().map(|&e| u64::from(e)).sum();
            let db: u64 = b.exponents.iter().map(|&e| u64::from(e)).sum();
            db.cmp(&da).then_with(|| b.exponents.cmp(&a.exponents))
        });
        Self { nvars, terms }
    }

    fn to_map(&self) -> BTreeMap<Vec<u32>, Coefficient> {
        self.terms
            .iter()
            .map(|t| (t.exponents.clone(), t.coefficient.clone()))
            .collect()
    }

    /// Number of variables.
    pub fn nvars(&self) -> usize {
        self.nvars
    }

    /// The terms, in canonical order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// The total degree (0 for the zero polynomial).
    pub fn degree(&self) -> u32 {
        self.terms
            .iter()
            .map(|t| t.exponents.iter().sum::<u32>())
            .max()
            .unwrap_or(0)
    }

    /// The support: the exponent vectors of the terms, in canonical order.
    pub fn support(&self) -> Vec<Vec<u32>> {
        self.terms.iter().map(|t| t.exponents.clone()).collect()
    }

    /// The coefficient of the monomial `x^a` (zero if absent).
    pub fn coefficient(&self, exponents: &[u32]) -> Coefficient {
        self.terms
            .iter()
            .find(|t| t.exponents == exponents)
            .map(|t| t.coefficient.clone())
            .unwrap_or_default()
    }

    /// Whether every coefficient is real.
    pub fn is_real(&self) -> bool {
        self.terms.iter().all(|t| t.coefficient.is_real())
    }

    /// The sum `self + other`.
    pub fn add(&self, other: &Self) -> Self {
        assert_eq!(self.nvars, other.nvars, "variable count");
        let mut map = self.to_map();
        for t in &other.terms {
            accumulate(&mut map, t.exponents.clone(), t.coefficient.clone());
        }
        Self::from_map(self.nvars, map)
    }

    /// The difference `self - other`.
    pub fn sub(&self, other: &Self) -> Self {
        self.add(&other.neg())
    }

    /// The negation `-self`.
    pub fn neg(&self) -> Self {
        self.scale(&Coefficient::from_i64(-1))
    }

    /// The product `c · self`.
    pub fn scale(&self, c: &Coefficient) -> Self {
        if c.is_zero() {
            return Self::zero(self.nvars);
        }
        Self {
            nvars: self.nvars,
            terms: self
                .terms
                .iter()
                .map(|t| Term {
                    coefficient: t.coefficient.mul(c),
                    exponents: t.exponents.clone(),
                })
                .collect(),
        }
    }

    /// The product `self · other`.
    pub fn mul(&self, other: &Self) -> Self {
        assert_eq!(self.nvars, other.nvars, "variable count");
        let mut map = BTreeMap::new();
        for a in &self.terms {
            for b in &other.terms {
                let e: Vec<u32> = a
                    .exponents
                    .iter()
                    .zip(&b.exponents)
                    .map(|(x, y)| x + y)
                    .collect();
                accumulate(&mut map, e, a.coefficient.mul(&b.coefficient));
            }
        }
        Self::from_map(self.nvars, map)
    }

    /// The power `self^e`.
    pub fn pow(&self, e: u32) -> Self {
        let mut result = Self::constant(self.nvars, Coefficient::one());
        for _ in 0..e {
            result = result.mul(self);
        }
        result
    }

    /// The partial derivative $\partial f / \partial x_i$.
    pub fn derivative(&self, i: usize) -> Self {
        let terms = self.terms.iter().filter(|t| t.exponents[i] > 0).map(|t| {
            let mut exponents = t.exponents.clone();
            let e = exponents[i];
            exponents[i] -= 1;
            Term {
                coefficient: t.coefficient.mul(&Coefficient::from_i64(i64::from(e))),
                exponents,
            }
        });
        Self::from_terms(self.nvars, terms)
    }

    /// Reference evaluation at a complex point (term by term; use
    /// [`Evaluator`](crate::Evaluator) in hot loops).
    pub fn eval_c64(&self, x: &[Complex64]) -> Complex64 {
        assert_eq!(x.len(), self.nvars, "point dimension");
        self.terms
            .iter()
            .map(|t| {
                t.exponents
                    .iter()
                    .zip(x)
                    .fold(t.coefficient.to_c64(), |acc, (&e, &xi)| acc * xi.powu(e))
            })
            .sum()
    }
}

fn accumulate(map: &mut BTreeMap<Vec<u32>, Coefficient>, e: Vec<u32>, c: Coefficient) {
    use std::collections::btree_map::Entry;
    match map.entry(e) {
        Entry::Vacant(v) => {
            v.insert(c);
        }
        Entry::Occupied(mut o) => {
            let sum = o.get().add(&c);
            o.insert(sum);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: i64) -> Coefficient {
        Coefficient::from_i64(v)
    }

    #[test]
    fn canonical_form_combines_and_drops_zeros() {
        let x = Polynomial::variable(2, 0);
        let y = Polynomial::variable(2, 1);
        let f = x.add(&y).mul(&x.sub(&y)); // x² - y²
        assert_eq!(f.terms().len(), 2);
        assert_eq!(f.coefficient(&[2, 0]), c(1));
        assert_eq!(f.coefficient(&[0, 2]), c(-1));
        assert_eq!(f.coefficient(&[1, 1]), c(0));
        assert!(f.sub(&f).is_zero());
    }

    #[test]
    fn derivative_and_degree() {
        let x = Polynomial::variable(2, 0);
        let y = Polynomial::variable(2, 1);
        let f = x.pow(3).mul(&y).scale(&c(2)); // 2x³y
        assert_eq!(f.degree(), 4);
        let fx = f.derivative(0);
        assert_eq!(fx.coefficient(&[2, 1]), c(6));
        assert!(f.derivative(1).derivative(1).is_zero());
    }
}
