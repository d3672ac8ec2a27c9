//! Running the binary and making temporary inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The outcome of one run: exit code, stdout and stderr as text.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts a successful run without a panic, and returns it.
    #[track_caller]
    pub(crate) fn ok(self) -> Run {
        assert_eq!(self.code, Some(0), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        self
    }

    /// Asserts a user error: exit code 2, no panic, and a message on
    /// stderr containing `message`.
    #[track_caller]
    pub(crate) fn user_error(self, message: &str) -> Run {
        assert_eq!(self.code, Some(2), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        assert!(
            self.stderr.contains("vigil: error: ") && self.stderr.contains(message),
            "expected an error containing {message:?}: {self:#?}"
        );
        self
    }

    /// Stdout parsed as one JSON document.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }
}

/// Runs `vigil` with `args`, without `$VIGIL_LISTS` and with an empty data
/// directory (so that the demo list is used unless a test passes `--list`).
pub(crate) fn vigil(args: &[&str]) -> Run {
    vigil_with(args, &[])
}

/// A data directory that does not exist: no downloaded list is loaded.
pub(crate) fn no_data_dir() -> PathBuf {
    std::env::temp_dir().join("vigil-cli-it-no-data-dir")
}

/// Runs `vigil` as [`vigil`] does, with these environment variables set
/// (`VIGIL_DATA_DIR` among them overrides the empty data directory).
pub(crate) fn vigil_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_vigil"))
        .args(args)
        .env_remove("VIGIL_LISTS")
        .env_remove("VIGIL_SOURCES")
        .env_remove("VIGIL_CRASH_AT")
        .env_remove("VIGIL_DATABASE")
        .env("VIGIL_DATA_DIR", no_data_dir())
        .envs(env.iter().copied())
        .output()
        .expect("the vigil binary runs");
    Run::of(out)
}

/// A fresh, empty temporary folder, removed when dropped.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "vigil-cli-it-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary folder can be created");
        TempDir(dir)
    }

    /// Writes `text` to `name` in the folder and returns its path.
    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("the temporary file can be written");
        path
    }

    /// A path in the folder.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path as the `&str` an argument needs.
pub(crate) fn arg(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// The lines of a JSON-lines file, parsed.
pub(crate) fn json_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("the output exists")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The keys of one match in `screen --json` and batch output, sorted: the
/// contract external evaluation relies on.
pub(crate) const MATCH_KEYS: [&str; 7] = [
    "caption",
    "entity_id",
    "explanation",
    "list",
    "name",
    "schema",
    "score",
];

/// The sorted keys of a JSON object.
pub(crate) fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}
