//! Real critical points: realness, refinement in the reals, loss and index, minima.

use crate::{hessian_index, CriticalType, HessianError, HessianIndex};
use dln::RegularizedLoss;
use faer::prelude::*;
use faer::Mat;
use num_complex::Complex64;
use std::fmt;

/// Whether a complex point is real: $\max_k |\mathrm{Im}\, w_k| \le$
/// `tol` $\cdot (1 + \|w\|_\infty)$.
pub fn is_real(w: &[Complex64], tol: f64) -> bool {
    let scale = 1.0 + w.iter().fold(0.0f64, |m, z| m.max(z.norm()));
    w.iter().all(|z| z.im.abs() <= tol * scale)
}

/// Why Newton's method in the reals did not converge.
#[derive(Clone, Debug, PartialEq)]
pub enum RefineError {
    /// The Hessian was singular (or not finite) at an iterate.
    SingularHessian,
    /// No convergence within the iteration limit; the last gradient norm.
    NoConvergence(f64),
}

impl fmt::Display for RefineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SingularHessian => f.write_str("singular Hessian during real Newton refinement"),
            Self::NoConvergence(g) => {
                write!(f, "real Newton refinement did not converge (|∇L| = {g:e})")
            }
        }
    }
}

impl std::error::Error for RefineError {}

/// Newton's method on $\nabla\mathcal{L} = 0$ in $\mathbb{R}^N$,
/// $w \leftarrow w - (\nabla^2\mathcal{L})^{-1}\nabla\mathcal{L}$, until the update is
/// below $10^{-14}(1 + \|w\|_\infty)$ (at most 50 iterations). An ill-conditioned
/// Hessian (condition number $\kappa$) makes updates below about $\varepsilon\kappa$
/// unreachable in `f64` ($\varepsilon = 2^{-52}$): when the updates stop shrinking
/// (an update at least half the previous one), the point is accepted if the update is
/// below $\max(10^{-14}, 64\varepsilon\kappa)(1 + \|w\|_\infty)$ with
/// $\varepsilon\kappa \le 10^{-4}$ (e.g. the critical points of a tiny
/// regularization, Figure 1 of `000`, where $\kappa$ reaches $10^{8}$ and more).
pub fn refine_real(loss: &RegularizedLoss<'_>, w0: &[f64]) -> Result<Vec<f64>, RefineError> {
    let n = w0.len();
    let mut w = w0.to_vec();
    let mut last = f64::INFINITY;
    let mut previous_step = f64::INFINITY;
    for _ in 0..50 {
        let g = loss.gradient(&w);
        let h = loss.hessian(&w);
        let hm = Mat::<f64>::from_fn(n, n, |r, c| h.get(r, c));
        let rhs = Mat::<f64>::from_fn(n, 1, |r, _| g[r]);
        let dw = hm.partial_piv_lu().solve(&rhs);
        let mut step = 0.0f64;
        for (k, wk) in w.iter_mut().enumerate() {
            let d = dw[(k, 0)];
            if !d.is_finite() {
                return Err(RefineError::SingularHessian);
            }
            *wk -= d;
            step = step.max(d.abs());
        }
        let scale = 1.0 + w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        last = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if step <= 1e-14 * scale {
            return Ok(w);
        }
        if step >= 0.5 * previous_step {
            let kappa = condition_number(&hm);
            let eps_kappa = f64::EPSILON * kappa;
            if eps_kappa <= 1e-4 && step <= 1e-14f64.max(64.0 * eps_kappa) * scale {
                return Ok(w);
            }
        }
        previous_step = step;
    }
    Err(RefineError::NoConvergence(last))
}

/// $\sigma_{\max}/\sigma_{\min}$ of a square matrix (infinite when singular).
fn condition_number(m: &Mat<f64>) -> f64 {
    match m.singular_values() {
        Ok(s) => match (s.first(), s.last()) {
            (Some(&a), Some(&b)) if b > 0.0 => a / b,
            _ => f64::INFINITY,
        },
        Err(_) => f64::INFINITY,
    }
}

/// A real critical point with its loss, gradient norm and Hessian index.
#[derive(Clone, Debug, PartialEq)]
pub struct RealCriticalPoint {
    /// The weights.
    pub w: Vec<f64>,
    /// $\mathcal{L}^\Lambda(w)$ of the loss whose gradient was solved.
    pub loss: f64,
    /// $\|\nabla\mathcal{L}^\Lambda(w)\|_\infty$.
    pub gradient_norm: f64,
    /// Eigenvalues, index and type.
    pub hessian: HessianIndex,
}

/// Loss, gradient norm and Hessian index at a real point (no refinement); eigenvalues
/// of relative size below `tol` make the point [`CriticalType::Degenerate`].
pub fn real_critical_point(
    loss: &RegularizedLoss<'_>,
    w: &[f64],
    tol: f64,
) -> Result<RealCriticalPoint, HessianError> {
    Ok(RealCriticalPoint {
        w: w.to_vec(),
        loss: loss.loss(w),
        gradient_norm: loss.gradient(w).iter().fold(0.0f64, |m, v| m.max(v.abs())),
        hessian: hessian_index(&loss.hessian(w), tol)?,
    })
}

/// One local minimum of an instance.
#[derive(Clone, Debug, PartialEq)]
pub struct MinimumInfo {
    /// Index into the list of critical points.
    pub point: usize,
    /// Its loss.
    pub loss: f64,
    /// Whether its loss equals the global minimum (relative tolerance `tol`).
    pub global: bool,
    /// Loss minus the global minimum.
    pub gap: f64,
}

/// The minima of an instance: the global minimum value and every local minimum.
#[derive(Clone, Debug, PartialEq)]
pub struct MinimaSummary {
    /// The smallest loss among the minima (None without minima).
    pub global_min: Option<f64>,
    /// All minima (index 0, non-degenerate), sorted by loss.
    pub minima: Vec<MinimumInfo>,
}

impl MinimaSummary {
    /// The local minima that are not global.
    pub fn non_global(&self) -> impl Iterator<Item = &MinimumInfo> {
        self.minima.iter().filter(|m| !m.global)
    }
}

/// Sorts the minima of a list of real critical points by loss and marks those within
/// `tol · (1 + |L_min|)` of the smallest as global.
pub fn summarize_minima(points: &[RealCriticalPoint], tol: f64) -> MinimaSummary {
    let mut minima: Vec<MinimumInfo> = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.hessian.kind == CriticalType::Minimum)
        .map(|(i, p)| MinimumInfo {
            point: i,
            loss: p.loss,
            global: false,
            gap: 0.0,
        })
        .collect();
    minima.sort_by(|a, b| a.loss.total_cmp(&b.loss));
    let global_min = minima.first().map(|m| m.loss);
    if let Some(g) = global_min {
        for m in &mut minima {
            m.gap = m.loss - g;
            m.global = m.gap <= tol * (1.0 + g.abs());
        }
    }
    MinimaSummary { global_min, minima }
}
