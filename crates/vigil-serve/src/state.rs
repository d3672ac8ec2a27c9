//! What the server holds: one immutable snapshot of the loaded lists and
//! their index, swapped atomically by a reload. A request takes the
//! snapshot current when it starts (an `Arc`) and finishes on it, however
//! many reloads happen meanwhile.

use crate::auth::ApiKeys;
use crate::metrics::Metrics;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};
use utoipa::ToSchema;
use vigil_core::fnv::Fnv;
use vigil_index::{Index, IndexBuilder, ListMeta};
use vigil_lists::{List, ListSummary, Loaded};

/// Loads the lists afresh: called at start and at every reload.
pub type Loader = Arc<dyn Fn() -> anyhow::Result<Loaded> + Send + Sync>;

/// The server's limits and settings.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Most records in one `POST /v1/screen/batch` (and queries in one
    /// `POST /match`).
    pub max_batch: usize,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// A request taking longer is answered 503 `timeout`.
    pub timeout: Duration,
    /// The API keys; none configured means no key is asked for.
    pub keys: ApiKeys,
    /// The file the keys were read from: a reload reads it again.
    pub keys_file: Option<std::path::PathBuf>,
    /// The case database, for `POST /v1/subjects` and the web UI.
    pub store: Option<vigil_store::Store>,
    /// The data directory whose stored list versions the UI's lists page
    /// shows, when the lists come from one.
    pub data_dir: Option<std::path::PathBuf>,
    /// Mark the session cookie `Secure` (the server is reached over HTTPS,
    /// through a proxy that terminates TLS).
    pub secure_cookies: bool,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            max_batch: 1000,
            max_body_bytes: 4 << 20,
            timeout: Duration::from_secs(30),
            keys: ApiKeys::default(),
            keys_file: None,
            store: None,
            data_dir: None,
            secure_cookies: false,
        }
    }
}

/// One list as served: what `vigil lists show` reports (source, format,
/// files, published, entities, entities_by_schema, names, names_by_kind,
/// names_by_script, diagnostics, skipped_records, deleted), with its version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListInfo {
    /// What `vigil lists show` reports.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub summary: ListSummary,
    /// The content version: a digest of the entities as read, so that two
    /// loads of the same content have the same version.
    pub version: String,
    /// When this version was loaded (UTC, RFC 3339).
    pub loaded_at: String,
}

/// A file that did not load, or was not a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FileProblem {
    /// The file.
    pub path: String,
    /// Why.
    pub message: String,
}

/// The lists and index served at one time.
pub struct Snapshot {
    /// The index over all lists.
    pub index: Index,
    /// The lists, in load order (the index's list order).
    pub lists: Vec<ListInfo>,
    /// Entity position by id. An id found in several files (two editions
    /// of one list loaded together) points at its first.
    pub by_id: HashMap<String, u32>,
    /// Files that failed to load into this snapshot.
    pub errors: Vec<FileProblem>,
    /// Files that were not lists.
    pub skipped: Vec<FileProblem>,
    /// Counts up from 1 with every successful load.
    pub generation: u64,
    /// When it was loaded (RFC 3339).
    pub loaded_at: String,
}

impl Snapshot {
    /// Indexes loaded lists.
    pub fn build(loaded: Loaded, generation: u64) -> Snapshot {
        let loaded_at = rfc3339(SystemTime::now());
        let errors = problems(&loaded);
        let skipped = loaded
            .skipped
            .iter()
            .map(|s| FileProblem {
                path: s.path.clone(),
                message: s.reason.clone(),
            })
            .collect();
        let lists: Vec<ListInfo> = loaded
            .lists
            .iter()
            .map(|l| list_info(l, &loaded_at))
            .collect();
        let index = index_of(loaded.lists);
        let mut by_id = HashMap::with_capacity(index.entities().len());
        for (i, e) in index.entities().iter().enumerate() {
            by_id.entry(e.id.clone()).or_insert(i as u32);
        }
        Snapshot {
            index,
            lists,
            by_id,
            errors,
            skipped,
            generation,
            loaded_at,
        }
    }

    /// The list information of the entity at `i`.
    pub fn list_info_of(&self, i: usize) -> &ListInfo {
        &self.lists[self.index.list_position_of(i)]
    }
}

/// The files of a load that failed.
fn problems(loaded: &Loaded) -> Vec<FileProblem> {
    loaded
        .errors
        .iter()
        .map(|e| FileProblem {
            path: e.path().to_string(),
            message: e.message().to_string(),
        })
        .collect()
}

/// Builds the index over parsed lists.
pub fn index_of(lists: Vec<List>) -> Index {
    let mut b = IndexBuilder::new();
    for l in lists {
        let meta = ListMeta {
            source: l.source,
            format: l.format.to_string(),
            files: l.files,
            published: l.published,
        };
        b.add_list(meta, l.entities);
    }
    b.build()
}

fn list_info(l: &List, loaded_at: &str) -> ListInfo {
    ListInfo {
        summary: l.summary(),
        version: content_version(l),
        loaded_at: loaded_at.to_string(),
    }
}

/// A digest of the entities as read (FNV-1a over their JSON, 64 bits): it
/// changes when any entity does, and not with the file's name or date.
fn content_version(l: &List) -> String {
    struct Digest(Fnv);
    impl std::io::Write for Digest {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut d = Digest(Fnv::default());
    serde_json::to_writer(&mut d, &l.entities).expect("entities serialise");
    format!("{:016x}", d.0.finish())
}

/// How the last reload went.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ReloadStatus {
    /// `ok`, `failed`, or absent before the first reload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<&'static str>,
    /// When it ended (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Why it failed: the old lists are still served.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FileProblem>,
    /// How long it took, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// Everything a request handler reaches.
pub struct AppState {
    snapshot: RwLock<Arc<Snapshot>>,
    keys: RwLock<Arc<ApiKeys>>,
    loader: Loader,
    reloading: tokio::sync::Mutex<()>,
    last_reload: RwLock<ReloadStatus>,
    /// Request counters and latency histograms.
    pub metrics: Metrics,
    /// Limits and keys.
    pub config: ServeConfig,
    /// When the process started serving.
    pub started: Instant,
}

impl AppState {
    /// A state serving `snapshot`, reloading with `loader`.
    pub fn new(snapshot: Snapshot, loader: Loader, config: ServeConfig) -> AppState {
        AppState {
            snapshot: RwLock::new(Arc::new(snapshot)),
            keys: RwLock::new(Arc::new(config.keys.clone())),
            loader,
            reloading: tokio::sync::Mutex::new(()),
            last_reload: RwLock::new(ReloadStatus::default()),
            metrics: Metrics::default(),
            config,
            started: Instant::now(),
        }
    }

    /// The snapshot current now; the caller keeps it for the whole request.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("snapshot lock").clone()
    }

    /// A 413 `batch_too_large` naming `field` (the plural of what is
    /// counted: `records`, `queries`) when `n` is over `--max-batch`.
    pub fn check_batch(&self, n: usize, field: &str) -> Result<(), crate::error::ApiError> {
        if n <= self.config.max_batch {
            return Ok(());
        }
        Err(crate::error::ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            format!(
                "{n} {field}: this server takes at most {} per request",
                self.config.max_batch
            ),
        )
        .at(field))
    }

    /// The API keys in force now.
    pub fn keys(&self) -> Arc<ApiKeys> {
        self.keys.read().expect("keys lock").clone()
    }

    /// How the last reload went.
    pub fn last_reload(&self) -> ReloadStatus {
        self.last_reload.read().expect("reload lock").clone()
    }

    /// Loads the lists (and the API keys file, when there is one) again and
    /// swaps them in. A load with any error (a file unreadable, a list or
    /// the keys file malformed, nothing loaded) swaps nothing: the old lists
    /// and keys go on serving, and the error is reported. One reload at a
    /// time.
    pub async fn reload(self: &Arc<Self>) -> ReloadStatus {
        let _one = self.reloading.lock().await;
        let start = Instant::now();
        let keys = match &self.config.keys_file {
            None => None,
            Some(path) => match ApiKeys::from_file(path) {
                Ok(k) => Some(k),
                Err(e) => {
                    let status = ReloadStatus {
                        outcome: Some("failed"),
                        at: Some(rfc3339(SystemTime::now())),
                        errors: vec![FileProblem {
                            path: path.display().to_string(),
                            message: format!("{e:#}"),
                        }],
                        seconds: Some(start.elapsed().as_secs_f64()),
                    };
                    tracing::error!(path = %path.display(), error = %format!("{e:#}"), "reload failed: the API keys file cannot be read; nothing was swapped");
                    self.metrics.reloaded(false);
                    *self.last_reload.write().expect("reload lock") = status.clone();
                    return status;
                }
            },
        };
        let loader = self.loader.clone();
        let generation = self.snapshot().generation + 1;
        let built = tokio::task::spawn_blocking(move || -> Result<Snapshot, Vec<FileProblem>> {
            let loaded = loader().map_err(|e| {
                vec![FileProblem {
                    path: String::new(),
                    message: format!("{e:#}"),
                }]
            })?;
            if loaded.lists.is_empty() || !loaded.errors.is_empty() {
                let mut found = problems(&loaded);
                if found.is_empty() {
                    found.push(FileProblem {
                        path: String::new(),
                        message: "no list could be loaded".to_string(),
                    });
                }
                return Err(found);
            }
            // The index is rebuilt on half the cores, so that requests keep
            // the other half while it runs.
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get() / 2);
            match rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build()
            {
                Ok(pool) => Ok(pool.install(|| Snapshot::build(loaded, generation))),
                Err(_) => Ok(Snapshot::build(loaded, generation)),
            }
        })
        .await
        .unwrap_or_else(|e| {
            Err(vec![FileProblem {
                path: String::new(),
                message: format!("the reload panicked: {e}"),
            }])
        });
        let status = match built {
            Ok(snapshot) => {
                let entities = snapshot.index.stats().entities;
                *self.snapshot.write().expect("snapshot lock") = Arc::new(snapshot);
                if let Some(k) = keys {
                    *self.keys.write().expect("keys lock") = Arc::new(k);
                }
                tracing::info!(generation, entities, "lists reloaded");
                ReloadStatus {
                    outcome: Some("ok"),
                    at: Some(rfc3339(SystemTime::now())),
                    errors: Vec::new(),
                    seconds: Some(start.elapsed().as_secs_f64()),
                }
            }
            Err(errors) => {
                for e in &errors {
                    tracing::error!(path = %e.path, message = %e.message, "reload failed; the previous lists are still served");
                }
                ReloadStatus {
                    outcome: Some("failed"),
                    at: Some(rfc3339(SystemTime::now())),
                    errors,
                    seconds: Some(start.elapsed().as_secs_f64()),
                }
            }
        };
        self.metrics
            .reloaded(status.outcome.unwrap_or("failed") == "ok");
        *self.last_reload.write().expect("reload lock") = status.clone();
        status
    }
}

pub use vigil_core::date::rfc3339;
