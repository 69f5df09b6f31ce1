//! The complex critical points of a *generic* (complex, random) instance, by monodromy
//! over the dead-neuron strata, without tracking a BKK or Bezout number of paths.
//!
//! A critical point whose hidden neuron $i$ of layer $l$ is *dead* (row $i$ of $W_l$
//! and column $i$ of $W_{l+1}$ zero) is, on the remaining weights, a critical point of
//! the network with that neuron removed (the gradient in the dead weights vanishes:
//! each of its terms has a factor from the zero row or column). Conversely every
//! critical point of a sub-network with no zero weight embeds. For each choice of
//! alive neurons per hidden layer (a *stratum*; a layer with no alive neuron forces
//! $W = 0$, the origin) the torus critical points of the sub-network form the fibre of
//! $$ V^* = \{(W, X, Y, \mu) : W \in (\mathbb{C}^*)^{N'},\ F(W; X, Y, \mu) = 0\}, $$
//! which is the graph of $\mu_k = -G_k(W; X, Y)/w_k$ ($G$ the data term of the
//! gradient, linear in nothing but easy to evaluate) over $(\mathbb{C}^*)^{N'} \times
//! \mathbb{C}^{(d_x + d_y)m}$: an irreducible variety. When its projection to the
//! parameters is dominant (the Jacobian $\partial\mu/\partial W$ has full rank at a
//! random point) monodromy from one point of the graph reaches the whole generic fibre
//! ([`homotopy::monodromy_solve`]); when it is not, the stratum has no critical points
//! for generic data.
//!
//! For $H = 1$, $m = 1$, Theorem 9 and Corollary 12 of `001` show that every critical
//! point lies in a dead-neuron stratum, so the union is all of them. In general a
//! critical point could vanish on a weight without a dead neuron (Conjecture 15 of
//! `001` concerns $m = 2$); such points are not found here, so counts must be checked
//! against a complete solve (total degree or polyhedral) before they are trusted: the
//! result says which method produced it.

use crate::{GradientFamily, Network};
use homotopy::{monodromy_solve, MonodromyOptions, TrackerOptions};
use num_complex::Complex64;
use poly::Evaluator;

/// One stratum: the alive neurons of each hidden layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stratum {
    /// `alive[l - 1]`: the alive neurons (0-based) of hidden layer $l$.
    pub alive: Vec<Vec<usize>>,
    /// Torus critical points of the sub-network at the generic parameters.
    pub count: usize,
    /// Monodromy paths tracked for it (0 when the stratum is empty generically, and
    /// for every stratum but the first of each sub-network shape: the strata of one
    /// shape share its monodromy solve).
    pub monodromy_paths: u64,
    /// Whether $\partial\mu/\partial W$ had full rank (the stratum is non-empty
    /// generically).
    pub dominant: bool,
}

/// The generic critical points of a network and number of points (see the module
/// documentation).
#[derive(Clone, Debug)]
pub struct GenericCriticalPoints {
    /// The family.
    pub family: GradientFamily,
    /// The generic complex parameters (see [`GradientFamily::random_parameters`]).
    pub parameters: Vec<Complex64>,
    /// The critical points at those parameters, the origin first.
    pub points: Vec<Vec<Complex64>>,
    /// Every stratum with its count.
    pub strata: Vec<Stratum>,
    /// Paths tracked (monodromy loops and the moves to the common parameters).
    pub paths_tracked: u64,
    /// Paths that failed on the way to the common parameters, after retries (a
    /// non-zero value means points are missing).
    pub failed: u64,
}

impl GenericCriticalPoints {
    /// The critical points of a real (or any) `instance` of the same network and $m$:
    /// the generic points moved to the instance's parameters by a parameter homotopy
    /// ([`homotopy::ParameterHomotopy`]; $N_{\mathbb C}$ paths instead of a BKK or
    /// Bezout number). For a generic instance every path ends at a nonsingular critical
    /// point. Each stratum's points are moved in the family of its sub-network, so the
    /// weights of dead neurons stay exactly 0 (which lets `certify` prove them zero)
    /// and an endpoint with another zero weight is a jump. When paths fail, diverge,
    /// end at a singular, unconfirmed or refused point, or meet, those paths are
    /// tracked again on the same homotopy with full adaptive precision (the first
    /// attempt tracks in `f64`), and if points are still missing all of the stratum's
    /// paths are tracked again with a new $\gamma$, up to twice, the endpoints of all
    /// attempts pooled ([`homotopy::move_solutions`]); the points still missing are counted in `failed` — the
    /// point set is then incomplete and the instance is not generic or needs a
    /// complete solve.
    ///
    /// A small regularization ($\max|\mu|$ below $10^{-2}$ of the data's size) is reached
    /// in stages: through members with the instance's data and $\mu$ scaled up, each
    /// move changing $\mu$ by at most [`STAGE_RATIO`] ([`regularization_stages`]); the
    /// paths of all stages count in `paths_tracked`. If a stage loses a point, the
    /// direct move is made as well and its result returned.
    ///
    /// # Errors
    /// When the instance has another network or number of points.
    pub fn track_to(
        &self,
        instance: &crate::Instance,
        regularization: crate::Regularization,
        seed: u64,
    ) -> Result<crate::CriticalPoints, crate::CriticalPointsError> {
        let fam = &self.family;
        if instance.network != *fam.network() || instance.points() != fam.points() {
            return Err(crate::CriticalPointsError(format!(
                "the generic solution set is for widths {} with m = {}, the instance has \
                 widths {} with m = {}",
                fam.network(),
                fam.points(),
                instance.network,
                instance.points()
            )));
        }
        let target = fam.parameters(instance, regularization);
        // with the data moments as parameters the target member is the instance's
        // system only up to the rounding of XX^T and YX^T to doubles
        let exact = (fam.data_parameters() == crate::DataParameters::Moments).then(|| {
            crate::reduced::FullRefiner::new(crate::gradient_system(instance, regularization))
                .with_max_move(crate::reduced::FullRefiner::NEAR_MEMBER_MOVE)
        });
        // the generic points moved straight to the target, after `before` paths
        let direct = |before: u64| {
            let (points, tracked, failed) = self.move_points(
                &self.parameters,
                &self.points,
                &target,
                exact.as_ref(),
                seed,
            )?;
            Ok(monodromy_points(points, before + tracked, failed))
        };
        let data = target.len() - fam.network().n_weights();
        let factors = regularization_stages(&instance.x, &target[data..]);
        if factors.is_empty() {
            return direct(0);
        }
        // a small regularization: through members with μ scaled by each factor, each
        // move changing its scale by at most STAGE_RATIO
        let (mut from, mut points) = (self.parameters.clone(), self.points.clone());
        let mut tracked = 0;
        let mut complete = true;
        for (k, &f) in factors.iter().enumerate() {
            let mut to = target.clone();
            for mu in &mut to[data..] {
                *mu *= f;
            }
            let stage_seed = poly::Rng::substream(seed, STAGE_SEED_STREAM + k as u64).next_u64();
            let (moved, t, failed) = self.move_points(&from, &points, &to, None, stage_seed)?;
            tracked += t;
            if failed > 0 || moved.len() != self.points.len() {
                complete = false;
                break;
            }
            (from, points) = (to, moved);
        }
        if complete {
            let last =
                poly::Rng::substream(seed, STAGE_SEED_STREAM + factors.len() as u64).next_u64();
            let (moved, t, failed) =
                self.move_points(&from, &points, &target, exact.as_ref(), last)?;
            tracked += t;
            if failed == 0 {
                return Ok(monodromy_points(moved, tracked, failed));
            }
        }
        // a stage lost points: the direct move, as for an ordinary regularization
        direct(tracked)
    }

    /// Moves `points` (ordered as [`Self::points`]: the origin, then each stratum's)
    /// from the parameters `from` to `to`, each stratum in its sub-network's family
    /// ([`homotopy::move_solutions`]). Returns the points found (in the same order of
    /// strata; a stratum may have fewer), the paths tracked and the points missing.
    fn move_points(
        &self,
        from: &[Complex64],
        points: &[Vec<Complex64>],
        to: &[Complex64],
        exact: Option<&crate::reduced::FullRefiner>,
        seed: u64,
    ) -> Result<(Vec<Vec<Complex64>>, u64, u64), crate::CriticalPointsError> {
        let network = self.family.network();
        // the origin is a critical point of every instance (each term of the gradient
        // has a factor from every other layer)
        let mut out = vec![vec![Complex64::default(); network.n_weights()]];
        let (mut tracked, mut failed) = (0, 0);
        let mut next = 1;
        for (si, stratum) in self.strata.iter().enumerate() {
            let moved = &points[next..next + stratum.count];
            next += stratum.count;
            if moved.is_empty() {
                continue;
            }
            // the stratum's points move in the sub-network's family, so their dead
            // weights stay exactly 0 (the dead-neuron subspace is invariant) and a
            // path that leaves the sub-network's torus is a jump, retracked
            let (sub, map) = sub_network(network, &stratum.alive);
            let sub_family = GradientFamily::new(&sub, self.family.points());
            let start: Vec<Vec<Complex64>> = moved
                .iter()
                .map(|w| map[..sub.n_weights()].iter().map(|&k| w[k]).collect())
                .collect();
            let (ends, t, f) = homotopy::move_solutions(
                sub_family.system(),
                Some(&fast_evaluator(&sub_family)),
                &restrict_parameters(from, network, &sub, &map),
                &restrict_parameters(to, network, &sub, &map),
                &start,
                poly::Rng::substream(seed, 1 + si as u64).next_u64(),
                &parameter_tracker(),
                &|e| sub.in_torus(e, TORUS_TOLERANCE),
            )
            .map_err(|e| crate::CriticalPointsError(e.to_string()))?;
            tracked += t;
            failed += f;
            let embedded = ends.into_iter().map(|e| embed(e, &map, network));
            match exact {
                None => out.extend(embedded),
                Some(refiner) => {
                    // solutions of the member at the rounded moments: Newton on the
                    // instance's exact system (in parallel, kept in order), the dead
                    // weights kept exactly 0
                    use rayon::prelude::*;
                    let refined: Vec<Option<Vec<Complex64>>> = embedded
                        .collect::<Vec<_>>()
                        .par_iter()
                        .map(|w| {
                            let r = refiner.refine(w);
                            (r.converged && !r.singular).then(|| {
                                let mut x = vec![Complex64::default(); network.n_weights()];
                                for &k in &map[..sub.n_weights()] {
                                    x[k] = r.x[k];
                                }
                                x
                            })
                        })
                        .collect();
                    for r in refined {
                        match r {
                            Some(x) => out.push(x),
                            None => failed += 1,
                        }
                    }
                }
            }
        }
        Ok((out, tracked, failed))
    }

    /// The trace test of these points as the fibre of the gradient family over the
    /// generic parameters ([`homotopy::fibre_trace_test`]): `verified` means that no
    /// critical point is missing on the components of the incidence variety they lie
    /// on. Those are all the components with generic critical points: the gradient is
    /// linear in $\Lambda$ with one entry per equation, so on each dead-neuron stratum
    /// the torus part of the incidence variety is the graph of
    /// $\lambda_i = -(\partial_{w_i}\tfrac12\|\cdot\|^2)/w_i$ over the weights and the
    /// data, hence irreducible, and every dominant stratum has points here. (That
    /// critical points have no zero weights other than whole dead neurons is proved for
    /// $m = 1$ in Section 4 of `001`; for $m > 1$ the strata assume it, and the
    /// published counts agree.) Its monodromy uses [`monodromy_tracker`] and `seed`.
    ///
    /// # Errors
    /// As [`homotopy::fibre_trace_test`].
    pub fn trace_test(&self, seed: u64) -> Result<homotopy::TraceTestResult, String> {
        let options = homotopy::TraceTestOptions {
            seed,
            monodromy: MonodromyOptions {
                seed,
                tracker: monodromy_tracker(),
                ..MonodromyOptions::default()
            },
            ..homotopy::TraceTestOptions::default()
        };
        homotopy::fibre_trace_test(
            self.family.system(),
            &self.parameters,
            &self.points,
            &options,
        )
        .map_err(|e| e.0)
    }

    /// The number of points with no zero weight.
    pub fn torus(&self) -> usize {
        self.strata
            .iter()
            .filter(|s| {
                s.alive
                    .iter()
                    .zip(self.family.network().widths()[1..].iter())
                    .all(|(a, &d)| a.len() == d)
            })
            .map(|s| s.count)
            .sum()
    }
}

/// The sub-network of a stratum and, for each of its weights, the index of the same
/// weight in the full network.
fn sub_network(net: &Network, alive: &[Vec<usize>]) -> (Network, Vec<usize>) {
    let w = net.widths();
    let h = w.len() - 2;
    let mut layers: Vec<Vec<usize>> = vec![(0..w[0]).collect()];
    layers.extend(alive.iter().cloned());
    layers.push((0..w[h + 1]).collect());
    let sub = Network::new(layers.iter().map(Vec::len).collect()).expect("a smaller network");
    let mut map = vec![0; sub.n_weights()];
    for l in 1..=sub.n_layers() {
        let (rows, cols) = sub.shape(l);
        for r in 0..rows {
            for c in 0..cols {
                map[sub.variable_index(l, r, c)] =
                    net.variable_index(l, layers[l][r], layers[l - 1][c]);
            }
        }
    }
    (sub, map)
}

/// A point of a sub-network as a point of the full network: the weights of the removed
/// neurons exactly 0.
fn embed(sub_point: Vec<Complex64>, map: &[usize], network: &Network) -> Vec<Complex64> {
    let mut full = vec![Complex64::default(); network.n_weights()];
    for (k, v) in sub_point.into_iter().enumerate() {
        full[map[k]] = v;
    }
    full
}

/// The parameters of a sub-network's family from the full network's: the same data,
/// the weights' $\mu$ restricted.
fn restrict_parameters(
    full: &[Complex64],
    net: &Network,
    sub: &Network,
    map: &[usize],
) -> Vec<Complex64> {
    let data = full.len() - net.n_weights();
    let mut p = full[..data].to_vec();
    p.extend(map.iter().take(sub.n_weights()).map(|&k| full[data + k]));
    p
}

/// A point of the torus graph $V^*$ of a family: random $W \in (\mathbb{C}^*)^N$ and
/// data, and $\mu_k = -G_k(W; X, Y)/w_k$. Returns the parameters, the point and the
/// condition number of $\partial\mu/\partial W$ there.
fn torus_pair(family: &GradientFamily, seed: u64) -> (Vec<Complex64>, Vec<Complex64>, f64) {
    let n = family.network().n_weights();
    let k = family.nparams();
    let mut rng = poly::Rng::new(seed);
    let w: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
    let mut p: Vec<Complex64> = (0..k).map(|_| rng.complex_normal()).collect();
    let data = k - n;
    for mu in &mut p[data..] {
        *mu = Complex64::default();
    }
    let ev = Evaluator::new(family.system());
    let mut ws = ev.workspace();
    let mut z = w.clone();
    z.extend_from_slice(&p);
    let nz = z.len();
    let mut g = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * nz];
    ev.evaluate_with_jacobian(&z, &mut ws, &mut g, &mut jac);
    for i in 0..n {
        p[data + i] = -g[i] / w[i];
    }
    // d mu_i / d w_j = -(dG_i/dw_j w_i - G_i delta_ij) / w_i^2
    let dmu = faer::Mat::<num_complex::Complex64>::from_fn(n, n, |i, j| {
        let mut d = jac[i * nz + j] * w[i];
        if i == j {
            d -= g[i];
        }
        -d / (w[i] * w[i])
    });
    let s = dmu.singular_values().unwrap_or_default();
    let cond = match (s.first(), s.last()) {
        (Some(&a), Some(&b)) if b > 0.0 => a / b,
        _ => f64::INFINITY,
    };
    (p, w, cond)
}

/// The matrix-product evaluator of `family` for its parameter homotopies.
fn fast_evaluator(family: &GradientFamily) -> std::sync::Arc<dyn homotopy::FamilyEvaluator> {
    std::sync::Arc::new(crate::GradientFamilyEvaluator::new(family))
}

/// The tracker of [`GenericCriticalPoints::track_to`]: the default one with the tracking
/// tolerance relaxed from $10^{-8}$ to $10^{-6}$ (Bertini's tolerance before the
/// endgame is $10^{-5}$). Every endpoint is confirmed afterwards by Newton at $t = 0$ at
/// the precision its condition number asks for ([`homotopy::track_generic`]), and two
/// paths at one point count as failures and are retracked, so the tolerance only
/// decides how closely the path is followed. It decides the precision too: under the
/// adaptive-precision rule $\log_2\kappa + \log_2(1/\tau) + \sigma \le 53$, $\tau =
/// 10^{-6}$ keeps `f64` up to $\kappa \approx 5 \cdot 10^8$ instead of $4 \cdot 10^6$.
/// On widths 2,2,2, m = 1 with $\Lambda \in [0, 10^{-5}]$ (Figure 1 of `000`, where
/// the critical points have $\kappa$ up to $10^{16}$) that is 2.4 s instead of 135 s per
/// instance, with the same 33 points.
///
/// The step size aims at a first Newton update of $10^{-4}$ relative instead of
/// $10^{-5}$ ([`TrackerOptions::target_update`]): steps about $10^{1/5} \approx 1.6$
/// times longer. Path jumping stays harmless here, for the same reason: a jump lands on
/// another path's point and is retracked (widths 3,2,3, m = 2, seeds 1–3, 704 paths
/// each: 45–104 steps per path on average instead of 69–164, 1.45 times faster, with
/// the same distinct endpoints up to one collision).
pub(crate) fn parameter_tracker() -> TrackerOptions {
    TrackerOptions {
        tolerance: 1e-6,
        target_update: 1e-4,
        ..TrackerOptions::default()
    }
}

/// The tracker of the monodromy loops of [`generic_critical_points`] (the default in
/// [`GenericOptions`]): [`parameter_tracker`] with the paths tracked in `f64` only
/// (`amp.while_tracking` off; an ill-conditioned endpoint is still confirmed and
/// polished at a higher precision). A monodromy solve needs no particular path to
/// succeed: a path that fails is counted in `failed_paths` and the solution it would
/// have reached is reached along another loop, or over a later node. A path that asks
/// for more precision (a loop passing close to the discriminant) costs about a hundred
/// `f64` paths, and with adaptive precision on, a fifth of the loops of widths 1,2,2,1
/// asked for it; in `f64` alone those paths ended at the same points (0 failed).
/// Measured: widths 1,2,2,1, m = 1 (129 points) 31 s → 2.3 s; widths 2,2,2,2 (641
/// points, $H = 2$) more than 30 min → 110 s.
pub fn monodromy_tracker() -> TrackerOptions {
    let mut t = parameter_tracker();
    t.amp.while_tracking = false;
    t
}

/// A weight of a moved point counts as zero when its modulus is at most this, relative
/// to $1 + \max|W_i|$ over its layer ([`Network::in_torus`]). Relative to the largest
/// weight of the whole point instead, 4 of the 33 critical points of widths 2,2,2,
/// $m = 1$, $\Lambda \in [0, 10^{-5}]$, data seed 5003 were refused as jumps (weights
/// from $3.7\cdot10^{-6}$ to $7\cdot10^{3}$) and counted as failed paths.
const TORUS_TOLERANCE: f64 = 1e-9;

/// The critical points of a monodromy move.
fn monodromy_points(
    points: Vec<Vec<Complex64>>,
    tracked: u64,
    failed: u64,
) -> crate::CriticalPoints {
    crate::CriticalPoints {
        method: crate::Method::Monodromy,
        points,
        singular: 0,
        paths_tracked: tracked,
        discarded: 0,
        failed,
        escalated: 0,
    }
}

/// The largest factor by which one move of [`GenericCriticalPoints::track_to`] changes
/// the scale of the regularization $\mu$ relative to the data.
///
/// The generic parameters have $\mu$ and the data of one size. A single straight move
/// to $\Lambda \in [0, \delta]$ with $\delta$ tiny changes $\mu$ by a factor $1/\delta$
/// along the whole segment, but the critical points only change where $\mu(t)$ is of
/// the size of $\mu$ at the target, at $t \approx \delta$: there they run over many
/// orders of magnitude in a sliver of the segment. Widths 2,2,2, $m = 1$,
/// $\delta = 10^{-8}$, data seed 5005: 8 of the 16 torus paths stop at
/// $t \approx 6 \cdot 10^{-9}$ (no step short enough, even at 1,024 bits) under each of
/// three values of $\gamma$, one point stays missing, and the instance takes 106 s. In
/// moves of $10^3$ or less (1, 1/464, 1/464² and the target for $\delta = 10^{-8}$)
/// all 33 points are found in 0.3 s.
pub const STAGE_RATIO: f64 = 1e3;

/// The substreams of the `seed` of [`GenericCriticalPoints::track_to`] for its staged
/// moves start here (the direct move uses `seed` itself).
const STAGE_SEED_STREAM: u64 = 1 << 20;

/// The factors $f_0 > f_1 > \dots > 1$ by which [`GenericCriticalPoints::track_to`]
/// scales the instance's $\mu$ (the weights of the gradient's regularization term, the
/// last block of its parameters) for its intermediate members, given its data $X$: none
/// unless
/// $r = \max|\mu| / \max_i (XX^\top)_{ii} < 10^{-2}$ (a small regularization; with the
/// papers' $\Lambda \in [0, 1]$ and $N(0, 1)$ data that would take a data entry above
/// 10); otherwise $K = \lceil \log(1/r) / \log$ [`STAGE_RATIO`]$\rceil$ factors
/// $r^{-(K-k)/K}$, $k = 0, \dots, K - 1$, the first bringing $\mu$ to the size of the
/// data. A large regularization is moved directly (not measured to need stages).
fn regularization_stages(x: &crate::Matrix, mu: &[Complex64]) -> Vec<f64> {
    let data = (0..x.rows())
        .map(|i| (0..x.cols()).map(|k| x.get(i, k).powi(2)).sum::<f64>())
        .fold(0.0f64, f64::max);
    let r = mu.iter().fold(0.0f64, |m, z| m.max(z.norm())) / data;
    if !(r.is_finite() && r > 0.0 && r < 1e-2) {
        return Vec::new();
    }
    let k_total = (-r.log10() / STAGE_RATIO.log10()).ceil() as i32;
    (0..k_total)
        .map(|k| r.powf(-f64::from(k_total - k) / f64::from(k_total)))
        .collect()
}

/// Options of [`generic_critical_points`].
#[derive(Clone, Debug)]
pub struct GenericOptions {
    /// Seed of the generic parameters, the pairs and the monodromy graphs.
    pub seed: u64,
    /// Monodromy settings (the seed is replaced per stratum); the default tracker is
    /// [`monodromy_tracker`].
    pub monodromy: MonodromyOptions,
    /// $\kappa(\partial\mu/\partial W)$ above which a stratum is not dominant.
    pub dominance_cond: f64,
}

impl Default for GenericOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            monodromy: MonodromyOptions {
                tracker: monodromy_tracker(),
                ..MonodromyOptions::default()
            },
            dominance_cond: 1e9,
        }
    }
}

/// All alive-neuron choices with every hidden layer non-empty.
fn strata(net: &Network) -> Vec<Vec<Vec<usize>>> {
    let w = net.widths();
    let hidden = &w[1..w.len() - 1];
    let mut out: Vec<Vec<Vec<usize>>> = vec![Vec::new()];
    for &d in hidden {
        let mut next = Vec::new();
        for prefix in &out {
            for mask in 1u64..(1u64 << d) {
                let mut p = prefix.clone();
                p.push((0..d).filter(|i| mask >> i & 1 == 1).collect());
                next.push(p);
            }
        }
        out = next;
    }
    out
}

/// Which dead-neuron strata have critical points for generic data, without solving:
/// each stratum with its `dominant` flag (the same seeded test as
/// [`generic_critical_points`]; `count` and `monodromy_paths` are 0). A stratum that is
/// not dominant has no critical point for generic data (its torus critical points
/// project to a proper subvariety of the parameters); a dominant one has some. This is
/// Example 14 of `001` (widths 1,2,1: the torus stratum is empty; widths 2,2,2,2: of
/// the nine strata, those with both neurons of layer 1 and one of layer 2 alive are).
///
/// # Errors
/// As [`generic_critical_points`].
pub fn strata_dominance(
    network: &Network,
    points: usize,
    options: &GenericOptions,
) -> Result<Vec<Stratum>, String> {
    let w = network.widths();
    if w[1..w.len() - 1].iter().any(|&d| d > 20) {
        return Err("more than 20 neurons in a hidden layer: too many strata".into());
    }
    Ok(strata(network)
        .into_iter()
        .enumerate()
        .map(|(si, alive)| StratumStart::new(network, points, options, si, alive).stratum)
        .collect())
}

/// A stratum with its sub-network, its family, its seed and a point of its torus graph
/// (the start of its monodromy).
struct StratumStart {
    stratum: Stratum,
    sub: Network,
    map: Vec<usize>,
    family: GradientFamily,
    seed: u64,
    pair: (Vec<Complex64>, Vec<Complex64>),
}

impl StratumStart {
    /// Stratum `index` (in the order of `strata`) with alive neurons `alive`, its
    /// dominance decided by the condition number at the torus pair.
    fn new(
        network: &Network,
        points: usize,
        options: &GenericOptions,
        index: usize,
        alive: Vec<Vec<usize>>,
    ) -> Self {
        let (sub, map) = sub_network(network, &alive);
        let family = GradientFamily::new(&sub, points);
        let seed = poly::Rng::substream(options.seed, 1 + index as u64).next_u64();
        let (pair_p, pair_w, cond) = torus_pair(&family, seed);
        Self {
            stratum: Stratum {
                alive,
                count: 0,
                monodromy_paths: 0,
                dominant: cond <= options.dominance_cond,
            },
            sub,
            map,
            family,
            seed,
            pair: (pair_p, pair_w),
        }
    }
}

/// The torus fibre of one sub-network's family, found by monodromy over `parameters`
/// (empty when the family is not dominant), shared by the strata of that shape.
struct SolvedShape {
    widths: Vec<usize>,
    dominant: bool,
    parameters: Vec<Complex64>,
    fibre: Vec<Vec<Complex64>>,
}

/// The critical points of the generic instance at [`GradientFamily::random_parameters`]
/// of `seed`, by monodromy on every dead-neuron stratum (module documentation).
///
/// # Errors
/// When the network has more than 20 hidden neurons in one layer (too many strata) or
/// the monodromy fails to set up.
pub fn generic_critical_points(
    network: &Network,
    points: usize,
    options: &GenericOptions,
) -> Result<GenericCriticalPoints, String> {
    let w = network.widths();
    if w[1..w.len() - 1].iter().any(|&d| d > 20) {
        return Err("more than 20 neurons in a hidden layer: too many strata".into());
    }
    let family = GradientFamily::new(network, points);
    let parameters = family.random_parameters(options.seed);
    let mut out = GenericCriticalPoints {
        family: family.clone(),
        parameters: parameters.clone(),
        points: vec![vec![Complex64::default(); network.n_weights()]],
        strata: Vec::new(),
        paths_tracked: 0,
        failed: 0,
    };
    // strata with the same sub-network widths have the same family: its fibre is
    // found by monodromy once, over the first such stratum's torus pair, and moved to
    // each stratum's own parameters (widths 1,3,3,1: 19 dominant strata, 3 shapes)
    let mut solved: Vec<SolvedShape> = Vec::new();
    for (si, alive) in strata(network).into_iter().enumerate() {
        let StratumStart {
            mut stratum,
            sub,
            map,
            family: sub_family,
            seed,
            pair: (pair_p, pair_w),
        } = StratumStart::new(network, points, options, si, alive);
        let fast = fast_evaluator(&sub_family);
        let shape = match solved.iter().position(|s| s.widths == sub.widths()) {
            Some(k) => k,
            None => {
                let fibre = if stratum.dominant {
                    let mono = monodromy_solve(
                        sub_family.system(),
                        &pair_p,
                        vec![pair_w],
                        &MonodromyOptions {
                            seed,
                            torus_only: true,
                            fast_evaluator: Some(fast.clone()),
                            ..options.monodromy.clone()
                        },
                    )
                    .map_err(|e| e.to_string())?;
                    out.paths_tracked += mono.paths_tracked;
                    stratum.monodromy_paths = mono.paths_tracked;
                    mono.solutions
                } else {
                    Vec::new()
                };
                solved.push(SolvedShape {
                    widths: sub.widths().to_vec(),
                    dominant: stratum.dominant,
                    parameters: pair_p,
                    fibre,
                });
                solved.len() - 1
            }
        };
        let shape = &solved[shape];
        stratum.dominant = shape.dominant;
        if !stratum.dominant {
            out.strata.push(stratum);
            continue;
        }
        // move the fibre to the common generic parameters; the stratum's points have no
        // zero weight, and an endpoint with one is a jump onto a smaller stratum (widths
        // 2,3,3: a point of stratum {0, 1} once ended on one of stratum {0}, so the
        // union held a point twice and missed one)
        let target = restrict_parameters(&parameters, network, &sub, &map);
        let (distinct, tracked, failed) = homotopy::move_solutions(
            sub_family.system(),
            Some(&fast),
            &shape.parameters,
            &target,
            &shape.fibre,
            seed,
            &parameter_tracker(),
            &|e| sub.in_torus(e, TORUS_TOLERANCE),
        )
        .map_err(|e| e.to_string())?;
        out.paths_tracked += tracked;
        out.failed += failed;
        stratum.count = distinct.len();
        out.points
            .extend(distinct.into_iter().map(|e| embed(e, &map, network)));
        out.strata.push(stratum);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference;

    #[test]
    fn strata_are_the_nonempty_alive_sets() {
        let net = Network::new(vec![2, 2, 3, 1]).unwrap();
        let s = strata(&net);
        assert_eq!(s.len(), 3 * 7);
        let (sub, map) = sub_network(&net, &[vec![1], vec![0, 2]]);
        assert_eq!(sub.widths(), [2, 1, 2, 1]);
        // W1 of the sub-network is row 1 of W1
        assert_eq!(
            map[sub.variable_index(1, 0, 1)],
            net.variable_index(1, 1, 1)
        );
        assert_eq!(
            map[sub.variable_index(2, 1, 0)],
            net.variable_index(2, 2, 1)
        );
        assert_eq!(
            map[sub.variable_index(3, 0, 1)],
            net.variable_index(3, 0, 2)
        );
    }

    /// Strata with the same sub-network widths share one monodromy solve; each gets
    /// its own points, moved to its own parameters.
    #[test]
    fn strata_of_one_shape_share_the_monodromy() {
        let net = Network::new(vec![1, 2, 2]).unwrap();
        let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
        let s = &g.strata;
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s[0].alive.clone(), s[1].alive.clone()),
            (vec![vec![0]], vec![vec![1]])
        );
        assert!(
            s[0].monodromy_paths > 0 && s[1].monodromy_paths == 0,
            "{s:?}"
        );
        assert_eq!((s[0].count, s[1].count), (8, 8));
        // Table 1 of 001, widths 1,2,2: N_C = 33, N_C* = 16 (the origin, 8 + 8, 16)
        assert_eq!((g.points.len(), g.torus()), (33, 16), "{s:?}");
        // the two strata's points differ: each has its own zero weights
        let zero = |p: &Vec<Complex64>, k: usize| p[k] == Complex64::default();
        let w1 = |i: usize| net.variable_index(1, i, 0);
        let (a, b) = (&g.points[1], &g.points[9]);
        assert!(zero(a, w1(1)) && !zero(a, w1(0)), "{a:?}");
        assert!(zero(b, w1(0)) && !zero(b, w1(1)), "{b:?}");
        assert_eq!(g.failed, 0);
    }

    /// Λ ∈ [0, 10⁻⁵] on widths 2,2,2, m = 1: all 33 critical points reached on 20
    /// instances. With one zero tolerance for the whole point instead of one per layer
    /// ([`Network::in_torus`]), the 4 points of data seed 5003 whose weights run from
    /// 3.7e-6 to 7e3 were refused as jumps and counted as failed paths.
    #[test]
    fn small_regularization_points_are_not_taken_for_jumps() {
        let net = Network::new(vec![2, 2, 2]).unwrap();
        let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
        assert_eq!((g.points.len(), g.failed), (33, 0));
        for seed in 5000..5020 {
            let inst = crate::Instance::random(&net, 1, seed, 1e-5).unwrap();
            let cp = g
                .track_to(&inst, crate::Regularization::Linear, seed)
                .unwrap();
            assert_eq!((cp.points.len(), cp.failed), (33, 0), "data seed {seed}");
        }
    }

    /// Λ ∈ [0, 10⁻⁸] on widths 2,2,2, m = 1: data seeds 5005 and 5016 each lost one
    /// torus point in the direct move (8 of 16 paths stop at t ≈ 6e-9 under all three
    /// values of γ, even at 1,024 bits; 106 s and 124 s). In stages of at most
    /// `STAGE_RATIO` all 33 points come, in under a second.
    #[test]
    fn tiny_regularization_is_reached_in_stages() {
        let net = Network::new(vec![2, 2, 2]).unwrap();
        let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
        for (seed, solver_seed) in [(5005, 12888617055251600120), (5016, 12317472157932930049)] {
            let inst = crate::Instance::random(&net, 1, seed, 1e-8).unwrap();
            let cp = g
                .track_to(&inst, crate::Regularization::Linear, solver_seed)
                .unwrap();
            assert_eq!((cp.points.len(), cp.failed), (33, 0), "data seed {seed}");
            // four moves (μ at 1, 1/464, 1/464² of the data's size, then the target)
            // of 32 paths, and a few retracked
            assert!(cp.paths_tracked >= 4 * 32, "{}", cp.paths_tracked);
        }
    }

    /// The stages: none for the papers' Λ ∈ [0, 1]; for a small Λ, factors that bring
    /// μ to the size of the data first and then shrink it by at most `STAGE_RATIO`.
    #[test]
    fn regularization_stages_shrink_by_at_most_the_stage_ratio() {
        let net = Network::new(vec![2, 2, 2]).unwrap();
        let family = GradientFamily::new(&net, 1);
        let stages = |inst: &crate::Instance| {
            let p = family.parameters(inst, crate::Regularization::Linear);
            regularization_stages(&inst.x, &p[p.len() - net.n_weights()..])
        };
        for seed in 1..20 {
            let inst = crate::Instance::random(&net, 1, seed, 1.0).unwrap();
            assert!(stages(&inst).is_empty(), "seed {seed}");
        }
        for delta in [1e-3, 1e-5, 1e-8, 1e-12] {
            let inst = crate::Instance::random(&net, 1, 7, delta).unwrap();
            let f = stages(&inst);
            assert!(!f.is_empty(), "δ = {delta}");
            let x = &inst.x;
            let data = (0..x.rows())
                .map(|i| x.get(i, 0).powi(2))
                .fold(0.0, f64::max);
            let mu = inst
                .lambda
                .iter()
                .flat_map(|l| l.data().iter().copied())
                .fold(0.0, f64::max);
            // the first member's μ has the data's size; each factor, and the last
            // move to 1, at most STAGE_RATIO
            assert!((f[0] * mu / data - 1.0).abs() < 1e-9, "δ = {delta}: {f:?}");
            let mut all = f.clone();
            all.push(1.0);
            for w in all.windows(2) {
                assert!(
                    w[0] > w[1] && w[0] / w[1] <= STAGE_RATIO * (1.0 + 1e-9),
                    "{f:?}"
                );
            }
        }
    }

    /// Table 1 of `001` (H = 1, m = 1): N_C and N_C* of the rows with N <= 6 (all rows:
    /// the ignored release test `tests/tests/monodromy_tables.rs`).
    #[test]
    fn generic_counts_match_table_1() {
        let table = reference::table("bh_table1_H1_m1").unwrap();
        let mut checked = 0;
        for row in 0..table.rows.len() {
            let widths = table.widths(row).unwrap();
            let net = Network::new(widths.clone()).unwrap();
            if net.n_weights() > 6 {
                continue;
            }
            let g = generic_critical_points(&net, 1, &GenericOptions::default()).unwrap();
            assert_eq!(g.failed, 0, "{widths:?}");
            let expect = (
                table.integer(row, "N_C").unwrap() as usize,
                table.integer(row, "N_Cstar").unwrap() as usize,
            );
            assert_eq!(
                (g.points.len(), g.torus()),
                expect,
                "{widths:?}: {:?}",
                g.strata
            );
            // every point solves the generic member
            let member = g.family.member_at(&g.parameters).unwrap();
            for p in &g.points {
                for f in member.polynomials() {
                    assert!(f.eval_c64(p).norm() < 1e-8);
                }
            }
            checked += 1;
        }
        assert!(checked >= 5, "{checked} rows");
    }
}
