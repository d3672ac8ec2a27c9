//! Property tests of every parser: each file under `tests/fixtures/` (all
//! formats; the folder is walked at test time, so new fixtures are picked up
//! without touching this file) is mutated at random and handed to
//! [`vigil_lists::parse`].
//!
//! Properties checked:
//! 1. parsing never panics, whatever the bytes;
//! 2. a list that parses has entities with a non-empty id of the form
//!    `<source>:<native id>`, the list's source, and at least one non-empty
//!    name;
//! 3. every diagnostic names one of the list's files.
//!
//! Mutations: truncation at a random offset, bit flips, inserted and deleted
//! bytes, a duplicated slice, and inserted XML / CSV / JSON metacharacters
//! (1 to 4 per case). gzip and zip fixtures are opened first so that the
//! mutations hit the content.
//!
//! Each fixture runs 200 cases in release mode and 32 in debug mode. For a
//! longer run set `PROPTEST_CASES`, e.g.
//! `PROPTEST_CASES=20000 cargo test -p vigil-lists --release --test it fuzz`.
//! A failure prints the fixture and the shrunk list of mutations.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::io::Read;
use std::path::{Path, PathBuf};
use vigil_lists::{Input, List};

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    FlipBit(Index, u8),
    InsertByte(Index, u8),
    Delete(Index, usize),
    Duplicate(Index, usize, Index),
    InsertMeta(Index, &'static [u8]),
}

/// Bytes that mean something to one of the formats, plus a BOM, a NUL and
/// an invalid UTF-8 byte.
const META: &[&[u8]] = &[
    b"<",
    b">",
    b"&",
    b"</",
    b"/>",
    b"<!--",
    b"]]>",
    b"<![CDATA[",
    b"&amp;",
    b"&#0;",
    b"<?xml version=\"1.0\"?>",
    b"\"",
    b"'",
    b",",
    b";",
    b":",
    b"\n",
    b"\r\n",
    b"\r",
    b"\"\"",
    b"-0- ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\\",
    b"\\u0000",
    b"null",
    b"{\"id\": ",
    b"\"schema\": \"Person\"",
    b"\xEF\xBB\xBF",
    b"\0",
    b"\xFF",
    b"\xD0",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        (any::<Index>(), 1usize..=16).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<Index>(), 1usize..=256, any::<Index>())
            .prop_map(|(from, n, to)| Mutation::Duplicate(from, n, to)),
        (any::<Index>(), select(META)).prop_map(|(i, m)| Mutation::InsertMeta(i, m)),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    let len = data.len();
    // Offsets for insertion may be the end; offsets of existing bytes need
    // a non-empty file.
    let gap = |i: &Index| i.index(len + 1);
    match m {
        Mutation::Truncate(i) => data.truncate(gap(i)),
        Mutation::InsertByte(i, b) => data.insert(gap(i), *b),
        Mutation::InsertMeta(i, bytes) => {
            let at = gap(i);
            data.splice(at..at, bytes.iter().copied());
        }
        _ if len == 0 => {}
        Mutation::FlipBit(i, bit) => data[i.index(len)] ^= 1 << bit,
        Mutation::Delete(i, n) => {
            let at = i.index(len);
            data.drain(at..(at + n).min(len));
        }
        Mutation::Duplicate(from, n, to) => {
            let at = from.index(len);
            let slice = data[at..(at + n).min(len)].to_vec();
            let to = to.index(len + 1);
            data.splice(to..to, slice);
        }
    }
}

/// The invariants of a parsed list, as an error message when one fails.
fn check(list: &List) -> Result<(), String> {
    for e in &list.entities {
        let prefix = format!("{}:", e.source);
        if e.source != list.source {
            return Err(format!(
                "{}: source {} in list {}",
                e.id, e.source, list.source
            ));
        }
        if !e.id.starts_with(&prefix) || e.id.len() == prefix.len() {
            return Err(format!("entity id {:?} is not `{prefix}<id>`", e.id));
        }
        if e.names.is_empty() || e.names.iter().any(|n| n.full.trim().is_empty()) {
            return Err(format!("entity {} has no name or an empty one", e.id));
        }
    }
    for d in &list.diagnostics {
        if !list.files.contains(&d.file) {
            return Err(format!("diagnostic {d} names no file of {:?}", list.files));
        }
    }
    Ok(())
}

/// Every file under `dir`, sorted, hidden ones left out.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The seeds of one fixture: its content, or the content of its gzip or
/// zip container, named `<relative path>` or `<relative path>!<member>`.
fn seeds(root: &Path, path: &Path) -> Vec<(String, Vec<u8>)> {
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let bytes = std::fs::read(path).unwrap();
    if bytes.starts_with(b"\x1F\x8B") {
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .is_ok()
        {
            return vec![(name, out)];
        }
    }
    if bytes.starts_with(b"PK\x03\x04")
        && let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
    {
        let mut members = Vec::new();
        for i in 0..archive.len() {
            let Ok(mut file) = archive.by_index(i) else {
                continue;
            };
            let mut out = Vec::new();
            if file.is_file() && file.read_to_end(&mut out).is_ok() {
                members.push((
                    format!(
                        "{name}!{}",
                        file.name()
                            .map(|n| n.to_string())
                            .unwrap_or_else(|_| format!("member {i}"))
                    ),
                    out,
                ));
            }
        }
        if !members.is_empty() {
            return members;
        }
    }
    vec![(name, bytes)]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) { 32 } else { 200 })
}

#[test]
fn mutated_fixtures_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(!files.is_empty(), "no fixture under {}", root.display());
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    for path in &files {
        for (name, seed) in seeds(&root, path) {
            // The fixture itself first: it is a list or a deliberate error.
            if let Ok(list) = vigil_lists::parse(&Input::new(&name, &seed)) {
                check(&list).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            let mut runner = TestRunner::new(config.clone());
            let result = runner.run(&prop::collection::vec(mutation(), 1..=4), |mutations| {
                let mut data = seed.clone();
                for m in &mutations {
                    apply(&mut data, m);
                }
                match vigil_lists::parse(&Input::new(&name, &data)) {
                    Ok(list) => check(&list).map_err(TestCaseError::fail),
                    Err(_) => Ok(()),
                }
            });
            if let Err(e) = result {
                panic!("{name}: {e}");
            }
        }
    }
}
