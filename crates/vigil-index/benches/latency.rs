//! Latency of single screenings against all shared lists: index build time,
//! then p50/p99 per query over the dev negatives and positives, one core.
//!
//! `cargo bench -p vigil-index --bench latency` (release). The whole query
//! set is screened `VIGIL_BENCH_ROUNDS` times (default 3) and each query's
//! fastest time kept, which keeps a virtual machine's pauses out of the
//! percentiles; a query comes back only after all the others, so its
//! caches are as cold as in the first round.
//! Prints a notice and exits when the shared data is absent. With
//! `-- --test` (as CI runs benches) only a few queries run, once, to check
//! the bench still works.

use std::time::Instant;
use vigil_core::matching::{DEFAULT_THRESHOLD, Query};
use vigil_index::{IndexBuilder, ListMeta, ScreenOptions};

/// The allocator the `vigil` binary ships with, so that the figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let Some(data) = vigil_testdata::shared_data() else {
        return;
    };
    let t = Instant::now();
    let loaded = vigil_lists::load_path(&data.join("lists"), None);
    let load_time = t.elapsed();
    let t = Instant::now();
    let mut b = IndexBuilder::new();
    for l in loaded.lists {
        b.add_list(ListMeta::named(&l.source), l.entities);
    }
    let index = b.build();
    let build_time = t.elapsed();
    let stats = index.stats();
    println!("load {load_time:.2?}, index build {build_time:.2?}: {stats:?}");

    let names: Vec<String> = ["negatives-dev.csv.gz", "positives-un-treated-dev.csv"]
        .iter()
        .flat_map(|f| vigil_eval::read_rows(&data.join("names").join(f)).unwrap())
        .map(|r| r.name)
        .collect();
    let mut names = names;
    if quick {
        names.truncate(50);
    }
    let options = ScreenOptions {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
    };
    let rounds = vigil_testdata::bench_rounds(quick);
    let timed = vigil_testdata::fastest_of_rounds(
        names.len(),
        rounds,
        || index.forget_query_words(),
        |i| {
            let q = Query::name(&names[i]).prepare().ok()?;
            Some(index.screen(&q, &options).len())
        },
    );
    let mut times = Vec::with_capacity(names.len());
    let mut checksum = 0usize;
    let mut slowest: Vec<(std::time::Duration, &str)> = Vec::new();
    for (n, (d, found)) in names
        .iter()
        .zip(&timed)
        .filter_map(|(n, t)| Some((n, t.as_ref()?)))
    {
        times.push(*d);
        slowest.push((*d, n));
        checksum += found;
    }
    slowest.sort();
    for (d, n) in slowest.iter().rev().take(8) {
        println!("  slow: {d:.1?} {n}");
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!(
        "{} queries (fastest of {rounds}): p50 {:.1?}, p90 {:.1?}, p99 {:.2?}, max {:.1?}; {} matches",
        times.len(),
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[times.len() - 1],
        checksum
    );
    assert!(checksum > 0, "the positives must match");
}
