//! Time to load every shared list: the whole `../shared/data/lists` folder
//! with `load_path` (files parsed in parallel, as `vigil` loads them), then
//! each list's files alone on one thread, so that a slow parser shows.
//!
//! `cargo bench -p vigil-lists --bench load` (release); `-- un/consolidated.xml`
//! times only the files or folders named (relative to the lists folder),
//! for profiling one parser.
//! Prints a notice and exits when the shared data is absent. With
//! `-- --test` (as CI runs benches) the folder is loaded once, to check the
//! bench still works.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vigil_lists::load_path;

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let Some(data) = vigil_testdata::shared_data() else {
        return;
    };
    let dir = data.join("lists");
    let rounds = if quick { 1 } else { 10 };

    if only.is_empty() {
        whole_folder(&dir, rounds);
    }
    if !quick {
        one_by_one(&dir, rounds, &only);
    }
}

/// The whole folder, as the CLI loads it.
fn whole_folder(dir: &Path, rounds: usize) {
    let mut totals = Vec::with_capacity(rounds);
    let mut checksum = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        let loaded = load_path(dir, None);
        totals.push(t.elapsed());
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        checksum = loaded.lists.iter().map(|l| l.entities.len()).sum::<usize>();
    }
    println!(
        "all lists ({} entities): best {:.1?}, median {:.1?}",
        checksum,
        best(&totals),
        median(&mut totals)
    );
    // The shared lists hold some 40,000 entities; far fewer means a parser
    // lost records.
    assert!(checksum > 30_000, "only {checksum} entities");
}

/// Each list alone, one thread: a file, or an OFAC CSV family.
fn one_by_one(dir: &Path, rounds: usize, only: &[String]) {
    let paths: Vec<PathBuf> = if only.is_empty() {
        load_path(dir, None)
            .lists
            .iter()
            .map(|list| {
                // A zip member is `archive!member`: time the archive.
                let file = &list.files[0];
                PathBuf::from(file.split('!').next().unwrap_or(file))
            })
            .collect()
    } else {
        only.iter().map(|o| dir.join(o)).collect()
    };
    let mut rows: Vec<(String, usize, Duration)> = Vec::new();
    for path in &paths {
        let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let mut entities = 0;
        let mut times: Vec<Duration> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let l = load_path(path, None);
                let d = t.elapsed();
                assert_eq!(l.lists.len(), 1, "{}", path.display());
                entities = l.lists[0].entities.len();
                d
            })
            .collect();
        rows.push((name, entities, median(&mut times)));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.2));
    let sum: Duration = rows.iter().map(|r| r.2).sum();
    for (name, n, d) in &rows {
        println!("  {d:>9.1?}  {n:>6} entities  {name}");
    }
    println!("  {sum:>9.1?}  sum of the lists one by one, one thread each");
}

fn best(times: &[Duration]) -> Duration {
    times.iter().copied().min().unwrap_or_default()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
