//! Properties of the mixed volume on random small cases (seeded) and exact checks of
//! the mixed cells.

use poly::Rng;
use polytope::{mixed_cells, mixed_volume, mixed_volume_with_seed, Support};
use rug::Integer;

fn random_support(rng: &mut Rng, n: usize, points: usize, max: u32) -> Support {
    let mut s: Support = Vec::new();
    while s.len() < points {
        let p: Vec<u32> = (0..n)
            .map(|_| (rng.next_u64() % u64::from(max + 1)) as u32)
            .collect();
        if !s.contains(&p) {
            s.push(p);
        }
    }
    s
}

fn random_system(rng: &mut Rng, n: usize) -> Vec<Support> {
    (0..n)
        .map(|_| {
            let k = 2 + (rng.next_u64() % 4) as usize;
            random_support(rng, n, k, 3)
        })
        .collect()
}

/// Exact rank of integer vectors (fraction-free elimination).
fn rank(mut rows: Vec<Vec<i128>>) -> usize {
    let mut r = 0;
    let cols = rows.first().map_or(0, Vec::len);
    for c in 0..cols {
        let Some(p) = (r..rows.len()).find(|&i| rows[i][c] != 0) else {
            continue;
        };
        rows.swap(r, p);
        for i in r + 1..rows.len() {
            let (f, g) = (rows[i][c], rows[r][c]);
            if f != 0 {
                let pivot_row = rows[r].clone();
                for (x, &y) in rows[i].iter_mut().zip(&pivot_row) {
                    *x = *x * g - y * f;
                }
                let d = rows[i].iter().fold(0i128, |a, &b| gcd(a, b));
                if d > 1 {
                    rows[i].iter_mut().for_each(|v| *v /= d);
                }
            }
        }
        r += 1;
    }
    r
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// Minkowski's criterion: $MV > 0$ iff $\dim \sum_{i \in I} P_i \ge |I|$ for all $I$.
fn independent(s: &[Support]) -> bool {
    let n = s.len();
    (1u32..(1 << n)).all(|mask| {
        let mut rows = Vec::new();
        for (i, sup) in s.iter().enumerate() {
            if mask & (1 << i) != 0 {
                for p in &sup[1..] {
                    rows.push(
                        p.iter()
                            .zip(&sup[0])
                            .map(|(&a, &b)| i128::from(a) - i128::from(b))
                            .collect(),
                    );
                }
            }
        }
        rank(rows) >= mask.count_ones() as usize
    })
}

#[test]
fn same_polytope_gives_n_factorial_volume() {
    // simplices: n! vol = |det|
    let mut rng = Rng::new(11);
    for _ in 0..30 {
        let n = 2 + (rng.next_u64() % 3) as usize;
        let s = random_support(&mut rng, n, n + 1, 4);
        let rows: Vec<Vec<i128>> = s[1..]
            .iter()
            .map(|p| {
                p.iter()
                    .zip(&s[0])
                    .map(|(&a, &b)| i128::from(a) - i128::from(b))
                    .collect()
            })
            .collect();
        let det = Integer::from(det(rows).abs());
        assert_eq!(mixed_volume(&vec![s.clone(); n]).unwrap(), det, "{s:?}");
    }
    // unit cubes: n! * 1
    for n in 1..=4usize {
        let cube: Support = (0..1u32 << n)
            .map(|m| (0..n).map(|k| (m >> k) & 1).collect())
            .collect();
        let fact: u32 = (1..=n as u32).product();
        assert_eq!(mixed_volume(&vec![cube; n]).unwrap(), fact);
    }
    // random polygons: 2 * area (shoelace on the hull)
    for _ in 0..30 {
        let s = random_support(&mut rng, 2, 6, 5);
        let want = 2 * hull_area2(&s) / 2;
        assert_eq!(mixed_volume(&vec![s.clone(); 2]).unwrap(), want, "{s:?}");
    }
}

fn det(mut m: Vec<Vec<i128>>) -> i128 {
    let n = m.len();
    let mut sign = 1;
    let mut prev = 1;
    for k in 0..n {
        let Some(p) = (k..n).find(|&r| m[r][k] != 0) else {
            return 0;
        };
        if p != k {
            m.swap(p, k);
            sign = -sign;
        }
        for i in k + 1..n {
            for j in k + 1..n {
                m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) / prev;
            }
        }
        prev = m[k][k];
    }
    sign * m[n - 1][n - 1]
}

/// Twice the area of the convex hull of plane points (monotone chain + shoelace).
fn hull_area2(s: &Support) -> i64 {
    let mut p: Vec<(i64, i64)> = s.iter().map(|q| (q[0].into(), q[1].into())).collect();
    p.sort();
    let cross = |o: (i64, i64), a: (i64, i64), b: (i64, i64)| {
        (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
    };
    let mut hull: Vec<(i64, i64)> = Vec::new();
    for pass in 0..2 {
        let start = hull.len();
        let it: Vec<_> = if pass == 0 {
            p.clone()
        } else {
            p.iter().rev().copied().collect()
        };
        for q in it {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], q) <= 0
            {
                hull.pop();
            }
            hull.push(q);
        }
        hull.pop();
    }
    let k = hull.len();
    (0..k)
        .map(|i| {
            let (a, b) = (hull[i], hull[(i + 1) % k]);
            a.0 * b.1 - a.1 * b.0
        })
        .sum::<i64>()
        .abs()
}

#[test]
fn invariant_under_permutation_and_unimodular_maps() {
    let mut rng = Rng::new(12);
    for _ in 0..40 {
        let n = 2 + (rng.next_u64() % 2) as usize;
        let s = random_system(&mut rng, n);
        let mv = mixed_volume(&s).unwrap();
        // permute the polytopes
        let mut p = s.clone();
        p.rotate_left(1);
        p.swap(0, n - 1);
        assert_eq!(mixed_volume(&p).unwrap(), mv);
        // another seed
        assert_eq!(mixed_volume_with_seed(&s, 99).unwrap(), mv);
        // unimodular map x -> U x (+ translation to stay in N^n): U = I + c E_{ij}
        let (i, j) = (0, 1 + (rng.next_u64() % (n as u64 - 1)) as usize);
        let c = 1 + (rng.next_u64() % 2) as i64;
        let mapped: Vec<Support> = s
            .iter()
            .map(|sup| {
                sup.iter()
                    .map(|q| {
                        let mut q: Vec<i64> = q.iter().map(|&v| v.into()).collect();
                        q[i] += c * q[j];
                        q.swap(0, n - 1);
                        q.into_iter().map(|v| v as u32).collect()
                    })
                    .collect()
            })
            .collect();
        assert_eq!(mixed_volume(&mapped).unwrap(), mv, "{s:?}");
    }
}

#[test]
fn positive_iff_independent() {
    let mut rng = Rng::new(13);
    let (mut zero, mut positive) = (0, 0);
    for _ in 0..150 {
        let n = 2 + (rng.next_u64() % 2) as usize;
        // few points and a small box: many degenerate cases
        let s: Vec<Support> = (0..n)
            .map(|_| {
                let k = 1 + (rng.next_u64() % 3) as usize;
                random_support(&mut rng, n, k, 1)
            })
            .collect();
        let mv = mixed_volume(&s).unwrap();
        assert_eq!(mv > 0, independent(&s), "{s:?}: {mv}");
        if mv > 0 {
            positive += 1;
        } else {
            zero += 1;
        }
    }
    assert!(zero > 10 && positive > 10, "{zero} {positive}");
}

#[test]
fn mixed_cells_are_exact() {
    let mut rng = Rng::new(14);
    for t in 0..40 {
        let n = 2 + (rng.next_u64() % 3) as usize;
        let s = random_system(&mut rng, n);
        let sub = mixed_cells(&s, t).unwrap();
        assert_eq!(sub.mixed_volume, mixed_volume(&s).unwrap());
        assert_eq!(mixed_cells(&s, t).unwrap(), sub, "deterministic");
        let total: Integer = sub.cells.iter().map(|c| c.volume.clone()).sum();
        assert_eq!(total, sub.mixed_volume);
        for cell in &sub.cells {
            let d = &cell.denominator;
            assert!(*d > 0);
            // D * (<p, gamma> + w(p)) = <p, normal> + D w(p)
            let value = |i: usize, k: usize| -> Integer {
                let dot: Integer = s[i][k]
                    .iter()
                    .zip(&cell.normal)
                    .map(|(&e, g)| Integer::from(e) * g)
                    .sum();
                dot + Integer::from(sub.lifting[i][k]) * d
            };
            let mut rows = Vec::new();
            for (i, &[a, b]) in cell.indices.iter().enumerate() {
                assert_ne!(a, b);
                let (va, vb) = (value(i, a), value(i, b));
                assert_eq!(va, vb, "equality in support {i}");
                for k in 0..s[i].len() {
                    if k != a && k != b {
                        assert!(value(i, k) > va, "strict inequality in support {i}");
                    }
                }
                rows.push(
                    s[i][b]
                        .iter()
                        .zip(&s[i][a])
                        .map(|(&x, &y)| i128::from(x) - i128::from(y))
                        .collect(),
                );
            }
            assert_eq!(Integer::from(det(rows).abs()), cell.volume);
        }
    }
}
