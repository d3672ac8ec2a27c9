//! Counts that describe a loaded list: what `vigil lists show` prints.

use crate::error::Severity;
use crate::{Format, List};
use serde::Serialize;
use std::collections::BTreeMap;
use vigil_core::PartialDate;

/// Counts by schema, name kind and script, and diagnostics, of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListSummary {
    /// The source name used in entity ids.
    pub source: String,
    /// The format read.
    pub format: Format,
    /// The file or files read.
    pub files: Vec<String>,
    /// The publication date the file states.
    pub published: Option<PartialDate>,
    /// Number of entities.
    pub entities: usize,
    /// Entities by schema (`person`, `organization`...).
    pub entities_by_schema: BTreeMap<String, usize>,
    /// Number of names of all entities.
    pub names: usize,
    /// Names by kind (`primary`, `alias`, `weak_alias`, `former`, `original_script`).
    pub names_by_kind: BTreeMap<String, usize>,
    /// Names by script (`latin`, `arabic`, `cyrillic`...).
    pub names_by_script: BTreeMap<String, usize>,
    /// Number of diagnostics (warnings and skipped records).
    pub diagnostics: usize,
    /// Of those, records skipped.
    pub skipped_records: usize,
    /// Entity ids a delta file deletes.
    pub deleted: usize,
}

impl ListSummary {
    pub(crate) fn of(list: &List) -> ListSummary {
        let mut by_schema = BTreeMap::new();
        let mut by_kind = BTreeMap::new();
        let mut by_script = BTreeMap::new();
        let mut names = 0;
        for e in &list.entities {
            *by_schema.entry(e.schema.as_str().to_string()).or_insert(0) += 1;
            for n in &e.names {
                names += 1;
                *by_kind.entry(n.kind.as_str().to_string()).or_insert(0) += 1;
                *by_script.entry(n.script.as_str().to_string()).or_insert(0) += 1;
            }
        }
        ListSummary {
            source: list.source.clone(),
            format: list.format,
            files: list.files.clone(),
            published: list.published,
            entities: list.entities.len(),
            entities_by_schema: by_schema,
            names,
            names_by_kind: by_kind,
            names_by_script: by_script,
            diagnostics: list.diagnostics.len(),
            skipped_records: list
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            deleted: list.deleted.len(),
        }
    }
}
