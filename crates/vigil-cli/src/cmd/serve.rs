//! `vigil serve`: the HTTP API (see the `vigil-serve` crate), and
//! `vigil api-key`: making the hashed keys it checks.

use crate::cmd::lists::update::{SourceConfigArgs, describe, record};
use crate::cmd::monitor::monitor_once;
use crate::database_arg::{DatabaseArg, block_on};
use crate::lists_arg::{ListArgs, Origin};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use vigil_core::matching::DEFAULT_THRESHOLD;
use vigil_serve::auth::{ApiKeys, hash_line, new_key};
use vigil_serve::{AppState, Loader, Refresh, Refreshed, ServeConfig, Snapshot};
use vigil_sources::{Progress, Store, UpdateOptions, UpdateReport};

/// `vigil serve [--list PATH]... [--bind ADDR] [--api-keys FILE] ...`
#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Address to listen on; port 0 picks a free port (printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080", env = "VIGIL_BIND")]
    bind: SocketAddr,
    /// A file of hashed API keys (`sha256:<hex> [label]` per line, see
    /// `vigil api-key new`); every route but /healthz and /readyz then
    /// requires one. Read again at every reload (SIGHUP).
    #[arg(long, env = "VIGIL_API_KEYS_FILE")]
    api_keys: Option<PathBuf>,
    /// Most records in one batch (and queries in one /match or /reconcile).
    #[arg(long, default_value_t = 1000)]
    max_batch: usize,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 4 << 20)]
    max_body_bytes: usize,
    /// Seconds after which a request is answered 503 `timeout`.
    #[arg(long, default_value_t = 30)]
    timeout_secs: u64,
    /// Worker threads (default: one per core).
    #[arg(long)]
    workers: Option<usize>,
    /// Download new versions of the lists into the data directory at start
    /// and then this often (`90s`, `30m`, `6h`, `1d`), swapping them in
    /// without downtime. Off by default; serves the data directory's lists,
    /// so it does not go with --list or $VIGIL_LISTS.
    #[arg(long, value_name = "DURATION", value_parser = parse_every)]
    refresh_every: Option<Duration>,
    #[command(flatten)]
    sources: SourceConfigArgs,
    /// After each refresh that brought a new list version (and at start),
    /// re-screen the subjects stored by `batch --record` against what
    /// changed, raising alerts for what is new (see `vigil monitor`).
    #[arg(long, requires = "refresh_every")]
    monitor: bool,
    /// Mark the web UI's session cookie `Secure`: set it when the server
    /// is reached over HTTPS (a proxy terminating TLS in front of it).
    #[arg(long, env = "VIGIL_SECURE_COOKIES")]
    secure_cookies: bool,
    #[command(flatten)]
    db: DatabaseArg,
}

/// `90s`, `30m`, `6h`, `1d`, or plain seconds.
fn parse_every(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?}: expected a number and a unit, like 90s, 30m, 6h or 1d"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("{s:?}: the unit is s, m, h or d")),
    };
    if secs == 0 {
        return Err("must be above 0".to_string());
    }
    Ok(Duration::from_secs(secs))
}

/// Update progress as log lines.
struct LogProgress;

impl Progress for LogProgress {
    fn bytes(&self, _: &str, _: &str, _: u64, _: Option<u64>) {}

    fn note(&self, source: &str, text: &str) {
        tracing::info!(source, "{text}");
    }
}

/// The scheduled refresh: the same update as `vigil lists update`, the
/// sources file read again each time; every update is audited, and with
/// `--monitor` the stored subjects are re-screened after a new version.
fn refresher(args: &ServeArgs) -> Result<Arc<dyn Fn() -> Result<Refreshed> + Send + Sync>> {
    let data_dir = args.lists.data.dir()?;
    let config = args.sources.clone();
    // Fail at start on a broken sources file or database rather than at
    // the first refresh.
    config.load(&data_dir)?;
    block_on(args.db.open(&args.lists.data))?;
    let lists = args.lists.clone();
    let db = args.db.clone();
    let monitor = args.monitor;
    let first = Arc::new(std::sync::atomic::AtomicBool::new(true));
    Ok(Arc::new(move || {
        let (config, data_dir, lists, db, first) = (
            config.clone(),
            data_dir.clone(),
            lists.clone(),
            db.clone(),
            first.clone(),
        );
        // A thread of its own: the store's calls start a runtime, which
        // cannot be done from the server's blocking pool.
        std::thread::spawn(move || refresh_once(&config, &data_dir, &lists, &db, monitor, &first))
            .join()
            .map_err(|_| anyhow::anyhow!("the refresh panicked"))?
    }))
}

fn refresh_once(
    config: &SourceConfigArgs,
    data_dir: &std::path::Path,
    lists: &ListArgs,
    db: &DatabaseArg,
    monitor: bool,
    first: &std::sync::atomic::AtomicBool,
) -> Result<Refreshed> {
    let sources = config.load(data_dir)?;
    let all = sources.select(&[])?;
    let store = Store::new(data_dir);
    let reports = vigil_sources::update(&store, &all, &UpdateOptions::default(), &LogProgress)?;
    for r in &reports {
        if r.is_problem() {
            tracing::error!(source = %r.source, "{}", describe(r));
        } else {
            tracing::info!(source = %r.source, "{}", describe(r));
        }
    }
    block_on(async {
        let audit = db.open(&lists.data).await?;
        record(&audit, &reports).await
    })?;
    let updated = reports.iter().any(UpdateReport::is_updated);
    let mut problems: Vec<String> = reports
        .iter()
        .filter(|r| r.is_problem())
        .map(describe)
        .collect();
    let first_run = first.swap(false, std::sync::atomic::Ordering::Relaxed);
    if monitor && (updated || first_run) {
        match monitor_once(lists, db, DEFAULT_THRESHOLD, 10) {
            Ok(summary) => tracing::info!("{}", summary.describe()),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "monitoring failed");
                problems.push(format!("monitoring failed: {e:#}"));
            }
        }
    }
    Ok(Refreshed { updated, problems })
}

pub(crate) fn run(args: ServeArgs) -> Result<ExitCode> {
    let _logs = vigil_serve::init_logging();
    let keys = match &args.api_keys {
        Some(p) => ApiKeys::from_file(p)?,
        None => ApiKeys::default(),
    };
    if args.max_batch == 0 || args.timeout_secs == 0 || args.max_body_bytes == 0 {
        bail!("--max-batch, --max-body-bytes and --timeout-secs must be above 0");
    }
    let mut config = ServeConfig {
        max_batch: args.max_batch,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_secs(args.timeout_secs),
        keys,
        keys_file: args.api_keys.clone(),
        store: None,
        data_dir: args.lists.data.dir().ok(),
        secure_cookies: args.secure_cookies,
    };
    let refresh = match args.refresh_every {
        None => None,
        Some(every) => {
            let (_, origin) = args.lists.specs()?;
            if matches!(origin, Origin::Flags | Origin::Env) {
                bail!(
                    "--refresh-every serves the lists of the data directory, which it keeps up \
                     to date; it does not go with --list or $VIGIL_LISTS"
                );
            }
            let run = refresher(&args)?;
            // The first download happens before serving, so that a fresh
            // machine starts with the lists rather than without.
            match run() {
                Ok(r) => {
                    for p in &r.problems {
                        eprintln!("vigil: warning: {p}");
                    }
                }
                Err(e) => eprintln!("vigil: warning: the lists could not be updated: {e:#}"),
            }
            if args.lists.specs()?.1 != Origin::DataDir {
                bail!(
                    "no list could be downloaded into {} (see the warnings above), and none \
                     is stored there",
                    args.lists.data.dir()?.display()
                );
            }
            Some(Refresh { every, run })
        }
    };
    let lists = args.lists.clone();
    let loader: Loader = Arc::new(move || lists.load().map(|(loaded, _)| loaded));
    let loaded = loader()?;
    if loaded.lists.is_empty() {
        for e in &loaded.errors {
            eprintln!("vigil: warning: list not loaded: {e}");
        }
        bail!("no list could be loaded (see the warnings above)");
    }
    for e in &loaded.errors {
        tracing::error!(path = e.path(), message = e.message(), "list not loaded");
    }
    let snapshot = Snapshot::build(loaded, 1);
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.workers {
        rt.worker_threads(n.max(1));
    }
    let rt = rt
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    // The case database of POST /v1/subjects, opened on the server's own
    // runtime (its connections belong to the runtime that made them).
    config.store = Some(rt.block_on(args.db.open(&args.lists.data))?);
    let state = Arc::new(AppState::new(snapshot, loader, config));
    rt.block_on(vigil_serve::serve(state, args.bind, refresh))?;
    Ok(ExitCode::SUCCESS)
}

/// `vigil api-key ...`
#[derive(Subcommand)]
pub(crate) enum ApiKeyCommand {
    /// Make a new random key: prints the key (give it to the client) and
    /// its line for the keys file (the server keeps only the hash).
    New {
        /// A label written after the hash (who the key is for).
        #[arg(long)]
        label: Option<String>,
    },
    /// Print the keys-file line of a key read from standard input.
    Hash,
}

pub(crate) fn api_key(cmd: ApiKeyCommand) -> Result<ExitCode> {
    match cmd {
        ApiKeyCommand::New { label } => {
            let key = new_key()?;
            println!("key:  {key}");
            println!(
                "line: {}{}",
                hash_line(&key),
                label.map(|l| format!(" {l}")).unwrap_or_default()
            );
        }
        ApiKeyCommand::Hash => {
            let mut key = String::new();
            std::io::stdin()
                .read_line(&mut key)
                .context("cannot read the key from standard input")?;
            if key.trim().is_empty() {
                bail!("no key on standard input");
            }
            println!("{}", hash_line(&key));
        }
    }
    Ok(ExitCode::SUCCESS)
}
