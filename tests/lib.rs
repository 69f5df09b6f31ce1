//! Integration tests live in `tests/tests/`; this library holds what they share.

/// The value of the environment variable `name` parsed as `T`, or `default` when it is
/// unset or does not parse (the size knobs of the heavy, ignored-by-default tests).
///
/// ```
/// assert_eq!(integration_tests::env_or("INTEGRATION_TESTS_UNSET_KNOB", 7usize), 7);
/// ```
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
