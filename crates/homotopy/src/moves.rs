//! Moving a set of solutions from one member of a family to another, completely.
//!
//! [`move_solutions`] is the parameter-homotopy move that the generic solves and the
//! instances of `dln`, the reduced systems and the trace test ([`crate::trace`]) share:
//! `f64` first, the failed and colliding paths again on the same homotopy with
//! adaptive precision, then new $\gamma$s with the endpoints pooled and deduplicated.

use crate::monodromy::{same_point, track_generic};
use crate::parameter::{FamilyEvaluator, ParameterError, ParameterHomotopy};
use crate::tracker::{TrackStats, TrackerOptions};
use num_complex::Complex64;
use poly::System;
use rayon::prelude::*;
use std::sync::Arc;

/// Moves solutions of `family` at `from` to `to` (generic-to-generic or
/// generic-to-instance). Every endpoint is a solution at `to` confirmed by Newton
/// ([`track_generic`]), whichever path found it, so the distinct accepted endpoints
/// form a set of solutions, complete once it has as many points as were moved (a
/// generic target has exactly as many isolated solutions as a generic source).
///
/// For one $\gamma$ the paths are a bijection from the start points to the target
/// solutions. They are first tracked in `f64` (`amp.while_tracking` off: a
/// multiprecision path costs about a hundred `f64` ones, and most paths that ask for
/// it end at the right point in `f64` anyway). The paths that fail, end at a point
/// `accept` refuses (off the component the points lie on: a jump), or end where
/// another path ends (path jumping; which one jumped is unknown) are then tracked
/// again *on the same homotopy* with `tracker`'s adaptive precision and at least its
/// accuracy: the points they miss are the images of their starts under this
/// bijection, so only the same $\gamma$ finds them (another $\gamma$ gives another
/// bijection: on `dln` widths 2,2,4, m = 2, retracking two failed starts with new $\gamma$s
/// found only points already known, four times). If points are still missing, the
/// paths are tracked again with a new $\gamma$ in the same way (`f64`, then the
/// suspects carefully), at most [`MOVE_ATTEMPTS`] homotopies in all, and the endpoints
/// of all attempts are pooled. A new $\gamma$ permutes the endpoints unpredictably, so
/// any path may find a missing point; it tracks its paths a chunk at a time and stops
/// as soon as none is missing (about half of the paths for one missing point, in
/// `f64`: on `dln` widths 2,3,3, m = 2, seed 44, the second homotopy took 202 s when
/// it tracked all 6,784 paths with adaptive precision). Returns the distinct accepted
/// endpoints, the paths tracked over all attempts, and the number of points still
/// missing. `fast_evaluator` evaluates the family in `f64` when given
/// ([`ParameterHomotopy::with_fast_evaluator`]).
#[allow(clippy::too_many_arguments)]
pub fn move_solutions(
    family: &System,
    fast_evaluator: Option<&Arc<dyn FamilyEvaluator>>,
    from: &[Complex64],
    to: &[Complex64],
    points: &[Vec<Complex64>],
    seed: u64,
    tracker: &TrackerOptions,
    accept: &(dyn Fn(&[Complex64]) -> bool + Sync),
) -> Result<(Vec<Vec<Complex64>>, u64, u64), ParameterError> {
    let mut careful = tracker.clone();
    careful.tolerance = careful.tolerance.min(TrackerOptions::default().tolerance);
    let mut fast = tracker.clone();
    fast.amp.while_tracking = false;
    let mut tracked = 0u64;
    let mut distinct: Vec<Vec<Complex64>> = Vec::new();
    for attempt in 0..MOVE_ATTEMPTS {
        let mut rng = poly::Rng::substream(seed, 1000 + attempt);
        let h = ParameterHomotopy::new(family, from, to, &mut rng)?
            .with_fast_evaluator(fast_evaluator.cloned());
        let track = |options: &TrackerOptions, i: usize| {
            track_generic(&h, options, &points[i], &mut TrackStats::default()).filter(|e| accept(e))
        };
        // the first homotopy tracks every path; a later one only until the missing
        // points are found, a chunk at a time
        let chunk = if attempt == 0 {
            points.len().max(1)
        } else {
            points.len().div_ceil(RETRY_CHUNKS).max(MIN_RETRY_CHUNK)
        };
        let mut ends: Vec<Option<Vec<Complex64>>> = vec![None; points.len()];
        let mut retracked = vec![false; points.len()];
        for lo in (0..points.len()).step_by(chunk) {
            let hi = (lo + chunk).min(points.len());
            let first: Vec<Option<Vec<Complex64>>> =
                (lo..hi).into_par_iter().map(|i| track(&fast, i)).collect();
            tracked += (hi - lo) as u64;
            for (i, e) in (lo..hi).zip(first) {
                ends[i] = e;
            }
            // failed and colliding paths (among this homotopy's paths so far) again, on
            // this homotopy, carefully
            let collided = collisions(&ends[..hi]);
            let suspects: Vec<usize> = (0..hi)
                .filter(|&i| !retracked[i] && (ends[i].is_none() || collided[i]))
                .collect();
            let again: Vec<Option<Vec<Complex64>>> =
                suspects.par_iter().map(|&i| track(&careful, i)).collect();
            tracked += suspects.len() as u64;
            for (&i, e) in suspects.iter().zip(again) {
                ends[i] = e;
                retracked[i] = true;
            }
            // this chunk's endpoints and those of earlier paths retracked now
            let earlier = suspects.iter().copied().filter(|&i| i < lo);
            let new = earlier.chain(lo..hi).filter_map(|i| ends[i].clone());
            add_distinct(&mut distinct, new);
            if distinct.len() >= points.len() {
                break;
            }
        }
        if distinct.len() >= points.len() {
            break;
        }
    }
    let missing = points.len().saturating_sub(distinct.len()) as u64;
    Ok((distinct, tracked, missing))
}

/// The pairs $(i, j)$, $i < j$, of `points` that can be the same point to $10^{-7}$
/// (`same_point`, either way round), unchecked: sorted by the real part of the first
/// coordinate, only neighbours within the tolerance window are paired
/// ($O(n \log n)$ for distinct points instead of all $n^2/2$ pairs).
fn close_pairs(points: &[&[Complex64]]) -> Vec<(usize, usize)> {
    let mut order: Vec<(f64, f64, usize)> = points
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let scale = 1.0 + e.iter().fold(0.0f64, |m, z| m.max(z.norm()));
            (e.first().map_or(0.0, |z| z.re), scale, i)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    // same_point(a, b) needs |a_0 - b_0| <= 1e-7 (1 + |a|), at most 1e-7 times the
    // largest scale
    let window = 1e-7 * order.iter().fold(1.0f64, |m, o| m.max(o.1));
    let mut pairs = Vec::new();
    for (k, &(x, _, i)) in order.iter().enumerate() {
        for &(y, _, j) in &order[k + 1..] {
            if y - x > window {
                break;
            }
            pairs.push((i.min(j), i.max(j)));
        }
    }
    pairs
}

/// For each endpoint, whether another one is the same point (`same_point` at
/// $10^{-7}$, either way round).
fn collisions(ends: &[Option<Vec<Complex64>>]) -> Vec<bool> {
    let found: Vec<(usize, &[Complex64])> = ends
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((i, e.as_deref()?)))
        .collect();
    let points: Vec<&[Complex64]> = found.iter().map(|f| f.1).collect();
    let mut out = vec![false; ends.len()];
    for (a, b) in close_pairs(&points) {
        let (p, q) = (points[a], points[b]);
        if same_point(p, q, 1e-7) || same_point(q, p, 1e-7) {
            out[found[a].0] = true;
            out[found[b].0] = true;
        }
    }
    out
}

/// Appends to `distinct` each of `new`, in order, that is not the same point
/// (`same_point(earlier, new, 1e-7)`) as one already kept.
fn add_distinct(distinct: &mut Vec<Vec<Complex64>>, new: impl IntoIterator<Item = Vec<Complex64>>) {
    let old = distinct.len();
    distinct.extend(new);
    let kept = {
        let points: Vec<&[Complex64]> = distinct.iter().map(Vec::as_slice).collect();
        let mut earlier: Vec<Vec<usize>> = vec![Vec::new(); points.len()];
        for (i, j) in close_pairs(&points) {
            earlier[j].push(i);
        }
        let mut kept = vec![true; points.len()];
        for j in old..points.len() {
            kept[j] = !earlier[j]
                .iter()
                .any(|&i| kept[i] && same_point(points[i], points[j], 1e-7));
        }
        kept
    };
    let mut k = 0;
    distinct.retain(|_| {
        k += 1;
        kept[k - 1]
    });
}

/// How many homotopies (values of $\gamma$) [`move_solutions`] uses at most.
pub const MOVE_ATTEMPTS: u64 = 3;

/// A homotopy after the first tracks its paths in this many chunks, stopping after the
/// chunk that completes the points ...
const RETRY_CHUNKS: usize = 8;

/// ... and chunks of at least this many paths (each chunk is tracked in parallel).
const MIN_RETRY_CHUNK: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_are_found_among_sorted_neighbours() {
        let p = |a: f64, b: f64| Some(vec![Complex64::new(a, 0.0), Complex64::new(b, 1.0)]);
        let ends = vec![
            p(0.5, 1.0),
            None,
            p(-3.0, 2.0),
            p(0.5 + 1e-12, 1.0),
            p(0.5, 1.5),
            p(1e3, 0.0),
            p(1e3 + 1e-5, 0.0),
        ];
        // 0 and 3 agree; 4 differs in the second coordinate only; 5 and 6 agree to
        // 1e-8 relative to their size
        assert_eq!(
            collisions(&ends),
            vec![true, false, false, true, false, true, true]
        );
        assert!(collisions(&[]).is_empty());
    }

    #[test]
    fn distinct_points_are_added_once_in_order() {
        let p = |a: f64| vec![Complex64::new(a, 0.0), Complex64::new(0.0, 1.0)];
        let mut d = vec![p(0.5), p(2.0)];
        add_distinct(
            &mut d,
            [p(0.5 + 1e-12), p(1.0), p(3.0), p(1.0 + 1e-12), p(2.0)],
        );
        assert_eq!(d, vec![p(0.5), p(2.0), p(1.0), p(3.0)]);
        let mut e = Vec::new();
        add_distinct(&mut e, [p(1.0), p(1.0)]);
        assert_eq!(e, vec![p(1.0)]);
    }

    /// A point refused twice (by the `f64` path and the careful retrack, on the first
    /// homotopy) is found on the second, which stops at the chunk that finds it.
    #[test]
    fn a_missing_point_is_found_by_the_next_gamma_early() {
        use std::sync::Mutex;
        let d = 150;
        let family = poly::parse_phc(&format!("1\n x^{d} - p;")).unwrap();
        let from = [Complex64::new(1.0, 0.0)];
        let to = [Complex64::new(2.0, 1.0)];
        let start: Vec<Vec<Complex64>> = (0..d)
            .map(|k| {
                vec![Complex64::from_polar(
                    1.0,
                    std::f64::consts::TAU * k as f64 / d as f64,
                )]
            })
            .collect();
        // the target root nearest to 1: refused the first two times it is reached
        let root = to[0].powf(1.0 / d as f64);
        let seen = Mutex::new(0);
        let accept = |e: &[Complex64]| {
            if (e[0] - root).norm() > 1e-6 {
                return true;
            }
            let mut n = seen.lock().unwrap();
            *n += 1;
            *n > 2
        };
        let (ends, tracked, missing) = move_solutions(
            &family,
            None,
            &from,
            &to,
            &start,
            3,
            &TrackerOptions::default(),
            &accept,
        )
        .unwrap();
        assert_eq!((ends.len(), missing), (d, 0));
        assert_eq!(*seen.lock().unwrap(), 3);
        for e in &ends {
            assert!((e[0].powu(d as u32) - to[0]).norm() < 1e-9);
        }
        // all d paths, one careful retrack, then chunks of 64 until the point is found
        assert!(
            tracked > d as u64 + 1 && tracked < 2 * d as u64 + 1,
            "{tracked}"
        );
    }
}
