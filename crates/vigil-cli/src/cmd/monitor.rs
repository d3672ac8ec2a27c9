//! `vigil monitor`: after a list update, re-screen the stored subjects
//! against what changed, and raise alerts only for what is new.
//!
//! The store remembers the fingerprint of every listed entity the subjects
//! were last screened against. A run compares the current lists with it:
//! the entities added or changed since form a small index, every stored
//! subject is screened against that index only (so a weekly update of a
//! few dozen designations costs a few seconds for a hundred thousand
//! subjects), and the subjects with matches are recorded like `vigil batch
//! --record` records them: an alert is raised unless one is open or a
//! decision on the same data covers it, and a false positive on an entity
//! that changed comes back saying so. The first run has nothing to compare
//! with and screens every subject against everything.

use crate::database_arg::{DatabaseArg, runtime};
use crate::lists_arg::ListArgs;
use anyhow::{Context, Result, bail};
use clap::Args;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::process::ExitCode;
use std::time::Instant;
use vigil_core::input::{RawQuery, build_lenient};
use vigil_core::matching::DEFAULT_THRESHOLD;
use vigil_index::ScreenOptions;
use vigil_store::{MatchInput, ScreeningContext, StoredSubject, SubjectInput};

/// Subjects read, screened and recorded per round.
const PAGE: i64 = 5000;

/// `vigil monitor [--list PATH]... [--database URL]`
#[derive(Args)]
pub(crate) struct MonitorArgs {
    #[command(flatten)]
    lists: ListArgs,
    #[command(flatten)]
    db: DatabaseArg,
    /// The alert threshold.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many matches per subject.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// What one monitoring run did.
#[derive(Serialize, Default)]
pub(crate) struct Summary {
    entities: usize,
    added_or_changed: usize,
    removed: usize,
    subjects: u64,
    subjects_with_matches: u64,
    alerts_raised: u64,
    covered_by_decisions: u64,
    still_open: u64,
    seconds: f64,
}

pub(crate) fn run(args: MonitorArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        args.threshold > 0.0 && args.threshold <= 1.0,
        "--threshold: must be above 0 and at most 1 (alerts are raised at it)"
    );
    anyhow::ensure!(args.limit > 0, "--limit: must be at least 1");
    let summary = monitor_once(&args.lists, &args.db, args.threshold, args.limit)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!("{}", summary.describe());
    }
    Ok(ExitCode::SUCCESS)
}

/// One monitoring run (see the module documentation); `vigil serve
/// --monitor` calls it after each refresh that brought a new list version.
pub(crate) fn monitor_once(
    lists: &ListArgs,
    db: &DatabaseArg,
    threshold: f32,
    limit: usize,
) -> Result<Summary> {
    let start = Instant::now();
    let runtime = runtime()?;
    let store = runtime.block_on(db.open(&lists.data))?;
    let (loaded, _) = lists.load()?;
    for e in &loaded.errors {
        eprintln!("vigil: warning: list not loaded: {e}");
    }
    if loaded.lists.is_empty() {
        bail!("no list could be loaded (see the warnings above)");
    }
    if !loaded.errors.is_empty() {
        bail!("a list did not load: monitoring against part of the lists would miss changes");
    }

    // What changed since the last run.
    let previous = runtime.block_on(store.monitored_entities())?;
    let mut current = Vec::new();
    let mut changed_ids = HashSet::new();
    for list in &loaded.lists {
        for e in &list.entities {
            let fp = vigil_store::fingerprint(e);
            if previous.get(&e.id) != Some(&fp) {
                changed_ids.insert(e.id.clone());
            }
            current.push((e.id.clone(), fp));
        }
    }
    let current_ids: HashSet<&str> = current.iter().map(|(id, _)| id.as_str()).collect();
    let mut summary = Summary {
        entities: current.len(),
        added_or_changed: changed_ids.len(),
        removed: previous
            .keys()
            .filter(|id| !current_ids.contains(id.as_str()))
            .count(),
        ..Summary::default()
    };
    let list_versions = serde_json::to_value(
        loaded
            .lists
            .iter()
            .map(|l| (&l.source, &l.files, l.published))
            .collect::<Vec<_>>(),
    )?;

    if !changed_ids.is_empty() {
        let lists: Vec<vigil_lists::List> = loaded
            .lists
            .into_iter()
            .map(|mut l| {
                l.entities.retain(|e| changed_ids.contains(&e.id));
                l
            })
            .filter(|l| !l.entities.is_empty())
            .collect();
        let index = vigil_serve::index_of(lists);
        let options = ScreenOptions { threshold, limit };
        let context = ScreeningContext {
            actor: "monitor".to_string(),
            list_versions: list_versions.clone(),
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            threshold: f64::from(threshold),
        };
        let mut after = String::new();
        loop {
            let page = runtime.block_on(store.subjects_after(&after, PAGE))?;
            let Some(last) = page.last() else { break };
            after = last.id.clone();
            summary.subjects += page.len() as u64;
            let screened: Vec<(SubjectInput, Vec<MatchInput>)> = page
                .par_iter()
                .filter_map(|s| screen(&index, &options, s))
                .collect();
            summary.subjects_with_matches += screened.len() as u64;
            if screened.is_empty() {
                continue;
            }
            let recorded = runtime
                .block_on(store.record_screenings(&context, &screened))
                .context("the re-screenings could not be stored; nothing of this page was")?;
            for r in recorded {
                summary.alerts_raised += r.raised.len() as u64;
                summary.covered_by_decisions += r.suppressed.len() as u64;
                summary.still_open += r.still_open.len() as u64;
            }
        }
    }
    summary.seconds = start.elapsed().as_secs_f64();
    let audit = serde_json::json!({
        "list_versions": list_versions,
        "entities": summary.entities,
        "added_or_changed": summary.added_or_changed,
        "removed": summary.removed,
        "subjects": summary.subjects,
        "subjects_with_matches": summary.subjects_with_matches,
        "alerts_raised": summary.alerts_raised,
    });
    runtime.block_on(store.set_monitored_entities("monitor", &current, audit))?;
    runtime.block_on(store.close());
    Ok(summary)
}

impl Summary {
    /// One line for people.
    pub(crate) fn describe(&self) -> String {
        if self.added_or_changed == 0 {
            return format!(
                "monitor: nothing added or changed among {} listed entities since the last run \
                 ({} removed); no subject re-screened",
                self.entities, self.removed
            );
        }
        format!(
            "monitor: {} of {} listed entities added or changed, {} removed since the last run; \
             {} subjects re-screened against them in {:.2} s: {} with matches, {} alert(s) \
             raised, {} covered by decisions, {} already open",
            self.added_or_changed,
            self.entities,
            self.removed,
            self.subjects,
            self.seconds,
            self.subjects_with_matches,
            self.alerts_raised,
            self.covered_by_decisions,
            self.still_open
        )
    }
}

/// One subject screened against the changed entities; `None` without a
/// match (or when its stored attributes no longer read).
fn screen(
    index: &vigil_index::Index,
    options: &ScreenOptions,
    s: &StoredSubject,
) -> Option<(SubjectInput, Vec<MatchInput>)> {
    let field = |k: &str| s.attributes.get(k).and_then(|v| v.as_str());
    let (query, _) = build_lenient(&RawQuery {
        name: &s.name,
        dob: field("dob"),
        country: field("country"),
        schema: field("schema"),
        gender: field("gender"),
        identifiers: field("identifiers"),
    })
    .ok()?;
    let prepared = query.prepare().ok()?;
    let hits = index.screen(&prepared, options);
    if hits.is_empty() {
        return None;
    }
    let matches = vigil_serve::subjects::match_inputs(&hits);
    let subject = SubjectInput {
        id: s.id.clone(),
        name: s.name.clone(),
        attributes: s.attributes.clone(),
    };
    Some((subject, matches))
}
