//! People, their sessions, and the settings an administrator changes.
//!
//! - Accounts have a role: an **analyst** decides alerts; a **supervisor**
//!   also approves or rejects the true matches others proposed (the
//!   four-eyes rule, see [`FOUR_EYES`]); an **admin** also manages accounts
//!   and settings and reloads the lists. Passwords are kept as Argon2id
//!   hashes (PHC strings); five wrong passwords in a row lock an account
//!   for fifteen minutes.
//! - A session is a random token given to the browser; the store keeps
//!   only its SHA-256, with the CSRF token forms must send back. Sessions
//!   end after an hour without use, or twelve hours after sign-in.
//! - Every login, failed login, logout, account change and setting change
//!   is appended to the audit log in the transaction that makes it.

use crate::Store;
use crate::audit::{NewEvent, append_in};
use crate::cases::{hex, sha256_hex};
use crate::error::{Doing, Error};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sqlx::Row;
use std::time::{Duration, SystemTime};

/// The setting that turns the four-eyes rule on (`on`, the default) or off:
/// with it on, a true-match decision waits for a supervisor other than the
/// one who proposed it.
pub const FOUR_EYES: &str = "four_eyes";

/// The settings an administrator may change, with their default values.
pub const SETTINGS: &[(&str, &str)] = &[(FOUR_EYES, "on")];

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

const MAX_FAILED_LOGINS: i64 = 5;
const LOCKOUT: Duration = Duration::from_secs(15 * 60);
const SESSION_IDLE: Duration = Duration::from_secs(60 * 60);
const SESSION_MAX: Duration = Duration::from_secs(12 * 60 * 60);

/// What an account may do; each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Screens names and decides alerts.
    Analyst,
    /// Also approves or rejects proposed true matches.
    Supervisor,
    /// Also manages accounts and settings, and reloads the lists.
    Admin,
}

impl Role {
    /// `analyst`, `supervisor` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// Reads a role's name.
    pub fn parse(s: &str) -> Result<Role, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "analyst" => Ok(Role::Analyst),
            "supervisor" => Ok(Role::Supervisor),
            "admin" => Ok(Role::Admin),
            other => Err(invalid(
                "role",
                format!("unknown role {other:?}: expected analyst, supervisor or admin"),
            )),
        }
    }
}

/// An account, without its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The name signed in with.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// What it may do.
    pub role: Role,
    /// Whether it may sign in.
    pub active: bool,
    /// When it was made.
    pub created_at: String,
}

impl User {
    /// How the audit log names it: `user:<username>`.
    pub fn actor(&self) -> String {
        format!("user:{}", self.username)
    }
}

/// A signed-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose.
    pub user: User,
    /// The token forms must send back (CSRF protection).
    pub csrf: String,
    /// When it ends if not used before.
    pub expires_at: String,
}

/// What a sign-in attempt gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Signed in: the token to give the browser, and the session.
    Ok {
        /// The session token (kept only hashed).
        token: String,
        /// The session.
        session: Session,
    },
    /// Wrong username or password, a disabled or locked account: the
    /// caller is told no more than that.
    Refused,
}

fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::Invalid {
        field: field.to_string(),
        message: message.into(),
    }
}

fn now() -> SystemTime {
    SystemTime::now()
}

fn stamp(t: SystemTime) -> String {
    vigil_core::date::rfc3339(t)
}

/// Random bytes from the operating system.
fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    use std::io::Read;
    let mut bytes = [0u8; N];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| Error::Damaged(format!("cannot read /dev/urandom: {e}")))?;
    Ok(bytes)
}

/// The Argon2id PHC string of a password.
fn hash_password(password: &str) -> Result<String, Error> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|e| Error::Damaged(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Damaged(format!("cannot hash a password: {e}")))
}

fn password_matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash no password matches, verified when the username is unknown so
/// that the answer takes as long as for a known one.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password anyone has").unwrap_or_default())
}

fn check_username(username: &str) -> Result<(), Error> {
    let ok = !username.is_empty()
        && username.len() <= 64
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "username",
            "1 to 64 characters: lower-case letters, digits, '.', '_', '-', '@'",
        ))
    }
}

fn check_password(password: &str) -> Result<(), Error> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(invalid(
            "password",
            format!("at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > 1024 {
        return Err(invalid("password", "at most 1024 bytes"));
    }
    Ok(())
}

const USER_COLUMNS: &str = "username, display_name, role, active, created_at";

fn user_of(r: &sqlx::any::AnyRow) -> Result<User, Error> {
    let d = "reading an account";
    let role: String = r.try_get("role").doing(d)?;
    let active: i64 = r.try_get("active").doing(d)?;
    Ok(User {
        username: r.try_get("username").doing(d)?,
        display_name: r.try_get("display_name").doing(d)?,
        role: Role::parse(&role).map_err(|_| Error::Damaged(format!("unknown role {role:?}")))?,
        active: active != 0,
        created_at: r.try_get("created_at").doing(d)?,
    })
}

impl Store {
    /// Makes an account. `actor` is who makes it (`cli:<user>`, `user:<admin>`).
    pub async fn create_user(
        &self,
        actor: &str,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
    ) -> Result<User, Error> {
        check_username(username)?;
        check_password(password)?;
        let display = if display_name.trim().is_empty() {
            username
        } else {
            display_name.trim()
        };
        let hash = hash_password(password)?;
        let at = stamp(now());
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query("SELECT 1 FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await
            .doing("looking for an account")?;
        if exists.is_some() {
            return Err(invalid(
                "username",
                format!("an account named {username:?} exists"),
            ));
        }
        sqlx::query(
            "INSERT INTO users (username, display_name, role, password_hash, active, \
             failed_logins, locked_until, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 1, 0, '', $5, $6)",
        )
        .bind(username)
        .bind(display)
        .bind(role.as_str())
        .bind(&hash)
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .doing("making an account")?;
        append_in(
            &mut tx,
            &NewEvent::new(
                actor,
                "account_created",
                &format!("user:{username}"),
                serde_json::json!({"role": role.as_str(), "display_name": display}),
            ),
        )
        .await?;
        tx.commit().await.doing("committing an account")?;
        self.user(username)
            .await?
            .ok_or_else(|| Error::NotFound(format!("account {username}")))
    }

    /// One account.
    pub async fn user(&self, username: &str) -> Result<Option<User>, Error> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        )))
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .doing("reading an account")?;
        row.as_ref().map(user_of).transpose()
    }

    /// Every account, by username.
    pub async fn users(&self) -> Result<Vec<User>, Error> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username"
        )))
        .fetch_all(&self.pool)
        .await
        .doing("listing accounts")?;
        rows.iter().map(user_of).collect()
    }

    /// Changes an account's role, whether it may sign in, or its password
    /// (each when given). Disabling an account or changing its password
    /// ends its sessions.
    pub async fn update_user(
        &self,
        actor: &str,
        username: &str,
        change: &UserChange,
    ) -> Result<User, Error> {
        if let Some(p) = &change.password {
            check_password(p)?;
        }
        let hash = change.password.as_deref().map(hash_password).transpose()?;
        let at = stamp(now());
        let mut tx = self.begin_write().await?;
        let before = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        )))
        .bind(username)
        .fetch_optional(&mut *tx)
        .await
        .doing("reading an account")?
        .ok_or_else(|| Error::NotFound(format!("account {username}")))?;
        let before = user_of(&before)?;
        let role = change.role.unwrap_or(before.role);
        let active = change.active.unwrap_or(before.active);
        sqlx::query("UPDATE users SET role = $1, active = $2, updated_at = $3 WHERE username = $4")
            .bind(role.as_str())
            .bind(i64::from(active))
            .bind(&at)
            .bind(username)
            .execute(&mut *tx)
            .await
            .doing("changing an account")?;
        if let Some(h) = &hash {
            sqlx::query(
                "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = '' \
                 WHERE username = $2",
            )
            .bind(h)
            .bind(username)
            .execute(&mut *tx)
            .await
            .doing("changing a password")?;
        }
        if hash.is_some() || !active {
            sqlx::query("DELETE FROM sessions WHERE username = $1")
                .bind(username)
                .execute(&mut *tx)
                .await
                .doing("ending sessions")?;
        }
        let mut payload = serde_json::Map::new();
        if role != before.role {
            payload.insert(
                "role".into(),
                serde_json::json!([before.role.as_str(), role.as_str()]),
            );
        }
        if active != before.active {
            payload.insert("active".into(), serde_json::json!([before.active, active]));
        }
        if hash.is_some() {
            payload.insert("password".into(), serde_json::json!("changed"));
        }
        append_in(
            &mut tx,
            &NewEvent::new(
                actor,
                "account_changed",
                &format!("user:{username}"),
                serde_json::Value::Object(payload),
            ),
        )
        .await?;
        tx.commit().await.doing("committing an account change")?;
        self.user(username)
            .await?
            .ok_or_else(|| Error::NotFound(format!("account {username}")))
    }

    /// Signs in: checks the password (Argon2id), counts failures and locks
    /// the account after five in a row, and opens a session. Every attempt
    /// is audited (`login`, `login_failed` with why); `from` says where it
    /// came from (an address).
    pub async fn login(&self, username: &str, password: &str, from: &str) -> Result<Login, Error> {
        let username = username.trim();
        let row = sqlx::query(
            "SELECT password_hash, active, failed_logins, locked_until FROM users \
             WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .doing("reading an account")?;
        let d = "reading an account";
        let (hash, active, failures, locked_until): (String, i64, i64, String) = match &row {
            Some(r) => (
                r.try_get(0).doing(d)?,
                r.try_get(1).doing(d)?,
                r.try_get(2).doing(d)?,
                r.try_get(3).doing(d)?,
            ),
            None => (decoy_hash().to_string(), 0, 0, String::new()),
        };
        let matches = password_matches(password, &hash);
        let t = now();
        let at = stamp(t);
        let refused = if row.is_none() {
            Some("unknown account")
        } else if active == 0 {
            Some("account disabled")
        } else if !locked_until.is_empty() && locked_until > at {
            Some("account locked after repeated failures")
        } else if !matches {
            Some("wrong password")
        } else {
            None
        };
        let mut tx = self.begin_write().await?;
        let object = format!("user:{username}");
        if let Some(why) = refused {
            let mut payload = serde_json::json!({"from": from, "why": why});
            if why == "wrong password" {
                let failures = failures + 1;
                let lock = if failures >= MAX_FAILED_LOGINS {
                    payload["locked_until"] = stamp(t + LOCKOUT).into();
                    stamp(t + LOCKOUT)
                } else {
                    String::new()
                };
                sqlx::query(
                    "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE username = $3",
                )
                .bind(if lock.is_empty() { failures } else { 0 })
                .bind(&lock)
                .bind(username)
                .execute(&mut *tx)
                .await
                .doing("counting a failed login")?;
            }
            append_in(
                &mut tx,
                &NewEvent::new("anonymous", "login_failed", &object, payload),
            )
            .await?;
            tx.commit().await.doing("committing a failed login")?;
            return Ok(Login::Refused);
        }
        let token = hex(&random_bytes::<32>()?);
        let csrf = hex(&random_bytes::<32>()?);
        let expires_at = stamp(t + SESSION_IDLE);
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = '' WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await
            .doing("signing in")?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(&at)
            .execute(&mut *tx)
            .await
            .doing("removing ended sessions")?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, username, csrf, created_at, expires_at, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(sha256_hex(&token))
        .bind(username)
        .bind(&csrf)
        .bind(&at)
        .bind(&expires_at)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .doing("opening a session")?;
        append_in(
            &mut tx,
            &NewEvent::new(
                &object,
                "login",
                &object,
                serde_json::json!({"from": from, "session": &sha256_hex(&token)[..16]}),
            ),
        )
        .await?;
        tx.commit().await.doing("committing a login")?;
        let session = self
            .session(&token)
            .await?
            .ok_or_else(|| Error::NotFound("the session just opened".to_string()))?;
        Ok(Login::Ok { token, session })
    }

    /// The live session a token belongs to, extending it: sessions end
    /// after an hour unused or twelve hours after sign-in, and with their
    /// account's being disabled.
    pub async fn session(&self, token: &str) -> Result<Option<Session>, Error> {
        let t = now();
        let at = stamp(t);
        let key = sha256_hex(token);
        // The session's own created_at is renamed so that `user_of` reads
        // the account's.
        let row = sqlx::query(
            "SELECT s.csrf, s.created_at AS session_created, s.expires_at, s.last_seen, \
             u.username, u.display_name, u.role, u.active, u.created_at \
             FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = $1",
        )
        .bind(&key)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a session")?;
        let Some(row) = row else { return Ok(None) };
        let d = "reading a session";
        let user = user_of(&row)?;
        let csrf: String = row.try_get(0).doing(d)?;
        let created: String = row.try_get(1).doing(d)?;
        let expires: String = row.try_get(2).doing(d)?;
        let last_seen: String = row.try_get(3).doing(d)?;
        let cap = vigil_core::date::parse_rfc3339(&created)
            .map(|c| stamp(c + SESSION_MAX))
            .unwrap_or_default();
        if !user.active || expires <= at || cap <= at {
            return Ok(None);
        }
        let mut expires_at = expires;
        // Extended at most once a minute: a page view is not a write.
        if vigil_core::date::parse_rfc3339(&last_seen)
            .is_none_or(|l| t.duration_since(l).unwrap_or_default() > Duration::from_secs(60))
        {
            expires_at = stamp(t + SESSION_IDLE).min(cap);
            sqlx::query(
                "UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE token_hash = $3",
            )
            .bind(&at)
            .bind(&expires_at)
            .bind(&key)
            .execute(&self.pool)
            .await
            .doing("extending a session")?;
        }
        Ok(Some(Session {
            user,
            csrf,
            expires_at,
        }))
    }

    /// Signs out: the session ends, audited.
    pub async fn logout(&self, token: &str) -> Result<(), Error> {
        let Some(session) = self.session(token).await? else {
            return Ok(());
        };
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(sha256_hex(token))
            .execute(&mut *tx)
            .await
            .doing("ending a session")?;
        let actor = session.user.actor();
        append_in(
            &mut tx,
            &NewEvent::new(&actor, "logout", &actor, serde_json::json!({})),
        )
        .await?;
        tx.commit().await.doing("committing a logout")
    }

    /// A setting's value, or its default (see [`SETTINGS`]).
    pub async fn setting(&self, key: &str) -> Result<String, Error> {
        let default = SETTINGS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
            .ok_or_else(|| invalid("key", format!("unknown setting {key:?}")))?;
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a setting")?;
        match row {
            Some(r) => r.try_get(0).doing("reading a setting"),
            None => Ok(default),
        }
    }

    /// Changes a setting, audited as a `config_change` with the old and
    /// new value.
    pub async fn set_setting(&self, actor: &str, key: &str, value: &str) -> Result<(), Error> {
        let value = value.trim().to_ascii_lowercase();
        if key == FOUR_EYES && !matches!(value.as_str(), "on" | "off") {
            return Err(invalid("four_eyes", "expected on or off"));
        }
        let old = self.setting(key).await?;
        let at = stamp(now());
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(key)
        .bind(&value)
        .bind(&at)
        .bind(actor)
        .execute(&mut *tx)
        .await
        .doing("changing a setting")?;
        append_in(
            &mut tx,
            &NewEvent::new(
                actor,
                "config_change",
                &format!("setting:{key}"),
                serde_json::json!({"old": old, "new": value}),
            ),
        )
        .await?;
        tx.commit().await.doing("committing a setting")
    }

    /// Whether the four-eyes rule is on.
    pub async fn four_eyes(&self) -> Result<bool, Error> {
        Ok(self.setting(FOUR_EYES).await? != "off")
    }
}

/// A change to an account: each field when given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChange {
    /// A new role.
    pub role: Option<Role>,
    /// Enable or disable.
    pub active: Option<bool>,
    /// A new password.
    pub password: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(password_matches("correct horse battery", &h));
        assert!(!password_matches("correct horse batterY", &h));
        assert!(!password_matches("anything", decoy_hash()));
        assert_ne!(h, hash_password("correct horse battery").unwrap(), "salted");
    }

    #[test]
    fn names_and_roles() {
        assert!(check_username("ana.lyst-1").is_ok());
        assert!(check_username("Ana").is_err());
        assert!(check_username("").is_err());
        assert!(check_password("short").is_err());
        assert_eq!(Role::parse("Supervisor").unwrap(), Role::Supervisor);
        assert!(Role::Admin > Role::Supervisor && Role::Supervisor > Role::Analyst);
        assert!(Role::parse("root").is_err());
    }
}
