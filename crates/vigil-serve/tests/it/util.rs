//! A server state over the demo list, and requests sent to its router.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower::ServiceExt;
use vigil_lists::{Loaded, demo_list};
use vigil_serve::{AppState, Loader, ServeConfig, Snapshot, router};

/// A state over the demo list; its loader fails while `fail` is set.
pub(crate) fn state_with(config: ServeConfig, fail: Arc<AtomicBool>) -> Arc<AppState> {
    let loader: Loader = Arc::new(move || {
        if fail.load(Ordering::SeqCst) {
            anyhow::bail!("the test made this load fail");
        }
        Ok(Loaded {
            lists: vec![demo_list()],
            ..Loaded::default()
        })
    });
    let snapshot = Snapshot::build(loader().expect("the demo list loads"), 1);
    Arc::new(AppState::new(snapshot, loader, config))
}

pub(crate) fn state() -> Arc<AppState> {
    state_with(ServeConfig::default(), Arc::new(AtomicBool::new(false)))
}

/// A response: status, content type and body.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    pub(crate) body: String,
    pub(crate) request_id: Option<String>,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }

    /// Asserts an error response of `status` naming `field`, and returns
    /// its message.
    #[track_caller]
    pub(crate) fn error(&self, status: u16, field: Option<&str>) -> String {
        assert_eq!(self.status.as_u16(), status, "{self:#?}");
        let j = self.json();
        assert_eq!(j["error"]["field"].as_str(), field, "{self:#?}");
        j["error"]["message"]
            .as_str()
            .expect("a message")
            .to_string()
    }
}

pub(crate) async fn send(state: &Arc<AppState>, req: Request<Body>) -> Reply {
    let res = router(state.clone())
        .oneshot(req)
        .await
        .expect("infallible");
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let request_id = res
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).to_string(),
        request_id,
    }
}

pub(crate) async fn get(state: &Arc<AppState>, uri: &str) -> Reply {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub(crate) async fn post(state: &Arc<AppState>, uri: &str, body: &str) -> Reply {
    send(
        state,
        Request::post(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

pub(crate) async fn post_form(state: &Arc<AppState>, uri: &str, body: &str) -> Reply {
    send(
        state,
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}
