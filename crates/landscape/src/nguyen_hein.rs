//! Nguyen–Hein, "The loss surface of deep and wide neural networks", Theorem 3.8 and
//! Corollary 3.9, checked by multi-start training.
//!
//! Setting (their Section 2): `f_k = σ(g_k)`, `g_k = W_kᵀ f_{k−1} + b_k` for **every**
//! `k ∈ [L]` (σ also on the output layer; [`Network::output_activation`] = `true`),
//! `Φ = Σ_i Σ_j l(f_{Lj}(x_i) − y_ij)` with `l(a) = a²`.
//!
//! Hypotheses checked (Assumptions 3.2): distinct inputs (random normal data); σ = tanh
//! (analytic, strictly increasing, bounded: Lemma 3.3; `t + t³` violates 3.2.2(b) and is
//! not used here); `l(a) = a²`. Theorem 3.8: if `n_k ≥ N − 1` for some `k ∈ [L − 1]`, every
//! critical point that is (1) non-degenerate on the variables of a set of upper layers
//! `I ∋ k + 1` (we test `I = {k + 1}`: the block Hessian of `(W_{k+1}, b_{k+1})` is
//! non-singular) and (2) has `rank W_l = n_l` for `l ∈ [k + 2, L]` (full column rank, which
//! forces the pyramidal shape `n_{k+1} ≥ … ≥ n_L`) is a global minimum. Corollary 3.9: the
//! same for non-degenerate (full Hessian non-singular) local minima.
//!
//! Targets lie in `(−1, 1)`, the range of tanh, so the global minimum value is 0 whenever
//! some `n_k ≥ N − 1` (their Lemma 4.3 / 3.5); "global" is tested as `Φ ≤ 1e-10`.

use crate::net::{Data, Network};
use crate::optimize::{lbfgs, newton_polish};
use crate::spectrum::{inertia, span_rank, symmetric_eigenvalues};

/// Tolerances used in the classification.
#[derive(Clone, Copy, Debug)]
pub struct Tolerances {
    /// A point is critical if `‖∇Φ‖₂ ≤ grad`.
    pub grad: f64,
    /// Relative eigenvalue tolerance (zero iff `|λ| ≤ eig · max|λ|`).
    pub eig: f64,
    /// Global minimum: `Φ ≤ loss`.
    pub loss: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Self {
            grad: 1e-8,
            eig: 1e-8,
            loss: 1e-10,
        }
    }
}

/// Classification of one training run's end point.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Final loss.
    pub loss: f64,
    /// Final gradient norm.
    pub grad_norm: f64,
    /// `‖∇Φ‖ ≤ tol`.
    pub critical: bool,
    /// Hessian has no negative eigenvalue (second-order local minimum).
    pub local_min: bool,
    /// Full Hessian non-singular.
    pub nondegenerate: bool,
    /// Block Hessian on layer `k + 1` non-singular (Theorem 3.8 (1) with `I = {k+1}`).
    pub nondegenerate_upper: bool,
    /// `rank W_l = n_l` for all `l ∈ [k + 2, L]` (Theorem 3.8 (2)).
    pub full_rank_upper: bool,
    /// `rank [F_k, 1_N]` at the end point.
    pub feature_rank: usize,
}

/// Summary over many starts.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Number of starts.
    pub runs: usize,
    /// Runs ending at a critical point.
    pub critical: usize,
    /// Critical points with loss ≤ tol.
    pub global: usize,
    /// Critical points meeting Theorem 3.8's hypotheses.
    pub thm38_hyp: usize,
    /// …of which non-global (a counterexample if > 0).
    pub thm38_nonglobal: usize,
    /// Critical non-degenerate local minima with full-rank upper weights (Cor. 3.9).
    pub cor39_hyp: usize,
    /// …of which non-global.
    pub cor39_nonglobal: usize,
    /// Local minima (critical, no negative eigenvalue) with loss > tol.
    pub nonglobal_local_minima: usize,
    /// Smallest and largest loss among non-global local minima.
    pub nonglobal_loss_range: Option<(f64, f64)>,
}

fn block(h: &[f64], d: usize, lo: usize, hi: usize) -> Vec<f64> {
    let t = hi - lo;
    let mut b = vec![0.0; t * t];
    for i in 0..t {
        for j in 0..t {
            b[i * t + j] = h[(lo + i) * d + lo + j];
        }
    }
    b
}

/// Classify a point: criticality, Hessian inertia, Theorem 3.8 hypotheses for wide
/// layer `k` (1-based hidden layer index).
pub fn classify(net: &Network, data: &Data, p: &[f64], k: usize, tol: Tolerances) -> RunResult {
    let d = p.len();
    let l = net.depth();
    let g = net.gradient(p, data);
    let grad_norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
    let h = net.hessian(p, data);
    let full = inertia(&h, d, tol.eig);
    let (lo, hi) = (
        net.weight_offset(k + 1),
        net.bias_offset(k + 1) + net.widths[k + 1],
    );
    let bev = symmetric_eigenvalues(&block(&h, d, lo, hi), hi - lo);
    let bmax = bev.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let nondegenerate_upper = bmax > 0.0 && bev.iter().all(|v| v.abs() > tol.eig * bmax);
    let full_rank_upper = (k + 2..=l).all(|i| {
        let (m, mp) = (net.widths[i], net.widths[i - 1]);
        let o = net.weight_offset(i);
        let rows: Vec<Vec<f64>> = (0..m)
            .map(|r| p[o + r * mp..o + (r + 1) * mp].to_vec())
            .collect();
        span_rank(&rows, 1e-9) == m
    });
    let feats = net.features(p, data, k);
    let cols: Vec<Vec<f64>> = feats
        .iter()
        .map(|f| {
            let mut v = f.clone();
            v.push(1.0);
            v
        })
        .collect();
    RunResult {
        loss: net.loss(p, data),
        grad_norm,
        critical: grad_norm <= tol.grad,
        local_min: full.negative == 0,
        nondegenerate: full.zero == 0,
        nondegenerate_upper,
        full_rank_upper,
        feature_rank: span_rank(&cols, 1e-9),
    }
}

/// Train from `starts` seeded random initializations (`N(0,1)` entries; L-BFGS up to
/// `max_iter` iterations, then up to 20 pseudo-Newton polish steps) and summarize.
pub fn multistart(
    net: &Network,
    data: &Data,
    k: usize,
    starts: usize,
    max_iter: usize,
    seed: u64,
    tol: Tolerances,
) -> (Summary, Vec<RunResult>) {
    let mut s = Summary {
        runs: starts,
        ..Summary::default()
    };
    let mut all = Vec::new();
    for i in 0..starts {
        let mut rng = poly::Rng::substream(seed, i as u64);
        let p0 = net.random_params(1.0, &mut rng);
        let r = lbfgs(net, data, &p0, max_iter, tol.grad * 1e-2);
        let r = newton_polish(net, data, &r.params, 20, tol.grad * 1e-3);
        let c = classify(net, data, &r.params, k, tol);
        if c.critical {
            s.critical += 1;
            let global = c.loss <= tol.loss;
            s.global += usize::from(global);
            if c.nondegenerate_upper && c.full_rank_upper {
                s.thm38_hyp += 1;
                s.thm38_nonglobal += usize::from(!global);
            }
            if c.local_min && c.nondegenerate && c.full_rank_upper {
                s.cor39_hyp += 1;
                s.cor39_nonglobal += usize::from(!global);
            }
            if c.local_min && !global {
                s.nonglobal_local_minima += 1;
                let (lo, hi) = s.nonglobal_loss_range.unwrap_or((f64::INFINITY, 0.0));
                s.nonglobal_loss_range = Some((lo.min(c.loss), hi.max(c.loss)));
            }
        }
        all.push(c);
    }
    (s, all)
}

/// A Nguyen–Hein data set: `N` distinct standard normal inputs in `R^a`, targets
/// uniform in `[−0.5, 0.5]^m` (inside the range of tanh).
pub fn data(a: usize, m: usize, n: usize, rng: &mut poly::Rng) -> Data {
    Data::random(a, m, n, 0.5, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Activation;

    #[test]
    fn wide_last_hidden_layer_minimum_is_global() {
        let net = Network {
            widths: vec![2, 3, 1],
            activation: Activation::Tanh,
            output_activation: true,
        };
        let mut rng = poly::Rng::new(1);
        let data = data(2, 1, 4, &mut rng);
        let (s, _) = multistart(&net, &data, 1, 2, 2000, 7, Tolerances::default());
        assert_eq!(s.thm38_nonglobal, 0);
        assert!(s.global >= 1, "{s:?}");
    }
}
