//! The server's one router: the API's routes ([`crate::api::routes`]) and the web app's
//! ([`crate::web::routes`]) under the layers every response goes through (body limit,
//! CORS for players on publishers' pages, security headers, a request id and its log
//! span, the request counted for `/metrics` by its route's pattern).

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, MatchedPath, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::error::ApiError;
use crate::metrics::HttpMetrics;
use crate::state::AppState;

/// Largest request body accepted (an HTML page plus JSON overhead).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(crate::api::routes())
        .merge(crate::web::routes())
        // The matched route's pattern goes out with the response, for the metrics.
        .route_layer(axum::middleware::from_fn(mark_route))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Players on publishers' pages read articles, timings and audio, and report
        // listens, from other origins. No cookies are used, so any origin may.
        .layer(axum::middleware::from_fn(answer_preflight))
        .layer(axum::middleware::map_response(allow_any_origin))
        .layer(axum::middleware::map_response(security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.http_metrics.clone(),
            request_log,
        ))
        .with_state(state)
}

/// Every request gets an id, sent back as `X-Request-Id` and carried by everything it
/// logs (a span with the method and the path; never the query, which may hold a
/// token). A server error is logged with its status and time; others at debug level.
async fn request_log(
    State(metrics): State<Arc<HttpMetrics>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use tracing::Instrument;
    let id = request_id();
    let method = request.method().clone();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    let started = std::time::Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let route = response.extensions().get::<MatchedPath>();
    metrics.observe(
        route.map(MatchedPath::as_str),
        method.as_str(),
        status,
        started,
    );
    let ms = started.elapsed().as_millis() as u64;
    span.in_scope(|| {
        if response.status().is_server_error() {
            tracing::error!(status, ms, "request failed");
        } else {
            tracing::debug!(status, ms, "request");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// Puts the pattern of the route that matched (`/v1/articles/{id}`) on the response,
/// where [`request_log`] counts it.
async fn mark_route(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// Sixteen hex digits from the system's random source.
fn request_id() -> String {
    let mut bytes = [0u8; 8];
    // Without randomness the id is only less unique; the request goes on.
    let _ = getrandom::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every response is taken for the type it declares (no sniffing an uploaded text as
/// HTML); the server's own pages cannot be framed by other sites, take no `<base>` or
/// plugin, post forms only to this server, and send no referrer elsewhere (an
/// article's URL may carry a token). Scripts and styles are not restricted here: the
/// pages inline theirs.
async fn security_headers(mut response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "frame-ancestors 'self'; base-uri 'none'; object-src 'none'; form-action 'self'",
            ),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

async fn allow_any_origin(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After, Location, ETag, Content-Range"),
    );
    response
}

/// A browser's CORS preflight (`OPTIONS` before a keyed or JSON request from another
/// site's page): allowed for every route, so web apps elsewhere can call the API with
/// their key. The key, not the origin, authorizes; no cookies are involved.
async fn answer_preflight(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() != axum::http::Method::OPTIONS {
        return next.run(request).await;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD, POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Authorization, Content-Type, Range, If-None-Match"),
    );
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(86_400u32));
    response
}
