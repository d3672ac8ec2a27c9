//! Reading lists from disk: files and folders, gzip and zip opened
//! transparently, OFAC CSV families joined, files parsed in parallel.
//!
//! This is the crate's only I/O; the parsers see bytes.

use crate::detect::Detected;
use crate::error::{Error, ErrorKind};
use crate::{Input, List, detect, formats, parse_ofac_csv_family};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What loading one or more paths produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The lists read, in path order.
    pub lists: Vec<List>,
    /// Files that look like lists but could not be read (truncated, HTML,
    /// empty, malformed); never silently dropped.
    pub errors: Vec<Error>,
    /// Files in a folder that are not lists at all (README, metadata...).
    pub skipped: Vec<Skipped>,
}

impl Loaded {
    fn extend(&mut self, other: Loaded) {
        self.lists.extend(other.lists);
        self.errors.extend(other.errors);
        self.skipped.extend(other.skipped);
    }
}

/// A file in a folder that was not read because it is not a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why it is not a list.
    pub reason: String,
}

/// The embedded demo list: fictional identities written for vigil's demo,
/// used when no list is configured. Its source name is `demo`.
pub fn demo_list() -> List {
    const DEMO: &[u8] = include_bytes!("../demo/demo-watchlist.csv");
    let input =
        Input::new("demo-watchlist.csv (embedded demo list)", DEMO).with_source(Some("demo"));
    crate::parse(&input).expect("the embedded demo list parses")
}

/// Loads several `(source, path)` pairs, in order; see [`load_path`].
pub fn load_paths<'a>(specs: impl IntoIterator<Item = (Option<&'a str>, &'a Path)>) -> Loaded {
    let mut all = Loaded::default();
    for (source, path) in specs {
        all.extend(load_path(path, source));
    }
    all
}

/// Loads a file or a folder.
///
/// A folder is read recursively: a folder holding `sdn.csv` (or
/// `cons_prim.csv`) gives one list joined from its companion files, every
/// other file is read on its own, and files that are not lists at all are
/// reported as skipped. A file given directly must be a list. `source`, when
/// given, names the source of every list read (`--list NAME=PATH`).
pub fn load_path(path: &Path, source: Option<&str>) -> Loaded {
    let mut jobs = Vec::new();
    let mut loaded = Loaded::default();
    if path.is_dir() {
        collect_dir(path, &mut jobs, &mut loaded);
    } else {
        match ofac_family_of(path) {
            Some(family) => jobs.push(Job::Family(family)),
            None => jobs.push(Job::File {
                path: path.to_path_buf(),
                in_folder: false,
            }),
        }
    }
    for result in run_parallel(&jobs, source) {
        loaded.extend(result);
    }
    loaded
}

enum Job {
    File { path: PathBuf, in_folder: bool },
    Family(OfacFamily),
}

struct OfacFamily {
    primary: PathBuf,
    alt: Option<PathBuf>,
    add: Option<PathBuf>,
    comments: Option<PathBuf>,
}

/// The companions of each OFAC primary CSV, by file name (lower case).
const FAMILIES: [(&str, &str, &str, &str); 2] = [
    ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
    (
        "cons_prim.csv",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    ),
];

fn file_name_lower(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The family of an OFAC primary CSV file, its companions found beside it.
fn ofac_family_of(path: &Path) -> Option<OfacFamily> {
    let name = file_name_lower(path);
    let (_, alt, add, comments) = FAMILIES.iter().find(|f| f.0 == name)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let siblings: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    let find = |want: &str| {
        siblings
            .iter()
            .find(|p| file_name_lower(p) == want)
            .cloned()
    };
    Some(OfacFamily {
        primary: path.to_path_buf(),
        alt: find(alt),
        add: find(add),
        comments: find(comments),
    })
}

fn collect_dir(dir: &Path, jobs: &mut Vec<Job>, loaded: &mut Loaded) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            loaded.errors.push(Error::new(
                ErrorKind::Io,
                &dir.display().to_string(),
                format!("cannot read the folder: {e}"),
            ));
            return;
        }
    };
    entries.sort();
    let mut consumed: Vec<PathBuf> = Vec::new();
    for p in &entries {
        if let Some(family) = ofac_family_of(p) {
            consumed.extend(
                [&family.alt, &family.add, &family.comments]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            consumed.push(p.clone());
            jobs.push(Job::Family(family));
        }
    }
    for p in entries {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden || consumed.contains(&p) {
            continue;
        }
        if p.is_dir() {
            collect_dir(&p, jobs, loaded);
        } else {
            jobs.push(Job::File {
                path: p,
                in_folder: true,
            });
        }
    }
}

/// Runs the jobs on all cores, keeping their order in the result.
fn run_parallel(jobs: &[Job], source: Option<&str>) -> Vec<Loaded> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    if threads == 1 {
        return jobs.iter().map(|j| run_job(j, source)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Loaded)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        out.push((i, run_job(job, source)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a list parser panicked"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, l)| l).collect()
}

fn run_job(job: &Job, source: Option<&str>) -> Loaded {
    let mut loaded = Loaded::default();
    match job {
        Job::Family(f) => match load_family(f, source) {
            Ok(list) => loaded.lists.push(list),
            Err(e) => loaded.errors.push(e),
        },
        Job::File { path, in_folder } => {
            let members = match read_members(path) {
                Ok(m) => m,
                Err(e) if *in_folder && e.kind() == ErrorKind::Unrecognized => {
                    loaded.skipped.push(Skipped {
                        path: e.path().to_string(),
                        reason: e.message().to_string(),
                    });
                    return loaded;
                }
                Err(e) => {
                    loaded.errors.push(e);
                    return loaded;
                }
            };
            for (member_path, bytes) in members {
                let input = Input::new(&member_path, &bytes).with_source(source);
                match detect(&input) {
                    Ok(Detected::List(format)) => match formats::parse(format, &input) {
                        Ok(list) => loaded.lists.push(list),
                        Err(e) => loaded.errors.push(e),
                    },
                    Ok(Detected::OfacCsvPart(part)) => loaded.skipped.push(Skipped {
                        path: member_path.clone(),
                        reason: format!(
                            "OFAC {} without its primary file in the same folder",
                            part.as_str()
                        ),
                    }),
                    Err(e) if *in_folder && e.kind() == ErrorKind::Unrecognized => {
                        loaded.skipped.push(Skipped {
                            path: member_path.clone(),
                            reason: e.message().to_string(),
                        })
                    }
                    Err(e) => loaded.errors.push(e),
                }
            }
        }
    }
    loaded
}

fn load_family(f: &OfacFamily, source: Option<&str>) -> Result<List, Error> {
    let read = |p: &PathBuf| -> Result<(String, Vec<u8>), Error> {
        let mut members = read_members(p)?;
        Ok(members.remove(0))
    };
    let primary = read(&f.primary)?;
    let alt = f.alt.as_ref().map(read).transpose()?;
    let add = f.add.as_ref().map(read).transpose()?;
    let comments = f.comments.as_ref().map(read).transpose()?;
    fn input<'a>(m: &'a (String, Vec<u8>), source: Option<&'a str>) -> Input<'a> {
        Input {
            path: &m.0,
            bytes: &m.1,
            source,
        }
    }
    let primary_input = input(&primary, source);
    // The primary file must itself be an OFAC CSV: an HTML page saved as
    // sdn.csv is an error, not an empty list.
    match detect(&primary_input)? {
        Detected::List(crate::Format::OfacCsv) => {}
        _ => {
            return Err(Error::new(
                ErrorKind::Unrecognized,
                &primary.0,
                "named like OFAC's primary CSV but its content is not OFAC's 12-column CSV",
            ));
        }
    }
    let alt_i = alt.as_ref().map(|m| input(m, source));
    let add_i = add.as_ref().map(|m| input(m, source));
    let comments_i = comments.as_ref().map(|m| input(m, source));
    parse_ofac_csv_family(
        &primary_input,
        alt_i.as_ref(),
        add_i.as_ref(),
        comments_i.as_ref(),
    )
}

/// Reads a file, decompressing gzip and opening zip archives; each zip
/// member comes back as `archive!member`.
fn read_members(path: &Path) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            &display,
            format!("cannot read the file: {e}"),
        )
    })?;
    if bytes.starts_with(b"\x1F\x8B") {
        // The gzip footer states the size (modulo 4 GiB) of the last member,
        // the whole content for the lists' single-member files: reserving it
        // saves the copies of a growing buffer. A size beyond what deflate
        // can reach from these bytes is a corrupt footer, and ignored.
        let stated = bytes
            .get(bytes.len().saturating_sub(4)..)
            .and_then(|b| b.try_into().ok())
            .map_or(0, |b| u32::from_le_bytes(b) as usize);
        let mut out = Vec::with_capacity(stated.min(bytes.len().saturating_mul(1032)));
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .map_err(|e| {
                let kind = if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    ErrorKind::Truncated
                } else {
                    ErrorKind::Compression
                };
                Error::new(
                    kind,
                    &display,
                    format!("cannot decompress the gzip file: {e}"),
                )
            })?;
        return Ok(vec![(display, out)]);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return read_zip(&display, &bytes);
    }
    Ok(vec![(display, bytes)])
}

fn read_zip(display: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::new(
            ErrorKind::Compression,
            display,
            format!("cannot open the zip archive (truncated or corrupt?): {e}"),
        )
    })?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .collect();
    if names.iter().any(|n| n == "[Content_Types].xml")
        && names.iter().any(|n| n.starts_with("xl/"))
    {
        return Err(Error::new(
            ErrorKind::Unrecognized,
            display,
            "not a list format vigil knows: an Excel workbook; use the publisher's CSV or XML edition",
        ));
    }
    let mut members = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|e| {
            Error::new(
                ErrorKind::Compression,
                display,
                format!("cannot read zip member {i}: {e}"),
            )
        })?;
        if file.is_dir() {
            continue;
        }
        let name = file
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("member {i}"));
        let mut out = Vec::new();
        file.read_to_end(&mut out).map_err(|e| {
            Error::new(
                ErrorKind::Compression,
                &format!("{display}!{name}"),
                format!("cannot decompress the zip member: {e}"),
            )
        })?;
        members.push((format!("{display}!{name}"), out));
    }
    if members.is_empty() {
        return Err(Error::new(
            ErrorKind::Empty,
            display,
            "the zip archive holds no file",
        ));
    }
    Ok(members)
}
