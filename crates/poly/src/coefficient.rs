//! Exact Gaussian-rational coefficients.
//!
//! Every coefficient of a [`Polynomial`](crate::Polynomial) is a Gaussian rational
//! $c = a + b\,i$ with $a, b \in \mathbb{Q}$. Decimal literals of the input formats
//! (`0.125`, `1.5e-3`) and `f64` data are represented exactly, so nothing is lost
//! before the numerical stage decides on a working precision: the `f64` evaluator
//! rounds each coefficient once, the multiprecision evaluator rounds at its own
//! precision.

use num_complex::Complex64;
use rug::float::Round;
use rug::{Complex, Float, Integer, Rational};
use std::fmt;

/// A Gaussian rational `re + im·i` with exact rational parts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Coefficient {
    /// Real part.
    pub re: Rational,
    /// Imaginary part.
    pub im: Rational,
}

/// The error of [`Coefficient::from_f64`] on a NaN or infinite value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NonFiniteError;

impl fmt::Display for NonFiniteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("coefficient is NaN or infinite")
    }
}

impl std::error::Error for NonFiniteError {}

impl Coefficient {
    /// The coefficient 0.
    pub fn zero() -> Self {
        Self::default()
    }

    /// The coefficient 1.
    pub fn one() -> Self {
        Self::real(Rational::from(1))
    }

    /// The imaginary unit `i`.
    pub fn imaginary_unit() -> Self {
        Self {
            re: Rational::new(),
            im: Rational::from(1),
        }
    }

    /// A real coefficient.
    pub fn real(re: Rational) -> Self {
        Self {
            re,
            im: Rational::new(),
        }
    }

    /// A coefficient from an integer.
    pub fn from_i64(v: i64) -> Self {
        Self::real(Rational::from(v))
    }

    /// The exact rational value of a finite `f64` (every finite double is a dyadic rational).
    pub fn from_f64(v: f64) -> Result<Self, NonFiniteError> {
        Rational::from_f64(v).map(Self::real).ok_or(NonFiniteError)
    }

    /// The exact value of a finite complex double.
    pub fn from_c64(v: Complex64) -> Result<Self, NonFiniteError> {
        Ok(Self {
            re: Rational::from_f64(v.re).ok_or(NonFiniteError)?,
            im: Rational::from_f64(v.im).ok_or(NonFiniteError)?,
        })
    }

    /// Whether the coefficient is 0.
    pub fn is_zero(&self) -> bool {
        self.re.is_zero() && self.im.is_zero()
    }

    /// Whether the imaginary part is 0.
    pub fn is_real(&self) -> bool {
        self.im.is_zero()
    }

    /// Whether both parts are integers.
    pub fn is_integer(&self) -> bool {
        *self.re.denom() == 1 && *self.im.denom() == 1
    }

    /// The complex conjugate.
    pub fn conj(&self) -> Self {
        Self {
            re: self.re.clone(),
            im: Rational::from(-&self.im),
        }
    }

    /// The sum `self + other`.
    pub fn add(&self, other: &Self) -> Self {
        Self {
            re: Rational::from(&self.re + &other.re),
            im: Rational::from(&self.im + &other.im),
        }
    }

    /// The difference `self - other`.
    pub fn sub(&self, other: &Self) -> Self {
        Self {
            re: Rational::from(&self.re - &other.re),
            im: Rational::from(&self.im - &other.im),
        }
    }

    /// The product `self · other`.
    pub fn mul(&self, other: &Self) -> Self {
        if self.is_real() && other.is_real() {
            return Self::real(Rational::from(&self.re * &other.re));
        }
        let re = Rational::from(&self.re * &other.re) - Rational::from(&self.im * &other.im);
        let im = Rational::from(&self.re * &other.im) + Rational::from(&self.im * &other.re);
        Self { re, im }
    }

    /// The negation `-self`.
    pub fn neg(&self) -> Self {
        Self {
            re: Rational::from(-&self.re),
            im: Rational::from(-&self.im),
        }
    }

    /// The quotient `self / other`, or `None` when `other` is 0.
    pub fn checked_div(&self, other: &Self) -> Option<Self> {
        if other.is_zero() {
            return None;
        }
        if other.is_real() {
            return Some(Self {
                re: Rational::from(&self.re / &other.re),
                im: Rational::from(&self.im / &other.re),
            });
        }
        // (a + bi)/(c + di) = (a + bi)(c - di) / (c² + d²)
        let norm = Rational::from(other.re.square_ref()) + Rational::from(other.im.square_ref());
        let num = self.mul(&other.conj());
        Some(Self {
            re: num.re / &norm,
            im: num.im / &norm,
        })
    }

    /// The power `self^e`.
    pub fn pow(&self, e: u32) -> Self {
        let mut result = Self::one();
        let mut base = self.clone();
        let mut e = e;
        while e > 0 {
            if e & 1 == 1 {
                result = result.mul(&base);
            }
            e >>= 1;
            if e > 0 {
                base = base.mul(&base);
            }
        }
        result
    }

    /// The nearest `Complex64` (each part rounded to nearest).
    pub fn to_c64(&self) -> Complex64 {
        Complex64::new(rational_to_f64(&self.re), rational_to_f64(&self.im))
    }

    /// The value rounded to nearest at `prec` bits of mantissa.
    pub fn to_complex(&self, prec: u32) -> Complex {
        Complex::with_val(prec, (&self.re, &self.im))
    }

    /// Writes the coefficient exactly: integers and fractions `p/q`, complex parts joined
    /// with `I` (e.g. `(3/4 - 2*I)`), parenthesized when it is not a single real number.
    pub fn to_exact_string(&self, imaginary_unit: &str) -> String {
        format_parts(&self.re, &self.im, imaginary_unit, |r| {
            if *r.denom() == 1 {
                r.numer().to_string()
            } else {
                format!("{}/{}", r.numer(), r.denom())
            }
        })
    }

    /// Writes the coefficient as the shortest decimal that rounds back to the same
    /// `f64` parts (17 significant digits at most); exact only for coefficients that are
    /// doubles.
    pub fn to_f64_string(&self, imaginary_unit: &str) -> String {
        format_parts(&self.re, &self.im, imaginary_unit, |r| {
            format_f64(rational_to_f64(r))
        })
    }

    /// Whether the coefficient is exactly the decimal number printed by
    /// [`to_f64_string`](Self::to_f64_string) (that is, it is a pair of doubles whose
    /// shortest decimal expansions are exact).
    pub fn is_exact_as_f64_string(&self) -> bool {
        let back = |r: &Rational| {
            let s = format_f64(rational_to_f64(r));
            parse_decimal(&s).is_some_and(|q| q == *r)
        };
        back(&self.re) && back(&self.im)
    }
}

/// Rounds a rational to the nearest `f64` (ties to even), through MPFR, with a single
/// rounding also in the subnormal range (MPFR's IEEE subnormalization).
pub fn rational_to_f64(r: &Rational) -> f64 {
    let (mut f, dir) = Float::with_val_round(53, r, Round::Nearest);
    f.subnormalize_ieee_round(dir, Round::Nearest);
    f.to_f64()
}

/// Formats a double in Rust's shortest round-trip form with an exponent when that is
/// shorter (`1e-7`, `0.25`, `-3`).
fn format_f64(v: f64) -> String {
    let plain = format!("{v}");
    let sci = format!("{v:e}");
    if sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// Parses a plain decimal literal (`-12.5e-3`) exactly; `None` if it is not one.
pub fn parse_decimal(s: &str) -> Option<Rational> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(p) => (&s[..p], s[p + 1..].parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(p) => (&mantissa[..p], &mantissa[p + 1..]),
        None => (mantissa, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part
        .bytes()
        .chain(frac_part.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{int_part}{frac_part}");
    let numer = Integer::from_str_radix(&digits, 10).ok()?;
    let scale = exponent.checked_sub(frac_part.len() as i64)?;
    if scale.unsigned_abs() > 100_000 {
        return None;
    }
    let pow = Integer::from(Integer::u_pow_u(10, scale.unsigned_abs() as u32));
    let mut q = if scale >= 0 {
        Rational::from(numer * pow)
    } else {
        Rational::from((numer, pow))
    };
    if neg {
        q = -q;
    }
    Some(q)
}

fn format_parts(
    re: &Rational,
    im: &Rational,
    unit: &str,
    fmt_real: impl Fn(&Rational) -> String,
) -> String {
    if im.is_zero() {
        let s = fmt_real(re);
        return if re.denom() == &1 || !s.contains('/') {
            s
        } else {
            format!("({s})")
        };
    }
    let im_abs = Rational::from(im.abs_ref());
    let im_str = if im_abs == 1 {
        unit.to_string()
    } else {
        format!("{}*{unit}", fmt_real(&im_abs))
    };
    if re.is_zero() {
        if im.is_negative() {
            format!("(-{im_str})")
        } else {
            format!("({im_str})")
        }
    } else {
        let sign = if im.is_negative() { '-' } else { '+' };
        format!("({} {sign} {im_str})", fmt_real(re))
    }
}

impl fmt::Display for Coefficient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_exact_string("I"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact() {
        let a = Coefficient {
            re: Rational::from((1, 3)),
            im: Rational::from(2),
        };
        let b = Coefficient {
            re: Rational::from(-5),
            im: Rational::from((1, 7)),
        };
        let q = a.mul(&b).checked_div(&b).unwrap();
        assert_eq!(q, a);
        assert_eq!(a.add(&b).sub(&b), a);
        assert_eq!(a.pow(3), a.mul(&a).mul(&a));
        assert!(a.checked_div(&Coefficient::zero()).is_none());
    }

    #[test]
    fn f64_values_are_exact() {
        let c = Coefficient::from_f64(0.1).unwrap();
        assert_ne!(c.re, Rational::from((1, 10)));
        assert_eq!(c.to_c64().re, 0.1);
        assert!(Coefficient::from_f64(f64::NAN).is_err());
        assert!(Coefficient::from_f64(f64::INFINITY).is_err());
    }

    #[test]
    fn subnormals_round_once() {
        // every subnormal's shortest decimal must read back to the same double
        let mut rng = crate::Rng::new(4);
        for _ in 0..5000 {
            let bits = rng.next_u64() & ((1u64 << 52) - 1);
            let v = f64::from_bits(bits.max(1));
            let q = parse_decimal(&format!("{v:e}")).unwrap();
            assert_eq!(rational_to_f64(&q), v, "{v:e}");
        }
        // the tie between 0 and the smallest subnormal rounds to even (0)
        let tiny = Rational::from_f64(f64::from_bits(1)).unwrap() / 2u32;
        assert_eq!(rational_to_f64(&tiny), 0.0);
        let three_halves = Rational::from_f64(f64::from_bits(1)).unwrap() * Rational::from((3, 2));
        assert_eq!(rational_to_f64(&three_halves), f64::from_bits(2));
    }

    #[test]
    fn decimal_parsing() {
        assert_eq!(parse_decimal("1.25").unwrap(), Rational::from((5, 4)));
        assert_eq!(
            parse_decimal("-1.5e-3").unwrap(),
            Rational::from((-3, 2000))
        );
        assert_eq!(parse_decimal("2E2").unwrap(), Rational::from(200));
        assert_eq!(parse_decimal(".5").unwrap(), Rational::from((1, 2)));
        assert!(parse_decimal("1.2.3").is_none());
        assert!(parse_decimal("e5").is_none());
    }

    #[test]
    fn exact_strings() {
        let c = Coefficient {
            re: Rational::from((3, 4)),
            im: Rational::from(-2),
        };
        assert_eq!(c.to_exact_string("I"), "(3/4 - 2*I)");
        assert_eq!(Coefficient::from_i64(-7).to_exact_string("I"), "-7");
        assert_eq!(Coefficient::imaginary_unit().to_exact_string("i"), "(i)");
        assert_eq!(
            Coefficient::real(Rational::from((1, 3))).to_exact_string("I"),
            "(1/3)"
        );
    }
}
