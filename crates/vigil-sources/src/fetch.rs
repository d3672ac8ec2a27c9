//! Downloading one file: timeouts, retries with backoff, conditional
//! requests (ETag / Last-Modified), a size limit, and the SHA-256 of what
//! was written. Government endpoints are slow and flaky; a failed attempt
//! is retried, a truncated body is never taken for a whole one.

use crate::error::{Error, IoContext};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

/// How downloads behave.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// The longest one attempt at one file may take, body included.
    pub timeout: Duration,
    /// The longest a connection may take to open.
    pub connect_timeout: Duration,
    /// Attempts after the first when one fails for a reason that may pass
    /// (a connection error, a timeout, a truncated body, HTTP 5xx, 408, 429).
    pub retries: u32,
    /// The wait before the first retry; it doubles at each retry (capped at
    /// a minute), unless the server says `Retry-After`.
    pub retry_delay: Duration,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs(600),
            connect_timeout: Duration::from_secs(30),
            retries: 3,
            retry_delay: Duration::from_secs(2),
            max_bytes: 1 << 30,
        }
    }
}

/// What the server said last time, sent back so that an unchanged file is
/// not downloaded again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header.
    pub last_modified: Option<String>,
}

/// The result of one fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server said the file has not changed (HTTP 304).
    NotModified,
    /// The file was written to the destination.
    Downloaded(Downloaded),
}

/// A file written in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
    /// The validators the server gave with it.
    pub validators: Validators,
}

/// Told how a download goes, to show progress.
pub trait Progress: Sync {
    /// `done` bytes of `total` (when the server said) of `file` of `source`.
    fn bytes(&self, source: &str, file: &str, done: u64, total: Option<u64>);
    /// Something worth saying: a retry, a check result.
    fn note(&self, source: &str, text: &str);
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn bytes(&self, _: &str, _: &str, _: u64, _: Option<u64>) {}
    fn note(&self, _: &str, _: &str) {}
}

/// Downloads files with one connection pool and one set of options.
pub struct Fetcher {
    agent: ureq::Agent,
    options: HttpOptions,
}

/// One failed attempt, and whether another may succeed.
struct Failure {
    message: String,
    retry: bool,
    retry_after: Option<Duration>,
}

impl Failure {
    fn transient(message: String) -> Failure {
        Failure {
            message,
            retry: true,
            retry_after: None,
        }
    }

    fn fatal(message: String) -> Failure {
        Failure {
            message,
            retry: false,
            retry_after: None,
        }
    }
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(options: HttpOptions) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .user_agent(concat!(
                "vigil/",
                env!("CARGO_PKG_VERSION"),
                " (watchlist screening; +https://github.com/vigil-screening/vigil)"
            ))
            .build()
            .new_agent();
        Fetcher { agent, options }
    }

    /// Fetches `url` into `dest` (created or truncated), retrying what may
    /// pass. `validators` make the request conditional. `label` is the
    /// `(source, file)` shown in progress.
    pub fn fetch(
        &self,
        url: &str,
        dest: &Path,
        validators: &Validators,
        label: (&str, &str),
        progress: &dyn Progress,
    ) -> Result<Fetched, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = if let Some(path) = file_url_path(url) {
                copy_local(&path, dest, self.options.max_bytes)
            } else {
                self.attempt(url, dest, validators, label, progress)
            };
            match result {
                Ok(f) => return Ok(f),
                Err(AttemptError::Io(e)) => return Err(e),
                Err(AttemptError::Http(f)) => {
                    if !f.retry || attempt > self.options.retries {
                        let tries = if attempt == 1 {
                            String::new()
                        } else {
                            format!(" (after {attempt} attempts)")
                        };
                        return Err(Error::Download {
                            url: url.to_string(),
                            message: format!("{}{tries}", f.message),
                        });
                    }
                    let backoff = self
                        .options
                        .retry_delay
                        .saturating_mul(1 << (attempt - 1).min(10))
                        .min(Duration::from_secs(60));
                    let wait = f
                        .retry_after
                        .map(|r| r.min(Duration::from_secs(300)))
                        .unwrap_or(backoff);
                    progress.note(
                        label.0,
                        &format!(
                            "{}: {}; retrying in {:.1} s ({} of {})",
                            label.1,
                            f.message,
                            wait.as_secs_f64(),
                            attempt,
                            self.options.retries
                        ),
                    );
                    std::thread::sleep(wait);
                }
            }
        }
    }

    fn attempt(
        &self,
        url: &str,
        dest: &Path,
        validators: &Validators,
        label: (&str, &str),
        progress: &dyn Progress,
    ) -> Result<Fetched, AttemptError> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = &validators.last_modified {
            request = request.header("If-Modified-Since", lm);
        }
        let mut response = request
            .call()
            .map_err(|e| AttemptError::Http(Failure::transient(describe(&e))))?;
        let status = response.status();
        if status.as_u16() == 304 {
            return Ok(Fetched::NotModified);
        }
        if status.as_u16() != 200 {
            let reason = status.canonical_reason().unwrap_or("");
            let message = format!("the server answered HTTP {} {reason}", status.as_u16());
            let code = status.as_u16();
            let retry = code >= 500 || code == 408 || code == 429;
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(AttemptError::Http(Failure {
                message: message.trim_end().to_string(),
                retry,
                retry_after,
            }));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let total = response.body().content_length();
        if let Some(t) = total
            && t > self.options.max_bytes
        {
            return Err(AttemptError::Http(Failure::fatal(format!(
                "the file is {t} bytes, more than the {} allowed",
                self.options.max_bytes
            ))));
        }
        let reader = response
            .body_mut()
            .with_config()
            .limit(self.options.max_bytes.saturating_add(1))
            .reader();
        let mut sink = Sink::create(dest).map_err(AttemptError::Io)?;
        let mut on_bytes = |done| progress.bytes(label.0, label.1, done, total);
        let copied = sink.copy_from(reader, &mut on_bytes);
        let bytes = match copied {
            Ok(n) => n,
            Err(CopyError::Read(e)) => {
                let of = total.map(|t| format!(" of {t}")).unwrap_or_default();
                let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                    || e.to_string().starts_with("timeout");
                let message = if timed_out {
                    format!(
                        "timed out after {} s, with {}{of} bytes received",
                        self.options.timeout.as_secs_f64(),
                        sink.written
                    )
                } else {
                    format!(
                        "the download is truncated: it broke off after {}{of} bytes ({e})",
                        sink.written
                    )
                };
                return Err(AttemptError::Http(Failure::transient(message)));
            }
            Err(CopyError::Write(e)) => return Err(AttemptError::Io(Error::io(dest, e))),
        };
        if let Some(t) = total
            && t != bytes
            && bytes <= self.options.max_bytes
        {
            return Err(AttemptError::Http(Failure::transient(format!(
                "the download is truncated: {bytes} of {t} bytes"
            ))));
        }
        sink.finish(bytes, self.options.max_bytes, validators)
    }
}

/// Why an attempt failed: the network (maybe retried) or the local disk
/// (never retried: a full disk does not empty itself).
enum AttemptError {
    Http(Failure),
    Io(Error),
}

/// A human reading of a transport error.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(what) => format!("timed out ({what})"),
        ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        ureq::Error::Io(io) => format!("network error: {io}"),
        other => other.to_string(),
    }
}

/// The path of a `file://` URL.
fn file_url_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("file://"))
        .map(|_| &url[7..])?;
    // file:///abs/path and file://localhost/abs/path
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    Some(std::path::PathBuf::from(rest))
}

/// A `file://` source: a mirror on a local or network disk.
fn copy_local(src: &Path, dest: &Path, max_bytes: u64) -> Result<Fetched, AttemptError> {
    let file = File::open(src).map_err(|e| {
        AttemptError::Http(Failure::fatal(format!(
            "cannot open {}: {e}",
            src.display()
        )))
    })?;
    let mut sink = Sink::create(dest).map_err(AttemptError::Io)?;
    let bytes = match sink.copy_from(file.take(max_bytes + 1), &mut |_| {}) {
        Ok(n) => n,
        Err(CopyError::Read(e)) => {
            return Err(AttemptError::Http(Failure::fatal(format!(
                "cannot read {}: {e}",
                src.display()
            ))));
        }
        Err(CopyError::Write(e)) => return Err(AttemptError::Io(Error::io(dest, e))),
    };
    sink.finish(bytes, max_bytes, Validators::default())
}

/// A file being written, hashed as it goes, synced to disk at the end.
struct Sink<'a> {
    path: &'a Path,
    file: File,
    hash: Sha256,
    written: u64,
}

enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

impl<'a> Sink<'a> {
    fn create(path: &'a Path) -> Result<Sink<'a>, Error> {
        let file = File::create(path).at(path)?;
        Ok(Sink {
            path,
            file,
            hash: Sha256::new(),
            written: 0,
        })
    }

    fn copy_from(
        &mut self,
        mut reader: impl Read,
        on_bytes: &mut dyn FnMut(u64),
    ) -> Result<u64, CopyError> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => return Ok(self.written),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(CopyError::Read(e)),
            };
            self.file.write_all(&buf[..n]).map_err(CopyError::Write)?;
            self.hash.update(&buf[..n]);
            self.written += n as u64;
            on_bytes(self.written);
        }
    }

    /// Checks the size, syncs the file and gives its hash.
    fn finish(
        self,
        bytes: u64,
        max_bytes: u64,
        validators: Validators,
    ) -> Result<Fetched, AttemptError> {
        if bytes > max_bytes {
            return Err(AttemptError::Http(Failure::fatal(format!(
                "the file is larger than the {max_bytes} bytes allowed"
            ))));
        }
        self.file
            .sync_all()
            .at(self.path)
            .map_err(AttemptError::Io)?;
        Ok(Fetched::Downloaded(Downloaded {
            sha256: hex(&self.hash.finalize()),
            bytes,
            validators,
        }))
    }
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_give_paths() {
        assert_eq!(
            file_url_path("file:///srv/a.xml"),
            Some("/srv/a.xml".into())
        );
        assert_eq!(
            file_url_path("FILE://localhost/srv/a.xml"),
            Some("/srv/a.xml".into())
        );
        assert_eq!(file_url_path("https://x/a.xml"), None);
    }

    #[test]
    fn a_local_mirror_is_copied_and_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src.txt");
        std::fs::write(&src, b"abc").unwrap();
        let dest = dir.path().join("dest.txt");
        let f = Fetcher::new(HttpOptions::default());
        let url = format!("file://{}", src.display());
        let got = f
            .fetch(
                &url,
                &dest,
                &Validators::default(),
                ("t", "src.txt"),
                &Silent,
            )
            .unwrap();
        let Fetched::Downloaded(d) = got else {
            panic!("not downloaded")
        };
        assert_eq!(
            d.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(std::fs::read(&dest).unwrap(), b"abc");
        let missing = f.fetch(
            "file:///nonexistent/x",
            &dest,
            &Validators::default(),
            ("t", "x"),
            &Silent,
        );
        assert!(missing.unwrap_err().to_string().contains("cannot open"));
    }
}
