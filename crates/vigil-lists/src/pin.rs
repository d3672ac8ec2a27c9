//! Compact renderings of an entity's facts, for pinning them in tests: the
//! unit tests use this module (`#[cfg(test)] mod pin`), the integration
//! tests include the same file (`#[path]` in `tests/it/support.rs`), so
//! that every parser's tests read alike.
#![allow(dead_code, reason = "each test binary uses some of the helpers")]

use vigil_core::{Country, Entity};

/// `kind/script: full` for each name.
pub fn names(e: &Entity) -> Vec<String> {
    e.names
        .iter()
        .map(|n| format!("{}/{}: {}", n.kind, n.script, n.full))
        .collect()
}

/// `kind/script/lang: full` for each name, `-` for no language.
pub fn names_lang(e: &Entity) -> Vec<String> {
    e.names
        .iter()
        .map(|n| {
            let lang = n.lang.as_deref().unwrap_or("-");
            format!("{}/{}/{lang}: {}", n.kind, n.script, n.full)
        })
        .collect()
}

/// `Kind value CC` for each identifier, `-` for no country.
pub fn ids(e: &Entity) -> Vec<String> {
    e.identifiers
        .iter()
        .map(|i| {
            let country = i.country.map_or("-".to_string(), |c| c.to_string());
            format!("{:?} {} {country}", i.kind, i.value)
        })
        .collect()
}

/// The dates of birth as written by `Display` (`1965`, `circa 1960..1962`).
pub fn dates(e: &Entity) -> Vec<String> {
    e.birth_dates.iter().map(|d| d.to_string()).collect()
}

/// The codes of a list of countries.
pub fn codes(countries: &[Country]) -> Vec<&str> {
    countries.iter().map(|c| c.as_str()).collect()
}
