//! The gradient systems of one network shape as a single family with the data as
//! parameters, for parameter homotopies and monodromy.

use crate::gradient_system::{gradient_system_family, gradient_system_moment_family};
use crate::{Instance, Network, Regularization};
use num_complex::Complex64;
use poly::System;

/// The family $F(w; X, Y, \mu) = U_i^\top (W XX^\top - YX^\top) V_i^\top + \mu_i \circ W_i$
/// of all gradient systems (4) of `000` for a network and $m$ data points.
///
/// The data enter only through the moments $XX^\top$ and $YX^\top$, and the parameters
/// depend on $m$:
/// - $m < d_x$ ([`DataParameters::Points`]): the data $X$ ($d_x \times m$,
///   column-major) and $Y$ ($d_y \times m$, column-major) themselves, so that every
///   member has $\operatorname{rank} XX^\top \le m$ like the instances: a path of
///   parameters stays in the family of the instances.
/// - $m \ge d_x$ ([`DataParameters::Moments`]): the moments $S = XX^\top$ (its upper
///   triangle row by row) and $B = YX^\top$ ($d_y \times d_x$, row-major). Every
///   symmetric $S$ and every $B$ are moments of complex data once $m \ge d_x$ ($S =
///   X_0X_0^\top$ for a complex symmetric factorization with $X_0$ square, then $Y_0 =
///   BX_0^{-\top}$, padded with zero columns), so this is the same family, with fewer
///   parameters and far fewer terms: widths 3,2,3 with m = 5 have 27 data parameters
///   instead of 30, and monomials of degree 4 instead of 5, five times fewer.
///   Consequently the counts do not depend on $m \ge d_x$ (Table II of `000`: 225 for
///   widths 2,2,2 and every m from 2 to 20).
///
/// Then the regularization weights $\mu$ in the order of the weights: $\mu = \lambda$
/// for the regularization $\Lambda \circ W$ and $\mu = \lambda^2$ for
/// $\Lambda\circ\Lambda\circ W$ ([`Regularization::gradient_weight`]).
///
/// ```
/// use dln::{gradient_system, DataParameters, GradientFamily, Instance, Network, Regularization};
/// let net = Network::new(vec![2, 1, 2]).unwrap();
/// let family = GradientFamily::new(&net, 1);
/// assert_eq!(family.data_parameters(), DataParameters::Points);
/// assert_eq!(family.nparams(), 2 + 2 + 4);
/// let inst = Instance::random(&net, 1, 3, 1.0).unwrap();
/// let member = family.member(&inst, Regularization::Linear).unwrap();
/// assert_eq!(member, gradient_system(&inst, Regularization::Linear));
/// // with m >= d_x the moments: 3 of XX^T, 4 of YX^T
/// assert_eq!(GradientFamily::new(&net, 5).nparams(), 3 + 4 + 4);
/// ```
#[derive(Clone, Debug)]
pub struct GradientFamily {
    network: Network,
    points: usize,
    data: DataParameters,
    system: System,
}

/// How the data enter the parameters of a [`GradientFamily`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataParameters {
    /// $X$ and $Y$ (for $m < d_x$).
    Points,
    /// $XX^\top$ and $YX^\top$ (for $m \ge d_x$).
    Moments,
}

impl GradientFamily {
    /// The family of `network` with `points` data points.
    pub fn new(network: &Network, points: usize) -> Self {
        let (data, system) = if points >= network.d_x() {
            (
                DataParameters::Moments,
                gradient_system_moment_family(network),
            )
        } else {
            (
                DataParameters::Points,
                gradient_system_family(network, points),
            )
        };
        Self {
            network: network.clone(),
            points,
            data,
            system,
        }
    }

    /// How the data enter the parameters.
    pub fn data_parameters(&self) -> DataParameters {
        self.data
    }

    /// The network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The number of data points $m$.
    pub fn points(&self) -> usize {
        self.points
    }

    /// The family as one system: the $N$ weights, then the parameters.
    pub fn system(&self) -> &System {
        &self.system
    }

    /// The number of parameters: $(d_x + d_y) m + N$, or $d_x(d_x+1)/2 + d_y d_x + N$
    /// with [`DataParameters::Moments`].
    pub fn nparams(&self) -> usize {
        self.system.nvars() - self.network.n_weights()
    }

    /// The parameters of an instance (the data as complex numbers; $\mu$ from $\Lambda$
    /// by `regularization`).
    ///
    /// # Panics
    /// If the instance has another network or number of points.
    pub fn parameters(
        &self,
        instance: &Instance,
        regularization: Regularization,
    ) -> Vec<Complex64> {
        assert_eq!(
            instance.network, self.network,
            "instance of another network"
        );
        assert_eq!(instance.points(), self.points, "instance with another m");
        let net = &self.network;
        let mut p = Vec::with_capacity(self.nparams());
        match self.data {
            DataParameters::Points => {
                for m in [&instance.x, &instance.y] {
                    for c in 0..m.cols() {
                        for r in 0..m.rows() {
                            p.push(Complex64::new(m.get(r, c), 0.0));
                        }
                    }
                }
            }
            DataParameters::Moments => {
                // each moment summed exactly, then rounded once to a double
                let (x, y) = (&instance.x, &instance.y);
                let dot = |a: &crate::Matrix, i: usize, j: usize| {
                    let mut sum = poly::Coefficient::zero();
                    for k in 0..self.points {
                        let exact = |v: f64| {
                            poly::Coefficient::from_f64(v).expect("instance data are finite")
                        };
                        sum = sum.add(&exact(a.get(i, k)).mul(&exact(x.get(j, k))));
                    }
                    Complex64::new(sum.re.to_f64(), 0.0)
                };
                for i in 0..net.d_x() {
                    for j in i..net.d_x() {
                        p.push(dot(x, i, j));
                    }
                }
                for r in 0..net.d_y() {
                    for c in 0..net.d_x() {
                        p.push(dot(y, r, c));
                    }
                }
            }
        }
        let mut mu = vec![Complex64::default(); net.n_weights()];
        for layer in 1..=net.n_layers() {
            let (rows, cols) = net.shape(layer);
            for r in 0..rows {
                for c in 0..cols {
                    let l = instance.lambda[layer - 1].get(r, c);
                    mu[net.variable_index(layer, r, c)] =
                        Complex64::new(regularization.gradient_weight(l), 0.0);
                }
            }
        }
        p.extend(mu);
        p
    }

    /// Seeded generic complex parameters: every entry standard complex normal.
    pub fn random_parameters(&self, seed: u64) -> Vec<Complex64> {
        let mut rng = poly::Rng::new(seed);
        (0..self.nparams()).map(|_| rng.complex_normal()).collect()
    }

    /// The member at the parameters `p`: a square system in the weights.
    ///
    /// # Errors
    /// When `p` has the wrong length or a non-finite entry.
    pub fn member_at(&self, p: &[Complex64]) -> Result<System, String> {
        if p.len() != self.nparams() {
            return Err(format!(
                "{} parameters given, the family has {}",
                p.len(),
                self.nparams()
            ));
        }
        let values = p
            .iter()
            .map(|z| {
                poly::Coefficient::from_c64(*z).map_err(|_| "non-finite parameter".to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.system.specialize(&values).map_err(|e| e.to_string())
    }

    /// The member of an instance: equal to [`gradient_system`](crate::gradient_system)
    /// for the regularization $\Lambda\circ W$ with [`DataParameters::Points`] (and up
    /// to the rounding of $\lambda^2$ to a double for $\Lambda\circ\Lambda\circ W$);
    /// with [`DataParameters::Moments`] up to the rounding of the moments to doubles.
    ///
    /// # Errors
    /// As [`member_at`](Self::member_at).
    pub fn member(
        &self,
        instance: &Instance,
        regularization: Regularization,
    ) -> Result<System, String> {
        self.member_at(&self.parameters(instance, regularization))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient_system;

    #[test]
    fn members_are_the_gradient_systems_of_the_instances() {
        for (widths, m) in [
            (vec![2, 2, 2], 1),
            (vec![3, 2, 1], 2),
            (vec![1, 2, 2, 1], 3),
        ] {
            let net = Network::new(widths).unwrap();
            let family = GradientFamily::new(&net, m);
            for seed in 0..3 {
                let inst = Instance::random(&net, m, seed, 1.0).unwrap();
                let exact = gradient_system(&inst, Regularization::Linear);
                let w: Vec<Complex64> = (0..net.n_weights())
                    .map(|k| Complex64::new(0.3 - 0.1 * k as f64, 0.2))
                    .collect();
                let member = family.member(&inst, Regularization::Linear).unwrap();
                if family.data_parameters() == DataParameters::Points {
                    assert_eq!(member, exact);
                } else {
                    // the moments rounded to doubles
                    for (a, b) in exact.polynomials().iter().zip(member.polynomials()) {
                        assert!((a.eval_c64(&w) - b.eval_c64(&w)).norm() < 1e-13);
                    }
                }
                // squared: equal up to the rounding of lambda^2
                let sq = gradient_system(&inst, Regularization::Squared);
                let fam = family.member(&inst, Regularization::Squared).unwrap();
                for (a, b) in sq.polynomials().iter().zip(fam.polynomials()) {
                    assert!((a.eval_c64(&w) - b.eval_c64(&w)).norm() < 1e-13);
                }
            }
        }
    }

    /// The moments family is the data family with $S = XX^\top$, $B = YX^\top$: at
    /// random complex data both give the same system.
    #[test]
    fn moment_parameters_give_the_members_of_the_data_parameters() {
        let net = Network::new(vec![3, 2, 2]).unwrap();
        let m = 4;
        let moments = GradientFamily::new(&net, m);
        assert_eq!(moments.data_parameters(), DataParameters::Moments);
        let points = GradientFamily {
            network: net.clone(),
            points: m,
            data: DataParameters::Points,
            system: gradient_system_family(&net, m),
        };
        let p = points.random_parameters(3);
        let n = net.n_weights();
        let x = |r: usize, c: usize| p[c * 3 + r];
        let y = |r: usize, c: usize| p[3 * m + c * 2 + r];
        let mut q = Vec::new();
        for i in 0..3 {
            for j in i..3 {
                q.push((0..m).map(|k| x(i, k) * x(j, k)).sum::<Complex64>());
            }
        }
        for r in 0..2 {
            for c in 0..3 {
                q.push((0..m).map(|k| y(r, k) * x(c, k)).sum::<Complex64>());
            }
        }
        q.extend_from_slice(&p[p.len() - n..]);
        let (a, b) = (
            points.member_at(&p).unwrap(),
            moments.member_at(&q).unwrap(),
        );
        let w: Vec<Complex64> = (0..n)
            .map(|k| Complex64::new(0.5 - 0.2 * k as f64, 0.1 * k as f64))
            .collect();
        for (f, g) in a.polynomials().iter().zip(b.polynomials()) {
            let (u, v) = (f.eval_c64(&w), g.eval_c64(&w));
            assert!((u - v).norm() <= 1e-12 * (1.0 + u.norm()), "{u} vs {v}");
        }
    }

    #[test]
    fn random_parameters_are_seeded_and_members_check_their_input() {
        let net = Network::new(vec![2, 1, 2]).unwrap();
        let family = GradientFamily::new(&net, 2);
        // m = 2 = d_x: the moments, 3 of XX^T and 4 of YX^T
        assert_eq!(family.nparams(), 3 + 4 + 4);
        assert_eq!(family.random_parameters(4), family.random_parameters(4));
        assert_ne!(family.random_parameters(4), family.random_parameters(5));
        assert!(family.member_at(&[Complex64::default(); 3]).is_err());
        let mut p = family.random_parameters(1);
        p[0].re = f64::NAN;
        assert!(family.member_at(&p).is_err());
    }
}
