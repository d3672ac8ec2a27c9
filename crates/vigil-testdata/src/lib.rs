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
