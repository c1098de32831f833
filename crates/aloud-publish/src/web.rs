//! The web app and the player script: `/` (paste a link or text, the narrated
//! articles, the podcast feeds), `/a/{id}` (progress while narrating, then the player
//! beside the article text with read-along) and `/player.js` (the `<aloud-player>` web
//! component). Plain server-rendered HTML; the only script is the player and a few lines
//! for progress and the copy buttons.

use std::fmt::Write as _;

use aloud_audio::Timings;
use aloud_extract::BlockKind;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::api::enqueue;
use crate::state::AppState;
use crate::store::{ArticleRecord, JobStatus, SourceKind};

/// The `<aloud-player>` web component.
pub const PLAYER_JS: &str = include_str!("../web/player.js");

/// Keyless submissions are small: at most this many bytes of link or text…
pub const WEB_MAX_SOURCE_BYTES: usize = 100_000;
/// …and at most this long a narration for text (or the server's limit, if lower).
pub const WEB_MAX_AUDIO: std::time::Duration = std::time::Duration::from_secs(30 * 60);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/",
            get(home)
                .post(submit_form)
                // Form encoding can triple the text's size.
                .layer(axum::extract::DefaultBodyLimit::max(
                    3 * WEB_MAX_SOURCE_BYTES + 1024,
                )),
        )
        .route("/a/{id}", get(listen_page))
        .route("/player.js", get(player_js))
}

/// The player's ETag: a hash of the script, computed once.
static PLAYER_ETAG: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(PLAYER_JS.as_bytes());
    format!("\"{}\"", &crate::store::hex(&digest)[..16])
});

async fn player_js(headers: HeaderMap) -> Response {
    let etag = PLAYER_ETAG.clone();
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "text/javascript; charset=utf-8".to_string(),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_string()),
            (header::ETAG, etag),
        ],
        PLAYER_JS,
    )
        .into_response()
}

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    crate::feed::xml(text)
}

/// 75_000 ms → "1:15".
fn clock(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

const STYLE: &str = r#"
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#d0d0d0;--accent:#1f4fd1}
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
header.site,main,footer.site{max-width:46rem;margin:0 auto;padding:0 1rem}
header.site{display:flex;align-items:baseline;gap:1rem;padding-top:1rem;padding-bottom:.5rem;border-bottom:1px solid var(--line)}
header.site a{color:inherit;text-decoration:none;font-weight:700;font-size:1.3rem}
header.site span{color:var(--muted)}
h1{line-height:1.25}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form.narrate label{display:block;font-weight:600;margin:.5rem 0}
textarea{width:100%;font:inherit;padding:.5rem;border:1px solid #8a8a8a;border-radius:.5rem}
button.primary,button.copy{font:inherit;border-radius:.5rem;cursor:pointer;min-height:2.75rem;padding:0 1rem}
button.primary{margin-top:.5rem;border:0;background:var(--accent);color:#fff;font-weight:600}
button.copy{border:1px solid #8a8a8a;background:#fff}
ul.articles{list-style:none;padding:0}
ul.articles li{padding:.5rem 0;border-bottom:1px solid var(--line)}
.meta{color:var(--muted);font-size:.9rem}
.feed{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin:.5rem 0}
.feed input{flex:1;min-width:12rem;font:inherit;padding:.4rem;border:1px solid #8a8a8a;border-radius:.5rem}
progress{width:100%;height:1rem}
.error{color:#a00000;font-weight:600}
article#text p{margin:0 0 1em}
article#text{margin-top:1.5rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
section.check{margin-top:2rem;border-top:1px solid var(--line)}
section.check h2{font-size:1.1rem}
ul.suspects{padding-left:1.2rem}
ul.suspects blockquote{margin:.25rem 0;color:var(--muted)}
.fix{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
.fix input,.editor-key input,.fix select{font:inherit;padding:.3rem;border:1px solid #8a8a8a;border-radius:.4rem}
.fix button{font:inherit;min-height:2.4rem;padding:0 .8rem;border:1px solid #8a8a8a;border-radius:.4rem;background:#fff;cursor:pointer}
footer.site{color:var(--muted);font-size:.9rem;padding-top:2rem;padding-bottom:2rem}
"#;

/// Copies the value of the input a `.copy` button names, and says so.
const COPY_SCRIPT: &str = r#"
document.addEventListener('click', (e) => {
  const b = e.target.closest('button.copy');
  if (!b) return;
  const input = document.getElementById(b.dataset.for);
  const done = () => { b.textContent = 'Copied'; document.getElementById('copy-status').textContent = 'Feed link copied'; };
  if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, () => { input.select(); });
  else { input.select(); document.execCommand('copy'); done(); }
});
"#;

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><link rel=\"icon\" href=\"data:,\"><style>{STYLE}</style></head><body>\
<header class=\"site\"><a href=\"/\">aloud</a><span>Listen to any article</span></header>\
<main id=\"main\">{body}</main>\
<footer class=\"site\">Narrated on this server with a local neural voice.</footer>\
<div class=\"sr\" role=\"status\" aria-live=\"polite\" id=\"copy-status\"></div>\
<script>{COPY_SCRIPT}</script></body></html>",
        title = escape(title)
    ))
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/\">Back to aloud</a></p>",
        status.canonical_reason().unwrap_or("Error"),
        escape(message)
    );
    (status, page("aloud: error", &body)).into_response()
}

fn feed_box(state: &AppState, publisher: &str, n: usize) -> String {
    let url = format!(
        "{}/feeds/{}.xml",
        state.public_url.trim_end_matches('/'),
        publisher
    );
    format!(
        "<div class=\"feed\"><label for=\"feed-{n}\">Podcast feed of {p}</label>\
<input id=\"feed-{n}\" readonly value=\"{u}\">\
<button class=\"copy\" type=\"button\" data-for=\"feed-{n}\">Copy link</button></div>",
        p = escape(publisher),
        u = escape(&url)
    )
}

/// The article's title, else its URL (without the query, which may carry a token),
/// else the start of its first line.
fn title_of(a: &ArticleRecord) -> String {
    if let Some(title) = &a.title {
        return title.clone();
    }
    match a.source_kind {
        SourceKind::Url => a
            .source_start
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
            .to_string(),
        SourceKind::Text => {
            let line = a.source_start.trim().lines().next().unwrap_or_default();
            let mut words: Vec<&str> = line.split_whitespace().take(12).collect();
            if words.len() < line.split_whitespace().count() {
                words.push("…");
            }
            if words.is_empty() {
                "Untitled article".into()
            } else {
                words.join(" ")
            }
        }
        SourceKind::Html | SourceKind::Speech => "Untitled article".into(),
    }
}

async fn home(State(state): State<AppState>) -> Response {
    let (articles, _) = match state.store.list(50, 0).await {
        Ok(list) => list,
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let mut body = String::from("<h1>Listen to an article</h1>");
    if state.web_submit {
        body.push_str(
            "<form class=\"narrate\" method=\"post\" action=\"/\">\
<label for=\"source\">Paste a link to an article, or its text</label>\
<textarea id=\"source\" name=\"source\" rows=\"4\" required \
placeholder=\"https://example.com/news/story\"></textarea>\
<button class=\"primary\" type=\"submit\">Narrate</button></form>",
        );
    } else {
        body.push_str("<p>Articles are submitted to this server through its API.</p>");
    }
    body.push_str("<h2>Narrated articles</h2>");
    if articles.is_empty() {
        body.push_str("<p>None yet.</p>");
    } else {
        body.push_str("<ul class=\"articles\">");
        for a in &articles {
            let detail = match (a.status.as_str(), a.duration_ms) {
                ("done", Some(ms)) => clock(ms),
                ("failed", _) => "failed".into(),
                (status, _) => status.into(),
            };
            let _ = write!(
                body,
                "<li><a href=\"/a/{id}\">{title}</a> <span class=\"meta\">· {detail}</span></li>",
                id = escape(&a.id),
                title = escape(&title_of(a)),
            );
        }
        body.push_str("</ul>");
    }
    let mut publishers: Vec<&str> = articles
        .iter()
        .filter(|a| a.audio_etag.is_some())
        .filter_map(|a| a.publisher.as_deref())
        .collect();
    publishers.sort_unstable();
    publishers.dedup();
    if !publishers.is_empty() {
        body.push_str("<h2>Podcast feeds</h2>");
        for (n, p) in publishers.iter().enumerate() {
            body.push_str(&feed_box(&state, p, n));
        }
    }
    page("aloud", &body).into_response()
}

#[derive(Deserialize)]
struct NarrateForm {
    source: String,
}

/// `POST /` from the form: a lone http(s) link is fetched, anything else is narrated as
/// text. Limited per client address like API writes; redirects to the article's page.
async fn submit_form(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<std::net::SocketAddr>,
    form: Result<Form<NarrateForm>, FormRejection>,
) -> Response {
    if !state.web_submit {
        return error_page(
            StatusCode::FORBIDDEN,
            "Submissions from this page are turned off on this server.",
        );
    }
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                "That is too long for this page; longer texts go through the API.",
            )
        }
        Err(_) => return error_page(StatusCode::BAD_REQUEST, "Send a link or some text."),
    };
    if let Err(wait) = state.limiter.take(&format!("web:{}", client.ip())) {
        let mut page = error_page(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too many articles from your address; try again in {wait} s."),
        );
        page.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return page;
    }
    let source = form.source.trim().to_string();
    if source.is_empty() {
        return error_page(StatusCode::BAD_REQUEST, "Send a link or some text.");
    }
    if source.len() > WEB_MAX_SOURCE_BYTES {
        return error_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "That is more than {} kB; longer texts go through the API.",
                WEB_MAX_SOURCE_BYTES / 1000
            ),
        );
    }
    // A lone link (any scheme, so that a non-http one is refused, not narrated).
    let is_url = !source.contains(char::is_whitespace) && source.contains("://");
    let kind = if is_url {
        SourceKind::Url
    } else {
        SourceKind::Text
    };
    if kind == SourceKind::Text {
        // Small enough to script here (off the async threads): pauses written as SSML
        // breaks count, so a short text cannot ask for hours of audio.
        let limit = state.max_audio.min(WEB_MAX_AUDIO);
        let text = source.clone();
        let checked = tokio::task::spawn_blocking(move || {
            let document = aloud_extract::source::decode(text.as_bytes(), None, None, None)?;
            let (_, script) = aloud_pipeline::script_for_document(&document, Default::default())?;
            aloud_pipeline::check_duration(&script, 1.0, limit)
        })
        .await;
        match checked {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return error_page(StatusCode::UNPROCESSABLE_ENTITY, &format!("{e:#}.")),
            Err(_) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, "Please try again."),
        }
    }
    match enqueue(&state, kind, source, None, None, None, None).await {
        Ok(record) => Redirect::to(&format!("/a/{}", record.id)).into_response(),
        Err(e) => error_page(e.status, &e.message),
    }
}

/// Polls the article while it is narrated, showing progress; reloads when done.
const PROGRESS_SCRIPT: &str = r#"
(() => {
  const box = document.getElementById('progress');
  const bar = box.querySelector('progress'), text = box.querySelector('.progress-text');
  const tick = async () => {
    try {
      const a = await (await fetch('/v1/articles/' + box.dataset.article)).json();
      if (a.version) return location.reload();
      if (a.status === 'failed') { text.textContent = 'Narration failed: ' + (a.error || 'unknown error'); text.className = 'error'; bar.hidden = true; return; }
      if (a.progress && a.progress.total) { bar.max = a.progress.total; bar.value = a.progress.done; text.textContent = 'Narrating: ' + a.progress.done + ' of ' + a.progress.total + ' sentences'; }
      else text.textContent = a.status === 'queued' ? 'Waiting for a narrator…' : 'Reading the article…';
    } catch (_) { /* try again */ }
    setTimeout(tick, 1000);
  };
  tick();
})();
"#;

async fn listen_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let article = match state.store.get(&id).await {
        Ok(Some(a)) => a,
        Ok(None) => return error_page(StatusCode::NOT_FOUND, "There is no such article."),
        Err(e) => return error_page(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let title = title_of(&article);
    if article.audio_etag.is_none() {
        let body = if article.status == JobStatus::Failed {
            format!(
                "<h1>{}</h1><p class=\"error\">Narration failed: {}</p>",
                escape(&title),
                escape(article.error.as_deref().unwrap_or("unknown error"))
            )
        } else {
            format!(
                "<h1>{}</h1><div id=\"progress\" data-article=\"{id}\">\
<progress aria-label=\"Narration progress\"></progress>\
<p class=\"progress-text\" role=\"status\" aria-live=\"polite\">Waiting for a narrator…</p></div>\
<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript><script>{PROGRESS_SCRIPT}</script>",
                escape(&title),
                id = escape(&article.id)
            )
        };
        return page(&title, &body).into_response();
    }
    let version = article.audio_etag.as_deref().unwrap_or_default();
    let key = crate::api::narration_file_key(&state, &id, version, "timings.json").await;
    // The narration's timings, as the worker wrote them; a page without them (not yet
    // narrated, or an unreadable file) shows the title alone.
    let timings: Option<Timings> = match key {
        Ok(key) => match crate::api::blob(&state, key).await {
            Ok(Some(bytes)) => serde_json::from_slice(&bytes).ok(),
            _ => None,
        },
        Err(_) => None,
    };
    let mut body = format!(
        "<aloud-player article=\"{id}\" for=\"#text\"></aloud-player>\
<script src=\"/player.js\" defer></script>",
        id = escape(&article.id)
    );
    let _ = write!(
        body,
        "<article id=\"text\">{}</article>",
        article_html(timings.as_ref(), &title)
    );
    let v = article.audio_etag.as_deref().unwrap_or_default();
    let _ = write!(
        body,
        "<p class=\"meta\">Download: <a href=\"/v1/articles/{id}/audio.mp3?v={v}\">MP3</a> · \
<a href=\"/v1/articles/{id}/audio.opus?v={v}\">Opus</a> · \
<a href=\"/v1/articles/{id}/captions.vtt?v={v}\">captions</a></p>",
        id = escape(&article.id),
        v = escape(v)
    );
    if let Some(publisher) = &article.publisher {
        body.push_str(&feed_box(&state, publisher, 0));
    }
    body.push_str(&crate::editor::panel(
        &article.id,
        v,
        article.publisher.as_deref(),
    ));
    page(&title, &body).into_response()
}

/// The article as the voice reads it: the title, the byline, then one paragraph per
/// block, from the timings' original words (so read-along matches exactly).
fn article_html(timings: Option<&Timings>, fallback_title: &str) -> String {
    let utterances = timings.map_or(&[][..], |t| &t.utterances[..]);
    let meta_title = timings.and_then(|t| t.meta.title.as_deref());
    // (block index, kind, text) per block.
    let mut blocks: Vec<(usize, BlockKind, String)> = Vec::new();
    for u in utterances {
        match blocks.last_mut() {
            Some((b, _, joined)) if *b == u.block => {
                joined.push(' ');
                joined.push_str(&u.text);
            }
            _ => blocks.push((u.block, u.kind, u.text.clone())),
        }
    }
    let mut out = String::new();
    let kinds: std::collections::HashMap<&str, BlockKind> =
        blocks.iter().map(|(_, k, t)| (t.as_str(), *k)).collect();
    let mut rest = blocks.iter().map(|(_, _, t)| t.as_str()).peekable();
    // The title is the first block when the article has one; an untitled text's short
    // first line serves as its heading.
    match (meta_title, rest.peek()) {
        (Some(t), Some(first)) if t.trim() == first.trim() => {
            let _ = write!(out, "<h1>{}</h1>", escape(t));
            rest.next();
        }
        (None, Some(first)) if first.split_whitespace().count() <= 15 => {
            let _ = write!(out, "<h1>{}</h1>", escape(first));
            rest.next();
        }
        _ => {
            let _ = write!(out, "<h1>{}</h1>", escape(fallback_title));
        }
    }
    if let Some(byline) = timings.and_then(|t| t.meta.byline.as_deref()) {
        let _ = write!(out, "<p class=\"meta\">{}</p>", escape(byline));
    }
    for text in rest {
        match kinds.get(text).copied() {
            Some(BlockKind::Heading { .. }) => {
                let _ = write!(out, "<h2>{}</h2>", escape(text));
            }
            Some(BlockKind::Quote) => {
                let _ = write!(out, "<blockquote><p>{}</p></blockquote>", escape(text));
            }
            Some(BlockKind::ListItem { .. }) => {
                let _ = write!(out, "<p class=\"item\">• {}</p>", escape(text));
            }
            _ => {
                let _ = write!(out, "<p>{}</p>", escape(text));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn clock_formats() {
        assert_eq!(clock(75_000), "1:15");
        assert_eq!(clock(3_725_000), "1:02:05");
        assert_eq!(clock(-5), "0:00");
    }

    /// Timings as the worker writes them, with these utterances (block, text, kind).
    fn timings(
        meta: serde_json::Value,
        utterances: &[(usize, &str, serde_json::Value)],
    ) -> Timings {
        let utterances: Vec<serde_json::Value> = utterances
            .iter()
            .enumerate()
            .map(|(index, (block, text, kind))| {
                json!({"index": index, "start_ms": 0, "end_ms": 0, "speech_end_ms": 0,
                       "text": text, "spoken": text, "span": {"start": 0, "end": 0},
                       "block": block, "kind": kind})
            })
            .collect();
        serde_json::from_value(json!({"meta": meta, "voice": "v", "sample_rate": 22050,
                                      "duration_ms": 0, "utterances": utterances}))
        .expect("timings as the worker writes them")
    }

    #[test]
    fn article_html_groups_utterances_by_block() {
        let paragraph = || json!({"type": "paragraph"});
        let titled = timings(
            json!({"title": "Rain <returns>", "byline": "By Ann"}),
            &[
                (0, "Rain <returns>", json!({"type": "title"})),
                (1, "It rained.", paragraph()),
                (1, "Then it stopped.", paragraph()),
                (2, "What next", json!({"type": "heading", "level": 2})),
                (3, "Dry again.", paragraph()),
            ],
        );
        assert_eq!(
            article_html(Some(&titled), "x"),
            "<h1>Rain &lt;returns&gt;</h1><p class=\"meta\">By Ann</p>\
<p>It rained. Then it stopped.</p><h2>What next</h2><p>Dry again.</p>"
        );
        // An untitled text's short first line is its heading; a long one is not.
        let untitled = timings(
            json!({}),
            &[(0, "Short line.", paragraph()), (1, "Body.", paragraph())],
        );
        assert_eq!(
            article_html(Some(&untitled), "x"),
            "<h1>Short line.</h1><p>Body.</p>"
        );
        let long = "word ".repeat(20);
        let untitled = timings(json!({}), &[(0, &long, paragraph())]);
        assert!(article_html(Some(&untitled), "Fallback").starts_with("<h1>Fallback</h1><p>word"));
        // No timings (not narrated yet): the title alone.
        assert_eq!(article_html(None, "Fallback"), "<h1>Fallback</h1>");
    }
}
