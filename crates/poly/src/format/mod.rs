//! Reading and writing the PHCpack and Bertini input formats.

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
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a PHCpack input file.
pub fn parse_phc(_text: &str) -> Result<System, ParseError> {
    Err(ParseError { line: 1, column: 1, message: "not implemented".into() })
}

/// Parses a Bertini input file.
pub fn parse_bertini(_text: &str) -> Result<System, ParseError> {
    Err(ParseError { line: 1, column: 1, message: "not implemented".into() })
}

/// Parses either format, detecting Bertini by its `INPUT` section or declarations.
pub fn parse_system(text: &str) -> Result<System, ParseError> {
    parse_phc(text)
}

/// Writes a system in PHCpack's input format.
pub fn write_phc(_system: &System, _style: CoefficientStyle) -> String {
    String::new()
}

/// Writes a system as a Bertini input file.
pub fn write_bertini(_system: &System, _style: CoefficientStyle) -> String {
    String::new()
}
