//! The Hessian index of a critical point.
//!
//! The index is the number of negative eigenvalues of the symmetric Hessian
//! $\nabla^2\mathcal{L}$, decided with a stated tolerance that flags degenerate points
//! (an eigenvalue of relative size below the tolerance) instead of guessing their sign.

use dln::Matrix;
use faer::{Mat, Side};
use std::fmt;

/// The type of a critical point from the signs of its Hessian eigenvalues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CriticalType {
    /// All eigenvalues positive (index 0).
    Minimum,
    /// All eigenvalues negative (index N).
    Maximum,
    /// Eigenvalues of both signs.
    Saddle,
    /// An eigenvalue within the tolerance of 0: the index is not decided by the Hessian.
    Degenerate,
}

/// Eigenvalues, index and type of a Hessian.
#[derive(Clone, Debug, PartialEq)]
pub struct HessianIndex {
    /// Eigenvalues in nondecreasing order.
    pub eigenvalues: Vec<f64>,
    /// Number of eigenvalues below `-tol · max|λ|`.
    pub index: usize,
    /// Number of eigenvalues with `|λ| <= tol · max|λ|`.
    pub near_zero: usize,
    /// The classification.
    pub kind: CriticalType,
}

/// The Hessian is not a finite symmetric matrix, or the eigensolver failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HessianError(pub String);

impl fmt::Display for HessianError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HessianError {}

/// The index of a symmetric Hessian: eigenvalues $\lambda_1 \le \dots \le \lambda_N$
/// (faer's self-adjoint eigensolver), index $= \#\{\lambda_i < -\tau\}$ and
/// near-zero count $\#\{|\lambda_i| \le \tau\}$ with $\tau = $ `tol` $\cdot \max_i|\lambda_i|$.
pub fn hessian_index(hessian: &Matrix, tol: f64) -> Result<HessianIndex, HessianError> {
    let n = hessian.rows();
    if hessian.cols() != n || n == 0 {
        return Err(HessianError(format!(
            "Hessian must be square and non-empty, got {}x{}",
            n,
            hessian.cols()
        )));
    }
    if !hessian.is_finite() {
        return Err(HessianError("Hessian has a NaN or infinite entry".into()));
    }
    let scale = hessian.data().iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for r in 0..n {
        for c in 0..r {
            let (a, b) = (hessian.get(r, c), hessian.get(c, r));
            if (a - b).abs() > 1e-8 * (1.0 + scale) {
                return Err(HessianError(format!(
                    "Hessian is not symmetric at ({r}, {c}): {a} vs {b}"
                )));
            }
        }
    }
    let m = Mat::<f64>::from_fn(n, n, |r, c| 0.5 * (hessian.get(r, c) + hessian.get(c, r)));
    let eigenvalues = m
        .self_adjoint_eigenvalues(Side::Lower)
        .map_err(|e| HessianError(format!("eigensolver failed: {e:?}")))?;
    let largest = eigenvalues.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let tau = tol * largest;
    let index = eigenvalues.iter().filter(|&&l| l < -tau).count();
    let near_zero = eigenvalues.iter().filter(|&&l| l.abs() <= tau).count();
    let kind = if near_zero > 0 {
        CriticalType::Degenerate
    } else if index == 0 {
        CriticalType::Minimum
    } else if index == n {
        CriticalType::Maximum
    } else {
        CriticalType::Saddle
    };
    Ok(HessianIndex {
        eigenvalues,
        index,
        near_zero,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Q D Qᵀ with a rotation Q, so the eigenvalues are the diagonal of D.
    fn rotated(d: &[f64]) -> Matrix {
        let n = d.len();
        let mut q = Matrix::identity(n);
        let (s, c) = 0.7f64.sin_cos();
        for i in 0..n - 1 {
            let mut g = Matrix::identity(n);
            g.set(i, i, c);
            g.set(i + 1, i + 1, c);
            g.set(i, i + 1, -s);
            g.set(i + 1, i, s);
            q = q.matmul(&g);
        }
        let mut dm = Matrix::zeros(n, n);
        for (i, &v) in d.iter().enumerate() {
            dm.set(i, i, v);
        }
        q.matmul(&dm).matmul(&q.transpose())
    }

    #[test]
    fn index_of_hand_built_quadratics() {
        let cases: [(&[f64], usize, CriticalType); 4] = [
            (&[1.0, 2.0, 3.0], 0, CriticalType::Minimum),
            (&[-1.0, 2.0, -3.0, 4.0], 2, CriticalType::Saddle),
            (&[-1.0, -2.0], 2, CriticalType::Maximum),
            (&[1.0, 0.0, -5.0], 1, CriticalType::Degenerate),
        ];
        for (d, index, kind) in cases {
            let r = hessian_index(&rotated(d), 1e-9).unwrap();
            assert_eq!((r.index, r.kind), (index, kind), "{d:?}");
            let mut sorted = d.to_vec();
            sorted.sort_by(f64::total_cmp);
            for (a, b) in r.eigenvalues.iter().zip(&sorted) {
                assert!((a - b).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn rejects_bad_matrices() {
        assert!(hessian_index(&Matrix::zeros(2, 3), 1e-9).is_err());
        let mut m = Matrix::identity(2);
        m.set(0, 1, 1.0);
        assert!(hessian_index(&m, 1e-9).is_err());
        m.set(0, 1, f64::NAN);
        assert!(hessian_index(&m, 1e-9).is_err());
    }
}
