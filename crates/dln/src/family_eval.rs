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
//! `benches/evaluate.rs` (`gradient_family`): 2.5–6.5 times faster on the table cases
//! with $N$ = 12–15 (1.7–2.4 µs per evaluation). The derivative in $x_0$ is
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

    /// $S$, $B$ from the parameters and $\dot S$, $\dot B$ from the direction `v`, into
    /// `sc.s`, `sc.b`, `sc.ds`, `sc.db`.
    fn data_into(&self, p: &[Complex64], v: &[Complex64], sc: &mut Scratch) {
        let net = &self.network;
        let (dx, dy) = (net.d_x(), net.d_y());
        match self.data {
            DataParameters::Moments => {
                let ns = dx * (dx + 1) / 2;
                let sym = |q: &[Complex64], out: &mut M| {
                    out.reset(dx, dx);
                    for r in 0..dx {
                        for c in 0..dx {
                            out.set(r, c, q[upper_index(dx, r, c)]);
                        }
                    }
                };
                let b = |q: &[Complex64], out: &mut M| {
                    out.reset(dy, dx);
                    for r in 0..dy {
                        for c in 0..dx {
                            out.set(r, c, q[ns + r * dx + c]);
                        }
                    }
                };
                sym(p, &mut sc.s);
                b(p, &mut sc.b);
                sym(v, &mut sc.ds);
                b(v, &mut sc.db);
            }
            DataParameters::Points => {
                let m = self.points;
                debug_assert_eq!(p.len(), (dx + dy) * m + net.n_weights());
                let [xp, yp, xv, yv] = &mut sc.points;
                xp.set_col_major(dx, m, &p[..dx * m]);
                yp.set_col_major(dy, m, &p[dx * m..(dx + dy) * m]);
                xv.set_col_major(dx, m, &v[..dx * m]);
                yv.set_col_major(dy, m, &v[dx * m..(dx + dy) * m]);
                // S = X X^T, B = Y X^T, dS = dX X^T + X dX^T, dB = dY X^T + Y dX^T
                let product = |a: &M, b: &M, out: &mut M| {
                    out.reset(a.rows(), b.rows());
                    a.mul_transposed_add_into(b, out);
                };
                product(xp, xp, &mut sc.s);
                product(yp, xp, &mut sc.b);
                product(xv, xp, &mut sc.ds);
                product(xp, xv, &mut sc.t1);
                sc.ds.add_scaled(Complex64::new(1.0, 0.0), &sc.t1);
                product(yv, xp, &mut sc.db);
                product(yp, xv, &mut sc.t1);
                sc.db.add_scaled(Complex64::new(1.0, 0.0), &sc.t1);
            }
        }
    }

    /// $F^h$ into `f` ($N$), $\partial F^h / \partial(w, x_0)$ row-major into `jac`
    /// ($N \times (N + 1)$, the column of $x_0$ last) and $\sum_j \partial F^h/\partial
    /// p_j\, v_j$ into `fv` ($N$), at weights `w`, $x_0$ and parameters `p` (the order of
    /// [`GradientFamily::system`](crate::GradientFamily::system)).
    ///
    /// The small matrices live in a scratch space per thread, reused from call to call
    /// (no allocation once it has grown to the largest network evaluated on the thread).
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
        SCRATCH.with(|cell| {
            // re-entered on this thread (not done here): a scratch of its own
            let mut own = None;
            let mut shared = cell.try_borrow_mut().ok();
            let sc = match shared.as_deref_mut() {
                Some(sc) => sc,
                None => own.insert(Scratch::default()),
            };
            self.evaluate_in(sc, [w, p, v], x0, [f, jac, fv]);
        })
    }

    /// [`evaluate`](Self::evaluate) in the scratch `sc`: `[w, p, v]` and `[f, jac, fv]`.
    fn evaluate_in(
        &self,
        sc: &mut Scratch,
        [w, p, v]: [&[Complex64]; 3],
        x0: Complex64,
        [f, jac, fv]: [&mut [Complex64]; 3],
    ) {
        let net = &self.network;
        let n = net.n_weights();
        let l_count = net.n_layers();
        let h = l_count - 1;
        self.data_into(p, v, sc);
        let mu = &p[p.len() - n..];
        let dmu = &v[v.len() - n..];
        let Scratch {
            s,
            b,
            ds,
            db,
            t1,
            layers,
            vs,
            us,
            ut,
            vt,
            e,
            de,
            ute,
            vss,
            gi,
            dgi,
            bi,
            pil,
            qli,
            chain,
            chain_next,
            through,
            ..
        } = sc;
        resize(layers, l_count);
        resize(vs, l_count + 1);
        resize(us, l_count + 1);
        resize(ut, l_count + 1);
        resize(vt, l_count + 1);
        resize(ute, l_count + 1);
        resize(vss, l_count + 1);
        for i in 1..=l_count {
            let (r, c) = net.shape(i);
            let off = net.offset(i);
            layers[i - 1].set_col_major(r, c, &w[off..off + r * c]);
        }
        let layer = |i: usize| &layers[i - 1];
        // V_i = W_i ... W_1, U_i = W_L ... W_{i+1}
        vs[0].set_identity(net.d_x());
        for i in 1..=l_count {
            let (done, rest) = vs.split_at_mut(i);
            layer(i).matmul_into(&done[i - 1], &mut rest[0]);
        }
        us[l_count].set_identity(net.d_y());
        for i in (0..l_count).rev() {
            let (head, done) = us.split_at_mut(i + 1);
            done[0].matmul_into(layer(i + 1), &mut head[i]);
        }
        let x0h1 = x0.powu(h as u32 + 1);
        let x0h2 = x0.powu(2 * h as u32);
        vs[l_count].matmul_into(s, e);
        e.add_scaled(-x0h1, b);
        vs[l_count].matmul_into(ds, de);
        de.add_scaled(-x0h1, db);
        for k in 0..=l_count {
            us[k].transpose_into(&mut ut[k]);
            vs[k].transpose_into(&mut vt[k]);
            // products used by several pairs (i, l): U_i^T E, V_l S
            ut[k].matmul_into(e, &mut ute[k]);
            vs[k].matmul_into(s, &mut vss[k]);
        }
        // chain(a, b) = W_b ... W_a into `chain` (a <= b + 1; the identity of size
        // d_{a-1} if a = b + 1)
        let chain_into = |a: usize, b: usize, out: &mut M, next: &mut M| {
            out.set_identity(net.widths()[a - 1]);
            for k in a..=b {
                layer(k).matmul_into(out, next);
                std::mem::swap(out, next);
            }
        };
        let n1 = n + 1;
        jac[..n * n1].fill(Complex64::default());
        let cx0 = -(h as f64 + 1.0) * x0.powu(h as u32);
        let cmu = 2.0 * h as f64 * x0.powu(2 * h as u32 - 1);
        for i in 1..=l_count {
            let (ri, ci) = net.shape(i);
            let off_i = net.offset(i);
            ute[i].matmul_into(&vt[i - 1], gi);
            ut[i].matmul_into(de, t1);
            t1.matmul_into(&vt[i - 1], dgi);
            ut[i].matmul_into(b, t1);
            t1.matmul_into(&vt[i - 1], bi);
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
                ut[i].matmul_into(&us[l], pil); // d_i x d_l
                vss[l - 1].matmul_into(&vt[i - 1], qli); // d_{l-1} x d_{i-1}
                                                         // through U (l > i): chain(i+1, l-1) and U_l^T E V_{i-1}^T;
                                                         // through V (l < i): U_i^T E V_{l-1}^T and chain(l+1, i-1)
                if l > i {
                    chain_into(i + 1, l - 1, chain, chain_next);
                    ute[l].matmul_into(&vt[i - 1], through);
                } else if l < i {
                    ute[i].matmul_into(&vt[l - 1], through);
                    chain_into(l + 1, i - 1, chain, chain_next);
                }
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
                            if l > i {
                                let mb = chain.get(bb, r);
                                for (a, o) in out.iter_mut().enumerate() {
                                    *o += mb * through.get(a, c);
                                }
                            } else if l < i {
                                let zb = through.get(r, bb);
                                for (a, o) in out.iter_mut().enumerate() {
                                    *o += zb * chain.get(c, a);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The small matrices of one evaluation, kept per thread between calls.
#[derive(Default)]
struct Scratch {
    /// $X$, $Y$ and their directions (data points as parameters).
    points: [M; 4],
    s: M,
    b: M,
    ds: M,
    db: M,
    t1: M,
    layers: Vec<M>,
    vs: Vec<M>,
    us: Vec<M>,
    ut: Vec<M>,
    vt: Vec<M>,
    e: M,
    de: M,
    ute: Vec<M>,
    vss: Vec<M>,
    gi: M,
    dgi: M,
    bi: M,
    pil: M,
    qli: M,
    chain: M,
    chain_next: M,
    through: M,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Grows `v` to at least `len` matrices (never shrinks, so storage is kept).
fn resize(v: &mut Vec<M>, len: usize) {
    if v.len() < len {
        v.resize_with(len, M::default);
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
