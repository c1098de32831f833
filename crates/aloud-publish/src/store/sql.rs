//! The store on SQLite or PostgreSQL through sqlx's `Any` driver: one set of queries
//! (numbered `$n` parameters, which both accept), with the few that differ chosen by
//! backend — the claim locks with `FOR UPDATE SKIP LOCKED` on PostgreSQL, where
//! `LISTEN/NOTIFY` also tells idle workers in other processes that a job was queued.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use tokio::sync::watch;

use super::migrate::{self, Backend};
use super::*;

/// The article columns listings and the API need, with the job's state.
const ARTICLE_COLUMNS: &str =
    "a.id, a.source_kind, a.voice, a.speed, a.publisher, a.title, a.byline,
    a.confidence, a.review, a.duration_ms, a.utterances, a.synthesized, a.cached,
    a.audio_etag, a.audio_bytes, a.created_at, a.updated_at,
    CASE WHEN a.source_kind = 'url' THEN a.source ELSE substr(a.source, 1, 300) END AS source_start,
    j.status, j.progress_done, j.progress_total, j.attempts, j.error";

/// The channel submissions are announced on (PostgreSQL).
const JOB_CHANNEL: &str = "aloud_jobs";

/// The store on a SQL database.
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// Bumped when another process announces a queued job (PostgreSQL only).
    queued: Option<watch::Receiver<u64>>,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

fn record(row: &AnyRow) -> ArticleRecord {
    ArticleRecord {
        id: row.get("id"),
        status: JobStatus::parse(row.get::<&str, _>("status")),
        source_kind: SourceKind::parse(row.get::<&str, _>("source_kind")),
        source_start: row.get("source_start"),
        voice: row.get("voice"),
        speed: row.get("speed"),
        publisher: row.get("publisher"),
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

fn feed_record(r: &AnyRow) -> FeedRecord {
    FeedRecord {
        id: r.get("id"),
        url: r.get("url"),
        publisher: r.get("publisher"),
        etag: r.get("etag"),
        last_modified: r.get("last_modified"),
        last_polled: r.get("last_polled"),
        last_error: r.get("last_error"),
        items: r.get("items"),
    }
}

impl SqlStore {
    /// Opens the database at `url` (a SQLite path or `sqlite://` URL, created if
    /// missing, in WAL mode so readers never block the worker; or `postgres://…`) and
    /// applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let (store, _) = Self::connect(url).await?;
        Ok(store)
    }

    /// Opens the database at `url` and returns the migration versions it applied.
    pub async fn connect(url: &str) -> Result<(Self, Vec<i64>)> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url);
        let pool = match backend {
            Backend::Sqlite => {
                let path = url.strip_prefix("sqlite://").unwrap_or(url);
                if path.is_empty() || path.contains('?') {
                    return Err(StoreError::Url(
                        "a SQLite database is a file path (without ?options)".into(),
                    ));
                }
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::raw_sql("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000")
                                .execute(conn)
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(&format!("sqlite://{path}?mode=rwc"))
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?
            }
        };
        let applied = migrate::run(&pool, backend).await?;
        let queued = match backend {
            Backend::Postgres => Some(listen_for_jobs(url.to_string())),
            Backend::Sqlite => None,
        };
        Ok((
            Self {
                pool,
                backend,
                queued,
            },
            applied,
        ))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The article with its job, full or as listed.
    async fn fetch_article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN jobs j ON j.article_id = a.id WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(record))
    }

    async fn announce_job(&self) {
        if self.backend == Backend::Postgres {
            // Idle workers elsewhere poll as well; a lost notice only delays one job.
            let _ = sqlx::query("SELECT pg_notify($1, '')")
                .bind(JOB_CHANNEL)
                .execute(&self.pool)
                .await;
        }
    }

    async fn submit_inner(&self, sub: &Submission) -> Result<(ArticleRecord, bool)> {
        let id = sub.id();
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO articles (id, source_kind, source, voice, speed, publisher, lexicon, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(sub.kind.as_str())
        .bind(&sub.source)
        .bind(&sub.voice)
        .bind(sub.speed as f64)
        .bind(&sub.publisher)
        .bind(&sub.lexicon)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let queued = if inserted {
            sqlx::query(
                "INSERT INTO jobs (article_id, status, queued_at, updated_at, priority)
                 VALUES ($1, 'queued', $2, $2, $3)",
            )
            .bind(&id)
            .bind(now)
            .bind(i64::from(sub.kind == SourceKind::Speech))
            .execute(&mut *tx)
            .await?;
            true
        } else {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', attempts = 0, error = NULL, lease_owner = NULL,
                        lease_until = NULL, queued_at = $2, updated_at = $2
                 WHERE article_id = $1 AND (status = 'failed'
                       OR (status = 'done' AND $3 = 'url'))",
            )
            .bind(&id)
            .bind(now)
            .bind(sub.kind.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        };
        tx.commit().await?;
        if queued {
            self.announce_job().await;
        }
        let record = self
            .fetch_article(&id)
            .await?
            .ok_or_else(|| StoreError::Database(sqlx::Error::RowNotFound))?;
        Ok((record, inserted))
    }

    async fn list_inner(&self, limit: i64, offset: i64) -> Result<(Vec<ArticleRecord>, i64)> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN jobs j ON j.article_id = a.id
             WHERE a.source_kind <> 'speech'
             ORDER BY a.created_at DESC, a.id LIMIT $1 OFFSET $2"
        )))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM articles WHERE source_kind <> 'speech'")
                .fetch_one(&self.pool)
                .await?
                .get("n");
        Ok((rows.iter().map(record).collect(), total))
    }

    async fn claim_inner(&self, worker: &str, lease: Duration) -> Result<Option<Job>> {
        // The inner select picks a candidate (skipping rows another claim has locked,
        // on PostgreSQL); the outer WHERE checks it is still claimable, so two workers
        // never take one job and a live lease is never taken over.
        let claim = match self.backend {
            Backend::Postgres => {
                "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2,
                        attempts = attempts + 1, updated_at = $3
                 WHERE article_id = (SELECT article_id FROM jobs
                                     WHERE status = 'queued' OR (status = 'running' AND lease_until < $3)
                                     ORDER BY priority DESC, queued_at, article_id LIMIT 1
                                     FOR UPDATE SKIP LOCKED)
                   AND (status = 'queued' OR (status = 'running' AND lease_until < $3))
                 RETURNING article_id, attempts, error, queued_at"
            }
            Backend::Sqlite => {
                "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2,
                        attempts = attempts + 1, updated_at = $3
                 WHERE article_id = (SELECT article_id FROM jobs
                                     WHERE status = 'queued' OR (status = 'running' AND lease_until < $3)
                                     ORDER BY priority DESC, queued_at, article_id LIMIT 1)
                   AND (status = 'queued' OR (status = 'running' AND lease_until < $3))
                 RETURNING article_id, attempts, error, queued_at"
            }
        };
        loop {
            let now = now_ms();
            let row = sqlx::query(claim)
                .bind(worker)
                .bind(now.saturating_add(millis(lease)))
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
            let Some(row) = row else { return Ok(None) };
            let id: String = row.get("article_id");
            let attempts: i64 = row.get("attempts");
            let queued_at: i64 = row.get("queued_at");
            if attempts > MAX_ATTEMPTS {
                let reason = row
                    .get::<Option<String>, _>("error")
                    .unwrap_or_else(|| "its worker stopped before finishing".into());
                self.fail_inner(
                    &id,
                    worker,
                    &format!("gave up after {MAX_ATTEMPTS} attempts: {reason}"),
                    false,
                )
                .await?;
                continue;
            }
            let full = sqlx::query("SELECT source, lexicon FROM articles WHERE id = $1")
                .bind(&id)
                .fetch_one(&self.pool)
                .await?;
            let Some(article) = self.fetch_article(&id).await? else {
                continue;
            };
            return Ok(Some(Job {
                article,
                source: full.get("source"),
                lexicon: full.get("lexicon"),
                queued_at,
            }));
        }
    }

    async fn complete_inner(&self, id: &str, worker: &str, c: &Completion) -> Result<bool> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let held = sqlx::query(
            "UPDATE jobs SET status = 'done', progress_done = $3, progress_total = $3, error = NULL,
                    lease_owner = NULL, lease_until = NULL, updated_at = $4
             WHERE article_id = $1 AND lease_owner = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(c.utterances)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !held {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "UPDATE articles SET title = $2, byline = $3, duration_ms = $4, utterances = $5,
                    audio_etag = $6, audio_bytes = $7, updated_at = $8,
                    synthesized = $9, cached = $10, synth_ms = $11, confidence = $12,
                    review = CASE WHEN $12 IS NOT NULL AND $12 < $13
                                  THEN CASE WHEN review = 'approved' THEN review ELSE 'pending' END
                                  ELSE NULL END
             WHERE id = $1",
        )
        .bind(id)
        .bind(&c.title)
        .bind(&c.byline)
        .bind(c.duration_ms)
        .bind(c.utterances)
        .bind(&c.audio_etag)
        .bind(c.audio_bytes)
        .bind(now)
        .bind(c.synthesized)
        .bind(c.cached)
        .bind(c.synth_ms)
        .bind(c.confidence)
        .bind(aloud_extract::REVIEW_BELOW)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn replace_version_inner(&self, id: &str, from: &str, c: &Completion) -> Result<bool> {
        Ok(sqlx::query(
            "UPDATE articles SET duration_ms = $3, utterances = $4, audio_etag = $5,
                    audio_bytes = $6, updated_at = $7
             WHERE id = $1 AND audio_etag = $2",
        )
        .bind(id)
        .bind(from)
        .bind(c.duration_ms)
        .bind(c.utterances)
        .bind(&c.audio_etag)
        .bind(c.audio_bytes)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    async fn requeue_inner(&self, id: &str) -> Result<bool> {
        let now = now_ms();
        let queued = sqlx::query(
            "UPDATE jobs SET status = 'queued', attempts = 0, error = NULL, lease_owner = NULL,
                    lease_until = NULL, queued_at = $2, updated_at = $2
             WHERE article_id = $1 AND status IN ('done', 'failed')",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if queued {
            self.announce_job().await;
        }
        Ok(queued)
    }

    async fn fail_inner(&self, id: &str, worker: &str, reason: &str, retry: bool) -> Result<bool> {
        let requeue = retry;
        let done = sqlx::query(
            "UPDATE jobs SET status = CASE WHEN $4 AND attempts < $5 THEN 'queued' ELSE 'failed' END,
                    error = $3, lease_owner = NULL, lease_until = NULL, updated_at = $6
             WHERE article_id = $1 AND lease_owner = $2 AND status = 'running'",
        )
        .bind(id)
        .bind(worker)
        .bind(reason)
        .bind(requeue)
        .bind(MAX_ATTEMPTS)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if done && retry {
            self.announce_job().await;
        }
        Ok(done)
    }

    async fn add_feed_inner(&self, url: &str, publisher: &str) -> Result<FeedRecord> {
        let id = hex(&Sha256::digest(format!("{url}\n{publisher}").as_bytes())[..8]);
        sqlx::query(
            "INSERT INTO feeds (id, url, publisher, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&id)
        .bind(url)
        .bind(publisher)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT * FROM feeds WHERE id = $1")
            .bind(&id)
            .fetch_one(&self.pool)
            .await?;
        Ok(feed_record(&row))
    }

    async fn feed_item_inner(
        &self,
        feed_id: &str,
        item_key: &str,
        article_id: &str,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let new = sqlx::query(
            "INSERT INTO feed_items (feed_id, item_key, article_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(feed_id)
        .bind(item_key)
        .bind(article_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if new {
            sqlx::query("UPDATE feeds SET items = items + 1 WHERE id = $1")
                .bind(feed_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(new)
    }

    async fn create_key_inner(&self, name: &str, publisher: Option<&str>) -> Result<String> {
        let mut seed = [0u8; 32];
        getrandom(&mut seed);
        let key = format!("aloud_{}", hex(&seed[..20]));
        sqlx::query(
            "INSERT INTO api_keys (hash, name, publisher, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(key_hash(&key))
        .bind(name)
        .bind(publisher)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(key)
    }

    async fn listens_inner(&self, article_id: &str) -> Result<ListenCounts> {
        let rows = sqlx::query(
            "SELECT event, COUNT(*) AS n FROM listens WHERE article_id = $1 GROUP BY event",
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
}

/// Follows the job channel on a connection of its own, reconnecting when it drops;
/// the receiver changes whenever a job is announced.
fn listen_for_jobs(url: String) -> watch::Receiver<u64> {
    let (tx, rx) = watch::channel(0u64);
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut listener) => {
                    if listener.listen(JOB_CHANNEL).await.is_ok() {
                        while listener.recv().await.is_ok() {
                            if tx.is_closed() {
                                return; // the store is gone
                            }
                            tx.send_modify(|n| *n = n.wrapping_add(1));
                        }
                    }
                }
                Err(e) => eprintln!("aloud: job notifications: {e}"),
            }
            if tx.is_closed() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    rx
}

impl Articles for SqlStore {
    fn submit<'a>(&'a self, sub: &'a Submission) -> BoxFuture<'a, Result<(ArticleRecord, bool)>> {
        Box::pin(self.submit_inner(sub))
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>>> {
        Box::pin(self.fetch_article(id))
    }

    fn find_by_url<'a>(&'a self, url: &'a str) -> BoxFuture<'a, Result<Vec<ArticleRecord>>> {
        Box::pin(async move {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN jobs j ON j.article_id = a.id
                 WHERE a.source_kind = 'url' AND a.source = $1
                 ORDER BY a.audio_etag IS NULL, a.updated_at DESC LIMIT 20"
            )))
            .bind(url)
            .fetch_all(&self.pool)
            .await?;
            Ok(rows.iter().map(record).collect())
        })
    }

    fn list(&self, limit: i64, offset: i64) -> BoxFuture<'_, Result<(Vec<ArticleRecord>, i64)>> {
        Box::pin(self.list_inner(limit, offset))
    }

    fn published<'a>(
        &'a self,
        publisher: &'a str,
        limit: i64,
    ) -> BoxFuture<'a, Result<Vec<ArticleRecord>>> {
        Box::pin(async move {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN jobs j ON j.article_id = a.id
                 WHERE a.publisher = $1 AND j.status = 'done'
                       AND (a.review IS NULL OR a.review = 'approved')
                 ORDER BY a.created_at DESC, a.id LIMIT $2"
            )))
            .bind(publisher)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
            Ok(rows.iter().map(record).collect())
        })
    }

    fn approve<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let done = sqlx::query(
                "UPDATE articles SET review = CASE WHEN review IS NULL THEN NULL ELSE 'approved' END,
                        updated_at = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    fn totals(&self) -> BoxFuture<'_, Result<Totals>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT CAST(COALESCE(SUM(a.synthesized), 0) AS BIGINT) AS s,
                        CAST(COALESCE(SUM(a.cached), 0) AS BIGINT) AS c,
                        CAST(COALESCE(SUM(a.synth_ms), 0) AS BIGINT) AS w,
                        CAST(COALESCE(SUM(a.duration_ms), 0) AS BIGINT) AS d
                 FROM articles a JOIN jobs j ON j.article_id = a.id WHERE j.status = 'done'",
            )
            .fetch_one(&self.pool)
            .await?;
            Ok(Totals {
                synthesized: row.get("s"),
                cached: row.get("c"),
                synth_ms: row.get("w"),
                audio_ms: row.get("d"),
            })
        })
    }

    fn replace_version<'a>(
        &'a self,
        id: &'a str,
        from: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.replace_version_inner(id, from, c))
    }
}

impl Jobs for SqlStore {
    fn claim<'a>(&'a self, worker: &'a str, lease: Duration) -> BoxFuture<'a, Result<Option<Job>>> {
        Box::pin(self.claim_inner(worker, lease))
    }

    fn requeue<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.requeue_inner(id))
    }

    fn progress<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        done: i64,
        total: i64,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let now = now_ms();
            let held = sqlx::query(
                "UPDATE jobs SET progress_done = $3, progress_total = $4, lease_until = $5, updated_at = $6
                 WHERE article_id = $1 AND lease_owner = $2 AND status = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(done)
            .bind(total)
            .bind(now.saturating_add(millis(lease)))
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected()
                == 1;
            Ok(held)
        })
    }

    fn renew<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        lease: Duration,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let now = now_ms();
            let held = sqlx::query(
                "UPDATE jobs SET lease_until = $3
                 WHERE article_id = $1 AND lease_owner = $2 AND status = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(now.saturating_add(millis(lease)))
            .execute(&self.pool)
            .await?
            .rows_affected()
                == 1;
            Ok(held)
        })
    }

    fn complete<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        c: &'a Completion,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.complete_inner(id, worker, c))
    }

    fn fail<'a>(
        &'a self,
        id: &'a str,
        worker: &'a str,
        reason: &'a str,
        retry: bool,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.fail_inner(id, worker, reason, retry))
    }

    fn release<'a>(&'a self, id: &'a str, worker: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let released = sqlx::query(
                "UPDATE jobs SET status = 'queued', attempts = attempts - 1, lease_owner = NULL,
                        lease_until = NULL, updated_at = $3
                 WHERE article_id = $1 AND lease_owner = $2 AND status = 'running'",
            )
            .bind(id)
            .bind(worker)
            .bind(now_ms())
            .execute(&self.pool)
            .await?
            .rows_affected()
                == 1;
            if released {
                self.announce_job().await;
            }
            Ok(released)
        })
    }

    fn counts(&self) -> BoxFuture<'_, Result<Vec<(JobStatus, i64)>>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
            Ok(rows
                .iter()
                .map(|r| (JobStatus::parse(r.get::<&str, _>("status")), r.get("n")))
                .collect())
        })
    }

    fn wait_for_job(&self, timeout: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            match &self.queued {
                Some(queued) => {
                    let mut queued = queued.clone();
                    queued.mark_unchanged();
                    let _ = tokio::time::timeout(timeout, queued.changed()).await;
                }
                None => tokio::time::sleep(timeout).await,
            }
        })
    }
}

impl Feeds for SqlStore {
    fn add_feed<'a>(
        &'a self,
        url: &'a str,
        publisher: &'a str,
    ) -> BoxFuture<'a, Result<FeedRecord>> {
        Box::pin(self.add_feed_inner(url, publisher))
    }

    fn feeds(&self) -> BoxFuture<'_, Result<Vec<FeedRecord>>> {
        Box::pin(async move {
            let rows = sqlx::query("SELECT * FROM feeds ORDER BY created_at, id")
                .fetch_all(&self.pool)
                .await?;
            Ok(rows.iter().map(feed_record).collect())
        })
    }

    fn feed_polled<'a>(
        &'a self,
        id: &'a str,
        etag: Option<&'a str>,
        last_modified: Option<&'a str>,
        error: Option<&'a str>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            sqlx::query(
                "UPDATE feeds SET etag = COALESCE($2, etag), last_modified = COALESCE($3, last_modified),
                        last_error = $4, last_polled = $5 WHERE id = $1",
            )
            .bind(id)
            .bind(etag)
            .bind(last_modified)
            .bind(error)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
            Ok(())
        })
    }

    fn feed_item<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
        article_id: &'a str,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(self.feed_item_inner(feed_id, item_key, article_id))
    }

    fn feed_item_seen<'a>(
        &'a self,
        feed_id: &'a str,
        item_key: &'a str,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let row =
                sqlx::query("SELECT 1 AS x FROM feed_items WHERE feed_id = $1 AND item_key = $2")
                    .bind(feed_id)
                    .bind(item_key)
                    .fetch_optional(&self.pool)
                    .await?;
            Ok(row.is_some())
        })
    }
}

impl Listens for SqlStore {
    fn record_listen<'a>(
        &'a self,
        article_id: &'a str,
        session: &'a str,
        event: ListenEvent,
    ) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let done = sqlx::query(
                "INSERT INTO listens (article_id, session, event, at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(article_id)
            .bind(session)
            .bind(event.as_str())
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    fn listens<'a>(&'a self, article_id: &'a str) -> BoxFuture<'a, Result<ListenCounts>> {
        Box::pin(self.listens_inner(article_id))
    }
}

impl Keys for SqlStore {
    fn create_key<'a>(
        &'a self,
        name: &'a str,
        publisher: Option<&'a str>,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(self.create_key_inner(name, publisher))
    }

    fn check_key<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<KeyOwner>>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT name, publisher FROM api_keys WHERE hash = $1 AND revoked_at IS NULL",
            )
            .bind(key_hash(key))
            .fetch_optional(&self.pool)
            .await?;
            Ok(row.map(|r| KeyOwner {
                name: r.get("name"),
                publisher: r.get("publisher"),
            }))
        })
    }

    fn list_keys(&self) -> BoxFuture<'_, Result<Vec<KeyRecord>>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT name, publisher, created_at, revoked_at FROM api_keys ORDER BY created_at, name",
            )
            .fetch_all(&self.pool)
            .await?;
            Ok(rows
                .iter()
                .map(|r| KeyRecord {
                    name: r.get("name"),
                    publisher: r.get("publisher"),
                    created_at: r.get("created_at"),
                    revoked_at: r.get("revoked_at"),
                })
                .collect())
        })
    }

    fn revoke_keys<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<u64>> {
        Box::pin(async move {
            let done = sqlx::query(
                "UPDATE api_keys SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
            )
            .bind(now_ms())
            .bind(name)
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected())
        })
    }
}

impl Publishers for SqlStore {
    fn publisher_voice<'a>(&'a self, publisher: &'a str) -> BoxFuture<'a, Result<Option<String>>> {
        Box::pin(async move {
            let row = sqlx::query("SELECT voice FROM publishers WHERE name = $1")
                .bind(publisher)
                .fetch_optional(&self.pool)
                .await?;
            Ok(row.and_then(|r| r.get("voice")))
        })
    }

    fn set_publisher_voice<'a>(
        &'a self,
        publisher: &'a str,
        voice: Option<&'a str>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO publishers (name, voice, updated_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET voice = excluded.voice, updated_at = excluded.updated_at",
            )
            .bind(publisher)
            .bind(voice)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
            Ok(())
        })
    }
}

impl MetadataStore for SqlStore {
    fn ping(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            sqlx::query("SELECT 1 AS x").fetch_one(&self.pool).await?;
            Ok(())
        })
    }

    fn notifies(&self) -> bool {
        self.queued.is_some()
    }
}

fn key_hash(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Random bytes from the operating system (keys must not be guessable).
fn getrandom(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the operating system's random source works");
}

#[cfg(test)]
mod tests;
