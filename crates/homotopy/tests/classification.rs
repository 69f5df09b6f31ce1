//! Classification of endpoints: singular solutions with their multiplicity and winding
//! number, solutions at infinity, precision escalation, determinism.

use homotopy::{solve, PathStatus, SolveOptions};
use num_complex::Complex64;

fn sys(text: &str) -> poly::System {
    poly::parse_phc(text).unwrap()
}

/// $(x-2)^2 = 0,\ y = 3$: one double root; both total-degree paths end there with
/// winding number 2.
#[test]
fn double_root_has_multiplicity_and_winding_number_2() {
    let r = solve(
        &sys("2\n x^2 - 4*x + 4;\n y - 3;"),
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(r.counts.failed, 0, "{:?}", r.counts);
    assert_eq!(r.counts.finite, 1, "{:?}", r.counts);
    assert_eq!(r.counts.singular, 1);
    assert_eq!(r.counts.real, 1);
    let s = &r.solutions[0];
    assert!(s.singular);
    assert_eq!(s.multiplicity, 2);
    assert_eq!(s.winding_number, 2);
    assert!(
        (s.x[0] - Complex64::new(2.0, 0.0)).norm() < 1e-8,
        "{:?}",
        s.x
    );
    assert!((s.x[1] - Complex64::new(3.0, 0.0)).norm() < 1e-8);
}

/// $x^3 = 0$ together with a simple equation: a triple root, winding number 3.
#[test]
fn triple_root_has_multiplicity_3() {
    let r = solve(&sys("2\n x^3;\n x + y - 1;"), &SolveOptions::default()).unwrap();
    assert_eq!(r.counts.failed, 0, "{:?}", r.counts);
    assert_eq!(r.counts.finite, 1);
    let s = &r.solutions[0];
    assert!(
        s.singular && s.multiplicity == 3 && s.winding_number == 3,
        "{s:?}"
    );
    assert!(!s.torus, "x = 0 is not in the torus");
    assert!(s.x[0].norm() < 1e-8 && (s.x[1] - 1.0).norm() < 1e-8);
}

/// $xy = 1,\ x = 2$: Bezout 2, one finite solution, one path at infinity.
#[test]
fn one_finite_solution_and_one_at_infinity() {
    let r = solve(&sys("2\n x*y - 1;\n x - 2;"), &SolveOptions::default()).unwrap();
    assert_eq!(r.counts.failed, 0);
    assert_eq!(r.counts.finite, 1);
    assert_eq!(r.counts.nonsingular, 1);
    assert_eq!(r.counts.at_infinity, 1);
    let s = &r.solutions[0];
    assert!((s.x[0] - 2.0).norm() < 1e-12 && (s.x[1] - 0.5).norm() < 1e-12);
    assert!(s.real && s.torus && s.residual < 1e-14);
}

/// $\varepsilon x^2 - (1 + 2\varepsilon)x + 2 = 0$, $y = 1$ with $\varepsilon = 10^{-5}$: roots
/// 2 and $1/\varepsilon = 10^5$. Along the total-degree homotopy the path to $10^5$
/// looks diverging ($x \approx 1/(\gamma t)$, valuation 1) until $t \approx \varepsilon$,
/// with a chart ratio below `at_infinity_ratio` $= 10^{-3}$ long before: the endgame
/// follows it on (to `confirm_infinity_ratio`) instead of declaring it at infinity, for
/// every seed. Without that confirmation half of the paths to $10^5$ are lost. (The
/// direct attempt is switched off: on this easy system it reaches $t = 0$ by itself,
/// while the paths of larger systems, e.g. `dln` widths 3,1,3 with $m = 2$, leave the
/// decision to the radii of the endgame.)
#[test]
fn a_large_finite_root_that_looks_diverging_is_found() {
    let f = sys("2\n 0.00001*x^2 - 1.00002*x + 2;\n y - 1;");
    let options = |seed: u64, confirm: bool| {
        let mut o = SolveOptions {
            seed,
            ..SolveOptions::default()
        };
        o.endgame.direct_steps = 0;
        if !confirm {
            o.endgame.confirm_infinity_ratio = o.endgame.at_infinity_ratio;
        }
        o
    };
    let mut lost_without_confirmation = 0;
    for seed in 0..8 {
        let r = solve(&f, &options(seed, true)).unwrap();
        assert_eq!(r.counts.failed, 0, "seed {seed}: {:?}", r.counts);
        assert_eq!(r.counts.nonsingular, 2, "seed {seed}: {:?}", r.counts);
        assert!(
            r.solutions.iter().any(|s| (s.x[0] - 1e5).norm() < 1e-6),
            "seed {seed}"
        );
        let without = solve(&f, &options(seed, false)).unwrap();
        lost_without_confirmation += 2 - without.counts.nonsingular;
    }
    assert!(
        lost_without_confirmation >= 4,
        "{lost_without_confirmation}"
    );
}

/// Two parallel circles never meet: all four paths go to infinity.
#[test]
fn inconsistent_system_has_all_paths_at_infinity() {
    let r = solve(
        &sys("2\n x^2 + y^2 - 1;\n x^2 + y^2 - 4;"),
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(r.counts.failed, 0, "{:?}", r.counts);
    assert_eq!(r.counts.finite, 0);
    assert_eq!(r.counts.at_infinity, 4);
    assert_eq!(r.at_infinity().count(), 4);
}

/// The same seed gives the same result with one thread and with two.
#[test]
fn results_do_not_depend_on_the_thread_count() {
    let f = sys("3\n x^2 + y*z - 3;\n x*y*z - 1 + z^2;\n x + y + z^3 - 2;");
    let o = SolveOptions {
        seed: 42,
        ..SolveOptions::default()
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| solve(&f, &o).unwrap());
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(|| solve(&f, &o).unwrap());
    assert_eq!(one.counts, two.counts);
    assert_eq!(one.counts.failed, 0);
    for (a, b) in one.solutions.iter().zip(&two.solutions) {
        assert_eq!(a.x, b.x);
        assert_eq!(a.paths, b.paths);
    }
    for (a, b) in one.paths.iter().zip(&two.paths) {
        assert_eq!(a.status, b.status);
        assert_eq!(a.steps, b.steps);
    }
    assert_eq!(one.counts.finite, 12);
    assert!(one.paths.iter().all(|p| p.status != PathStatus::Singular));
}

/// A tracking accuracy at the limit of `f64` ($\tau = 10^{-15}$): by [`amp_criteria`]
/// the paths continue in double-double (the first tier above `f64`), succeed, and the result reports which paths escalated
/// and to what precision; with adaptive precision disabled nothing escalates.
///
/// [`amp_criteria`]: homotopy::amp_criteria
#[test]
fn precision_is_raised_when_f64_cannot_reach_the_accuracy() {
    let f = sys("2\n x^2 + 4*y^2 - 5;\n x*y - 1;");
    let mut o = SolveOptions::default();
    o.tracker.tolerance = 1e-15;
    let r = solve(&f, &o).unwrap();
    assert_eq!(r.counts.failed, 0, "{:?}", r.counts);
    assert_eq!(r.counts.nonsingular, 4);
    assert_eq!(r.counts.real, 4);
    assert!(r.counts.escalated > 0, "{:?}", r.counts);
    assert!(r
        .paths
        .iter()
        .any(|p| p.max_precision_bits == homotopy::DD_BITS && p.escalations > 0));
    o.tracker.amp.enabled = false;
    let fixed = solve(&f, &o).unwrap();
    assert_eq!(fixed.counts.escalated, 0);
    assert!(fixed.paths.iter().all(|p| p.max_precision_bits == 53));
}

/// $x = 10^6,\ x^2 y = 10^{12}$: one nonsingular root $(10^6, 1)$. Its plain condition
/// number $\kappa_\infty(JF) \approx 10^{12}$ comes from the scales alone (the Jacobian
/// row $(2xy, x^2)$); with the columns scaled by $\max(1, |y_j|)$ it is about
/// $10^7$. It is nonsingular, not a singular point near infinity.
#[test]
fn a_root_with_large_coordinates_is_nonsingular_by_its_scaled_condition_number() {
    let r = solve(
        &sys("2\n x - 1000000;\n x^2*y - 1000000000000;"),
        &SolveOptions::default(),
    )
    .unwrap();
    assert_eq!(r.counts.failed, 0, "{:?}", r.counts);
    assert_eq!(r.counts.nonsingular, 1, "{:?}", r.counts);
    let s = &r.solutions[0];
    assert!(
        (s.x[0] - Complex64::new(1e6, 0.0)).norm() < 1e-3,
        "{:?}",
        s.x
    );
    assert!(
        (s.x[1] - Complex64::new(1.0, 0.0)).norm() < 1e-9,
        "{:?}",
        s.x
    );
}

/// Two equations of sizes $10^{7}$ apart: $\kappa_\infty$ of the Jacobian is about
/// $10^{7}$ or more from the row scales alone, which asks for more than `f64` if taken
/// at face value (`f64` leaves $\log_2 \kappa \le 53 - 27 - 4$ bits for a tolerance of
/// $10^{-8}$), while the rounding error of each equation is relative to its own size. The
/// precision decision on the row-equilibrated condition number
/// ([`homotopy::AmpConfig::row_scaled`]) tracks every path in `f64`, and the solutions
/// are those of the unscaled system.
#[test]
fn an_equation_scaled_by_1e7_needs_no_extra_precision() {
    let scaled = sys("2\n 10000000*x^2 + 10000000*y^2 - 50000000;\n x*y - 2;");
    let plain = sys("2\n x^2 + y^2 - 5;\n x*y - 2;");
    // the tracker's precision decision on the system as given (not scaled first)
    let mut o = SolveOptions {
        scaling: homotopy::ScalingMode::Off,
        ..SolveOptions::default()
    };
    let four_solutions = |o: &SolveOptions| {
        let r = solve(&scaled, o).unwrap();
        let found = (r.counts.nonsingular, r.counts.failed);
        assert_eq!(found, (4, 0), "{:?}", r.counts);
        r
    };
    let r = four_solutions(&o);
    assert_eq!(r.counts.escalated, 0, "{:?}", r.counts);
    let reference = solve(&plain, &o).unwrap();
    for s in &reference.solutions {
        assert!(
            r.solutions
                .iter()
                .any(|t| t.x.iter().zip(&s.x).all(|(a, b)| (a - b).norm() < 1e-10)),
            "{:?} missing",
            s.x
        );
    }
    // the plain condition number asks for double-double on the same paths
    o.tracker.amp.row_scaled = false;
    let r = four_solutions(&o);
    assert!(r.counts.escalated > 0, "{:?}", r.counts);
}

/// Equations whose coefficients are $10^{12}$ or $10^{-12}$ times the others'
/// ($x^2 + y^2 = 5$, $xy = 2$: four real nonsingular zeros). Unscaled, the straight-line
/// homotopy squeezes the path into $1 - t < 10^{-12}$ (where `f64` resolves $1 - t$ to
/// $10^{-4}$ only) or into $t < 10^{-12}$, and paths fail; scaled by powers of ten
/// ([`poly::Scaling`], [`homotopy::ScalingMode::Auto`]) every start solves them.
#[test]
fn badly_scaled_equations_are_scaled_first() {
    let systems = [
        "2\n 1e12*x^2 + 1e12*y^2 - 5e12;\n x*y - 2;",
        "2\n 1e-12*x^2 + 1e-12*y^2 - 5e-12;\n x*y - 2;",
        "2\n 1e12*x^2 + 1e12*y^2 - 5e12;\n 1e-9*x*y - 2e-9;",
    ];
    for text in systems {
        let f = sys(text);
        let total = solve(&f, &SolveOptions::default()).unwrap();
        let poly =
            homotopy::polyhedral::solve(&f, &homotopy::PolyhedralOptions::default()).unwrap();
        for r in [&total, &poly] {
            assert_eq!(r.counts.failed, 0, "{text}: {:?}", r.counts);
            assert_eq!(r.counts.nonsingular, 4, "{text}: {:?}", r.counts);
            assert_eq!(r.counts.real, 4, "{text}: {:?}", r.counts);
            assert!(r.scaling.is_some());
            for s in &r.solutions {
                // x y = 2 and x^2 + y^2 = 5 in the original coordinates
                let (x, y) = (s.x[0], s.x[1]);
                assert!((x * y - 2.0).norm() < 1e-9, "{:?}", s.x);
                assert!((x * x + y * y - 5.0).norm() < 1e-9, "{:?}", s.x);
            }
        }
        let off = SolveOptions {
            scaling: homotopy::ScalingMode::Off,
            ..SolveOptions::default()
        };
        let unscaled = solve(&f, &off).unwrap();
        assert!(unscaled.scaling.is_none());
        assert!(
            unscaled.counts.nonsingular < 4,
            "{text}: unscaled {:?}",
            unscaled.counts
        );
    }
}
