//! Criterion benches against all shared lists loaded together: the index
//! build, and `screen` of a fixed set of 100 names (50 treated UN dev
//! positives, 50 dev negatives) by name only and with their facts.
//!
//! `cargo bench -p vigil-index --bench screen` (release); with `-- --test`
//! (as CI runs benches) each bench runs once. Each bench asserts a checksum
//! of its result (index size, number of hits) so that it cannot silently
//! do nothing. Prints a notice and measures nothing when the shared data
//! is absent.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use vigil_core::matching::{DEFAULT_THRESHOLD, PreparedQuery};
use vigil_eval::Row;
use vigil_index::{Index, IndexBuilder, ListMeta, ScreenOptions};
use vigil_lists::List;

/// The allocator the `vigil` binary ships with, so that the figures are
/// the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Names of each dev set in the fixed query set.
const PER_SET: usize = 50;

fn read_rows(path: &Path) -> Vec<Row> {
    vigil_eval::read_rows(path).unwrap()
}

/// `PER_SET` rows of each dev set, spread evenly over it.
fn fixed_rows(data: &Path) -> Vec<Row> {
    let mut rows = Vec::new();
    for file in [
        "names/positives-un-treated-dev.csv",
        "names/negatives-dev.csv.gz",
    ] {
        let all = read_rows(&data.join(file));
        let stride = (all.len() / PER_SET).max(1);
        rows.extend(all.into_iter().step_by(stride).take(PER_SET));
    }
    rows
}

fn index_of(lists: Vec<List>) -> Index {
    let mut b = IndexBuilder::new();
    for l in lists {
        b.add_list(ListMeta::named(&l.source), l.entities);
    }
    b.build()
}

fn hits(index: &Index, queries: &[PreparedQuery]) -> usize {
    let options = ScreenOptions {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
    };
    queries
        .iter()
        .map(|q| index.screen(q, &options).len())
        .sum()
}

fn benches(c: &mut Criterion) {
    let Some(data) = vigil_testdata::shared_data() else {
        return;
    };
    let loaded = vigil_lists::load_path(&data.join("lists"), None);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let lists = loaded.lists;
    let entities: usize = lists.iter().map(|l| l.entities.len()).sum();

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.throughput(Throughput::Elements(entities as u64));
    group.bench_function("all_lists", |b| {
        b.iter_batched(
            || lists.clone(),
            |lists| {
                let index = index_of(lists);
                assert_eq!(index.entities().len(), entities);
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let index = index_of(lists);
    let rows = fixed_rows(&data);
    let mut group = c.benchmark_group("screen");
    // One sample screens all 100 names (about half a second).
    group.sample_size(20);
    group.throughput(Throughput::Elements(rows.len() as u64));
    for (name, with_facts) in [("100_names", false), ("100_names_with_facts", true)] {
        let queries: Vec<PreparedQuery> = rows.iter().filter_map(|r| r.query(with_facts)).collect();
        assert_eq!(queries.len(), rows.len());
        // The checksum: the positives must match, and every run must find
        // the same number of hits.
        let expected = hits(&index, &queries);
        assert!(expected >= PER_SET / 2, "{name}: only {expected} hits");
        eprintln!("screen/{name}: {expected} hits at {DEFAULT_THRESHOLD}");
        group.bench_function(name, |b| {
            b.iter(|| assert_eq!(hits(&index, black_box(&queries)), expected))
        });
    }
    group.finish();
}

criterion_group!(screen, benches);
criterion_main!(screen);
