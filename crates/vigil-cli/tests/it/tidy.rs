//! Tidy checks over the repository's own files, run with the tests:
//!
//! 1. every `.rs` file opens with a `//!` comment saying what it is for;
//! 2. the README's first two commands are the demo screening and the test
//!    command, and `.ci/run` runs that same test command.

use std::fs;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("folder entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("crates"), &mut files);
    assert!(files.len() > 20, "found only {} .rs files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = fs::read_to_string(f).expect("readable file");
            !text.trim_start().starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without an opening `//!` comment:\n{}",
        missing.join("\n")
    );
}

#[test]
fn readme_and_ci_run_the_same_test_command() {
    let readme = fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let commands: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo "))
        .take(2)
        .collect();
    assert_eq!(commands.len(), 2, "README.md needs two set-up commands");
    assert!(
        commands[0].starts_with("cargo run --release --bin vigil -- screen "),
        "first README command: {}",
        commands[0]
    );
    let ci = fs::read_to_string(repo_root().join(".ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim_start().ends_with(commands[1])),
        ".ci/run does not run the README's test command `{}`",
        commands[1]
    );
}
