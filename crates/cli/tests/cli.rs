//! End-to-end tests of the `critpoints` binary.

mod common;
use common::*;

use dln::{gradient_system, Instance, Network, Regularization};
use serde_json::Value;

#[test]
fn bounds_json_contract() {
    let o = critpoints(&["bounds", "--widths", "2,2,2,2", "--points", "1", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n"], 12);
    assert_eq!(v["cbb"], 244_140_625u64);
    assert!(v.get("b_c").is_none(), "Theorem 5 needs H = 1");
    let o = critpoints(&["bounds", "--widths", "4,3,2", "--points", "1", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["b_cstar"].clone(), v["b_c"].clone()),
        (512.into(), 729.into())
    );
    let o = critpoints(&["bounds", "--widths", "4,3,2", "--points", "2", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v.get("b_c").is_none(), "Theorem 5 needs m = 1");
    // beyond u64: a string
    let o = critpoints(&["bounds", "--widths", "10,10,10", "--json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n"], 200);
    assert!(v["cbb"].as_str().unwrap().starts_with("265613988875874769338781322035779626829233452653394495974574961739092490901302182994384699044001"));
}

#[test]
fn dln_system_formats_read_back_to_the_same_system() {
    let net = Network::new(vec![2, 2, 1]).unwrap();
    let inst = Instance::random(&net, 3, 42, 0.5).unwrap();
    let expected = gradient_system(&inst, Regularization::Linear);
    let base = [
        "dln", "system", "--widths", "2,2,1", "--points", "3", "--seed", "42",
    ];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(&["--lambda-max", "0.5"]);
        args.extend_from_slice(extra);
        let o = critpoints(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    // exact coefficients: identical system
    for format in ["phc", "bertini"] {
        let text = run(&["--format", format, "--coefficients", "exact"]);
        let sys = poly::parse_system(&text).unwrap();
        assert_eq!(sys, expected, "{format}");
    }
    // f64 coefficients: the same doubles
    for format in ["phc", "bertini"] {
        let text = run(&["--format", format]);
        let sys = poly::parse_system(&text).unwrap();
        assert_eq!(sys.variables(), expected.variables());
        for (p, q) in sys.polynomials().iter().zip(expected.polynomials()) {
            assert_eq!(p.support(), q.support());
            for (s, t) in p.terms().iter().zip(q.terms()) {
                assert_eq!(s.coefficient.to_c64(), t.coefficient.to_c64());
            }
        }
    }
    // json: instance data and exact coefficients
    let v: Value = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_eq!(v["n"], 6);
    assert_eq!(v["seed"], 42);
    assert_eq!(v["regularization"], "linear");
    assert_eq!(v["instance"]["x"][1][2], inst.x.get(1, 2));
    assert_eq!(v["system"]["variables"][5], "w2_1_2");
    assert_eq!(
        v["system"]["equations"].as_array().unwrap().len(),
        expected.len()
    );
}

#[test]
fn explicit_data_json_and_csv() {
    let dir = std::env::temp_dir().join(format!("critpoints-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // the random instance's JSON, fed back as --data, gives the same system
    let args = [
        "dln", "system", "--widths", "3,2,1", "--points", "2", "--seed", "5",
    ];
    let o = critpoints(&[&args[..], &["--json"]].concat());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let data = dir.join("inst.json");
    std::fs::write(&data, v["instance"].to_string()).unwrap();
    let phc_random = stdout(&critpoints(
        &[&args[..], &["--coefficients", "exact"]].concat(),
    ));
    let o = critpoints(&[
        "dln",
        "system",
        "--widths",
        "3,2,1",
        "--data",
        data.to_str().unwrap(),
        "--coefficients",
        "exact",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = poly::parse_phc(&phc_random).unwrap();
    let b = poly::parse_phc(&stdout(&o)).unwrap();
    assert_eq!(a, b);
    // widths that do not match the data
    let o = critpoints(&[
        "dln",
        "system",
        "--widths",
        "3,3,1",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(
        !o.status.success() && stderr(&o).contains("widths"),
        "{}",
        stderr(&o)
    );
    // the Table IV instance of Mehta et al. in its column-major CSV
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/reference/mehta_table4_data.csv"
    );
    let o = critpoints(&[
        "dln", "system", "--widths", "3,2,3", "--data", csv, "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["points"], 5);
    assert_eq!(v["instance"]["x"][0][0], -0.1297);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn same_seed_same_output() {
    let args = [
        "dln", "system", "--widths", "3,2,2", "--points", "2", "--seed", "9",
    ];
    assert_eq!(stdout(&critpoints(&args)), stdout(&critpoints(&args)));
    let other = [
        "dln", "system", "--widths", "3,2,2", "--points", "2", "--seed", "10",
    ];
    assert_ne!(stdout(&critpoints(&args)), stdout(&critpoints(&other)));
}

#[test]
fn bad_input_is_a_clear_error_with_nonzero_exit() {
    let cases: &[(&[&str], &str)] = &[
        (&["bounds", "--widths", "3"], "at least"),
        (&["bounds", "--widths", "3,0,2"], "zero"),
        (&["bounds", "--widths", "3,2", "--points", "0"], "--points"),
        (&["bounds", "--widths", "1000,1000,1000"], "weights"),
        (
            &["dln", "system", "--widths", "2,2,2", "--lambda-max", "NaN"],
            "lambda-max",
        ),
        (
            &["dln", "system", "--widths", "2,2,2", "--lambda-max", "-1"],
            "lambda-max",
        ),
        (&["bounds", "--widths", "2,x,2"], "invalid"),
        (&["info", "/nonexistent/file.phc"], "cannot read"),
    ];
    for (args, needle) in cases {
        let o = critpoints(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(o.stdout.is_empty(), "{args:?} printed {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn malformed_system_file_reports_line_and_column() {
    let dir = std::env::temp_dir().join(format!("critpoints-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.phc");
    std::fs::write(&f, "2\n x^2 + y;\n x*y + * 3;\n").unwrap();
    let o = critpoints(&["info", f.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("line 3, column"), "{}", stderr(&o));
    // a good file: info and convert
    std::fs::write(&f, "2\n x^2 + y - 1/3;\n x*y + 3;\n").unwrap();
    let o = critpoints(&["info", f.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["bezout"], 4);
    assert_eq!(v["square"], true);
    let out = dir.join("converted.bertini");
    let o = critpoints(&[
        "convert",
        f.to_str().unwrap(),
        "--to",
        "bertini",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = poly::parse_bertini(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let orig = poly::parse_phc(&std::fs::read_to_string(&f).unwrap()).unwrap();
    assert_eq!(back, orig);
    let o = critpoints(&["convert", f.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["variables"], serde_json::json!(["x", "y"]));
    assert_eq!(v["equations"][0]["terms"][2]["coefficient"]["re"], "-1/3");
    let o = critpoints(&["convert", f.to_str().unwrap()]);
    assert!(!o.status.success(), "convert needs --to or --json");
    std::fs::remove_dir_all(&dir).ok();
}
