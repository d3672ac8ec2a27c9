//! `vigil compare`: score two names against each other, or a file of
//! pairs, with the full explanation. No list is loaded: every name word
//! weighs the same, save for the common-name caps.

use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_core::matching::{
    Explanation, FixedWeights, PreparedEntity, Query, Scored, ScoringConfig, score,
};
use vigil_core::{Entity, Name, NameKind, Schema};
use vigil_index::report::{explain_text, round};

/// `vigil compare [--schema S] [--json] NAME_A NAME_B` or
/// `vigil compare --pairs FILE.csv --output FILE.jsonl`
#[derive(Args)]
pub(crate) struct CompareArgs {
    /// person, organization, vessel or aircraft; guessed from legal forms
    /// when absent.
    #[arg(long)]
    schema: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// A CSV of pairs with the header `name1,name2,schema` (schema may be empty).
    #[arg(long, requires = "output", conflicts_with_all = ["name_a", "name_b"])]
    pairs: Option<PathBuf>,
    /// Where to write one JSON line per pair (with --pairs).
    #[arg(long)]
    output: Option<PathBuf>,
    /// The first name (the query).
    #[arg(required_unless_present = "pairs")]
    name_a: Option<String>,
    /// The second name (the listed name).
    #[arg(required_unless_present = "pairs")]
    name_b: Option<String>,
}

#[derive(Serialize)]
struct PairOut<'a> {
    name1: &'a str,
    name2: &'a str,
    schema: Option<Schema>,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'a Explanation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Scores `a` (as a query) against `b` (as a listed name). `None` when no
/// word of the two names matches.
pub(crate) fn compare(a: &str, b: &str, schema: Option<Schema>) -> Result<Option<Scored>, String> {
    let schema = schema.unwrap_or_else(|| guess_schema(a, b));
    let query = Query {
        name: a.to_string(),
        schema: Some(schema),
        ..Query::default()
    }
    .prepare()
    .map_err(|e| format!("name1: {e}"))?;
    let mut entity = Entity::new("compare", "b", schema);
    let name = Name::new(b, NameKind::Primary)
        .ok_or_else(|| "name2: the name is empty or has no letter or digit".to_string())?;
    entity.add_name(name);
    let prepared = PreparedEntity::new(&entity);
    Ok(score(
        &query,
        &entity,
        &prepared,
        &FixedWeights,
        &ScoringConfig::recommended(),
    ))
}

/// An organisation when either name has a legal form, else a person.
fn guess_schema(a: &str, b: &str) -> Schema {
    let org = [a, b].iter().any(|n| {
        vigil_core::names::prepare(n, Some(Schema::Organization))
            .iter()
            .any(|p| {
                p.tokens
                    .iter()
                    .any(|t| t.role == vigil_core::names::Role::LegalForm)
            })
    });
    if org {
        Schema::Organization
    } else {
        Schema::Person
    }
}

fn parse_schema(s: Option<&str>) -> Result<Option<Schema>, String> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e| format!("schema: {e}")),
    }
}

pub(crate) fn run(args: CompareArgs) -> Result<ExitCode> {
    if let Some(pairs) = &args.pairs {
        let output = args
            .output
            .as_ref()
            .expect("clap requires --output with --pairs");
        return run_pairs(pairs, output);
    }
    let (Some(a), Some(b)) = (&args.name_a, &args.name_b) else {
        bail!("give two names, or --pairs FILE --output FILE");
    };
    let schema = parse_schema(args.schema.as_deref()).map_err(anyhow::Error::msg)?;
    let result = compare(a, b, schema).map_err(anyhow::Error::msg)?;
    let s = result.as_ref().map_or(0.0, |s| s.score);
    if args.json {
        let out = PairOut {
            name1: a,
            name2: b,
            schema: schema.or(Some(guess_schema(a, b))),
            score: round(s),
            explanation: result.as_ref().map(|s| &s.explanation),
            error: None,
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("{s:.3}  {a:?} ~ {b:?}");
        match &result {
            Some(scored) => print!("{}", explain_text(scored, "      ")),
            None => println!("      no word of the two names matches"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_pairs(pairs: &PathBuf, output: &PathBuf) -> Result<ExitCode> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(pairs)
        .with_context(|| format!("--pairs {}", pairs.display()))?;
    let headers = reader
        .headers()
        .context("--pairs: cannot read the CSV header")?
        .clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(n))
    };
    let (Some(c1), Some(c2)) = (col("name1"), col("name2")) else {
        bail!("--pairs: the CSV header must have `name1` and `name2` (and optionally `schema`)");
    };
    let cs = col("schema");
    let mut out = BufWriter::new(
        std::fs::File::create(output).with_context(|| format!("--output {}", output.display()))?,
    );
    let mut n = 0usize;
    for (i, row) in reader.records().enumerate() {
        n += 1;
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let o = PairOut {
                    name1: "",
                    name2: "",
                    schema: None,
                    score: 0.0,
                    explanation: None,
                    error: Some(format!("line {line}: unreadable CSV row: {e}")),
                };
                serde_json::to_writer(&mut out, &o)?;
                out.write_all(b"\n")?;
                continue;
            }
        };
        let a = row.get(c1).unwrap_or("");
        let b = row.get(c2).unwrap_or("");
        let result = parse_schema(cs.and_then(|c| row.get(c)))
            .and_then(|schema| compare(a, b, schema).map(|r| (schema, r)));
        let o = match &result {
            Ok((schema, r)) => PairOut {
                name1: a,
                name2: b,
                schema: schema.or(Some(guess_schema(a, b))),
                score: round(r.as_ref().map_or(0.0, |s| s.score)),
                explanation: r.as_ref().map(|s| &s.explanation),
                error: None,
            },
            Err(e) => PairOut {
                name1: a,
                name2: b,
                schema: None,
                score: 0.0,
                explanation: None,
                error: Some(format!("line {line}: {e}")),
            },
        };
        serde_json::to_writer(&mut out, &o)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!("vigil: {n} pairs compared");
    Ok(ExitCode::SUCCESS)
}
