//! Clusters of close *simple* roots must be separated by the endgame, not merged into one
//! singular endpoint.
//!
//! Near $t = 0$ two close simple roots $z_\pm = m \pm \delta/2$ of the target behave like
//! $(x - m)^2 - \delta^2/4 + \kappa t \approx 0$: their paths meet at a branch point
//! $t_b \approx \delta^2 / (4\kappa)$. Cauchy loops at radii $r \gg |t_b|$ close after two
//! turns, with negligible negative Fourier modes, and their means agree across radii at
//! the midpoint $m$, which solves the target to $O(\delta^2)$: exactly what a double root
//! looks like. The endgame used to accept such a loop as a singular endpoint of
//! multiplicity 2 (or let Newton take the mean to one of the two roots, so that both
//! paths reported the same root), and the other root was lost.

use homotopy::{solve, PathStatus, SolveOptions, SolveResult};

/// The reduced system (7) of `001` of widths 1,1,2 on `Instance::random(.., 9, 1.0)`
/// (one unknown $v$, degree 8): its 8 roots are purely imaginary and come in pairs
/// $7 \cdot 10^{-5}$ and $6 \cdot 10^{-5}$ apart, $\pm 1.25176059i, \pm 1.25183380i$,
/// $\pm 1.19891480i, \pm 1.19897369i$ (`mpmath.polyroots` at 40 digits).
const PAIRS: &str = "1
 0.19709161757883012*v^8 + 1.184309150373082*v^6 + 2.667006850896627*v^4
   + 2.6676632539478735*v^2 + 0.9999999941680857;";

/// The total-degree solve of `f` with gamma seed `seed`, checked to have no failed
/// path, and the message for its assertions.
fn solve_with_gamma_seed(f: &poly::System, seed: u64) -> (SolveResult, String) {
    let options = SolveOptions {
        seed,
        ..SolveOptions::default()
    };
    let r = solve(f, &options).unwrap();
    let msg = format!("gamma seed {seed}: {:?}", r.counts);
    assert_eq!(r.counts.failed, 0, "{msg}");
    (r, msg)
}

const ROOTS: [f64; 4] = [
    1.25176059047981,
    1.25183379677518,
    1.19891480412012,
    1.19897368719126,
];

#[test]
fn pairs_of_close_simple_roots_are_all_found() {
    let f = poly::parse_phc(PAIRS).unwrap();
    for seed in 0..4 {
        let (r, msg) = solve_with_gamma_seed(&f, seed);
        assert_eq!(r.counts.singular, 0, "{msg}");
        assert_eq!(r.counts.nonsingular, 8, "{msg}");
        assert!(
            r.paths.iter().all(|p| p.status == PathStatus::Nonsingular),
            "{msg}"
        );
        for im in ROOTS {
            for sign in [-1.0, 1.0] {
                let hits = r
                    .nonsingular()
                    .filter(|s| (s.x[0].re.abs() + (s.x[0].im - sign * im).abs()) < 1e-10)
                    .count();
                assert_eq!(hits, 1, "{msg}: root {}i", sign * im);
            }
        }
    }
}

/// A genuine double root beside a pair of simple roots $2^{-12} \approx 2.4 \cdot 10^{-4}$
/// apart: $(x - 3/2)^2 ((x + 1)^2 - 2^{-26})(x - 3)$ (no root at a root of unity, where
/// the total-degree start system $x^5 - 1$ would vanish too). Every coefficient is a
/// dyadic rational, exact in `f64`: rounded coefficients would split the double root
/// into two simple roots $\sim 10^{-8}$ apart. The double root stays singular with
/// multiplicity 2; the pair gives two nonsingular roots.
#[test]
fn a_double_root_stays_singular_beside_a_close_pair() {
    // coefficients, lowest degree first, of the product of the factors
    let factors: [&[f64]; 3] = [
        &[2.25, -3.0, 1.0],
        &[1.0 - 2f64.powi(-26), 2.0, 1.0],
        &[-3.0, 1.0],
    ];
    let mut c = vec![1.0f64];
    for g in factors {
        let mut prod = vec![0.0; c.len() + g.len() - 1];
        for (i, a) in c.iter().enumerate() {
            for (j, b) in g.iter().enumerate() {
                prod[i + j] += a * b;
            }
        }
        c = prod;
    }
    let terms: Vec<String> = c
        .iter()
        .enumerate()
        // exactly, as integer / 2^30 (the decimal expansion would be rounded)
        .map(|(k, a)| format!("({}/1073741824)*x^{k}", (a * 2f64.powi(30)) as i64))
        .collect();
    let f = poly::parse_phc(&format!("1\n {};", terms.join(" + "))).unwrap();
    for seed in 0..4 {
        let (r, msg) = solve_with_gamma_seed(&f, seed);
        assert_eq!(r.counts.nonsingular, 3, "{msg}");
        assert_eq!(r.counts.singular, 1, "{msg}");
        let double = r.singular().next().unwrap();
        assert_eq!(double.multiplicity, 2, "{msg}");
        assert!((double.x[0] - 1.5).norm() < 1e-6, "{msg}: {:?}", double.x);
        for root in [-1.0 - 2f64.powi(-13), -1.0 + 2f64.powi(-13), 3.0] {
            assert_eq!(
                r.nonsingular()
                    .filter(|s| (s.x[0].re - root).abs() + s.x[0].im.abs() < 1e-9)
                    .count(),
                1,
                "{msg}: root {root}"
            );
        }
    }
}
