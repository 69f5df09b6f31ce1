//! Property tests of [`poly::Scaling`]: the scaled system is the original one in scaled
//! unknowns, up to a power of ten per equation, whatever the exponents; and balancing a
//! scaled system whose coefficients had one size brings their spread back near it.

use num_complex::Complex64;
use poly::{coefficient_spread, Coefficient, Polynomial, Scaling, System, Term};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Systems of 1–3 equations in 1–3 unknowns, coefficients 1..9 (one size), degree ≤ 3.
fn system_strategy() -> impl Strategy<Value = System> {
    (1usize..4, 1usize..4).prop_flat_map(|(nvars, npolys)| {
        let term = (1i64..10, prop::collection::vec(0u32..4, nvars));
        let poly = prop::collection::vec(term, 1..5);
        prop::collection::vec(poly, npolys).prop_map(move |polys| {
            let polys = polys
                .into_iter()
                .map(|terms| {
                    Polynomial::from_terms(
                        nvars,
                        terms.into_iter().map(|(c, exponents)| Term {
                            coefficient: Coefficient::from_i64(c),
                            exponents,
                        }),
                    )
                })
                .collect();
            System::with_default_names(polys).unwrap()
        })
    })
}

proptest! {
    #![proptest_config(Config { cases: 200, failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_scaled_system_is_the_original_in_scaled_unknowns(
        f in system_strategy(),
        c in prop::collection::vec(-6i32..7, 3),
        d in prop::collection::vec(-3i32..4, 3),
        point in prop::collection::vec((-2.0f64..2.0, -2.0f64..2.0), 3),
    ) {
        let s = Scaling {
            equations: c[..f.len()].to_vec(),
            variables: d[..f.nvars()].to_vec(),
        };
        let g = s.apply(&f);
        let xs: Vec<Complex64> =
            point[..f.nvars()].iter().map(|&(a, b)| Complex64::new(a, b)).collect();
        let x = s.unscale(&xs);
        for ((fi, gi), &ci) in f.polynomials().iter().zip(g.polynomials()).zip(&s.equations) {
            let want = fi.eval_c64(&x) * 10f64.powi(ci);
            let got = gi.eval_c64(&xs);
            // relative to the size of the terms of the scaled equation at xs
            let size: f64 = gi
                .terms()
                .iter()
                .map(|t| {
                    let m = t.exponents.iter().zip(&xs).map(|(&e, z)| z.norm().powi(e as i32)).product::<f64>();
                    t.coefficient.to_c64().norm() * m
                })
                .sum();
            prop_assert!((want - got).norm() <= 1e-12 * (1.0 + size), "{} vs {}", want, got);
        }
    }

    #[test]
    fn balancing_a_scaled_system_of_one_size_brings_its_spread_back(
        f in system_strategy(),
        c in prop::collection::vec(-8i32..9, 3),
        d in prop::collection::vec(-4i32..5, 3),
    ) {
        let s = Scaling {
            equations: c[..f.len()].to_vec(),
            variables: d[..f.nvars()].to_vec(),
        };
        let g = s.apply(&f);
        let b = Scaling::balance(&g);
        let h = b.apply(&g);
        // coefficients 1..9 spread at most one decade; the rounding of each unknown's
        // exponent may cost half a decade per degree of a term (degree <= 9)
        prop_assert!(
            coefficient_spread(&h) <= coefficient_spread(&f) + 1.0 + 4.5,
            "spread {} after balancing, {} before scaling ({:?}, then {:?})",
            coefficient_spread(&h), coefficient_spread(&f), s, b
        );
    }
}
