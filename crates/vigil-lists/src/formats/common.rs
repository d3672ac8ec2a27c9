//! What every parser shares: how a list's source is named, ISO timestamps,
//! and the kind a name takes from its script.

use crate::error::Diagnostics;
use crate::{Format, Input};
use vigil_core::{Address, Entity, IdKind, Identifier, Name, NameKind, PartialDate, Script};

/// The source name used in entity ids: the caller's name (`--list
/// NAME=PATH`) when given, else the publisher's (`un`, `eu`, `uk`, `ftm`).
///
/// OFAC publishes its SDN and consolidated (non-SDN) lists in the same
/// formats, so only the file name tells them apart: `ofac-cons` for
/// `cons_*.csv`, `consolidated.xml` and `CONS_ENHANCED`, else `ofac-sdn`.
/// An internal list is named after its file, without extensions, lower
/// case, reduced to `[a-z0-9_-]` (`internal` when nothing is left).
pub(crate) fn source(input: &Input<'_>, format: Format) -> String {
    if let Some(s) = input.source {
        return s.to_string();
    }
    let fixed = match format {
        Format::OfacCsv | Format::OfacXml | Format::OfacAdvancedXml | Format::OfacEnhancedXml => {
            return ofac_source(&input.file_name());
        }
        Format::InternalCsv => return internal_source(&input.file_name()),
        Format::UnXml => "un",
        Format::EuFsfXml => "eu",
        Format::UkConListCsv | Format::UkSanctionsListXml => "uk",
        Format::FtmJson | Format::FtmDelta => "ftm",
    };
    fixed.to_string()
}

fn ofac_source(file_name: &str) -> String {
    let consolidated = file_name.starts_with("cons")
        || file_name.contains("consolidated")
        || file_name.contains("non_sdn")
        || file_name.contains("non-sdn");
    if consolidated {
        "ofac-cons"
    } else {
        "ofac-sdn"
    }
    .to_string()
}

fn internal_source(file_name: &str) -> String {
    let stem = file_name.split('.').next().unwrap_or("");
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
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() {
        "internal".to_string()
    } else {
        cleaned.to_string()
    }
}

/// The date of a `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss...` timestamp
/// (`2026-02-27T00:00:09.554Z`).
pub(crate) fn iso_date_prefix(text: &str) -> Option<PartialDate> {
    PartialDate::parse_iso(text.trim().get(..10)?)
}

/// The publication date a list states in `record` / `field`, read with
/// `parse` (which expects `form`); a warning when it is absent or cannot
/// be read, since every format that has the field fills it.
pub(crate) fn publication_date(
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<PartialDate>,
    form: &str,
    diags: &mut Diagnostics,
    record: &str,
    field: &str,
) -> Option<PartialDate> {
    let Some(value) = value else {
        diags.warn(record, Some(field), "no publication date");
        return None;
    };
    let date = parse(value);
    if date.is_none() {
        diags.warn(
            record,
            Some(field),
            format!("invalid date {value:?} (expected {form}), left out"),
        );
    }
    date
}

/// Adds an identifier unless the entity has one of the same kind and
/// number (compared on letters and digits) or it has no number at all. An
/// IMO number loses the "IMO" prefix OFAC and the FCDO write before it, so
/// that it compares equal to the bare numbers other lists give.
pub(crate) fn push_identifier(entity: &mut Entity, mut id: Identifier) {
    if id.kind == IdKind::Imo {
        let v = id.value.as_str();
        let bare = v
            .get(..3)
            .filter(|p| p.eq_ignore_ascii_case("imo"))
            .map_or(v, |_| v[3..].trim_start_matches([' ', ':', '-']));
        if bare.len() != v.len() {
            id.value = bare.to_string();
        }
    }
    if id.normalized_chars().next().is_none() {
        return;
    }
    if !entity
        .identifiers
        .iter()
        .any(|i| i.kind == id.kind && i.normalized_chars().eq(id.normalized_chars()))
    {
        entity.identifiers.push(id);
    }
}

/// Adds an address unless it is empty or the entity has it.
pub(crate) fn push_address(entity: &mut Entity, address: Address) {
    if !address.is_empty() && !entity.addresses.contains(&address) {
        entity.addresses.push(address);
    }
}

/// The kind of a name given its script: a strong alias in a non-Latin
/// script is the name in its original script; a primary, weak or former
/// name keeps its kind, since its weakness matters more to screening than
/// its script (which the name records anyway).
pub(crate) fn kind_for_script(kind: NameKind, script: Script) -> NameKind {
    if kind == NameKind::Alias && !script.is_latin() && script != Script::None {
        NameKind::OriginalScript
    } else {
        kind
    }
}

/// The name with its kind adjusted by [`kind_for_script`].
pub(crate) fn with_script_kind(mut name: Name) -> Name {
    name.kind = kind_for_script(name.kind, name.script);
    name
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. sources: the caller's name wins, OFAC's consolidated files are
    //!    told from the file name, internal lists are named after the file;
    //! 2. only strong aliases become original-script names.
    use super::*;

    #[test]
    fn sources() {
        let s = |path: &str, format| source(&Input::new(path, b""), format);
        assert_eq!(s("SDN.XML", Format::OfacXml), "ofac-sdn");
        assert_eq!(
            s(
                "dir/CONS_ENHANCED.ZIP!CONS_ENHANCED.XML",
                Format::OfacEnhancedXml
            ),
            "ofac-cons"
        );
        assert_eq!(s("cons_prim.csv", Format::OfacCsv), "ofac-cons");
        assert_eq!(s("consolidated.xml", Format::UnXml), "un");
        assert_eq!(
            s("x/My Watchlist.2024.csv", Format::InternalCsv),
            "my-watchlist"
        );
        assert_eq!(s(".csv", Format::InternalCsv), "internal");
        let named = Input::new("sdn.xml", b"").with_source(Some("mine"));
        assert_eq!(source(&named, Format::OfacXml), "mine");
    }

    #[test]
    fn script_kinds() {
        let k = |kind, text| with_script_kind(Name::new(text, kind).unwrap()).kind;
        assert_eq!(k(NameKind::Alias, "محمد"), NameKind::OriginalScript);
        assert_eq!(k(NameKind::WeakAlias, "محمد"), NameKind::WeakAlias);
        assert_eq!(k(NameKind::Former, "Мухаммад"), NameKind::Former);
        assert_eq!(k(NameKind::Primary, "محمد"), NameKind::Primary);
        assert_eq!(k(NameKind::Alias, "Muhammad"), NameKind::Alias);
    }
}
