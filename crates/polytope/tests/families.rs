//! Known mixed volumes of classical families.

use polytope::{affine_mixed_volume, mixed_volume, Support};

/// Supports of katsura-n in variables $x_0..x_n$ ($n + 1$ equations).
pub fn katsura(n: usize) -> Vec<Support> {
    let m = n + 1;
    let mut s = Vec::new();
    let unit = |i: usize| {
        let mut p = vec![0u32; m];
        p[i] = 1;
        p
    };
    // linear: x0 + 2 sum x_i - 1
    let mut lin: Support = (0..m).map(unit).collect();
    lin.push(vec![0; m]);
    s.push(lin);
    for k in 0..n {
        let mut pts = std::collections::BTreeSet::new();
        for i in -(n as i64)..=(n as i64) {
            let j = k as i64 - i;
            if j.abs() <= n as i64 {
                let (a, b) = (i.unsigned_abs() as usize, j.unsigned_abs() as usize);
                let mut p = vec![0u32; m];
                p[a] += 1;
                p[b] += 1;
                pts.insert(p);
            }
        }
        pts.insert(unit(k));
        s.push(pts.into_iter().collect());
    }
    s
}

#[test]
fn cyclic_small() {
    for (n, mv) in [(5, 70u32), (6, 156), (7, 924)] {
        assert_eq!(
            mixed_volume(&polytope::cyclic_supports(n)).unwrap(),
            mv,
            "cyclic-{n}"
        );
    }
}

#[test]
#[ignore = "release: cyclic-8..10"]
fn cyclic_large() {
    for (n, mv) in [(8, 2560u32), (9, 11016), (10, 35940)] {
        assert_eq!(
            mixed_volume(&polytope::cyclic_supports(n)).unwrap(),
            mv,
            "cyclic-{n}"
        );
    }
}

#[test]
fn katsura_family() {
    for n in 1..=6 {
        assert_eq!(
            affine_mixed_volume(&katsura(n)).unwrap(),
            1u32 << n,
            "katsura-{n}"
        );
    }
}
