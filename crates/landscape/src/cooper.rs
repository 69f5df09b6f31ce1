//! Cooper, "The critical locus of overparameterized neural networks": star locus `S_k`,
//! core locus `C_{k_1,k_2}` (Section 3.1), Theorems 3.1 and 3.2, the dimension formulas
//! of Section 3.1 and Proposition 6.1, and the very wide regime (Corollary 5.18,
//! Proposition 6.2).
//!
//! Definitions (Section 3.1.1), for `1 ≤ k ≤ ℓ − 1`:
//! `S_k = { M_ℓ = M_k = 0, b_ℓ = Σ_α y_α, b_k = … = b_{ℓ−1} = 0 }` and (3.1)
//! `C_{k_1,…,k_m} = { M_ℓ = 0, b_ℓ = Σ_α y_α, M_{k_1} = … = M_{k_m} = 0, b_{k_1} = … = b_{ℓ−1} = 0 }`.
//!
//! **Misprint found:** on `S_k` the network is constant, `f_p(x) = b_ℓ`, so
//! `∂L/∂b_ℓ = 2 Σ_α (b_ℓ − y_α)` vanishes iff `b_ℓ = ȳ = (1/n) Σ_α y_α`; the printed
//! `b_ℓ = Σ_α y_α` gives `‖∂L/∂b_ℓ‖ = 2(n − 1)‖Σ_α y_α‖ ≠ 0`. [`OutputBias::Mean`] is the
//! corrected prescription, [`OutputBias::Sum`] the printed one.

use crate::net::{Data, Network};
use crate::spectrum::{inertia, span_rank, Inertia};

/// How `b_ℓ` is prescribed on the loci.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputBias {
    /// As printed in Section 3.1.1 and (3.1): `b_ℓ = Σ_α y_α`.
    Sum,
    /// Corrected: `b_ℓ = (1/n) Σ_α y_α` (the only value making `∂L/∂b_ℓ = 0` there).
    Mean,
}

/// A point of `C_{k_1,…,k_m}` (or of `S_k` when `ks = [k]`): `M_ℓ = 0`, `M_{k_i} = 0`,
/// `b_{min k} = … = b_{ℓ−1} = 0`, `b_ℓ` by `bias`, every other parameter `N(0, 1)`.
pub fn locus_point(
    net: &Network,
    data: &Data,
    ks: &[usize],
    bias: OutputBias,
    rng: &mut poly::Rng,
) -> Vec<f64> {
    let l = net.depth();
    let w = &net.widths;
    assert!(!ks.is_empty() && ks.iter().all(|&k| (1..l).contains(&k)));
    let mut p = net.random_params(1.0, rng);
    let zero_weights = |i: usize, p: &mut [f64]| {
        let o = net.weight_offset(i);
        p[o..o + w[i] * w[i - 1]].iter_mut().for_each(|v| *v = 0.0);
    };
    zero_weights(l, &mut p);
    for &k in ks {
        zero_weights(k, &mut p);
    }
    let kmin = *ks.iter().min().expect("nonempty");
    for i in kmin..l {
        let o = net.bias_offset(i);
        p[o..o + w[i]].iter_mut().for_each(|v| *v = 0.0);
    }
    let ybar = data.mean_y();
    let n = data.len() as f64;
    let o = net.bias_offset(l);
    for (r, v) in ybar.iter().enumerate() {
        p[o + r] = match bias {
            OutputBias::Mean => *v,
            OutputBias::Sum => *v * n,
        };
    }
    p
}

/// `dim S_k = d − ((m_{ℓ−1} + 1) m_ℓ + m_{k−1} m_k + Σ_{j=k}^{ℓ−1} m_j)` (Section 3.1.1).
pub fn star_dim(widths: &[usize], k: usize) -> usize {
    let l = widths.len() - 1;
    let d: usize = (1..=l).map(|i| (widths[i - 1] + 1) * widths[i]).sum();
    d - ((widths[l - 1] + 1) * widths[l]
        + widths[k - 1] * widths[k]
        + (k..l).map(|j| widths[j]).sum::<usize>())
}

/// `dim S = max_{1 ≤ k ≤ ℓ−1} dim S_k` (Section 3.1.1), with the maximizing `k`.
pub fn star_dim_max(widths: &[usize]) -> (usize, usize) {
    let l = widths.len() - 1;
    (1..l)
        .map(|k| (star_dim(widths, k), k))
        .max()
        .expect("depth ≥ 2")
}

/// `dim C_{i,j} = d − ((m_{ℓ−1}+1) m_ℓ + m_{i−1} m_i + m_{j−1} m_j + Σ_{k=i}^{ℓ−1} m_k)`, `i < j`
/// (Section 3.1.1).
pub fn core_dim(widths: &[usize], i: usize, j: usize) -> usize {
    star_dim(widths, i) - widths[j - 1] * widths[j]
}

/// `dim C = max_{1 ≤ i < j ≤ ℓ−1} dim C_{i,j}` (Section 3.1.1), with the maximizing pair.
pub fn core_dim_max(widths: &[usize]) -> Option<(usize, (usize, usize))> {
    let l = widths.len() - 1;
    (1..l)
        .flat_map(|i| (i + 1..l).map(move |j| (i, j)))
        .map(|(i, j)| (core_dim(widths, i, j), (i, j)))
        .max()
}

/// Proposition 6.1 as printed, equal hidden widths `m`:
/// `(dim M, dim S, dim C) = ((ℓ−2)m² + (a+b+ℓ−1)m + b(1−n), (ℓ−3)m² + (a+1)m, (ℓ−4)m² + (a+1)m)`.
pub fn prop_6_1(a: i64, m: i64, b: i64, l: i64, n: i64) -> (i64, i64, i64) {
    (
        (l - 2) * m * m + (a + b + l - 1) * m + b * (1 - n),
        (l - 3) * m * m + (a + 1) * m,
        (l - 4) * m * m + (a + 1) * m,
    )
}

/// Dimension of a linear locus measured numerically: `d + 1` random points of the
/// locus, each checked critical (returned: the largest `‖∇L‖`), and the rank of their
/// differences (singular values above `1e-9 · σ_max`).
pub fn measured_locus_dim(
    net: &Network,
    data: &Data,
    ks: &[usize],
    rng: &mut poly::Rng,
) -> (usize, f64) {
    let d = net.num_params();
    let p0 = locus_point(net, data, ks, OutputBias::Mean, rng);
    let mut worst = norm(&net.gradient(&p0, data));
    let diffs: Vec<Vec<f64>> = (0..d)
        .map(|_| {
            let p = locus_point(net, data, ks, OutputBias::Mean, rng);
            worst = worst.max(norm(&net.gradient(&p, data)));
            p.iter().zip(&p0).map(|(a, b)| a - b).collect()
        })
        .collect();
    (span_rank(&diffs, 1e-9), worst)
}

/// `‖v‖₂`.
pub fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Hessian inertia at a point (relative tolerance `tol`).
pub fn hessian_inertia(net: &Network, data: &Data, p: &[f64], tol: f64) -> Inertia {
    inertia(&net.hessian(p, data), p.len(), tol)
}

/// Predicted number of zero Hessian eigenvalues at a generic point of `S_{ℓ−1}` (our
/// derivation, Section 3 notation): the second-order part of `L` there is
/// `2n‖δb_ℓ‖² + 4σ'(0) Σ_α (ȳ − y_α)ᵀ δM_ℓ (δM_{ℓ−1} z_α + δb_{ℓ−1})` with
/// `z_α = σ(h_{ℓ−2}(x_α))`, so `rank Hess = m_ℓ + 2 m_{ℓ−1} g` where
/// `g = rank Σ_α [z_α; 1](ȳ − y_α)ᵀ`, and the zero count is `d − m_ℓ − 2 m_{ℓ−1} g`.
/// Returns `(g, zero count)`.
pub fn star_top_zero_count(net: &Network, data: &Data, p: &[f64]) -> (usize, usize) {
    let l = net.depth();
    let ybar = data.mean_y();
    let feats: Vec<Vec<f64>> = if l >= 2 {
        net.features(p, data, l - 2)
    } else {
        data.xs.clone()
    };
    let rows = feats[0].len() + 1;
    let b = ybar.len();
    // columns of G (one per output coordinate), each of length rows.
    let cols: Vec<Vec<f64>> = (0..b)
        .map(|o| {
            (0..rows)
                .map(|r| {
                    feats
                        .iter()
                        .zip(&data.ys)
                        .map(|(z, y)| {
                            let zr = if r < rows - 1 { z[r] } else { 1.0 };
                            zr * (ybar[o] - y[o])
                        })
                        .sum()
                })
                .collect()
        })
        .collect();
    let g = span_rank(&cols, 1e-9);
    let d = net.num_params();
    (g, d - b - 2 * net.widths[l - 1] * g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Activation;

    #[test]
    fn star_point_is_critical_with_mean_bias_only() {
        let mut rng = poly::Rng::new(11);
        let net = Network::cooper(&[2, 3, 3, 1], Activation::Tanh);
        let data = Data::random(2, 1, 4, 1.0, &mut rng);
        for k in 1..3 {
            let p = locus_point(&net, &data, &[k], OutputBias::Mean, &mut rng);
            assert!(norm(&net.gradient(&p, &data)) < 1e-12);
            let q = locus_point(&net, &data, &[k], OutputBias::Sum, &mut rng);
            let sum: f64 = data.ys.iter().map(|y| y[0]).sum();
            let gb = net.gradient(&q, &data)[net.bias_offset(3)];
            assert!((gb.abs() - 2.0 * 3.0 * sum.abs()).abs() < 1e-10);
        }
    }

    #[test]
    fn dimension_formulas_equal_widths() {
        // a = 2, m = 3, b = 1, ℓ = 4: k = 1 gives (ℓ−2)m² = 18 = Prop 6.1's (ℓ−3)m² + (a+1)m.
        let w = [2, 3, 3, 3, 1];
        assert_eq!(star_dim(&w, 1), 18);
        assert_eq!(star_dim(&w, 2), 18);
        // k = ℓ−1: (ℓ−3)m² + (a+ℓ−2)m = 21 > 18, so dim S = 21, not Prop 6.1's 18.
        assert_eq!(star_dim(&w, 3), 21);
        assert_eq!(star_dim_max(&w), (21, 3));
        let (_, s, c) = prop_6_1(2, 3, 1, 4, 5);
        assert_eq!(s, 18);
        assert_eq!(c, 9);
        assert_eq!(core_dim_max(&w).map(|x| x.0), Some(9));
    }
}
