//! `vigil alerts`: the alerts `vigil batch --record` raised, their history,
//! and analysts' decisions on them.

use crate::database_arg::{DatabaseArg, block_on, cli_actor};
use crate::lists_arg::DataDirArg;
use anyhow::{Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use std::process::ExitCode;
use vigil_store::{Alert, AuditEvent, Decision, Outcome, Store};

/// `vigil alerts ...`
#[derive(Subcommand)]
pub(crate) enum AlertsCommand {
    /// List alerts, newest first.
    List {
        #[command(flatten)]
        db: Db,
        /// Only alerts with this status.
        #[arg(long, value_enum)]
        status: Option<Status>,
        /// At most this many.
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// Skip this many (paging).
        #[arg(long, default_value_t = 0)]
        offset: i64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show one alert: the match with its explanation as it was, the
    /// decisions, and its audit history.
    Show {
        #[command(flatten)]
        db: Db,
        /// The alert id.
        id: i64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Decide an alert, with a reason. A false positive keeps the same
    /// match from alerting again until the subject or the listed entity
    /// changes; a true match waits for another person's approval while
    /// the four-eyes rule is on (`vigil settings`).
    Decide {
        #[command(flatten)]
        db: Db,
        /// The alert id.
        id: i64,
        /// The decision.
        #[arg(long, value_enum)]
        outcome: Decided,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// Who decides (default: cli:$USER).
        #[arg(long)]
        actor: Option<String>,
        /// The alert revision the decision was made on (default: the
        /// current one); a decision on an older revision is refused.
        #[arg(long)]
        revision: Option<i64>,
    },
    /// Approve or reject a proposed true match (the four-eyes rule): the
    /// reviewer must not be the one who proposed it.
    Review {
        #[command(flatten)]
        db: Db,
        /// The alert id.
        id: i64,
        /// Approve: the alert becomes a true match.
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        /// Reject: the alert is open again.
        #[arg(long)]
        reject: bool,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// Who reviews (default: cli:$USER).
        #[arg(long)]
        actor: Option<String>,
    },
}

/// The data directory and database flags.
#[derive(Args)]
pub(crate) struct Db {
    #[command(flatten)]
    data: DataDirArg,
    #[command(flatten)]
    db: DatabaseArg,
}

impl Db {
    pub(crate) async fn open(&self) -> Result<Store> {
        self.db.open(&self.data).await
    }
}

/// Alert statuses.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Status {
    /// Not decided yet.
    Open,
    /// Passed to a supervisor.
    Escalated,
    /// Proposed a true match; waits for a supervisor's approval.
    PendingApproval,
    /// Decided: the subject is the listed entity.
    TrueMatch,
    /// Decided: the subject is not the listed entity.
    FalsePositive,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Escalated => "escalated",
            Status::PendingApproval => "pending_approval",
            Status::TrueMatch => "true_match",
            Status::FalsePositive => "false_positive",
        }
    }
}

/// Decisions.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Decided {
    /// Pass to a supervisor.
    Escalated,
    /// The subject is the listed entity.
    TrueMatch,
    /// The subject is not the listed entity.
    FalsePositive,
}

pub(crate) fn run(cmd: AlertsCommand) -> Result<ExitCode> {
    block_on(run_async(cmd))
}

async fn run_async(cmd: AlertsCommand) -> Result<ExitCode> {
    match cmd {
        AlertsCommand::List {
            db,
            status,
            limit,
            offset,
            json,
        } => {
            if limit < 1 || offset < 0 {
                bail!("--limit must be at least 1 and --offset at least 0");
            }
            let store = db.open().await?;
            let alerts = store
                .alerts(status.map(Status::as_str), limit, offset)
                .await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&alerts)?);
            } else if alerts.is_empty() {
                println!("no alert");
            } else {
                for a in &alerts {
                    println!(
                        "{:>6}  {:<14}  {:.4}  {}  ~  {}  {}",
                        a.id, a.status, a.score, a.subject_id, a.entity_id, a.matched_name
                    );
                }
            }
            store.close().await;
        }
        AlertsCommand::Show { db, id, json } => {
            let store = db.open().await?;
            let Some(alert) = store.alert(id).await? else {
                bail!("alert {id}: no such alert");
            };
            let decisions = store.decisions(id).await?;
            let history = store.audit_events_for(&format!("alert:{id}")).await?;
            store.close().await;
            if json {
                #[derive(Serialize)]
                struct Out<'a> {
                    alert: &'a Alert,
                    decisions: Vec<DecisionOut<'a>>,
                    history: &'a [AuditEvent],
                }
                #[derive(Serialize)]
                struct DecisionOut<'a> {
                    actor: &'a str,
                    outcome: &'a str,
                    reason: &'a str,
                    at: &'a str,
                }
                let out = Out {
                    alert: &alert,
                    decisions: decisions
                        .iter()
                        .map(|(actor, outcome, reason, at)| DecisionOut {
                            actor,
                            outcome,
                            reason,
                            at,
                        })
                        .collect(),
                    history: &history,
                };
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                println!(
                    "alert {}: {} (revision {})\n  subject  {}\n  entity   {}\n  matched  {} (score {:.4})\n  raised   {} ({})",
                    alert.id,
                    alert.status,
                    alert.revision,
                    alert.subject_id,
                    alert.entity_id,
                    alert.matched_name,
                    alert.score,
                    alert.created_at,
                    alert.raised_because
                );
                for (actor, outcome, reason, at) in &decisions {
                    println!("  decided  {at} by {actor}: {outcome}: {reason}");
                }
                println!("  history");
                for e in &history {
                    println!(
                        "    {} #{} {} by {}: {}",
                        e.at, e.seq, e.event, e.actor, e.payload
                    );
                }
            }
        }
        AlertsCommand::Decide {
            db,
            id,
            outcome,
            reason,
            actor,
            revision,
        } => {
            let store = db.open().await?;
            let revision = match revision {
                Some(r) => r,
                None => match store.alert(id).await? {
                    Some(a) => a.revision,
                    None => bail!("alert {id}: no such alert"),
                },
            };
            let actor = actor.unwrap_or_else(cli_actor);
            let outcome = match outcome {
                Decided::Escalated => Outcome::Escalated,
                Decided::TrueMatch => Outcome::TrueMatch,
                Decided::FalsePositive => Outcome::FalsePositive,
            };
            let decided = store
                .decide(&Decision {
                    alert_id: id,
                    actor,
                    outcome,
                    reason,
                    revision,
                })
                .await?;
            store.close().await;
            println!(
                "alert {}: {} (revision {})",
                decided.id, decided.status, decided.revision
            );
        }
        AlertsCommand::Review {
            db,
            id,
            approve,
            reject: _,
            reason,
            actor,
        } => {
            let store = db.open().await?;
            let Some(alert) = store.alert(id).await? else {
                bail!("alert {id}: no such alert");
            };
            let reviewed = store
                .review(&vigil_store::Review {
                    alert_id: id,
                    actor: actor.unwrap_or_else(cli_actor),
                    approve,
                    reason,
                    revision: alert.revision,
                })
                .await?;
            store.close().await;
            println!(
                "alert {}: {} (revision {})",
                reviewed.id, reviewed.status, reviewed.revision
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
