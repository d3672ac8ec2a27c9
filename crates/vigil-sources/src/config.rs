//! Which lists to fetch and from where: the official publishers built in,
//! overridable (mirrors, tests, an organisation's own list) by a TOML file
//! and by `--url NAME=URL`.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// A list a data directory keeps versions of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// The source name, also the prefix of entity ids (`un`, `ofac-sdn`).
    pub name: String,
    /// What it is, for people.
    pub title: String,
    /// The files one version is made of (one for every official source).
    pub files: Vec<RemoteFile>,
    /// The largest fall in entity count, as a fraction of the current
    /// version's, that a new version may show without `--force`.
    pub max_drop: f64,
}

/// One file of a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemoteFile {
    /// Where it is published: `https://`, `http://` or `file://`.
    pub url: String,
    /// The file name it is stored under. The list parsers tell some
    /// formats apart by name (OFAC's SDN and consolidated files share
    /// formats), so it keeps the publisher's name.
    pub name: String,
}

/// The default largest unexplained fall in entity count (20%): delistings
/// come a few at a time, a list that loses a fifth of its entities in one
/// publication is far more likely broken than reformed.
pub const DEFAULT_MAX_DROP: f64 = 0.2;

/// The official publishers' URLs and file names.
///
/// OFAC publishes the SDN and the consolidated (non-SDN) lists in several
/// formats; the Enhanced XML carries every field the others do (identifiers,
/// dates, original-script names) in one file, and is what the Sanctions List
/// Service offers as the successor of the legacy CSV family.
const OFFICIAL: &[(&str, &str, &str, &str)] = &[
    (
        "ofac-sdn",
        "OFAC Specially Designated Nationals (SDN) list, Enhanced XML",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ENHANCED.XML",
        "SDN_ENHANCED.XML",
    ),
    (
        "ofac-cons",
        "OFAC Consolidated (non-SDN) sanctions list, Enhanced XML",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ENHANCED.XML",
        "CONS_ENHANCED.XML",
    ),
    (
        "un",
        "UN Security Council Consolidated List",
        "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "consolidated.xml",
    ),
    (
        "eu",
        "EU Financial Sanctions Files (FSF), XML 1.1",
        // The token is the public one the Commission's FSF page gives to all.
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
        "eu_fsf.xml",
    ),
    (
        "uk",
        "UK Sanctions List (FCDO), XML",
        "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        "UK-Sanctions-List.xml",
    ),
];

/// The sources vigil fetches when nothing else is configured.
pub fn official_sources() -> Vec<Source> {
    OFFICIAL
        .iter()
        .map(|(name, title, url, file)| Source {
            name: name.to_string(),
            title: title.to_string(),
            files: vec![RemoteFile {
                url: url.to_string(),
                name: file.to_string(),
            }],
            max_drop: DEFAULT_MAX_DROP,
        })
        .collect()
}

/// Whether a source name is usable: lower-case letters, digits, `-`, `_`
/// (it names a folder and prefixes entity ids).
pub fn valid_source_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The sources file (`sources.toml`): each table overrides a built-in
/// source or adds one.
///
/// ```toml
/// [sources.un]                  # a mirror of the UN list
/// url = "https://mirror.example.org/un/consolidated.xml"
///
/// [sources.eu]
/// enabled = false               # not fetched
///
/// [sources.internal]            # an organisation's own list
/// title = "Internal watchlist"
/// url = "https://intranet.example.org/watchlist.csv"
/// file = "watchlist.csv"
///
/// [sources.ofac-sdn]            # the legacy CSV family instead
/// files = [
///   { url = "https://.../SDN.CSV", file = "sdn.csv" },
///   { url = "https://.../ALT.CSV", file = "alt.csv" },
/// ]
/// max_drop = 0.1
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    #[serde(default)]
    sources: BTreeMap<String, SourceEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceEntry {
    title: Option<String>,
    url: Option<String>,
    file: Option<String>,
    files: Option<Vec<FileEntry>>,
    max_drop: Option<f64>,
    enabled: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileEntry {
    url: String,
    file: Option<String>,
}

/// The configured sources: the official ones, changed by a sources file and
/// by URL overrides, in a stable order (official first, then added ones by
/// name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sources {
    sources: Vec<Source>,
}

impl Sources {
    /// The official sources only.
    pub fn official() -> Sources {
        Sources {
            sources: official_sources(),
        }
    }

    /// The official sources changed by the TOML file at `path`.
    pub fn from_file(path: &Path) -> Result<Sources, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Sources::from_toml(&text, &path.display().to_string())
    }

    /// The official sources changed by TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Sources, Error> {
        let file: SourcesFile = toml::from_str(text)
            .map_err(|e| Error::Config(format!("{origin}: {}", e.to_string().trim_end())))?;
        let mut sources = Sources::official();
        for (name, entry) in file.sources {
            sources.apply(&name, entry, origin)?;
        }
        Ok(sources)
    }

    fn apply(&mut self, name: &str, entry: SourceEntry, origin: &str) -> Result<(), Error> {
        let field = |f: &str| format!("{origin}: sources.{name}.{f}");
        if !valid_source_name(name) {
            return Err(Error::Config(format!(
                "{origin}: sources.{name}: a source name is lower-case letters, digits, '-' and '_'"
            )));
        }
        if entry.enabled == Some(false) {
            self.sources.retain(|s| s.name != name);
            return Ok(());
        }
        let files = match (entry.url, entry.files) {
            (Some(_), Some(_)) => {
                return Err(Error::Config(format!(
                    "{origin}: sources.{name}: give either url (and file) or files, not both"
                )));
            }
            (Some(url), None) => {
                let name_of = match entry.file {
                    Some(f) => f,
                    None => self
                        .get(name)
                        .filter(|s| s.files.len() == 1)
                        .map(|s| s.files[0].name.clone())
                        .unwrap_or_else(|| file_name_of_url(&url)),
                };
                Some(vec![remote_file(url, name_of, &field("url"))?])
            }
            (None, Some(list)) => {
                if entry.file.is_some() {
                    return Err(Error::Config(format!(
                        "{}: goes with url; each entry of files has its own file",
                        field("file")
                    )));
                }
                if list.is_empty() {
                    return Err(Error::Config(format!("{}: is empty", field("files"))));
                }
                let mut files = Vec::new();
                for (i, f) in list.into_iter().enumerate() {
                    let n = f.file.unwrap_or_else(|| file_name_of_url(&f.url));
                    files.push(remote_file(f.url, n, &field(&format!("files[{i}]")))?);
                }
                Some(files)
            }
            (None, None) => None,
        };
        if let Some(d) = entry.max_drop
            && !(0.0..=1.0).contains(&d)
        {
            return Err(Error::Config(format!(
                "{}: must be between 0 and 1 (a fraction of the entity count)",
                field("max_drop")
            )));
        }
        match self.sources.iter_mut().find(|s| s.name == name) {
            Some(s) => {
                if let Some(files) = files {
                    s.files = files;
                }
                if let Some(t) = entry.title {
                    s.title = t;
                }
                if let Some(d) = entry.max_drop {
                    s.max_drop = d;
                }
            }
            None => {
                let Some(files) = files else {
                    return Err(Error::Config(format!(
                        "{origin}: sources.{name}: a new source needs url or files"
                    )));
                };
                self.sources.push(Source {
                    name: name.to_string(),
                    title: entry.title.unwrap_or_else(|| name.to_string()),
                    files,
                    max_drop: entry.max_drop.unwrap_or(DEFAULT_MAX_DROP),
                });
            }
        }
        Ok(())
    }

    /// Points a source at another URL (`--url NAME=URL`); a source that is
    /// not configured yet is added with the URL's file name.
    pub fn set_url(&mut self, name: &str, url: &str) -> Result<(), Error> {
        let entry = SourceEntry {
            url: Some(url.to_string()),
            ..SourceEntry::default()
        };
        self.apply(name, entry, "--url")
    }

    /// The source named `name`.
    pub fn get(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }

    /// Every configured source.
    pub fn all(&self) -> &[Source] {
        &self.sources
    }

    /// The sources named, in the order given; an unknown name is an error
    /// that lists the known ones. No names means all.
    pub fn select(&self, names: &[String]) -> Result<Vec<&Source>, Error> {
        if names.is_empty() {
            return Ok(self.sources.iter().collect());
        }
        names
            .iter()
            .map(|n| {
                self.get(n).ok_or_else(|| {
                    Error::Config(format!(
                        "--source {n}: no such source; configured: {}",
                        self.sources
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })
            })
            .collect()
    }
}

fn remote_file(url: String, name: String, field: &str) -> Result<RemoteFile, Error> {
    let scheme_ok = ["https://", "http://", "file://"]
        .iter()
        .any(|p| url.len() > p.len() && url[..p.len()].eq_ignore_ascii_case(p));
    if !scheme_ok {
        return Err(Error::Config(format!(
            "{field}: {url:?} is not an https://, http:// or file:// URL"
        )));
    }
    let bad_name = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', '\0'])
        || name.starts_with('.');
    if bad_name {
        return Err(Error::Config(format!(
            "{field}: {name:?} is not a usable file name (no folders, not hidden)"
        )));
    }
    Ok(RemoteFile { url, name })
}

/// The last path segment of a URL, without its query: the file name a
/// download is stored under when none is configured.
pub fn file_name_of_url(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if last.is_empty() || last.contains(':') {
        "list".to_string()
    } else {
        last.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_sources_are_the_five_publishers() {
        let s = Sources::official();
        let names: Vec<&str> = s.all().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["ofac-sdn", "ofac-cons", "un", "eu", "uk"]);
        assert!(
            s.all()
                .iter()
                .all(|s| s.files[0].url.starts_with("https://"))
        );
    }

    #[test]
    fn a_sources_file_overrides_adds_and_disables() {
        let s = Sources::from_toml(
            r#"
            [sources.un]
            url = "http://127.0.0.1:9/un.xml"
            [sources.eu]
            enabled = false
            [sources.internal]
            url = "file:///srv/lists/watchlist.csv"
            max_drop = 0.5
            [sources.ofac-sdn]
            files = [ { url = "http://x/SDN.CSV", file = "sdn.csv" }, { url = "http://x/ALT.CSV", file = "alt.csv" } ]
            "#,
            "sources.toml",
        )
        .unwrap();
        let un = s.get("un").unwrap();
        assert_eq!(un.files[0].url, "http://127.0.0.1:9/un.xml");
        assert_eq!(
            un.files[0].name, "consolidated.xml",
            "keeps the official name"
        );
        assert!(s.get("eu").is_none());
        let internal = s.get("internal").unwrap();
        assert_eq!(internal.files[0].name, "watchlist.csv");
        assert_eq!(internal.max_drop, 0.5);
        assert_eq!(s.get("ofac-sdn").unwrap().files.len(), 2);
    }

    #[test]
    fn config_errors_name_the_field() {
        let e = |t: &str| {
            Sources::from_toml(t, "sources.toml")
                .unwrap_err()
                .to_string()
        };
        assert!(e("[sources.un]\nurl = \"ftp://x/y\"").contains("sources.un.url"));
        assert!(e("[sources.un]\nmax_drop = 2.0").contains("sources.un.max_drop"));
        assert!(e("[sources.new]\ntitle = \"x\"").contains("needs url or files"));
        assert!(e("[sources.un]\nurl = \"http://x/a\"\nfile = \"../a\"").contains("file name"));
        assert!(e("[sources.UN]\nurl = \"http://x/a\"").contains("lower-case"));
        assert!(e("[sources.un]\nurll = \"http://x/a\"").contains("urll"));
        let mut s = Sources::official();
        assert!(
            s.select(&["nope".into()])
                .unwrap_err()
                .to_string()
                .contains("ofac-sdn")
        );
        s.set_url("mine", "http://h/x/list.xml?token=1").unwrap();
        assert_eq!(s.get("mine").unwrap().files[0].name, "list.xml");
    }

    #[test]
    fn file_names_come_from_the_url_path() {
        assert_eq!(file_name_of_url("https://a/b/SDN.XML"), "SDN.XML");
        assert_eq!(file_name_of_url("https://a/b/content?token=x"), "content");
        assert_eq!(file_name_of_url("https://a/"), "a");
        assert_eq!(file_name_of_url("https://"), "list");
    }
}
