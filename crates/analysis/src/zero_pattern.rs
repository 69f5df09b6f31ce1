//! Patterns of zeros of critical points (Section 4 of `001`).
//!
//! A critical point's zero pattern is the set of weights that vanish. For a network
//! trained on one generic data point, `001` proves:
//! - Proposition 8: if $(W_k)_{ij} = 0$ then row $i$ or column $j$ of $W_k$ is zero;
//! - Theorem 9: row $i$ of $W_{k-1}$ is zero iff column $i$ of $W_k$ is zero;
//! - Corollary 10: if $(W_1)_{ij} = 0$ then row $i$ of $W_1$ is zero;
//! - Corollary 11: if $(W_{H+1})_{ij} = 0$ then column $j$ of $W_{H+1}$ is zero.
//!
//! [`check_zero_pattern_theorems`] tests a pattern against all four and reports every
//! violation; the statements assume $m = 1$, so for $m > 1$ violations are evidence
//! about the conjectured extensions (Conjecture 15), not errors.

use dln::Network;
use num_complex::Complex64;
use std::collections::BTreeMap;
use std::fmt;

/// Which weights of a point vanish, in the weight order of [`Network`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ZeroPattern {
    zero: Vec<bool>,
}

impl ZeroPattern {
    /// The pattern of a complex point: $w_k$ counts as zero when
    /// $|w_k| \le$ `tol` $\cdot (1 + \|w\|_\infty)$.
    pub fn of_complex(w: &[Complex64], tol: f64) -> Self {
        let scale = 1.0 + w.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        Self {
            zero: w.iter().map(|z| z.norm() <= tol * scale).collect(),
        }
    }

    /// The pattern of a complex point measured layer by layer
    /// ([`Network::zero_weights`]): $(W_i)_{rc}$ counts as zero when
    /// $|(W_i)_{rc}| \le$ `tol` $\cdot (1 + \|W_i\|_\infty)$. Unlike
    /// [`of_complex`](Self::of_complex) this is invariant under the rescalings
    /// $W_i \mapsto cW_i$, $W_{i+1} \mapsto W_{i+1}/c$ that leave the product unchanged:
    /// at a tiny regularization critical points with $\|W_2\| \sim 10^4$ and
    /// $\|W_1\| \sim 10^{-3}$ occur (widths 2,2,2, $\Lambda \in [0, 10^{-5}]$), whose
    /// non-zero $W_1$ entries of size $10^{-4}$ a global scale would call zero.
    ///
    /// # Panics
    /// When `w` does not have one entry per weight of `network`.
    pub fn of_complex_layers(network: &Network, w: &[Complex64], tol: f64) -> Self {
        Self {
            zero: network.zero_weights(w, tol),
        }
    }

    /// The pattern of a real point (same rule as [`of_complex`](Self::of_complex)).
    pub fn of_real(w: &[f64], tol: f64) -> Self {
        let scale = 1.0 + w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        Self {
            zero: w.iter().map(|v| v.abs() <= tol * scale).collect(),
        }
    }

    /// Whether weight `k` is zero.
    pub fn is_zero(&self, k: usize) -> bool {
        self.zero[k]
    }

    /// Number of zero weights.
    pub fn count_zeros(&self) -> usize {
        self.zero.iter().filter(|&&z| z).count()
    }

    /// Whether no weight is zero (a point of the torus $(\mathbb{C}^*)^N$).
    pub fn is_torus(&self) -> bool {
        self.count_zeros() == 0
    }

    /// Whether every weight is zero (the origin).
    pub fn is_origin(&self) -> bool {
        self.count_zeros() == self.zero.len()
    }

    fn row_zero(&self, net: &Network, layer: usize, row: usize) -> bool {
        let (_, cols) = net.shape(layer);
        (0..cols).all(|c| self.zero[net.variable_index(layer, row, c)])
    }

    fn col_zero(&self, net: &Network, layer: usize, col: usize) -> bool {
        let (rows, _) = net.shape(layer);
        (0..rows).all(|r| self.zero[net.variable_index(layer, r, col)])
    }

    /// For each hidden layer, the 0-based indices of its neurons that are removed: row
    /// $i$ of $W_j$ and column $i$ of $W_{j+1}$ both zero.
    pub fn dead_neurons(&self, net: &Network) -> Vec<Vec<usize>> {
        (1..=net.depth())
            .map(|j| {
                (0..net.widths()[j])
                    .filter(|&i| self.row_zero(net, j, i) && self.col_zero(net, j + 1, i))
                    .collect()
            })
            .collect()
    }

    /// The pattern drawn as one `*`/`0` matrix per layer, e.g. `W1=[*0;**] W2=[**]`.
    pub fn describe(&self, net: &Network) -> String {
        let mut parts = Vec::new();
        for layer in 1..=net.n_layers() {
            let (rows, cols) = net.shape(layer);
            let rows: Vec<String> = (0..rows)
                .map(|r| {
                    (0..cols)
                        .map(|c| {
                            if self.zero[net.variable_index(layer, r, c)] {
                                '0'
                            } else {
                                '*'
                            }
                        })
                        .collect()
                })
                .collect();
            parts.push(format!("W{layer}=[{}]", rows.join(";")));
        }
        parts.join(" ")
    }
}

/// A statement of Section 4 of `001` that a zero pattern does not satisfy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZeroPatternViolation {
    /// Proposition 8: $(W_k)_{ij} = 0$ but neither row $i$ nor column $j$ of $W_k$ is zero.
    Proposition8 {
        /// $k$.
        layer: usize,
        /// $i$ (0-based).
        row: usize,
        /// $j$ (0-based).
        col: usize,
    },
    /// Theorem 9: exactly one of row $i$ of $W_{k-1}$ and column $i$ of $W_k$ is zero.
    Theorem9 {
        /// $k$.
        layer: usize,
        /// $i$ (0-based).
        neuron: usize,
    },
    /// Corollary 10: $(W_1)_{ij} = 0$ but row $i$ of $W_1$ is not zero.
    Corollary10 {
        /// $i$.
        row: usize,
        /// $j$.
        col: usize,
    },
    /// Corollary 11: $(W_{H+1})_{ij} = 0$ but column $j$ of $W_{H+1}$ is not zero.
    Corollary11 {
        /// $i$.
        row: usize,
        /// $j$.
        col: usize,
    },
}

impl fmt::Display for ZeroPatternViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Proposition8 { layer, row, col } => write!(
                f,
                "Proposition 8: (W{layer})_{}{} = 0 with neither its row nor its column zero",
                row + 1,
                col + 1
            ),
            Self::Theorem9 { layer, neuron } => write!(
                f,
                "Theorem 9: row {} of W{} and column {} of W{layer} are not both zero or both non-zero",
                neuron + 1,
                layer - 1,
                neuron + 1
            ),
            Self::Corollary10 { row, col } => write!(
                f,
                "Corollary 10: (W1)_{}{} = 0 with row {} of W1 not zero",
                row + 1,
                col + 1,
                row + 1
            ),
            Self::Corollary11 { row, col } => write!(
                f,
                "Corollary 11: (W_H+1)_{}{} = 0 with column {} not zero",
                row + 1,
                col + 1,
                col + 1
            ),
        }
    }
}

/// Every violation of Proposition 8, Theorem 9 and Corollaries 10 and 11 of `001` by a
/// zero pattern.
pub fn check_zero_pattern_theorems(
    net: &Network,
    pattern: &ZeroPattern,
) -> Vec<ZeroPatternViolation> {
    let mut v = Vec::new();
    let last = net.n_layers();
    for layer in 1..=last {
        let (rows, cols) = net.shape(layer);
        for r in 0..rows {
            for c in 0..cols {
                if !pattern.is_zero(net.variable_index(layer, r, c)) {
                    continue;
                }
                let (rz, cz) = (
                    pattern.row_zero(net, layer, r),
                    pattern.col_zero(net, layer, c),
                );
                if !rz && !cz {
                    v.push(ZeroPatternViolation::Proposition8 {
                        layer,
                        row: r,
                        col: c,
                    });
                }
                if layer == 1 && !rz {
                    v.push(ZeroPatternViolation::Corollary10 { row: r, col: c });
                }
                if layer == last && !cz {
                    v.push(ZeroPatternViolation::Corollary11 { row: r, col: c });
                }
            }
        }
        if layer >= 2 {
            for i in 0..net.widths()[layer - 1] {
                if pattern.row_zero(net, layer - 1, i) != pattern.col_zero(net, layer, i) {
                    v.push(ZeroPatternViolation::Theorem9 { layer, neuron: i });
                }
            }
        }
    }
    v
}

/// Counts of points per zero pattern, keyed by [`ZeroPattern::describe`].
pub fn pattern_counts(net: &Network, patterns: &[ZeroPattern]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for p in patterns {
        *counts.entry(p.describe(net)).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(zero: &[bool]) -> ZeroPattern {
        ZeroPattern {
            zero: zero.to_vec(),
        }
    }

    /// A point of widths 2,2,2 at $\Lambda \in [0, 10^{-5}]$ (rounded from a computed
    /// critical point): $W_1 \sim 10^{-3}$, $W_2 \sim 10^4$, neuron 1 dead. The global
    /// scale calls the $10^{-4}$ entry of $W_1$ zero (a false Corollary 10 violation),
    /// the layer scale does not; exact zeros are zero under both.
    #[test]
    fn layer_scale_keeps_small_entries_of_a_rescaled_layer() {
        let net = Network::new(vec![2, 2, 2]).unwrap();
        let c = |re: f64, im: f64| Complex64::new(re, im);
        let w = [
            c(6.7e-48, -1.8e-47),
            c(-1.26e-5, 1.98e-3),
            c(1.7e-47, -9.3e-48),
            c(-6.1e-7, 9.6e-5),
            c(-7.1e-41, 2.8e-40),
            c(-2.7e-40, -7.0e-41),
            c(-1.04e4, -1.27e4),
            c(1.26e4, -1.02e4),
        ];
        let global = ZeroPattern::of_complex(&w, 1e-8);
        let layered = ZeroPattern::of_complex_layers(&net, &w, 1e-8);
        assert!(global.is_zero(3));
        assert!(!layered.is_zero(3));
        assert!(!check_zero_pattern_theorems(&net, &global).is_empty());
        assert!(check_zero_pattern_theorems(&net, &layered).is_empty());
        for k in [0, 2, 4, 5] {
            assert!(global.is_zero(k) && layered.is_zero(k));
        }
    }

    #[test]
    fn dead_neuron_patterns_satisfy_section_4() {
        // widths 2,2,2: W1 (2x2) then W2 (2x2), column-major
        let net = Network::new(vec![2, 2, 2]).unwrap();
        // neuron 1 dead: row 1 of W1 = w1_1_1, w1_1_2 (indices 0, 2); column 1 of W2 = 4, 5
        let mut z = vec![false; 8];
        for k in [0, 2, 4, 5] {
            z[k] = true;
        }
        let p = pattern(&z);
        assert!(check_zero_pattern_theorems(&net, &p).is_empty());
        assert_eq!(p.dead_neurons(&net), vec![vec![0]]);
        assert_eq!(p.describe(&net), "W1=[00;**] W2=[0*;0*]");
        assert!(check_zero_pattern_theorems(&net, &pattern(&[true; 8])).is_empty());
        assert!(check_zero_pattern_theorems(&net, &pattern(&[false; 8])).is_empty());
    }

    #[test]
    fn violations_are_named() {
        let net = Network::new(vec![2, 2, 2]).unwrap();
        // a lone zero in W1: Proposition 8 and Corollary 10
        let mut z = vec![false; 8];
        z[0] = true;
        let v = check_zero_pattern_theorems(&net, &pattern(&z));
        assert!(v.contains(&ZeroPatternViolation::Proposition8 {
            layer: 1,
            row: 0,
            col: 0
        }));
        assert!(v.contains(&ZeroPatternViolation::Corollary10 { row: 0, col: 0 }));
        // row 1 of W1 zero but column 1 of W2 not: Theorem 9
        let mut z = vec![false; 8];
        z[0] = true;
        z[2] = true;
        let v = check_zero_pattern_theorems(&net, &pattern(&z));
        assert_eq!(
            v,
            vec![ZeroPatternViolation::Theorem9 {
                layer: 2,
                neuron: 0
            }]
        );
    }

    #[test]
    fn tolerance_is_relative() {
        let w = [Complex64::new(1e-13, 0.0), Complex64::new(5.0, 1.0)];
        let p = ZeroPattern::of_complex(&w, 1e-10);
        assert!(p.is_zero(0) && !p.is_zero(1) && !p.is_torus() && !p.is_origin());
        let p = ZeroPattern::of_real(&[0.0, 0.0], 1e-10);
        assert!(p.is_origin());
    }
}
