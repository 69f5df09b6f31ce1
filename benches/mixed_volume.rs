//! Criterion benchmarks of the mixed volume (torus and Li–Wang C^N counts) on the
//! systems of the BENCHMARKS.md "Mixed volume" section, at sizes that run in seconds:
//! DLN gradient systems (widths 2,2,2; 2,2,3; 3,2,3 with m = 5; 2,2,2,2 and 1,3,3,1, the
//! latter two full-size rows of the side-by-side table), cyclic-8, -9 and -10.
//! The full-size systems are timed by the side-by-side run described there.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use dln::{gradient_system, Instance, Network, Regularization};
use polytope::{affine_mixed_volume, mixed_volume, Support};
use std::hint::black_box;

fn dln_supports(widths: &[usize], points: usize) -> Vec<Support> {
    let net = Network::new(widths.to_vec()).unwrap();
    let inst = Instance::random(&net, points, 1, 1.0).unwrap();
    gradient_system(&inst, Regularization::Linear).supports()
}

fn bench_mixed_volume(c: &mut Criterion) {
    let mut g = c.benchmark_group("mixed_volume");
    g.sample_size(10);
    let systems: Vec<(String, Vec<Support>, bool)> = vec![
        ("dln_2,2,2_m1".into(), dln_supports(&[2, 2, 2], 1), true),
        ("dln_2,2,3_m1".into(), dln_supports(&[2, 2, 3], 1), true),
        ("dln_3,2,3_m5".into(), dln_supports(&[3, 2, 3], 5), true),
        (
            "dln_2,2,2,2_m1".into(),
            dln_supports(&[2, 2, 2, 2], 1),
            true,
        ),
        (
            "dln_1,3,3,1_m1".into(),
            dln_supports(&[1, 3, 3, 1], 1),
            true,
        ),
        ("cyclic8".into(), polytope::cyclic_supports(8), false),
        ("cyclic9".into(), polytope::cyclic_supports(9), false),
        ("cyclic10".into(), polytope::cyclic_supports(10), false),
    ];
    for (name, supports, affine) in &systems {
        g.bench_with_input(BenchmarkId::new("torus", name), supports, |b, s| {
            b.iter(|| mixed_volume(black_box(s)).unwrap())
        });
        if *affine {
            g.bench_with_input(BenchmarkId::new("affine", name), supports, |b, s| {
                b.iter(|| affine_mixed_volume(black_box(s)).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_mixed_volume);
criterion_main!(benches);
