//! Loading lists from disk: folders written at test time in the system's
//! temporary folder, the embedded demo list, and the whole shared `lists/`
//! folder.
//!
//! Properties checked:
//! 1. an OFAC CSV family (`sdn.csv` + companions, `cons_prim.csv` +
//!    companions) is one job giving one list or one error, and its
//!    companions are never loaded or skipped on their own; an orphan
//!    companion is skipped;
//! 2. gzip and zip are opened transparently (zip members as
//!    `archive!member`); broken containers are errors;
//! 3. an HTML page, an empty file and a truncated XML file in a folder are
//!    errors, never silently dropped;
//! 4. binary junk, an Excel workbook and a README in a folder are skipped,
//!    and the same files given directly are errors;
//! 5. hidden files and folders are ignored; sub-folders are read;
//! 6. `--list NAME=PATH` (`load_path(path, Some(name))`) names the source of
//!    every list read;
//! 7. the demo list loads cleanly;
//! 8. the shared `lists/` folder skips exactly the files that are not lists.

use crate::support;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use vigil_core::Schema;
use vigil_lists::{ErrorKind, Loaded, demo_list, load_path};

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("vigil-load-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// Writes a file (creating its folders) and returns its path.
    fn write(&self, relative: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small internal watchlist.
const WATCH_CSV: &str =
    "id,name,schema\nW1,Jane Example,person\nW2,Acme Example Ltd,organization\n";

/// A small FollowTheMoney file.
const FTM_JSON: &str = "{\"id\": \"f1\", \"schema\": \"Person\", \"caption\": \"John Example\", \
     \"properties\": {\"name\": [\"John Example\"]}, \"target\": true}\n";

// Fictional rows in OFAC's legacy CSV layout: no header, `-0- ` for null,
// CRLF line ends.
const SDN_CSV: &str = "9001,\"EXAMPLE, John\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 01 Jan 1970.\"\r\n\
     9002,\"EXAMPLE TRADING LLC\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
const ALT_CSV: &str = "9001,801,\"aka\",\"EXAMPLE, Johnny\",-0- \r\n";
const ADD_CSV: &str = "9002,901,\"1 Example Street\",\"Tehran\",\"Iran\",-0- \r\n";
const COMMENTS_CSV: &str = "9001,\"Additional remark.\"\r\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The file names (not paths) of everything a load produced, by outcome.
fn outcome(loaded: &Loaded) -> (Vec<String>, Vec<String>, Vec<String>) {
    let name = |p: &str| {
        Path::new(p)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    (
        loaded.lists.iter().map(|l| name(&l.files[0])).collect(),
        loaded.errors.iter().map(|e| name(e.path())).collect(),
        loaded.skipped.iter().map(|s| name(&s.path)).collect(),
    )
}

#[test]
fn ofac_family_is_one_job() {
    let dir = TempDir::new("family");
    dir.write("sdn.csv", SDN_CSV.as_bytes());
    dir.write("alt.csv", ALT_CSV.as_bytes());
    dir.write("add.csv", ADD_CSV.as_bytes());
    dir.write("sdn_comments.csv", COMMENTS_CSV.as_bytes());
    let loaded = load_path(dir.path(), None);
    // One list once the OFAC CSV parser is merged, one error (naming
    // sdn.csv) while it is a stub; either way the companions are part of
    // the same job.
    let (lists, errors, skipped) = outcome(&loaded);
    assert_eq!(lists.len() + errors.len(), 1, "{loaded:?}");
    assert!(lists.iter().chain(&errors).all(|n| n == "sdn.csv"));
    assert!(skipped.is_empty(), "{:?}", loaded.skipped);

    // Given directly, sdn.csv finds its companions beside it.
    let loaded = load_path(&dir.path().join("sdn.csv"), None);
    assert_eq!(loaded.lists.len() + loaded.errors.len(), 1);
    assert!(loaded.skipped.is_empty());

    // Another list in the same folder is its own job.
    dir.write("watch.csv", WATCH_CSV.as_bytes());
    let loaded = load_path(dir.path(), None);
    let (lists, errors, skipped) = outcome(&loaded);
    assert_eq!(lists.len() + errors.len(), 2);
    assert!(lists.contains(&"watch.csv".to_string()));
    assert!(skipped.is_empty());

    // The consolidated (non-SDN) family, named in capitals.
    let cons = TempDir::new("cons");
    cons.write("CONS_PRIM.CSV", SDN_CSV.as_bytes());
    cons.write("CONS_ALT.CSV", ALT_CSV.as_bytes());
    cons.write("CONS_ADD.CSV", ADD_CSV.as_bytes());
    let loaded = load_path(cons.path(), None);
    let (lists, errors, skipped) = outcome(&loaded);
    assert_eq!(lists.len() + errors.len(), 1);
    assert!(lists.iter().chain(&errors).all(|n| n == "CONS_PRIM.CSV"));
    assert!(skipped.is_empty());
}

#[test]
fn orphan_companion_is_skipped() {
    let dir = TempDir::new("orphan");
    dir.write("alt.csv", ALT_CSV.as_bytes());
    let loaded = load_path(dir.path(), None);
    assert!(loaded.lists.is_empty() && loaded.errors.is_empty());
    assert_eq!(
        loaded.skipped[0].reason,
        "OFAC alt.csv (aliases) without its primary file in the same folder"
    );
}

#[test]
fn gzip_and_zip_are_transparent() {
    let dir = TempDir::new("containers");
    dir.write("watch.csv.gz", &gzip(WATCH_CSV.as_bytes()));
    dir.write("targets.ftm.json.gz", &gzip(FTM_JSON.as_bytes()));
    dir.write(
        "bundle.zip",
        &zip(&[
            ("inner.csv", WATCH_CSV.as_bytes()),
            ("people.ftm.json", FTM_JSON.as_bytes()),
            ("README.txt", b"Lists downloaded for testing.\n"),
        ]),
    );
    let loaded = load_path(dir.path(), None);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let files: Vec<String> = loaded
        .lists
        .iter()
        .map(|l| {
            let f = &l.files[0];
            f[f.rfind('/').map_or(0, |i| i + 1)..].to_string()
        })
        .collect();
    assert_eq!(
        files,
        [
            "bundle.zip!inner.csv",
            "bundle.zip!people.ftm.json",
            "targets.ftm.json.gz",
            "watch.csv.gz"
        ]
    );
    let sources: Vec<&str> = loaded.lists.iter().map(|l| l.source.as_str()).collect();
    assert_eq!(sources, ["inner", "ftm", "ftm", "watch"]);
    assert_eq!(loaded.lists[3].entities[0].id, "watch:W1");
    // A member that is not a list is skipped like a file in a folder.
    assert_eq!(loaded.skipped.len(), 1);
    assert!(loaded.skipped[0].path.ends_with("bundle.zip!README.txt"));

    // Broken containers are errors.
    let broken = TempDir::new("broken-containers");
    let gz = gzip(WATCH_CSV.as_bytes());
    broken.write("cut.csv.gz", &gz[..gz.len() / 2]);
    let z = zip(&[("inner.csv", WATCH_CSV.as_bytes())]);
    broken.write("cut.zip", &z[..z.len() - 30]);
    let loaded = load_path(broken.path(), None);
    let kinds: Vec<(String, ErrorKind)> = loaded
        .errors
        .iter()
        .map(|e| (outcome_name(e.path()), e.kind()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("cut.csv.gz".to_string(), ErrorKind::Truncated),
            ("cut.zip".to_string(), ErrorKind::Compression),
        ]
    );
}

fn outcome_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string()
}

#[test]
fn broken_downloads_are_errors() {
    let dir = TempDir::new("broken");
    dir.write(
        "sdn.xml",
        b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>\n",
    );
    dir.write("empty.csv", b"");
    dir.write(
        "cut-before-root.xml",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    );
    dir.write(
        "consolidated.xml",
        b"<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-01-01\">\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATAID>\n<FIRST_NAME>JO",
    );
    let loaded = load_path(dir.path(), None);
    assert!(loaded.lists.is_empty() && loaded.skipped.is_empty());
    let kinds: Vec<(String, ErrorKind)> = loaded
        .errors
        .iter()
        .map(|e| (outcome_name(e.path()), e.kind()))
        .collect();
    assert_eq!(kinds[0], ("consolidated.xml".to_string(), kinds[0].1));
    // FIXME(issue 2): the UN parser is a stub on this branch (Malformed);
    // once merged, xml::parse reports the cut-off document as Truncated.
    assert!(matches!(
        kinds[0].1,
        ErrorKind::Truncated | ErrorKind::Malformed
    ));
    assert_eq!(
        kinds[1..],
        [
            ("cut-before-root.xml".to_string(), ErrorKind::Truncated),
            ("empty.csv".to_string(), ErrorKind::Empty),
            ("sdn.xml".to_string(), ErrorKind::Html),
        ]
    );
}

#[test]
fn non_lists_are_skipped_in_folders_and_refused_directly() {
    let dir = TempDir::new("non-lists");
    let junk: Vec<u8> = (0u8..=255).cycle().skip(1).take(600).collect();
    let junk = dir.write("data.bin", &junk);
    let xlsx = dir.write(
        "ConList.xlsx",
        &zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]),
    );
    let readme = dir.write("README.md", b"# Lists\n\nDownloaded by hand.\n");
    dir.write("watch.csv", WATCH_CSV.as_bytes());
    let loaded = load_path(dir.path(), None);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.lists.len(), 1);
    let skipped: Vec<(String, &str)> = loaded
        .skipped
        .iter()
        .map(|s| (outcome_name(&s.path), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "ConList.xlsx".to_string(),
                "not a list format vigil knows: an Excel workbook; use the publisher's CSV or XML edition"
            ),
            (
                "README.md".to_string(),
                "not a list format vigil knows: plain text"
            ),
            (
                "data.bin".to_string(),
                "not a list format vigil knows: binary content"
            ),
        ]
    );
    for path in [junk, xlsx, readme] {
        let loaded = load_path(&path, None);
        assert!(loaded.lists.is_empty() && loaded.skipped.is_empty());
        assert_eq!(loaded.errors.len(), 1);
        assert_eq!(loaded.errors[0].kind(), ErrorKind::Unrecognized);
    }
}

#[test]
fn hidden_files_are_ignored_and_subfolders_read() {
    let dir = TempDir::new("hidden");
    dir.write(".hidden.csv", WATCH_CSV.as_bytes());
    dir.write(".git/config", b"[core]\n");
    dir.write(".DS_Store", b"\x00\x00\x00\x01Bud1");
    dir.write("nested/deeper/watch.csv", WATCH_CSV.as_bytes());
    let loaded = load_path(dir.path(), None);
    let (lists, errors, skipped) = outcome(&loaded);
    assert_eq!(lists, ["watch.csv"]);
    assert!(errors.is_empty() && skipped.is_empty());
}

#[test]
fn list_name_names_the_source() {
    let dir = TempDir::new("naming");
    let csv = dir.write("watch.csv", WATCH_CSV.as_bytes());
    let ftm = dir.write("people.ftm.json", FTM_JSON.as_bytes());
    let list = support::load_single(&csv);
    assert_eq!(list.source, "watch");
    let loaded = load_path(&csv, Some("mylist"));
    assert_eq!(loaded.lists[0].source, "mylist");
    assert_eq!(loaded.lists[0].entities[0].id, "mylist:W1");
    let loaded = load_path(&ftm, Some("mylist"));
    assert_eq!(loaded.lists[0].entities[0].id, "mylist:f1");
    // A name given for a folder names every list in it.
    let loaded = load_path(dir.path(), Some("mylist"));
    assert_eq!(loaded.lists.len(), 2);
    assert!(loaded.lists.iter().all(|l| l.source == "mylist"));
    assert!(
        loaded
            .lists
            .iter()
            .flat_map(|l| &l.entities)
            .all(|e| e.id.starts_with("mylist:"))
    );
}

#[test]
fn demo_list_loads_cleanly() {
    let list = demo_list();
    assert_eq!(list.source, "demo");
    assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    assert_eq!(list.entities.len(), 12);
    let n = |s| list.entities.iter().filter(|e| e.schema == s).count();
    assert_eq!(
        [
            n(Schema::Person),
            n(Schema::Organization),
            n(Schema::Vessel),
            n(Schema::Aircraft)
        ],
        [8, 2, 1, 1]
    );
    assert!(list.entities.iter().all(|e| e.id.starts_with("demo:D0")));
}

#[test]
fn shared_lists_folder() {
    let Some(dir) = vigil_testdata::list_path("") else {
        return;
    };
    let loaded = load_path(&dir, None);
    let relative = |p: &str| {
        Path::new(p)
            .strip_prefix(&dir)
            .map_or(p.to_string(), |r| r.display().to_string())
    };
    let skipped: BTreeSet<String> = loaded.skipped.iter().map(|s| relative(&s.path)).collect();
    // Not lists: the provenance notes, ammitto's JSON conversions, the
    // derived OFAC name inventory and its metadata, and the UK workbook
    // (its CSV conversion is loaded instead).
    let expected: BTreeSet<String> = [
        "PROVENANCE.md",
        "eu/derived/eu_fsf_entities.ammitto.jsonl.gz",
        "ofac/derived/metadata.json",
        "ofac/derived/ofac-sdn.csv",
        "uk/ConList.xlsx",
        "uk/derived/uk_sanctions_list.ammitto.jsonl.gz",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(skipped, expected);

    // FIXME(issue 2): the other parsers are stubs on this branch and fail
    // their files; once every parser is merged the lead tightens this to
    // `assert!(loaded.errors.is_empty())`. Until then only the formats of
    // this branch (FtM, internal CSV) must load without error.
    let ftm_errors: Vec<_> = loaded
        .errors
        .iter()
        .filter(|e| relative(e.path()).starts_with("ftm/"))
        .collect();
    assert!(ftm_errors.is_empty(), "{ftm_errors:?}");
    let ftm: Vec<String> = loaded
        .lists
        .iter()
        .filter(|l| l.source == "ftm")
        .map(|l| relative(&l.files[0]))
        .collect();
    assert_eq!(
        ftm,
        [
            "ftm/khongdudinhdoikhongne-wd_persons.targets.nested.json",
            "ftm/yente-entities.delta.json.gz",
            "ftm/yente-t1.entities.ftm.json",
            "ftm/yente-zala.entities.ftm.json",
        ]
    );
}
