//! Rigorous real and complex interval arithmetic with outward rounding.
//!
//! An interval $[a, b] \subset \mathbb{R}$ stands for every real number between its
//! endpoints. Each operation $\circ$ returns an interval that contains
//! $\{x \circ y : x \in X, y \in Y\}$ (the *inclusion property* of Moore, *Interval
//! Analysis*, 1966): the exact endpoint formulas are evaluated with rounding directed
//! outward, so rounding errors only ever widen the result.
//!
//! * [`Interval`] has `f64` endpoints. IEEE arithmetic rounds to nearest, so the
//!   computed $\mathrm{fl}(x \circ y)$ is within half an ulp of the exact value and
//!   the exact value lies in $[\mathrm{pred}(\mathrm{fl}), \mathrm{succ}(\mathrm{fl})]$;
//!   every endpoint is moved one floating-point number outward (also correct for
//!   subnormal results and for overflow to $\pm\infty$).
//! * [`MpInterval`] has MPFR endpoints at a chosen precision and uses MPFR's directed
//!   rounding (`Round::Down` for lower, `Round::Up` for upper endpoints): tight
//!   enclosures for ill-conditioned solutions.
//!
//! [`ComplexInterval`] is a rectangle $X_{\mathrm{re}} + i X_{\mathrm{im}}$ over either
//! kind; its product $(a + bi)(c + di) = (ac - bd) + (ad + bc)i$ is evaluated with the
//! real interval operations and so also contains every exact product. Rectangles are
//! convex, which the mean-value form behind the Krawczyk operator needs.

use num_complex::Complex64;
use poly::rug::float::Round;
use poly::rug::{Float, Rational};
use std::cmp::Ordering;
use std::fmt::Debug;

/// A closed real interval with rigorous (outwardly rounded) arithmetic, at a precision
/// of `precision()` bits for its endpoints.
pub trait RealInterval: Clone + Debug + Send + Sync {
    /// Bits of mantissa of the endpoints (53 for `f64`).
    fn precision(&self) -> u32;
    /// The point interval $[v, v]$ (exact: every `f64` is representable at $\ge 53$ bits).
    fn point(v: f64, precision: u32) -> Self;
    /// The interval $[lo, hi]$ from `f64` endpoints (exact). Requires `lo <= hi`.
    fn from_f64_bounds(lo: f64, hi: f64, precision: u32) -> Self;
    /// The narrowest interval with endpoints at `precision` bits containing the
    /// rational `q`: a point when `q` is representable, else one ulp wide.
    fn enclose_rational(q: &Rational, precision: u32) -> Self;
    /// $X + Y$.
    fn add(&self, other: &Self) -> Self;
    /// $X - Y$.
    fn sub(&self, other: &Self) -> Self;
    /// $X \cdot Y$.
    fn mul(&self, other: &Self) -> Self;
    /// $-X$ (exact).
    fn neg(&self) -> Self;
    /// A point interval at (about) the midpoint; only used for approximations.
    fn midpoint(&self) -> Self;
    /// The midpoint rounded to `f64`; only used for approximations.
    fn mid_f64(&self) -> f64;
    /// The midpoint as an MPFR number of the interval's precision (only used for
    /// approximations, such as the preconditioner).
    fn mid_float(&self) -> Float;
    /// The point interval of `v` rounded to nearest at `precision` bits.
    fn point_float(v: &Float, precision: u32) -> Self;
    /// An `f64` interval containing this one (endpoints rounded outward).
    fn to_outer_f64(&self) -> Interval;
    /// An `f64` interval contained in this one (endpoints rounded inward), if there is
    /// one.
    fn to_inner_f64(&self) -> Option<Interval>;
    /// Whether `self` lies in the interior of `outer`: `outer.lo < lo` and `hi < outer.hi`.
    fn strictly_inside(&self, outer: &Self) -> bool;
    /// Whether $0 \in X$.
    fn contains_zero(&self) -> bool;
    /// $X \cap Y$, or `None` when it is empty.
    fn intersect(&self, other: &Self) -> Option<Self>;
    /// Whether the interval is exactly $[-s, s]$ for some $s$.
    fn is_symmetric_about_zero(&self) -> bool;
    /// An upper bound on $\max_{x \in X} |x - c|$ for the `f64` number `c`.
    fn distance_bound(&self, c: f64) -> f64;
}

/// The next `f64` above `x` ($+\infty$ and NaN stay; $\pm 0$ goes to the smallest
/// positive subnormal).
pub fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    if x > 0.0 {
        f64::from_bits(bits + 1)
    } else {
        f64::from_bits(bits - 1)
    }
}

/// The next `f64` below `x`.
pub fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

/// A real interval $[lo, hi]$ with `f64` endpoints and outward rounding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lower endpoint.
    pub lo: f64,
    /// Upper endpoint.
    pub hi: f64,
}

impl Interval {
    /// The whole real line (the result of an operation that produced NaN).
    pub const ENTIRE: Self = Self {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };

    /// $[lo, hi]$.
    ///
    /// # Panics
    /// If `lo > hi` or an endpoint is NaN.
    pub fn new(lo: f64, hi: f64) -> Self {
        assert!(lo <= hi, "interval endpoints out of order: [{lo}, {hi}]");
        Self { lo, hi }
    }

    /// The interval containing the exact values whose nearest doubles are `lo` and `hi`.
    fn rounded(lo: f64, hi: f64) -> Self {
        if lo.is_nan() || hi.is_nan() {
            return Self::ENTIRE;
        }
        Self {
            lo: next_down(lo),
            hi: next_up(hi),
        }
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    /// The width `hi - lo` (rounded up).
    pub fn width(&self) -> f64 {
        next_up(self.hi - self.lo)
    }

    /// Whether the two intervals share a point.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Whether `self` ⊆ `other`.
    pub fn subset_of(&self, other: &Self) -> bool {
        other.lo <= self.lo && self.hi <= other.hi
    }
}

impl RealInterval for Interval {
    fn precision(&self) -> u32 {
        53
    }

    fn point(v: f64, _precision: u32) -> Self {
        Self { lo: v, hi: v }
    }

    fn from_f64_bounds(lo: f64, hi: f64, _precision: u32) -> Self {
        Self::new(lo, hi)
    }

    fn enclose_rational(q: &Rational, _precision: u32) -> Self {
        let v = poly::rational_to_f64(q);
        match Rational::from_f64(v).map(|exact| exact.cmp(q)) {
            Some(Ordering::Equal) => Self { lo: v, hi: v },
            // the nearest double is within one ulp, on the side the comparison tells
            Some(Ordering::Less) => Self {
                lo: v,
                hi: next_up(v),
            },
            Some(Ordering::Greater) => Self {
                lo: next_down(v),
                hi: v,
            },
            // overflow to ±∞: the rational is beyond ±MAX
            None => Self::rounded(v, v),
        }
    }

    fn add(&self, other: &Self) -> Self {
        Self::rounded(self.lo + other.lo, self.hi + other.hi)
    }

    fn sub(&self, other: &Self) -> Self {
        Self::rounded(self.lo - other.hi, self.hi - other.lo)
    }

    fn mul(&self, other: &Self) -> Self {
        let p = [
            self.lo * other.lo,
            self.lo * other.hi,
            self.hi * other.lo,
            self.hi * other.hi,
        ];
        if p.iter().any(|v| v.is_nan()) {
            return Self::ENTIRE;
        }
        let lo = p.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self::rounded(lo, hi)
    }

    fn neg(&self) -> Self {
        Self {
            lo: -self.hi,
            hi: -self.lo,
        }
    }

    fn mid_float(&self) -> Float {
        Float::with_val(53, self.mid_f64())
    }

    fn point_float(v: &Float, _precision: u32) -> Self {
        let v = v.to_f64();
        Self { lo: v, hi: v }
    }

    fn midpoint(&self) -> Self {
        let m = self.mid_f64();
        Self { lo: m, hi: m }
    }

    fn mid_f64(&self) -> f64 {
        if self.lo == self.hi {
            return self.lo;
        }
        let m = 0.5 * self.lo + 0.5 * self.hi;
        if m.is_finite() {
            m.clamp(self.lo, self.hi)
        } else {
            0.0
        }
    }

    fn to_outer_f64(&self) -> Interval {
        *self
    }

    fn to_inner_f64(&self) -> Option<Interval> {
        Some(*self)
    }

    fn strictly_inside(&self, outer: &Self) -> bool {
        outer.lo < self.lo && self.hi < outer.hi
    }

    fn contains_zero(&self) -> bool {
        self.lo <= 0.0 && 0.0 <= self.hi
    }

    fn intersect(&self, other: &Self) -> Option<Self> {
        let lo = self.lo.max(other.lo);
        let hi = self.hi.min(other.hi);
        (lo <= hi).then_some(Self { lo, hi })
    }

    fn is_symmetric_about_zero(&self) -> bool {
        self.lo == -self.hi
    }

    fn distance_bound(&self, c: f64) -> f64 {
        next_up((self.hi - c).max(c - self.lo))
    }
}

/// A real interval with MPFR endpoints of a fixed precision and directed rounding.
#[derive(Clone, Debug, PartialEq)]
pub struct MpInterval {
    /// Lower endpoint.
    pub lo: Float,
    /// Upper endpoint.
    pub hi: Float,
}

impl MpInterval {
    fn prec(&self) -> u32 {
        self.lo.prec().max(self.hi.prec())
    }

    fn entire(prec: u32) -> Self {
        Self {
            lo: Float::with_val(prec, f64::NEG_INFINITY),
            hi: Float::with_val(prec, f64::INFINITY),
        }
    }

    fn checked(self) -> Self {
        if self.lo.is_nan() || self.hi.is_nan() {
            Self::entire(self.prec())
        } else {
            self
        }
    }
}

impl RealInterval for MpInterval {
    fn precision(&self) -> u32 {
        self.prec()
    }

    fn point(v: f64, precision: u32) -> Self {
        let p = Float::with_val(precision.max(53), v);
        Self {
            lo: p.clone(),
            hi: p,
        }
    }

    fn from_f64_bounds(lo: f64, hi: f64, precision: u32) -> Self {
        assert!(lo <= hi, "interval endpoints out of order: [{lo}, {hi}]");
        Self {
            lo: Float::with_val(precision.max(53), lo),
            hi: Float::with_val(precision.max(53), hi),
        }
    }

    fn enclose_rational(q: &Rational, precision: u32) -> Self {
        Self {
            lo: Float::with_val_round(precision, q, Round::Down).0,
            hi: Float::with_val_round(precision, q, Round::Up).0,
        }
    }

    fn add(&self, other: &Self) -> Self {
        let p = self.prec().max(other.prec());
        Self {
            lo: Float::with_val_round(p, &self.lo + &other.lo, Round::Down).0,
            hi: Float::with_val_round(p, &self.hi + &other.hi, Round::Up).0,
        }
        .checked()
    }

    fn sub(&self, other: &Self) -> Self {
        let p = self.prec().max(other.prec());
        Self {
            lo: Float::with_val_round(p, &self.lo - &other.hi, Round::Down).0,
            hi: Float::with_val_round(p, &self.hi - &other.lo, Round::Up).0,
        }
        .checked()
    }

    fn mul(&self, other: &Self) -> Self {
        let p = self.prec().max(other.prec());
        let pairs = [
            (&self.lo, &other.lo),
            (&self.lo, &other.hi),
            (&self.hi, &other.lo),
            (&self.hi, &other.hi),
        ];
        let mut lo: Option<Float> = None;
        let mut hi: Option<Float> = None;
        for (a, b) in pairs {
            let down = Float::with_val_round(p, a * b, Round::Down).0;
            let up = Float::with_val_round(p, a * b, Round::Up).0;
            if down.is_nan() || up.is_nan() {
                return Self::entire(p);
            }
            if lo.as_ref().is_none_or(|l| down < *l) {
                lo = Some(down);
            }
            if hi.as_ref().is_none_or(|h| up > *h) {
                hi = Some(up);
            }
        }
        Self {
            lo: lo.expect("four products"),
            hi: hi.expect("four products"),
        }
    }

    fn neg(&self) -> Self {
        Self {
            lo: Float::with_val(self.hi.prec(), -&self.hi),
            hi: Float::with_val(self.lo.prec(), -&self.lo),
        }
    }

    fn mid_float(&self) -> Float {
        self.midpoint().lo
    }

    fn point_float(v: &Float, precision: u32) -> Self {
        let p = Float::with_val(precision.max(53), v);
        Self {
            lo: p.clone(),
            hi: p,
        }
    }

    fn midpoint(&self) -> Self {
        let p = self.prec();
        let mut m = Float::with_val(p, &self.lo + &self.hi);
        m /= 2;
        if !m.is_finite() {
            m = Float::with_val(p, 0);
        }
        if m < self.lo {
            m.clone_from(&self.lo);
        }
        if m > self.hi {
            m.clone_from(&self.hi);
        }
        Self {
            lo: m.clone(),
            hi: m,
        }
    }

    fn mid_f64(&self) -> f64 {
        self.midpoint().lo.to_f64()
    }

    fn to_outer_f64(&self) -> Interval {
        Interval {
            lo: self.lo.to_f64_round(Round::Down),
            hi: self.hi.to_f64_round(Round::Up),
        }
    }

    fn to_inner_f64(&self) -> Option<Interval> {
        let lo = self.lo.to_f64_round(Round::Up);
        let hi = self.hi.to_f64_round(Round::Down);
        (lo <= hi).then_some(Interval { lo, hi })
    }

    fn strictly_inside(&self, outer: &Self) -> bool {
        outer.lo < self.lo && self.hi < outer.hi
    }

    fn contains_zero(&self) -> bool {
        self.lo.cmp0().is_some_and(|o| o != Ordering::Greater)
            && self.hi.cmp0().is_some_and(|o| o != Ordering::Less)
    }

    fn intersect(&self, other: &Self) -> Option<Self> {
        let lo = if self.lo >= other.lo {
            &self.lo
        } else {
            &other.lo
        };
        let hi = if self.hi <= other.hi {
            &self.hi
        } else {
            &other.hi
        };
        (lo <= hi).then(|| Self {
            lo: lo.clone(),
            hi: hi.clone(),
        })
    }

    fn is_symmetric_about_zero(&self) -> bool {
        self.lo == Float::with_val(self.hi.prec(), -&self.hi)
    }

    fn distance_bound(&self, c: f64) -> f64 {
        let p = self.prec();
        let a = Float::with_val_round(p, &self.hi - c, Round::Up).0;
        let b = Float::with_val_round(p, c - &self.lo, Round::Up).0;
        a.to_f64_round(Round::Up).max(b.to_f64_round(Round::Up))
    }
}

/// A complex rectangle $X_{\mathrm{re}} + i\,X_{\mathrm{im}}$.
#[derive(Clone, Debug, PartialEq)]
pub struct ComplexInterval<I> {
    /// Real part.
    pub re: I,
    /// Imaginary part.
    pub im: I,
}

impl<I: RealInterval> ComplexInterval<I> {
    /// The point $z$ (exact).
    pub fn point(z: Complex64, precision: u32) -> Self {
        Self {
            re: I::point(z.re, precision),
            im: I::point(z.im, precision),
        }
    }

    /// The rectangle containing the Gaussian rational `c` (each part enclosed by
    /// [`RealInterval::enclose_rational`]).
    pub fn enclose_coefficient(c: &poly::Coefficient, precision: u32) -> Self {
        Self {
            re: I::enclose_rational(&c.re, precision),
            im: I::enclose_rational(&c.im, precision),
        }
    }

    /// $X + Y$.
    pub fn add(&self, other: &Self) -> Self {
        Self {
            re: self.re.add(&other.re),
            im: self.im.add(&other.im),
        }
    }

    /// $X - Y$.
    pub fn sub(&self, other: &Self) -> Self {
        Self {
            re: self.re.sub(&other.re),
            im: self.im.sub(&other.im),
        }
    }

    /// $X \cdot Y$ by $(a + bi)(c + di) = (ac - bd) + (ad + bc)i$.
    pub fn mul(&self, other: &Self) -> Self {
        Self {
            re: self.re.mul(&other.re).sub(&self.im.mul(&other.im)),
            im: self.re.mul(&other.im).add(&self.im.mul(&other.re)),
        }
    }

    /// The midpoint as an (approximate) `Complex64`.
    pub fn mid_c64(&self) -> Complex64 {
        Complex64::new(self.re.mid_f64(), self.im.mid_f64())
    }

    /// A point rectangle at (about) the midpoint.
    pub fn midpoint(&self) -> Self {
        Self {
            re: self.re.midpoint(),
            im: self.im.midpoint(),
        }
    }

    /// Whether `self` lies in the interior of `outer` (both parts strictly inside).
    pub fn strictly_inside(&self, outer: &Self) -> bool {
        self.re.strictly_inside(&outer.re) && self.im.strictly_inside(&outer.im)
    }

    /// Whether $0 \in X$.
    pub fn contains_zero(&self) -> bool {
        self.re.contains_zero() && self.im.contains_zero()
    }

    /// $X \cap Y$, or `None` when empty.
    pub fn intersect(&self, other: &Self) -> Option<Self> {
        Some(Self {
            re: self.re.intersect(&other.re)?,
            im: self.im.intersect(&other.im)?,
        })
    }

    /// An `f64` rectangle containing this one.
    pub fn to_outer_f64(&self) -> ComplexInterval<Interval> {
        ComplexInterval {
            re: self.re.to_outer_f64(),
            im: self.im.to_outer_f64(),
        }
    }

    /// An `f64` rectangle contained in this one, if any.
    pub fn to_inner_f64(&self) -> Option<ComplexInterval<Interval>> {
        Some(ComplexInterval {
            re: self.re.to_inner_f64()?,
            im: self.im.to_inner_f64()?,
        })
    }

    /// An upper bound on $\max(|\mathrm{Re}(x - c)|, |\mathrm{Im}(x - c)|)$ over $x \in X$.
    pub fn distance_bound(&self, c: Complex64) -> f64 {
        self.re
            .distance_bound(c.re)
            .max(self.im.distance_bound(c.im))
    }
}

impl ComplexInterval<Interval> {
    /// Whether the two rectangles share a point.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.re.overlaps(&other.re) && self.im.overlaps(&other.im)
    }

    /// Whether `self` ⊆ `other`.
    pub fn subset_of(&self, other: &Self) -> bool {
        self.re.subset_of(&other.re) && self.im.subset_of(&other.im)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poly::rug::Rational;

    /// The exact rational value of an `f64` endpoint (infinite endpoints are skipped by
    /// the callers).
    fn q(v: f64) -> Rational {
        Rational::from_f64(v).expect("finite")
    }

    fn contains<I: RealInterval>(x: &I, v: &Rational) -> bool {
        let o = x.to_outer_f64();
        q(o.lo) <= *v && *v <= q(o.hi)
    }

    fn contains_mp(x: &MpInterval, v: &Rational) -> bool {
        let lo = x.lo.to_rational().expect("finite");
        let hi = x.hi.to_rational().expect("finite");
        lo <= *v && *v <= hi
    }

    /// Random doubles of widely varying magnitude and sign, from a fixed seed.
    fn random_f64(rng: &mut poly::Rng) -> f64 {
        let mantissa = rng.uniform_in(-1.0, 1.0);
        let exponent = (rng.next_u64() % 80) as i32 - 40;
        mantissa * 2f64.powi(exponent)
    }

    fn random_interval(rng: &mut poly::Rng) -> (f64, f64) {
        let a = random_f64(rng);
        let b = if rng.uniform() < 0.3 {
            a
        } else {
            a + random_f64(rng).abs() * 1e-3
        };
        (a.min(b), a.max(b))
    }

    /// Outward rounding: for random intervals and random exact points in them, the
    /// exact (rational) sum, difference and product lies in the computed interval, for
    /// `f64` and MPFR endpoints.
    #[test]
    fn operations_contain_exact_results() {
        let mut rng = poly::Rng::new(17);
        for _ in 0..3000 {
            let (a0, a1) = random_interval(&mut rng);
            let (b0, b1) = random_interval(&mut rng);
            let t = rng.uniform();
            let s = rng.uniform();
            // exact points inside: endpoints or a convex combination (in rationals)
            let pa = q(a0) + (q(a1) - q(a0)) * Rational::from_f64(t).unwrap();
            let pb = q(b0) + (q(b1) - q(b0)) * Rational::from_f64(s).unwrap();
            let exact = [
                Rational::from(&pa + &pb),
                Rational::from(&pa - &pb),
                Rational::from(&pa * &pb),
            ];
            let x = Interval::new(a0, a1);
            let y = Interval::new(b0, b1);
            for (r, e) in [x.add(&y), x.sub(&y), x.mul(&y)].iter().zip(&exact) {
                assert!(contains(r, e), "{x:?} {y:?} -> {r:?}");
            }
            let xm = MpInterval::from_f64_bounds(a0, a1, 60);
            let ym = MpInterval::from_f64_bounds(b0, b1, 60);
            for (r, e) in [xm.add(&ym), xm.sub(&ym), xm.mul(&ym)].iter().zip(&exact) {
                assert!(contains_mp(r, e), "{xm:?} {ym:?} -> {r:?}");
            }
        }
    }

    /// The products of point intervals are rounded: a product that is not a double is
    /// enclosed in an interval of positive width around it.
    #[test]
    fn rounding_is_outward_not_to_nearest() {
        let x = Interval::point(0.1, 53);
        let p = x.mul(&x);
        let exact = Rational::from(q(0.1).square_ref());
        assert!(contains(&p, &exact));
        assert!(p.lo < p.hi);
        assert!(p.lo < 0.1 * 0.1 && 0.1 * 0.1 < p.hi);
        let m = MpInterval::point(0.1, 64).mul(&MpInterval::point(0.1, 64));
        assert!(contains_mp(&m, &exact));
        assert!(m.lo < m.hi);
    }

    /// Rationals that are not doubles get a one-ulp enclosure; doubles a point.
    #[test]
    fn rational_enclosures() {
        let third = Rational::from((1, 3));
        let e = Interval::enclose_rational(&third, 53);
        assert!(contains(&e, &third));
        assert_eq!(next_up(e.lo), e.hi, "one ulp wide");
        let exact = Interval::enclose_rational(&q(0.375), 53);
        assert_eq!((exact.lo, exact.hi), (0.375, 0.375));
        let m = MpInterval::enclose_rational(&third, 200);
        assert!(contains_mp(&m, &third));
        assert!(m.lo < m.hi && m.lo.prec() == 200);
        // huge rationals overflow to an enclosure with an infinite endpoint
        let huge = Rational::from(poly::rug::Integer::u_pow_u(10, 400));
        let h = Interval::enclose_rational(&huge, 53);
        assert_eq!(h.hi, f64::INFINITY);
        assert_eq!(h.lo, f64::MAX);
    }

    #[test]
    fn next_up_and_down() {
        assert_eq!(next_up(1.0), 1.0 + f64::EPSILON);
        assert_eq!(next_down(1.0), 1.0 - f64::EPSILON / 2.0);
        assert_eq!(next_up(0.0), f64::from_bits(1));
        assert_eq!(next_down(0.0), -f64::from_bits(1));
        assert_eq!(next_up(-f64::from_bits(1)), -0.0);
        assert_eq!(next_down(f64::INFINITY), f64::MAX);
        assert_eq!(next_up(f64::INFINITY), f64::INFINITY);
        assert!(next_up(f64::NAN).is_nan());
    }

    /// 0·∞ gives the whole line instead of NaN.
    #[test]
    fn nan_products_become_entire() {
        let z = Interval::point(0.0, 53);
        let inf = Interval::new(1.0, f64::INFINITY);
        assert_eq!(z.mul(&inf), Interval::ENTIRE);
    }

    #[test]
    fn complex_product_contains_exact_product() {
        let mut rng = poly::Rng::new(5);
        for _ in 0..500 {
            let a = Complex64::new(random_f64(&mut rng), random_f64(&mut rng));
            let b = Complex64::new(random_f64(&mut rng), random_f64(&mut rng));
            let p = ComplexInterval::<Interval>::point(a, 53).mul(&ComplexInterval::point(b, 53));
            let re = q(a.re) * q(b.re) - q(a.im) * q(b.im);
            let im = q(a.re) * q(b.im) + q(a.im) * q(b.re);
            assert!(contains(&p.re, &re) && contains(&p.im, &im));
        }
    }
}
