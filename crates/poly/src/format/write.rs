//! Writers of the PHCpack and Bertini formats.

use super::CoefficientStyle;
use crate::{Coefficient, Polynomial, System};
use rug::Rational;
use std::collections::HashSet;
use std::fmt::Write as _;

/// Lines are broken between terms once they are longer than this.
const LINE_WIDTH: usize = 76;

/// A coefficient ready to print: a sign and the text of its magnitude (real), or the
/// parenthesized complex number.
enum Printed {
    Real { negative: bool, magnitude: String },
    Complex(String),
}

fn exact_magnitude(r: &Rational) -> String {
    let a = Rational::from(r.abs_ref());
    if *a.denom() == 1 {
        a.numer().to_string()
    } else {
        format!("{}/{}", a.numer(), a.denom())
    }
}

/// How a coefficient is printed in `style`, or `None` when it is zero in that style
/// (an `F64` coefficient that rounds to 0).
fn print_coefficient(c: &Coefficient, style: CoefficientStyle, unit: &str) -> Option<Printed> {
    let exact = |c: &Coefficient| {
        if c.is_real() {
            Printed::Real {
                negative: c.re.is_negative(),
                magnitude: exact_magnitude(&c.re),
            }
        } else {
            Printed::Complex(c.to_exact_string(unit))
        }
    };
    match style {
        CoefficientStyle::Exact => Some(exact(c)),
        CoefficientStyle::F64 => {
            let z = c.to_c64();
            // Out of the range of doubles: fall back to the exact value rather than
            // writing `inf`.
            let Ok(rounded) = Coefficient::from_c64(z) else {
                return Some(exact(c));
            };
            if rounded.is_zero() {
                None
            } else if rounded.is_real() {
                let magnitude = Coefficient::real(Rational::from(rounded.re.abs_ref()));
                Some(Printed::Real {
                    negative: rounded.re.is_negative(),
                    magnitude: magnitude.to_f64_string(unit),
                })
            } else {
                Some(Printed::Complex(rounded.to_f64_string(unit)))
            }
        }
    }
}

fn monomial(exponents: &[u32], names: &[String]) -> String {
    let mut out = String::new();
    for (e, name) in exponents.iter().zip(names) {
        if *e == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push('*');
        }
        out.push_str(name);
        if *e > 1 {
            let _ = write!(out, "^{e}");
        }
    }
    out
}

/// Writes the terms of `p`; `first_width` is the width already used on the first line
/// and `indent` starts continuation lines. Records the variables in order of their
/// first appearance in `seen`.
fn write_polynomial(
    p: &Polynomial,
    names: &[String],
    style: CoefficientStyle,
    unit: &str,
    first_width: usize,
    indent: &str,
    seen: &mut Vec<usize>,
) -> String {
    let mut out = String::new();
    let mut line_width = first_width;
    let mut count = 0usize;
    for t in p.terms() {
        let Some(printed) = print_coefficient(&t.coefficient, style, unit) else {
            continue;
        };
        for (i, &e) in t.exponents.iter().enumerate() {
            if e > 0 && !seen.contains(&i) {
                seen.push(i);
            }
        }
        let mono = monomial(&t.exponents, names);
        let (negative, body) = match printed {
            Printed::Real {
                negative,
                magnitude,
            } => {
                let body = if mono.is_empty() {
                    magnitude
                } else if magnitude == "1" {
                    mono
                } else {
                    format!("{magnitude}*{mono}")
                };
                (negative, body)
            }
            Printed::Complex(z) => {
                let body = if mono.is_empty() {
                    z
                } else {
                    format!("{z}*{mono}")
                };
                (false, body)
            }
        };
        let piece = match (count, negative) {
            (0, true) => format!("-{body}"),
            (0, false) => body,
            (_, true) => format!(" - {body}"),
            (_, false) => format!(" + {body}"),
        };
        if count > 0 && line_width + piece.len() > LINE_WIDTH {
            out.push('\n');
            out.push_str(indent);
            line_width = indent.len();
            let trimmed = piece.trim_start();
            line_width += trimmed.len();
            out.push_str(trimmed);
        } else {
            line_width += piece.len();
            out.push_str(&piece);
        }
        count += 1;
    }
    if count == 0 {
        out.push('0');
    }
    out
}

/// See [`write_phc`](super::write_phc).
pub(crate) fn write_phc(system: &System, style: CoefficientStyle) -> String {
    let names = system.variables();
    let mut seen = Vec::new();
    let bodies: Vec<String> = system
        .polynomials()
        .iter()
        .map(|p| write_polynomial(p, names, style, "i", 1, "   ", &mut seen))
        .collect();
    let mut out = String::new();
    if system.is_square() {
        let _ = writeln!(out, "{}", system.len());
    } else {
        let _ = writeln!(out, "{} {}", system.len(), system.nvars());
    }
    // PHCpack numbers the variables in order of first appearance: when that order
    // differs from the system's (or a variable does not appear), a zero term in all
    // variables opens the first polynomial.
    let in_order = seen.len() == names.len() && seen.iter().enumerate().all(|(k, &i)| k == i);
    for (k, body) in bodies.iter().enumerate() {
        out.push(' ');
        let mut body = body.as_str();
        if k == 0 && !in_order {
            let all: Vec<u32> = vec![1; names.len()];
            let _ = write!(out, "0*{}", monomial(&all, names));
            match body.strip_prefix('-') {
                Some(rest) => {
                    out.push_str(" - ");
                    body = rest;
                }
                None => out.push_str(" + "),
            }
        }
        out.push_str(body);
        out.push_str(";\n");
    }
    out
}

/// Function names `prefix1..prefixN` that are not variable names.
fn function_names(system: &System) -> Vec<String> {
    let taken: HashSet<&str> = system.variables().iter().map(String::as_str).collect();
    let n = system.len();
    let candidates = ["f", "eq", "F", "g", "h"];
    let mut k = 0usize;
    loop {
        let prefix = match candidates.get(k) {
            Some(p) => (*p).to_string(),
            None => format!("f{}", "_".repeat(k + 1 - candidates.len())),
        };
        let names: Vec<String> = (1..=n).map(|i| format!("{prefix}{i}")).collect();
        if names.iter().all(|name| !taken.contains(name.as_str())) {
            return names;
        }
        k += 1;
    }
}

/// See [`write_bertini`](super::write_bertini).
pub(crate) fn write_bertini(system: &System, style: CoefficientStyle) -> String {
    let names = system.variables();
    let functions = function_names(system);
    let mut out = String::from("INPUT\n");
    if !names.is_empty() {
        let _ = writeln!(out, "variable_group {};", names.join(", "));
    }
    let _ = writeln!(out, "function {};", functions.join(", "));
    let mut seen = Vec::new();
    for (f, p) in functions.iter().zip(system.polynomials()) {
        let body = write_polynomial(p, names, style, "I", f.len() + 3, "    ", &mut seen);
        let _ = writeln!(out, "{f} = {body};");
    }
    out.push_str("END;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse_bertini, parse_phc};
    use super::*;

    fn xy_system(polys: Vec<Polynomial>) -> System {
        System::new(vec!["x".into(), "y".into()], polys).unwrap()
    }

    #[test]
    fn phc_output() {
        let sys = parse_phc("2\n x^2 + 3/4*y - 1;\n (1/2 + 3*i)*x*y - 2*i;").unwrap();
        let text = write_phc(&sys, CoefficientStyle::Exact);
        assert_eq!(text, "2\n x^2 + 3/4*y - 1;\n (1/2 + 3*i)*x*y + (-2*i);\n");
        assert_eq!(parse_phc(&text).unwrap(), sys);
        let text = write_phc(&sys, CoefficientStyle::F64);
        assert_eq!(text, "2\n x^2 + 0.75*y - 1;\n (0.5 + 3*i)*x*y + (-2*i);\n");
    }

    #[test]
    fn bertini_output() {
        let sys = parse_phc("2\n x^2 - y;\n -x + 1e-7;").unwrap();
        let text = write_bertini(&sys, CoefficientStyle::F64);
        assert_eq!(
            text,
            "INPUT\nvariable_group x, y;\nfunction f1, f2;\nf1 = x^2 - y;\nf2 = -x + 1e-7;\nEND;\n"
        );
        assert_eq!(parse_bertini(&text).unwrap(), sys);
        let text = write_bertini(&sys, CoefficientStyle::Exact);
        assert!(text.contains("f2 = -x + 1/10000000;"), "{text}");
    }

    #[test]
    fn zero_polynomials_and_variable_order() {
        let y = Polynomial::variable(2, 1);
        let sys = xy_system(vec![y.clone(), Polynomial::zero(2)]);
        let text = write_phc(&sys, CoefficientStyle::Exact);
        assert_eq!(text, "2\n 0*x*y + y;\n 0;\n");
        assert_eq!(parse_phc(&text).unwrap(), sys);
        let bertini = write_bertini(&sys, CoefficientStyle::Exact);
        assert!(bertini.contains("f2 = 0;"));
        assert_eq!(parse_bertini(&bertini).unwrap(), sys);
        // Non-square: the header has both counts.
        let sys = xy_system(vec![y]);
        let text = write_phc(&sys, CoefficientStyle::Exact);
        assert!(text.starts_with("1 2\n"));
        assert_eq!(parse_phc(&text).unwrap(), sys);
    }

    #[test]
    fn function_names_avoid_variables() {
        let sys = System::new(
            vec!["f1".into(), "eq2".into()],
            vec![Polynomial::variable(2, 0), Polynomial::variable(2, 1)],
        )
        .unwrap();
        let text = write_bertini(&sys, CoefficientStyle::Exact);
        assert!(text.contains("function F1, F2;"), "{text}");
        assert_eq!(parse_bertini(&text).unwrap(), sys);
    }

    #[test]
    fn long_polynomials_are_wrapped() {
        let x = Polynomial::variable(1, 0);
        let p = x.add(&Polynomial::constant(1, Coefficient::one())).pow(40);
        let sys = System::new(vec!["x".into()], vec![p]).unwrap();
        for style in [CoefficientStyle::Exact, CoefficientStyle::F64] {
            let text = write_phc(&sys, style);
            assert!(text.lines().all(|l| l.len() <= LINE_WIDTH + 40), "{text}");
            assert!(text.lines().count() > 5);
            let back = parse_phc(&text).unwrap();
            if style == CoefficientStyle::Exact {
                assert_eq!(back, sys);
            }
            let text = write_bertini(&sys, style);
            let back2 = parse_bertini(&text).unwrap();
            if style == CoefficientStyle::Exact {
                assert_eq!(back2, sys);
            }
        }
    }

    #[test]
    fn f64_style_out_of_range() {
        let c = |s: &str| Coefficient::real(crate::parse_decimal(s).unwrap());
        let p = Polynomial::from_terms(
            2,
            [
                crate::Term {
                    coefficient: c("1e-400"),
                    exponents: vec![1, 0],
                },
                crate::Term {
                    coefficient: c("-1e400"),
                    exponents: vec![0, 1],
                },
                crate::Term {
                    coefficient: c("2"),
                    exponents: vec![0, 0],
                },
            ],
        );
        let sys = xy_system(vec![p]);
        let text = write_phc(&sys, CoefficientStyle::F64);
        assert!(!text.contains("inf"), "{text}");
        assert!(
            text.contains(&format!(" - 1{}*y", "0".repeat(400))),
            "{text}"
        );
        let back = parse_phc(&text).unwrap();
        // The tiny term rounds to 0 and is dropped; the huge one is kept exactly.
        assert_eq!(back.polynomials()[0].terms().len(), 2);
        assert_eq!(back.variables(), ["x", "y"]);
    }
}
