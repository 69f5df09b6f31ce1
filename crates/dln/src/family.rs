//! The gradient systems of one network shape as a single family with the data as
//! parameters, for parameter homotopies and monodromy.

use crate::gradient_system::gradient_system_family;
use crate::{Instance, Network, Regularization};
use num_complex::Complex64;
use poly::System;

/// The family $F(w; X, Y, \mu) = U_i^\top (W XX^\top - YX^\top) V_i^\top + \mu_i \circ W_i$
/// of all gradient systems (4) of `000` for a network and $m$ data points.
///
/// The parameters are the data $X$ ($d_x \times m$, column-major), $Y$ ($d_y \times m$,
/// column-major) and the regularization weights $\mu$ in the order of the weights:
/// $\mu = \lambda$ for the regularization $\Lambda \circ W$ and $\mu = \lambda^2$ for
/// $\Lambda\circ\Lambda\circ W$ ([`Regularization::gradient_weight`]). The data enter
/// through $X$ and $Y$ themselves (not $XX^\top$), so that every member has
/// $\operatorname{rank} XX^\top \le m$ like the instances: a path of parameters stays in
/// the family of the instances.
///
/// ```
/// use dln::{gradient_system, GradientFamily, Instance, Network, Regularization};
/// let net = Network::new(vec![2, 1, 2]).unwrap();
/// let family = GradientFamily::new(&net, 1);
/// assert_eq!(family.nparams(), 2 + 2 + 4);
/// let inst = Instance::random(&net, 1, 3, 1.0).unwrap();
/// let member = family.member(&inst, Regularization::Linear).unwrap();
/// assert_eq!(member, gradient_system(&inst, Regularization::Linear));
/// ```
#[derive(Clone, Debug)]
pub struct GradientFamily {
    network: Network,
    points: usize,
    system: System,
}

impl GradientFamily {
    /// The family of `network` with `points` data points.
    pub fn new(network: &Network, points: usize) -> Self {
        Self {
            network: network.clone(),
            points,
            system: gradient_system_family(network, points),
        }
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

    /// The number of parameters $(d_x + d_y) m + N$.
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
        for m in [&instance.x, &instance.y] {
            for c in 0..m.cols() {
                for r in 0..m.rows() {
                    p.push(Complex64::new(m.get(r, c), 0.0));
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
    /// for the regularization $\Lambda\circ W$ (and up to the rounding of $\lambda^2$ to
    /// a double for $\Lambda\circ\Lambda\circ W$).
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
                assert_eq!(family.member(&inst, Regularization::Linear).unwrap(), exact);
                // squared: equal up to the rounding of lambda^2
                let sq = gradient_system(&inst, Regularization::Squared);
                let fam = family.member(&inst, Regularization::Squared).unwrap();
                let w: Vec<Complex64> = (0..net.n_weights())
                    .map(|k| Complex64::new(0.3 - 0.1 * k as f64, 0.2))
                    .collect();
                for (a, b) in sq.polynomials().iter().zip(fam.polynomials()) {
                    assert!((a.eval_c64(&w) - b.eval_c64(&w)).norm() < 1e-13);
                }
            }
        }
    }

    #[test]
    fn random_parameters_are_seeded_and_members_check_their_input() {
        let net = Network::new(vec![2, 1, 2]).unwrap();
        let family = GradientFamily::new(&net, 2);
        assert_eq!(family.nparams(), 4 + 4 + 4);
        assert_eq!(family.random_parameters(4), family.random_parameters(4));
        assert_ne!(family.random_parameters(4), family.random_parameters(5));
        assert!(family.member_at(&[Complex64::default(); 3]).is_err());
        let mut p = family.random_parameters(1);
        p[0].re = f64::NAN;
        assert!(family.member_at(&p).is_err());
    }
}
