//! Critical loci of deep *nonlinear* networks with biases, checked numerically.
//!
//! * [`net`]: fully connected networks `f_p = A_ℓ ∘ σ ∘ … ∘ σ ∘ A_1` (Cooper eq. (2.1)),
//!   squared loss `L(p) = Σ_α ‖f_p(x_α) − y_α‖²`, exact gradient (backpropagation,
//!   Nguyen–Hein Lemma 2.1) and exact Hessian (forward-over-reverse dual numbers).
//! * [`cooper`]: star and core loci (Cooper Section 3.1), Theorems 3.1 / 3.2, dimension
//!   formulas (Section 3.1, Proposition 6.1), very wide regime (Corollary 5.18,
//!   Proposition 6.2).
//! * [`nguyen_hein`]: Nguyen–Hein Theorem 3.8 / Corollary 3.9 by multi-start training.
//! * [`tables`]: one table per theorem (structured rows, Markdown / CSV).
//!
//! All randomness goes through the seeded [`poly::Rng`].
//!
//! # Findings (statements false as printed, with the corrected statement)
//!
//! 1. Cooper §3.1.1 / (3.1): `b_ℓ = Σ_α y_α` must be `b_ℓ = (1/n) Σ_α y_α`. On `S_k` the
//!    network is the constant `b_ℓ`, so `∂L/∂b_ℓ = 2 Σ_α (b_ℓ − y_α)`; as printed this is
//!    `2(n − 1) Σ_α y_α ≠ 0` (measured to rounding), and Theorem 3.1 fails.
//! 2. Cooper Theorem 3.2 / Proposition 6.2 (`d − 1` on C): true only for `b = m_ℓ = 1`.
//!    The Hessian on `C` is `2n · I` on the `m_ℓ` output biases and zero elsewhere, so it
//!    has `m_ℓ` positive eigenvalues (all `2n`) and `d − m_ℓ` zero ones. The tuple
//!    definition must also be strict (`k_1 < k_2`): `C_{k,k} = S_k` has negative eigenvalues.
//! 3. Cooper Proposition 6.1: `dim S = (ℓ−3)m² + (a+1)m` and `dim C = (ℓ−4)m² + (a+1)m`
//!    are `dim S_2` and `dim C_{2,j}`, not the maxima the Section 3.1 formulas define:
//!    `dim S = max((ℓ−2)m², (ℓ−3)m² + (a+ℓ−2)m)`, `dim C = max((ℓ−3)m², (ℓ−4)m² + (a+ℓ−3)m)`.
//!    The Section 3.1 max formulas agree with the measured ranks.
//! 4. Cooper Corollaries 5.16 / 5.18 are false at saddle points: Theorem 5.15's linear
//!    space lies in the level set, so it is isotropic for the Hessian (`vᵀHv = 0`), which
//!    bounds `#zero + min(#neg, #pos)`, not `#zero`. Counterexample: 1-6-40-4, n = 5 (all
//!    hidden widths > n), a point of `S_2` has 132 < (40 + 1 − 5)·4 = 144 zero eigenvalues
//!    ([`cooper::star_top_zero_count`] predicts exactly `d − m_ℓ − 2 m_{ℓ−1} g = 132`). The
//!    bound holds at local minima and maxima (semi-definite Hessian).

pub mod cooper;
pub mod net;
pub mod nguyen_hein;
pub mod optimize;
pub mod spectrum;
pub mod table;
pub mod tables;

pub use net::{Activation, Data, Network};
pub use table::{Agreement, Row, Table};
