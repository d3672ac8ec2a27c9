//! Optional API keys, kept hashed at rest.
//!
//! The keys file holds one `sha256:<64 hex digits>` per line, optionally
//! followed by a label; `#` starts a comment. `vigil api-key new` makes a
//! key and prints its line. A request gives its key as
//! `Authorization: Bearer <key>`, `Authorization: ApiKey <key>` (what
//! yente clients send) or `X-API-Key: <key>`.

use anyhow::{Context, Result, bail};
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The configured keys, as SHA-256 digests with their labels.
#[derive(Debug, Clone, Default)]
pub struct ApiKeys {
    keys: Vec<([u8; 32], String)>,
}

impl ApiKeys {
    /// Reads a keys file.
    pub fn from_file(path: &Path) -> Result<ApiKeys> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the API keys file {}", path.display()))?;
        ApiKeys::parse(&text).with_context(|| format!("API keys file {}", path.display()))
    }

    /// Reads the lines of a keys file.
    pub fn parse(text: &str) -> Result<ApiKeys> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (hash, label) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let Some(hex) = hash.strip_prefix("sha256:") else {
                bail!(
                    "line {}: expected sha256:<64 hex digits> (keys are stored hashed; \
                     `vigil api-key new` makes one)",
                    n + 1
                );
            };
            let digest =
                parse_hex(hex).with_context(|| format!("line {}: not 64 hex digits", n + 1))?;
            keys.push((digest, label.trim().to_string()));
        }
        if keys.is_empty() {
            bail!("no key in the file");
        }
        Ok(ApiKeys { keys })
    }

    /// Whether keys are required.
    pub fn enabled(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The label of the key the request presents, if it is a known one.
    pub fn check(&self, headers: &HeaderMap) -> Option<&str> {
        let presented = presented_key(headers)?;
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.keys
            .iter()
            .find(|(k, _)| constant_time_eq(k, &digest))
            .map(|(_, label)| label.as_str())
    }
}

fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim());
    }
    let auth = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, key) = auth.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("apikey"))
        .then(|| key.trim())
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn parse_hex(hex: &str) -> Result<[u8; 32]> {
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("expected 64 hex digits");
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)?;
    }
    Ok(out)
}

/// The keys-file line for a key.
pub fn hash_line(key: &str) -> String {
    let digest = Sha256::digest(key.trim().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A new random key (32 bytes from the operating system, hex).
pub fn new_key() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("cannot read /dev/urandom")?;
    Ok(format!(
        "vgl_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    //! Properties checked: a key checks against its own line only, in every
    //! header form; malformed lines are refused with their line number.
    use super::*;

    #[test]
    fn keys_check() {
        let keys = ApiKeys::parse(&format!("# ops\n{} ops-team\n", hash_line("s3cret"))).unwrap();
        let mut h = HeaderMap::new();
        assert_eq!(keys.check(&h), None);
        h.insert("authorization", "Bearer s3cret".parse().unwrap());
        assert_eq!(keys.check(&h), Some("ops-team"));
        h.insert("authorization", "ApiKey s3cret".parse().unwrap());
        assert_eq!(keys.check(&h), Some("ops-team"));
        h.insert("authorization", "ApiKey wrong".parse().unwrap());
        assert_eq!(keys.check(&h), None);
        let mut h = HeaderMap::new();
        h.insert("x-api-key", "s3cret".parse().unwrap());
        assert_eq!(keys.check(&h), Some("ops-team"));
    }

    #[test]
    fn bad_lines() {
        let e = ApiKeys::parse("plain-key\n").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
        assert!(ApiKeys::parse("sha256:abc\n").is_err());
        assert!(ApiKeys::parse("# nothing\n").is_err());
        assert!(new_key().unwrap().starts_with("vgl_"));
    }
}
