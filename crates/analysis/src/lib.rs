//! # analysis — from solution sets to the findings of the papers
//!
//! - [`hessian_index`]: eigenvalues, index and type of a critical point;
//! - [`real_critical_point`] / [`refine_real`]: realness, Newton refinement in the reals,
//!   loss value and index; [`summarize_minima`]: global and non-global local minima;
//! - [`orbits`]: the sign-flip symmetry of Proposition 4 of `000`;
//! - [`ZeroPattern`] and [`check_zero_pattern_theorems`]: Section 4 of `001`;
//! - [`analyze`]: all of the above for the critical points of one instance
//!   ([`InstanceAnalysis`]: $N_{\mathbb{C}}$, $N_{\mathbb{C}^*}$, $N_{\mathbb{R}}$ by index,
//!   minima, zero patterns, orbits).
//!
//! ```
//! use analysis::{hessian_index, CriticalType};
//! let h = dln::Matrix::from_row_major(2, 2, vec![2.0, 0.0, 0.0, -3.0]);
//! let idx = hessian_index(&h, 1e-10).unwrap();
//! assert_eq!((idx.index, idx.kind), (1, CriticalType::Saddle));
//! ```

mod critical;
mod hessian;
mod report;
mod symmetry;
mod zero_pattern;

pub use critical::{
    is_real, real_critical_point, refine_real, summarize_minima, MinimaSummary, MinimumInfo,
    RealCriticalPoint, RefineError,
};
pub use hessian::{hessian_index, CriticalType, HessianError, HessianIndex};
pub use report::{analyze, AnalysisOptions, InstanceAnalysis, RealFailure};
pub use symmetry::{
    apply_sign_flip, group_images, orbits, sign_flips, Orbit, SignFlip, MAX_GROUP_BITS,
};
pub use zero_pattern::{
    check_zero_pattern_theorems, pattern_counts, ZeroPattern, ZeroPatternViolation,
};
