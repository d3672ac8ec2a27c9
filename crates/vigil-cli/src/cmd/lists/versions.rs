//! `vigil lists versions`: every stored version of each list, the current
//! one marked, with the last check.

use crate::lists_arg::DataDirArg;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_sources::{HistoryEvent, Version, short};

/// `vigil lists versions [--source NAME]`
#[derive(Args)]
pub(crate) struct VersionsArgs {
    #[command(flatten)]
    data: DataDirArg,
    /// Only this source; repeatable.
    #[arg(long = "source", value_name = "NAME")]
    only: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct SourceVersions {
    source: String,
    current: Option<String>,
    versions: Vec<Version>,
    last_event: Option<HistoryEvent>,
}

#[derive(Serialize)]
struct Output {
    data_dir: PathBuf,
    sources: Vec<SourceVersions>,
}

pub(crate) fn run(args: VersionsArgs) -> Result<ExitCode> {
    let data_dir = args.data.dir()?;
    let store = vigil_sources::Store::new(&data_dir);
    let stored = store.sources()?;
    for s in &args.only {
        anyhow::ensure!(
            stored.contains(s),
            "--source {s}: no version of it is stored in {} (stored: {})",
            store.root().display(),
            if stored.is_empty() {
                "none; run `vigil lists update`".to_string()
            } else {
                stored.join(", ")
            }
        );
    }
    let mut out = Vec::new();
    for source in stored {
        if !args.only.is_empty() && !args.only.contains(&source) {
            continue;
        }
        let versions = store.versions(&source)?;
        out.push(SourceVersions {
            current: store.current_id(&source)?,
            last_event: store.history(&source)?.pop(),
            source,
            versions,
        });
    }
    if args.json {
        let out = Output {
            data_dir,
            sources: out,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if out.is_empty() {
        println!(
            "no list version is stored in {}; run `vigil lists update`",
            store.root().display()
        );
    }
    for s in &out {
        println!("{}", s.source);
        for v in s.versions.iter().rev() {
            let m = &v.manifest;
            println!(
                "  {} {}  downloaded {}  published {}  {}  {} entities",
                if v.current { "*" } else { " " },
                m.short_id(),
                m.downloaded_at,
                m.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "(not stated)".to_string()),
                m.format,
                m.entities
            );
        }
        if let Some(e) = &s.last_event {
            let version = e
                .version
                .as_deref()
                .map(|v| format!(" {}", short(v)))
                .unwrap_or_default();
            let detail = e
                .detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            println!("  last update {}: {}{version}{detail}", e.at, e.event);
        }
    }
    Ok(ExitCode::SUCCESS)
}
