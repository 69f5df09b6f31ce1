//! Validation of supports and the Li–Wang augmentation.

use crate::PolytopeError;

/// A support: the exponent vectors $a \in \mathbb{N}^n$ of the monomials $x^a$ of one
/// polynomial. Its convex hull is the Newton polytope.
pub type Support = Vec<Vec<u32>>;

/// Check that `supports` describe a square system: $n \ge 1$ supports, each nonempty,
/// each point of dimension $n$, no repeated point within a support.
pub fn validate(supports: &[Support]) -> Result<usize, PolytopeError> {
    let n = supports.len();
    if n == 0 {
        return Err(PolytopeError::Empty);
    }
    for (i, s) in supports.iter().enumerate() {
        if s.is_empty() {
            return Err(PolytopeError::EmptySupport { index: i });
        }
        for p in s {
            if p.len() != n {
                return Err(PolytopeError::DimensionMismatch {
                    index: i,
                    expected: n,
                    found: p.len(),
                });
            }
        }
        let mut sorted: Vec<&Vec<u32>> = s.iter().collect();
        sorted.sort();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            return Err(PolytopeError::DuplicatePoint { index: i });
        }
    }
    Ok(n)
}

/// The Li–Wang supports $A_i \cup \{0\}$: the origin appended to every support that
/// lacks it. $MV(A_1 \cup \{0\}, \dots, A_n \cup \{0\})$ bounds the number of isolated
/// roots in $\mathbb{C}^n$ (T. Y. Li and X. Wang, 1996).
pub fn with_origin(supports: &[Support]) -> Vec<Support> {
    supports
        .iter()
        .map(|s| {
            let mut s = s.clone();
            if !s.iter().any(|p| p.iter().all(|&e| e == 0)) {
                let n = s.first().map_or(0, Vec::len);
                s.push(vec![0; n]);
            }
            s
        })
        .collect()
}

/// Drop the points of each support that lie in the relative interior of a segment
/// between two other points of it. They are not vertices of the Newton polytope, so
/// the mixed volume (a function of the convex hulls) does not change.
pub(crate) fn drop_segment_interiors(supports: &[Support]) -> Vec<Support> {
    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 {
            a.abs()
        } else {
            gcd(b, a % b)
        }
    }
    supports
        .iter()
        .map(|s| {
            s.iter()
                .filter(|p| {
                    let mut dirs = std::collections::HashSet::new();
                    for q in s {
                        if q == *p {
                            continue;
                        }
                        let mut d: Vec<i64> = q
                            .iter()
                            .zip(p.iter())
                            .map(|(&a, &b)| i64::from(a) - i64::from(b))
                            .collect();
                        let g = d.iter().fold(0, |g, &v| gcd(g, v));
                        d.iter_mut().for_each(|v| *v /= g);
                        let neg: Vec<i64> = d.iter().map(|v| -v).collect();
                        if dirs.contains(&neg) {
                            return false;
                        }
                        dirs.insert(d);
                    }
                    true
                })
                .cloned()
                .collect()
        })
        .collect()
}

/// Supports of the cyclic-$n$ benchmark system (Björck–Fröberg):
/// $f_k = \sum_{i=1}^{n} \prod_{j=0}^{k-1} x_{i+j}$ (indices mod $n$) for
/// $k = 1, \dots, n-1$, and $f_n = x_1 \cdots x_n - 1$.
///
/// ```
/// let s = polytope::cyclic_supports(5);
/// assert_eq!(polytope::mixed_volume(&s).unwrap(), 70);
/// ```
pub fn cyclic_supports(n: usize) -> Vec<Support> {
    let mut s: Vec<Support> = (1..n)
        .map(|k| {
            (0..n)
                .map(|i| {
                    let mut p = vec![0u32; n];
                    for j in 0..k {
                        p[(i + j) % n] = 1;
                    }
                    p
                })
                .collect()
        })
        .collect();
    s.push(vec![vec![1; n], vec![0; n]]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_clear() {
        assert!(matches!(validate(&[]), Err(PolytopeError::Empty)));
        assert!(matches!(
            validate(&[vec![vec![1]], vec![]]),
            Err(PolytopeError::DimensionMismatch { .. })
        ));
        assert!(matches!(
            validate(&[vec![vec![1, 0]], vec![]]),
            Err(PolytopeError::EmptySupport { index: 1 })
        ));
        assert!(matches!(
            validate(&[vec![vec![1], vec![1]]]),
            Err(PolytopeError::DuplicatePoint { index: 0 })
        ));
        let e = validate(&[vec![vec![1, 0]], vec![]]).unwrap_err();
        assert!(e.to_string().contains("support 1"), "{e}");
    }

    #[test]
    fn origin_added_once() {
        let s = with_origin(&[vec![vec![1, 0]], vec![vec![0, 0], vec![0, 1]]]);
        assert_eq!(s[0], vec![vec![1, 0], vec![0, 0]]);
        assert_eq!(s[1].len(), 2);
    }

    #[test]
    fn segment_interiors_dropped() {
        let s = drop_segment_interiors(&[vec![vec![0, 0], vec![1, 1], vec![2, 2], vec![2, 0]]]);
        assert_eq!(s[0], vec![vec![0, 0], vec![2, 2], vec![2, 0]]);
    }
}
