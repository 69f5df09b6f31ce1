//! Double-double arithmetic: about 106 bits of mantissa from pairs of `f64`.
//!
//! A [`DoubleDouble`] is an unevaluated sum $x = \mathrm{hi} + \mathrm{lo}$ with
//! $|\mathrm{lo}| \le \tfrac12 \mathrm{ulp}(\mathrm{hi})$, computed with the error-free
//! transformations of Knuth (`two_sum`: $a + b = s + e$ exactly) and Dekker
//! (`two_prod`: $a b = p + e$ exactly, by Veltkamp splitting, so no fused multiply-add
//! is needed), after Hida–Li–Bailey, *Algorithms for quad-double precision floating
//! point arithmetic* (ARITH 15, 2001). Addition is the accurate ("IEEE") variant, with
//! relative error about $2^{-104}$; multiplication and division about $2^{-103}$. The
//! exponent range is that of `f64`.
//!
//! [`ComplexDd`] is the complex type the path tracker uses as its first tier above
//! `f64`: an operation costs roughly ten to twenty `f64` operations, against a few
//! hundred for MPC at 128 bits.
//!
//! ```
//! use poly::{ComplexDd, DoubleDouble};
//! let third = DoubleDouble::from(1.0) / DoubleDouble::from(3.0);
//! let back = third * DoubleDouble::from(3.0) - DoubleDouble::from(1.0);
//! assert!(back.to_f64().abs() < 1e-31);
//! let i = ComplexDd::new(DoubleDouble::from(0.0), DoubleDouble::from(1.0));
//! assert_eq!((i * i).to_c64(), num_complex::Complex64::new(-1.0, 0.0));
//! ```

use num_complex::Complex64;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// A real number $\mathrm{hi} + \mathrm{lo}$ in double-double precision.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DoubleDouble {
    /// The leading part (the value rounded to `f64`).
    pub hi: f64,
    /// The trailing part, at most half an ulp of `hi`.
    pub lo: f64,
}

/// $a + b = s + e$ exactly (Knuth).
#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// $a + b = s + e$ exactly, for $|a| \ge |b|$ (Dekker).
#[inline]
fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// Veltkamp's split of `a` into two halves of 26 bits: $a = h + l$ exactly.
#[inline]
fn split(a: f64) -> (f64, f64) {
    const SPLITTER: f64 = 134_217_729.0; // 2^27 + 1
    let t = SPLITTER * a;
    let h = t - (t - a);
    (h, a - h)
}

/// $a b = p + e$ exactly (Dekker), barring overflow.
#[inline]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    two_prod_split(a, split(a), b, split(b))
}

/// [`two_prod`] with the halves of `a` and `b` from [`split`] given, for factors that
/// enter several products.
#[inline]
fn two_prod_split(a: f64, (ah, al): (f64, f64), b: f64, (bh, bl): (f64, f64)) -> (f64, f64) {
    let p = a * b;
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

impl DoubleDouble {
    /// $\mathrm{hi} + \mathrm{lo}$, renormalized.
    pub fn new(hi: f64, lo: f64) -> Self {
        let (hi, lo) = two_sum(hi, lo);
        Self { hi, lo }
    }

    /// The value rounded to `f64`.
    #[inline]
    pub fn to_f64(self) -> f64 {
        self.hi + self.lo
    }

    /// $|x|$.
    #[inline]
    pub fn abs(self) -> Self {
        if self.hi < 0.0 {
            -self
        } else {
            self
        }
    }

    /// Whether the value is finite.
    #[inline]
    pub fn is_finite(self) -> bool {
        self.hi.is_finite() && self.lo.is_finite()
    }

    /// $x \cdot c$ for an `f64` $c$.
    #[inline]
    pub fn mul_f64(self, c: f64) -> Self {
        let (p, e) = two_prod(self.hi, c);
        let (hi, lo) = quick_two_sum(p, e + self.lo * c);
        Self { hi, lo }
    }

    /// The nearest double-double to a rational number.
    pub fn from_rational(r: &rug::Rational) -> Self {
        Self::from(&rug::Float::with_val(160, r))
    }
}

impl From<&rug::Float> for DoubleDouble {
    /// The value rounded twice: to `f64`, then the remainder (exact at the float's
    /// precision) to `f64`; a value outside `f64`'s range keeps its infinite `hi`.
    fn from(x: &rug::Float) -> Self {
        let hi = x.to_f64();
        if !hi.is_finite() {
            return Self::from(hi);
        }
        let lo = rug::Float::with_val(x.prec(), x - hi).to_f64();
        Self::new(hi, lo)
    }
}

/// Constants of the elementary functions, rounded once from 200-bit MPFR values:
/// $\ln 2$, $\pi/2$ and the Taylor coefficients $1/k!$, $k = 0, \dots, 19$.
struct Constants {
    ln2: DoubleDouble,
    half_pi: DoubleDouble,
    inverse_factorial: [DoubleDouble; 20],
}

fn constants() -> &'static Constants {
    static CONSTANTS: std::sync::OnceLock<Constants> = std::sync::OnceLock::new();
    CONSTANTS.get_or_init(|| {
        let mut inverse_factorial = [DoubleDouble::default(); 20];
        let mut k_factorial = rug::Integer::from(1);
        for (k, c) in inverse_factorial.iter_mut().enumerate() {
            if k > 0 {
                k_factorial *= k as u32;
            }
            *c = DoubleDouble::from_rational(&rug::Rational::from((1, &k_factorial)));
        }
        Constants {
            ln2: DoubleDouble::from(&rug::Float::with_val(200, rug::float::Constant::Log2)),
            half_pi: DoubleDouble::from(
                &(rug::Float::with_val(200, rug::float::Constant::Pi) / 2u32),
            ),
            inverse_factorial,
        }
    })
}

/// How many times the reduced argument of [`DoubleDouble::exp`] and
/// [`DoubleDouble::sin_cos`] is halved before the Taylor series.
const HALVINGS: i32 = 10;

impl DoubleDouble {
    /// $x \cdot 2^k$, exact unless the result leaves the normal range.
    #[inline]
    fn ldexp(self, k: i32) -> Self {
        // two factors, so that 2^k itself neither overflows nor underflows for
        // |k| up to about 2,000
        let a = 2f64.powi(k / 2);
        let b = 2f64.powi(k - k / 2);
        Self {
            hi: self.hi * a * b,
            lo: self.lo * a * b,
        }
    }

    /// $\sum_{k \ge 1} c_k r^k$ by Horner's rule, with $c_k$ = `coefficients[k]`
    /// for the `terms` first $k$ in the given `step`: the Taylor tails of
    /// $e^r - 1$ (step 1), $\sin r$ (odd $k$) and $\cos r - 1$ (even $k$, signed).
    #[inline]
    fn taylor_tail(r: Self, first: usize, step: usize, terms: usize, alternating: bool) -> Self {
        let c = &constants().inverse_factorial;
        let r_step = if step == 1 { r } else { r * r };
        let mut acc = Self::default();
        for j in (0..terms).rev() {
            let k = first + j * step;
            let ck = if alternating && j % 2 == 1 {
                -c[k]
            } else {
                c[k]
            };
            acc = acc * r_step + ck;
        }
        // acc = sum_j c_{first + j step} r^{j step}; times r^first
        let mut power = Self::from(1.0);
        for _ in 0..first {
            power = power * r;
        }
        acc * power
    }

    /// $e^x$ to a relative error of a few units of $2^{-104}$ (times $|x|$, the
    /// condition number of $e^x$); $+\infty$ above $\ln(2^{1024})$, 0 below about
    /// $-745$. The argument is reduced to $x = k \ln 2 + r$, $|r| \le \ln 2 / 2$,
    /// $r$ is halved ten times, $e^{r'} - 1$ summed to degree 9 (the first neglected
    /// term is below $10^{-35}$), and the ten squarings are done on $e^{r'} - 1$
    /// ($u \mapsto 2u + u^2$), which keeps its relative accuracy.
    pub fn exp(self) -> Self {
        if self.hi.is_nan() {
            return self;
        }
        if self.hi > 709.78 {
            return Self::from(f64::INFINITY);
        }
        if self.hi < -745.2 {
            return Self::default();
        }
        let k = (self.hi / constants().ln2.hi).round();
        let r = (self - constants().ln2.mul_f64(k)).ldexp(-HALVINGS);
        let mut u = Self::taylor_tail(r, 1, 1, 9, false);
        for _ in 0..HALVINGS {
            u = u.ldexp(1) + u * u;
        }
        (u + Self::from(1.0)).ldexp(k as i32)
    }

    /// $(\sin x, \cos x)$ to an absolute error of a few units of $2^{-104}$ (plus
    /// $|x|\,2^{-106}$ from the reduction). The argument is reduced by multiples of
    /// $\pi/2$ to $|r| \le \pi/4$, halved ten times, $\sin r'$ and $\cos r' - 1$
    /// summed to degrees 9 and 10, and the double-angle formulas
    /// $\sin 2a = 2 \sin a (1 + c)$, $c(2a) = 2c(c + 2)$ with $c = \cos a - 1$ are applied
    /// ten times.
    pub fn sin_cos(self) -> (Self, Self) {
        if !self.is_finite() {
            let nan = Self::from(f64::NAN);
            return (nan, nan);
        }
        let j = (self.hi / constants().half_pi.hi).round();
        let r = (self - constants().half_pi.mul_f64(j)).ldexp(-HALVINGS);
        let mut s = Self::taylor_tail(r, 1, 2, 5, true);
        let mut c = -Self::taylor_tail(r, 2, 2, 5, true);
        for _ in 0..HALVINGS {
            let s2 = (s * (c + Self::from(1.0))).ldexp(1);
            c = (c * (c + Self::from(2.0))).ldexp(1);
            s = s2;
        }
        let c = c + Self::from(1.0);
        match (j.rem_euclid(4.0)) as u8 {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        }
    }
}

impl From<f64> for DoubleDouble {
    #[inline]
    fn from(hi: f64) -> Self {
        Self { hi, lo: 0.0 }
    }
}

impl Neg for DoubleDouble {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        Self {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Add for DoubleDouble {
    type Output = Self;
    #[inline]
    fn add(self, b: Self) -> Self {
        let (s1, s2) = two_sum(self.hi, b.hi);
        let (t1, t2) = two_sum(self.lo, b.lo);
        let (s1, s2) = quick_two_sum(s1, s2 + t1);
        let (hi, lo) = quick_two_sum(s1, s2 + t2);
        Self { hi, lo }
    }
}

impl Sub for DoubleDouble {
    type Output = Self;
    #[inline]
    fn sub(self, b: Self) -> Self {
        self + (-b)
    }
}

impl Mul for DoubleDouble {
    type Output = Self;
    #[inline]
    fn mul(self, b: Self) -> Self {
        let (p, e) = two_prod(self.hi, b.hi);
        let (hi, lo) = quick_two_sum(p, e + (self.hi * b.lo + self.lo * b.hi));
        Self { hi, lo }
    }
}

impl Div for DoubleDouble {
    type Output = Self;
    /// Long division: a first quotient in `f64`, corrected twice.
    #[inline]
    fn div(self, b: Self) -> Self {
        let q1 = self.hi / b.hi;
        let r = self - b.mul_f64(q1);
        let q2 = r.hi / b.hi;
        let r = r - b.mul_f64(q2);
        let q3 = r.hi / b.hi;
        let (hi, lo) = quick_two_sum(q1, q2);
        Self { hi, lo } + Self::from(q3)
    }
}

impl AddAssign for DoubleDouble {
    #[inline]
    fn add_assign(&mut self, b: Self) {
        *self = *self + b;
    }
}

impl SubAssign for DoubleDouble {
    #[inline]
    fn sub_assign(&mut self, b: Self) {
        *self = *self - b;
    }
}

/// A complex number with double-double real and imaginary parts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ComplexDd {
    /// The real part.
    pub re: DoubleDouble,
    /// The imaginary part.
    pub im: DoubleDouble,
}

impl ComplexDd {
    /// $\mathrm{re} + i\,\mathrm{im}$.
    #[inline]
    pub fn new(re: DoubleDouble, im: DoubleDouble) -> Self {
        Self { re, im }
    }

    /// The value rounded to `Complex<f64>`.
    #[inline]
    pub fn to_c64(self) -> Complex64 {
        Complex64::new(self.re.to_f64(), self.im.to_f64())
    }

    /// Whether both parts are finite.
    #[inline]
    pub fn is_finite(self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }

    /// $c\,z$ for an `f64` complex $c$ (exact products of the parts, then sums).
    #[inline]
    pub fn scale(self, c: Complex64) -> Self {
        Self {
            re: self.re.mul_f64(c.re) - self.im.mul_f64(c.im),
            im: self.re.mul_f64(c.im) + self.im.mul_f64(c.re),
        }
    }

    /// $|z|^2$ in double-double.
    #[inline]
    pub fn norm_sqr(self) -> DoubleDouble {
        self.re * self.re + self.im * self.im
    }

    /// $e^z = e^{\mathrm{re}\,z}(\cos \mathrm{im}\,z + i \sin \mathrm{im}\,z)$ with
    /// [`DoubleDouble::exp`] and [`DoubleDouble::sin_cos`].
    ///
    /// ```
    /// use num_complex::Complex64;
    /// use poly::ComplexDd;
    /// let z = ComplexDd::from(Complex64::new(1.0, std::f64::consts::FRAC_PI_2));
    /// let e = z.exp().to_c64();
    /// assert!((e - Complex64::new(0.0, std::f64::consts::E)).norm() < 1e-15);
    /// ```
    pub fn exp(self) -> Self {
        let m = self.re.exp();
        let (s, c) = self.im.sin_cos();
        Self {
            re: m * c,
            im: m * s,
        }
    }

    /// The nearest double-double complex to an exact coefficient.
    pub fn from_coefficient(c: &crate::Coefficient) -> Self {
        Self {
            re: DoubleDouble::from_rational(&c.re),
            im: DoubleDouble::from_rational(&c.im),
        }
    }
}

impl From<Complex64> for ComplexDd {
    #[inline]
    fn from(z: Complex64) -> Self {
        Self {
            re: z.re.into(),
            im: z.im.into(),
        }
    }
}

impl From<&rug::Complex> for ComplexDd {
    /// The nearest double-double complex (each part rounded twice: to `f64`, then the
    /// remainder to `f64`).
    fn from(z: &rug::Complex) -> Self {
        Self {
            re: z.real().into(),
            im: z.imag().into(),
        }
    }
}

impl ComplexDd {
    /// The value as MPC at `prec` bits (exact for `prec` $\ge$ 2 · 53 when the two
    /// parts of each double-double are within 53 binades of each other; otherwise
    /// rounded).
    pub fn to_complex(self, prec: u32) -> rug::Complex {
        let part = |d: DoubleDouble| {
            let mut f = rug::Float::with_val(prec, d.hi);
            f += d.lo;
            f
        };
        rug::Complex::with_val(prec, (part(self.re), part(self.im)))
    }
}

impl Neg for ComplexDd {
    type Output = Self;
    #[inline]
    fn neg(self) -> Self {
        Self {
            re: -self.re,
            im: -self.im,
        }
    }
}

impl Add for ComplexDd {
    type Output = Self;
    #[inline]
    fn add(self, b: Self) -> Self {
        Self {
            re: self.re + b.re,
            im: self.im + b.im,
        }
    }
}

impl Sub for ComplexDd {
    type Output = Self;
    #[inline]
    fn sub(self, b: Self) -> Self {
        Self {
            re: self.re - b.re,
            im: self.im - b.im,
        }
    }
}

/// $\sum_k \pm x_k y_k$ of two double-double products: the leading products exactly
/// (Dekker, from the halves `split` gave), their sum by `two_sum`, and the low-order
/// cross terms in plain `f64`. Relative error a few units of $2^{-104}$ of
/// $|x_1 y_1| + |x_2 y_2|$, as for two products and one accurate sum.
#[inline]
fn dot2(
    (x1, x1s): (DoubleDouble, (f64, f64)),
    (y1, y1s): (DoubleDouble, (f64, f64)),
    (x2, x2s): (DoubleDouble, (f64, f64)),
    (y2, y2s): (DoubleDouble, (f64, f64)),
    sign: f64,
) -> DoubleDouble {
    let (p1, e1) = two_prod_split(x1.hi, x1s, y1.hi, y1s);
    let (p2, e2) = two_prod_split(x2.hi, x2s, y2.hi, y2s);
    let (s, es) = two_sum(p1, sign * p2);
    let cross = (x1.hi * y1.lo + x1.lo * y1.hi) + sign * (x2.hi * y2.lo + x2.lo * y2.hi);
    let (hi, lo) = quick_two_sum(s, es + (e1 + sign * e2) + cross);
    DoubleDouble { hi, lo }
}

impl Mul for ComplexDd {
    type Output = Self;
    /// The four leading products exact from four Veltkamp splits (not eight), each
    /// part one [`dot2`]: about 60 % of the work of four double-double products and
    /// two sums.
    #[inline]
    fn mul(self, b: Self) -> Self {
        let ar = (self.re, split(self.re.hi));
        let ai = (self.im, split(self.im.hi));
        let br = (b.re, split(b.re.hi));
        let bi = (b.im, split(b.im.hi));
        Self {
            re: dot2(ar, br, ai, bi, -1.0),
            im: dot2(ar, bi, ai, br, 1.0),
        }
    }
}

impl Mul<f64> for ComplexDd {
    type Output = Self;
    #[inline]
    fn mul(self, c: f64) -> Self {
        Self {
            re: self.re.mul_f64(c),
            im: self.im.mul_f64(c),
        }
    }
}

impl Div for ComplexDd {
    type Output = Self;
    /// $a / b = a \bar b / |b|^2$, with $b$ first scaled by a power of two near
    /// $1/\max(|\mathrm{Re}\,b|, |\mathrm{Im}\,b|)$ against overflow and underflow.
    #[inline]
    fn div(self, b: Self) -> Self {
        let m = b.re.hi.abs().max(b.im.hi.abs());
        let s = if m > 0.0 && m.is_finite() {
            2f64.powi(-(m.log2().round() as i32))
        } else {
            1.0
        };
        let (a, b) = (self * s, b * s);
        let d = b.norm_sqr();
        let num = Self {
            re: a.re * b.re + a.im * b.im,
            im: a.im * b.re - a.re * b.im,
        };
        Self {
            re: num.re / d,
            im: num.im / d,
        }
    }
}

impl AddAssign for ComplexDd {
    #[inline]
    fn add_assign(&mut self, b: Self) {
        *self = *self + b;
    }
}

impl SubAssign for ComplexDd {
    #[inline]
    fn sub_assign(&mut self, b: Self) {
        *self = *self - b;
    }
}

impl MulAssign for ComplexDd {
    #[inline]
    fn mul_assign(&mut self, b: Self) {
        *self = *self * b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rug::Float;

    fn exact(d: DoubleDouble) -> Float {
        let mut f = Float::with_val(300, d.hi);
        f += d.lo;
        f
    }

    /// Relative error of `d` against the exact value `x`.
    fn rel(d: DoubleDouble, x: &Float) -> f64 {
        let e = Float::with_val(300, &exact(d) - x);
        (e / x.clone().abs()).to_f64().abs()
    }

    #[test]
    fn operations_are_accurate_to_about_2_to_the_minus_103() {
        let mut rng = crate::Rng::new(11);
        for _ in 0..2000 {
            let mut r = || {
                let z = rng.complex_normal();
                DoubleDouble::new(z.re * 10f64.powi((z.im * 10.0) as i32 % 30), z.im * 1e-17)
            };
            let (a, b) = (r(), r());
            let (x, y) = (exact(a), exact(b));
            let tol = 2f64.powi(-102);
            assert!(rel(a * b, &Float::with_val(300, &x * &y)) < tol);
            assert!(rel(a / b, &Float::with_val(300, &x / &y)) < tol);
            let s = Float::with_val(300, &x + &y);
            // the accurate sum: relative to the result unless it cancels completely
            let bound = tol * (exact(a).abs().to_f64() + exact(b).abs().to_f64());
            let err = Float::with_val(300, &exact(a + b) - &s).to_f64().abs();
            assert!(err <= bound, "{err} > {bound}");
            assert!(rel(a.mul_f64(b.hi), &Float::with_val(300, &x * b.hi)) < tol);
        }
    }

    #[test]
    fn exp_and_sin_cos_match_mpfr() {
        let mut rng = crate::Rng::new(5);
        let tol = 2f64.powi(-102);
        for k in 0..6000 {
            // arguments from 1e-20 to about 740, both signs, with a low part
            let z = rng.complex_normal();
            let scale = [1e-20, 1e-3, 0.5, 3.0, 40.0, 300.0][k % 6];
            let hi = (z.re * scale).clamp(-740.0, 709.0);
            let x = DoubleDouble::new(hi, hi * z.im * 1e-17);
            let xf = exact(x);
            let want = Float::with_val(300, xf.exp_ref());
            let bound = tol * hi.abs().max(1.0);
            // near the bottom of the range the low part is subnormal: an absolute floor
            let err = Float::with_val(300, &exact(x.exp()) - &want).to_f64().abs();
            assert!(
                err < bound * want.to_f64() + 2f64.powi(-1070),
                "exp({hi}): {err}"
            );
            let (s, c) = x.sin_cos();
            let (ws, wc) = (
                Float::with_val(300, xf.sin_ref()),
                Float::with_val(300, xf.cos_ref()),
            );
            for (got, want) in [(s, ws), (c, wc)] {
                let err = Float::with_val(300, &exact(got) - &want).to_f64().abs();
                assert!(err < bound, "sin_cos({hi}): {err}");
            }
        }
        // the edges of the range
        assert_eq!(DoubleDouble::from(710.0).exp().hi, f64::INFINITY);
        assert_eq!(DoubleDouble::from(-746.0).exp().hi, 0.0);
        assert_eq!(DoubleDouble::from(f64::NEG_INFINITY).exp().hi, 0.0);
        assert!(DoubleDouble::from(f64::NAN).exp().hi.is_nan());
        assert!(DoubleDouble::from(f64::INFINITY).sin_cos().0.hi.is_nan());
        assert_eq!(DoubleDouble::from(0.0).exp(), DoubleDouble::from(1.0));
        assert_eq!(
            DoubleDouble::from(0.0).sin_cos(),
            (DoubleDouble::from(0.0), DoubleDouble::from(1.0))
        );
    }

    #[test]
    fn complex_exp_matches_mpc() {
        let mut rng = crate::Rng::new(8);
        for _ in 0..1000 {
            let z = rng.complex_normal() * 20.0;
            let w = rng.complex_normal() * 1e-16;
            let a = ComplexDd::new(DoubleDouble::new(z.re, w.re), DoubleDouble::new(z.im, w.im));
            let want = a.to_complex(300).exp();
            let diff = rug::Complex::with_val(300, &a.exp().to_complex(300) - &want);
            let scale = want.abs().real().to_f64();
            assert!(diff.abs().real().to_f64() <= 1e-29 * scale);
        }
    }

    /// A complex product whose parts cancel: each part within a few units of
    /// $2^{-104}$ of the sizes of its two products.
    #[test]
    fn complex_products_that_cancel_are_accurate() {
        let mut rng = crate::Rng::new(13);
        for _ in 0..2000 {
            let z = rng.complex_normal();
            let w = rng.complex_normal() * 1e-17;
            let a = ComplexDd::new(DoubleDouble::new(z.re, w.re), DoubleDouble::new(z.im, w.im));
            // b = (Im a, Re a) (1 + tiny): Re(a b) = Re a Im a (tiny)
            let tiny =
                DoubleDouble::from(1.0) + DoubleDouble::from(rng.complex_normal().re * 1e-25);
            let b = ComplexDd::new(a.im * tiny, a.re);
            let (x, y) = (a.to_complex(300), b.to_complex(300));
            let want = rug::Complex::with_val(300, &x * &y);
            let got = (a * b).to_complex(300);
            let size = 2.0 * (z.re * z.im).abs() + 1e-300;
            let err = Float::with_val(300, got.real() - want.real())
                .to_f64()
                .abs();
            assert!(err <= 2f64.powi(-102) * size, "{err} against {size}");
            let err = Float::with_val(300, got.imag() - want.imag())
                .to_f64()
                .abs();
            assert!(err <= 2f64.powi(-102) * (z.re * z.re + z.im * z.im));
        }
    }

    #[test]
    fn complex_operations_match_mpc() {
        let mut rng = crate::Rng::new(3);
        for _ in 0..500 {
            let mut r = || {
                let z = rng.complex_normal();
                let w = rng.complex_normal() * 1e-17;
                ComplexDd::new(DoubleDouble::new(z.re, w.re), DoubleDouble::new(z.im, w.im))
            };
            let (a, b) = (r(), r());
            let (x, y) = (a.to_complex(300), b.to_complex(300));
            for (got, want) in [
                (a * b, rug::Complex::with_val(300, &x * &y)),
                (a / b, rug::Complex::with_val(300, &x / &y)),
                (a + b, rug::Complex::with_val(300, &x + &y)),
            ] {
                let diff = rug::Complex::with_val(300, &got.to_complex(300) - &want);
                let scale = want.abs().real().to_f64();
                assert!(diff.abs().real().to_f64() <= 1e-30 * scale.max(1e-300));
            }
            // round trips
            assert_eq!(ComplexDd::from(&a.to_complex(300)), a);
        }
        let huge = ComplexDd::from(Complex64::new(1e300, -1e300));
        let q = huge / huge;
        assert!((q.to_c64() - Complex64::new(1.0, 0.0)).norm() < 1e-15);
    }
}
