//! Fuzz-style robustness: the readers never panic, whatever the input, and report
//! positions inside the text.

use poly::{
    parse_bertini, parse_phc, parse_system, write_bertini, write_phc, CoefficientStyle, ParseError,
    Rng, System,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

const SEEDS: &[&str] = &[
    "2\n x**2 + 3*i*y;\n x - 1.5e-1;",
    "3\n x^2 + (1 - 2*I)*y/4 - 1.5e-1;\n (x - y)^3 + 2E+2*z;\n x*y*z - i;\n\nTHE SOLUTIONS :\n1 3\n",
    "1 2\n (x + 1)^3*(y - 2/3) + 0.25e+1;",
    "CONFIG\n MPTYPE: 2; % comment\nEND;\nINPUT\n variable_group x, y;\n variable_group z;\n \
     function f1, f2, f3;\n constant a;\n a = 1 - 2*I;\n d = x - y; % subfunction\n \
     f1 = x^2 + a*y/4 - 0.15;\n f2 = d^3 + 200*z;\n f3 = x*y*z - I;\nEND;",
    "variable_group x;\nfunction f;\nf = (x^2 - 1)/2;",
];

/// Snippets that steer mutations towards interesting corners.
const SNIPPETS: &[&str] = &[
    "^",
    "**",
    "^9999",
    "^10001",
    "(",
    ")",
    "((((",
    "))))",
    ";",
    ",",
    "=",
    "e99999",
    "1e-400",
    "1e999999999",
    "/0",
    "/x",
    "-",
    "+",
    "*",
    "I",
    "i",
    "Pi",
    "END;",
    "INPUT",
    "CONFIG",
    "variable_group",
    "function",
    "constant",
    "hom_variable_group",
    "%",
    "\n",
    "0",
    "7",
    ".",
    "x",
    "y",
    "sin(",
    "\u{e9}",
    "\u{feff}",
    "\t",
    "2 3",
    "123456789012345678901234567890",
];

const ALPHABET: &[u8] = b"0123456789.eEiIxyz+-*/^()%;,= \n\tENDINPUTCONFIGfunctionvariable_group";

fn below(rng: &mut Rng, n: usize) -> usize {
    (rng.next_u64() % n as u64) as usize
}

/// Checks the error's position lies within the text (or just after its end).
fn check_position(text: &str, result: &Result<System, ParseError>) {
    if let Err(e) = result {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(e.line >= 1 && e.column >= 1, "{e:?} for {text:?}");
        assert!(e.line <= lines.len(), "{e:?} for {text:?}");
        let width = lines[e.line - 1].chars().count();
        assert!(e.column <= width + 1, "{e:?} for {text:?}");
        assert!(!e.message.is_empty());
    }
}

fn run_all(text: &str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        for parse in [parse_phc, parse_bertini, parse_system] {
            let result = parse(text);
            check_position(text, &result);
            if let Ok(sys) = result {
                // Whatever was read can be written and read back.
                let back = parse_phc(&write_phc(&sys, CoefficientStyle::Exact));
                assert_eq!(back.as_ref(), Ok(&sys));
                let back = parse_bertini(&write_bertini(&sys, CoefficientStyle::Exact));
                assert_eq!(back.as_ref(), Ok(&sys));
            }
        }
    }));
    if outcome.is_err() {
        panic!("reader panicked on input {text:?}");
    }
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + below(rng, 4) {
        let at = below(rng, chars.len() + 1);
        match below(rng, 5) {
            0 => {
                let c = ALPHABET[below(rng, ALPHABET.len())] as char;
                chars.insert(at, c);
            }
            1 if at < chars.len() => {
                chars.remove(at);
            }
            2 if at < chars.len() => {
                chars[at] = ALPHABET[below(rng, ALPHABET.len())] as char;
            }
            3 => {
                let snippet = SNIPPETS[below(rng, SNIPPETS.len())];
                for (k, c) in snippet.chars().enumerate() {
                    chars.insert(at + k, c);
                }
            }
            _ => {
                // Duplicate or drop a slice.
                let end = (at + below(rng, 12)).min(chars.len());
                if below(rng, 2) == 0 {
                    let slice: Vec<char> = chars[at..end].to_vec();
                    for (k, c) in slice.into_iter().enumerate() {
                        chars.insert(end + k, c);
                    }
                } else {
                    chars.drain(at..end);
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng::new(1);
    for case in 0..1500 {
        let len = below(&mut rng, 80);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if case % 2 == 0 {
                    (rng.next_u64() & 0xff) as u8
                } else {
                    ALPHABET[below(&mut rng, ALPHABET.len())]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        run_all(&text);
        // With a valid header in front, the PHCpack reader gets past the count.
        run_all(&format!("2\n{text}"));
    }
}

#[test]
fn mutated_files_never_panic() {
    let started = Instant::now();
    let mut rng = Rng::new(2);
    let mut seeds: Vec<String> = SEEDS.iter().map(|s| s.to_string()).collect();
    // Writer output of both formats and styles is a seed too.
    for s in SEEDS {
        let sys = parse_system(s).unwrap();
        for style in [CoefficientStyle::Exact, CoefficientStyle::F64] {
            seeds.push(write_phc(&sys, style));
            seeds.push(write_bertini(&sys, style));
        }
    }
    let mut accepted = 0;
    for _ in 0..4000 {
        let seed = &seeds[below(&mut rng, seeds.len())];
        let text = mutate(&mut rng, seed);
        run_all(&text);
        if parse_system(&text).is_ok() {
            accepted += 1;
        }
    }
    // The mutations keep a fair share of the inputs valid, so both paths are exercised.
    assert!(accepted > 200, "only {accepted} mutated inputs were valid");
    eprintln!("mutation fuzzing took {:?}", started.elapsed());
}

#[test]
fn hostile_inputs_fail_quickly() {
    let started = Instant::now();
    let deep = format!("1\n{}x{};", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse_phc(&deep)
        .unwrap_err()
        .message
        .contains("nested too deeply"));
    let signs = format!("1\n{}x;", "-".repeat(100_000));
    assert!(parse_phc(&signs).is_err());
    let powers = format!("1\nx{};", "^2".repeat(100_000));
    assert!(parse_phc(&powers).is_err());
    let hostile = [
        "1\n x^99999999999999999999999;",
        "1\n x^4294967296;",
        "1\n ((x^10000)^10000)^10000;",
        "1\n ((2^10000)^10000)^10000;",
        "1\n (x + y + z + w + 1)^10000;",
        "1\n (x + 1)^10000;",
        "1\n 1e999999999*x;",
        "1\n 1e-999999999*x;",
        "1\n 1.5e99999999999999999999999999*x;",
        "99999999999999999999999999999\n x;",
        "18446744073709551615\n x;",
        "18446744073709551615 18446744073709551615\n x;",
    ];
    for text in hostile {
        let e = parse_phc(text).unwrap_err();
        check_position(text, &Err(e));
    }
    // Huge but legitimate exact numbers are fine.
    let big = format!("1\n {}*x - 1e-99999;", "9".repeat(50_000));
    assert!(parse_phc(&big).is_ok());
    let long = format!("1\n{};", vec!["x*y"; 50_000].join(" + "));
    assert!(parse_phc(&long).is_ok());
    assert!(started.elapsed().as_secs_f64() < 30.0);
}

#[test]
fn error_positions() {
    let cases: &[(&str, usize, usize, &str)] = &[
        ("2\n x^2 + * y;\n y;", 2, 8, "found `*`"),
        ("2\n x^2 + y\n y;", 3, 2, "missing `*`"),
        ("2\n x^2 + y;\n (y - 1;", 3, 8, "`)`"),
        ("1\n x + 1);", 2, 7, "unmatched"),
        ("1\n x / (y - 1);", 2, 6, "division"),
        ("1\n x / (y - y);", 2, 6, "division"),
        ("1\n x / (2 - 2);", 2, 6, "division by zero"),
        ("1\n x^y;", 2, 4, "exponent"),
        ("1\n x^(1/2);", 2, 4, "integer"),
        ("1\n x^-2;", 2, 4, "negative"),
        ("1\n x^20000;", 2, 4, "too large"),
        ("1\n 2 # x;", 2, 4, "unexpected character"),
        ("1\n sqrt(x);", 2, 2, "function calls"),
        ("two\n x;", 1, 1, "number of equations"),
        ("2\n x;", 2, 4, "only 1"),
        ("1 3\n x*y;", 1, 3, "3 variables"),
        (
            "INPUT\nvariable_group x;\nfunction f;\nf = x^2 + * x;\nEND;",
            4,
            11,
            "found `*`",
        ),
        (
            "INPUT\nvariable_group x;\nfunction f;\nf = x + y;\nEND;",
            4,
            9,
            "undefined name `y`",
        ),
        (
            "INPUT\nvariable_group x;\nfunction f, g;\nf = x;\nEND;",
            3,
            13,
            "never assigned",
        ),
        ("INPUT\nhom_variable_group x;\nEND;", 2, 1, "not supported"),
        (
            "INPUT\nvariable_group x;\nfunction f;\nf = Pi*x;\nEND;",
            4,
            5,
            "Pi",
        ),
        (
            "INPUT\nvariable_group x;\nfunction f;\nf = x;\n",
            5,
            1,
            "END",
        ),
    ];
    for &(text, line, column, needle) in cases {
        let e = parse_system(text).unwrap_err();
        assert_eq!((e.line, e.column), (line, column), "{text:?}: {e}");
        assert!(e.message.contains(needle), "{text:?}: {e}");
    }
}
