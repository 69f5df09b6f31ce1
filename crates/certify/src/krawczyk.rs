//! The Krawczyk operator and the ε-inflation search for a box it maps into itself.
//!
//! For a square polynomial system $F : \mathbb{C}^n \to \mathbb{C}^n$, a box
//! $X \subset \mathbb{C}^n$ of complex rectangles, a point $\tilde x \in X$ and any
//! matrix $Y \in \mathbb{C}^{n \times n}$ (in practice $Y \approx J(\tilde x)^{-1}$,
//! computed in floating point), the **Krawczyk operator** is
//! $$K(X) = \tilde x - Y F(\tilde x) + \bigl(I - Y\,J(X)\bigr)(X - \tilde x),$$
//! evaluated in interval arithmetic ($F(\tilde x)$ and $J(X)$ enclosed by
//! [`IntervalSystem`]).
//!
//! **Theorem** (Krawczyk 1969; Moore 1977, *A test for existence of solutions to
//! nonlinear systems*; uniqueness: Rump 1983, see also Neumaier, *Interval Methods for
//! Systems of Equations*, 1990, Thm. 5.1.7). If $K(X) \subset \operatorname{int}(X)$,
//! then $Y$ and every matrix in $J(X)$ are nonsingular and $X$ contains exactly one
//! zero of $F$, which also lies in $K(X)$.
//!
//! The mean-value form behind it, $F(x) - F(\tilde x) = \bar J\,(x - \tilde x)$ with
//! $\bar J = \int_0^1 J(\tilde x + t(x - \tilde x))\,dt$, holds for holomorphic $F$ and
//! $\bar J$ lies in the convex enclosure $J(X)$ because complex rectangles are convex;
//! so the theorem holds over $\mathbb{C}$ with rectangular complex intervals (Breiding,
//! Rose, Timme, *Certifying zeros of polynomial systems using interval arithmetic*,
//! ACM TOMS 2023).
//!
//! The search for $X$ follows Rump's ε-inflation (Rump, *Verification methods for dense
//! and sparse systems of equations*, 1994): start with the radius twice the Newton step
//! $\|Y F(\tilde x)\|$, and when $K(X) \not\subset \operatorname{int}(X)$ enlarge the
//! radius to cover $K(X)$ with a margin, a few times.

use crate::evaluate::IntervalSystem;
use crate::interval::{ComplexInterval, RealInterval};
use faer::prelude::*;
use faer::Mat;
use num_complex::Complex64;
use poly::rug::{Complex, Float};

/// An approximate inverse of the $n \times n$ row-major matrix `m` (LU with partial
/// pivoting, in `f64`), or `None` when it has a non-finite entry or a zero row or column.
///
/// The matrix is equilibrated first, $\hat M = D_r M D_c$ with powers of two making
/// the largest entry of every row, then of every column, about 1, and
/// $Y = D_c \hat M^{-1} D_r$ (exact scalings). The accuracy of $Y$ then depends on
/// $\kappa(\hat M)$ instead of $\kappa(M)$: the Jacobians at points whose coordinates
/// span many orders of magnitude are badly scaled as well as ill-conditioned (widths
/// 2,2,2, $m = 1$, $\Lambda \in [0, 10^{-7}]$: weights from $10^{-4}$ to $10^{4}$,
/// $\kappa(M) \approx 10^{16}$, $\kappa(\hat M) \approx 10^{15}$; with the
/// equilibration 19 of the instances of seeds 5000–5019 certify all 33 critical
/// points, without it 17).
pub fn approximate_inverse(m: &[Complex64], n: usize) -> Option<Vec<Complex64>> {
    let (row, col) = equilibration(m, n)?;
    let inv = equilibrated_inverse(m, n, &row, &col)?;
    Some(
        (0..n * n)
            .map(|k| inv[k] * (col[k / n] * row[k % n]))
            .collect(),
    )
}

/// $\hat M^{-1}$ for $\hat M = D_r M D_c$ (`row`, `col` from [`equilibration`]), in
/// `f64`, row-major; `None` when it has a non-finite entry.
fn equilibrated_inverse(
    m: &[Complex64],
    n: usize,
    row: &[f64],
    col: &[f64],
) -> Option<Vec<Complex64>> {
    let a = Mat::<Complex64>::from_fn(n, n, |r, c| m[r * n + c] * (row[r] * col[c]));
    let inv = a.partial_piv_lu().solve(Mat::<Complex64>::identity(n, n));
    let out: Vec<Complex64> = (0..n * n).map(|k| inv[(k / n, k % n)]).collect();
    out.iter()
        .all(|z| z.re.is_finite() && z.im.is_finite())
        .then_some(out)
}

/// The scalings $(D_r, D_c)$ (diagonals, powers of two) of [`approximate_inverse`]:
/// the largest entry of every row of $D_r M$ and of every column of $D_r M D_c$ is
/// in $[2^{-1/2}, 2^{1/2})$. `None` when $M$ has a zero or non-finite row or column.
pub fn equilibration(m: &[Complex64], n: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    // the power of two nearest 1/v (v > 0 finite), or None
    let inverse_power = |v: f64| -> Option<f64> {
        (v > 0.0 && v.is_finite()).then(|| 2f64.powi(-(v.log2().round() as i32)))
    };
    let row: Vec<f64> = (0..n)
        .map(|r| inverse_power((0..n).fold(0.0f64, |a, c| a.max(m[r * n + c].norm()))))
        .collect::<Option<_>>()?;
    let col: Vec<f64> = (0..n)
        .map(|c| inverse_power((0..n).fold(0.0f64, |a, r| a.max(row[r] * m[r * n + c].norm()))))
        .collect::<Option<_>>()?;
    Some((row, col))
}

/// The inverse of the $n \times n$ row-major matrix `m` by Gauss–Jordan elimination
/// with partial pivoting in MPFR complex arithmetic at `p` bits (only the quality of
/// the result matters: the Krawczyk test is rigorous for any $Y$), or `None` when a
/// pivot is zero or not finite. Its error is about $\kappa(M)\,2^{-p}$: at 128 bits it
/// stays usable where an `f64` inverse, $\kappa(M)\,2^{-53} \ge 1$, has no correct digit.
fn mp_inverse(m: &[Complex], n: usize, p: u32) -> Option<Vec<Complex>> {
    let w = 2 * n;
    let mut a: Vec<Complex> = (0..n * w)
        .map(|k| {
            let (r, c) = (k / w, k % w);
            if c < n {
                Complex::with_val(p, &m[r * n + c])
            } else {
                Complex::with_val(p, u32::from(c - n == r))
            }
        })
        .collect();
    let size = |z: &Complex| z.real().to_f64().abs() + z.imag().to_f64().abs();
    for col in 0..n {
        let pivot =
            (col..n).max_by(|&x, &y| size(&a[x * w + col]).total_cmp(&size(&a[y * w + col])))?;
        let s = size(&a[pivot * w + col]);
        if !(s > 0.0 && s.is_finite()) {
            return None;
        }
        if pivot != col {
            for c in 0..w {
                a.swap(pivot * w + c, col * w + c);
            }
        }
        let inv = Complex::with_val(p, 1) / &a[col * w + col];
        for c in 0..w {
            a[col * w + c] *= &inv;
        }
        for r in (0..n).filter(|&r| r != col) {
            let factor = a[r * w + col].clone();
            if factor.real().is_zero() && factor.imag().is_zero() {
                continue;
            }
            for c in col..w {
                let t = Complex::with_val(p, &factor * &a[col * w + c]);
                a[r * w + c] -= t;
            }
        }
    }
    Some(
        (0..n * n)
            .map(|k| a[(k / n) * w + n + k % n].clone())
            .collect(),
    )
}

/// The preconditioner $Y \approx J(\tilde x)^{-1}$ at the precision of `system`:
/// $Y = D_c \hat J^{-1} D_r$ with the equilibration $\hat J = D_r J D_c$
/// ([`equilibration`]; powers of two, exact), $\hat J$ inverted in `f64` and, above 53
/// bits, at the working precision ([`mp_inverse`]; an `f64` inverse refined by
/// Newton–Schulz steps, as before, cannot start when $\kappa(\hat J)\,2^{-53} \ge 1$:
/// widths 2,2,2, $m = 1$, $\Lambda \in [0, 10^{-7}]$, data seed 5, points with
/// $\|I - YJ(X)\| \approx 10^3$ on every box). Point rectangles, row-major; `None`
/// when the inversion fails.
pub fn preconditioner<I: RealInterval>(
    system: &IntervalSystem<I>,
    center: &[ComplexInterval<I>],
) -> Option<Vec<ComplexInterval<I>>> {
    let n = system.nvars();
    let p = system.precision();
    let jacobian = system.jacobian(center);
    let jc: Vec<Complex64> = jacobian.iter().map(ComplexInterval::mid_c64).collect();
    if p <= 53 {
        let y = approximate_inverse(&jc, n)?;
        return Some(y.iter().map(|&z| ComplexInterval::point(z, p)).collect());
    }
    let (row, col) = equilibration(&jc, n)?;
    let j_hat: Vec<Complex> = jacobian
        .iter()
        .enumerate()
        .map(|(k, z)| {
            let s = row[k / n] * col[k % n];
            Complex::with_val(p, (z.re.mid_float() * s, z.im.mid_float() * s))
        })
        .collect();
    let y_hat = mp_inverse(&j_hat, n, p)?;
    Some(
        y_hat
            .iter()
            .enumerate()
            .map(|(k, z)| {
                let s = col[k / n] * row[k % n];
                ComplexInterval {
                    re: I::point_float(&Float::with_val(p, z.real() * s), p),
                    im: I::point_float(&Float::with_val(p, z.imag() * s), p),
                }
            })
            .collect(),
    )
}

/// What is fixed for one centre $\tilde x$: the preconditioner $Y$ and the enclosure of
/// $\tilde x - Y F(\tilde x)$.
#[derive(Clone, Debug)]
pub struct KrawczykOperator<'a, I> {
    system: &'a IntervalSystem<I>,
    center: Vec<ComplexInterval<I>>,
    /// $Y$ as point rectangles, row-major.
    y: Vec<ComplexInterval<I>>,
    /// An enclosure of $\tilde x - Y F(\tilde x)$.
    newton_image: Vec<ComplexInterval<I>>,
}

/// A box on which the Krawczyk test succeeded.
#[derive(Clone, Debug)]
pub struct KrawczykBox<I> {
    /// $X$: contains exactly one zero of $F$.
    pub uniqueness_box: Vec<ComplexInterval<I>>,
    /// A subset of $X$ containing that zero: $K(X) \cap X$ contracted by a few more
    /// Krawczyk steps ($z \in X' \Rightarrow z \in K(X')$).
    pub enclosure: Vec<ComplexInterval<I>>,
    /// The radius $r$ of $X = \tilde x + [-r, r] + i[-r, r]$ in every coordinate.
    pub radius: f64,
}

/// Why no box was found.
#[derive(Clone, Debug, PartialEq)]
pub enum InflationFailure {
    /// The radius needed exceeded the limit.
    RadiusLimit {
        /// The radius that would have been tried next.
        needed: f64,
    },
    /// $K(X) \not\subset \operatorname{int}(X)$ for every radius tried.
    NotContracting {
        /// The last radius tried.
        radius: f64,
    },
}

impl<'a, I: RealInterval> KrawczykOperator<'a, I> {
    /// The operator at centre `center` (point rectangles), with
    /// $Y \approx \mathrm{mid}\,J(\tilde x)^{-1}$ ([`preconditioner`]); `None` when that
    /// midpoint matrix is numerically singular.
    pub fn new(system: &'a IntervalSystem<I>, center: Vec<ComplexInterval<I>>) -> Option<Self> {
        let n = system.nvars();
        let p = system.precision();
        let y = preconditioner(system, &center)?;
        let f = system.evaluate(&center);
        let newton_image = (0..n)
            .map(|i| {
                let yf = (0..n).fold(ComplexInterval::point(Complex64::default(), p), |acc, k| {
                    acc.add(&y[i * n + k].mul(&f[k]))
                });
                center[i].sub(&yf)
            })
            .collect();
        Some(Self {
            system,
            center,
            y,
            newton_image,
        })
    }

    /// An upper bound on $\max_i |z_i - \tilde x_i|$ (in the max of real and imaginary
    /// parts) over the rectangles `z`, measured from the centre at the working precision.
    /// (Measured from its `f64` rounding, no radius below that rounding, about $2^{-53}
    /// \|\tilde x\|$, could be tried, while ill-conditioned points need far smaller
    /// boxes: widths 2,2,2, $m = 1$, $\Lambda \in [0, 10^{-7}]$, points of size
    /// $8\cdot10^3$ with $\kappa(J) \approx 10^{16}$.)
    fn distance_from_center(&self, z: &[ComplexInterval<I>]) -> f64 {
        let origin = Complex64::default();
        z.iter()
            .zip(&self.center)
            .map(|(b, c)| b.sub(c).distance_bound(origin))
            .fold(0.0, f64::max)
    }

    /// An upper bound on the Newton step $\max_i |(Y F(\tilde x))_i|$ (in the max of
    /// real and imaginary parts), from the enclosure.
    pub fn newton_step_bound(&self) -> f64 {
        self.distance_from_center(&self.newton_image)
    }

    /// $\max_i |\tilde x_i|$ (approximately).
    pub fn center_norm(&self) -> f64 {
        self.center
            .iter()
            .map(|z| z.mid_c64().norm())
            .fold(0.0, f64::max)
    }

    /// The box $\tilde x + [-r, r] + i[-r, r]$ (outwardly rounded).
    pub fn box_of_radius(&self, r: f64) -> Vec<ComplexInterval<I>> {
        let p = self.system.precision();
        let d = ComplexInterval {
            re: I::from_f64_bounds(-r, r, p),
            im: I::from_f64_bounds(-r, r, p),
        };
        self.center.iter().map(|c| c.add(&d)).collect()
    }

    /// $K(X)$.
    pub fn apply(&self, xbox: &[ComplexInterval<I>]) -> Vec<ComplexInterval<I>> {
        let n = self.system.nvars();
        let p = self.system.precision();
        let jx = self.system.jacobian(xbox);
        let d: Vec<ComplexInterval<I>> = xbox
            .iter()
            .zip(&self.center)
            .map(|(x, c)| x.sub(c))
            .collect();
        let zero = ComplexInterval::point(Complex64::default(), p);
        let one = ComplexInterval::point(Complex64::new(1.0, 0.0), p);
        (0..n)
            .map(|i| {
                let mut acc = self.newton_image[i].clone();
                for j in 0..n {
                    // (I − Y J(X))_{ij}
                    let yj = (0..n).fold(zero.clone(), |s, k| {
                        s.add(&self.y[i * n + k].mul(&jx[k * n + j]))
                    });
                    let m = if i == j { one.sub(&yj) } else { zero.sub(&yj) };
                    acc = acc.add(&m.mul(&d[j]));
                }
                acc
            })
            .collect()
    }

    /// Whether $K(X) \subset \operatorname{int}(X)$ coordinate-wise.
    fn maps_into_interior(k: &[ComplexInterval<I>], xbox: &[ComplexInterval<I>]) -> bool {
        k.iter().zip(xbox).all(|(a, b)| a.strictly_inside(b))
    }

    /// Searches a radius $r \le$ `max_radius` with $K(X) \subset \operatorname{int}(X)$
    /// for $X = \tilde x + [-r, r] + i[-r, r]$, in at most `attempts` inflation steps,
    /// starting from twice the Newton step (at least `min_radius`).
    pub fn find_box(
        &self,
        min_radius: f64,
        max_radius: f64,
        attempts: usize,
    ) -> Result<KrawczykBox<I>, InflationFailure> {
        let mut r = (2.0 * self.newton_step_bound()).max(min_radius);
        for _ in 0..attempts.max(1) {
            if r.is_nan() || r > max_radius {
                return Err(InflationFailure::RadiusLimit { needed: r });
            }
            let xbox = self.box_of_radius(r);
            let k = self.apply(&xbox);
            if Self::maps_into_interior(&k, &xbox) {
                let mut enclosure: Vec<ComplexInterval<I>> = k
                    .iter()
                    .zip(&xbox)
                    .map(|(a, b)| a.intersect(b).expect("K(X) lies inside X"))
                    .collect();
                for _ in 0..2 {
                    let next = self.apply(&enclosure);
                    // the zero lies in both, so the intersection is never empty
                    match next
                        .iter()
                        .zip(&enclosure)
                        .map(|(a, b)| a.intersect(b))
                        .collect::<Option<Vec<_>>>()
                    {
                        Some(e) => enclosure = e,
                        None => break,
                    }
                }
                return Ok(KrawczykBox {
                    uniqueness_box: xbox,
                    enclosure,
                    radius: r,
                });
            }
            let needed = self.distance_from_center(&k);
            if !needed.is_finite() {
                return Err(InflationFailure::NotContracting { radius: r });
            }
            r = (2.0 * r).max(1.5 * needed);
        }
        Err(InflationFailure::NotContracting { radius: r })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::{Interval, MpInterval};

    fn center<I: RealInterval>(x: &[Complex64], p: u32) -> Vec<ComplexInterval<I>> {
        x.iter().map(|&z| ComplexInterval::point(z, p)).collect()
    }

    /// A badly row-scaled matrix, $M = \mathrm{diag}(10^{40}, 1)\,[[10^{-20}, 1], [1, 1]]$:
    /// partial pivoting on $M$ itself takes the relatively tiny pivot $10^{20}$ and
    /// loses the entries of the second row ($(YM)_{12} = 1$ instead of 0); on the
    /// equilibrated matrix it takes the right one.
    #[test]
    fn equilibrated_inverse_of_a_badly_scaled_matrix() {
        let c = |re: f64| Complex64::new(re, 0.0);
        let m = [c(1e20), c(1e40), c(1.0), c(1.0)];
        let y = approximate_inverse(&m, 2).unwrap();
        for i in 0..2 {
            for j in 0..2 {
                let ym: Complex64 = (0..2).map(|k| y[i * 2 + k] * m[k * 2 + j]).sum();
                let id = if i == j { 1.0 } else { 0.0 };
                assert!((ym - id).norm() < 1e-12, "(YM)_{i}{j} = {ym}");
            }
        }
    }

    /// √2 is certified in a small box around 1.41421356237; the box contains √2 and
    /// not −√2.
    #[test]
    fn square_root_of_two() {
        let approx = 1.4 + 0.01421356237; // √2 to 12 digits
        let sys = poly::parse_phc("1\n x^2 - 2;").unwrap();
        let isys = IntervalSystem::<Interval>::new(&sys, 53);
        let op = KrawczykOperator::new(&isys, center(&[Complex64::new(approx, 0.0)], 53)).unwrap();
        let b = op.find_box(1e-15, 1e-3, 5).unwrap();
        let e = &b.enclosure[0];
        assert!(e.re.contains(std::f64::consts::SQRT_2) || e.re.width() < 1e-14);
        assert!(e.re.lo > 1.414 && e.re.hi < 1.4143);
        assert!(e.im.contains(0.0));
        assert!(b.radius < 1e-10, "{}", b.radius);
        // the same at 200 bits: an enclosure far tighter than f64 allows
        let msys = IntervalSystem::<MpInterval>::new(&sys, 200);
        let mut c = center::<MpInterval>(&[Complex64::new(approx, 0.0)], 200);
        for _ in 0..8 {
            let op = KrawczykOperator::new(&msys, c.clone()).unwrap();
            c = op
                .newton_image
                .iter()
                .map(ComplexInterval::midpoint)
                .collect();
        }
        let op = KrawczykOperator::new(&msys, c).unwrap();
        let b = op.find_box(1e-55, 1e-3, 5).unwrap();
        let w = poly::rug::Float::with_val(200, &b.enclosure[0].re.hi - &b.enclosure[0].re.lo);
        assert!(w < 1e-50, "{w}");
    }

    /// A point between the two roots of x² − 1 is refused: no box around 0.0 contains
    /// exactly one root with a contracting operator.
    #[test]
    fn point_between_roots_is_refused() {
        let sys = poly::parse_phc("1\n x^2 - 1;").unwrap();
        let isys = IntervalSystem::<Interval>::new(&sys, 53);
        let op = KrawczykOperator::new(&isys, center(&[Complex64::new(0.05, 0.0)], 53)).unwrap();
        assert!(op.find_box(1e-15, 10.0, 8).is_err());
        // J(0) = 0 is singular
        assert!(KrawczykOperator::new(&isys, center(&[Complex64::default()], 53)).is_none());
    }

    /// An inverse at 128 bits of a matrix with condition number about $2^{70}$ (beyond
    /// `f64`): $I - MY$ about $2^{70-128}$.
    #[test]
    fn inverse_at_the_working_precision() {
        let p = 128;
        let d = Float::with_val(p, Float::i_exp(1, -70));
        let m: Vec<Complex> = [
            Complex::with_val(p, 1),
            Complex::with_val(p, 1),
            Complex::with_val(p, 1),
            Complex::with_val(p, 1 + &d),
        ]
        .into();
        let y = mp_inverse(&m, 2, p).unwrap();
        for i in 0..2 {
            for c in 0..2 {
                let my = Complex::with_val(p, &m[2 * i] * &y[c])
                    + Complex::with_val(p, &m[2 * i + 1] * &y[2 + c]);
                let r = my - Complex::with_val(p, u32::from(i == c));
                let err = r.real().to_f64().abs() + r.imag().to_f64().abs();
                assert!(err < 1e-15, "(MY - I)_{i}{c} = {err:e}");
            }
        }
    }
}
