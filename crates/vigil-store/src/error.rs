//! The store's errors: which database, which operation, and why.

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be opened (down, wrong URL, no permission).
    #[error("cannot open the database {url}: {message}")]
    Connect {
        /// The URL, without its password.
        url: String,
        /// The driver's message.
        message: String,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
    /// A query failed (the database went away, a disk is full...); the
    /// transaction it belonged to wrote nothing.
    #[error("database error while {doing}: {source}")]
    Query {
        /// What vigil was doing.
        doing: &'static str,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A field of a request is wrong.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: String,
        /// Why.
        message: String,
    },
    /// Someone else changed it first (two analysts deciding one alert):
    /// nothing was written; read it again.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The rules do not allow it (the four-eyes rule, a role).
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// No such thing.
    #[error("not found: {0}")]
    NotFound(String),
    /// A stored value is not what vigil wrote (a JSON payload that does not
    /// parse).
    #[error("damaged row: {0}")]
    Damaged(String),
}

/// Adds what vigil was doing to a driver error.
pub(crate) trait Doing<T> {
    fn doing(self, what: &'static str) -> Result<T, Error>;
}

impl<T> Doing<T> for Result<T, sqlx::Error> {
    fn doing(self, what: &'static str) -> Result<T, Error> {
        self.map_err(|source| Error::Query {
            doing: what,
            source,
        })
    }
}
