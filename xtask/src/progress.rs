//! Progress of the long stages: a bar with counts and ETA on standard error when it is
//! a terminal (`indicatif`), otherwise one plain line per finished stage, so that CI
//! logs stay readable.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::Instant;

/// One stage: `total` steps.
pub struct Stage {
    name: String,
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Stage {
    /// Starts a stage of `total` steps named `name`.
    pub fn new(name: &str, total: u64) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>22} [{bar:30}] {pos}/{len} {elapsed_precise} ETA {eta} {msg}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            bar.set_prefix(name.to_string());
            bar
        });
        Self {
            name: name.to_string(),
            bar,
            started: Instant::now(),
        }
    }

    /// What the stage is doing now (shown beside the bar).
    pub fn message(&self, msg: String) {
        if let Some(b) = &self.bar {
            b.set_message(msg);
        }
    }

    /// `n` more steps done.
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Ends the stage with a one-line summary (on standard error) and returns its wall
    /// seconds.
    pub fn finish(self, summary: &str) -> f64 {
        let seconds = self.started.elapsed().as_secs_f64();
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        eprintln!("{:>22}: {summary} ({seconds:.1} s)", self.name);
        seconds
    }
}
