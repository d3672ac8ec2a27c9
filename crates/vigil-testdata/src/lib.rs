//! Test-only access to the real list and name files kept outside the
//! repository, in `../shared/data` relative to the repository root.
//!
//! Tests that read them call [`shared_data`]: when the folder is absent (a
//! user's clone) it prints a visible notice and returns `None`, so the test
//! passes without checking anything; when `VIGIL_REQUIRE_DATA=1` (set by
//! `.ci/run`) a missing folder fails the test instead.
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// `../shared/data` if present; `None` with a notice when absent; panics
/// when absent and `VIGIL_REQUIRE_DATA=1`.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("VIGIL_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/data"));
    if dir.join("lists").is_dir() {
        return Some(dir);
    }
    if std::env::var("VIGIL_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!(
            "VIGIL_REQUIRE_DATA=1 but the shared data folder {} is missing",
            dir.display()
        );
    }
    eprintln!(
        "NOTICE: {} is absent; this test checks nothing without the shared list files",
        dir.display()
    );
    None
}

/// A path under `../shared/data/lists`, or `None` (with the notice) when the
/// shared data is absent.
pub fn list_path(relative: &str) -> Option<PathBuf> {
    let path = shared_data()?.join("lists").join(relative);
    assert!(
        path.exists(),
        "{} is missing from the shared data",
        path.display()
    );
    Some(path)
}

/// A path under `../shared/data/names`, or `None` when absent.
pub fn names_path(relative: &str) -> Option<PathBuf> {
    let path = shared_data()?.join("names").join(relative);
    assert!(
        path.exists(),
        "{} is missing from the shared data",
        path.display()
    );
    Some(path)
}

/// How many rounds a latency benchmark screens its query set:
/// `VIGIL_BENCH_ROUNDS` (default 3), and one when `quick` (`-- --test`).
pub fn bench_rounds(quick: bool) -> usize {
    if quick {
        return 1;
    }
    std::env::var("VIGIL_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3)
        .max(1)
}

/// Runs `run` on items `0..n`, `rounds` times over the whole set (so that an
/// item comes back only after all the others, its caches as cold as in the
/// first round), and keeps each item's fastest time with its result; `None`
/// from `run` leaves the item out. The fastest of several rounds keeps a
/// virtual machine's pauses out of the percentiles. `before_round` runs,
/// untimed, before each round (to empty caches that remember queries).
pub fn fastest_of_rounds<T>(
    n: usize,
    rounds: usize,
    mut before_round: impl FnMut(),
    mut run: impl FnMut(usize) -> Option<T>,
) -> Vec<Option<(std::time::Duration, T)>> {
    let mut out: Vec<Option<(std::time::Duration, T)>> = (0..n).map(|_| None).collect();
    for _ in 0..rounds.max(1) {
        before_round();
        for (i, slot) in out.iter_mut().enumerate() {
            let t = std::time::Instant::now();
            let Some(result) = run(i) else {
                continue;
            };
            let d = t.elapsed();
            let best = slot.as_ref().map_or(d, |(b, _)| d.min(*b));
            *slot = Some((best, result));
        }
    }
    out
}
