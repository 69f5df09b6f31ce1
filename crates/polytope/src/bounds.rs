//! Bézout and BKK bounds of a polynomial system.

use crate::{affine_mixed_volume, mixed_volume, PolytopeError};
use poly::System;
use rug::Integer;

/// The classical Bézout bound (CBB) $\prod_i d_i$ of a square system with equation
/// degrees $d_i$, exact at any size.
pub fn bezout_bound(degrees: &[u32]) -> Integer {
    degrees
        .iter()
        .fold(Integer::from(1), |acc, &d| acc * Integer::from(d))
}

/// Root counts of a square system $f_1, \dots, f_n$ with supports $A_i$:
/// $\text{bkk\_torus} \le \text{bkk\_affine} \le \text{bezout}$.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds {
    /// $\prod_i \deg f_i$: bounds the isolated roots in $\mathbb{C}^n$ (and at
    /// infinity).
    pub bezout: Integer,
    /// $MV(A_1, \dots, A_n)$: Bernstein's bound on the isolated roots in
    /// $(\mathbb{C}^*)^n$, attained for generic coefficients.
    pub bkk_torus: Integer,
    /// $MV(A_1 \cup \{0\}, \dots, A_n \cup \{0\})$: the Li–Wang bound on the isolated
    /// roots in $\mathbb{C}^n$.
    pub bkk_affine: Integer,
}

/// The supports of a square system with no zero polynomial (the input the mixed
/// volume needs), or the reason the system does not qualify.
pub fn system_supports(system: &System) -> Result<Vec<crate::Support>, PolytopeError> {
    if !system.is_square() {
        return Err(PolytopeError::NotSquare {
            equations: system.len(),
            variables: system.nvars(),
        });
    }
    if let Some(index) = system.polynomials().iter().position(|p| p.is_zero()) {
        return Err(PolytopeError::ZeroPolynomial { index });
    }
    Ok(system.supports())
}

impl Bounds {
    /// All three bounds of a square system. Errors on a non-square system or a zero
    /// polynomial.
    pub fn of_system(system: &System) -> Result<Self, PolytopeError> {
        let supports = system_supports(system)?;
        Ok(Self {
            bezout: bezout_bound(&system.degrees()),
            bkk_torus: mixed_volume(&supports)?,
            bkk_affine: affine_mixed_volume(&supports)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bezout_is_exact_beyond_u64() {
        assert_eq!(bezout_bound(&[]), 1);
        assert_eq!(bezout_bound(&[5; 24]), Integer::from(5u64.pow(24)));
        let big = bezout_bound(&[3; 60]);
        assert_eq!(big, Integer::from(Integer::u_pow_u(3, 60)));
        assert!(big.to_u64().is_none());
        assert_eq!(bezout_bound(&[2, 0, 7]), 0);
    }

    #[test]
    fn bounds_of_a_system() {
        let sys = poly::parse_system("2\nx*y - 1;\nx^2 + y^2 - 4;\n").unwrap();
        let b = Bounds::of_system(&sys).unwrap();
        assert_eq!(b.bezout, 4);
        assert_eq!(b.bkk_torus, 4);
        assert_eq!(b.bkk_affine, 4);
        let sys = poly::parse_system("2\nx*y - x;\nx^2 + y^2;\n").unwrap();
        let b = Bounds::of_system(&sys).unwrap();
        assert!(b.bkk_torus <= b.bkk_affine && b.bkk_affine <= b.bezout);
        let sq = poly::parse_system("1 2\nx + y;\n").unwrap();
        assert!(matches!(
            Bounds::of_system(&sq),
            Err(PolytopeError::NotSquare { .. })
        ));
    }
}
