//! The tamper-evident audit log.
//!
//! Each event is a row `(seq, at, actor, event, object, payload,
//! prev_hash, hash)` where `seq` counts up from 1 without gaps, `prev_hash`
//! is the previous row's `hash` (64 zeros for the first), and `hash` is the
//! SHA-256 of the JSON array `[seq, at, actor, event, object, payload,
//! prev_hash]` (`payload` as the JSON text stored). `audit_head` holds the
//! newest `seq` and `hash`, written in the same transaction.
//!
//! [`Store::verify_audit`] walks the rows in order and names the first that
//! breaks the chain: a row whose content no longer gives its hash (edited),
//! whose `prev_hash` is not the previous row's hash (a row replaced or
//! inserted before it), a gap in `seq` (rows deleted), or a head that does
//! not match the newest row (the newest rows deleted). Someone able to
//! rewrite every later row and the head can hide an edit from the chain
//! alone; [`Verification::head`] printed by `vigil audit verify` and kept
//! elsewhere (a ticket, a regulator's copy) closes that gap:
//! `--expect-head` checks it.
//!
//! Appends are serialized (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a
//! transaction-level advisory lock), and `seq` is the primary key, so two
//! writers can never fork the chain.

use crate::error::{Doing, Error};
use crate::{Backend, Store};
use serde::Serialize;
use sqlx::{Any, AnyConnection, Row, Transaction};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Who: a user, a service account (`api-key:<label>`), or `cli` / `server`.
    pub actor: String,
    /// What kind of event: `screening`, `alert`, `decision`, `suppression`,
    /// `list_update`, `login`, `configuration`...
    pub event: String,
    /// What it is about: an alert id, a subject id, a list source.
    pub object: String,
    /// The details, as JSON.
    pub payload: serde_json::Value,
}

impl NewEvent {
    /// An event.
    pub fn new(actor: &str, event: &str, object: &str, payload: serde_json::Value) -> NewEvent {
        NewEvent {
            actor: actor.to_string(),
            event: event.to_string(),
            object: object.to_string(),
            payload,
        }
    }
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    /// Its place in the log, from 1.
    pub seq: i64,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What kind of event.
    pub event: String,
    /// What it is about.
    pub object: String,
    /// The details, as the JSON text stored.
    pub payload: String,
    /// The previous event's hash.
    pub prev_hash: String,
    /// This event's hash.
    pub hash: String,
}

impl AuditEvent {
    /// The hash its content gives.
    pub fn expected_hash(&self) -> String {
        hash_of(
            self.seq,
            &self.at,
            &self.actor,
            &self.event,
            &self.object,
            &self.payload,
            &self.prev_hash,
        )
    }
}

fn hash_of(
    seq: i64,
    at: &str,
    actor: &str,
    event: &str,
    object: &str,
    payload: &str,
    prev_hash: &str,
) -> String {
    let canonical = serde_json::to_string(&(seq, at, actor, event, object, payload, prev_hash))
        .expect("strings and numbers serialize");
    crate::cases::sha256_hex(&canonical)
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Events read.
    pub events: u64,
    /// The newest event's `seq` and hash, as the chain gives them: keep it
    /// elsewhere to detect a rewrite of the whole tail later.
    pub head: Option<(i64, String)>,
    /// The first break found, if any.
    pub first_break: Option<Break>,
}

impl Verification {
    /// Whether the chain is whole.
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }
}

/// Where and how the chain breaks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Break {
    /// The row (`seq`) at which it breaks.
    pub seq: i64,
    /// `edited`, `relinked`, `deleted`, `truncated` or `head_mismatch`.
    pub kind: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

const PAGE: i64 = 5000;

impl Store {
    /// A write transaction that has the audit log to itself until it ends.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, Error> {
        match self.backend {
            Backend::Sqlite => self
                .pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .doing("starting a write transaction"),
            Backend::Postgres => {
                let mut tx = self
                    .pool
                    .begin()
                    .await
                    .doing("starting a write transaction")?;
                sqlx::query("SELECT pg_advisory_xact_lock(7471207)")
                    .execute(&mut *tx)
                    .await
                    .doing("locking the audit log")?;
                Ok(tx)
            }
        }
    }

    /// Appends one event in its own transaction.
    pub async fn append_audit(&self, event: NewEvent) -> Result<AuditEvent, Error> {
        let mut tx = self.begin_write().await?;
        let stored = append_in(&mut tx, &event).await?;
        tx.commit().await.doing("committing an audit event")?;
        Ok(stored)
    }

    /// Events after `after_seq`, oldest first, at most `limit`.
    pub async fn audit_events(&self, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>, Error> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, event, object, payload, prev_hash, hash \
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit log")?;
        rows.iter().map(event_of).collect()
    }

    /// The newest `limit` events, newest first, and how many there are.
    pub async fn recent_audit_events(&self, limit: i64) -> Result<(Vec<AuditEvent>, i64), Error> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, event, object, payload, prev_hash, hash \
             FROM audit_log ORDER BY seq DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit log")?;
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.pool)
            .await
            .doing("counting the audit log")?
            .try_get(0)
            .doing("counting the audit log")?;
        Ok((rows.iter().map(event_of).collect::<Result<_, _>>()?, total))
    }

    /// The events about one object (`alert:17`, `subject:customer-17`),
    /// oldest first: an alert's history.
    pub async fn audit_events_for(&self, object: &str) -> Result<Vec<AuditEvent>, Error> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, event, object, payload, prev_hash, hash \
             FROM audit_log WHERE object = $1 ORDER BY seq",
        )
        .bind(object)
        .fetch_all(&self.pool)
        .await
        .doing("reading the audit log")?;
        rows.iter().map(event_of).collect()
    }

    /// Checks the whole chain and the head (see the module documentation).
    pub async fn verify_audit(&self) -> Result<Verification, Error> {
        let mut events = 0u64;
        let mut last: Option<(i64, String)> = None;
        let mut after = 0;
        loop {
            let page = self.audit_events(after, PAGE).await?;
            let Some(end) = page.last() else { break };
            after = end.seq;
            for e in page {
                events += 1;
                let (want_seq, want_prev) = match &last {
                    Some((s, h)) => (s + 1, h.as_str()),
                    None => (1, GENESIS),
                };
                let broken = if e.seq != want_seq {
                    Some(Break {
                        seq: e.seq,
                        kind: "deleted",
                        message: format!(
                            "row {} follows row {}: row(s) {} to {} were deleted",
                            e.seq,
                            want_seq - 1,
                            want_seq,
                            e.seq - 1
                        ),
                    })
                } else if e.prev_hash != want_prev {
                    Some(Break {
                        seq: e.seq,
                        kind: "relinked",
                        message: format!(
                            "row {}: its prev_hash is not the hash of row {}: a row was replaced or inserted",
                            e.seq,
                            e.seq - 1
                        ),
                    })
                } else if e.hash != e.expected_hash() {
                    Some(Break {
                        seq: e.seq,
                        kind: "edited",
                        message: format!(
                            "row {}: its content does not give its hash: the row was edited \
                             ({} {} by {} at {})",
                            e.seq, e.event, e.object, e.actor, e.at
                        ),
                    })
                } else {
                    None
                };
                if broken.is_some() {
                    return Ok(Verification {
                        events,
                        head: last,
                        first_break: broken,
                    });
                }
                last = Some((e.seq, e.hash));
            }
        }
        let head = read_head(&self.pool).await?;
        let first_break = match (&head, &last) {
            (None, None) => None,
            (Some(h), Some(l)) if h == l => None,
            (Some((hs, _)), Some((ls, _))) if hs > ls => Some(Break {
                seq: *hs,
                kind: "truncated",
                message: format!(
                    "the newest row is {ls} but the head says {hs}: the newest rows were deleted"
                ),
            }),
            (Some((hs, _)), _) => Some(Break {
                seq: *hs,
                kind: "head_mismatch",
                message: format!(
                    "the head (row {hs}) does not match the newest row: the head or the newest row was changed"
                ),
            }),
            (None, Some((ls, _))) => Some(Break {
                seq: *ls,
                kind: "head_mismatch",
                message: "the head was deleted".to_string(),
            }),
        };
        Ok(Verification {
            events,
            head: last,
            first_break,
        })
    }
}

async fn read_head(
    conn: impl sqlx::Executor<'_, Database = Any>,
) -> Result<Option<(i64, String)>, Error> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_optional(conn)
        .await
        .doing("reading the audit head")?;
    row.map(|r| -> Result<(i64, String), Error> {
        Ok((
            r.try_get("seq").doing("reading the audit head")?,
            r.try_get("hash").doing("reading the audit head")?,
        ))
    })
    .transpose()
}

fn event_of(r: &sqlx::any::AnyRow) -> Result<AuditEvent, Error> {
    let get = |c: &str| -> Result<String, Error> { r.try_get(c).doing("reading the audit log") };
    Ok(AuditEvent {
        seq: r.try_get("seq").doing("reading the audit log")?,
        at: get("at")?,
        actor: get("actor")?,
        event: get("event")?,
        object: get("object")?,
        payload: get("payload")?,
        prev_hash: get("prev_hash")?,
        hash: get("hash")?,
    })
}

/// Appends one event inside a write transaction (see
/// [`Store::begin_write`]): other writes of the same transaction and their
/// audit event commit or fail together.
pub(crate) async fn append_in(
    conn: &mut AnyConnection,
    event: &NewEvent,
) -> Result<AuditEvent, Error> {
    let (seq, prev_hash) = match read_head(&mut *conn).await? {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = vigil_core::date::rfc3339(std::time::SystemTime::now());
    let payload = serde_json::to_string(&event.payload).expect("JSON values serialize");
    let hash = hash_of(
        seq,
        &at,
        &event.actor,
        &event.event,
        &event.object,
        &payload,
        &prev_hash,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, event, object, payload, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(&at)
    .bind(&event.actor)
    .bind(&event.event)
    .bind(&event.object)
    .bind(&payload)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await
    .doing("appending an audit event")?;
    sqlx::query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, $1, $2) \
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )
    .bind(seq)
    .bind(&hash)
    .execute(&mut *conn)
    .await
    .doing("moving the audit head")?;
    Ok(AuditEvent {
        seq,
        at,
        actor: event.actor.clone(),
        event: event.event.clone(),
        object: event.object.clone(),
        payload,
        prev_hash,
        hash,
    })
}
