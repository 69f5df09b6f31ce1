//! The Bertini input format: an optional `CONFIG ... END;` section, then
//! `INPUT ... END;` with declarations and assignments.

use super::expr::{as_constant, parse_expr, unexpected_after_expr, Evaluator, Expr, Scope};
use super::lexer::{Lexer, Pos, Tok, Token};
use super::ParseError;
use crate::{Coefficient, Polynomial, System};
use std::collections::HashMap;

/// The supported declarations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DeclKind {
    VariableGroup,
    Function,
    Constant,
}

/// A statement of the INPUT section.
enum Stmt {
    Decl {
        kind: DeclKind,
        names: Vec<(String, Pos)>,
    },
    Assign {
        name: String,
        pos: Pos,
        expr: Expr,
    },
}

/// Declarations Bertini knows that this reader does not support, with the reason.
fn unsupported_declaration(word: &str) -> Option<&'static str> {
    Some(match word {
        "hom_variable_group" => {
            "`hom_variable_group` (homogeneous variable groups) is not supported; use `variable_group`"
        }
        "parameter" => "`parameter` declarations (parameter homotopies) are not supported",
        "pathvariable" => {
            "`pathvariable` declarations (user-defined homotopies) are not supported"
        }
        "variable" => {
            "`variable` declarations (user-defined homotopies) are not supported; use `variable_group`"
        }
        "random" | "random_real" => {
            "`random` constants are not supported (write explicit coefficients)"
        }
        _ => return None,
    })
}

/// Parses a Bertini file (see [`parse_bertini`](super::parse_bertini)).
pub(crate) fn parse(text: &str) -> Result<System, ParseError> {
    let mut lexer = Lexer::new(text, true);
    let mut has_input = false;
    loop {
        let token = lexer.peek()?;
        if token.tok.is_ident("CONFIG") {
            let pos = token.pos;
            lexer.next_token()?;
            lexer.skip_config(pos)?;
        } else {
            if token.tok.is_ident("INPUT") {
                lexer.next_token()?;
                has_input = true;
            }
            break;
        }
    }
    let (statements, end) = parse_statements(&mut lexer, has_input)?;
    evaluate(&statements, end)
}

/// Reads statements up to `END;` (or the end of the text when there is no `INPUT`
/// keyword); returns them with the position of the end.
fn parse_statements(lexer: &mut Lexer, has_input: bool) -> Result<(Vec<Stmt>, Pos), ParseError> {
    let mut statements = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let pos = token.pos;
        let word = match token.tok {
            Tok::Eof if has_input => {
                return Err(pos.error("the INPUT section is not closed by `END;`"))
            }
            Tok::Eof => return Ok((statements, pos)),
            Tok::Semi => continue,
            Tok::Ident(word) => word,
            other => {
                return Err(pos.error(format!(
                    "expected a declaration or an assignment `name = expression;`, found {}",
                    other.describe()
                )))
            }
        };
        let kind = match word.as_str() {
            "END" => {
                expect_semi(lexer, "`;` after `END`")?;
                return Ok((statements, pos));
            }
            "variable_group" => Some(DeclKind::VariableGroup),
            "function" => Some(DeclKind::Function),
            "constant" => Some(DeclKind::Constant),
            "INPUT" | "CONFIG" => {
                return Err(pos.error(format!(
                    "unexpected `{word}` inside the INPUT section (missing `END;`?)"
                )))
            }
            w => {
                if let Some(reason) = unsupported_declaration(w) {
                    return Err(pos.error(reason));
                }
                None
            }
        };
        match kind {
            Some(kind) => {
                let names = parse_name_list(lexer)?;
                statements.push(Stmt::Decl { kind, names });
            }
            None => {
                let eq = lexer.next_token()?;
                if eq.tok != Tok::Equals {
                    return Err(eq.pos.error(format!(
                        "expected `=` after `{word}` (statements are declarations or assignments `name = expression;`), found {}",
                        eq.tok.describe()
                    )));
                }
                let expr = parse_expr(lexer)?;
                expect_semi(lexer, "`;` at the end of the assignment")?;
                statements.push(Stmt::Assign {
                    name: word,
                    pos,
                    expr,
                });
            }
        }
    }
}

fn expect_semi(lexer: &mut Lexer, what: &str) -> Result<Token, ParseError> {
    let t = lexer.next_token()?;
    if t.tok == Tok::Semi {
        Ok(t)
    } else {
        Err(unexpected_after_expr(&t.tok, t.pos, what))
    }
}

/// `a, b, c;` after a declaration keyword.
fn parse_name_list(lexer: &mut Lexer) -> Result<Vec<(String, Pos)>, ParseError> {
    let mut names = Vec::new();
    loop {
        let t = lexer.next_token()?;
        match t.tok {
            Tok::Ident(name) => names.push((name, t.pos)),
            other => {
                return Err(t.pos.error(format!(
                    "expected a name in the declaration, found {}",
                    other.describe()
                )))
            }
        }
        let sep = lexer.next_token()?;
        match sep.tok {
            Tok::Comma => {}
            Tok::Semi => return Ok(names),
            other => {
                return Err(sep.pos.error(format!(
                    "expected `,` or `;` in the declaration, found {}",
                    other.describe()
                )))
            }
        }
    }
}

/// What a name stands for.
enum Entry {
    Variable(usize),
    Function { value: Option<Polynomial> },
    Constant { value: Option<Coefficient> },
    Subfunction(Polynomial),
}

struct BertiniScope {
    nvars: usize,
    /// Each name with its meaning and the position of its declaration.
    table: HashMap<String, (Entry, Pos)>,
}

impl Scope for BertiniScope {
    fn nvars(&self) -> usize {
        self.nvars
    }

    fn lookup(&self, name: &str, pos: Pos) -> Result<Polynomial, ParseError> {
        let n = self.nvars;
        match self.table.get(name) {
            Some((Entry::Variable(i), _)) => Ok(Polynomial::variable(n, *i)),
            Some((Entry::Constant { value: Some(c) }, _)) => Ok(Polynomial::constant(n, c.clone())),
            Some((Entry::Constant { value: None }, _)) => Err(pos.error(format!(
                "constant `{name}` is used before it is assigned"
            ))),
            Some((Entry::Subfunction(p), _)) => Ok(p.clone()),
            Some((Entry::Function { .. }, _)) => Err(pos.error(format!(
                "function `{name}` cannot be used inside an expression (assign a subfunction instead)"
            ))),
            None => Err(match name {
                "I" => return Ok(Polynomial::constant(n, Coefficient::imaginary_unit())),
                "Pi" => pos.error(
                    "`Pi` is not supported (only polynomials with exact Gaussian-rational coefficients)",
                ),
                "i" => pos.error("undefined name `i` (Bertini's imaginary unit is `I`)"),
                _ => pos.error(format!(
                    "undefined name `{name}` (declare it with `variable_group` or `constant`, or assign it before its use)"
                )),
            }),
        }
    }
}

fn already(name: &str, what: &str, at: Pos) -> String {
    format!(
        "`{name}` is already {what} (at line {}, column {})",
        at.line, at.column
    )
}

/// Declares names and evaluates assignments in order.
fn evaluate(statements: &[Stmt], end: Pos) -> Result<System, ParseError> {
    let nvars = statements
        .iter()
        .map(|s| match s {
            Stmt::Decl {
                kind: DeclKind::VariableGroup,
                names,
            } => names.len(),
            _ => 0,
        })
        .sum();
    let mut scope = BertiniScope {
        nvars,
        table: HashMap::new(),
    };
    let mut variables: Vec<String> = Vec::new();
    let mut functions: Vec<(String, Pos)> = Vec::new();
    let mut evaluator = Evaluator::default();

    for statement in statements {
        match statement {
            Stmt::Decl { kind, names } => {
                for (name, pos) in names {
                    let pos = *pos;
                    match name.as_str() {
                        "I" => {
                            return Err(pos.error(
                                "`I` is the imaginary unit and cannot be declared",
                            ))
                        }
                        "Pi" => {
                            return Err(pos.error(
                                "`Pi` is reserved in Bertini (and π is not supported)",
                            ))
                        }
                        "i" if *kind == DeclKind::VariableGroup => {
                            return Err(pos.error(
                                "`i` cannot be a variable name (it is the imaginary unit of the PHCpack format)",
                            ))
                        }
                        _ => {}
                    }
                    if let Some((_, at)) = scope.table.get(name) {
                        return Err(pos.error(already(name, "declared", *at)));
                    }
                    let entry = match kind {
                        DeclKind::VariableGroup => {
                            variables.push(name.clone());
                            Entry::Variable(variables.len() - 1)
                        }
                        DeclKind::Function => {
                            functions.push((name.clone(), pos));
                            Entry::Function { value: None }
                        }
                        DeclKind::Constant => Entry::Constant { value: None },
                    };
                    scope.table.insert(name.clone(), (entry, pos));
                }
            }
            Stmt::Assign { name, pos, expr } => {
                let pos = *pos;
                match scope.table.get(name) {
                    Some((Entry::Variable(_), _)) => {
                        return Err(pos.error(format!("cannot assign to the variable `{name}`")))
                    }
                    Some((Entry::Function { value: Some(_) }, at))
                    | Some((Entry::Constant { value: Some(_) }, at))
                    | Some((Entry::Subfunction(_), at)) => {
                        return Err(pos.error(already(name, "defined", *at)))
                    }
                    _ => {}
                }
                if matches!(name.as_str(), "I" | "Pi") {
                    return Err(pos.error(format!("cannot assign to the reserved name `{name}`")));
                }
                let value = evaluator.eval(expr, &scope)?;
                match scope.table.get_mut(name) {
                    Some((Entry::Function { value: slot }, _)) => *slot = Some(value),
                    Some((Entry::Constant { value: slot }, _)) => {
                        let Some(c) = as_constant(&value) else {
                            return Err(expr.pos.error(format!(
                                "constant `{name}` must not depend on the variables"
                            )));
                        };
                        *slot = Some(c);
                    }
                    _ => {
                        scope
                            .table
                            .insert(name.clone(), (Entry::Subfunction(value), pos));
                    }
                }
            }
        }
    }

    if functions.is_empty() {
        return Err(end.error("no `function` is declared"));
    }
    let mut polys = Vec::with_capacity(functions.len());
    for (name, pos) in &functions {
        match scope.table.remove(name) {
            Some((Entry::Function { value: Some(p) }, _)) => polys.push(p),
            _ => return Err(pos.error(format!("function `{name}` is declared but never assigned"))),
        }
    }
    System::new(variables, polys).map_err(|e| end.error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rug::Rational;

    const EXAMPLE: &str = "% a comment
CONFIG
  TRACKTYPE: 0;   % END; inside a comment
  MPTYPE: 2;
END;
INPUT
  variable_group x, y;
  variable_group z;
  function f, g, h;
  constant c, d;
  c = 1/2 + I;   % constants
  d = c^2;
  s = x*y - c;   % a subfunction
  g = s^2 + d*z;
  f = x^2 + 2*y*I - 1.5e-3;
  h = z - 1;
END;
anything after END is ignored: $#@!";

    #[test]
    fn reads_constants_subfunctions_and_groups() {
        let sys = parse(EXAMPLE).unwrap();
        assert_eq!(sys.variables(), ["x", "y", "z"]);
        assert_eq!(sys.len(), 3);
        let f = &sys.polynomials()[0];
        assert_eq!(
            f.coefficient(&[0, 0, 0]),
            Coefficient::real(Rational::from((-3, 2000)))
        );
        assert_eq!(
            f.coefficient(&[0, 1, 0]),
            Coefficient {
                re: Rational::new(),
                im: Rational::from(2)
            }
        );
        let c = Coefficient {
            re: Rational::from((1, 2)),
            im: Rational::from(1),
        };
        let g = &sys.polynomials()[1];
        assert_eq!(g.coefficient(&[2, 2, 0]), Coefficient::one());
        assert_eq!(g.coefficient(&[1, 1, 0]), c.mul(&Coefficient::from_i64(-2)));
        assert_eq!(g.coefficient(&[0, 0, 0]), c.mul(&c));
        assert_eq!(g.coefficient(&[0, 0, 1]), c.mul(&c));
    }

    #[test]
    fn input_keyword_is_optional() {
        let sys = parse("variable_group x;\nfunction f;\nf = x^2 - 2;").unwrap();
        assert_eq!(sys.variables(), ["x"]);
        let sys2 = parse("INPUT\nvariable_group x;\nfunction f;\nf = x^2 - 2;\nEND;").unwrap();
        assert_eq!(sys, sys2);
    }

    fn err(text: &str) -> (usize, usize, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn semantic_errors() {
        let (l, c, m) = err("variable_group x;\nfunction f;\nf = x + y;");
        assert_eq!((l, c), (3, 9));
        assert!(m.contains("undefined name `y`"), "{m}");
        let (l, c, m) = err("variable_group x;\nfunction f;\nf = s;\ns = x;");
        assert_eq!((l, c), (3, 5));
        assert!(m.contains("undefined"), "{m}");
        let (l, c, m) = err("variable_group x;\nfunction f, g;\nf = x;");
        assert_eq!((l, c), (2, 13));
        assert!(m.contains("never assigned"), "{m}");
        let (l, c, m) = err("variable_group x;\nfunction f;\nf = x;\nf = 2*x;");
        assert_eq!((l, c), (4, 1));
        assert!(m.contains("already defined"), "{m}");
        let (_, _, m) = err("variable_group x;\nfunction f;\nx = 2;\nf = x;");
        assert!(m.contains("cannot assign to the variable"), "{m}");
        let (l, c, m) = err("variable_group x;\nconstant c;\nfunction f;\nc = x + 1;\nf = x;");
        assert_eq!((l, c), (4, 5));
        assert!(m.contains("must not depend"), "{m}");
        let (_, _, m) = err("variable_group x, y, x;\nfunction f;\nf = x;");
        assert!(m.contains("already declared"), "{m}");
        let (l, c, m) = err("variable_group x;\nfunction f;\nf = Pi*x;");
        assert_eq!((l, c), (3, 5));
        assert!(m.contains("Pi"), "{m}");
        let (_, _, m) = err("variable_group x;\nfunction f;\nf = i*x;");
        assert!(m.contains("`I`"), "{m}");
        let (_, _, m) = err("variable_group x;\nfunction f, g;\nf = x;\ng = f + 1;");
        assert!(m.contains("cannot be used"), "{m}");
        let (_, _, m) = err("variable_group x;\nconstant c;\nfunction f;\nf = c*x;\nc = 2;");
        assert!(m.contains("before it is assigned"), "{m}");
        let (_, _, m) = err("variable_group x;");
        assert!(m.contains("no `function`"), "{m}");
        let (_, _, m) = err("variable_group i;\nfunction f;\nf = i;");
        assert!(m.contains("imaginary unit"), "{m}");
    }

    #[test]
    fn unsupported_and_syntax_errors() {
        let (l, c, m) = err("INPUT\n hom_variable_group x;\nEND;");
        assert_eq!((l, c), (2, 2));
        assert!(m.contains("not supported"), "{m}");
        for kw in ["parameter", "pathvariable", "random", "variable"] {
            let (_, _, m) = err(&format!("INPUT\n{kw} p;\nEND;"));
            assert!(m.contains("not supported"), "{m}");
        }
        let (l, c, m) = err("INPUT\nvariable_group x;\nfunction f;\nf = x^2;\n");
        assert_eq!((l, c), (5, 1));
        assert!(m.contains("END"), "{m}");
        let (_, _, m) = err("CONFIG\nMPTYPE: 2;\n");
        assert!(m.contains("CONFIG"), "{m}");
        let (l, c, _) = err("INPUT\nvariable_group x;\nfunction f;\nf = x^2 + * x;\nEND;");
        assert_eq!((l, c), (4, 11));
        let (l, c, m) = err("INPUT\nvariable_group x y;\nEND;");
        assert_eq!((l, c), (2, 18));
        assert!(m.contains("`,` or `;`"), "{m}");
        let (l, c, m) = err("INPUT\nvariable_group x;\nfunction f;\nf x^2;\nEND;");
        assert_eq!((l, c), (4, 3));
        assert!(m.contains("expected `=`"), "{m}");
    }
}
