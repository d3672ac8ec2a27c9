//! vigil-store: what vigil must keep for years, in SQLite (one file, the
//! default) or PostgreSQL, with the same schema, behaviour and tests.
//!
//! This is the only crate that owns a database. It holds:
//! - the tamper-evident audit log ([`audit`]): every event is appended with
//!   the SHA-256 of its content chained to the previous event's hash, so
//!   that [`Store::verify_audit`] names the first row edited, inserted or
//!   deleted behind vigil's back;
//! - screening with memory ([`cases`]): subjects, screenings, alerts,
//!   decisions, and the suppressions false-positive decisions leave until
//!   the subject or the listed entity changes.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vigil_store::Error> {
//! let store = vigil_store::Store::open("sqlite:/var/lib/vigil/vigil.db").await?;
//! store
//!     .append_audit(vigil_store::NewEvent::new(
//!         "cli",
//!         "list_update",
//!         "un",
//!         serde_json::json!({"version": "66b392a4"}),
//!     ))
//!     .await?;
//! assert!(store.verify_audit().await?.is_intact());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod accounts;
pub mod audit;
pub mod cases;
mod error;
pub mod monitor;
pub mod views;

pub use accounts::{Login, Role, Session, User, UserChange};
pub use audit::{AuditEvent, Break, NewEvent, Verification};
pub use cases::{
    Alert, Decision, MatchInput, Outcome, Recorded, Review, ScreeningContext, SubjectInput,
    fingerprint,
};
pub use error::Error;
pub use monitor::StoredSubject;
pub use views::{AlertFilter, Dashboard};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

/// Which database a store is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite: one file, WAL journal.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// An open store, migrated to the schema this build knows.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the store at
    /// `url`: `sqlite:PATH`, `sqlite://PATH`, a plain file path, or
    /// `postgres://user@host/db`.
    pub async fn open(url: &str) -> Result<Store, Error> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalize_url(url)?;
        let options = AnyConnectOptions::from_str(&url).map_err(|e| Error::Connect {
            url: redact(&url),
            message: e.to_string(),
        })?;
        // One connection first: a server that is down or refuses answers
        // at once, where the pool would retry until its timeout.
        let probe = AnyConnection::connect_with(&options)
            .await
            .map_err(|e| Error::Connect {
                url: redact(&url),
                message: e.to_string(),
            })?;
        let _ = probe.close().await;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers go on while one writer writes;
                        // a busy timeout waits for the writer instead of
                        // failing; foreign keys are off unless asked for.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| Error::Connect {
                url: redact(&url),
                message: e.to_string(),
            })?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<(), Error> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| Error::Migrate(e.to_string()))
    }

    /// Closes the connections.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The URL sqlx reads, and the backend: a plain path is a SQLite file,
/// created when missing.
fn normalize_url(url: &str) -> Result<(String, Backend), Error> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() || lower.contains("://") && !lower.starts_with("sqlite:") {
        return Err(Error::Connect {
            url: redact(url),
            message: "expected sqlite:PATH, a file path, or postgres://...".to_string(),
        });
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let query = if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        query.to_string()
    };
    Ok((format!("sqlite://{path}?{query}"), Backend::Sqlite))
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            normalize_url("/tmp/v.db").unwrap(),
            ("sqlite:///tmp/v.db?mode=rwc".to_string(), Backend::Sqlite)
        );
        assert_eq!(
            normalize_url("sqlite:v.db").unwrap().0,
            "sqlite://v.db?mode=rwc"
        );
        assert_eq!(
            normalize_url("postgres://u:p@h/db").unwrap().1,
            Backend::Postgres
        );
        assert!(normalize_url("mysql://h/db").is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
