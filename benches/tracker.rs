//! Path tracking throughput: the total-degree homotopy on gradient systems of Table 1
//! of `001` (widths 1,1,1 / 2,1,2 / 2,2,2, one data point), all paths per iteration;
//! and the parameter homotopy of `dln solve`: the generic critical points (solved once,
//! outside the measurement) moved to one real instance (`GenericCriticalPoints::track_to`,
//! $N_{\mathbb C}$ paths per iteration), on widths 2,2,2 with m = 2 (225) and the
//! $H = 2$ widths 1,2,2,1 with m = 1 (129).

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

criterion_group!(benches, bench, bench_parameter);
criterion_main!(benches);
