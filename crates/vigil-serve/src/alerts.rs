//! `/v1/alerts`: the alert queue, one alert with its decisions and
//! history, and decisions and reviews, for the systems around vigil (a
//! case-management tool, a ticketing bridge). What a request does is
//! audited under its service account (`api-key:<label>`), as an analyst's
//! actions are under `user:<name>`; the four-eyes rule applies alike.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{JsonBody, number, query_pairs};
use crate::state::AppState;
use crate::subjects::{Actor, store_error};
use axum::Json;
use axum::extract::{Extension, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use vigil_store::{Alert, AlertFilter, AuditEvent, Decision, Outcome, Review, Store};

const MAX_LIMIT: i64 = 500;

/// The case database, or 503 `no_database`.
pub(crate) fn store(state: &AppState) -> Result<&Store, ApiError> {
    state.config.store.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no_database",
            "this server has no case database",
        )
    })
}

/// The query string of `GET /v1/alerts`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct AlertsParams {
    /// open, escalated, pending_approval, true_match or false_positive.
    status: Option<String>,
    /// The list the entity is on (the prefix of its id).
    list: Option<String>,
    /// The lowest score, 0 to 1.
    min_score: Option<f64>,
    /// Raised on or after this day, YYYY-MM-DD.
    from: Option<String>,
    /// Raised on or before this day, YYYY-MM-DD.
    to: Option<String>,
    /// One listed entity's alerts.
    entity_id: Option<String>,
    /// One subject's alerts.
    subject_id: Option<String>,
    /// 1 to 500; default 50.
    limit: Option<i64>,
    /// Alerts to skip; default 0.
    offset: Option<i64>,
}

/// A page of the queue.
#[derive(Serialize, ToSchema)]
pub struct AlertsResponse {
    /// The alerts, newest first.
    #[schema(value_type = Vec<Object>)]
    pub alerts: Vec<Alert>,
    /// How many match the filters in all.
    pub total: i64,
}

/// Alerts, newest first, filtered and paged.
#[utoipa::path(get, path = "/v1/alerts", params(AlertsParams),
    responses((status = 200, body = AlertsResponse), (status = "4XX", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn list(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut filter = AlertFilter::default();
    let (mut limit, mut offset) = (50, 0);
    for (k, v) in query_pairs(raw.as_deref())? {
        let v = v.trim().to_string();
        match k.as_str() {
            "status" => filter.status = Some(v),
            "list" => filter.list = Some(v),
            "min_score" => filter.min_score = Some(number(&k, &v)?),
            "from" => filter.from = Some(v),
            "to" => filter.to = Some(v),
            "entity_id" => filter.entity = Some(v),
            "subject_id" => filter.subject = Some(v),
            "limit" => limit = number(&k, &v)?,
            "offset" => offset = number(&k, &v)?,
            _ => {
                return Err(ApiError::unknown_field(
                    k.clone(),
                    format!(
                        "unknown parameter {k:?}: expected status, list, min_score, from, to, \
                         entity_id, subject_id, limit or offset"
                    ),
                ));
            }
        }
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    if offset < 0 {
        return Err(ApiError::field("offset", "must be 0 or more"));
    }
    let (alerts, total) = store(&state)?
        .alert_queue(&filter, limit, offset)
        .await
        .map_err(store_error)?;
    Ok(Json(AlertsResponse { alerts, total }).into_response())
}

/// One decision or review on an alert.
#[derive(Serialize, ToSchema)]
pub struct DecisionOut {
    /// Who.
    pub actor: String,
    /// false_positive, true_match, escalated, approved or rejected.
    pub outcome: String,
    /// Why.
    pub reason: String,
    /// When (RFC 3339).
    pub at: String,
}

/// An alert with what was decided and its audit history.
#[derive(Serialize, ToSchema)]
pub struct AlertResponse {
    /// The alert, with the explanation as it was when raised (JSON text).
    #[schema(value_type = Object)]
    pub alert: Alert,
    /// Decisions and reviews, oldest first.
    pub decisions: Vec<DecisionOut>,
    /// The alert's audit events, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<AuditEvent>,
}

async fn alert_response(store: &Store, id: i64) -> Result<AlertResponse, ApiError> {
    let alert = store
        .alert(id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| ApiError::not_found(format!("no alert {id}")))?;
    let decisions = store
        .decisions(id)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|(actor, outcome, reason, at)| DecisionOut {
            actor,
            outcome,
            reason,
            at,
        })
        .collect();
    let history = store
        .audit_events_for(&format!("alert:{id}"))
        .await
        .map_err(store_error)?;
    Ok(AlertResponse {
        alert,
        decisions,
        history,
    })
}

/// One alert, its decisions and its audit history.
#[utoipa::path(get, path = "/v1/alerts/{id}",
    params(("id" = i64, Path, description = "The alert id")),
    responses((status = 200, body = AlertResponse), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn show(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    Ok(Json(alert_response(store(&state)?, id).await?).into_response())
}

/// A decision on an alert.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// false_positive, true_match or escalated.
    pub outcome: String,
    /// Why (required).
    pub reason: String,
    /// The alert revision the decision was made on (from `GET
    /// /v1/alerts/{id}`): a decision on an older one is refused with 409.
    pub revision: i64,
}

/// Decide an alert. Under the four-eyes rule a true match waits for a
/// supervisor's (or another service account's) review.
#[utoipa::path(post, path = "/v1/alerts/{id}/decision", request_body = DecisionRequest,
    params(("id" = i64, Path, description = "The alert id")),
    responses((status = 200, body = AlertResponse), (status = "4XX", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn decide(
    State(state): State<Arc<AppState>>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    JsonBody(req): JsonBody<DecisionRequest>,
) -> Result<Response, ApiError> {
    let outcome = match req.outcome.as_str() {
        "false_positive" => Outcome::FalsePositive,
        "true_match" => Outcome::TrueMatch,
        "escalated" => Outcome::Escalated,
        _ => {
            return Err(ApiError::field(
                "outcome",
                "expected false_positive, true_match or escalated",
            ));
        }
    };
    let store = store(&state)?;
    store
        .decide(&Decision {
            alert_id: id,
            actor: actor.0,
            outcome,
            reason: req.reason,
            revision: req.revision,
        })
        .await
        .map_err(store_error)?;
    Ok(Json(alert_response(store, id).await?).into_response())
}

/// A review of a proposed true match.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// true: the alert becomes a true match; false: it is open again.
    pub approve: bool,
    /// Why (required).
    pub reason: String,
    /// The alert revision the review was made on.
    pub revision: i64,
}

/// Approve or reject a true match proposed under the four-eyes rule; the
/// reviewer must not be the proposer (403).
#[utoipa::path(post, path = "/v1/alerts/{id}/review", request_body = ReviewRequest,
    params(("id" = i64, Path, description = "The alert id")),
    responses((status = 200, body = AlertResponse), (status = "4XX", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn review(
    State(state): State<Arc<AppState>>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    JsonBody(req): JsonBody<ReviewRequest>,
) -> Result<Response, ApiError> {
    let store = store(&state)?;
    store
        .review(&Review {
            alert_id: id,
            actor: actor.0,
            approve: req.approve,
            reason: req.reason,
            revision: req.revision,
        })
        .await
        .map_err(store_error)?;
    Ok(Json(alert_response(store, id).await?).into_response())
}
