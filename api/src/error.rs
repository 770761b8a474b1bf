use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The fields of a request that were refused, by field name.
pub type FieldErrors = BTreeMap<String, FieldError>;

/// The one shape of every error the API returns:
/// `{"error":{"code":"validation","message":"...","fields":{"email":"invalid"},"request_id":"..."}}`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorResponse {
    pub error: ErrorBody,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// English, for developers and logs; the SPA shows its own translated
    /// text chosen by `code` and `fields`.
    pub message: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, FieldError>))]
    pub fields: FieldErrors,
    /// The id the server logged this request under, for support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not the JSON this endpoint takes.
    BadRequest,
    /// 422: well-formed, but some fields were refused (see `fields`).
    Validation,
    Unauthorized,
    Forbidden,
    /// 403: a staff request from a session not opened with a passkey.
    PasskeyRequired,
    NotFound,
    MethodNotAllowed,
    /// 408: the body's next piece did not come in time.
    RequestTimeout,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden | ErrorCode::PasskeyRequired => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Validation => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_shape_matches_the_documented_json() {
        let response = ErrorResponse {
            error: ErrorBody {
                code: ErrorCode::Validation,
                message: "Some fields are invalid".into(),
                fields: FieldErrors::from([("email".to_owned(), FieldError::Invalid)]),
                request_id: Some("abc".into()),
            },
        };
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error":{"code":"validation","message":"Some fields are invalid","fields":{"email":"invalid"},"request_id":"abc"}})
        );
    }

    #[test]
    fn empty_fields_and_missing_request_id_are_left_out() {
        let body = ErrorBody {
            code: ErrorCode::NotFound,
            message: "Not found".into(),
            fields: FieldErrors::new(),
            request_id: None,
        };
        let json = serde_json::to_string(&ErrorResponse { error: body }).unwrap();
        assert_eq!(json, r#"{"error":{"code":"not_found","message":"Not found"}}"#);
    }
}
