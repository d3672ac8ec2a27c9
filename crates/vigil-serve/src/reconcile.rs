//! The W3C Reconciliation Service API (version 0.2), as OpenRefine calls
//! it: `GET /reconcile` answers the service manifest; `GET` or `POST` with a
//! `queries` parameter (a JSON object of queries by key) answers candidates;
//! `GET /reconcile/preview?id=` renders one entity for the preview pane.
//! `/reconcile/{dataset}` searches one list only.
//!
//! A query's `properties` (`[{"pid": "birthDate", "v": "1970"}]`) are
//! FollowTheMoney properties, read as `/match` reads them.

use crate::api::{OneOrMany, Options};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{RawBody, query_pairs};
use crate::state::{AppState, Snapshot};
use crate::yente::{ExampleEntity, Filters, ftm_schema, rank, read_example, unknown_dataset};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use vigil_index::report::round;

/// Candidates per query when the query does not say.
const DEFAULT_LIMIT: usize = 5;
/// Queries OpenRefine should send per request.
const BATCH_SIZE: usize = 10;

/// The types a query may ask for.
const TYPES: [&str; 5] = [
    "Person",
    "Organization",
    "LegalEntity",
    "Vessel",
    "Airplane",
];

/// Properties a query may give (`pid`), as in `/match`.
const PROPERTIES: [(&str, &str); 10] = [
    ("birthDate", "Date of birth"),
    ("nationality", "Nationality"),
    ("country", "Country"),
    ("jurisdiction", "Jurisdiction"),
    ("gender", "Gender"),
    ("passportNumber", "Passport number"),
    ("idNumber", "National id number"),
    ("registrationNumber", "Registration number"),
    ("taxNumber", "Tax number"),
    ("imoNumber", "IMO number"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReconQuery {
    query: String,
    #[serde(default, rename = "type")]
    kind: Option<OneOrMany>,
    #[serde(default)]
    limit: Option<usize>,
    #[serde(default)]
    properties: Vec<PropertyValue>,
    /// OpenRefine sends it; every type is matched strictly here.
    #[serde(default)]
    #[allow(dead_code)]
    type_strict: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PropertyValue {
    pid: String,
    v: PropertyV,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum PropertyV {
    One(String),
    Many(Vec<String>),
    Entity { id: String },
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    format!("{proto}://{host}")
}

fn manifest(headers: &HeaderMap, dataset: Option<&str>) -> Value {
    let base = base_url(headers);
    let path = dataset.map_or("/reconcile".to_string(), |d| format!("/reconcile/{d}"));
    json!({
        "versions": ["0.2"],
        "name": match dataset {
            Some(d) => format!("vigil watchlist screening ({d})"),
            None => "vigil watchlist screening".to_string(),
        },
        "identifierSpace": "https://github.com/vigil-screening/vigil/entity",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "defaultTypes": TYPES.iter().map(|t| json!({"id": t, "name": t})).collect::<Vec<_>>(),
        "view": {"url": format!("{base}/v1/entities/{{{{id}}}}")},
        "preview": {"url": format!("{base}/reconcile/preview?id={{{{id}}}}"), "width": 430, "height": 300},
        "batchSize": BATCH_SIZE,
        "suggest": Value::Null,
        "reconcile_path": path,
        "properties": PROPERTIES.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
    })
}

/// The service manifest, or the answers to `queries` given in the URL.
#[utoipa::path(get, path = "/reconcile",
    params(("queries" = Option<String>, Query, description = "a JSON object of reconciliation queries by key; without it, the service manifest"),
           ("callback" = Option<String>, Query, description = "JSONP callback name")),
    responses((status = 200, description = "the manifest or the candidates", body = Object), (status = "4XX", body = ErrorBody)))]
pub async fn service(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    get_any(state, headers, raw, None).await
}

/// The service manifest or answers, searching one list only.
#[utoipa::path(get, path = "/reconcile/{dataset}",
    params(("dataset" = String, Path, description = "a list source, e.g. `un`"),
           ("queries" = Option<String>, Query, description = "a JSON object of reconciliation queries by key; without it, the service manifest"),
           ("callback" = Option<String>, Query, description = "JSONP callback name")),
    responses((status = 200, description = "the manifest or the candidates", body = Object), (status = "4XX", body = ErrorBody)))]
pub async fn service_dataset(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    get_any(state, headers, raw, Some(dataset)).await
}

async fn get_any(
    state: Arc<AppState>,
    headers: HeaderMap,
    raw: Option<String>,
    dataset: Option<String>,
) -> Result<Response, ApiError> {
    respond(&state, &headers, raw.as_deref(), dataset)
}

/// The manifest, or the answers to the `queries` parameter, from the
/// parameters of a URL or a form body.
fn respond(
    state: &AppState,
    headers: &HeaderMap,
    params_text: Option<&str>,
    dataset: Option<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    check_dataset(&snapshot, dataset.as_deref())?;
    let (queries, callback) = params(query_pairs(params_text)?)?;
    let body = match queries {
        None => manifest(headers, dataset.as_deref()),
        Some(q) => answer_all(state, &snapshot, &q, dataset)?,
    };
    Ok(jsonp(body, callback))
}

/// Answers queries posted as a form (`queries=...`), as OpenRefine sends
/// them.
#[utoipa::path(post, path = "/reconcile",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "queries=<JSON object of queries by key>"),
    responses((status = 200, description = "candidates by query key", body = Object), (status = "4XX", body = ErrorBody)))]
pub async fn queries_post(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Response, ApiError> {
    post_any(state, headers, body, None).await
}

/// Answers queries posted as a form, searching one list only.
#[utoipa::path(post, path = "/reconcile/{dataset}",
    params(("dataset" = String, Path, description = "a list source, e.g. `un`")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "queries=<JSON object of queries by key>"),
    responses((status = 200, description = "candidates by query key", body = Object), (status = "4XX", body = ErrorBody)))]
pub async fn queries_post_dataset(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<Response, ApiError> {
    post_any(state, headers, body, Some(dataset)).await
}

async fn post_any(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
    dataset: Option<String>,
) -> Result<Response, ApiError> {
    let text = std::str::from_utf8(&body).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_body",
            "the body is not UTF-8",
        )
    })?;
    respond(&state, &headers, Some(text), dataset)
}

fn check_dataset(snapshot: &Snapshot, dataset: Option<&str>) -> Result<(), ApiError> {
    match dataset {
        Some(d) if !snapshot.lists.iter().any(|l| l.summary.source == d) => {
            Err(unknown_dataset(snapshot, d).at("dataset"))
        }
        _ => Ok(()),
    }
}

fn params(pairs: Vec<(String, String)>) -> Result<(Option<String>, Option<String>), ApiError> {
    let (mut queries, mut callback) = (None, None);
    for (k, v) in pairs {
        match k.as_str() {
            "queries" => queries = Some(v),
            "callback" => {
                if v.is_empty()
                    || !v
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$')
                {
                    return Err(ApiError::field(
                        "callback",
                        "a JSONP callback is letters, digits, '_', '.' and '$'",
                    ));
                }
                callback = Some(v);
            }
            _ => {
                return Err(ApiError::unknown_field(
                    k.clone(),
                    format!("unknown parameter {k:?}: expected queries or callback"),
                ));
            }
        }
    }
    Ok((queries, callback))
}

fn jsonp(body: Value, callback: Option<String>) -> Response {
    match callback {
        None => Json(body).into_response(),
        Some(cb) => (
            [(header::CONTENT_TYPE, "application/javascript")],
            format!("{cb}({body})"),
        )
            .into_response(),
    }
}

fn answer_all(
    state: &AppState,
    snapshot: &Snapshot,
    text: &str,
    dataset: Option<String>,
) -> Result<Value, ApiError> {
    let queries: BTreeMap<String, ReconQuery> =
        crate::extract::parse_json(text.as_bytes()).map_err(|e| e.within("queries"))?;
    state.check_batch(queries.len(), "queries")?;
    let filters = Filters::only(dataset);
    let mut out = Map::new();
    for (key, q) in &queries {
        let result =
            answer(snapshot, q, &filters).map_err(|e| e.within(&format!("queries.{key}")))?;
        out.insert(key.clone(), json!({ "result": result }));
    }
    Ok(Value::Object(out))
}

fn answer(snapshot: &Snapshot, q: &ReconQuery, filters: &Filters) -> Result<Vec<Value>, ApiError> {
    let kind = match &q.kind {
        None => "LegalEntity".to_string(),
        Some(OneOrMany::One(t)) => t.clone(),
        Some(OneOrMany::Many(ts)) if ts.len() == 1 => ts[0].clone(),
        Some(OneOrMany::Many(_)) => "LegalEntity".to_string(),
    };
    let mut properties: BTreeMap<String, OneOrMany> = BTreeMap::new();
    properties.insert("name".into(), OneOrMany::One(q.query.clone()));
    for (i, p) in q.properties.iter().enumerate() {
        if !PROPERTIES.iter().any(|(id, _)| *id == p.pid) {
            let known: Vec<&str> = PROPERTIES.iter().map(|(id, _)| *id).collect();
            return Err(ApiError::unknown_field(
                format!("properties[{i}].pid"),
                format!(
                    "property {:?} is not used for matching: use one of {}",
                    p.pid,
                    known.join(", ")
                ),
            ));
        }
        let values = match &p.v {
            PropertyV::One(s) => vec![s.clone()],
            PropertyV::Many(v) => v.clone(),
            PropertyV::Entity { id } => vec![id.clone()],
        };
        let values: Vec<String> = values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect();
        if !values.is_empty() {
            properties.insert(p.pid.clone(), OneOrMany::Many(values));
        }
    }
    let example = read_example(&ExampleEntity {
        id: None,
        schema: kind,
        properties,
    })
    .map_err(|e| {
        // The type is the query's `type`, the name its `query`.
        match e.detail.field.as_deref() {
            Some("schema") => ApiError::field("type", e.detail.message),
            Some("properties.name") => ApiError::field("query", e.detail.message),
            _ => e,
        }
    })?;
    let options = Options::new(None, Some(q.limit.unwrap_or(DEFAULT_LIMIT)))?;
    let ranked = rank(snapshot, &example, options, 0.3, filters);
    // A candidate is the match when it clears the threshold alone.
    let clear = ranked.len() == 1 || ranked.get(1).is_some_and(|r| r.1 < options.threshold);
    Ok(ranked
        .iter()
        .enumerate()
        .map(|(rank, (i, s, scored))| {
            let e = &snapshot.index.entities()[*i];
            let schema = ftm_schema(e.schema);
            json!({
                "id": e.id,
                "name": e.caption(),
                "type": [{"id": schema, "name": schema}],
                "score": round(*s * 100.0),
                "match": rank == 0 && *s >= options.threshold && clear,
                "description": format!("{} · matched {:?} · {}", e.source, scored.explanation.matched_name,
                    e.birth_dates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            })
        })
        .collect())
}

/// One entity as an HTML snippet for OpenRefine's preview pane.
#[utoipa::path(get, path = "/reconcile/preview",
    params(("id" = String, Query, description = "the entity id")),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = ErrorBody)))]
pub async fn preview(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut id = None;
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "id" => id = Some(v),
            _ => {
                return Err(ApiError::unknown_field(
                    k.clone(),
                    format!("unknown parameter {k:?}: expected id"),
                ));
            }
        }
    }
    let id = id.ok_or_else(|| ApiError::field("id", "the entity id is missing"))?;
    let snapshot = state.snapshot();
    let i = *snapshot
        .by_id
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no entity {id:?}")))? as usize;
    let e = &snapshot.index.entities()[i];
    let list = snapshot.list_info_of(i);
    let mut html = format!(
        "<div style=\"font:13px sans-serif\"><b>{}</b> <small>{} · {}</small><ul>",
        escape(e.caption()),
        escape(ftm_schema(e.schema)),
        escape(&e.id)
    );
    for n in e.names.iter().take(12) {
        html.push_str(&format!(
            "<li>{} <small>({})</small></li>",
            escape(&n.full),
            n.kind.as_str()
        ));
    }
    html.push_str("</ul>");
    let dobs: Vec<String> = e.birth_dates.iter().map(ToString::to_string).collect();
    if !dobs.is_empty() {
        html.push_str(&format!("<p>Born: {}</p>", escape(&dobs.join(", "))));
    }
    let countries: Vec<&str> = e
        .nationalities
        .iter()
        .chain(&e.citizenships)
        .chain(&e.countries)
        .map(|c| c.as_str())
        .collect();
    if !countries.is_empty() {
        html.push_str(&format!(
            "<p>Countries: {}</p>",
            escape(&countries.join(", "))
        ));
    }
    html.push_str(&format!(
        "<p><small>List {} (version {}, published {})</small></p></div>",
        escape(&list.summary.source),
        escape(&list.version),
        list.summary
            .published
            .map_or("not stated".to_string(), |d| d.to_string())
    ));
    Ok(Html(html).into_response())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
