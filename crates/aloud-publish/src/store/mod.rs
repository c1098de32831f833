//! Metadata and the durable job queue: what handlers and workers see of the database,
//! split by concern ([`Articles`], [`Jobs`], [`Feeds`], [`Listens`], [`Keys`]), and
//! the records that pass through it. [`sql::SqlStore`] implements them all on SQLite
//! (the embedded default) or PostgreSQL, chosen by the database URL ([`open`]).
//!
//! An article is what is narrated and what the narration made; its job (one per
//! article) is the queue's state: status, attempts, the lease of the worker that holds
//! it, progress and the last error. Workers claim the oldest queued job — or a running
//! one whose lease expired because its worker died — with a lease that progress
//! renews; progress, completion and failure count only from the lease's owner.

pub mod migrate;
pub mod sql;

use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use sql::SqlStore;

/// How often a job may be started before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 3;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("database URL: {0}")]
    Url(String),
}

/// What an article is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Url,
    Html,
    Text,
    /// Text for the speech endpoint, narrated by a worker elsewhere: claimed before
    /// articles, kept out of listings and feeds, its audio stored as `speech.pcm`.
    Speech,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Url => "url",
            SourceKind::Html => "html",
            SourceKind::Text => "text",
            SourceKind::Speech => "speech",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "url" => SourceKind::Url,
            "html" => SourceKind::Html,
            "speech" => SourceKind::Speech,
            _ => SourceKind::Text,
        }
    }
}

/// Where a job stands. Stored as its name (a CHECK constraint keeps the column to
/// these four).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [
        JobStatus::Queued,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .unwrap_or(JobStatus::Failed)
    }

    /// Whether the job has ended (done or failed).
    pub fn finished(self) -> bool {
        matches!(self, JobStatus::Done | JobStatus::Failed)
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A submission: the content and how to read it.
#[derive(Debug, Clone)]
pub struct Submission {
    pub kind: SourceKind,
    pub source: String,
    pub voice: String,
    pub speed: f32,
    pub publisher: Option<String>,
    /// Article-scope pronunciation rules (a JSON lexicon), if any.
    pub lexicon: Option<String>,
}

impl Submission {
    /// Same content, voice, settings and publisher → the same id (so the same work is
    /// never queued twice; each publisher's feed has its own items).
    pub fn id(&self) -> String {
        let mut hash = Sha256::new();
        for part in [
            self.kind.as_str(),
            &self.source,
            &self.voice,
            &format!("{:.3}", self.speed),
            self.publisher.as_deref().unwrap_or(""),
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        // Own rules make a different narration (and leave older ids as they were).
        if let Some(lexicon) = &self.lexicon {
            hash.update(b"lexicon");
            hash.update(lexicon.as_bytes());
        }
        hex(&hash.finalize()[..10])
    }
}

/// An article and its job's state, as listings and the API show it (without the
/// stored page, which only the worker that claims the job reads).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    pub id: String,
    pub status: JobStatus,
    pub source_kind: SourceKind,
    /// A URL whole; the first characters of submitted text or HTML (for labels).
    #[serde(skip)]
    pub source_start: String,
    pub voice: String,
    pub speed: f64,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The extractor's confidence that it read the article (0–1; none for text).
    pub confidence: Option<f64>,
    /// `"pending"`: held out of feeds until a publisher approves it (low confidence);
    /// `"approved"`; none when no review is needed.
    pub review: Option<String>,
    pub duration_ms: Option<i64>,
    pub utterances: Option<i64>,
    /// Utterances synthesized for this article, and those reused from the cache.
    pub synthesized: Option<i64>,
    pub cached: Option<i64>,
    pub progress_done: i64,
    pub progress_total: i64,
    pub attempts: i64,
    pub error: Option<String>,
    #[serde(skip)]
    pub audio_etag: Option<String>,
    #[serde(skip)]
    pub audio_bytes: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A claimed job: the article and everything needed to narrate it.
#[derive(Debug, Clone)]
pub struct Job {
    pub article: ArticleRecord,
    /// The URL, HTML or text submitted.
    pub source: String,
    /// Article-scope pronunciation rules (a JSON lexicon), if any.
    pub lexicon: Option<String>,
    /// When the job was (last) queued, in milliseconds since 1970.
    pub queued_at: i64,
}

/// A registered source feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedRecord {
    pub id: String,
    pub url: String,
    pub publisher: String,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
    pub last_polled: Option<i64>,
    pub last_error: Option<String>,
    pub items: i64,
}

/// What a finished job records about its narration.
#[derive(Debug, Clone)]
pub struct Completion {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The extraction's confidence; below [`aloud_extract::REVIEW_BELOW`] the article
    /// is held for review.
    pub confidence: Option<f64>,
    pub duration_ms: i64,
    pub utterances: i64,
    pub synthesized: i64,
    pub cached: i64,
    /// Wall time of synthesis and assembly, in milliseconds.
    pub synth_ms: i64,
    pub audio_etag: String,
    pub audio_bytes: i64,
}

/// Totals over finished articles, for metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Utterances synthesized, and those reused from the cache.
    pub synthesized: i64,
    pub cached: i64,
    /// Milliseconds spent narrating, and milliseconds of audio made.
    pub synth_ms: i64,
    pub audio_ms: i64,
}

/// What a player reports about one listening session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenEvent {
    Start,
    Quartile25,
    Quartile50,
    Quartile75,
    Complete,
}

impl ListenEvent {
    pub const ALL: [ListenEvent; 5] = [
        ListenEvent::Start,
        ListenEvent::Quartile25,
        ListenEvent::Quartile50,
        ListenEvent::Quartile75,
        ListenEvent::Complete,
    ];

    /// The name players send.
    pub fn as_str(self) -> &'static str {
        match self {
            ListenEvent::Start => "start",
            ListenEvent::Quartile25 => "q25",
            ListenEvent::Quartile50 => "q50",
            ListenEvent::Quartile75 => "q75",
            ListenEvent::Complete => "complete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// Listening sessions per event for one article: how many started, reached each
/// quartile, and finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListenCounts {
    pub starts: i64,
    pub reached_25: i64,
    pub reached_50: i64,
    pub reached_75: i64,
    pub completions: i64,
}

/// A boxed future, so the store traits can be used as trait objects.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

type Result<T> = std::result::Result<T, StoreError>;

/// Articles: submissions, lookups and listings.
pub trait Articles: Send + Sync {
    /// Queues a submission unless the same one exists; returns its record and whether
    /// it was new. A failed submission is queued again when resubmitted, and so is a
    /// finished URL (the page may have changed): its current narration stays served
    /// until the new one replaces it, and only changed sentences are synthesized.
    fn submit<'a>(&'a self, sub: &'a Submission) -> BoxFuture<'a, Result<(ArticleRecord, bool)>>;
    /// One article.
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>>>;
    /// The articles made from the page at `url`, narrated ones first, newest first.
    fn find_by_url<'a>(&'a self, url: &'a str) -> BoxFuture<'a, Result<Vec<ArticleRecord>>>;
    /// Articles, newest first, and the total.
    fn list(&self, limit: i64, offset: i64) -> BoxFuture<'_, Result<(Vec<ArticleRecord>, i64)>>;
    /// A publisher's finished articles, newest first, except those held for review.
    fn published<'a>(
        &'a self,
        publisher: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>>>;
    /// Approves an article held for review, so feeds publish it; false when there is
    /// no such article.
    fn approve<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>>;
    /// Totals over finished articles.
    fn totals(&self) -> BoxFuture<'_, Result<Totals>>;
    /// Makes `c` the article's narration in place of version `from`, in one write,
    /// only if `from` is still the current one (the background check's retakes);
    /// false otherwise.
    fn replace_version<'a>(
        &'a self,
        id: &'a str,
        from: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<bool>>;
}

/// The job queue. A worker names itself; what it reports about a job counts only
/// while it holds the job's lease (false: the lease was lost, another worker has the
/// job or it has ended, and the caller must stop).
pub trait Jobs: Send + Sync {
    /// Claims the next job for `worker` with a lease of `lease`; jobs whose lease
    /// expired are taken over. Jobs out of attempts are failed instead of returned.
    fn claim<'a>(&'a self, worker: &'a str, lease: Duration) -> BoxFuture<'a, Result<Option<Job>>>;
    /// Records progress and renews the lease.
    fn progress<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        done: i64,
        total: i64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool>>;
    /// Extends the lease of a job this worker holds (its heartbeat while it works).
    fn renew<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool>>;
    /// Queues a finished or failed job again (its narration stays served until the new
    /// one replaces it); false when the job is queued or running.
    fn requeue<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>>;
    /// Marks a job done and records what its narration made, together.
    fn complete<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<bool>>;
    /// Fails a job, or requeues it with `retry` while attempts remain.
    fn fail<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        reason: &'a str,
        retry: bool,
    ) -> BoxFuture<'a, Result<bool>>;
    /// Hands a job this worker holds back to the queue without counting the attempt
    /// (a stopping worker); false when it did not hold it.
    fn release<'a>(&'a self, id: &'a str, worker: &'a str) -> BoxFuture<'a, Result<bool>>;
    /// Jobs by state.
    fn counts(&self) -> BoxFuture<'_, Result<Vec<(JobStatus, i64)>>>;
    /// Waits until a job may have been queued (told by another process where the
    /// database can say so), or `timeout` passes.
    fn wait_for_job(&self, timeout: Duration) -> BoxFuture<'_, ()>;
}

/// Registered source feeds and the items already taken from them.
pub trait Feeds: Send + Sync {
    /// Registers a feed to ingest (idempotent).
    fn add_feed<'a>(
        &'a self,
        url: &'a str,
        publisher: &'a str,
    ) -> BoxFuture<'a, Result<FeedRecord>>;
    /// Registered feeds.
    fn feeds(&self) -> BoxFuture<'_, Result<Vec<FeedRecord>>>;
    /// Records a poll: validators for the next conditional request, and any error.
    fn feed_polled<'a>(
        &'a self,
        id: &'a str,
        etag: Option<&'a str>,
        last_modified: Option<&'a str>,
        error: Option<&'a str>,
    ) -> BoxFuture<'a, Result<()>>;
    /// Remembers that a feed item became an article; false if it was seen before.
    fn feed_item<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<bool>>;
    /// Whether a feed item was seen.
    fn feed_item_seen<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
    ) -> BoxFuture<'a, Result<bool>>;
}

/// What players report about listening.
pub trait Listens: Send + Sync {
    /// Records `event` for a listening session once (a player that reports twice, or
    /// a page reloaded mid-quartile, is counted once); false when already recorded.
    fn record_listen<'a>(
        &'a self,
        article_id: &'a str,
        session: &'a str,
        event: ListenEvent,
    ) -> BoxFuture<'a, Result<bool>>;
    /// The article's listening sessions per event.
    fn listens<'a>(&'a self, article_id: &'a str) -> BoxFuture<'a, Result<ListenCounts>>;
}

/// Who a valid API key belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyOwner {
    pub name: String,
    /// The publisher a publisher's key acts for (only that publisher's articles, feeds
    /// and settings); `None` for a deployment key, which may act for any.
    pub publisher: Option<String>,
}

/// An API key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRecord {
    pub name: String,
    pub publisher: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// API keys (only their hashes are kept).
pub trait Keys: Send + Sync {
    /// Creates an API key, a publisher's own if `publisher` is given, and returns it.
    fn create_key<'a>(
        &'a self,
        name: &'a str,
        publisher: Option<&'a str>,
    ) -> BoxFuture<'a, Result<String>>;
    /// Whom the key belongs to, if it is valid (known and not revoked).
    fn check_key<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<KeyOwner>>>;
    /// Every key, oldest first.
    fn list_keys(&self) -> BoxFuture<'_, Result<Vec<KeyRecord>>>;
    /// Revokes the keys named `name`; returns how many were still valid.
    fn revoke_keys<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<u64>>;
}

/// What publishers set for themselves over the API.
pub trait Publishers: Send + Sync {
    /// The publisher's default voice, if it set one.
    fn publisher_voice<'a>(&'a self, publisher: &'a str) -> BoxFuture<'a, Result<Option<String>>>;
    /// Sets (or with `None` clears) the publisher's default voice.
    fn set_publisher_voice<'a>(
        &'a self,
        publisher: &'a str,
        voice: Option<&'a str>,
    ) -> BoxFuture<'a, Result<()>>;
}

/// Everything the server keeps in its database.
pub trait MetadataStore: Articles + Jobs + Feeds + Listens + Keys + Publishers {
    /// Whether the database answers (for `/readyz`).
    fn ping(&self) -> BoxFuture<'_, Result<()>>;
    /// Whether [`Jobs::wait_for_job`] hears of jobs other processes queue (otherwise
    /// idle workers must poll).
    fn notifies(&self) -> bool;
}

/// The store handlers and workers share.
pub type Store = std::sync::Arc<dyn MetadataStore>;

/// Opens the database at `url` — a SQLite file path (or `sqlite://` URL) or a
/// `postgres://` URL — and brings its schema up to date.
pub async fn open(url: &str) -> Result<SqlStore> {
    SqlStore::open(url).await
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_settings_and_statuses_round_trip() {
        let sub = Submission {
            kind: SourceKind::Text,
            source: "one".into(),
            voice: "v".into(),
            speed: 1.0,
            publisher: None,
            lexicon: None,
        };
        assert_eq!(sub.id(), sub.clone().id());
        assert_ne!(
            sub.id(),
            Submission {
                speed: 1.5,
                ..sub.clone()
            }
            .id()
        );
        for status in JobStatus::ALL {
            assert_eq!(JobStatus::parse(status.as_str()), status);
        }
        assert_eq!(ListenEvent::parse("q50"), Some(ListenEvent::Quartile50));
        assert_eq!(ListenEvent::parse("bogus"), None);
    }
}
