//! Example 2 of `001`: the gradient system printed in the paper, coefficient for
//! coefficient.

use dln::{gradient_system, Instance, Regularization};
use poly::{Coefficient, Polynomial, Term};

/// The printed system, variables (α1, α2, β1, β2) = (w1_1_1, w1_1_2, w2_1_1, w2_2_1).
fn printed() -> Vec<Polynomial> {
    // exponents of [α1, α2, β1, β2]
    let eqs: [&[(i64, [u32; 4])]; 4] = [
        &[
            (5, [1, 0, 2, 0]),
            (5, [1, 0, 0, 2]),
            (11, [0, 1, 2, 0]),
            (11, [0, 1, 0, 2]),
            (-7, [0, 0, 1, 0]),
            (-10, [0, 0, 0, 1]),
            (4, [1, 0, 0, 0]),
        ],
        &[
            (11, [1, 0, 2, 0]),
            (11, [1, 0, 0, 2]),
            (25, [0, 1, 2, 0]),
            (25, [0, 1, 0, 2]),
            (-15, [0, 0, 1, 0]),
            (-22, [0, 0, 0, 1]),
            (-3, [0, 1, 0, 0]),
        ],
        &[
            (5, [2, 0, 1, 0]),
            (22, [1, 1, 1, 0]),
            (25, [0, 2, 1, 0]),
            (-7, [1, 0, 0, 0]),
            (-15, [0, 1, 0, 0]),
            (-2, [0, 0, 1, 0]),
        ],
        &[
            (5, [2, 0, 0, 1]),
            (22, [1, 1, 0, 1]),
            (25, [0, 2, 0, 1]),
            (-10, [1, 0, 0, 0]),
            (-22, [0, 1, 0, 0]),
            (5, [0, 0, 0, 1]),
        ],
    ];
    eqs.iter()
        .map(|terms| {
            Polynomial::from_terms(
                4,
                terms.iter().map(|&(c, e)| Term {
                    coefficient: Coefficient::from_i64(c),
                    exponents: e.to_vec(),
                }),
            )
        })
        .collect()
}

fn example2() -> Instance {
    dln::examples::bharadwaj_hosten_example2()
}

#[test]
fn example_2_gradient_system_as_printed() {
    let sys = gradient_system(&example2(), Regularization::Linear);
    assert_eq!(sys.variables(), ["w1_1_1", "w1_1_2", "w2_1_1", "w2_2_1"]);
    let expected = printed();
    for (i, (ours, theirs)) in sys.polynomials().iter().zip(&expected).enumerate() {
        assert_eq!(ours, theirs, "equation {}", i + 1);
    }
    assert_eq!(sys.degrees(), vec![3; 4]);
    assert_eq!(polytope::bezout_bound(&sys.degrees()), 81);
}

#[test]
fn example_2_squared_convention_differs_only_in_the_linear_terms() {
    let sys = gradient_system(&example2(), Regularization::Squared);
    let expected = printed();
    // Λ∘Λ: 16 α1, 9 α2, 4 β1, 25 β2 instead of 4, -3, -2, 5
    let squares = [16, 9, 4, 25];
    let linear = [4, -3, -2, 5];
    for (i, (ours, theirs)) in sys.polynomials().iter().zip(&expected).enumerate() {
        let mut e = [0u32; 4];
        e[i] = 1;
        let delta = Polynomial::from_terms(
            4,
            [Term {
                coefficient: Coefficient::from_i64(squares[i] - linear[i]),
                exponents: e.to_vec(),
            }],
        );
        assert_eq!(ours, &theirs.add(&delta), "equation {}", i + 1);
    }
}
