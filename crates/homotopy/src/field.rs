//! Complex scalars at three precisions and the dense linear algebra the tracker needs.
//!
//! [`Field`] abstracts over `Complex<f64>` (53-bit mantissa), [`ComplexDd`]
//! (double-double, 106 bits) and `rug::Complex` (MPC at a chosen precision), so the
//! predictor–corrector loop is written once. Linear systems
//! $A y = b$ are solved by Gaussian elimination with partial pivoting, $PA = LU$; the
//! condition number $\kappa_\infty(A) = \|A\|_\infty \|A^{-1}\|_\infty$ is estimated from
//! the factorization by one extra solve with a fixed unimodular right-hand side
//! $v$, $\|A^{-1}\|_\infty \approx \|A^{-1} v\|_\infty / \|v\|_\infty$.

use crate::homotopy::{Homotopy, DD_BITS};
use num_complex::Complex64;
use poly::ComplexDd;
use rug::Complex;

/// A complex scalar the tracker computes with.
pub trait Field: Clone + std::fmt::Debug + Send {
    /// Bits of the mantissa: 53 for `f64`, the MPC precision otherwise.
    fn bits(&self) -> u32;
    /// Zero at `prec` bits (ignored for `f64`).
    fn zero(prec: u32) -> Self;
    /// The value `z` at `prec` bits.
    fn from_c64(z: Complex64, prec: u32) -> Self;
    /// The nearest `Complex<f64>`.
    fn to_c64(&self) -> Complex64;
    /// $|z|$, rounded to `f64`.
    fn abs(&self) -> f64;
    /// $|\mathrm{Re}\, z| + |\mathrm{Im}\, z|$, rounded to `f64`: between $|z|$ and
    /// $\sqrt 2 |z|$, and without the `hypot` of $|z|$ (BLAS's `cabs1`, which `izamax`
    /// pivots by). For pivot choices and matrix norms, where a factor $\sqrt 2$ does not
    /// matter and `hypot` was 15 % of the time of a parameter homotopy.
    fn abs1(&self) -> f64;
    /// $a + b$.
    fn add(&self, b: &Self) -> Self;
    /// $a - b$.
    fn sub(&self, b: &Self) -> Self;
    /// $a b$.
    fn mul(&self, b: &Self) -> Self;
    /// $a / b$.
    fn div(&self, b: &Self) -> Self;
    /// $c\,a$ for an `f64` complex $c$.
    fn scale(&self, c: Complex64) -> Self;
    /// Whether both parts are finite.
    fn is_finite(&self) -> bool;
    /// Evaluates $H$, $\partial H/\partial x$ (row-major) and $\partial H/\partial t$ of
    /// `h` at $(x, t)$ in this scalar type at `prec` bits.
    #[allow(clippy::too_many_arguments)]
    fn evaluate<H: Homotopy + ?Sized>(
        h: &H,
        x: &[Self],
        t: Complex64,
        prec: u32,
        ws: &mut H::Workspace,
        hv: &mut [Self],
        jx: &mut [Self],
        ht: &mut [Self],
    );
}

impl Field for Complex64 {
    fn bits(&self) -> u32 {
        53
    }
    fn zero(_: u32) -> Self {
        Complex64::new(0.0, 0.0)
    }
    fn from_c64(z: Complex64, _: u32) -> Self {
        z
    }
    fn to_c64(&self) -> Complex64 {
        *self
    }
    fn abs(&self) -> f64 {
        // sqrt(re^2 + im^2) when the square neither overflows nor underflows (within
        // an ulp of `hypot`, several times cheaper), `hypot` otherwise
        let sq = self.re * self.re + self.im * self.im;
        if sq.is_normal() && sq < 1e300 {
            sq.sqrt()
        } else {
            self.norm()
        }
    }
    fn abs1(&self) -> f64 {
        self.re.abs() + self.im.abs()
    }
    fn add(&self, b: &Self) -> Self {
        self + b
    }
    fn sub(&self, b: &Self) -> Self {
        self - b
    }
    fn mul(&self, b: &Self) -> Self {
        self * b
    }
    fn div(&self, b: &Self) -> Self {
        self / b
    }
    fn scale(&self, c: Complex64) -> Self {
        self * c
    }
    fn is_finite(&self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }
    fn evaluate<H: Homotopy + ?Sized>(
        h: &H,
        x: &[Self],
        t: Complex64,
        _prec: u32,
        ws: &mut H::Workspace,
        hv: &mut [Self],
        jx: &mut [Self],
        ht: &mut [Self],
    ) {
        h.evaluate(x, t, ws, hv, jx, ht);
    }
}

impl Field for ComplexDd {
    fn bits(&self) -> u32 {
        DD_BITS
    }
    fn zero(_: u32) -> Self {
        ComplexDd::default()
    }
    fn from_c64(z: Complex64, _: u32) -> Self {
        ComplexDd::from(z)
    }
    fn to_c64(&self) -> Complex64 {
        ComplexDd::to_c64(*self)
    }
    fn abs(&self) -> f64 {
        ComplexDd::to_c64(*self).norm()
    }
    fn abs1(&self) -> f64 {
        self.re.hi.abs() + self.im.hi.abs()
    }
    fn add(&self, b: &Self) -> Self {
        *self + *b
    }
    fn sub(&self, b: &Self) -> Self {
        *self - *b
    }
    fn mul(&self, b: &Self) -> Self {
        *self * *b
    }
    fn div(&self, b: &Self) -> Self {
        *self / *b
    }
    fn scale(&self, c: Complex64) -> Self {
        ComplexDd::scale(*self, c)
    }
    fn is_finite(&self) -> bool {
        ComplexDd::is_finite(*self)
    }
    fn evaluate<H: Homotopy + ?Sized>(
        h: &H,
        x: &[Self],
        t: Complex64,
        _prec: u32,
        ws: &mut H::Workspace,
        hv: &mut [Self],
        jx: &mut [Self],
        ht: &mut [Self],
    ) {
        h.evaluate_dd(x, t, ws, hv, jx, ht);
    }
}

impl Field for Complex {
    fn bits(&self) -> u32 {
        self.prec().0
    }
    fn zero(prec: u32) -> Self {
        Complex::new(prec)
    }
    fn from_c64(z: Complex64, prec: u32) -> Self {
        Complex::with_val(prec, (z.re, z.im))
    }
    fn to_c64(&self) -> Complex64 {
        Complex64::new(self.real().to_f64(), self.imag().to_f64())
    }
    fn abs(&self) -> f64 {
        self.to_c64().norm()
    }
    fn abs1(&self) -> f64 {
        self.to_c64().abs1()
    }
    fn add(&self, b: &Self) -> Self {
        Complex::with_val(self.prec(), self + b)
    }
    fn sub(&self, b: &Self) -> Self {
        Complex::with_val(self.prec(), self - b)
    }
    fn mul(&self, b: &Self) -> Self {
        Complex::with_val(self.prec(), self * b)
    }
    fn div(&self, b: &Self) -> Self {
        Complex::with_val(self.prec(), self / b)
    }
    fn scale(&self, c: Complex64) -> Self {
        let c = Complex::with_val(self.prec(), (c.re, c.im));
        Complex::with_val(self.prec(), self * &c)
    }
    fn is_finite(&self) -> bool {
        self.real().is_finite() && self.imag().is_finite()
    }
    fn evaluate<H: Homotopy + ?Sized>(
        h: &H,
        x: &[Self],
        t: Complex64,
        prec: u32,
        ws: &mut H::Workspace,
        hv: &mut [Self],
        jx: &mut [Self],
        ht: &mut [Self],
    ) {
        h.evaluate_mp(x, t, prec, ws, hv, jx, ht);
    }
}

/// $\|v\|_\infty$.
pub fn norm_inf<T: Field>(v: &[T]) -> f64 {
    v.iter().fold(0.0, |m, z| m.max(z.abs()))
}

/// In-place $PA = LU$ of the row-major `n × n` matrix `a` with partial pivoting (the
/// pivot largest by [`Field::abs1`], as BLAS chooses it); `piv[k]` is the row swapped
/// into position `k`. Returns `false` if a pivot is exactly zero or not
/// finite (the matrix is numerically singular).
pub fn lu_factor<T: Field>(a: &mut [T], n: usize, piv: &mut [usize]) -> bool {
    for k in 0..n {
        let mut p = k;
        let mut best = a[k * n + k].abs1();
        for r in k + 1..n {
            let v = a[r * n + k].abs1();
            if v > best {
                best = v;
                p = r;
            }
        }
        piv[k] = p;
        if best == 0.0 || !best.is_finite() {
            return false;
        }
        if p != k {
            for c in 0..n {
                a.swap(k * n + c, p * n + c);
            }
        }
        // rows below the pivot row as slices (no index checks in the inner loop)
        let (top, bottom) = a[..n * n].split_at_mut((k + 1) * n);
        let pivot_row = &top[k * n..];
        // one division per column, then products
        let inv_pivot =
            T::from_c64(Complex64::new(1.0, 0.0), pivot_row[k].bits()).div(&pivot_row[k]);
        for row in bottom.chunks_exact_mut(n) {
            let l = row[k].mul(&inv_pivot);
            for (v, u) in row[k + 1..].iter_mut().zip(&pivot_row[k + 1..]) {
                *v = v.sub(&l.mul(u));
            }
            row[k] = l;
        }
    }
    true
}

/// Solves $A y = b$ in place given the factors of [`lu_factor`].
pub fn lu_solve<T: Field>(lu: &[T], n: usize, piv: &[usize], b: &mut [T]) {
    for (k, &p) in piv.iter().enumerate().take(n) {
        if p != k {
            b.swap(k, p);
        }
    }
    for r in 0..n {
        let (done, rest) = b.split_at_mut(r);
        let mut s = rest[0].clone();
        for (l, y) in lu[r * n..r * n + r].iter().zip(done.iter()) {
            s = s.sub(&l.mul(y));
        }
        rest[0] = s;
    }
    for r in (0..n).rev() {
        let (head, done) = b.split_at_mut(r + 1);
        let mut s = head[r].clone();
        for (u, y) in lu[r * n + r + 1..(r + 1) * n].iter().zip(done.iter()) {
            s = s.sub(&u.mul(y));
        }
        head[r] = s.div(&lu[r * n + r]);
    }
}

/// $\|A\|_\infty$ (maximal absolute row sum) of a row-major `n × n` matrix, with the
/// entries measured by [`Field::abs1`]: an upper bound within a factor $\sqrt 2$.
pub fn matrix_norm_inf<T: Field>(a: &[T], n: usize) -> f64 {
    (0..n)
        .map(|r| a[r * n..(r + 1) * n].iter().map(Field::abs1).sum::<f64>())
        .fold(0.0, f64::max)
}

/// The row norms $\|a_i\|_1$ (in the `abs1` sense of [`matrix_norm_inf`]) of the
/// $n \times n$ matrix `a` into `rows`; their maximum is $\|A\|_\infty$.
pub fn row_norms<T: Field>(a: &[T], n: usize, rows: &mut [f64]) -> f64 {
    let mut max = 0.0f64;
    for (r, out) in rows.iter_mut().enumerate().take(n) {
        *out = a[r * n..(r + 1) * n].iter().map(Field::abs1).sum::<f64>();
        max = max.max(*out);
    }
    max
}

/// Estimate of $\|A^{-1} R\|_\infty$, $R = \mathrm{diag}(\|a_i\|)$ the row norms from
/// [`row_norms`], from the LU factors of $A$: the condition number of the
/// row-equilibrated matrix $R^{-1}A$ (whose rows have norm 1). It bounds how much an
/// error of each row's size relative to that row's norm (the rounding error of
/// evaluating a polynomial is relative to the size of its terms) moves the solution of
/// $A x = b$, whatever the scales of the rows. The larger of $\|A^{-1}Rv\|_\infty$ for
/// the fixed unimodular $v$ of [`inverse_norm_estimate`] and
/// $\min_i \|a_i\| / \min_k |u_{kk}|$.
pub fn scaled_inverse_norm_estimate<T: Field>(
    lu: &[T],
    n: usize,
    piv: &[usize],
    rows: &[f64],
) -> f64 {
    inverse_norm_estimate_scaled_by(lu, n, piv, |k| rows[k])
}

/// Estimate of $\|A^{-1}\|_\infty$ from the LU factors: the larger of
/// $\|A^{-1}v\|_\infty$ for a fixed unimodular $v$ and $1/\min_k |u_{kk}|$.
pub fn inverse_norm_estimate<T: Field>(lu: &[T], n: usize, piv: &[usize]) -> f64 {
    inverse_norm_estimate_scaled_by(lu, n, piv, |_| 1.0)
}

/// $\max(\|A^{-1}Rv\|_\infty, \min_k r_k / \min_k |u_{kk}|)$ with $R = \mathrm{diag}(r_k)$,
/// $r_k$ = `scale(k)`, and the fixed unimodular $v$: the estimate of
/// [`inverse_norm_estimate`] ($R = I$) and of [`scaled_inverse_norm_estimate`].
fn inverse_norm_estimate_scaled_by<T: Field>(
    lu: &[T],
    n: usize,
    piv: &[usize],
    scale: impl Fn(usize) -> f64,
) -> f64 {
    let prec = lu.first().map_or(53, Field::bits);
    let mut v: Vec<T> = (0..n)
        .map(|k| T::from_c64(golden_angle_point(k) * scale(k), prec))
        .collect();
    lu_solve(lu, n, piv, &mut v);
    let min_pivot = (0..n)
        .map(|k| lu[k * n + k].abs())
        .fold(f64::INFINITY, f64::min);
    let min_scale = (0..n).map(&scale).fold(f64::INFINITY, f64::min);
    norm_inf(&v).max(min_scale / min_pivot)
}

/// $e^{i k \phi}$ for the golden angle $\phi$ (the entries of the fixed vector of
/// [`inverse_norm_estimate`]), from a table for the first 256 $k$ (no `sincos` per
/// step of a path).
fn golden_angle_point(k: usize) -> Complex64 {
    const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
    static TABLE: std::sync::OnceLock<Vec<Complex64>> = std::sync::OnceLock::new();
    let point = |k: usize| Complex64::from_polar(1.0, GOLDEN_ANGLE * k as f64);
    let table = TABLE.get_or_init(|| (0..256).map(point).collect());
    table.get(k).copied().unwrap_or_else(|| point(k))
}

/// $\|A^{-1}\|_\infty$ exactly (up to rounding) from the LU factors, by solving for
/// every column of $A^{-1}$: $O(n^3)$, for endpoints rather than every step.
pub fn inverse_norm<T: Field>(lu: &[T], n: usize, piv: &[usize]) -> f64 {
    let prec = lu.first().map_or(53, Field::bits);
    let mut rows = vec![0.0f64; n];
    for j in 0..n {
        let mut e: Vec<T> = (0..n)
            .map(|i| T::from_c64(Complex64::new(if i == j { 1.0 } else { 0.0 }, 0.0), prec))
            .collect();
        lu_solve(lu, n, piv, &mut e);
        for (r, v) in rows.iter_mut().zip(&e) {
            *r += v.abs();
        }
    }
    rows.into_iter().fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_scaled_condition_number_ignores_the_scales_of_the_rows() {
        // A = diag(1e-9, 1, 1) B: kappa(A) about 1e9 kappa(B), the scaled one about kappa(B)
        let mut rng = poly::Rng::new(3);
        let n = 3;
        let b: Vec<Complex64> = (0..n * n).map(|_| rng.complex_normal()).collect();
        let kappa = |a: &[Complex64]| {
            let mut lu = a.to_vec();
            let mut piv = vec![0; n];
            let mut rows = vec![0.0; n];
            let anorm = row_norms(&lu, n, &mut rows);
            assert!((anorm - matrix_norm_inf(a, n)).abs() <= 1e-15 * anorm);
            assert!(lu_factor(&mut lu, n, &mut piv));
            (
                anorm * inverse_norm(&lu, n, &piv),
                scaled_inverse_norm_estimate(&lu, n, &piv, &rows),
            )
        };
        let (plain_b, scaled_b) = kappa(&b);
        let mut a = b.clone();
        for v in &mut a[..n] {
            *v *= 1e-9;
        }
        let (plain_a, scaled_a) = kappa(&a);
        assert!(plain_a > 1e8 * plain_b, "{plain_a:e} vs {plain_b:e}");
        // an estimate (a lower bound up to the factor n) of the same scaled number
        assert!(scaled_a <= 2.0 * plain_b && scaled_a >= plain_b / (4.0 * n as f64));
        assert!(
            (scaled_a / scaled_b).max(scaled_b / scaled_a) < 10.0,
            "{scaled_a:e} {scaled_b:e}"
        );
    }

    #[test]
    fn lu_solves_by_reconstruction_in_both_precisions() {
        let mut rng = poly::Rng::new(7);
        let n = 5;
        let a: Vec<Complex64> = (0..n * n).map(|_| rng.complex_normal()).collect();
        let y: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
        let b: Vec<Complex64> = (0..n)
            .map(|r| (0..n).map(|c| a[r * n + c] * y[c]).sum())
            .collect();
        let mut lu = a.clone();
        let mut piv = vec![0; n];
        assert!(lu_factor(&mut lu, n, &mut piv));
        let mut x = b.clone();
        lu_solve(&lu, n, &piv, &mut x);
        for (u, v) in x.iter().zip(&y) {
            assert!((u - v).norm() < 1e-12);
        }
        let mut lu: Vec<Complex> = a.iter().map(|z| Complex::from_c64(*z, 200)).collect();
        assert!(lu_factor(&mut lu, n, &mut piv));
        let mut x: Vec<Complex> = b.iter().map(|z| Complex::from_c64(*z, 200)).collect();
        lu_solve(&lu, n, &piv, &mut x);
        for (u, v) in x.iter().zip(&y) {
            assert!((u.to_c64() - v).norm() < 1e-12);
        }
        let kappa = matrix_norm_inf(&a, n)
            * inverse_norm_estimate(
                &{
                    let mut l = a.clone();
                    lu_factor(&mut l, n, &mut piv);
                    l
                },
                n,
                &piv,
            );
        assert!((1.0..1e6).contains(&kappa));
    }

    #[test]
    fn singular_matrix_is_detected() {
        let mut a = vec![Complex64::new(1.0, 0.0); 4];
        let mut piv = vec![0; 2];
        assert!(!lu_factor(&mut a, 2, &mut piv));
    }
}
