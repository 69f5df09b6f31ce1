//! The reduced systems of Theorem 5 of `001` as one family over complex parameters,
//! solved once at a generic point and moved to every instance by a parameter homotopy.
//!
//! In the squares $u_i = a_{i1}^2/s_i^2$ of the scaled unknowns ([`ReducedSystem`]) the
//! equations (7) read
//! $$\prod_{k=1}^p (1+T_k)^2 - \beta_i \sum_{k=1}^p g_k t_{ki} \prod_{l\ne k}(1+T_l)^2 = 0,
//!   \qquad T_k = \sum_{i=1}^d t_{ki} u_i,$$
//! with $t_{ki} = s_i^2(c_i\lambda_{i1}/x_1)^2/\sigma_{ki}$, $g_k = y_k^2$ and
//! $\beta_i = x_1^2/(s_i^2 c_i \lambda_{i1}^2)$
//! ([`ReducedSystem::family_parameters`]): the weight $c_i y_k^2/\sigma_{ki}$ of (7) is
//! $\beta_i g_k t_{ki}$. As the data $(x, y, \Lambda, \Sigma)$ range over complex
//! values, $(t, \beta, g)$ range over a dense subset of $\mathbb{C}^{pd + d + p}$ (the
//! $\sigma_{ki}$ make $t$ free, the $\lambda_{i1}$ make $\beta$ free, $y$ makes $g$ free),
//! so this is *the* family of the reduced systems of widths $(\cdot, d, p)$, for every
//! $d_x$ alike.
//!
//! **The form we track.** Solutions with some $1 + T_k = 0$ lie on the spurious
//! components of the proof of Theorem 5 and are never critical points, so we may divide
//! the $i$-th equation by $\prod_l (1+T_l)^2$ and name $w_k = 1/(1+T_k)$:
//! $$F(u, w; t, \beta, g) = \Big(1 - \beta_i \textstyle\sum_k g_k t_{ki} w_k^2\Big)_{i \le d}
//!   \oplus \Big(w_k\big(1 + \textstyle\sum_i t_{ki}u_i\big) - 1\Big)_{k \le p}.$$
//! Its solutions with $u$ in the torus are exactly those of (7) in the torus with every
//! $1 + T_k \ne 0$, nonsingular in one form exactly when in the other (the change of
//! unknowns is invertible there and the equations differ by non-vanishing factors),
//! and the spurious components are pushed to infinity ($w_k \to \infty$). Every
//! equation has degree 2 and at most $p + 1$ terms however large $p$ and $d$, where (7)
//! has degree $2p$: paths in this form stay in double precision where those of the
//! degree-$2p$ form kept raising it (widths $(\cdot, 3, 5)$: 1 ms against 230 ms per
//! path, measured).
//!
//! **Why it finds everything.** By the parameter-continuation theorem (Morgan–Sommese),
//! the number of nonsingular isolated solutions of $F(\cdot\,; q)$ is the same number
//! $N_d$ for every $q$ off a proper algebraic subset, no special $q$ has more, and for
//! generic $q_0$ the paths of a parameter homotopy from $q_0$ to any $q_1$ (taken
//! through a random complex detour, [`homotopy::ParameterHomotopy`]) reach every
//! nonsingular solution at $q_1$. The critical points of an instance with generic data
//! are nonsingular ([`ReducedSystem`]), so $N_{|S|}$ paths per stratum $S$ of hidden
//! neurons find them all: $\sum_S N_{|S|} = (N_{\mathbb C} - 1)$ divided among the sign
//! choices, far fewer than the $(1 + 2p)^d - 1$ of the total-degree solve in the
//! squares, and none of them passes near the degenerate data where total-degree paths
//! of near-degenerate instances get lost (`solve_reduced`'s documentation).
//!
//! **The generic solutions** ([`generic_reduced_solutions`]). A point of the incidence
//! variety $\{(u, w; q) : F(u, w; q) = 0\}$ in the torus is easy to construct: $F$ is
//! linear in $t_{k1}$ and in $\beta_i$, so random $u, w, g$ and $t_{ki}$ ($i \ge 2$)
//! determine them. The variety is then the graph of a rational map, irreducible, of
//! the dimension of the parameter space; its projection to the parameters is dominant
//! exactly when $\partial F/\partial(u, w)$ is invertible at a random point. If it is
//! not, generic members have no nonsingular torus solution ($N_d = 0$: measured for
//! $d > p$). If it is, a monodromy solve from that one point reaches the whole generic
//! fibre, and a total-degree solve of the same member checks the count where it is
//! affordable ([`Completeness`]). Measured counts: $N_d = \binom{p}{d} 2^d$ for every
//! $d, p \le 5$ (not dominant for $d > p$), so $N_{\mathbb C^*} = \binom{p}{d} 4^d$ as
//! in Table 1 of `001`; no proof is known to us.

use crate::reduced::{ReducedStratum, Unknowns};
use crate::{Instance, ReducedSolve, ReducedSolveError, ReducedSystem};
use homotopy::{in_torus, monodromy_solve, MonodromyOptions};
use num_complex::Complex64;
use poly::{Coefficient, Polynomial, System};

/// The family $F(u, w; t, \beta, g)$ of the module documentation for $d$ hidden
/// neurons and $p$ outputs: unknowns `u1..ud, w1..wp`, then the parameters
/// `t11..tpd` (row-major in $k$), `b1..bd`, `g1..gp`.
#[derive(Clone, Debug)]
pub struct ReducedFamily {
    hidden: usize,
    outputs: usize,
    system: System,
}

impl ReducedFamily {
    /// The family for `hidden` $= d \ge 1$ and `outputs` $= p \ge 1$.
    ///
    /// # Panics
    /// When $d$ or $p$ is zero.
    pub fn new(hidden: usize, outputs: usize) -> Self {
        let (d, p) = (hidden, outputs);
        assert!(d >= 1 && p >= 1, "the reduced family needs d, p >= 1");
        let nvars = d + p + p * d + d + p;
        let u = |i: usize| Polynomial::variable(nvars, i);
        let w = |k: usize| Polynomial::variable(nvars, d + k);
        let t = |k: usize, i: usize| Polynomial::variable(nvars, d + p + k * d + i);
        let beta = |i: usize| Polynomial::variable(nvars, d + p + p * d + i);
        let g = |k: usize| Polynomial::variable(nvars, d + p + p * d + d + k);
        let one = Polynomial::constant(nvars, Coefficient::one());
        let mut equations: Vec<Polynomial> = (0..d)
            .map(|i| {
                let sum = (0..p).fold(Polynomial::zero(nvars), |acc, k| {
                    acc.add(&g(k).mul(&t(k, i)).mul(&w(k).pow(2)))
                });
                one.sub(&beta(i).mul(&sum))
            })
            .collect();
        equations.extend((0..p).map(|k| {
            let one_plus_tk = (0..d).fold(one.clone(), |acc, i| acc.add(&t(k, i).mul(&u(i))));
            w(k).mul(&one_plus_tk).sub(&one)
        }));
        let mut names: Vec<String> = (1..=d).map(|i| format!("u{i}")).collect();
        names.extend((1..=p).map(|k| format!("w{k}")));
        for k in 1..=p {
            names.extend((1..=d).map(|i| format!("t{k}_{i}")));
        }
        names.extend((1..=d).map(|i| format!("b{i}")));
        names.extend((1..=p).map(|k| format!("g{k}")));
        let system = System::new(names, equations).expect("consistent sizes");
        Self {
            hidden,
            outputs,
            system,
        }
    }

    /// $d$.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// $p$.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// The family as a system whose trailing $pd + d + p$ variables are the parameters.
    pub fn system(&self) -> &System {
        &self.system
    }

    /// The number of parameters, $pd + d + p$.
    pub fn nparams(&self) -> usize {
        self.outputs * self.hidden + self.hidden + self.outputs
    }

    /// The member at the parameters `q`: $d + p$ equations in $(u, w)$.
    ///
    /// # Errors
    /// When `q` has the wrong length or a non-finite entry.
    pub fn member_at(&self, q: &[Complex64]) -> Result<System, String> {
        if q.len() != self.nparams() {
            return Err(format!(
                "{} parameters given, the family has {}",
                q.len(),
                self.nparams()
            ));
        }
        let values = q
            .iter()
            .map(|z| Coefficient::from_c64(*z).map_err(|_| "non-finite parameter".to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        self.system.specialize(&values).map_err(|e| e.to_string())
    }
}

/// How the completeness of a [`GenericReducedStratum`] was established.
#[derive(Clone, Debug, PartialEq)]
pub enum Completeness {
    /// The projection of the incidence variety to the parameters is not dominant
    /// ($\kappa(\partial F/\partial(u, w))$ at a random point of it above
    /// [`DOMINANCE_COND`]): generic members have no nonsingular solution.
    NotDominant {
        /// The condition number measured.
        cond: f64,
    },
    /// A total-degree solve of the same generic member ($2^{d+p}$ paths) found exactly
    /// the monodromy solutions, with no failed path.
    TotalDegreeAgrees {
        /// Paths of the total-degree solve.
        paths: u64,
    },
    /// The total-degree solve found another number of nonsingular torus solutions, or
    /// had failed paths: the set may be incomplete.
    TotalDegreeDisagrees {
        /// Paths of the total-degree solve.
        paths: u64,
        /// Its nonsingular torus solutions.
        count: usize,
        /// Its failed paths.
        failed: usize,
    },
    /// Monodromy only (the total-degree check would track more than
    /// [`GenericReducedOptions::total_degree_check_max_paths`] paths): the count
    /// stopped growing over
    /// `stall_nodes` new parameter nodes, which is evidence, not proof.
    MonodromyOnly,
}

/// $\kappa(\partial F/\partial(u,w))$ at a random point of the incidence variety above
/// which a reduced family counts as not dominant (as [`crate::GenericOptions`]).
pub const DOMINANCE_COND: f64 = 1e9;

/// Settings of [`generic_reduced_solutions`].
#[derive(Clone, Debug)]
pub struct GenericReducedOptions {
    /// Seed of the incidence points, the monodromy loops and the checks.
    pub seed: u64,
    /// The largest $2^{d+p}$ (the Bézout number of $F$) for which the monodromy count
    /// is checked by a total-degree solve of the same member; the default covers every
    /// $d, p \le 5$.
    pub total_degree_check_max_paths: u64,
}

impl Default for GenericReducedOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            total_degree_check_max_paths: 1024,
        }
    }
}

/// The solutions of one [`ReducedFamily`] at generic parameters.
#[derive(Clone, Debug)]
pub struct GenericReducedStratum {
    /// The family ($d$ = the stratum's number of alive neurons).
    pub family: ReducedFamily,
    /// The generic complex parameters $q_0$.
    pub parameters: Vec<Complex64>,
    /// The nonsingular solutions $(u, w)$ in the torus at $q_0$: $N_d$ of them.
    pub points: Vec<Vec<Complex64>>,
    /// Paths of the monodromy solve.
    pub monodromy_paths: u64,
    /// How completeness was checked.
    pub completeness: Completeness,
}

impl GenericReducedStratum {
    /// Whether no check contradicts the count (every [`Completeness`] but
    /// `TotalDegreeDisagrees`).
    pub fn consistent(&self) -> bool {
        !matches!(self.completeness, Completeness::TotalDegreeDisagrees { .. })
    }

    /// Whether the count is proven complete by a check (not dominant, or the
    /// total-degree solve agrees).
    pub fn verified(&self) -> bool {
        matches!(
            self.completeness,
            Completeness::NotDominant { .. } | Completeness::TotalDegreeAgrees { .. }
        )
    }
}

/// The generic solutions of the reduced families of $d' = 1, \dots, d$ hidden neurons
/// and $p$ outputs: everything [`solve_reduced_parameter`] needs for any instance of
/// widths $(d_x, d', p)$, $d' \le d$, any $d_x$.
#[derive(Clone, Debug)]
pub struct GenericReducedSolutions {
    /// `strata[d' - 1]`: the family of $d'$ hidden neurons.
    pub strata: Vec<GenericReducedStratum>,
}

impl GenericReducedSolutions {
    /// $p$.
    pub fn outputs(&self) -> usize {
        self.strata[0].family.outputs()
    }

    /// The largest $d$ covered.
    pub fn hidden(&self) -> usize {
        self.strata.len()
    }

    /// Whether no stratum's check contradicts its count.
    pub fn consistent(&self) -> bool {
        self.strata.iter().all(GenericReducedStratum::consistent)
    }

    /// Whether every stratum's count is verified by a check.
    pub fn verified(&self) -> bool {
        self.strata.iter().all(GenericReducedStratum::verified)
    }

    /// Paths per instance of widths $(\cdot, d, p)$: $\sum_{d'} \binom{d}{d'} N_{d'}$.
    pub fn paths_per_instance(&self, hidden: usize) -> u64 {
        (1..=hidden)
            .map(|k| binomial(hidden, k) * self.strata[k - 1].points.len() as u64)
            .sum()
    }
}

fn binomial(n: usize, k: usize) -> u64 {
    (0..k).fold(1u64, |acc, i| acc * (n - i) as u64 / (i + 1) as u64)
}

/// A random point $(u, w; q)$ of the incidence variety of `family` in the torus and
/// $\kappa(\partial F/\partial(u, w))$ there. $u, w, g$ and $t_{ki}$, $i \ge 2$, are
/// random; the bilinear equations give
/// $t_{k1} = (1/w_k - 1 - \sum_{i \ge 2} t_{ki}u_i)/u_1$ and the others
/// $\beta_i = 1 / \sum_k g_k t_{ki} w_k^2$.
fn incidence_point(
    family: &ReducedFamily,
    rng: &mut poly::Rng,
) -> (Vec<Complex64>, Vec<Complex64>, f64) {
    let (d, p) = (family.hidden(), family.outputs());
    let u: Vec<Complex64> = (0..d).map(|_| rng.complex_normal()).collect();
    let w: Vec<Complex64> = (0..p).map(|_| rng.complex_normal()).collect();
    let mut t: Vec<Vec<Complex64>> = (0..p)
        .map(|_| (0..d).map(|_| rng.complex_normal()).collect())
        .collect();
    let g: Vec<Complex64> = (0..p).map(|_| rng.complex_normal()).collect();
    let one = Complex64::new(1.0, 0.0);
    for k in 0..p {
        let rest: Complex64 = (1..d).map(|i| t[k][i] * u[i]).sum();
        t[k][0] = (one / w[k] - one - rest) / u[0];
    }
    let beta: Vec<Complex64> = (0..d)
        .map(|i| {
            let sum: Complex64 = (0..p).map(|k| g[k] * t[k][i] * w[k] * w[k]).sum();
            one / sum
        })
        .collect();
    let mut q: Vec<Complex64> = t.into_iter().flatten().collect();
    q.extend(beta);
    q.extend(g);
    let mut x = u;
    x.extend(w);
    let n = x.len();
    let mut all = x.clone();
    all.extend_from_slice(&q);
    let ev = poly::Evaluator::new(family.system());
    let mut ws = ev.workspace();
    let nz = all.len();
    let mut f = vec![Complex64::default(); n];
    let mut jac = vec![Complex64::default(); n * nz];
    ev.evaluate_with_jacobian(&all, &mut ws, &mut f, &mut jac);
    debug_assert!(f.iter().all(|v| v.norm() < 1e-8), "{f:?}");
    let jx = faer::Mat::<Complex64>::from_fn(n, n, |i, j| jac[i * nz + j]);
    let s = jx.singular_values().unwrap_or_default();
    let cond = match (s.first(), s.last()) {
        (Some(&a), Some(&b)) if b > 0.0 => a / b,
        _ => f64::INFINITY,
    };
    (q, x, cond)
}

/// Solves the reduced families of $d' = 1, \dots,$ `hidden` neurons and `outputs`
/// outputs at seeded generic complex parameters: for each, a random point of the
/// incidence variety ([`incidence_point`]); if the family is dominant there, a
/// monodromy solve from it ([`homotopy::monodromy_solve`], torus only), checked by a
/// total-degree solve of the same member when that tracks at most
/// [`GenericReducedOptions::total_degree_check_max_paths`] paths ([`Completeness`]).
///
/// # Errors
/// When `hidden` or `outputs` is zero or a solve fails outright (not for failed paths:
/// those are reported in [`Completeness`]).
pub fn generic_reduced_solutions(
    hidden: usize,
    outputs: usize,
    options: &GenericReducedOptions,
) -> Result<GenericReducedSolutions, ReducedSolveError> {
    if hidden == 0 || outputs == 0 {
        return Err(ReducedSolveError::Solve(
            "the reduced family needs at least one hidden neuron and one output".into(),
        ));
    }
    let mut strata = Vec::with_capacity(hidden);
    for d in 1..=hidden {
        let family = ReducedFamily::new(d, outputs);
        let mut rng = poly::Rng::substream(options.seed, d as u64);
        let (q0, x0, cond) = incidence_point(&family, &mut rng);
        if cond > DOMINANCE_COND {
            strata.push(GenericReducedStratum {
                family,
                parameters: q0,
                points: Vec::new(),
                monodromy_paths: 0,
                completeness: Completeness::NotDominant { cond },
            });
            continue;
        }
        let mono = monodromy_solve(
            family.system(),
            &q0,
            vec![x0],
            &MonodromyOptions {
                seed: rng.next_u64(),
                torus_only: true,
                ..MonodromyOptions::default()
            },
        )
        .map_err(|e| ReducedSolveError::Solve(e.to_string()))?;
        let td_paths = 2u64.checked_pow((d + outputs) as u32).unwrap_or(u64::MAX);
        let completeness = if td_paths > options.total_degree_check_max_paths {
            Completeness::MonodromyOnly
        } else {
            let member = family.member_at(&q0).map_err(ReducedSolveError::Solve)?;
            let solved = homotopy::solve(
                &member,
                &homotopy::SolveOptions {
                    seed: rng.next_u64(),
                    ..homotopy::SolveOptions::default()
                },
            )
            .map_err(|e| ReducedSolveError::Solve(e.to_string()))?;
            let count = solved
                .nonsingular()
                .filter(|s| in_torus(&s.x, 1e-8))
                .count();
            if count == mono.solutions.len() && solved.counts.failed == 0 {
                Completeness::TotalDegreeAgrees { paths: td_paths }
            } else {
                Completeness::TotalDegreeDisagrees {
                    paths: td_paths,
                    count,
                    failed: solved.counts.failed,
                }
            }
        };
        strata.push(GenericReducedStratum {
            family,
            parameters: q0,
            points: mono.solutions,
            monodromy_paths: mono.paths_tracked,
            completeness,
        });
    }
    Ok(GenericReducedSolutions { strata })
}

/// All complex critical points of an instance with $H = 1$, $m = 1$ (as
/// [`solve_reduced`](crate::solve_reduced)), with the reduced system of every stratum
/// of hidden neurons solved by a parameter homotopy from the generic solutions
/// `generic` ([`generic_reduced_solutions`] for the instance's $p$ and at least its
/// $d$): $N_{|S|}$ paths for the stratum $S$, each endpoint $u$ giving the
/// $2^{|S|}$ sign choices $a_{i1} = \pm s_i\sqrt{u_i}$, back-substituted and refined on
/// the full gradient system. A path that fails, diverges, or ends where another path
/// ended is retracked with a new $\gamma$ (up to three attempts), and if that does not
/// cure it, all are tracked again with a tighter tracker
/// ([`homotopy::TrackerOptions::tightened`], up to twice); what remains is counted in
/// [`ReducedSolve::failed`].
///
/// # Errors
/// When the reduced system does not apply to the instance, or `generic` is for
/// another $p$ or fewer hidden neurons.
pub fn solve_reduced_parameter(
    instance: &Instance,
    generic: &GenericReducedSolutions,
    seed: u64,
) -> Result<ReducedSolve, ReducedSolveError> {
    let net = &instance.network;
    ReducedSystem::new(instance).map_err(ReducedSolveError::Reduced)?;
    let d = net.widths()[1];
    if generic.outputs() != net.d_y() || generic.hidden() < d {
        return Err(ReducedSolveError::Solve(format!(
            "the generic solutions are for p = {} and d <= {}, the instance has widths {}",
            generic.outputs(),
            generic.hidden(),
            net
        )));
    }
    let full = crate::gradient_system(instance, crate::Regularization::Linear);
    let refiner = crate::reduced::FullRefiner::new(full);
    let mut result = ReducedSolve::origin_only(net);
    for mask in 1u64..(1u64 << d) {
        let stratum = ReducedStratum::new(instance, mask)?;
        let alive = stratum.alive.len();
        let g = &generic.strata[alive - 1];
        if g.points.is_empty() {
            continue;
        }
        let target = stratum.red.family_parameters();
        let path_seed = poly::Rng::substream(seed, mask).next_u64();
        let first = g.points.len() as u64;
        let before = result.paths_tracked;
        let mut tracker = crate::generic::parameter_tracker();
        let mut best: Option<(Vec<Vec<Complex64>>, u64)> = None;
        // near-degenerate data put pairs of solutions close together (widths 1,3,2,
        // seed 9: x_1 = -6.7e-4): a path that jumped to its neighbour is retracked
        // with a tighter tracker (shorter steps, smaller corrector updates), twice
        for round in 0..3u64 {
            let (ends, tracked, failed) = homotopy::move_solutions(
                g.family.system(),
                None,
                &g.parameters,
                &target,
                &g.points,
                path_seed.wrapping_add(round),
                &tracker,
                // a zero u_i is never a critical point (absorb_endpoints discards it):
                // a path that ends there jumped, and is retracked
                &|e| in_torus(&e[..alive], 1e-8),
            )
            .map_err(|e| ReducedSolveError::Solve(e.to_string()))?;
            result.paths_tracked += tracked;
            if best.as_ref().is_none_or(|b| failed < b.1) {
                best = Some((ends, failed));
            }
            if failed == 0 {
                break;
            }
            tracker = tracker.tightened();
        }
        result.repeated_paths += result.paths_tracked - before - first;
        let (ends, failed) = best.expect("at least one round");
        result.failed += failed as usize;
        let endpoints: Vec<(Vec<Complex64>, usize)> =
            ends.into_iter().map(|e| (e[..alive].to_vec(), 0)).collect();
        stratum.absorb_endpoints(&endpoints, Unknowns::Squares, &refiner, &mut result);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Network;

    /// The family at an instance's parameters is the squares system of
    /// [`ReducedSystem::squares`] divided by $\prod_k (1+T_k)^2$, once
    /// $w = 1/(1 + T(u))$.
    #[test]
    fn family_member_is_the_squares_system() {
        let net = Network::new(vec![2, 3, 2]).unwrap();
        let inst = Instance::random(&net, 1, 4, 1.0).unwrap();
        let red = ReducedSystem::new(&inst).unwrap();
        let fam = ReducedFamily::new(3, 2);
        let member = fam.member_at(&red.family_parameters()).unwrap();
        let sq = red.squares();
        let mut rng = poly::Rng::new(5);
        let u: Vec<Complex64> = (0..3).map(|_| rng.complex_normal()).collect();
        let v: Vec<Complex64> = u.iter().map(|x| x.sqrt()).collect();
        let opt = red.one_plus_t(&v);
        let denominator: Complex64 = opt.iter().map(|z| z * z).product();
        let mut x = u.clone();
        x.extend(opt.iter().map(|z| 1.0 / z));
        for (i, f) in sq.polynomials().iter().enumerate() {
            let (a, b) = (
                f.eval_c64(&u) / denominator,
                member.polynomials()[i].eval_c64(&x),
            );
            assert!((a - b).norm() <= 1e-10 * (1.0 + a.norm()), "{a} vs {b}");
        }
        for f in &member.polynomials()[3..] {
            assert!(f.eval_c64(&x).norm() <= 1e-12);
        }
    }

    /// Widths 2,2,2 and 1,1,2: the generic counts are verified, the parameter solve
    /// gives Table 1's N_C and N_C* with no failed path, and its points agree with the
    /// total-degree solve in the squares.
    #[test]
    fn parameter_solve_matches_the_squares_solve() {
        for (widths, seed) in [(vec![2, 2, 2], 3u64), (vec![1, 1, 2], 2)] {
            let net = Network::new(widths.clone()).unwrap();
            let generic = generic_reduced_solutions(
                net.widths()[1],
                net.d_y(),
                &GenericReducedOptions::default(),
            )
            .unwrap();
            assert!(generic.verified(), "{widths:?}: {:?}", generic.strata);
            // N_d = C(p, d) 2^d (module documentation)
            let counts: Vec<usize> = generic.strata.iter().map(|s| s.points.len()).collect();
            assert_eq!(
                counts,
                if net.widths()[1] == 2 {
                    vec![4, 4]
                } else {
                    vec![4]
                }
            );
            let inst = Instance::random(&net, 1, seed, 1.0).unwrap();
            let par = solve_reduced_parameter(&inst, &generic, seed).unwrap();
            let sq = crate::solve_reduced_squares(&inst, seed).unwrap();
            assert_eq!(par.failed, 0, "{widths:?}");
            assert_eq!(
                par.paths_tracked - par.repeated_paths,
                generic.paths_per_instance(net.widths()[1])
            );
            assert_eq!(
                sq.paths_tracked - sq.repeated_paths,
                net.theorem5_bounds(1).unwrap().squares_paths,
                "{widths:?}: (1 + 2p)^d - 1 paths in the squares"
            );
            assert_eq!(par.critical_points.len(), sq.critical_points.len());
            assert_eq!(par.torus, sq.torus);
            for w in &par.critical_points {
                assert!(sq
                    .critical_points
                    .iter()
                    .any(|v| homotopy::same_point(v, w, 1e-8)));
            }
        }
    }

    #[test]
    fn mismatched_generic_solutions_are_refused() {
        let opts = GenericReducedOptions::default();
        let generic = generic_reduced_solutions(1, 1, &opts).unwrap();
        let net = Network::new(vec![1, 2, 1]).unwrap();
        let inst = Instance::random(&net, 1, 1, 1.0).unwrap();
        assert!(solve_reduced_parameter(&inst, &generic, 1).is_err());
        assert!(generic_reduced_solutions(0, 1, &opts).is_err());
    }
}
