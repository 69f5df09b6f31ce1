//! Path tracking throughput: the total-degree homotopy on gradient systems of Table 1
//! of `001` (widths 1,1,1 / 2,1,2 / 2,2,2, one data point), all paths per iteration;
//! and the parameter homotopy of `dln solve`: the generic critical points (solved once,
//! outside the measurement) moved to one real instance (`GenericCriticalPoints::track_to`,
//! $N_{\mathbb C}$ paths per iteration), on widths 2,2,2 with m = 2 (225) and the
//! $H = 2$ widths 1,2,2,1 with m = 1 (129); and stage 2 of the polyhedral homotopy on
//! three paths to infinity of widths 2,2,2,1 with m = 2 (instance 3 of
//! `cargo xtask polyhedral-check`) whose Davidenko equation turns stiff near $t = 0$,
//! with the tracker's switch to the Hermite predictor and with RK4 only (one path:
//! it runs into the step limit).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dln::{gradient_system, Instance, Network, Regularization};
use homotopy::{solve, SolveOptions};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("tracker/total_degree");
    group.sample_size(10);
    for widths in [vec![1, 1, 1], vec![2, 1, 2], vec![2, 2, 2]] {
        let net = Network::new(widths.clone()).unwrap();
        let inst = Instance::random(&net, 1, 1000, 1.0).unwrap();
        let sys = gradient_system(&inst, Regularization::Linear);
        let paths: u64 = sys.degrees().iter().map(|&d| u64::from(d)).product();
        group.throughput(Throughput::Elements(paths));
        let name = widths
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        group.bench_function(name, |b| {
            b.iter(|| solve(&sys, &SolveOptions::default()).unwrap())
        });
    }
    group.finish();
}

fn bench_parameter(c: &mut Criterion) {
    let mut group = c.benchmark_group("tracker/parameter_instance");
    group.sample_size(10);
    for (widths, m) in [(vec![2, 2, 2], 2), (vec![1, 2, 2, 1], 1)] {
        let net = Network::new(widths.clone()).unwrap();
        let generic =
            dln::generic_critical_points(&net, m, &dln::GenericOptions::default()).unwrap();
        let inst = Instance::random(&net, m, 1, 1.0).unwrap();
        group.throughput(Throughput::Elements(generic.points.len() as u64));
        let name = format!(
            "{} m={m}",
            widths
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let cp = generic.track_to(&inst, Regularization::Linear, 1).unwrap();
                assert_eq!(cp.points.len(), generic.points.len());
            })
        });
    }
    group.finish();
}

fn bench_stiff(c: &mut Criterion) {
    use homotopy::polyhedral::{stage_two, PolyhedralOptions, PolyhedralStart};
    let mut group = c.benchmark_group("tracker/stiff_paths");
    group.sample_size(10);
    let net = Network::new(vec![2, 2, 2, 1]).unwrap();
    let instance = |seed| {
        gradient_system(
            &Instance::random(&net, 2, seed, 1.0).unwrap(),
            Regularization::Linear,
        )
    };
    let o = PolyhedralOptions {
        solve: SolveOptions {
            seed: 3,
            ..SolveOptions::default()
        },
        ..PolyhedralOptions::default()
    };
    let start = PolyhedralStart::new(&instance(1), o.space, 1, o.start_perturbation).unwrap();
    let sys = instance(3);
    // stage 1 of the three paths, outside the measurement
    let roots: Vec<(u64, homotopy::StartPoint)> = [592u64, 992, 1937]
        .iter()
        .map(|&p| {
            let r = start.track_path(p, &o.stage1);
            (p, (r.root, Default::default()))
        })
        .collect();
    let starts = |i: u64| -> homotopy::StartPoint {
        roots
            .iter()
            .find(|(p, _)| *p == i)
            .map(|(_, s)| s.clone())
            .expect("a benchmarked path")
    };
    let mut rk4 = o.clone();
    rk4.solve.tracker.hermite_predictor = false;
    for (name, options, paths) in [
        ("hermite_switch 3 paths", &o, &[592u64, 992, 1937][..]),
        ("rk4_only path 592", &rk4, &[592u64][..]),
    ] {
        let solver = stage_two(&sys, &start, &starts, options).unwrap();
        group.throughput(Throughput::Elements(paths.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for &p in paths {
                    solver.track(p..p + 1);
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_parameter, bench_stiff);
criterion_main!(benches);
