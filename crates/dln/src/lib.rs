//! # dln — deep linear networks and the critical points of their regularized loss
//!
//! A network ([`Network`]) is its widths $d_x, d_1, \dots, d_H, d_y$; an [`Instance`]
//! adds data $X, Y$ and the regularization matrices $\Lambda_i$ of the generalized
//! Tikhonov term. The regularized loss (equation (1) of `001`)
//! $$\mathcal{L}^\Lambda(W) = \tfrac12\|W_{H+1}\cdots W_1 X - Y\|_F^2 + \text{regularization}$$
//!
//! has the gradient system (4) of `000` / (2) of `001`, built here exactly as
//! polynomials ([`gradient_system`]), and numeric loss, gradient and Hessian
//! ([`RegularizedLoss`]). [`critical_points`] solves an instance's gradient system by
//! a chosen [`Method`] and accounts for every path.
//!
//! ```
//! use dln::{gradient_system, Instance, Network, Regularization, RegularizedLoss};
//! let net = Network::new(vec![2, 2, 2]).unwrap();
//! let inst = Instance::random(&net, 1, 7, 1.0).unwrap();
//! let sys = gradient_system(&inst, Regularization::Linear);
//! assert_eq!((sys.len(), sys.degrees()[0]), (8, 3));
//! let loss = RegularizedLoss::new(&inst, Regularization::Linear);
//! let origin = vec![0.0; 8];
//! assert!(loss.gradient(&origin).iter().all(|g| *g == 0.0)); // 0 is always critical
//! ```

mod critical_points;
pub mod examples;
mod family;
mod family_eval;
mod generic;
mod gradient_system;
mod instance;
mod loss;
mod matrix;
mod network;
mod reduced;
mod reduced_family;
pub mod reference;

pub use critical_points::{critical_points, CriticalPoints, CriticalPointsError, Method};
pub use family::{DataParameters, GradientFamily};
pub use family_eval::GradientFamilyEvaluator;
pub use generic::{
    generic_critical_points, monodromy_tracker, strata_dominance, GenericCriticalPoints,
    GenericOptions, Stratum, STAGE_RATIO,
};
pub use gradient_system::gradient_system;
pub use instance::{Instance, InstanceError};
pub use loss::{Dual, Regularization, RegularizedLoss};
pub use matrix::{Matrix, Scalar};
pub use network::{Network, NetworkError, Theorem5Bounds};
pub use reduced::{
    solve_reduced, solve_reduced_quadratic, solve_reduced_squares, ReducedError, ReducedSolve,
    ReducedSolveError, ReducedSystem, RETRIES,
};
pub use reduced_family::{
    generic_reduced_solutions, solve_reduced_parameter, Completeness, GenericReducedOptions,
    GenericReducedSolutions, GenericReducedStratum, ReducedFamily, DOMINANCE_COND,
};
