//! Feed ingest: registered RSS/Atom feeds are polled (conditional GETs with the
//! feed's ETag and Last-Modified), and each new item's page is queued for narration
//! under the feed's publisher. Fetches obey the server's network policy.

use std::time::Duration;

use aloud_extract::NetPolicy;

use crate::store::{FeedRecord, SourceKind, Store, Submission};

/// Items taken from one poll of a feed (the newest), so a huge archive feed does not
/// flood the queue.
pub const MAX_ITEMS_PER_POLL: usize = 20;

/// Polls every feed every `interval`, until the process ends. `wake` is called when
/// articles were queued.
pub async fn poll_forever(
    store: Store,
    policy: NetPolicy,
    interval: Duration,
    voice: String,
    wake: impl Fn(),
) {
    loop {
        match store.feeds().await {
            Ok(feeds) => {
                for feed in feeds {
                    let due = feed
                        .last_polled
                        .is_none_or(|t| now_ms() - t >= interval.as_millis() as i64);
                    if due {
                        match poll(&store, &policy, &feed, &voice).await {
                            Ok(queued) if queued > 0 => wake(),
                            Ok(_) => {}
                            Err(e) => {
                                let _ = store.feed_polled(&feed.id, None, None, Some(&e)).await;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "feed ingest"),
        }
        tokio::time::sleep(
            interval
                .min(Duration::from_secs(5))
                .max(Duration::from_millis(200)),
        )
        .await;
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// One poll of one feed; returns how many articles were queued.
pub async fn poll(
    store: &Store,
    policy: &NetPolicy,
    feed: &FeedRecord,
    voice: &str,
) -> Result<usize, String> {
    let (url, policy_c) = (feed.url.clone(), policy.clone());
    let (etag, modified) = (feed.etag.clone(), feed.last_modified.clone());
    let fetched = tokio::task::spawn_blocking(move || {
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(e) = etag.as_deref() {
            headers.push(("If-None-Match", e));
        }
        if let Some(m) = modified.as_deref() {
            headers.push(("If-Modified-Since", m));
        }
        aloud_extract::source::fetch_bytes(
            &url,
            &policy_c,
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            &headers,
        )
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    if fetched.status == 304 {
        store
            .feed_polled(&feed.id, None, None, None)
            .await
            .map_err(|e| e.to_string())?;
        return Ok(0);
    }
    if !(200..300).contains(&fetched.status) {
        return Err(format!("HTTP {}", fetched.status));
    }
    let parsed =
        feed_rs::parser::parse(&fetched.body[..]).map_err(|e| format!("not a feed: {e}"))?;
    let mut queued = 0;
    for entry in parsed.entries.iter().take(MAX_ITEMS_PER_POLL) {
        let Some(link) = entry
            .links
            .iter()
            .map(|l| l.href.clone())
            .find(|h| h.starts_with("http://") || h.starts_with("https://"))
        else {
            continue;
        };
        let key = if entry.id.is_empty() {
            link.clone()
        } else {
            entry.id.clone()
        };
        if store
            .feed_item_seen(&feed.id, &key)
            .await
            .map_err(|e| e.to_string())?
        {
            continue;
        }
        let submission = Submission {
            kind: SourceKind::Url,
            source: link,
            voice: voice.to_string(),
            speed: 1.0,
            publisher: Some(feed.publisher.clone()),
            lexicon: None,
        };
        let (article, _) = store.submit(&submission).await.map_err(|e| e.to_string())?;
        if store
            .feed_item(&feed.id, &key, &article.id)
            .await
            .map_err(|e| e.to_string())?
        {
            queued += 1;
        }
    }
    store
        .feed_polled(
            &feed.id,
            fetched.etag.as_deref(),
            fetched.last_modified.as_deref(),
            None,
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(queued)
}
