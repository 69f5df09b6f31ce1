//! Differential test against `gfan_mixedvolume` (Jensen's tropical homotopy) on 200+
//! random small systems, torus and Li–Wang counts. Skipped when gfan is not installed,
//! unless the environment variable `CI` is set (then a missing gfan is a failure).

use poly::Rng;
use polytope::{affine_mixed_volume, mixed_volume, Support};
use std::io::Write;
use std::process::{Command, Stdio};

fn gfan_available() -> bool {
    Command::new("gfan_mixedvolume")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// One polynomial per support with coefficient 1 on each monomial, in gfan's format;
/// variable names are single letters (gfan misreads a name that prefixes another).
fn gfan_input(s: &[Support]) -> String {
    let names: Vec<String> = (0..s.len())
        .map(|i| ((b'a' + i as u8) as char).to_string())
        .collect();
    let polys: Vec<String> = s
        .iter()
        .map(|sup| {
            sup.iter()
                .map(|p| {
                    let mono: Vec<String> = p
                        .iter()
                        .zip(&names)
                        .filter(|(&e, _)| e > 0)
                        .map(|(&e, x)| format!("{x}^{e}"))
                        .collect();
                    if mono.is_empty() {
                        "1".to_string()
                    } else {
                        mono.join("*")
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    format!("Q[{}]{{\n{}\n}}\n", names.join(","), polys.join(",\n"))
}

fn gfan_mv(s: &[Support]) -> u64 {
    let mut child = Command::new("gfan_mixedvolume")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run gfan_mixedvolume");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(gfan_input(s).as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| l.trim().parse().ok())
        .next_back()
        .unwrap_or_else(|| panic!("no number from gfan: {text}"))
}

#[test]
fn agrees_with_gfan_on_random_systems() {
    if !gfan_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "gfan_mixedvolume is not installed but CI is set (scripts/install-deps installs it)"
        );
        eprintln!("gfan_mixedvolume not installed: skipping");
        return;
    }
    let mut rng = Rng::new(2024);
    for case in 0..220 {
        let n = 2 + (rng.next_u64() % 3) as usize;
        let s: Vec<Support> = (0..n)
            .map(|_| {
                let k = 2 + (rng.next_u64() % 5) as usize;
                let mut sup: Support = Vec::new();
                while sup.len() < k {
                    let p: Vec<u32> = (0..n).map(|_| (rng.next_u64() % 4) as u32).collect();
                    if !sup.contains(&p) {
                        sup.push(p);
                    }
                }
                sup
            })
            .collect();
        let (ours, theirs) = if case % 2 == 0 {
            (mixed_volume(&s).unwrap(), gfan_mv(&s))
        } else {
            (
                affine_mixed_volume(&s).unwrap(),
                gfan_mv(&polytope::with_origin(&s)),
            )
        };
        assert_eq!(ours, theirs, "case {case}: {s:?}");
    }
}
