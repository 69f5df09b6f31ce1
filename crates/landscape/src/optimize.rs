//! Finding critical points: L-BFGS descent on `L`, then Newton polish on `∇L`.
//!
//! The polish is Newton's method on the gradient map with the pseudo-inverse of the
//! Hessian over its non-degenerate eigen-directions ([`crate::spectrum::pseudo_newton_step`]),
//! which converges quadratically to points of a critical manifold (where the Hessian is
//! singular along the manifold) instead of stalling.

use crate::net::{Data, Network};
use crate::spectrum::pseudo_newton_step;

/// Result of a descent run.
#[derive(Clone, Debug)]
pub struct Descent {
    /// Final parameters.
    pub params: Vec<f64>,
    /// Final loss.
    pub loss: f64,
    /// Final gradient norm `‖∇L‖₂`.
    pub grad_norm: f64,
    /// Iterations used.
    pub iterations: usize,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// L-BFGS (memory 10, Armijo backtracking) on `L`, stopping at `‖∇L‖ ≤ gtol` or after
/// `max_iter` iterations.
pub fn lbfgs(net: &Network, data: &Data, start: &[f64], max_iter: usize, gtol: f64) -> Descent {
    let mem = 10;
    let mut x = start.to_vec();
    let (mut f, mut g) = net.loss_grad_generic(&x, data);
    let mut ss: Vec<Vec<f64>> = Vec::new();
    let mut ys: Vec<Vec<f64>> = Vec::new();
    let mut it = 0;
    while it < max_iter && norm(&g) > gtol && f.is_finite() {
        it += 1;
        // Two-loop recursion.
        let mut q = g.clone();
        let k = ss.len();
        let mut alpha = vec![0.0; k];
        for i in (0..k).rev() {
            let rho = 1.0 / dot(&ys[i], &ss[i]);
            alpha[i] = rho * dot(&ss[i], &q);
            q.iter_mut()
                .zip(&ys[i])
                .for_each(|(a, b)| *a -= alpha[i] * b);
        }
        let gamma = if k > 0 {
            dot(&ss[k - 1], &ys[k - 1]) / dot(&ys[k - 1], &ys[k - 1])
        } else {
            1e-3 / norm(&g).max(1e-300)
        };
        q.iter_mut().for_each(|a| *a *= gamma);
        for i in 0..k {
            let rho = 1.0 / dot(&ys[i], &ss[i]);
            let beta = rho * dot(&ys[i], &q);
            q.iter_mut()
                .zip(&ss[i])
                .for_each(|(a, b)| *a += (alpha[i] - beta) * b);
        }
        let mut dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&dir, &g);
        if slope >= 0.0 {
            dir = g.iter().map(|v| -v).collect();
            slope = -dot(&g, &g);
            ss.clear();
            ys.clear();
        }
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..50 {
            let xn: Vec<f64> = x.iter().zip(&dir).map(|(a, b)| a + t * b).collect();
            let (fnew, gnew) = net.loss_grad_generic(&xn, data);
            if fnew.is_finite() && fnew <= f + 1e-4 * t * slope {
                accepted = Some((xn, fnew, gnew));
                break;
            }
            t *= 0.5;
        }
        let Some((xn, fnew, gnew)) = accepted else {
            break;
        };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gnew.iter().zip(&g).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-12 * norm(&s) * norm(&y) {
            ss.push(s);
            ys.push(y);
            if ss.len() > mem {
                ss.remove(0);
                ys.remove(0);
            }
        }
        x = xn;
        f = fnew;
        g = gnew;
    }
    Descent {
        grad_norm: norm(&g),
        params: x,
        loss: f,
        iterations: it,
    }
}

/// Newton polish on `∇L` with the pseudo-inverse Hessian (eigenvalue cutoff `1e-10`
/// relative), at most `steps` steps, stopping at `‖∇L‖ ≤ gtol`; a step is taken only if
/// it does not increase `‖∇L‖` by more than a factor 10 (otherwise the polish stops).
pub fn newton_polish(
    net: &Network,
    data: &Data,
    start: &[f64],
    steps: usize,
    gtol: f64,
) -> Descent {
    let mut x = start.to_vec();
    let mut g = net.gradient(&x, data);
    let mut it = 0;
    while it < steps && norm(&g) > gtol {
        it += 1;
        let h = net.hessian(&x, data);
        let step = pseudo_newton_step(&h, &g, 1e-10);
        let xn: Vec<f64> = x.iter().zip(&step).map(|(a, b)| a + b).collect();
        let gn = net.gradient(&xn, data);
        let (ng, ngn) = (norm(&g), norm(&gn));
        if ngn.is_nan() || ngn >= 10.0 * ng {
            break;
        }
        x = xn;
        g = gn;
    }
    Descent {
        loss: net.loss(&x, data),
        grad_norm: norm(&g),
        params: x,
        iterations: it,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Activation;

    #[test]
    fn lbfgs_fits_a_wide_net() {
        let mut rng = poly::Rng::new(5);
        let net = Network::cooper(&[1, 4, 1], Activation::Tanh);
        let data = Data::random(1, 1, 3, 0.5, &mut rng);
        let p0 = net.random_params(1.0, &mut rng);
        let r = lbfgs(&net, &data, &p0, 2000, 1e-12);
        assert!(r.loss < 1e-12, "loss {}", r.loss);
    }
}
