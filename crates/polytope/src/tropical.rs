//! Mixed cells by a tropical homotopy in the lifting (after A. N. Jensen, "Tropical
//! homotopy continuation", 2016).
//!
//! ## The homotopy
//! For supports $A_1, \dots, A_n \subset \mathbb{N}^n$ (each translated into the
//! corner of the orthant) let $d_i$ be the largest total degree in $A_i$ and
//! $E_i = \{0, d_i e_1, \dots, d_i e_n\}$ the vertices of the simplex
//! $d_i\Delta \supseteq A_i$. We work with $S_i = E_i \sqcup A_i$, lifted by
//! $h(a) = w(a) + K$ on $A_i$ ($w$ seeded: random for `mixed_cells`, a random
//! refinement of the concave $-|a|^2$ for the count, see `concave_lift`) and
//! $h(e) = \omega(e)$ on $E_i$ with $\omega(0) = \omega(d_i e_i) = 0$, $\omega(d_i e_k) > 0$
//! random for $k \neq i$, and $K > \max \omega - \min w$.
//!
//! A *mixed cell* is a choice of two points $\{a_i, b_i\} \subset S_i$ per $i$ whose
//! difference vectors $v_i = b_i - a_i$ are linearly independent, with an inner
//! normal $\gamma \in \mathbb{Q}^n$:
//! $$ \langle a_i, \gamma\rangle + h(a_i) = \langle b_i, \gamma\rangle + h(b_i)
//! < \langle c, \gamma\rangle + h(c) \quad (c \in S_i \setminus \{a_i, b_i\}). $$
//! Its volume is $|\det(v_1, \dots, v_n)|$; for a generic lifting the volumes of the
//! mixed cells sum to the mixed volume of the configuration.
//!
//! * Start: the points of $A_i$ lie strictly above the lower hull of $E_i$ (their lift
//!   exceeds every $\omega$ and $A_i \subset \mathrm{conv}\,E_i$), so the only mixed
//!   cell is $\{0, d_i e_i\}_i$ with $\gamma = 0$ and volume $\prod_i d_i =
//!   MV(d_1\Delta, \dots, d_n\Delta)$.
//! * Stage $k = 1, \dots, n$ (one polytope at a time, as in Jensen's paper; supports
//!   taken by increasing $d_i$, then by increasing number of points, renumbered here so
//!   that stage $k$ is support $k$): the lifts of $E_k$ become $\omega + s$, $s$ from
//!   $0$ to $\infty$. Cells without points of $E_k$ do not move in this stage; when
//!   $s$ is past the last event, the cells still using a point of $E_k$ are dropped
//!   (they went to infinity) and the others are exactly the mixed cells of
//!   $(A_1, \dots, A_k, S_{k+1}, \dots, S_n)$, whose volumes sum to
//!   $MV(A_1, \dots, A_k, d_{k+1}\Delta, \dots, d_n\Delta)$. After stage $n$ the cells
//!   are the mixed cells of the subdivision of $(A_i, w)$ and their volumes sum to
//!   $MV(A_1, \dots, A_n)$.
//! * Before its stage, a support $S_i$ can only use points of $E_i$ (for every
//!   $\gamma$, $\langle a, \gamma\rangle + w(a) + K > \min_{e \in E_i} \langle e,
//!   \gamma\rangle + \omega(e)$ for $a \in A_i$), so its points $A_i$ are not scanned;
//!   and with $\omega = d_i\omega'$ the cells do not change when $E_i = d_i\Delta$ is
//!   replaced by $\Delta$ lifted by $\omega'$. Future simplices are therefore kept
//!   unit (as in the regeneration traverser of MixedSubdivisions.jl) and scaled by
//!   $d_i$ when their stage begins ($D \mapsto d_i D$, the other columns of the
//!   adjugate times $d_i$): the determinants stay near the cell volumes instead of
//!   carrying $\prod_{j > k} d_j$.
//!
//! ## Tracking
//! In a cell, $\gamma(s) = V^{-1}(r_0 + s r_1)$ is affine in $s$ and so is the slack
//! $f_c(s)$ of every other point. An *event* is the least $s$ where a slack reaches 0;
//! at a generic event exactly one point $c \in S_j$ becomes tight and the three pairs
//! of $\{a_j, b_j, c\}$ (with the other pairs kept) are the only candidate cells near
//! it. Each nonsingular candidate exists on exactly one side of the event (the sign of
//! the slope of its dropped point), and the volumes coming in equal those going out
//! (invariance of stable intersection). To visit every cell once, the cells leaving an
//! event are generated only from the incoming cell whose dropped point has the least
//! index. With the adjugate $M = \det(V) V^{-1}$ of the cell, the circuit coordinate
//! $q = \langle c - a_j, M e_j\rangle$ decides everything in $O(n)$: the candidate
//! $\{a_j, c\}$ has volume $|q|$ and leaves iff $q > 0$, the candidate $\{b_j, c\}$
//! has volume $|\det V - q|$ and leaves iff $q < |\det V|$ (signs normalized); the
//! adjugate of a new cell is a rank-one, exactly divisible update of $M$ ($O(n^2)$).
//! The traversal is a forest of independent subtrees, run in parallel with rayon in a
//! deterministic order. Before the traversal the mixed-volume count drops the points
//! of each support that lie inside a segment between two others (not vertices, so the
//! Newton polytopes do not change); `mixed_cells` keeps every point.
//!
//! All arithmetic is exact. Per node, bit bounds on $|D|$, $|M|$, $|y|$, the points
//! and the lifts decide whether the slack scan, $y = M r$, the circuit coordinates and
//! the adjugate update run in `i64` (exact division by $D$ through its inverse modulo
//! $2^{64}$; adjugates with every entry below $2^{62}$ are stored in `i64`) or in
//! overflow-checked `i128`; beyond `i128` the computation stops with
//! [`PolytopeError::Overflow`](crate::PolytopeError), never a wrapped value. Any tie (a
//! non-generic lifting) is detected exactly and the computation restarts with the next
//! seeded lifting.

use crate::PolytopeError;
use poly::Rng;
use rayon::prelude::*;

macro_rules! ck {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Err(Failure::Overflow),
        }
    };
}

/// Bits of the random lifting values when only counting (ties, detected exactly and
/// answered by a restart with the next lifting, have probability about $2^{-32}$ per
/// comparison; with the concave part of [`concave_lift`] the lifts stay below
/// $2^{52}$ and the slacks of most cells in `i64`).
const LIFT_BITS: u32 = 32;
/// Bits of the first random lifting values of [`crate::mixed_cells`] (small liftings
/// keep the powers of $t$ of a polyhedral homotopy small); restarts after a tie draw
/// more bits, up to [`LIFT_BITS`].
const CELL_LIFT_BITS: u32 = 20;
/// Restarts after a detected degenerate (non-generic) lifting.
const MAX_ATTEMPTS: u64 = 16;
/// Subtrees per rayon thread handed out after the breadth-first start.
const FRONTIER_PER_THREAD: usize = 256;

pub(crate) struct Config {
    pub n: usize,
    /// Global index of the first point of each equation; `start[n]` = number of points.
    pub start: Vec<usize>,
    /// Equation of each point.
    pub eq: Vec<usize>,
    /// Coordinates, `n` per point. The simplex points of support `i` are stored as
    /// $0, e_1, \dots, e_n$ and scaled by `degree[i]` in the stage of support `i`.
    pub coords: Vec<i64>,
    /// Nonzero coordinates of point `g`: `nz[span[g].0..span[g].1]`.
    span: Vec<(u32, u32)>,
    nz: Vec<(u32, i64)>,
    /// The support points by columns, for the slopes of all slacks at once: the
    /// support points are numbered by the stage of their support (`id_base[i]` + the
    /// index in support `i`); column `k` holds `(id, p_k)` for the points with
    /// $p_k \neq 0$, `csc[csc_start[k]..csc_end[k * n + stage]]` those of the supports
    /// of stages up to `stage`; `active[stage]` is the number of these points.
    id_base: Vec<u32>,
    csc_start: Vec<u32>,
    csc_end: Vec<u32>,
    csc: Vec<(u32, i64)>,
    active: Vec<u32>,
    /// $d_i$: the simplex of support `i` is $d_i\Delta$ in its stage.
    degree: Vec<i64>,
    /// Whether every (scaled) point has $\|p\|_1 < 2^{20}$ (then dots with
    /// $|y| < 2^{100}$ cannot overflow `i128`).
    small_points: bool,
    /// Bits of the largest $\|p\|_1$ and of twice the largest $|$lift$|$ (scaled).
    point_bits: u32,
    lift_bits: u32,
    /// The supports in the order of the stages (smallest simplex first, then fewest
    /// points, stable; largest-first made cyclic-10/11 about 30 % slower, fewest
    /// points first saves about 20 % of the nodes on the DLN systems), and each
    /// support's stage.
    order: Vec<usize>,
    rank: Vec<usize>,
    /// Constant part of the lift (simplex points: $\omega'$, scaled with the point).
    pub lift: Vec<i64>,
    /// 1 on the simplex points, 0 on the supports (the slope in `s` of the lift of
    /// the simplex points of the support of the current stage).
    pub slope: Vec<i64>,
}

/// A mixed cell found by the traversal (global point indices).
pub(crate) struct RawCell {
    pub pairs: Vec<[u32; 2]>,
    pub det: i128,
    pub y: Vec<i128>,
}

/// Where final cells go: kept, or only counted.
#[derive(Default)]
pub(crate) struct Sink {
    pub collect: bool,
    pub cells: Vec<RawCell>,
    pub volume: u128,
    pub count: u64,
    /// Nodes processed (for profiling).
    pub steps: u64,
    /// Nodes whose slacks needed `i128` (for profiling).
    pub wide: u64,
}

impl Sink {
    fn new(collect: bool) -> Self {
        Self {
            collect,
            ..Self::default()
        }
    }

    fn absorb(&mut self, other: Sink) -> Result<(), Failure> {
        self.volume = ck!(self.volume.checked_add(other.volume));
        self.count += other.count;
        self.steps += other.steps;
        self.wide += other.wide;
        self.cells.extend(other.cells);
        Ok(())
    }
}

pub(crate) enum Failure {
    Degenerate,
    Overflow,
}

struct Solved {
    det: i128,
    y0: Vec<i128>,
}

/// A cell being tracked: its pairs, the parameter $s$ where it starts, the signed
/// determinant $D = \det V$ and the adjugate $M = D V^{-1}$ (row-major, `M[k][j]`).
struct Node {
    pairs: Vec<[u32; 2]>,
    s_num: i128,
    s_den: i128,
    /// The stage: the support `order[stage]` has its simplex points lifted away (Jensen:
    /// one polytope at a time); simplex points of earlier supports are gone.
    stage: usize,
    det: i128,
    adj: Adj,
    /// Bits of the largest $|M_{kj}|$.
    adj_bits: u32,
}

/// The adjugate of a node: `i64` entries when every $|M_{kj}| < 2^{62}$ (`adj_bits <=
/// 62`), else `i128`.
enum Adj {
    Narrow(Vec<i64>),
    Wide(Vec<i128>),
}

impl Adj {
    /// The entries as `i128` (a copy for a narrow adjugate: the rare slow paths).
    fn wide(&self) -> std::borrow::Cow<'_, [i128]> {
        match self {
            Adj::Narrow(m) => m.iter().map(|&v| i128::from(v)).collect(),
            Adj::Wide(m) => std::borrow::Cow::Borrowed(&m[..]),
        }
    }

    /// The `i64` entries; the caller has checked `adj_bits <= 62`.
    fn narrow(&self) -> &[i64] {
        match self {
            Adj::Narrow(m) => m,
            Adj::Wide(_) => unreachable!("a wide adjugate with adj_bits <= 62"),
        }
    }

    /// The narrow form when the entries allow it.
    fn from_wide(m: Vec<i128>, adj_bits: u32) -> Self {
        if adj_bits <= 62 {
            Adj::Narrow(m.iter().map(|&v| v as i64).collect())
        } else {
            Adj::Wide(m)
        }
    }
}

/// Work buffers of one traversal thread (no allocation per node).
#[derive(Default)]
struct Scratch {
    yy0: Vec<i64>,
    yy1: Vec<i64>,
    acc: Vec<i64>,
    /// $\langle p, y_1 \rangle$ for the support points, by `id`.
    slopes: Vec<i64>,
    va: Vec<i128>,
    vb: Vec<i128>,
    y0: Vec<i128>,
    y1: Vec<i128>,
    /// Storage of finished nodes, reused by new ones.
    free_adj: Vec<Vec<i64>>,
    free_pairs: Vec<Vec<[u32; 2]>>,
}

impl Scratch {
    /// Return the storage of a finished node.
    fn recycle(&mut self, node: Node) {
        if let Adj::Narrow(m) = node.adj {
            self.free_adj.push(m);
        }
        self.free_pairs.push(node.pairs);
    }

    /// A copy of `pairs` in reused storage.
    fn pairs_from(&mut self, pairs: &[[u32; 2]]) -> Vec<[u32; 2]> {
        let mut v = self.free_pairs.pop().unwrap_or_default();
        v.clear();
        v.extend_from_slice(pairs);
        v
    }

    /// A copy of `m` in reused storage.
    fn adj_from(&mut self, m: &[i64]) -> Vec<i64> {
        let mut v = self.free_adj.pop().unwrap_or_default();
        v.clear();
        v.extend_from_slice(m);
        v
    }
}

/// The least event of a cell: the point becoming tight and its time $t =
/// \alpha / \beta$ ($\beta > 0$), and whether another point ties with it.
type Event = (Option<(usize, i128, i128)>, bool);

#[inline]
fn bits(v: i128) -> u32 {
    128 - v.unsigned_abs().leading_zeros()
}

fn max_bits(v: &[i128]) -> u32 {
    v.iter().map(|&x| bits(x)).max().unwrap_or(0)
}

/// Exact division by a fixed odd-times-power-of-two divisor in `i64`: $x / d =
/// (x \gg k)\, u^{-1} \bmod 2^{64}$ for $d = 2^k u$, $u$ odd, when $d \mid x$.
struct ExactDiv {
    shift: u32,
    inv: i64,
}

impl ExactDiv {
    fn new(d: i64) -> Self {
        let shift = d.trailing_zeros();
        let u = d >> shift;
        // Newton's iteration for u^{-1} mod 2^64 (each step doubles the correct bits)
        let mut inv = u;
        for _ in 0..5 {
            inv = inv.wrapping_mul(2i64.wrapping_sub(u.wrapping_mul(inv)));
        }
        Self { shift, inv }
    }

    #[inline]
    fn div(&self, x: i64) -> i64 {
        (x >> self.shift).wrapping_mul(self.inv)
    }
}

impl Config {
    /// Build the augmented configuration; `lifts[i][k]` is the lift of point `k` of
    /// support `i`.
    pub fn new(
        supports: &[Vec<Vec<u32>>],
        lifts: &[Vec<i64>],
        lift_bits: u32,
        rng: &mut Rng,
    ) -> Self {
        let n = supports.len();
        let mut start = Vec::with_capacity(n + 1);
        let (mut eq, mut coords, mut lift, mut slope) = (vec![], vec![], vec![], vec![]);
        let mut degree = Vec::with_capacity(n);
        let mut shifted = Vec::with_capacity(n);
        for s in supports {
            // translate the support into the corner (MV and cells are invariant)
            let shift: Vec<i64> = (0..n)
                .map(|k| s.iter().map(|p| i64::from(p[k])).min().unwrap_or(0))
                .collect();
            let pts: Vec<Vec<i64>> = s
                .iter()
                .map(|p| {
                    p.iter()
                        .zip(&shift)
                        .map(|(&e, &t)| i64::from(e) - t)
                        .collect()
                })
                .collect();
            let d = pts
                .iter()
                .map(|p: &Vec<i64>| p.iter().sum::<i64>())
                .max()
                .unwrap_or(0)
                .max(1);
            degree.push(d);
            shifted.push(pts);
        }
        let max_d = degree.iter().copied().max().unwrap_or(1);
        // K > max_i d_i * max omega' - min w: the support points lie strictly above
        // the lower hull of the lifted simplex
        let big = (max_d << lift_bits) + 1;
        for (i, pts) in shifted.iter().enumerate() {
            start.push(eq.len());
            // simplex vertices 0, e_1, ..., e_n (scaled by d_i in stage of support i)
            for k in 0..=n {
                eq.push(i);
                for m in 0..n {
                    coords.push(i64::from(k > 0 && m == k - 1));
                }
                let w = if k == 0 || k == i + 1 {
                    0
                } else {
                    1 + (rng.next_u64() % (1u64 << lift_bits)) as i64
                };
                lift.push(w);
                slope.push(1);
            }
            for (p, &w) in pts.iter().zip(&lifts[i]) {
                eq.push(i);
                coords.extend(p);
                lift.push(w + big);
                slope.push(0);
            }
        }
        start.push(eq.len());
        let mut span = Vec::with_capacity(eq.len());
        let mut nz = Vec::new();
        let mut max_l1 = max_d;
        for p in coords.chunks(n) {
            let lo = nz.len() as u32;
            nz.extend(
                p.iter()
                    .enumerate()
                    .filter(|&(_, &v)| v != 0)
                    .map(|(k, &v)| (k as u32, v)),
            );
            span.push((lo, nz.len() as u32));
            max_l1 = max_l1.max(p.iter().map(|v| v.abs()).sum::<i64>());
        }
        let max_lift = (0..eq.len())
            .map(|g| lift[g].abs() * if slope[g] != 0 { degree[eq[g]] } else { 1 })
            .max()
            .unwrap_or(0);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (degree[i], shifted[i].len()));
        let mut rank = vec![0; n];
        for (stage, &i) in order.iter().enumerate() {
            rank[i] = stage;
        }
        let mut id_base = vec![0u32; n];
        let mut active = Vec::with_capacity(n);
        let mut next = 0u32;
        for &i in &order {
            id_base[i] = next;
            next += shifted[i].len() as u32;
            active.push(next);
        }
        let (mut csc_start, mut csc_end, mut csc) = (vec![], vec![0u32; n * n], vec![]);
        for k in 0..n {
            csc_start.push(csc.len() as u32);
            for (stage, &i) in order.iter().enumerate() {
                for (q, p) in shifted[i].iter().enumerate() {
                    if p[k] != 0 {
                        csc.push((id_base[i] + q as u32, p[k]));
                    }
                }
                csc_end[k * n + stage] = csc.len() as u32;
            }
        }
        Self {
            n,
            id_base,
            csc_start,
            csc_end,
            csc,
            active,
            start,
            eq,
            coords,
            span,
            nz,
            degree,
            small_points: max_l1 < (1 << 20),
            point_bits: 64 - max_l1.unsigned_abs().leading_zeros(),
            lift_bits: 64 - (2 * max_lift).unsigned_abs().leading_zeros(),
            order,
            rank,
            lift,
            slope,
        }
    }

    /// Whether global point `g` is a simplex point of support `eq[g]`.
    #[inline]
    fn is_simplex(&self, g: usize) -> bool {
        self.slope[g] != 0
    }

    /// Scale of point `g` in `stage`: $d_i$ on the simplex points of the support of
    /// this stage, 1 elsewhere.
    #[inline]
    fn scale(&self, g: usize, stage: usize) -> i64 {
        if self.is_simplex(g) && self.rank[self.eq[g]] == stage {
            self.degree[self.eq[g]]
        } else {
            1
        }
    }

    /// Slope in $s$ of the lift of point `g` during `stage`: 1 on the simplex points
    /// of support `order[stage]`, 0 elsewhere.
    #[inline]
    fn slope_at(&self, g: usize, stage: usize) -> i64 {
        i64::from(self.is_simplex(g) && self.rank[self.eq[g]] == stage)
    }

    /// Constant part of the lift of point `g` in `stage`.
    #[inline]
    fn lift_at(&self, g: usize, stage: usize) -> i64 {
        self.lift[g] * self.scale(g, stage)
    }

    /// The points of support `j` that can become tight in `stage`, as two ranges
    /// with the scale and slope common to each: the simplex points while the support
    /// is current or in the future, the support points from its stage on. (In a
    /// future stage the support points lie strictly above the lower hull of the
    /// lifted simplex whatever the normal, so they are never tight.)
    #[inline]
    fn ranges(&self, j: usize, stage: usize) -> [(std::ops::Range<usize>, i64, i64); 2] {
        let mid = self.start[j] + self.n + 1;
        let r = self.rank[j];
        let e = if r >= stage { self.start[j]..mid } else { 0..0 };
        let a = if r <= stage {
            mid..self.start[j + 1]
        } else {
            0..0
        };
        let (sc, sl) = if r == stage {
            (self.degree[j], 1)
        } else {
            (1, 0)
        };
        [(e, sc, sl), (a, 1, 0)]
    }

    fn point(&self, g: usize) -> &[i64] {
        &self.coords[g * self.n..(g + 1) * self.n]
    }

    /// Whether global point `g` belongs to the original support (not the simplex).
    pub fn is_original(&self, g: usize) -> bool {
        !self.is_simplex(g)
    }

    /// Index of global point `g` within its original support.
    pub fn original_index(&self, g: usize) -> usize {
        g - self.start[self.eq[g]] - (self.n + 1)
    }

    /// Solve $V\gamma = r_0$ for a cell of original points by fraction-free (Bareiss)
    /// elimination: returns $D = |\det V|$ and $D\gamma_0$ (integers by Cramer's rule),
    /// or `None` when $V$ is singular.
    fn solve(&self, pairs: &[[u32; 2]]) -> Result<Option<Solved>, Failure> {
        let n = self.n;
        let w = n + 1;
        let mut m = vec![0i128; n * w];
        for (j, &[a, b]) in pairs.iter().enumerate() {
            let (a, b) = (a as usize, b as usize);
            let (pa, pb) = (self.point(a), self.point(b));
            for k in 0..n {
                m[j * w + k] = i128::from(pb[k] - pa[k]);
            }
            m[j * w + n] = i128::from(self.lift[a] - self.lift[b]);
        }
        let mut prev: i128 = 1;
        for k in 0..n {
            let Some(p) = (k..n).find(|&r| m[r * w + k] != 0) else {
                return Ok(None);
            };
            if p != k {
                for c in 0..w {
                    m.swap(p * w + c, k * w + c);
                }
            }
            let piv = m[k * w + k];
            for i in k + 1..n {
                let f = m[i * w + k];
                for c in k + 1..w {
                    let x = ck!(ck!(m[i * w + c].checked_mul(piv))
                        .checked_sub(ck!(f.checked_mul(m[k * w + c]))));
                    m[i * w + c] = x / prev;
                }
                m[i * w + k] = 0;
            }
            prev = piv;
        }
        let det = m[(n - 1) * w + n - 1];
        let mut y0 = vec![0i128; n];
        for k in (0..n).rev() {
            let mut acc = ck!(det.checked_mul(m[k * w + n]));
            for j in k + 1..n {
                acc = ck!(acc.checked_sub(ck!(m[k * w + j].checked_mul(y0[j]))));
            }
            y0[k] = acc / m[k * w + k];
        }
        let mut det = det;
        if det < 0 {
            det = -det;
            y0.iter_mut().for_each(|v| *v = -*v);
        }
        Ok(Some(Solved { det, y0 }))
    }

    /// $\langle p_g, y \rangle$ (stored coordinates) in `i64`; the caller has
    /// bounded it.
    #[inline]
    fn dot64(&self, g: usize, y: &[i64]) -> i64 {
        let (lo, hi) = self.span[g];
        self.nz[lo as usize..hi as usize]
            .iter()
            .map(|&(k, v)| y[k as usize] * v)
            .sum()
    }

    /// $\langle p_g, y \rangle$ (stored coordinates); `fast` (no overflow checks) only
    /// when the caller has checked $|y_k| < 2^{100}$ and the points are small.
    #[inline]
    fn dot(&self, g: usize, y: &[i128], fast: bool) -> Result<i128, Failure> {
        let (lo, hi) = self.span[g];
        let nz = &self.nz[lo as usize..hi as usize];
        if fast {
            return Ok(nz.iter().map(|&(k, v)| y[k as usize] * i128::from(v)).sum());
        }
        let mut acc: i128 = 0;
        for &(k, v) in nz {
            acc = ck!(acc.checked_add(ck!(y[k as usize].checked_mul(i128::from(v)))));
        }
        Ok(acc)
    }

    fn start_node(&self) -> Node {
        let n = self.n;
        let pairs: Vec<[u32; 2]> = (0..n)
            .map(|i| [self.start[i] as u32, (self.start[i] + 1 + i) as u32])
            .collect();
        // V = diag(v_i), v_i = d_i for the support of stage 0 and 1 otherwise:
        // D = prod v_i, adj = diag(D / v_i)
        let d: Vec<i128> = (0..n)
            .map(|i| i128::from(self.scale(self.start[i] + 1 + i, 0)))
            .collect();
        let det: i128 = d.iter().product();
        let mut adj = vec![0i128; n * n];
        for i in 0..n {
            adj[i * n + i] = det / d[i];
        }
        Node {
            pairs,
            s_num: 0,
            s_den: 1,
            stage: 0,
            det,
            adj_bits: max_bits(&adj),
            adj: Adj::from_wide(adj.clone(), max_bits(&adj)),
        }
    }

    /// $\langle p_c - p_a, u \rangle$ (scaled coordinates of `stage`) for each
    /// column `u` of the adjugate listed in `cols`, written to `out[col]`.
    fn diff_dot_cols(
        &self,
        c: usize,
        a: usize,
        node: &Node,
        out: &mut [i128],
        scratch: &mut Scratch,
    ) -> Result<(), Failure> {
        let n = self.n;
        let stage = node.stage;
        let (sc, sa) = (self.scale(c, stage), self.scale(a, stage));
        let (pc, pa) = (self.point(c), self.point(a));
        out.iter_mut().for_each(|v| *v = 0);
        if node.adj_bits + self.point_bits < 62 {
            let adj = node.adj.narrow();
            // |<p_c - p_a, u>| <= ||p_c - p_a||_1 max |u_k| < 2^62
            let acc = &mut scratch.acc;
            acc.clear();
            acc.resize(n, 0);
            for k in 0..n {
                let d = sc * pc[k] - sa * pa[k];
                if d != 0 {
                    let row = &adj[k * n..(k + 1) * n];
                    for (o, &m) in acc.iter_mut().zip(row) {
                        *o += m * d;
                    }
                }
            }
            for (o, &v) in out.iter_mut().zip(acc.iter()) {
                *o = i128::from(v);
            }
            return Ok(());
        }
        let adj = node.adj.wide();
        for k in 0..n {
            let d = i128::from(sc * pc[k] - sa * pa[k]);
            if d != 0 {
                let row = &adj[k * n..(k + 1) * n];
                for (o, &m) in out.iter_mut().zip(row) {
                    *o = ck!(o.checked_add(ck!(m.checked_mul(d))));
                }
            }
        }
        Ok(())
    }

    /// The least event with exact `i64` slacks (the caller has bounded every slack
    /// and dot product by $2^{62}$); products compared in `i128`.
    ///
    /// The slope $\beta_c$ of every slack is computed first (one sparse dot with
    /// $y_1$); the value $\alpha_c$ (a dot with $y_0$) only where $\beta_c < 0$, and
    /// everywhere in the first node of a stage (`s = 0`) and in debug builds, where the
    /// slack at the current $s$ is checked to be positive. Skipping that check in the
    /// other nodes is exact: a node created at an event $s^*$ has the normal
    /// $\gamma(s^*)$ of its parent, so its slacks at $s^*$ are the parent's: positive
    /// for the points whose parent slope was $\ge 0$ (by induction from the first node
    /// of the stage), positive for the other points except the entering one (a second
    /// point reaching 0 at $s^*$ is a tie, detected in the parent), and 0 with a
    /// positive slope for the dropped point.
    fn scan64(
        &self,
        node: &Node,
        dh: i128,
        y0: &[i128],
        y1: &[i128],
        scratch: &mut Scratch,
    ) -> Result<Event, Failure> {
        let stage = node.stage;
        let n = self.n;
        let yy0 = &mut scratch.yy0;
        yy0.clear();
        yy0.extend(y0.iter().map(|&u| u as i64));
        let yy1 = &mut scratch.yy1;
        yy1.clear();
        yy1.extend(y1.iter().map(|&u| u as i64));
        let (yy0, yy1) = (&yy0[..], &yy1[..]);
        let no_slope = yy1.iter().all(|&v| v == 0);
        let check_all = node.s_num == 0 || cfg!(debug_assertions);
        let slopes = &mut scratch.slopes;
        slopes.clear();
        slopes.resize(self.active[stage] as usize, 0);
        if !no_slope {
            // <p, y1> for every support point of the supports of stages <= stage,
            // column by column (y1 has many zeros)
            for (k, &yk) in yy1.iter().enumerate() {
                if yk == 0 {
                    continue;
                }
                let (lo, hi) = (
                    self.csc_start[k] as usize,
                    self.csc_end[k * n + stage] as usize,
                );
                for &(id, v) in &self.csc[lo..hi] {
                    slopes[id as usize] += yk * v;
                }
            }
        }
        let slopes = &slopes[..];
        let dh64 = dh as i64;
        let s64 = i64::try_from(node.s_num)
            .ok()
            .zip(i64::try_from(node.s_den).ok());
        let current = self.order[stage];
        let mut best: Option<(usize, i64, i64)> = None;
        let mut tie = false;
        // a candidate c with slack alpha + beta s, beta < 0
        let mut offer = |c: usize, alpha: i64, beta: i64| {
            let nb = -beta;
            match best {
                None => best = Some((c, alpha, nb)),
                Some((_, ba, bb)) => {
                    let lhs = i128::from(alpha) * i128::from(bb);
                    let rhs = i128::from(ba) * i128::from(nb);
                    if lhs < rhs {
                        best = Some((c, alpha, nb));
                        tie = false;
                    } else if lhs == rhs {
                        tie = true;
                    }
                }
            }
        };
        // the slack alpha + beta s must be positive at the current s >= 0
        let check = |alpha: i64, beta: i64| -> Result<(), Failure> {
            if alpha <= 0 {
                let val = match s64 {
                    // |products| < 2^125: no overflow
                    Some((sn, sd)) => {
                        i128::from(alpha) * i128::from(sd) + i128::from(beta) * i128::from(sn)
                    }
                    None => ck!(ck!(i128::from(alpha).checked_mul(node.s_den))
                        .checked_add(ck!(i128::from(beta).checked_mul(node.s_num)))),
                };
                if val < 0 || (val == 0 && beta == 0) {
                    debug_assert!(node.s_num == 0, "a slack not positive after an event");
                    return Err(Failure::Degenerate);
                }
            }
            Ok(())
        };
        for (j, &[a, b]) in node.pairs.iter().enumerate() {
            if no_slope && !check_all && j != current {
                // every slope of this support is 0: no event, positive slacks
                continue;
            }
            let (a, b) = (a as usize, b as usize);
            let sa = self.scale(a, stage);
            let a_dot0 = sa * self.dot64(a, yy0);
            let a_dot1 = sa * self.dot64(a, yy1);
            let (lift_a, slope_a) = (self.lift_at(a, stage), self.slope_at(a, stage));
            let simplex0 = self.start[j];
            let mid = simplex0 + n + 1;
            let [(simplex, sc, sl), (support, _, _)] = self.ranges(j, stage);
            // simplex points 0, e_1, ..., e_n (scaled by sc): dots read off y
            let ds = sl - slope_a;
            for c in simplex {
                let (d0, d1) = match c - simplex0 {
                    0 => (0, 0),
                    k => (yy0[k - 1], yy1[k - 1]),
                };
                let beta = dh64 * ds + sc * d1 - a_dot1;
                if beta < 0 {
                    offer(
                        c,
                        sc * d0 - a_dot0 + dh64 * (sc * self.lift[c] - lift_a),
                        beta,
                    );
                } else if check_all && c != a && c != b {
                    check(sc * d0 - a_dot0 + dh64 * (sc * self.lift[c] - lift_a), beta)?;
                }
            }
            // support points (scale 1, slope 0): slopes from the column pass
            if support.is_empty() {
                continue;
            }
            let cst = -dh64 * slope_a - a_dot1;
            if no_slope && cst >= 0 && !check_all {
                continue;
            }
            let base = self.id_base[j] as usize + (support.start - mid);
            let sl1 = &slopes[base..base + support.len()];
            for (c, &d1) in support.zip(sl1) {
                // a and b have slack 0 and slope 0: never candidates
                let beta = cst + d1;
                if beta < 0 {
                    offer(
                        c,
                        self.dot64(c, yy0) - a_dot0 + dh64 * (self.lift[c] - lift_a),
                        beta,
                    );
                } else if check_all && c != a && c != b {
                    check(
                        self.dot64(c, yy0) - a_dot0 + dh64 * (self.lift[c] - lift_a),
                        beta,
                    )?;
                }
            }
        }
        Ok((best.map(|(c, a, b)| (c, i128::from(a), i128::from(b))), tie))
    }

    /// The least event in `i128` (overflow-checked unless bounds allow otherwise).
    fn scan128(
        &self,
        node: &Node,
        dh: i128,
        y0: &[i128],
        y1: &[i128],
        any_slope: bool,
    ) -> Result<Event, Failure> {
        let stage = node.stage;
        let (s_num, s_den) = (node.s_num, node.s_den);
        // Bit bounds decide whether the scan may skip overflow checks.
        let ybits = y0.iter().chain(y1).map(|&v| bits(v)).max().unwrap_or(0);
        let abits = (ybits + self.point_bits + 1).max(bits(dh) + self.lift_bits) + 1;
        let sbits = bits(s_num).max(bits(s_den));
        let fast = self.small_points && 2 * abits < 125 && abits + sbits < 125;
        let mul = |x: i128, y: i128| -> Result<i128, Failure> {
            if fast {
                Ok(x * y)
            } else {
                x.checked_mul(y).ok_or(Failure::Overflow)
            }
        };
        let add = |x: i128, y: i128| -> Result<i128, Failure> {
            if fast {
                Ok(x + y)
            } else {
                x.checked_add(y).ok_or(Failure::Overflow)
            }
        };
        let mut best: Option<(usize, i128, i128)> = None;
        let mut tie = false;
        for (j, &[a, b]) in node.pairs.iter().enumerate() {
            let (a, b) = (a as usize, b as usize);
            let sa = i128::from(self.scale(a, stage));
            let a_dot0 = mul(sa, self.dot(a, y0, fast)?)?;
            let a_dot1 = if any_slope {
                mul(sa, self.dot(a, y1, fast)?)?
            } else {
                0
            };
            let (lift_a, slope_a) = (self.lift_at(a, stage), self.slope_at(a, stage));
            for (range, sc, sl) in self.ranges(j, stage) {
                let ds = sl - slope_a;
                let sc128 = i128::from(sc);
                for c in range {
                    if c == a || c == b {
                        continue;
                    }
                    let mut beta = if ds != 0 { dh * i128::from(ds) } else { 0 };
                    if any_slope {
                        beta = add(beta, add(mul(sc128, self.dot(c, y1, fast)?)?, -a_dot1)?)?;
                    }
                    let alpha = add(
                        add(mul(sc128, self.dot(c, y0, fast)?)?, -a_dot0)?,
                        mul(dh, i128::from(sc * self.lift[c] - lift_a))?,
                    )?;
                    if beta < 0 {
                        let nb = -beta;
                        match best {
                            None => best = Some((c, alpha, nb)),
                            Some((_, ba, bb)) => {
                                let lhs = mul(alpha, bb)?;
                                let rhs = mul(ba, nb)?;
                                if lhs < rhs {
                                    best = Some((c, alpha, nb));
                                    tie = false;
                                } else if lhs == rhs {
                                    tie = true;
                                }
                            }
                        }
                    } else if alpha <= 0 {
                        let val =
                            ck!(ck!(alpha.checked_mul(s_den))
                                .checked_add(ck!(beta.checked_mul(s_num))));
                        if val < 0 || (val == 0 && beta == 0) {
                            return Err(Failure::Degenerate);
                        }
                    }
                }
            }
        }
        Ok((best, tie))
    }

    /// Process one node: a final cell goes to `out`, the cells after its next event
    /// (when it is the canonical incoming cell there) to `children`.
    fn step(
        &self,
        node: Node,
        children: &mut Vec<Node>,
        out: &mut Sink,
        scratch: &mut Scratch,
    ) -> Result<(), Failure> {
        out.steps += 1;
        let n = self.n;
        let (det, stage) = (node.det, node.stage);
        let sigma: i128 = if det < 0 { -1 } else { 1 };
        // the only pair with a slope: r1 = e_js (r1_js = slope(a) - slope(b))
        let js = self.order[stage];
        let [ja, jb] = node.pairs[js];
        let r1 = sigma
            * i128::from(self.slope_at(ja as usize, stage) - self.slope_at(jb as usize, stage));
        // y = sigma * M r: |D| gamma0 and |D| gamma1 = r1 M e_js
        let mut y0 = std::mem::take(&mut scratch.y0);
        let mut y1 = std::mem::take(&mut scratch.y1);
        y0.clear();
        y0.resize(n, 0);
        y1.clear();
        y1.resize(n, 0);
        let nbits = bits(n as i128);
        if node.adj_bits + self.lift_bits + nbits <= 62 {
            // every product and partial sum is below 2^62
            // y0_k = <row k of M, r0> (rows are contiguous)
            let adj = node.adj.narrow();
            let z = &mut scratch.yy0;
            z.clear();
            z.extend(node.pairs.iter().map(|&[a, b]| {
                let (a, b) = (a as usize, b as usize);
                (sigma as i64) * (self.lift_at(a, stage) - self.lift_at(b, stage))
            }));
            for (k, row) in adj.chunks_exact(n).enumerate() {
                let s0: i64 = row.iter().zip(z.iter()).map(|(&m, &r0)| m * r0).sum();
                y0[k] = i128::from(s0);
                y1[k] = i128::from(adj[k * n + js]) * r1;
            }
        } else {
            let adj = node.adj.wide();
            for (j, &[a, b]) in node.pairs.iter().enumerate() {
                let (a, b) = (a as usize, b as usize);
                let r0 = sigma * i128::from(self.lift_at(a, stage) - self.lift_at(b, stage));
                for k in 0..n {
                    let m = adj[k * n + j];
                    if m != 0 {
                        y0[k] = ck!(y0[k].checked_add(ck!(m.checked_mul(r0))));
                    }
                }
            }
            for k in 0..n {
                y1[k] = ck!(adj[k * n + js].checked_mul(r1));
            }
        }
        let result = self.step_with(node, children, out, scratch, &y0, &y1);
        scratch.y0 = y0;
        scratch.y1 = y1;
        result
    }

    /// [`Config::step`] once $y_0$ and $y_1$ are known.
    fn step_with(
        &self,
        node: Node,
        children: &mut Vec<Node>,
        out: &mut Sink,
        scratch: &mut Scratch,
        y0: &[i128],
        y1: &[i128],
    ) -> Result<(), Failure> {
        let n = self.n;
        let (det, stage) = (node.det, node.stage);
        let sigma: i128 = if det < 0 { -1 } else { 1 };
        let dh = det.abs();
        let any_slope = y1.iter().any(|&v| v != 0);
        let ybits = y0.iter().chain(y1).map(|&v| bits(v)).max().unwrap_or(0);
        let bound = (ybits + self.point_bits + 1).max(bits(dh) + self.lift_bits) + 1;
        let (best, tie) = if bound <= 62 {
            self.scan64(&node, dh, y0, y1, scratch)?
        } else {
            out.wide += 1;
            self.scan128(&node, dh, y0, y1, any_slope)?
        };
        let (s_num, s_den) = (node.s_num, node.s_den);
        if let Some((_, ba, bb)) = best {
            // the next event must lie strictly after the current s
            let x = ck!(ck!(ba.checked_mul(s_den)).checked_sub(ck!(bb.checked_mul(s_num))));
            if x <= 0 {
                return Err(Failure::Degenerate);
            }
        }
        let Some((c, t_num, t_den)) = best else {
            // end of this stage: drop the cell if it still uses a simplex point of the
            // support of this stage (it went to infinity), else go to the next stage
            let [a, b] = node.pairs[self.order[stage]];
            if !self.is_original(a as usize) || !self.is_original(b as usize) {
                scratch.recycle(node);
                return Ok(());
            }
            if stage + 1 < n {
                // the simplex of the next support grows from Delta to d Delta: its row
                // of V is scaled by d, so D' = d D and the other columns of M by d
                let jn = self.order[stage + 1];
                let d = i128::from(self.degree[jn]);
                let mut adj = node.adj.wide().into_owned();
                for row in adj.chunks_mut(n) {
                    for (k, v) in row.iter_mut().enumerate() {
                        if k != jn {
                            *v = ck!(v.checked_mul(d));
                        }
                    }
                }
                let adj_bits = max_bits(&adj);
                if let Adj::Narrow(m) = node.adj {
                    scratch.free_adj.push(m);
                }
                children.push(Node {
                    pairs: node.pairs,
                    stage: stage + 1,
                    s_num: 0,
                    s_den: 1,
                    det: ck!(det.checked_mul(d)),
                    adj_bits,
                    adj: Adj::from_wide(adj, adj_bits),
                });
                return Ok(());
            }
            if node
                .pairs
                .iter()
                .all(|&[a, b]| self.is_original(a as usize) && self.is_original(b as usize))
            {
                debug_assert!(matches!(
                    self.solve(&node.pairs),
                    Ok(Some(ref s)) if s.det == dh && s.y0 == y0
                ));
                out.volume = ck!(out.volume.checked_add(dh as u128));
                out.count += 1;
                if out.collect {
                    out.cells.push(RawCell {
                        pairs: node.pairs.clone(),
                        det: dh,
                        y: y0.to_vec(),
                    });
                }
            }
            scratch.recycle(node);
            return Ok(());
        };
        if tie {
            return Err(Failure::Degenerate);
        }
        let j = self.eq[c];
        let [a, b] = node.pairs[j];
        // circuit coordinates <c - a, M e_k> for every k; q = sigma <c - a, M e_j>
        let mut va = std::mem::take(&mut scratch.va);
        va.resize(n, 0);
        self.diff_dot_cols(c, a as usize, &node, &mut va, scratch)?;
        let signed = va[j];
        let q = sigma * signed;
        // candidate keeping a (dropping b): out iff q > 0; keeping b: out iff q < |D|
        let keep_a = q.signum();
        let keep_b = (dh - q).signum();
        if (keep_a < 0 && (b as usize) < c) || (keep_b < 0 && (a as usize) < c) {
            // another incoming cell is canonical for this event
            scratch.va = va;
            scratch.recycle(node);
            return Ok(());
        }
        let mut vb = std::mem::take(&mut scratch.vb);
        vb.resize(n, 0);
        for (keep, new_det, status) in [
            (a, signed, keep_a),
            (b, ck!(signed.checked_sub(det)), keep_b),
        ] {
            if status <= 0 {
                continue;
            }
            let v = if keep == a {
                &va
            } else {
                self.diff_dot_cols(c, keep as usize, &node, &mut vb, scratch)?;
                &vb
            };
            let mut pairs = scratch.pairs_from(&node.pairs);
            pairs[j] = [keep, c as u32];
            // M'[:,k] = (D' M[:,k] - M[:,j] <v', M[:,k]>) / D for k != j; M'[:,j] = M[:,j]
            let (adj, adj_bits) =
                if bits(new_det).max(max_bits(v)) + node.adj_bits <= 61 && bits(det) < 63 {
                    // both products below 2^61: the numerators and quotients fit in i64
                    let m = node.adj.narrow();
                    let mut new_adj = scratch.adj_from(m);
                    let ed = ExactDiv::new(det as i64);
                    let nd = new_det as i64;
                    let mut top = 0u64;
                    for (r, new_row) in new_adj.chunks_exact_mut(n).enumerate() {
                        let row = &m[r * n..(r + 1) * n];
                        let mj = row[j];
                        for (k, (o, (&x, &vk))) in
                            new_row.iter_mut().zip(row.iter().zip(v.iter())).enumerate()
                        {
                            if k == j {
                                continue;
                            }
                            let x = nd * x - mj * vk as i64;
                            let q = ed.div(x);
                            debug_assert_eq!(i128::from(q) * det, i128::from(x));
                            top = top.max(q.unsigned_abs());
                            *o = q;
                        }
                        top = top.max(mj.unsigned_abs());
                    }
                    (Adj::Narrow(new_adj), 64 - top.leading_zeros())
                } else {
                    let adj = node.adj.wide();
                    let mut new_adj = adj.to_vec();
                    let mut top = 0u128;
                    for r in 0..n {
                        let mj = adj[r * n + j];
                        for k in 0..n {
                            if k == j {
                                continue;
                            }
                            let x = ck!(ck!(new_det.checked_mul(adj[r * n + k]))
                                .checked_sub(ck!(mj.checked_mul(v[k]))));
                            debug_assert_eq!(x % det, 0);
                            let q = x / det;
                            top = top.max(q.unsigned_abs());
                            new_adj[r * n + k] = q;
                        }
                        top = top.max(mj.unsigned_abs());
                    }
                    let adj_bits = 128 - top.leading_zeros();
                    (Adj::from_wide(new_adj, adj_bits), adj_bits)
                };
            children.push(Node {
                pairs,
                s_num: t_num,
                s_den: t_den,
                stage,
                det: new_det,
                adj_bits,
                adj,
            });
        }
        scratch.va = va;
        scratch.vb = vb;
        scratch.recycle(node);
        Ok(())
    }

    /// Traverse the whole homotopy; cells in a deterministic order.
    pub fn traverse(&self, collect: bool) -> Result<Sink, Failure> {
        let threads = rayon::current_num_threads().max(1);
        let mut frontier = std::collections::VecDeque::from([self.start_node()]);
        let mut cells = Sink::new(collect);
        let mut children = Vec::new();
        let mut scratch = Scratch::default();
        while !frontier.is_empty() && frontier.len() < FRONTIER_PER_THREAD * threads {
            let node = frontier.pop_front().expect("nonempty");
            self.step(node, &mut children, &mut cells, &mut scratch)?;
            frontier.extend(children.drain(..));
        }
        let frontier: Vec<Node> = frontier.into();
        let parts: Vec<Result<Sink, Failure>> = frontier
            .into_par_iter()
            .map(|root| {
                let mut stack = vec![root];
                let mut out = Sink::new(collect);
                let mut children = Vec::new();
                let mut scratch = Scratch::default();
                while let Some(node) = stack.pop() {
                    self.step(node, &mut children, &mut out, &mut scratch)?;
                    // reverse so that the first child is processed first
                    stack.extend(children.drain(..).rev());
                }
                Ok(out)
            })
            .collect();
        for p in parts {
            cells.absorb(p?)?;
        }
        Ok(cells)
    }
}

/// The lifting $w(a) = (Q - |a|^2)\, 2^{\text{bits}} + r(a)$ of a support, $r$ the given
/// random values in $[0, 2^{\text{bits}})$ and $Q = \max_a |a|^2$: a random refinement of
/// the subdivision induced by the concave $-|a|^2$. Points inside the Newton polytope
/// are lifted above it and the mixed cells are few and large (DLN widths 2,2,2,2:
/// 452 cells and 108k tree nodes against about 5,000 cells and 580k nodes for a purely
/// random lifting); the mixed volume does not depend on the lifting. `None` if the
/// values would not fit comfortably in `i64`.
fn concave_lift(support: &[Vec<u32>], random: &[i64], bits: u32) -> Option<Vec<i64>> {
    let sq = |p: &Vec<u32>| -> Option<i64> {
        p.iter().try_fold(0i64, |acc, &e| {
            acc.checked_add(i64::from(e).checked_mul(i64::from(e))?)
        })
    };
    let squares: Vec<i64> = support.iter().map(sq).collect::<Option<_>>()?;
    let top = squares.iter().copied().max()?;
    if top >= 1 << 20 {
        return None;
    }
    Some(
        squares
            .iter()
            .zip(random)
            .map(|(&q, &r)| ((top - q) << bits) + r)
            .collect(),
    )
}

/// Run the homotopy on validated supports with seeded liftings, restarting on a
/// detected degenerate lifting. Returns the lifting of the original supports and the
/// cells.
pub(crate) fn run(
    supports: &[Vec<Vec<u32>>],
    seed: u64,
    collect: bool,
) -> Result<(Vec<Vec<i64>>, Config, Sink), PolytopeError> {
    // The lifts (below 2^(20 + bits) + d 2^bits) must stay far inside i64: fewer
    // random bits for huge degrees, and an error rather than a wrapped lift.
    let max_d = supports
        .iter()
        .flatten()
        .map(|p| p.iter().map(|&e| u64::from(e)).sum::<u64>())
        .max()
        .unwrap_or(0);
    let room = 58u32.saturating_sub(64 - max_d.leading_zeros());
    let first_bits = if collect { CELL_LIFT_BITS } else { LIFT_BITS }.min(room);
    if first_bits < 12 {
        return Err(PolytopeError::Overflow);
    }
    for attempt in 0..MAX_ATTEMPTS {
        // a tie of 20-bit lifts is likely once millions of cells are compared (widths
        // 4,3,2 in C^N: 2,146,689 paths, all 16 liftings tied): every second restart
        // draws 4 more bits, up to LIFT_BITS
        let bits = if collect {
            (CELL_LIFT_BITS + 4 * (attempt / 2) as u32)
                .min(LIFT_BITS)
                .min(room)
        } else {
            first_bits
        };
        let mut rng = Rng::substream(seed, attempt);
        let lifts: Vec<Vec<i64>> = supports
            .iter()
            .map(|s| {
                let random: Vec<i64> = s
                    .iter()
                    .map(|_| (rng.next_u64() % (1u64 << bits)) as i64)
                    .collect();
                if collect {
                    return random;
                }
                concave_lift(s, &random, bits).unwrap_or(random)
            })
            .collect();
        let cfg = Config::new(supports, &lifts, bits, &mut rng);
        match cfg.traverse(collect) {
            Ok(cells) => return Ok((lifts, cfg, cells)),
            Err(Failure::Degenerate) => {
                if std::env::var_os("POLYTOPE_STEPS").is_some() {
                    eprintln!("degenerate lifting, attempt {attempt}");
                }
                continue;
            }
            Err(Failure::Overflow) => return Err(PolytopeError::Overflow),
        }
    }
    Err(PolytopeError::Degenerate {
        attempts: MAX_ATTEMPTS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_division_by_inverse() {
        let mut rng = Rng::new(11);
        for d in [
            1i64,
            -1,
            2,
            -2,
            3,
            12,
            -96,
            1 << 20,
            7 * (1 << 13),
            -(1 << 40) + 1,
        ] {
            let ed = ExactDiv::new(d);
            for _ in 0..200 {
                let q = (rng.next_u64() % (1 << 20)) as i64 - (1 << 19);
                assert_eq!(ed.div(q * d), q, "d = {d}, q = {q}");
            }
        }
    }

    #[test]
    fn concave_lift_raises_inner_points() {
        // 0, e1, 2 e1: the midpoint lies strictly above the segment of the lifted ends
        let s = vec![vec![0, 0], vec![1, 0], vec![2, 0]];
        let r = [5, (1 << 8) - 1, 0];
        let w = concave_lift(&s, &r, 8).unwrap();
        assert!(w.iter().all(|&v| v >= 0));
        assert!(2 * w[1] > w[0] + w[2], "{w:?}");
        // exponents whose squares leave no room: no concave part
        assert!(concave_lift(&[vec![1 << 11, 0]], &[0], 8).is_none());
        assert!(concave_lift(&[vec![u32::MAX, 0]], &[0], 8).is_none());
    }

    #[test]
    fn count_and_cells_agree_across_liftings() {
        // the count uses the concave lifting, the cells a random one
        let s: Vec<Vec<Vec<u32>>> = vec![
            vec![
                vec![0, 0, 0],
                vec![2, 0, 0],
                vec![1, 1, 0],
                vec![0, 1, 2],
                vec![1, 1, 1],
            ],
            vec![vec![0, 0, 0], vec![0, 3, 0], vec![1, 0, 1], vec![0, 1, 1]],
            vec![vec![1, 0, 0], vec![0, 0, 2], vec![1, 1, 1], vec![0, 2, 0]],
        ];
        for seed in 0..5 {
            let (_, _, counted) = run(&s, seed, false).ok().unwrap();
            let (_, _, cells) = run(&s, seed, true).ok().unwrap();
            assert_eq!(counted.volume, cells.volume);
            assert!(counted.volume > 0);
        }
    }
}
