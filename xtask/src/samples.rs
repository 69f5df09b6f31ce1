//! Per-instance statistics over random instances (`--instances K --seed S`), saved as
//! they finish so that an interrupted run resumes.
//!
//! Instance $k$ of a case (widths, $m$, $\delta$) is `Instance::random(net, m, S + k,
//! δ)`: $X, Y$ entries i.i.d. $N(0, 1)$, $\Lambda$ entries i.i.d. $U(0, \delta)$ as in
//! both papers. Its critical points are the generic critical points of the network
//! ([`dln::generic_critical_points`], monodromy over the dead-neuron strata, once per
//! family) moved to the instance by a parameter homotopy
//! ([`dln::GenericCriticalPoints::track_to`], $N_{\mathbb C}$ paths), then analysed
//! ([`analysis::analyze`]: realness, real Newton refinement, Hessian index, minima).
//!
//! Every finished instance is appended as one JSON line to
//! `DIR/instances/<case>.jsonl`, whose first line is a [`Header`] with the settings
//! (widths, $m$, $\delta$, the seed $S$, the regularization, the generic solve's seed).
//! A rerun with the same settings reads the finished instances and solves only the
//! rest; a torn last line (a run killed mid-write) is cut before anything is appended.

use analysis::{analyze, AnalysisOptions};
use dln::{
    GenericCriticalPoints, GenericOptions, GradientFamily, Instance, Network, Regularization,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Version of the instance files; a file of another version is refused.
const FORMAT: u32 = 1;

/// Seed of the generic solve ([`GenericOptions::seed`]) of every family.
pub const GENERIC_SEED: u64 = 0;

/// The settings of one instance file: instances of another file are never mixed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// File format version.
    pub format: u32,
    /// Layer widths $d_x, d_1, \dots, d_H, d_y$.
    pub widths: Vec<usize>,
    /// Data points $m$.
    pub m: usize,
    /// $\Lambda$ entries uniform in $[0, \delta]$: this is $\delta$.
    pub lambda_max: f64,
    /// Instance $k$ has seed `seed + k`.
    pub seed: u64,
    /// The regularization term of the gradient (`Λ∘W`, equation (4) of `000`).
    pub regularization: String,
    /// The seed of the generic (monodromy) solve.
    pub generic_seed: u64,
}

impl Header {
    /// The header of the instances of `widths`, `m`, $\delta$ = `lambda_max`, seed `seed`.
    pub fn new(widths: &[usize], m: usize, lambda_max: f64, seed: u64) -> Self {
        Self {
            format: FORMAT,
            widths: widths.to_vec(),
            m,
            lambda_max,
            seed,
            regularization: "linear".into(),
            generic_seed: GENERIC_SEED,
        }
    }

    /// The file name of these settings (unique per header).
    pub fn file_name(&self) -> String {
        let w: Vec<String> = self.widths.iter().map(ToString::to_string).collect();
        format!(
            "w{}_m{}_lambda{:e}_seed{}.jsonl",
            w.join("-"),
            self.m,
            self.lambda_max,
            self.seed
        )
    }
}

/// The statistics of one solved instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Its seed (`Instance::random(net, m, seed, δ)`).
    pub seed: u64,
    /// Complex critical points found ($N_{\mathbb C}$).
    pub n_c: usize,
    /// $N_{\mathbb C}$ of the generic solve they were moved from (every path ends at a
    /// distinct point for a generic instance: `n_c` should equal it).
    pub generic_n_c: usize,
    /// Those with no zero weight ($N_{\mathbb C^*}$).
    pub n_cstar: usize,
    /// Real critical points ($N_{\mathbb R}$).
    pub n_r: usize,
    /// Parameter-homotopy paths that failed (points missing).
    pub failed: u64,
    /// Real-looking points whose real refinement failed.
    pub real_failures: usize,
    /// `index_counts[i]`: real critical points of Hessian index `i` (non-degenerate).
    pub index_counts: Vec<usize>,
    /// Real critical points with a near-zero Hessian eigenvalue.
    pub degenerate: usize,
    /// The global minimum of the loss $L$ of equation (4) (with the factor 1/2).
    pub global_min: Option<f64>,
    /// Wall seconds of the parameter homotopy and the analysis.
    pub seconds: f64,
}

impl Sample {
    /// The largest Hessian index of a non-degenerate real critical point.
    pub fn max_index(&self) -> Option<usize> {
        self.index_counts.iter().rposition(|&c| c > 0)
    }
}

/// Reads the finished instances of `path` written under `header`. A missing file or one
/// without a complete header line holds none. A last line without its newline (a run
/// killed mid-write) is cut from the file, so that the next record starts on a line of
/// its own; its instance is solved again.
///
/// # Errors
/// When the file was written under other settings or holds a line that is not a record.
pub fn read_samples(path: &Path, header: &Header) -> Result<Vec<Sample>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let cut = |at: usize| {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(at as u64))
            .map_err(|e| format!("cannot repair {}: {e}", path.display()))
    };
    let mut samples: Vec<Sample> = Vec::new();
    let mut offset = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if !line.ends_with('\n') {
            // torn: the last line of an interrupted write
            cut(start)?;
            break;
        }
        if k == 0 {
            let found: Header = serde_json::from_str(line)
                .map_err(|e| format!("{}:1: not an instance file header: {e}", path.display()))?;
            if &found != header {
                return Err(format!(
                    "{}: written with other settings ({found:?}, expected {header:?}); \
                     use --fresh or another --out",
                    path.display()
                ));
            }
            continue;
        }
        let s: Sample = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: not an instance record: {e}", path.display(), k + 1))?;
        if !samples.iter().any(|t| t.seed == s.seed) {
            samples.push(s);
        }
    }
    Ok(samples)
}

/// Instance files of one run: each file is read once (or emptied by `--fresh`) and
/// then kept in memory beside the appends.
pub struct Store {
    dir: PathBuf,
    fresh: bool,
    open: HashMap<String, Vec<Sample>>,
}

impl Store {
    /// The instance files under `dir` (created on first write); `fresh`: saved instances
    /// are ignored and overwritten.
    pub fn new(dir: PathBuf, fresh: bool) -> Self {
        Self {
            dir,
            fresh,
            open: HashMap::new(),
        }
    }

    fn path(&self, header: &Header) -> PathBuf {
        self.dir.join(header.file_name())
    }

    /// The finished instances under `header`.
    fn samples(&mut self, header: &Header) -> Result<&Vec<Sample>, String> {
        let name = header.file_name();
        if !self.open.contains_key(&name) {
            let path = self.path(header);
            let found = if self.fresh {
                match std::fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
                }
                Vec::new()
            } else {
                read_samples(&path, header)?
            };
            self.open.insert(name.clone(), found);
        }
        Ok(&self.open[&name])
    }

    /// Appends `sample` to the file of `header` (with the header line when the file is
    /// new or empty), one `write` of a whole line, flushed.
    fn append(&mut self, header: &Header, sample: Sample) -> Result<(), String> {
        let path = self.path(header);
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create {}: {e}", self.dir.display()))?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let empty = file.metadata().map(|m| m.len() == 0).unwrap_or(true);
        let mut text = String::new();
        if empty {
            text.push_str(&serde_json::to_string(header).map_err(|e| e.to_string())?);
            text.push('\n');
        }
        text.push_str(&serde_json::to_string(&sample).map_err(|e| e.to_string())?);
        text.push('\n');
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        self.open
            .entry(header.file_name())
            .or_default()
            .push(sample);
        Ok(())
    }
}

/// One generic solve with what was derived from it.
struct GenericEntry {
    g: GenericCriticalPoints,
    /// [`crate::certify_generic`] of it, once computed.
    certified: Option<(bool, bool)>,
}

/// The generic critical points of each family, solved once per run. With
/// $m \ge d_x$ the family has the data moments as parameters
/// ([`dln::DataParameters::Moments`]) and does not depend on $m$: one solve serves
/// every such $m$ (the points are the same; only the family's $m$ is replaced).
#[derive(Default)]
pub struct GenericCache {
    map: HashMap<(Vec<usize>, Option<usize>), GenericEntry>,
    /// Wall seconds spent in generic solves and in their certification.
    pub solve_seconds: f64,
    pub certify_seconds: f64,
}

/// The key of a family: the widths and $m$, or `None` for the moments family.
fn family_key(net: &Network, m: usize) -> (Vec<usize>, Option<usize>) {
    (net.widths().to_vec(), (m < net.d_x()).then_some(m))
}

impl GenericCache {
    fn entry(&mut self, net: &Network, m: usize) -> Result<&mut GenericEntry, String> {
        let key = family_key(net, m);
        if !self.map.contains_key(&key) {
            let started = Instant::now();
            let g = dln::generic_critical_points(
                net,
                m,
                &GenericOptions {
                    seed: GENERIC_SEED,
                    ..GenericOptions::default()
                },
            )?;
            self.solve_seconds += started.elapsed().as_secs_f64();
            if g.failed > 0 {
                return Err(format!(
                    "widths {net} m = {m}: {} failed paths in the generic monodromy solve",
                    g.failed
                ));
            }
            self.map
                .insert(key.clone(), GenericEntry { g, certified: None });
        }
        Ok(self.map.get_mut(&key).expect("inserted above"))
    }

    /// The generic critical points of `net` with `m` data points.
    ///
    /// # Errors
    /// When the monodromy solve fails or loses paths.
    pub fn get(&mut self, net: &Network, m: usize) -> Result<GenericCriticalPoints, String> {
        let e = self.entry(net, m)?;
        if e.g.family.points() == m {
            Ok(e.g.clone())
        } else {
            Ok(GenericCriticalPoints {
                family: GradientFamily::new(net, m),
                ..e.g.clone()
            })
        }
    }

    /// $N_{\mathbb C}$, $N_{\mathbb C^*}$ of the generic solve and whether each is
    /// certified ([`crate::certify_generic`]).
    pub fn counts(
        &mut self,
        net: &Network,
        m: usize,
    ) -> Result<(usize, usize, bool, bool), String> {
        let (n_c, n_cstar, cert) = {
            let e = self.entry(net, m)?;
            (e.g.points.len(), e.g.torus(), e.certified)
        };
        let (c, cstar) = match cert {
            Some(c) => c,
            None => {
                let started = Instant::now();
                let c = crate::certify_generic(&self.entry(net, m)?.g)?;
                self.certify_seconds += started.elapsed().as_secs_f64();
                self.entry(net, m)?.certified = Some(c);
                c
            }
        };
        Ok((n_c, n_cstar, c, cstar))
    }
}

/// Solves one instance: the generic points moved to it, then analysed.
///
/// # Errors
/// When the instance cannot be drawn or tracked.
pub fn solve_instance(
    g: &GenericCriticalPoints,
    net: &Network,
    m: usize,
    lambda_max: f64,
    seed: u64,
) -> Result<Sample, String> {
    let started = Instant::now();
    let instance = Instance::random(net, m, seed, lambda_max).map_err(|e| e.to_string())?;
    let solver_seed = poly::Rng::substream(0, seed).next_u64();
    let cp = g
        .track_to(&instance, Regularization::Linear, solver_seed)
        .map_err(|e| e.to_string())?;
    let a = analyze(
        &instance,
        Regularization::Linear,
        cp.nonsingular(),
        &AnalysisOptions::default(),
    );
    Ok(Sample {
        seed,
        n_c: a.n_c,
        generic_n_c: g.points.len(),
        n_cstar: a.n_cstar,
        n_r: a.n_r(),
        failed: cp.failed,
        real_failures: a.real_failures.len(),
        index_counts: a.index_counts.clone(),
        degenerate: a.degenerate,
        global_min: a.minima.global_min.filter(|v| v.is_finite()),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The instances of one case, `k` of them from seed `seed` (in seed order): the saved
/// ones read, the others solved and saved as they finish. `tick` is called after each
/// instance with whether it was solved now (`true`) or read (`false`).
#[allow(clippy::too_many_arguments)]
pub fn collect(
    store: &mut Store,
    cache: &mut GenericCache,
    net: &Network,
    m: usize,
    lambda_max: f64,
    seed: u64,
    k: u64,
    tick: &mut dyn FnMut(bool),
) -> Result<Vec<Sample>, String> {
    let header = Header::new(net.widths(), m, lambda_max, seed);
    let end = seed
        .checked_add(k)
        .ok_or("--seed + --instances overflows")?;
    let mut out = Vec::with_capacity(k as usize);
    let mut generic: Option<GenericCriticalPoints> = None;
    for s in seed..end {
        if let Some(found) = store.samples(&header)?.iter().find(|x| x.seed == s) {
            out.push(found.clone());
            tick(false);
            continue;
        }
        if generic.is_none() {
            generic = Some(cache.get(net, m)?);
        }
        let g = generic.as_ref().expect("set above");
        let sample = solve_instance(g, net, m, lambda_max, s)
            .map_err(|e| format!("widths {net} m = {m} δ = {lambda_max}, seed {s}: {e}"))?;
        store.append(&header, sample.clone())?;
        out.push(sample);
        tick(true);
    }
    Ok(out)
}

/// What the instances of one case show.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// Instances.
    pub k: usize,
    /// Mean $N_{\mathbb C}$ and $N_{\mathbb R}$.
    pub mean_n_c: f64,
    pub mean_n_r: f64,
    /// Max $N_{\mathbb R}$ and the first seed reaching it.
    pub max_n_r: (usize, u64),
    /// Max Hessian index and the first seed reaching it (`None`: no non-degenerate
    /// real point at all).
    pub max_index: Option<(usize, u64)>,
    /// Failed parameter-homotopy paths, summed.
    pub failed: u64,
    /// Seeds whose $N_{\mathbb C}$ differs from the generic count.
    pub n_c_differs: Vec<u64>,
    /// Real refinements that failed, summed.
    pub real_failures: usize,
    /// Degenerate real critical points, summed.
    pub degenerate: usize,
}

impl Stats {
    /// The statistics of `samples` (non-empty).
    pub fn of(samples: &[Sample]) -> Self {
        let k = samples.len();
        let mean = |f: &dyn Fn(&Sample) -> usize| {
            samples.iter().map(|s| f(s) as f64).sum::<f64>() / k.max(1) as f64
        };
        let first_max = |f: &dyn Fn(&Sample) -> Option<usize>| {
            samples
                .iter()
                .filter_map(|s| f(s).map(|v| (v, s.seed)))
                .fold(None, |best: Option<(usize, u64)>, (v, s)| match best {
                    Some((b, _)) if b >= v => best,
                    _ => Some((v, s)),
                })
        };
        Self {
            k,
            mean_n_c: mean(&|s| s.n_c),
            mean_n_r: mean(&|s| s.n_r),
            max_n_r: first_max(&|s| Some(s.n_r)).unwrap_or((0, 0)),
            max_index: first_max(&Sample::max_index),
            failed: samples.iter().map(|s| s.failed).sum(),
            n_c_differs: samples
                .iter()
                .filter(|s| s.n_c != s.generic_n_c)
                .map(|s| s.seed)
                .collect(),
            real_failures: samples.iter().map(|s| s.real_failures).sum(),
            degenerate: samples.iter().map(|s| s.degenerate).sum(),
        }
    }

    /// No failed path and every instance has the generic number of points.
    pub fn sound(&self) -> bool {
        self.failed == 0 && self.n_c_differs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(seed: u64) -> Sample {
        Sample {
            seed,
            n_c: 5,
            generic_n_c: if seed == 3 { 6 } else { 5 },
            n_cstar: 4,
            n_r: 3 + (seed % 2) as usize,
            failed: 0,
            real_failures: 0,
            index_counts: vec![2, 1],
            degenerate: 0,
            global_min: Some(0.25 + seed as f64),
            seconds: 0.0,
        }
    }

    fn tmp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("xtask-samples-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    /// A killed run leaves a torn last line: it is cut, the rerun solves only the
    /// missing instances and the aggregate equals that of an uninterrupted run.
    #[test]
    fn killed_run_resumes_to_the_same_aggregate() {
        let net = Network::new(vec![1, 1, 1]).unwrap();
        let dir = tmp_dir("resume");
        // uninterrupted
        let mut cache = GenericCache::default();
        let mut solved = 0;
        let full = collect(
            &mut Store::new(dir.join("a"), false),
            &mut cache,
            &net,
            1,
            1.0,
            7,
            6,
            &mut |s| solved += usize::from(s),
        )
        .unwrap();
        assert_eq!(solved, 6);
        // "killed" after 3 instances, in the middle of writing the 4th line
        let header = Header::new(net.widths(), 1, 1.0, 7);
        let path = dir.join("a").join(header.file_name());
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7, "a header and six records");
        let torn = format!("{}\n{}", lines[..4].join("\n"), &lines[4][..10]);
        std::fs::create_dir_all(dir.join("b")).unwrap();
        let path_b = dir.join("b").join(header.file_name());
        std::fs::write(&path_b, &torn).unwrap();
        let mut solved = 0;
        let resumed = collect(
            &mut Store::new(dir.join("b"), false),
            &mut cache,
            &net,
            1,
            1.0,
            7,
            6,
            &mut |s| solved += usize::from(s),
        )
        .unwrap();
        assert_eq!(solved, 3, "only the three missing instances are solved");
        let strip = |v: &[Sample]| -> Vec<Sample> {
            v.iter()
                .map(|s| Sample {
                    seconds: 0.0,
                    ..s.clone()
                })
                .collect()
        };
        assert_eq!(strip(&resumed), strip(&full));
        assert_eq!(Stats::of(&resumed), Stats::of(&full));
        assert!(Stats::of(&full).sound());
        // the file is whole again: a header and six records, each line parses
        let again = read_samples(&path_b, &header).unwrap();
        assert_eq!(strip(&again), strip(&full));
        assert_eq!(std::fs::read_to_string(&path_b).unwrap().lines().count(), 7);
        // a rerun reads everything and solves nothing; --fresh solves everything again
        let mut solved_with = |fresh: bool| {
            let mut solved = 0;
            collect(
                &mut Store::new(dir.join("b"), fresh),
                &mut cache,
                &net,
                1,
                1.0,
                7,
                6,
                &mut |s| solved += usize::from(s),
            )
            .unwrap();
            solved
        };
        assert_eq!(solved_with(false), 0);
        assert_eq!(solved_with(true), 6);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn torn_header_means_empty_and_other_settings_are_refused() {
        let dir = tmp_dir("header");
        std::fs::create_dir_all(&dir).unwrap();
        let h = Header::new(&[2, 2, 2], 2, 1.0, 1);
        let path = dir.join(h.file_name());
        std::fs::write(&path, "{\"format\":1,\"wid").unwrap();
        assert!(read_samples(&path, &h).unwrap().is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
        let mut store = Store::new(dir.clone(), false);
        store.append(&h, sample(1)).unwrap();
        store.append(&h, sample(2)).unwrap();
        assert_eq!(read_samples(&path, &h).unwrap(), vec![sample(1), sample(2)]);
        let other = Header::new(&[2, 2, 2], 2, 0.5, 1);
        let e = read_samples(&path, &other).unwrap_err();
        assert!(e.contains("other settings"), "{e}");
        std::fs::write(&path, format!("{}\nnot json\n", h.json_line())).unwrap();
        assert!(read_samples(&path, &h)
            .unwrap_err()
            .contains("not an instance record"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn stats_take_the_first_seed_of_each_maximum() {
        let s: Vec<Sample> = (1..=4).map(sample).collect();
        let st = Stats::of(&s[..2]);
        assert_eq!(st.max_n_r, (4, 1));
        assert_eq!(st.max_index, Some((1, 1)));
        assert_eq!(st.mean_n_r, 3.5);
        assert!(st.sound());
        let st = Stats::of(&s);
        assert_eq!(st.n_c_differs, vec![3]);
        assert!(!st.sound());
    }

    impl Header {
        fn json_line(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}
