//! Rank-revealing spectra of symmetric matrices (faer's self-adjoint eigensolver).
//!
//! An eigenvalue `λ` of a symmetric `H` counts as zero when `|λ| ≤ tol · max(‖H‖₂, 1)`
//! (relative tolerance, floor 1 so that the exactly-zero matrix has all eigenvalues
//! zero). Alongside the counts we keep the gap: the largest "zero" and the smallest
//! "nonzero" magnitude, so that a reader can see the count is not a tolerance artefact.

use faer::{Mat, Side};

/// Counts of negative, zero and positive eigenvalues at a relative tolerance.
#[derive(Clone, Debug, PartialEq)]
pub struct Inertia {
    /// Negative eigenvalues (`λ < −τ`).
    pub negative: usize,
    /// Zero eigenvalues (`|λ| ≤ τ`).
    pub zero: usize,
    /// Positive eigenvalues (`λ > τ`).
    pub positive: usize,
    /// Largest `|λ|` counted as zero (0 if none).
    pub largest_zero: f64,
    /// Smallest `|λ|` counted as nonzero (∞ if none).
    pub smallest_nonzero: f64,
    /// Spectral norm `max |λ|`.
    pub norm: f64,
    /// Positive eigenvalues themselves (ascending).
    pub positive_values: Vec<f64>,
}

/// Eigenvalues (ascending) of a symmetric row-major `n × n` matrix.
pub fn symmetric_eigenvalues(a: &[f64], n: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let m = Mat::<f64>::from_fn(n, n, |r, c| 0.5 * (a[r * n + c] + a[c * n + r]));
    m.self_adjoint_eigenvalues(Side::Lower)
        .expect("symmetric eigensolver converges")
}

/// Inertia of a symmetric row-major `n × n` matrix at relative tolerance `tol`.
pub fn inertia(a: &[f64], n: usize, tol: f64) -> Inertia {
    inertia_of(&symmetric_eigenvalues(a, n), tol)
}

/// Inertia of a list of eigenvalues at relative tolerance `tol`.
pub fn inertia_of(ev: &[f64], tol: f64) -> Inertia {
    let norm = ev.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let tau = tol * norm.max(1.0);
    let mut out = Inertia {
        negative: 0,
        zero: 0,
        positive: 0,
        largest_zero: 0.0,
        smallest_nonzero: f64::INFINITY,
        norm,
        positive_values: Vec::new(),
    };
    for &l in ev {
        if l.abs() <= tau {
            out.zero += 1;
            out.largest_zero = out.largest_zero.max(l.abs());
        } else {
            out.smallest_nonzero = out.smallest_nonzero.min(l.abs());
            if l < 0.0 {
                out.negative += 1;
            } else {
                out.positive += 1;
                out.positive_values.push(l);
            }
        }
    }
    out
}

/// Numerical rank of the span of `vectors` (all of equal length): number of singular
/// values of the matrix with these rows above `tol · σ_max` (faer SVD).
pub fn span_rank(vectors: &[Vec<f64>], tol: f64) -> usize {
    let k = vectors.len();
    if k == 0 || vectors[0].is_empty() {
        return 0;
    }
    let m = Mat::<f64>::from_fn(k, vectors[0].len(), |r, c| vectors[r][c]);
    let sv = m.singular_values().expect("SVD converges");
    let max = sv.iter().fold(0.0f64, |a, v| a.max(*v));
    if max == 0.0 {
        return 0;
    }
    sv.iter().filter(|&&v| v > tol * max).count()
}

/// Newton step `δ = −H⁺ g` with the pseudo-inverse over eigenvalues `|λ| > tol·‖H‖`
/// (Newton on `∇L` restricted to the non-degenerate directions).
pub fn pseudo_newton_step(h: &[f64], g: &[f64], tol: f64) -> Vec<f64> {
    let n = g.len();
    let m = Mat::<f64>::from_fn(n, n, |r, c| 0.5 * (h[r * n + c] + h[c * n + r]));
    let eig = m
        .self_adjoint_eigen(Side::Lower)
        .expect("symmetric eigensolver converges");
    let u = eig.U();
    let s = eig.S().column_vector();
    let norm = (0..n).fold(0.0f64, |a, i| a.max(s[i].abs()));
    let mut step = vec![0.0; n];
    for k in 0..n {
        let l = s[k];
        if l.abs() <= tol * norm {
            continue;
        }
        let c: f64 = (0..n).map(|i| u[(i, k)] * g[i]).sum::<f64>() / l;
        for (i, st) in step.iter_mut().enumerate() {
            *st -= c * u[(i, k)];
        }
    }
    step
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inertia_of_diag() {
        let a = [2.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 1e-14];
        let i = inertia(&a, 3, 1e-9);
        assert_eq!((i.negative, i.zero, i.positive), (1, 1, 1));
    }

    #[test]
    fn rank_of_span() {
        let v = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.0, 1.0, 0.0],
            vec![1.0, 1.0, 0.0],
        ];
        assert_eq!(span_rank(&v, 1e-10), 2);
    }

    #[test]
    fn newton_step_solves_nonsingular() {
        let h = [2.0, 0.0, 0.0, 4.0];
        let s = pseudo_newton_step(&h, &[2.0, 4.0], 1e-12);
        assert!((s[0] + 1.0).abs() < 1e-12 && (s[1] + 1.0).abs() < 1e-12);
    }
}
