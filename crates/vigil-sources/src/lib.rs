//! vigil-sources: where lists come from, and every version of them.
//!
//! Lists change weekly, sometimes daily, and government endpoints are slow
//! and flaky. This crate downloads each configured source from its
//! publisher ([`Sources`], [`Fetcher`]), reads it with `vigil-lists`, checks
//! it against the current version, and keeps every version in a data
//! directory ([`Store`]), content-addressed, with the one in use marked
//! `current`. [`update`] ties them together.
//!
//! - A download that fails, is truncated, is not a list (an HTML error
//!   page, an empty body), does not parse, or fails a sanity check (a
//!   large unexplained fall in entity count, another format, an older
//!   publication date) never becomes current; a refused download is kept
//!   under `rejected/` with its reason.
//! - The switch to a new version is a rename of a file written and synced
//!   aside, after the version's folder is complete: a crash at any point
//!   leaves the old current or the new one.
//! - One update runs at a time per data directory (a file lock); a second
//!   waits.
//!
//! ```no_run
//! use vigil_sources::{Silent, Sources, Store, UpdateOptions, update};
//! let store = Store::new(&Store::default_data_dir().unwrap());
//! let sources = Sources::official();
//! let un = sources.select(&["un".to_string()]).unwrap();
//! for report in update(&store, &un, &UpdateOptions::default(), &Silent).unwrap() {
//!     println!("{}: {:?}", report.source, report.outcome);
//! }
//! ```
#![deny(missing_docs)]

mod config;
mod error;
mod fetch;
mod store;
mod update;

pub use config::{
    DEFAULT_MAX_DROP, RemoteFile, Source, Sources, file_name_of_url, official_sources,
    valid_source_name,
};
pub use error::Error;
pub use fetch::{Downloaded, Fetched, Fetcher, HttpOptions, Progress, Silent, Validators};
pub use store::{FileRecord, HistoryEvent, Manifest, Store, UpdateLock, Version, short};
pub use update::{Outcome, UpdateOptions, UpdateReport, content_id, update};

use std::str::FromStr;

/// Points of an update where a test may make the process abort, to prove
/// that a crash there leaves the data directory consistent (`vigil lists
/// update` reads it from `$VIGIL_CRASH_AT`; nothing else sets it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashPoint {
    /// The files are downloaded, nothing is stored.
    AfterDownload,
    /// The new version is stored, `current` still names the old one.
    AfterStore,
    /// `current.tmp` is written and synced, not yet renamed.
    BeforeSwitch,
    /// `current` names the new version; the history is not yet written.
    AfterSwitch,
}

impl FromStr for CrashPoint {
    type Err = String;

    fn from_str(s: &str) -> Result<CrashPoint, String> {
        match s {
            "after-download" => Ok(CrashPoint::AfterDownload),
            "after-store" => Ok(CrashPoint::AfterStore),
            "before-switch" => Ok(CrashPoint::BeforeSwitch),
            "after-switch" => Ok(CrashPoint::AfterSwitch),
            other => Err(format!(
                "unknown crash point {other:?}: after-download, after-store, before-switch or after-switch"
            )),
        }
    }
}

/// Aborts the process when `at` is `point` (the test hook).
pub(crate) fn crash_at(at: Option<CrashPoint>, point: CrashPoint) {
    if at == Some(point) {
        eprintln!("vigil: crashing on purpose at {point:?} ($VIGIL_CRASH_AT)");
        std::process::abort();
    }
}

/// Now, as RFC 3339 UTC.
pub(crate) fn now_rfc3339() -> String {
    vigil_core::date::rfc3339(std::time::SystemTime::now())
}
