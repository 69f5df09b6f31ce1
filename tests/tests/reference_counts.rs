//! The closed-form counts of every published table row: N, the Bézout bound
//! (Proposition 3 of `000`) and, for H = 1 and m = 1, the bounds of Theorem 5 and
//! Corollary 12 of `001`. A published value may differ only where
//! `data/reference/discrepancies.csv` documents why it is wrong.

use dln::reference;
use dln::Network;

#[test]
fn n_cbb_and_theorem5_bounds_match_every_published_row() {
    let known = reference::discrepancies();
    let mut checked = 0;
    for table in reference::tables() {
        if table.column("d_x").is_none() {
            continue; // Table III lists points, not counts
        }
        let n_col = if table.column("N").is_some() {
            "N"
        } else {
            "n"
        };
        for row in 0..table.rows.len() {
            let widths = table.widths(row).unwrap();
            let m = table.points(row).unwrap();
            let net = Network::new(widths.clone()).unwrap();
            let documented = |col: &str| {
                known
                    .iter()
                    .any(|d| d.table == table.name && d.row == row + 1 && d.column == col)
            };
            let mut expect = |col: &str, ours: String| {
                if table.column(col).is_none() {
                    return;
                }
                let published = table.cell(row, col).unwrap();
                checked += 1;
                if documented(col) {
                    assert_ne!(
                        ours,
                        published,
                        "{} row {}: documented but equal",
                        table.name,
                        row + 1
                    );
                } else {
                    assert_eq!(
                        ours,
                        published,
                        "{} row {} {col} widths {widths:?}",
                        table.name,
                        row + 1
                    );
                }
            };
            expect(n_col, net.n_weights().to_string());
            expect("CBB", net.bezout_bound().to_string());
            if let Some(b) = net.theorem5_bounds(m) {
                expect("B_C", b.b_c.to_string());
                expect("B_Cstar", b.b_cstar.to_string());
            }
        }
    }
    // 126 rows with N, 110 + 9 with CBB, 41 with B_C and B_C*
    assert_eq!(checked, 126 + 119 + 82);
}
