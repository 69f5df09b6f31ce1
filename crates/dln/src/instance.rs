//! Data of a training problem: inputs $X$, outputs $Y$ and regularization matrices
//! $\Lambda_i$, either random from a seed (the papers' distributions) or from a file.

use crate::{Matrix, Network};
use poly::Rng;
use std::fmt;

/// One instance of the regularized loss: a network, $X \in \mathbb{R}^{d_x \times m}$,
/// $Y \in \mathbb{R}^{d_y \times m}$ and $\Lambda_i$ shaped like $W_i$.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Instance {
    /// The architecture.
    pub network: Network,
    /// Inputs, one data point per column ($d_x \times m$).
    pub x: Matrix,
    /// Outputs, one per column ($d_y \times m$).
    pub y: Matrix,
    /// $\Lambda_1, \dots, \Lambda_{H+1}$, $\Lambda_i$ of the shape of $W_i$.
    pub lambda: Vec<Matrix>,
}

/// Why data do not form an instance.
#[derive(Clone, Debug, PartialEq)]
pub enum InstanceError {
    /// A matrix has the wrong shape.
    Shape {
        /// Which matrix.
        name: String,
        /// Expected `(rows, cols)`.
        expected: (usize, usize),
        /// Found `(rows, cols)`.
        found: (usize, usize),
    },
    /// A matrix has a NaN or infinite entry.
    NonFinite(String),
    /// No data points (`m = 0`), or too many.
    Points(usize),
    /// Wrong number of regularization matrices.
    LambdaCount {
        /// $H + 1$.
        expected: usize,
        /// Given.
        found: usize,
    },
    /// `lambda_max` is not a positive finite number.
    LambdaMax(f64),
    /// A data file could not be read.
    Format(String),
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape {
                name,
                expected,
                found,
            } => write!(
                f,
                "{name} must be {}x{}, found {}x{}",
                expected.0, expected.1, found.0, found.1
            ),
            Self::NonFinite(name) => write!(f, "{name} has a NaN or infinite entry"),
            Self::Points(m) => write!(
                f,
                "the number of data points must be between 1 and {}, got {m}",
                Instance::MAX_POINTS
            ),
            Self::LambdaCount { expected, found } => write!(
                f,
                "expected {expected} regularization matrices (H + 1), found {found}"
            ),
            Self::LambdaMax(v) => write!(f, "lambda-max must be positive and finite, got {v}"),
            Self::Format(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for InstanceError {}

impl Instance {
    /// The largest number of data points accepted.
    pub const MAX_POINTS: usize = 1_000_000;

    /// An instance from explicit data, checking shapes and finiteness.
    pub fn new(
        network: Network,
        x: Matrix,
        y: Matrix,
        lambda: Vec<Matrix>,
    ) -> Result<Self, InstanceError> {
        let m = x.cols();
        if m == 0 || m > Self::MAX_POINTS {
            return Err(InstanceError::Points(m));
        }
        let check = |name: &str, mat: &Matrix, expected: (usize, usize)| {
            if (mat.rows(), mat.cols()) != expected {
                return Err(InstanceError::Shape {
                    name: name.to_string(),
                    expected,
                    found: (mat.rows(), mat.cols()),
                });
            }
            if !mat.is_finite() {
                return Err(InstanceError::NonFinite(name.to_string()));
            }
            Ok(())
        };
        check("X", &x, (network.d_x(), m))?;
        check("Y", &y, (network.d_y(), m))?;
        if lambda.len() != network.n_layers() {
            return Err(InstanceError::LambdaCount {
                expected: network.n_layers(),
                found: lambda.len(),
            });
        }
        for (i, l) in lambda.iter().enumerate() {
            check(&format!("Lambda_{}", i + 1), l, network.shape(i + 1))?;
        }
        Ok(Self {
            network,
            x,
            y,
            lambda,
        })
    }

    /// A random instance with the papers' distributions: entries of $X$ and $Y$ i.i.d.
    /// $N(0, 1)$, entries of every $\Lambda_i$ i.i.d. $U(0, \delta)$ with
    /// $\delta$ = `lambda_max`.
    ///
    /// The stream of [`Rng::new(seed)`](poly::Rng) is consumed in a fixed order:
    /// $X$ column-major, then $Y$ column-major, then $\Lambda_1, \Lambda_2, \dots$
    /// column-major. The same seed always gives the same instance.
    pub fn random(
        network: &Network,
        points: usize,
        seed: u64,
        lambda_max: f64,
    ) -> Result<Self, InstanceError> {
        if points == 0 || points > Self::MAX_POINTS {
            return Err(InstanceError::Points(points));
        }
        if !(lambda_max.is_finite() && lambda_max > 0.0) {
            return Err(InstanceError::LambdaMax(lambda_max));
        }
        let mut rng = Rng::new(seed);
        let mut normal = |rows, cols| {
            let v: Vec<f64> = (0..rows * cols).map(|_| rng.normal()).collect();
            Matrix::from_col_major(rows, cols, &v)
        };
        let x = normal(network.d_x(), points);
        let y = normal(network.d_y(), points);
        let lambda = (1..=network.n_layers())
            .map(|i| {
                let (r, c) = network.shape(i);
                let v: Vec<f64> = (0..r * c)
                    .map(|_| rng.uniform_in(0.0, lambda_max))
                    .collect();
                Matrix::from_col_major(r, c, &v)
            })
            .collect();
        Self::new(network.clone(), x, y, lambda)
    }

    /// The number of data points $m$.
    pub fn points(&self) -> usize {
        self.x.cols()
    }

    /// Reads an instance from JSON, the format written by
    /// [`to_json`](Self::to_json) and by `critpoints dln system --format json` (field
    /// `"instance"`):
    ///
    /// ```json
    /// {"widths": [2, 1, 2],
    ///  "x": [[1, 2], [3, 4]],            // d_x rows, m columns
    ///  "y": [[1, 3], [2, 4]],            // d_y rows, m columns
    ///  "lambda": [[[4, -3]], [[-2], [5]]]} // Λ_i as rows, shaped like W_i
    /// ```
    ///
    /// Matrices are lists of rows. Shapes and finiteness are checked as in
    /// [`new`](Self::new); `widths` may be omitted when `network` is given.
    pub fn from_json(text: &str, network: Option<&Network>) -> Result<Self, InstanceError> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| InstanceError::Format(format!("invalid JSON: {e}")))?;
        let v = v.get("instance").filter(|i| i.is_object()).unwrap_or(&v);
        let network = match (v.get("widths"), network) {
            (Some(w), _) => {
                let widths: Vec<usize> = serde_json::from_value(w.clone()).map_err(|e| {
                    InstanceError::Format(format!(
                        "`widths` must be a list of positive integers: {e}"
                    ))
                })?;
                let net = Network::new(widths).map_err(|e| InstanceError::Format(e.to_string()))?;
                if let Some(given) = network {
                    if *given != net {
                        return Err(InstanceError::Format(format!(
                            "the data are for widths {net}, not {given}"
                        )));
                    }
                }
                net
            }
            (None, Some(net)) => net.clone(),
            (None, None) => return Err(InstanceError::Format("missing `widths`".into())),
        };
        let matrix = |name: &str,
                      value: Option<&serde_json::Value>|
         -> Result<Matrix, InstanceError> {
            let value = value.ok_or_else(|| InstanceError::Format(format!("missing `{name}`")))?;
            let rows: Vec<Vec<f64>> = serde_json::from_value(value.clone()).map_err(|e| {
                InstanceError::Format(format!("`{name}` must be a list of rows of numbers: {e}"))
            })?;
            let cols = rows.first().map_or(0, Vec::len);
            if rows.iter().any(|r| r.len() != cols) {
                return Err(InstanceError::Format(format!(
                    "`{name}` has rows of different lengths"
                )));
            }
            let data: Vec<f64> = rows.into_iter().flatten().collect();
            Ok(Matrix::from_row_major(data.len() / cols.max(1), cols, data))
        };
        let x = matrix("x", v.get("x"))?;
        let y = matrix("y", v.get("y"))?;
        let lambda_values = v
            .get("lambda")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| InstanceError::Format("missing `lambda` (a list of matrices)".into()))?;
        let lambda = lambda_values
            .iter()
            .enumerate()
            .map(|(i, l)| matrix(&format!("lambda[{i}]"), Some(l)))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(network, x, y, lambda)
    }

    /// The instance as JSON (see [`from_json`](Self::from_json)).
    pub fn to_json(&self) -> serde_json::Value {
        let rows = |m: &Matrix| -> Vec<Vec<f64>> {
            (0..m.rows())
                .map(|r| (0..m.cols()).map(|c| m.get(r, c)).collect())
                .collect()
        };
        serde_json::json!({
            "widths": self.network.widths(),
            "x": rows(&self.x),
            "y": rows(&self.y),
            "lambda": self.lambda.iter().map(rows).collect::<Vec<_>>(),
        })
    }

    /// Reads the column-major CSV format of the reference data
    /// (`data/reference/mehta_table4_data.csv`): a header line, then lines
    /// `NAME,v1 v2 ...` for `X`, `Y`, `Lambda_1`, ..., `Lambda_{H+1}` with the entries
    /// of each matrix in column-major order, separated by spaces.
    pub fn from_column_major_csv(network: &Network, text: &str) -> Result<Self, InstanceError> {
        let mut rows = std::collections::HashMap::new();
        for (lineno, line) in text.lines().enumerate().skip(1) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (name, values) = line.split_once(',').ok_or_else(|| {
                InstanceError::Format(format!("line {}: expected NAME,values", lineno + 1))
            })?;
            let values: Result<Vec<f64>, _> =
                values.split_whitespace().map(str::parse::<f64>).collect();
            let values =
                values.map_err(|e| InstanceError::Format(format!("line {}: {e}", lineno + 1)))?;
            rows.insert(name.trim().to_string(), values);
        }
        let get = |name: &str, r: usize, c: Option<usize>| -> Result<Matrix, InstanceError> {
            let v = rows
                .get(name)
                .ok_or_else(|| InstanceError::Format(format!("missing row {name}")))?;
            let c = c.unwrap_or(v.len() / r.max(1));
            if v.len() != r * c || c == 0 {
                return Err(InstanceError::Format(format!(
                    "{name} has {} entries, expected a {r}x{c} matrix",
                    v.len()
                )));
            }
            Ok(Matrix::from_col_major(r, c, v))
        };
        let x = get("X", network.d_x(), None)?;
        let y = get("Y", network.d_y(), Some(x.cols()))?;
        let lambda = (1..=network.n_layers())
            .map(|i| {
                let (r, c) = network.shape(i);
                get(&format!("Lambda_{i}"), r, Some(c))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(network.clone(), x, y, lambda)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_instances_are_reproducible_and_in_range() {
        let net = Network::new(vec![3, 2, 2]).unwrap();
        let a = Instance::random(&net, 4, 99, 0.5).unwrap();
        let b = Instance::random(&net, 4, 99, 0.5).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, Instance::random(&net, 4, 100, 0.5).unwrap());
        assert_eq!((a.x.rows(), a.x.cols(), a.y.rows()), (3, 4, 2));
        for l in &a.lambda {
            assert!(l.data().iter().all(|&v| (0.0..0.5).contains(&v)));
        }
    }

    #[test]
    fn json_round_trip_and_errors() {
        let net = Network::new(vec![2, 3, 1]).unwrap();
        let inst = Instance::random(&net, 4, 8, 1.0).unwrap();
        let text = inst.to_json().to_string();
        assert_eq!(Instance::from_json(&text, None).unwrap(), inst);
        assert_eq!(Instance::from_json(&text, Some(&net)).unwrap(), inst);
        let other = Network::new(vec![2, 2, 1]).unwrap();
        assert!(Instance::from_json(&text, Some(&other)).is_err());
        for bad in [
            "",
            "[1,2]",
            r#"{"widths": [2, 1, 1], "x": [[1], [2]], "y": [[1]]}"#,
            r#"{"widths": [2, 1, 1], "x": [[1], [2, 3]], "y": [[1]], "lambda": [[[1, 1]], [[1]]]}"#,
            r#"{"widths": [2, 1, 1], "x": [[1], [2]], "y": [[1]], "lambda": [[[1, 1]]]}"#,
            r#"{"widths": [2, 0, 1], "x": [[1], [2]], "y": [[1]], "lambda": []}"#,
            r#"{"widths": [2, 1, 1], "x": [[1], ["a"]], "y": [[1]], "lambda": [[[1, 1]], [[1]]]}"#,
        ] {
            assert!(Instance::from_json(bad, None).is_err(), "{bad}");
        }
        let ok =
            r#"{"widths": [2, 1, 1], "x": [[1], [2]], "y": [[1]], "lambda": [[[1, 1]], [[1]]]}"#;
        assert_eq!(Instance::from_json(ok, None).unwrap().points(), 1);
    }

    #[test]
    fn bad_data_is_rejected() {
        let net = Network::new(vec![2, 1, 2]).unwrap();
        assert!(matches!(
            Instance::random(&net, 0, 1, 1.0),
            Err(InstanceError::Points(0))
        ));
        assert!(Instance::random(&net, 1, 1, f64::NAN).is_err());
        assert!(Instance::random(&net, 1, 1, -1.0).is_err());
        let good = Instance::random(&net, 2, 1, 1.0).unwrap();
        let mut x = good.x.clone();
        x.set(0, 0, f64::NAN);
        assert!(matches!(
            Instance::new(net.clone(), x, good.y.clone(), good.lambda.clone()),
            Err(InstanceError::NonFinite(_))
        ));
        assert!(matches!(
            Instance::new(
                net,
                good.x.clone(),
                Matrix::zeros(1, 2),
                good.lambda.clone()
            ),
            Err(InstanceError::Shape { .. })
        ));
    }
}
