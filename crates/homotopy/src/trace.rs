//! The trace test for the completeness of a fibre of a parameter family.
//!
//! Monodromy ([`crate::monodromy_solve`]) stops when the count stops growing, which is
//! evidence, not proof. The *trace test* turns a candidate set into a certificate of
//! completeness up to numerical tolerance (Sommese–Verschelde–Wampler, *Symmetric
//! functions applied to decomposing solution sets*, SIAM J. Numer. Anal. 40 (2002);
//! for fibres of families the multiprojective version of Leykin–Rodriguez–Sottile,
//! *Trace test*, Arnold Math. J. 4 (2018)).
//!
//! A fibre $V_{p_0} = \{x : F(x; p_0) = 0\}$ is not a generic linear slice of the
//! incidence variety, so the classical test does not apply to it directly: along a line
//! of parameters solutions may escape to infinity at finitely many points, and the trace
//! of the fibre is then not linear. [`fibre_trace_test`] follows the multiprojective
//! construction instead:
//!
//! 1. **The curve.** A random complex line $p(u) = p_0 + u\,v$ of parameters gives the
//!    curve $C = \{(x, u) : F(x; p_0 + u v) = 0\} \subset \mathbb C^n \times \mathbb C$,
//!    whose points over $u = 0$ are the fibre $W_1 = V_{p_0} \times \{0\}$.
//! 2. **Bilinear slices.** A form $Q_q(x, u) = \ell_0(x) + u\,\ell_1(x)$, with
//!    $\ell_0, \ell_1$ affine in $x$ (coefficients $q \in \mathbb C^{2n+2}$), is a
//!    hyperplane of $\mathbb P^n \times \mathbb P^1$ in the Segre embedding. The family
//!    $G(x, u; q) = (F(x; p_0 + u v), Q_q(x, u))$ has, for generic $q$, as many
//!    solutions as the degree of $C$ for that class: $|W_1| + |W_2|$, where for the
//!    reducible form $Q_{q_0} = u\,(c \cdot x - 1)$ the solutions split into $W_1$
//!    ($u = 0$) and $W_2 = C \cap \{c \cdot x = 1\}$.
//! 3. **Monodromy on $G$** from $W_1$ over $q$ finds $W_2$ (and any point of the fibre
//!    that was missing, which shows up as a new solution with $u = 0$).
//! 4. **The trace.** For a generic pencil $Q_{q_1} + s\,Q_r$ the Segre image of $C$
//!    meets the hyperplanes $\{Q_{q_1}/Q_r = -s\}$, which are parallel in the affine
//!    chart $Q_r \ne 0$; the sum over the intersection points of the chart coordinate
//!    $\lambda(x, u)/Q_r(x, u)$ (any bilinear $\lambda$) is then an affine-linear
//!    function of $s$ exactly when the set is a union of whole witness sets of the
//!    components of $C$. It is evaluated at three values of $s$; the relative
//!    deviation from linearity is the test statistic (rounding: about $10^{-12}$;
//!    a missing point: of order one).
//!
//! The trace is linear for every union of *complete* witness sets of components, so a
//! component of $C$ none of whose points was given (nor reached by the monodromy) is
//! invisible: a verified trace proves the fibre complete on the components of the
//! incidence variety that it meets. Callers must seed every component (for the
//! gradient family of a deep linear network each dead-neuron stratum's torus part of
//! the incidence variety is the graph of $\Lambda$ as a function of the weights and
//! the data, hence irreducible, and every stratum is seeded:
//! `dln::GenericCriticalPoints::trace_test`).

use crate::monodromy::{monodromy_solve, MonodromyOptions};
use crate::moves::move_solutions;
use crate::parameter::{family_unknowns, ParameterError};
use num_complex::Complex64;
use poly::{Coefficient, Polynomial, System, Term};

/// Settings of [`fibre_trace_test`].
#[derive(Clone, Debug)]
pub struct TraceTestOptions {
    /// Seed of the line of parameters, the forms and the pencil (and of the monodromy,
    /// through `monodromy.seed`).
    pub seed: u64,
    /// The monodromy that finds $W_2$ (its tracker, with adaptive precision switched
    /// on, also moves the points along the pencil: [`move_solutions`]).
    pub monodromy: MonodromyOptions,
    /// Largest relative deviation of the trace from linearity that passes.
    pub tolerance: f64,
    /// Rounds of monodromy: after a nonlinear trace with no failed path the monodromy
    /// goes on from every known point with a larger graph, up to this many times in all.
    pub rounds: usize,
}

impl Default for TraceTestOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            monodromy: MonodromyOptions::default(),
            tolerance: 1e-7,
            rounds: 3,
        }
    }
}

/// The outcome of [`fibre_trace_test`].
#[derive(Clone, Debug)]
pub struct TraceTestResult {
    /// Whether the trace is linear to `tolerance`, no path failed, and no point of the
    /// fibre was missing: the fibre is complete.
    pub verified: bool,
    /// Points of the fibre given.
    pub fibre: usize,
    /// Points over $u = 0$ found by the monodromy on the curve (more than `fibre` means
    /// the fibre given was incomplete).
    pub fibre_found: usize,
    /// $|W_2|$: the points of the curve on the hyperplane $c \cdot x = 1$.
    pub side: usize,
    /// $|\lambda(s_2) - \lambda(0) - \tfrac{s_2}{s_1}(\lambda(s_1) - \lambda(0))|$
    /// relative to the sum of the moduli of the terms: the deviation from linearity.
    pub nonlinearity: f64,
    /// Paths tracked (monodromy and pencil).
    pub paths_tracked: u64,
    /// Points missing (or in excess) after moving the set to the pencil's members
    /// ([`move_solutions`], with its retries): any makes the test inconclusive.
    pub failed_paths: u64,
    /// Rounds of monodromy used.
    pub rounds: usize,
}

/// The complex coefficient `z` as an exact [`Coefficient`].
fn coefficient(z: Complex64) -> Coefficient {
    Coefficient::from_c64(z).expect("finite by construction")
}

/// The family $G(x, u; q)$ of the module documentation: variables
/// $(x_1, \dots, x_n, u, q_0, \dots, q_{2n+1})$, equations
/// $F_i(x; p_0 + u\,v)$ and $Q_q(x, u) = q_0 + \sum_j q_j x_j + u\,(q_{n+1} + \sum_j
/// q_{n+1+j} x_j)$.
fn curve_family(family: &System, k: usize, p0: &[Complex64], v: &[Complex64]) -> System {
    let n = family.nvars() - k;
    let nv = n + 1 + 2 * n + 2;
    let u = n;
    let var = |i: usize| Polynomial::variable(nv, i);
    // p_j = p0_j + u v_j as polynomials in the new variables
    let params: Vec<Polynomial> = (0..k)
        .map(|j| {
            Polynomial::constant(nv, coefficient(p0[j])).add(&var(u).scale(&coefficient(v[j])))
        })
        .collect();
    let mut polys: Vec<Polynomial> = family
        .polynomials()
        .iter()
        .map(|f| {
            let mut g = Polynomial::zero(nv);
            for t in f.terms() {
                let mut e = vec![0u32; nv];
                e[..n].copy_from_slice(&t.exponents[..n]);
                let mut term = Polynomial::from_terms(
                    nv,
                    [Term {
                        coefficient: t.coefficient.clone(),
                        exponents: e,
                    }],
                );
                for (j, &d) in t.exponents[n..].iter().enumerate() {
                    if d > 0 {
                        term = term.mul(&params[j].pow(d));
                    }
                }
                g = g.add(&term);
            }
            g
        })
        .collect();
    let q = |j: usize| var(u + 1 + j);
    let mut form = q(0).add(&q(n + 1).mul(&var(u)));
    for j in 0..n {
        form = form
            .add(&q(1 + j).mul(&var(j)))
            .add(&q(n + 2 + j).mul(&var(j)).mul(&var(u)));
    }
    polys.push(form);
    let mut names: Vec<String> = (0..n).map(|j| format!("x{}", j + 1)).collect();
    names.push("u".into());
    names.extend((0..2 * n + 2).map(|j| format!("q{j}")));
    System::new(names, polys).expect("fresh names")
}

/// $Q_q(x, u)$ at a point `y` $= (x, u)$.
fn bilinear(q: &[Complex64], y: &[Complex64]) -> Complex64 {
    let n = y.len() - 1;
    let u = y[n];
    let mut a = q[0];
    let mut b = q[n + 1];
    for j in 0..n {
        a += q[1 + j] * y[j];
        b += q[n + 2 + j] * y[j];
    }
    a + u * b
}

/// The trace test of the fibre `fibre` of `family` (parameters last, as in
/// [`ParameterHomotopy`](crate::ParameterHomotopy)) over the generic parameters `parameters`: see the module
/// documentation.
///
/// # Errors
/// When the family and the parameters do not fit, a fibre point has the wrong length,
/// or the monodromy exceeds its `max_solutions`.
///
/// # Example
/// ```
/// use homotopy::trace::{fibre_trace_test, TraceTestOptions};
/// use num_complex::Complex64;
/// // x^3 = p: three points over p = 8 (x = 2 and two complex ones)
/// let family = poly::parse_phc("1\n x^3 - p;").unwrap();
/// let w = Complex64::from_polar(2.0, 2.0 * std::f64::consts::PI / 3.0);
/// let fibre = vec![vec![Complex64::new(2.0, 0.0)], vec![w], vec![w.conj()]];
/// let p = [Complex64::new(8.0, 0.0)];
/// let r = fibre_trace_test(&family, &p, &fibre, &TraceTestOptions::default()).unwrap();
/// assert!(r.verified, "{r:?}");
/// assert_eq!(r.fibre_found, 3);
/// ```
pub fn fibre_trace_test(
    family: &System,
    parameters: &[Complex64],
    fibre: &[Vec<Complex64>],
    options: &TraceTestOptions,
) -> Result<TraceTestResult, ParameterError> {
    let k = parameters.len();
    let n = family_unknowns(family, k)?;
    if let Some(bad) = fibre.iter().find(|x| x.len() != n) {
        return Err(ParameterError(format!(
            "a fibre point has {} coordinates, the family {n} unknowns",
            bad.len()
        )));
    }
    let mut rng = poly::Rng::new(options.seed);
    let mut normal =
        |len: usize| -> Vec<Complex64> { (0..len).map(|_| rng.complex_normal()).collect() };
    let v = normal(k);
    let c = normal(n);
    let g = curve_family(family, k, parameters, &v);
    // Q_{q0} = u (c.x - 1): the fibre (u = 0) and W_2
    let mut q0 = vec![Complex64::default(); 2 * n + 2];
    q0[n + 1] = Complex64::new(-1.0, 0.0);
    q0[n + 2..].copy_from_slice(&c);
    let start: Vec<Vec<Complex64>> = fibre
        .iter()
        .map(|x| {
            let mut y = x.clone();
            y.push(Complex64::default());
            y
        })
        .collect();
    let on_fibre = |y: &Vec<Complex64>| {
        let s = 1.0 + y.iter().fold(0.0f64, |m, z| m.max(z.norm()));
        y[n].norm() <= options.monodromy.dedup_tolerance * s
    };
    // the pencil Q_{q1} + s Q_r at s = 0, s1, s2, and the bilinear form traced
    let q1 = normal(2 * n + 2);
    let r = normal(2 * n + 2);
    let lambda = normal(2 * n + 2);
    let s = [
        Complex64::default(),
        rng.complex_normal(),
        rng.complex_normal(),
    ];
    // the moves track in `f64` first and retrack with adaptive precision
    let mut careful = options.monodromy.tracker.clone();
    careful.amp.while_tracking = true;
    let mut monodromy = options.monodromy.clone();
    let mut known = start;
    let mut paths = 0u64;
    let mut round = 0;
    loop {
        let mono = monodromy_solve(&g, &q0, known, &monodromy)?;
        paths += mono.paths_tracked;
        known = mono.solutions;
        // W_1 ∪ W_2 to the generic member q1, then along the pencil; a set that does
        // not come out with as many points as were moved makes the test inconclusive
        let mut failed = 0u64;
        let mut traces = [Complex64::default(); 3];
        let mut scale = 0.0f64;
        let mut trace = |i: usize, points: &[Vec<Complex64>]| {
            for y in points {
                let term = bilinear(&lambda, y) / bilinear(&r, y);
                traces[i] += term;
                scale += term.norm();
            }
        };
        let mut moved = |from: &[Complex64], to: &[Complex64], points: &[Vec<Complex64>]| {
            let (ends, p, missing) = move_solutions(
                &g,
                None,
                from,
                to,
                points,
                rng.next_u64(),
                &careful,
                &|_| true,
            )?;
            paths += p;
            failed += missing + (ends.len() as u64).saturating_sub(points.len() as u64);
            Ok::<_, ParameterError>(ends)
        };
        let on_q1 = moved(&q0, &q1, &known)?;
        for (i, si) in s.iter().enumerate().skip(1) {
            let target: Vec<Complex64> = q1.iter().zip(&r).map(|(a, b)| a + si * b).collect();
            trace(i, &moved(&q1, &target, &on_q1)?);
        }
        trace(0, &on_q1);
        let deviation = traces[2] - traces[0] - s[2] / s[1] * (traces[1] - traces[0]);
        let nonlinearity = deviation.norm() / scale.max(f64::MIN_POSITIVE);
        let fibre_found = known.iter().filter(|y| on_fibre(y)).count();
        let verified =
            failed == 0 && fibre_found == fibre.len() && nonlinearity <= options.tolerance;
        round += 1;
        // a nonlinear trace with every path accounted for: W_2 (or the fibre) is
        // incomplete; continue the monodromy from all known points with a larger graph
        if verified || round >= options.rounds || failed > 0 {
            return Ok(TraceTestResult {
                verified,
                fibre: fibre.len(),
                fibre_found,
                side: known.len() - fibre_found,
                nonlinearity,
                paths_tracked: paths,
                failed_paths: failed,
                rounds: round,
            });
        }
        monodromy.seed = monodromy.seed.wrapping_add(1);
        monodromy.stall_nodes += 2;
        monodromy.max_nodes += 6;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(re: f64, im: f64) -> Complex64 {
        Complex64::new(re, im)
    }

    /// $x^2 + y^2 = p_1$, $xy = p_2$: the 4 points pass; 3 of them are completed by the
    /// monodromy on the curve (a missing fibre point is found again, and reported).
    #[test]
    fn a_complete_fibre_passes_and_a_missing_point_is_found() {
        let family = poly::parse_phc("2\n x^2 + y^2 - p1;\n x*y - p2;").unwrap();
        let (x, y) = (c(0.7, -0.2), c(-0.4, 1.1));
        let p = [x * x + y * y, x * y];
        let fibre = vec![vec![x, y], vec![-x, -y], vec![y, x], vec![-y, -x]];
        let r = fibre_trace_test(&family, &p, &fibre, &TraceTestOptions::default()).unwrap();
        assert!(r.verified, "{r:?}");
        assert!(r.nonlinearity < 1e-10, "{r:?}");
        assert_eq!((r.fibre, r.fibre_found, r.failed_paths), (4, 4, 0));
        let r3 = fibre_trace_test(&family, &p, &fibre[..3], &TraceTestOptions::default()).unwrap();
        assert!(!r3.verified, "{r3:?}");
        assert_eq!(r3.fibre_found, 4, "{r3:?}");
    }

    /// The trace of an incomplete set is not linear: with the monodromy stopped at once
    /// (no loops), the fibre of $x^3 = p$ without one point fails on the trace alone.
    #[test]
    fn the_trace_of_an_incomplete_set_is_not_linear() {
        let family = poly::parse_phc("1\n x^3 - p;").unwrap();
        let w = Complex64::from_polar(2.0, 2.0 * std::f64::consts::PI / 3.0);
        let fibre = vec![vec![c(2.0, 0.0)], vec![w], vec![w.conj()]];
        let p = [c(8.0, 0.0)];
        let no_loops = TraceTestOptions {
            monodromy: MonodromyOptions {
                target: Some(1),
                ..MonodromyOptions::default()
            },
            ..TraceTestOptions::default()
        };
        let r = fibre_trace_test(&family, &p, &fibre[..2], &no_loops).unwrap();
        assert_eq!(r.fibre_found, 2, "{r:?}");
        assert!(r.nonlinearity > 1e-3, "{r:?}");
        assert!(!r.verified);
        // and the complete fibre with W_2 found passes
        let full = fibre_trace_test(&family, &p, &fibre, &TraceTestOptions::default()).unwrap();
        assert!(full.verified, "{full:?}");
    }
}
