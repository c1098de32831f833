//! Pronunciation rules over the API: checking the rules a request brings (an article's,
//! an audition's), and a publisher's own lexicon, read and extended by its editors
//! (`GET`/`POST /v1/publishers/{name}/lexicon`), kept as
//! `publishers/<name>.json` in the lexicon directory, which every narration for the
//! publisher reads.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

use aloud_script::lexicon::{Lexicon, Scope, MAX_ARTICLE_LEXICON_BYTES, MAX_ARTICLE_RULES};

use crate::error::ApiError;
use crate::request::{acts_for, authorize, parse_json, publisher_name, read_body};
use crate::state::AppState;

/// Most rules a publisher's lexicon may hold, and its largest size in bytes.
pub const MAX_PUBLISHER_RULES: usize = 5_000;
pub const MAX_PUBLISHER_LEXICON_BYTES: usize = 512 * 1024;

/// Read-modify-write of lexicon files, one at a time.
static WRITING: Mutex<()> = Mutex::new(());

/// `rules` (`{"rules": [...]}` as in a JSON lexicon) checked for size and compiled
/// (off the async threads: regexes are CPU work); the JSON text to keep.
pub(crate) async fn checked_rules(
    rules: Value,
    max_rules: usize,
    max_bytes: usize,
    whose: &'static str,
) -> Result<String, ApiError> {
    let text = rules.to_string();
    let count = rules["rules"].as_array().map_or(0, Vec::len);
    if count > max_rules || text.len() > max_bytes {
        return Err(ApiError::bad_request(format!(
            "the lexicon has {count} rules in {} bytes; {whose} may have at most \
             {max_rules} rules in {max_bytes} bytes",
            text.len()
        )));
    }
    tokio::task::spawn_blocking(move || {
        Lexicon::default()
            .add_json(&text, Scope::Article, "lexicon")
            .map(|()| text)
    })
    .await
    .map_err(|_| ApiError::internal())?
    .map_err(|e| ApiError::bad_request(e.to_string()))
}

/// An article's (or an audition's) own rules.
pub(crate) async fn article_rules(rules: Value) -> Result<String, ApiError> {
    checked_rules(
        rules,
        MAX_ARTICLE_RULES,
        MAX_ARTICLE_LEXICON_BYTES,
        "an article (publisher lexicons take more)",
    )
    .await
}

fn lexicon_file(dir: &FsPath, publisher: &str) -> PathBuf {
    dir.join("publishers").join(format!("{publisher}.json"))
}

/// The rules in a publisher's lexicon file (none where there is no file).
fn read_rules(path: &FsPath) -> Result<Vec<Value>, ApiError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let file: Value = serde_json::from_slice(&bytes).map_err(|e| {
                tracing::error!(path = %path.display(), error = %e, "publisher lexicon is not JSON");
                ApiError::internal()
            })?;
            Ok(file["rules"].as_array().cloned().unwrap_or_default())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => {
            tracing::error!(path = %path.display(), error = %e, "cannot read the publisher lexicon");
            Err(ApiError::internal())
        }
    }
}

/// A publisher name checked, with the key allowed to act for it.
async fn editor(state: &AppState, headers: &HeaderMap, name: &str) -> Result<String, ApiError> {
    let owner = authorize(state, headers).await?;
    let publisher = publisher_name(name)?;
    acts_for(&owner, Some(publisher))?;
    Ok(publisher.to_string())
}

/// `GET /v1/publishers/{name}/lexicon`: the publisher's rules.
pub(crate) async fn get_lexicon(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let publisher = editor(&state, &headers, &name).await?;
    let path = lexicon_file(&state.lexicon_dir, &publisher);
    let rules = tokio::task::spawn_blocking(move || read_rules(&path))
        .await
        .map_err(|_| ApiError::internal())??;
    Ok(Json(json!({"publisher": publisher, "rules": rules})))
}

/// `POST /v1/publishers/{name}/lexicon {"rules": [...]}`: adds rules to the publisher's
/// lexicon; a word rule replaces the publisher's rule for the same word. Applies from
/// the next narration (`POST /v1/articles/{id}/renarrate` for one already made).
pub(crate) async fn add_rules(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Body,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let publisher = editor(&state, &headers, &name).await?;
    let body: Value = parse_json(&read_body(body, MAX_ARTICLE_LEXICON_BYTES + 1024).await?)?;
    checked_rules(
        body.clone(),
        MAX_ARTICLE_RULES,
        MAX_ARTICLE_LEXICON_BYTES,
        "one request",
    )
    .await?;
    let added = body;
    let dir = state.lexicon_dir.clone();
    let publisher_for_file = publisher.clone();
    let merged = tokio::task::spawn_blocking(move || {
        let _writing = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        if dir
            .join("publishers")
            .join(format!("{publisher_for_file}.pls"))
            .exists()
        {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "pls_lexicon",
                "this publisher's lexicon is a PLS file; edit it there",
            ));
        }
        let path = lexicon_file(&dir, &publisher_for_file);
        let mut rules = read_rules(&path)?;
        let word = |rule: &Value| rule["word"].as_str().map(str::to_lowercase);
        for rule in added["rules"].as_array().into_iter().flatten() {
            if let Some(w) = word(rule) {
                rules.retain(|old| word(old).as_deref() != Some(w.as_str()));
            }
            rules.push(rule.clone());
        }
        let text = json!({ "rules": rules }).to_string();
        if rules.len() > MAX_PUBLISHER_RULES || text.len() > MAX_PUBLISHER_LEXICON_BYTES {
            return Err(ApiError::bad_request(format!(
                "the publisher's lexicon would have {} rules in {} bytes; it may have at most \
                 {MAX_PUBLISHER_RULES} rules in {MAX_PUBLISHER_LEXICON_BYTES} bytes",
                rules.len(),
                text.len()
            )));
        }
        Lexicon::default()
            .add_json(&text, Scope::Publisher, "lexicon")
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        write_atomically(&path, text.as_bytes()).map_err(|e| {
            tracing::error!(path = %path.display(), error = %e, "cannot write the publisher lexicon");
            ApiError::internal()
        })?;
        Ok(rules.len())
    })
    .await
    .map_err(|_| ApiError::internal())??;
    Ok((
        StatusCode::OK,
        Json(json!({"publisher": publisher, "rule_count": merged})),
    ))
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it into
/// place: readers see the old file or the new one, never half of one.
fn write_atomically(path: &FsPath, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("a file in a directory");
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
