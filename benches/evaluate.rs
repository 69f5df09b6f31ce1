//! Criterion benchmarks: building DLN gradient systems, evaluating F and JF (f64,
//! double-double and multiprecision), the straight-line homotopy of the polyhedral
//! stage 2, and the numeric gradient and Hessian of the loss.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dln::{
    gradient_system, GradientFamily, GradientFamilyEvaluator, Instance, Network, Regularization,
    RegularizedLoss,
};
use homotopy::{Homotopy, ParameterHomotopy, StraightLine};
use num_complex::Complex64;
use poly::{
    Coefficient, ComplexDd, DdEvaluator, Evaluator, MpEvaluator, Polynomial, Rng, System, Term,
};
use std::hint::black_box;

const CASES: [(&[usize], usize); 4] = [
    (&[2, 2, 2], 1),
    (&[3, 2, 3], 5),
    (&[2, 2, 2, 2], 1),
    (&[4, 3, 2], 1),
];

fn instance(widths: &[usize], points: usize) -> Instance {
    let net = Network::new(widths.to_vec()).unwrap();
    Instance::random(&net, points, 1, 1.0).unwrap()
}

fn label(widths: &[usize], points: usize) -> String {
    let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
    format!("{}_m{points}", w.join(","))
}

fn bench_build(c: &mut Criterion) {
    let mut g = c.benchmark_group("gradient_system");
    for (widths, points) in CASES {
        let inst = instance(widths, points);
        g.bench_function(BenchmarkId::from_parameter(label(widths, points)), |b| {
            b.iter(|| gradient_system(black_box(&inst), Regularization::Linear))
        });
    }
    g.finish();
}

fn bench_evaluate(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate_with_jacobian");
    for (widths, points) in CASES {
        let sys = gradient_system(&instance(widths, points), Regularization::Linear);
        let n = sys.nvars();
        let mut rng = Rng::new(2);
        let x: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
        let ev = Evaluator::new(&sys);
        let mut ws = ev.workspace();
        let mut f = vec![Complex64::default(); n];
        let mut jac = vec![Complex64::default(); n * n];
        g.bench_function(BenchmarkId::new("f64", label(widths, points)), |b| {
            b.iter(|| ev.evaluate_with_jacobian(black_box(&x), &mut ws, &mut f, &mut jac))
        });
        let dd = DdEvaluator::new(&sys);
        let mut dws = dd.workspace();
        let xd: Vec<ComplexDd> = x.iter().map(|&z| ComplexDd::from(z)).collect();
        let mut fd = vec![ComplexDd::default(); n];
        let mut jd = vec![ComplexDd::default(); n * n];
        g.bench_function(BenchmarkId::new("dd", label(widths, points)), |b| {
            b.iter(|| dd.evaluate_with_jacobian(black_box(&xd), &mut dws, &mut fd, &mut jd))
        });
        let mp = MpEvaluator::new(&sys, 128);
        let mut mws = mp.workspace();
        let xm: Vec<rug::Complex> = x
            .iter()
            .map(|z| rug::Complex::with_val(128, (z.re, z.im)))
            .collect();
        let mut fm = vec![rug::Complex::new(128); n];
        let mut jm = vec![rug::Complex::new(128); n * n];
        g.bench_function(BenchmarkId::new("mp128", label(widths, points)), |b| {
            b.iter(|| mp.evaluate_with_jacobian(black_box(&xm), &mut mws, &mut fm, &mut jm))
        });
    }
    g.finish();
}

/// $H$, $\partial_x H$ and $\partial_t H$ of the straight-line homotopy from a start
/// system $G$ with random coefficients on the target's supports (stage 2 of the
/// polyhedral homotopy) to the gradient system, in `f64` and double-double.
fn bench_straight_line(c: &mut Criterion) {
    let mut g = c.benchmark_group("straight_line");
    for (widths, points) in [
        (&[3usize, 2, 2, 1][..], 2),
        (&[2, 2, 2, 2][..], 1),
        (&[3, 2, 3][..], 5),
    ] {
        let target = gradient_system(&instance(widths, points), Regularization::Linear);
        let mut rng = Rng::new(3);
        let polys: Vec<Polynomial> = target
            .polynomials()
            .iter()
            .map(|p| {
                Polynomial::from_terms(
                    target.nvars(),
                    p.terms().iter().map(|t| Term {
                        coefficient: Coefficient::from_c64(rng.complex_normal()).unwrap(),
                        exponents: t.exponents.clone(),
                    }),
                )
            })
            .collect();
        let start = System::new(target.variables().to_vec(), polys).unwrap();
        let h = StraightLine::new(&target, &start, &mut rng);
        let n = h.nvars();
        let x: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
        let t = Complex64::new(0.3, 0.0);
        let z = Complex64::default();
        let mut ws = h.workspace();
        let (mut hv, mut jx, mut ht) = (vec![z; n], vec![z; n * n], vec![z; n]);
        g.bench_function(BenchmarkId::new("f64", label(widths, points)), |b| {
            b.iter(|| h.evaluate(black_box(&x), t, &mut ws, &mut hv, &mut jx, &mut ht))
        });
        let xd: Vec<ComplexDd> = x.iter().map(|&v| ComplexDd::from(v)).collect();
        let d = ComplexDd::default();
        let (mut hd, mut jd, mut td) = (vec![d; n], vec![d; n * n], vec![d; n]);
        g.bench_function(BenchmarkId::new("dd", label(widths, points)), |b| {
            b.iter(|| h.evaluate_dd(black_box(&xd), t, &mut ws, &mut hd, &mut jd, &mut td))
        });
    }
    g.finish();
}

fn bench_loss(c: &mut Criterion) {
    let mut g = c.benchmark_group("loss");
    for (widths, points) in CASES {
        let inst = instance(widths, points);
        let loss = RegularizedLoss::new(&inst, Regularization::Linear);
        let mut rng = Rng::new(3);
        let w: Vec<f64> = (0..inst.network.n_weights())
            .map(|_| rng.normal())
            .collect();
        g.bench_function(BenchmarkId::new("gradient", label(widths, points)), |b| {
            b.iter(|| loss.gradient(black_box(&w)))
        });
        g.bench_function(BenchmarkId::new("hessian", label(widths, points)), |b| {
            b.iter(|| loss.hessian(black_box(&w)))
        });
    }
    g.finish();
}

/// One evaluation of a parameter homotopy of the gradient family (the tracker's inner
/// loop: the sparse evaluator over weights, $x_0$ and parameters) against the matrix
/// product evaluator of the same homogenized family.
fn bench_family(c: &mut Criterion) {
    let mut g = c.benchmark_group("gradient_family");
    let cases: [(&[usize], usize); 5] = [
        (&[2, 3, 3], 2),
        (&[3, 2, 3], 5),
        (&[4, 2, 3], 2),
        (&[1, 3, 3, 1], 1),
        (&[2, 2, 2, 2], 1),
    ];
    for (widths, points) in cases {
        let net = Network::new(widths.to_vec()).unwrap();
        let fam = GradientFamily::new(&net, points);
        let (n, k) = (net.n_weights(), fam.nparams());
        let p0 = fam.random_parameters(1);
        let p1 = fam.random_parameters(2);
        let h = ParameterHomotopy::new(fam.system(), &p1, &p0, &mut Rng::new(3)).unwrap();
        let mut rng = Rng::new(4);
        let x: Vec<Complex64> = (0..=n).map(|_| rng.complex_normal()).collect();
        let t = Complex64::new(0.4, 0.1);
        let mut ws = h.workspace();
        let z = Complex64::default();
        let (mut hv, mut jx, mut ht) = (vec![z; n + 1], vec![z; (n + 1) * (n + 1)], vec![z; n + 1]);
        g.bench_function(BenchmarkId::new("sparse", label(widths, points)), |b| {
            b.iter(|| h.evaluate(black_box(&x), t, &mut ws, &mut hv, &mut jx, &mut ht))
        });
        let fe = GradientFamilyEvaluator::new(&fam);
        let v: Vec<Complex64> = p1.iter().zip(&p0).map(|(a, b)| a - b).collect();
        let (mut f, mut j, mut fv) = (vec![z; n], vec![z; n * (n + 1)], vec![z; n]);
        assert_eq!(v.len(), k);
        g.bench_function(BenchmarkId::new("matrix", label(widths, points)), |b| {
            b.iter(|| fe.evaluate(black_box(&x[..n]), x[n], &p0, &v, &mut f, &mut j, &mut fv))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_build,
    bench_evaluate,
    bench_family,
    bench_straight_line,
    bench_loss
);
criterion_main!(benches);
