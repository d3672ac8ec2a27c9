//! `vigil serve` as a process on loopback: the real binary, a real socket.
//!
//! Properties checked:
//! 1. it listens on the port it prints, answers health, screening and
//!    yente's `/match` over HTTP, with API keys when configured;
//! 2. SIGHUP reloads the lists (the generation goes up) without failing
//!    a request; SIGTERM stops it cleanly (exit 0);
//! 3. the real `yente-client` package from PyPI works against it
//!    (installed by `scripts/python-env.sh`);
//! 4. schemathesis, generating requests from `/openapi.json`, gets no
//!    server error from any operation;
//! 5. with `--refresh-every` it downloads the lists into its data
//!    directory at start and again on schedule, and serves a new version
//!    as soon as one is current.

use crate::util::{TempDir, arg, vigil};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `vigil serve` process on a free loopback port, stopped on drop.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    _database: TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        Server::start_with(extra, &[])
    }

    /// Starts with these environment variables too.
    pub(crate) fn start_with(extra: &[&str], env: &[(&str, &str)]) -> Server {
        // A case database of its own, unless the test names a data
        // directory whose database it reads itself.
        let database = TempDir::new("serve-db");
        let own_db = !env.iter().any(|(k, _)| *k == "VIGIL_DATA_DIR");
        let mut command = Command::new(env!("CARGO_BIN_EXE_vigil"));
        command
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env_remove("VIGIL_LISTS")
            .env_remove("VIGIL_DATABASE")
            .env("VIGIL_DATA_DIR", crate::util::no_data_dir());
        if own_db {
            command.env("VIGIL_DATABASE", database.path("vigil.db"));
        }
        let mut child = command
            .envs(env.iter().copied())
            .env("VIGIL_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vigil serve starts");
        let stderr = child.stderr.take().expect("stderr piped");
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("vigil serve printed where it listens")
                .expect("stderr is text");
            if let Some(a) = line.strip_prefix("vigil: listening on http://") {
                break a.parse().expect("an address");
            }
        };
        // Keep draining stderr so that the server never blocks on it.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            addr,
            _database: database,
        }
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{sig} failed");
    }

    /// One HTTP/1.1 request; the status and body.
    pub(crate) fn http(
        &self,
        method: &str,
        path: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.raw(&req)
    }

    /// Sends a whole request as written; the status and body.
    pub(crate) fn raw(&self, req: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        let status = out[9..12].parse().expect("a status line");
        let body = out.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        // Chunked bodies: keep the JSON between the chunk sizes.
        let body = if out
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, body)
    }

    fn wait_exit(mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "vigil serve did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[test]
fn serves_reloads_and_stops() {
    let server = Server::start(&[]);
    let (status, body) = server.http("GET", "/healthz", "", &[]);
    assert_eq!((status, json(&body)["status"].as_str()), (200, Some("ok")));
    let (status, body) = server.http("GET", "/v1/screen?name=Chow%20Wai%20Ming", "", &[]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["matches"][0]["entity_id"], "demo:D003");
    let (status, body) = server.http(
        "POST",
        "/match/default",
        r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["KIM Chol Su"]}}}}"#,
        &[],
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json(&body)["responses"]["q"]["results"][0]["id"],
        "demo:D011"
    );
    let (status, body) = server.http(
        "POST",
        "/v1/screen",
        r#"{"name": "x", "dob": "1970-02-30"}"#,
        &[],
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(json(&body)["error"]["field"], "dob");

    // SIGHUP: reloaded while requests go on, none failing.
    server.signal("HUP");
    let start = Instant::now();
    loop {
        let (status, body) = server.http("GET", "/v1/screen?name=Chow%20Wai%20Ming", "", &[]);
        assert_eq!(status, 200, "{body}");
        if json(&body)["generation"] == 2 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no reload after SIGHUP"
        );
    }

    server.signal("TERM");
    assert_eq!(server.wait_exit(), Some(0));
}

#[test]
fn api_keys_over_loopback() {
    let dir = TempDir::new("serve-keys");
    let made = vigil(&["api-key", "new", "--label", "tests"]).ok();
    let field = |n: usize, prefix: &str| {
        let line = made.stdout.lines().nth(n).expect("two lines");
        line.trim_start_matches(prefix).trim().to_string()
    };
    let (key, line) = (field(0, "key:"), field(1, "line:"));
    let keys = dir.write("keys", &format!("{line}\n"));
    let server = Server::start(&["--api-keys", arg(&keys)]);
    let (status, _) = server.http("GET", "/v1/lists", "", &[]);
    assert_eq!(status, 401);
    let (status, _) = server.http("GET", "/healthz", "", &[]);
    assert_eq!(status, 200);
    let auth = format!("Bearer {key}");
    let (status, body) = server.http("GET", "/v1/lists", "", &[("Authorization", &auth)]);
    assert_eq!(status, 200, "{body}");
}

/// The Python interpreter with the test client packages, installed by the
/// project's script once per test run (tests run in parallel; one install);
/// `None` with a notice when it cannot be installed (no network), unless
/// `VIGIL_REQUIRE_DATA=1` (CI), where that fails.
fn python_env() -> Option<PathBuf> {
    static ENV: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ENV.get_or_init(install_python_env).clone()
}

fn install_python_env() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(root.join("scripts/python-env.sh"))
        .current_dir(&root)
        .stderr(Stdio::inherit())
        .output()
        .expect("scripts/python-env.sh runs");
    if !out.status.success() {
        assert_ne!(
            std::env::var("VIGIL_REQUIRE_DATA").as_deref(),
            Ok("1"),
            "scripts/python-env.sh failed: the yente-client test cannot run"
        );
        eprintln!("NOTICE: scripts/python-env.sh failed; the yente-client test checks nothing");
        return None;
    }
    let path = String::from_utf8(out.stdout).unwrap();
    Some(root.join(path.lines().last().expect("the interpreter's path").trim()))
}

#[test]
fn the_real_yente_client_works() {
    let Some(python) = python_env() else {
        return;
    };
    let dir = TempDir::new("serve-yente");
    let key = "yente-client-test-key";
    let made = vigil(&["api-key", "new"]).ok();
    assert!(made.stdout.contains("sha256:"), "{made:#?}");
    let keys = dir.write("keys", &format!("{}\n", vigil_serve::auth::hash_line(key)));
    let server = Server::start(&["--api-keys", arg(&keys)]);
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/yente_client_check.py");
    let out = Command::new(python)
        .arg(script)
        .arg(format!("http://{}", server.addr))
        .arg(key)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("all checks passed"), "{stdout}\n{stderr}");
}

/// schemathesis (from PyPI) generates requests from `/openapi.json` for
/// every operation; none may get a server error.
#[test]
fn schemathesis_finds_no_server_error() {
    let Some(python) = python_env() else {
        return;
    };
    let server = Server::start(&[]);
    let st = python.with_file_name("st");
    // schemathesis keeps a cache in its working folder: a temporary one.
    let dir = TempDir::new("schemathesis");
    let out = Command::new(st)
        .current_dir(dir.path(""))
        .arg("run")
        .arg(format!("http://{}/openapi.json", server.addr))
        .args(["--checks", "not_a_server_error", "--max-examples", "20"])
        .args([
            "--suppress-health-check",
            "all",
            "--seed",
            "7",
            "--no-color",
        ])
        .output()
        .expect("schemathesis runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("passed"), "{stdout}\n{stderr}");
}

#[test]
fn serve_refreshes_the_lists_on_a_schedule() {
    use crate::http::{Reply, Server as Publisher};
    let (Some(old), Some(new)) = (
        vigil_testdata::list_path("ofac/non-sdn/consolidated-2020-12-14.xml"),
        vigil_testdata::list_path("ofac/non-sdn/consolidated.xml"),
    ) else {
        return;
    };
    let publisher = Publisher::start();
    publisher.route("/cons.xml", Reply::File(std::fs::read(&old).unwrap()));
    let dir = TempDir::new("refresh");
    // Only the loopback publisher: no test touches the internet.
    let sources = dir.write(
        "sources.toml",
        &format!(
            "[sources.ofac-sdn]\nenabled = false\n[sources.un]\nenabled = false\n\
             [sources.eu]\nenabled = false\n[sources.uk]\nenabled = false\n\
             [sources.ofac-cons]\nurl = \"{}\"\n",
            publisher.url("/cons.xml")
        ),
    );
    let data = dir.path("data");
    // A customer recorded before the person was designated.
    let customers = dir.write("customers.csv", "id,name\nc1,Michel Joseph Martelly\n");
    let out = dir.path("out.jsonl");
    let env = [("VIGIL_DATA_DIR", arg(&data))];
    crate::util::vigil_with(
        &[
            "batch",
            "--record",
            "--list",
            arg(&old),
            "--input",
            arg(&customers),
            "--output",
            arg(&out),
        ],
        &env,
    )
    .ok();
    let server = Server::start_with(
        &[
            "--refresh-every",
            "1s",
            "--monitor",
            "--sources",
            arg(&sources),
        ],
        &env,
    );
    let entities = || {
        let (status, body) = server.http("GET", "/v1/lists", "", &[]);
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["lists"][0]["source"], "ofac-cons", "{v:#}");
        v["lists"][0]["entities"].as_u64().unwrap()
    };
    assert_eq!(entities(), 376, "downloaded at start");

    publisher.route("/cons.xml", Reply::File(std::fs::read(new).unwrap()));
    let start = Instant::now();
    while entities() != 442 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the new version was not served"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, metrics) = server.http("GET", "/metrics", "", &[]);
    assert!(
        metrics.contains("vigil_list_refreshes_total{outcome=\"ok\"}"),
        "{metrics}"
    );
    let (_, body) = server.http("GET", "/v1/screen?name=BEKTAS%20Halis", "", &[]);
    assert!(
        !body.contains("ofac-cons:17526"),
        "delisted in 2026: {body}"
    );

    // --monitor: the stored customer was re-screened against the newly
    // designated, and alerted.
    let start = Instant::now();
    loop {
        let alerts = crate::util::vigil_with(&["alerts", "list", "--json"], &env)
            .ok()
            .json();
        if let Some(a) = alerts.as_array().and_then(|a| a.first()) {
            assert_eq!(a["subject_id"], "c1");
            assert_eq!(a["entity_id"], "ofac-cons:50476");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no alert after the update"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let events = crate::util::vigil_with(&["audit", "export"], &env)
        .ok()
        .stdout;
    assert!(events.contains("\"event\":\"list_update\""), "{events}");
    assert!(events.contains("\"event\":\"monitoring\""), "{events}");
    crate::util::vigil_with(&["audit", "verify"], &env).ok();

    let bad = vigil(&["serve", "--refresh-every", "1s", "--list", arg(&sources)]);
    assert_eq!(bad.code, Some(2), "{bad:#?}");
    assert!(bad.stderr.contains("does not go with --list"), "{bad:#?}");
}
