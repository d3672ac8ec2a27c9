//! `vigil batch`: screen a file of records, streaming, on all cores.
//!
//! Input: CSV with a header, or JSON lines (`.jsonl`, `.ndjson`, `.json`),
//! with the fields `id`, `name` (required), `dob`, `country`, `schema`, and
//! optionally `gender` and `identifiers`. Output: one line per input
//! record, in input order, as JSON lines (or CSV when the output file ends
//! in `.csv`). A record that cannot be screened (no name, a bad date) is
//! written with an `error` naming the field, and the batch goes on.
//!
//! Records are read, screened and written in chunks, so memory stays
//! constant whatever the input size.

use crate::database_arg::{DatabaseArg, cli_actor, runtime};
use crate::engine;
use crate::lists_arg::ListArgs;
use anyhow::{Context, Result, bail};
use clap::Args;
use rayon::prelude::*;
use serde::Serialize;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use vigil_core::input::{RawQuery, build_lenient};
use vigil_core::matching::DEFAULT_THRESHOLD;
use vigil_index::report::{MatchOut, round};
use vigil_index::{Hit, Index, ScreenOptions};
use vigil_store::{Recorded, ScreeningContext, SubjectInput};

/// Records screened per chunk: enough to keep every core busy, small
/// enough that memory does not grow with the input.
const CHUNK: usize = 4096;

/// `vigil batch [--list PATH]... --input FILE --output FILE [--threshold F] [--limit N]`
#[derive(Args)]
pub(crate) struct BatchArgs {
    #[command(flatten)]
    lists: ListArgs,
    /// Input records: CSV with a header, or JSON lines (.jsonl/.ndjson/.json).
    #[arg(long)]
    input: PathBuf,
    /// Output: JSON lines, or CSV when the name ends in .csv.
    #[arg(long)]
    output: PathBuf,
    /// Only matches scoring at least this (0 to 1) are written; 0 writes the
    /// best LIMIT candidates whatever their score.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    threshold: f32,
    /// At most this many matches per record.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Also store each record as a subject with its screening in the case
    /// database, raising alerts for its matches unless an earlier decision
    /// covers them (see `vigil alerts`); every record needs an `id`.
    #[arg(long)]
    record: bool,
    #[command(flatten)]
    db: DatabaseArg,
}

/// Where `--record` writes, and how the screenings are described.
struct Recording {
    runtime: tokio::runtime::Runtime,
    store: vigil_store::Store,
    context: ScreeningContext,
}

impl Recording {
    fn open(args: &BatchArgs, index: &Index) -> Result<Recording> {
        let runtime = runtime()?;
        let store = runtime.block_on(args.db.open(&args.lists.data))?;
        let context = ScreeningContext {
            actor: cli_actor(),
            list_versions: serde_json::to_value(index.lists())?,
            engine_version: env!("CARGO_PKG_VERSION").to_string(),
            threshold: f64::from(args.threshold),
        };
        Ok(Recording {
            runtime,
            store,
            context,
        })
    }
}

/// One input record, owned.
#[derive(Debug, Default, Clone)]
struct Record {
    /// The input's id, or `line-N` when it has none.
    id: String,
    /// Whether the input gave the id (only those are recorded: `line-N`
    /// names no customer).
    has_id: bool,
    name: String,
    dob: Option<String>,
    country: Option<String>,
    schema: Option<String>,
    gender: Option<String>,
    identifiers: Option<String>,
    /// Where the record is in the input, for messages.
    line: u64,
    /// A record that could not be read at all.
    unreadable: Option<String>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    id: &'a str,
    name: &'a str,
    matches: Vec<MatchOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// With `--record`: the screening stored, the alerts it raised, and the
    /// matches earlier decisions cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    recorded: Option<RecordedOut<'a>>,
}

#[derive(Serialize)]
struct RecordedOut<'a> {
    screening_id: i64,
    alerts: Vec<i64>,
    suppressed: &'a [String],
    still_open: &'a [i64],
    already_true_match: &'a [String],
}

fn is_json_lines(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl" | "ndjson" | "json")
    )
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

pub(crate) fn run(args: BatchArgs) -> Result<ExitCode> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.threshold),
        "--threshold: must be between 0 and 1, got {}",
        args.threshold
    );
    anyhow::ensure!(args.limit > 0, "--limit: must be at least 1");
    anyhow::ensure!(
        !args.record || args.threshold > 0.0,
        "--record raises alerts at the threshold: --threshold 0 would alert on every candidate"
    );
    let input =
        File::open(&args.input).with_context(|| format!("--input {}", args.input.display()))?;
    let total_bytes = input.metadata().map(|m| m.len()).unwrap_or(0);
    let index = engine::build(&args.lists, false)?;
    // Open the database before screening: one that is down stops the batch
    // before any work, rather than after it.
    let recording = if args.record {
        Some(Recording::open(&args, &index)?)
    } else {
        None
    };
    let out_file = File::create(&args.output)
        .with_context(|| format!("--output {}", args.output.display()))?;
    let mut writer = Output::new(BufWriter::new(out_file), is_csv(&args.output))?;
    let options = ScreenOptions {
        threshold: args.threshold,
        limit: args.limit,
    };
    let progress = std::io::stderr().is_terminal();
    let start = Instant::now();
    let mut stats = Stats::default();
    let mut reader = Reader::open(BufReader::new(input), is_json_lines(&args.input))?;
    loop {
        let chunk = reader.next_chunk(CHUNK)?;
        if chunk.is_empty() {
            break;
        }
        screen_chunk(
            &index,
            &chunk,
            &options,
            recording.as_ref(),
            &mut writer,
            &mut stats,
        )?;
        if progress {
            let pct = if total_bytes > 0 {
                format!(
                    " ({:.0}%)",
                    100.0 * reader.bytes() as f64 / total_bytes as f64
                )
            } else {
                String::new()
            };
            eprint!(
                "\rvigil: {} records{pct}, {} with matches, {:.0} records/s   ",
                stats.records,
                stats.alerted,
                stats.records as f64 / start.elapsed().as_secs_f64().max(1e-9)
            );
        }
    }
    writer.finish()?;
    if progress {
        eprintln!();
    }
    eprintln!(
        "vigil: {} records screened in {:.2?}: {} with matches, {} with errors{}",
        stats.records,
        start.elapsed(),
        stats.alerted,
        stats.errors,
        if stats.errors > 0 {
            " (see the `error` field in the output)"
        } else {
            ""
        }
    );
    if args.record {
        eprintln!(
            "vigil: recorded: {} alert(s) raised, {} match(es) covered by earlier \
             false-positive decisions{}",
            stats.raised,
            stats.suppressed,
            if stats.unrecorded > 0 {
                format!(
                    "; {} record(s) without an id were not recorded",
                    stats.unrecorded
                )
            } else {
                String::new()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The matches of one record, or why it could not be screened, and the
/// warnings about its input.
type Screened<'a> = (Result<Vec<Hit<'a>>, String>, Vec<String>);

#[derive(Default)]
struct Stats {
    records: u64,
    alerted: u64,
    errors: u64,
    warnings: u64,
    /// With `--record`: alerts raised, and matches earlier decisions cover.
    raised: u64,
    suppressed: u64,
    unrecorded: u64,
}

fn screen_chunk(
    index: &Index,
    chunk: &[Record],
    options: &ScreenOptions,
    recording: Option<&Recording>,
    writer: &mut Output,
    stats: &mut Stats,
) -> Result<()> {
    // Prepare and screen in parallel; results keep input order.
    let results: Vec<Screened<'_>> = chunk
        .par_iter()
        .map(|r| {
            if let Some(e) = &r.unreadable {
                return (Err(e.clone()), Vec::new());
            }
            let query = build_lenient(&RawQuery {
                name: &r.name,
                dob: r.dob.as_deref(),
                country: r.country.as_deref(),
                schema: r.schema.as_deref(),
                gender: r.gender.as_deref(),
                identifiers: r.identifiers.as_deref(),
            });
            let prepared = query.map_err(|e| e.to_string()).and_then(|(q, problems)| {
                let p = q.prepare().map_err(|e| format!("name: {e}"))?;
                Ok((p, problems))
            });
            match prepared {
                Ok((p, problems)) => {
                    // Bad optional fields are left out and reported; the
                    // record is still screened by what could be read.
                    let mut warnings: Vec<String> = problems
                        .iter()
                        .map(|e| format!("line {}: {e}; screened without it", r.line))
                        .collect();
                    warnings.extend(p.warnings.iter().cloned());
                    (Ok(index.screen(&p, options)), warnings)
                }
                Err(e) => (Err(e), Vec::new()),
            }
        })
        .collect();
    let recorded = match recording {
        Some(rec) => record_chunk(rec, chunk, &results, stats)?,
        None => vec![None; chunk.len()],
    };
    for ((r, (result, warnings)), recorded) in chunk.iter().zip(results).zip(recorded) {
        stats.records += 1;
        let (hits, error) = match result {
            Ok(h) => (h, None),
            Err(e) => {
                stats.errors += 1;
                (Vec::new(), Some(format!("line {}: {e}", r.line)))
            }
        };
        if !hits.is_empty() {
            stats.alerted += 1;
        }
        if !warnings.is_empty() {
            stats.warnings += 1;
        }
        writer.write(r, &hits, warnings, error, recorded.as_ref())?;
    }
    Ok(())
}

/// Stores the chunk's screenings in one transaction: the subjects with an
/// id that could be screened, with their matches.
fn record_chunk(
    rec: &Recording,
    chunk: &[Record],
    results: &[Screened<'_>],
    stats: &mut Stats,
) -> Result<Vec<Option<Recorded>>> {
    let mut items = Vec::new();
    let mut positions = Vec::new();
    for (i, (r, (result, _))) in chunk.iter().zip(results).enumerate() {
        let Ok(hits) = result else { continue };
        if !r.has_id {
            stats.unrecorded += 1;
            continue;
        }
        let subject = SubjectInput::new(
            &r.id,
            &r.name,
            [
                ("dob", r.dob.as_deref()),
                ("country", r.country.as_deref()),
                ("schema", r.schema.as_deref()),
                ("gender", r.gender.as_deref()),
                ("identifiers", r.identifiers.as_deref()),
            ],
        );
        let matches = vigil_serve::subjects::match_inputs(hits);
        items.push((subject, matches));
        positions.push(i);
    }
    let stored = rec
        .runtime
        .block_on(rec.store.record_screenings(&rec.context, &items))
        .context("the screenings could not be stored; nothing of this chunk was")?;
    let mut out = vec![None; chunk.len()];
    for (i, s) in positions.into_iter().zip(stored) {
        stats.raised += s.raised.len() as u64;
        stats.suppressed += s.suppressed.len() as u64;
        out[i] = Some(s);
    }
    Ok(out)
}

/// Reads records from CSV or JSON lines.
enum Reader<R: BufRead> {
    Csv(Box<csv::Reader<R>>, Columns),
    Json { input: R, line: u64, bytes: u64 },
}

#[derive(Default)]
struct Columns {
    id: Option<usize>,
    name: usize,
    dob: Option<usize>,
    country: Option<usize>,
    schema: Option<usize>,
    gender: Option<usize>,
    identifiers: Option<usize>,
}

impl<R: BufRead> Reader<R> {
    fn open(input: R, json: bool) -> Result<Reader<R>> {
        if json {
            return Ok(Reader::Json {
                input,
                line: 0,
                bytes: 0,
            });
        }
        let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = csv
            .headers()
            .context("--input: cannot read the CSV header")?
            .clone();
        let col = |n: &str| {
            headers.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(n)
            })
        };
        let Some(name) = col("name").or_else(|| col("full_name")) else {
            bail!(
                "--input: the CSV header has no `name` column (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            );
        };
        let columns = Columns {
            id: col("id"),
            name,
            dob: col("dob").or_else(|| col("date_of_birth")),
            country: col("country").or_else(|| col("nationality")),
            schema: col("schema"),
            gender: col("gender"),
            identifiers: col("identifiers"),
        };
        Ok(Reader::Csv(Box::new(csv), columns))
    }

    fn bytes(&self) -> u64 {
        match self {
            Reader::Csv(r, _) => r.position().byte(),
            Reader::Json { bytes, .. } => *bytes,
        }
    }

    fn next_chunk(&mut self, n: usize) -> Result<Vec<Record>> {
        let mut out = Vec::with_capacity(n);
        match self {
            Reader::Csv(reader, cols) => {
                let mut row = csv::StringRecord::new();
                while out.len() < n {
                    let line = reader.position().line() + 1;
                    match reader.read_record(&mut row) {
                        Ok(false) => break,
                        Ok(true) => {
                            let get = |i: Option<usize>| {
                                i.and_then(|i| row.get(i))
                                    .map(str::trim)
                                    .filter(|s| !s.is_empty())
                                    .map(str::to_string)
                            };
                            let line = row.position().map_or(line, |p| p.line());
                            let id = get(cols.id);
                            out.push(Record {
                                has_id: id.is_some(),
                                id: id.unwrap_or_else(|| format!("line-{line}")),
                                name: get(Some(cols.name)).unwrap_or_default(),
                                dob: get(cols.dob),
                                country: get(cols.country),
                                schema: get(cols.schema),
                                gender: get(cols.gender),
                                identifiers: get(cols.identifiers),
                                line,
                                unreadable: None,
                            });
                        }
                        Err(e) => out.push(Record {
                            id: format!("line-{line}"),
                            line,
                            unreadable: Some(format!("unreadable CSV row: {e}")),
                            ..Record::default()
                        }),
                    }
                }
            }
            Reader::Json { input, line, bytes } => {
                let mut buf = String::new();
                while out.len() < n {
                    buf.clear();
                    let read = input.read_line(&mut buf).context("--input: read error")?;
                    if read == 0 {
                        break;
                    }
                    *line += 1;
                    *bytes += read as u64;
                    if buf.trim().is_empty() {
                        continue;
                    }
                    out.push(json_record(&buf, *line));
                }
            }
        }
        Ok(out)
    }
}

fn json_record(text: &str, line: u64) -> Record {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Record {
                id: format!("line-{line}"),
                line,
                unreadable: Some(format!("invalid JSON: {e}")),
                ..Record::default()
            };
        }
    };
    let Some(obj) = value.as_object() else {
        return Record {
            id: format!("line-{line}"),
            line,
            unreadable: Some("expected a JSON object".to_string()),
            ..Record::default()
        };
    };
    // Values may be strings or numbers (a year of birth written as 1970).
    let get = |k: &str| {
        obj.get(k)
            .and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.trim().to_string()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::Array(a) => Some(
                    a.iter()
                        .filter_map(|x| {
                            x.as_str()
                                .map(str::to_string)
                                .or_else(|| x.as_number().map(|n| n.to_string()))
                        })
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
                _ => None,
            })
            .filter(|s| !s.is_empty())
    };
    let id = get("id");
    Record {
        has_id: id.is_some(),
        id: id.unwrap_or_else(|| format!("line-{line}")),
        name: get("name").unwrap_or_default(),
        dob: get("dob"),
        country: get("country"),
        schema: get("schema"),
        gender: get("gender"),
        identifiers: get("identifiers"),
        line,
        unreadable: None,
    }
}

/// Writes JSON lines or CSV.
enum Output {
    Json(BufWriter<File>),
    Csv(Box<csv::Writer<BufWriter<File>>>),
}

impl Output {
    fn new(w: BufWriter<File>, csv: bool) -> Result<Output> {
        if !csv {
            return Ok(Output::Json(w));
        }
        let mut c = csv::Writer::from_writer(w);
        c.write_record([
            "id",
            "name",
            "match_count",
            "top_entity_id",
            "top_score",
            "top_name",
            "top_caption",
            "entity_ids",
            "scores",
            "error",
            "warnings",
        ])?;
        Ok(Output::Csv(Box::new(c)))
    }

    fn write(
        &mut self,
        r: &Record,
        hits: &[Hit<'_>],
        warnings: Vec<String>,
        error: Option<String>,
        recorded: Option<&Recorded>,
    ) -> Result<()> {
        match self {
            Output::Json(w) => {
                let line = LineOut {
                    id: &r.id,
                    name: &r.name,
                    matches: hits.iter().map(MatchOut::of).collect(),
                    warnings,
                    error,
                    recorded: recorded.map(|s| RecordedOut {
                        screening_id: s.screening_id,
                        alerts: s.raised.iter().map(|a| a.id).collect(),
                        suppressed: &s.suppressed,
                        still_open: &s.still_open,
                        already_true_match: &s.already_true_match,
                    }),
                };
                serde_json::to_writer(&mut *w, &line)?;
                w.write_all(b"\n")?;
            }
            Output::Csv(w) => {
                let top = hits.first();
                let ids: Vec<&str> = hits.iter().map(|h| h.entity.id.as_str()).collect();
                let scores: Vec<String> = hits
                    .iter()
                    .map(|h| round(h.scored.score).to_string())
                    .collect();
                w.write_record([
                    r.id.as_str(),
                    r.name.as_str(),
                    &hits.len().to_string(),
                    top.map_or("", |h| h.entity.id.as_str()),
                    &top.map_or(String::new(), |h| round(h.scored.score).to_string()),
                    top.map_or("", |h| h.scored.explanation.matched_name.as_str()),
                    top.map_or("", |h| h.entity.caption()),
                    &ids.join(";"),
                    &scores.join(";"),
                    error.as_deref().unwrap_or(""),
                    &warnings.join("; "),
                ])?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Output::Json(mut w) => w.flush()?,
            Output::Csv(mut w) => w.flush()?,
        }
        Ok(())
    }
}
