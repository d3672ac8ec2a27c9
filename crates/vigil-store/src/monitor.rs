//! What continuous monitoring needs from the store: the stored subjects,
//! page by page, and the fingerprints of the listed entities they were
//! last screened against.

use crate::Store;
use crate::audit::{NewEvent, append_in};
use crate::error::{Doing, Error};
use sqlx::Row;
use std::collections::HashMap;

/// A stored subject.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSubject {
    /// The caller's id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The attributes screened, as JSON.
    pub attributes: serde_json::Value,
}

/// A row of `SELECT id, name, attributes FROM subjects`.
pub(crate) fn subject_of(r: &sqlx::any::AnyRow) -> Result<StoredSubject, Error> {
    let d = "reading subjects";
    let attributes: String = r.try_get(2).doing(d)?;
    Ok(StoredSubject {
        id: r.try_get(0).doing(d)?,
        name: r.try_get(1).doing(d)?,
        attributes: serde_json::from_str(&attributes)
            .map_err(|e| Error::Damaged(format!("subject attributes: {e}")))?,
    })
}

/// Rows per multi-row insert: well under SQLite's and PostgreSQL's limits
/// on bound parameters.
const ROWS_PER_INSERT: usize = 400;

impl Store {
    /// Subjects with an id after `after`, in id order, at most `limit`.
    pub async fn subjects_after(
        &self,
        after: &str,
        limit: i64,
    ) -> Result<Vec<StoredSubject>, Error> {
        let rows = sqlx::query(
            "SELECT id, name, attributes FROM subjects WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .doing("reading subjects")?;
        rows.iter().map(subject_of).collect()
    }

    /// The fingerprint of each listed entity as last monitored.
    pub async fn monitored_entities(&self) -> Result<HashMap<String, String>, Error> {
        let rows = sqlx::query("SELECT entity_id, fingerprint FROM monitored_entities")
            .fetch_all(&self.pool)
            .await
            .doing("reading the monitored entities")?;
        rows.iter()
            .map(|r| {
                let d = "reading the monitored entities";
                Ok((r.try_get(0).doing(d)?, r.try_get(1).doing(d)?))
            })
            .collect()
    }

    /// Replaces the monitored entities by `current` (id, fingerprint), and
    /// records the monitoring run in the audit log, in one transaction.
    pub async fn set_monitored_entities(
        &self,
        actor: &str,
        current: &[(String, String)],
        summary: serde_json::Value,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM monitored_entities")
            .execute(&mut *tx)
            .await
            .doing("replacing the monitored entities")?;
        for chunk in current.chunks(ROWS_PER_INSERT) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO monitored_entities (entity_id, fingerprint) VALUES {}",
                values.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, fp) in chunk {
                q = q.bind(id).bind(fp);
            }
            q.execute(&mut *tx)
                .await
                .doing("replacing the monitored entities")?;
        }
        append_in(
            &mut tx,
            &NewEvent::new(actor, "monitoring", "lists", summary),
        )
        .await?;
        tx.commit().await.doing("committing the monitored entities")
    }
}
