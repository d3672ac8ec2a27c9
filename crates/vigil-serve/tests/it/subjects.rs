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

fn json_request(method: &str, uri: &str, body: serde_json::Value, key: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {key}"))
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// `/v1/alerts`: the queue, an alert with its history, decisions and
/// reviews by service accounts, audited under each key's label, with the
/// four-eyes rule and no lost update.
#[tokio::test]
async fn service_accounts_work_the_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("vigil.db").display()
    );
    let store = vigil_store::Store::open(&url).await.unwrap();
    let keys = vigil_serve::auth::ApiKeys::parse(&format!(
        "{} intake\n{} review-desk\n",
        vigil_serve::auth::hash_line("key-one"),
        vigil_serve::auth::hash_line("key-two")
    ))
    .unwrap();
    let config = ServeConfig {
        store: Some(store.clone()),
        keys,
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    let subject = json!({"id": "c1", "name": "Kareem Abdul Rahman al-Farsi"});
    let r = send(&s, json_request("POST", "/v1/subjects", subject, "key-one")).await;
    assert_eq!(r.status, 200, "{r:#?}");
    let id = r.json()["recorded"]["alerts"][0]["id"].as_i64().unwrap();

    let get = |uri: &str| json_request("GET", uri, json!(null), "key-one");
    let q = send(&s, get("/v1/alerts?status=open&list=demo&limit=5")).await;
    assert_eq!(q.status, 200, "{q:#?}");
    assert!(q.json()["total"].as_i64().unwrap() >= 1);
    send(&s, get("/v1/alerts?limit=0"))
        .await
        .error(422, Some("limit"));
    send(&s, get("/v1/alerts?from=monday"))
        .await
        .error(422, Some("from"));
    send(&s, get("/v1/alerts?colour=red"))
        .await
        .error(400, Some("colour"));
    send(&s, get("/v1/alerts/9999")).await.error(404, None);

    let decide = |outcome: &str, revision: i64, key: &str| {
        json_request(
            "POST",
            &format!("/v1/alerts/{id}/decision"),
            json!({"outcome": outcome, "reason": "passport number matches", "revision": revision}),
            key,
        )
    };
    send(&s, decide("maybe", 1, "key-one"))
        .await
        .error(422, Some("outcome"));
    let proposed = send(&s, decide("true_match", 1, "key-one")).await;
    assert_eq!(proposed.status, 200, "{proposed:#?}");
    assert_eq!(proposed.json()["alert"]["status"], "pending_approval");
    send(&s, decide("false_positive", 1, "key-one"))
        .await
        .error(409, None);

    let review = |key: &str| {
        json_request(
            "POST",
            &format!("/v1/alerts/{id}/review"),
            json!({"approve": true, "reason": "checked the passport", "revision": 2}),
            key,
        )
    };
    send(&s, review("key-one")).await.error(403, None);
    let approved = send(&s, review("key-two")).await;
    assert_eq!(approved.status, 200, "{approved:#?}");
    let j = approved.json();
    assert_eq!(j["alert"]["status"], "true_match");
    assert_eq!(j["decisions"][0]["actor"], "api-key:intake");
    assert_eq!(j["decisions"][1]["actor"], "api-key:review-desk");
    let events: Vec<&str> = j["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["alert", "decision", "review"]);
    let anonymous = Request::get("/v1/alerts").body(Body::empty()).unwrap();
    assert_eq!(send(&s, anonymous).await.status, 401);
}
