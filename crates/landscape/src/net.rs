//! Fully connected networks with biases, their squared loss, exact gradient and Hessian.
//!
//! Network (Cooper, eq. (2.1)): `f_p(x) = A_ℓ ∘ σ ∘ A_{ℓ-1} ∘ … ∘ σ ∘ A_1 (x)` with
//! `A_i(z) = M_i z + b_i`, `M_i ∈ R^{m_i × m_{i-1}}`, widths `m_0 = a, …, m_ℓ = b`.
//! Cooper's convention: σ on the hidden layers only, the last layer affine.
//! Nguyen–Hein (Section 2, `f_k = σ(g_k)` for every `k ∈ [L]`) also apply σ on the output
//! layer; [`Network::output_activation`] selects the convention.
//!
//! Loss (Cooper, Section 2; Nguyen–Hein eq. (1) with `l(a) = a²`):
//! `L(p) = Σ_α ‖f_p(x_α) − y_α‖²`.
//!
//! The gradient is backpropagation (Nguyen–Hein Lemma 2.1), written once over a
//! [`Scalar`] type. The Hessian is forward-over-reverse: column `j` is the dual part of
//! the backpropagated gradient evaluated at `p + ε e_j` with dual numbers (`ε² = 0`),
//! which is exact up to rounding (no step size).

use std::ops::{Add, AddAssign, Mul, Neg, Sub};

/// Smooth activations with `σ(0) = 0` (Cooper, Section 2) and `σ'(0) = 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// `σ(t) = tanh t` (analytic, bounded, strictly increasing: Nguyen–Hein Lemma 3.3).
    Tanh,
    /// `σ(t) = t + t³` (polynomial, strictly increasing, unbounded; fails Nguyen–Hein
    /// Assumption 3.2.2(b) for `t < 0`).
    Cubic,
}

impl Activation {
    /// Parse `tanh` or `cubic`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "tanh" => Some(Self::Tanh),
            "cubic" | "t+t^3" | "t+t3" => Some(Self::Cubic),
            _ => None,
        }
    }
    /// Name used in tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::Tanh => "tanh",
            Self::Cubic => "t+t^3",
        }
    }
    fn f(self, t: f64) -> f64 {
        match self {
            Self::Tanh => t.tanh(),
            Self::Cubic => t + t * t * t,
        }
    }
    fn d1(self, t: f64) -> f64 {
        match self {
            Self::Tanh => {
                let h = t.tanh();
                1.0 - h * h
            }
            Self::Cubic => 1.0 + 3.0 * t * t,
        }
    }
    fn d2(self, t: f64) -> f64 {
        match self {
            Self::Tanh => {
                let h = t.tanh();
                -2.0 * h * (1.0 - h * h)
            }
            Self::Cubic => 6.0 * t,
        }
    }
}

/// Numbers the backpropagation is generic over: `f64` (gradient) and [`Dual`] (Hessian).
pub trait Scalar:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Neg<Output = Self> + AddAssign
{
    /// A constant.
    fn cst(v: f64) -> Self;
    /// `σ(self)`.
    fn act(self, a: Activation) -> Self;
    /// `σ'(self)`.
    fn act_d(self, a: Activation) -> Self;
}

impl Scalar for f64 {
    fn cst(v: f64) -> Self {
        v
    }
    fn act(self, a: Activation) -> Self {
        a.f(self)
    }
    fn act_d(self, a: Activation) -> Self {
        a.d1(self)
    }
}

/// A dual number `v + d ε` with `ε² = 0` (forward-mode derivative).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Dual {
    /// Value.
    pub v: f64,
    /// Derivative part.
    pub d: f64,
}

impl Add for Dual {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            v: self.v + o.v,
            d: self.d + o.d,
        }
    }
}
impl Sub for Dual {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self {
            v: self.v - o.v,
            d: self.d - o.d,
        }
    }
}
impl Mul for Dual {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        Self {
            v: self.v * o.v,
            d: self.d * o.v + self.v * o.d,
        }
    }
}
impl Neg for Dual {
    type Output = Self;
    fn neg(self) -> Self {
        Self {
            v: -self.v,
            d: -self.d,
        }
    }
}
impl AddAssign for Dual {
    fn add_assign(&mut self, o: Self) {
        self.v += o.v;
        self.d += o.d;
    }
}
impl Scalar for Dual {
    fn cst(v: f64) -> Self {
        Self { v, d: 0.0 }
    }
    fn act(self, a: Activation) -> Self {
        Self {
            v: a.f(self.v),
            d: self.d * a.d1(self.v),
        }
    }
    fn act_d(self, a: Activation) -> Self {
        Self {
            v: a.d1(self.v),
            d: self.d * a.d2(self.v),
        }
    }
}

/// Architecture: widths `m_0 = a, m_1, …, m_ℓ = b` (depth `ℓ = widths.len() − 1`),
/// activation, and whether σ is applied on the output layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// `m_0, …, m_ℓ`.
    pub widths: Vec<usize>,
    /// σ.
    pub activation: Activation,
    /// `false`: Cooper (2.1), last layer affine; `true`: Nguyen–Hein, `f_L = σ(g_L)`.
    pub output_activation: bool,
}

/// Training data: `n` inputs `x_α ∈ R^a` and targets `y_α ∈ R^b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    /// Inputs.
    pub xs: Vec<Vec<f64>>,
    /// Targets.
    pub ys: Vec<Vec<f64>>,
}

impl Data {
    /// Number of data points `n`.
    pub fn len(&self) -> usize {
        self.xs.len()
    }
    /// Whether there are no data points.
    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }
    /// Mean target `ȳ = (1/n) Σ_α y_α`.
    pub fn mean_y(&self) -> Vec<f64> {
        let b = self.ys[0].len();
        let mut m = vec![0.0; b];
        for y in &self.ys {
            for (mi, yi) in m.iter_mut().zip(y) {
                *mi += yi;
            }
        }
        let n = self.len() as f64;
        m.iter_mut().for_each(|v| *v /= n);
        m
    }
    /// Random data: standard normal inputs, targets uniform in `[-scale, scale]`.
    pub fn random(a: usize, b: usize, n: usize, scale: f64, rng: &mut poly::Rng) -> Self {
        let xs = (0..n)
            .map(|_| (0..a).map(|_| rng.normal()).collect())
            .collect();
        let ys = (0..n)
            .map(|_| (0..b).map(|_| rng.uniform_in(-scale, scale)).collect())
            .collect();
        Self { xs, ys }
    }
}

impl Network {
    /// Cooper's convention (affine last layer).
    pub fn cooper(widths: &[usize], activation: Activation) -> Self {
        Self {
            widths: widths.to_vec(),
            activation,
            output_activation: false,
        }
    }
    /// Depth `ℓ` (number of affine maps).
    pub fn depth(&self) -> usize {
        self.widths.len() - 1
    }
    /// Number of parameters `d = Σ_{i=1}^ℓ (m_{i−1} + 1) m_i` (Cooper, Section 2).
    pub fn num_params(&self) -> usize {
        (1..self.widths.len())
            .map(|i| (self.widths[i - 1] + 1) * self.widths[i])
            .sum()
    }
    /// Offset of `M_i` (1-based layer `i`) in the parameter vector; `M_i` is stored
    /// row-major (`m_i × m_{i−1}`) and followed by `b_i`.
    pub fn weight_offset(&self, i: usize) -> usize {
        (1..i)
            .map(|j| (self.widths[j - 1] + 1) * self.widths[j])
            .sum()
    }
    /// Offset of `b_i`.
    pub fn bias_offset(&self, i: usize) -> usize {
        self.weight_offset(i) + self.widths[i] * self.widths[i - 1]
    }
    /// Width string `a-m_1-…-b`.
    pub fn label(&self) -> String {
        self.widths
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Network output `f_p(x)`.
    pub fn forward(&self, p: &[f64], x: &[f64]) -> Vec<f64> {
        let mut z = x.to_vec();
        let l = self.depth();
        for i in 1..=l {
            let (mi, mp) = (self.widths[i], self.widths[i - 1]);
            let (wo, bo) = (self.weight_offset(i), self.bias_offset(i));
            let mut h: Vec<f64> = (0..mi)
                .map(|r| p[bo + r] + (0..mp).map(|c| p[wo + r * mp + c] * z[c]).sum::<f64>())
                .collect();
            if i < l || self.output_activation {
                h.iter_mut().for_each(|v| *v = self.activation.f(*v));
            }
            z = h;
        }
        z
    }

    /// Features `σ(h_i(x_α))` of hidden layer `i` for every data point (rows: points).
    pub fn features(&self, p: &[f64], data: &Data, layer: usize) -> Vec<Vec<f64>> {
        let sub = Network {
            widths: self.widths[..=layer].to_vec(),
            activation: self.activation,
            output_activation: true,
        };
        let q = &p[..sub.num_params()];
        data.xs.iter().map(|x| sub.forward(q, x)).collect()
    }

    /// Loss `L(p) = Σ_α ‖f_p(x_α) − y_α‖²`.
    pub fn loss(&self, p: &[f64], data: &Data) -> f64 {
        data.xs
            .iter()
            .zip(&data.ys)
            .map(|(x, y)| {
                self.forward(p, x)
                    .iter()
                    .zip(y)
                    .map(|(f, t)| (f - t) * (f - t))
                    .sum::<f64>()
            })
            .sum()
    }

    /// Loss and gradient by backpropagation, generic over the scalar type.
    pub fn loss_grad_generic<T: Scalar>(&self, p: &[T], data: &Data) -> (T, Vec<T>) {
        let l = self.depth();
        let act = self.activation;
        let mut grad = vec![T::cst(0.0); p.len()];
        let mut loss = T::cst(0.0);
        let mut hs: Vec<Vec<T>> = Vec::with_capacity(l + 1);
        let mut zs: Vec<Vec<T>> = Vec::with_capacity(l + 1);
        for (x, y) in data.xs.iter().zip(&data.ys) {
            hs.clear();
            zs.clear();
            hs.push(Vec::new());
            zs.push(x.iter().map(|&v| T::cst(v)).collect());
            for i in 1..=l {
                let (mi, mp) = (self.widths[i], self.widths[i - 1]);
                let (wo, bo) = (self.weight_offset(i), self.bias_offset(i));
                let zp = &zs[i - 1];
                let h: Vec<T> = (0..mi)
                    .map(|r| {
                        let mut s = p[bo + r];
                        for c in 0..mp {
                            s += p[wo + r * mp + c] * zp[c];
                        }
                        s
                    })
                    .collect();
                let z = if i < l || self.output_activation {
                    h.iter().map(|&v| v.act(act)).collect()
                } else {
                    h.clone()
                };
                hs.push(h);
                zs.push(z);
            }
            // δ_ℓ = ∂L/∂h_ℓ
            let mut delta: Vec<T> = zs[l]
                .iter()
                .zip(y)
                .map(|(&f, &t)| {
                    let r = f - T::cst(t);
                    loss += r * r;
                    r * T::cst(2.0)
                })
                .collect();
            if self.output_activation {
                for (dv, &h) in delta.iter_mut().zip(&hs[l]) {
                    *dv = *dv * h.act_d(act);
                }
            }
            for i in (1..=l).rev() {
                let (mi, mp) = (self.widths[i], self.widths[i - 1]);
                let (wo, bo) = (self.weight_offset(i), self.bias_offset(i));
                let zp = &zs[i - 1];
                for r in 0..mi {
                    grad[bo + r] += delta[r];
                    for c in 0..mp {
                        grad[wo + r * mp + c] += delta[r] * zp[c];
                    }
                }
                if i > 1 {
                    let mut nd = vec![T::cst(0.0); mp];
                    for r in 0..mi {
                        for (c, v) in nd.iter_mut().enumerate() {
                            *v += p[wo + r * mp + c] * delta[r];
                        }
                    }
                    for (v, &h) in nd.iter_mut().zip(&hs[i - 1]) {
                        *v = *v * h.act_d(act);
                    }
                    delta = nd;
                }
            }
        }
        (loss, grad)
    }

    /// Gradient `∇L(p)`.
    pub fn gradient(&self, p: &[f64], data: &Data) -> Vec<f64> {
        self.loss_grad_generic(p, data).1
    }

    /// Exact Hessian `∇²L(p)` (forward-over-reverse with [`Dual`] numbers), row-major
    /// `d × d`, symmetrized.
    pub fn hessian(&self, p: &[f64], data: &Data) -> Vec<f64> {
        let d = p.len();
        let mut h = vec![0.0; d * d];
        let mut q: Vec<Dual> = p.iter().map(|&v| Dual::cst(v)).collect();
        for j in 0..d {
            q[j].d = 1.0;
            let (_, g) = self.loss_grad_generic(&q, data);
            q[j].d = 0.0;
            for (i, gi) in g.iter().enumerate() {
                h[i * d + j] = gi.d;
            }
        }
        for i in 0..d {
            for j in 0..i {
                let s = 0.5 * (h[i * d + j] + h[j * d + i]);
                h[i * d + j] = s;
                h[j * d + i] = s;
            }
        }
        h
    }

    /// Random parameters, entries `N(0, scale²)`.
    pub fn random_params(&self, scale: f64, rng: &mut poly::Rng) -> Vec<f64> {
        (0..self.num_params())
            .map(|_| scale * rng.normal())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_offsets() {
        let n = Network::cooper(&[2, 3, 4, 1], Activation::Tanh);
        assert_eq!(n.num_params(), 3 * 3 + 4 * 4 + 5);
        assert_eq!(n.weight_offset(2), 9);
        assert_eq!(n.bias_offset(2), 9 + 12);
    }

    #[test]
    fn generic_loss_matches_forward() {
        let mut rng = poly::Rng::new(3);
        let net = Network::cooper(&[2, 3, 2], Activation::Cubic);
        let data = Data::random(2, 2, 4, 1.0, &mut rng);
        let p = net.random_params(0.5, &mut rng);
        let (l, _) = net.loss_grad_generic(&p, &data);
        assert!((l - net.loss(&p, &data)).abs() < 1e-12);
    }
}
