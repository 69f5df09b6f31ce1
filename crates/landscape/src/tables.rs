//! One table per theorem: Cooper Theorem 3.1, Theorem 3.2, the dimensions of Section 3.1
//! and Proposition 6.1, Corollary 5.18 / Proposition 6.2 (very wide regime), and
//! Nguyen–Hein Theorem 3.8 / Corollary 3.9.
//!
//! Tolerances: gradients vanish when `‖∇L‖₂ ≤ 1e-10` (data and parameters are O(1));
//! Hessian eigenvalues vanish when `|λ| ≤ 1e-9 · max(‖H‖₂, 1)`; dimensions are ranks of
//! difference vectors with singular values above `1e-9 · σ_max`.

use crate::cooper::{
    core_dim_max, hessian_inertia, locus_point, measured_locus_dim, norm, prop_6_1, star_dim_max,
    star_top_zero_count, OutputBias,
};
use crate::net::{Activation, Data, Network};
use crate::nguyen_hein::{self, Tolerances};
use crate::optimize::{lbfgs, newton_polish};
use crate::table::{Agreement, Row, Table};

/// Gradient tolerance for exact loci.
pub const GRAD_TOL: f64 = 1e-10;
/// Relative eigenvalue tolerance.
pub const EIG_TOL: f64 = 1e-9;

/// A Cooper test case: widths, activation, number of data points.
#[derive(Clone, Debug)]
pub struct Case {
    /// `m_0, …, m_ℓ`.
    pub widths: Vec<usize>,
    /// σ.
    pub activation: Activation,
    /// `n`.
    pub n: usize,
}

impl Case {
    fn new(widths: &[usize], activation: Activation, n: usize) -> Self {
        Self {
            widths: widths.to_vec(),
            activation,
            n,
        }
    }
    fn net(&self) -> Network {
        Network::cooper(&self.widths, self.activation)
    }
    fn data(&self, rng: &mut poly::Rng) -> Data {
        let (a, b) = (self.widths[0], *self.widths.last().expect("widths"));
        Data::random(a, b, self.n, 1.0, rng)
    }
    fn label(&self) -> String {
        format!(
            "{} {}, n={}",
            self.net().label(),
            self.activation.name(),
            self.n
        )
    }
}

fn sci(v: f64) -> String {
    format!("{v:.1e}")
}

/// Theorem 3.1 rows: on `S_k` (every `k`), `points` random points each; with the
/// corrected `b_ℓ = ȳ` the gradient vanishes, with the printed `b_ℓ = Σ y_α` it equals
/// `2(n−1)‖Σ y_α‖` in the `b_ℓ` block.
pub fn theorem_3_1(cases: &[Case], points: usize, seed: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, c) in cases.iter().enumerate() {
        let mut rng = poly::Rng::substream(seed, ci as u64);
        let net = c.net();
        let data = c.data(&mut rng);
        let l = net.depth();
        let mut worst_mean = 0.0f64;
        let mut min_sum = f64::INFINITY;
        let mut worst_sum_err = 0.0f64;
        let sum_y: Vec<f64> = data.mean_y().iter().map(|v| v * c.n as f64).collect();
        let expected = 2.0 * (c.n as f64 - 1.0) * norm(&sum_y);
        for k in 1..l {
            for _ in 0..points {
                let p = locus_point(&net, &data, &[k], OutputBias::Mean, &mut rng);
                worst_mean = worst_mean.max(norm(&net.gradient(&p, &data)));
                let q = locus_point(&net, &data, &[k], OutputBias::Sum, &mut rng);
                let g = norm(&net.gradient(&q, &data));
                min_sum = min_sum.min(g);
                worst_sum_err = worst_sum_err.max((g - expected).abs());
            }
        }
        let total = points * (l - 1);
        rows.push(Row {
            theorem: "Cooper Thm 3.1".into(),
            network: c.label(),
            statement: format!("∇L = 0 on S_k, k=1..{}, b_ℓ = Σ_α y_α (as printed)", l - 1),
            predicted: "‖∇L‖ = 0".into(),
            measured: format!("min ‖∇L‖ = {} over {total} points", sci(min_sum)),
            agreement: if min_sum <= GRAD_TOL {
                Agreement::Yes
            } else if worst_sum_err <= 1e-9 * (1.0 + expected) {
                Agreement::Explained
            } else {
                Agreement::No
            },
            note: format!(
                "misprint: f_p ≡ b_ℓ on S so ∂L/∂b_ℓ = 2Σ_α(b_ℓ − y_α) = 2(n−1)Σy = {} (matches to {}); must be b_ℓ = (1/n)Σ_α y_α",
                sci(expected),
                sci(worst_sum_err)
            ),
        });
        rows.push(Row {
            theorem: "Cooper Thm 3.1".into(),
            network: c.label(),
            statement: format!("∇L = 0 on S_k, k=1..{}, b_ℓ = ȳ (corrected)", l - 1),
            predicted: "‖∇L‖ = 0".into(),
            measured: format!("max ‖∇L‖ = {} over {total} points", sci(worst_mean)),
            agreement: if worst_mean <= GRAD_TOL {
                Agreement::Yes
            } else {
                Agreement::No
            },
            note: format!("tol ‖∇L‖ ≤ {}", sci(GRAD_TOL)),
        });
    }
    rows
}

/// Theorem 3.2 rows: on `C_{k_1,k_2}` (all `k_1 < k_2`, corrected `b_ℓ`), the Hessian
/// inertia. As printed: one positive eigenvalue, `d − 1` zero. Measured: `m_ℓ` positive
/// eigenvalues, all equal to `2n` (`∂²L/∂(b_ℓ)_o² = 2n` for each output `o`), `d − m_ℓ`
/// zero. Also the non-strict tuple `k_1 = k_2` allowed by the printed `k_1 ≤ … ≤ k_m`,
/// where `C_{k,k} = S_k` and the Hessian is indefinite.
pub fn theorem_3_2(cases: &[Case], points: usize, seed: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, c) in cases.iter().enumerate() {
        let mut rng = poly::Rng::substream(seed ^ 0x32, ci as u64);
        let net = c.net();
        let data = c.data(&mut rng);
        let l = net.depth();
        let d = net.num_params();
        let b = net.widths[l];
        let two_n = 2.0 * c.n as f64;
        let mut counts = std::collections::BTreeSet::new();
        let mut worst_pos_err = 0.0f64;
        let mut worst_grad = 0.0f64;
        let mut gap = (0.0f64, f64::INFINITY);
        let mut total = 0;
        for k1 in 1..l {
            for k2 in k1 + 1..l {
                for _ in 0..points {
                    let p = locus_point(&net, &data, &[k1, k2], OutputBias::Mean, &mut rng);
                    worst_grad = worst_grad.max(norm(&net.gradient(&p, &data)));
                    let i = hessian_inertia(&net, &data, &p, EIG_TOL);
                    counts.insert((i.negative, i.zero, i.positive));
                    for v in &i.positive_values {
                        worst_pos_err = worst_pos_err.max((v - two_n).abs() / two_n);
                    }
                    gap = (gap.0.max(i.largest_zero), gap.1.min(i.smallest_nonzero));
                    total += 1;
                }
            }
        }
        let exact = counts.len() == 1 && counts.contains(&(0, d - b, b));
        let measured: Vec<String> = counts
            .iter()
            .map(|(n, z, p)| format!("(−{n}, 0×{z}, +{p})"))
            .collect();
        rows.push(Row {
            theorem: "Cooper Thm 3.2".into(),
            network: c.label(),
            statement: format!("Hess L on C_(k1<k2) ({total} points): one positive eigenvalue, rest 0"),
            predicted: format!("(−0, 0×{}, +1)", d - 1),
            measured: format!(
                "{}; positive eigenvalues = 2n within {}; max ‖∇L‖ {}",
                measured.join(" "),
                sci(worst_pos_err),
                sci(worst_grad)
            ),
            agreement: if exact && b == 1 && worst_pos_err < 1e-9 && worst_grad <= GRAD_TOL {
                Agreement::Yes
            } else if exact && worst_pos_err < 1e-9 && worst_grad <= GRAD_TOL {
                Agreement::Explained
            } else {
                Agreement::No
            },
            note: format!(
                "tol |λ| ≤ {}·‖H‖, gap: largest zero {} vs smallest nonzero {}; {}",
                sci(EIG_TOL),
                sci(gap.0),
                sci(gap.1),
                if b == 1 {
                    "b = 1".to_string()
                } else {
                    format!("false for b = m_ℓ = {b} > 1: ∂²L/∂(b_ℓ)_o² = 2n for each of the m_ℓ outputs, so m_ℓ positive eigenvalues (Prop 6.2: d − m_ℓ zero)")
                }
            ),
        });
        // Non-strict tuple k1 = k2 (= S_k): printed definition allows it.
        let k = l - 1;
        let mut negs = 0;
        for _ in 0..points {
            let p = locus_point(&net, &data, &[k, k], OutputBias::Mean, &mut rng);
            negs = negs.max(hessian_inertia(&net, &data, &p, EIG_TOL).negative);
        }
        rows.push(Row {
            theorem: "Cooper Thm 3.2".into(),
            network: c.label(),
            statement: format!("Hess L on C_({k},{k}) (k1 = k2 allowed by the printed 1 ≤ k1 ≤ k2)"),
            predicted: "no negative eigenvalue".into(),
            measured: format!("{negs} negative eigenvalues"),
            agreement: if negs == 0 {
                Agreement::Yes
            } else {
                Agreement::Explained
            },
            note: "C_(k,k) = S_k, a saddle: the core needs distinct indices k1 < k2 (as in the dim C formula's i < j)".into(),
        });
    }
    rows
}

/// Dimension rows: `dim S`, `dim C` measured (rank of differences of random points of
/// each `S_k`, `C_{i,j}`, maximized) against Section 3.1 and, for equal hidden widths,
/// Proposition 6.1.
pub fn dimensions(cases: &[Case], seed: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, c) in cases.iter().enumerate() {
        let mut rng = poly::Rng::substream(seed ^ 0xD1, ci as u64);
        let net = c.net();
        let data = c.data(&mut rng);
        let w = &c.widths;
        let l = net.depth();
        let mut worst_grad = 0.0f64;
        let mut s_meas = (0usize, 0usize);
        for k in 1..l {
            let (r, g) = measured_locus_dim(&net, &data, &[k], &mut rng);
            worst_grad = worst_grad.max(g);
            s_meas = s_meas.max((r, k));
        }
        let mut c_meas: Option<(usize, (usize, usize))> = None;
        for i in 1..l {
            for j in i + 1..l {
                let (r, g) = measured_locus_dim(&net, &data, &[i, j], &mut rng);
                worst_grad = worst_grad.max(g);
                c_meas = c_meas.max(Some((r, (i, j))));
            }
        }
        let (s_pred, s_k) = star_dim_max(w);
        let yes = |ok: bool| if ok { Agreement::Yes } else { Agreement::No };
        rows.push(Row {
            theorem: "Cooper §3.1 dim S".into(),
            network: c.label(),
            statement: "dim S = max_i d − ((m_{ℓ−1}+1)m_ℓ + m_{i−1}m_i + Σ_{j≥i} m_j)".into(),
            predicted: format!("{s_pred} (i = {s_k})"),
            measured: format!(
                "{} (k = {}); max ‖∇L‖ {}",
                s_meas.0,
                s_meas.1,
                sci(worst_grad)
            ),
            agreement: yes(s_meas.0 == s_pred && worst_grad <= GRAD_TOL),
            note:
                "rank of d differences of random points of each S_k, singular values > 1e-9·σ_max"
                    .into(),
        });
        if let (Some((c_pred, c_ij)), Some((c_m, c_mij))) = (core_dim_max(w), c_meas) {
            rows.push(Row {
                theorem: "Cooper §3.1 dim C".into(),
                network: c.label(),
                statement:
                    "dim C = max_{i<j} d − ((m_{ℓ−1}+1)m_ℓ + m_{i−1}m_i + m_{j−1}m_j + Σ_{k≥i} m_k)"
                        .into(),
                predicted: format!("{c_pred} (i,j = {c_ij:?})"),
                measured: format!("{c_m} ((i,j) = {c_mij:?})"),
                agreement: yes(c_m == c_pred),
                note: String::new(),
            });
        }
        let hidden = &w[1..l];
        if hidden.iter().all(|&m| m == hidden[0]) {
            let (a, m, b) = (w[0] as i64, hidden[0] as i64, w[l] as i64);
            let (_, ps, pc) = prop_6_1(a, m, b, l as i64, c.n as i64);
            let li = l as i64;
            let s_true = ((li - 2) * m * m).max((li - 3) * m * m + (a + li - 2) * m);
            rows.push(Row {
                theorem: "Cooper Prop 6.1 dim S".into(),
                network: c.label(),
                statement: "dim S = (ℓ−3)m² + (a+1)m".into(),
                predicted: ps.to_string(),
                measured: s_meas.0.to_string(),
                agreement: if ps == s_meas.0 as i64 {
                    Agreement::Yes
                } else if s_true == s_meas.0 as i64 {
                    Agreement::Explained
                } else {
                    Agreement::No
                },
                note: format!(
                    "(ℓ−3)m²+(a+1)m is dim S_2 only; the max over k is max((ℓ−2)m² [k=1], (ℓ−3)m²+(a+ℓ−2)m [k=ℓ−1]) = {s_true}"
                ),
            });
            if l >= 4 {
                let c_true = ((li - 3) * m * m).max((li - 4) * m * m + (a + li - 3) * m);
                let cm = c_meas.map_or(0, |x| x.0) as i64;
                rows.push(Row {
                    theorem: "Cooper Prop 6.1 dim C".into(),
                    network: c.label(),
                    statement: "dim C = (ℓ−4)m² + (a+1)m".into(),
                    predicted: pc.to_string(),
                    measured: cm.to_string(),
                    agreement: if pc == cm {
                        Agreement::Yes
                    } else if c_true == cm {
                        Agreement::Explained
                    } else {
                        Agreement::No
                    },
                    note: format!(
                        "(ℓ−4)m²+(a+1)m is dim C_(2,j) only; the max over i<j is max((ℓ−3)m² [i=1], (ℓ−4)m²+(a+ℓ−3)m [i=ℓ−2]) = {c_true}"
                    ),
                });
            }
        }
    }
    rows
}

/// Very wide regime (`m_{ℓ−1} > n`): zero Hessian eigenvalues at global minima found by
/// L-BFGS + Newton polish (Proposition 6.2: `d − bn`; Corollary 5.18: `≥ (m_{ℓ−1}+1−n)m_ℓ`),
/// on the core (Proposition 6.2: `d − 1`), and at star-locus saddles of `S_{ℓ−1}`
/// (Corollary 5.18), where our derivation predicts exactly `d − m_ℓ − 2 m_{ℓ−1} g` zeros.
pub fn very_wide(cases: &[Case], starts: usize, seed: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, c) in cases.iter().enumerate() {
        let mut rng = poly::Rng::substream(seed ^ 0x518, ci as u64);
        let net = c.net();
        let data = c.data(&mut rng);
        let l = net.depth();
        let d = net.num_params();
        let (mt, b, n) = (net.widths[l - 1], net.widths[l], c.n);
        assert!(mt > n, "very wide regime needs m_(ℓ−1) > n");
        let bound = (mt + 1 - n) * b;
        // Global minima.
        let mut zeros = Vec::new();
        let mut gaps = (0.0f64, f64::INFINITY);
        let mut max_loss = 0.0f64;
        for s in 0..starts {
            let mut r2 = poly::Rng::substream(seed ^ 0x77, (ci * 1000 + s) as u64);
            let p0 = net.random_params(1.0, &mut r2);
            let r = lbfgs(&net, &data, &p0, 4000, 1e-12);
            let r = newton_polish(&net, &data, &r.params, 10, 1e-13);
            if r.loss <= 1e-16 {
                let i = hessian_inertia(&net, &data, &r.params, EIG_TOL);
                zeros.push(i.zero);
                gaps = (gaps.0.max(i.largest_zero), gaps.1.min(i.smallest_nonzero));
                max_loss = max_loss.max(r.loss);
            }
        }
        let found = zeros.len();
        let all_eq = zeros.iter().all(|&z| z == d - b * n);
        rows.push(Row {
            theorem: "Cooper Prop 6.2 (M)".into(),
            network: c.label(),
            statement: format!(
                "zero eigenvalues at global minima ({found}/{starts} starts reached L ≤ 1e-16)"
            ),
            predicted: format!("d − bn = {}", d - b * n),
            measured: format!("{zeros:?}"),
            agreement: if found > 0 && all_eq {
                Agreement::Yes
            } else {
                Agreement::No
            },
            note: format!(
                "max L {}; gap: largest zero {} vs smallest nonzero {}",
                sci(max_loss),
                sci(gaps.0),
                sci(gaps.1)
            ),
        });
        let minz = zeros.iter().copied().min().unwrap_or(0);
        rows.push(Row {
            theorem: "Cooper Cor 5.18 (minima)".into(),
            network: c.label(),
            statement:
                "zero eigenvalues at critical points (global minima found) ≥ (m_{ℓ−1}+1−n)m_ℓ"
                    .into(),
            predicted: format!("≥ {bound}"),
            measured: format!("min {minz}"),
            agreement: if found > 0 && minz >= bound {
                Agreement::Yes
            } else {
                Agreement::No
            },
            note: "at a minimum Hess ⪰ 0, so the isotropic subspace of Thm 5.15 lies in the kernel"
                .into(),
        });
        // Non-global critical points found by pure (pseudo-)Newton on ∇L from random starts.
        let mut found_zeros = Vec::new();
        let mut worst_iso_ok = true;
        for s in 0..starts * 3 {
            let mut r2 = poly::Rng::substream(seed ^ 0x99, (ci * 1000 + s) as u64);
            let p0 = net.random_params(0.5, &mut r2);
            let r = newton_polish(&net, &data, &p0, 60, 1e-11);
            if r.grad_norm <= 1e-10 && r.loss > 1e-8 {
                let i = hessian_inertia(&net, &data, &r.params, EIG_TOL);
                let rk = last_hidden_rank(&net, &data, &r.params);
                let bound_r = (mt + 1 - rk) * b;
                worst_iso_ok &= i.zero + i.negative.min(i.positive) >= bound_r;
                found_zeros.push((i.zero, i.negative, rk));
            }
        }
        if !found_zeros.is_empty() {
            let minz = found_zeros.iter().map(|x| x.0).min().unwrap_or(0);
            rows.push(Row {
                theorem: "Cooper Cor 5.18 (Newton)".into(),
                network: c.label(),
                statement: format!(
                    "zero eigenvalues at non-global critical points from pseudo-Newton on ∇L ({} of {} starts)",
                    found_zeros.len(),
                    starts * 3
                ),
                predicted: format!("≥ {bound}"),
                measured: format!("(zero, negative, r) = {found_zeros:?}"),
                agreement: if minz >= bound {
                    Agreement::Yes
                } else if worst_iso_ok {
                    Agreement::Explained
                } else {
                    Agreement::No
                },
                note: "r = rank[Φ_{ℓ−1}; 1]; ‖∇L‖ ≤ 1e-10, L > 1e-8".into(),
            });
        }
        // Core locus.
        if l >= 4 {
            let p = locus_point(&net, &data, &[l - 2, l - 1], OutputBias::Mean, &mut rng);
            let i = hessian_inertia(&net, &data, &p, EIG_TOL);
            rows.push(Row {
                theorem: "Cooper Prop 6.2 (C)".into(),
                network: c.label(),
                statement: "zero eigenvalues on C".into(),
                predicted: format!("d − 1 = {}", d - 1),
                measured: i.zero.to_string(),
                agreement: if i.zero == d - 1 {
                    Agreement::Yes
                } else if i.zero == d - b {
                    Agreement::Explained
                } else {
                    Agreement::No
                },
                note: if b == 1 {
                    String::new()
                } else {
                    format!(
                        "d − m_ℓ = {} (m_ℓ positive eigenvalues 2n, see Thm 3.2)",
                        d - b
                    )
                },
            });
        }
        // Star saddle on S_{ℓ−1}.
        let p = locus_point(&net, &data, &[l - 1], OutputBias::Mean, &mut rng);
        let gnorm = norm(&net.gradient(&p, &data));
        let i = hessian_inertia(&net, &data, &p, EIG_TOL);
        let (g, zpred) = star_top_zero_count(&net, &data, &p);
        let iso = i.zero + i.negative.min(i.positive);
        let bound_r = mt * b; // Cor 5.16 with r = rank[Φ;1] = 1 on S.
        rows.push(Row {
            theorem: "Cooper Cor 5.18 (saddle)".into(),
            network: c.label(),
            statement: format!("zero eigenvalues at a critical point of S_{} (‖∇L‖ = {}) ≥ (m_{{ℓ−1}}+1−n)m_ℓ", l - 1, sci(gnorm)),
            predicted: format!("≥ {bound}"),
            measured: format!(
                "{} (inertia −{} +{}; our formula d−m_ℓ−2m_{{ℓ−1}}g = {zpred}, g = {g})",
                i.zero, i.negative, i.positive
            ),
            agreement: if i.zero >= bound && i.zero == zpred && gnorm <= GRAD_TOL {
                Agreement::Yes
            } else if i.zero == zpred && iso >= bound_r && gnorm <= GRAD_TOL {
                Agreement::Explained
            } else {
                Agreement::No
            },
            note: if i.zero >= bound {
                format!(
                    "Cor 5.16 form (r = 1): ≥ {bound_r}; zero + min(neg,pos) = {iso}; gap: largest zero {} vs smallest nonzero {} (‖H‖ = {})",
                    sci(i.largest_zero),
                    sci(i.smallest_nonzero),
                    sci(i.norm)
                )
            } else {
                format!(
                    "FALSE as printed: the Thm 5.15 subspace is only isotropic (vᵀHv = 0); for an indefinite H that gives zero + min(neg,pos) = {iso} ≥ (m_{{ℓ−1}}+1−r)m_ℓ = {bound_r}, not zero ≥ bound. Holds at minima/maxima."
                )
            },
        });
    }
    rows
}

/// `r = rank [Φ_{ℓ−1}(x_1..x_n); 1]` (Cooper Section 5.1, the features of the last hidden
/// layer with the bias row).
pub fn last_hidden_rank(net: &Network, data: &Data, p: &[f64]) -> usize {
    let l = net.depth();
    let rows: Vec<Vec<f64>> = net
        .features(p, data, l - 1)
        .into_iter()
        .map(|mut f| {
            f.push(1.0);
            f
        })
        .collect();
    crate::spectrum::span_rank(&rows, 1e-9)
}

/// Nguyen–Hein case: widths (σ on every layer), wide layer `k`, number of points `N`.
#[derive(Clone, Debug)]
pub struct NhCase {
    /// `n_0, …, n_L`.
    pub widths: Vec<usize>,
    /// The wide layer `k` (`n_k ≥ N − 1`), or a narrow layer for the contrast.
    pub k: usize,
    /// `N`.
    pub n: usize,
}

/// Nguyen–Hein Theorem 3.8 / Corollary 3.9 rows, `starts` seeded starts per case.
pub fn nguyen_hein_rows(cases: &[NhCase], starts: usize, seed: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ci, c) in cases.iter().enumerate() {
        let net = Network {
            widths: c.widths.clone(),
            activation: Activation::Tanh,
            output_activation: true,
        };
        let mut rng = poly::Rng::substream(seed ^ 0x38, ci as u64);
        let l = net.depth();
        let data = nguyen_hein::data(c.widths[0], c.widths[l], c.n, &mut rng);
        let (s, _) = nguyen_hein::multistart(
            &net,
            &data,
            c.k,
            starts,
            3000,
            seed + ci as u64,
            Tolerances::default(),
        );
        let wide = c.widths[c.k] + 1 >= c.n;
        let pyramidal = (c.k + 1..l).all(|i| c.widths[i] >= c.widths[i + 1]);
        let label = format!("{} tanh (σ on output), N={}, k={}", net.label(), c.n, c.k);
        if wide && pyramidal {
            rows.push(Row {
                theorem: "Nguyen–Hein Thm 3.8".into(),
                network: label.clone(),
                statement: "critical points non-degenerate on layer k+1 with rank W_l = n_l (l ≥ k+2) are global".into(),
                predicted: "0 non-global".into(),
                measured: format!(
                    "{} non-global of {} meeting hypotheses; {}/{} runs critical, {} global",
                    s.thm38_nonglobal, s.thm38_hyp, s.critical, s.runs, s.global
                ),
                agreement: if s.thm38_nonglobal == 0 { Agreement::Yes } else { Agreement::No },
                note: format!(
                    "tol ‖∇Φ‖ ≤ 1e-8, |λ| ≤ 1e-8·max, global Φ ≤ 1e-10; at a zero-loss point the layer-(k+1) block is 2J_vᵀJ_v, non-singular only if (n_k+1)n_{{k+1}} ≤ N·n_L{}",
                    if s.thm38_hyp == 0 { " (here never: the hypothesis is vacuous on the minima reached)" } else { "" }
                ),
            });
            rows.push(Row {
                theorem: "Nguyen–Hein Cor 3.9".into(),
                network: label,
                statement: "non-degenerate local minima with full-column-rank upper weights are global".into(),
                predicted: "0 non-global".into(),
                measured: format!(
                    "{} non-global of {} non-degenerate full-rank local minima; {} non-global local minima of any kind",
                    s.cor39_nonglobal, s.cor39_hyp, s.nonglobal_local_minima
                ),
                agreement: if s.cor39_nonglobal == 0 { Agreement::Yes } else { Agreement::No },
                note: "overparameterized: the global minima form a manifold of dim d − N·n_L > 0, so the full Hessian is singular there".into(),
            });
        } else {
            rows.push(Row {
                theorem: "Nguyen–Hein (contrast)".into(),
                network: label,
                statement: format!("narrow: max n_k = {} < N − 1 = {}; theorem not applicable", c.widths[1..l].iter().max().copied().unwrap_or(0), c.n - 1),
                predicted: "non-global local minima may exist".into(),
                measured: format!(
                    "{} non-global local minima ({} of them non-degenerate with full-rank upper weights) of {} critical ends (loss range {}); {} global",
                    s.nonglobal_local_minima,
                    s.cor39_nonglobal,
                    s.critical,
                    s.nonglobal_loss_range.map_or("-".into(), |(a, b)| format!("{}–{}", sci(a), sci(b))),
                    s.global
                ),
                agreement: Agreement::Yes,
                note: "local minimum: ‖∇Φ‖ ≤ 1e-8 and no eigenvalue < −1e-8·max".into(),
            });
        }
    }
    rows
}

/// All tables. `quick`: fewer points and starts (well under a minute in release).
pub fn all_tables(quick: bool, seed: u64) -> Vec<Table> {
    use Activation::{Cubic, Tanh};
    let pts = if quick { 2 } else { 6 };
    let t31 = vec![
        Case::new(&[2, 3, 3, 1], Tanh, 4),
        Case::new(&[1, 3, 4, 2], Cubic, 5),
        Case::new(&[2, 4, 3, 3, 1], Tanh, 6),
        Case::new(&[3, 2, 3, 2, 2], Cubic, 4),
        Case::new(&[2, 3, 3, 3, 3, 1], Tanh, 5),
        Case::new(&[1, 5, 5, 1], Cubic, 3),
    ];
    let t32 = vec![
        Case::new(&[2, 3, 3, 3, 1], Tanh, 4),
        Case::new(&[2, 4, 3, 3, 1], Cubic, 6),
        Case::new(&[3, 2, 3, 2, 2], Tanh, 4),
        Case::new(&[2, 3, 3, 3, 3, 1], Cubic, 5),
        Case::new(&[1, 2, 3, 4, 3, 3], Tanh, 3),
    ];
    let tdim = vec![
        Case::new(&[2, 3, 3, 1], Tanh, 4),
        Case::new(&[1, 5, 5, 1], Cubic, 3),
        Case::new(&[2, 3, 3, 3, 1], Tanh, 4),
        Case::new(&[1, 4, 4, 4, 1], Cubic, 3),
        Case::new(&[2, 3, 3, 3, 3, 1], Tanh, 5),
        Case::new(&[1, 3, 4, 2], Tanh, 5),
    ];
    let twide = vec![
        Case::new(&[1, 4, 4, 1], Tanh, 3),
        Case::new(&[2, 5, 5, 1], Cubic, 4),
        Case::new(&[1, 4, 4, 4, 1], Tanh, 3),
        Case::new(&[2, 4, 5, 2], Tanh, 3),
        Case::new(&[1, 4, 4, 4, 4, 2], Tanh, 3),
        Case::new(&[1, 6, 40, 4], Tanh, 5),
    ];
    let tnh = vec![
        NhCase {
            widths: vec![2, 5, 1],
            k: 1,
            n: 6,
        },
        NhCase {
            widths: vec![2, 8, 1],
            k: 1,
            n: 6,
        },
        NhCase {
            widths: vec![2, 3, 5, 1],
            k: 2,
            n: 6,
        },
        NhCase {
            widths: vec![2, 5, 3, 1],
            k: 1,
            n: 6,
        },
        NhCase {
            widths: vec![2, 5, 2],
            k: 1,
            n: 6,
        },
        NhCase {
            widths: vec![1, 2, 1],
            k: 1,
            n: 6,
        },
    ];
    let starts_wide = if quick { 1 } else { 4 };
    let starts_nh = if quick { 4 } else { 20 };
    vec![
        Table {
            title: "Cooper Theorem 3.1: the star locus S is critical".into(),
            stem: "landscape_cooper_thm3_1".into(),
            rows: theorem_3_1(&t31, pts, seed),
        },
        Table {
            title: "Cooper Theorem 3.2: Hessian on the core locus C".into(),
            stem: "landscape_cooper_thm3_2".into(),
            rows: theorem_3_2(&t32, pts, seed),
        },
        Table {
            title: "Cooper Section 3.1 / Proposition 6.1: dimensions of S and C".into(),
            stem: "landscape_cooper_dims".into(),
            rows: dimensions(&tdim, seed),
        },
        Table {
            title: "Cooper Corollary 5.18 / Proposition 6.2: zero Hessian eigenvalues, very wide regime".into(),
            stem: "landscape_cooper_wide".into(),
            rows: very_wide(&twide, starts_wide, seed),
        },
        Table {
            title: "Nguyen–Hein Theorem 3.8 / Corollary 3.9: wide layer, pyramidal above".into(),
            stem: "landscape_nguyen_hein".into(),
            rows: nguyen_hein_rows(&tnh, starts_nh, seed),
        },
    ]
}
