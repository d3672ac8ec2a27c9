//! Screening with memory: subjects, screenings, alerts, analysts'
//! decisions, and the suppressions false-positive decisions leave.
//!
//! A screening of a subject records every match; a match raises an alert
//! unless
//! - an alert for the same subject and listed entity is still open (or
//!   escalated): it is not raised twice;
//! - a false-positive decision suppresses it: the subject's screened
//!   attributes and the listed entity's data are both as they were when the
//!   analyst decided (their fingerprints match);
//! - it was decided a true match on the same data.
//!
//! When the subject or the listed entity changed since a false-positive
//! decision, the suppression is lifted and the new alert says why
//! (`raised_because`). Every write and its audit event commit in one
//! transaction. A decision names the alert revision it was made on: two
//! analysts deciding at once, one wins and the other gets
//! [`Error::Conflict`] (no lost update).

use crate::Store;
use crate::audit::{NewEvent, append_in};
use crate::error::{Doing, Error};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A screened record: the caller's id, its name and the attributes it was
/// screened with (date of birth, country, schema, identifiers...).
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectInput {
    /// The caller's id, unique in the store.
    pub id: String,
    /// The name screened.
    pub name: String,
    /// The other screened fields, as JSON.
    pub attributes: serde_json::Value,
}

impl SubjectInput {
    /// A subject whose attributes are the `(field, value)` pairs given a
    /// value that is not blank, trimmed: the one shape every caller
    /// (batch files, the API) stores, so that the same record screened two
    /// ways has one fingerprint.
    pub fn new<'a>(
        id: &str,
        name: &str,
        fields: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> SubjectInput {
        let attributes: serde_json::Map<String, serde_json::Value> = fields
            .into_iter()
            .filter_map(|(k, v)| {
                let v = v.map(str::trim).filter(|v| !v.is_empty())?;
                Some((k.to_string(), v.into()))
            })
            .collect();
        SubjectInput {
            id: id.to_string(),
            name: name.to_string(),
            attributes: attributes.into(),
        }
    }

    /// The fingerprint of what was screened: a change of name or of any
    /// attribute gives another.
    pub fn fingerprint(&self) -> String {
        sha256_hex(
            &serde_json::to_string(&(&self.name, &self.attributes)).expect("JSON serializes"),
        )
    }
}

/// One match of a screening.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchInput {
    /// The listed entity's id.
    pub entity_id: String,
    /// The score.
    pub score: f64,
    /// The listed name matched.
    pub matched_name: String,
    /// The explanation, as the engine gave it.
    pub explanation: serde_json::Value,
    /// The fingerprint of the listed entity's data (see [`fingerprint`]).
    pub entity_fingerprint: String,
}

/// The SHA-256 of a value's JSON: the fingerprint of a listed entity.
pub fn fingerprint(value: &impl Serialize) -> String {
    sha256_hex(&serde_json::to_string(value).expect("JSON serializes"))
}

/// The SHA-256 of a text, as hex.
pub(crate) fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// Bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How a screening was made.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningContext {
    /// Who screened: a user, a service account, `cli`.
    pub actor: String,
    /// The list versions screened against, as JSON.
    pub list_versions: serde_json::Value,
    /// The engine's version.
    pub engine_version: String,
    /// The alert threshold.
    pub threshold: f64,
}

/// An alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    /// Its id.
    pub id: i64,
    /// The subject.
    pub subject_id: String,
    /// The listed entity.
    pub entity_id: String,
    /// The screening that raised it.
    pub screening_id: i64,
    /// The score then.
    pub score: f64,
    /// The listed name matched.
    pub matched_name: String,
    /// The explanation as it was, JSON text.
    pub explanation: String,
    /// `open`, `escalated`, `true_match` or `false_positive`.
    pub status: String,
    /// Counts up with every decision: a decision names the revision it read.
    pub revision: i64,
    /// Why it was raised: a new match, or what changed since a
    /// false-positive decision.
    pub raised_because: String,
    /// When it was raised.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// What recording a screening did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recorded {
    /// The screening's id.
    pub screening_id: i64,
    /// The alerts raised.
    pub raised: Vec<Alert>,
    /// Entities matched again but suppressed by a false-positive decision.
    pub suppressed: Vec<String>,
    /// Alerts matched again and still open (not raised twice).
    pub still_open: Vec<i64>,
    /// Entities matched again and already decided true matches.
    pub already_true_match: Vec<String>,
}

/// An analyst's decision on an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Passed to a supervisor; the alert stays to decide.
    Escalated,
    /// The subject is the listed entity.
    TrueMatch,
    /// The subject is not the listed entity: suppresses the same match
    /// until the subject or the entity changes.
    FalsePositive,
}

impl Outcome {
    /// The status it gives (`escalated`, `true_match`, `false_positive`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Escalated => "escalated",
            Outcome::TrueMatch => "true_match",
            Outcome::FalsePositive => "false_positive",
        }
    }
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The alert.
    pub alert_id: i64,
    /// Who decides.
    pub actor: String,
    /// What.
    pub outcome: Outcome,
    /// Why (required).
    pub reason: String,
    /// The alert revision the decision was made on.
    pub revision: i64,
}

pub(crate) const ALERT_COLUMNS: &str = "id, subject_id, entity_id, screening_id, score, matched_name, \
     explanation, status, revision, raised_because, created_at, updated_at";

pub(crate) fn alert_of(r: &AnyRow) -> Result<Alert, Error> {
    let d = "reading an alert";
    Ok(Alert {
        id: r.try_get("id").doing(d)?,
        subject_id: r.try_get("subject_id").doing(d)?,
        entity_id: r.try_get("entity_id").doing(d)?,
        screening_id: r.try_get("screening_id").doing(d)?,
        score: r.try_get("score").doing(d)?,
        matched_name: r.try_get("matched_name").doing(d)?,
        explanation: r.try_get("explanation").doing(d)?,
        status: r.try_get("status").doing(d)?,
        revision: r.try_get("revision").doing(d)?,
        raised_because: r.try_get("raised_because").doing(d)?,
        created_at: r.try_get("created_at").doing(d)?,
        updated_at: r.try_get("updated_at").doing(d)?,
    })
}

fn now() -> String {
    vigil_core::date::rfc3339(std::time::SystemTime::now())
}

impl Store {
    /// Records one screening of `subject` and its matches, raising the
    /// alerts memory allows (see the module documentation), all in one
    /// transaction with its audit events.
    pub async fn record_screening(
        &self,
        context: &ScreeningContext,
        subject: &SubjectInput,
        matches: &[MatchInput],
    ) -> Result<Recorded, Error> {
        let mut all = self
            .record_screenings(context, &[(subject.clone(), matches.to_vec())])
            .await?;
        Ok(all.pop().expect("one screening recorded"))
    }

    /// Records several screenings in one transaction (a chunk of a batch):
    /// all or none are written.
    pub async fn record_screenings(
        &self,
        context: &ScreeningContext,
        screenings: &[(SubjectInput, Vec<MatchInput>)],
    ) -> Result<Vec<Recorded>, Error> {
        for (subject, _) in screenings {
            check_subject(subject)?;
        }
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(screenings.len());
        for (subject, matches) in screenings {
            out.push(record_in(&mut tx, context, subject, matches).await?);
        }
        tx.commit().await.doing("committing the screening")?;
        Ok(out)
    }

    /// One alert.
    pub async fn alert(&self, id: i64) -> Result<Option<Alert>, Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading an alert")?;
        row.as_ref().map(alert_of).transpose()
    }

    /// Alerts, newest first, with this status when given.
    pub async fn alerts(
        &self,
        status: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Alert>, Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE ($1 = '' OR status = $2) \
             ORDER BY id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(status.unwrap_or(""))
        .bind(status.unwrap_or(""))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .doing("listing alerts")?;
        rows.iter().map(alert_of).collect()
    }

    /// Records a decision (see the module documentation).
    pub async fn decide(&self, d: &Decision) -> Result<Alert, Error> {
        if d.reason.trim().is_empty() {
            return Err(Error::Invalid {
                field: "reason".to_string(),
                message: "a decision needs a reason".to_string(),
            });
        }
        if d.actor.trim().is_empty() {
            return Err(Error::Invalid {
                field: "actor".to_string(),
                message: "a decision needs who made it".to_string(),
            });
        }
        let mut tx = self.begin_write().await?;
        let conn: &mut AnyConnection = &mut tx;
        let (alert, row) = alert_in(conn, d.alert_id).await?;
        if alert.status == "true_match" || alert.status == "false_positive" {
            return Err(Error::Conflict(format!(
                "alert {} is already decided: {}",
                alert.id, alert.status
            )));
        }
        if alert.status == "pending_approval" {
            return Err(Error::Conflict(format!(
                "alert {} awaits a supervisor's approval of a true match: approve or reject it",
                alert.id
            )));
        }
        let four_eyes = four_eyes_in(conn).await?;
        let status = match d.outcome {
            Outcome::TrueMatch if four_eyes => "pending_approval",
            o => o.as_str(),
        };
        let at = now();
        let moved = Move {
            alert: &alert,
            actor: &d.actor,
            status,
            outcome: d.outcome.as_str(),
            reason: &d.reason,
            revision: d.revision,
            at: &at,
        };
        moved.apply(conn).await?;
        append_in(
            conn,
            &NewEvent::new(
                &d.actor,
                "decision",
                &format!("alert:{}", d.alert_id),
                serde_json::json!({
                    "outcome": d.outcome.as_str(), "status": status, "reason": d.reason,
                    "revision": d.revision + 1, "subject_id": alert.subject_id,
                    "entity_id": alert.entity_id,
                }),
            ),
        )
        .await?;
        if d.outcome == Outcome::FalsePositive {
            let sfp: String = row
                .try_get("subject_fingerprint")
                .doing("reading an alert")?;
            let efp: String = row
                .try_get("entity_fingerprint")
                .doing("reading an alert")?;
            sqlx::query(
                "INSERT INTO suppressions (subject_id, entity_id, subject_fingerprint, \
                 entity_fingerprint, alert_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (subject_id, entity_id) DO UPDATE SET \
                 subject_fingerprint = excluded.subject_fingerprint, \
                 entity_fingerprint = excluded.entity_fingerprint, \
                 alert_id = excluded.alert_id, created_at = excluded.created_at",
            )
            .bind(&alert.subject_id)
            .bind(&alert.entity_id)
            .bind(&sfp)
            .bind(&efp)
            .bind(d.alert_id)
            .bind(&at)
            .execute(&mut *conn)
            .await
            .doing("recording a suppression")?;
            append_in(
                conn,
                &NewEvent::new(
                    &d.actor,
                    "suppression",
                    &format!("subject:{}", alert.subject_id),
                    serde_json::json!({"entity_id": alert.entity_id, "alert_id": d.alert_id}),
                ),
            )
            .await?;
        }
        tx.commit().await.doing("committing a decision")?;
        self.alert(d.alert_id)
            .await?
            .ok_or_else(|| Error::NotFound(format!("alert {}", d.alert_id)))
    }

    /// The decisions on an alert, oldest first: `(actor, outcome, reason, at)`.
    pub async fn decisions(
        &self,
        alert_id: i64,
    ) -> Result<Vec<(String, String, String, String)>, Error> {
        let rows = sqlx::query(
            "SELECT actor, outcome, reason, at FROM decisions WHERE alert_id = $1 ORDER BY id",
        )
        .bind(alert_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading decisions")?;
        rows.iter()
            .map(|r| {
                let d = "reading decisions";
                Ok((
                    r.try_get(0).doing(d)?,
                    r.try_get(1).doing(d)?,
                    r.try_get(2).doing(d)?,
                    r.try_get(3).doing(d)?,
                ))
            })
            .collect()
    }
}

/// A supervisor's answer to a proposed true match (the four-eyes rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The alert, awaiting approval.
    pub alert_id: i64,
    /// Who reviews: not who proposed.
    pub actor: String,
    /// Approve (the alert becomes a true match) or reject (it is open
    /// again, to decide anew).
    pub approve: bool,
    /// Why (required).
    pub reason: String,
    /// The alert revision the review was made on.
    pub revision: i64,
}

impl Store {
    /// Approves or rejects a true match proposed under the four-eyes rule:
    /// the reviewer must be someone other than the proposer (checking the
    /// reviewer's role is the caller's).
    pub async fn review(&self, r: &Review) -> Result<Alert, Error> {
        if r.reason.trim().is_empty() {
            return Err(Error::Invalid {
                field: "reason".to_string(),
                message: "an approval or rejection needs a reason".to_string(),
            });
        }
        let mut tx = self.begin_write().await?;
        let conn: &mut AnyConnection = &mut tx;
        let (alert, _) = alert_in(conn, r.alert_id).await?;
        if alert.status != "pending_approval" {
            return Err(Error::Conflict(format!(
                "alert {} awaits no approval: it is {}",
                alert.id, alert.status
            )));
        }
        let proposer: Option<String> = sqlx::query(
            "SELECT actor FROM decisions WHERE alert_id = $1 AND outcome = 'true_match' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(r.alert_id)
        .fetch_optional(&mut *conn)
        .await
        .doing("reading decisions")?
        .map(|row| row.try_get(0))
        .transpose()
        .doing("reading decisions")?;
        if proposer.as_deref() == Some(r.actor.as_str()) {
            return Err(Error::Forbidden(format!(
                "{} proposed this true match; the four-eyes rule needs another supervisor",
                r.actor
            )));
        }
        let (status, outcome) = if r.approve {
            ("true_match", "approved")
        } else {
            ("open", "rejected")
        };
        let at = now();
        let moved = Move {
            alert: &alert,
            actor: &r.actor,
            status,
            outcome,
            reason: &r.reason,
            revision: r.revision,
            at: &at,
        };
        moved.apply(conn).await?;
        append_in(
            conn,
            &NewEvent::new(
                &r.actor,
                "review",
                &format!("alert:{}", r.alert_id),
                serde_json::json!({
                    "outcome": outcome, "status": status, "reason": r.reason,
                    "proposed_by": proposer, "revision": r.revision + 1,
                }),
            ),
        )
        .await?;
        tx.commit().await.doing("committing a review")?;
        self.alert(r.alert_id)
            .await?
            .ok_or_else(|| Error::NotFound(format!("alert {}", r.alert_id)))
    }
}

/// An alert read inside a write transaction, with its row (which also
/// holds the fingerprints it was raised on).
async fn alert_in(conn: &mut AnyConnection, id: i64) -> Result<(Alert, AnyRow), Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ALERT_COLUMNS}, subject_fingerprint, entity_fingerprint FROM alerts WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .doing("reading an alert")?
    .ok_or_else(|| Error::NotFound(format!("alert {id}")))?;
    Ok((alert_of(&row)?, row))
}

/// An alert moved to a new status by someone, with the decision row that
/// says who, what and why: refused when the alert is no longer at the
/// revision the person read (no lost update).
struct Move<'a> {
    alert: &'a Alert,
    actor: &'a str,
    status: &'a str,
    outcome: &'a str,
    reason: &'a str,
    revision: i64,
    at: &'a str,
}

impl Move<'_> {
    async fn apply(&self, conn: &mut AnyConnection) -> Result<(), Error> {
        let updated = sqlx::query(
            "UPDATE alerts SET status = $1, revision = revision + 1, updated_at = $2 \
             WHERE id = $3 AND revision = $4",
        )
        .bind(self.status)
        .bind(self.at)
        .bind(self.alert.id)
        .bind(self.revision)
        .execute(&mut *conn)
        .await
        .doing("moving an alert")?;
        if updated.rows_affected() == 0 {
            return Err(Error::Conflict(format!(
                "alert {} changed since revision {} was read (it is at revision {}, {}): \
                 read it again before deciding",
                self.alert.id, self.revision, self.alert.revision, self.alert.status
            )));
        }
        sqlx::query(
            "INSERT INTO decisions (alert_id, actor, outcome, reason, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(self.alert.id)
        .bind(self.actor)
        .bind(self.outcome)
        .bind(self.reason)
        .bind(self.at)
        .execute(&mut *conn)
        .await
        .doing("recording a decision")?;
        Ok(())
    }
}

/// Whether the four-eyes rule is on, read inside a transaction.
async fn four_eyes_in(conn: &mut AnyConnection) -> Result<bool, Error> {
    let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(crate::accounts::FOUR_EYES)
        .fetch_optional(&mut *conn)
        .await
        .doing("reading a setting")?;
    let value: Option<String> = row
        .map(|r| r.try_get(0))
        .transpose()
        .doing("reading a setting")?;
    Ok(value.as_deref() != Some("off"))
}

fn check_subject(subject: &SubjectInput) -> Result<(), Error> {
    if subject.id.trim().is_empty() {
        return Err(Error::Invalid {
            field: "id".to_string(),
            message: "a recorded subject needs an id".to_string(),
        });
    }
    Ok(())
}

/// One screening inside a write transaction.
async fn record_in(
    conn: &mut AnyConnection,
    context: &ScreeningContext,
    subject: &SubjectInput,
    matches: &[MatchInput],
) -> Result<Recorded, Error> {
    let at = now();
    let subject_fp = subject.fingerprint();
    let attributes = serde_json::to_string(&subject.attributes).expect("JSON serializes");
    sqlx::query(
        "INSERT INTO subjects (id, name, attributes, fingerprint, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET \
         name = excluded.name, attributes = excluded.attributes, \
         fingerprint = excluded.fingerprint, updated_at = excluded.updated_at",
    )
    .bind(&subject.id)
    .bind(&subject.name)
    .bind(&attributes)
    .bind(&subject_fp)
    .bind(&at)
    .bind(&at)
    .execute(&mut *conn)
    .await
    .doing("storing the subject")?;
    let screening_id: i64 = sqlx::query(
        "INSERT INTO screenings (subject_id, at, actor, list_versions, engine_version, \
         threshold, fingerprint, matches) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&subject.id)
    .bind(&at)
    .bind(&context.actor)
    .bind(serde_json::to_string(&context.list_versions).expect("JSON serializes"))
    .bind(&context.engine_version)
    .bind(context.threshold)
    .bind(&subject_fp)
    .bind(matches.len() as i64)
    .fetch_one(&mut *conn)
    .await
    .doing("storing the screening")?
    .try_get(0)
    .doing("storing the screening")?;

    let mut out = Recorded {
        screening_id,
        raised: Vec::new(),
        suppressed: Vec::new(),
        still_open: Vec::new(),
        already_true_match: Vec::new(),
    };
    for m in matches {
        let open = sqlx::query(
            "SELECT id FROM alerts WHERE subject_id = $1 AND entity_id = $2 \
             AND status IN ('open', 'escalated', 'pending_approval') ORDER BY id LIMIT 1",
        )
        .bind(&subject.id)
        .bind(&m.entity_id)
        .fetch_optional(&mut *conn)
        .await
        .doing("looking for an open alert")?;
        if let Some(r) = open {
            out.still_open
                .push(r.try_get(0).doing("looking for an open alert")?);
            continue;
        }
        let same = |sfp: &str, efp: &str| sfp == subject_fp && efp == m.entity_fingerprint;
        let changed = |sfp: &str, efp: &str| match (sfp != subject_fp, efp != m.entity_fingerprint)
        {
            (true, true) => "the subject's screened attributes and the listed entity's data",
            (true, false) => "the subject's screened attributes",
            _ => "the listed entity's data",
        };
        let suppression = sqlx::query(
            "SELECT subject_fingerprint, entity_fingerprint, alert_id FROM suppressions \
             WHERE subject_id = $1 AND entity_id = $2",
        )
        .bind(&subject.id)
        .bind(&m.entity_id)
        .fetch_optional(&mut *conn)
        .await
        .doing("looking for a suppression")?;
        let because = match suppression {
            Some(s) => {
                let d = "reading a suppression";
                let sfp: String = s.try_get(0).doing(d)?;
                let efp: String = s.try_get(1).doing(d)?;
                let decided: i64 = s.try_get(2).doing(d)?;
                if same(&sfp, &efp) {
                    out.suppressed.push(m.entity_id.clone());
                    continue;
                }
                let because = format!(
                    "{} changed since alert {decided} was decided a false positive",
                    changed(&sfp, &efp)
                );
                sqlx::query("DELETE FROM suppressions WHERE subject_id = $1 AND entity_id = $2")
                    .bind(&subject.id)
                    .bind(&m.entity_id)
                    .execute(&mut *conn)
                    .await
                    .doing("lifting a suppression")?;
                append_in(
                    conn,
                    &NewEvent::new(
                        &context.actor,
                        "suppression_lifted",
                        &format!("subject:{}", subject.id),
                        serde_json::json!({"entity_id": m.entity_id, "alert_id": decided, "because": because}),
                    ),
                )
                .await?;
                because
            }
            None => {
                let confirmed = sqlx::query(
                    "SELECT subject_fingerprint, entity_fingerprint FROM alerts \
                     WHERE subject_id = $1 AND entity_id = $2 AND status = 'true_match' \
                     ORDER BY id DESC LIMIT 1",
                )
                .bind(&subject.id)
                .bind(&m.entity_id)
                .fetch_optional(&mut *conn)
                .await
                .doing("looking for a true match")?;
                match confirmed {
                    Some(t) => {
                        let d = "reading a true match";
                        let sfp: String = t.try_get(0).doing(d)?;
                        let efp: String = t.try_get(1).doing(d)?;
                        if same(&sfp, &efp) {
                            out.already_true_match.push(m.entity_id.clone());
                            continue;
                        }
                        format!(
                            "{} changed since it was decided a true match",
                            changed(&sfp, &efp)
                        )
                    }
                    None => "a new match".to_string(),
                }
            }
        };
        let explanation = serde_json::to_string(&m.explanation).expect("JSON serializes");
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO alerts (subject_id, entity_id, screening_id, score, matched_name, \
             explanation, subject_fingerprint, entity_fingerprint, status, revision, \
             raised_because, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', 1, $9, $10, $11) \
             RETURNING {ALERT_COLUMNS}"
        )))
        .bind(&subject.id)
        .bind(&m.entity_id)
        .bind(screening_id)
        .bind(m.score)
        .bind(&m.matched_name)
        .bind(&explanation)
        .bind(&subject_fp)
        .bind(&m.entity_fingerprint)
        .bind(&because)
        .bind(&at)
        .bind(&at)
        .fetch_one(&mut *conn)
        .await
        .doing("raising an alert")?;
        let alert = alert_of(&row)?;
        append_in(
            conn,
            &NewEvent::new(
                &context.actor,
                "alert",
                &format!("alert:{}", alert.id),
                serde_json::json!({
                    "subject_id": subject.id, "entity_id": m.entity_id,
                    "score": m.score, "because": because, "screening_id": screening_id,
                }),
            ),
        )
        .await?;
        out.raised.push(alert);
    }
    append_in(
        conn,
        &NewEvent::new(
            &context.actor,
            "screening",
            &format!("subject:{}", subject.id),
            serde_json::json!({
                "screening_id": screening_id,
                "subject_fingerprint": subject_fp,
                "list_versions": context.list_versions,
                "engine_version": context.engine_version,
                "threshold": context.threshold,
                "matches": matches.len(),
                "raised": out.raised.iter().map(|a| a.id).collect::<Vec<_>>(),
                "suppressed": out.suppressed,
            }),
        ),
    )
    .await?;
    Ok(out)
}
