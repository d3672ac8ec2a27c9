//! vigil's own API: `/v1/screen`, `/v1/screen/batch`, `/v1/entities/{id}`,
//! `/v1/lists`, reloads, health and metrics.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, number, query_pairs};
use crate::state::{AppState, FileProblem, ListInfo, ReloadStatus, Snapshot};
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use vigil_core::Entity;
use vigil_core::input::{RawQuery as RawFields, build};
use vigil_core::matching::{DEFAULT_THRESHOLD, PreparedQuery};
use vigil_index::report::{MatchOut, round};
use vigil_index::{Hit, ScreenOptions};

/// Most matches one query may ask for.
pub const MAX_LIMIT: usize = 500;
/// Matches returned when the request does not say.
pub const DEFAULT_LIMIT: usize = 10;

/// One value or several (`"dob": "1970"` or `"dob": ["1970", "1971"]`).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One value.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values, `;`-separated.
    pub(crate) fn joined(&self) -> String {
        match self {
            OneOrMany::One(s) => s.clone(),
            OneOrMany::Many(v) => v.join(";"),
        }
    }
}

/// An identifier: `"passport:X123:IR"`, or its parts.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum IdentifierInput {
    /// `kind:value[:CC]`, or a bare value (kind `other`).
    Text(String),
    /// The parts.
    Parts {
        /// passport, national_id, tax_id, social_security, driving_license,
        /// registration, imo, mmsi, call_sign, aircraft_id, swift_bic, lei,
        /// other.
        kind: String,
        /// The number as written.
        value: String,
        /// The issuing country (ISO alpha-2), when known.
        #[serde(default)]
        country: Option<String>,
    },
}

impl IdentifierInput {
    /// As `kind:value[:CC]`.
    pub(crate) fn spec(&self) -> String {
        match self {
            IdentifierInput::Text(s) => s.clone(),
            IdentifierInput::Parts {
                kind,
                value,
                country,
            } => match country {
                Some(c) => format!("{kind}:{value}:{c}"),
                None => format!("{kind}:{value}"),
            },
        }
    }
}

/// The facts of a query, checked and prepared; the first bad field is the
/// error.
pub fn prepare(
    name: &str,
    dob: Option<&OneOrMany>,
    country: Option<&OneOrMany>,
    schema: Option<&str>,
    gender: Option<&str>,
    identifiers: &[IdentifierInput],
) -> Result<PreparedQuery, ApiError> {
    let dob = dob.map(OneOrMany::joined);
    let country = country.map(OneOrMany::joined);
    let ids: Vec<String> = identifiers.iter().map(IdentifierInput::spec).collect();
    let ids = ids.join(";");
    let query = build(&RawFields {
        name,
        dob: dob.as_deref(),
        country: country.as_deref(),
        schema,
        gender,
        identifiers: (!ids.is_empty()).then_some(ids.as_str()),
    })?;
    query
        .prepare()
        .map_err(|e| ApiError::field("name", e.to_string()))
}

/// `POST /v1/screen`: one query; also one record of a batch.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreenRequest {
    /// The caller's id for the record, echoed in the answer.
    #[serde(default)]
    pub id: Option<String>,
    /// The name, in any script.
    pub name: String,
    /// Dates of birth: YYYY, YYYY-MM or YYYY-MM-DD.
    #[serde(default)]
    pub dob: Option<OneOrMany>,
    /// Countries: ISO 3166-1 alpha-2 codes or names.
    #[serde(default)]
    pub country: Option<OneOrMany>,
    /// person, organization, vessel or aircraft.
    #[serde(default)]
    pub schema: Option<String>,
    /// male or female; without a schema, a gender makes the query a person.
    #[serde(default)]
    pub gender: Option<String>,
    /// Identifiers (passport, national id, IMO...).
    #[serde(default)]
    pub identifiers: Vec<IdentifierInput>,
    /// Only matches scoring at least this (0 to 1; default 0.75) are
    /// returned; 0 returns the best `limit` candidates whatever their score.
    /// In a batch, given once for the whole batch.
    #[serde(default)]
    pub threshold: Option<f32>,
    /// At most this many matches (1 to 500; default 10). In a batch, given
    /// once for the whole batch.
    #[serde(default)]
    pub limit: Option<usize>,
}

impl ScreenRequest {
    /// The query, checked: errors name the field.
    pub(crate) fn prepare_query(&self) -> Result<PreparedQuery, ApiError> {
        self.prepare()
    }

    fn prepare(&self) -> Result<PreparedQuery, ApiError> {
        prepare(
            &self.name,
            self.dob.as_ref(),
            self.country.as_ref(),
            self.schema.as_deref(),
            self.gender.as_deref(),
            &self.identifiers,
        )
    }
}

/// Screening options, checked.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The threshold.
    pub threshold: f32,
    /// The limit.
    pub limit: usize,
}

impl Options {
    /// Checks the requested threshold and limit.
    pub fn new(threshold: Option<f32>, limit: Option<usize>) -> Result<Options, ApiError> {
        let threshold = threshold.unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(ApiError::field(
                "threshold",
                format!("must be between 0 and 1, got {threshold}"),
            ));
        }
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}, got {limit}"),
            ));
        }
        Ok(Options { threshold, limit })
    }

    fn screen(self) -> ScreenOptions {
        ScreenOptions {
            threshold: self.threshold,
            limit: self.limit,
        }
    }
}

/// One match, as `vigil screen --json` writes it (documentation of
/// [`MatchOut`]).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Match {
    /// The listed entity's id (`source:id`).
    entity_id: String,
    /// The score, 0 to 1.
    score: f64,
    /// The listed name that matched.
    name: String,
    /// The entity's primary name.
    caption: String,
    /// person, organization, vessel or aircraft.
    schema: String,
    /// The list it is on.
    list: String,
    /// Which query name met which listed name, the word pairs and their
    /// similarities, each piece of evidence with its contribution.
    #[schema(value_type = Object)]
    explanation: (),
}

/// The answer to one query.
#[derive(Serialize, ToSchema)]
pub struct ScreenResponse<'a> {
    /// The caller's id, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// The name screened.
    pub query: &'a str,
    /// The threshold applied.
    pub threshold: f64,
    /// The limit applied.
    pub limit: usize,
    /// What was done to the input (cut to length, words ignored).
    pub warnings: &'a [String],
    /// The matches, best first.
    #[schema(value_type = Vec<Match>)]
    pub matches: Vec<MatchOut<'a>>,
    /// The list load these matches come from (see `/v1/lists`).
    pub generation: u64,
}

pub(crate) fn screen<'s>(
    snapshot: &'s Snapshot,
    query: &PreparedQuery,
    options: Options,
) -> Vec<Hit<'s>> {
    snapshot.index.screen(query, &options.screen())
}

fn respond(
    snapshot: &Snapshot,
    id: Option<&str>,
    query: &PreparedQuery,
    options: Options,
) -> Response {
    let hits = screen(snapshot, query, options);
    Json(ScreenResponse {
        id,
        query: &query.query.name,
        threshold: round(options.threshold),
        limit: options.limit,
        warnings: &query.warnings,
        matches: hits.iter().map(MatchOut::of).collect(),
        generation: snapshot.generation,
    })
    .into_response()
}

/// The query string of `GET /v1/screen`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ScreenParams {
    /// The name, in any script (required).
    name: String,
    /// Date of birth: YYYY, YYYY-MM or YYYY-MM-DD; repeatable.
    dob: Option<String>,
    /// ISO 3166-1 alpha-2 code or country name; repeatable.
    country: Option<String>,
    /// person, organization, vessel or aircraft.
    schema: Option<String>,
    /// male or female.
    gender: Option<String>,
    /// An identifier, `kind:value[:CC]`; repeatable.
    identifier: Option<String>,
    /// The caller's id for the query, echoed.
    id: Option<String>,
    /// 0 to 1; default 0.75.
    threshold: Option<f32>,
    /// 1 to 500; default 10.
    limit: Option<usize>,
}

/// Screen one name.
#[utoipa::path(get, path = "/v1/screen", params(ScreenParams),
    responses((status = 200, body = ScreenResponse), (status = "4XX", body = ErrorBody)))]
pub async fn screen_get(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut req = ScreenRequest::default();
    let (mut dob, mut country) = (Vec::new(), Vec::new());
    let mut name = None;
    for (k, v) in query_pairs(raw.as_deref())? {
        match k.as_str() {
            "name" | "q" => name = Some(v),
            "dob" => dob.push(v),
            "country" => country.push(v),
            "schema" => req.schema = Some(v),
            "gender" => req.gender = Some(v),
            "identifier" => req.identifiers.push(IdentifierInput::Text(v)),
            "id" => req.id = Some(v),
            "threshold" => req.threshold = Some(number(&k, &v)?),
            "limit" => req.limit = Some(number(&k, &v)?),
            _ => {
                return Err(ApiError::unknown_field(
                    k.clone(),
                    format!(
                        "unknown parameter {k:?}: expected name, dob, country, schema, gender, identifier, id, threshold or limit"
                    ),
                ));
            }
        }
    }
    req.name = name.ok_or_else(|| ApiError::field("name", "the name is missing"))?;
    req.dob = (!dob.is_empty()).then_some(OneOrMany::Many(dob));
    req.country = (!country.is_empty()).then_some(OneOrMany::Many(country));
    let options = Options::new(req.threshold, req.limit)?;
    let query = req.prepare()?;
    Ok(respond(
        &state.snapshot(),
        req.id.as_deref(),
        &query,
        options,
    ))
}

/// Screen one name, with its facts.
#[utoipa::path(post, path = "/v1/screen", request_body = ScreenRequest,
    responses((status = 200, body = ScreenResponse), (status = "4XX", body = ErrorBody)))]
pub async fn screen_post(
    State(state): State<Arc<AppState>>,
    JsonBody(req): JsonBody<ScreenRequest>,
) -> Result<Response, ApiError> {
    let options = Options::new(req.threshold, req.limit)?;
    let query = req.prepare()?;
    Ok(respond(
        &state.snapshot(),
        req.id.as_deref(),
        &query,
        options,
    ))
}

/// `POST /v1/screen/batch`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The records, answered in this order; at most the server's maximum
    /// (1,000 unless configured).
    pub records: Vec<ScreenRequest>,
    /// As for one query.
    #[serde(default)]
    pub threshold: Option<f32>,
    /// As for one query.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// One record's answer.
#[derive(Serialize, ToSchema)]
pub struct BatchResult<'a> {
    /// The caller's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    /// The name screened.
    pub name: &'a str,
    /// What was done to the input.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub warnings: &'a [String],
    /// The matches, best first (absent when the record has an error).
    #[schema(value_type = Vec<Match>)]
    pub matches: Vec<MatchOut<'a>>,
    /// Why this record was not screened; the others were.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::error::ErrorDetail>)]
    pub error: Option<crate::error::ErrorDetail>,
}

/// The answer to a batch.
#[derive(Serialize, ToSchema)]
pub struct BatchResponse<'a> {
    /// One result per record, in order.
    pub results: Vec<BatchResult<'a>>,
    /// The threshold applied.
    pub threshold: f64,
    /// The limit applied.
    pub limit: usize,
    /// The list load the matches come from.
    pub generation: u64,
}

/// Screen many records in one request. A record with a bad field gets an
/// error of its own; the others are screened.
#[utoipa::path(post, path = "/v1/screen/batch", request_body = BatchRequest,
    responses((status = 200, body = BatchResponse), (status = "4XX", body = ErrorBody)))]
pub async fn screen_batch(
    State(state): State<Arc<AppState>>,
    JsonBody(req): JsonBody<BatchRequest>,
) -> Result<Response, ApiError> {
    state.check_batch(req.records.len(), "records")?;
    let options = Options::new(req.threshold, req.limit)?;
    let snapshot = state.snapshot();
    // Screening is CPU work: on the blocking pool, across all cores.
    let body = tokio::task::spawn_blocking(move || {
        let prepared: Vec<Result<PreparedQuery, ApiError>> = req
            .records
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let once = |field: &str| {
                    ApiError::field(field, "give threshold and limit once, for the whole batch")
                };
                match (r.threshold, r.limit) {
                    (Some(_), _) => Err(once("threshold")),
                    (_, Some(_)) => Err(once("limit")),
                    _ => r.prepare(),
                }
                .map_err(|e| e.within(&format!("records[{i}]")))
            })
            .collect();
        let hits: Vec<Vec<Hit<'_>>> = prepared
            .par_iter()
            .map(|p| match p {
                Ok(q) => screen(&snapshot, q, options),
                Err(_) => Vec::new(),
            })
            .collect();
        let results: Vec<BatchResult<'_>> = req
            .records
            .iter()
            .zip(&prepared)
            .zip(&hits)
            .map(|((r, p), h)| BatchResult {
                id: r.id.as_deref(),
                name: &r.name,
                warnings: p.as_ref().map_or(&[][..], |q| &q.warnings),
                matches: h.iter().map(MatchOut::of).collect(),
                error: p.as_ref().err().map(|e| crate::error::ErrorDetail {
                    code: e.detail.code,
                    field: e.detail.field.clone(),
                    message: e.detail.message.clone(),
                }),
            })
            .collect();
        serde_json::to_vec(&BatchResponse {
            results,
            threshold: round(options.threshold),
            limit: options.limit,
            generation: snapshot.generation,
        })
    })
    .await
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("batch failed: {e}"),
        )
    })?
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("batch not written: {e}"),
        )
    })?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// An entity with its list.
#[derive(Serialize, ToSchema)]
pub struct EntityResponse<'a> {
    /// The entity as ingested.
    #[schema(value_type = Object)]
    pub entity: &'a Entity,
    /// The list and version it comes from.
    pub list: &'a ListInfo,
}

/// The whole entity as ingested, with its list and version.
#[utoipa::path(get, path = "/v1/entities/{id}",
    params(("id" = String, Path, description = "The entity id, `source:id` (e.g. `un:QDi.001`)")),
    responses((status = 200, body = EntityResponse), (status = 404, body = ErrorBody)))]
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let i = *snapshot
        .by_id
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("no entity {id:?} in the loaded lists")))?
        as usize;
    Ok(Json(EntityResponse {
        entity: &snapshot.index.entities()[i],
        list: snapshot.list_info_of(i),
    })
    .into_response())
}

/// What is loaded.
#[derive(Serialize, ToSchema)]
pub struct ListsResponse<'a> {
    /// The lists served.
    pub lists: &'a [ListInfo],
    /// Files that failed to load into the lists served.
    pub errors: &'a [FileProblem],
    /// Files that were not lists.
    pub skipped: &'a [FileProblem],
    /// Successful loads since start.
    pub generation: u64,
    /// When the lists served were loaded.
    pub loaded_at: &'a str,
    /// How the last reload went.
    pub last_reload: ReloadStatus,
}

/// The lists loaded: what `vigil lists show` reports, with versions.
#[utoipa::path(get, path = "/v1/lists", responses((status = 200, body = ListsResponse)))]
pub async fn lists(State(state): State<Arc<AppState>>) -> Response {
    let s = state.snapshot();
    Json(ListsResponse {
        lists: &s.lists,
        errors: &s.errors,
        skipped: &s.skipped,
        generation: s.generation,
        loaded_at: &s.loaded_at,
        last_reload: state.last_reload(),
    })
    .into_response()
}

/// Reload the lists now (also done on SIGHUP). The new lists replace the
/// old ones atomically; if any fails to load, the old ones stay served and
/// the answer is 503 with the reasons.
#[utoipa::path(post, path = "/v1/admin/reload",
    responses((status = 200, body = ReloadStatus), (status = 503, body = ReloadStatus)))]
pub async fn reload(State(state): State<Arc<AppState>>) -> Response {
    let status = state.reload().await;
    let code = if status.outcome == Some("ok") {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(status)).into_response()
}

/// Health.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `degraded` when the last reload failed (the previous lists
    /// are served).
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness, with the list versions served.
#[derive(Serialize, ToSchema)]
pub struct Ready<'a> {
    /// `ok`, or `degraded` when a list failed to load (at start or at the
    /// last reload): the lists that did load are served.
    pub status: &'static str,
    /// Entities served.
    pub entities: usize,
    /// Successful loads since start.
    pub generation: u64,
    /// The lists and versions served.
    #[schema(value_type = Vec<Object>)]
    pub lists: Vec<serde_json::Value>,
    /// Files that failed to load into the lists served.
    pub errors: &'a [FileProblem],
    /// How the last reload went.
    pub last_reload: ReloadStatus,
}

/// Readiness: the index is loaded (always, once the server listens).
#[utoipa::path(get, path = "/readyz", responses((status = 200, body = Ready)))]
pub async fn readyz(State(state): State<Arc<AppState>>) -> Response {
    let s = state.snapshot();
    let last_reload = state.last_reload();
    let degraded = !s.errors.is_empty() || last_reload.outcome == Some("failed");
    let lists = s
        .lists
        .iter()
        .map(|l| {
            serde_json::json!({
                "source": l.summary.source, "version": l.version,
                "published": l.summary.published.map(|d| d.to_string()), "entities": l.summary.entities,
            })
        })
        .collect();
    Json(Ready {
        status: if degraded { "degraded" } else { "ok" },
        entities: s.index.stats().entities,
        generation: s.generation,
        lists,
        errors: &s.errors,
        last_reload,
    })
    .into_response()
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let text = state
        .metrics
        .render(&state.snapshot(), state.started.elapsed());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response()
}
