//! The polyhedral homotopy against the total-degree homotopy, the mixed volume and the
//! counts of `001` (Example 2, Table 1) and `000` (Table II).

use dln::{gradient_system, Instance, Network, Regularization};
use homotopy::polyhedral::{solve as polyhedral_solve, PolyhedralOptions, PolyhedralStart, Space};
use homotopy::{solve, SolveOptions, SolveResult};
use num_complex::Complex64;
use poly::{Coefficient, Polynomial, System, Term};

/// A random square system in `n` variables: `dense` takes every monomial of degree at
/// most `d_i` (random `d_i` in 1..=`max_degree`), otherwise 2–4 random monomials of
/// degree at most `max_degree` plus possibly a constant.
fn random_system(n: usize, dense: bool, max_degree: u32, rng: &mut poly::Rng) -> System {
    let mut polys = Vec::new();
    for _ in 0..n {
        let mut terms: Vec<Term> = Vec::new();
        let mut push = |e: Vec<u32>, rng: &mut poly::Rng| {
            let c = Complex64::new(
                (rng.uniform_in(-1.0, 1.0) * 64.0).round() / 16.0,
                (rng.uniform_in(-1.0, 1.0) * 64.0).round() / 16.0,
            );
            let c = if c == Complex64::default() {
                Complex64::new(1.0, 0.0)
            } else {
                c
            };
            terms.push(Term {
                coefficient: Coefficient::from_c64(c).unwrap(),
                exponents: e,
            });
        };
        if dense {
            let d = 1 + (rng.next_u64() % u64::from(max_degree)) as u32;
            let mut e = vec![0u32; n];
            loop {
                if e.iter().sum::<u32>() <= d {
                    push(e.clone(), rng);
                }
                // next exponent vector in [0, d]^n
                let mut k = 0;
                while k < n {
                    e[k] += 1;
                    if e[k] <= d {
                        break;
                    }
                    e[k] = 0;
                    k += 1;
                }
                if k == n {
                    break;
                }
            }
        } else {
            let m = 2 + (rng.next_u64() % 3) as usize;
            for _ in 0..m {
                let e: Vec<u32> = (0..n)
                    .map(|_| {
                        let v = (rng.next_u64() % u64::from(max_degree + 1)) as u32;
                        if v > 1 && rng.uniform() < 0.5 {
                            0
                        } else {
                            v
                        }
                    })
                    .collect();
                push(e, rng);
            }
            if rng.uniform() < 0.5 {
                push(vec![0; n], rng);
            }
        }
        let p = Polynomial::from_terms(n, terms);
        if p.degree() == 0 {
            // make it non-constant
            let mut e = vec![0; n];
            e[polys.len() % n] = 1;
            polys.push(p.add(&Polynomial::from_terms(
                n,
                [Term {
                    coefficient: Coefficient::one(),
                    exponents: e,
                }],
            )));
        } else {
            polys.push(p);
        }
    }
    System::with_default_names(polys).unwrap()
}

fn show(sys: &System) -> String {
    poly::write_phc(sys, poly::CoefficientStyle::Exact)
}

fn failures(r: &SolveResult) -> String {
    r.failed()
        .map(|p| format!("\n  path {}: {:?}", p.path, p.status))
        .collect()
}

fn nonsingular(r: &SolveResult) -> Vec<Vec<Complex64>> {
    r.nonsingular().map(|s| s.x.clone()).collect()
}

/// Whether every point of `a` has a point of `b` within relative distance `tol`.
fn contained(a: &[Vec<Complex64>], b: &[Vec<Complex64>], tol: f64) -> bool {
    a.iter().all(|x| {
        let scale = 1.0 + x.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        b.iter()
            .any(|y| x.iter().zip(y).all(|(u, v)| (u - v).norm() <= tol * scale))
    })
}

/// (1) Random dense and sparse systems in 2–5 variables: the polyhedral homotopy (in
/// C^n) and the total-degree homotopy find the same nonsingular solutions.
#[test]
fn random_systems_same_solutions_as_total_degree() {
    let mut rng = poly::Rng::new(2024);
    let mut checked = 0;
    for case in 0..24 {
        let n = 2 + case % 4;
        let dense = case % 2 == 0;
        let max_degree = if dense {
            if n >= 4 {
                2
            } else {
                3
            }
        } else {
            3
        };
        let sys = random_system(n, dense, max_degree, &mut rng);
        if sys.degrees().iter().product::<u32>() > 400 {
            continue;
        }
        let td = solve(
            &sys,
            &SolveOptions {
                seed: case as u64,
                ..SolveOptions::default()
            },
        )
        .unwrap();
        let ph = polyhedral_solve(
            &sys,
            &PolyhedralOptions {
                solve: SolveOptions {
                    seed: 100 + case as u64,
                    ..SolveOptions::default()
                },
                ..PolyhedralOptions::default()
            },
        )
        .unwrap();
        let bkk = polytope::affine_mixed_volume(&sys.supports()).unwrap();
        let msg = format!(
            "case {case} (n = {n}, dense = {dense}):\n{}\ntotal degree {:?}{}\npolyhedral {:?}{}",
            show(&sys),
            td.counts,
            failures(&td),
            ph.counts,
            failures(&ph)
        );
        assert_eq!(ph.paths_tracked, bkk.to_u64().unwrap(), "{msg}");
        assert!(ph.paths_tracked <= td.paths_tracked, "{msg}");
        assert_eq!(ph.counts.failed, 0, "{msg}");
        let (a, b) = (nonsingular(&ph), nonsingular(&td));
        // every nonsingular solution the total-degree homotopy found is found
        assert!(contained(&b, &a, 1e-6), "{msg}");
        if td.counts.failed > 0 {
            // (failed total-degree paths, e.g. on solution sets at infinity, may have
            // missed solutions: only the inclusion above is checked)
            continue;
        }
        assert_eq!(ph.counts.nonsingular, td.counts.nonsingular, "{msg}");
        assert!(contained(&a, &b, 1e-6), "{msg}");
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} systems fully compared");
}

/// A system with generic coefficients on random supports (exponents at most 2 per
/// variable: moderate degrees keep the straight-line stage well scaled).
fn generic_system(n: usize, rng: &mut poly::Rng) -> System {
    let polys = (0..n)
        .map(|_| {
            let m = 3 + (rng.next_u64() % 3) as usize;
            let terms: Vec<Term> = (0..m)
                .map(|_| Term {
                    coefficient: Coefficient::from_c64(rng.complex_normal()).unwrap(),
                    exponents: (0..n).map(|_| (rng.next_u64() % 3) as u32).collect(),
                })
                .collect();
            Polynomial::from_terms(n, terms)
        })
        .collect();
    System::with_default_names(polys).unwrap()
}

/// (2) Stage 1 alone: the random start system has exactly MV roots, distinct, in the
/// torus, with small residuals; and the torus solve of a generic system finds MV
/// nonsingular solutions in the torus.
#[test]
fn torus_mode_finds_mixed_volume_many_roots() {
    let mut rng = poly::Rng::new(77);
    let mut nontrivial = 0;
    for case in 0..12 {
        let n = 2 + case % 3;
        let sys = generic_system(n, &mut rng);
        let mv = polytope::mixed_volume(&sys.supports()).unwrap();
        let mv = mv.to_u64().unwrap();
        let start = PolyhedralStart::new(&sys, Space::Torus, case as u64, 1e-10).unwrap();
        assert_eq!(start.mixed_volume, mv);
        let opts = PolyhedralOptions::default();
        let roots = start.start_roots(mv, &opts.stage1, 1e-8);
        assert_eq!(roots.len() as u64, mv);
        let ys: Vec<Vec<Complex64>> = roots
            .iter()
            .map(|r| {
                r.root
                    .clone()
                    .unwrap_or_else(|e| panic!("case {case}: {e}"))
            })
            .collect();
        for y in &ys {
            assert!(y.iter().all(|z| z.norm() > 1e-12), "case {case}: {y:?}");
            for (p, eq) in start
                .system
                .polynomials()
                .iter()
                .zip(&start.start.equations)
            {
                // residual relative to the size of the terms
                let size: f64 = eq
                    .iter()
                    .map(|t| {
                        t.coefficient.norm()
                            * t.exponents
                                .iter()
                                .zip(y)
                                .map(|(&e, z)| z.norm().powi(e as i32))
                                .product::<f64>()
                    })
                    .sum();
                assert!(p.eval_c64(y).norm() <= 1e-10 * size, "case {case}");
            }
        }
        for (i, a) in ys.iter().enumerate() {
            for b in &ys[..i] {
                let scale = 1.0 + a.iter().fold(0.0f64, |m, z| m.max(z.norm()));
                assert!(
                    a.iter().zip(b).any(|(u, v)| (u - v).norm() > 1e-6 * scale),
                    "case {case}: two equal roots"
                );
            }
        }
        let r = polyhedral_solve(
            &sys,
            &PolyhedralOptions {
                space: Space::Torus,
                solve: SolveOptions {
                    seed: case as u64,
                    ..SolveOptions::default()
                },
                ..PolyhedralOptions::default()
            },
        )
        .unwrap();
        let msg = format!(
            "case {case}: mv {mv} {:?}{}\n{}",
            r.counts,
            failures(&r),
            show(&sys)
        );
        assert_eq!(r.paths_tracked, mv, "{msg}");
        assert_eq!(r.counts.failed, 0, "{msg}");
        assert_eq!(r.counts.torus as u64, mv, "{msg}");
        assert_eq!(r.counts.nonsingular as u64, mv, "{msg}");
        if mv > 1 {
            nontrivial += 1;
        }
    }
    assert!(nontrivial >= 8);
}

fn example2() -> System {
    gradient_system(
        &dln::examples::bharadwaj_hosten_example2(),
        Regularization::Linear,
    )
}

/// (3) Example 2 of `001`: 17 solutions in C^4 (16 in the torus), and the torus mode
/// finds the 16 torus solutions.
#[test]
fn example_2_affine_and_torus() {
    let sys = example2();
    let bkk = polytope::affine_mixed_volume(&sys.supports()).unwrap();
    let mv = polytope::mixed_volume(&sys.supports()).unwrap();
    for seed in 0..4 {
        let r = polyhedral_solve(
            &sys,
            &PolyhedralOptions {
                solve: SolveOptions {
                    seed,
                    ..SolveOptions::default()
                },
                ..PolyhedralOptions::default()
            },
        )
        .unwrap();
        let msg = format!("seed {seed}: {:?}", r.counts);
        assert_eq!(r.paths_tracked, bkk.to_u64().unwrap(), "{msg}");
        assert_eq!(r.counts.failed, 0, "{msg}");
        assert_eq!(r.counts.finite, 17, "{msg}");
        assert_eq!(r.counts.nonsingular, 17, "{msg}");
        assert_eq!(r.counts.torus, 16, "{msg}");
        let t = polyhedral_solve(
            &sys,
            &PolyhedralOptions {
                space: Space::Torus,
                solve: SolveOptions {
                    seed,
                    ..SolveOptions::default()
                },
                ..PolyhedralOptions::default()
            },
        )
        .unwrap();
        let msg = format!("seed {seed} torus: {:?}", t.counts);
        assert_eq!(t.paths_tracked, mv.to_u64().unwrap(), "{msg}");
        assert_eq!(t.counts.failed, 0, "{msg}");
        assert_eq!(t.counts.torus, 16, "{msg}");
    }
}

/// The same seed gives the same result whatever the number of threads.
#[test]
fn deterministic_across_thread_counts() {
    let sys = example2();
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| polyhedral_solve(&sys, &PolyhedralOptions::default()).unwrap())
    };
    let (a, b) = (run(1), run(3));
    assert_eq!(a.counts, b.counts);
    for (p, q) in a.paths.iter().zip(&b.paths) {
        assert_eq!(p.status, q.status);
        assert_eq!(p.solution, q.solution);
    }
}

/// One stage 1 (the roots of G) serves several instances of one support pattern: each
/// instance tracks all BKK paths from G's roots and gets the counts of a full solve.
#[test]
fn one_start_solve_serves_every_instance_with_those_supports() {
    use homotopy::polyhedral::solve_from_roots;
    // widths 2,1,1 with m = 1 (Table 1 of `001`: N_C = 5, N_C* = 4, C^N BKK 9)
    let net = Network::new(vec![2, 1, 1]).unwrap();
    let system = |seed| {
        gradient_system(
            &Instance::random(&net, 1, seed, 1.0).unwrap(),
            Regularization::Linear,
        )
    };
    let o = PolyhedralOptions::default();
    let first = system(1);
    let start = PolyhedralStart::new(&first, o.space, 7, o.start_perturbation).unwrap();
    let roots = start.start_roots(start.mixed_volume, &o.stage1, 1e-8);
    assert_eq!(roots.len(), 9);
    assert!(roots.iter().all(|r| r.root.is_ok()));
    for seed in 1..=4 {
        let o = PolyhedralOptions {
            solve: SolveOptions {
                seed,
                ..SolveOptions::default()
            },
            ..PolyhedralOptions::default()
        };
        let r = solve_from_roots(&system(seed), &start, &roots, &o).unwrap();
        let msg = format!("seed {seed}: {:?}", r.counts);
        assert_eq!(r.paths_tracked, 9, "{msg}");
        assert_eq!(
            (r.counts.finite, r.counts.torus, r.counts.failed),
            (5, 4, 0),
            "{msg}"
        );
    }
    // a system with a monomial outside G's supports is refused
    let outside = poly::parse_phc("3\n x1^7 + 1;\n x2;\n x3;").unwrap();
    let e = solve_from_roots(&outside, &start, &roots, &o).unwrap_err();
    assert!(e.0.contains("not in the start system's support"), "{e}");
    // roots out of order are refused
    let mut swapped = roots.clone();
    swapped.swap(0, 1);
    assert!(solve_from_roots(&first, &start, &swapped, &o).is_err());
}

/// Bad input is an error, not a panic.
#[test]
fn bad_input_is_an_error() {
    let nonsquare = poly::parse_phc("2\n x + y;")
        .unwrap_or_else(|_| System::with_default_names(vec![Polynomial::variable(2, 0)]).unwrap());
    assert!(polyhedral_solve(&nonsquare, &PolyhedralOptions::default()).is_err());
    let constant = System::with_default_names(vec![
        Polynomial::variable(2, 0),
        Polynomial::constant(2, Coefficient::one()),
    ])
    .unwrap();
    assert!(polyhedral_solve(&constant, &PolyhedralOptions::default()).is_err());
}

/// Solves random instances of a network with `m` points, prints and checks the counts.
fn dln_rows(
    widths: &[usize],
    m: usize,
    instances: u64,
    n_c: usize,
    n_cstar: Option<usize>,
    at_infinity_ratio: f64,
) {
    let net = Network::new(widths.to_vec()).unwrap();
    for k in 0..instances {
        let inst = Instance::random(&net, m, 1000 + k, 1.0).unwrap();
        let sys = gradient_system(&inst, Regularization::Linear);
        let bkk = polytope::affine_mixed_volume(&sys.supports()).unwrap();
        let t0 = std::time::Instant::now();
        let r = polyhedral_solve(
            &sys,
            &PolyhedralOptions {
                solve: SolveOptions {
                    seed: k,
                    endgame: homotopy::EndgameOptions {
                        at_infinity_ratio,
                        ..Default::default()
                    },
                    ..SolveOptions::default()
                },
                ..PolyhedralOptions::default()
            },
        )
        .unwrap();
        let secs = t0.elapsed().as_secs_f64();
        let steps: usize = r.paths.iter().map(|p| p.steps).sum();
        eprintln!(
            "widths {widths:?} m {m} instance {k}: BKK_C^N {bkk}, paths {}, {:?}, {steps} steps, {secs:.1} s",
            r.paths_tracked, r.counts
        );
        for p in r.failed() {
            eprintln!("  failed path {}: {:?}", p.path, p.status);
        }
        let msg = format!("widths {widths:?} m {m} instance {k}: {:?}", r.counts);
        assert_eq!(r.paths_tracked, bkk.to_u64().unwrap(), "{msg}");
        assert_eq!(r.counts.failed, 0, "{msg}");
        assert_eq!(r.counts.finite, n_c, "{msg}");
        if let Some(t) = n_cstar {
            assert_eq!(r.counts.torus, t, "{msg}");
        }
    }
}

/// (4) Widths 2,2,2 with m = 1 (Table 1 of `001`: N_C = 33, N_C* = 16, C^N BKK 1089).
#[test]
#[ignore = "heavy: run in release"]
fn dln_222_m1() {
    dln_rows(&[2, 2, 2], 1, 3, 33, Some(16), 1e-2);
}

/// (4) Widths 2,2,2 with m = 2 (Table II of `000`: N_C = 225).
///
/// Instance 1 has critical points with $\|y\|_\infty \approx 150$, i.e. a chart ratio
/// $\rho = |x_0|/\|x\|_\infty < 10^{-2}$: with `at_infinity_ratio` $= 10^{-2}$ and no
/// confirmation four of them were declared at infinity (221 found, by the total-degree
/// homotopy as well).
#[test]
#[ignore = "heavy: run in release"]
fn dln_222_m2() {
    dln_rows(&[2, 2, 2], 2, 3, 225, None, 1e-3);
}

/// Widths 3,2,3 with m = 5 (Table II of `000`: N_C = 2537).
#[test]
#[ignore = "very heavy: run in release"]
fn dln_323_m5() {
    dln_rows(&[3, 2, 3], 5, 1, 2537, None, 1e-3);
}

/// Stage 1 alone on a DLN system: timing and work (prints; checks the root count).
#[test]
#[ignore = "heavy: run in release"]
fn dln_stage1_timing() {
    let widths: Vec<usize> = std::env::var("POLY_WIDTHS")
        .map(|s| s.split(',').map(|v| v.parse().unwrap()).collect())
        .unwrap_or_else(|_| vec![2, 2, 2]);
    let m: usize = std::env::var("POLY_M").map_or(1, |s| s.parse().unwrap());
    let net = Network::new(widths.clone()).unwrap();
    let inst = Instance::random(&net, m, 1000, 1.0).unwrap();
    let sys = gradient_system(&inst, Regularization::Linear);
    let spaces = match std::env::var("POLY_SPACE").as_deref() {
        Ok("affine") => vec![Space::Affine],
        Ok("torus") => vec![Space::Torus],
        _ => vec![Space::Affine, Space::Torus],
    };
    for space in spaces {
        let t0 = std::time::Instant::now();
        let start = PolyhedralStart::new(&sys, space, 0, 1e-10).unwrap();
        let t1 = t0.elapsed().as_secs_f64();
        let opts = PolyhedralOptions::default();
        let roots = start.start_roots(start.mixed_volume, &opts.stage1, 1e-8);
        let t2 = t0.elapsed().as_secs_f64() - t1;
        let failed = roots.iter().filter(|r| r.root.is_err()).count();
        let steps: usize = roots.iter().map(|r| r.stats.steps).sum();
        let rejected: usize = roots.iter().map(|r| r.stats.rejected).sum();
        let escalated = roots.iter().filter(|r| r.stats.max_bits > 53).count();
        eprintln!(
            "widths {widths:?} m {m} {space:?}: MV {}, {} cells, cells {t1:.2} s, stage 1 {t2:.2} s, \
             {failed} failed, {steps} steps, {rejected} rejected, {escalated} escalated",
            start.mixed_volume,
            start.cells.len()
        );
        for r in roots.iter().filter(|r| r.root.is_err()).take(5) {
            eprintln!("  path {}: {:?}", r.path, r.root);
        }
        assert_eq!(failed, 0);
    }
}

/// Stage-1 diagnostics on a sample of paths (default: DLN 3,2,3 with m = 5, 400
/// paths spread over the cells): time, failures, escalations, steps per path. Knobs:
/// `POLY_WIDTHS`, `POLY_M`, `SAMPLES`, `MAXSTEP`, `TARGET` (stage-1 tracker settings).
#[test]
#[ignore = "diagnostic: run in release"]
fn stage1_sample_diagnostics() {
    let widths: Vec<usize> = std::env::var("POLY_WIDTHS")
        .map(|s| s.split(',').map(|v| v.parse().unwrap()).collect())
        .unwrap_or_else(|_| vec![3, 2, 3]);
    let m: usize = std::env::var("POLY_M").map_or(5, |s| s.parse().unwrap());
    let net = Network::new(widths).unwrap();
    let inst = Instance::random(&net, m, 1000, 1.0).unwrap();
    let sys = gradient_system(&inst, Regularization::Linear);
    let start = PolyhedralStart::new(&sys, Space::Affine, 0, 1e-10).unwrap();
    let mut opts = PolyhedralOptions::default().stage1;
    opts.max_step = std::env::var("MAXSTEP").map_or(opts.max_step, |s| s.parse().unwrap());
    opts.target_update = std::env::var("TARGET").map_or(opts.target_update, |s| s.parse().unwrap());
    let samples: u64 = std::env::var("SAMPLES").map_or(400, |s| s.parse().unwrap());
    let stride = (start.mixed_volume / samples).max(1);
    let t0 = std::time::Instant::now();
    let paths: Vec<u64> = (0..samples)
        .map(|k| k * stride)
        .filter(|&p| p < start.mixed_volume)
        .collect();
    use rayon::prelude::*;
    let rs: Vec<_> = paths
        .par_iter()
        .map(|&p| start.track_path(p, &opts))
        .collect();
    let secs = t0.elapsed().as_secs_f64();
    let failed = rs.iter().filter(|r| r.root.is_err()).count();
    let esc = rs.iter().filter(|r| r.stats.max_bits > 53).count();
    let steps: usize = rs.iter().map(|r| r.stats.steps).sum();
    let rej: usize = rs.iter().map(|r| r.stats.rejected).sum();
    eprintln!("{} paths: {secs:.2} s, {failed} failed, {esc} escalated, {:.1} steps/path, {:.1} rejected/path",
        rs.len(), steps as f64 / rs.len() as f64, rej as f64 / rs.len() as f64);
    for r in rs.iter().filter(|r| r.root.is_err()).take(5) {
        eprintln!("  {}: {:?}", r.path, r.root);
    }
}

/// Widths 2,2,2,1, m = 1 (BKK 23,937), the first 24 start paths.
/// - Stage 1: paths 19,820 and 19,822 (a cell whose first predictions overshoot, with
///   condition number 10^296 at the predicted point) used to fail with "needs more
///   than 1024 bits"; a shorter step keeps them on their path
///   ([`homotopy::AmpConfig::unconverged_halvings`]).
/// - Stage 2: paths 6 and 22 end at infinity with winding number 12 and valuation
///   1/4. Loops of at most 8 turns stayed open, and they took about 1,500 steps each
///   (most in double-double) down to the at-infinity threshold; one loop of up to
///   [`max_winding_number_diverging`](homotopy::EndgameOptions::max_winding_number_diverging)
///   turns now decides them.
#[test]
fn widths_2221_stage_1_and_winding_number_12_at_infinity() {
    let net = Network::new(vec![2, 2, 2, 1]).unwrap();
    let sys = gradient_system(
        &Instance::random(&net, 1, 1, 1.0).unwrap(),
        Regularization::Linear,
    );
    let o = PolyhedralOptions::default();
    let start = PolyhedralStart::new(&sys, o.space, 1, o.start_perturbation).unwrap();
    assert_eq!(start.mixed_volume, 23_937);
    for p in [19_820, 19_822] {
        let r = start.track_path(p, &o.stage1);
        assert!(r.root.is_ok(), "stage-1 path {p}: {:?}", r.root);
    }
    let roots: Vec<_> = (0..24).map(|p| start.track_path(p, &o.stage1)).collect();
    let starts =
        |i: u64| -> homotopy::StartPoint { (roots[i as usize].root.clone(), Default::default()) };
    let mut rng = poly::Rng::substream(1, 3);
    let r =
        homotopy::solve_from_start(&sys, &start.system, &starts, 24, &mut rng, &o.solve).unwrap();
    assert_eq!(r.counts.failed, 0, "{}", failures(&r));
    assert_eq!(r.counts.finite + r.counts.at_infinity, 24, "{:?}", r.counts);
    for p in &r.paths {
        let work = p.steps + p.rejected_steps;
        assert!(
            work < 600,
            "path {}: {:?} after {work} steps",
            p.path,
            p.status
        );
    }
}

/// Widths 1,2,2,2, $m = 1$, instance seed 3 (start system and lifting seed 1, as in
/// `cargo xtask polyhedral-check`): before the early test at infinity
/// ([`early_infinity_ratio`](homotopy::EndgameOptions::early_infinity_ratio)), 218 of
/// its 23,937 stage-2 paths failed at the 20,000-step limit near $t = 10^{-10}$. They go
/// to infinity with valuation tending to 1/4 and a chart Jacobian whose condition number
/// grows about fourfold a radius; their Cauchy loops enclose other branch points, or
/// close (after 4 turns) on estimates too inaccurate for the hyperplane test, at
/// thousands of double-double steps each. Now each ends at infinity within a few hundred
/// steps; with the early test off, the first of them takes over four times the work
/// (about 6,000 steps against 550; the step-size and loop changes made alongside the
/// test saved the rest).
#[test]
fn widths_1222_paths_at_infinity_end_early() {
    let check = CheckPaths::new(&[1, 2, 2, 2], 1, 3);
    assert_eq!(check.start.mixed_volume, 23_937);
    let o = &check.options;
    let mut work_11 = 0;
    for p in [11, 111, 116, 375, 426] {
        let r = check.track(p, o);
        let work = r.steps + r.rejected_steps;
        assert!(
            r.status == homotopy::PathStatus::AtInfinity && work < 2_000,
            "path {p}: {:?} after {work} steps",
            r.status
        );
        if p == 11 {
            work_11 = work;
        }
    }
    let mut off = o.clone();
    off.solve.endgame.early_infinity_ratio = 0.0;
    let r = check.track(11, &off);
    let work = r.steps + r.rejected_steps;
    assert!(
        work > 4 * work_11,
        "early test off: {:?} after {work} steps, on: {work_11}",
        r.status
    );
}

/// Widths 2,2,2,1 with m = 2, instance 3 of `cargo xtask polyhedral-check`: paths to
/// infinity whose valuation estimate drifts (0.42, then 0.18 up to 0.24) while the
/// chart Jacobian's condition number passes 10^10. There the Davidenko equation is
/// stiff: RK4's stages leave the path and its prediction error, 10^10 times the
/// path's own, held the step at t·10^-4 (1,500–3,000 double-double steps a radius, the
/// step limit near t = 10^-9). The Hermite extrapolation from the path's own
/// velocities takes over and the paths reach the early test at infinity; with RK4
/// only, the first of them failed at the step limit (20,000) before the early test took
/// a settled valuation, and it still takes over 4 times the switch's bound.
#[test]
fn widths_2221_stiff_paths_switch_to_the_hermite_predictor() {
    let check = CheckPaths::new(&[2, 2, 2, 1], 2, 3);
    assert_eq!(check.start.mixed_volume, 23_937);
    let o = &check.options;
    for p in [592, 992, 1937] {
        let r = check.track(p, o);
        let work = r.steps + r.rejected_steps;
        assert!(
            r.status == homotopy::PathStatus::AtInfinity && work < 4_000,
            "path {p}: {:?} after {work} steps",
            r.status
        );
    }
    let mut rk4 = o.clone();
    rk4.solve.tracker.hermite_predictor = false;
    let r = check.track(592, &rk4);
    let work = r.steps + r.rejected_steps;
    assert!(
        matches!(r.status, homotopy::PathStatus::Failed(_)) || work > 16_000,
        "RK4 only: {:?} after {work} steps",
        r.status
    );
}

/// Widths 2,3,2 with m = 2, instance 5 of `cargo xtask polyhedral-check`: 64 of its 1265
/// critical points have coordinates of about 6,300 and condition numbers of about
/// 10^12 (column-scaled too). Newton converges quadratically to them at 128 bits, so
/// they are nonsingular; classified by the condition number alone (above
/// `singular_cond`, 10^10) with ρ below `singular_at_infinity_ratio` they were taken
/// for points at infinity (paths 16609 and 2803).
///
/// The paths to 32 others look like paths to infinity down to t ≈ 10^-11: ρ shrinks
/// with valuation about 0.35 to 2·10^-4, and the chart Jacobian's condition number
/// grows about threefold a radius up to 10^11; they turn to their endpoints near
/// t = 10^-12. Path 4196 passed the early test at infinity at t = 10^-7 (condition
/// number 1.4·10^9, grown 3.2× and 3.1×), now `min_cond_at_infinity` is 10^10; path
/// 17458 was declared at infinity below `at_infinity_ratio` at t = 4·10^-10, where
/// `f64` could not follow it, and the full tracker follows it now. Paths 5137 and
/// 8352 (to points with ‖y‖ ≈ 14,000, turning near t = 3·10^-12) closed a Cauchy loop
/// on the hyperplane at infinity at r = 6·10^-9, with c = 8 and x_0 of order k = 3
/// against valuations 0.343 and 0.349 (misfits of 8.5 % and 7.0 %), and were ended at
/// infinity while the fit allowed 10 % (`EndgameOptions::infinity_fit`, now 5 %).
#[test]
fn widths_232_critical_points_with_large_coordinates_are_nonsingular() {
    let check = CheckPaths::new(&[2, 3, 2], 2, 5);
    assert_eq!(check.start.mixed_volume, 35_937);
    for p in [16609, 2803, 4196, 17458, 5137, 8352] {
        let r = check.track(p, &check.options);
        assert_eq!(r.status, homotopy::PathStatus::Nonsingular, "path {p}");
        let y = r.solution.unwrap();
        let size = y.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        assert!(
            size > 5e3 && r.cond > 1e10,
            "path {p}: |y| {size:.1e}, cond {:.1e}",
            r.cond
        );
    }
}

/// Paths to infinity whose valuation estimate drifts: widths 2,3,2 with m = 2,
/// instance 4 of `cargo xtask polyhedral-check` (path 207: 0.43, 0.50, 0.54, 0.57,
/// 0.60, 0.65, 0.76, 0.86, then 0.32 creeping up to 0.48) and widths 3,2,2,1 with
/// m = 2, instance 5 (path 759: 0.25, 0.26, 0.27, 0.30). Successive estimates differ by
/// more than the 5 % of `consistent_valuation`, so before the early test took a settled
/// valuation (three estimates within `settled_valuation_spread`, 25 %), they were
/// followed in double-double through the crowd of paths near their points at infinity,
/// 10,000 steps a radius near t = 10^-10, and failed at the step limit.
#[test]
fn paths_to_infinity_with_drifting_valuation_end_at_infinity() {
    for (widths, seed, path) in [(&[2, 3, 2][..], 4, 207), (&[3, 2, 2, 1][..], 5, 759)] {
        let check = CheckPaths::new(widths, 2, seed);
        let r = check.track(path, &check.options);
        let work = r.steps + r.rejected_steps;
        assert!(
            r.status == homotopy::PathStatus::AtInfinity && work < 3_000,
            "widths {widths:?}, path {path}: {:?} after {work} steps",
            r.status
        );
    }
}

/// Widths 3,2,2,1 with m = 1, stage-1 path 22039 (cell 1032, lifting weights up to
/// 5,287, s0 = -23.03): Newton at the start stalls at updates of 1.2·10^-14, a move of
/// 2·10^-11 from the binomial root, just above the 10^-14 tolerance. Taken for a failed
/// start, it was a failed path of every instance of `cargo xtask polyhedral-check`
/// (1 failed path on each of the 5, on `542b049` and `a922fa3`).
#[test]
fn widths_3221_start_newton_stalled_at_rounding_is_accepted() {
    let check = CheckPaths::new(&[3, 2, 2, 1], 1, 1);
    assert_eq!(check.start.mixed_volume, 109_249);
    let root = check.start.track_path(22039, &check.options.stage1).root;
    assert!(root.is_ok(), "stage 1: {root:?}");
    let r = check.track(22039, &check.options);
    assert!(
        !matches!(r.status, homotopy::PathStatus::Failed(_)),
        "stage 2: {:?}",
        r.status
    );
}

/// Widths 3,2,2,1 with m = 2, instance 5 of `cargo xtask polyhedral-check`: 28 of its
/// paths failed at the step limit at t = 2.4·10^-8 (binaries 04f839e to 9e067a5). Their
/// valuation is consistent (0.24–0.30) and ρ ≈ 10^-2, but κ grows only 2–3× a radius,
/// below what the early test at infinity asks; `f64` could not follow them and the
/// Cauchy loop at 106 bits (κ ≈ 10^12, steps of 2.5·10^-4 of an arc) took the whole
/// budget. Now a loop that fails in `f64` on such a revisit is not tracked again and the
/// full tracker follows the path radially, to infinity.
#[test]
fn widths_3221_m2_paths_to_infinity_end_without_a_full_precision_loop() {
    let check = CheckPaths::new(&[3, 2, 2, 1], 2, 5);
    assert_eq!(check.start.mixed_volume, 109_249);
    for p in [3030, 84012] {
        let r = check.track(p, &check.options);
        assert_eq!(r.status, homotopy::PathStatus::AtInfinity, "path {p}");
    }
}

/// Widths 2,2,2,2 with m = 1, instance 5 of `cargo xtask polyhedral-check`: paths
/// 53465, 82911 and 95501 failed at the former step limit of 20,000 at t = 2.3·10^-11
/// (binary 4061097). Their valuation is consistent (about 1/4) from t = 2.4·10^-8 on,
/// but ρ stays above 10^-3 and κ grows less than 3× a radius, so neither test at
/// infinity decides early; `f64` cannot follow them to the next radius and the full
/// tracker does, at 106 bits, 2,000–4,000 steps a radius. They end at infinity after
/// 21,327–23,170 steps, within the limit of 50,000 and with a margin.
#[test]
#[ignore = "heavy: run in release"]
fn widths_2222_paths_to_infinity_followed_radially_end_within_the_step_limit() {
    let check = CheckPaths::new(&[2, 2, 2, 2], 1, 5);
    assert_eq!(check.start.mixed_volume, 780_801);
    let limit = check.options.solve.tracker.max_steps;
    for p in [53465, 82911] {
        let r = check.track(p, &check.options);
        let work = r.steps + r.rejected_steps;
        assert!(
            r.status == homotopy::PathStatus::AtInfinity && 3 * work < 2 * limit,
            "path {p}: {:?} after {work} steps (limit {limit})",
            r.status
        );
    }
}

/// Single stage-2 paths of `cargo xtask polyhedral-check`'s set-up: the start system of
/// instance 1 of `widths` with `m` points (lifting seed 1), the target instance `seed`,
/// and $\gamma$ from `seed`.
struct CheckPaths {
    start: PolyhedralStart,
    system: poly::System,
    options: PolyhedralOptions,
}

impl CheckPaths {
    fn new(widths: &[usize], m: usize, seed: u64) -> Self {
        let net = Network::new(widths.to_vec()).unwrap();
        let instance = |s| {
            gradient_system(
                &Instance::random(&net, m, s, 1.0).unwrap(),
                Regularization::Linear,
            )
        };
        let options = PolyhedralOptions {
            solve: SolveOptions {
                seed,
                ..SolveOptions::default()
            },
            ..PolyhedralOptions::default()
        };
        let start =
            PolyhedralStart::new(&instance(1), options.space, 1, options.start_perturbation)
                .unwrap();
        Self {
            start,
            system: instance(seed),
            options,
        }
    }

    /// Path `p` (stage 1, then stage 2) with the options `o`.
    fn track(&self, p: u64, o: &PolyhedralOptions) -> homotopy::PathResult {
        let starts = |i: u64| -> homotopy::StartPoint {
            let r = self.start.track_path(i, &o.stage1);
            (r.root, Default::default())
        };
        let solver =
            homotopy::polyhedral::stage_two(&self.system, &self.start, &starts, o).unwrap();
        solver.track(p..p + 1).pop().unwrap()
    }
}
