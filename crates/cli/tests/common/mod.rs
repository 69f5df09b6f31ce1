//! Helpers shared by the end-to-end tests of the `critpoints` binary.
#![allow(dead_code)] // each test file uses a subset

use std::process::{Command, Output};

/// Runs the binary with `args`.
pub fn critpoints(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_critpoints"))
        .args(args)
        .output()
        .expect("run critpoints")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
