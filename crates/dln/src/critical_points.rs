//! All complex critical points of one instance: the gradient system solved by a chosen
//! homotopy method, with the accounting of every path.

use crate::{gradient_system, solve_reduced_quadratic, Instance, Regularization};
use num_complex::Complex64;
use std::fmt;

/// How the critical points of an instance are computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// Total-degree homotopy on the gradient system: $(2H+1)^N$ paths (the CBB).
    TotalDegree,
    /// Polyhedral homotopy in $\mathbb{C}^N$ ([`homotopy::polyhedral::solve`]): the
    /// BKK bound (Li–Wang) many paths.
    Polyhedral,
    /// Theorem 5 of `001` (H = 1, m = 1, regularization $\Lambda \circ W$ only): the
    /// reduced systems of every set $S$ of live hidden neurons, each solved by a
    /// total-degree homotopy of its quadratic form in the squares $u_i = a_{i1}^2$ and
    /// $w_k = 1/(1 + T_k)$ ($2^{|S|+p}$ paths of degree 2, every stratum solved at least
    /// twice), each endpoint giving its $2^{|S|}$ sign choices, back-substituted to full
    /// critical points ([`solve_reduced_quadratic`]). The total-degree solves of the
    /// degree-$4p$ and $2p$ forms ([`solve_reduced`](crate::solve_reduced),
    /// [`solve_reduced_squares`](crate::solve_reduced_squares)) lose points on
    /// near-degenerate data.
    Reduced,
    /// Theorem 5 of `001` as [`Method::Reduced`], each reduced system solved by a
    /// parameter homotopy from the generic solutions of its family
    /// ([`solve_reduced_parameter`](crate::solve_reduced_parameter),
    /// [`generic_reduced_solutions`](crate::generic_reduced_solutions)): one path per
    /// generic solution of each stratum, $\le (1+2p)^d - 1$ per instance, and no path
    /// passes near the degenerate data that defeat the total-degree solve of
    /// near-degenerate instances.
    ReducedParameter,
    /// The generic critical points by monodromy over the dead-neuron strata
    /// ([`generic_critical_points`](crate::generic_critical_points)), moved to the
    /// instance by a parameter homotopy: $N_{\mathbb C}$ paths per instance once the
    /// generic set is known (see [`GenericCriticalPoints::track_to`](crate::GenericCriticalPoints::track_to)
    /// for batches). Complete where every critical point has dead neurons or none
    /// (Theorem 9 of `001` for $H = 1$, $m = 1$); elsewhere compare with a complete solve.
    Monodromy,
}

impl Method {
    /// The name used in reports and JSON (`"total_degree"`, `"polyhedral"`, `"reduced"`,
    /// `"reduced_parameter"`, `"monodromy"`).
    pub fn name(self) -> &'static str {
        match self {
            Self::TotalDegree => "total_degree",
            Self::Polyhedral => "polyhedral",
            Self::Reduced => "reduced",
            Self::ReducedParameter => "reduced_parameter",
            Self::Monodromy => "monodromy",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The complex critical points of one instance and how they were obtained.
#[derive(Clone, Debug)]
pub struct CriticalPoints {
    /// The method used.
    pub method: Method,
    /// The distinct finite critical points (nonsingular first, then singular), in the
    /// variable order of [`Network::variable_index`](crate::Network::variable_index).
    pub points: Vec<Vec<Complex64>>,
    /// How many of `points` (the last ones) are singular solutions of the gradient
    /// system: not isolated with multiplicity one, so not counted by the papers' generic
    /// $N_{\mathbb{C}}$ and a sign of a non-generic instance or of a lost path.
    pub singular: usize,
    /// Paths tracked.
    pub paths_tracked: u64,
    /// Paths whose endpoints are not critical points: diverging paths (total degree),
    /// or reduced-system endpoints with a zero $a_{i1}$ or a vanishing $1 + T_k$, and
    /// repeats (reduced; see [`ReducedSolve::discarded`](crate::ReducedSolve)).
    pub discarded: u64,
    /// Paths that failed (counted, never dropped; a non-zero value means the point set
    /// may be incomplete).
    pub failed: u64,
    /// Paths that needed more than double precision.
    pub escalated: u64,
}

impl CriticalPoints {
    /// The critical points of a reduced solve ([`Method::Reduced`] or
    /// [`Method::ReducedParameter`]): all nonsingular (refined on the full system).
    pub fn from_reduced(method: Method, solved: crate::ReducedSolve) -> Self {
        Self {
            method,
            points: solved.critical_points,
            singular: 0,
            paths_tracked: solved.paths_tracked,
            discarded: solved.discarded as u64,
            failed: solved.failed as u64,
            escalated: 0,
        }
    }

    /// The nonsingular critical points: their number is $N_{\mathbb{C}}$ of a generic
    /// instance.
    pub fn nonsingular(&self) -> &[Vec<Complex64>] {
        &self.points[..self.points.len() - self.singular]
    }
}

/// Why [`critical_points`] could not run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriticalPointsError(pub String);

impl fmt::Display for CriticalPointsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CriticalPointsError {}

/// Every complex critical point of the loss of `instance` (gradient $\Lambda\circ W$ or
/// $\Lambda\circ\Lambda\circ W$ by `regularization`, equation (4) of `000`), by `method`,
/// with the homotopy's random choices drawn from `seed`.
///
/// ```
/// use dln::{critical_points, Instance, Method, Network, Regularization};
/// let net = Network::new(vec![1, 1, 1]).unwrap();
/// let inst = Instance::random(&net, 1, 3, 1.0).unwrap();
/// let cp = critical_points(&inst, Regularization::Linear, Method::TotalDegree, 0).unwrap();
/// assert_eq!(cp.failed, 0);
/// assert!(cp.nonsingular().len() >= 1); // the origin at least
/// ```
pub fn critical_points(
    instance: &Instance,
    regularization: Regularization,
    method: Method,
    seed: u64,
) -> Result<CriticalPoints, CriticalPointsError> {
    match method {
        Method::TotalDegree | Method::Polyhedral => {
            let system = gradient_system(instance, regularization);
            let options = homotopy::SolveOptions {
                seed,
                ..homotopy::SolveOptions::default()
            };
            let solved = if method == Method::Polyhedral {
                homotopy::polyhedral::solve(
                    &system,
                    &homotopy::PolyhedralOptions {
                        solve: options,
                        ..homotopy::PolyhedralOptions::default()
                    },
                )
            } else {
                homotopy::solve(&system, &options)
            }
            .map_err(|e| CriticalPointsError(e.to_string()))?;
            let mut points: Vec<Vec<Complex64>> =
                solved.nonsingular().map(|s| s.x.clone()).collect();
            let singular: Vec<Vec<Complex64>> = solved.singular().map(|s| s.x.clone()).collect();
            let n_singular = singular.len();
            points.extend(singular);
            Ok(CriticalPoints {
                method,
                points,
                singular: n_singular,
                paths_tracked: solved.paths_tracked,
                discarded: solved.counts.at_infinity as u64,
                failed: solved.counts.failed as u64,
                escalated: solved.counts.escalated as u64,
            })
        }
        Method::Monodromy => {
            let generic = crate::generic_critical_points(
                &instance.network,
                instance.points(),
                &crate::GenericOptions {
                    seed,
                    ..crate::GenericOptions::default()
                },
            )
            .map_err(CriticalPointsError)?;
            let mut cp = generic.track_to(instance, regularization, seed)?;
            cp.paths_tracked += generic.paths_tracked;
            cp.failed += generic.failed;
            Ok(cp)
        }
        Method::Reduced | Method::ReducedParameter => {
            if regularization != Regularization::Linear {
                return Err(CriticalPointsError(
                    "the reduced system of Theorem 5 is derived for the regularization \
                     Λ∘W (linear) only"
                        .into(),
                ));
            }
            let solved = if method == Method::Reduced {
                solve_reduced_quadratic(instance, seed)
            } else {
                let net = &instance.network;
                // refuse before the generic solve when Theorem 5 does not apply
                crate::ReducedSystem::new(instance)
                    .map_err(|e| CriticalPointsError(e.to_string()))?;
                crate::generic_reduced_solutions(
                    net.widths()[1],
                    net.d_y(),
                    &crate::GenericReducedOptions {
                        seed,
                        ..crate::GenericReducedOptions::default()
                    },
                )
                .and_then(|g| crate::solve_reduced_parameter(instance, &g, seed))
            }
            .map_err(|e| CriticalPointsError(e.to_string()))?;
            Ok(CriticalPoints::from_reduced(method, solved))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Network;

    #[test]
    fn reduced_requires_linear_regularization() {
        let net = Network::new(vec![1, 1, 1]).unwrap();
        let inst = Instance::random(&net, 1, 1, 1.0).unwrap();
        let e = critical_points(&inst, Regularization::Squared, Method::Reduced, 0).unwrap_err();
        assert!(e.0.contains("linear"), "{e}");
    }

    /// Widths 1,1,1 with m = 1: N_C = 5 (Table 1 of `001`), the same points found by
    /// all four methods (the polyhedral one with BKK = 5 paths).
    #[test]
    fn both_methods_agree_on_the_smallest_network() {
        let net = Network::new(vec![1, 1, 1]).unwrap();
        for seed in 0..3 {
            let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
            let td =
                critical_points(&inst, Regularization::Linear, Method::TotalDegree, 7).unwrap();
            let red = critical_points(&inst, Regularization::Linear, Method::Reduced, 7).unwrap();
            assert_eq!((td.failed, red.failed), (0, 0));
            assert_eq!(td.singular, 0);
            let mono =
                critical_points(&inst, Regularization::Linear, Method::Monodromy, 7).unwrap();
            assert_eq!(mono.failed, 0);
            let poly =
                critical_points(&inst, Regularization::Linear, Method::Polyhedral, 7).unwrap();
            assert_eq!(
                (poly.failed, poly.points.len(), poly.paths_tracked),
                (0, 5, 5)
            );
            assert_eq!(td.points.len(), 5, "seed {seed}");
            assert_eq!(red.points.len(), 5, "seed {seed}");
            assert_eq!(mono.points.len(), 5, "seed {seed}");
            for p in red.points.iter().chain(&mono.points) {
                assert!(
                    td.points.iter().any(|q| p
                        .iter()
                        .zip(q)
                        .all(|(a, b)| (a - b).norm() <= 1e-8 * (1.0 + a.norm()))),
                    "seed {seed}: {p:?} not found by total degree"
                );
            }
        }
    }
}
