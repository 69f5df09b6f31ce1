//! `critpoints mixed-volume` and the BKK fields of `critpoints bounds`.

mod common;
use common::*;

use std::path::PathBuf;
use std::process::Output;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("critpoints-mv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn cyclic5_torus_and_affine() {
    let f = write(
        "cyclic5.phc",
        "5\n x1 + x2 + x3 + x4 + x5;\n x1*x2 + x2*x3 + x3*x4 + x4*x5 + x5*x1;\n \
         x1*x2*x3 + x2*x3*x4 + x3*x4*x5 + x4*x5*x1 + x5*x1*x2;\n \
         x1*x2*x3*x4 + x2*x3*x4*x5 + x3*x4*x5*x1 + x4*x5*x1*x2 + x5*x1*x2*x3;\n \
         x1*x2*x3*x4*x5 - 1;\n",
    );
    let f = f.to_str().unwrap();
    let v = json(&critpoints(&["mixed-volume", f, "--json"]));
    assert_eq!(v["mixed_volume"], 70);
    assert_eq!(v["affine"], false);
    assert!(v["mixed_cells"].as_u64().unwrap() > 0);
    assert!(v["seconds"].as_f64().unwrap() >= 0.0);
    let v = json(&critpoints(&[
        "mixed-volume",
        f,
        "--json",
        "--affine",
        "--seed",
        "3",
    ]));
    assert_eq!(v["affine"], true);
    assert!(v["mixed_volume"].as_u64().unwrap() >= 70);
    let o = critpoints(&["mixed-volume", f]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("70"));
}

#[test]
fn bad_input_is_a_clear_error() {
    let cases = [
        ("ns.phc", "1 2\nx*y - 1;\n", "not square"),
        ("zero.phc", "2\nx*y - 1;\nx - x;\n", "zero"),
    ];
    for (name, text, msg) in cases {
        let f = write(name, text);
        let o = critpoints(&["mixed-volume", f.to_str().unwrap()]);
        assert!(!o.status.success());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(msg), "{name}: {err}");
    }
}

#[test]
fn bounds_report_bkk() {
    let v = json(&critpoints(&[
        "bounds", "--widths", "2,2,2", "--points", "1", "--json",
    ]));
    assert_eq!(v["bkk_torus"], 1024);
    assert_eq!(v["bkk_affine"], 1089);
    assert_eq!(v["cbb"], 6561);
    let o = critpoints(&["bounds", "--widths", "2,2,2"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("1024") && text.contains("1089"), "{text}");
    // above --max-bkk-n the BKK fields are null with the reason
    let v = json(&critpoints(&[
        "bounds",
        "--widths",
        "2,2,2",
        "--json",
        "--max-bkk-n",
        "4",
    ]));
    assert!(v["bkk_torus"].is_null());
    assert!(v["bkk_skipped"].as_str().unwrap().contains("max-bkk-n"));
}
