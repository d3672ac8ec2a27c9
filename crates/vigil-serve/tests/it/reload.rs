//! Reloads swap the lists atomically; a failed one leaves the old lists
//! serving and says so.
//!
//! Properties checked:
//! 1. a reload bumps the generation; a snapshot taken before it (a request
//!    in flight) still answers from the old lists;
//! 2. a failing load answers 503 with the reason, keeps serving, and
//!    `/readyz` and `/v1/lists` report it; the next good reload clears it.

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
