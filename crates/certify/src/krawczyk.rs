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

/// Largest number of Newton–Schulz steps in [`refine_inverse`].
const INVERSE_REFINEMENT_STEPS: usize = 6;

/// Newton–Schulz refinement $Y \leftarrow Y + Y(I - JY)$ of an approximate inverse
/// of the point matrix `j` at precision `p` (midpoint arithmetic: only the quality of
/// $Y$ matters, the Krawczyk test itself is rigorous for any $Y$). The residual
/// $R = I - JY$ is squared by each step, $I - JY' = R^2$, so an `f64` inverse with
/// $\|R\| \approx \kappa \varepsilon_{53} < 1$ reaches the working precision in a few
/// steps. That matters when $\kappa(J)$ is large: with $\kappa \approx 10^{12}$ (widths
/// 2,3,2, m = 2, points of size $5 \cdot 10^3$) the `f64` inverse left
/// $\|I - YJ(X)\|_\infty > 1$ in the interval row sums, and no box contracted at any
/// precision. Stops when the residual no longer shrinks.
fn refine_inverse<I: RealInterval>(
    j: &[ComplexInterval<I>],
    mut y: Vec<ComplexInterval<I>>,
    n: usize,
    p: u32,
) -> Vec<ComplexInterval<I>> {
    let zero = ComplexInterval::point(Complex64::default(), p);
    let one = ComplexInterval::point(Complex64::new(1.0, 0.0), p);
    let product = |a: &[ComplexInterval<I>], b: &[ComplexInterval<I>]| -> Vec<ComplexInterval<I>> {
        (0..n * n)
            .map(|ij| {
                let (i, c) = (ij / n, ij % n);
                (0..n)
                    .fold(zero.clone(), |s, k| s.add(&a[i * n + k].mul(&b[k * n + c])))
                    .midpoint()
            })
            .collect()
    };
    let mut last = f64::INFINITY;
    for _ in 0..INVERSE_REFINEMENT_STEPS {
        let jy = product(j, &y);
        let r: Vec<ComplexInterval<I>> = (0..n * n)
            .map(|ij| {
                let d = if ij / n == ij % n { &one } else { &zero };
                d.sub(&jy[ij]).midpoint()
            })
            .collect();
        let size = r
            .iter()
            .map(|z| z.distance_bound(Complex64::default()))
            .fold(0.0, f64::max);
        // NaN, no progress, or no contraction: keep the last Y
        let shrinks = size < last && size < 1.0;
        if !shrinks {
            break;
        }
        last = size;
        let yr = product(&y, &r);
        y = y
            .iter()
            .zip(&yr)
            .map(|(a, b)| a.add(b).midpoint())
            .collect();
        if size <= 2f64.powi(-(p as i32)) {
            break;
        }
    }
    y
}

/// What is fixed for one centre $\tilde x$: the preconditioner $Y$ and the enclosure of
/// $\tilde x - Y F(\tilde x)$.
#[derive(Clone, Debug)]
pub struct KrawczykOperator<'a, I> {
    system: &'a IntervalSystem<I>,
    center: Vec<ComplexInterval<I>>,
    /// `center` rounded to `f64`.
    center_f64: Vec<Complex64>,
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
    /// $Y = \mathrm{mid}\,J(\tilde x)^{-1}$; `None` when that midpoint matrix is
    /// numerically singular.
    pub fn new(system: &'a IntervalSystem<I>, center: Vec<ComplexInterval<I>>) -> Option<Self> {
        let n = system.nvars();
        let p = system.precision();
        let jc: Vec<Complex64> = system
            .jacobian(&center)
            .iter()
            .map(ComplexInterval::mid_c64)
            .collect();
        // Y = D_c \hat J^{-1} D_r, with \hat J^{-1} refined at the working precision
        // against \hat J = D_r J D_c (the scalings are powers of two: exact)
        let (row, col) = equilibration(&jc, n)?;
        let scale = |z: &ComplexInterval<I>, s: f64| {
            z.mul(&ComplexInterval::point(Complex64::new(s, 0.0), p))
        };
        let y_hat = equilibrated_inverse(&jc, n, &row, &col)?;
        let mut y_hat: Vec<ComplexInterval<I>> = y_hat
            .iter()
            .map(|&z| ComplexInterval::point(z, p))
            .collect();
        if p > 53 {
            let j_hat: Vec<ComplexInterval<I>> = system
                .jacobian(&center)
                .iter()
                .enumerate()
                .map(|(k, z)| scale(&z.midpoint(), row[k / n] * col[k % n]))
                .collect();
            y_hat = refine_inverse(&j_hat, y_hat, n, p);
        }
        let y: Vec<ComplexInterval<I>> = y_hat
            .iter()
            .enumerate()
            .map(|(k, z)| scale(z, col[k / n] * row[k % n]))
            .collect();
        let f = system.evaluate(&center);
        let newton_image = (0..n)
            .map(|i| {
                let yf = (0..n).fold(ComplexInterval::point(Complex64::default(), p), |acc, k| {
                    acc.add(&y[i * n + k].mul(&f[k]))
                });
                center[i].sub(&yf)
            })
            .collect();
        let center_f64 = center.iter().map(ComplexInterval::mid_c64).collect();
        Some(Self {
            system,
            center,
            center_f64,
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
        self.center_f64.iter().map(|z| z.norm()).fold(0.0, f64::max)
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

    /// Newton–Schulz squares the residual: an inverse good to 1e-6 of a matrix with
    /// condition number about 4e12 becomes good to nearly the working precision (128
    /// bits) in a few steps.
    #[test]
    fn inverse_is_refined_to_the_working_precision() {
        let p = 128;
        let d = 2f64.powi(-40);
        let j: Vec<ComplexInterval<MpInterval>> =
            center(&[1.0, 1.0, 1.0, 1.0 + d].map(|v| Complex64::new(v, 0.0)), p);
        // the exact inverse (1/d) [[1 + d, -1], [-1, 1]] scaled by 1 + 1e-6, plus 1e-6
        // in one entry: I - JY is about 1e-6
        let e = 1.0 + 1e-6;
        let y0: Vec<Complex64> = [(1.0 + d) / d * e, -e / d + 1e-6, -e / d, e / d]
            .iter()
            .map(|&v| Complex64::new(v, 0.0))
            .collect();
        let residual = |y: &[ComplexInterval<MpInterval>]| {
            (0..4)
                .map(|ij| {
                    let (i, c) = (ij / 2, ij % 2);
                    let jy = j[2 * i].mul(&y[c]).add(&j[2 * i + 1].mul(&y[2 + c]));
                    let one = if i == c { 1.0 } else { 0.0 };
                    ComplexInterval::point(Complex64::new(one, 0.0), p)
                        .sub(&jy)
                        .distance_bound(Complex64::default())
                })
                .fold(0.0, f64::max)
        };
        let y = center::<MpInterval>(&y0, p);
        assert!(residual(&y) > 1e-7, "{}", residual(&y));
        let refined = refine_inverse(&j, y, 2, p);
        assert!(residual(&refined) < 1e-25, "{}", residual(&refined));
    }
}
