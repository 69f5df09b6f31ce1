//! Writing a system and reading it back: exact round trips in both formats, and
//! `f64`-faithful round trips with `CoefficientStyle::F64`.

use num_complex::Complex64;
use poly::rug::{Integer, Rational};
use poly::{
    parse_bertini, parse_phc, parse_system, write_bertini, write_phc, Coefficient,
    CoefficientStyle, Polynomial, Rng, System, Term,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::BTreeSet;

/// Names that are valid variables, including some that are keywords of one format.
const NAMES: &[&str] = &[
    "x",
    "y",
    "z",
    "w",
    "x1",
    "x_2",
    "alpha",
    "_t",
    "e",
    "E",
    "ii",
    "END",
    "INPUT",
    "function",
    "variable_group",
    "constant",
    "CONFIG",
    "f1",
    "f2",
    "eq1",
    "F",
    "X10",
];

fn below(rng: &mut Rng, n: u64) -> u64 {
    rng.next_u64() % n
}

fn random_rational(rng: &mut Rng) -> Rational {
    let num = Integer::from(rng.next_u64() >> below(rng, 64)) - Integer::from(1u64 << 40);
    let den = Integer::from((rng.next_u64() >> below(rng, 64)) | 1);
    Rational::from((num, den))
}

fn random_f64(rng: &mut Rng) -> f64 {
    match below(rng, 8) {
        0 => 5e-324 * (below(rng, 1000) as f64), // subnormal
        1 => f64::MAX * rng.uniform_in(-1.0, 1.0),
        2 => rng.normal() * 10f64.powi(below(rng, 600) as i32 - 300),
        _ => rng.normal(),
    }
}

fn random_coefficient(rng: &mut Rng) -> Coefficient {
    match below(rng, 7) {
        0 => Coefficient::from_i64(below(rng, 19) as i64 - 9),
        1 => Coefficient::real(random_rational(rng)),
        2 => Coefficient {
            re: random_rational(rng),
            im: random_rational(rng),
        },
        3 => Coefficient {
            re: Rational::from(below(rng, 5) as i64 - 2),
            im: Rational::from(below(rng, 5) as i64 - 2),
        },
        4 => Coefficient::from_f64(random_f64(rng)).unwrap(),
        5 => Coefficient::from_c64(Complex64::new(random_f64(rng), random_f64(rng))).unwrap(),
        _ => {
            // Huge and tiny exact values, beyond the range of doubles.
            let big = Integer::from(Integer::u_pow_u(10, below(rng, 400) as u32));
            let q = if below(rng, 2) == 0 {
                Rational::from((big, 7))
            } else {
                Rational::from((3, big))
            };
            Coefficient::real(if below(rng, 2) == 0 { q } else { -q })
        }
    }
}

fn random_system(rng: &mut Rng) -> System {
    let nvars = below(rng, 6) as usize;
    let mut names: Vec<String> = Vec::new();
    while names.len() < nvars {
        let name = NAMES[below(rng, NAMES.len() as u64) as usize].to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let npolys = 1 + below(rng, 5) as usize;
    let polys = (0..npolys)
        .map(|_| {
            let nterms = below(rng, 7) as usize;
            let terms: Vec<Term> = (0..nterms)
                .map(|_| Term {
                    coefficient: random_coefficient(rng),
                    exponents: (0..nvars)
                        .map(|_| {
                            if below(rng, 20) == 0 {
                                below(rng, 100) as u32
                            } else {
                                below(rng, 4) as u32
                            }
                        })
                        .collect(),
                })
                .collect();
            Polynomial::from_terms(nvars, terms)
        })
        .collect();
    System::new(names, polys).unwrap()
}

fn assert_exact_round_trip(sys: &System) {
    let phc = write_phc(sys, CoefficientStyle::Exact);
    assert_eq!(parse_phc(&phc).as_ref(), Ok(sys), "{phc}");
    assert_eq!(parse_system(&phc).as_ref(), Ok(sys), "{phc}");
    let bertini = write_bertini(sys, CoefficientStyle::Exact);
    assert_eq!(parse_bertini(&bertini).as_ref(), Ok(sys), "{bertini}");
    assert_eq!(parse_system(&bertini).as_ref(), Ok(sys), "{bertini}");
}

/// Every coefficient of `back` is the `f64` rounding of the coefficient of `sys`.
fn assert_same_doubles(sys: &System, back: &System, text: &str) {
    assert_eq!(sys.variables(), back.variables(), "{text}");
    assert_eq!(sys.len(), back.len(), "{text}");
    for (p, q) in sys.polynomials().iter().zip(back.polynomials()) {
        let monomials: BTreeSet<Vec<u32>> = p.support().into_iter().chain(q.support()).collect();
        for m in monomials {
            let a = p.coefficient(&m).to_c64();
            let b = q.coefficient(&m).to_c64();
            // `==` on doubles: -0 and 0 are the same value.
            assert!(a == b, "monomial {m:?}: {a} vs {b}\n{text}");
        }
    }
}

fn assert_f64_round_trip(sys: &System) {
    let phc = write_phc(sys, CoefficientStyle::F64);
    assert_same_doubles(sys, &parse_phc(&phc).unwrap(), &phc);
    let bertini = write_bertini(sys, CoefficientStyle::F64);
    assert_same_doubles(sys, &parse_bertini(&bertini).unwrap(), &bertini);
}

#[test]
fn random_systems_round_trip_exactly() {
    let mut rng = Rng::new(20240601);
    for _ in 0..300 {
        let sys = random_system(&mut rng);
        assert_exact_round_trip(&sys);
    }
}

#[test]
fn random_systems_round_trip_as_doubles() {
    let mut rng = Rng::new(7);
    for _ in 0..300 {
        let sys = random_system(&mut rng);
        assert_f64_round_trip(&sys);
    }
}

/// A double with a short exact decimal expansion: `k / 2^j` with small `k`, `j`.
fn short_dyadic(rng: &mut Rng) -> f64 {
    let k = below(rng, 1 << 20) as f64 - (1 << 19) as f64;
    k / (1u64 << below(rng, 12)) as f64
}

#[test]
fn short_decimal_doubles_are_written_exactly_in_f64_style() {
    let mut rng = Rng::new(99);
    for _ in 0..100 {
        let nvars = 1 + below(&mut rng, 4) as usize;
        let names: Vec<String> = (1..=nvars).map(|i| format!("x{i}")).collect();
        let polys = (0..nvars)
            .map(|_| {
                let terms: Vec<Term> = (0..5)
                    .map(|_| {
                        let re = short_dyadic(&mut rng);
                        let im = if below(&mut rng, 2) == 0 {
                            0.0
                        } else {
                            short_dyadic(&mut rng)
                        };
                        let coefficient = Coefficient::from_c64(Complex64::new(re, im)).unwrap();
                        assert!(coefficient.is_exact_as_f64_string());
                        Term {
                            coefficient,
                            exponents: (0..nvars).map(|_| below(&mut rng, 3) as u32).collect(),
                        }
                    })
                    .collect();
                Polynomial::from_terms(nvars, terms)
            })
            .collect();
        let sys = System::new(names, polys).unwrap();
        let phc = write_phc(&sys, CoefficientStyle::F64);
        assert_eq!(parse_phc(&phc).as_ref(), Ok(&sys), "{phc}");
        let bertini = write_bertini(&sys, CoefficientStyle::F64);
        assert_eq!(parse_bertini(&bertini).as_ref(), Ok(&sys), "{bertini}");
    }
}

#[test]
fn phc_and_bertini_agree() {
    let phc = "3\n x**2 + (1 - 2*i)*y/4 - 1.5e-1;\n (x - y)^3 + 2E+2*z;\n x*y*z - I;";
    let bertini = "CONFIG\n MPTYPE: 2;\nEND;\nINPUT\n variable_group x, y;\n variable_group z;\n \
                   function f1, f2, f3;\n constant a;\n a = 1 - 2*I;\n d = x - y; % subfunction\n \
                   f1 = x^2 + a*y/4 - 0.15;\n f2 = d^3 + 200*z;\n f3 = x*y*z - I;\nEND;";
    let s1 = parse_phc(phc).unwrap();
    let s2 = parse_bertini(bertini).unwrap();
    assert_eq!(s1, s2);
    assert_eq!(parse_system(phc).unwrap(), s1);
    assert_eq!(parse_system(bertini).unwrap(), s1);
    assert_exact_round_trip(&s1);
    assert_f64_round_trip(&s1);
}

/// Coefficients from small integers: `(re_num/re_den) + (im_num/im_den) i`, or a double.
fn coefficient_strategy() -> impl Strategy<Value = Coefficient> {
    prop_oneof![
        (any::<i64>(), 1..u64::MAX, any::<i32>(), 1..u32::MAX).prop_map(|(a, b, c, d)| {
            Coefficient {
                re: Rational::from((a, b)),
                im: Rational::from((c, d)),
            }
        }),
        (any::<i64>(), 1..u64::MAX).prop_map(|(a, b)| Coefficient::real(Rational::from((a, b)))),
        any::<f64>()
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(|v| Coefficient::from_f64(v).unwrap()),
    ]
}

fn system_strategy() -> impl Strategy<Value = System> {
    (0usize..4, 1usize..4).prop_flat_map(|(nvars, npolys)| {
        let term = (
            coefficient_strategy(),
            prop::collection::vec(0u32..6, nvars),
        );
        let poly = prop::collection::vec(term, 0..5);
        prop::collection::vec(poly, npolys).prop_map(move |polys| {
            let polys = polys
                .into_iter()
                .map(|terms| {
                    Polynomial::from_terms(
                        nvars,
                        terms.into_iter().map(|(coefficient, exponents)| Term {
                            coefficient,
                            exponents,
                        }),
                    )
                })
                .collect();
            let names = ["u", "v", "E", "END"][..nvars]
                .iter()
                .map(|s| s.to_string())
                .collect();
            System::new(names, polys).unwrap()
        })
    })
}

proptest! {
    #![proptest_config(Config { cases: 200, failure_persistence: None, ..Config::default() })]

    #[test]
    fn proptest_round_trips(sys in system_strategy()) {
        let phc = write_phc(&sys, CoefficientStyle::Exact);
        prop_assert_eq!(parse_phc(&phc), Ok(sys.clone()));
        let bertini = write_bertini(&sys, CoefficientStyle::Exact);
        prop_assert_eq!(parse_bertini(&bertini), Ok(sys.clone()));
        assert_f64_round_trip(&sys);
    }
}
