//! `vigil screen`: screen one name against the loaded lists.

use crate::engine;
use crate::lists_arg::ListArgs;
use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;
use std::process::ExitCode;
use vigil_core::input::{RawQuery, build};
use vigil_core::matching::DEFAULT_THRESHOLD;
use vigil_index::ScreenOptions;
use vigil_index::report::{MatchOut, explain_text, round};

/// `vigil screen [--list PATH]... [--threshold F] [--limit N] [--dob D] [--country CC] [--schema S] [--json] NAME`
#[derive(Args)]
pub(crate) struct ScreenArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Only matches scoring at least this (0 to 1) are shown; 0 shows the
    /// best LIMIT candidates whatever their score.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many matches.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Date of birth: YYYY, YYYY-MM or YYYY-MM-DD (several: separate with ';').
    #[arg(long)]
    dob: Option<String>,
    /// Country: ISO 3166-1 alpha-2 code or name (several: separate with ';').
    #[arg(long)]
    country: Option<String>,
    /// person, organization, vessel or aircraft.
    #[arg(long)]
    schema: Option<String>,
    /// male or female; without --schema, a gender makes the query a person.
    #[arg(long)]
    gender: Option<String>,
    /// Identifiers: kind:value[:CC], e.g. passport:X123:IR (several: ';').
    #[arg(long = "id")]
    identifiers: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The name to screen, in any script.
    name: String,
}

#[derive(Serialize)]
struct ScreenOut<'a> {
    query: &'a str,
    threshold: f64,
    warnings: &'a [String],
    matches: Vec<MatchOut<'a>>,
}

pub(crate) fn run(args: ScreenArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.threshold),
        "--threshold: must be between 0 and 1, got {}",
        args.threshold
    );
    let query = build(&RawQuery {
        name: &args.name,
        dob: args.dob.as_deref(),
        country: args.country.as_deref(),
        schema: args.schema.as_deref(),
        gender: args.gender.as_deref(),
        identifiers: args.identifiers.as_deref(),
    })?;
    let prepared = query.prepare().context("name")?;
    let index = engine::build(&args.lists, args.json)?;
    let hits = index.screen(
        &prepared,
        &ScreenOptions {
            threshold: args.threshold,
            limit: args.limit,
        },
    );
    if args.json {
        let out = ScreenOut {
            query: &args.name,
            threshold: round(args.threshold),
            warnings: &prepared.warnings,
            matches: hits.iter().map(MatchOut::of).collect(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for w in &prepared.warnings {
            eprintln!("vigil: warning: {w}");
        }
        if hits.is_empty() {
            println!(
                "no match at or above {:.2} for {:?}",
                args.threshold, args.name
            );
        }
        for (i, h) in hits.iter().enumerate() {
            println!(
                "{:>2}. {:.3}  {}  {}  {}  [{}]",
                i + 1,
                h.scored.score,
                h.entity.id,
                h.entity.schema,
                h.entity.caption(),
                h.list.source
            );
            print!("{}", explain_text(&h.scored, "      "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
