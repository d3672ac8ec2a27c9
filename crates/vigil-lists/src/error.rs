//! Errors that stop a whole file, and diagnostics that report one bad record
//! while the rest of the list loads.

use serde::Serialize;
use std::fmt;

/// Why a whole file could not be read as a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io,
    /// The file is empty or holds only whitespace.
    Empty,
    /// The file is an HTML page (typically a publisher's error page).
    Html,
    /// The content is not any list format vigil knows.
    Unrecognized,
    /// The file ends before the document does (an interrupted download).
    Truncated,
    /// The file has the right format but is broken beyond one record
    /// (invalid XML, JSON or CSV structure, a missing required column).
    Malformed,
    /// A gzip or zip container could not be opened.
    Compression,
    /// The list parsed but holds no entity at all.
    NoEntities,
}

/// A file that could not be loaded as a list; it names the file and says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: String,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, path: &str, message: impl Into<String>) -> Error {
        Error {
            kind,
            path: path.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn malformed(path: &str, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Malformed, path, message)
    }

    pub(crate) fn truncated(path: &str, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Truncated, path, message)
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file (or `archive!member`) concerned.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The explanation, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for Error {}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A value was not understood and left out (an unknown country, an
    /// unparseable date); the record is loaded without it.
    Warning,
    /// The whole record was skipped (no id, no name).
    Error,
}

/// One problem with one record: which file, which record, which field, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file (or `archive!member`).
    pub file: String,
    /// The record: a line number, an element path with its id, or `file`
    /// for a problem with the file as a whole.
    pub record: String,
    /// The field, where one field is at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, and what was done about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{sev}: {}: {}", self.file, self.record)?;
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Collects the diagnostics of one file, so that parsers need not repeat the
/// file name at every call.
#[derive(Debug)]
pub(crate) struct Diagnostics {
    file: String,
    pub(crate) items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new(file: &str) -> Diagnostics {
        Diagnostics {
            file: file.to_string(),
            items: Vec::new(),
        }
    }

    /// A value left out; the record loads without it.
    pub(crate) fn warn(&mut self, record: &str, field: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Warning, record, field, message.into());
    }

    /// A record skipped.
    pub(crate) fn skip(&mut self, record: &str, field: Option<&str>, message: impl Into<String>) {
        self.push(Severity::Error, record, field, message.into());
    }

    fn push(&mut self, severity: Severity, record: &str, field: Option<&str>, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            record: record.to_string(),
            field: field.map(str::to_string),
            message,
        });
    }
}
