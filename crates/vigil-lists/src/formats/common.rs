//! Helpers shared by several parsers.

use crate::Input;

/// The source name of an OFAC file: the caller's explicit name, else
/// `ofac-cons` for the consolidated (non-SDN) files (`cons_*.csv`,
/// `consolidated.xml`, `CONS_ENHANCED`), else `ofac-sdn`. OFAC publishes both
/// lists in the same formats, so only the file name tells them apart.
pub(crate) fn ofac_source(input: &Input<'_>) -> String {
    if let Some(s) = input.source {
        return s.to_string();
    }
    let name = input.file_name();
    if name.starts_with("cons")
        || name.contains("consolidated")
        || name.contains("non_sdn")
        || name.contains("non-sdn")
    {
        "ofac-cons".to_string()
    } else {
        "ofac-sdn".to_string()
    }
}

/// The source name for a format with a fixed publisher (`un`, `eu`, `uk`,
/// `ftm`), unless the caller named it.
pub(crate) fn fixed_source(input: &Input<'_>, default: &str) -> String {
    input.source.unwrap_or(default).to_string()
}

/// The source name of an internal list: the caller's name, else the file
/// name without extensions, lower case, reduced to `[a-z0-9_-]`.
pub(crate) fn internal_source(input: &Input<'_>) -> String {
    if let Some(s) = input.source {
        return s.to_string();
    }
    let name = input.file_name();
    let stem = name.split('.').next().unwrap_or("");
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.is_empty() {
        "internal".to_string()
    } else {
        cleaned
    }
}
