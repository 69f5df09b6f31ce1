//! The three routes to the gradient agree: the exact polynomial gradient system, the
//! numeric gradient, and central finite differences of the loss; the Hessian agrees
//! with finite differences of the gradient and with the Jacobian of the system.

use dln::{gradient_system, Instance, Network, Regularization, RegularizedLoss};
use num_complex::Complex64;
use poly::{Evaluator, Rng};
use proptest::prelude::*;

fn network_strategy() -> impl Strategy<Value = Vec<usize>> {
    (1usize..=3).prop_flat_map(|h| proptest::collection::vec(1usize..=3, h + 2))
}

fn regularization_strategy() -> impl Strategy<Value = Regularization> {
    prop_oneof![Just(Regularization::Linear), Just(Regularization::Squared)]
}

/// Relative agreement `|a - b| <= tol * (1 + max |b|)` entrywise.
fn close(a: &[f64], b: &[f64], tol: f64) -> Result<(), TestCaseError> {
    let scale = 1.0 + b.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        prop_assert!(
            (x - y).abs() <= tol * scale,
            "entry {i}: {x} vs {y} (scale {scale})"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn gradient_routes_agree(
        widths in network_strategy(),
        points in 1usize..=4,
        seed in any::<u64>(),
        reg in regularization_strategy(),
    ) {
        let net = Network::new(widths).unwrap();
        let inst = Instance::random(&net, points, seed, 1.0).unwrap();
        let loss = RegularizedLoss::new(&inst, reg);
        let n = net.n_weights();
        let mut rng = Rng::substream(seed, 1);
        let w: Vec<f64> = (0..n).map(|_| 0.7 * rng.normal()).collect();

        // numeric gradient vs the exact polynomial system evaluated at w
        let grad = loss.gradient(&w);
        let sys = gradient_system(&inst, reg);
        prop_assert!(sys.is_square() && sys.len() == n);
        prop_assert!(sys.degrees().iter().all(|&d| d as usize == 2 * net.depth() + 1));
        let ev = Evaluator::new(&sys);
        let mut ws = ev.workspace();
        let wc: Vec<Complex64> = w.iter().map(|&v| Complex64::new(v, 0.0)).collect();
        let mut f = vec![Complex64::default(); n];
        let mut jac = vec![Complex64::default(); n * n];
        ev.evaluate_with_jacobian(&wc, &mut ws, &mut f, &mut jac);
        let f_re: Vec<f64> = f.iter().map(|z| z.re).collect();
        close(&f_re, &grad, 1e-11)?;
        prop_assert!(f.iter().all(|z| z.im == 0.0));

        // gradient vs central differences of the loss
        let h = 1e-5;
        let fd: Vec<f64> = (0..n).map(|k| {
            let mut wp = w.clone();
            let mut wm = w.clone();
            wp[k] += h;
            wm[k] -= h;
            (loss.loss(&wp) - loss.loss(&wm)) / (2.0 * h)
        }).collect();
        close(&fd, &grad, 1e-6)?;

        // Hessian: symmetric, equal to the Jacobian of the system, and to
        // central differences of the gradient
        let hess = loss.hessian(&w);
        let jac_re: Vec<f64> = jac.iter().map(|z| z.re).collect();
        close(hess.data(), &jac_re, 1e-11)?;
        close(hess.data(), hess.transpose().data(), 1e-12)?;
        let mut fd_h = vec![0.0; n * n];
        for k in 0..n {
            let mut wp = w.clone();
            let mut wm = w.clone();
            wp[k] += h;
            wm[k] -= h;
            let (gp, gm) = (loss.gradient(&wp), loss.gradient(&wm));
            for i in 0..n {
                fd_h[i * n + k] = (gp[i] - gm[i]) / (2.0 * h);
            }
        }
        close(&fd_h, hess.data(), 1e-6)?;
    }

    #[test]
    fn complex_points_match_the_polynomial_system(
        widths in network_strategy(),
        seed in any::<u64>(),
    ) {
        let net = Network::new(widths).unwrap();
        let inst = Instance::random(&net, 2, seed, 1.0).unwrap();
        let loss = RegularizedLoss::new(&inst, Regularization::Linear);
        let sys = gradient_system(&inst, Regularization::Linear);
        let n = net.n_weights();
        let mut rng = Rng::substream(seed, 2);
        let w: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
        let grad = loss.gradient(&w);
        for (i, p) in sys.polynomials().iter().enumerate() {
            let v = p.eval_c64(&w);
            prop_assert!((v - grad[i]).norm() <= 1e-10 * (1.0 + v.norm()));
        }
    }
}

#[test]
fn bezout_bound_of_the_system_is_the_closed_form() {
    for widths in [vec![2, 2, 2], vec![1, 2, 2, 1], vec![3, 1, 2, 1, 2]] {
        let net = Network::new(widths).unwrap();
        let inst = Instance::random(&net, 1, 3, 1.0).unwrap();
        let sys = gradient_system(&inst, Regularization::Linear);
        assert_eq!(polytope::bezout_bound(&sys.degrees()), net.bezout_bound());
    }
}
