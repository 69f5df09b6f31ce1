//! Which regularization makes the published minima of Table III of `000` stationary,
//! and at what scale the paper printed the loss.
//!
//! Finding: under the gradient of equation (4) (`Regularization::Linear`, term
//! $\Lambda \circ W$) every printed point has $\|\nabla\mathcal L\|_\infty < 10^{-4}$,
//! the size expected from printing 5 decimals; under the gradient of the printed loss
//! (term $\Lambda\circ\Lambda\circ W$) the gradient is about $0.13$: the points are not
//! critical. The printed loss equals $2\mathcal{L}$, i.e. $\|WX-Y\|_F^2 + \sum\lambda w^2$
//! without the factor $\tfrac12$, up to the rounding of the printed data (4 decimals).

use dln::{reference, Instance, Network, Regularization, RegularizedLoss};

fn table3() -> (Instance, Vec<(Vec<f64>, f64)>) {
    let net = Network::new(vec![3, 2, 3]).unwrap();
    let inst = Instance::from_column_major_csv(&net, reference::MEHTA_TABLE4_DATA).unwrap();
    let t3 = reference::table("mehta_table3_minima").unwrap();
    let points = (0..t3.rows.len())
        .map(|row| {
            let w = t3.header[..12]
                .iter()
                .map(|col| t3.number(row, col).unwrap())
                .collect();
            (w, t3.number(row, "loss_as_printed").unwrap())
        })
        .collect();
    (inst, points)
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

#[test]
fn table3_points_are_critical_for_equation_4_only() {
    let (inst, points) = table3();
    assert_eq!(points.len(), 8);
    let linear = RegularizedLoss::new(&inst, Regularization::Linear);
    let squared = RegularizedLoss::new(&inst, Regularization::Squared);
    for (w, _) in &points {
        let g_lin = max_abs(&linear.gradient(w));
        let g_sq = max_abs(&squared.gradient(w));
        assert!(g_lin < 1.5e-4, "Λ∘W gradient {g_lin:e}");
        assert!(g_sq > 1e-1, "Λ∘Λ∘W gradient {g_sq:e}");
    }
}

#[test]
fn table3_printed_loss_is_twice_the_loss() {
    let (inst, points) = table3();
    let linear = RegularizedLoss::new(&inst, Regularization::Linear);
    let squared = RegularizedLoss::new(&inst, Regularization::Squared);
    for (w, printed) in &points {
        let l = linear.loss(w);
        // data printed to 4 decimals: the loss is known to about 1e-4
        assert!(
            (2.0 * l - printed).abs() < 2e-4,
            "2L = {} vs {printed}",
            2.0 * l
        );
        assert!((l - printed).abs() > 1.0);
        assert!((2.0 * squared.loss(w) - printed).abs() > 0.1);
    }
}

#[test]
fn table3_points_are_minima_of_equation_4() {
    let (inst, points) = table3();
    let linear = RegularizedLoss::new(&inst, Regularization::Linear);
    for (w, _) in &points {
        let h = linear.hessian(w);
        // positive definite: Cholesky succeeds
        let n = h.rows();
        let mut l = vec![0.0f64; n * n];
        for i in 0..n {
            for j in 0..=i {
                let mut s = h.get(i, j);
                for k in 0..j {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if i == j {
                    assert!(s > 0.0, "Hessian not positive definite");
                    l[i * n + i] = s.sqrt();
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
    }
}
