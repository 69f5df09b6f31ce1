//! Instances printed in the papers.

use crate::{Instance, Matrix, Network};

/// Example 2 of `001` (Bharadwaj–Hoşten): widths 2,1,2, $X = \begin{psmallmatrix}1&2\\3&4\end{psmallmatrix}$,
/// $Y = \begin{psmallmatrix}1&3\\2&4\end{psmallmatrix}$, $\Lambda_1 = [4\ {-3}]$,
/// $\Lambda_2 = [-2;\ 5]$. Its gradient system has 17 solutions in $\mathbb{C}^4$, 16 in
/// the torus, Bézout number 81.
pub fn bharadwaj_hosten_example2() -> Instance {
    Instance::new(
        Network::new(vec![2, 1, 2]).expect("valid widths"),
        Matrix::from_row_major(2, 2, vec![1.0, 2.0, 3.0, 4.0]),
        Matrix::from_row_major(2, 2, vec![1.0, 3.0, 2.0, 4.0]),
        vec![
            Matrix::from_row_major(1, 2, vec![4.0, -3.0]),
            Matrix::from_row_major(2, 1, vec![-2.0, 5.0]),
        ],
    )
    .expect("valid data")
}
