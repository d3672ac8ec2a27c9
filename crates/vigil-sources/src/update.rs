//! One update of one or more sources: download, parse, check, store, and
//! only then switch `current`. A download that fails, does not parse or
//! fails a sanity check never becomes current; a refused one is kept aside
//! with its reason.

use crate::config::Source;
use crate::error::{Error, IoContext};
use crate::fetch::{Fetched, Fetcher, HttpOptions, Progress, Validators};
use crate::store::{FileRecord, HistoryEvent, Manifest, Store, UpdateLock};
use crate::{CrashPoint, crash_at, now_rfc3339};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use vigil_core::PartialDate;

/// How an update behaves.
#[derive(Debug, Clone, Default)]
pub struct UpdateOptions {
    /// Downloads.
    pub http: HttpOptions,
    /// Accept a version that fails a sanity check (a large fall in entity
    /// count, another format, an older publication date) when the change
    /// is known to be real. A version that does not parse is never taken.
    pub force: bool,
    /// Test hook: abort the process at this point (see [`CrashPoint`]).
    pub crash: Option<CrashPoint>,
}

/// What happened to one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateReport {
    /// The source.
    pub source: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The outcome of updating one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// A new version is current.
    Updated {
        /// Its id.
        version: String,
        /// The version current before, if any.
        previous: Option<String>,
        /// Its entity count.
        entities: usize,
        /// The previous version's entity count.
        previous_entities: Option<usize>,
        /// The publication date the list states.
        published: Option<PartialDate>,
        /// Sanity checks it failed and `force` overrode.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        forced: Vec<String>,
    },
    /// The current version is still the newest.
    Unchanged {
        /// The current version's id.
        version: String,
        /// How that was known: the server said `not modified` (HTTP 304), or
        /// the download has the same content.
        how: String,
    },
    /// A download arrived but was refused; the current version stays.
    Rejected {
        /// Why.
        reason: String,
        /// Where the refused files are kept for inspection.
        kept_at: PathBuf,
    },
    /// Nothing usable arrived (network, server or disk error); the current
    /// version stays.
    Failed {
        /// Why.
        error: String,
        /// Where a partial download is kept for inspection, when bytes
        /// arrived before the failure.
        #[serde(skip_serializing_if = "Option::is_none")]
        kept_at: Option<PathBuf>,
    },
}

impl UpdateReport {
    /// Whether the source ended rejected or failed.
    pub fn is_problem(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Rejected { .. } | Outcome::Failed { .. }
        )
    }

    /// Whether a new version became current.
    pub fn is_updated(&self) -> bool {
        matches!(self.outcome, Outcome::Updated { .. })
    }
}

/// Updates the sources one after the other, under the data directory's
/// update lock (a concurrent update in another process is waited for).
/// Fails as a whole only when the lock or the `tmp/` folder cannot be had;
/// each source's problems are in its report.
pub fn update(
    store: &Store,
    sources: &[&Source],
    options: &UpdateOptions,
    progress: &dyn Progress,
) -> Result<Vec<UpdateReport>, Error> {
    let lock = store.lock(|| {
        progress.note(
            "",
            "another update is running on this data directory; waiting for it",
        )
    })?;
    store.clear_tmp(&lock)?;
    let fetcher = Fetcher::new(options.http.clone());
    let mut reports = Vec::new();
    for (n, source) in sources.iter().enumerate() {
        let staged = store.tmp_dir().join(format!("{}-{n}", source.name));
        let outcome = match update_one(store, &lock, &fetcher, source, &staged, options, progress) {
            Ok(o) => o,
            Err(e) => Outcome::Failed {
                error: e.to_string(),
                kept_at: None,
            },
        };
        if staged.exists() {
            let _ = fs::remove_dir_all(&staged);
        }
        let event = history_event(&outcome);
        if let Err(e) = store.append_history(&source.name, &event) {
            progress.note(&source.name, &format!("cannot record the history: {e}"));
        }
        reports.push(UpdateReport {
            source: source.name.clone(),
            outcome,
        });
    }
    Ok(reports)
}

fn history_event(outcome: &Outcome) -> HistoryEvent {
    let at = now_rfc3339();
    let (event, version, previous, detail) = match outcome {
        Outcome::Updated {
            version,
            previous,
            forced,
            ..
        } => (
            "updated",
            Some(version.clone()),
            previous.clone(),
            (!forced.is_empty()).then(|| format!("forced: {}", forced.join("; "))),
        ),
        Outcome::Unchanged { version, how } => {
            ("unchanged", Some(version.clone()), None, Some(how.clone()))
        }
        Outcome::Rejected { reason, .. } => ("rejected", None, None, Some(reason.clone())),
        Outcome::Failed { error, .. } => ("failed", None, None, Some(error.clone())),
    };
    HistoryEvent {
        at,
        event: event.to_string(),
        version,
        previous,
        detail,
    }
}

fn update_one(
    store: &Store,
    lock: &UpdateLock,
    fetcher: &Fetcher,
    source: &Source,
    staged: &Path,
    options: &UpdateOptions,
    progress: &dyn Progress,
) -> Result<Outcome, Error> {
    let current = store.current(&source.name)?;
    let files_dir = staged.join("files");
    fs::create_dir_all(&files_dir).at(&files_dir)?;

    let mut records = Vec::new();
    let mut not_modified = 0;
    for file in &source.files {
        // The validators of the same file (same name, same URL) in the
        // current version: a mirror's ETag means nothing to the publisher.
        let previous = current.as_ref().and_then(|v| {
            v.manifest
                .files
                .iter()
                .find(|f| f.name == file.name && f.url == file.url)
                .map(|f| (v, f))
        });
        let validators = previous
            .map(|(_, f)| Validators {
                etag: f.etag.clone(),
                last_modified: f.last_modified.clone(),
            })
            .unwrap_or_default();
        let dest = files_dir.join(&file.name);
        let fetched = match fetcher.fetch(
            &file.url,
            &dest,
            &validators,
            (&source.name, &file.name),
            progress,
        ) {
            Ok(f) => f,
            Err(e @ Error::Download { .. }) => {
                // Bytes that arrived before the failure (a body cut short)
                // are kept for inspection; nothing else is.
                let partial = fs::metadata(&dest).is_ok_and(|m| m.len() > 0);
                let error = e.to_string();
                let kept_at = if partial {
                    let reason = format!("the download failed: {error}");
                    let at = now_rfc3339();
                    Some(store.reject(lock, &source.name, staged, &at, "partial", &reason)?)
                } else {
                    None
                };
                return Ok(Outcome::Failed { error, kept_at });
            }
            Err(e) => return Err(e),
        };
        match fetched {
            Fetched::Downloaded(d) => records.push(FileRecord {
                name: file.name.clone(),
                url: file.url.clone(),
                sha256: d.sha256,
                bytes: d.bytes,
                etag: d.validators.etag,
                last_modified: d.validators.last_modified,
            }),
            Fetched::NotModified => {
                let Some((version, record)) = previous else {
                    // A 304 to an unconditional request: a broken server.
                    return Err(Error::Download {
                        url: file.url.clone(),
                        message: "the server answered 304 Not Modified to a request \
                                  that asked for no comparison"
                            .to_string(),
                    });
                };
                not_modified += 1;
                let from = version.files_dir.join(&record.name);
                fs::copy(&from, &dest).at(&dest)?;
                records.push(record.clone());
            }
        }
    }
    let id = content_id(&records);
    if let Some(cur) = &current
        && cur.manifest.id == id
    {
        let how = if not_modified == source.files.len() {
            "the server says it is not modified"
        } else {
            "downloaded again: same content"
        };
        return Ok(Outcome::Unchanged {
            version: id,
            how: how.to_string(),
        });
    }
    crash_at(options.crash, CrashPoint::AfterDownload);
    let at = now_rfc3339();

    let loaded = vigil_lists::load_path(&files_dir, Some(&source.name));
    let mut problems: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
    problems.extend(
        loaded
            .skipped
            .iter()
            .map(|s| format!("{}: not a list: {}", s.path, s.reason)),
    );
    if problems.is_empty() && loaded.lists.len() != 1 {
        problems.push(format!(
            "expected one list from {} file(s), read {}",
            source.files.len(),
            loaded.lists.len()
        ));
    }
    if !problems.is_empty() {
        let reason = problems.join("; ");
        let kept_at = store.reject(lock, &source.name, staged, &at, &id, &reason)?;
        return Ok(Outcome::Rejected { reason, kept_at });
    }
    let list = loaded.lists.into_iter().next().expect("one list");
    let summary = list.summary();

    let checks = sanity_checks(source, current.as_ref().map(|v| &v.manifest), &list);
    if !checks.is_empty() && !options.force {
        let reason = format!(
            "{}; if the publisher really made this change, run the update again with --force",
            checks.join("; ")
        );
        let kept_at = store.reject(lock, &source.name, staged, &at, &id, &reason)?;
        return Ok(Outcome::Rejected { reason, kept_at });
    }

    let manifest = Manifest {
        source: source.name.clone(),
        id: id.clone(),
        format: list.format.as_str().to_string(),
        files: records,
        downloaded_at: at,
        published: list.published,
        entities: list.entities.len(),
        entities_by_schema: summary.entities_by_schema.clone(),
        names: summary.names,
        diagnostics: list.diagnostics.len(),
        vigil_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    store.store_version(lock, staged, &manifest)?;
    crash_at(options.crash, CrashPoint::AfterStore);
    store.set_current(lock, &source.name, &id, options.crash)?;
    crash_at(options.crash, CrashPoint::AfterSwitch);
    Ok(Outcome::Updated {
        version: id,
        previous: current.as_ref().map(|v| v.manifest.id.clone()),
        entities: manifest.entities,
        previous_entities: current.as_ref().map(|v| v.manifest.entities),
        published: manifest.published,
        forced: checks,
    })
}

/// What is suspicious about a new version compared with the current one.
fn sanity_checks(
    source: &Source,
    current: Option<&Manifest>,
    new: &vigil_lists::List,
) -> Vec<String> {
    let Some(cur) = current else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let n = new.entities.len();
    let floor = cur.entities as f64 * (1.0 - source.max_drop);
    if (n as f64) < floor {
        out.push(format!(
            "the entity count fell from {} to {n} ({:.1}% fewer), more than the {:.0}% allowed",
            cur.entities,
            100.0 * (cur.entities - n) as f64 / cur.entities as f64,
            100.0 * source.max_drop
        ));
    }
    if new.format.as_str() != cur.format {
        out.push(format!(
            "the format changed from {} to {}",
            cur.format, new.format
        ));
    }
    if let (Some(old), Some(new_date)) = (cur.published, new.published)
        && new_date < old
    {
        out.push(format!(
            "the list says it was published on {new_date}, before the current version ({old}): \
             a stale mirror?"
        ));
    }
    out
}

/// A version's id: the file's SHA-256 for one file; for several, the
/// SHA-256 of their sorted `name sha256` lines.
pub fn content_id(files: &[FileRecord]) -> String {
    if let [one] = files {
        return one.sha256.clone();
    }
    let mut lines: Vec<String> = files
        .iter()
        .map(|f| format!("{} {}\n", f.name, f.sha256))
        .collect();
    lines.sort();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
    }
    crate::fetch::hex(&h.finalize())
}
