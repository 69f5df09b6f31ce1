//! Result tables: one row per (network, statement), with predicted and measured values,
//! rendered as Markdown or CSV.

/// How a measured value compares with the prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// The measurement agrees with the statement as printed.
    Yes,
    /// The measurement disagrees with the statement as printed, and agrees with the
    /// corrected statement given in the row's note (a misprint or a false claim, with
    /// the evidence in the measured column).
    Explained,
    /// Unexplained disagreement.
    No,
}

impl Agreement {
    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::Explained => "explained",
            Self::No => "NO",
        }
    }
}

/// One row of a theorem table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Theorem / proposition (paper and number).
    pub theorem: String,
    /// Network, e.g. `2-3-3-1 tanh, n=4`.
    pub network: String,
    /// The statement checked.
    pub statement: String,
    /// Predicted value (as printed in the paper).
    pub predicted: String,
    /// Measured value.
    pub measured: String,
    /// Agreement.
    pub agreement: Agreement,
    /// Explanation / corrected statement / tolerance.
    pub note: String,
}

/// A titled table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Title.
    pub title: String,
    /// File stem for output (`<stem>.md`, `<stem>.csv`).
    pub stem: String,
    /// Rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether every row agrees or is explained.
    pub fn all_ok(&self) -> bool {
        self.rows.iter().all(|r| r.agreement != Agreement::No)
    }

    /// Markdown rendering.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "## {}\n\n| theorem | network | statement | predicted | measured | agreement | note |\n|---|---|---|---|---|---|---|\n",
            self.title
        );
        for r in &self.rows {
            let cells = [
                &r.theorem,
                &r.network,
                &r.statement,
                &r.predicted,
                &r.measured,
                r.agreement.label(),
                &r.note,
            ];
            s.push('|');
            for c in cells {
                s.push(' ');
                s.push_str(&c.replace('|', "\\|"));
                s.push_str(" |");
            }
            s.push('\n');
        }
        s
    }

    /// CSV rendering (RFC 4180 quoting).
    pub fn to_csv(&self) -> String {
        fn q(s: &str) -> String {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        }
        let mut s = String::from("theorem,network,statement,predicted,measured,agreement,note\n");
        for r in &self.rows {
            let cells = [
                q(&r.theorem),
                q(&r.network),
                q(&r.statement),
                q(&r.predicted),
                q(&r.measured),
                q(r.agreement.label()),
                q(&r.note),
            ];
            s.push_str(&cells.join(","));
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders() {
        let t = Table {
            title: "T".into(),
            stem: "t".into(),
            rows: vec![Row {
                theorem: "3.1".into(),
                network: "a|b".into(),
                statement: "x, y".into(),
                predicted: "0".into(),
                measured: "0".into(),
                agreement: Agreement::Yes,
                note: String::new(),
            }],
        };
        assert!(t.to_markdown().contains("a\\|b"));
        assert!(t.to_csv().contains("\"x, y\""));
        assert!(t.all_ok());
    }
}
