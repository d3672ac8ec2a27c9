//! vigil-lists: reads every official sanctions list format into vigil's one
//! entity model.
//!
//! Bytes go in, a [`List`] of [`Entity`]s plus [`Diagnostic`]s comes out. A
//! bad record never fails a whole file: it is reported with the file, the
//! record and the field, and the rest loads. A file that is not a list at all
//! (empty, an HTML error page, truncated) is an [`Error`] that says so.
//!
//! - [`detect`] tells the format from the content, never from the file name.
//! - [`parse`] reads one file already in memory.
//! - [`load_path`] reads a file or a folder from disk, opening gzip and zip
//!   transparently and joining the OFAC CSV families (`sdn.csv` + `alt.csv` +
//!   `add.csv` + `sdn_comments.csv`).
//! - [`diff()`] compares two versions of a list: the entities added, removed
//!   and changed, and which facts of a changed entity changed.
//!
//! ```
//! let csv = "id,name,aliases,schema,dob,country\nX1,Jane Example,J. Example,person,1970,GB\n";
//! let list = vigil_lists::parse(&vigil_lists::Input::new("internal.csv", csv.as_bytes())).unwrap();
//! assert_eq!(list.entities[0].id, "internal:X1");
//! assert_eq!(list.entities[0].names.len(), 2);
//! ```
#![deny(missing_docs)]

mod detect;
mod diff;
mod error;
mod formats;
mod lines;
mod load;
#[cfg(test)]
mod pin;
mod summary;
mod xml;

pub use detect::{Detected, OfacCsvPart, detect};
pub use diff::{EntityChange, EntityRef, Field, FieldChange, ListDiff, diff};
pub use error::{Diagnostic, Error, ErrorKind, Severity};
pub use load::{Loaded, Skipped, demo_list, load_path, load_paths};
pub use summary::ListSummary;

use serde::Serialize;
use std::fmt;
use vigil_core::{Entity, PartialDate};

/// One file (or `archive!member`) in memory, ready to be parsed.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The path shown in errors and diagnostics.
    pub path: &'a str,
    /// The content, already decompressed.
    pub bytes: &'a [u8],
    /// The source name the caller gave (`--list NAME=PATH`); when `None` the
    /// parser names the source from the content.
    pub source: Option<&'a str>,
}

impl<'a> Input<'a> {
    /// An input with no explicit source name.
    pub fn new(path: &'a str, bytes: &'a [u8]) -> Input<'a> {
        Input {
            path,
            bytes,
            source: None,
        }
    }

    /// Names the source explicitly.
    pub fn with_source(mut self, source: Option<&'a str>) -> Input<'a> {
        self.source = source;
        self
    }

    /// The content as UTF-8 text without a byte-order mark; an error naming
    /// the byte offset when it is not UTF-8.
    pub fn text(&self) -> Result<&'a str, Error> {
        let bytes = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(self.bytes);
        std::str::from_utf8(bytes).map_err(|e| {
            Error::malformed(
                self.path,
                format!(
                    "the file is not valid UTF-8 (first bad byte at offset {})",
                    e.valid_up_to()
                ),
            )
        })
    }

    /// The file name without folders, lower case: used to tell OFAC's SDN
    /// files from its consolidated (non-SDN) files, which share formats.
    pub fn file_name(&self) -> String {
        let name = self
            .path
            .rsplit(['/', '\\', '!'])
            .next()
            .unwrap_or(self.path);
        name.to_ascii_lowercase()
    }
}

/// The list formats vigil reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Format {
    /// OFAC's classic CSV family (`sdn.csv` and companions, `cons_*.csv`).
    OfacCsv,
    /// OFAC's classic XML (`SDN.XML`, `consolidated.xml`, root `sdnList`).
    OfacXml,
    /// OFAC's Advanced XML (`sdn_advanced.xml`, root `Sanctions`).
    OfacAdvancedXml,
    /// OFAC's Enhanced XML (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`, root `sanctionsData`).
    OfacEnhancedXml,
    /// The UN Security Council Consolidated List XML (root `CONSOLIDATED_LIST`).
    UnXml,
    /// The EU Financial Sanctions Files XML (root `export`).
    EuFsfXml,
    /// OFSI's Consolidated List CSV (`ConList.csv`).
    UkConListCsv,
    /// The FCDO UK Sanctions List XML (root `Designations`).
    UkSanctionsListXml,
    /// FollowTheMoney entities, one JSON object per line.
    FtmJson,
    /// A FollowTheMoney delta: ADD / MOD / DEL operations, one per line.
    FtmDelta,
    /// vigil's documented CSV for an organisation's own watchlist.
    InternalCsv,
}

impl Format {
    /// The format's name in output (`ofac-csv`, `un-xml`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::OfacCsv => "ofac-csv",
            Format::OfacXml => "ofac-xml",
            Format::OfacAdvancedXml => "ofac-advanced-xml",
            Format::OfacEnhancedXml => "ofac-enhanced-xml",
            Format::UnXml => "un-xml",
            Format::EuFsfXml => "eu-fsf-xml",
            Format::UkConListCsv => "uk-conlist-csv",
            Format::UkSanctionsListXml => "uk-sanctions-list-xml",
            Format::FtmJson => "ftm-json",
            Format::FtmDelta => "ftm-delta",
            Format::InternalCsv => "internal-csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One list as read from its file(s): the entities, and what was wrong.
#[derive(Debug, Clone, Serialize)]
pub struct List {
    /// The source name used in entity ids (`ofac-sdn`, `un`, `eu`...).
    pub source: String,
    /// The format it was read from.
    pub format: Format,
    /// The file or files read (several for the OFAC CSV family).
    pub files: Vec<String>,
    /// The publication date the file states, when it states one.
    pub published: Option<PartialDate>,
    /// The entities, in file order.
    pub entities: Vec<Entity>,
    /// Problems with single records or values; the rest loaded.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of entities a delta file deletes (FollowTheMoney `DEL` operations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<String>,
}

impl List {
    pub(crate) fn new(source: &str, format: Format, file: &str) -> List {
        List {
            source: source.to_string(),
            format,
            files: vec![file.to_string()],
            published: None,
            entities: Vec::new(),
            diagnostics: Vec::new(),
            deleted: Vec::new(),
        }
    }

    /// Counts by schema, name kind and script, for `vigil lists show`.
    pub fn summary(&self) -> ListSummary {
        ListSummary::of(self)
    }
}

/// Parses one file in memory, detecting its format from the content.
///
/// An OFAC `sdn.csv` given alone loads without its companion files, with a
/// warning; use [`load_path`] on its folder to join them.
pub fn parse(input: &Input<'_>) -> Result<List, Error> {
    match detect(input)? {
        Detected::List(format) => formats::parse(format, input),
        Detected::OfacCsvPart(part) => Err(Error::new(
            ErrorKind::Unrecognized,
            input.path,
            format!(
                "this is OFAC's {} file, which only completes a primary file; \
                 load the folder holding sdn.csv (or cons_prim.csv) instead",
                part.as_str()
            ),
        )),
    }
}

/// Parses an OFAC CSV family: the primary file (`sdn.csv` or `cons_prim.csv`)
/// and whichever companions exist. A missing companion is a warning.
pub fn parse_ofac_csv_family(
    primary: &Input<'_>,
    alt: Option<&Input<'_>>,
    add: Option<&Input<'_>>,
    comments: Option<&Input<'_>>,
) -> Result<List, Error> {
    formats::ofac_csv::parse_family(primary, alt, add, comments)
}

/// Fails with [`ErrorKind::NoEntities`] when a parsed list holds no entity:
/// an empty list is never taken as valid.
pub(crate) fn require_entities(list: List) -> Result<List, Error> {
    if list.entities.is_empty() {
        let why = list
            .diagnostics
            .first()
            .map(|d| format!("; first problem: {d}"))
            .unwrap_or_default();
        return Err(Error::new(
            ErrorKind::NoEntities,
            &list.files.join(", "),
            format!(
                "no entity could be read from this {} file{why}",
                list.format
            ),
        ));
    }
    Ok(list)
}
