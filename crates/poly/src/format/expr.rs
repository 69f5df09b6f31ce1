//! Expressions: a recursive-descent parser to a small syntax tree, and its exact
//! evaluation to a [`Polynomial`] with guards against inputs that would exhaust time
//! or memory (deep nesting, huge exponents, degrees, coefficients and expansions).
//!
//! Grammar (both formats):
//!
//! ```text
//! sum     := product (('+' | '-') product)*
//! product := unary (('*' | '/') unary)*
//! unary   := ('+' | '-') unary | power
//! power   := primary (('^' | '**') unary)?        (right associative)
//! primary := number | name | '(' sum ')'
//! ```

use super::lexer::{Lexer, Pos, Tok};
use super::ParseError;
use crate::{Coefficient, Polynomial, Term};
use rug::Rational;

/// Maximal nesting of parentheses, signs and exponents.
pub(crate) const MAX_DEPTH: usize = 256;
/// Largest exponent accepted in `p^e`.
pub(crate) const MAX_EXPONENT: u32 = 10_000;
/// Largest total degree of any intermediate polynomial.
const MAX_DEGREE: u64 = 1_000_000;
/// Largest number of term pairs in one multiplication.
const MAX_PAIRS_PER_PRODUCT: u64 = 4_000_000;
/// Largest number of term pairs multiplied while reading one file.
const MAX_PAIRS_TOTAL: u64 = 20_000_000;
/// Largest size (numerator plus denominator bits) of a coefficient part.
const MAX_COEFFICIENT_BITS: u64 = 1 << 22;

/// A parsed expression with the position of its first token.
#[derive(Clone, Debug)]
pub(crate) struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

/// The expression forms.
#[derive(Clone, Debug)]
pub(crate) enum ExprKind {
    Number(Rational),
    Name(String),
    Neg(Box<Expr>),
    /// Terms with a flag telling whether they are subtracted.
    Sum(Vec<(bool, Expr)>),
    /// Factors with a flag telling whether they divide (the first one never does).
    Product(Vec<(bool, Expr)>),
    Pow(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Calls `f` on every name, in order of appearance in the text.
    pub fn visit_names(&self, f: &mut impl FnMut(&str, Pos)) {
        match &self.kind {
            ExprKind::Number(_) => {}
            ExprKind::Name(name) => f(name, self.pos),
            ExprKind::Neg(e) => e.visit_names(f),
            ExprKind::Sum(items) | ExprKind::Product(items) => {
                for (_, e) in items {
                    e.visit_names(f);
                }
            }
            ExprKind::Pow(base, exponent) => {
                base.visit_names(f);
                exponent.visit_names(f);
            }
        }
    }
}

/// Parses an expression at the lexer's position; stops before the first token that
/// cannot continue it (for the caller to check, e.g. `;`).
pub(crate) fn parse_expr(lexer: &mut Lexer) -> Result<Expr, ParseError> {
    ExprParser { lexer, depth: 0 }.sum()
}

/// The error for a token after a complete expression where the caller expected `what`.
pub(crate) fn unexpected_after_expr(tok: &Tok, pos: Pos, what: &str) -> ParseError {
    match tok {
        Tok::RParen => pos.error("unmatched `)`"),
        Tok::Number(..) | Tok::Ident(_) | Tok::LParen => pos.error(format!(
            "expected an operator or {what}, found {} (missing `*`?)",
            tok.describe()
        )),
        Tok::Eof => pos.error(format!("expected {what}, found end of input")),
        _ => pos.error(format!(
            "expected an operator or {what}, found {}",
            tok.describe()
        )),
    }
}

struct ExprParser<'l> {
    lexer: &'l mut Lexer,
    depth: usize,
}

impl ExprParser<'_> {
    fn sum(&mut self) -> Result<Expr, ParseError> {
        let first = self.product()?;
        let pos = first.pos;
        let mut items = vec![(false, first)];
        loop {
            let negate = match self.lexer.peek()?.tok {
                Tok::Plus => false,
                Tok::Minus => true,
                _ => break,
            };
            self.lexer.next_token()?;
            items.push((negate, self.product()?));
        }
        Ok(collapse(pos, items, ExprKind::Sum))
    }

    fn product(&mut self) -> Result<Expr, ParseError> {
        let first = self.unary()?;
        let pos = first.pos;
        let mut items = vec![(false, first)];
        loop {
            let divide = match self.lexer.peek()?.tok {
                Tok::Star => false,
                Tok::Slash => true,
                _ => break,
            };
            self.lexer.next_token()?;
            items.push((divide, self.unary()?));
        }
        Ok(collapse(pos, items, ExprKind::Product))
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Expr, ParseError> {
        let token = self.lexer.peek()?;
        let pos = token.pos;
        if self.depth > MAX_DEPTH {
            return Err(pos.error(format!(
                "expression nested too deeply (more than {MAX_DEPTH} levels of parentheses, signs or exponents)"
            )));
        }
        match token.tok {
            Tok::Plus => {
                self.lexer.next_token()?;
                self.unary()
            }
            Tok::Minus => {
                self.lexer.next_token()?;
                let inner = self.unary()?;
                Ok(Expr {
                    pos,
                    kind: ExprKind::Neg(Box::new(inner)),
                })
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<Expr, ParseError> {
        let base = self.primary()?;
        if matches!(self.lexer.peek()?.tok, Tok::Caret | Tok::StarStar) {
            self.lexer.next_token()?;
            let exponent = self.unary()?;
            return Ok(Expr {
                pos: base.pos,
                kind: ExprKind::Pow(Box::new(base), Box::new(exponent)),
            });
        }
        Ok(base)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let token = self.lexer.next_token()?;
        let pos = token.pos;
        match token.tok {
            Tok::Number(q, _) => Ok(Expr {
                pos,
                kind: ExprKind::Number(q),
            }),
            Tok::Ident(name) => {
                if self.lexer.peek()?.tok == Tok::LParen {
                    return Err(pos.error(format!(
                        "function calls like `{name}(...)` are not supported (polynomials only)"
                    )));
                }
                Ok(Expr {
                    pos,
                    kind: ExprKind::Name(name),
                })
            }
            Tok::LParen => {
                let inner = self.sum()?;
                let close = self.lexer.next_token()?;
                if close.tok != Tok::RParen {
                    let what = format!(
                        "`)` to close the `(` at line {}, column {}",
                        pos.line, pos.column
                    );
                    return Err(unexpected_after_expr(&close.tok, close.pos, &what));
                }
                Ok(Expr {
                    pos,
                    kind: inner.kind,
                })
            }
            other => Err(pos.error(format!(
                "expected a number, a name or `(`, found {}",
                other.describe()
            ))),
        }
    }
}

fn collapse(
    pos: Pos,
    mut items: Vec<(bool, Expr)>,
    wrap: fn(Vec<(bool, Expr)>) -> ExprKind,
) -> Expr {
    if items.len() == 1 && !items[0].0 {
        if let Some((_, e)) = items.pop() {
            return e;
        }
    }
    Expr {
        pos,
        kind: wrap(items),
    }
}

/// What names mean while evaluating.
pub(crate) trait Scope {
    /// Number of variables of the polynomials.
    fn nvars(&self) -> usize;
    /// The value of a name (a variable, a constant, the imaginary unit, ...).
    fn lookup(&self, name: &str, pos: Pos) -> Result<Polynomial, ParseError>;
}

/// Evaluates expressions exactly, keeping a budget of work for the whole file.
pub(crate) struct Evaluator {
    pairs_left: u64,
}

impl Default for Evaluator {
    fn default() -> Self {
        Self {
            pairs_left: MAX_PAIRS_TOTAL,
        }
    }
}

/// The constant value of a polynomial without variables.
pub(crate) fn as_constant(p: &Polynomial) -> Option<Coefficient> {
    match p.terms() {
        [] => Some(Coefficient::zero()),
        [t] if t.exponents.iter().all(|&e| e == 0) => Some(t.coefficient.clone()),
        _ => None,
    }
}

fn rational_bits(r: &Rational) -> u64 {
    u64::from(r.numer().significant_bits()) + u64::from(r.denom().significant_bits())
}

fn coefficient_bits(c: &Coefficient) -> u64 {
    rational_bits(&c.re).max(rational_bits(&c.im))
}

fn max_bits(p: &Polynomial) -> u64 {
    p.terms()
        .iter()
        .map(|t| coefficient_bits(&t.coefficient))
        .max()
        .unwrap_or(0)
}

fn too_large(pos: Pos) -> ParseError {
    pos.error(format!(
        "coefficients too large (more than {MAX_COEFFICIENT_BITS} bits)"
    ))
}

impl Evaluator {
    /// The polynomial value of `e`.
    pub fn eval(&mut self, e: &Expr, scope: &dyn Scope) -> Result<Polynomial, ParseError> {
        let n = scope.nvars();
        match &e.kind {
            ExprKind::Number(q) => Ok(Polynomial::constant(n, Coefficient::real(q.clone()))),
            ExprKind::Name(name) => scope.lookup(name, e.pos),
            ExprKind::Neg(inner) => Ok(self.eval(inner, scope)?.neg()),
            ExprKind::Sum(items) => {
                let mut terms: Vec<Term> = Vec::new();
                for (negate, item) in items {
                    let p = self.eval(item, scope)?;
                    let p = if *negate { p.neg() } else { p };
                    terms.extend(p.terms().iter().cloned());
                }
                Ok(Polynomial::from_terms(n, terms))
            }
            ExprKind::Product(items) => {
                let mut acc: Option<Polynomial> = None;
                for (divide, item) in items {
                    let p = self.eval(item, scope)?;
                    acc = Some(match acc {
                        None => p,
                        Some(a) if *divide => self.divide(&a, &p, item.pos)?,
                        Some(a) => self.mul(&a, &p, item.pos)?,
                    });
                }
                Ok(acc.unwrap_or_else(|| Polynomial::constant(n, Coefficient::one())))
            }
            ExprKind::Pow(base, exponent) => {
                let b = self.eval(base, scope)?;
                let x = self.eval(exponent, scope)?;
                let k = exponent_value(&x, exponent.pos)?;
                self.pow(&b, k, exponent.pos)
            }
        }
    }

    /// `a * b`, refusing products that are too expensive or too large.
    fn mul(&mut self, a: &Polynomial, b: &Polynomial, pos: Pos) -> Result<Polynomial, ParseError> {
        if a.is_zero() || b.is_zero() {
            return Ok(Polynomial::zero(a.nvars()));
        }
        let degree = u64::from(a.degree()) + u64::from(b.degree());
        if degree > MAX_DEGREE {
            return Err(pos.error(format!("degree too large (more than {MAX_DEGREE})")));
        }
        let pairs = (a.terms().len() as u64).saturating_mul(b.terms().len() as u64);
        if pairs > MAX_PAIRS_PER_PRODUCT || pairs > self.pairs_left {
            return Err(pos.error("expression too large to expand (too many terms in a product)"));
        }
        self.pairs_left -= pairs;
        if max_bits(a) + max_bits(b) + 2 > MAX_COEFFICIENT_BITS {
            return Err(too_large(pos));
        }
        let product = a.mul(b);
        if max_bits(&product) > MAX_COEFFICIENT_BITS {
            return Err(too_large(pos));
        }
        Ok(product)
    }

    /// `a / d` for a nonzero constant `d`.
    fn divide(
        &mut self,
        a: &Polynomial,
        d: &Polynomial,
        pos: Pos,
    ) -> Result<Polynomial, ParseError> {
        let Some(c) = as_constant(d) else {
            return Err(pos.error(
                "division by an expression in the variables is not supported (only by nonzero constants)",
            ));
        };
        if c.is_zero() {
            return Err(pos.error("division by zero"));
        }
        if max_bits(a) + 2 * coefficient_bits(&c) + 4 > MAX_COEFFICIENT_BITS {
            return Err(too_large(pos));
        }
        let inverse = Coefficient::one()
            .checked_div(&c)
            .ok_or_else(|| pos.error("division by zero"))?;
        Ok(a.scale(&inverse))
    }

    /// `p^k` by repeated squaring with checked products.
    fn pow(&mut self, p: &Polynomial, k: u32, pos: Pos) -> Result<Polynomial, ParseError> {
        let mut result = Polynomial::constant(p.nvars(), Coefficient::one());
        let mut base = p.clone();
        let mut k = k;
        while k > 0 {
            if k & 1 == 1 {
                result = self.mul(&result, &base, pos)?;
            }
            k >>= 1;
            if k > 0 {
                base = self.mul(&base, &base, pos)?;
            }
        }
        Ok(result)
    }
}

/// Checks that an exponent is a constant integer in `0..=MAX_EXPONENT`.
fn exponent_value(x: &Polynomial, pos: Pos) -> Result<u32, ParseError> {
    let Some(c) = as_constant(x) else {
        return Err(pos.error(
            "the exponent must be a non-negative integer constant, not an expression in the variables",
        ));
    };
    if !c.is_real() || !c.is_integer() {
        return Err(pos.error("the exponent must be a non-negative integer"));
    }
    if c.re.is_negative() {
        return Err(pos.error(
            "negative exponents are not supported (the exponent must be a non-negative integer)",
        ));
    }
    match c.re.numer().to_u32() {
        Some(k) if k <= MAX_EXPONENT => Ok(k),
        _ => Err(pos.error(format!("exponent too large (at most {MAX_EXPONENT})"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names `x0`, `x1`, ... are the variables; `I` is the imaginary unit.
    struct TestScope(usize);

    impl Scope for TestScope {
        fn nvars(&self) -> usize {
            self.0
        }
        fn lookup(&self, name: &str, pos: Pos) -> Result<Polynomial, ParseError> {
            if name == "I" {
                return Ok(Polynomial::constant(self.0, Coefficient::imaginary_unit()));
            }
            match name.strip_prefix('x').and_then(|s| s.parse::<usize>().ok()) {
                Some(i) if i < self.0 => Ok(Polynomial::variable(self.0, i)),
                _ => Err(pos.error(format!("undefined name `{name}`"))),
            }
        }
    }

    fn eval(text: &str) -> Result<Polynomial, ParseError> {
        let mut lx = Lexer::new(text, false);
        let e = parse_expr(&mut lx)?;
        let t = lx.next_token()?;
        if t.tok != Tok::Eof {
            return Err(unexpected_after_expr(&t.tok, t.pos, "the end"));
        }
        Evaluator::default().eval(&e, &TestScope(2))
    }

    fn c(v: i64) -> Coefficient {
        Coefficient::from_i64(v)
    }

    #[test]
    fn precedence_and_associativity() {
        let p = eval("1 - 2*x0^2 - -x1 + 6/4/3").unwrap();
        assert_eq!(p.coefficient(&[2, 0]), c(-2));
        assert_eq!(p.coefficient(&[0, 1]), c(1));
        assert_eq!(
            p.coefficient(&[0, 0]),
            Coefficient::real(Rational::from((3, 2)))
        );
        assert_eq!(eval("-x0^2").unwrap().coefficient(&[2, 0]), c(-1));
        assert_eq!(eval("x0^2^3").unwrap().degree(), 8);
        assert_eq!(eval("x0**(1+1)").unwrap(), eval("x0*x0").unwrap());
        assert_eq!(eval("x0^2.0").unwrap(), eval("x0^2").unwrap());
        assert_eq!(eval("(x0 + 1)^0").unwrap(), eval("1").unwrap());
        assert!(eval("x0 - x0").unwrap().is_zero());
    }

    #[test]
    fn powers_of_sums_and_complex_division() {
        let p = eval("(x0 + x1)^3").unwrap();
        assert_eq!(p.terms().len(), 4);
        assert_eq!(p.coefficient(&[2, 1]), c(3));
        let q = eval("(1 + 2*I)/(3 - I) * x0").unwrap();
        let expected = Coefficient::real(Rational::from((1, 10))).mul(&Coefficient {
            re: Rational::from(1),
            im: Rational::from(7),
        });
        assert_eq!(q.coefficient(&[1, 0]), expected);
    }

    fn err_at(text: &str) -> (usize, usize, String) {
        let e = eval(text).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn errors_have_positions() {
        let (line, col, _) = err_at("x0^2 + * x1");
        assert_eq!((line, col), (1, 8));
        let (_, col, msg) = err_at("x0 / (x1 + 1)");
        assert_eq!(col, 6);
        assert!(msg.contains("division"), "{msg}");
        let (_, col, msg) = err_at("x0 / (1 - 1)");
        assert_eq!((col, msg.as_str()), (6, "division by zero"));
        let (_, col, msg) = err_at("x0^x1");
        assert_eq!(col, 4);
        assert!(msg.contains("exponent"), "{msg}");
        assert!(err_at("x0^-1").2.contains("negative"));
        assert!(err_at("x0^(1/2)").2.contains("integer"));
        assert!(err_at("x0^I").2.contains("integer"));
        assert!(err_at("x0^10001").2.contains("too large"));
        assert!(err_at("x0^1e30").2.contains("too large"));
        let (_, col, msg) = err_at("(x0 + 1");
        assert_eq!(col, 8);
        assert!(msg.contains("`)`"), "{msg}");
        assert_eq!(err_at("x0 + 1)").2, "unmatched `)`");
        assert!(err_at("2 x0").2.contains("missing `*`"));
        assert!(err_at("sin(x0)").2.contains("function calls"));
        assert_eq!(err_at("x0 + y").1, 6);
    }

    #[test]
    fn resource_limits() {
        let deep = format!("{}x0{}", "(".repeat(300), ")".repeat(300));
        assert!(err_at(&deep).2.contains("nested too deeply"));
        let ok = format!("{}x0{}", "(".repeat(200), ")".repeat(200));
        assert!(eval(&ok).is_ok());
        assert!(err_at(&"-".repeat(10_000)).2.contains("nested too deeply"));
        assert!(err_at("((x0^10000)^10000)^10000").2.contains("degree"));
        assert!(err_at("((2^10000)^10000)^10000").2.contains("too large"));
        assert!(err_at("(x0 + x1 + 1)^10000").2.contains("too large"));
        let long = vec!["x0"; 20_000].join(" + ");
        assert_eq!(eval(&long).unwrap().coefficient(&[1, 0]), c(20_000));
    }
}
