//! Errors as the API writes them: a status and a JSON body naming the
//! field and the reason, never a bare 500 or an HTML page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code: `invalid_field`, `unknown_field`, `malformed_body`,
    /// `body_too_large`, `batch_too_large`, `not_found`, `unauthorized`,
    /// `timeout`, `unavailable`.
    pub code: &'static str,
    /// The field at fault, as a path into the request (`dob`,
    /// `records[3].country`, `queries.q1.properties.birthDate`), when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why, for a person.
    pub message: String,
}

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub detail: ErrorDetail,
}

impl ApiError {
    /// An error of `status` with `code`.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: ErrorDetail {
                code,
                field: None,
                message: message.into(),
            },
        }
    }

    /// A field whose value cannot be used (422).
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message).at(field)
    }

    /// A field the endpoint does not know (400): never dropped silently.
    pub fn unknown_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "unknown_field", message).at(field)
    }

    /// Nothing with this id (404).
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// Names the field at fault.
    pub fn at(mut self, field: impl Into<String>) -> ApiError {
        let field = field.into();
        self.detail.field = (!field.is_empty() && field != "." && field != "?").then_some(field);
        self
    }

    /// Prefixes the field path (`records[3]` + `dob` = `records[3].dob`).
    pub fn within(mut self, prefix: &str) -> ApiError {
        self.detail.field = Some(match self.detail.field.take() {
            Some(f) => format!("{prefix}.{f}"),
            None => prefix.to_string(),
        });
        self
    }
}

impl From<vigil_core::input::FieldError> for ApiError {
    fn from(e: vigil_core::input::FieldError) -> ApiError {
        ApiError::field(e.field, e.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: self.detail };
        (self.status, axum::Json(body)).into_response()
    }
}
