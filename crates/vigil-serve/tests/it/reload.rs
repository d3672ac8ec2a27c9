//! Reloads swap the lists atomically; a failed one leaves the old lists
//! serving and says so.
//!
//! Properties checked:
//! 1. a reload bumps the generation; a snapshot taken before it (a request
//!    in flight) still answers from the old lists;
//! 2. a failing load answers 503 with the reason, keeps serving, and
//!    `/readyz` and `/v1/lists` report it; the next good reload clears it;
//! 3. a reload reads the API keys file again (rotation without restart),
//!    and a broken keys file swaps nothing.

use crate::util::{get, post, state_with};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use vigil_core::matching::Query;
use vigil_index::ScreenOptions;
use vigil_serve::ServeConfig;

#[tokio::test]
async fn reload_swaps_and_failures_keep_the_old_lists() {
    let fail = Arc::new(AtomicBool::new(false));
    let s = state_with(ServeConfig::default(), fail.clone());
    let in_flight = s.snapshot();

    let r = post(&s, "/v1/admin/reload", "").await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(r.json()["outcome"], "ok");
    assert_eq!(get(&s, "/v1/lists").await.json()["generation"], 2);
    // The request that started before the reload finishes on its lists.
    assert_eq!(in_flight.generation, 1);
    let q = Query::name("Chow Wai Ming").prepare().unwrap();
    let hits = in_flight.index.screen(
        &q,
        &ScreenOptions {
            threshold: 0.75,
            limit: 1,
        },
    );
    assert_eq!(hits[0].entity.id, "demo:D003");

    fail.store(true, Ordering::SeqCst);
    let r = post(&s, "/v1/admin/reload", "").await;
    assert_eq!(r.status, 503, "{r:#?}");
    assert!(r.body.contains("the test made this load fail"));
    let ready = get(&s, "/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["status"], "degraded");
    assert_eq!(ready.json()["last_reload"]["outcome"], "failed");
    let screened = get(&s, "/v1/screen?name=Chow%20Wai%20Ming").await.json();
    assert_eq!(screened["matches"][0]["entity_id"], "demo:D003");
    assert_eq!(screened["generation"], 2);
    assert!(
        get(&s, "/metrics")
            .await
            .body
            .contains(r#"vigil_reloads_total{outcome="failed"} 1"#)
    );

    fail.store(false, Ordering::SeqCst);
    assert_eq!(post(&s, "/v1/admin/reload", "").await.status, 200);
    assert_eq!(get(&s, "/readyz").await.json()["status"], "ok");
    assert_eq!(get(&s, "/v1/lists").await.json()["generation"], 3);
}

/// A reload reads the API keys file again: a rotated key takes effect
/// without a restart, and a broken file swaps nothing.
#[tokio::test]
async fn reload_rotates_api_keys() {
    use axum::body::Body;
    use axum::http::Request;
    use vigil_serve::auth::{ApiKeys, hash_line};

    let dir = std::env::temp_dir().join(format!("vigil-serve-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keys");
    std::fs::write(&file, format!("{} old\n", hash_line("old-key"))).unwrap();
    let config = ServeConfig {
        keys: ApiKeys::from_file(&file).unwrap(),
        keys_file: Some(file.clone()),
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    let with_key = |key: &str| {
        Request::get("/v1/lists")
            .header("x-api-key", key)
            .body(Body::empty())
            .unwrap()
    };
    let status = |r: crate::util::Reply| r.status.as_u16();
    let reload = || {
        Request::post("/v1/admin/reload")
            .header("x-api-key", "new-key")
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        status(crate::util::send(&s, with_key("old-key")).await),
        200
    );
    assert_eq!(
        status(crate::util::send(&s, with_key("new-key")).await),
        401
    );

    // Rotate: the reload itself still needs a key in force (the old one).
    std::fs::write(&file, format!("{} new\n", hash_line("new-key"))).unwrap();
    let r = crate::util::send(
        &s,
        Request::post("/v1/admin/reload")
            .header("x-api-key", "old-key")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    assert_eq!(
        status(crate::util::send(&s, with_key("old-key")).await),
        401
    );
    assert_eq!(
        status(crate::util::send(&s, with_key("new-key")).await),
        200
    );

    // A broken keys file: 503 naming it, the lists and keys unchanged.
    std::fs::write(&file, "not a hash\n").unwrap();
    let r = crate::util::send(&s, reload()).await;
    assert_eq!(r.status, 503, "{r:#?}");
    assert!(r.body.contains("keys"), "{r:#?}");
    assert_eq!(
        status(crate::util::send(&s, with_key("new-key")).await),
        200
    );
    let _ = std::fs::remove_dir_all(&dir);
}
