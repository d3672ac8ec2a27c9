//! `POST /v1/subjects`: screen a record and keep it, with memory. The
//! record is stored as a subject with its screening in the case database,
//! and alerts are raised for its matches unless an earlier decision
//! covers them (see `vigil_store::cases`), as `vigil batch --record` does.

use crate::api::{Match, Options, ScreenRequest, screen};
use crate::error::{ApiError, ErrorBody};
use crate::extract::JsonBody;
use crate::state::{AppState, Snapshot};
use axum::Json;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;
use utoipa::ToSchema;
use vigil_index::Hit;
use vigil_index::report::{MatchOut, round};
use vigil_store::{MatchInput, ScreeningContext, SubjectInput};

/// Who makes a request: `api-key:<label>` with keys configured (service
/// accounts), `api` without. Set by the key check, recorded in the audit log.
#[derive(Debug, Clone)]
pub struct Actor(pub String);

/// An alert raised by the screening.
#[derive(Serialize, ToSchema)]
pub struct RaisedAlert {
    /// Its id.
    pub id: i64,
    /// The listed entity.
    pub entity_id: String,
    /// The score.
    pub score: f64,
    /// Why it was raised: a new match, or what changed since a decision.
    pub raised_because: String,
}

/// What storing the screening did.
#[derive(Serialize, ToSchema)]
pub struct RecordedOut {
    /// The screening's id.
    pub screening_id: i64,
    /// The alerts raised.
    pub alerts: Vec<RaisedAlert>,
    /// Entities matched again, covered by a false-positive decision.
    pub suppressed: Vec<String>,
    /// Alerts matched again and still open.
    pub still_open: Vec<i64>,
    /// Entities matched again, already decided true matches.
    pub already_true_match: Vec<String>,
}

/// The answer of `POST /v1/subjects`.
#[derive(Serialize, ToSchema)]
pub struct SubjectResponse<'a> {
    /// The subject's id.
    pub id: &'a str,
    /// The name screened.
    pub query: &'a str,
    /// The threshold applied.
    pub threshold: f64,
    /// What was done to the input.
    pub warnings: &'a [String],
    /// The matches, best first.
    #[schema(value_type = Vec<Match>)]
    pub matches: Vec<MatchOut<'a>>,
    /// The list load the matches come from.
    pub generation: u64,
    /// What was stored and raised.
    pub recorded: RecordedOut,
}

/// Screen a record and store it as a subject, raising alerts for its new
/// matches. The body is that of `POST /v1/screen`, with `id` required (the
/// caller's id for the subject) and `threshold` above 0.
#[utoipa::path(post, path = "/v1/subjects", request_body = ScreenRequest,
    responses((status = 200, body = SubjectResponse), (status = "4XX", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn subjects_post(
    State(state): State<Arc<AppState>>,
    Extension(actor): Extension<Actor>,
    JsonBody(req): JsonBody<ScreenRequest>,
) -> Result<Response, ApiError> {
    let store = crate::alerts::store(&state)?.clone();
    let id = req
        .id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::field("id", "a subject needs the caller's id"))?
        .to_string();
    let options = Options::new(req.threshold, req.limit)?;
    if options.threshold <= 0.0 {
        return Err(ApiError::field(
            "threshold",
            "alerts are raised at the threshold: 0 would alert on every candidate",
        ));
    }
    let query = req.prepare_query()?;
    let snapshot = state.snapshot();
    let hits = screen(&snapshot, &query, options);
    let subject = subject_of(&id, &req);
    let recorded = record(
        &store,
        &snapshot,
        actor.0,
        &subject,
        &hits,
        options.threshold,
    )
    .await?;
    Ok(Json(SubjectResponse {
        id: &id,
        query: &query.query.name,
        threshold: round(options.threshold),
        warnings: &query.warnings,
        matches: hits.iter().map(MatchOut::of).collect(),
        generation: snapshot.generation,
        recorded: RecordedOut {
            screening_id: recorded.screening_id,
            alerts: recorded
                .raised
                .into_iter()
                .map(|a| RaisedAlert {
                    id: a.id,
                    entity_id: a.entity_id,
                    score: a.score,
                    raised_because: a.raised_because,
                })
                .collect(),
            suppressed: recorded.suppressed,
            still_open: recorded.still_open,
            already_true_match: recorded.already_true_match,
        },
    })
    .into_response())
}

/// The subject a screening request describes: the caller's id, the name
/// and the attributes screened.
pub(crate) fn subject_of(id: &str, req: &ScreenRequest) -> SubjectInput {
    let dob = req.dob.as_ref().map(|d| d.joined());
    let country = req.country.as_ref().map(|c| c.joined());
    let identifiers: Vec<String> = req.identifiers.iter().map(|i| i.spec()).collect();
    let identifiers = (!identifiers.is_empty()).then(|| identifiers.join(";"));
    SubjectInput::new(
        id,
        &req.name,
        [
            ("dob", dob.as_deref()),
            ("country", country.as_deref()),
            ("schema", req.schema.as_deref()),
            ("gender", req.gender.as_deref()),
            ("identifiers", identifiers.as_deref()),
        ],
    )
}

/// Stores a screening of `subject` and its hits under `actor`, raising the
/// alerts memory allows.
pub(crate) async fn record(
    store: &vigil_store::Store,
    snapshot: &Snapshot,
    actor: String,
    subject: &SubjectInput,
    hits: &[Hit<'_>],
    threshold: f32,
) -> Result<vigil_store::Recorded, ApiError> {
    let context = ScreeningContext {
        actor,
        list_versions: serde_json::to_value(&snapshot.lists).unwrap_or_default(),
        engine_version: env!("CARGO_PKG_VERSION").to_string(),
        threshold: f64::from(threshold),
    };
    store
        .record_screening(&context, subject, &match_inputs(hits))
        .await
        .map_err(store_error)
}

/// The matches of a screening as the store records them: score, listed
/// name, explanation and the listed entity's fingerprint. Shared by every
/// caller that records (`POST /v1/subjects`, `vigil batch --record`,
/// `vigil monitor`).
pub fn match_inputs(hits: &[Hit<'_>]) -> Vec<MatchInput> {
    hits.iter()
        .map(|h| MatchInput {
            entity_id: h.entity.id.clone(),
            score: round(h.scored.score),
            matched_name: h.scored.explanation.matched_name.clone(),
            explanation: serde_json::to_value(&h.scored.explanation)
                .expect("explanations serialize"),
            entity_fingerprint: vigil_store::fingerprint(h.entity),
        })
        .collect()
}

/// A store error as an answer: a bad field is the caller's, a conflict is
/// 409, anything else means the database is unavailable (nothing written).
pub(crate) fn store_error(e: vigil_store::Error) -> ApiError {
    match e {
        vigil_store::Error::Invalid { field, message } => ApiError::field(field, message),
        vigil_store::Error::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
        vigil_store::Error::Forbidden(m) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", m),
        vigil_store::Error::NotFound(m) => ApiError::not_found(m),
        other => {
            tracing::error!(error = %other, "the case database failed");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                format!("the case database failed; nothing was stored: {other}"),
            )
        }
    }
}
