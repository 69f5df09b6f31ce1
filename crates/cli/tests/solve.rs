//! End-to-end tests of `critpoints solve`: the JSON contract of `DESIGN.md`, the
//! human-readable summary, thread-count independence, and a network exported by
//! `critpoints dln system` solved back (Table 1 of `001`, widths 2,1,2: 9 critical
//! points, 8 in the torus).

mod common;
use common::*;

use serde_json::Value;
use std::path::PathBuf;

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("critpoints-solve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn json_contract_and_counts() {
    let f = temp("circle.phc", "2\n x^2 + y^2 - 5;\n x*y - 2;\n");
    let o = critpoints(&["solve", f.to_str().unwrap(), "--seed", "3", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["seed"], 3);
    assert_eq!(v["start_system"], "total_degree");
    assert_eq!(v["paths_tracked"], 4);
    let c = &v["counts"];
    for (k, want) in [
        ("finite", 4),
        ("nonsingular", 4),
        ("singular", 0),
        ("real", 4),
        ("torus", 4),
        ("at_infinity", 0),
        ("failed", 0),
    ] {
        assert_eq!(c[k], want, "{k}");
    }
    let sols = v["solutions"].as_array().unwrap();
    assert_eq!(sols.len(), 4);
    for s in sols {
        assert_eq!(s["status"], "nonsingular");
        assert_eq!(s["multiplicity"], 1);
        assert_eq!(s["real"], true);
        assert!(s["cond"].as_f64().unwrap() >= 1.0);
        assert!(s["residual"].as_f64().unwrap() < 1e-12);
        let x = s["x"].as_array().unwrap();
        assert_eq!(x.len(), 2);
        let (a, b) = (x[0][0].as_f64().unwrap(), x[1][0].as_f64().unwrap());
        assert!((a * b - 2.0).abs() < 1e-12);
    }
    assert!(v["failures"].as_array().unwrap().is_empty());
    assert!(v["scaling"].is_null());
}

#[test]
fn badly_scaled_system_is_solved_scaled_and_reported_in_its_own_unknowns() {
    // x = 10^6 y' ... : x - 10^6 = 0, x^2 y - 10^12 = 0 has the one zero (10^6, 1); the
    // first equation is also 10^12 times the size of a unit one
    let f = temp(
        "scaled.phc",
        "2\n 1e12*x - 1e18;\n x^2*y - 1000000000000;\n",
    );
    let run = |mode: &str| {
        let o = critpoints(&["solve", f.to_str().unwrap(), "--scaling", mode, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_str::<Value>(&stdout(&o)).unwrap()
    };
    let v = run("auto");
    assert_eq!(v["scaling"]["variables"], serde_json::json!([6, 0]));
    assert_eq!(v["scaling"]["equations"], serde_json::json!([-18, -12]));
    assert_eq!(v["counts"]["nonsingular"], 1);
    assert_eq!(v["counts"]["failed"], 0);
    let x = &v["solutions"][0]["x"];
    assert!((x[0][0].as_f64().unwrap() - 1e6).abs() < 1e-6, "{x}");
    assert!((x[1][0].as_f64().unwrap() - 1.0).abs() < 1e-12, "{x}");
    let off = run("off");
    assert!(off["scaling"].is_null());
}

#[test]
fn summary_names_every_class_and_singular_solutions() {
    let f = temp("double.phc", "2\n x^2 - 4*x + 4;\n x*y - 1;\n");
    let o = critpoints(&["solve", f.to_str().unwrap()]);
    assert!(o.status.success());
    let s = stdout(&o);
    for needle in [
        "paths tracked",
        "non-singular solutions",
        "singular solutions",
        "paths at infinity",
        "failed paths",
        "random seed: 0",
        "multiplicity 2",
    ] {
        assert!(s.contains(needle), "missing `{needle}` in\n{s}");
    }
}

#[test]
fn exported_network_is_solved_with_the_published_count_on_any_thread_count() {
    let dir = std::env::temp_dir().join(format!("critpoints-solve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("w212.phc");
    let o = critpoints(&[
        "dln",
        "system",
        "--widths",
        "2,1,2",
        "--points",
        "1",
        "--seed",
        "4",
        "-o",
        f.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let run = |threads: &str| {
        let o = critpoints(&["solve", f.to_str().unwrap(), "--threads", threads, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        v.as_object_mut().unwrap().remove("seconds");
        v
    };
    let one = run("1");
    // auto start: the BKK bound in C^4 (Table 1 of `001`: 33) is below Bezout's 81
    assert_eq!(one["start_system"], "polyhedral");
    assert_eq!(one["paths_tracked"], 33);
    assert_eq!(one["counts"]["finite"], 9);
    assert_eq!(one["counts"]["torus"], 8);
    assert_eq!(one["counts"]["failed"], 0);
    assert_eq!(one, run("2"), "results must not depend on the thread count");
}

#[test]
fn non_square_system_is_an_error() {
    let f = temp("rect.phc", "2 3\n x + y - z;\n x*y - 1;\n");
    let o = critpoints(&["solve", f.to_str().unwrap()]);
    assert!(!o.status.success());
}

/// A sparse system: BKK 3 < Bezout 9, so `auto` picks the polyhedral homotopy; both
/// start systems find the same three solutions.
#[test]
fn auto_start_picks_polyhedral_for_sparse_systems_and_both_agree() {
    let f = temp("sparse.phc", "2\n x^2*y + 1;\n x*y^2 - 2;\n");
    let run = |start: &str| -> Value {
        let o = critpoints(&["solve", f.to_str().unwrap(), "--start", start, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let (auto, poly, td) = (run("auto"), run("polyhedral"), run("total-degree"));
    assert_eq!(auto["start_system"], "polyhedral");
    assert_eq!(
        (auto["paths_tracked"].as_u64(), td["paths_tracked"].as_u64()),
        (Some(3), Some(9))
    );
    for v in [&auto, &poly, &td] {
        assert_eq!(v["counts"]["nonsingular"], 3);
        assert_eq!(v["counts"]["failed"], 0);
    }
    // The first coordinates x = -1/(xy), xy a cube root of -2: two of them are complex
    // conjugates with equal real parts, so sorting would order that pair by rounding.
    // Each solution of one run is matched to its nearest one in the other instead.
    let xs = |v: &Value| -> Vec<(f64, f64)> {
        v["solutions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["x"][0][0].as_f64().unwrap(),
                    s["x"][0][1].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (from_poly, from_td) = (xs(&poly), xs(&td));
    assert_eq!((from_poly.len(), from_td.len()), (3, 3));
    let mut matched = [false; 3];
    for a in &from_poly {
        let near = from_td
            .iter()
            .position(|b| (a.0 - b.0).abs() < 1e-10 && (a.1 - b.1).abs() < 1e-10);
        let j = near.unwrap_or_else(|| panic!("{a:?} is not among {from_td:?}"));
        assert!(!matched[j], "two solutions match {:?}", from_td[j]);
        matched[j] = true;
    }
}

/// `--certify`: the four solutions of x² + y² = 5, xy = 2 are certified, real and in the
/// torus; a double root (singular) is reported uncertified with a reason, in the JSON
/// and in the summary.
#[test]
fn certify_reports_certified_counts() {
    let f = temp("circle-certify.phc", "2\n x^2 + y^2 - 5;\n x*y - 2;\n");
    let o = critpoints(&["solve", f.to_str().unwrap(), "--certify", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let c = &v["certification"]["counts"];
    for (k, want) in [
        ("certified", 4),
        ("certified_distinct", 4),
        ("real", 4),
        ("non_real", 0),
        ("torus", 4),
        ("uncertified", 0),
    ] {
        assert_eq!(c[k], want, "{k}");
    }
    assert_eq!(v["counts"]["finite"], 4, "existing fields are kept");
    for s in v["solutions"].as_array().unwrap() {
        assert_eq!(s["certified"], true);
        assert_eq!(s["certified_real"], "real");
    }
    let f = temp("double-certify.phc", "2\n x^2 - 4*x + 4;\n x*y - 1;\n");
    let o = critpoints(&["solve", f.to_str().unwrap(), "--certify"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(
        text.contains("certified (interval Krawczyk): 0 of 1 solutions"),
        "{text}"
    );
    assert!(text.contains("solution 0 not certified"), "{text}");
}
