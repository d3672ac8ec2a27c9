//! Every route answers its documented shape, and every malformed request a
//! 4xx JSON error naming the field and the reason.
//!
//! Properties checked:
//! 1. `/v1/screen` (GET and POST) finds the listed identity with its
//!    explanation, and refuses unknown, invalid and out-of-range fields;
//! 2. a batch answers in order, with an error per bad record;
//! 3. entities come with their list version; lists as `lists show`;
//! 4. `/match` answers yente's shape, filters by dataset, reports unused
//!    properties and refuses weight overrides;
//! 5. the reconciliation manifest, queries (GET and form POST) and preview;
//! 6. health, readiness, metrics, the OpenAPI document (every route in it);
//! 7. API keys, when configured, on every route but the health checks;
//! 8. body and batch limits; a request id on every response.

use crate::util::{get, post, post_form, state, state_with};
use axum::body::Body;
use axum::http::Request;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use vigil_serve::ServeConfig;
use vigil_serve::auth::{ApiKeys, hash_line};

#[tokio::test]
async fn screen_get_and_post() {
    let s = state();
    let r = get(
        &s,
        "/v1/screen?name=Kareem%20Abdul%20Rahman%20al-Farsi&dob=1971&country=YE&id=c-42&identifier=passport:00412345",
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let j = r.json();
    let m = &j["matches"][0];
    assert_eq!(m["entity_id"], "demo:D001");
    assert_eq!(m["list"], "demo");
    assert!(m["score"].as_f64().unwrap() > 0.9);
    assert!(
        !m["explanation"]["alignment"]["pairs"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(!m["explanation"]["evidence"].as_array().unwrap().is_empty());
    assert_eq!(j["threshold"], 0.75);
    assert_eq!(j["generation"], 1);
    assert_eq!(j["id"], "c-42");

    let r = post(
        &s,
        "/v1/screen",
        r#"{"name": "Светлана Морозова", "dob": ["1968"], "country": "RU", "schema": "person",
            "identifiers": ["national_id:4510 123456:RU", {"kind": "passport", "value": "X1"}],
            "threshold": 0.5, "limit": 3}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let j = r.json();
    assert_eq!(j["matches"][0]["entity_id"], "demo:D002");
    assert_eq!(j["limit"], 3);

    // Threshold 0: the best candidates whatever their score.
    let r = get(
        &s,
        "/v1/screen?name=Karim%20Hassan%20Smith&threshold=0&limit=2",
    )
    .await;
    let matches = r.json()["matches"].as_array().unwrap().clone();
    assert!(!matches.is_empty() && matches.len() <= 2, "{r:#?}");
    assert!(
        matches.iter().any(|m| m["score"].as_f64().unwrap() < 0.75),
        "{r:#?}"
    );
}

#[tokio::test]
async fn screen_errors_name_the_field() {
    let s = state();
    let cases: &[(&str, u16, Option<&str>)] = &[
        (r#"{"name": "A B", "foo": 1}"#, 400, Some("foo")),
        (r#"{"name": "A B", "dob": "1970-13"}"#, 422, Some("dob")),
        (r#"{"name": "A B", "country": "ZZ"}"#, 422, Some("country")),
        (
            r#"{"name": "A B", "schema": "planet"}"#,
            422,
            Some("schema"),
        ),
        (r#"{"name": "A B", "gender": "x"}"#, 422, Some("gender")),
        (
            r#"{"name": "A B", "identifiers": ["warp:1"]}"#,
            422,
            Some("identifiers"),
        ),
        (r#"{"name": "   "}"#, 422, Some("name")),
        (r#"{"name": "\u200b\u200b"}"#, 422, Some("name")),
        (r#"{"name": "...!"}"#, 422, Some("name")),
        (
            r#"{"name": "A B", "threshold": 1.5}"#,
            422,
            Some("threshold"),
        ),
        (r#"{"name": "A B", "limit": 0}"#, 422, Some("limit")),
        (r#"{"name": "A B", "limit": 100000}"#, 422, Some("limit")),
        (r#"{"name": 5}"#, 422, Some("name")),
        (r#"{"dob": "1970"}"#, 422, None),
        (r#"{"name": "A"#, 400, None),
        ("", 400, None),
        ("[]", 422, None),
    ];
    for (body, status, field) in cases {
        let r = post(&s, "/v1/screen", body).await;
        assert_eq!(r.status.as_u16(), *status, "{body}: {r:#?}");
        let message = r.error(*status, *field);
        assert!(!message.is_empty(), "{body}");
    }
    let r = get(&s, "/v1/screen?name=A&limit=abc").await;
    r.error(422, Some("limit"));
    let r = get(&s, "/v1/screen?name=A&nmae=B").await;
    assert!(r.error(400, Some("nmae")).contains("unknown parameter"));
    let r = get(&s, "/v1/screen").await;
    r.error(422, Some("name"));
    let r = get(&s, "/nowhere").await;
    r.error(404, None);
    let r = get(&s, "/v1/screen/batch").await;
    r.error(405, None);
}

#[tokio::test]
async fn batch_answers_in_order_with_errors_per_record() {
    let s = state();
    let r = post(
        &s,
        "/v1/screen/batch",
        r#"{"records": [
            {"id": "1", "name": "Chow Wai Ming"},
            {"id": "2", "name": "Orion Maritime", "dob": "19xx"},
            {"id": "3", "name": ""},
            {"id": "4", "name": "KIM Chol Su", "country": "KP"}
        ], "limit": 1}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let j = r.json();
    let results = j["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(results[0]["matches"][0]["entity_id"], "demo:D003");
    assert_eq!(results[1]["error"]["field"], "records[1].dob");
    assert_eq!(results[2]["error"]["field"], "records[2].name");
    assert_eq!(results[3]["matches"][0]["entity_id"], "demo:D011");

    let r = post(&s, "/v1/screen/batch", r#"{"records": [{"nme": "x"}]}"#).await;
    r.error(400, Some("records[0].nme"));
    let r = post(
        &s,
        "/v1/screen/batch",
        r#"{"records": [{"name": "KIM Chol Su", "limit": 3}]}"#,
    )
    .await;
    assert_eq!(r.json()["results"][0]["error"]["field"], "records[0].limit");
}

#[tokio::test]
async fn limits() {
    let config = ServeConfig {
        max_batch: 2,
        max_body_bytes: 200,
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    let r = post(
        &s,
        "/v1/screen/batch",
        r#"{"records": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}"#,
    )
    .await;
    assert!(r.error(413, Some("records")).contains("at most 2"));
    let big = format!(r#"{{"name": "{}"}}"#, "a".repeat(300));
    let r = post(&s, "/v1/screen", &big).await;
    r.error(413, None);
    let r = post(
        &s,
        "/match/default",
        r#"{"queries": {"a": {"schema": "Person", "properties": {"name": ["x"]}},
            "b": {"schema": "Person", "properties": {"name": ["y"]}},
            "c": {"schema": "Person", "properties": {"name": ["z"]}}}}"#,
    )
    .await;
    // The body limit comes first here: 200 bytes.
    assert_eq!(r.status, 413, "{r:#?}");

    // A request slower than the timeout is a 503 that says so.
    let config = ServeConfig {
        timeout: std::time::Duration::from_micros(1),
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    let records: Vec<String> = (0..500)
        .map(|i| format!(r#"{{"name": "Karim Abdul Rahman {i}"}}"#))
        .collect();
    let body = format!(r#"{{"records": [{}]}}"#, records.join(","));
    let r = post(&s, "/v1/screen/batch", &body).await;
    assert!(r.error(503, None).contains("longer than"), "{r:#?}");
    assert_eq!(get(&s, "/healthz").await.status, 200);
}

#[tokio::test]
async fn entities_and_lists() {
    let s = state();
    let r = get(&s, "/v1/entities/demo:D005").await;
    assert_eq!(r.status, 200, "{r:#?}");
    let j = r.json();
    assert_eq!(j["entity"]["id"], "demo:D005");
    assert_eq!(j["list"]["source"], "demo");
    assert_eq!(j["list"]["version"].as_str().unwrap().len(), 16);
    let r = get(&s, "/v1/entities/demo:NOPE").await;
    r.error(404, None);

    let j = get(&s, "/v1/lists").await.json();
    assert_eq!(j["lists"][0]["source"], "demo");
    assert_eq!(j["lists"][0]["entities"], 12);
    assert_eq!(j["generation"], 1);
    assert!(
        j["lists"][0]["names_by_script"]["cyrillic"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[tokio::test]
async fn yente_match() {
    let s = state();
    let r = post(
        &s,
        "/match/default?limit=3&threshold=0.7",
        r#"{"queries": {
            "q1": {"id": "mine", "schema": "Person", "properties": {
                "firstName": ["Kareem"], "lastName": ["al-Farsi"], "middleName": ["Abdul Rahman"],
                "birthDate": ["1971-03-14"], "nationality": ["ye"], "address": ["Sanaa"]}},
            "q2": {"schema": "Vessel", "properties": {"name": "Polar Star", "imoNumber": "9000003"}}
        }, "weights": {}, "config": {}}"#,
    )
    .await;
    assert_eq!(r.status, 200, "{r:#?}");
    let j = r.json();
    assert_eq!(j["limit"], 3);
    let q1 = &j["responses"]["q1"];
    assert_eq!(q1["status"], 200);
    assert_eq!(q1["query"]["id"], "mine");
    let top = &q1["results"][0];
    assert_eq!(top["id"], "demo:D001");
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["match"], true);
    assert_eq!(top["datasets"][0], "demo");
    assert!(top["properties"]["name"].is_array());
    assert!(top["explanations"]["name_match"]["score"].as_f64().unwrap() > 0.9);
    assert!(
        top["explanations"]["dob_exact"]["score"].as_f64().is_some(),
        "{top}"
    );
    assert!(q1["total"]["value"].as_u64().unwrap() >= 1);
    assert!(q1["warnings"][0].as_str().unwrap().contains("address"));
    assert_eq!(j["responses"]["q2"]["results"][0]["id"], "demo:D008");

    // One list only; unknown lists, algorithms, weights and parameters.
    let body =
        r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["Chow Wai Ming"]}}}}"#;
    assert_eq!(post(&s, "/match/demo", body).await.status, 200);
    post(&s, "/match/other", body)
        .await
        .error(404, Some("dataset"));
    post(&s, "/match/default?algorithm=logic-v2", body)
        .await
        .error(422, Some("algorithm"));
    post(&s, "/match/default?cutof=1", body)
        .await
        .error(400, Some("cutof"));
    let r = post(&s, "/match/default?exclude_dataset=demo", body).await;
    assert!(
        r.json()["responses"]["q"]["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    post(
        &s,
        "/match/default",
        r#"{"queries": {}, "weights": {"name_literal_match": 1}}"#,
    )
    .await
    .error(422, Some("weights.name_literal_match"));
    post(
        &s,
        "/match/default",
        r#"{"queries": {"q": {"schema": "Document", "properties": {"name": ["x"]}}}}"#,
    )
    .await
    .error(422, Some("queries.q.schema"));
    post(
        &s,
        "/match/default",
        r#"{"queries": {"q": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["soon"]}}}}"#,
    )
    .await
    .error(422, Some("queries.q.properties.birthDate"));
    post(
        &s,
        "/match/default",
        r#"{"queries": {"q": {"schema": "Person", "properties": {"notes": ["x"]}}}}"#,
    )
    .await
    .error(422, Some("queries.q.properties.name"));
}

#[tokio::test]
async fn reconciliation() {
    let s = state();
    let m = get(&s, "/reconcile").await.json();
    assert_eq!(m["versions"][0], "0.2");
    assert!(m["defaultTypes"].as_array().unwrap().len() >= 4);
    assert!(m["preview"]["url"].as_str().unwrap().contains("{{id}}"));
    assert!(
        m["view"]["url"]
            .as_str()
            .unwrap()
            .contains("/v1/entities/{{id}}")
    );

    let queries = r#"{"q0": {"query": "Mohammed Yusuf Hassan", "type": "Person",
        "properties": [{"pid": "birthDate", "v": "1962"}]},
        "q1": {"query": "Blue Crescent Trading", "limit": 2}}"#;
    let encoded: String = url_encode(queries);
    for r in [
        post_form(&s, "/reconcile", &format!("queries={encoded}")).await,
        get(&s, &format!("/reconcile?queries={encoded}")).await,
        post_form(&s, "/reconcile/demo", &format!("queries={encoded}")).await,
    ] {
        assert_eq!(r.status, 200, "{r:#?}");
        let j = r.json();
        let top = &j["q0"]["result"][0];
        assert_eq!(top["id"], "demo:D005");
        assert_eq!(top["type"][0]["id"], "Person");
        assert!(top["score"].as_f64().unwrap() > 75.0);
        assert_eq!(j["q1"]["result"][0]["id"], "demo:D007");
        assert!(j["q1"]["result"].as_array().unwrap().len() <= 2);
    }
    let jsonp = get(&s, &format!("/reconcile?queries={encoded}&callback=cb")).await;
    assert!(jsonp.body.starts_with("cb({"), "{jsonp:#?}");

    let bad =
        url_encode(r#"{"q0": {"query": "x", "properties": [{"pid": "shoeSize", "v": "9"}]}}"#);
    post_form(&s, "/reconcile", &format!("queries={bad}"))
        .await
        .error(400, Some("queries.q0.properties[0].pid"));
    let bad = url_encode(r#"{"q0": {"query": "x", "type": "Document"}}"#);
    post_form(&s, "/reconcile", &format!("queries={bad}"))
        .await
        .error(422, Some("queries.q0.type"));
    post_form(&s, "/reconcile", "queries=%7Bnot")
        .await
        .error(400, Some("queries"));

    let p = get(&s, "/reconcile/preview?id=demo:D002").await;
    assert_eq!(p.status, 200);
    assert!(p.content_type.starts_with("text/html"));
    assert!(p.body.contains("MOROZOVA") && p.body.contains("Морозова"));
    get(&s, "/reconcile/preview?id=demo:X")
        .await
        .error(404, None);
    get(&s, "/reconcile/preview").await.error(422, Some("id"));
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn health_readiness_metrics_openapi() {
    let s = state();
    assert_eq!(get(&s, "/healthz").await.json()["status"], "ok");
    let ready = get(&s, "/readyz").await.json();
    assert_eq!(ready["status"], "ok");
    assert_eq!(ready["lists"][0]["source"], "demo");

    get(&s, "/v1/screen?name=Chow%20Wai%20Ming").await;
    let m = get(&s, "/metrics").await;
    assert!(m.content_type.starts_with("text/plain"));
    assert!(
        m.body.contains(
            r#"vigil_http_requests_total{route="/v1/screen",method="GET",status="200"} 1"#
        ),
        "{}",
        m.body
    );
    assert!(
        m.body
            .contains(r#"vigil_http_request_duration_seconds_count{route="/v1/screen"} 1"#)
    );
    assert!(m.body.contains("vigil_index_entities 12"));
    assert!(m.body.contains(r#"vigil_list_info{source="demo""#));

    let doc = get(&s, "/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/v1/screen",
        "/v1/screen/batch",
        "/v1/entities/{id}",
        "/v1/lists",
        "/v1/admin/reload",
        "/match/{dataset}",
        "/reconcile",
        "/reconcile/{dataset}",
        "/reconcile/preview",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} is not in /openapi.json"
        );
    }
    let ui = get(&s, "/docs/").await;
    assert_eq!(ui.status, 200);
    assert!(
        ui.body.contains("swagger"),
        "{}",
        &ui.body[..200.min(ui.body.len())]
    );
}

#[tokio::test]
async fn api_keys() {
    let keys = ApiKeys::parse(&format!("{} tests\n", hash_line("k-123"))).unwrap();
    let config = ServeConfig {
        keys,
        ..ServeConfig::default()
    };
    let s = state_with(config, Arc::new(AtomicBool::new(false)));
    get(&s, "/v1/screen?name=A").await.error(401, None);
    get(&s, "/metrics").await.error(401, None);
    get(&s, "/openapi.json").await.error(401, None);
    assert_eq!(get(&s, "/healthz").await.status, 200);
    assert_eq!(get(&s, "/readyz").await.status, 200);
    for (header, value) in [
        ("authorization", "Bearer k-123"),
        ("authorization", "ApiKey k-123"),
        ("x-api-key", "k-123"),
    ] {
        let r = crate::util::send(
            &s,
            Request::get("/v1/screen?name=Chow%20Wai%20Ming")
                .header(header, value)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, 200, "{header}: {r:#?}");
    }
    let r = crate::util::send(
        &s,
        Request::get("/v1/lists")
            .header("authorization", "Bearer wrong")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    r.error(401, None);
}

#[tokio::test]
async fn request_ids() {
    let s = state();
    let r = get(&s, "/healthz").await;
    assert!(r.request_id.is_some());
    let r = crate::util::send(
        &s,
        Request::get("/healthz")
            .header("x-request-id", "abc-1")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.request_id.as_deref(), Some("abc-1"));
}
