//! The tokenizer shared by the PHCpack and Bertini readers.
//!
//! Tokens are produced on demand, so a reader can stop in the middle of a file
//! (PHCpack output files append solutions after the system; Bertini files may hold
//! anything after `END;`) without the rest having to be valid.

use super::ParseError;
use crate::parse_decimal;
use rug::Rational;

/// A 1-based position in the input text (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// An error at this position.
    pub fn error(self, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

/// The kinds of tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A decimal literal: its exact value and its text.
    Number(Rational, String),
    /// An identifier `[A-Za-z_][A-Za-z0-9_]*`.
    Ident(String),
    Plus,
    Minus,
    Star,
    /// `**`, PHCpack's alternative power operator.
    StarStar,
    Slash,
    Caret,
    LParen,
    RParen,
    Semi,
    Comma,
    Equals,
    Eof,
}

impl Tok {
    /// A short description for error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Number(_, text) => {
                if text.chars().count() <= 24 {
                    format!("number `{text}`")
                } else {
                    "a number".to_string()
                }
            }
            Tok::Ident(name) => {
                if name.chars().count() <= 32 {
                    format!("name `{name}`")
                } else {
                    "a name".to_string()
                }
            }
            Tok::Plus => "`+`".into(),
            Tok::Minus => "`-`".into(),
            Tok::Star => "`*`".into(),
            Tok::StarStar => "`**`".into(),
            Tok::Slash => "`/`".into(),
            Tok::Caret => "`^`".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Semi => "`;`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Equals => "`=`".into(),
            Tok::Eof => "end of input".into(),
        }
    }

    /// Whether this is the identifier `name`.
    pub fn is_ident(&self, name: &str) -> bool {
        matches!(self, Tok::Ident(s) if s == name)
    }
}

/// A token with its position.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// Index of the token's first character.
    offset: usize,
}

/// An on-demand tokenizer over the characters of a text.
pub(crate) struct Lexer {
    chars: Vec<char>,
    idx: usize,
    line: usize,
    column: usize,
    /// Whether `%` starts a comment running to the end of the line (Bertini).
    percent_comments: bool,
    peeked: Option<Token>,
}

impl Lexer {
    /// A lexer over `text`; a leading byte-order mark is skipped.
    pub fn new(text: &str, percent_comments: bool) -> Self {
        let mut chars: Vec<char> = text.chars().collect();
        if chars.first() == Some(&'\u{feff}') {
            chars.remove(0);
        }
        Self {
            chars,
            idx: 0,
            line: 1,
            column: 1,
            percent_comments,
            peeked: None,
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn current(&self) -> Option<char> {
        self.chars.get(self.idx).copied()
    }

    fn lookahead(&self, k: usize) -> Option<char> {
        self.chars.get(self.idx + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.current()?;
        self.idx += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_trivia(&mut self) {
        while let Some(c) = self.current() {
            if c.is_whitespace() {
                self.bump();
            } else if c == '%' && self.percent_comments {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    /// The next token, without consuming it.
    pub fn peek(&mut self) -> Result<&Token, ParseError> {
        if self.peeked.is_none() {
            let t = self.lex()?;
            self.peeked = Some(t);
        }
        match &self.peeked {
            Some(t) => Ok(t),
            None => Err(self.pos().error("internal error: lost token")),
        }
    }

    /// Consumes and returns the next token.
    pub fn next_token(&mut self) -> Result<Token, ParseError> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lex(),
        }
    }

    /// Moves back to the start of `token` (which must come from this lexer).
    fn rewind_to(&mut self, token: &Token) {
        self.idx = token.offset;
        self.line = token.pos.line;
        self.column = token.pos.column;
        self.peeked = None;
    }

    /// Skips the body of a Bertini `CONFIG` section (whose `CONFIG` keyword has just
    /// been consumed) up to and including its closing `END;`, without tokenizing the
    /// settings. `start` is the position of the keyword, for the error message.
    pub fn skip_config(&mut self, start: Pos) -> Result<(), ParseError> {
        if let Some(t) = self.peeked.take() {
            self.rewind_to(&t);
        }
        while let Some(c) = self.current() {
            if c == '%' {
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                }
            } else if is_ident_start(c) {
                let word = self.lex_word();
                if word == "END" {
                    self.skip_trivia();
                    if self.current() == Some(';') {
                        self.bump();
                        return Ok(());
                    }
                }
            } else {
                self.bump();
            }
        }
        Err(start.error("the CONFIG section is not closed by `END;`"))
    }

    fn lex_word(&mut self) -> String {
        let mut word = String::new();
        while let Some(c) = self.current() {
            if is_ident_continue(c) {
                word.push(c);
                self.bump();
            } else {
                break;
            }
        }
        word
    }

    fn lex(&mut self) -> Result<Token, ParseError> {
        self.skip_trivia();
        let pos = self.pos();
        let offset = self.idx;
        let Some(c) = self.current() else {
            return Ok(Token {
                tok: Tok::Eof,
                pos,
                offset,
            });
        };
        let tok =
            if is_ident_start(c) {
                Tok::Ident(self.lex_word())
            } else if c.is_ascii_digit()
                || (c == '.' && self.lookahead(1).is_some_and(|d| d.is_ascii_digit()))
            {
                self.lex_number(pos)?
            } else {
                self.bump();
                match c {
                    '+' => Tok::Plus,
                    '-' => Tok::Minus,
                    '*' => {
                        if self.current() == Some('*') {
                            self.bump();
                            Tok::StarStar
                        } else {
                            Tok::Star
                        }
                    }
                    '/' => Tok::Slash,
                    '^' => Tok::Caret,
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    ';' => Tok::Semi,
                    ',' => Tok::Comma,
                    '=' => Tok::Equals,
                    '%' => return Err(pos.error(
                        "unexpected character '%' (comments are not part of the PHCpack format)",
                    )),
                    _ => return Err(pos.error(format!("unexpected character {c:?}"))),
                }
            };
        Ok(Token { tok, pos, offset })
    }

    /// Lexes `digits [. digits] [(e|E) [+|-] digits]`; the exponent part is only taken
    /// when digits follow, so `2e` is the number `2` followed by the name `e`.
    fn lex_number(&mut self, pos: Pos) -> Result<Tok, ParseError> {
        let mut text = String::new();
        self.take_digits(&mut text);
        if self.current() == Some('.') {
            text.push('.');
            self.bump();
            self.take_digits(&mut text);
        }
        if let Some(e @ ('e' | 'E')) = self.current() {
            let digit_at = |k: usize| self.lookahead(k).is_some_and(|d| d.is_ascii_digit());
            let sign = matches!(self.lookahead(1), Some('+' | '-'));
            if digit_at(1) || (sign && digit_at(2)) {
                text.push(e);
                self.bump();
                if sign {
                    if let Some(s) = self.bump() {
                        text.push(s);
                    }
                }
                self.take_digits(&mut text);
            }
        }
        match parse_decimal(&text) {
            Some(q) => Ok(Tok::Number(q, text)),
            None => {
                Err(pos
                    .error("number out of range (decimal exponents are limited to about ±100000)"))
            }
        }
    }

    fn take_digits(&mut self, text: &mut String) {
        while let Some(c) = self.current() {
            if c.is_ascii_digit() {
                text.push(c);
                self.bump();
            } else {
                break;
            }
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether a Bertini-only keyword (`INPUT`, `variable_group`, `function`) occurs as a
/// whole word outside `%` comments. Used by format detection.
pub(crate) fn mentions_bertini_keyword(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if is_ident_start(c) {
            let mut word = String::from(c);
            while let Some(&d) = chars.peek() {
                if is_ident_continue(d) {
                    word.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if matches!(word.as_str(), "INPUT" | "variable_group" | "function") {
                return true;
            }
        } else if c.is_ascii_digit() {
            // Skip the rest of a number, so `2e5` is not read as containing a word.
            while chars.peek().is_some_and(|d| is_ident_continue(*d)) {
                chars.next();
            }
        }
    }
    false
}

/// The first character that is not whitespace or inside a `%` comment.
pub(crate) fn first_significant_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if !c.is_whitespace() && c != '\u{feff}' {
            return Some(c);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, percent: bool) -> Vec<Tok> {
        let mut lx = Lexer::new(text, percent);
        let mut out = Vec::new();
        loop {
            let t = lx.next_token().unwrap();
            if t.tok == Tok::Eof {
                return out;
            }
            out.push(t.tok);
        }
    }

    #[test]
    fn numbers_and_operators() {
        let t = tokens("x**2 + 1.5e-3*y^2 - 2E+4/.5", false);
        assert_eq!(t.len(), 13);
        assert_eq!(t[1], Tok::StarStar);
        assert_eq!(
            t[4],
            Tok::Number(Rational::from((3, 2000)), "1.5e-3".into())
        );
        assert_eq!(t[10], Tok::Number(Rational::from(20000), "2E+4".into()));
        assert_eq!(t[12], Tok::Number(Rational::from((1, 2)), ".5".into()));
        // `2e` is a number and a name; `2e+x` too.
        let t = tokens("2e+x", false);
        assert_eq!(t[0], Tok::Number(Rational::from(2), "2".into()));
        assert_eq!(t[1], Tok::Ident("e".into()));
    }

    #[test]
    fn positions_and_comments() {
        let mut lx = Lexer::new("% comment\n  x % more\n\t;", true);
        let t = lx.next_token().unwrap();
        assert_eq!((t.pos.line, t.pos.column), (2, 3));
        let t = lx.next_token().unwrap();
        assert_eq!(t.tok, Tok::Semi);
        assert_eq!((t.pos.line, t.pos.column), (3, 2));
        let mut lx = Lexer::new("x % y", false);
        lx.next_token().unwrap();
        assert_eq!(lx.next_token().unwrap_err().column, 3);
    }

    #[test]
    fn huge_exponents_are_errors() {
        let err = Lexer::new("  1e999999999", false).next_token().unwrap_err();
        assert_eq!((err.line, err.column), (1, 3));
        assert!(Lexer::new("1e99999999999999999999999", false)
            .next_token()
            .is_err());
    }

    #[test]
    fn config_is_skipped() {
        let mut lx = Lexer::new("CONFIG\nTRACKTYPE: 1; % END;\nEND ; x", true);
        let t = lx.next_token().unwrap();
        assert!(t.tok.is_ident("CONFIG"));
        lx.peek().unwrap();
        lx.skip_config(t.pos).unwrap();
        assert!(lx.next_token().unwrap().tok.is_ident("x"));
        let mut lx = Lexer::new("CONFIG\nTRACKTYPE: 1;", true);
        let t = lx.next_token().unwrap();
        assert!(lx.skip_config(t.pos).is_err());
    }

    #[test]
    fn detection_helpers() {
        assert!(mentions_bertini_keyword("variable_group x;"));
        assert!(!mentions_bertini_keyword("% INPUT\n x_function;"));
        assert!(!mentions_bertini_keyword("2\n x^2 - 1;"));
        assert_eq!(first_significant_char("% c\n  2"), Some('2'));
        assert_eq!(first_significant_char(" \n"), None);
    }
}
