//! `vigil serve`: the HTTP API (see the `vigil-serve` crate), and
//! `vigil api-key`: making the hashed keys it checks.

use crate::lists_arg::ListArgs;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use vigil_serve::auth::{ApiKeys, hash_line, new_key};
use vigil_serve::{AppState, Loader, ServeConfig, Snapshot};

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
    let config = ServeConfig {
        max_batch: args.max_batch,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_secs(args.timeout_secs),
        keys,
        keys_file: args.api_keys.clone(),
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
    let state = Arc::new(AppState::new(snapshot, loader, config));
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.workers {
        rt.worker_threads(n.max(1));
    }
    let rt = rt
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    rt.block_on(vigil_serve::serve(state, args.bind))?;
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
