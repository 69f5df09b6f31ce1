//! Certification of solver output and of hand-made point lists: refusals, duplicates,
//! nearby distinct solutions, realness, and a DLN instance solved by the homotopy
//! solver.

use certify::{certify, CertificateStatus, CertifyOptions, FailureReason, Realness};
use num_complex::Complex64;

fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

fn real_point(x: &[f64]) -> Vec<Complex64> {
    x.iter().map(|&v| c(v, 0.0)).collect()
}

/// x² + y² = 5, xy = 2: the four solutions (±1, ±2), (±2, ±1) with equal signs.
/// A point perturbed by 10⁻³ and a point far from every solution are refused; a
/// solution given twice (once exactly, once with a 10⁻¹³ perturbation) is certified
/// but counted once.
#[test]
fn perturbed_points_refused_duplicates_counted_once() {
    let sys = poly::parse_phc("2\n x^2 + y^2 - 5;\n x*y - 2;").unwrap();
    let points = vec![
        real_point(&[1.0, 2.0]),
        real_point(&[2.0, 1.0]),
        real_point(&[-1.0, -2.0]),
        real_point(&[-2.0, -1.0]),
        real_point(&[1.0, 2.0]),             // 4: the same as 0
        real_point(&[-2.0 + 1e-13, -1.0]),   // 5: the same as 3, slightly off
        real_point(&[1.0 + 1e-3, 2.0]),      // 6: perturbed: refused
        real_point(&[1.4, 1.6]),             // 7: no solution near: refused
        vec![c(1.0, 0.0)],                   // 8: wrong dimension
        vec![c(f64::NAN, 0.0), c(1.0, 0.0)], // 9: not finite
    ];
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    let k = &r.counts;
    assert_eq!(k.points, 10);
    assert_eq!(k.certified, 6, "{:?}", r.certificates);
    assert_eq!(k.uncertified, 4);
    assert_eq!(k.certified_distinct, 4);
    assert_eq!(k.duplicates, 2);
    assert_eq!(k.possibly_same_pairs, 0);
    assert_eq!((k.real, k.non_real, k.undecided), (4, 0, 0));
    assert_eq!((k.torus, k.possibly_zero), (4, 0));
    assert_eq!(r.certificates[4].duplicate_of, Some(0));
    assert_eq!(r.certificates[5].duplicate_of, Some(3));
    assert!(matches!(
        r.certificates[6].status,
        CertificateStatus::Failed(FailureReason::TooFar { .. })
    ));
    assert!(!r.certificates[7].is_certified());
    assert!(matches!(
        r.certificates[8].status,
        CertificateStatus::Failed(FailureReason::InvalidPoint { .. })
    ));
    assert!(matches!(
        r.certificates[9].status,
        CertificateStatus::Failed(FailureReason::InvalidPoint { .. })
    ));
    // the certified boxes hold the exact solutions
    for (cert, sol) in r.certificates.iter().zip([[1.0, 2.0], [2.0, 1.0]]) {
        for (e, v) in cert.enclosure.iter().zip(sol) {
            assert!(e.re.contains(v) && e.im.contains(0.0));
        }
    }
    // a looser distance lets the 10⁻³-perturbed point certify the solution near it
    let loose = CertifyOptions {
        max_relative_distance: 1e-2,
        ..CertifyOptions::default()
    };
    let r = certify(&sys, &points[6..7], &loose).unwrap();
    assert_eq!(r.counts.certified, 1);
}

/// x² − ε² with ε = 10⁻⁶: the roots ±ε are certified distinct and real; the point 0
/// between them is refused.
#[test]
fn nearby_roots_of_one_variable_are_distinct() {
    let sys = poly::parse_phc("1\n x^2 - 1e-12;").unwrap();
    let points = vec![vec![c(1e-6, 0.0)], vec![c(-1e-6, 0.0)], vec![c(0.0, 0.0)]];
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    assert_eq!(r.counts.certified, 2, "{:?}", r.certificates);
    assert_eq!(r.counts.certified_distinct, 2);
    assert_eq!(r.counts.real, 2);
    assert!(!r.certificates[2].is_certified());
}

/// (x − 1)(x − 1 − 10⁻⁵) = 0, y = x + x²: two solutions 10⁻⁵ apart, certified distinct
/// and real, with boxes that do not overlap.
#[test]
fn nearby_roots_of_two_variables_are_distinct() {
    let sys = poly::parse_phc("2\n x^2 - 2.00001*x + 1.00001;\n y - x - x^2;").unwrap();
    let a = 1.0f64;
    let b = 1.00001f64;
    let points = vec![real_point(&[a, a + a * a]), real_point(&[b, b + b * b])];
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    assert_eq!(r.counts.certified_distinct, 2, "{:?}", r.certificates);
    assert_eq!(r.counts.real, 2);
    let (e0, e1) = (&r.certificates[0].enclosure, &r.certificates[1].enclosure);
    assert!(!e0[0].overlaps(&e1[0]));
}

/// (x² + 1)(x − 2) = 0, y² = 3: two real and four non-real solutions; and a real
/// system with the non-real roots ±10⁻¹⁰ i, whose tiny imaginary parts are still
/// certified non-zero.
#[test]
fn real_and_non_real_solutions() {
    let sys = poly::parse_phc("2\n x^3 - 2*x^2 + x - 2;\n y^2 - 3;").unwrap();
    let s3 = 3f64.sqrt();
    let mut points = Vec::new();
    for x in [c(2.0, 0.0), c(0.0, 1.0), c(0.0, -1.0)] {
        for y in [s3, -s3] {
            points.push(vec![x, c(y, 1e-17)]);
        }
    }
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    assert_eq!(r.counts.certified_distinct, 6);
    assert_eq!(
        (r.counts.real, r.counts.non_real, r.counts.undecided),
        (2, 4, 0)
    );
    assert_eq!(r.certificates[0].real, Realness::Real);
    assert_eq!(r.certificates[2].real, Realness::NonReal);

    let sys = poly::parse_phc("1\n x^2 + 1e-20;").unwrap();
    let points = vec![vec![c(0.0, 1e-10)], vec![c(0.0, -1e-10)]];
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    assert_eq!((r.counts.certified_distinct, r.counts.non_real), (2, 2));

    // complex coefficients: realness is never claimed
    let sys = poly::parse_phc("1\n x^2 - 2*I*x - 1;").unwrap(); // (x − i)²: singular
    let r = certify(&sys, &[vec![c(0.0, 1.0)]], &CertifyOptions::default()).unwrap();
    assert_eq!(r.counts.certified, 0);
    let sys = poly::parse_phc("1\n x - 2 + 0*I + I*x;").unwrap(); // x = 2/(1+i) = 1 − i
    let r = certify(&sys, &[vec![c(1.0, -1.0)]], &CertifyOptions::default()).unwrap();
    assert_eq!((r.counts.certified, r.counts.non_real), (1, 1));
}

/// Zero coordinates: x·y = 0, x + y = 1 has the solutions (0, 1) and (1, 0), both
/// certified, each with a possibly-zero coordinate.
#[test]
fn zero_coordinates_are_reported() {
    let sys = poly::parse_phc("2\n x*y;\n x + y - 1;").unwrap();
    let points = vec![real_point(&[0.0, 1.0]), real_point(&[1.0, 0.0])];
    let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
    assert_eq!(r.counts.certified_distinct, 2);
    assert_eq!((r.counts.torus, r.counts.possibly_zero), (0, 2));
    assert_eq!(r.certificates[0].possibly_zero, vec![0]);
    assert_eq!(r.certificates[1].possibly_zero, vec![1]);
}

/// A non-square system is an error, not a panic.
#[test]
fn non_square_system_is_an_error() {
    let sys = poly::System::with_default_names(vec![poly::Polynomial::variable(2, 0)]).unwrap();
    assert!(certify(&sys, &[], &CertifyOptions::default()).is_err());
}

/// Widths 2,2,2 with one data point (Table 1 of `001`: N_C = 33, N_C* = 16): the 33
/// critical points found by the homotopy solver are all certified, 33 distinct, 16
/// certified in the torus, and the certified-real count equals the solver's N_R.
#[test]
fn dln_widths_2_2_2_all_critical_points_certified() {
    let net = dln::Network::new(vec![2, 2, 2]).unwrap();
    for seed in [1u64, 2] {
        let inst = dln::Instance::random(&net, 1, seed, 1.0).unwrap();
        let sys = dln::gradient_system(&inst, dln::Regularization::Linear);
        let cp = dln::critical_points(
            &inst,
            dln::Regularization::Linear,
            dln::Method::Reduced,
            seed,
        )
        .unwrap();
        assert_eq!(cp.failed, 0);
        let points = cp.nonsingular();
        assert_eq!(points.len(), 33);
        let n_r = analysis::analyze(
            &inst,
            dln::Regularization::Linear,
            points,
            &analysis::AnalysisOptions::default(),
        )
        .n_r();
        let r = certify(&sys, points, &CertifyOptions::default()).unwrap();
        let k = &r.counts;
        let failures: Vec<_> = r.failures().collect();
        assert_eq!(k.certified, 33, "seed {seed}: {failures:?}");
        assert_eq!(k.certified_distinct, 33, "seed {seed}");
        assert_eq!(k.undecided, 0, "seed {seed}");
        assert_eq!(k.real, n_r, "seed {seed}");
        assert_eq!(k.real + k.non_real, 33);
        assert_eq!(k.torus, 16, "seed {seed}");
    }
}

/// Small regularization, Λ ∈ [0, δ]: the critical points of widths 2,2,2, m = 1 spread
/// their layers over many orders of magnitude (weights from 10⁻⁴ to 10⁴) and their
/// Jacobians are ill-conditioned (κ up to about 10¹⁶ at δ = 10⁻⁷). Before the
/// preconditioner was equilibrated and the boxes measured from the centre at the
/// working precision, 4 of the 33 points of each of the first two instances were not
/// certified (the box search could not go below the `f64` rounding of the centre); the
/// third needs the preconditioner and the Newton steps of the centre at the working
/// precision (with an `f64` inverse refined by Newton–Schulz steps, 2 points were not
/// certified: κ(Ĵ)·2⁻⁵³ ≥ 1).
#[test]
fn dln_small_regularization_all_critical_points_certified() {
    let net = dln::Network::new(vec![2, 2, 2]).unwrap();
    let generic = dln::generic_critical_points(&net, 1, &dln::GenericOptions::default()).unwrap();
    for (seed, delta) in [(5007u64, 1e-5), (5001, 1e-7), (5, 1e-7)] {
        let inst = dln::Instance::random(&net, 1, seed, delta).unwrap();
        let sys = dln::gradient_system(&inst, dln::Regularization::Linear);
        let cp = generic
            .track_to(&inst, dln::Regularization::Linear, seed)
            .unwrap();
        assert_eq!(cp.failed, 0, "seed {seed}");
        let points = cp.nonsingular();
        assert_eq!(points.len(), 33, "seed {seed}");
        let r = certify(&sys, points, &CertifyOptions::default()).unwrap();
        let k = &r.counts;
        let failures: Vec<_> = r.failures().collect();
        assert_eq!(k.certified, 33, "seed {seed}, δ = {delta}: {failures:?}");
        assert_eq!(k.certified_distinct, 33, "seed {seed}, δ = {delta}");
        assert_eq!(k.torus, 16, "seed {seed}, δ = {delta}");
    }
}
