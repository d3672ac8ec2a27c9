//! Which database the case store is in: `--database URL`, else
//! `$VIGIL_DATABASE`, else `vigil.db` (SQLite) in the data directory.

use crate::lists_arg::DataDirArg;
use anyhow::{Context, Result};
use clap::Args;
use std::future::Future;

/// The `--database` flag; its default lives in the data directory, which
/// the command's own `--data-dir` names.
#[derive(Args, Debug, Clone, Default)]
pub(crate) struct DatabaseArg {
    /// The case and audit database: sqlite:PATH (or a file path) or
    /// postgres://USER@HOST/DB (default: vigil.db in the data directory).
    #[arg(long, value_name = "URL", env = "VIGIL_DATABASE")]
    pub(crate) database: Option<String>,
}

impl DatabaseArg {
    /// The URL in effect.
    pub(crate) fn url(&self, data: &DataDirArg) -> Result<String> {
        match &self.database {
            Some(u) => Ok(u.clone()),
            None => {
                let dir = data.dir()?;
                std::fs::create_dir_all(&dir).with_context(|| {
                    format!("cannot create the data directory {}", dir.display())
                })?;
                Ok(format!("sqlite:{}", dir.join("vigil.db").display()))
            }
        }
    }

    /// Opens (and migrates) the store.
    pub(crate) async fn open(&self, data: &DataDirArg) -> Result<vigil_store::Store> {
        Ok(vigil_store::Store::open(&self.url(data)?).await?)
    }
}

/// Who acts from the command line, for the audit log: `cli:$USER`, or
/// `cli` when the user is unknown.
pub(crate) fn cli_actor() -> String {
    match std::env::var("USER") {
        Ok(u) if !u.is_empty() => format!("cli:{u}"),
        _ => "cli".to_string(),
    }
}

/// A runtime for the store's calls: the store is async, the commands are
/// not. A command that opens the store and uses it later keeps one runtime
/// for both, since the store's connections belong to the runtime that
/// opened them.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")
}

/// Runs a future to completion on a runtime of its own (for a future that
/// opens the store and is done with it).
pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
    runtime().expect("a tokio runtime starts").block_on(f)
}
