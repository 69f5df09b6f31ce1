//! # certify — proofs that approximate solutions are solutions
//!
//! Numerical solvers return approximate solutions whose counts depend on tolerances.
//! This crate turns them into proven statements with the interval Krawczyk method:
//! for each approximate solution $\tilde x$ of a square polynomial system
//! $F(x) = 0$ with exact Gaussian-rational coefficients ([`poly::System`]), it searches
//! a box $X \ni \tilde x$ with $K(X) \subset \operatorname{int}(X)$, which proves that
//! $X$ contains exactly one solution (Krawczyk 1969, Moore 1977, Rump 1983; see
//! [`krawczyk`]). All arithmetic is rigorous interval arithmetic with outward rounding
//! ([`interval`]): `f64` endpoints first, MPFR endpoints at higher precision for
//! ill-conditioned solutions. From the boxes follow certified distinctness, realness
//! and torus membership ([`certify()`](crate::certify::certify)).
//!
//! ```
//! use certify::{certify, CertifyOptions};
//! use num_complex::Complex64;
//! let sys = poly::parse_phc("2\n x^2 - 2;\n x*y - 1;").unwrap();
//! let s = 2f64.sqrt();
//! let points = vec![
//!     vec![Complex64::new(s, 0.0), Complex64::new(1.0 / s, 0.0)],
//!     vec![Complex64::new(-s, 0.0), Complex64::new(-1.0 / s, 0.0)],
//!     vec![Complex64::new(-s, 0.0), Complex64::new(-1.0 / s, 0.0)], // given twice
//!     vec![Complex64::new(1.5, 0.0), Complex64::new(0.6, 0.0)],     // not a solution
//! ];
//! let report = certify(&sys, &points, &CertifyOptions::default()).unwrap();
//! assert_eq!(report.counts.certified, 3);
//! assert_eq!(report.counts.certified_distinct, 2);
//! assert_eq!(report.counts.real, 2);
//! assert_eq!(report.counts.uncertified, 1);
//! ```

pub mod certify;
pub mod evaluate;
pub mod interval;
pub mod krawczyk;

pub use certify::{
    certify, Certificate, CertificateStatus, CertificationReport, CertifiedCounts, CertifyError,
    CertifyOptions, FailureReason, Realness,
};
pub use evaluate::IntervalSystem;
pub use interval::{ComplexInterval, Interval, MpInterval, RealInterval};
pub use krawczyk::{KrawczykBox, KrawczykOperator};
