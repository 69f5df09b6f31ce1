//! Table III of `000` prints its last row twice, so one of the eight index-0 points of
//! the Table IV instance is missing. The sign-flip symmetry (Proposition 4 of `000`)
//! finds it: the printed points, refined by Newton in the reals, form one complete orbit
//! of size 4 and one orbit with a missing image, and that image is again a minimum with
//! the same loss.

use analysis::{orbits, real_critical_point, refine_real, CriticalType};
use dln::{reference, Instance, Network, Regularization, RegularizedLoss};

#[test]
fn the_missing_minimum_of_table3_is_the_missing_sign_flip_image() {
    let net = Network::new(vec![3, 2, 3]).unwrap();
    let inst = Instance::from_column_major_csv(&net, reference::MEHTA_TABLE4_DATA).unwrap();
    let loss = RegularizedLoss::new(&inst, Regularization::Linear);
    let t3 = reference::table("mehta_table3_minima").unwrap();
    let refined: Vec<Vec<f64>> = (0..t3.rows.len())
        .map(|row| {
            let w: Vec<f64> = t3.header[..12]
                .iter()
                .map(|c| t3.number(row, c).unwrap())
                .collect();
            let r = refine_real(&loss, &w).unwrap();
            // refinement moves the printed point by about the printing precision only
            let moved = w
                .iter()
                .zip(&r)
                .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
            assert!(moved < 1e-3, "row {row} moved {moved}");
            r
        })
        .collect();
    let orbs = orbits(&net, &refined, 1e-8).unwrap();
    assert_eq!(orbs.len(), 2);
    let complete: Vec<_> = orbs.iter().filter(|o| o.is_complete()).collect();
    let incomplete: Vec<_> = orbs.iter().filter(|o| !o.is_complete()).collect();
    assert_eq!(complete.len(), 1);
    assert_eq!(complete[0].members, vec![0, 1, 2, 3]);
    assert_eq!(incomplete.len(), 1);
    let o = incomplete[0];
    assert_eq!(o.size, 4);
    assert_eq!(o.members, vec![4, 5, 6, 7]); // rows 7 and 8 are the same point
    assert_eq!(o.missing.len(), 1);
    let missing = &o.missing[0];
    let p = real_critical_point(&loss, missing, 1e-9).unwrap();
    assert!(p.gradient_norm < 1e-12, "{}", p.gradient_norm);
    assert_eq!(p.hessian.kind, CriticalType::Minimum);
    let printed = t3.number(4, "loss_as_printed").unwrap();
    assert!((2.0 * p.loss - printed).abs() < 2e-4);
    // and it is not one of the printed points
    for w in &refined {
        assert!(w.iter().zip(missing).any(|(a, b)| (a - b).abs() > 1e-3));
    }
    // it is the printed row 8 with its second hidden neuron flipped back:
    // signs of (w1_11, w1_21, ...) = (-, +, -, +, +, -, +, -, -, -, +, +)
    let signs: Vec<bool> = missing.iter().map(|v| *v > 0.0).collect();
    assert_eq!(
        signs,
        vec![false, true, false, true, true, false, true, false, false, false, true, true]
    );
}
