//! Public mixed-volume and mixed-cell API over the tropical traversal.

use crate::support::{drop_segment_interiors, validate, with_origin, Support};
use crate::tropical;
use crate::PolytopeError;
use rug::Integer;

/// The seed used by [`mixed_volume`] (any seed gives the same mixed volume).
pub const DEFAULT_SEED: u64 = 0x4d56;

/// A mixed cell of the regular fine mixed subdivision induced by a lifting $w$.
///
/// For each support $A_i$ it uses two points: $a_i$ = `supports[i][indices[i][0]]` and
/// $b_i$ = `supports[i][indices[i][1]]`; with $\gamma = \text{normal}/\text{denominator}$,
/// $$ \langle a_i, \gamma\rangle + w_i(a_i) = \langle b_i, \gamma\rangle + w_i(b_i)
/// < \langle c, \gamma\rangle + w_i(c) \quad \text{for all } c \in A_i
/// \setminus \{a_i, b_i\}, $$
/// i.e. $(\gamma, 1)$ is the inner normal of the lower facet $\sum_i [(a_i, w(a_i)),
/// (b_i, w(b_i))]$ of the lifted Minkowski sum. Its volume is
/// $|\det(b_1 - a_1, \dots, b_n - a_n)|$, the number of roots of its binomial start
/// system in a polyhedral homotopy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MixedCell {
    /// The two point indices chosen in each support.
    pub indices: Vec<[usize; 2]>,
    /// The integer numerator $D\gamma$ of the inner normal.
    pub normal: Vec<Integer>,
    /// The positive denominator $D = |\det(b_i - a_i)_i|$ of the inner normal.
    pub denominator: Integer,
    /// The normalized volume $|\det(b_i - a_i)_i|$ (equal to `denominator`).
    pub volume: Integer,
}

/// The mixed cells of the subdivision induced by `lifting` (`lifting[i][k]` lifts the
/// point `k` of support `i`); their volumes sum to `mixed_volume`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MixedSubdivision {
    /// The integer lifting of every support point.
    pub lifting: Vec<Vec<i64>>,
    /// The mixed cells, in a deterministic order for a given seed.
    pub cells: Vec<MixedCell>,
    /// $MV(A_1, \dots, A_n) = \sum$ of the cell volumes.
    pub mixed_volume: Integer,
}

/// A support with fewer than two points is a single point (its polytope has no edge),
/// which forces $MV = 0$ without any traversal.
fn trivially_zero(supports: &[Support]) -> bool {
    supports.iter().any(|s| s.len() < 2)
}

/// The mixed volume $MV(\mathrm{conv} A_1, \dots, \mathrm{conv} A_n)$ (normalized so that
/// $MV(P, \dots, P) = n!\,\mathrm{vol}(P)$): by Bernstein's theorem the number of
/// isolated roots in $(\mathbb{C}^*)^n$ of a generic system with these supports.
/// Exact. Errors on an empty system, an empty support, a point of the wrong dimension
/// or a repeated point.
pub fn mixed_volume(supports: &[Support]) -> Result<Integer, PolytopeError> {
    mixed_volume_with_seed(supports, DEFAULT_SEED)
}

/// [`mixed_volume`] with the seed of the random lifting given (the value does not
/// depend on it; the work does, a little).
pub fn mixed_volume_with_seed(supports: &[Support], seed: u64) -> Result<Integer, PolytopeError> {
    Ok(count(supports, seed)?.0)
}

/// The mixed volume together with the number of mixed cells found.
pub(crate) fn count(supports: &[Support], seed: u64) -> Result<(Integer, u64), PolytopeError> {
    validate(supports)?;
    if trivially_zero(supports) {
        return Ok((Integer::new(), 0));
    }
    let reduced = drop_segment_interiors(supports);
    if std::env::var_os("POLYTOPE_STEPS").is_some() {
        let before: usize = supports.iter().map(Vec::len).sum();
        let after: usize = reduced.iter().map(Vec::len).sum();
        eprintln!("polytope: {before} points, {after} after dropping segment interiors");
    }
    let (_, _, sink) = tropical::run(&reduced, seed, false)?;
    if std::env::var_os("POLYTOPE_STEPS").is_some() {
        eprintln!(
            "polytope: {} nodes ({} in i128), {} cells",
            sink.steps, sink.wide, sink.count
        );
    }
    Ok((Integer::from(sink.volume), sink.count))
}

/// The mixed volume and the number of mixed cells, for reporting.
pub fn mixed_volume_and_cell_count(
    supports: &[Support],
    seed: u64,
) -> Result<(Integer, u64), PolytopeError> {
    count(supports, seed)
}

/// The Li–Wang bound on the isolated roots in $\mathbb{C}^n$: $MV(A_1 \cup \{0\}, \dots,
/// A_n \cup \{0\})$.
pub fn affine_mixed_volume(supports: &[Support]) -> Result<Integer, PolytopeError> {
    validate(supports)?;
    mixed_volume(&with_origin(supports))
}

/// The mixed cells of the regular fine mixed subdivision induced by a random lifting
/// drawn from `seed` (same seed, same lifting and cells).
pub fn mixed_cells(supports: &[Support], seed: u64) -> Result<MixedSubdivision, PolytopeError> {
    validate(supports)?;
    if trivially_zero(supports) {
        return Ok(MixedSubdivision {
            lifting: supports.iter().map(|s| vec![0; s.len()]).collect(),
            cells: vec![],
            mixed_volume: Integer::new(),
        });
    }
    let (lifting, cfg, sink) = tropical::run(supports, seed, true)?;
    let cells = sink
        .cells
        .into_iter()
        .map(|c| MixedCell {
            indices: c
                .pairs
                .iter()
                .map(|&[a, b]| {
                    [
                        cfg.original_index(a as usize),
                        cfg.original_index(b as usize),
                    ]
                })
                .collect(),
            normal: c.y.iter().map(|&v| Integer::from(v)).collect(),
            denominator: Integer::from(c.det),
            volume: Integer::from(c.det),
        })
        .collect();
    Ok(MixedSubdivision {
        lifting,
        cells,
        mixed_volume: Integer::from(sink.volume),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simplex(n: usize, d: u32) -> Support {
        let mut s = vec![vec![0; n]];
        for k in 0..n {
            let mut p = vec![0; n];
            p[k] = d;
            s.push(p);
        }
        s
    }

    #[test]
    fn total_degree() {
        for n in 1..5 {
            let s: Vec<Support> = (0..n).map(|i| simplex(n, i as u32 + 1)).collect();
            let want: u32 = (1..=n as u32).product();
            assert_eq!(mixed_volume(&s).unwrap(), want);
        }
    }

    #[test]
    fn univariate() {
        assert_eq!(mixed_volume(&[vec![vec![2], vec![7], vec![5]]]).unwrap(), 5);
        assert_eq!(mixed_volume(&[vec![vec![3]]]).unwrap(), 0);
    }

    #[test]
    fn dependent_supports_give_zero() {
        // both supports on the x-axis
        let s = vec![vec![vec![0, 0], vec![2, 0]], vec![vec![1, 0], vec![3, 0]]];
        assert_eq!(mixed_volume(&s).unwrap(), 0);
    }

    #[test]
    fn cells_are_valid() {
        let s = vec![
            vec![vec![0, 0], vec![1, 0], vec![0, 1], vec![2, 2]],
            vec![vec![1, 1], vec![3, 0], vec![0, 0], vec![0, 2]],
        ];
        let sub = mixed_cells(&s, 7).unwrap();
        assert_eq!(sub.mixed_volume, mixed_volume(&s).unwrap());
        let total: Integer = sub.cells.iter().map(|c| c.volume.clone()).sum();
        assert_eq!(total, sub.mixed_volume);
        assert_eq!(mixed_cells(&s, 7).unwrap(), sub);
    }
}
