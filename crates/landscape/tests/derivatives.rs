//! Property tests: the backpropagated gradient and the dual-number Hessian agree with
//! central finite differences, for both activations and with/without σ on the output.

use landscape::{Activation, Data, Network};
use proptest::prelude::*;

fn setup(seed: u64, act: Activation, out: bool, widths: Vec<usize>) -> (Network, Data, Vec<f64>) {
    let mut rng = poly::Rng::new(seed);
    let net = Network {
        widths,
        activation: act,
        output_activation: out,
    };
    let (a, b) = (net.widths[0], *net.widths.last().unwrap());
    let mut data = Data::random(a, b, 3, 1.0, &mut rng);
    // moderate inputs keep nested t + t³ from exploding (finite differences then lose accuracy)
    data.xs.iter_mut().flatten().for_each(|v| *v *= 0.5);
    let p = net.random_params(0.35, &mut rng);
    (net, data, p)
}

/// Central difference with one Richardson step (error O(h⁴)), h = 1e-4.
fn richardson(f: impl Fn(f64) -> f64) -> f64 {
    let h = 1e-4;
    let d1 = (f(h) - f(-h)) / (2.0 * h);
    let d2 = (f(h / 2.0) - f(-h / 2.0)) / h;
    (4.0 * d2 - d1) / 3.0
}

fn widths_strategy() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..4, 3..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn gradient_matches_finite_differences(seed in 0u64..10_000, cubic in any::<bool>(), out in any::<bool>(), widths in widths_strategy()) {
        let act = if cubic { Activation::Cubic } else { Activation::Tanh };
        let (net, data, p) = setup(seed, act, out, widths);
        let g = net.gradient(&p, &data);
        for i in 0..p.len() {
            let fd = richardson(|t| {
                let mut q = p.clone();
                q[i] += t;
                net.loss(&q, &data)
            });
            // truncation (relative) + rounding (ε·L/h) error of the difference quotient
            let tol = 1e-5 * (1.0 + g[i].abs()) + 1e-10 * net.loss(&p, &data);
            prop_assert!((fd - g[i]).abs() <= tol, "i={i} fd={fd} g={}", g[i]);
        }
    }

    #[test]
    fn hessian_matches_finite_differences(seed in 0u64..10_000, cubic in any::<bool>(), out in any::<bool>(), widths in widths_strategy()) {
        let act = if cubic { Activation::Cubic } else { Activation::Tanh };
        let (net, data, p) = setup(seed, act, out, widths);
        let d = p.len();
        let hess = net.hessian(&p, &data);
        for j in 0..d {
            let shifted = |t: f64| {
                let mut q = p.clone();
                q[j] += t;
                net.gradient(&q, &data)
            };
            let h = 1e-4;
            let (g1p, g1m, g2p, g2m) = (shifted(h), shifted(-h), shifted(h / 2.0), shifted(-h / 2.0));
            for i in 0..d {
                let d1 = (g1p[i] - g1m[i]) / (2.0 * h);
                let d2 = (g2p[i] - g2m[i]) / h;
                let fd = (4.0 * d2 - d1) / 3.0;
                let ex = hess[i * d + j];
                let gmax = g1p.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let tol = 1e-5 * (1.0 + ex.abs()) + 1e-10 * gmax;
                prop_assert!((fd - ex).abs() <= tol, "({i},{j}) fd={fd} exact={ex}");
            }
        }
    }
}
