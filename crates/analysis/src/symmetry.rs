//! The sign-flip symmetry of Proposition 4 of `000`.
//!
//! For a hidden layer $j \in \{1, \dots, H\}$ and a neuron $i$ of it, flipping the sign
//! of row $i$ of $W_j$ together with column $i$ of $W_{j+1}$ leaves the product
//! $W_{H+1}\cdots W_1$ and every term $\lambda w^2$ unchanged, so it maps critical
//! points to critical points with the same loss and the same Hessian index. The flips
//! generate a group $(\mathbb{Z}/2)^{d_1+\dots+d_H}$; the orbit of a point with no
//! zero hidden neuron has $2^{d_1+\dots+d_H}$ elements.

use dln::{Network, Scalar};

/// One generator of the sign-flip group: hidden `layer` $j$ (1-based, $1 \le j \le H$)
/// and `neuron` $i$ (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SignFlip {
    /// The hidden layer $j$.
    pub layer: usize,
    /// The neuron $i$ of that layer.
    pub neuron: usize,
}

/// All generators, hidden layer by hidden layer.
pub fn sign_flips(network: &Network) -> Vec<SignFlip> {
    (1..=network.depth())
        .flat_map(|layer| {
            (0..network.widths()[layer]).map(move |neuron| SignFlip { layer, neuron })
        })
        .collect()
}

/// Applies one flip to a weight vector (ordered as in [`Network`]).
pub fn apply_sign_flip<T: Scalar>(network: &Network, flip: SignFlip, w: &mut [T]) {
    let (_, cols_in) = network.shape(flip.layer);
    for c in 0..cols_in {
        let k = network.variable_index(flip.layer, flip.neuron, c);
        w[k] = -w[k];
    }
    let (rows_out, _) = network.shape(flip.layer + 1);
    for r in 0..rows_out {
        let k = network.variable_index(flip.layer + 1, r, flip.neuron);
        w[k] = -w[k];
    }
}

/// The largest group this module enumerates element by element.
pub const MAX_GROUP_BITS: usize = 20;

/// The images of `w` under every element of the group (with repetitions when the point
/// is fixed by some flips), or `None` when the group has more than
/// $2^{20}$ elements.
pub fn group_images<T: Scalar>(network: &Network, w: &[T]) -> Option<Vec<Vec<T>>> {
    let flips = sign_flips(network);
    if flips.len() > MAX_GROUP_BITS {
        return None;
    }
    let mut images = Vec::with_capacity(1 << flips.len());
    for mask in 0u64..(1u64 << flips.len()) {
        let mut v = w.to_vec();
        for (b, &f) in flips.iter().enumerate() {
            if mask >> b & 1 == 1 {
                apply_sign_flip(network, f, &mut v);
            }
        }
        images.push(v);
    }
    Some(images)
}

/// A sign-flip orbit found among a list of points.
#[derive(Clone, Debug, PartialEq)]
pub struct Orbit {
    /// Indices (into the input list) of the points of the orbit found.
    pub members: Vec<usize>,
    /// The number of distinct images of the orbit's first point.
    pub size: usize,
    /// The distinct images that are not in the list.
    pub missing: Vec<Vec<f64>>,
}

impl Orbit {
    /// Whether every image of the orbit is among the points.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Groups real points into sign-flip orbits: two points are equal when they agree to
/// within `tol · (1 + ‖w‖_∞)` in every coordinate. Each orbit lists which images were
/// not found, so an incomplete solution set shows up as an incomplete orbit.
///
/// Returns `None` when the group is too large to enumerate ([`MAX_GROUP_BITS`]).
pub fn orbits(network: &Network, points: &[Vec<f64>], tol: f64) -> Option<Vec<Orbit>> {
    let same = |a: &[f64], b: &[f64]| {
        let scale = 1.0 + a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol * scale)
    };
    let mut assigned = vec![false; points.len()];
    let mut result = Vec::new();
    for i in 0..points.len() {
        if assigned[i] {
            continue;
        }
        let mut distinct: Vec<Vec<f64>> = Vec::new();
        for img in group_images(network, &points[i])? {
            if !distinct.iter().any(|d| same(d, &img)) {
                distinct.push(img);
            }
        }
        let mut members = Vec::new();
        let mut missing = Vec::new();
        for img in &distinct {
            let found: Vec<usize> = (0..points.len())
                .filter(|&j| same(img, &points[j]))
                .collect();
            if found.is_empty() {
                missing.push(img.clone());
            }
            for j in found {
                if !assigned[j] {
                    assigned[j] = true;
                    members.push(j);
                }
            }
        }
        members.sort_unstable();
        result.push(Orbit {
            members,
            size: distinct.len(),
            missing,
        });
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dln::{Instance, Regularization, RegularizedLoss};
    use poly::Rng;

    #[test]
    fn flips_preserve_loss_gradient_norm_and_product() {
        let net = Network::new(vec![2, 3, 2, 2]).unwrap();
        let inst = Instance::random(&net, 3, 5, 1.0).unwrap();
        let loss = RegularizedLoss::new(&inst, Regularization::Linear);
        let mut rng = Rng::new(1);
        let w: Vec<f64> = (0..net.n_weights()).map(|_| rng.normal()).collect();
        let images = group_images(&net, &w).unwrap();
        assert_eq!(images.len(), 1 << 5);
        let l0 = loss.loss(&w);
        let g0: f64 = loss.gradient(&w).iter().map(|g| g * g).sum();
        for img in &images {
            assert!((loss.loss(img) - l0).abs() < 1e-12 * (1.0 + l0));
            let g: f64 = loss.gradient(img).iter().map(|g| g * g).sum();
            assert!((g - g0).abs() < 1e-10 * (1.0 + g0));
        }
    }

    #[test]
    fn orbit_of_a_generic_point_is_full_and_detects_missing_images() {
        let net = Network::new(vec![2, 2, 1]).unwrap();
        let w = vec![0.3, -0.2, 0.5, 0.7, 1.1, -0.4];
        let mut pts = group_images(&net, &w).unwrap();
        let o = orbits(&net, &pts, 1e-9).unwrap();
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].size, o[0].members.len()), (4, 4));
        assert!(o[0].is_complete());
        let removed = pts.pop().unwrap();
        let o = orbits(&net, &pts, 1e-9).unwrap();
        assert!(!o[0].is_complete());
        assert_eq!(o[0].missing, vec![removed]);
    }

    #[test]
    fn points_with_a_zero_neuron_have_smaller_orbits() {
        let net = Network::new(vec![2, 2, 1]).unwrap();
        // neuron 2 of the hidden layer is zero: row 2 of W_1, column 2 of W_2
        let w = vec![0.3, 0.0, 0.5, 0.0, 1.1, 0.0];
        let o = orbits(&net, &[w], 1e-9).unwrap();
        assert_eq!(o[0].size, 2);
        let origin = vec![0.0; 6];
        assert_eq!(orbits(&net, &[origin], 1e-9).unwrap()[0].size, 1);
    }
}
