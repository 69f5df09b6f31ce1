//! The PHCpack input format: `n` (or `n m`) on the first line, then `n` polynomials
//! each terminated by `;`, variables declared by their first appearance.

use super::expr::{parse_expr, unexpected_after_expr, Evaluator, Scope};
use super::lexer::{Lexer, Pos, Tok};
use super::ParseError;
use crate::{Coefficient, Polynomial, System};
use std::collections::HashMap;

/// Variables by first appearance; `i` and `I` are the imaginary unit.
struct PhcScope {
    index: HashMap<String, usize>,
}

fn is_imaginary_unit(name: &str) -> bool {
    matches!(name, "i" | "I")
}

impl Scope for PhcScope {
    fn nvars(&self) -> usize {
        self.index.len()
    }

    fn lookup(&self, name: &str, pos: Pos) -> Result<Polynomial, ParseError> {
        if is_imaginary_unit(name) {
            return Ok(Polynomial::constant(
                self.nvars(),
                Coefficient::imaginary_unit(),
            ));
        }
        match self.index.get(name) {
            Some(&i) => Ok(Polynomial::variable(self.nvars(), i)),
            None => Err(pos.error(format!("internal error: unknown variable `{name}`"))),
        }
    }
}

/// A count of the header: digits only.
fn header_count(text: &str, pos: Pos, what: &str) -> Result<usize, ParseError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(pos.error(format!(
            "the number of {what} must be a non-negative integer, found `{text}`"
        )));
    }
    text.parse::<usize>()
        .map_err(|_| pos.error(format!("the number of {what} is too large")))
}

/// Parses a PHCpack file (see [`parse_phc`](super::parse_phc)).
pub(crate) fn parse(text: &str) -> Result<System, ParseError> {
    let mut lexer = Lexer::new(text, false);
    let first = lexer.next_token()?;
    let n = match &first.tok {
        Tok::Number(_, t) => header_count(t, first.pos, "equations")?,
        Tok::Eof => {
            return Err(first
                .pos
                .error("empty input: a PHCpack file starts with the number of equations"))
        }
        other => {
            return Err(first.pos.error(format!(
                "a PHCpack file must start with the number of equations (e.g. `2`), found {}",
                other.describe()
            )))
        }
    };
    if n == 0 {
        return Err(first.pos.error("the number of equations must be positive"));
    }
    let mut declared_vars = None;
    let next = lexer.peek()?;
    if next.pos.line == first.pos.line {
        if let Tok::Number(_, t) = &next.tok {
            let pos = next.pos;
            declared_vars = Some((header_count(t, pos, "variables")?, pos));
            lexer.next_token()?;
        }
    }

    let mut exprs = Vec::new();
    while exprs.len() < n {
        let next = lexer.peek()?;
        if next.tok == Tok::Eof {
            return Err(next.pos.error(format!(
                "the header announces {n} polynomials but only {} were found",
                exprs.len()
            )));
        }
        let e = parse_expr(&mut lexer)?;
        let end = lexer.next_token()?;
        if end.tok != Tok::Semi {
            let what = format!("`;` at the end of polynomial {}", exprs.len() + 1);
            return Err(unexpected_after_expr(&end.tok, end.pos, &what));
        }
        exprs.push(e);
    }
    // Everything after the n-th `;` (e.g. the solutions in a PHCpack output file) is
    // ignored.

    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in &exprs {
        e.visit_names(&mut |name, _| {
            if !is_imaginary_unit(name) && !index.contains_key(name) {
                index.insert(name.to_string(), names.len());
                names.push(name.to_string());
            }
        });
    }
    if let Some((m, pos)) = declared_vars {
        if m != names.len() {
            let mut list = names
                .iter()
                .take(10)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            if names.len() > 10 {
                list.push_str(", ...");
            }
            return Err(pos.error(format!(
                "the header announces {m} variables but {} appear ({list})",
                names.len()
            )));
        }
    }

    let scope = PhcScope { index };
    let mut evaluator = Evaluator::default();
    let polys = exprs
        .iter()
        .map(|e| evaluator.eval(e, &scope))
        .collect::<Result<Vec<_>, _>>()?;
    System::new(names, polys).map_err(|e| first.pos.error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rug::Rational;

    #[test]
    fn reads_a_small_system() {
        let s = parse("2\n x**2 + 3*i*y;\n x - 1.5e-1;").unwrap();
        assert_eq!(s.variables(), ["x", "y"]);
        let f = &s.polynomials()[0];
        assert_eq!(f.coefficient(&[2, 0]), Coefficient::one());
        assert_eq!(
            f.coefficient(&[0, 1]),
            Coefficient {
                re: Rational::new(),
                im: Rational::from(3)
            }
        );
        assert_eq!(
            s.polynomials()[1].coefficient(&[0, 0]),
            Coefficient::real(Rational::from((-3, 20)))
        );
        let t = parse("2\n x**2 + 3*I*y;\n x - 0.15;").unwrap();
        assert_eq!(s, t);
    }

    #[test]
    fn header_variants() {
        let s = parse("\n\n  1 2\n x*y - 1;").unwrap();
        assert_eq!((s.len(), s.nvars()), (1, 2));
        let e = parse("1 3\n x*y - 1;").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        assert!(e.message.contains("3 variables"), "{}", e.message);
        let e = parse("x^2 - 1;").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("number of equations"));
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("0\n").unwrap_err().message.contains("positive"));
        assert!(parse("2.5\n x;").is_err());
        assert!(parse("99999999999999999999999\n x;").is_err());
    }

    #[test]
    fn stops_after_the_last_polynomial() {
        let text = "2\n x^2 - 1;\n\n y - x;\n\nTHE SOLUTIONS :\n2 2\n== err : 1.0E-16 = ==\n";
        let s = parse(text).unwrap();
        assert_eq!(s.variables(), ["x", "y"]);
        let e = parse("3\n x;\n y;\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.message.contains("only 2"), "{}", e.message);
        let e = parse("2\n x;\n y").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        assert!(e.message.contains("`;`"), "{}", e.message);
    }

    #[test]
    fn order_of_first_appearance() {
        let s = parse("2\n 0*z*a + b;\n a + z;").unwrap();
        assert_eq!(s.variables(), ["z", "a", "b"]);
        assert_eq!(s.polynomials()[0].terms().len(), 1);
    }
}
