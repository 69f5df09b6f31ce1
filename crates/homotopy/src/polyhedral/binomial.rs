//! Binomial systems $x^{v_i} = r_i$ ($i = 1, \dots, n$), solved exactly over the
//! integers and enumerated numerically in the torus.
//!
//! With $V$ the integer matrix of rows $v_i$ and $x = e^{z}$, the system reads
//! $V z = \log r + 2\pi i k$, $k \in \mathbb{Z}^n$. A diagonal form
//! $U V W = S = \mathrm{diag}(s_1, \dots, s_n)$ with unimodular $U$, $W$ (computed by
//! integer row and column operations in `rug::Integer`, exact) turns it into
//! $S w = U \log r + 2\pi i k'$ with $z = W w$: the $|\det V| = \prod_j s_j$ solutions are
//! $$ \operatorname{Im} z / 2\pi \equiv W S^{-1} (U \varphi + m) \pmod{\mathbb{Z}^n},
//! \qquad m_j \in \{0, \dots, s_j - 1\}, $$
//! with $\varphi_i = \arg(r_i)/2\pi$. The angle part is computed in exact rational
//! arithmetic ($\varphi$ read exactly from its `f64` value) and reduced modulo 1 before it
//! is rounded, so large entries of $U$ and $W$ cost no accuracy. The moduli
//! $\log |x| = \operatorname{Re} z = V^{-1} \log |r|$ come from one LU solve in `f64`.
//! No power $x^{v}$ is ever formed.

use crate::field::{lu_factor, lu_solve};
use num_complex::Complex64;
use rug::{Integer, Rational};

/// A unimodular diagonalization $U V W = \mathrm{diag}(s)$ of a nonsingular integer
/// matrix, $s_j > 0$.
#[derive(Clone, Debug)]
pub struct Diagonalization {
    /// The row transformation $U$ (row-major, $\det U = \pm 1$).
    pub u: Vec<Vec<Integer>>,
    /// The column transformation $W$ (row-major, $\det W = \pm 1$).
    pub w: Vec<Vec<Integer>>,
    /// The positive diagonal $s$; $\prod_j s_j = |\det V|$.
    pub diagonal: Vec<Integer>,
}

/// Diagonalizes the square integer matrix `v` (rows) by unimodular row and column
/// operations (Smith's algorithm without the divisibility normalization, which the
/// enumeration does not need). `None` if `v` is singular.
pub fn diagonalize(v: &[Vec<i64>]) -> Option<Diagonalization> {
    let n = v.len();
    let mut a: Vec<Vec<Integer>> = v
        .iter()
        .map(|r| r.iter().map(|&e| Integer::from(e)).collect())
        .collect();
    let identity = |n: usize| -> Vec<Vec<Integer>> {
        (0..n)
            .map(|i| (0..n).map(|j| Integer::from(u8::from(i == j))).collect())
            .collect()
    };
    let mut u = identity(n);
    let mut w = identity(n);
    for k in 0..n {
        loop {
            // the smallest nonzero entry of the trailing block becomes the pivot
            let mut best: Option<(usize, usize)> = None;
            for (i, row) in a.iter().enumerate().skip(k) {
                for (j, e) in row.iter().enumerate().skip(k) {
                    if *e != 0 {
                        let better = match best {
                            None => true,
                            Some((bi, bj)) => e.cmp_abs(&a[bi][bj]) == std::cmp::Ordering::Less,
                        };
                        if better {
                            best = Some((i, j));
                        }
                    }
                }
            }
            let (pi, pj) = best?;
            a.swap(k, pi);
            u.swap(k, pi);
            if pj != k {
                for row in a.iter_mut().chain(w.iter_mut()) {
                    row.swap(k, pj);
                }
            }
            let mut clean = true;
            // rows below: row_i -= q row_k
            for i in k + 1..n {
                if a[i][k] == 0 {
                    continue;
                }
                let q = Integer::from(&a[i][k] / &a[k][k]);
                for mat in [&mut a, &mut u] {
                    let (top, bottom) = mat.split_at_mut(i);
                    for (x, y) in bottom[0].iter_mut().zip(&top[k]) {
                        *x -= Integer::from(&q * y);
                    }
                }
                if a[i][k] != 0 {
                    clean = false;
                }
            }
            // columns to the right: col_j -= q col_k
            for j in k + 1..n {
                if a[k][j] == 0 {
                    continue;
                }
                let q = Integer::from(&a[k][j] / &a[k][k]);
                for row in a.iter_mut().chain(w.iter_mut()) {
                    let t = Integer::from(&q * &row[k]);
                    row[j] -= t;
                }
                if a[k][j] != 0 {
                    clean = false;
                }
            }
            if clean {
                break;
            }
        }
        if a[k][k] < 0 {
            for x in a[k].iter_mut().chain(u[k].iter_mut()) {
                *x = Integer::from(-&*x);
            }
        }
    }
    let diagonal = (0..n).map(|k| a[k][k].clone()).collect();
    Some(Diagonalization { u, w, diagonal })
}

/// The $|\det V|$ solutions of $x^{v_i} = r_i$ in $(\mathbb{C}^*)^n$, by index.
#[derive(Clone, Debug)]
pub struct BinomialSystem {
    n: usize,
    /// $\log|x|$ (the same for every solution).
    log_modulus: Vec<f64>,
    /// $W S^{-1} U \varphi \bmod 1$, the angle offset in turns.
    base_angle: Vec<f64>,
    /// The diagonal $s_j$.
    radix: Vec<u64>,
    /// $L = \operatorname{lcm}(s_j)$.
    lcm: i128,
    /// $(W_{ij} \bmod s_j)\,(L/s_j)$: $\operatorname{Im} z_i / 2\pi \equiv$ base
    /// $+ \sum_j c_{ij} m_j / L$.
    coefficients: Vec<Vec<i128>>,
    count: u64,
}

/// Why a binomial system could not be set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BinomialError {
    /// $\det V = 0$.
    Singular,
    /// A right-hand side $r_i$ is zero or not finite.
    BadRightHandSide,
    /// $|\det V|$ (the number of solutions) does not fit the enumeration (`u64`, with
    /// products in `i128`).
    TooManySolutions,
}

impl std::fmt::Display for BinomialError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Singular => f.write_str("singular binomial system"),
            Self::BadRightHandSide => f.write_str("zero or non-finite binomial coefficient"),
            Self::TooManySolutions => f.write_str("binomial system with too many solutions"),
        }
    }
}

impl BinomialSystem {
    /// Sets up $x^{v_i} = r_i$, $v_i$ = `v[i]`.
    pub fn new(v: &[Vec<i64>], r: &[Complex64]) -> Result<Self, BinomialError> {
        let n = v.len();
        assert!(v.iter().all(|row| row.len() == n) && r.len() == n);
        if r.iter()
            .any(|z| !(z.re.is_finite() && z.im.is_finite()) || *z == Complex64::default())
        {
            return Err(BinomialError::BadRightHandSide);
        }
        let d = diagonalize(v).ok_or(BinomialError::Singular)?;
        // count and lcm of the diagonal
        let mut count = Integer::from(1);
        let mut lcm = Integer::from(1);
        for s in &d.diagonal {
            count *= s;
            lcm = lcm.lcm(s);
        }
        let limit = Integer::from(1u64 << 40);
        if count > limit {
            return Err(BinomialError::TooManySolutions);
        }
        let count = count.to_u64().expect("bounded above");
        let radix: Vec<u64> = d
            .diagonal
            .iter()
            .map(|s| s.to_u64().expect("divides the count"))
            .collect();
        let lcm_i = lcm.to_i128().expect("divides the count");
        // moduli: V log|x| = log|r| in f64
        let mut m: Vec<Complex64> = v
            .iter()
            .flat_map(|row| row.iter().map(|&e| Complex64::new(e as f64, 0.0)))
            .collect();
        let mut piv = vec![0; n];
        if !lu_factor(&mut m, n, &mut piv) {
            return Err(BinomialError::Singular);
        }
        let mut rhs: Vec<Complex64> = r
            .iter()
            .map(|z| Complex64::new(z.norm().ln(), 0.0))
            .collect();
        lu_solve(&m, n, &piv, &mut rhs);
        let log_modulus: Vec<f64> = rhs.iter().map(|z| z.re).collect();
        // angles: W S^{-1} U phi mod 1, exactly
        let phi: Vec<Rational> = r
            .iter()
            .map(|z| {
                let turns = z.arg() / (2.0 * std::f64::consts::PI);
                Rational::from_f64(turns).expect("finite angle")
            })
            .collect();
        let w_vec: Vec<Rational> = (0..n)
            .map(|j| {
                let mut acc = Rational::new();
                for (uji, p) in d.u[j].iter().zip(&phi) {
                    acc += Rational::from(uji) * p;
                }
                acc / Rational::from(&d.diagonal[j])
            })
            .collect();
        let base_angle: Vec<f64> = (0..n)
            .map(|i| {
                let mut acc = Rational::new();
                for (wij, wj) in d.w[i].iter().zip(&w_vec) {
                    acc += Rational::from(wij) * wj;
                }
                let fl = Integer::from(acc.floor_ref());
                (acc - Rational::from(fl)).to_f64()
            })
            .collect();
        let coefficients: Vec<Vec<i128>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        let s = &d.diagonal[j];
                        let mut red = Integer::from(&d.w[i][j] % s);
                        if red < 0 {
                            red += s;
                        }
                        let scaled = red * (Integer::from(&lcm / s));
                        scaled.to_i128().expect("below the lcm")
                    })
                    .collect()
            })
            .collect();
        Ok(Self {
            n,
            log_modulus,
            base_angle,
            radix,
            lcm: lcm_i,
            coefficients,
            count,
        })
    }

    /// The number of solutions $|\det V|$.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// $\log |x_i|$, common to all solutions.
    pub fn log_modulus(&self) -> &[f64] {
        &self.log_modulus
    }

    /// Solution number `index` ($m$ in mixed radix over the $s_j$).
    pub fn solution(&self, index: u64) -> Vec<Complex64> {
        assert!(index < self.count, "solution index out of range");
        let mut rest = index;
        let m: Vec<i128> = self
            .radix
            .iter()
            .map(|&s| {
                let k = rest % s;
                rest /= s;
                i128::from(k)
            })
            .collect();
        (0..self.n)
            .map(|i| {
                let mut num: i128 = 0;
                for (c, mj) in self.coefficients[i].iter().zip(&m) {
                    // c < L and m_j < s_j <= L <= 2^40: no overflow
                    num = (num + c * mj) % self.lcm;
                }
                let turns = self.base_angle[i] + num as f64 / self.lcm as f64;
                let turns = turns - turns.floor();
                Complex64::from_polar(
                    self.log_modulus[i].exp(),
                    2.0 * std::f64::consts::PI * turns,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(v: &[Vec<i64>]) -> Integer {
        // Bareiss-free cofactor expansion is fine for the tiny test matrices
        let n = v.len();
        if n == 1 {
            return Integer::from(v[0][0]);
        }
        let mut acc = Integer::new();
        for j in 0..n {
            let minor: Vec<Vec<i64>> = v[1..]
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .filter(|&(c, _)| c != j)
                        .map(|(_, &e)| e)
                        .collect()
                })
                .collect();
            let term = Integer::from(v[0][j]) * det(&minor);
            if j % 2 == 0 {
                acc += term;
            } else {
                acc -= term;
            }
        }
        acc
    }

    fn matmul(a: &[Vec<Integer>], b: &[Vec<Integer>]) -> Vec<Vec<Integer>> {
        let n = a.len();
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        let mut s = Integer::new();
                        for (k, bk) in b.iter().enumerate() {
                            s += Integer::from(&a[i][k] * &bk[j]);
                        }
                        s
                    })
                    .collect()
            })
            .collect()
    }

    fn random_matrix(rng: &mut poly::Rng, n: usize, range: i64) -> Vec<Vec<i64>> {
        (0..n)
            .map(|_| {
                (0..n)
                    .map(|_| (rng.next_u64() % (2 * range as u64 + 1)) as i64 - range)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn diagonalization_reconstructs_and_is_unimodular() {
        let mut rng = poly::Rng::new(11);
        for n in 1..6 {
            for _ in 0..20 {
                let v = random_matrix(&mut rng, n, 4);
                let dv = det(&v);
                let Some(d) = diagonalize(&v) else {
                    assert_eq!(dv, 0);
                    continue;
                };
                let vi: Vec<Vec<Integer>> = v
                    .iter()
                    .map(|r| r.iter().map(|&e| Integer::from(e)).collect())
                    .collect();
                let s = matmul(&matmul(&d.u, &vi), &d.w);
                for (i, row) in s.iter().enumerate() {
                    for (j, e) in row.iter().enumerate() {
                        let want = if i == j {
                            d.diagonal[i].clone()
                        } else {
                            Integer::new()
                        };
                        assert_eq!(*e, want);
                    }
                }
                let u: Vec<Vec<i64>> =
                    d.u.iter()
                        .map(|r| r.iter().map(|e| e.to_i64().unwrap()).collect())
                        .collect();
                let w: Vec<Vec<i64>> =
                    d.w.iter()
                        .map(|r| r.iter().map(|e| e.to_i64().unwrap()).collect())
                        .collect();
                assert_eq!(det(&u).abs(), 1);
                assert_eq!(det(&w).abs(), 1);
                let prod: Integer = d.diagonal.iter().product();
                assert_eq!(prod, dv.abs());
            }
        }
    }

    #[test]
    fn singular_matrix_is_reported() {
        assert!(diagonalize(&[vec![1, 2], vec![2, 4]]).is_none());
        assert_eq!(
            BinomialSystem::new(
                &[vec![1, 2], vec![2, 4]],
                &[Complex64::new(1.0, 0.0), Complex64::new(2.0, 0.0)]
            )
            .unwrap_err(),
            BinomialError::Singular
        );
    }

    /// Every enumerated point solves the system (checked through logarithms, so large
    /// exponents do not overflow) and the points are pairwise distinct.
    #[test]
    fn solutions_solve_and_are_distinct() {
        let mut rng = poly::Rng::new(5);
        for n in 1..5 {
            for _ in 0..15 {
                let v = random_matrix(&mut rng, n, 3);
                if det(&v) == 0 {
                    continue;
                }
                let r: Vec<Complex64> = (0..n).map(|_| rng.complex_normal()).collect();
                let b = BinomialSystem::new(&v, &r).unwrap();
                assert_eq!(Integer::from(b.count()), det(&v).abs());
                let sols: Vec<Vec<Complex64>> = (0..b.count()).map(|k| b.solution(k)).collect();
                for x in &sols {
                    for (row, ri) in v.iter().zip(&r) {
                        // log x^v = sum v_j log x_j, compared modulo 2 pi i
                        let l: Complex64 =
                            row.iter().zip(x).map(|(&e, xj)| xj.ln() * e as f64).sum();
                        let diff = l - ri.ln();
                        let turns = diff.im / (2.0 * std::f64::consts::PI);
                        assert!(diff.re.abs() < 1e-10, "{diff}");
                        assert!((turns - turns.round()).abs() < 1e-10, "{diff}");
                    }
                }
                for (i, x) in sols.iter().enumerate() {
                    for y in &sols[..i] {
                        assert!(x.iter().zip(y).any(|(a, b)| (a - b).norm() > 1e-8));
                    }
                }
            }
        }
    }

    /// Large exponents: $x^{1000} = r$ has 1000 roots, all accurate.
    #[test]
    fn large_exponents_stay_accurate() {
        let v = vec![vec![1000, 1], vec![0, 1]];
        let r = [Complex64::new(0.3, 2.0), Complex64::new(-1.0, 0.5)];
        let b = BinomialSystem::new(&v, &r).unwrap();
        assert_eq!(b.count(), 1000);
        for k in (0..1000).step_by(37) {
            let x = b.solution(k);
            let lhs = (x[0].ln() * 1000.0 + x[1].ln()) - r[0].ln();
            let turns = lhs.im / (2.0 * std::f64::consts::PI);
            assert!(lhs.re.abs() < 1e-12 && (turns - turns.round()).abs() < 1e-11);
        }
    }
}
