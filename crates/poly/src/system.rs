//! Square (and non-square) systems of polynomial equations with named variables.

use crate::Polynomial;
use std::collections::HashSet;
use std::fmt;

/// A system $F = (f_1, \dots, f_k)$ of polynomials in the variables
/// $x_1, \dots, x_n$, with the variables' names in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    variables: Vec<String>,
    polynomials: Vec<Polynomial>,
}

/// Why a list of polynomials and variable names does not form a [`System`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SystemError {
    /// A polynomial has a different number of variables than the system.
    VariableCount {
        /// Index of the polynomial.
        index: usize,
        /// Its number of variables.
        found: usize,
        /// The number of named variables.
        expected: usize,
    },
    /// A variable name appears twice.
    DuplicateVariable(String),
    /// A variable name is empty or not an identifier.
    InvalidVariableName(String),
    /// The system has no equations.
    Empty,
}

impl fmt::Display for SystemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::VariableCount {
                index,
                found,
                expected,
            } => write!(
                f,
                "polynomial {} has {found} variables, the system has {expected}",
                index + 1
            ),
            Self::DuplicateVariable(v) => write!(f, "variable `{v}` is declared twice"),
            Self::InvalidVariableName(v) => write!(f, "`{v}` is not a valid variable name"),
            Self::Empty => f.write_str("the system has no equations"),
        }
    }
}

impl std::error::Error for SystemError {}

/// Whether `name` is an identifier usable in both input formats:
/// a letter or `_` followed by letters, digits, `_`, and not the imaginary unit (`i`,
/// `I`) or Bertini's constant `Pi`.
pub fn is_valid_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(name, "i" | "I" | "Pi")
}

impl System {
    /// A system from variable names and polynomials in that many variables.
    pub fn new(variables: Vec<String>, polynomials: Vec<Polynomial>) -> Result<Self, SystemError> {
        if polynomials.is_empty() {
            return Err(SystemError::Empty);
        }
        let mut seen = HashSet::new();
        for v in &variables {
            if !is_valid_variable_name(v) {
                return Err(SystemError::InvalidVariableName(v.clone()));
            }
            if !seen.insert(v.as_str()) {
                return Err(SystemError::DuplicateVariable(v.clone()));
            }
        }
        for (index, p) in polynomials.iter().enumerate() {
            if p.nvars() != variables.len() {
                return Err(SystemError::VariableCount {
                    index,
                    found: p.nvars(),
                    expected: variables.len(),
                });
            }
        }
        Ok(Self {
            variables,
            polynomials,
        })
    }

    /// A system with variables named `x1, ..., xn`.
    pub fn with_default_names(polynomials: Vec<Polynomial>) -> Result<Self, SystemError> {
        let n = polynomials.first().map_or(0, Polynomial::nvars);
        Self::new((1..=n).map(|i| format!("x{i}")).collect(), polynomials)
    }

    /// The variable names, in order.
    pub fn variables(&self) -> &[String] {
        &self.variables
    }

    /// The polynomials, in order.
    pub fn polynomials(&self) -> &[Polynomial] {
        &self.polynomials
    }

    /// Number of variables $n$.
    pub fn nvars(&self) -> usize {
        self.variables.len()
    }

    /// Number of equations.
    pub fn len(&self) -> usize {
        self.polynomials.len()
    }

    /// Always false: a system has at least one equation.
    pub fn is_empty(&self) -> bool {
        self.polynomials.is_empty()
    }

    /// Whether the system has as many equations as variables.
    pub fn is_square(&self) -> bool {
        self.len() == self.nvars()
    }

    /// The total degree of each equation.
    pub fn degrees(&self) -> Vec<u32> {
        self.polynomials.iter().map(Polynomial::degree).collect()
    }

    /// The support (exponent vectors) of each equation.
    pub fn supports(&self) -> Vec<Vec<Vec<u32>>> {
        self.polynomials.iter().map(Polynomial::support).collect()
    }

    /// Whether every coefficient is real.
    pub fn is_real(&self) -> bool {
        self.polynomials.iter().all(Polynomial::is_real)
    }

    /// The Jacobian matrix $\partial f_i / \partial x_j$ as polynomials (row-major).
    pub fn jacobian(&self) -> Vec<Vec<Polynomial>> {
        self.polynomials
            .iter()
            .map(|p| (0..self.nvars()).map(|j| p.derivative(j)).collect())
            .collect()
    }

    /// The system with its last `values.len()` variables replaced by `values` (exact
    /// substitution): a member $F(x; p)$ of a family whose parameters $p$ are the
    /// trailing variables. Terms that become equal in $x$ are combined.
    ///
    /// ```
    /// use poly::{parse_phc, Coefficient};
    /// let family = parse_phc("1\n x^2 - p*x + 2*p;").unwrap(); // variables x, p
    /// let f = family.specialize(&[Coefficient::from_i64(3)]).unwrap();
    /// assert_eq!(f.variables(), ["x"]);
    /// assert_eq!(f.polynomials()[0].eval_c64(&[num_complex::Complex64::new(2.0, 0.0)]).re, 4.0);
    /// ```
    ///
    /// # Errors
    /// When there are not more variables than values, or no equation is left non-zero.
    pub fn specialize(&self, values: &[crate::Coefficient]) -> Result<Self, SystemError> {
        let k = values.len();
        let n = self.nvars();
        if k >= n {
            return Err(SystemError::VariableCount {
                index: 0,
                found: n,
                expected: k + 1,
            });
        }
        let m = n - k;
        let polynomials = self
            .polynomials
            .iter()
            .map(|p| {
                Polynomial::from_terms(
                    m,
                    p.terms().iter().map(|t| {
                        let mut c = t.coefficient.clone();
                        for (v, &e) in values.iter().zip(&t.exponents[m..]) {
                            if e > 0 {
                                c = c.mul(&v.pow(e));
                            }
                        }
                        crate::Term {
                            coefficient: c,
                            exponents: t.exponents[..m].to_vec(),
                        }
                    }),
                )
            })
            .collect();
        Self::new(self.variables[..m].to_vec(), polynomials)
    }
}
