//! The data directory: every version of every list, content-addressed, and
//! which one is current.
//!
//! ```text
//! <data dir>/lists/
//!   .lock                        held by the one update running
//!   tmp/                         downloads in progress (cleared by the next update)
//!   <source>/
//!     current                    the current version's id (replaced by rename)
//!     history.jsonl              every check, update, rejection and failure
//!     versions/<id>/version.json what the version is (source, URLs, time, counts)
//!     versions/<id>/files/...    the files as published
//!     rejected/<time>-<id>/      downloads refused, kept for inspection
//! ```
//!
//! A version's id is the SHA-256 of its file (of its files' names and
//! hashes when a source has several), so the same content is one version
//! however often it is downloaded. A version folder is written aside and
//! renamed into `versions/` complete, and `current` is replaced by a rename
//! only after that: a crash at any point leaves either the old current or
//! the new one, never a half.

use crate::error::{Error, IoContext};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use vigil_core::PartialDate;

/// What one version is. Written as `version.json` beside its files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The source.
    pub source: String,
    /// The content id (SHA-256, hex).
    pub id: String,
    /// The list format read from it.
    pub format: String,
    /// The files, as downloaded.
    pub files: Vec<FileRecord>,
    /// When it was downloaded (UTC, RFC 3339).
    pub downloaded_at: String,
    /// The publication date the list states, if it states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    /// Entities read from it.
    pub entities: usize,
    /// Entities by schema.
    #[serde(default)]
    pub entities_by_schema: BTreeMap<String, usize>,
    /// Names read from it.
    #[serde(default)]
    pub names: usize,
    /// Problems with single records or values (the rest loaded).
    #[serde(default)]
    pub diagnostics: usize,
    /// The vigil version that stored it.
    pub vigil_version: String,
}

/// One file of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Its name in `files/`.
    pub name: String,
    /// Where it was downloaded from.
    pub url: String,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// The server's `ETag`, sent back on the next check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The server's `Last-Modified`, sent back on the next check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Manifest {
    /// The first 12 hex digits of the id: what people read and type.
    pub fn short_id(&self) -> &str {
        short(&self.id)
    }
}

/// The first 12 characters of an id.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// A stored version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// What it is.
    #[serde(flatten)]
    pub manifest: Manifest,
    /// Whether it is the source's current version.
    pub current: bool,
    /// The folder holding its files (`versions/<id>/files`): what the list
    /// loaders read.
    pub files_dir: PathBuf,
}

/// One line of a source's `history.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// `updated`, `unchanged`, `rejected` or `failed`.
    pub event: String,
    /// The version concerned (the new current for `updated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The version current before, for `updated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Why, for `rejected` and `failed`; how, for `unchanged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A data directory's list store.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Held while an update runs; dropping it (or the process dying) lets the
/// next one in.
#[derive(Debug)]
pub struct UpdateLock {
    _file: File,
}

impl Store {
    /// The store under `data_dir` (its `lists/` folder). Nothing is created
    /// until something is written.
    pub fn new(data_dir: &Path) -> Store {
        Store {
            root: data_dir.join("lists"),
        }
    }

    /// The default data directory: `$XDG_DATA_HOME/vigil` or
    /// `~/.local/share/vigil` on Linux, the platform's equivalent elsewhere.
    pub fn default_data_dir() -> Option<PathBuf> {
        dirs::data_dir().map(|d| d.join("vigil"))
    }

    /// The `lists/` folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn source_dir(&self, source: &str) -> PathBuf {
        self.root.join(source)
    }

    pub(crate) fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Takes the update lock, waiting for an update running in another
    /// process; `waiting` is called once if it has to wait.
    pub fn lock(&self, waiting: impl FnOnce()) -> Result<UpdateLock, Error> {
        fs::create_dir_all(&self.root).at(&self.root)?;
        let path = self.root.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .at(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock().at(&path)?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
        }
        Ok(UpdateLock { _file: file })
    }

    /// Removes what interrupted updates left in `tmp/`. Call with the lock.
    pub(crate) fn clear_tmp(&self, _lock: &UpdateLock) -> Result<(), Error> {
        let tmp = self.tmp_dir();
        if tmp.exists() {
            fs::remove_dir_all(&tmp).at(&tmp)?;
        }
        fs::create_dir_all(&tmp).at(&tmp)
    }

    /// The sources the store knows (a stored version, or at least one
    /// update attempt in their history), by name.
    pub fn sources(&self) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        let rd = match fs::read_dir(&self.root) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&self.root, e)),
        };
        for entry in rd {
            let entry = entry.at(&self.root)?;
            let name = entry.file_name().to_string_lossy().to_string();
            if crate::config::valid_source_name(&name)
                && name != "tmp"
                && (entry.path().join("versions").is_dir()
                    || entry.path().join("history.jsonl").is_file())
            {
                out.push(name);
            }
        }
        out.sort();
        Ok(out)
    }

    /// The id of a source's current version, if it has one.
    pub fn current_id(&self, source: &str) -> Result<Option<String>, Error> {
        let path = self.source_dir(source).join("current");
        match fs::read_to_string(&path) {
            Ok(s) => {
                let id = s.trim().to_string();
                if !is_hex_id(&id) {
                    return Err(Error::damaged(&path, "does not hold a version id"));
                }
                if !self.version_dir(source, &id).join("version.json").is_file() {
                    return Err(Error::damaged(
                        &path,
                        format!("names version {id}, which is not stored"),
                    ));
                }
                Ok(Some(id))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// A source's current version, if it has one.
    pub fn current(&self, source: &str) -> Result<Option<Version>, Error> {
        match self.current_id(source)? {
            Some(id) => self.version(source, &id, true).map(Some),
            None => Ok(None),
        }
    }

    fn version_dir(&self, source: &str, id: &str) -> PathBuf {
        self.source_dir(source).join("versions").join(id)
    }

    fn version(&self, source: &str, id: &str, current: bool) -> Result<Version, Error> {
        let dir = self.version_dir(source, id);
        let path = dir.join("version.json");
        let text = fs::read_to_string(&path).at(&path)?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| Error::damaged(&path, format!("not a version manifest: {e}")))?;
        Ok(Version {
            manifest,
            current,
            files_dir: dir.join("files"),
        })
    }

    /// Every stored version of a source, oldest download first.
    pub fn versions(&self, source: &str) -> Result<Vec<Version>, Error> {
        let dir = self.source_dir(source).join("versions");
        let current = self.current_id(source)?;
        let mut out = Vec::new();
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        for entry in rd {
            let entry = entry.at(&dir)?;
            let id = entry.file_name().to_string_lossy().to_string();
            if !is_hex_id(&id) {
                continue;
            }
            let is_current = current.as_deref() == Some(id.as_str());
            out.push(self.version(source, &id, is_current)?);
        }
        out.sort_by(|a, b| {
            a.manifest
                .downloaded_at
                .cmp(&b.manifest.downloaded_at)
                .then(a.manifest.id.cmp(&b.manifest.id))
        });
        Ok(out)
    }

    /// Finds a version by what a person types:
    /// - `SOURCE` or `SOURCE@current`: the source's current version;
    /// - `SOURCE@previous`: the version that was current before it;
    /// - `SOURCE@ID` or `ID`: the version whose id starts with `ID` (at
    ///   least 4 hex digits; unique across sources when no source is given).
    pub fn find(&self, spec: &str) -> Result<Version, Error> {
        let known = self.sources()?;
        let (source, rest) = match spec.split_once('@') {
            Some((s, r)) => (Some(s), Some(r)),
            None if known.iter().any(|s| s == spec) => (Some(spec), None),
            None => (None, Some(spec)),
        };
        if let Some(s) = source
            && !known.iter().any(|x| x == s)
        {
            return Err(Error::NoSuchVersion(format!(
                "{spec}: no version of source {s:?} is stored in {}",
                self.root.display()
            )));
        }
        match (source, rest) {
            (Some(s), None | Some("current")) => self.current(s)?.ok_or_else(|| {
                Error::NoSuchVersion(format!("{spec}: source {s} has no current version"))
            }),
            (Some(s), Some("previous")) => self.previous(s)?.ok_or_else(|| {
                Error::NoSuchVersion(format!(
                    "{spec}: source {s} has no version before its current one"
                ))
            }),
            (source, Some(prefix)) => {
                let prefix = prefix.to_ascii_lowercase();
                if prefix.len() < 4 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(Error::NoSuchVersion(format!(
                        "{spec}: a version is SOURCE, SOURCE@current, SOURCE@previous, \
                         SOURCE@ID or ID, where ID is at least 4 hex digits of a version id \
                         (see `vigil lists versions`)"
                    )));
                }
                let sources = match source {
                    Some(s) => vec![s.to_string()],
                    None => known,
                };
                let mut found = Vec::new();
                for s in &sources {
                    for v in self.versions(s)? {
                        if v.manifest.id.starts_with(&prefix) {
                            found.push(v);
                        }
                    }
                }
                match found.len() {
                    1 => Ok(found.pop().expect("one")),
                    0 => Err(Error::NoSuchVersion(format!(
                        "{spec}: no stored version id starts with {prefix}"
                    ))),
                    n => Err(Error::NoSuchVersion(format!(
                        "{spec}: {n} versions match ({}); give more digits or SOURCE@ID",
                        found
                            .iter()
                            .map(|v| format!("{}@{}", v.manifest.source, v.manifest.short_id()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))),
                }
            }
            (None, None) => unreachable!("a spec without '@' has a rest"),
        }
    }

    /// The version current before the current one, from the history (the
    /// `previous` of the last update).
    pub fn previous(&self, source: &str) -> Result<Option<Version>, Error> {
        let Some(current) = self.current_id(source)? else {
            return Ok(None);
        };
        let last = self
            .history(source)?
            .into_iter()
            .rev()
            .find(|e| e.event == "updated" && e.version.as_deref() == Some(current.as_str()));
        match last.and_then(|e| e.previous) {
            Some(id) if self.version_dir(source, &id).join("version.json").is_file() => {
                self.version(source, &id, false).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// A source's history, oldest first. A last line cut short by a crash
    /// is skipped.
    pub fn history(&self, source: &str) -> Result<Vec<HistoryEvent>, Error> {
        let path = self.source_dir(source).join("history.jsonl");
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect())
    }

    pub(crate) fn append_history(&self, source: &str, event: &HistoryEvent) -> Result<(), Error> {
        let dir = self.source_dir(source);
        fs::create_dir_all(&dir).at(&dir)?;
        let path = dir.join("history.jsonl");
        let mut line = serde_json::to_string(event).expect("history serializes");
        line.push('\n');
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .at(&path)?;
        // A crash mid-line leaves a partial line; start ours on a fresh one.
        if f.metadata().at(&path)?.len() > 0 && !ends_with_newline(&path)? {
            f.write_all(b"\n").at(&path)?;
        }
        f.write_all(line.as_bytes()).at(&path)?;
        f.sync_data().at(&path)
    }

    /// Moves a complete staged version (`staged/version.json`,
    /// `staged/files/`) into `versions/<id>`. When that version is already
    /// stored the staged copy is dropped: the content is the same.
    pub(crate) fn store_version(
        &self,
        _lock: &UpdateLock,
        staged: &Path,
        manifest: &Manifest,
    ) -> Result<Version, Error> {
        let versions = self.source_dir(&manifest.source).join("versions");
        fs::create_dir_all(&versions).at(&versions)?;
        let dest = versions.join(&manifest.id);
        if dest.join("version.json").is_file() {
            fs::remove_dir_all(staged).at(staged)?;
        } else {
            write_synced(
                &staged.join("version.json"),
                serde_json::to_string_pretty(manifest)
                    .expect("manifest serializes")
                    .as_bytes(),
            )?;
            sync_dir(&staged.join("files"))?;
            sync_dir(staged)?;
            fs::rename(staged, &dest).at(&dest)?;
            sync_dir(&versions)?;
        }
        self.version(&manifest.source, &manifest.id, false)
    }

    /// Makes a stored version current: `current.tmp` is written and synced,
    /// then renamed over `current`. `crash` is the test hook of
    /// [`crate::CrashPoint`].
    pub(crate) fn set_current(
        &self,
        _lock: &UpdateLock,
        source: &str,
        id: &str,
        crash: Option<crate::CrashPoint>,
    ) -> Result<(), Error> {
        let dir = self.source_dir(source);
        let tmp = dir.join("current.tmp");
        write_synced(&tmp, format!("{id}\n").as_bytes())?;
        crate::crash_at(crash, crate::CrashPoint::BeforeSwitch);
        let path = dir.join("current");
        fs::rename(&tmp, &path).at(&path)?;
        sync_dir(&dir)
    }

    /// Keeps a refused download for inspection under `rejected/`, with
    /// `reason.json`; returns where.
    pub(crate) fn reject(
        &self,
        _lock: &UpdateLock,
        source: &str,
        staged: &Path,
        at: &str,
        content_id: &str,
        reason: &str,
    ) -> Result<PathBuf, Error> {
        let rejected = self.source_dir(source).join("rejected");
        fs::create_dir_all(&rejected).at(&rejected)?;
        let stamp: String = at.chars().map(|c| if c == ':' { '-' } else { c }).collect();
        let dest = rejected.join(format!("{stamp}-{}", short(content_id)));
        #[derive(Serialize)]
        struct Reason<'a> {
            source: &'a str,
            at: &'a str,
            reason: &'a str,
        }
        let body = serde_json::to_string_pretty(&Reason { source, at, reason })
            .expect("reason serializes");
        write_synced(&staged.join("reason.json"), body.as_bytes())?;
        if dest.exists() {
            fs::remove_dir_all(&dest).at(&dest)?;
        }
        fs::rename(staged, &dest).at(&dest)?;
        self.prune_rejected(&rejected)?;
        Ok(dest)
    }

    /// Keeps the 20 newest rejected downloads of a source: enough to
    /// inspect a run of failures, bounded so a broken mirror cannot fill
    /// the disk.
    fn prune_rejected(&self, rejected: &Path) -> Result<(), Error> {
        const KEEP: usize = 20;
        let mut names: Vec<PathBuf> = fs::read_dir(rejected)
            .at(rejected)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        let excess = names.len().saturating_sub(KEEP);
        for old in &names[..excess] {
            fs::remove_dir_all(old).at(old)?;
        }
        Ok(())
    }

    /// The files folder of each source's current version, by source name:
    /// what `screen`, `batch` and `serve` load when no list is given.
    pub fn current_lists(&self) -> Result<Vec<(String, PathBuf)>, Error> {
        let mut out = Vec::new();
        for s in self.sources()? {
            if let Some(v) = self.current(&s)? {
                out.push((s, v.files_dir));
            }
        }
        Ok(out)
    }
}

fn ends_with_newline(path: &Path) -> Result<bool, Error> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = File::open(path).at(path)?;
    f.seek(SeekFrom::End(-1)).at(path)?;
    let mut b = [0u8; 1];
    f.read_exact(&mut b).at(path)?;
    Ok(b[0] == b'\n')
}

/// A version id: 64 lower-case hex digits.
fn is_hex_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Writes a file and syncs it to disk.
pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut f = File::create(path).at(path)?;
    f.write_all(bytes).at(path)?;
    f.sync_all().at(path)
}

/// Syncs a folder, so that the names created or renamed in it survive a
/// power cut.
pub(crate) fn sync_dir(path: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        File::open(path).and_then(|d| d.sync_all()).at(path)?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
