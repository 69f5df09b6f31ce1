//! Path tracking throughput: the total-degree homotopy on gradient systems of Table 1
//! of `001` (widths 1,1,1 / 2,1,2 / 2,2,2, one data point), all paths per iteration.

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

criterion_group!(benches, bench);
criterion_main!(benches);
