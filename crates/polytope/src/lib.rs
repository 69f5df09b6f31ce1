//! # polytope — root counts of polynomial systems
//!
//! Bounds on the number of isolated solutions of a square system
//! $f_1 = \dots = f_n = 0$. For now the classical Bézout bound
//! $\prod_i \deg f_i$; mixed volumes and the BKK bounds in $(\mathbb{C}^*)^n$ and
//! $\mathbb{C}^n$ follow.
//!
//! ```
//! assert_eq!(polytope::bezout_bound(&[3, 3, 3, 3]), 81);
//! ```

use rug::Integer;

/// The classical Bézout bound (CBB) $\prod_i d_i$ of a square system with equation
/// degrees $d_i$, exact at any size.
pub fn bezout_bound(degrees: &[u32]) -> Integer {
    degrees
        .iter()
        .fold(Integer::from(1), |acc, &d| acc * Integer::from(d))
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
}
