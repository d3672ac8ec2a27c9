//! `POST /v1/subjects`: a record screened and stored, its alerts raised
//! once, the actor recorded; errors naming the field; no database, 503.

use crate::util::{send, state, state_with};
use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use vigil_serve::ServeConfig;

fn post(body: serde_json::Value) -> Request<Body> {
    Request::post("/v1/subjects")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn a_subject_is_stored_and_alerted_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("vigil.db").display()
    );
    let store = vigil_store::Store::open(&url).await.unwrap();
    let config = ServeConfig {
        store: Some(store.clone()),
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    let subject = json!({"id": "c1", "name": "Kareem Abdul Rahman al-Farsi", "dob": "1971"});

    let first = send(&s, post(subject.clone())).await;
    assert_eq!(first.status, 200, "{first:#?}");
    let j = first.json();
    assert!(!j["matches"].as_array().unwrap().is_empty(), "{j:#}");
    let alerts = j["recorded"]["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), j["matches"].as_array().unwrap().len());
    assert_eq!(alerts[0]["raised_because"], "a new match");

    let again = send(&s, post(subject)).await.json();
    assert!(
        again["recorded"]["alerts"].as_array().unwrap().is_empty(),
        "{again:#}"
    );
    assert_eq!(
        again["recorded"]["still_open"].as_array().unwrap().len(),
        alerts.len()
    );

    let events = store.audit_events(0, 100).await.unwrap();
    assert!(events.iter().all(|e| e.actor == "api"), "{events:?}");
    assert!(store.verify_audit().await.unwrap().is_intact());

    let r = send(&s, post(json!({"name": "Kareem"}))).await;
    assert!(r.error(422, Some("id")).contains("caller's id"));
    let r = send(
        &s,
        post(json!({"id": "c2", "name": "Kareem", "threshold": 0})),
    )
    .await;
    r.error(422, Some("threshold"));
    let r = send(
        &s,
        post(json!({"id": "c2", "name": "Kareem", "dob": "1971-13"})),
    )
    .await;
    r.error(422, Some("dob"));
}

#[tokio::test]
async fn without_a_database_the_route_says_so() {
    let r = send(&state(), post(json!({"id": "c1", "name": "Kareem"}))).await;
    assert_eq!(r.status, 503, "{r:#?}");
    assert_eq!(r.json()["error"]["code"], "no_database");
}
