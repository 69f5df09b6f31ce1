//! Integration tests: the theorem tables (quick in debug on small cases; the full
//! tables are `#[ignore]`d, run them with `cargo test --release -- --ignored`).

use landscape::tables::{self, Case, NhCase};
use landscape::{Activation, Agreement};

#[test]
fn small_cooper_tables_agree_or_are_explained() {
    let cases = [Case {
        widths: vec![2, 2, 2, 2, 1],
        activation: Activation::Tanh,
        n: 3,
    }];
    for row in tables::theorem_3_1(&cases, 1, 1)
        .into_iter()
        .chain(tables::theorem_3_2(&cases, 1, 1))
        .chain(tables::dimensions(&cases, 1))
    {
        assert_ne!(row.agreement, Agreement::No, "{row:?}");
    }
}

#[test]
fn printed_output_bias_is_explained_not_agreeing() {
    let cases = [Case {
        widths: vec![1, 2, 2, 1],
        activation: Activation::Cubic,
        n: 3,
    }];
    let rows = tables::theorem_3_1(&cases, 1, 2);
    assert_eq!(rows[0].agreement, Agreement::Explained);
    assert_eq!(rows[1].agreement, Agreement::Yes);
}

#[test]
fn two_outputs_core_has_two_positive_eigenvalues() {
    let cases = [Case {
        widths: vec![1, 2, 2, 2, 2],
        activation: Activation::Cubic,
        n: 3,
    }];
    let rows = tables::theorem_3_2(&cases, 1, 3);
    assert_eq!(rows[0].agreement, Agreement::Explained, "{rows:?}");
}

#[test]
fn small_very_wide_and_nguyen_hein() {
    let cases = [Case {
        widths: vec![1, 3, 3, 1],
        activation: Activation::Tanh,
        n: 2,
    }];
    for row in tables::very_wide(&cases, 1, 4) {
        assert_ne!(row.agreement, Agreement::No, "{row:?}");
    }
    let nh = [NhCase {
        widths: vec![1, 3, 1],
        k: 1,
        n: 4,
    }];
    for row in tables::nguyen_hein_rows(&nh, 2, 5) {
        assert_ne!(row.agreement, Agreement::No, "{row:?}");
    }
}

#[test]
#[ignore = "heavy: run with --release -- --ignored"]
fn full_tables_agree_or_are_explained() {
    for t in tables::all_tables(false, 2026) {
        println!("{}", t.to_markdown());
        assert!(t.all_ok(), "{}", t.to_markdown());
    }
}

#[test]
#[ignore = "heavy: run with --release -- --ignored"]
fn quick_tables_agree_or_are_explained() {
    for t in tables::all_tables(true, 2026) {
        println!("{}", t.to_markdown());
        assert!(t.all_ok(), "{}", t.to_markdown());
    }
}

/// Cooper Corollary 5.18 is false at saddles: a point of S_2 for 1-6-40-4, n = 5 (every
/// hidden width > n) is critical with d − m_ℓ − 2·m_{ℓ−1}·g = 456 − 4 − 320 = 132 zero
/// Hessian eigenvalues, below the claimed (m_{ℓ−1}+1−n)m_ℓ = 144.
#[test]
fn corollary_5_18_fails_at_a_star_saddle() {
    use landscape::cooper::{hessian_inertia, locus_point, norm, OutputBias};
    use landscape::{Data, Network};
    let net = Network::cooper(&[1, 6, 40, 4], Activation::Tanh);
    let mut rng = poly::Rng::new(42);
    let data = Data::random(1, 4, 5, 1.0, &mut rng);
    let p = locus_point(&net, &data, &[2], OutputBias::Mean, &mut rng);
    assert!(norm(&net.gradient(&p, &data)) < 1e-12);
    let i = hessian_inertia(&net, &data, &p, 1e-9);
    assert_eq!(net.num_params(), 456);
    assert_eq!(i.zero, 132);
    assert!(i.zero < (40 + 1 - 5) * 4);
    // the isotropic-subspace bound that does hold: zero + min(neg, pos) ≥ (m_{ℓ−1}+1−r)m_ℓ, r = 1
    assert!(i.zero + i.negative.min(i.positive) >= 40 * 4);
}
