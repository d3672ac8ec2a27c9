//! What the analyst's screens read: the alert queue with its filters and
//! paging, one subject, and the dashboard's counts.

use crate::cases::{ALERT_COLUMNS, Alert, alert_of};
use crate::error::{Doing, Error};
use crate::monitor::{StoredSubject, subject_of};
use crate::{Backend, Store};
use sqlx::Row;

/// The statuses an alert can have, in the order of its life.
pub const STATUSES: &[&str] = &[
    "open",
    "escalated",
    "pending_approval",
    "true_match",
    "false_positive",
];

/// Which alerts to list: each filter when given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertFilter {
    /// One status (see [`STATUSES`]).
    pub status: Option<String>,
    /// The list the entity comes from (the prefix of its id before `:`).
    pub list: Option<String>,
    /// The lowest score.
    pub min_score: Option<f64>,
    /// Raised on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Raised on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// One listed entity (its id).
    pub entity: Option<String>,
    /// One subject (its id).
    pub subject: Option<String>,
}

impl AlertFilter {
    /// Checks the fields, naming the one at fault.
    pub fn check(&self) -> Result<(), Error> {
        let bad = |field: &str, message: &str| Error::Invalid {
            field: field.to_string(),
            message: message.to_string(),
        };
        if let Some(s) = &self.status
            && !STATUSES.contains(&s.as_str())
        {
            return Err(bad(
                "status",
                "expected open, escalated, pending_approval, true_match or false_positive",
            ));
        }
        if let Some(m) = self.min_score
            && !(0.0..=1.0).contains(&m)
        {
            return Err(bad("min_score", "expected a number from 0 to 1"));
        }
        for (field, day) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = day
                && vigil_core::date::parse_rfc3339(&format!("{d}T00:00:00Z")).is_none()
            {
                return Err(bad(field, "expected a day as YYYY-MM-DD"));
            }
        }
        Ok(())
    }
}

/// The dashboard's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// Screenings per day (`YYYY-MM-DD`, count), oldest first, days with
    /// none left out.
    pub screenings_per_day: Vec<(String, i64)>,
    /// Alerts raised per day.
    pub alerts_per_day: Vec<(String, i64)>,
    /// Alerts by status.
    pub by_status: Vec<(String, i64)>,
    /// Alerts by list and status: `(list, status, count)`.
    pub by_list: Vec<(String, String, i64)>,
    /// Subjects stored.
    pub subjects: i64,
}

impl Store {
    /// One page of alerts matching `filter`, newest first, and how many
    /// match in all.
    pub async fn alert_queue(
        &self,
        filter: &AlertFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Alert>, i64), Error> {
        filter.check()?;
        let list_prefix = filter.list.as_ref().map(|l| format!("{l}:"));
        // The same parameters in the same order for both queries; an empty
        // value means "any".
        let clause = "($1 = '' OR status = $1) \
             AND ($2 = '' OR substr(entity_id, 1, length($2)) = $2) \
             AND score >= $3 AND ($4 = '' OR created_at >= $4) AND ($5 = '' OR created_at < $5) \
             AND ($6 = '' OR entity_id = $6) AND ($7 = '' OR subject_id = $7)";
        let to_next_day = filter.to.as_ref().map(|d| {
            let t = vigil_core::date::parse_rfc3339(&format!("{d}T00:00:00Z"))
                .expect("checked above")
                + std::time::Duration::from_secs(86_400);
            vigil_core::date::rfc3339(t)
        });
        let from = filter.from.as_ref().map(|d| format!("{d}T00:00:00Z"));
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(filter.status.as_deref().unwrap_or(""))
                    .bind(list_prefix.as_deref().unwrap_or(""))
                    .bind(filter.min_score.unwrap_or(0.0))
                    .bind(from.as_deref().unwrap_or(""))
                    .bind(to_next_day.as_deref().unwrap_or(""))
                    .bind(filter.entity.as_deref().unwrap_or(""))
                    .bind(filter.subject.as_deref().unwrap_or(""))
            };
        }
        let total: i64 = bind_filter!(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM alerts WHERE {clause}"
        ))))
        .fetch_one(&self.pool)
        .await
        .doing("counting alerts")?
        .try_get(0)
        .doing("counting alerts")?;
        let rows = bind_filter!(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ALERT_COLUMNS} FROM alerts WHERE {clause} ORDER BY id DESC LIMIT $8 OFFSET $9"
        ))))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await
        .doing("listing alerts")?;
        Ok((rows.iter().map(alert_of).collect::<Result<_, _>>()?, total))
    }

    /// One stored subject.
    pub async fn subject(&self, id: &str) -> Result<Option<StoredSubject>, Error> {
        let row = sqlx::query("SELECT id, name, attributes FROM subjects WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a subject")?;
        row.as_ref().map(subject_of).transpose()
    }

    /// The dashboard's counts over the last `days` days (`since` is the
    /// first day, `YYYY-MM-DD`).
    pub async fn dashboard(&self, since: &str) -> Result<Dashboard, Error> {
        let since = format!("{since}T00:00:00Z");
        let per_day = |table: &str, column: &str| {
            format!(
                "SELECT substr({column}, 1, 10) AS day, COUNT(*) FROM {table} \
                 WHERE {column} >= $1 GROUP BY substr({column}, 1, 10) ORDER BY day"
            )
        };
        let pairs = |rows: Vec<sqlx::any::AnyRow>| -> Result<Vec<(String, i64)>, Error> {
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get(0).doing("reading counts")?,
                        r.try_get(1).doing("reading counts")?,
                    ))
                })
                .collect()
        };
        let screenings = sqlx::query(sqlx::AssertSqlSafe(per_day("screenings", "at")))
            .bind(&since)
            .fetch_all(&self.pool)
            .await
            .doing("counting screenings")?;
        let alerts = sqlx::query(sqlx::AssertSqlSafe(per_day("alerts", "created_at")))
            .bind(&since)
            .fetch_all(&self.pool)
            .await
            .doing("counting alerts")?;
        let by_status =
            sqlx::query("SELECT status, COUNT(*) FROM alerts GROUP BY status ORDER BY status")
                .fetch_all(&self.pool)
                .await
                .doing("counting alerts")?;
        let list = match self.backend {
            Backend::Sqlite => {
                "CASE WHEN instr(entity_id, ':') > 0 \
                 THEN substr(entity_id, 1, instr(entity_id, ':') - 1) ELSE '' END"
            }
            Backend::Postgres => "split_part(entity_id, ':', 1)",
        };
        let by_list = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {list} AS list, status, COUNT(*) FROM alerts \
             GROUP BY {list}, status ORDER BY list, status"
        )))
        .fetch_all(&self.pool)
        .await
        .doing("counting alerts by list")?;
        let subjects: i64 = sqlx::query("SELECT COUNT(*) FROM subjects")
            .fetch_one(&self.pool)
            .await
            .doing("counting subjects")?
            .try_get(0)
            .doing("counting subjects")?;
        Ok(Dashboard {
            screenings_per_day: pairs(screenings)?,
            alerts_per_day: pairs(alerts)?,
            by_status: pairs(by_status)?,
            by_list: by_list
                .iter()
                .map(|r| {
                    let d = "reading counts";
                    Ok((
                        r.try_get(0).doing(d)?,
                        r.try_get(1).doing(d)?,
                        r.try_get(2).doing(d)?,
                    ))
                })
                .collect::<Result<_, Error>>()?,
            subjects,
        })
    }
}
