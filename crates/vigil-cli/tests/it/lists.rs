//! `vigil lists update`, `versions`, `sources` and `diff` against a loopback
//! server that serves the shared list files and broken variants of them:
//! what becomes current, what is refused and kept aside, and that a crash,
//! a kill, a full disk or two updates at once leave the data directory
//! consistent.

use crate::http::{Reply, Server};
use crate::util::{Run, TempDir, arg, vigil_with};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The real files served, or `None` (with a notice) without shared data.
struct Files {
    un: Vec<u8>,
    cons_2020: Vec<u8>,
    cons_2026: Vec<u8>,
}

fn files() -> Option<Files> {
    let read = |p: &str| std::fs::read(vigil_testdata::list_path(p)?).ok();
    Some(Files {
        un: read("un/consolidated.xml")?,
        cons_2020: read("ofac/non-sdn/consolidated-2020-12-14.xml")?,
        cons_2026: read("ofac/non-sdn/consolidated.xml")?,
    })
}

const UN_ID: &str = "66b392a4090868d2d39161e8d748efd39138377b0e6e60b7921aa67a4f99c8bf";
const CONS_2020_ID: &str = "5d4f10a44f0b5621967c1eb0f97e55870c7bdb40e1bb15cfff3e61766fa40a52";
const CONS_2026_ID: &str = "00d16d5f63ca0e68daadb37f636cfcd6f64e60e2c5859d520fa809ea6fbdf334";

/// Runs vigil on the data directory `data`.
fn run(data: &Path, args: &[&str]) -> Run {
    vigil_with(args, &[("VIGIL_DATA_DIR", arg(data))])
}

/// `vigil lists update --json` of one source from `url`, with quick retries.
fn update(data: &Path, source: &str, url: &str, extra: &[&str]) -> (Run, Value) {
    let spec = format!("{source}={url}");
    let mut args = vec![
        "lists",
        "update",
        "--json",
        "--source",
        source,
        "--url",
        &spec,
        "--retry-delay-ms",
        "10",
    ];
    if !extra.contains(&"--retries") {
        args.extend_from_slice(&["--retries", "2"]);
    }
    args.extend_from_slice(extra);
    let r = run(data, &args);
    assert!(!r.stderr.contains("panicked"), "{r:#?}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {r:#?}"));
    let report = v["sources"][0].clone();
    (r, report)
}

/// The current version id of `source`, from `vigil lists versions --json`.
fn current(data: &Path, source: &str) -> Option<String> {
    let v = run(data, &["lists", "versions", "--json"]).ok().json();
    v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == source)
        .and_then(|s| s["current"].as_str().map(str::to_string))
}

/// Which of `data`'s folders under `lists/tmp` hold anything.
fn tmp_leftovers(data: &Path) -> usize {
    std::fs::read_dir(data.join("lists/tmp"))
        .map(|rd| rd.count())
        .unwrap_or(0)
}

#[test]
fn an_update_keeps_the_version_and_asks_before_downloading_again() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/un.xml", Reply::File(f.un.clone()));
    let data = TempDir::new("update");
    let dir = data.path("data");
    let url = server.url("/un.xml");

    let (r, report) = update(&dir, "un", &url, &[]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_eq!(report["outcome"], "updated", "{report:#}");
    assert_eq!(report["version"], UN_ID, "the id is the file's SHA-256");
    assert_eq!(report["entities"], 1003);
    assert_eq!(report["published"], "2026-02-27");
    assert_eq!(report["previous"], Value::Null);

    // The second check sends the ETag back and downloads nothing.
    let (r, report) = update(&dir, "un", &url, &[]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_eq!(report["outcome"], "unchanged", "{report:#}");
    assert!(report["how"].as_str().unwrap().contains("not modified"));
    let seen = server.seen("/un.xml");
    assert_eq!(seen.len(), 2);
    assert!(!seen[0].headers.contains_key("if-none-match"));
    assert!(seen[1].headers["if-none-match"].starts_with('"'));
    assert!(seen[1].headers.contains_key("if-modified-since"));

    let v = run(&dir, &["lists", "versions", "--json"]).ok().json();
    let un = &v["sources"][0];
    assert_eq!(un["source"], "un");
    assert_eq!(un["current"], UN_ID);
    let version = &un["versions"][0];
    assert_eq!(version["current"], true);
    assert_eq!(version["format"], "un-xml");
    assert_eq!(version["files"][0]["url"], url);
    assert_eq!(version["files"][0]["sha256"], UN_ID);
    assert_eq!(version["files"][0]["bytes"], f.un.len());
    assert_eq!(un["last_event"]["event"], "unchanged");
    let text = run(&dir, &["lists", "versions"]).ok().stdout;
    assert!(text.contains("* 66b392a40908"), "{text}");

    // Without --list, screening uses the current versions.
    let shown = run(&dir, &["lists", "show", "--json"]).ok().json();
    assert_eq!(shown["lists"][0]["source"], "un");
    assert_eq!(shown["lists"][0]["entities"], 1003);
    let hit = run(
        &dir,
        &[
            "screen",
            "--json",
            "--threshold",
            "0",
            "--limit",
            "1",
            "Abdul Manan Agha",
        ],
    )
    .ok()
    .json();
    let id = hit["matches"][0]["entity_id"].as_str().unwrap();
    assert!(id.starts_with("un:"), "{hit:#}");
}

#[test]
fn broken_downloads_never_become_current() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/un.xml", Reply::File(f.un.clone()));
    let data = TempDir::new("broken");
    let dir = data.path("data");
    let (r, _) = update(&dir, "un", &server.url("/un.xml"), &[]);
    r.ok();

    // (path, reply, outcome, words of the reason, requests made, kept aside)
    let cases: Vec<(&str, Reply, &str, &str, usize, bool)> = vec![
        (
            "/cut.xml",
            Reply::CutShort(f.un.clone()),
            "failed",
            "truncated",
            3,
            true,
        ),
        (
            "/half.xml",
            Reply::Half(f.un.clone()),
            "rejected",
            "consolidated.xml",
            1,
            true,
        ),
        ("/html.xml", Reply::Html, "rejected", "HTML page", 1, true),
        ("/empty.xml", Reply::Empty, "rejected", "empty", 1, true),
        (
            "/wrong.xml",
            Reply::File(b"{\"message\": \"rate limit exceeded\"}\n".to_vec()),
            "rejected",
            "not a list format",
            1,
            true,
        ),
        (
            "/500.xml",
            Reply::Status(500),
            "failed",
            "HTTP 500",
            3,
            false,
        ),
        (
            "/404.xml",
            Reply::Status(404),
            "failed",
            "HTTP 404",
            1,
            false,
        ),
    ];
    for (path, reply, outcome, words, requests, kept) in cases {
        server.route(path, reply);
        let (r, report) = update(&dir, "un", &server.url(path), &[]);
        assert_eq!(r.code, Some(1), "{path}: {r:#?}");
        assert_eq!(report["outcome"], outcome, "{path}: {report:#}");
        let reason = report["reason"]
            .as_str()
            .or(report["error"].as_str())
            .unwrap();
        assert!(reason.contains(words), "{path}: {reason}");
        assert_eq!(server.seen(path).len(), requests, "{path}: retries");
        assert_eq!(report["kept_at"].is_string(), kept, "{path}: {report:#}");
        if let Some(k) = report["kept_at"].as_str() {
            assert!(Path::new(k).join("files/consolidated.xml").is_file(), "{k}");
        }
        assert_eq!(current(&dir, "un").as_deref(), Some(UN_ID), "{path}");
        assert_eq!(tmp_leftovers(&dir), 0, "{path}");
    }
    let rejected = std::fs::read_dir(dir.join("lists/un/rejected"))
        .unwrap()
        .count();
    assert_eq!(
        rejected, 5,
        "cut short, half, HTML, empty and JSON are kept"
    );
    let reason = std::fs::read_dir(dir.join("lists/un/rejected"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("reason.json")).ok())
        .find(|r| r.contains("HTML"))
        .expect("the HTML page's reason is written beside it");
    assert!(reason.contains("\"source\": \"un\""), "{reason}");

    // A publisher failing twice, then answering: the retries get it.
    server.route("/flaky.xml", Reply::FailThen(2, f.un.clone()));
    let (r, report) = update(&dir, "un", &server.url("/flaky.xml"), &[]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_eq!(report["outcome"], "unchanged", "{report:#}");
    assert_eq!(server.seen("/flaky.xml").len(), 3);
    assert!(r.stderr.contains("retrying"), "{r:#?}");

    // A server too slow for the timeout.
    server.route(
        "/slow.xml",
        Reply::Slow {
            bytes: f.un.clone(),
            chunk: 4096,
            every: Duration::from_millis(100),
        },
    );
    let (r, report) = update(
        &dir,
        "un",
        &server.url("/slow.xml"),
        &["--timeout", "1", "--retries", "0"],
    );
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert_eq!(report["outcome"], "failed", "{report:#}");
    assert!(
        report["error"].as_str().unwrap().contains("timed out"),
        "{report:#}"
    );
    assert_eq!(current(&dir, "un").as_deref(), Some(UN_ID));

    let history = std::fs::read_to_string(dir.join("lists/un/history.jsonl")).unwrap();
    let events: Vec<String> = history
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        events,
        [
            "updated",
            "failed",
            "rejected",
            "rejected",
            "rejected",
            "rejected",
            "failed",
            "failed",
            "unchanged",
            "failed"
        ]
    );
}

/// The UN list without its entities: a 27% fall in entity count.
fn un_without_entities(un: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(un).unwrap();
    let start = text.find("<ENTITIES>").unwrap() + "<ENTITIES>".len();
    let end = text.find("</ENTITIES>").unwrap();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

#[test]
fn a_large_unexplained_drop_is_refused_unless_forced() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/un.xml", Reply::File(f.un.clone()));
    server.route("/un-small.xml", Reply::File(un_without_entities(&f.un)));
    let data = TempDir::new("drop");
    let dir = data.path("data");
    // A first attempt that fails still shows in `versions`, with no current.
    let (r, _) = update(&dir, "un", &server.url("/missing.xml"), &[]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    let v = run(&dir, &["lists", "versions", "--json"]).ok().json();
    assert_eq!(v["sources"][0]["current"], Value::Null, "{v:#}");
    assert_eq!(v["sources"][0]["last_event"]["event"], "failed", "{v:#}");
    run(&dir, &["lists", "diff", "un", "un"]).user_error("has no current version");
    update(&dir, "un", &server.url("/un.xml"), &[]).0.ok();

    let (r, report) = update(&dir, "un", &server.url("/un-small.xml"), &[]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    assert_eq!(report["outcome"], "rejected");
    let reason = report["reason"].as_str().unwrap();
    assert!(reason.contains("fell from 1003 to 730"), "{reason}");
    assert!(reason.contains("--force"), "{reason}");
    assert_eq!(current(&dir, "un").as_deref(), Some(UN_ID));

    let (r, report) = update(&dir, "un", &server.url("/un-small.xml"), &["--force"]);
    assert_eq!(r.code, Some(0), "{r:#?}");
    assert_eq!(report["outcome"], "updated");
    assert_eq!(report["entities"], 730);
    assert_eq!(report["previous_entities"], 1003);
    assert!(report["forced"][0].as_str().unwrap().contains("fell"));
    assert_ne!(current(&dir, "un").as_deref(), Some(UN_ID));
    // Another format is refused too (here with another fall in count).
    server.route("/cons.xml", Reply::File(f.cons_2026.clone()));
    let (r, report) = update(&dir, "un", &server.url("/cons.xml"), &[]);
    assert_eq!(r.code, Some(1), "{r:#?}");
    let reason = report["reason"].as_str().unwrap();
    assert!(
        reason.contains("the format changed from un-xml to ofac-xml"),
        "{reason}"
    );
}

#[test]
fn the_diff_between_two_downloaded_ofac_versions() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/cons.xml", Reply::File(f.cons_2020.clone()));
    let data = TempDir::new("diff");
    let dir = data.path("data");
    let url = server.url("/cons.xml");
    update(&dir, "ofac-cons", &url, &[]).0.ok();
    server.route("/cons.xml", Reply::File(f.cons_2026.clone()));
    let (r, report) = update(&dir, "ofac-cons", &url, &[]);
    r.ok();
    assert_eq!(report["version"], CONS_2026_ID);
    assert_eq!(report["previous"], CONS_2020_ID);

    let d = run(
        &dir,
        &["lists", "diff", "--json", "ofac-cons@previous", "ofac-cons"],
    )
    .ok()
    .json();
    assert_eq!(d["old"]["version"], CONS_2020_ID);
    assert_eq!(d["new"]["published"], "2026-01-08");
    assert_eq!(d["added"].as_array().unwrap().len(), 76);
    assert_eq!(d["removed"].as_array().unwrap().len(), 10);
    assert_eq!(d["changed"].as_array().unwrap().len(), 288);
    assert_eq!(d["unchanged"], 78);
    assert_eq!(d["added"][0]["id"], "ofac-cons:30882");
    assert_eq!(d["removed"][0]["caption"], "BEKTAS, Halis");

    // Versions by id prefix and files on disk give the same diff.
    let text = run(&dir, &["lists", "diff", "5d4f10a4", "ofac-cons@00d16d5f"])
        .ok()
        .stdout;
    assert!(
        text.contains("added 76, removed 10, changed 288, unchanged 78"),
        "{text}"
    );
    assert!(
        text.contains("- ofac-cons:17526  BEKTAS, Halis (person)"),
        "{text}"
    );
    let old = vigil_testdata::list_path("ofac/non-sdn/consolidated-2020-12-14.xml").unwrap();
    let files = run(&dir, &["lists", "diff", arg(&old), "ofac-cons"])
        .ok()
        .stdout;
    assert_eq!(
        files.lines().skip(2).collect::<Vec<_>>(),
        text.lines().skip(2).collect::<Vec<_>>()
    );
    run(&dir, &["lists", "diff", "ofac-cons@beef", "ofac-cons"])
        .user_error("no stored version id starts with beef");
    run(&dir, &["lists", "diff", "nope", "ofac-cons"]).user_error("at least 4 hex digits");
}

#[test]
fn a_source_of_several_files_from_a_sources_file() {
    let Some(_) = files() else { return };
    let server = Server::start();
    let dir_csv = vigil_testdata::list_path("ofac/non-sdn").unwrap();
    for name in [
        "cons_prim.csv",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    ] {
        let bytes = std::fs::read(dir_csv.join(name)).unwrap();
        server.route(&format!("/{name}"), Reply::File(bytes));
    }
    let data = TempDir::new("several");
    let dir = data.path("data");
    std::fs::create_dir_all(&dir).unwrap();
    let toml = format!(
        "[sources.ofac-cons]\nfiles = [\n{}]\n[sources.eu]\nenabled = false\n",
        [
            "cons_prim.csv",
            "cons_alt.csv",
            "cons_add.csv",
            "cons_comments.csv"
        ]
        .iter()
        .map(|n| format!(
            "  {{ url = \"{}\", file = \"{n}\" }},\n",
            server.url(&format!("/{n}"))
        ))
        .collect::<String>()
    );
    std::fs::write(dir.join("sources.toml"), toml).unwrap();
    let listed = run(&dir, &["lists", "sources"]).ok().stdout;
    assert!(
        listed.contains("cons_alt.csv  <- http://127.0.0.1"),
        "{listed}"
    );
    assert!(!listed.contains("\neu "), "{listed}");
    let r = run(
        &dir,
        &["lists", "update", "--json", "--source", "ofac-cons"],
    )
    .ok();
    let report = &r.json()["sources"][0];
    assert_eq!(report["outcome"], "updated", "{report:#}");
    assert_eq!(report["entities"], 442);
    let v = run(&dir, &["lists", "versions", "--json"]).ok().json();
    assert_eq!(
        v["sources"][0]["versions"][0]["files"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(v["sources"][0]["versions"][0]["format"], "ofac-csv");

    std::fs::write(dir.join("sources.toml"), "[sources.un]\nurll = \"x\"\n").unwrap();
    run(&dir, &["lists", "update"]).user_error("urll");
    run(
        &dir,
        &[
            "lists",
            "update",
            "--source",
            "nope",
            "--sources",
            "/dev/null",
        ],
    )
    .user_error("--source nope: no such source");
}

#[test]
fn a_crash_at_any_step_leaves_the_old_version_or_the_new() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/2020.xml", Reply::File(f.cons_2020.clone()));
    server.route("/2026.xml", Reply::File(f.cons_2026.clone()));
    for (point, after) in [
        ("after-download", CONS_2020_ID),
        ("after-store", CONS_2020_ID),
        ("before-switch", CONS_2020_ID),
        ("after-switch", CONS_2026_ID),
    ] {
        let data = TempDir::new("crash");
        let dir = data.path("data");
        update(&dir, "ofac-cons", &server.url("/2020.xml"), &[])
            .0
            .ok();
        let spec = format!("ofac-cons={}", server.url("/2026.xml"));
        let crashed = vigil_with(
            &["lists", "update", "--source", "ofac-cons", "--url", &spec],
            &[("VIGIL_DATA_DIR", arg(&dir)), ("VIGIL_CRASH_AT", point)],
        );
        assert_eq!(
            crashed.code, None,
            "{point}: killed by a signal: {crashed:#?}"
        );
        assert_eq!(
            current(&dir, "ofac-cons").as_deref(),
            Some(after),
            "{point}"
        );
        let shown = run(&dir, &["lists", "show", "--json"]).ok().json();
        assert_eq!(shown["lists"][0]["source"], "ofac-cons", "{point}");

        // The next update finishes the job and tidies up.
        let (r, _) = update(&dir, "ofac-cons", &server.url("/2026.xml"), &[]);
        assert_eq!(r.code, Some(0), "{point}: {r:#?}");
        assert_eq!(
            current(&dir, "ofac-cons").as_deref(),
            Some(CONS_2026_ID),
            "{point}"
        );
        assert_eq!(tmp_leftovers(&dir), 0, "{point}");
        let v = run(&dir, &["lists", "versions", "--json"]).ok().json();
        assert_eq!(
            v["sources"][0]["versions"].as_array().unwrap().len(),
            2,
            "{point}"
        );
    }
}

#[test]
fn a_killed_update_and_two_updates_at_once() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/2020.xml", Reply::File(f.cons_2020.clone()));
    let slow = Reply::Slow {
        bytes: f.cons_2026.clone(),
        chunk: 64 * 1024,
        every: Duration::from_millis(100),
    };
    server.route("/2026.xml", slow);
    let data = TempDir::new("kill");
    let dir = data.path("data");
    update(&dir, "ofac-cons", &server.url("/2020.xml"), &[])
        .0
        .ok();
    let spec = format!("ofac-cons={}", server.url("/2026.xml"));
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_vigil"))
            .args(["lists", "update", "--source", "ofac-cons", "--url", &spec])
            .env("VIGIL_DATA_DIR", &dir)
            .env_remove("VIGIL_LISTS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vigil runs")
    };

    // Killed in the middle of the download (about 1.5 s long).
    let mut child = spawn();
    while server.seen("/2026.xml").is_empty() {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(current(&dir, "ofac-cons").as_deref(), Some(CONS_2020_ID));
    assert_eq!(
        tmp_leftovers(&dir),
        1,
        "the partial download is left in tmp/"
    );

    // Two at once: the second waits for the first, then finds nothing new.
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let text = |o: &std::process::Output| {
        (
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (a, b) = (text(&a), text(&b));
    let outs = [&a.0, &b.0];
    assert_eq!(
        outs.iter()
            .filter(|o| o.contains("updated to 00d16d5f63ca"))
            .count(),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(
        outs.iter().filter(|o| o.contains("unchanged")).count(),
        1,
        "{a:?} {b:?}"
    );
    assert!(
        a.1.contains("waiting") || b.1.contains("waiting"),
        "{a:?} {b:?}"
    );
    assert_eq!(current(&dir, "ofac-cons").as_deref(), Some(CONS_2026_ID));
    assert_eq!(
        tmp_leftovers(&dir),
        0,
        "the killed update's leftovers are cleared"
    );
}

#[test]
fn a_full_disk_fails_cleanly() {
    let Some(f) = files() else { return };
    let server = Server::start();
    server.route("/2020.xml", Reply::File(f.cons_2020.clone()));
    server.route("/2026.xml", Reply::File(f.cons_2026.clone()));
    let data = TempDir::new("full");
    let dir = data.path("data");
    update(&dir, "ofac-cons", &server.url("/2020.xml"), &[])
        .0
        .ok();
    // A file size limit of 200 KiB stands in for a full disk: writes past
    // it fail with EFBIG, as they would with ENOSPC.
    let script = format!(
        "trap '' XFSZ; ulimit -f 200; exec '{}' lists update --source ofac-cons --url 'ofac-cons={}'",
        env!("CARGO_BIN_EXE_vigil"),
        server.url("/2026.xml")
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .env("VIGIL_DATA_DIR", &dir)
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("FAILED, the current version stays"),
        "{stdout}"
    );
    assert!(stdout.contains("too large"), "{stdout}");
    assert_eq!(current(&dir, "ofac-cons").as_deref(), Some(CONS_2020_ID));
    assert_eq!(tmp_leftovers(&dir), 0);
}
