//! A small dense row-major matrix, generic over the scalar (f64, complex, dual numbers).

use std::ops::{Add, Mul, Neg, Sub};

/// Scalars the numeric loss, gradient and Hessian are generic over.
pub trait Scalar:
    Copy
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + Send
    + Sync
    + 'static
{
    /// The embedding of a real number.
    fn from_f64(v: f64) -> Self;
}

impl Scalar for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
}

impl Scalar for num_complex::Complex64 {
    fn from_f64(v: f64) -> Self {
        Self::new(v, 0.0)
    }
}

/// A dense `rows × cols` matrix stored row-major.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Matrix<T = f64> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

impl<T: Scalar> Matrix<T> {
    /// The zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        let mut m = Self::default();
        m.reset(rows, cols);
        m
    }

    /// The identity matrix.
    pub fn identity(n: usize) -> Self {
        let mut m = Self::default();
        m.set_identity(n);
        m
    }

    /// A matrix from row-major data.
    ///
    /// # Panics
    /// If `data.len() != rows * cols`.
    pub fn from_row_major(rows: usize, cols: usize, data: Vec<T>) -> Self {
        assert_eq!(data.len(), rows * cols, "matrix data length");
        Self { rows, cols, data }
    }

    /// A matrix from column-major data (`a_11, a_21, ..., a_12, ...`).
    ///
    /// # Panics
    /// If `data.len() != rows * cols`.
    pub fn from_col_major(rows: usize, cols: usize, data: &[T]) -> Self {
        let mut m = Self::default();
        m.set_col_major(rows, cols, data);
        m
    }

    /// The entries in column-major order.
    pub fn to_col_major(&self) -> Vec<T> {
        let mut v = Vec::with_capacity(self.data.len());
        for c in 0..self.cols {
            for r in 0..self.rows {
                v.push(self.data[r * self.cols + c]);
            }
        }
        v
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The row-major entries.
    pub fn data(&self) -> &[T] {
        &self.data
    }

    /// Entry `(r, c)`, 0-based.
    pub fn get(&self, r: usize, c: usize) -> T {
        self.data[r * self.cols + c]
    }

    /// Sets entry `(r, c)`.
    pub fn set(&mut self, r: usize, c: usize, v: T) {
        self.data[r * self.cols + c] = v;
    }

    /// The product `self · other`.
    pub fn matmul(&self, other: &Self) -> Self {
        let mut out = Self::default();
        self.matmul_into(other, &mut out);
        out
    }

    /// The transpose.
    pub fn transpose(&self) -> Self {
        let mut out = Self::default();
        self.transpose_into(&mut out);
        out
    }

    /// Makes `self` the zero `rows × cols` matrix, reusing its storage.
    pub fn reset(&mut self, rows: usize, cols: usize) {
        self.rows = rows;
        self.cols = cols;
        self.data.clear();
        self.data.resize(rows * cols, T::default());
    }

    /// Makes `self` the `n × n` identity, reusing its storage.
    pub fn set_identity(&mut self, n: usize) {
        self.reset(n, n);
        for i in 0..n {
            self.data[i * n + i] = T::from_f64(1.0);
        }
    }

    /// Makes `self` the `rows × cols` matrix of the column-major `data`, reusing its
    /// storage.
    ///
    /// # Panics
    /// If `data.len() != rows * cols`.
    pub fn set_col_major(&mut self, rows: usize, cols: usize, data: &[T]) {
        assert_eq!(data.len(), rows * cols, "matrix data length");
        self.reset(rows, cols);
        for c in 0..cols {
            for r in 0..rows {
                self.data[r * cols + c] = data[c * rows + r];
            }
        }
    }

    /// `out = self · other`, reusing the storage of `out` (the allocation-free
    /// [`matmul`](Self::matmul)).
    pub fn matmul_into(&self, other: &Self, out: &mut Self) {
        assert_eq!(self.cols, other.rows, "matrix product shapes");
        out.reset(self.rows, other.cols);
        for i in 0..self.rows {
            let dst = &mut out.data[i * other.cols..(i + 1) * other.cols];
            for k in 0..self.cols {
                let a = self.data[i * self.cols + k];
                let row = &other.data[k * other.cols..(k + 1) * other.cols];
                for (d, &b) in dst.iter_mut().zip(row) {
                    *d = *d + a * b;
                }
            }
        }
    }

    /// `out += self · otherᵀ` (`out` must be `self.rows × other.rows`).
    pub fn mul_transposed_add_into(&self, other: &Self, out: &mut Self) {
        assert_eq!(self.cols, other.cols, "matrix product shapes");
        assert_eq!((out.rows, out.cols), (self.rows, other.rows));
        for i in 0..self.rows {
            let a = &self.data[i * self.cols..(i + 1) * self.cols];
            for j in 0..other.rows {
                let b = &other.data[j * other.cols..(j + 1) * other.cols];
                let mut s = out.data[i * out.cols + j];
                for (&x, &y) in a.iter().zip(b) {
                    s = s + x * y;
                }
                out.data[i * out.cols + j] = s;
            }
        }
    }

    /// `out = selfᵀ`, reusing the storage of `out`.
    pub fn transpose_into(&self, out: &mut Self) {
        out.reset(self.cols, self.rows);
        for r in 0..self.rows {
            for c in 0..self.cols {
                out.data[c * self.rows + r] = self.data[r * self.cols + c];
            }
        }
    }

    /// `self += alpha · other`, entrywise.
    pub fn add_scaled(&mut self, alpha: T, other: &Self) {
        assert_eq!((self.rows, self.cols), (other.rows, other.cols));
        for (a, &b) in self.data.iter_mut().zip(&other.data) {
            *a = *a + alpha * b;
        }
    }

    /// The entrywise difference `self - other`.
    pub fn sub(&self, other: &Self) -> Self {
        self.entrywise(other, |a, b| a - b)
    }

    /// The entrywise sum `self + other`.
    pub fn add(&self, other: &Self) -> Self {
        self.entrywise(other, |a, b| a + b)
    }

    fn entrywise(&self, other: &Self, op: impl Fn(T, T) -> T) -> Self {
        assert_eq!((self.rows, self.cols), (other.rows, other.cols));
        Self {
            rows: self.rows,
            cols: self.cols,
            data: self
                .data
                .iter()
                .zip(&other.data)
                .map(|(&a, &b)| op(a, b))
                .collect(),
        }
    }

    /// Applies `f` to every entry.
    pub fn map<U: Scalar>(&self, f: impl Fn(T) -> U) -> Matrix<U> {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(|&v| f(v)).collect(),
        }
    }
}

impl Matrix<f64> {
    /// Whether every entry is finite.
    pub fn is_finite(&self) -> bool {
        self.data.iter().all(|v| v.is_finite())
    }
}
