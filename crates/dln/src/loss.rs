//! Numeric loss, gradient and Hessian of the regularized loss.
//!
//! With $W = W_{H+1} \cdots W_1$, $U_i = W_{H+1} \cdots W_{i+1}$ and
//! $V_i = W_{i-1} \cdots W_1$ (empty products are identities), the gradient is
//! equation (4) of `000` / equation (2) of `001`:
//! $$\frac{\partial \mathcal{L}^\Lambda}{\partial W_i}
//!   = U_i^\top (W X X^\top - Y X^\top) V_i^\top + \Lambda_i \circ W_i .$$
//! The papers print the loss as
//! $\tfrac12\|WX-Y\|_F^2 + \tfrac12 \sum_i \|\Lambda_i \circ W_i\|_F^2$, whose gradient has
//! $\Lambda_i \circ \Lambda_i \circ W_i$ instead; [`Regularization`] selects which of the
//! two functions is meant, and the loss reported is always the one whose gradient is
//! solved.
//!
//! Everything is generic over a [`Scalar`], so the same code evaluates real and complex
//! points, and the Hessian is obtained exactly (no finite differences) by pushing
//! forward-mode dual numbers through the gradient: column $k$ of the Hessian is the
//! derivative of $\nabla \mathcal{L}$ in the direction $e_k$.

use crate::{Instance, Matrix, Scalar};
use std::ops::{Add, Mul, Neg, Sub};

/// Which regularized loss the gradient system belongs to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Regularization {
    /// Gradient term $\Lambda_i \circ W_i$: equation (4) of `000` and (2) of `001`, the
    /// system both papers solve. Its loss is
    /// $\tfrac12\|WX-Y\|_F^2 + \tfrac12\sum_{i,j,k} \lambda_{ijk} w_{ijk}^2$.
    #[default]
    Linear,
    /// Gradient term $\Lambda_i \circ \Lambda_i \circ W_i$: the gradient of the loss as
    /// printed, $\tfrac12\|WX-Y\|_F^2 + \tfrac12\sum_i\|\Lambda_i \circ W_i\|_F^2$.
    Squared,
}

impl Regularization {
    /// The weight $\lambda$ or $\lambda^2$ that multiplies $w$ in the gradient.
    pub fn gradient_weight(self, lambda: f64) -> f64 {
        match self {
            Self::Linear => lambda,
            Self::Squared => lambda * lambda,
        }
    }
}

/// The regularized loss $\mathcal{L}^\Lambda$ of an instance, with the data products
/// $XX^\top$ and $YX^\top$ precomputed.
#[derive(Clone, Debug)]
pub struct RegularizedLoss<'a> {
    instance: &'a Instance,
    regularization: Regularization,
    xxt: Matrix,
    yxt: Matrix,
    /// $\lambda$ or $\lambda^2$ per layer (the gradient's coefficient of $w$).
    weight: Vec<Matrix>,
}

impl<'a> RegularizedLoss<'a> {
    /// The loss of `instance` under the chosen regularization.
    pub fn new(instance: &'a Instance, regularization: Regularization) -> Self {
        let xt = instance.x.transpose();
        Self {
            instance,
            regularization,
            xxt: instance.x.matmul(&xt),
            yxt: instance.y.matmul(&xt),
            weight: instance
                .lambda
                .iter()
                .map(|l| l.map(|v| regularization.gradient_weight(v)))
                .collect(),
        }
    }

    /// The instance.
    pub fn instance(&self) -> &Instance {
        self.instance
    }

    /// The regularization convention.
    pub fn regularization(&self) -> Regularization {
        self.regularization
    }

    fn weights<T: Scalar>(&self, w: &[T]) -> Vec<Matrix<T>> {
        let net = &self.instance.network;
        assert_eq!(w.len(), net.n_weights(), "weight vector length");
        (1..=net.n_layers())
            .map(|i| {
                let (r, c) = net.shape(i);
                let off = net.offset(i);
                Matrix::from_col_major(r, c, &w[off..off + r * c])
            })
            .collect()
    }

    /// The loss value
    /// $\tfrac12\|WX-Y\|_F^2 + \tfrac12\sum \lambda' w^2$ with $\lambda' = \lambda$ or
    /// $\lambda^2$ (see [`Regularization`]); at complex points the squares are not
    /// conjugated (the holomorphic extension).
    pub fn loss<T: Scalar>(&self, w: &[T]) -> T {
        let ws = self.weights(w);
        let mut prod = self.instance.x.map(T::from_f64);
        for wi in &ws {
            prod = wi.matmul(&prod);
        }
        let r = prod.sub(&self.instance.y.map(T::from_f64));
        let half = T::from_f64(0.5);
        let mut total = T::default();
        for &v in r.data() {
            total = total + v * v;
        }
        for (wi, li) in ws.iter().zip(&self.weight) {
            for (&v, &l) in wi.data().iter().zip(li.data()) {
                total = total + T::from_f64(l) * v * v;
            }
        }
        half * total
    }

    /// The gradient $\nabla\mathcal{L}^\Lambda$, ordered as the weights.
    pub fn gradient<T: Scalar>(&self, w: &[T]) -> Vec<T> {
        let net = &self.instance.network;
        let ws = self.weights(w);
        let layers = ws.len();
        // v[i] = W_i ... W_1 for i = 0..=layers (v[0] = I), so V_i = v[i-1].
        let mut v = Vec::with_capacity(layers + 1);
        v.push(Matrix::<T>::identity(net.d_x()));
        for wi in &ws {
            let next = wi.matmul(v.last().expect("non-empty"));
            v.push(next);
        }
        let g = v[layers]
            .matmul(&self.xxt.map(T::from_f64))
            .sub(&self.yxt.map(T::from_f64));
        let mut grad = vec![T::default(); w.len()];
        // u = U_i = W_{H+1} ... W_{i+1}, starting from U_{H+1} = I.
        let mut u = Matrix::<T>::identity(net.d_y());
        for i in (1..=layers).rev() {
            let gi = u.transpose().matmul(&g).matmul(&v[i - 1].transpose());
            let off = net.offset(i);
            let (rows, cols) = net.shape(i);
            for c in 0..cols {
                for r in 0..rows {
                    let reg = T::from_f64(self.weight[i - 1].get(r, c)) * ws[i - 1].get(r, c);
                    grad[off + c * rows + r] = gi.get(r, c) + reg;
                }
            }
            u = u.matmul(&ws[i - 1]);
        }
        grad
    }

    /// The Hessian $\nabla^2 \mathcal{L}^\Lambda$ (symmetric, `N × N`), exact up to
    /// rounding: forward-mode differentiation of [`gradient`](Self::gradient).
    /// It is the Jacobian of the gradient system that is solved.
    pub fn hessian<T: Scalar>(&self, w: &[T]) -> Matrix<T> {
        let n = w.len();
        let mut h = Matrix::zeros(n, n);
        let mut dw: Vec<Dual<T>> = w.iter().map(|&v| Dual::constant(v)).collect();
        for k in 0..n {
            dw[k].eps = T::from_f64(1.0);
            let g = self.gradient(&dw);
            for (i, gi) in g.iter().enumerate() {
                h.set(i, k, gi.eps);
            }
            dw[k].eps = T::default();
        }
        h
    }
}

/// A dual number $a + b\varepsilon$, $\varepsilon^2 = 0$, for exact directional
/// derivatives.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Dual<T> {
    /// The value $a$.
    pub re: T,
    /// The derivative part $b$.
    pub eps: T,
}

impl<T: Scalar> Dual<T> {
    /// $a + 0\varepsilon$.
    pub fn constant(re: T) -> Self {
        Self {
            re,
            eps: T::default(),
        }
    }
}

impl<T: Scalar> Add for Dual<T> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self {
            re: self.re + o.re,
            eps: self.eps + o.eps,
        }
    }
}

impl<T: Scalar> Sub for Dual<T> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self {
            re: self.re - o.re,
            eps: self.eps - o.eps,
        }
    }
}

impl<T: Scalar> Mul for Dual<T> {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        Self {
            re: self.re * o.re,
            eps: self.re * o.eps + self.eps * o.re,
        }
    }
}

impl<T: Scalar> Neg for Dual<T> {
    type Output = Self;
    fn neg(self) -> Self {
        Self {
            re: -self.re,
            eps: -self.eps,
        }
    }
}

impl<T: Scalar> Scalar for Dual<T> {
    fn from_f64(v: f64) -> Self {
        Self::constant(T::from_f64(v))
    }
}
