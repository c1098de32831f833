//! The blob stores' contract, on a directory and on a real S3-compatible server.

use super::*;
use aloud_testkit::s3::S3Server;

async fn contract(blobs: &dyn BlobStore) {
    blobs
        .put("abc/audio.mp3", b"0123456789".to_vec())
        .await
        .unwrap();
    assert_eq!(
        blobs.get("abc/audio.mp3").await.unwrap().unwrap(),
        b"0123456789"
    );
    assert_eq!(blobs.len("abc/audio.mp3").await.unwrap(), Some(10));
    assert_eq!(
        blobs
            .get_range("abc/audio.mp3", 2..5)
            .await
            .unwrap()
            .unwrap(),
        b"234"
    );
    // A second put replaces the whole object.
    blobs.put("abc/audio.mp3", b"new".to_vec()).await.unwrap();
    assert_eq!(blobs.get("abc/audio.mp3").await.unwrap().unwrap(), b"new");
    // Missing is None, for every read; deleting twice is fine.
    assert!(blobs.get("abc/none.mp3").await.unwrap().is_none());
    assert!(blobs.len("abc/none.mp3").await.unwrap().is_none());
    assert!(blobs
        .get_range("abc/none.mp3", 0..1)
        .await
        .unwrap()
        .is_none());
    blobs.delete("abc/audio.mp3").await.unwrap();
    blobs.delete("abc/audio.mp3").await.unwrap();
    assert!(blobs.get("abc/audio.mp3").await.unwrap().is_none());
    // A file is stored piece by piece: a small one, and one of several S3 parts (its
    // bytes all differ by position, so a part out of order or twice would show).
    for size in [1_000, 2 * S3_PART_BYTES + 12_345] {
        let contents: Vec<u8> = (0..size as u32)
            .map(|i| (i ^ (i >> 8) ^ (i >> 16)) as u8)
            .collect();
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&contents).unwrap();
        blobs.put_file("abc/long.opus", file.path()).await.unwrap();
        assert_eq!(blobs.len("abc/long.opus").await.unwrap(), Some(size as u64));
        assert!(blobs.get("abc/long.opus").await.unwrap().unwrap() == contents);
    }
    // A file that is not there stores nothing.
    let missing = std::path::Path::new("/nonexistent/aloud-audio.mp3");
    assert!(blobs.put_file("abc/gone.mp3", missing).await.is_err());
    assert!(blobs.get("abc/gone.mp3").await.unwrap().is_none());
    blobs.delete("abc/long.opus").await.unwrap();
    // Keys that could leave the store are refused.
    assert!(blobs.put("../escape", b"x".to_vec()).await.is_err());
    assert!(blobs.get("/etc/passwd").await.is_err());
    assert!(blobs.get("a//b").await.is_err());
    blobs.ping().await.unwrap();
}

#[tokio::test]
async fn directory_store() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = FsBlobStore::new(dir.path()).unwrap();
    contract(&blobs).await;
    // Nothing but the blobs is left behind (no temporary files).
    assert!(std::fs::read_dir(dir.path().join("abc"))
        .unwrap()
        .next()
        .is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_store() {
    let server = S3Server::start();
    let blobs = S3BlobStore::with_settings("s3://aloud/narrations", &server.env()).unwrap();
    contract(&blobs).await;

    // Requests are signed: a wrong secret is refused, and the error says nothing of it.
    let mut env = server.env();
    env.retain(|(k, _)| *k != "AWS_SECRET_ACCESS_KEY");
    env.push(("AWS_SECRET_ACCESS_KEY", "wrong".into()));
    let impostor = S3BlobStore::with_settings("s3://aloud/narrations", &env).unwrap();
    let refused = impostor.put("abc/x", b"x".to_vec()).await.unwrap_err();
    assert!(!refused.to_string().contains("wrong"));
    assert!(impostor.get("abc/x").await.is_err());
}

#[test]
fn storage_urls() {
    let dir = tempfile::tempdir().unwrap();
    assert!(open(Some("ftp://host/x"), dir.path()).is_err());
    assert!(open(Some("s3://"), dir.path()).is_err());
    assert!(open(Some("s3://bucket/../x"), dir.path()).is_err());
    assert!(open(None, dir.path()).is_ok());
    assert!(dir.path().join("narrations").is_dir());
}

#[tokio::test]
async fn old_cache_entries_are_evicted_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = FsBlobStore::new(dir.path()).unwrap();
    blobs.put("cache/old.pcm", vec![1, 2]).await.unwrap();
    blobs.put("cache/new.pcm", vec![3, 4]).await.unwrap();
    blobs.put("abc/audio.mp3", vec![5]).await.unwrap();
    let forty_days = std::time::Duration::from_secs(40 * 86_400);
    for key in ["cache/old.pcm", "abc/audio.mp3"] {
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(key))
            .unwrap()
            .set_modified(std::time::SystemTime::now() - forty_days)
            .unwrap();
    }
    let month = std::time::Duration::from_secs(30 * 86_400);
    assert_eq!(evict_cache(&blobs, month).await.unwrap(), 1);
    assert!(blobs.get("cache/old.pcm").await.unwrap().is_none());
    assert!(blobs.get("cache/new.pcm").await.unwrap().is_some());
    // Only the cache is evicted: narrations stay however old.
    assert!(blobs.get("abc/audio.mp3").await.unwrap().is_some());
    assert_eq!(evict_cache(&blobs, month).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_cache_entries_are_evicted_from_s3() {
    let server = S3Server::start();
    let blobs = S3BlobStore::with_settings("s3://aloud/evict", &server.env()).unwrap();
    blobs.put("cache/a.pcm", vec![1]).await.unwrap();
    blobs.put("abc/audio.mp3", vec![2]).await.unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert_eq!(
        blobs.written_before("cache", now + 60_000).await.unwrap(),
        vec!["cache/a.pcm".to_string()]
    );
    assert!(blobs
        .written_before("cache", now - 60_000)
        .await
        .unwrap()
        .is_empty());
    let month = std::time::Duration::from_secs(30 * 86_400);
    assert_eq!(evict_cache(&blobs, month).await.unwrap(), 0);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        evict_cache(&blobs, std::time::Duration::ZERO)
            .await
            .unwrap(),
        1
    );
    assert!(blobs.get("cache/a.pcm").await.unwrap().is_none());
    assert!(blobs.get("abc/audio.mp3").await.unwrap().is_some());
}

#[tokio::test]
async fn writes_cut_short_are_removed_once_old() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = FsBlobStore::new(dir.path()).unwrap();
    blobs.put("abc/audio.mp3", vec![1]).await.unwrap();
    // What a put killed mid-write leaves: its temporary file beside the target.
    let (old, fresh) = (
        dir.path().join("abc/.tmpOLD123"),
        dir.path().join("abc/.tmpNEW456"),
    );
    std::fs::write(&old, b"half").unwrap();
    std::fs::write(&fresh, b"in progress").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let hour_ago = now_ms() - 3_600_000;
    assert_eq!(blobs.remove_partial_writes(hour_ago).await.unwrap(), 1);
    assert!(!old.exists() && fresh.exists());
    assert!(blobs.get("abc/audio.mp3").await.unwrap().is_some());
}
