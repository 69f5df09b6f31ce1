//! The papers' published tables (`data/reference/*.csv`), loaded for comparison.
//!
//! These numbers are what our computations are checked against; no computation in the
//! workspace returns them.

use std::fmt;

/// One published table: its name, column names and rows of cells (as printed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceTable {
    /// File stem, e.g. `bh_table1_H1_m1`.
    pub name: &'static str,
    /// What the table is, with the paper it comes from.
    pub caption: &'static str,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// A cell that is missing or not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError(pub String);

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

macro_rules! table {
    ($name:literal, $caption:literal) => {
        (
            $name,
            $caption,
            include_str!(concat!("../../../data/reference/", $name, ".csv")),
        )
    };
}

const TABLES: [(&str, &str, &str); 7] = [
    table!(
        "bh_table1_H1_m1",
        "Table 1 of 001: H = 1, m = 1 (BKK for C^N)"
    ),
    table!("bh_table2_H1_m2", "Table 2 of 001: H = 1, m = 2"),
    table!("bh_table3_H2_m1", "Table 3 of 001: H = 2, m = 1"),
    table!("bh_table4_H2_m2", "Table 4 of 001: H = 2, m = 2"),
    table!(
        "mehta_table1_m1",
        "Table I of 000: m = 1, hidden widths 2 (BKK for the torus)"
    ),
    table!(
        "mehta_table2_m_gt1",
        "Table II of 000: m > 1, hidden widths 2"
    ),
    table!(
        "mehta_table3_minima",
        "Table III of 000: the index-0 critical points of the Table IV instance"
    ),
];

/// The Table IV instance of `000` (H = 1, m = 5, d_x = d_y = 3, d_1 = 2), in the
/// column-major CSV format read by [`Instance::from_column_major_csv`](crate::Instance::from_column_major_csv).
pub const MEHTA_TABLE4_DATA: &str = include_str!("../../../data/reference/mehta_table4_data.csv");

/// A published cell that our computation shows to be wrong, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    /// Table file stem.
    pub table: String,
    /// 1-based row of the table.
    pub row: usize,
    /// Column name.
    pub column: String,
    /// Why the published value is wrong.
    pub explanation: String,
}

/// The documented discrepancies of `data/reference/discrepancies.csv`.
pub fn discrepancies() -> Vec<Discrepancy> {
    let text = include_str!("../../../data/reference/discrepancies.csv");
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut parts = line.splitn(4, ',');
            let table = parts.next()?.to_string();
            let row = parts.next()?.parse().ok()?;
            let column = parts.next()?.to_string();
            let explanation = parts.next()?.trim_matches('"').to_string();
            Some(Discrepancy {
                table,
                row,
                column,
                explanation,
            })
        })
        .collect()
}

fn parse(name: &'static str, caption: &'static str, text: &str) -> ReferenceTable {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let split = |l: &str| {
        l.split(',')
            .map(|c| c.trim().to_string())
            .collect::<Vec<_>>()
    };
    let header = lines.next().map(split).unwrap_or_default();
    let rows = lines.map(split).collect();
    ReferenceTable {
        name,
        caption,
        header,
        rows,
    }
}

/// All published tables.
pub fn tables() -> Vec<ReferenceTable> {
    TABLES
        .iter()
        .map(|&(name, caption, text)| parse(name, caption, text))
        .collect()
}

/// The table with this file stem.
pub fn table(name: &str) -> Option<ReferenceTable> {
    TABLES
        .iter()
        .find(|t| t.0 == name)
        .map(|&(name, caption, text)| parse(name, caption, text))
}

impl ReferenceTable {
    /// Index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The cell of `row` in column `name`.
    pub fn cell(&self, row: usize, name: &str) -> Result<&str, CellError> {
        let c = self
            .column(name)
            .ok_or_else(|| CellError(format!("{}: no column {name}", self.name)))?;
        self.rows
            .get(row)
            .and_then(|r| r.get(c))
            .map(String::as_str)
            .ok_or_else(|| CellError(format!("{}: no row {row}", self.name)))
    }

    /// The cell as an unsigned integer.
    pub fn integer(&self, row: usize, name: &str) -> Result<u64, CellError> {
        let s = self.cell(row, name)?;
        s.parse()
            .map_err(|_| CellError(format!("{}: `{s}` in {name} is not an integer", self.name)))
    }

    /// The cell as a number.
    pub fn number(&self, row: usize, name: &str) -> Result<f64, CellError> {
        let s = self.cell(row, name)?;
        s.parse()
            .map_err(|_| CellError(format!("{}: `{s}` in {name} is not a number", self.name)))
    }

    /// The network widths `d_x, d_1, ..., d_H, d_y` of a row of a count table, from its
    /// columns `d_x`, `d_y` and `d_hidden` (Tables 1–4 of `001`) or `H` with hidden
    /// widths 2 (Tables I and II of `000`).
    pub fn widths(&self, row: usize) -> Result<Vec<usize>, CellError> {
        let d_x = self.integer(row, "d_x")? as usize;
        let d_y = self.integer(row, "d_y")? as usize;
        let (h, hidden) = if self.column("d_hidden").is_some() {
            let h = if self.name.contains("H2") { 2 } else { 1 };
            (h, self.integer(row, "d_hidden")? as usize)
        } else {
            (self.integer(row, "H")? as usize, 2)
        };
        let mut w = vec![d_x];
        w.extend(std::iter::repeat_n(hidden, h));
        w.push(d_y);
        Ok(w)
    }

    /// The rows of a count table whose network has at most `max_n` weights, as (0-based
    /// row, widths, $m$).
    ///
    /// # Errors
    /// When a row's widths or $m$ cannot be read.
    pub fn rows_up_to(&self, max_n: usize) -> Result<Vec<(usize, Vec<usize>, usize)>, CellError> {
        let mut out = Vec::new();
        for row in 0..self.rows.len() {
            let widths = self.widths(row)?;
            let n: usize = widths.windows(2).map(|w| w[0] * w[1]).sum();
            if n <= max_n {
                out.push((row, widths, self.points(row)?));
            }
        }
        Ok(out)
    }

    /// Whether the published cell in `column` of `row` (0-based) is a known
    /// discrepancy ([`discrepancies`]).
    pub fn is_discrepancy(&self, row: usize, column: &str) -> bool {
        discrepancies()
            .iter()
            .any(|d| d.table == self.name && d.row == row + 1 && d.column == column)
    }

    /// The number of data points $m$ of a row.
    pub fn points(&self, row: usize) -> Result<usize, CellError> {
        if self.column("m").is_some() {
            return Ok(self.integer(row, "m")? as usize);
        }
        Ok(if self.name.contains("_m2") { 2 } else { 1 })
    }
}

/// A published generic count $N_{\mathbb C}$ (and $N_{\mathbb C^*}$ where printed) of a
/// network, for comparison with a computed one ([`published_generic_count`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedCount {
    /// The table's file stem.
    pub table: &'static str,
    /// The row, 1-based as printed.
    pub row: usize,
    /// The $m$ of that row (another $m \ge d_x$ than asked for: see
    /// [`published_generic_count`]).
    pub points: usize,
    /// $N_{\mathbb C}$.
    pub n_c: u64,
    /// $N_{\mathbb C^*}$, where the table has it.
    pub n_cstar: Option<u64>,
}

/// The published generic count of widths `widths` with `points` data points: a row of a
/// count table with these widths and $m$, or, when $m \ge d_x$, with these widths and
/// any $m' \ge d_x$ (the family then depends on the data through $XX^\top$ and
/// $YX^\top$ only, whose generic values are the same for every $m \ge d_x$: see
/// [`DataParameters::Moments`](crate::DataParameters::Moments); Table II of `000` prints
/// 225 for every $m$ from 2 to 20). `None` when no table has the network, or the row
/// has a known discrepancy in N_C ([`discrepancies`]).
pub fn published_generic_count(widths: &[usize], points: usize) -> Option<PublishedCount> {
    let d_x = *widths.first()?;
    let mut fallback = None;
    for t in tables() {
        if t.column("N_C").is_none() {
            continue;
        }
        for row in 0..t.rows.len() {
            let (Ok(w), Ok(m)) = (t.widths(row), t.points(row)) else {
                continue;
            };
            let doubtful = t.is_discrepancy(row, "N_C") || t.is_discrepancy(row, "N_Cstar");
            if w != widths || doubtful {
                continue;
            }
            let Ok(n_c) = t.integer(row, "N_C") else {
                continue;
            };
            let found = PublishedCount {
                table: t.name,
                row: row + 1,
                points: m,
                n_c,
                n_cstar: t.integer(row, "N_Cstar").ok(),
            };
            if m == points {
                return Some(found);
            }
            if m >= d_x && points >= d_x && fallback.is_none() {
                fallback = Some(found);
            }
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_tables_load_with_consistent_rows() {
        let ts = tables();
        assert_eq!(ts.len(), 7);
        for t in &ts {
            assert!(!t.rows.is_empty(), "{}", t.name);
            for r in &t.rows {
                assert_eq!(r.len(), t.header.len(), "{}", t.name);
            }
        }
        let t1 = table("bh_table1_H1_m1").unwrap();
        assert_eq!(t1.widths(0).unwrap(), vec![1, 1, 1]);
        assert_eq!(discrepancies().len(), 1);
        let m2 = table("mehta_table2_m_gt1").unwrap();
        assert_eq!(m2.points(2).unwrap(), 3);
    }

    #[test]
    fn rows_are_selected_by_their_number_of_weights() {
        let t = table("bh_table3_H2_m1").unwrap();
        let rows = t.rows_up_to(5).unwrap();
        // widths 1,1,1,1 (N = 3), 2,1,1,1 and 1,1,1,2 (4), 3,1,1,1 and 2,1,1,2 (5)
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(rows[0], (0, vec![1, 1, 1, 1], 1));
        assert!(rows.iter().all(|(_, w, _)| w.len() == 4));
        assert_eq!(t.rows_up_to(100).unwrap().len(), t.rows.len());
        let d = &discrepancies()[0];
        let t = table(&d.table).unwrap();
        assert!(t.is_discrepancy(d.row - 1, &d.column));
        assert!(!t.is_discrepancy(d.row, &d.column));
    }

    #[test]
    fn published_counts_are_found_by_widths_and_points() {
        let c = published_generic_count(&[2, 2, 2], 1).unwrap();
        assert_eq!((c.n_c, c.points), (33, 1));
        let c = published_generic_count(&[2, 2, 2], 2).unwrap();
        assert_eq!((c.n_c, c.n_cstar, c.points), (225, Some(192), 2));
        // m = 7 is in no table; m >= d_x gives the count of m = 2
        let c = published_generic_count(&[2, 2, 2], 7).unwrap();
        assert_eq!((c.n_c, c.points), (225, 2));
        let c = published_generic_count(&[3, 2, 3], 5).unwrap();
        assert_eq!(c.n_c, 2537);
        // m = 2 < d_x = 3: only an exact row would do
        assert!(published_generic_count(&[3, 2, 3], 2).is_some_and(|c| c.points == 2));
        assert!(published_generic_count(&[3, 2, 4], 4).is_none());
        assert!(published_generic_count(&[7, 7], 1).is_none());
    }
}
