//! Example 14 of `001`: not every pattern of dead neurons is realized by critical
//! points (H ≤ 2, m = 1, generic data).
//! - Widths 1,2,1: of the four types (origin, neuron 1 dead, neuron 2 dead, none dead)
//!   the last has no complex critical point; 9 critical points in all.
//! - Widths 2,2,2,2: of the ten types (the origin and the 3 × 3 choices of alive
//!   neurons per hidden layer), exactly two do not occur: both neurons of layer 1 alive
//!   with one neuron of layer 2 alive (the two patterns printed in the paper).
//!
//! The types come from the dead-neuron strata of the generic solve
//! (`dln::generic_critical_points`, whose total is checked against the published N_C),
//! and the patterns are read off a real instance's critical points too
//! (`analysis::ZeroPattern`), so the statement is checked on both.
//!
//! Widths 2,2,2,2 take about a minute in debug:
//! `cargo test -p integration-tests --test example14 -- --include-ignored`.

use analysis::ZeroPattern;
use dln::{generic_critical_points, reference, GenericOptions, Instance, Network, Regularization};
use num_complex::Complex64;
use std::collections::BTreeSet;

/// The zero pattern of the points of a stratum: weight (l, r, c) is non-zero when its
/// neurons are alive (input and output neurons always are).
fn stratum_pattern(net: &Network, alive: &[Vec<usize>]) -> String {
    let depth = net.depth();
    let alive_in =
        |layer: usize, i: usize| layer == 0 || layer > depth || alive[layer - 1].contains(&i);
    let mut w = vec![Complex64::default(); net.n_weights()];
    for l in 1..=net.n_layers() {
        let (rows, cols) = net.shape(l);
        for r in 0..rows {
            for c in 0..cols {
                if alive_in(l, r) && alive_in(l - 1, c) {
                    w[net.variable_index(l, r, c)] = Complex64::new(1.0, 0.0);
                }
            }
        }
    }
    ZeroPattern::of_complex(&w, 0.5).describe(net)
}

/// The stratum patterns with and without generic critical points, and the patterns of
/// the critical points of one real instance.
fn types(widths: &[usize], table: &str) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let net = Network::new(widths.to_vec()).unwrap();
    let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
    assert_eq!(g.failed, 0);
    let t = reference::table(table).unwrap();
    let row = (0..t.rows.len())
        .find(|&r| t.widths(r).unwrap() == widths)
        .expect("a published row");
    assert_eq!(g.points.len() as u64, t.integer(row, "N_C").unwrap());
    assert_eq!(g.torus() as u64, t.integer(row, "N_Cstar").unwrap());
    let origin =
        ZeroPattern::of_complex(&vec![Complex64::default(); net.n_weights()], 0.5).describe(&net);
    let mut occur = BTreeSet::from([origin]);
    let mut absent = BTreeSet::new();
    for s in &g.strata {
        let p = stratum_pattern(&net, &s.alive);
        if s.count > 0 {
            occur.insert(p);
        } else {
            absent.insert(p);
        }
    }
    let inst = Instance::random(&net, 1, 7, 1.0).unwrap();
    let cp = g.track_to(&inst, Regularization::Linear, 7).unwrap();
    assert_eq!(cp.failed, 0);
    let seen = cp
        .nonsingular()
        .iter()
        .map(|w| ZeroPattern::of_complex_layers(&net, w, 1e-8).describe(&net))
        .collect();
    (occur, absent, seen)
}

#[test]
fn widths_1_2_1_have_no_torus_critical_point() {
    let (occur, absent, seen) = types(&[1, 2, 1], "bh_table1_H1_m1");
    assert_eq!(occur.len() + absent.len(), 4);
    assert_eq!(absent, BTreeSet::from(["W1=[*;*] W2=[**]".to_string()]));
    assert_eq!(seen, occur);
}

#[test]
#[ignore = "about a minute in debug: cargo test -p integration-tests --test example14 -- --include-ignored"]
fn widths_2_2_2_2_miss_exactly_the_two_printed_types() {
    let (occur, absent, seen) = types(&[2, 2, 2, 2], "bh_table3_H2_m1");
    assert_eq!(occur.len() + absent.len(), 10);
    // the paper's two patterns: W3 = [0*;0*], W2 = [00;**] and W3 = [*0;*0], W2 = [**;00],
    // W1 full in both
    let printed = BTreeSet::from([
        "W1=[**;**] W2=[00;**] W3=[0*;0*]".to_string(),
        "W1=[**;**] W2=[**;00] W3=[*0;*0]".to_string(),
    ]);
    assert_eq!(absent, printed);
    assert_eq!(seen, occur);
}
