//! The store's behaviour, run on both backends: SQLite in a temporary file and a
//! throwaway PostgreSQL cluster.

use super::*;
use aloud_testkit::postgres::PgCluster;

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

fn completion(etag: &str) -> Completion {
    Completion {
        title: Some("Title".into()),
        byline: None,
        confidence: Some(0.9),
        duration_ms: 1000,
        utterances: 2,
        synthesized: 2,
        cached: 0,
        synth_ms: 100,
        audio_etag: etag.into(),
        audio_bytes: 10,
    }
}

const MINUTE: Duration = Duration::from_secs(60);

async fn listens_count_each_session_once_per_event(store: &SqlStore) {
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
}

async fn queue_claims_leases_retries_and_fails(store: &SqlStore) {
    let (a, new) = store.submit(&sub("one")).await.unwrap();
    assert!(new);
    assert_eq!(a.status, JobStatus::Queued);
    let (again, new) = store.submit(&sub("one")).await.unwrap();
    assert!(!new);
    assert_eq!(again.id, a.id);

    // A claimed job is not handed out again while its lease holds…
    let job = store.claim("w1", MINUTE).await.unwrap().unwrap();
    assert_eq!(
        (job.article.id.as_str(), job.source.as_str()),
        (a.id.as_str(), "one")
    );
    assert_eq!(job.article.status, JobStatus::Running);
    assert!(store.claim("w2", MINUTE).await.unwrap().is_none());
    // …but is once the lease has expired (its worker died).
    assert!(store
        .progress(&a.id, "w1", 1, 2, Duration::ZERO)
        .await
        .unwrap());
    tokio::time::sleep(Duration::from_millis(5)).await;
    let retaken = store.claim("w2", MINUTE).await.unwrap().unwrap();
    assert_eq!(
        (retaken.article.id.as_str(), retaken.article.attempts),
        (a.id.as_str(), 2)
    );
    // The worker that lost the lease can no longer report, finish or fail the job.
    assert!(!store.progress(&a.id, "w1", 2, 2, MINUTE).await.unwrap());
    assert!(!store
        .complete(&a.id, "w1", &completion("stale"))
        .await
        .unwrap());
    assert!(!store.fail(&a.id, "w1", "stale", false).await.unwrap());
    assert_eq!(
        store.get(&a.id).await.unwrap().unwrap().status,
        JobStatus::Running
    );

    // A retryable failure requeues until attempts run out, then it is failed.
    assert!(store.fail(&a.id, "w2", "flaky", true).await.unwrap());
    assert_eq!(
        store.get(&a.id).await.unwrap().unwrap().status,
        JobStatus::Queued
    );
    store.claim("w3", MINUTE).await.unwrap().unwrap();
    assert!(store.fail(&a.id, "w3", "still flaky", true).await.unwrap());
    let last = store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(
        (last.status, last.error.as_deref()),
        (JobStatus::Failed, Some("still flaky"))
    );

    // Resubmitting a failed article queues it again, with its attempts reset.
    let (requeued, _) = store.submit(&sub("one")).await.unwrap();
    assert_eq!((requeued.status, requeued.attempts), (JobStatus::Queued, 0));
    let job = store.claim("w4", MINUTE).await.unwrap().unwrap();
    assert!(store
        .complete(&job.article.id, "w4", &completion("e1"))
        .await
        .unwrap());
    let done = store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.audio_etag.as_deref(), done.progress_done),
        (JobStatus::Done, Some("e1"), 2)
    );
    // A finished text is not narrated again; it is listed with the start of its text.
    let (same, _) = store.submit(&sub("one")).await.unwrap();
    assert_eq!(same.status, JobStatus::Done);
    let (listed, total) = store.list(10, 0).await.unwrap();
    assert_eq!((total, listed[0].source_start.as_str()), (1, "one"));
    assert!(store
        .counts()
        .await
        .unwrap()
        .contains(&(JobStatus::Done, 1)));
    let totals = store.totals().await.unwrap();
    assert_eq!((totals.synthesized, totals.audio_ms), (2, 1000));
}

async fn jobs_run_out_of_attempts_when_workers_keep_dying(store: &SqlStore) {
    let (a, _) = store.submit(&sub("dies")).await.unwrap();
    for n in 0..MAX_ATTEMPTS {
        let job = store.claim(&format!("w{n}"), Duration::ZERO).await.unwrap();
        assert!(job.is_some(), "attempt {n}");
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    assert!(store.claim("last", MINUTE).await.unwrap().is_none());
    let failed = store.get(&a.id).await.unwrap().unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    assert!(failed
        .error
        .unwrap()
        .starts_with("gave up after 3 attempts"));
}

async fn claims_are_exclusive_under_concurrency(store: &SqlStore) {
    let mut ids = Vec::new();
    for n in 0..24 {
        ids.push(store.submit(&sub(&format!("job {n}"))).await.unwrap().0.id);
    }
    let claimers: Vec<_> = (0..6)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(job) = store.claim(&format!("c{w}"), MINUTE).await.unwrap() {
                    mine.push(job.article.id);
                }
                mine
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.unwrap());
    }
    claimed.sort();
    ids.sort();
    assert_eq!(claimed, ids, "every job claimed exactly once");
}

async fn feeds_and_keys(store: &SqlStore) {
    let feed = store
        .add_feed("https://example.org/rss", "gazette")
        .await
        .unwrap();
    let same = store
        .add_feed("https://example.org/rss", "gazette")
        .await
        .unwrap();
    assert_eq!(feed.id, same.id);
    assert!(store.feed_item(&feed.id, "item-1", "art").await.unwrap());
    assert!(!store.feed_item(&feed.id, "item-1", "art").await.unwrap());
    assert!(store.feed_item_seen(&feed.id, "item-1").await.unwrap());
    assert!(!store.feed_item_seen(&feed.id, "item-2").await.unwrap());
    store
        .feed_polled(&feed.id, Some("\"v1\""), None, None)
        .await
        .unwrap();
    let feeds = store.feeds().await.unwrap();
    assert_eq!(
        (feeds.len(), feeds[0].items, feeds[0].etag.as_deref()),
        (1, 1, Some("\"v1\""))
    );

    let key = store.create_key("newsroom", None).await.unwrap();
    let owner = store.check_key(&key).await.unwrap().unwrap();
    assert_eq!((owner.name.as_str(), owner.publisher), ("newsroom", None));
    assert!(store.check_key("aloud_wrong").await.unwrap().is_none());
    // A publisher's key says whose it is; a revoked key is refused but still listed.
    let daily = store.create_key("daily-cms", Some("daily")).await.unwrap();
    let owner = store.check_key(&daily).await.unwrap().unwrap();
    assert_eq!(owner.publisher.as_deref(), Some("daily"));
    assert_eq!(store.revoke_keys("daily-cms").await.unwrap(), 1);
    assert_eq!(store.revoke_keys("daily-cms").await.unwrap(), 0);
    assert!(store.check_key(&daily).await.unwrap().is_none());
    assert!(store.check_key(&key).await.unwrap().is_some());
    let listed = store.list_keys().await.unwrap();
    assert_eq!(listed.len(), 2);
    let revoked = listed.iter().find(|k| k.name == "daily-cms").unwrap();
    assert!(revoked.revoked_at.is_some() && revoked.publisher.as_deref() == Some("daily"));
    store.ping().await.unwrap();

    // A publisher's default voice: unset, set, changed, cleared.
    assert_eq!(store.publisher_voice("daily").await.unwrap(), None);
    store
        .set_publisher_voice("daily", Some("af_heart"))
        .await
        .unwrap();
    store
        .set_publisher_voice("weekly", Some("bf_emma"))
        .await
        .unwrap();
    store
        .set_publisher_voice("daily", Some("bm_george"))
        .await
        .unwrap();
    assert_eq!(
        store.publisher_voice("daily").await.unwrap().as_deref(),
        Some("bm_george")
    );
    store.set_publisher_voice("daily", None).await.unwrap();
    assert_eq!(store.publisher_voice("daily").await.unwrap(), None);
    assert_eq!(
        store.publisher_voice("weekly").await.unwrap().as_deref(),
        Some("bf_emma")
    );
}

async fn exercise(open: impl Fn(&str) -> String) {
    // Each part gets a database of its own.
    let store = SqlStore::open(&open("listens")).await.unwrap();
    listens_count_each_session_once_per_event(&store).await;
    let store = SqlStore::open(&open("queue")).await.unwrap();
    queue_claims_leases_retries_and_fails(&store).await;
    let store = SqlStore::open(&open("attempts")).await.unwrap();
    jobs_run_out_of_attempts_when_workers_keep_dying(&store).await;
    let store = SqlStore::open(&open("concurrency")).await.unwrap();
    claims_are_exclusive_under_concurrency(&store).await;
    let store = SqlStore::open(&open("feeds")).await.unwrap();
    feeds_and_keys(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    exercise(|name| {
        dir.path()
            .join(format!("{name}.sqlite"))
            .display()
            .to_string()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_store() {
    let cluster = PgCluster::start();
    exercise(|name| cluster.create_database(name)).await;

    // Reopening applies nothing; a queued job wakes a waiting worker elsewhere.
    let url = cluster.url("queue");
    let (store, applied) = SqlStore::connect(&url).await.unwrap();
    assert!(applied.is_empty());
    let other = SqlStore::open(&url).await.unwrap();
    let waiter = tokio::spawn(async move {
        let started = std::time::Instant::now();
        store.wait_for_job(Duration::from_secs(20)).await;
        started.elapsed()
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    other.submit(&sub("wake up")).await.unwrap();
    let waited = waiter.await.unwrap();
    assert!(waited < Duration::from_secs(10), "woken after {waited:?}");
}

#[tokio::test]
async fn migrates_a_database_from_before_versioned_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let old = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap();
        sqlx::raw_sql(include_str!(
            "../../../tests/data/schema-before-migrations.sql"
        ))
        .execute(&old)
        .await
        .unwrap();
        old.close().await;
    }
    let (store, applied) = SqlStore::connect(&path.display().to_string())
        .await
        .unwrap();
    assert_eq!(applied, vec![1, 2, 3, 4, 5]);
    let done = store.get("done1").await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.title.as_deref(), done.duration_ms),
        (JobStatus::Done, Some("Old news"), Some(4200))
    );
    let failed = store.get("failed1").await.unwrap().unwrap();
    assert_eq!(
        (failed.status, failed.error.as_deref(), failed.attempts),
        (JobStatus::Failed, Some("no article text found"), 3)
    );
    assert_eq!(store.listens("done1").await.unwrap().starts, 1);
    // The queued article is still next in line.
    let job = store.claim("w", MINUTE).await.unwrap().unwrap();
    assert_eq!(
        (job.article.id.as_str(), job.source.as_str()),
        ("queued1", "https://example.org/story")
    );
    drop(store);
    // Opening again applies nothing.
    let (_, applied) = SqlStore::connect(&path.display().to_string())
        .await
        .unwrap();
    assert!(applied.is_empty());
}
