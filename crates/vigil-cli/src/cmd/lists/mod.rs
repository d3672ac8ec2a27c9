//! `vigil lists ...`: what each list holds (`show`), and the list
//! lifecycle: download new versions (`update`), see them (`versions`,
//! `sources`), and what changed between two (`diff`).

mod diff;
pub(crate) mod update;
mod versions;

use crate::lists_arg::ListArgs;
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;
use vigil_lists::{Diagnostic, ListSummary, Skipped};

/// `vigil lists ...`
#[derive(Subcommand)]
pub(crate) enum ListsCommand {
    /// Show what each list holds.
    Show {
        #[command(flatten)]
        lists: ListArgs,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Also print every diagnostic (bad records and values).
        #[arg(long)]
        diagnostics: bool,
    },
    /// Download new versions of the lists from their publishers into the
    /// data directory; a version becomes current only once it parsed and
    /// passed the sanity checks.
    Update(update::UpdateArgs),
    /// Show the stored versions of each list, the current one marked.
    Versions(versions::VersionsArgs),
    /// Show the configured sources and their URLs.
    Sources(update::SourcesArgs),
    /// Show what changed between two versions of a list: entities added,
    /// removed and changed, with the fields that changed.
    Diff(diff::DiffArgs),
}

#[derive(Serialize)]
struct ShowOutput<'a> {
    lists: Vec<ListSummary>,
    errors: Vec<FileError>,
    skipped: &'a [Skipped],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    diagnostics: Vec<&'a Diagnostic>,
}

#[derive(Serialize)]
struct FileError {
    path: String,
    kind: vigil_lists::ErrorKind,
    message: String,
}

pub(crate) fn run(cmd: ListsCommand) -> Result<ExitCode> {
    match cmd {
        ListsCommand::Show {
            lists,
            json,
            diagnostics,
        } => show(&lists, json, diagnostics),
        ListsCommand::Update(a) => update::run(a),
        ListsCommand::Versions(a) => versions::run(a),
        ListsCommand::Sources(a) => update::sources(a),
        ListsCommand::Diff(a) => diff::run(a),
    }
}

fn show(lists: &ListArgs, json: bool, diagnostics: bool) -> Result<ExitCode> {
    let (loaded, _) = lists.load()?;
    let summaries: Vec<ListSummary> = loaded.lists.iter().map(|l| l.summary()).collect();
    let errors: Vec<FileError> = loaded
        .errors
        .iter()
        .map(|e| FileError {
            path: e.path().to_string(),
            kind: e.kind(),
            message: e.message().to_string(),
        })
        .collect();
    let diags: Vec<&Diagnostic> = if diagnostics {
        loaded.lists.iter().flat_map(|l| &l.diagnostics).collect()
    } else {
        Vec::new()
    };
    if json {
        let out = ShowOutput {
            lists: summaries,
            errors,
            skipped: &loaded.skipped,
            diagnostics: diags,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for s in &summaries {
            print_summary(s);
        }
        for d in diags {
            println!("{d}");
        }
        for s in &loaded.skipped {
            println!("skipped {}: {}", s.path, s.reason);
        }
        for e in &errors {
            println!("ERROR {}: {}", e.path, e.message);
        }
    }
    Ok(if loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn counts(map: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_summary(s: &ListSummary) {
    println!("{} ({})", s.source, s.format);
    for f in &s.files {
        println!("  file        {f}");
    }
    match s.published {
        Some(d) => println!("  published   {d}"),
        None => println!("  published   (not stated in the file)"),
    }
    println!(
        "  entities    {} ({})",
        s.entities,
        counts(&s.entities_by_schema)
    );
    println!("  names       {} ({})", s.names, counts(&s.names_by_kind));
    println!("  scripts     {}", counts(&s.names_by_script));
    println!(
        "  diagnostics {} ({} records skipped)",
        s.diagnostics, s.skipped_records
    );
    if s.deleted > 0 {
        println!("  deletes     {}", s.deleted);
    }
}
