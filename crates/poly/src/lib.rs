//! # poly — sparse polynomial systems
//!
//! The core data of the workspace: [`Polynomial`]s with exact Gaussian-rational
//! [`Coefficient`]s, [`System`]s of them with named variables, their supports (the
//! exponent vectors the `polytope` crate reads), readers and writers for the PHCpack
//! and Bertini input formats, and compiled evaluators of $F$ and its Jacobian in
//! `Complex<f64>` ([`Evaluator`]), in double-double ([`DdEvaluator`]) and in MPC
//! multiprecision ([`MpEvaluator`]).
//!
//! ```
//! use poly::{parse_phc, write_bertini, CoefficientStyle};
//! let sys = parse_phc("2\n x^2 + y^2 - 1;\n x - y;").unwrap();
//! assert_eq!(sys.degrees(), vec![2, 1]);
//! let text = write_bertini(&sys, CoefficientStyle::Exact);
//! assert_eq!(poly::parse_bertini(&text).unwrap(), sys);
//! ```

mod coefficient;
mod dd;
mod evaluate;
pub mod format;
mod polynomial;
mod random;
mod scaling;
mod system;

pub use coefficient::{parse_decimal, rational_to_f64, Coefficient, NonFiniteError};
pub use dd::{ComplexDd, DoubleDouble};
pub use evaluate::{
    CompiledSystem, DdEvaluator, DdPencil, DdWorkspace, EvalScalar, Evaluator, MpEvaluator,
    MpWorkspace, Pencil, PencilOf, Workspace, WorkspaceOf,
};
pub use format::{
    parse_bertini, parse_phc, parse_system, write_bertini, write_phc, CoefficientStyle, ParseError,
};
pub use polynomial::{Polynomial, Term};
pub use random::Rng;
pub use rug;
pub use scaling::{coefficient_spread, Scaling};
pub use system::{is_valid_variable_name, System, SystemError};
