//! `vigil lists update` and `vigil lists sources`: downloading new list
//! versions into the data directory, and which sources are configured.

use crate::database_arg::{DatabaseArg, cli_actor, runtime};
use crate::lists_arg::DataDirArg;
use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vigil_sources::{
    CrashPoint, HttpOptions, Outcome, Progress, Sources, UpdateOptions, UpdateReport, short,
};

/// Where the sources come from: the official publishers, changed by a
/// sources file and `--url`.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct SourceConfigArgs {
    /// A TOML file overriding the official sources' URLs, disabling some,
    /// or adding an organisation's own (default: sources.toml in the data
    /// directory, when it exists; see docs/lists.md).
    #[arg(long, value_name = "FILE", env = "VIGIL_SOURCES")]
    pub(crate) sources: Option<PathBuf>,
    /// Fetch source NAME from URL instead (a mirror, or a new source);
    /// repeatable. https://, http:// and file:// URLs.
    #[arg(long = "url", value_name = "NAME=URL")]
    pub(crate) urls: Vec<String>,
}

impl SourceConfigArgs {
    /// The configured sources; `data_dir` may hold the sources file.
    pub(crate) fn load(&self, data_dir: &Path) -> Result<Sources> {
        let mut sources = match &self.sources {
            Some(path) => Sources::from_file(path)?,
            None => {
                let default = data_dir.join("sources.toml");
                if default.is_file() {
                    Sources::from_file(&default)?
                } else {
                    Sources::official()
                }
            }
        };
        for u in &self.urls {
            let (name, url) = u
                .split_once('=')
                .with_context(|| format!("--url {u}: expected NAME=URL"))?;
            sources.set_url(name.trim(), url.trim())?;
        }
        Ok(sources)
    }
}

/// `vigil lists update [--source NAME]...`
#[derive(Args)]
pub(crate) struct UpdateArgs {
    #[command(flatten)]
    data: DataDirArg,
    #[command(flatten)]
    db: DatabaseArg,
    #[command(flatten)]
    config: SourceConfigArgs,
    /// Update only this source; repeatable (default: every configured one).
    #[arg(long = "source", value_name = "NAME")]
    only: Vec<String>,
    /// Seconds one download attempt may take, body included.
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    timeout: u64,
    /// Attempts after a failed one (connection errors, timeouts, truncated
    /// bodies, HTTP 5xx, 408, 429).
    #[arg(long, default_value_t = 3)]
    retries: u32,
    /// Milliseconds before the first retry; doubled at each one.
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    retry_delay_ms: u64,
    /// Accept a new version that fails a sanity check (a large fall in
    /// entity count, another format, an older publication date) because
    /// the change is known to be real. A file that does not parse is never
    /// accepted.
    #[arg(long)]
    force: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct UpdateOutput<'a> {
    data_dir: PathBuf,
    sources: &'a [UpdateReport],
}

pub(crate) fn run(args: UpdateArgs) -> Result<ExitCode> {
    let data_dir = args.data.dir()?;
    let sources = args.config.load(&data_dir)?;
    let selected = sources.select(&args.only)?;
    anyhow::ensure!(args.timeout > 0, "--timeout: must be at least 1 second");
    // Every update is audited: a database that cannot be opened stops the
    // update before it starts, so that no list changes unrecorded.
    let runtime = runtime()?;
    let audit = runtime.block_on(args.db.open(&args.data))?;
    let store = vigil_sources::Store::new(&data_dir);
    // The test suite's way to prove that a crash at any step leaves the
    // data directory consistent.
    let crash = match std::env::var("VIGIL_CRASH_AT") {
        Ok(v) => Some(
            v.parse::<CrashPoint>()
                .map_err(|e| anyhow::anyhow!("VIGIL_CRASH_AT: {e}"))?,
        ),
        Err(_) => None,
    };
    let options = UpdateOptions {
        http: HttpOptions {
            timeout: Duration::from_secs(args.timeout),
            retries: args.retries,
            retry_delay: Duration::from_millis(args.retry_delay_ms),
            ..HttpOptions::default()
        },
        force: args.force,
        crash,
    };
    let progress = Terminal::new();
    let reports = vigil_sources::update(&store, &selected, &options, &progress)?;
    progress.clear();
    runtime.block_on(record(&audit, &reports))?;
    if args.json {
        let out = UpdateOutput {
            data_dir,
            sources: &reports,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for r in &reports {
            println!("{}", describe(r));
        }
    }
    Ok(if reports.iter().any(UpdateReport::is_problem) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Appends one `list_update` event per source to the audit log.
pub(crate) async fn record(store: &vigil_store::Store, reports: &[UpdateReport]) -> Result<()> {
    let actor = cli_actor();
    for r in reports {
        let payload = serde_json::to_value(r)?;
        let event = vigil_store::NewEvent::new(&actor, "list_update", &r.source, payload);
        store
            .append_audit(event)
            .await
            .context("the update is done, but it could not be written to the audit log")?;
    }
    store.close().await;
    Ok(())
}

/// One line per source.
pub(crate) fn describe(r: &UpdateReport) -> String {
    let s = &r.source;
    match &r.outcome {
        Outcome::Updated {
            version,
            previous,
            entities,
            previous_entities,
            published,
            forced,
        } => {
            let published = published
                .map(|d| format!(", published {d}"))
                .unwrap_or_default();
            let was = match (previous, previous_entities) {
                (Some(p), Some(n)) => format!("; was {} with {n}", short(p)),
                _ => "; the first version".to_string(),
            };
            let forced = if forced.is_empty() {
                String::new()
            } else {
                format!(" (forced past: {})", forced.join("; "))
            };
            format!(
                "{s}: updated to {} ({entities} entities{published}{was}){forced}",
                short(version)
            )
        }
        Outcome::Unchanged { version, how } => {
            format!("{s}: unchanged ({}: {how})", short(version))
        }
        Outcome::Rejected { reason, kept_at } => format!(
            "{s}: REJECTED, the current version stays: {reason} (the download is kept in {})",
            kept_at.display()
        ),
        Outcome::Failed { error, kept_at } => {
            let kept = kept_at
                .as_ref()
                .map(|p| format!(" (the partial download is kept in {})", p.display()))
                .unwrap_or_default();
            format!("{s}: FAILED, the current version stays: {error}{kept}")
        }
    }
}

/// Progress on standard error: a line redrawn in place on a terminal,
/// notes only otherwise.
struct Terminal {
    tty: bool,
    last: Mutex<Option<Instant>>,
}

impl Terminal {
    fn new() -> Terminal {
        Terminal {
            tty: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    fn clear(&self) {
        let mut last = self.last.lock().expect("progress lock");
        if self.tty && last.is_some() {
            eprint!("\r\x1b[2K");
        }
        *last = None;
    }
}

impl Progress for Terminal {
    fn bytes(&self, source: &str, file: &str, done: u64, total: Option<u64>) {
        if !self.tty {
            return;
        }
        let mut last = self.last.lock().expect("progress lock");
        let now = Instant::now();
        if last.is_some_and(|t| now.duration_since(t) < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let mib = |b: u64| b as f64 / (1 << 20) as f64;
        let of = total
            .map(|t| {
                format!(
                    " of {:.1} MiB ({:.0}%)",
                    mib(t),
                    100.0 * done as f64 / t.max(1) as f64
                )
            })
            .unwrap_or_default();
        eprint!("\r\x1b[2Kvigil: {source}: {file}: {:.1} MiB{of}", mib(done));
    }

    fn note(&self, source: &str, text: &str) {
        self.clear();
        if source.is_empty() {
            eprintln!("vigil: {text}");
        } else {
            eprintln!("vigil: {source}: {text}");
        }
    }
}

/// `vigil lists sources`
#[derive(Args)]
pub(crate) struct SourcesArgs {
    #[command(flatten)]
    data: DataDirArg,
    #[command(flatten)]
    config: SourceConfigArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub(crate) fn sources(args: SourcesArgs) -> Result<ExitCode> {
    let sources = args.config.load(&args.data.dir()?)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(sources.all())?);
    } else {
        for s in sources.all() {
            println!("{}  {}", s.name, s.title);
            for f in &s.files {
                println!("  {}  <- {}", f.name, f.url);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
