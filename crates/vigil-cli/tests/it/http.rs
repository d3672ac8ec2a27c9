//! A small HTTP server on loopback for the list-update tests: it serves
//! files as a publisher would (with an ETag, answering conditional
//! requests), and the ways publishers fail: truncated bodies, HTML error
//! pages, empty bodies, errors, slowness. No test touches the internet.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a path answers.
#[derive(Clone)]
pub(crate) enum Reply {
    /// 200 with the bytes, an ETag, and 304 to a matching `If-None-Match`.
    File(Vec<u8>),
    /// 200 announcing the full length but closing after half the bytes.
    CutShort(Vec<u8>),
    /// 200 with the first half of the bytes and no length: a truncated
    /// file that looks complete to the transfer.
    Half(Vec<u8>),
    /// 200 with an HTML page (a portal's error page).
    Html,
    /// 200 with no body.
    Empty,
    /// This status with a short text body.
    Status(u16),
    /// `n` answers 503, then the file.
    FailThen(u32, Vec<u8>),
    /// The file, one chunk of `chunk` bytes every `every`.
    Slow {
        bytes: Vec<u8>,
        chunk: usize,
        every: Duration,
    },
}

/// One request as received.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) path: String,
    pub(crate) headers: HashMap<String, String>,
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, Reply>,
    seen: Vec<Seen>,
    failures_left: HashMap<String, u32>,
}

/// The running server; it stops with the test process.
#[derive(Clone)]
pub(crate) struct Server {
    addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

impl Server {
    pub(crate) fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let s = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let s = s.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &s);
                });
            }
        });
        Server { addr, shared }
    }

    /// Sets how `path` answers.
    pub(crate) fn route(&self, path: &str, reply: Reply) {
        let mut s = self.shared.lock().unwrap();
        if let Reply::FailThen(n, _) = &reply {
            s.failures_left.insert(path.to_string(), *n);
        }
        s.routes.insert(path.to_string(), reply);
    }

    /// The URL of `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The requests received for `path`.
    pub(crate) fn seen(&self, path: &str) -> Vec<Seen> {
        let s = self.shared.lock().unwrap();
        s.seen.iter().filter(|r| r.path == path).cloned().collect()
    }
}

fn etag_of(bytes: &[u8]) -> String {
    // FNV-1a: enough to tell the test files apart.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

fn handle(stream: TcpStream, shared: &Mutex<Shared>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let reply = {
        let mut s = shared.lock().unwrap();
        s.seen.push(Seen {
            path: path.clone(),
            headers: headers.clone(),
        });
        let reply = s.routes.get(&path).cloned();
        match reply {
            Some(Reply::FailThen(_, bytes)) => {
                let left = s.failures_left.entry(path.clone()).or_insert(0);
                if *left > 0 {
                    *left -= 1;
                    Some(Reply::Status(503))
                } else {
                    Some(Reply::File(bytes))
                }
            }
            other => other,
        }
    };
    let mut out = stream;
    let head = |status: &str, extra: &str, len: Option<usize>| {
        let len = len
            .map(|n| format!("Content-Length: {n}\r\n"))
            .unwrap_or_default();
        format!("HTTP/1.1 {status}\r\n{extra}{len}Connection: close\r\n\r\n")
    };
    match reply {
        None => {
            out.write_all(head("404 Not Found", "", Some(9)).as_bytes())?;
            out.write_all(b"not found")?;
        }
        Some(Reply::File(bytes)) => {
            let etag = etag_of(&bytes);
            if headers.get("if-none-match") == Some(&etag) {
                out.write_all(
                    head("304 Not Modified", &format!("ETag: {etag}\r\n"), None).as_bytes(),
                )?;
            } else {
                let extra = format!(
                    "ETag: {etag}\r\nLast-Modified: Mon, 30 Nov 2026 06:00:00 GMT\r\n\
                     Content-Type: application/xml\r\n"
                );
                out.write_all(head("200 OK", &extra, Some(bytes.len())).as_bytes())?;
                out.write_all(&bytes)?;
            }
        }
        Some(Reply::CutShort(bytes)) => {
            out.write_all(head("200 OK", "", Some(bytes.len())).as_bytes())?;
            out.write_all(&bytes[..bytes.len() / 2])?;
        }
        Some(Reply::Half(bytes)) => {
            out.write_all(head("200 OK", "", None).as_bytes())?;
            out.write_all(&bytes[..bytes.len() / 2])?;
        }
        Some(Reply::Html) => {
            let page = b"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\
                         <body><h1>The service is temporarily unavailable</h1></body></html>\n";
            out.write_all(
                head("200 OK", "Content-Type: text/html\r\n", Some(page.len())).as_bytes(),
            )?;
            out.write_all(page)?;
        }
        Some(Reply::Empty) => {
            out.write_all(head("200 OK", "", Some(0)).as_bytes())?;
        }
        Some(Reply::Status(code)) => {
            let body = format!("error {code}");
            out.write_all(head(&format!("{code} Error"), "", Some(body.len())).as_bytes())?;
            out.write_all(body.as_bytes())?;
        }
        Some(Reply::FailThen(..)) => unreachable!("resolved above"),
        Some(Reply::Slow {
            bytes,
            chunk,
            every,
        }) => {
            out.write_all(head("200 OK", "", Some(bytes.len())).as_bytes())?;
            for piece in bytes.chunks(chunk) {
                out.write_all(piece)?;
                out.flush()?;
                std::thread::sleep(every);
            }
        }
    }
    out.flush()?;
    // Let the client read everything before the socket closes.
    let _ = out.shutdown(std::net::Shutdown::Write);
    let mut sink = [0u8; 64];
    let _ = reader
        .get_mut()
        .set_read_timeout(Some(Duration::from_millis(200)));
    let _ = reader.get_mut().read(&mut sink);
    Ok(())
}
