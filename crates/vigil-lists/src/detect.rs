//! Format detection from the content: the root element of XML files, the
//! keys of the first JSON line, the header or shape of CSV files.
//!
//! File names are never used to pick a format, so a renamed or downloaded
//! file (`download.xml?id=3`) still reads; they only tell OFAC's SDN files
//! from its consolidated files, which share every format.

use crate::error::{Error, ErrorKind};
use crate::{Format, Input};

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// A list file of this format.
    List(Format),
    /// A companion file of OFAC's CSV family, which only completes a primary
    /// file.
    OfacCsvPart(OfacCsvPart),
}

/// The companion files of OFAC's CSV family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfacCsvPart {
    /// `alt.csv`: aliases.
    Alt,
    /// `add.csv`: addresses.
    Add,
    /// `sdn_comments.csv`: the overflow of long remarks.
    Comments,
}

impl OfacCsvPart {
    /// The usual file name of this part in the SDN family.
    pub fn as_str(self) -> &'static str {
        match self {
            OfacCsvPart::Alt => "alt.csv (aliases)",
            OfacCsvPart::Add => "add.csv (addresses)",
            OfacCsvPart::Comments => "sdn_comments.csv (remarks)",
        }
    }
}

/// Tells the format of a file from its content.
pub fn detect(input: &Input<'_>) -> Result<Detected, Error> {
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(input.bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(Error::new(
            ErrorKind::Empty,
            input.path,
            "the file is empty; a list download may have failed",
        ));
    };
    let head = &bytes[start..bytes.len().min(start + 64 * 1024)];
    let unrecognized = |what: &str| {
        Err(Error::new(
            ErrorKind::Unrecognized,
            input.path,
            format!("not a list format vigil knows: {what}"),
        ))
    };
    if head.starts_with(b"\x1F\x8B") || head.starts_with(b"PK\x03\x04") {
        // The loader opens containers before detection; a container here
        // was nested or handed over raw.
        return unrecognized("a compressed archive inside another (open it first)");
    }
    match head[0] {
        b'<' => detect_xml(input, head),
        b'{' => detect_json(input),
        b'[' => unrecognized("a JSON array (FollowTheMoney files have one JSON object per line)"),
        _ => detect_csv(input, head),
    }
}

fn detect_xml(input: &Input<'_>, head: &[u8]) -> Result<Detected, Error> {
    let text = String::from_utf8_lossy(head);
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<html")
    {
        return Err(Error::new(
            ErrorKind::Html,
            input.path,
            "this is an HTML page, not a list (often a publisher's error or login page)",
        ));
    }
    let Some(root) = root_element(&text) else {
        return Err(Error::truncated(
            input.path,
            "the file starts like XML but has no root element; it is truncated or not a list",
        ));
    };
    let format = match root.as_str() {
        "sdnList" => Format::OfacXml,
        "Sanctions" => Format::OfacAdvancedXml,
        "sanctionsData" => Format::OfacEnhancedXml,
        "CONSOLIDATED_LIST" => Format::UnXml,
        "export" if text.contains("fsd/export") || text.contains("sanctionEntity") => {
            Format::EuFsfXml
        }
        "Designations" => Format::UkSanctionsListXml,
        other => {
            return Err(Error::new(
                ErrorKind::Unrecognized,
                input.path,
                format!(
                    "not a list format vigil knows: an XML document with root element <{other}>"
                ),
            ));
        }
    };
    Ok(Detected::List(format))
}

/// The local name of the first element, skipping the declaration, comments,
/// processing instructions and a DOCTYPE.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = &r[r.find('>')? + 1..];
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            let qname = &r[..end];
            let local = qname.rsplit(':').next().unwrap_or(qname);
            return (!local.is_empty()).then(|| local.to_string());
        } else {
            return None;
        }
    }
}

fn detect_json(input: &Input<'_>) -> Result<Detected, Error> {
    // The first line of a FollowTheMoney file can be long (hundreds of
    // aliases); read it whole from the full content, not the head.
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(input.bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let line_end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| start + p);
    let first = &bytes[start..line_end];
    let value: serde_json::Value = match serde_json::from_slice(first) {
        Ok(v) => v,
        Err(e) if e.is_eof() && line_end == bytes.len() => {
            return Err(Error::truncated(
                input.path,
                format!("the first JSON line ends early ({e}); the file is truncated"),
            ));
        }
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Unrecognized,
                input.path,
                format!("not a list format vigil knows: the first line is not a JSON object ({e})"),
            ));
        }
    };
    let obj = value.as_object();
    let has = |k: &str| obj.is_some_and(|o| o.contains_key(k));
    if has("op") && (has("entity") || obj.and_then(|o| o.get("op")).is_some_and(|v| v == "DEL")) {
        Ok(Detected::List(Format::FtmDelta))
    } else if has("schema") && has("id") {
        Ok(Detected::List(Format::FtmJson))
    } else {
        Err(Error::new(
            ErrorKind::Unrecognized,
            input.path,
            "not a list format vigil knows: JSON lines without FollowTheMoney `id` and `schema` keys",
        ))
    }
}

fn detect_csv(input: &Input<'_>, head: &[u8]) -> Result<Detected, Error> {
    let text = String::from_utf8_lossy(head);
    let first_line = text.lines().next().unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first_line.as_bytes());
    let fields: Vec<String> = reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|f| f.trim().to_string()).collect())
        .unwrap_or_default();
    let lower: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
    let has = |name: &str| lower.iter().any(|f| f == name);

    // OFSI ConList: "Last Updated,dd/mm/yyyy" then the header, or the header first.
    if lower.first().is_some_and(|f| f == "last updated") || (has("group id") && has("name 6")) {
        return Ok(Detected::List(Format::UkConListCsv));
    }
    if has("id") && has("name") {
        return Ok(Detected::List(Format::InternalCsv));
    }
    // OFAC's CSVs have no header: the first field is the entity number.
    let numeric = |i: usize| {
        fields
            .get(i)
            .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    };
    if numeric(0) {
        let detected = match fields.len() {
            12 => Some(Detected::List(Format::OfacCsv)),
            5 if numeric(1) => Some(Detected::OfacCsvPart(OfacCsvPart::Alt)),
            6 if numeric(1) => Some(Detected::OfacCsvPart(OfacCsvPart::Add)),
            2 => Some(Detected::OfacCsvPart(OfacCsvPart::Comments)),
            _ => None,
        };
        if let Some(d) = detected {
            return Ok(d);
        }
    }
    let what = if text.contains('\u{FFFD}') || head.contains(&0) {
        "binary content".to_string()
    } else if fields.len() > 1 {
        format!(
            "a CSV file whose header is {:?}",
            fields.iter().take(8).collect::<Vec<_>>()
        )
    } else {
        "plain text".to_string()
    };
    Err(Error::new(
        ErrorKind::Unrecognized,
        input.path,
        format!("not a list format vigil knows: {what}"),
    ))
}

#[cfg(test)]
mod tests {
    //! Properties checked:
    //! 1. each format is told from a minimal sample of its real content;
    //! 2. empty files, HTML pages and unknown content are errors saying so.
    use super::*;

    #[track_caller]
    fn check(content: &str, expect: Result<Detected, ErrorKind>) {
        let got = detect(&Input::new("test", content.as_bytes())).map_err(|e| e.kind());
        assert_eq!(got, expect, "{content}");
    }

    #[test]
    fn formats_from_content() {
        use Detected::List;
        check(
            "<?xml version=\"1.0\"?>\n<sdnList xmlns=\"http://tempuri.org/sdnList.xsd\">",
            Ok(List(Format::OfacXml)),
        );
        check(
            "\u{FEFF}<Sanctions xmlns=\"x\">",
            Ok(List(Format::OfacAdvancedXml)),
        );
        check("<sanctionsData>", Ok(List(Format::OfacEnhancedXml)));
        check(
            "<?xml version=\"1.0\"?><!-- c --><CONSOLIDATED_LIST dateGenerated=\"x\">",
            Ok(List(Format::UnXml)),
        );
        check(
            "<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">",
            Ok(List(Format::EuFsfXml)),
        );
        check("<Designations>", Ok(List(Format::UkSanctionsListXml)));
        check(
            "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{}}\n",
            Ok(List(Format::FtmJson)),
        );
        check(
            "{\"op\":\"DEL\",\"entity\":{\"id\":\"x\"}}\n",
            Ok(List(Format::FtmDelta)),
        );
        check(
            "Last Updated,14/04/2025\nName 6,Name 1\n",
            Ok(List(Format::UkConListCsv)),
        );
        check("id,name,aliases\n1,A,B\n", Ok(List(Format::InternalCsv)));
        check(
            "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
            Ok(List(Format::OfacCsv)),
        );
        check(
            "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n",
            Ok(Detected::OfacCsvPart(OfacCsvPart::Alt)),
        );
    }

    #[test]
    fn not_lists() {
        check("", Err(ErrorKind::Empty));
        check("  \n\t", Err(ErrorKind::Empty));
        check(
            "<!DOCTYPE html><html><body>503</body></html>",
            Err(ErrorKind::Html),
        );
        check(
            "<?xml version=\"1.0\"?>\n<html><body>",
            Err(ErrorKind::Html),
        );
        check("<?xml version=\"1.0\"?><rss>", Err(ErrorKind::Unrecognized));
        check("<?xml version=\"1.0\"?>", Err(ErrorKind::Truncated));
        check("{\"id\":\"x\",\"sch", Err(ErrorKind::Truncated));
        check("# Provenance\nSome text", Err(ErrorKind::Unrecognized));
        check("[1,2]", Err(ErrorKind::Unrecognized));
    }
}
