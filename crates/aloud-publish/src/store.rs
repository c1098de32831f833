//! Metadata and the durable job queue, in SQLite through `sqlx` (the embedded default;
//! the same queries are written to run on PostgreSQL later).
//!
//! An article row is also its job. Workers claim the oldest queued job — or a running
//! one whose lease has expired because its worker died — by setting a lease; progress
//! renews the lease; a job that keeps failing (or keeps losing its worker) ends as
//! failed with its reason.

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, SqlitePool};

/// How often a job may be started before it is marked failed.
pub const MAX_ATTEMPTS: i64 = 3;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source TEXT NOT NULL,
    voice TEXT NOT NULL,
    speed REAL NOT NULL,
    publisher TEXT,
    title TEXT,
    byline TEXT,
    duration_ms INTEGER,
    utterances INTEGER,
    synthesized INTEGER,
    cached INTEGER,
    synth_ms INTEGER,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    lease_owner TEXT,
    lease_until INTEGER,
    audio_etag TEXT,
    audio_bytes INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_queue ON articles (status, created_at);
CREATE TABLE IF NOT EXISTS feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    publisher TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled INTEGER,
    last_error TEXT,
    items INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
);
CREATE TABLE IF NOT EXISTS listens (
    article_id TEXT NOT NULL,
    session TEXT NOT NULL,
    event TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (article_id, session, event)
);
CREATE TABLE IF NOT EXISTS api_keys (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
"#;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// What an article is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Url,
    Html,
    Text,
}

impl SourceKind {
    fn as_str(self) -> &'static str {
        match self {
            SourceKind::Url => "url",
            SourceKind::Html => "html",
            SourceKind::Text => "text",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "url" => SourceKind::Url,
            "html" => SourceKind::Html,
            _ => SourceKind::Text,
        }
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

#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    pub id: String,
    pub status: String,
    pub source_kind: SourceKind,
    #[serde(skip)]
    pub source: String,
    pub voice: String,
    pub speed: f64,
    pub publisher: Option<String>,
    #[serde(skip)]
    pub lexicon: Option<String>,
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

fn record(row: &SqliteRow) -> ArticleRecord {
    ArticleRecord {
        id: row.get("id"),
        status: row.get("status"),
        source_kind: SourceKind::parse(row.get::<&str, _>("source_kind")),
        source: row.get("source"),
        voice: row.get("voice"),
        speed: row.get("speed"),
        publisher: row.get("publisher"),
        lexicon: row.get("lexicon"),
        title: row.get("title"),
        byline: row.get("byline"),
        confidence: row.get("confidence"),
        review: row.get("review"),
        duration_ms: row.get("duration_ms"),
        utterances: row.get("utterances"),
        synthesized: row.get("synthesized"),
        cached: row.get("cached"),
        progress_done: row.get("progress_done"),
        progress_total: row.get("progress_total"),
        attempts: row.get("attempts"),
        error: row.get("error"),
        audio_etag: row.get("audio_etag"),
        audio_bytes: row.get("audio_bytes"),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    }
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

/// A boxed future, so [`MetadataStore`] can be used as a trait object.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The store handlers and workers share.
pub type Store = std::sync::Arc<dyn MetadataStore>;

/// The metadata store and job queue, as handlers and workers see it. [`SqliteStore`]
/// is the embedded implementation; a PostgreSQL one can be added behind the same
/// methods without touching handlers or workers.
pub trait MetadataStore: Send + Sync {
    /// Queues a submission unless the same one exists; see [`SqliteStore::submit`].
    fn submit<'a>(
        &'a self,
        sub: &'a Submission,
    ) -> BoxFuture<'a, Result<(ArticleRecord, bool), StoreError>>;
    /// The articles made from the page at `url`, narrated ones first, newest first.
    fn find_by_url<'a>(
        &'a self,
        url: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>, StoreError>>;
    /// One article.
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>, StoreError>>;
    /// Articles, newest first, and the total.
    fn list<'a>(
        &'a self,
        limit: i64,
        offset: i64,
    ) -> BoxFuture<'a, Result<(Vec<ArticleRecord>, i64), StoreError>>;
    /// A publisher's finished articles, newest first, except those held for review.
    fn published<'a>(
        &'a self,
        publisher: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>, StoreError>>;
    /// Claims the next job for a worker, with a lease.
    fn claim<'a>(
        &'a self,
        worker: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<ArticleRecord>, StoreError>>;
    /// Records progress and renews the lease.
    fn progress<'a>(
        &'a self,
        id: &'a str,
        done: i64,
        total: i64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Marks a job done.
    fn complete<'a>(
        &'a self,
        id: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Approves an article held for review; false when there is no such article.
    fn approve<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool, StoreError>>;
    /// Fails a job, or requeues it with `retry` while attempts remain.
    fn fail<'a>(
        &'a self,
        id: &'a str,
        reason: &'a str,
        retry: bool,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Articles by state.
    fn counts<'a>(&'a self) -> BoxFuture<'a, Result<Vec<(String, i64)>, StoreError>>;
    /// Utterances synthesized and cached, narration and audio milliseconds.
    fn totals<'a>(&'a self) -> BoxFuture<'a, Result<(i64, i64, i64, i64), StoreError>>;
    /// Registers a feed to ingest.
    fn add_feed<'a>(
        &'a self,
        url: &'a str,
        publisher: &'a str,
    ) -> BoxFuture<'a, Result<FeedRecord, StoreError>>;
    /// Registered feeds.
    fn feeds<'a>(&'a self) -> BoxFuture<'a, Result<Vec<FeedRecord>, StoreError>>;
    /// Records a feed poll.
    fn feed_polled<'a>(
        &'a self,
        id: &'a str,
        etag: Option<&'a str>,
        last_modified: Option<&'a str>,
        error: Option<&'a str>,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Remembers a feed item; false if seen before.
    fn feed_item<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
    /// Whether a feed item was seen.
    fn feed_item_seen<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
    /// Records a listening event; false when that session already reported it.
    fn record_listen<'a>(
        &'a self,
        article_id: &'a str,
        session: &'a str,
        event: ListenEvent,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
    /// The article's listening sessions per event.
    fn listens<'a>(
        &'a self,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<ListenCounts, StoreError>>;
    /// Creates an API key and returns it (only its hash is kept).
    fn create_key<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<String, StoreError>>;
    /// The key's name, if the key is valid.
    fn check_key<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<String>, StoreError>>;
}

impl MetadataStore for SqliteStore {
    fn submit<'a>(
        &'a self,
        sub: &'a Submission,
    ) -> BoxFuture<'a, Result<(ArticleRecord, bool), StoreError>> {
        Box::pin(SqliteStore::submit(self, sub))
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>, StoreError>> {
        Box::pin(SqliteStore::get(self, id))
    }

    fn find_by_url<'a>(
        &'a self,
        url: &'a str,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>, StoreError>> {
        Box::pin(SqliteStore::find_by_url(self, url))
    }

    fn list<'a>(
        &'a self,
        limit: i64,
        offset: i64,
    ) -> BoxFuture<'a, Result<(Vec<ArticleRecord>, i64), StoreError>> {
        Box::pin(SqliteStore::list(self, limit, offset))
    }

    fn published<'a>(
        &'a self,
        publisher: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>, StoreError>> {
        Box::pin(SqliteStore::published(self, publisher, limit))
    }

    fn claim<'a>(
        &'a self,
        worker: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<Option<ArticleRecord>, StoreError>> {
        Box::pin(SqliteStore::claim(self, worker, lease))
    }

    fn progress<'a>(
        &'a self,
        id: &'a str,
        done: i64,
        total: i64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(SqliteStore::progress(self, id, done, total, lease))
    }

    fn complete<'a>(
        &'a self,
        id: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(SqliteStore::complete(self, id, c))
    }

    fn approve<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(SqliteStore::approve(self, id))
    }

    fn fail<'a>(
        &'a self,
        id: &'a str,
        reason: &'a str,
        retry: bool,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(SqliteStore::fail(self, id, reason, retry))
    }

    fn counts<'a>(&'a self) -> BoxFuture<'a, Result<Vec<(String, i64)>, StoreError>> {
        Box::pin(SqliteStore::counts(self))
    }

    fn totals<'a>(&'a self) -> BoxFuture<'a, Result<(i64, i64, i64, i64), StoreError>> {
        Box::pin(SqliteStore::totals(self))
    }

    fn add_feed<'a>(
        &'a self,
        url: &'a str,
        publisher: &'a str,
    ) -> BoxFuture<'a, Result<FeedRecord, StoreError>> {
        Box::pin(SqliteStore::add_feed(self, url, publisher))
    }

    fn feeds<'a>(&'a self) -> BoxFuture<'a, Result<Vec<FeedRecord>, StoreError>> {
        Box::pin(SqliteStore::feeds(self))
    }

    fn feed_polled<'a>(
        &'a self,
        id: &'a str,
        etag: Option<&'a str>,
        last_modified: Option<&'a str>,
        error: Option<&'a str>,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(SqliteStore::feed_polled(
            self,
            id,
            etag,
            last_modified,
            error,
        ))
    }

    fn feed_item<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(SqliteStore::feed_item(self, feed_id, item_key, article_id))
    }

    fn feed_item_seen<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(SqliteStore::feed_item_seen(self, feed_id, item_key))
    }

    fn record_listen<'a>(
        &'a self,
        article_id: &'a str,
        session: &'a str,
        event: ListenEvent,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(SqliteStore::record_listen(self, article_id, session, event))
    }

    fn listens<'a>(
        &'a self,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<ListenCounts, StoreError>> {
        Box::pin(SqliteStore::listens(self, article_id))
    }

    fn create_key<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<String, StoreError>> {
        Box::pin(SqliteStore::create_key(self, name))
    }

    fn check_key<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<String>, StoreError>> {
        Box::pin(SqliteStore::check_key(self, key))
    }
}

/// The metadata store and job queue in SQLite.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl SqliteStore {
    /// Opens (creating if needed) the SQLite database at `path`, in WAL mode so readers
    /// never block the worker.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::raw_sql(SCHEMA).execute(&pool).await?;
        // Columns added after the first release.
        let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('articles')")
            .fetch_all(&pool)
            .await?
            .iter()
            .map(|r| r.get("name"))
            .collect();
        for (column, statement) in [
            ("lexicon", "ALTER TABLE articles ADD COLUMN lexicon TEXT"),
            (
                "confidence",
                "ALTER TABLE articles ADD COLUMN confidence REAL",
            ),
            ("review", "ALTER TABLE articles ADD COLUMN review TEXT"),
        ] {
            if !columns.iter().any(|c| c == column) {
                sqlx::query(statement).execute(&pool).await?;
            }
        }
        Ok(Self { pool })
    }

    /// Queues a submission unless the same one exists; returns its record and whether
    /// it was new. A failed submission is queued again when resubmitted, and so is a
    /// finished URL (the page may have changed): its current narration stays served
    /// until the new one replaces it, and only changed sentences are synthesized.
    pub async fn submit(&self, sub: &Submission) -> Result<(ArticleRecord, bool), StoreError> {
        let id = sub.id();
        let now = now_ms();
        let inserted = sqlx::query(
            "INSERT INTO articles (id, status, source_kind, source, voice, speed, publisher, lexicon, created_at, updated_at)
             VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?7) ON CONFLICT(id) DO NOTHING",
        )
        .bind(&id)
        .bind(sub.kind.as_str())
        .bind(&sub.source)
        .bind(&sub.voice)
        .bind(sub.speed as f64)
        .bind(&sub.publisher)
        .bind(now)
        .bind(&sub.lexicon)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if !inserted {
            sqlx::query(
                "UPDATE articles SET status = 'queued', attempts = 0, error = NULL, updated_at = ?2
                 WHERE id = ?1 AND (status = 'failed' OR (status = 'done' AND source_kind = 'url'))",
            )
            .bind(&id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        }
        let record = self.get(&id).await?.expect("row exists after insert");
        Ok((record, inserted))
    }

    pub async fn get(&self, id: &str) -> Result<Option<ArticleRecord>, StoreError> {
        let row = sqlx::query("SELECT * FROM articles WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(record))
    }

    pub async fn find_by_url(&self, url: &str) -> Result<Vec<ArticleRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM articles WHERE source_kind = 'url' AND source = ?1
             ORDER BY audio_etag IS NULL, updated_at DESC LIMIT 20",
        )
        .bind(url)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(record).collect())
    }

    /// Articles, newest first.
    pub async fn list(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ArticleRecord>, i64), StoreError> {
        let rows =
            sqlx::query("SELECT * FROM articles ORDER BY created_at DESC, id LIMIT ?1 OFFSET ?2")
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM articles")
            .fetch_one(&self.pool)
            .await?
            .get("n");
        Ok((rows.iter().map(record).collect(), total))
    }

    /// A publisher's finished articles, newest first, except those held for review.
    pub async fn published(
        &self,
        publisher: &str,
        limit: i64,
    ) -> Result<Vec<ArticleRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM articles WHERE publisher = ?1 AND status = 'done'
                    AND (review IS NULL OR review = 'approved')
             ORDER BY created_at DESC, id LIMIT ?2",
        )
        .bind(publisher)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(record).collect())
    }

    /// Claims the next job for `worker` with a lease of `lease`; jobs whose lease
    /// expired are taken over. Jobs out of attempts are failed instead of returned.
    pub async fn claim(
        &self,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<ArticleRecord>, StoreError> {
        loop {
            let now = now_ms();
            let row = sqlx::query(
                "UPDATE articles SET status = 'running', lease_owner = ?1, lease_until = ?2,
                        attempts = attempts + 1, updated_at = ?3
                 WHERE id = (SELECT id FROM articles
                             WHERE status = 'queued' OR (status = 'running' AND lease_until < ?3)
                             ORDER BY created_at, id LIMIT 1)
                 RETURNING *",
            )
            .bind(worker)
            .bind(now + lease.as_millis() as i64)
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let job = record(&row);
            if job.attempts > MAX_ATTEMPTS {
                let reason = job
                    .error
                    .clone()
                    .unwrap_or_else(|| "its worker stopped before finishing".into());
                self.fail(
                    &job.id,
                    &format!("gave up after {MAX_ATTEMPTS} attempts: {reason}"),
                    false,
                )
                .await?;
                continue;
            }
            return Ok(Some(job));
        }
    }

    /// Records progress and renews the lease.
    pub async fn progress(
        &self,
        id: &str,
        done: i64,
        total: i64,
        lease: Duration,
    ) -> Result<(), StoreError> {
        let now = now_ms();
        sqlx::query(
            "UPDATE articles SET progress_done = ?2, progress_total = ?3, lease_until = ?4, updated_at = ?5
             WHERE id = ?1 AND status = 'running'",
        )
        .bind(id)
        .bind(done)
        .bind(total)
        .bind(now + lease.as_millis() as i64)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn complete(&self, id: &str, c: &Completion) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE articles SET status = 'done', title = ?2, byline = ?3, duration_ms = ?4, utterances = ?5,
                    audio_etag = ?6, audio_bytes = ?7, progress_done = ?5, progress_total = ?5,
                    error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?8,
                    synthesized = ?9, cached = ?10, synth_ms = ?11, confidence = ?12,
                    review = CASE WHEN ?12 IS NOT NULL AND ?12 < ?13
                                  THEN CASE WHEN review = 'approved' THEN review ELSE 'pending' END
                                  ELSE NULL END
             WHERE id = ?1",
        )
        .bind(id)
        .bind(&c.title)
        .bind(&c.byline)
        .bind(c.duration_ms)
        .bind(c.utterances)
        .bind(&c.audio_etag)
        .bind(c.audio_bytes)
        .bind(now_ms())
        .bind(c.synthesized)
        .bind(c.cached)
        .bind(c.synth_ms)
        .bind(c.confidence)
        .bind(aloud_extract::REVIEW_BELOW)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Approves an article held for review, so feeds publish it. False when there is
    /// no such article.
    pub async fn approve(&self, id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE articles SET review = CASE WHEN review IS NULL THEN NULL ELSE 'approved' END,
                    updated_at = ?2 WHERE id = ?1",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Fails a job; with `retry` (and attempts left) it goes back to the queue instead.
    pub async fn fail(&self, id: &str, reason: &str, retry: bool) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE articles SET status = CASE WHEN ?3 AND attempts < ?4 THEN 'queued' ELSE 'failed' END,
                    error = ?2, lease_owner = NULL, lease_until = NULL, updated_at = ?5
             WHERE id = ?1",
        )
        .bind(id)
        .bind(reason)
        .bind(retry)
        .bind(MAX_ATTEMPTS)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Jobs by state, for metrics.
    pub async fn counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM articles GROUP BY status")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get("status"), r.get("n"))).collect())
    }

    /// Totals over finished articles: utterances synthesized, utterances reused from the
    /// cache, milliseconds spent narrating, milliseconds of audio produced.
    pub async fn totals(&self) -> Result<(i64, i64, i64, i64), StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(SUM(synthesized), 0) AS s, COALESCE(SUM(cached), 0) AS c,
                    COALESCE(SUM(synth_ms), 0) AS w, COALESCE(SUM(duration_ms), 0) AS d
             FROM articles WHERE status = 'done'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((row.get("s"), row.get("c"), row.get("w"), row.get("d")))
    }

    /// Registers a feed to ingest (idempotent); returns its id.
    pub async fn add_feed(&self, url: &str, publisher: &str) -> Result<FeedRecord, StoreError> {
        let id = hex(&Sha256::digest(format!("{url}\n{publisher}").as_bytes())[..8]);
        sqlx::query(
            "INSERT INTO feeds (id, url, publisher, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO NOTHING",
        )
        .bind(&id)
        .bind(url)
        .bind(publisher)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(self
            .feeds()
            .await?
            .into_iter()
            .find(|f| f.id == id)
            .expect("inserted"))
    }

    pub async fn feeds(&self) -> Result<Vec<FeedRecord>, StoreError> {
        let rows = sqlx::query("SELECT * FROM feeds ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| FeedRecord {
                id: r.get("id"),
                url: r.get("url"),
                publisher: r.get("publisher"),
                etag: r.get("etag"),
                last_modified: r.get("last_modified"),
                last_polled: r.get("last_polled"),
                last_error: r.get("last_error"),
                items: r.get("items"),
            })
            .collect())
    }

    /// Records a poll: validators for the next conditional request, and any error.
    pub async fn feed_polled(
        &self,
        id: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE feeds SET etag = COALESCE(?2, etag), last_modified = COALESCE(?3, last_modified),
                    last_error = ?4, last_polled = ?5 WHERE id = ?1",
        )
        .bind(id)
        .bind(etag)
        .bind(last_modified)
        .bind(error)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Remembers that a feed item became an article; false if it was seen before.
    pub async fn feed_item(
        &self,
        feed_id: &str,
        item_key: &str,
        article_id: &str,
    ) -> Result<bool, StoreError> {
        let new = sqlx::query(
            "INSERT INTO feed_items (feed_id, item_key, article_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )
        .bind(feed_id)
        .bind(item_key)
        .bind(article_id)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if new {
            sqlx::query("UPDATE feeds SET items = items + 1 WHERE id = ?1")
                .bind(feed_id)
                .execute(&self.pool)
                .await?;
        }
        Ok(new)
    }

    pub async fn feed_item_seen(&self, feed_id: &str, item_key: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 AS x FROM feed_items WHERE feed_id = ?1 AND item_key = ?2")
            .bind(feed_id)
            .bind(item_key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Stores a new API key (only its hash) and returns the key.
    pub async fn create_key(&self, name: &str) -> Result<String, StoreError> {
        let mut seed = [0u8; 32];
        getrandom(&mut seed);
        let key = format!("aloud_{}", hex(&seed[..20]));
        sqlx::query("INSERT INTO api_keys (hash, name, created_at) VALUES (?1, ?2, ?3)")
            .bind(key_hash(&key))
            .bind(name)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(key)
    }

    /// The key's name, if the key is valid.
    /// Records `event` for a listening session once (a player that reports twice, or a
    /// page reloaded mid-quartile, is counted once).
    pub async fn record_listen(
        &self,
        article_id: &str,
        session: &str,
        event: ListenEvent,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO listens (article_id, session, event, at) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(article_id)
        .bind(session)
        .bind(event.as_str())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn listens(&self, article_id: &str) -> Result<ListenCounts, StoreError> {
        let rows = sqlx::query(
            "SELECT event, COUNT(*) AS n FROM listens WHERE article_id = ?1 GROUP BY event",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        let mut counts = ListenCounts::default();
        for row in rows {
            let n: i64 = row.get("n");
            match ListenEvent::parse(row.get::<&str, _>("event")) {
                Some(ListenEvent::Start) => counts.starts = n,
                Some(ListenEvent::Quartile25) => counts.reached_25 = n,
                Some(ListenEvent::Quartile50) => counts.reached_50 = n,
                Some(ListenEvent::Quartile75) => counts.reached_75 = n,
                Some(ListenEvent::Complete) => counts.completions = n,
                None => {}
            }
        }
        Ok(counts)
    }

    pub async fn check_key(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT name FROM api_keys WHERE hash = ?1")
            .bind(key_hash(key))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get("name")))
    }
}

fn key_hash(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Random bytes from the kernel (keys must not be guessable).
fn getrandom(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .expect("/dev/urandom is readable");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(text: &str) -> Submission {
        Submission {
            kind: SourceKind::Text,
            source: text.into(),
            voice: "v".into(),
            speed: 1.0,
            publisher: None,
            lexicon: None,
        }
    }

    #[tokio::test]
    async fn listens_count_each_session_once_per_event() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        assert!(store
            .record_listen("a", "s1", ListenEvent::Start)
            .await
            .unwrap());
        assert!(!store
            .record_listen("a", "s1", ListenEvent::Start)
            .await
            .unwrap());
        for (session, event) in [
            ("s2", ListenEvent::Start),
            ("s1", ListenEvent::Quartile25),
            ("s1", ListenEvent::Complete),
            ("s3", ListenEvent::Start),
        ] {
            store.record_listen("a", session, event).await.unwrap();
        }
        store
            .record_listen("other", "s1", ListenEvent::Start)
            .await
            .unwrap();
        assert_eq!(
            store.listens("a").await.unwrap(),
            ListenCounts {
                starts: 3,
                reached_25: 1,
                reached_50: 0,
                reached_75: 0,
                completions: 1
            }
        );
        assert_eq!(ListenEvent::parse("q50"), Some(ListenEvent::Quartile50));
        assert_eq!(ListenEvent::parse("bogus"), None);
    }

    #[tokio::test]
    async fn queue_claims_leases_retries_and_fails() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        let (a, new) = store.submit(&sub("one")).await.unwrap();
        assert!(new);
        let (again, new) = store.submit(&sub("one")).await.unwrap();
        assert!(!new);
        assert_eq!(again.id, a.id);
        assert_ne!(
            sub("one").id(),
            Submission {
                speed: 1.5,
                ..sub("one")
            }
            .id()
        );

        // A claimed job is not handed out again while its lease holds…
        let job = store
            .claim("w1", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.id, a.id);
        assert!(store
            .claim("w2", Duration::from_secs(60))
            .await
            .unwrap()
            .is_none());
        // …but is once the lease has expired (its worker died).
        store.progress(&a.id, 1, 2, Duration::ZERO).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let retaken = store
            .claim("w2", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((retaken.id.as_str(), retaken.attempts), (a.id.as_str(), 2));

        // A retryable failure requeues until attempts run out, then it is failed.
        store.fail(&a.id, "flaky", true).await.unwrap();
        assert_eq!(store.get(&a.id).await.unwrap().unwrap().status, "queued");
        store
            .claim("w3", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        store.fail(&a.id, "still flaky", true).await.unwrap();
        let last = store.get(&a.id).await.unwrap().unwrap();
        assert_eq!(
            (last.status.as_str(), last.error.as_deref()),
            ("failed", Some("still flaky"))
        );

        // Resubmitting a failed article queues it again.
        let (requeued, _) = store.submit(&sub("one")).await.unwrap();
        assert_eq!(requeued.status, "queued");
    }

    #[tokio::test]
    async fn keys_are_checked_by_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("db.sqlite"))
            .await
            .unwrap();
        let key = store.create_key("newsroom").await.unwrap();
        assert_eq!(
            store.check_key(&key).await.unwrap().as_deref(),
            Some("newsroom")
        );
        assert!(store.check_key("aloud_wrong").await.unwrap().is_none());
    }
}
