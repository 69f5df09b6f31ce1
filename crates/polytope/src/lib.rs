//! # polytope — root counts of polynomial systems
//!
//! Bounds on the number of isolated solutions of a square system
//! $f_1 = \dots = f_n = 0$ with supports $A_i \subset \mathbb{N}^n$ (Newton polytopes
//! $P_i = \mathrm{conv}\,A_i$):
//!
//! * the Bézout bound $\prod_i \deg f_i$ ([`bezout_bound`]);
//! * the BKK bound in the torus $(\mathbb{C}^*)^n$: the mixed volume
//!   $MV(P_1, \dots, P_n)$, the coefficient of $\lambda_1 \cdots \lambda_n$ in
//!   $\mathrm{vol}_n(\lambda_1 P_1 + \dots + \lambda_n P_n)$ ([`mixed_volume`]);
//! * the BKK bound in $\mathbb{C}^n$ (Li–Wang): $MV$ of the supports with the origin
//!   added ([`affine_mixed_volume`]).
//!
//! The mixed volume is computed as the sum of the volumes of the mixed cells of a
//! regular fine mixed subdivision induced by a seeded random lifting; the cells are
//! found by a tropical homotopy with exact integer pivots (see the `tropical` module
//! docs) and exposed by [`mixed_cells`] for polyhedral homotopies.
//!
//! ```
//! // x + y + 1, x*y + x + 1: mixed volume 2
//! let s = vec![
//!     vec![vec![1, 0], vec![0, 1], vec![0, 0]],
//!     vec![vec![1, 1], vec![1, 0], vec![0, 0]],
//! ];
//! assert_eq!(polytope::mixed_volume(&s).unwrap(), 2);
//! assert_eq!(polytope::bezout_bound(&[3, 3, 3, 3]), 81);
//! ```

mod bounds;
mod cells;
mod support;
mod tropical;

pub use bounds::{bezout_bound, system_supports, Bounds};
pub use cells::{
    affine_mixed_volume, mixed_cells, mixed_volume, mixed_volume_and_cell_count,
    mixed_volume_with_seed, MixedCell, MixedSubdivision, DEFAULT_SEED,
};
pub use support::{cyclic_supports, validate, with_origin, Support};

/// Why a mixed volume could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolytopeError {
    /// No supports at all ($n = 0$).
    Empty,
    /// Support `index` has no points (the polynomial is zero).
    EmptySupport {
        /// Position of the support.
        index: usize,
    },
    /// A point of support `index` has `found` coordinates, not `expected`.
    DimensionMismatch {
        /// Position of the support.
        index: usize,
        /// The number of supports $n$ (the system must be square).
        expected: usize,
        /// The dimension of the offending point.
        found: usize,
    },
    /// Support `index` lists a point twice.
    DuplicatePoint {
        /// Position of the support.
        index: usize,
    },
    /// The system is not square: `equations` equations in `variables` variables.
    NotSquare {
        /// Number of equations.
        equations: usize,
        /// Number of variables.
        variables: usize,
    },
    /// The polynomial `index` of a system is zero.
    ZeroPolynomial {
        /// Position of the polynomial.
        index: usize,
    },
    /// An intermediate integer exceeded `i128` (reported, never wrapped).
    Overflow,
    /// Every seeded lifting tried was detected as non-generic.
    Degenerate {
        /// How many liftings were tried.
        attempts: u64,
    },
}

impl std::fmt::Display for PolytopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "empty system: no supports"),
            Self::EmptySupport { index } => {
                write!(f, "support {index} is empty (zero polynomial)")
            }
            Self::DimensionMismatch {
                index,
                expected,
                found,
            } => write!(
                f,
                "support {index} has a point of dimension {found}, expected {expected} \
                 (as many variables as supports)"
            ),
            Self::DuplicatePoint { index } => write!(f, "support {index} repeats a point"),
            Self::NotSquare {
                equations,
                variables,
            } => write!(
                f,
                "system is not square: {equations} equations in {variables} variables"
            ),
            Self::ZeroPolynomial { index } => write!(f, "polynomial {index} is zero"),
            Self::Overflow => write!(f, "integer overflow in the exact mixed-cell pivots"),
            Self::Degenerate { attempts } => {
                write!(f, "all {attempts} seeded liftings were degenerate")
            }
        }
    }
}

impl std::error::Error for PolytopeError {}
