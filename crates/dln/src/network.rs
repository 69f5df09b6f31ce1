//! The architecture of a deep linear network and the order of its weights.

use std::fmt;

/// A deep linear network $f(x) = W_{H+1} W_H \cdots W_1 x$ given by its layer widths
/// $d_x = d_0, d_1, \dots, d_H, d_y = d_{H+1}$; $W_i$ is $d_i \times d_{i-1}$.
///
/// The $N = \sum_i d_i d_{i-1}$ weights are ordered as the unknowns of the gradient
/// system: $W_1$ column-major, then $W_2$ column-major, and so on. Variable $k$ of
/// weight $(W_i)_{rc}$ (1-based $r, c$) is named `w{i}_{r}_{c}`.
///
/// ```
/// use dln::Network;
/// let net = Network::new(vec![2, 2, 2]).unwrap(); // d_x = 2, d_1 = 2, d_y = 2
/// assert_eq!((net.depth(), net.n_weights()), (1, 8));
/// assert_eq!(net.variable_index(2, 1, 0), 4 + 1); // (W_2)_{21}
/// assert_eq!(net.variable_names()[5], "w2_2_1");
/// // Example 13 of `001`: B_C* = 64, B_C = 81 for d_x = d_1 = d_y = 2, m = 1
/// let b = net.theorem5_bounds(1).unwrap();
/// assert_eq!((b.b_cstar, b.b_c), (64.into(), 81.into()));
/// // the reduced systems in the squares: 4 + 4 + 16 paths, (1 + 2p)^d - 1;
/// // in their quadratic form: 8 + 8 + 16, 2^p (3^d - 1)
/// assert_eq!((b.squares_paths, b.quadratic_paths), (24.into(), 32.into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Network {
    widths: Vec<usize>,
}

/// Why a list of widths is not a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkError {
    /// Fewer than two widths (input and output).
    TooFewLayers(usize),
    /// A width is zero.
    ZeroWidth(usize),
    /// More weights than [`Network::MAX_WEIGHTS`].
    TooManyWeights(u128),
}

impl fmt::Display for NetworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooFewLayers(k) => write!(
                f,
                "a network needs at least the widths d_x and d_y (got {k} widths)"
            ),
            Self::ZeroWidth(i) => write!(f, "width number {} is zero", i + 1),
            Self::TooManyWeights(n) => write!(
                f,
                "the network has {n} weights, more than the supported {}",
                Network::MAX_WEIGHTS
            ),
        }
    }
}

impl std::error::Error for NetworkError {}

impl Network {
    /// The largest number of weights accepted (a gradient system of this size is far
    /// beyond what any solver can handle; the bound keeps absurd inputs from exhausting
    /// memory).
    pub const MAX_WEIGHTS: usize = 10_000;

    /// A network from its widths `d_x, d_1, ..., d_H, d_y`.
    pub fn new(widths: Vec<usize>) -> Result<Self, NetworkError> {
        if widths.len() < 2 {
            return Err(NetworkError::TooFewLayers(widths.len()));
        }
        if let Some(i) = widths.iter().position(|&w| w == 0) {
            return Err(NetworkError::ZeroWidth(i));
        }
        let n: u128 = widths.windows(2).map(|p| p[0] as u128 * p[1] as u128).sum();
        if n > Self::MAX_WEIGHTS as u128 {
            return Err(NetworkError::TooManyWeights(n));
        }
        Ok(Self { widths })
    }

    /// The widths `d_x, d_1, ..., d_H, d_y`.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The number of hidden layers $H$.
    pub fn depth(&self) -> usize {
        self.widths.len() - 2
    }

    /// The number of weight matrices $H + 1$.
    pub fn n_layers(&self) -> usize {
        self.widths.len() - 1
    }

    /// Input dimension $d_x$.
    pub fn d_x(&self) -> usize {
        self.widths[0]
    }

    /// Output dimension $d_y$.
    pub fn d_y(&self) -> usize {
        self.widths[self.widths.len() - 1]
    }

    /// The shape `(rows, cols)` $= (d_i, d_{i-1})$ of $W_i$, for $i = 1, \dots, H+1$.
    pub fn shape(&self, layer: usize) -> (usize, usize) {
        assert!((1..=self.n_layers()).contains(&layer), "layer {layer}");
        (self.widths[layer], self.widths[layer - 1])
    }

    /// The index of the first weight of $W_i$ in the weight vector.
    pub fn offset(&self, layer: usize) -> usize {
        (1..layer)
            .map(|i| {
                let (r, c) = self.shape(i);
                r * c
            })
            .sum()
    }

    /// The number of weights $N = \sum_{i=1}^{H+1} d_i d_{i-1}$.
    pub fn n_weights(&self) -> usize {
        self.offset(self.n_layers() + 1)
    }

    /// The index of $(W_i)_{rc}$ (0-based `row`, `col`) in the weight vector.
    pub fn variable_index(&self, layer: usize, row: usize, col: usize) -> usize {
        let (r, c) = self.shape(layer);
        assert!(row < r && col < c, "entry ({row}, {col}) of W_{layer}");
        self.offset(layer) + col * r + row
    }

    /// The names `w{i}_{r}_{c}` of the weights, in order.
    pub fn variable_names(&self) -> Vec<String> {
        let mut names = Vec::with_capacity(self.n_weights());
        for layer in 1..=self.n_layers() {
            let (r, c) = self.shape(layer);
            for col in 0..c {
                for row in 0..r {
                    names.push(format!("w{layer}_{}_{}", row + 1, col + 1));
                }
            }
        }
        names
    }

    /// Which weights of `w` are zero, layer by layer: $(W_i)_{rc}$ counts as zero when
    /// $|(W_i)_{rc}| \le$ `tol` $\cdot(1 + \max|W_i|)$, each layer measured against its
    /// own largest entry (the rule of the zero patterns of the `analysis` crate and of
    /// [`in_torus`](Self::in_torus)). One scale for the whole vector would not do: the
    /// loss is nearly invariant under $W_i \to sW_i$, $W_{i+1} \to W_{i+1}/s$ when the
    /// regularization is small, and its critical points then spread their layers over
    /// many orders of magnitude (widths 2,2,2, $m = 1$,
    /// $\Lambda \in [0, 10^{-5}]$: a point with $|W_1| \le 1.3\cdot10^{-3}$, smallest
    /// weight $3.7\cdot10^{-6}$, and $|W_2| \approx 7\cdot10^{3}$).
    ///
    /// ```
    /// use dln::Network;
    /// use num_complex::Complex64 as C;
    /// let net = Network::new(vec![1, 1, 1]).unwrap();
    /// let w = [C::new(3.7e-6, 0.0), C::new(7e3, 0.0)];
    /// assert_eq!(net.zero_weights(&w, 1e-9), [false, false]);
    /// assert_eq!(net.zero_weights(&[C::new(0.0, 1e-17), w[1]], 1e-9), [true, false]);
    /// ```
    ///
    /// # Panics
    /// When `w` does not have one entry per weight.
    pub fn zero_weights(&self, w: &[num_complex::Complex64], tol: f64) -> Vec<bool> {
        assert_eq!(w.len(), self.n_weights(), "one entry per weight");
        let mut zero = vec![false; w.len()];
        for layer in 1..=self.n_layers() {
            let (r, c) = self.shape(layer);
            let range = self.offset(layer)..self.offset(layer) + r * c;
            let scale = 1.0 + w[range.clone()].iter().fold(0.0f64, |m, z| m.max(z.norm()));
            for k in range {
                zero[k] = w[k].norm() <= tol * scale;
            }
        }
        zero
    }

    /// Whether no weight of `w` is zero ([`zero_weights`](Self::zero_weights)).
    ///
    /// # Panics
    /// When `w` does not have one entry per weight.
    pub fn in_torus(&self, w: &[num_complex::Complex64], tol: f64) -> bool {
        !self.zero_weights(w, tol).contains(&true)
    }

    /// The classical Bézout bound (CBB) $(2H+1)^N$ of Proposition 3 of `000` /
    /// Proposition 1 of `001`: every equation of the gradient system has degree $2H+1$.
    pub fn bezout_bound(&self) -> rug::Integer {
        rug::Integer::from(rug::Integer::u_pow_u(
            2 * self.depth() as u32 + 1,
            self.n_weights() as u32,
        ))
    }

    /// The bounds of Theorem 5 and Corollary 12 of `001` for a network with one hidden
    /// layer (width $d$, output dimension $p$) trained on one data point ($m = 1$):
    /// $\mathcal{B}_{\mathbb{C}^*} = (4p)^d$ critical points with all entries of $W_1$
    /// non-zero, and $\mathcal{B}_{\mathbb{C}} = (1+4p)^d$ complex critical points in all.
    /// `None` where the theorem does not apply ($H \ne 1$ or $m \ne 1$).
    pub fn theorem5_bounds(&self, points: usize) -> Option<Theorem5Bounds> {
        if self.depth() != 1 || points != 1 {
            return None;
        }
        let d = self.widths[1] as u32;
        let p = self.d_y() as u32;
        Some(Theorem5Bounds {
            b_cstar: rug::Integer::from(rug::Integer::u_pow_u(4 * p, d)),
            b_c: rug::Integer::from(rug::Integer::u_pow_u(1 + 4 * p, d)),
            squares_paths: rug::Integer::from(rug::Integer::u_pow_u(1 + 2 * p, d)) - 1u32,
            quadratic_paths: (rug::Integer::from(rug::Integer::u_pow_u(3, d)) - 1u32) << p,
        })
    }
}

/// The bounds of Theorem 5 and Corollary 12 of `001` (H = 1, m = 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theorem5Bounds {
    /// $\mathcal{B}_{\mathbb{C}^*} = (4p)^d$ (Theorem 5).
    pub b_cstar: rug::Integer,
    /// $\mathcal{B}_{\mathbb{C}} = (1+4p)^d$ (Corollary 12).
    pub b_c: rug::Integer,
    /// $(1+2p)^d - 1$: the paths of the total-degree solves of the reduced systems in
    /// the squares $u_i = a_{i1}^2$ over every non-empty set $S$ of live hidden neurons,
    /// $\sum_{S} (2p)^{|S|}$ ([`crate::solve_reduced_squares`]).
    pub squares_paths: rug::Integer,
    /// $2^p(3^d - 1)$: the paths of the total-degree solves of the reduced systems in
    /// their quadratic form (unknowns $u$ and $w_k = 1/(1+T_k)$), $\sum_S 2^{|S|+p}$
    /// ([`crate::solve_reduced_quadratic`]).
    pub quadratic_paths: rug::Integer,
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w: Vec<String> = self.widths.iter().map(ToString::to_string).collect();
        f.write_str(&w.join(","))
    }
}
