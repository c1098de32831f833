//! What every keyed or body-carrying handler checks first: the API key (and its rate,
//! and which publisher it acts for), the body's size and arrival, its JSON, and
//! publisher names.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::KeyOwner;

/// A publisher's key may act only for its publisher: 403 for another.
pub(crate) fn acts_for(owner: &KeyOwner, publisher: Option<&str>) -> Result<(), ApiError> {
    match owner.publisher.as_deref() {
        Some(own) if publisher != Some(own) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("this key acts for publisher {own:?} only"),
        )),
        _ => Ok(()),
    }
}

/// The key's owner, if the request carries a valid key (and its rate allows).
pub(crate) async fn authorize(state: &AppState, headers: &HeaderMap) -> Result<KeyOwner, ApiError> {
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", m);
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("an API key is required"))?;
    let key = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        // The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer" too.
        .and_then(|(scheme, key)| scheme.eq_ignore_ascii_case("bearer").then_some(key))
        .ok_or_else(|| unauthorized("use Authorization: Bearer KEY"))?;
    let owner = state
        .store
        .check_key(key.trim())
        .await?
        .ok_or_else(|| unauthorized("unknown API key"))?;
    if let Err(wait) = state.limiter.take(&owner.name) {
        return Err(ApiError::rate_limited("requests for this key", wait));
    }
    Ok(owner)
}

/// Reads a request body of at most `limit` bytes (after the caller has authorized the
/// request, so an anonymous client cannot make the server hold a large body): 413 over
/// the limit, 408 when it does not arrive in time.
pub(crate) async fn read_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    use futures_util::StreamExt;
    let mut data = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = data.next().await {
        let chunk = chunk.map_err(|e| {
            if crate::connections::is_body_timeout(&e) {
                ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "body_timeout",
                    "the request body did not arrive in time",
                )
            } else {
                ApiError::bad_request("the request body could not be read")
            }
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("the request body is over {limit} bytes"),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(bytes))
}

/// A publisher's name as it may appear in a feed's path: 1 to 64 letters, digits,
/// '-' or '_'. 400 otherwise, on every endpoint that takes one.
pub(crate) fn publisher_name(name: &str) -> Result<&str, ApiError> {
    let name = name.trim();
    let valid = (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(ApiError::bad_request(
            "publisher must be 1 to 64 letters, digits, '-' or '_'",
        ))
    }
}

/// A JSON request body, or 400 saying what is wrong with it.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))
}
