//! The BKK columns of the published DLN tables: `BKK_affine` (the Li–Wang bound in
//! $\mathbb{C}^N$) of Tables 1–4 of Bharadwaj–Hoşten and `BKK_torus` of Table I of
//! Mehta et al., recomputed from the gradient systems (the bound is generic: any
//! random instance has the same supports).

use dln::{gradient_system, reference, Instance, Network, Regularization};
use polytope::{affine_mixed_volume, mixed_volume};

/// (table, row, column, published, computed) for every row with `N <= max_n`.
fn check(max_n: usize) -> Vec<String> {
    let skip = reference::discrepancies();
    let mut bad = Vec::new();
    let mut checked = 0;
    for table in reference::tables() {
        let column = if table.column("BKK_affine").is_some() {
            "BKK_affine"
        } else if table.column("BKK_torus").is_some() {
            "BKK_torus"
        } else {
            continue;
        };
        for row in 0..table.rows.len() {
            let widths = table.widths(row).unwrap();
            let net = Network::new(widths.clone()).unwrap();
            if net.n_weights() > max_n {
                continue;
            }
            if skip
                .iter()
                .any(|d| d.table == table.name && d.row == row + 1 && d.column == column)
            {
                continue;
            }
            let points = table.points(row).unwrap();
            let inst = Instance::random(&net, points, 7, 1.0).unwrap();
            let supports = gradient_system(&inst, Regularization::Linear).supports();
            let got = if column == "BKK_affine" {
                affine_mixed_volume(&supports).unwrap()
            } else {
                mixed_volume(&supports).unwrap()
            };
            let want = table.integer(row, column).unwrap();
            checked += 1;
            if got != want {
                bad.push(format!(
                    "{} row {} widths {widths:?} m={points}: {column} published {want}, computed {got}",
                    table.name,
                    row + 1
                ));
            }
        }
    }
    assert!(checked > 0);
    bad
}

#[test]
fn small_rows_match() {
    let bad = check(8);
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
#[ignore = "all 110 + 9 rows: minutes, run with --release"]
fn all_rows_match() {
    // POLYTOPE_MAX_N limits the rows (default: all)
    let max_n = std::env::var("POLYTOPE_MAX_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let bad = check(max_n);
    assert!(bad.is_empty(), "{bad:#?}");
}
