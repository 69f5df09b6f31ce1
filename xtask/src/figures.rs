//! Figures 1-5 of `000` (Section V-C) from random instances: the data as CSV, the
//! figures as SVG and PNG (`plotters`).
//!
//! Every point of a figure is a statistic over `K` instances `Instance::random(net, m,
//! S + k, δ)` ($X, Y$ entries $N(0, 1)$, $\Lambda$ entries $U(0, \delta)$), solved like
//! the tables' instances ([`crate::samples`]): the same per-instance files, so a rerun
//! resumes and the tables' instances with $\delta = 1$ are shared. One generic solve per
//! network serves every $\delta$, and every $m \ge d_x$ (the moments family).
//!
//! - Fig. 1: mean $N_{\mathbb R}$ against $\delta$ ($H = 1$, $d_1 = 2$; one curve per
//!   $(d_x, d_y, m)$).
//! - Fig. 2: mean $N_{\mathbb R}$ against $d_x$ ($m = 1$, $d_y = 2$), $d_y$ ($m = 2$,
//!   $d_x = 2$) and $m$ ($d_x = d_y = 2$), $\Lambda \in [0, 1]$.
//! - Fig. 3: index distributions: the mean over the samples of $N_I / N_{\mathbb R}$
//!   (a sample without real points counts 0); left: widths 2,2,2, $m = 5$, several
//!   $\delta$; right: $m = 2$, $d_y = 2$, several $d_x$.
//! - Fig. 4: index distributions of widths 2,2,2 for several $m$.
//! - Fig. 5: min, mean and max over the samples of the global minimum of the loss
//!   against $\delta$ (widths 2,2,2, $m = 5$), log-log.

use crate::progress::Stage;
use crate::samples::{self, Sample, Stats};
use crate::Ctx;
use dln::Network;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

/// The font file the PNG figures are drawn with (Debian's `fonts-dejavu-core`; the SVG
/// figures name the family only, but their layout measures text with it too).
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// Resolution of the figures.
pub struct FigureSettings {
    /// Samples per point.
    pub samples: u64,
    /// The $\delta$ axis of Figures 1 and 5.
    pub deltas: Vec<f64>,
    /// The curves $(d_x, d_y, m)$ of Figure 1.
    pub fig1_cases: Vec<(usize, usize, usize)>,
    /// The $d_x$, $d_y$ and $m$ axes of Figure 2.
    pub fig2_dx: Vec<usize>,
    pub fig2_dy: Vec<usize>,
    pub fig2_m: Vec<usize>,
    /// The $\delta$ values of Figure 3 (left).
    pub fig3_deltas: Vec<f64>,
    /// The $d_x$ values of Figure 3 (right).
    pub fig3_dx: Vec<usize>,
    /// The $m$ values of Figure 4.
    pub fig4_m: Vec<usize>,
}

impl FigureSettings {
    /// `--quick`: the paper's cases at reduced resolution; `--full`: the paper's 1000
    /// samples and ranges. `samples` overrides the number of samples.
    pub fn new(quick: bool, samples: Option<u64>) -> Self {
        if quick {
            Self {
                // at δ = 1e-2 an instance of widths 2,2,2 takes 1-4 s (m = 2, 5); below,
                // instances of m = 5 take minutes (paths near the unregularized,
                // positive-dimensional solution sets); d_x = 3 with m < d_x needs its own
                // generic solves (about a minute)
                samples: samples.unwrap_or(6),
                deltas: vec![1e-2, 1e-1, 1.0, 10.0, 100.0],
                fig1_cases: vec![(2, 2, 1), (2, 2, 2), (2, 2, 5)],
                fig2_dx: vec![1, 2],
                fig2_dy: vec![1, 2],
                fig2_m: vec![1, 2, 3, 5],
                fig3_deltas: vec![1e-2, 1e-1, 1.0, 10.0],
                fig3_dx: vec![1, 2],
                fig4_m: vec![1, 2, 3, 4, 5],
            }
        } else {
            Self {
                samples: samples.unwrap_or(1000),
                deltas: vec![1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0],
                fig1_cases: vec![(2, 2, 1), (3, 2, 1), (2, 2, 2), (2, 3, 2), (2, 2, 5)],
                fig2_dx: vec![2, 3, 4, 5],
                fig2_dy: vec![2, 3, 4, 5],
                fig2_m: vec![1, 2, 3, 4, 5],
                fig3_deltas: vec![1e-5, 1e-3, 1e-1, 1.0, 10.0],
                fig3_dx: vec![2, 3, 4, 5],
                fig4_m: vec![1, 2, 3, 4, 5],
            }
        }
    }
}

/// The `--only` names of the figures.
pub const FIGURES: [&str; 5] = ["fig1", "fig2", "fig3", "fig4", "fig5"];

/// One curve of a figure.
struct Series {
    label: String,
    points: Vec<(f64, f64)>,
}

/// One figure: title, axes, curves.
struct Chart {
    title: String,
    x_label: String,
    y_label: String,
    x_log: bool,
    y_log: bool,
    /// The x axis has integer values (indices, widths, m).
    x_integer: bool,
    series: Vec<Series>,
}

/// Gathers the samples of the figures, with progress and soundness.
struct Gather<'a> {
    ctx: &'a mut Ctx,
    k: u64,
    stage: Stage,
    solved: usize,
    resumed: usize,
    /// Cases with failed paths or an N_C other than the generic one.
    problems: Vec<String>,
}

impl Gather<'_> {
    fn samples(&mut self, widths: &[usize], m: usize, delta: f64) -> Result<Vec<Sample>, String> {
        let net = Network::new(widths.to_vec()).map_err(|e| e.to_string())?;
        let w: Vec<String> = widths.iter().map(ToString::to_string).collect();
        let label = format!("{} m={m} δ={delta:e}", w.join(","));
        self.stage.message(label.clone());
        let (stage, solved, resumed) = (&self.stage, &mut self.solved, &mut self.resumed);
        let found = samples::collect(
            &mut self.ctx.store,
            &mut self.ctx.cache,
            &net,
            m,
            delta,
            self.ctx.seed,
            self.k,
            &mut |now| {
                if now {
                    *solved += 1;
                } else {
                    *resumed += 1;
                }
                stage.inc(1);
            },
        )?;
        let st = Stats::of(&found);
        if !st.sound() {
            self.problems.push(format!(
                "{label}: {} failed paths, N_C other than the generic count on seeds {:?}",
                st.failed, st.n_c_differs
            ));
        }
        Ok(found)
    }
}

/// Extends every curve of an index distribution with zeros to the highest index of
/// any of them.
fn pad(series: &mut [Series]) {
    let len = series.iter().map(|s| s.points.len()).max().unwrap_or(0);
    for s in series {
        for i in s.points.len()..len {
            s.points.push((i as f64, 0.0));
        }
    }
}

/// Mean over the samples of $N_I / N_{\mathbb R}$ for each index $I$ (0 for a sample
/// without real critical points), Section V-C.3 of `000`.
pub fn index_distribution(samples: &[Sample]) -> Vec<f64> {
    let len = samples
        .iter()
        .map(|s| s.index_counts.len())
        .max()
        .unwrap_or(0);
    let mut d = vec![0.0; len];
    for s in samples.iter().filter(|s| s.n_r > 0) {
        for (i, &c) in s.index_counts.iter().enumerate() {
            d[i] += c as f64 / s.n_r as f64;
        }
    }
    for v in &mut d {
        *v /= samples.len().max(1) as f64;
    }
    d
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    s / n.max(1) as f64
}

/// The global minima over the samples as the paper prints losses: $2L$ (Table III of
/// `000` prints $\|WX - Y\|^2 + \sum \lambda w^2$, twice the $L$ of equation (4)).
fn global_minima(samples: &[Sample]) -> Vec<f64> {
    samples
        .iter()
        .filter_map(|s| s.global_min.map(|v| 2.0 * v))
        .collect()
}

/// Computes the figures named in `only` (all when `None`) and writes, per figure,
/// `figN.csv`, `figN.svg` and `figN.png` into `out`, and `figures.md` with all of them.
/// Returns whether every instance was sound (no failed path, the generic N_C) and a
/// summary line.
pub fn figures(
    out: &Path,
    settings: &FigureSettings,
    only: &dyn Fn(&str) -> bool,
    ctx: &mut Ctx,
) -> Result<(bool, String), String> {
    let started = std::time::Instant::now();
    load_font()?;
    let s = settings;
    let k = s.samples;
    // how many samples: for the progress bar (shared cases counted once per use)
    let mut steps = 0u64;
    if only("fig1") {
        steps += (s.fig1_cases.len() * s.deltas.len()) as u64;
    }
    if only("fig2") {
        steps += (s.fig2_dx.len() + s.fig2_dy.len() + s.fig2_m.len()) as u64;
    }
    if only("fig3") {
        steps += (s.fig3_deltas.len() + s.fig3_dx.len()) as u64;
    }
    if only("fig4") {
        steps += s.fig4_m.len() as u64;
    }
    if only("fig5") {
        steps += s.deltas.len() as u64;
    }
    let mut g = Gather {
        ctx,
        k,
        stage: Stage::new("figures", steps * k),
        solved: 0,
        resumed: 0,
        problems: Vec::new(),
    };
    let mut md = format!(
        "<!-- generated by `cargo xtask reproduce-tables`, do not edit -->\n# Figures 1-5 of \
         000\n\nEach point is a statistic over {k} random instances (`Instance::random(net, m, \
         seed, δ)`, seeds {}..={}: X, Y entries N(0, 1), Λ entries U(0, δ)), every critical \
         point found by moving the generic critical points to the instance (`track_to`) and \
         analysed (`analysis::analyze`). The paper uses 1000 samples per point. The data of \
         each figure is in the CSV file beside it.\n\n",
        g.ctx.seed,
        g.ctx.seed + k - 1
    );
    let delta_label = "δ (Λ entries uniform in [0, δ])";
    let mut written = Vec::new();
    if only("fig1") {
        let mut csv = String::from("d_x,d_y,m,delta,samples,mean_N_R,min_N_R,max_N_R\n");
        let mut series = Vec::new();
        for &(dx, dy, m) in &s.fig1_cases {
            let mut points = Vec::new();
            for &delta in &s.deltas {
                let found = g.samples(&[dx, 2, dy], m, delta)?;
                let n_r: Vec<f64> = found.iter().map(|x| x.n_r as f64).collect();
                let mean_nr = mean(n_r.iter().copied());
                let _ = writeln!(
                    csv,
                    "{dx},{dy},{m},{delta:e},{},{mean_nr:.4},{},{}",
                    found.len(),
                    n_r.iter().copied().fold(f64::INFINITY, f64::min),
                    n_r.iter().copied().fold(0.0, f64::max)
                );
                points.push((delta, mean_nr));
            }
            series.push(Series {
                label: format!("d_x = {dx}, d_y = {dy}, m = {m}"),
                points,
            });
        }
        let chart = Chart {
            title: "Fig. 1: mean N_R against the range of Λ (H = 1, d_1 = 2)".into(),
            x_label: delta_label.into(),
            y_label: "mean N_R".into(),
            x_log: true,
            y_log: false,
            x_integer: false,
            series,
        };
        written.push(emit(out, "fig1", &chart, &csv)?);
    }
    if only("fig2") {
        let mut csv = String::from("series,d_x,d_y,m,samples,mean_N_R\n");
        let mut series = Vec::new();
        /// (d_x, d_y, m) of the value on the axis
        type Case = fn(usize) -> (usize, usize, usize);
        let cases: [(&str, &Vec<usize>, Case); 3] = [
            ("d_x (m = 1, d_y = 2)", &s.fig2_dx, |v| (v, 2, 1)),
            ("d_y (m = 2, d_x = 2)", &s.fig2_dy, |v| (2, v, 2)),
            ("m (d_x = d_y = 2)", &s.fig2_m, |v| (2, 2, v)),
        ];
        for (label, values, case) in cases {
            let mut points = Vec::new();
            for &v in values {
                let (dx, dy, m) = case(v);
                let found = g.samples(&[dx, 2, dy], m, 1.0)?;
                let mean_nr = mean(found.iter().map(|x| x.n_r as f64));
                let name = label.split(' ').next().unwrap_or(label);
                let _ = writeln!(csv, "{name},{dx},{dy},{m},{},{mean_nr:.4}", found.len());
                points.push((v as f64, mean_nr));
            }
            series.push(Series {
                label: format!("against {label}"),
                points,
            });
        }
        let chart = Chart {
            title: "Fig. 2: mean N_R against d_x, d_y and m (H = 1, d_1 = 2, Λ in [0, 1])".into(),
            x_label: "d_x, d_y or m".into(),
            y_label: "mean N_R".into(),
            x_log: false,
            y_log: false,
            x_integer: true,
            series,
        };
        written.push(emit(out, "fig2", &chart, &csv)?);
    }
    if only("fig3") {
        let mut csv = String::from("panel,d_x,d_y,m,delta,samples,index,mean_fraction\n");
        let mut left = Vec::new();
        for &delta in &s.fig3_deltas {
            let found = g.samples(&[2, 2, 2], 5, delta)?;
            let d = index_distribution(&found);
            for (i, v) in d.iter().enumerate() {
                let _ = writeln!(csv, "left,2,2,5,{delta:e},{},{i},{v:.6}", found.len());
            }
            left.push(Series {
                label: format!("Λ_max = {delta:e}"),
                points: d.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect(),
            });
        }
        let mut right = Vec::new();
        for &dx in &s.fig3_dx {
            let found = g.samples(&[dx, 2, 2], 2, 1.0)?;
            let d = index_distribution(&found);
            for (i, v) in d.iter().enumerate() {
                let _ = writeln!(csv, "right,{dx},2,2,1,{},{i},{v:.6}", found.len());
            }
            right.push(Series {
                label: format!("d_x = {dx}"),
                points: d.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect(),
            });
        }
        pad(&mut left);
        pad(&mut right);
        let charts = [
            Chart {
                title: "Fig. 3 (left): index distribution, d_x = d_y = d_1 = 2, m = 5".into(),
                x_label: "index I".into(),
                y_label: "mean of N_I / N_R".into(),
                x_log: false,
                y_log: false,
                x_integer: true,
                series: left,
            },
            Chart {
                title: "Fig. 3 (right): index distribution, m = 2, d_y = d_1 = 2, Λ in [0, 1]"
                    .into(),
                x_label: "index I".into(),
                y_label: "mean of N_I / N_R".into(),
                x_log: false,
                y_log: false,
                x_integer: true,
                series: right,
            },
        ];
        written.push(emit_pair(out, "fig3", &charts, &csv)?);
    }
    if only("fig4") {
        let mut csv = String::from("m,samples,index,mean_fraction\n");
        let mut series = Vec::new();
        for &m in &s.fig4_m {
            let found = g.samples(&[2, 2, 2], m, 1.0)?;
            let d = index_distribution(&found);
            for (i, v) in d.iter().enumerate() {
                let _ = writeln!(csv, "{m},{},{i},{v:.6}", found.len());
            }
            series.push(Series {
                label: format!("m = {m}"),
                points: d.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect(),
            });
        }
        pad(&mut series);
        let chart = Chart {
            title: "Fig. 4: index distribution for several m (d_x = d_y = d_1 = 2, Λ in [0, 1])"
                .into(),
            x_label: "index I".into(),
            y_label: "mean of N_I / N_R".into(),
            x_log: false,
            y_log: false,
            x_integer: true,
            series,
        };
        written.push(emit(out, "fig4", &chart, &csv)?);
    }
    if only("fig5") {
        let mut csv = String::from("delta,samples,with_minimum,min_2L,mean_2L,max_2L\n");
        let (mut lo, mut avg, mut hi) = (Vec::new(), Vec::new(), Vec::new());
        for &delta in &s.deltas {
            let found = g.samples(&[2, 2, 2], 5, delta)?;
            let v = global_minima(&found);
            if v.is_empty() {
                continue;
            }
            let (a, b, c) = (
                v.iter().copied().fold(f64::INFINITY, f64::min),
                mean(v.iter().copied()),
                v.iter().copied().fold(0.0, f64::max),
            );
            let _ = writeln!(
                csv,
                "{delta:e},{},{},{a:.8e},{b:.8e},{c:.8e}",
                found.len(),
                v.len()
            );
            lo.push((delta, a));
            avg.push((delta, b));
            hi.push((delta, c));
        }
        let chart = Chart {
            title:
                "Fig. 5: global minimum of the loss over the samples (d_x = d_y = d_1 = 2, m = 5)"
                    .into(),
            x_label: delta_label.into(),
            y_label: "global minimum 2L (the paper's scale)".into(),
            x_log: true,
            y_log: true,
            x_integer: false,
            series: vec![
                Series {
                    label: "maximum".into(),
                    points: hi,
                },
                Series {
                    label: "mean".into(),
                    points: avg,
                },
                Series {
                    label: "minimum".into(),
                    points: lo,
                },
            ],
        };
        written.push(emit(out, "fig5", &chart, &csv)?);
    }
    let sound = g.problems.is_empty();
    for (name, caption) in &written {
        let _ = writeln!(
            md,
            "## {caption}\n\n![{name}]({name}.png)\n\n[SVG]({name}.svg), [data]({name}.csv)\n"
        );
    }
    if !sound {
        md.push_str("**Errors** (failed paths or an N_C other than the generic count):\n");
        for p in &g.problems {
            let _ = writeln!(md, "- {p}");
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let _ = writeln!(
        md,
        "Instances: {} solved in this run, {} read from `instances/` (saved by an earlier run or an earlier part of this one); stage time {seconds:.1} s.",
        g.solved, g.resumed
    );
    crate::write(out, "figures.md", &md)?;
    let summary = format!(
        "{:<22} {} figures, {k} samples per point ({} solved, {} resumed): {} ({seconds:.0} s)",
        "figures (000)",
        written.len(),
        g.solved,
        g.resumed,
        if sound {
            "every instance sound".to_string()
        } else {
            format!("{} cases with errors (see figures.md)", g.problems.len())
        }
    );
    g.stage.finish(&format!(
        "{} figures, {} instances solved, {} resumed",
        written.len(),
        g.solved,
        g.resumed
    ));
    Ok((sound, summary))
}

/// The font of the figures, registered with `plotters` as "sans-serif".
fn load_font() -> Result<&'static [u8], String> {
    static FONT_BYTES: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();
    if let Some(f) = FONT_BYTES.get() {
        return Ok(f);
    }
    let bytes = std::fs::read(FONT).map_err(|e| {
        format!(
            "the figures need the font {FONT} ({e}); install Debian's fonts-dejavu-core \
             (scripts/install-deps does)"
        )
    })?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
        .map_err(|_| format!("{FONT} is not a usable font"))?;
    Ok(FONT_BYTES.get_or_init(|| bytes))
}

/// Writes `name.csv`, `name.svg` and `name.png`; returns the name and the title.
fn emit(out: &Path, name: &str, chart: &Chart, csv: &str) -> Result<(String, String), String> {
    crate::write(out, &format!("{name}.csv"), csv)?;
    let size = (900, 600);
    let svg = out.join(format!("{name}.svg"));
    draw(SVGBackend::new(&svg, size).into_drawing_area(), chart)?;
    let png = out.join(format!("{name}.png"));
    draw(BitMapBackend::new(&png, size).into_drawing_area(), chart)?;
    Ok((name.to_string(), chart.title.clone()))
}

/// Two charts side by side in one figure.
fn emit_pair(
    out: &Path,
    name: &str,
    charts: &[Chart; 2],
    csv: &str,
) -> Result<(String, String), String> {
    crate::write(out, &format!("{name}.csv"), csv)?;
    let size = (1500, 600);
    let svg = out.join(format!("{name}.svg"));
    let png = out.join(format!("{name}.png"));
    let root = SVGBackend::new(&svg, size).into_drawing_area();
    let (a, b) = root.split_horizontally(750);
    draw(a, &charts[0])?;
    draw(b, &charts[1])?;
    let root = BitMapBackend::new(&png, size).into_drawing_area();
    let (a, b) = root.split_horizontally(750);
    draw(a, &charts[0])?;
    draw(b, &charts[1])?;
    Ok((
        name.to_string(),
        "Fig. 3: index distributions for several ranges of Λ (left) and d_x (right)".into(),
    ))
}

const COLORS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(0, 0, 0),
];

/// Draws `chart` on `area` (log axes as log10 of the values, labelled 1eK).
fn draw<DB: DrawingBackend>(area: DrawingArea<DB, Shift>, chart: &Chart) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing {}: {e}", chart.title);
    area.fill(&WHITE).map_err(err)?;
    let tx = |v: f64| if chart.x_log { v.log10() } else { v };
    let ty = |v: f64| if chart.y_log { v.log10() } else { v };
    let pts: Vec<Vec<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .filter(|(x, y)| (!chart.x_log || *x > 0.0) && (!chart.y_log || *y > 0.0))
                .map(|&(x, y)| (tx(x), ty(y)))
                .collect()
        })
        .collect();
    let all: Vec<(f64, f64)> = pts.iter().flatten().copied().collect();
    let (mut x0, mut x1) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (mut y0, mut y1) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    if !x0.is_finite() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    if !chart.y_log {
        y0 = y0.min(0.0);
    }
    // room above the curves for the legend
    let (px, py) = ((x1 - x0).max(1.0) * 0.05, (y1 - y0).max(1e-3) * 0.3);
    let (x0, x1, y0, y1) = (
        x0 - px,
        x1 + px,
        y0 - if chart.y_log { py } else { 0.0 },
        y1 + py,
    );
    let mut c = ChartBuilder::on(&area)
        .caption(&chart.title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(45)
        .y_label_area_size(65)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    let log_label = |v: &f64| {
        if (v - v.round()).abs() < 1e-9 {
            format!("1e{}", v.round() as i64)
        } else {
            // two significant digits
            let value = 10f64.powf(*v);
            let decimals = (1 - value.log10().floor() as i64).max(0) as usize;
            if (0.01..1000.0).contains(&value) {
                format!("{value:.decimals$}")
            } else {
                format!("{value:.1e}")
            }
        }
    };
    let int_label = |v: &f64| {
        if (v - v.round()).abs() < 1e-9 {
            format!("{}", v.round() as i64)
        } else {
            String::new()
        }
    };
    let plain = |v: &f64| {
        format!("{v:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    let xf: &dyn Fn(&f64) -> String = if chart.x_log {
        &log_label
    } else if chart.x_integer {
        &int_label
    } else {
        &plain
    };
    let yf: &dyn Fn(&f64) -> String = if chart.y_log { &log_label } else { &plain };
    let x_ticks = if chart.x_log || chart.x_integer {
        ((x1 - x0).round() as usize + 1).clamp(2, 20)
    } else {
        10
    };
    c.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .x_labels(x_ticks)
        .y_labels(8)
        .x_label_formatter(xf)
        .y_label_formatter(yf)
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(err)?;
    for (i, (s, p)) in chart.series.iter().zip(&pts).enumerate() {
        let color = COLORS[i % COLORS.len()];
        c.draw_series(LineSeries::new(p.iter().copied(), color.stroke_width(2)))
            .map_err(err)?
            .label(s.label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        match i % 3 {
            0 => {
                c.draw_series(p.iter().map(|&q| Circle::new(q, 4, color.filled())))
                    .map_err(err)?;
            }
            1 => {
                c.draw_series(p.iter().map(|&q| TriangleMarker::new(q, 5, color.filled())))
                    .map_err(err)?;
            }
            _ => {
                c.draw_series(p.iter().map(|&q| Cross::new(q, 5, color.stroke_width(2))))
                    .map_err(err)?;
            }
        }
    }
    c.configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 14))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(err)?;
    area.present().map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n_r: usize, index_counts: Vec<usize>) -> Sample {
        Sample {
            seed: 0,
            n_c: 5,
            generic_n_c: 5,
            n_cstar: 4,
            n_r,
            failed: 0,
            real_failures: 0,
            index_counts,
            degenerate: 0,
            global_min: Some(1.0),
            seconds: 0.0,
        }
    }

    #[test]
    fn index_distribution_is_the_mean_of_the_fractions() {
        // fractions (1/2, 1/2) and (1/4, 0, 3/4); a sample without real points counts 0
        let s = [
            sample(2, vec![1, 1]),
            sample(4, vec![1, 0, 3]),
            sample(0, vec![]),
        ];
        let d = index_distribution(&s);
        let expect = [0.75 / 3.0, 0.5 / 3.0, 0.75 / 3.0];
        assert_eq!(d.len(), 3);
        for (a, b) in d.iter().zip(expect) {
            assert!((a - b).abs() < 1e-15, "{d:?}");
        }
    }

    #[test]
    fn charts_are_drawn_as_svg_and_png() {
        let dir = std::env::temp_dir().join(format!("xtask-fig-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        if let Err(e) = load_font() {
            panic!("{e}");
        }
        let chart = Chart {
            title: "test".into(),
            x_label: "δ".into(),
            y_label: "y".into(),
            x_log: true,
            y_log: true,
            x_integer: false,
            series: vec![Series {
                label: "a".into(),
                points: vec![(1e-3, 1.0), (1.0, 10.0)],
            }],
        };
        emit(&dir, "t", &chart, "x\n").unwrap();
        let svg = std::fs::read_to_string(dir.join("t.svg")).unwrap();
        assert!(svg.contains("<svg") && svg.contains("1e-3"), "{svg}");
        let png = std::fs::read(dir.join("t.png")).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
