//! vigil-serve: the HTTP API of vigil.
//!
//! One process holds the index of all loaded lists in memory and answers:
//! - vigil's own API under `/v1` ([`api`]): screening one query or a batch,
//!   entities with their list version, the lists loaded, reloads; subjects
//!   screened with memory ([`subjects`]) and the alerts they raise, with
//!   decisions and reviews ([`alerts`]);
//! - the analyst web UI under `/ui` ([`ui`]);
//! - the yente-compatible `POST /match/{dataset}` ([`yente`]), so that
//!   clients written for OpenSanctions' yente work unchanged;
//! - the W3C Reconciliation API at `/reconcile` ([`reconcile`]), for
//!   OpenRefine;
//! - `/healthz`, `/readyz`, Prometheus `/metrics`, the OpenAPI document at
//!   `/openapi.json` and its rendering at `/docs`.
//!
//! Every request takes the [`Snapshot`] current when it starts and
//! finishes on it; a reload builds a new one aside and swaps it in (on
//! SIGHUP, `POST /v1/admin/reload`, or after a scheduled [`Refresh`] brought
//! a new list version). Errors are JSON naming the field at fault
//! ([`error`]).
#![deny(missing_docs)]

pub mod alerts;
pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod reconcile;
pub mod state;
pub mod subjects;
pub mod ui;
pub mod yente;

pub use state::{AppState, Loader, ServeConfig, Snapshot, index_of};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use error::ApiError;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

/// The OpenAPI document, generated from the handlers and types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "vigil",
        description = "Watchlist screening with cross-script name matching and explained scores."
    ),
    paths(
        api::screen_get,
        api::screen_post,
        api::screen_batch,
        subjects::subjects_post,
        alerts::list,
        alerts::show,
        alerts::decide,
        alerts::review,
        api::entity,
        api::lists,
        api::reload,
        api::healthz,
        api::readyz,
        api::metrics,
        yente::match_entities,
        reconcile::service,
        reconcile::queries_post,
        reconcile::service_dataset,
        reconcile::queries_post_dataset,
        reconcile::preview,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    modifiers(&Security)
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The router over a state: every route, with request ids, logs, metrics,
/// API keys, body limits and timeouts.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body_bytes;
    Router::new()
        .route("/v1/screen", get(api::screen_get).post(api::screen_post))
        .route("/v1/screen/batch", post(api::screen_batch))
        .route("/v1/subjects", post(subjects::subjects_post))
        .route("/v1/alerts", get(alerts::list))
        .route("/v1/alerts/{id}", get(alerts::show))
        .route("/v1/alerts/{id}/decision", post(alerts::decide))
        .route("/v1/alerts/{id}/review", post(alerts::review))
        .route("/v1/entities/{id}", get(api::entity))
        .route("/v1/lists", get(api::lists))
        .route("/v1/admin/reload", post(api::reload))
        .route("/match/{dataset}", post(yente::match_entities))
        .route(
            "/reconcile",
            get(reconcile::service).post(reconcile::queries_post),
        )
        .route(
            "/reconcile/{dataset}",
            get(reconcile::service_dataset).post(reconcile::queries_post_dataset),
        )
        .route("/reconcile/preview", get(reconcile::preview))
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/metrics", get(api::metrics))
        .merge(SwaggerUi::new("/docs").url("/openapi.json", ApiDoc::openapi()))
        .merge(ui::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take this method; see /openapi.json",
    )
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such route; see /openapi.json or /docs")
}

/// API keys and the timeout, inside the request log.
async fn guard(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // The UI has accounts and sessions of its own.
    let open = matches!(path, "/healthz" | "/readyz" | "/" | "/favicon.ico")
        || path == "/ui"
        || path.starts_with("/ui/");
    let keys = state.keys();
    let label = keys.check(req.headers()).map(str::to_string);
    if !open && keys.enabled() && label.is_none() {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "an API key is required: Authorization: Bearer <key>, or X-API-Key",
        )
        .into_response();
    }
    // API keys are service accounts: what they do is audited under them.
    let actor = match label {
        Some(l) if !l.is_empty() => format!("api-key:{l}"),
        Some(_) => "api-key".to_string(),
        None => "api".to_string(),
    };
    req.extensions_mut().insert(subjects::Actor(actor));
    match tokio::time::timeout(state.config.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {:?}; try fewer records",
                state.config.timeout
            ),
        )
        .into_response(),
    }
}

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(0);

/// The request id (the caller's `X-Request-Id`, else a new one), one JSON
/// log line per request, and the metrics.
async fn observe(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{:x}-{:x}",
                std::process::id(),
                REQUEST_SEQ.fetch_add(1, Ordering::Relaxed)
            )
        });
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert("x-request-id", v);
    }
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    let elapsed = start.elapsed();
    let status = res.status().as_u16();
    state.metrics.observe(&route, &method, status, elapsed);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    let micros = elapsed.as_micros() as u64;
    if status >= 500 {
        tracing::error!(request_id = %id, %method, %path, %route, status, micros, "request");
    } else {
        tracing::info!(request_id = %id, %method, %path, %route, status, micros, "request");
    }
    res
}

/// Structured JSON logs on stderr; `VIGIL_LOG` filters (default `info`).
/// Lines are written by a background thread, in batches, so that a request
/// does not wait for its log line's write; keep the guard until exit (it
/// flushes what is left).
pub fn init_logging() -> tracing_appender::non_blocking::WorkerGuard {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VIGIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Not lossy: under a burst, requests wait for the log rather than lines
    // being dropped.
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_current_span(false)
        .try_init();
    guard
}

/// A scheduled refresh: every `every`, `run` downloads new list versions
/// (on a blocking thread) and the server reloads when one became current.
#[derive(Clone)]
pub struct Refresh {
    /// The time between two refreshes.
    pub every: Duration,
    /// Fetches the lists; says what happened.
    pub run: Arc<dyn Fn() -> anyhow::Result<Refreshed> + Send + Sync>,
}

/// What one refresh did.
#[derive(Debug, Clone, Default)]
pub struct Refreshed {
    /// Whether a new version of some list became current.
    pub updated: bool,
    /// Sources that failed or whose download was refused (their current
    /// version goes on serving).
    pub problems: Vec<String>,
}

/// Serves until SIGTERM or Ctrl-C, reloading the lists on SIGHUP and after
/// each `refresh` that brought a new version. Requests in flight finish
/// before the process exits.
pub async fn serve(
    state: Arc<AppState>,
    bind: SocketAddr,
    refresh: Option<Refresh>,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?;
    let local = listener.local_addr()?;
    let s = state.snapshot();
    tracing::info!(
        address = %local,
        entities = s.index.stats().entities,
        lists = s.lists.len(),
        api_keys = state.keys().enabled(),
        "listening"
    );
    // Scripts read this line to learn the port when binding to port 0.
    eprintln!("vigil: listening on http://{local}");
    spawn_reload_on_hangup(state.clone());
    if let Some(r) = refresh {
        spawn_refresh(state.clone(), r);
    }
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("stopped");
    Ok(())
}

fn spawn_reload_on_hangup(state: Arc<AppState>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hup.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading the lists");
            state.reload().await;
        }
    });
}

fn spawn_refresh(state: Arc<AppState>, refresh: Refresh) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(refresh.every).await;
            let run = refresh.run.clone();
            let done = tokio::task::spawn_blocking(move || run()).await;
            let result = done.unwrap_or_else(|e| Err(anyhow::anyhow!("the refresh panicked: {e}")));
            match result {
                Ok(r) => {
                    state.metrics.refreshed(r.problems.is_empty());
                    for p in &r.problems {
                        tracing::error!(problem = %p, "list refresh: the current version stays");
                    }
                    if r.updated {
                        tracing::info!("list refresh: a new version is current; reloading");
                        state.reload().await;
                    }
                }
                Err(e) => {
                    state.metrics.refreshed(false);
                    tracing::error!(error = %format!("{e:#}"), "list refresh failed");
                }
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
