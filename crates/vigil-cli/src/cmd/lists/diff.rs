//! `vigil lists diff OLD NEW`: what changed between two versions of a list,
//! each given as a stored version (`un`, `un@previous`, `un@3f2a9c1b`) or
//! as a file or folder.

use crate::lists_arg::DataDirArg;
use anyhow::{Result, bail};
use clap::Args;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;
use vigil_core::PartialDate;
use vigil_lists::{List, ListDiff};

/// `vigil lists diff OLD NEW [--json]`
#[derive(Args)]
pub(crate) struct DiffArgs {
    #[command(flatten)]
    data: DataDirArg,
    /// The older version: a list file or folder, or a stored version
    /// (SOURCE for its current one, SOURCE@previous, SOURCE@ID or ID, see
    /// `vigil lists versions`).
    old: String,
    /// The newer version, given the same way.
    new: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// One side of the comparison.
#[derive(Serialize)]
struct Side {
    /// What was given.
    given: String,
    source: String,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    published: Option<PartialDate>,
    entities: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    old: Side,
    new: Side,
    #[serde(flatten)]
    diff: &'a ListDiff,
}

pub(crate) fn run(args: DiffArgs) -> Result<ExitCode> {
    let (old_list, old) = open(&args.data, &args.old)?;
    let (new_list, new) = open(&args.data, &args.new)?;
    if old.source != new.source {
        eprintln!(
            "vigil: warning: comparing two sources ({} and {}): their entity ids differ, \
             so every entity shows as removed or added",
            old.source, new.source
        );
    }
    let diff = vigil_lists::diff(&old_list.entities, &new_list.entities);
    if args.json {
        let out = Output {
            old,
            new,
            diff: &diff,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        let side = |s: &Side| {
            let version = s
                .version
                .as_deref()
                .map(|v| format!(" version {}", vigil_sources::short(v)))
                .unwrap_or_default();
            let published = s
                .published
                .map(|d| format!(", published {d}"))
                .unwrap_or_default();
            format!(
                "{} ({}{version}{published}, {} entities)",
                s.given, s.source, s.entities
            )
        };
        println!("old: {}", side(&old));
        println!("new: {}", side(&new));
        let mut text = String::new();
        diff.write_text(&mut text)?;
        print!("{text}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one side: an existing path is a file or folder holding one list;
/// anything else names a stored version.
fn open(data: &DataDirArg, given: &str) -> Result<(List, Side)> {
    let path = Path::new(given);
    let (loaded, version) = if path.exists() {
        (vigil_lists::load_path(path, None), None)
    } else {
        let store = data.store()?;
        let v = store.find(given)?;
        let loaded = vigil_lists::load_path(&v.files_dir, Some(&v.manifest.source));
        (loaded, Some(v.manifest.id))
    };
    if let Some(e) = loaded.errors.first() {
        bail!("{given}: {e}");
    }
    let mut lists = loaded.lists;
    if lists.len() != 1 {
        bail!(
            "{given}: holds {} lists; give one file (or an OFAC CSV folder) per side",
            lists.len()
        );
    }
    let list = lists.pop().expect("one list");
    let side = Side {
        given: given.to_string(),
        source: list.source.clone(),
        format: list.format.as_str().to_string(),
        version,
        published: list.published,
        entities: list.entities.len(),
    };
    Ok((list, side))
}
