//! The homogenized gradient family evaluated with matrix products, not term by term.
//!
//! For a network with layers $W_1, \dots, W_L$ ($L = H + 1$), let
//! $V_i = W_i \cdots W_1$ ($V_0 = I$), $U_i = W_L \cdots W_{i+1}$ ($U_L = I$), and with
//! the homogenizing variable $x_0$ of [`homotopy::ParameterHomotopy`]
//! $$E = V_L S - x_0^{H+1} B, \qquad
//!   G_i = U_i^\top E\, V_{i-1}^\top + x_0^{2H}\, \mu_i \circ W_i ,$$
//! the homogenization (degree $2H + 1$) of the gradient family of
//! [`GradientFamily`](crate::GradientFamily), with $S = XX^\top$, $B = YX^\top$. The
//! derivative of $G_i$ in the entry $(a, b)$ of $W_l$ is, entry $(r, c)$,
//! $$(U_i^\top U_l)_{ra} (V_{l-1} S V_{i-1}^\top)_{bc} \;+\;
//!   [l > i]\, (W_{l-1}\cdots W_{i+1})_{br} (U_l^\top E V_{i-1}^\top)_{ac} \;+\;
//!   [l < i]\, (U_i^\top E V_{l-1}^\top)_{rb} (W_{i-1}\cdots W_{l+1})_{ca} \;+\;
//!   [l = i]\, x_0^{2H} \mu_{i,rc}\, \delta_{ra}\delta_{cb}$$
//! (the three ways $W_l$ enters: through $V_L$ in $E$, through $U_i$, through
//! $V_{i-1}$), so the whole Jacobian costs a few products per entry after $O(L^2)$ small
//! matrix products, instead of the prefix and suffix products of every term of the
//! expanded polynomials.
//!
//! The parameter homotopies of the generic solves and of the instances evaluate the
//! family with it in `f64` ([`homotopy::FamilyEvaluator`]; double-double and MPC keep
//! the expanded polynomials). Against the sparse evaluation of the expanded family in
//! `benches/evaluate.rs` (`gradient_family`): 1.5–4.3 times faster on the table cases
//! with $N$ = 12–15. The derivative in $x_0$ is
//! $-(H+1) x_0^H U_i^\top B V_{i-1}^\top + 2H x_0^{2H-1} \mu_i \circ W_i$, and along a
//! direction $\dot p$ of the parameters
//! $U_i^\top (V_L \dot S - x_0^{H+1} \dot B) V_{i-1}^\top + x_0^{2H} \dot\mu_i \circ W_i$
//! with $\dot S = \dot X X^\top + X \dot X^\top$, $\dot B = \dot Y X^\top + Y \dot X^\top$
//! when the parameters are the data points.

use crate::family::{DataParameters, GradientFamily};
use crate::gradient_system::upper_index;
use crate::matrix::Matrix;
use crate::Network;
use num_complex::Complex64;

type M = Matrix<Complex64>;

/// The homogenized gradient family of a network, evaluated with matrix products (see
/// the module documentation): values, the Jacobian in the weights and $x_0$, and the
/// derivative along a direction of the parameters, all in `Complex<f64>`.
///
/// ```
/// use dln::{GradientFamily, GradientFamilyEvaluator, Network};
/// use num_complex::Complex64;
/// // widths 1,1,1, m = 1: w = (a, b), parameters S, B, mu_1, mu_2;
/// // E = b a S - x0^2 B, G_1 = b E + x0^2 mu_1 a, G_2 = E a + x0^2 mu_2 b
/// let fam = GradientFamily::new(&Network::new(vec![1, 1, 1]).unwrap(), 1);
/// let ev = GradientFamilyEvaluator::new(&fam);
/// let c = |v: f64| Complex64::new(v, 0.0);
/// let (w, p, dp) = ([c(1.0), c(2.0)], [c(1.0), c(1.0), c(0.5), c(0.5)], [c(0.0); 4]);
/// let (mut f, mut jac, mut fv) = (vec![c(0.0); 2], vec![c(0.0); 6], vec![c(0.0); 2]);
/// ev.evaluate(&w, c(1.0), &p, &dp, &mut f, &mut jac, &mut fv);
/// assert_eq!(f, vec![c(2.5), c(2.0)]);
/// // dG_1/da = b^2 S + x0^2 mu_1
/// assert_eq!(jac[0], c(4.5));
/// ```
#[derive(Clone, Debug)]
pub struct GradientFamilyEvaluator {
    network: Network,
    points: usize,
    data: DataParameters,
}

impl GradientFamilyEvaluator {
    /// The evaluator of `family` (its variables: the $N$ weights, then the parameters;
    /// $x_0$ is passed separately).
    pub fn new(family: &GradientFamily) -> Self {
        Self {
            network: family.network().clone(),
            points: family.points(),
            data: family.data_parameters(),
        }
    }

    /// The number of weights $N$.
    pub fn n_weights(&self) -> usize {
        self.network.n_weights()
    }

    /// $S$, $B$ and $\mu$ from the parameters, and $\dot S$, $\dot B$, $\dot\mu$ from
    /// the direction `v`.
    fn data(&self, p: &[Complex64], v: &[Complex64]) -> [M; 4] {
        let net = &self.network;
        let (dx, dy, n) = (net.d_x(), net.d_y(), net.n_weights());
        match self.data {
            DataParameters::Moments => {
                let ns = dx * (dx + 1) / 2;
                let sym = |q: &[Complex64]| {
                    M::from_row_major(
                        dx,
                        dx,
                        (0..dx * dx)
                            .map(|k| q[upper_index(dx, k / dx, k % dx)])
                            .collect(),
                    )
                };
                let b = |q: &[Complex64]| M::from_row_major(dy, dx, q[ns..ns + dy * dx].to_vec());
                [sym(p), b(p), sym(v), b(v)]
            }
            DataParameters::Points => {
                let m = self.points;
                let x = |q: &[Complex64]| M::from_col_major(dx, m, &q[..dx * m]);
                let y = |q: &[Complex64]| M::from_col_major(dy, m, &q[dx * m..(dx + dy) * m]);
                let (xp, yp, xv, yv) = (x(p), y(p), x(v), y(v));
                let (xpt, xvt) = (xp.transpose(), xv.transpose());
                let s = xp.matmul(&xpt);
                let b = yp.matmul(&xpt);
                let ds = xv.matmul(&xpt).add(&xp.matmul(&xvt));
                let db = yv.matmul(&xpt).add(&yp.matmul(&xvt));
                debug_assert_eq!(p.len(), (dx + dy) * m + n);
                [s, b, ds, db]
            }
        }
    }

    /// $F^h$ into `f` ($N$), $\partial F^h / \partial(w, x_0)$ row-major into `jac`
    /// ($N \times (N + 1)$, the column of $x_0$ last) and $\sum_j \partial F^h/\partial
    /// p_j\, v_j$ into `fv` ($N$), at weights `w`, $x_0$ and parameters `p` (the order of
    /// [`GradientFamily::system`](crate::GradientFamily::system)).
    #[allow(clippy::too_many_arguments)]
    pub fn evaluate(
        &self,
        w: &[Complex64],
        x0: Complex64,
        p: &[Complex64],
        v: &[Complex64],
        f: &mut [Complex64],
        jac: &mut [Complex64],
        fv: &mut [Complex64],
    ) {
        let net = &self.network;
        let n = net.n_weights();
        let l_count = net.n_layers();
        let h = l_count - 1;
        let [s, b, ds, db] = self.data(p, v);
        let mu = &p[p.len() - n..];
        let dmu = &v[v.len() - n..];
        let ws: Vec<M> = (1..=l_count)
            .map(|i| {
                let (r, c) = net.shape(i);
                M::from_col_major(r, c, &w[net.offset(i)..net.offset(i) + r * c])
            })
            .collect();
        let layer = |i: usize| &ws[i - 1];
        // V_i = W_i ... W_1, U_i = W_L ... W_{i+1}
        let mut vs = vec![M::identity(net.d_x())];
        for i in 1..=l_count {
            let next = layer(i).matmul(&vs[i - 1]);
            vs.push(next);
        }
        let mut us = vec![M::identity(net.d_y()); l_count + 1];
        for i in (0..l_count).rev() {
            us[i] = us[i + 1].matmul(layer(i + 1));
        }
        let x0h1 = x0.powu(h as u32 + 1);
        let x0h2 = x0.powu(2 * h as u32);
        let e = vs[l_count].matmul(&s).sub(&b.map(|z| z * x0h1));
        let de = vs[l_count].matmul(&ds).sub(&db.map(|z| z * x0h1));
        let ut: Vec<M> = us.iter().map(M::transpose).collect();
        let vt: Vec<M> = vs.iter().map(M::transpose).collect();
        // chain(a, b) = W_b ... W_a (a <= b + 1; the identity of size d_{a-1} if a = b + 1)
        let chain = |a: usize, b: usize| {
            let mut m = M::identity(net.widths()[a - 1]);
            for k in a..=b {
                m = layer(k).matmul(&m);
            }
            m
        };
        let n1 = n + 1;
        jac[..n * n1].fill(Complex64::default());
        let cx0 = -(h as f64 + 1.0) * x0.powu(h as u32);
        let cmu = 2.0 * h as f64 * x0.powu(2 * h as u32 - 1);
        // products used by several pairs (i, l): U_i^T E, U_i^T B, U_i^T dE, V_l S
        let ute: Vec<M> = ut.iter().map(|u| u.matmul(&e)).collect();
        let vss: Vec<M> = vs.iter().map(|v| v.matmul(&s)).collect();
        for i in 1..=l_count {
            let (ri, ci) = net.shape(i);
            let off_i = net.offset(i);
            let gi = ute[i].matmul(&vt[i - 1]);
            let dgi = ut[i].matmul(&de).matmul(&vt[i - 1]);
            let bi = ut[i].matmul(&b).matmul(&vt[i - 1]);
            for c in 0..ci {
                for r in 0..ri {
                    let k = off_i + c * ri + r;
                    f[k] = gi.get(r, c) + x0h2 * mu[k] * w[k];
                    fv[k] = dgi.get(r, c) + x0h2 * dmu[k] * w[k];
                    jac[k * n1 + n] = cx0 * bi.get(r, c) + cmu * mu[k] * w[k];
                    jac[k * n1 + k] += x0h2 * mu[k];
                }
            }
            for l in 1..=l_count {
                let (rl, cl) = net.shape(l);
                let off_l = net.offset(l);
                let pil = ut[i].matmul(&us[l]); // d_i x d_l
                let qli = vss[l - 1].matmul(&vt[i - 1]); // d_{l-1} x d_{i-1}
                let through_u = (l > i).then(|| (chain(i + 1, l - 1), ute[l].matmul(&vt[i - 1])));
                let through_v = (l < i).then(|| (ute[i].matmul(&vt[l - 1]), chain(l + 1, i - 1)));
                for c in 0..ci {
                    for r in 0..ri {
                        let row = (off_i + c * ri + r) * n1 + off_l;
                        // the entry (a, bb) of W_l is weight off_l + bb rl + a
                        for bb in 0..cl {
                            let out = &mut jac[row + bb * rl..row + (bb + 1) * rl];
                            let q = qli.get(bb, c);
                            for (a, o) in out.iter_mut().enumerate() {
                                *o += pil.get(r, a) * q;
                            }
                            if let Some((m, t)) = &through_u {
                                let mb = m.get(bb, r);
                                for (a, o) in out.iter_mut().enumerate() {
                                    *o += mb * t.get(a, c);
                                }
                            }
                            if let Some((z, k)) = &through_v {
                                let zb = z.get(r, bb);
                                for (a, o) in out.iter_mut().enumerate() {
                                    *o += zb * k.get(c, a);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

impl homotopy::FamilyEvaluator for GradientFamilyEvaluator {
    /// `x` is $(w, x_0)$.
    fn evaluate(
        &self,
        x: &[Complex64],
        p: &[Complex64],
        v: &[Complex64],
        f: &mut [Complex64],
        jx: &mut [Complex64],
        fv: &mut [Complex64],
    ) {
        let n = self.n_weights();
        GradientFamilyEvaluator::evaluate(self, &x[..n], x[n], p, v, f, jx, fv);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poly::Evaluator;

    /// Against the sparse evaluator of the homogenized family: values, Jacobian (weights
    /// and x0) and the parameter direction, for both kinds of parameters and H = 1, 2, 3.
    #[test]
    fn agrees_with_the_expanded_polynomials() {
        let mut rng = poly::Rng::new(4);
        for (widths, m) in [
            (vec![2, 3, 2], 1),
            (vec![2, 3, 3], 2),
            (vec![3, 2, 3], 5),
            (vec![1, 2, 2, 1], 1),
            (vec![2, 2, 1, 3], 3),
            (vec![1, 2, 1, 2, 1], 1),
        ] {
            let net = Network::new(widths.clone()).unwrap();
            let fam = GradientFamily::new(&net, m);
            let n = net.n_weights();
            let k = fam.nparams();
            let sys = fam.system();
            // homogenize the weights as ParameterHomotopy does: x0 after them
            let hom = homotopy::homogenize_unknowns(sys, n);
            let ev = Evaluator::new(&hom);
            let mut ws = ev.workspace();
            let z: Vec<Complex64> = (0..n + 1 + k).map(|_| rng.complex_normal()).collect();
            let v: Vec<Complex64> = (0..k).map(|_| rng.complex_normal()).collect();
            let nz = n + 1 + k;
            let (mut fs, mut js) = (
                vec![Complex64::default(); n],
                vec![Complex64::default(); n * nz],
            );
            ev.evaluate_with_jacobian(&z, &mut ws, &mut fs, &mut js);
            let fe = GradientFamilyEvaluator::new(&fam);
            let (mut f, mut j, mut fv) = (
                vec![Complex64::default(); n],
                vec![Complex64::default(); n * (n + 1)],
                vec![Complex64::default(); n],
            );
            fe.evaluate(&z[..n], z[n], &z[n + 1..], &v, &mut f, &mut j, &mut fv);
            let close = |a: Complex64, b: Complex64| (a - b).norm() <= 1e-11 * (1.0 + b.norm());
            for r in 0..n {
                assert!(close(f[r], fs[r]), "{widths:?} m = {m}: F row {r}");
                for c in 0..=n {
                    assert!(
                        close(j[r * (n + 1) + c], js[r * nz + c]),
                        "{widths:?} m = {m}: J ({r}, {c}) {} vs {}",
                        j[r * (n + 1) + c],
                        js[r * nz + c]
                    );
                }
                let dv: Complex64 = (0..k).map(|q| js[r * nz + n + 1 + q] * v[q]).sum();
                assert!(close(fv[r], dv), "{widths:?} m = {m}: dF.v row {r}");
            }
        }
    }

    /// A parameter homotopy evaluates the same with the matrix-product evaluator as with
    /// the expanded polynomials.
    #[test]
    fn parameter_homotopy_is_the_same_with_the_fast_evaluator() {
        use homotopy::{Homotopy, ParameterHomotopy};
        for (widths, m) in [(vec![2, 3, 2], 1), (vec![1, 2, 2, 1], 2)] {
            let net = Network::new(widths).unwrap();
            let fam = GradientFamily::new(&net, m);
            let (p0, p1) = (fam.random_parameters(1), fam.random_parameters(2));
            let build =
                || ParameterHomotopy::new(fam.system(), &p1, &p0, &mut poly::Rng::new(3)).unwrap();
            let slow = build();
            let fast = build().with_fast_evaluator(Some(std::sync::Arc::new(
                GradientFamilyEvaluator::new(&fam),
            )));
            let n = slow.nvars();
            let mut rng = poly::Rng::new(8);
            let x: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
            let t = Complex64::new(0.3, 0.2);
            let z = Complex64::default();
            let mut out = Vec::new();
            for h in [&slow, &fast] {
                let (mut hv, mut jx, mut ht) = (vec![z; n], vec![z; n * n], vec![z; n]);
                h.evaluate(&x, t, &mut h.workspace(), &mut hv, &mut jx, &mut ht);
                out.push((hv, jx, ht));
            }
            let close = |a: &[Complex64], b: &[Complex64]| {
                a.iter()
                    .zip(b)
                    .all(|(u, v)| (u - v).norm() <= 1e-12 * (1.0 + v.norm()))
            };
            assert!(close(&out[1].0, &out[0].0));
            assert!(close(&out[1].1, &out[0].1));
            assert!(close(&out[1].2, &out[0].2));
        }
    }
}
