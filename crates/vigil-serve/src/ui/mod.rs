//! The analyst web UI, under `/ui`: server-rendered HTML from templates
//! compiled into the binary (askama), one stylesheet, no script and nothing
//! loaded from elsewhere, so that it works on a closed network.
//!
//! - Sign-in opens a session ([`vigil_store::accounts`]): an `HttpOnly`,
//!   `SameSite=Strict` cookie holding a random token the store keeps only
//!   hashed. Every page but the sign-in page needs one ([`Viewer`]).
//! - Every form that changes something carries the session's CSRF token,
//!   checked on the server; a `POST` whose `Origin` is another site is
//!   refused before any handler runs.
//! - What someone does here is audited under `user:<username>`.
//! - Roles: analysts screen and decide; supervisors also approve proposed
//!   true matches (the four-eyes rule); admins also manage accounts and
//!   settings and reload the lists.
//! - Pages are plain HTML forms and tables with labels, headings, a skip
//!   link and visible focus: usable with the keyboard and a screen reader.
//!   Charts are SVG with a title, and their numbers are in a table too.

mod pages;
pub(crate) mod view;

use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use vigil_store::{Role, User};

/// The session cookie's name.
pub const COOKIE: &str = "vigil_session";

/// The header the UI's middleware sets to the peer's address (any value a
/// client sent in it is dropped first).
const CLIENT_HEADER: &str = "x-vigil-peer";

/// The UI's routes.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/") }))
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/", get(pages::dashboard))
        .route("/ui/login", get(pages::login_form).post(pages::login))
        .route("/ui/logout", post(pages::logout))
        .route("/ui/screen", get(pages::screen_form).post(pages::screen))
        .route("/ui/alerts", get(pages::alerts))
        .route("/ui/alerts/{id}", get(pages::alert))
        .route("/ui/alerts/{id}/decide", post(pages::decide))
        .route("/ui/alerts/{id}/review", post(pages::review))
        .route("/ui/entities/{*id}", get(pages::entity))
        .route("/ui/lists", get(pages::lists))
        .route("/ui/lists/reload", post(pages::reload))
        .route("/ui/lists/{source}/changes", get(pages::changes))
        .route("/ui/users", get(pages::users).post(pages::add_user))
        .route("/ui/users/{name}", post(pages::change_user))
        .route(
            "/ui/settings",
            get(pages::settings).post(pages::change_settings),
        )
        .route("/ui/audit", get(pages::audit))
        .route("/ui/static/vigil.css", get(css))
        .route("/ui/{*rest}", get(no_page))
        .route("/favicon.ico", get(favicon))
        .route("/ui/static/favicon.svg", get(favicon))
        .layer(middleware::from_fn(protect))
}

async fn no_page() -> UiError {
    UiError::new(StatusCode::NOT_FOUND, "There is no such page.")
}

async fn css() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../assets/vigil.css"),
    )
}

async fn favicon() -> Response {
    asset("image/svg+xml", include_str!("../../assets/favicon.svg"))
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Refuses cross-site form posts, and sets the security headers of every
/// page: no framing, no sniffing, nothing loaded from elsewhere, no cache
/// of pages that show case data.
async fn protect(mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    req.headers_mut().remove(CLIENT_HEADER);
    if let Some(v) = peer.and_then(|p| HeaderValue::from_str(&p).ok()) {
        req.headers_mut().insert(CLIENT_HEADER, v);
    }
    if req.method() == Method::POST && !same_origin(req.headers()) {
        return UiError::new(
            StatusCode::FORBIDDEN,
            "This form was sent from another site; it was refused.",
        )
        .into_response();
    }
    let is_asset = req.uri().path().starts_with("/ui/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Whether a POST comes from this site: its `Origin` (or, without one, its
/// `Referer`) names the host it was sent to. Neither header: a client that
/// is not a browser, which the CSRF token still guards.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match from {
        None => true,
        Some(o) => {
            let rest = o.split_once("://").map_or(o, |(_, r)| r);
            let authority = rest.split('/').next().unwrap_or("");
            !host.is_empty() && authority.eq_ignore_ascii_case(host)
        }
    }
}

/// The value of a cookie.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Who is looking: the signed-in account of a live session. A handler that
/// takes one is behind sign-in; without a session the browser is sent to
/// the sign-in page, and back afterwards.
pub struct Viewer {
    /// The account.
    pub user: User,
    /// The session's CSRF token, put in every form.
    pub csrf: String,
    token: String,
}

impl Viewer {
    /// How the audit log names the viewer.
    pub fn actor(&self) -> String {
        self.user.actor()
    }

    /// Checks a form's CSRF token.
    pub fn check_csrf(&self, sent: &str) -> Result<(), UiError> {
        let (a, b) = (self.csrf.as_bytes(), sent.as_bytes());
        let same =
            a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
        if same {
            Ok(())
        } else {
            Err(UiError::new(
                StatusCode::FORBIDDEN,
                "This form is out of date (its security token does not match your session). \
                 Go back, reload the page and send it again.",
            ))
        }
    }

    /// Refuses a viewer below `role`.
    pub fn require(&self, role: Role) -> Result<(), UiError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(UiError::new(
                StatusCode::FORBIDDEN,
                format!("This needs the {} role.", role.as_str()),
            ))
        }
    }

    /// The page frame for this viewer, `active` naming the current tab.
    pub(crate) fn chrome(&self, active: &'static str) -> Chrome {
        Chrome {
            signed_in: true,
            display_name: self.user.display_name.clone(),
            role: self.user.role.as_str(),
            admin: self.user.role >= Role::Admin,
            supervisor: self.user.role >= Role::Supervisor,
            csrf: self.csrf.clone(),
            active,
        }
    }
}

impl FromRequestParts<Arc<AppState>> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Viewer, Response> {
        let store = pages::store(state).map_err(IntoResponse::into_response)?;
        let to_login = || {
            let next = parts
                .uri
                .path_and_query()
                .map_or("/ui/", |p| p.as_str())
                .to_string();
            Redirect::to(&format!("/ui/login?next={}", view::enc(&next))).into_response()
        };
        let Some(token) = cookie(&parts.headers, COOKIE) else {
            return Err(to_login());
        };
        match store.session(token).await {
            Ok(Some(s)) => Ok(Viewer {
                user: s.user,
                csrf: s.csrf,
                token: token.to_string(),
            }),
            Ok(None) => Err(to_login()),
            Err(e) => Err(UiError::from(e).into_response()),
        }
    }
}

/// What every page's frame shows: who is signed in and the tabs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chrome {
    pub(crate) signed_in: bool,
    pub(crate) display_name: String,
    pub(crate) role: &'static str,
    pub(crate) admin: bool,
    pub(crate) supervisor: bool,
    pub(crate) csrf: String,
    pub(crate) active: &'static str,
}

/// An error shown as a page: the status, and a message that says what to
/// do (and which field, for a form).
#[derive(Debug)]
pub struct UiError {
    status: StatusCode,
    message: String,
}

impl UiError {
    /// An error with its status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> UiError {
        UiError {
            status,
            message: message.into(),
        }
    }
}

impl From<vigil_store::Error> for UiError {
    fn from(e: vigil_store::Error) -> UiError {
        let status = match &e {
            vigil_store::Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            vigil_store::Error::Conflict(_) => StatusCode::CONFLICT,
            vigil_store::Error::Forbidden(_) => StatusCode::FORBIDDEN,
            vigil_store::Error::NotFound(_) => StatusCode::NOT_FOUND,
            _ => {
                tracing::error!(error = %e, "the case database failed");
                StatusCode::SERVICE_UNAVAILABLE
            }
        };
        UiError::new(status, e.to_string())
    }
}

/// An API error about a field names the field as its form label says.
impl From<crate::error::ApiError> for UiError {
    fn from(e: crate::error::ApiError) -> UiError {
        let message = match &e.detail.field {
            Some(f) => format!("{}: {}", pages::field_label(f), e.detail.message),
            None => e.detail.message,
        };
        UiError::new(e.status, message)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: String,
    message: String,
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            chrome: Chrome::default(),
            status: format!(
                "{} {}",
                self.status.as_u16(),
                self.status.canonical_reason().unwrap_or("")
            ),
            message: self.message,
        };
        (self.status, render(&page)).into_response()
    }
}

/// A template rendered as a page.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered; the server log says why",
            )
                .into_response()
        }
    }
}

/// The `Set-Cookie` value of a session (`Secure` when the server is told
/// it is reached over HTTPS).
fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_cookies() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(same_origin(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!same_origin(&h));
        h.insert(
            header::COOKIE,
            "a=1; vigil_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        assert!(session_cookie("t", true).ends_with("; Secure"));
    }
}
