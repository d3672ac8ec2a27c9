//! `vigil audit verify` and `vigil audit export`: checking the
//! tamper-evident audit log, and handing it to a regulator.

use crate::database_arg::{DatabaseArg, block_on};
use crate::lists_arg::DataDirArg;
use anyhow::{Context, Result};
use clap::{Subcommand, ValueEnum};
use std::fs::File;
use std::future::Future;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_store::Store;

/// `vigil audit ...`
#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Check that no row of the audit log was edited, inserted or deleted:
    /// names the first broken link and exits 1 when one is.
    Verify {
        #[command(flatten)]
        data: DataDirArg,
        #[command(flatten)]
        db: DatabaseArg,
        /// The head (the newest row's hash, as printed by an earlier
        /// verify) kept elsewhere: the log must still contain it.
        #[arg(long, value_name = "HASH")]
        expect_head: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the audit log, with each row's hashes, as CSV or JSON lines.
    Export {
        #[command(flatten)]
        data: DataDirArg,
        #[command(flatten)]
        db: DatabaseArg,
        /// The format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// The file to write (default: standard output).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// Formats of `vigil audit export`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One JSON object per line.
    Json,
    /// CSV with a header.
    Csv,
}

pub(crate) fn run(cmd: AuditCommand) -> Result<ExitCode> {
    match cmd {
        AuditCommand::Verify {
            data,
            db,
            expect_head,
            json,
        } => block_on(verify(db.open(&data), expect_head, json)),
        AuditCommand::Export {
            data,
            db,
            format,
            output,
        } => block_on(export(db.open(&data), format, output)),
    }
}

async fn verify(
    store: impl Future<Output = Result<Store>>,
    expect_head: Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let store = store.await?;
    let v = store.verify_audit().await?;
    let mut problem = v.first_break.as_ref().map(|b| b.message.clone());
    if problem.is_none()
        && let Some(want) = &expect_head
    {
        let want = want.trim().to_ascii_lowercase();
        let events = store.audit_events(0, i64::MAX).await?;
        if !events.iter().any(|e| e.hash == want) {
            problem = Some(format!(
                "no row has the expected head {want}: the log was rewritten after it"
            ));
        }
    }
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            intact: bool,
            events: u64,
            head: Option<&'a (i64, String)>,
            problem: Option<&'a str>,
        }
        let out = Out {
            intact: problem.is_none(),
            events: v.events,
            head: v.head.as_ref(),
            problem: problem.as_deref(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        match &problem {
            None => {
                let head = v
                    .head
                    .as_ref()
                    .map(|(s, h)| format!("; head: row {s}, {h}"))
                    .unwrap_or_default();
                println!("audit log intact: {} events{head}", v.events);
            }
            Some(p) => println!("AUDIT LOG BROKEN: {p}"),
        }
    }
    store.close().await;
    Ok(if problem.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

async fn export(
    store: impl Future<Output = Result<Store>>,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let store = store.await?;
    let out: Box<dyn Write> = match &output {
        Some(p) => Box::new(File::create(p).with_context(|| format!("--output {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let out = BufWriter::new(out);
    enum Sink<W: Write> {
        Csv(Box<csv::Writer<W>>),
        Json(W),
    }
    let mut sink = match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "seq",
                "at",
                "actor",
                "event",
                "object",
                "payload",
                "prev_hash",
                "hash",
            ])?;
            Sink::Csv(Box::new(w))
        }
        ExportFormat::Json => Sink::Json(out),
    };
    let mut after = 0;
    loop {
        let page = store.audit_events(after, 5000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for e in &page {
            match &mut sink {
                Sink::Csv(w) => {
                    let seq = e.seq.to_string();
                    w.write_record([
                        seq.as_str(),
                        &e.at,
                        &e.actor,
                        &e.event,
                        &e.object,
                        &e.payload,
                        &e.prev_hash,
                        &e.hash,
                    ])?;
                }
                Sink::Json(o) => {
                    serde_json::to_writer(&mut *o, e)?;
                    o.write_all(b"\n")?;
                }
            }
        }
    }
    match sink {
        Sink::Csv(mut w) => w.flush()?,
        Sink::Json(mut o) => o.flush()?,
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
