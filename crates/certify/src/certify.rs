//! Certification of a list of approximate solutions: one Krawczyk box per point, with
//! precision escalation, then certified realness, torus membership and distinctness.
//!
//! * **Existence and uniqueness.** A point $\tilde x$ is *certified* when a box
//!   $X \ni$ (a Newton refinement of) $\tilde x$ with $K(X) \subset \operatorname{int} X$
//!   is found ([`crate::krawczyk`]): $X$ contains exactly one solution $z$, and
//!   $z \in E$, a contracted enclosure inside $X$.
//! * **Realness** (system with real coefficients). If $X = \overline{X}$ (every
//!   imaginary interval is $[-s, s]$) then $\bar z \in \overline X = X$ solves the
//!   system too, since $F(\bar z) = \overline{F(z)} = 0$; uniqueness gives $\bar z = z$,
//!   so $z$ is real. Such a box is sought centred at $\mathrm{Re}\,\tilde x$ first.
//!   If some imaginary interval of $E$ excludes 0, $z$ is certified non-real.
//!   Otherwise realness is undecided.
//! * **Torus.** If no coordinate rectangle of $E$ contains 0, $z \in (\mathbb{C}^*)^n$;
//!   otherwise the coordinate is *possibly zero*.
//! * **Exact zeros.** If the possibly-zero coordinates $Z$ of a certified point are
//!   exactly 0 in the given point, the system restricted to $x_Z = 0$ (the equations
//!   vanishing identically there dropped; it must be square) is certified at the other
//!   coordinates. A solution $y^*$ of it inside the projection of $X$ (with $0 \in
//!   X_Z$) gives the solution $(y^*, 0) \in X$ of the whole system, which by uniqueness
//!   is $z$: its coordinates $Z$ are exactly 0, and $z$ is certified off the torus
//!   (as for the critical points of a network with dead neurons).
//! * **Distinctness.** Two certified points whose enclosures $E_a, E_b$ are disjoint
//!   are distinct solutions. If $E_a \subset X_b$ then $z_a \in X_b$, so $z_a = z_b$
//!   by uniqueness in $X_b$: a certified duplicate. Other overlaps are *possibly the
//!   same*. Points are grouped into the connected components of the overlap graph;
//!   enclosures of different components are disjoint, so the number of components is
//!   a lower bound on the number of distinct solutions, and it is what
//!   `certified_distinct` reports: a solution given twice is never counted twice.

use crate::evaluate::IntervalSystem;
use crate::interval::{ComplexInterval, Interval, MpInterval, RealInterval};
use crate::krawczyk::{InflationFailure, KrawczykOperator};
use num_complex::Complex64;
use poly::{Polynomial, System, Term};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::sync::OnceLock;

/// Settings of [`certify`].
#[derive(Clone, Debug)]
pub struct CertifyOptions {
    /// A certified box (and the Newton-refined centre inside it) must lie within
    /// `max_relative_distance` $\cdot \max(1, \|\tilde x\|_\infty)$ of the given point
    /// (in the max of real and imaginary parts): a certificate is about *this* point,
    /// not about some solution far from it.
    pub max_relative_distance: f64,
    /// Newton steps (with the residual evaluated in interval arithmetic at the working
    /// precision) that refine the point before the Krawczyk test.
    pub newton_steps: usize,
    /// Inflation attempts per precision ([`KrawczykOperator::find_box`]).
    pub attempts: usize,
    /// Precisions (bits) tried, in order, after `f64` intervals fail or leave the
    /// realness undecided.
    pub precisions: Vec<u32>,
}

impl Default for CertifyOptions {
    fn default() -> Self {
        Self {
            max_relative_distance: 1e-6,
            newton_steps: 3,
            attempts: 6,
            precisions: vec![128, 256],
        }
    }
}

/// Why a point was not certified.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailureReason {
    /// The point has the wrong number of coordinates or a non-finite one.
    InvalidPoint {
        /// What is wrong.
        message: String,
    },
    /// The Jacobian at the point is numerically singular (no preconditioner).
    SingularJacobian,
    /// Newton's method from the point moved farther than the allowed distance: the
    /// point is not (close enough to) a simple solution.
    TooFar {
        /// The distance reached.
        distance: f64,
        /// The allowed distance.
        allowed: f64,
    },
    /// $K(X) \not\subset \operatorname{int}(X)$ for every radius and precision tried
    /// (a singular or very ill-conditioned solution, or not a solution).
    NotContracting {
        /// The last radius tried (at the highest precision).
        radius: f64,
    },
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPoint { message } => write!(f, "invalid point: {message}"),
            Self::SingularJacobian => f.write_str("the Jacobian is numerically singular"),
            Self::TooFar { distance, allowed } => write!(
                f,
                "Newton's method moved {distance:.3e} from the point (allowed {allowed:.3e})"
            ),
            Self::NotContracting { radius } => write!(
                f,
                "the Krawczyk operator does not map a box into itself (last radius {radius:.3e})"
            ),
        }
    }
}

/// Whether a point was certified.
#[derive(Clone, Debug, PartialEq)]
pub enum CertificateStatus {
    /// A box containing exactly one solution was found.
    Certified,
    /// No box was found.
    Failed(FailureReason),
}

/// Realness of a certified solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Realness {
    /// Certified real (conjugation-symmetric uniqueness box of a real system).
    Real,
    /// Certified non-real (an imaginary part's enclosure excludes 0).
    NonReal,
    /// Neither could be shown (or the point is not certified).
    Undecided,
}

/// The certificate of one point.
#[derive(Clone, Debug)]
pub struct Certificate {
    /// Index of the point in the input.
    pub point: usize,
    /// Certified or failed (with the reason).
    pub status: CertificateStatus,
    /// An `f64` box contained in the uniqueness box $X$: it contains at most one
    /// solution. Empty when failed, and when $X$ (found at a multiple precision around
    /// an ill-conditioned point) is too thin to hold an `f64` box.
    pub uniqueness_box: Vec<ComplexInterval<Interval>>,
    /// An `f64` box containing the unique solution of $X$ (empty when failed).
    pub enclosure: Vec<ComplexInterval<Interval>>,
    /// Realness of that solution.
    pub real: Realness,
    /// Coordinates whose enclosure contains 0 (the solution may lie off the torus).
    pub possibly_zero: Vec<usize>,
    /// Coordinates proven to be exactly 0 in the unique solution of the box: those of
    /// `possibly_zero` that are exactly 0 in the given point, when the system restricted
    /// to them being 0 is square and certified inside the box ([`certify`], step 3).
    pub proven_zero: Vec<usize>,
    /// Bits of precision of the successful test (53 = `f64` intervals; 0 if failed).
    pub precision_bits: u32,
    /// A point with a smaller index certified to be the same solution.
    pub duplicate_of: Option<usize>,
    /// Other certified points whose enclosures overlap this one's without a proof of
    /// equality (possibly the same solution).
    pub possibly_same_as: Vec<usize>,
}

impl Certificate {
    /// Whether the point was certified.
    pub fn is_certified(&self) -> bool {
        self.status == CertificateStatus::Certified
    }
}

/// Counts of a [`CertificationReport`]. Counts of solutions (`certified_distinct`,
/// `real`, `non_real`, `undecided`, `torus`, `possibly_zero`) are over the groups of
/// overlapping certified points, each a lower bound on the solutions it names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CertifiedCounts {
    /// Points given.
    pub points: usize,
    /// Points with a certificate.
    pub certified: usize,
    /// Certified distinct solutions (groups of overlapping enclosures).
    pub certified_distinct: usize,
    /// Certified points proven to be the same solution as another one.
    pub duplicates: usize,
    /// Pairs of certified points that may or may not be the same solution.
    pub possibly_same_pairs: usize,
    /// Distinct solutions certified real.
    pub real: usize,
    /// Distinct solutions certified non-real.
    pub non_real: usize,
    /// Distinct certified solutions of undecided realness.
    pub undecided: usize,
    /// Distinct solutions certified to lie in the torus $(\mathbb{C}^*)^n$.
    pub torus: usize,
    /// Distinct certified solutions with a coordinate that may be zero.
    pub possibly_zero: usize,
    /// Of those, the solutions with a coordinate proven exactly zero (off the torus):
    /// when `torus + off_torus = certified_distinct`, the torus count is exact.
    pub off_torus: usize,
    /// Points not certified.
    pub uncertified: usize,
}

/// The result of [`certify`].
#[derive(Clone, Debug)]
pub struct CertificationReport {
    /// One certificate per point, in input order.
    pub certificates: Vec<Certificate>,
    /// The counts.
    pub counts: CertifiedCounts,
}

impl CertificationReport {
    /// The failed certificates with their reasons.
    pub fn failures(&self) -> impl Iterator<Item = (usize, &FailureReason)> {
        self.certificates.iter().filter_map(|c| match &c.status {
            CertificateStatus::Failed(r) => Some((c.point, r)),
            CertificateStatus::Certified => None,
        })
    }
}

/// Why [`certify`] could not run at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertifyError(pub String);

impl fmt::Display for CertifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CertifyError {}

/// A successful test at one precision, before the conversion to `f64` boxes.
struct Found {
    uniqueness_box: Vec<ComplexInterval<Interval>>,
    enclosure: Vec<ComplexInterval<Interval>>,
    real: Realness,
    precision_bits: u32,
}

/// The interval forms of the system, built on first use per precision.
struct Systems<'a> {
    system: &'a System,
    f64: IntervalSystem<Interval>,
    mp: Vec<(u32, OnceLock<IntervalSystem<MpInterval>>)>,
    real: bool,
}

/// Newton refinement $x \leftarrow x - Y\,\mathrm{mid}\,F(x)$ with $F(x)$ enclosed at
/// the working precision. In `f64`, $Y = \mathrm{mid}\,J(x)^{-1}$ in `f64`; above 53
/// bits $Y$ is the preconditioner of the Krawczyk test at the working precision
/// ([`crate::krawczyk::preconditioner`]), so the steps converge like Newton's method
/// even when $\kappa(J)\,2^{-53}$ is not small (with an `f64` $Y$, mixed-precision
/// iterative refinement, they converge at the rate $\kappa 2^{-53}$: widths 2,2,2,
/// $m = 1$, $\Lambda \in [0, 10^{-6}]$, data seed 6, points with $\kappa \approx
/// 10^{15}$ kept a Newton step of $10^{-15}$ after three steps at 128 bits, and no box
/// contracted). With `real`, imaginary parts stay exactly 0.
fn refine<I: RealInterval>(
    system: &IntervalSystem<I>,
    mut center: Vec<ComplexInterval<I>>,
    steps: usize,
    real: bool,
) -> Option<Vec<ComplexInterval<I>>> {
    let n = system.nvars();
    let p = system.precision();
    let zero = ComplexInterval::point(Complex64::default(), p);
    for _ in 0..steps {
        let f: Vec<ComplexInterval<I>> = system
            .evaluate(&center)
            .iter()
            .map(ComplexInterval::midpoint)
            .collect();
        let y = crate::krawczyk::preconditioner(system, &center)?;
        let d: Vec<ComplexInterval<I>> = if p > 53 {
            (0..n)
                .map(|i| {
                    (0..n)
                        .fold(zero.clone(), |s, k| s.add(&y[i * n + k].mul(&f[k])))
                        .midpoint()
                })
                .collect()
        } else {
            // in `f64` the product is formed in plain `f64` arithmetic
            let y: Vec<Complex64> = y.iter().map(ComplexInterval::mid_c64).collect();
            let f: Vec<Complex64> = f.iter().map(ComplexInterval::mid_c64).collect();
            (0..n)
                .map(|i| ComplexInterval::point((0..n).map(|k| y[i * n + k] * f[k]).sum(), p))
                .collect()
        };
        let mut step = 0.0f64;
        for (i, mut d) in d.into_iter().enumerate() {
            if real {
                d.im = I::point(0.0, p);
            }
            let size = d.mid_c64();
            if !(size.re.is_finite() && size.im.is_finite()) {
                return None;
            }
            step = step.max(d.distance_bound(Complex64::default()));
            center[i] = center[i].sub(&d).midpoint();
            if real {
                center[i].im = I::point(0.0, p);
            }
        }
        if step == 0.0 {
            break;
        }
    }
    Some(center)
}

/// One Krawczyk search at the precision of `system`, around `given` (real mode: centre
/// $\mathrm{Re}\,\tilde x$ and a conjugation-symmetric box).
fn attempt<I: RealInterval>(
    system: &IntervalSystem<I>,
    given: &[Complex64],
    real_mode: bool,
    opts: &CertifyOptions,
    allowed: f64,
) -> Result<Found, FailureReason> {
    let p = system.precision();
    let start: Vec<ComplexInterval<I>> = given
        .iter()
        .map(|&z| {
            let z = if real_mode {
                Complex64::new(z.re, 0.0)
            } else {
                z
            };
            ComplexInterval::point(z, p)
        })
        .collect();
    let center = refine(system, start, opts.newton_steps, real_mode)
        .ok_or(FailureReason::SingularJacobian)?;
    let moved = center
        .iter()
        .zip(given)
        .map(|(c, &g)| c.distance_bound(g))
        .fold(0.0, f64::max);
    if moved.is_nan() || moved > allowed {
        return Err(FailureReason::TooFar {
            distance: moved,
            allowed,
        });
    }
    let op = KrawczykOperator::new(system, center).ok_or(FailureReason::SingularJacobian)?;
    // the smallest box worth trying: a few units in the last place of the centre
    let min_radius = 2f64.powi(8 - p as i32) * (1.0 + op.center_norm());
    // boxes that hold an `f64` box (which the duplicate and zero proofs use) first; at a
    // multiple precision thinner ones when those do not contract (an ill-conditioned
    // point, whose $J(X)$ is too wide on a box of a few `f64` units)
    let representable = 2f64.powi(8 - 53) * (1.0 + op.center_norm());
    let found = op
        .find_box(
            min_radius.max(representable),
            allowed - moved,
            opts.attempts,
        )
        .or_else(|e| {
            if min_radius < representable {
                op.find_box(min_radius, allowed - moved, opts.attempts)
                    .map_err(|_| e)
            } else {
                Err(e)
            }
        })
        .map_err(|e| match e {
            InflationFailure::RadiusLimit { needed } => {
                if 2.0 * op.newton_step_bound() > allowed - moved {
                    FailureReason::TooFar {
                        distance: moved + op.newton_step_bound(),
                        allowed,
                    }
                } else {
                    FailureReason::NotContracting { radius: needed }
                }
            }
            InflationFailure::NotContracting { radius } => FailureReason::NotContracting { radius },
        })?;
    let real = if real_mode {
        if found
            .uniqueness_box
            .iter()
            .all(|c| c.im.is_symmetric_about_zero())
        {
            Realness::Real
        } else {
            Realness::Undecided
        }
    } else if found.enclosure.iter().any(|c| !c.im.contains_zero()) {
        Realness::NonReal
    } else {
        Realness::Undecided
    };
    let inner: Option<Vec<_>> = found
        .uniqueness_box
        .iter()
        .map(ComplexInterval::to_inner_f64)
        .collect();
    Ok(Found {
        uniqueness_box: inner.unwrap_or_default(),
        enclosure: found
            .enclosure
            .iter()
            .map(ComplexInterval::to_outer_f64)
            .collect(),
        real,
        precision_bits: p,
    })
}

/// The real-mode attempt (when the system is real and the point nearly real) and the
/// general one, at one precision.
fn attempt_both<I: RealInterval>(
    system: &IntervalSystem<I>,
    given: &[Complex64],
    real_system: bool,
    opts: &CertifyOptions,
    allowed: f64,
) -> Result<Found, FailureReason> {
    let max_im = given.iter().map(|z| z.im.abs()).fold(0.0, f64::max);
    if real_system && max_im <= allowed {
        if let Ok(found) = attempt(system, given, true, opts, allowed) {
            if found.real == Realness::Real {
                return Ok(found);
            }
        }
    }
    attempt(system, given, false, opts, allowed)
}

fn certify_point(
    systems: &Systems<'_>,
    index: usize,
    given: &[Complex64],
    opts: &CertifyOptions,
) -> Certificate {
    let mut cert = Certificate {
        point: index,
        status: CertificateStatus::Certified,
        uniqueness_box: Vec::new(),
        enclosure: Vec::new(),
        real: Realness::Undecided,
        possibly_zero: Vec::new(),
        proven_zero: Vec::new(),
        precision_bits: 0,
        duplicate_of: None,
        possibly_same_as: Vec::new(),
    };
    let n = systems.f64.nvars();
    if given.len() != n {
        cert.status = CertificateStatus::Failed(FailureReason::InvalidPoint {
            message: format!("{} coordinates, the system has {n} variables", given.len()),
        });
        return cert;
    }
    if given
        .iter()
        .any(|z| !(z.re.is_finite() && z.im.is_finite()))
    {
        cert.status = CertificateStatus::Failed(FailureReason::InvalidPoint {
            message: "a coordinate is NaN or infinite".into(),
        });
        return cert;
    }
    let norm = given.iter().map(|z| z.norm()).fold(0.0, f64::max);
    let allowed = opts.max_relative_distance * norm.max(1.0);
    let mut best: Option<Found> = None;
    let mut last_failure = FailureReason::SingularJacobian;
    let mut outcome = attempt_both(&systems.f64, given, systems.real, opts, allowed);
    let mut level = 0;
    loop {
        match outcome {
            Ok(found) if found.real != Realness::Undecided => {
                best = Some(found);
                break;
            }
            Ok(found) => {
                if best.is_none() {
                    best = Some(found);
                }
            }
            Err(FailureReason::TooFar { distance, allowed })
                if level > 0
                    && best.is_none()
                    && distance > 1e3 * allowed.max(f64::MIN_POSITIVE) =>
            {
                // Newton went far away at a multiple precision: more cannot bring it
                // back (in `f64` the updates of an ill-conditioned point can be
                // rounding noise of that size: widths 2,3,2, m = 2, seed 5, κ ≈ 1e12)
                last_failure = FailureReason::TooFar { distance, allowed };
                break;
            }
            Err(e) => last_failure = e,
        }
        let Some((bits, cell)) = systems.mp.get(level) else {
            break;
        };
        level += 1;
        let mp = cell.get_or_init(|| IntervalSystem::new(systems.system, *bits));
        outcome = attempt_both(mp, given, systems.real, opts, allowed);
    }
    match best {
        Some(found) => {
            cert.possibly_zero = found
                .enclosure
                .iter()
                .enumerate()
                .filter(|(_, c)| c.contains_zero())
                .map(|(j, _)| j)
                .collect();
            cert.uniqueness_box = found.uniqueness_box;
            cert.enclosure = found.enclosure;
            cert.real = found.real;
            cert.precision_bits = found.precision_bits;
        }
        None => cert.status = CertificateStatus::Failed(last_failure),
    }
    cert
}

/// Union–find with the smallest index as root.
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        parent[hi] = lo;
    }
}

/// Compares the enclosures of the certified points: sorted by the lower end of one
/// coordinate part (the one whose midpoints spread most), each enclosure is compared
/// only with those starting before it ends in that part.
fn compare_enclosures(certs: &mut [Certificate]) -> Vec<usize> {
    let ids: Vec<usize> = (0..certs.len())
        .filter(|&i| certs[i].is_certified())
        .collect();
    let mut parent: Vec<usize> = (0..certs.len()).collect();
    let Some(&first) = ids.first() else {
        return parent;
    };
    let n = certs[first].enclosure.len();
    // the coordinate part (2j = Re x_j, 2j+1 = Im x_j) with the largest spread
    let part = |c: &ComplexInterval<Interval>, k: usize| if k % 2 == 0 { c.re } else { c.im };
    let spread = |k: usize| {
        let mids: Vec<f64> = ids
            .iter()
            .map(|&i| part(&certs[i].enclosure[k / 2], k).mid_f64())
            .collect();
        let mean = mids.iter().sum::<f64>() / mids.len() as f64;
        mids.iter().map(|m| (m - mean).powi(2)).sum::<f64>()
    };
    let key = (0..2 * n)
        .max_by(|&a, &b| spread(a).total_cmp(&spread(b)))
        .unwrap_or(0);
    let mut order = ids.clone();
    order.sort_by(|&a, &b| {
        part(&certs[a].enclosure[key / 2], key)
            .lo
            .total_cmp(&part(&certs[b].enclosure[key / 2], key).lo)
    });
    for (pos, &a) in order.iter().enumerate() {
        let end = part(&certs[a].enclosure[key / 2], key).hi;
        for &b in &order[pos + 1..] {
            if part(&certs[b].enclosure[key / 2], key).lo > end {
                break;
            }
            let overlap = certs[a]
                .enclosure
                .iter()
                .zip(&certs[b].enclosure)
                .all(|(x, y)| x.overlaps(y));
            if !overlap {
                continue;
            }
            union(&mut parent, a, b);
            let inside = |e: &[ComplexInterval<Interval>], x: &[ComplexInterval<Interval>]| {
                !x.is_empty() && e.iter().zip(x).all(|(p, q)| p.subset_of(q))
            };
            let same = inside(&certs[a].enclosure, &certs[b].uniqueness_box)
                || inside(&certs[b].enclosure, &certs[a].uniqueness_box);
            let (lo, hi) = (a.min(b), a.max(b));
            if same {
                if certs[hi].duplicate_of.is_none_or(|d| d > lo) {
                    certs[hi].duplicate_of = Some(lo);
                }
            } else {
                certs[a].possibly_same_as.push(b);
                certs[b].possibly_same_as.push(a);
            }
        }
    }
    for c in certs.iter_mut() {
        c.possibly_same_as.sort_unstable();
    }
    parent
}

/// Compares the enclosures ([`compare_enclosures`]) and counts certified points and
/// groups of overlapping enclosures (see [`CertifiedCounts`]).
fn tally(certificates: &mut [Certificate]) -> CertifiedCounts {
    let mut parent = compare_enclosures(certificates);
    let mut counts = CertifiedCounts {
        points: certificates.len(),
        ..CertifiedCounts::default()
    };
    // per group: (any real, any non-real, any in the torus, any with a proven zero)
    let mut groups: std::collections::BTreeMap<usize, (bool, bool, bool, bool)> =
        Default::default();
    for (i, c) in certificates.iter().enumerate() {
        if !c.is_certified() {
            counts.uncertified += 1;
            continue;
        }
        counts.certified += 1;
        counts.duplicates += usize::from(c.duplicate_of.is_some());
        counts.possibly_same_pairs += c.possibly_same_as.iter().filter(|&&j| j > i).count();
        let g = groups.entry(find(&mut parent, i)).or_default();
        g.0 |= c.real == Realness::Real;
        g.1 |= c.real == Realness::NonReal;
        g.2 |= c.possibly_zero.is_empty();
        g.3 |= !c.proven_zero.is_empty();
    }
    counts.certified_distinct = groups.len();
    for &(real, non_real, torus, zero) in groups.values() {
        if real {
            counts.real += 1;
        } else if non_real {
            counts.non_real += 1;
        } else {
            counts.undecided += 1;
        }
        if torus {
            counts.torus += 1;
        } else {
            counts.possibly_zero += 1;
            counts.off_torus += usize::from(zero);
        }
    }
    counts
}

/// `system` with the variables `zero` set to 0: the square system in the other
/// variables (returned too, in order) formed by the equations that do not vanish
/// identically on that subspace, or `None` when their number is not the number of
/// remaining variables (or none remain).
fn restricted(system: &System, zero: &[usize]) -> Option<(System, Vec<usize>)> {
    let n = system.nvars();
    let keep: Vec<usize> = (0..n).filter(|j| !zero.contains(j)).collect();
    let equations: Vec<Polynomial> = system
        .polynomials()
        .iter()
        .map(|f| {
            Polynomial::from_terms(
                keep.len(),
                f.terms()
                    .iter()
                    .filter(|t| zero.iter().all(|&j| t.exponents[j] == 0))
                    .map(|t| Term {
                        coefficient: t.coefficient.clone(),
                        exponents: keep.iter().map(|&j| t.exponents[j]).collect(),
                    }),
            )
        })
        .filter(|f| !f.terms().is_empty())
        .collect();
    if equations.len() != keep.len() || keep.is_empty() {
        return None;
    }
    let names = keep
        .iter()
        .map(|&j| system.variables()[j].clone())
        .collect();
    Some((System::new(names, equations).ok()?, keep))
}

/// Step 3 of [`certify`]: for each certified point whose possibly-zero coordinates $Z$
/// are all exactly 0 in the given point, certifies the restricted system $G(y) =
/// F(y, 0_Z)$ (the equations that vanish identically there dropped; it must be square)
/// at the point's other coordinates. If $G$'s enclosure $E$ lies in the projection of
/// the uniqueness box $X$ and $0 \in X_Z$, then $(y^*, 0) \in X$ solves $F$ (the
/// dropped equations vanish on the subspace), so it *is* the unique solution of $X$:
/// its coordinates $Z$ are exactly 0 ([`Certificate::proven_zero`]).
fn prove_zeros(
    system: &System,
    points: &[Vec<Complex64>],
    certificates: &mut [Certificate],
    opts: &CertifyOptions,
) {
    let mut patterns: std::collections::BTreeMap<Vec<usize>, Vec<usize>> = Default::default();
    for c in certificates.iter() {
        let x = &points[c.point];
        if c.is_certified()
            && !c.possibly_zero.is_empty()
            && c.uniqueness_box.len() == x.len()
            && c.possibly_zero
                .iter()
                .all(|&j| x[j] == Complex64::default())
            && c.possibly_zero
                .iter()
                .all(|&j| c.uniqueness_box[j].contains_zero())
        {
            patterns
                .entry(c.possibly_zero.clone())
                .or_default()
                .push(c.point);
        }
    }
    for (zero, members) in patterns {
        if zero.len() == system.nvars() {
            // the origin: it is in X (checked above) and solves F exactly when no
            // polynomial has a constant term, so it is the solution of X
            let origin_solves = system
                .polynomials()
                .iter()
                .all(|f| f.terms().iter().all(|t| t.exponents.iter().any(|&e| e > 0)));
            if origin_solves {
                for &i in &members {
                    certificates[i].proven_zero = zero.clone();
                }
            }
            continue;
        }
        let Some((sub, keep)) = restricted(system, &zero) else {
            continue;
        };
        let projected: Vec<Vec<Complex64>> = members
            .iter()
            .map(|&i| keep.iter().map(|&j| points[i][j]).collect())
            .collect();
        let Ok(report) = certify_points(&sub, &projected, opts) else {
            continue;
        };
        for (&i, sc) in members.iter().zip(&report) {
            let c = &mut certificates[i];
            let inside = sc.is_certified()
                && keep
                    .iter()
                    .zip(&sc.enclosure)
                    .all(|(&j, e)| e.subset_of(&c.uniqueness_box[j]));
            if inside {
                c.proven_zero = zero.clone();
            }
        }
    }
}

/// Certifies each point of `points` as an approximate solution of the square system
/// `system` (see the [module documentation](self) for what is proven), in parallel;
/// the report does not depend on the number of threads.
///
/// ```
/// use certify::{certify, CertifyOptions, Realness};
/// use num_complex::Complex64;
/// let sys = poly::parse_phc("1\n x^2 + 1;").unwrap();
/// let points = vec![vec![Complex64::new(0.0, 1.0)], vec![Complex64::new(0.0, -1.0)]];
/// let report = certify(&sys, &points, &CertifyOptions::default()).unwrap();
/// assert_eq!(report.counts.certified_distinct, 2);
/// assert_eq!(report.counts.non_real, 2);
/// assert_eq!(report.certificates[0].real, Realness::NonReal);
/// ```
///
/// # Errors
/// When the system is not square.
pub fn certify(
    system: &System,
    points: &[Vec<Complex64>],
    opts: &CertifyOptions,
) -> Result<CertificationReport, CertifyError> {
    if !system.is_square() {
        return Err(CertifyError(format!(
            "certification needs a square system ({} equations in {} variables)",
            system.len(),
            system.nvars()
        )));
    }
    let mut certificates = certify_points(system, points, opts)?;
    prove_zeros(system, points, &mut certificates, opts);
    let counts = tally(&mut certificates);
    Ok(CertificationReport {
        certificates,
        counts,
    })
}

/// Steps 1–2 of [`certify`]: one certificate per point of the square `system`, in
/// parallel, without the zero proofs and the comparison of enclosures.
fn certify_points(
    system: &System,
    points: &[Vec<Complex64>],
    opts: &CertifyOptions,
) -> Result<Vec<Certificate>, CertifyError> {
    if !system.is_square() {
        return Err(CertifyError(format!(
            "certification needs a square system ({} equations in {} variables)",
            system.len(),
            system.nvars()
        )));
    }
    let systems = Systems {
        system,
        f64: IntervalSystem::new(system, 53),
        mp: opts
            .precisions
            .iter()
            .map(|&b| (b.max(54), OnceLock::new()))
            .collect(),
        real: system.is_real(),
    };
    Ok(points
        .par_iter()
        .enumerate()
        .map(|(i, x)| certify_point(&systems, i, x, opts))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(
        point: usize,
        enclosure: (f64, f64),
        uniqueness: (f64, f64),
        real: Realness,
    ) -> Certificate {
        let rect = |(lo, hi): (f64, f64)| ComplexInterval {
            re: Interval::new(lo, hi),
            im: Interval::new(0.0, 0.0),
        };
        Certificate {
            point,
            status: CertificateStatus::Certified,
            uniqueness_box: vec![rect(uniqueness)],
            enclosure: vec![rect(enclosure)],
            real,
            possibly_zero: Vec::new(),
            proven_zero: Vec::new(),
            precision_bits: 53,
            duplicate_of: None,
            possibly_same_as: Vec::new(),
        }
    }

    fn c(re: f64) -> Complex64 {
        Complex64::new(re, 0.0)
    }

    /// x (y + 1) = 0, y^2 + x - 4 = 0: (0, ±2) lie on x = 0, where the first equation
    /// vanishes identically and the second is y^2 - 4: their zero is proven exact;
    /// (3, -1) is in the torus. And the origin of a system without constant terms.
    #[test]
    fn zero_coordinates_are_proven_exact_through_the_restricted_system() {
        let sys = poly::parse_phc("2\n x*y + x;\n y^2 + x - 4;").unwrap();
        let origin = certify(
            &poly::parse_phc("2\n x*y + x;\n y^2 + 2*y + x;").unwrap(),
            &[vec![c(0.0), c(0.0)]],
            &CertifyOptions::default(),
        )
        .unwrap();
        assert_eq!(origin.certificates[0].proven_zero, vec![0, 1]);
        let points = vec![
            vec![c(0.0), c(2.0 + 1e-12)],
            vec![c(0.0), c(-2.0)],
            vec![c(3.0), c(-1.0)],
        ];
        let r = certify(&sys, &points, &CertifyOptions::default()).unwrap();
        assert_eq!(r.certificates[0].proven_zero, vec![0]);
        assert_eq!(r.certificates[1].proven_zero, vec![0]);
        assert!(r.certificates[2].proven_zero.is_empty());
        assert_eq!(
            (
                r.counts.certified_distinct,
                r.counts.torus,
                r.counts.off_torus
            ),
            (3, 1, 2)
        );
    }

    /// x + y - 2 = 0, x y + y - 2 = 0 at (0, 2): on x = 0 both equations become y - 2,
    /// two equations in one unknown, so the argument does not apply and the zero is not
    /// claimed (it is exact, but not proven this way).
    #[test]
    fn zeros_are_not_claimed_when_the_restricted_system_is_not_square() {
        let sys = poly::parse_phc("2\n x + y - 2;\n x*y + y - 2;").unwrap();
        let r = certify(&sys, &[vec![c(0.0), c(2.0)]], &CertifyOptions::default()).unwrap();
        assert!(r.certificates[0].is_certified());
        assert_eq!(r.certificates[0].possibly_zero, vec![0]);
        assert!(r.certificates[0].proven_zero.is_empty());
        assert_eq!((r.counts.possibly_zero, r.counts.off_torus), (1, 0));
    }

    /// x = 1e-12 given as 0: the refined enclosure excludes 0, so the point is certified
    /// in the torus; nothing is claimed zero.
    #[test]
    fn a_tiny_nonzero_coordinate_is_certified_nonzero() {
        let sys = poly::parse_phc("2\n x - 0.000000000001;\n y - 2;").unwrap();
        let r = certify(&sys, &[vec![c(0.0), c(2.0)]], &CertifyOptions::default()).unwrap();
        assert!(r.certificates[0].proven_zero.is_empty());
        assert_eq!((r.counts.torus, r.counts.off_torus), (1, 0));
    }

    /// Enclosures inside another point's uniqueness box are certified duplicates;
    /// overlapping enclosures without that are "possibly the same" and counted once;
    /// disjoint ones are distinct.
    #[test]
    fn overlapping_enclosures_are_grouped() {
        let mut certs = vec![
            cert(0, (0.0, 1.0), (0.0, 1.05), Realness::Real),
            cert(1, (0.9, 2.0), (0.85, 2.1), Realness::Undecided),
            cert(2, (5.0, 6.0), (4.0, 7.0), Realness::NonReal),
            cert(3, (0.1, 0.2), (0.0, 0.3), Realness::Real),
            cert(4, (5.5, 5.6), (5.4, 5.7), Realness::NonReal),
        ];
        certs.push(Certificate {
            status: CertificateStatus::Failed(FailureReason::SingularJacobian),
            ..cert(5, (0.0, 9.0), (0.0, 9.0), Realness::Undecided)
        });
        let counts = tally(&mut certs);
        assert_eq!(certs[3].duplicate_of, Some(0));
        assert_eq!(certs[4].duplicate_of, Some(2));
        assert_eq!(certs[1].duplicate_of, None);
        assert_eq!(certs[0].possibly_same_as, vec![1]);
        assert_eq!(certs[1].possibly_same_as, vec![0]);
        assert!(certs[5].possibly_same_as.is_empty());
        assert_eq!(
            counts,
            CertifiedCounts {
                points: 6,
                certified: 5,
                certified_distinct: 2,
                duplicates: 2,
                possibly_same_pairs: 1,
                real: 1,
                non_real: 1,
                undecided: 0,
                torus: 2,
                possibly_zero: 0,
                off_torus: 0,
                uncertified: 1,
            }
        );
    }
}
