//! Reading requests: JSON bodies and query strings, with errors that name
//! the field (`records[2].dob`) instead of axum's plain-text rejections.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON body parsed with the path of the first bad field.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let RawBody(bytes) = RawBody::from_request(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// The body's bytes, within the size limit (a JSON 413 beyond it).
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "body_too_large",
                        format!("the request body is larger than this server accepts: {e}"),
                    )
                } else {
                    ApiError::new(StatusCode::BAD_REQUEST, "malformed_body", e.to_string())
                }
            })
    }
}

/// Parses JSON, naming the path of the first field that does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_body",
            "the request body is empty: expected a JSON object",
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        let code = if message.starts_with("unknown field") {
            "unknown_field"
        } else if inner.is_syntax() || inner.is_eof() {
            "malformed_body"
        } else {
            "invalid_field"
        };
        let status = if code == "invalid_field" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        let e = ApiError::new(status, code, message);
        // A syntax error's path is only how far the parser got.
        if code == "malformed_body" {
            e
        } else {
            e.at(path)
        }
    })
}

/// The parameters of a query string, in order; a repeated parameter
/// appears once per value.
pub fn query_pairs(query: Option<&str>) -> Result<Vec<(String, String)>, ApiError> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query.unwrap_or("")).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_query",
            format!("the query string cannot be read: {e}"),
        )
    })
}

/// Reads a number parameter, naming it when it is not one.
pub fn number<T: std::str::FromStr>(field: &str, value: &str) -> Result<T, ApiError> {
    value
        .trim()
        .parse()
        .map_err(|_| ApiError::field(field, format!("expected a number, got {value:?}")))
}
