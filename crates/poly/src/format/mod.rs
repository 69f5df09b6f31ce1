//! Reading and writing the PHCpack and Bertini input formats.

mod bertini;
mod expr;
mod lexer;
mod phc;
mod write;

use crate::System;
use std::fmt;

/// How writers print coefficients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CoefficientStyle {
    /// Exactly: integers and fractions `p/q` (reads back to the identical system).
    #[default]
    Exact,
    /// As the nearest doubles, shortest round-trip decimal (what double-precision peers read).
    F64,
}

/// A syntax or semantic error in an input file, with its 1-based position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a PHCpack input file.
///
/// The first line holds the number of equations `n`, optionally followed by the
/// number of variables (`n m`); then come `n` polynomials, each terminated by `;`.
/// Variables are declared implicitly, in order of first appearance. Everything after
/// the `n`-th `;` is ignored (PHCpack output files append the solutions there).
///
/// Expressions use `+ - * /`, `^` or `**` for powers, parentheses and unary signs;
/// `i` and `I` are the imaginary unit. Numbers (`3`, `0.25`, `1.5e-3`, `2E+4`) are
/// read exactly as rationals. Powers take non-negative integer constants (at most
/// 10000) and division is only by nonzero constants.
///
/// Errors (with the position of the offending token): a missing or malformed count,
/// fewer polynomials than announced, a variable count `m` that differs from the
/// number of variables that appear, syntax errors, and inputs too large to expand
/// (nesting deeper than 256 levels, degrees above 10⁶, oversized coefficients or
/// products).
///
/// ```
/// let sys = poly::parse_phc("2\n x**2 + 3*i*y;\n x - 1.5e-1;").unwrap();
/// assert_eq!(sys.variables(), ["x", "y"]);
/// ```
pub fn parse_phc(text: &str) -> Result<System, ParseError> {
    phc::parse(text)
}

/// Parses a Bertini input file.
///
/// An optional `CONFIG ... END;` section is skipped; the `INPUT ... END;` section (or
/// the whole text when there is no `INPUT` keyword) holds statements ending with `;`:
/// `variable_group a, b;` (several groups are concatenated), `function f1, f2;` (the
/// declared order is the equation order), `constant c;`, and assignments
/// `name = expression;` to functions, constants (which must not depend on the
/// variables) or new names (subfunctions, usable in later assignments). Names must be
/// defined before they are used. `%` starts a comment; keywords are case-sensitive;
/// `I` is the imaginary unit.
///
/// Errors: undefined names, redefinitions, assignments to variables, functions never
/// assigned, `hom_variable_group`, `parameter`, `pathvariable`, `variable` and
/// `random` declarations (not supported), `Pi` (not supported: coefficients are exact
/// Gaussian rationals), and the expression errors of [`parse_phc`].
///
/// ```
/// let text = "INPUT\n variable_group x;\n function f;\n constant c;\n c = 1/2 + I;\n f = x^2 - c;\nEND;";
/// let sys = poly::parse_bertini(text).unwrap();
/// assert_eq!(sys.degrees(), vec![2]);
/// ```
pub fn parse_bertini(text: &str) -> Result<System, ParseError> {
    bertini::parse(text)
}

/// Parses either format, detecting Bertini by its `INPUT` section or declarations.
///
/// A text whose first significant character (after whitespace and `%` comments) is a
/// digit is read as PHCpack; otherwise it is read as Bertini if it contains one of the
/// words `INPUT`, `variable_group` or `function` outside `%` comments, and as PHCpack
/// if not.
pub fn parse_system(text: &str) -> Result<System, ParseError> {
    let starts_with_count = lexer::first_significant_char(text).is_some_and(|c| c.is_ascii_digit());
    if !starts_with_count && lexer::mentions_bertini_keyword(text) {
        parse_bertini(text)
    } else {
        parse_phc(text)
    }
}

/// Writes a system in PHCpack's input format.
///
/// The first line is the number of equations (followed by the number of variables
/// when the system is not square), then each polynomial on its own line(s), ending
/// with `;`; powers are written `x^2` and the imaginary unit `i`. PHCpack numbers the
/// variables by first appearance, so when the terms would not introduce them in the
/// system's order, the first polynomial starts with the zero term `0*x1*...*xn`.
///
/// With [`CoefficientStyle::Exact`] the text reads back ([`parse_phc`]) to the
/// identical system. PHCpack itself reads numbers in double precision and misreads
/// integers beyond the machine range (such as the numerators of exact doubles), so
/// give it [`CoefficientStyle::F64`] output; in that style, coefficients beyond the
/// range of doubles are still written exactly and coefficients that round to 0 are
/// left out.
pub fn write_phc(system: &System, style: CoefficientStyle) -> String {
    write::write_phc(system, style)
}

/// Writes a system as a Bertini input file:
/// `INPUT`, `variable_group ...;`, `function f1, ...;`, one assignment per equation and
/// `END;`.
///
/// The functions are named `f1, f2, ...` (or `eq1, ...`, `F1, ...` when those clash
/// with variable names); the imaginary unit is `I`. Coefficients are written as in
/// [`write_phc`].
pub fn write_bertini(system: &System, style: CoefficientStyle) -> String {
    write::write_bertini(system, style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection() {
        let bertini = "% Bertini\nvariable_group x;\nfunction f;\nf = x - 1;\n";
        assert_eq!(
            parse_system(bertini).unwrap(),
            parse_bertini(bertini).unwrap()
        );
        let phc = "1\n x - 1;\n";
        assert_eq!(parse_system(phc).unwrap(), parse_phc(phc).unwrap());
        assert_eq!(parse_system(bertini).unwrap(), parse_system(phc).unwrap());
        // PHCpack files may mention keywords after the system, or use them as names.
        let phc2 = "1\n function - 1;\n";
        assert_eq!(parse_system(phc2).unwrap().variables(), ["function"]);
        // Neither format: the PHCpack reader explains what it expected.
        let e = parse_system("x - 1;").unwrap_err();
        assert!(e.message.contains("number of equations"), "{e}");
    }

    #[test]
    fn error_display() {
        let e = parse_phc("2\n x^2 + * y;\n y;").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(
            e.to_string(),
            "line 2, column 8: expected a number, a name or `(`, found `*`"
        );
    }
}
