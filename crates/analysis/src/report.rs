//! From the complex critical points of one instance to the per-instance findings of the
//! papers: $N_{\mathbb{C}}$, $N_{\mathbb{C}^*}$, $N_{\mathbb{R}}$ by Hessian index, the
//! minima (global and not), zero patterns and the sign-flip orbits.

use crate::{
    check_zero_pattern_theorems, is_real, orbits, pattern_counts, real_critical_point, refine_real,
    summarize_minima, CriticalType, MinimaSummary, Orbit, RealCriticalPoint, ZeroPattern,
    ZeroPatternViolation,
};
use dln::{Instance, Regularization, RegularizedLoss};
use num_complex::Complex64;
use std::collections::BTreeMap;

/// Tolerances of [`analyze`], all relative to $1 + \|w\|_\infty$ unless stated.
#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    /// A point is real when $\max_k|\mathrm{Im}\,w_k| \le$ this ([`is_real`]).
    pub real_tolerance: f64,
    /// A weight is zero when $|w_k| \le$ this $\cdot (1 + \|W_i\|_\infty)$ for its layer
    /// $W_i$ ([`ZeroPattern::of_complex_layers`]).
    pub zero_tolerance: f64,
    /// Eigenvalues with $|\lambda| \le$ this $\cdot \max|\lambda|$ make a point
    /// degenerate ([`hessian_index`](crate::hessian_index)).
    pub eigen_tolerance: f64,
    /// Minima whose loss is within this $\cdot (1 + |L_{\min}|)$ of the smallest are
    /// global ([`summarize_minima`]).
    pub minimum_tolerance: f64,
    /// Two real points are one when every coordinate agrees to this ([`orbits`]).
    pub orbit_tolerance: f64,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            real_tolerance: 1e-8,
            zero_tolerance: 1e-8,
            eigen_tolerance: 1e-9,
            minimum_tolerance: 1e-9,
            orbit_tolerance: 1e-6,
        }
    }
}

/// A real-looking point whose refinement in the reals failed (reported, not dropped).
#[derive(Clone, Debug, PartialEq)]
pub struct RealFailure {
    /// Index into the complex points given to [`analyze`].
    pub point: usize,
    /// What went wrong.
    pub reason: String,
}

/// The findings of the papers for one instance.
#[derive(Clone, Debug)]
pub struct InstanceAnalysis {
    /// $N_{\mathbb{C}}$: the number of complex critical points analysed.
    pub n_c: usize,
    /// $N_{\mathbb{C}^*}$: those with no zero weight.
    pub n_cstar: usize,
    /// The real critical points, refined by Newton in $\mathbb{R}^N$, with loss and
    /// Hessian index, in the order of the complex points they come from.
    pub real: Vec<RealCriticalPoint>,
    /// For each of `real`, the index of the complex point it comes from.
    pub real_source: Vec<usize>,
    /// Real-looking points whose refinement or Hessian failed.
    pub real_failures: Vec<RealFailure>,
    /// `index_counts[k]`: real critical points of Hessian index $k$ (non-degenerate).
    pub index_counts: Vec<usize>,
    /// Real critical points with a near-zero Hessian eigenvalue.
    pub degenerate: usize,
    /// The minima: global value and every local minimum with its gap.
    pub minima: MinimaSummary,
    /// Complex critical points per zero pattern ([`ZeroPattern::describe`]).
    pub zero_patterns: BTreeMap<String, usize>,
    /// Violations of Proposition 8, Theorem 9 and Corollaries 10, 11 of `001`, with the
    /// complex point's index. They are stated for $m = 1$; for $m > 1$ a violation is a
    /// counterexample to Conjecture 15 of `001` (they hold for every $m$), and none is
    /// evidence for it.
    pub zero_pattern_violations: Vec<(usize, ZeroPatternViolation)>,
    /// The sign-flip orbits (Proposition 4 of `000`) of the real critical points;
    /// `None` when the group is too large to enumerate.
    pub orbits: Option<Vec<Orbit>>,
}

impl InstanceAnalysis {
    /// $N_{\mathbb{R}}$: the number of real critical points.
    pub fn n_r(&self) -> usize {
        self.real.len()
    }

    /// The largest Hessian index among the non-degenerate real critical points.
    pub fn max_index(&self) -> Option<usize> {
        self.index_counts.iter().rposition(|&c| c > 0)
    }

    /// Whether every sign-flip orbit of the real points is complete (`None` when the
    /// orbits were not computed).
    pub fn orbits_complete(&self) -> Option<bool> {
        self.orbits
            .as_ref()
            .map(|o| o.iter().all(Orbit::is_complete))
    }

    /// Orbit sizes and how many orbits have each size.
    pub fn orbit_sizes(&self) -> BTreeMap<usize, usize> {
        let mut sizes = BTreeMap::new();
        for o in self.orbits.iter().flatten() {
            *sizes.entry(o.size).or_insert(0) += 1;
        }
        sizes
    }
}

/// Analyses the complex critical points `points` of `instance` (the solutions of the
/// gradient system of `regularization`): realness, real Newton refinement, loss,
/// Hessian index of the very loss whose gradient was solved, minima, zero patterns
/// (Section 4 of `001`) and sign-flip orbits (Proposition 4 of `000`).
///
/// ```
/// use analysis::{analyze, AnalysisOptions};
/// use dln::{critical_points, Instance, Method, Network, Regularization};
/// let net = Network::new(vec![1, 1, 1]).unwrap();
/// let inst = Instance::random(&net, 1, 3, 1.0).unwrap();
/// let cp = critical_points(&inst, Regularization::Linear, Method::TotalDegree, 0).unwrap();
/// let a = analyze(&inst, Regularization::Linear, cp.nonsingular(), &AnalysisOptions::default());
/// assert_eq!(a.n_c, cp.nonsingular().len());
/// assert!(a.minima.global_min.is_some());
/// assert_eq!(a.orbits_complete(), Some(true));
/// ```
pub fn analyze(
    instance: &Instance,
    regularization: Regularization,
    points: &[Vec<Complex64>],
    options: &AnalysisOptions,
) -> InstanceAnalysis {
    let net = &instance.network;
    let loss = RegularizedLoss::new(instance, regularization);
    let patterns: Vec<ZeroPattern> = points
        .iter()
        .map(|w| ZeroPattern::of_complex_layers(net, w, options.zero_tolerance))
        .collect();
    let mut zero_pattern_violations = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        for v in check_zero_pattern_theorems(net, p) {
            zero_pattern_violations.push((i, v));
        }
    }
    let mut real = Vec::new();
    let mut real_source = Vec::new();
    let mut real_failures = Vec::new();
    for (i, w) in points.iter().enumerate() {
        if !is_real(w, options.real_tolerance) {
            continue;
        }
        let w0: Vec<f64> = w.iter().map(|z| z.re).collect();
        let point = refine_real(&loss, &w0)
            .map_err(|e| e.to_string())
            .and_then(|w| real_critical_point(&loss, &w, options.eigen_tolerance).map_err(|e| e.0));
        match point {
            Ok(p) => {
                real.push(p);
                real_source.push(i);
            }
            Err(reason) => real_failures.push(RealFailure { point: i, reason }),
        }
    }
    let mut index_counts = Vec::new();
    let mut degenerate = 0;
    for p in &real {
        if p.hessian.kind == CriticalType::Degenerate {
            degenerate += 1;
            continue;
        }
        let k = p.hessian.index;
        if index_counts.len() <= k {
            index_counts.resize(k + 1, 0);
        }
        index_counts[k] += 1;
    }
    let minima = summarize_minima(&real, options.minimum_tolerance);
    let real_w: Vec<Vec<f64>> = real.iter().map(|p| p.w.clone()).collect();
    InstanceAnalysis {
        n_c: points.len(),
        n_cstar: patterns.iter().filter(|p| p.is_torus()).count(),
        real,
        real_source,
        real_failures,
        index_counts,
        degenerate,
        minima,
        zero_patterns: pattern_counts(net, &patterns),
        zero_pattern_violations,
        orbits: orbits(net, &real_w, options.orbit_tolerance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dln::Network;

    /// Widths 1,1,1 with m = 1 by hand: the gradient of
    /// $\frac12(w_2 w_1 x - y)^2 + \frac12(\lambda_1 w_1^2 + \lambda_2 w_2^2)$
    /// vanishes at the origin, where the Hessian is $\begin{pmatrix}\lambda_1 & -xy\\ -xy & \lambda_2\end{pmatrix}$: a
    /// minimum when $x^2y^2 < \lambda_1\lambda_2$, a saddle when larger.
    #[test]
    fn origin_is_a_minimum_or_a_saddle_by_the_determinant() {
        let net = Network::new(vec![1, 1, 1]).unwrap();
        let origin = vec![vec![Complex64::new(0.0, 0.0); 2]];
        for (xy, expect) in [(0.5, CriticalType::Minimum), (2.0, CriticalType::Saddle)] {
            let inst = Instance::new(
                net.clone(),
                dln::Matrix::from_row_major(1, 1, vec![1.0]),
                dln::Matrix::from_row_major(1, 1, vec![xy]),
                vec![
                    dln::Matrix::from_row_major(1, 1, vec![1.0]),
                    dln::Matrix::from_row_major(1, 1, vec![1.0]),
                ],
            )
            .unwrap();
            let a = analyze(
                &inst,
                Regularization::Linear,
                &origin,
                &AnalysisOptions::default(),
            );
            assert_eq!(a.n_r(), 1);
            assert_eq!(a.real[0].hessian.kind, expect);
            assert_eq!(a.n_cstar, 0);
            assert_eq!(a.zero_patterns.values().sum::<usize>(), 1);
            assert!(a.zero_pattern_violations.is_empty());
            assert_eq!(a.orbits_complete(), Some(true));
        }
    }

    #[test]
    fn real_points_are_refined_and_a_missing_image_breaks_an_orbit() {
        let net = Network::new(vec![1, 1, 1]).unwrap();
        let opts = AnalysisOptions::default();
        // The first seed whose instance has real critical points off the origin (an
        // orbit {w, -w} of size 2); about half of the instances have them.
        let (inst, points, full) = (0..40)
            .find_map(|seed| {
                let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
                let cp = dln::critical_points(
                    &inst,
                    Regularization::Linear,
                    dln::Method::TotalDegree,
                    1,
                )
                .unwrap();
                let a = analyze(&inst, Regularization::Linear, cp.nonsingular(), &opts);
                (a.n_r() == 3).then(|| (inst, cp.nonsingular().to_vec(), a))
            })
            .expect("an instance with three real critical points among 40");
        let n_real = points.iter().filter(|w| is_real(w, 1e-8)).count();
        assert_eq!((full.n_c, full.n_r()), (5, n_real));
        assert!(full.real_failures.is_empty());
        for p in &full.real {
            assert!(p.gradient_norm < 1e-10, "{p:?}");
        }
        assert_eq!(full.orbits_complete(), Some(true));
        assert_eq!(full.orbit_sizes(), BTreeMap::from([(1, 1), (2, 1)]));
        // Drop one real point off the origin: its image under the flip is now missing.
        let k = full
            .real_source
            .iter()
            .zip(&full.real)
            .find(|(_, p)| p.w.iter().any(|v| v.abs() > 1e-6))
            .map(|(&k, _)| k)
            .unwrap();
        let mut fewer = points.clone();
        fewer.remove(k);
        let partial = analyze(&inst, Regularization::Linear, &fewer, &opts);
        assert_eq!(partial.n_r(), 2);
        assert_eq!(partial.orbits_complete(), Some(false));
    }
}
