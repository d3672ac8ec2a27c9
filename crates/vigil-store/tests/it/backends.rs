//! A fresh store on each backend: a SQLite file in a temporary folder, and
//! a new database on the test PostgreSQL server.

use sqlx::{AnyConnection, Connection, Executor};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use vigil_store::Store;

/// One store under test, with a raw connection string for tampering.
pub(crate) struct Backend {
    pub(crate) name: &'static str,
    pub(crate) url: String,
    pub(crate) store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    /// A raw connection to the same database, bypassing the store.
    pub(crate) async fn raw(&self) -> AnyConnection {
        sqlx::any::install_default_drivers();
        AnyConnection::connect(&self.url)
            .await
            .expect("a raw connection")
    }

    /// Runs one statement behind the store's back.
    pub(crate) async fn tamper(&self, sql: &str) {
        let mut c = self.raw().await;
        c.execute(sqlx::AssertSqlSafe(sql.to_string()))
            .await
            .unwrap_or_else(|e| panic!("{}: {sql}: {e}", self.name));
    }
}

/// The test server's URL, or `None` when PostgreSQL cannot be had here
/// (which fails the tests under `VIGIL_REQUIRE_DATA=1`, as in CI).
fn postgres_url() -> Option<&'static str> {
    static URL: OnceLock<Option<String>> = OnceLock::new();
    URL.get_or_init(|| {
        let script = vigil_testdata::repo_root().join("scripts/postgres.sh");
        let out = Command::new("bash").arg(&script).output();
        match out {
            Ok(o) if o.status.success() => {
                let url = String::from_utf8_lossy(&o.stdout).trim().to_string();
                drop_old_databases(&url);
                Some(url)
            }
            other => {
                let why = match other {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).to_string(),
                    Err(e) => e.to_string(),
                };
                if std::env::var("VIGIL_REQUIRE_DATA").as_deref() == Ok("1") {
                    panic!("PostgreSQL could not be started for the tests: {why}");
                }
                eprintln!("NOTICE: PostgreSQL could not be started; testing SQLite only: {why}");
                None
            }
        }
    })
    .as_deref()
}

/// Drops the databases earlier test runs left on the server.
fn drop_old_databases(url: &str) {
    let url = url.to_string();
    let mine = format!("vigil_test_{}_", std::process::id());
    let run = async move {
        sqlx::any::install_default_drivers();
        let mut admin = AnyConnection::connect(&url).await.ok()?;
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT datname::text FROM pg_database WHERE datname LIKE 'vigil\\_test\\_%'",
        )
        .fetch_all(&mut admin)
        .await
        .ok()?;
        for n in names.iter().filter(|n| !n.starts_with(&mine)) {
            let _ = admin
                .execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {n}")))
                .await;
        }
        Some(())
    };
    // Called once, from whichever test gets here first, on a runtime of its own.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(run)
    })
    .join()
    .expect("the clean-up thread ends");
}

/// A fresh SQLite store and, when PostgreSQL is available, a fresh one in a
/// new database there.
pub(crate) async fn backends() -> Vec<Backend> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("vigil.db").display()
    );
    out.push(Backend {
        name: "sqlite",
        store: Store::open(&url).await.expect("the SQLite store opens"),
        url,
        _dir: Some(dir),
    });
    if let Some(server) = postgres_url() {
        sqlx::any::install_default_drivers();
        let db = format!("vigil_test_{}_{n}", std::process::id());
        let mut admin = AnyConnection::connect(server)
            .await
            .expect("the server answers");
        admin
            .execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db}")))
            .await
            .unwrap();
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
            .await
            .unwrap();
        let url = format!("{}/{db}", server.rsplit_once('/').unwrap().0);
        out.push(Backend {
            name: "postgres",
            store: Store::open(&url).await.expect("the PostgreSQL store opens"),
            url,
            _dir: None,
        });
    }
    out
}
