//! The gradient system $\nabla \mathcal{L}^\Lambda = 0$ as exact polynomials.

use crate::{Instance, Matrix, Regularization};
use poly::{Coefficient, Polynomial, System};

/// A matrix of polynomials, row-major.
struct PolyMatrix {
    rows: usize,
    cols: usize,
    data: Vec<Polynomial>,
}

impl PolyMatrix {
    fn get(&self, r: usize, c: usize) -> &Polynomial {
        &self.data[r * self.cols + c]
    }

    fn identity(n: usize, nvars: usize) -> Self {
        let mut data = vec![Polynomial::zero(nvars); n * n];
        for i in 0..n {
            data[i * n + i] = Polynomial::constant(nvars, Coefficient::one());
        }
        Self {
            rows: n,
            cols: n,
            data,
        }
    }

    /// The exact matrix of an `f64` matrix (every double is a rational).
    fn constant(m: &Matrix, nvars: usize) -> Self {
        Self {
            rows: m.rows(),
            cols: m.cols(),
            data: m
                .data()
                .iter()
                .map(|&v| {
                    Polynomial::constant(
                        nvars,
                        Coefficient::from_f64(v).expect("instance data are finite"),
                    )
                })
                .collect(),
        }
    }

    fn matmul(&self, other: &Self) -> Self {
        assert_eq!(self.cols, other.rows);
        let nvars = self.data.first().map_or(0, Polynomial::nvars);
        let mut data = Vec::with_capacity(self.rows * other.cols);
        for i in 0..self.rows {
            for j in 0..other.cols {
                let mut acc = Polynomial::zero(nvars);
                for k in 0..self.cols {
                    let (a, b) = (self.get(i, k), other.get(k, j));
                    if !a.is_zero() && !b.is_zero() {
                        acc = acc.add(&a.mul(b));
                    }
                }
                data.push(acc);
            }
        }
        Self {
            rows: self.rows,
            cols: other.cols,
            data,
        }
    }

    fn transpose(&self) -> Self {
        let mut data = Vec::with_capacity(self.data.len());
        for c in 0..self.cols {
            for r in 0..self.rows {
                data.push(self.get(r, c).clone());
            }
        }
        Self {
            rows: self.cols,
            cols: self.rows,
            data,
        }
    }

    fn sub(&self, other: &Self) -> Self {
        Self {
            rows: self.rows,
            cols: self.cols,
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(a, b)| a.sub(b))
                .collect(),
        }
    }
}

/// The gradient system of equation (4) of `000` / (2) of `001`,
/// $U_i^\top (W XX^\top - YX^\top) V_i^\top + \Lambda_i \circ W_i = 0$
/// (or with $\Lambda_i \circ \Lambda_i$, see [`Regularization`]), as exact polynomials
/// in the $N$ weights.
///
/// Coefficients are exact: the `f64` data are converted to rationals exactly and
/// $XX^\top$, $YX^\top$ are formed in rational arithmetic. Variables and equations
/// follow the order of [`Network`](crate::Network): equation $k$ is
/// $\partial \mathcal{L}^\Lambda / \partial w_k$, so the Jacobian of the system is the
/// (symmetric) Hessian of the loss.
pub fn gradient_system(instance: &Instance, regularization: Regularization) -> System {
    let net = &instance.network;
    let n = net.n_weights();
    let x = PolyMatrix::constant(&instance.x, n);
    let y = PolyMatrix::constant(&instance.y, n);
    let xt = x.transpose();
    let equations =
        gradient_polynomials(net, n, &x.matmul(&xt), &y.matmul(&xt), |k, layer, r, c| {
            let lambda = Coefficient::from_f64(instance.lambda[layer - 1].get(r, c))
                .expect("instance data are finite");
            let weight = match regularization {
                Regularization::Linear => lambda,
                Regularization::Squared => lambda.mul(&lambda),
            };
            Polynomial::variable(n, k).scale(&weight)
        });
    System::new(net.variable_names(), equations).expect("names and sizes are consistent")
}

/// The gradient $U_i^\top (W XX^\top - YX^\top) V_i^\top + R$ as polynomials in
/// `nvars` variables (the weights first), for the data moments `xxt` $= XX^\top$ and
/// `yxt` $= YX^\top$ as matrices of polynomials and the regularization term
/// `reg(k, layer, row, col)` of weight $k$.
fn gradient_polynomials(
    net: &crate::Network,
    nvars: usize,
    xxt: &PolyMatrix,
    yxt: &PolyMatrix,
    reg: impl Fn(usize, usize, usize, usize) -> Polynomial,
) -> Vec<Polynomial> {
    let n = nvars;
    let layers = net.n_layers();
    let ws: Vec<PolyMatrix> = (1..=layers)
        .map(|i| {
            let (rows, cols) = net.shape(i);
            let mut data = Vec::with_capacity(rows * cols);
            for r in 0..rows {
                for c in 0..cols {
                    data.push(Polynomial::variable(n, net.variable_index(i, r, c)));
                }
            }
            PolyMatrix { rows, cols, data }
        })
        .collect();
    // v[i] = W_i ... W_1, v[0] = I.
    let mut v = vec![PolyMatrix::identity(net.d_x(), n)];
    for wi in &ws {
        let next = wi.matmul(v.last().expect("non-empty"));
        v.push(next);
    }
    let g = v[layers].matmul(xxt).sub(yxt);
    let mut equations = vec![Polynomial::zero(n); net.n_weights()];
    let mut u = PolyMatrix::identity(net.d_y(), n);
    for i in (1..=layers).rev() {
        let gi = u.transpose().matmul(&g).matmul(&v[i - 1].transpose());
        let (rows, cols) = net.shape(i);
        for r in 0..rows {
            for c in 0..cols {
                let k = net.variable_index(i, r, c);
                equations[k] = gi.get(r, c).add(&reg(k, i, r, c));
            }
        }
        u = u.matmul(&ws[i - 1]);
    }
    equations
}

/// The DLN gradient systems of a network and a number of data points as one family
/// $F(w; X, Y, \mu)$ with the data as parameters (see [`GradientFamily`](crate::GradientFamily)).
pub(crate) fn gradient_system_family(net: &crate::Network, points: usize) -> System {
    let n = net.n_weights();
    let (dx, dy) = (net.d_x(), net.d_y());
    let nvars = n + (dx + dy) * points + n;
    // parameters in the order: X column-major, Y column-major, mu in weight order
    let matrix = |rows: usize, offset: usize| PolyMatrix {
        rows,
        cols: points,
        data: (0..rows * points)
            .map(|idx| {
                let (r, c) = (idx / points, idx % points);
                Polynomial::variable(nvars, offset + c * rows + r)
            })
            .collect(),
    };
    let x = matrix(dx, n);
    let y = matrix(dy, n + dx * points);
    let xt = x.transpose();
    let mu0 = n + (dx + dy) * points;
    let equations =
        gradient_polynomials(net, nvars, &x.matmul(&xt), &y.matmul(&xt), |k, _, _, _| {
            Polynomial::variable(nvars, k).mul(&Polynomial::variable(nvars, mu0 + k))
        });
    let mut names = net.variable_names();
    for c in 0..points {
        for r in 0..dx {
            names.push(format!("x_{}_{}", r + 1, c + 1));
        }
    }
    for c in 0..points {
        for r in 0..dy {
            names.push(format!("y_{}_{}", r + 1, c + 1));
        }
    }
    for w in net.variable_names() {
        names.push(format!("mu_{w}"));
    }
    System::new(names, equations).expect("distinct names")
}

/// The index of $S_{ij}$ ($i \le j$) among the upper-triangle entries of a symmetric
/// $d \times d$ matrix listed row by row.
pub(crate) fn upper_index(d: usize, i: usize, j: usize) -> usize {
    let (i, j) = if i <= j { (i, j) } else { (j, i) };
    i * d - i * (i + 1) / 2 + j
}

/// The DLN gradient systems of a network as one family $F(w; S, B, \mu)$ in the data
/// moments $S = XX^\top$ (symmetric, its upper triangle row by row) and
/// $B = YX^\top$ ($d_y \times d_x$, row-major), then $\mu$ in weight order (see
/// [`GradientFamily`](crate::GradientFamily)).
pub(crate) fn gradient_system_moment_family(net: &crate::Network) -> System {
    let n = net.n_weights();
    let (dx, dy) = (net.d_x(), net.d_y());
    let ns = dx * (dx + 1) / 2;
    let nvars = n + ns + dy * dx + n;
    let s = PolyMatrix {
        rows: dx,
        cols: dx,
        data: (0..dx * dx)
            .map(|idx| Polynomial::variable(nvars, n + upper_index(dx, idx / dx, idx % dx)))
            .collect(),
    };
    let b = PolyMatrix {
        rows: dy,
        cols: dx,
        data: (0..dy * dx)
            .map(|idx| Polynomial::variable(nvars, n + ns + idx))
            .collect(),
    };
    let mu0 = n + ns + dy * dx;
    let equations = gradient_polynomials(net, nvars, &s, &b, |k, _, _, _| {
        Polynomial::variable(nvars, k).mul(&Polynomial::variable(nvars, mu0 + k))
    });
    let mut names = net.variable_names();
    for i in 0..dx {
        for j in i..dx {
            names.push(format!("s_{}_{}", i + 1, j + 1));
        }
    }
    for r in 0..dy {
        for c in 0..dx {
            names.push(format!("b_{}_{}", r + 1, c + 1));
        }
    }
    for w in net.variable_names() {
        names.push(format!("mu_{w}"));
    }
    System::new(names, equations).expect("distinct names")
}
