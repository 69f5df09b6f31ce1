//! Example 14 of `001`: not every pattern of dead neurons is realized by critical
//! points (H ≤ 2, m = 1, generic data).
//! - Widths 1,2,1: of the four types (origin, neuron 1 dead, neuron 2 dead, none dead)
//!   the last has no complex critical point; 9 critical points in all.
//! - Widths 2,2,2,2: of the ten types (the origin and the 3 × 3 choices of alive
//!   neurons per hidden layer), exactly two do not occur: both neurons of layer 1 alive
//!   with one neuron of layer 2 alive (the two patterns printed in the paper).
//!
//! Widths 1,2,1: from the generic solve (`dln::generic_critical_points`, whose total
//! is checked against the published N_C), and read off a real instance's critical
//! points too (`analysis::ZeroPattern`). Widths 2,2,2,2: from the dominance test of
//! each stratum (`dln::strata_dominance`: a stratum has critical points for generic
//! data exactly when its torus critical points map dominantly onto the parameters),
//! seconds instead of a monodromy solve of 641 points in the H = 2 family, which is
//! not yet fast (issue 6).

use analysis::ZeroPattern;
use dln::{
    generic_critical_points, reference, strata_dominance, GenericOptions, Instance, Network,
    Regularization,
};
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
    ZeroPattern::of_complex(&w, 0.1).describe(net)
}

/// The types (stratum patterns and the origin) with and without generic critical
/// points by the dominance test.
fn types_by_dominance(net: &Network) -> (BTreeSet<String>, BTreeSet<String>) {
    let origin =
        ZeroPattern::of_complex(&vec![Complex64::default(); net.n_weights()], 0.5).describe(net);
    let mut occur = BTreeSet::from([origin]);
    let mut absent = BTreeSet::new();
    for s in strata_dominance(net, 1, &GenericOptions::default()).unwrap() {
        let p = stratum_pattern(net, &s.alive);
        if s.dominant {
            occur.insert(p);
        } else {
            absent.insert(p);
        }
    }
    (occur, absent)
}

#[test]
fn widths_1_2_1_have_no_torus_critical_point() {
    let net = Network::new(vec![1, 2, 1]).unwrap();
    let (occur, absent) = types_by_dominance(&net);
    assert_eq!(occur.len() + absent.len(), 4);
    assert_eq!(absent, BTreeSet::from(["W1=[*;*] W2=[**]".to_string()]));
    // the solve agrees: 9 critical points as published, none in the torus, and the
    // patterns of a real instance's points are the occurring types
    let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
    let t = reference::table("bh_table1_H1_m1").unwrap();
    let row = (0..t.rows.len())
        .find(|&r| t.widths(r).unwrap() == [1, 2, 1])
        .unwrap();
    assert_eq!(g.failed, 0);
    assert_eq!(g.points.len() as u64, t.integer(row, "N_C").unwrap());
    assert_eq!(g.torus(), 0);
    for s in &g.strata {
        assert_eq!(
            s.count > 0,
            occur.contains(&stratum_pattern(&net, &s.alive))
        );
    }
    let inst = Instance::random(&net, 1, 7, 1.0).unwrap();
    let cp = g.track_to(&inst, Regularization::Linear, 7).unwrap();
    assert_eq!(cp.failed, 0);
    let seen: BTreeSet<String> = cp
        .nonsingular()
        .iter()
        .map(|w| ZeroPattern::of_complex_layers(&net, w, 1e-8).describe(&net))
        .collect();
    assert_eq!(seen, occur);
}

#[test]
fn widths_2_2_2_2_miss_exactly_the_two_printed_types() {
    let net = Network::new(vec![2, 2, 2, 2]).unwrap();
    let (occur, absent) = types_by_dominance(&net);
    assert_eq!(occur.len() + absent.len(), 10);
    // the paper's two patterns: W3 = [0*;0*], W2 = [00;**] and W3 = [*0;*0], W2 = [**;00],
    // W1 full in both
    let printed = BTreeSet::from([
        "W1=[**;**] W2=[00;**] W3=[0*;0*]".to_string(),
        "W1=[**;**] W2=[**;00] W3=[*0;*0]".to_string(),
    ]);
    assert_eq!(absent, printed);
}
