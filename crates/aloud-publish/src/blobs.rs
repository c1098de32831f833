//! Blob storage for narrations (audio, timings, captions, scripts, stream plans and
//! the utterance cache): a directory (the embedded default) or a bucket on any
//! S3-compatible store, chosen by the storage URL ([`open`]). Every write is whole —
//! a reader sees the old object or the new one, never part of one — and reads can
//! ask for a byte range or only the length, so a Range request or a 304 never reads
//! a whole object.

use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::store::BoxFuture;

type Result<T> = std::io::Result<T>;

/// Where narrations live. Keys are relative paths like `"{id}/audio.mp3"`; a missing
/// blob is `None`, not an error.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key`, all or nothing.
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>>;
    /// Stores the contents of the file at `path` under `key`, all or nothing, reading
    /// it piece by piece: a long narration's audio (tens of megabytes) is never held in
    /// memory whole.
    fn put_file<'a>(&'a self, key: &'a str, path: &'a Path) -> BoxFuture<'a, Result<()>>;
    /// The whole blob.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>>>;
    /// Bytes `range` of the blob (the caller keeps the range inside its length).
    fn get_range<'a>(
        &'a self,
        key: &'a str,
        range: Range<u64>,
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>>;
    /// The blob's length in bytes.
    fn len<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<u64>>>;
    /// Removes the blob (nothing happens when there is none).
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<()>>;
    /// Whether the store answers (for `/readyz`).
    fn ping(&self) -> BoxFuture<'_, Result<()>>;
    /// The keys under `prefix` (a directory-like key, e.g. `"cache"`) last written
    /// before `before`, in milliseconds since 1970.
    fn written_before<'a>(
        &'a self,
        prefix: &'a str,
        before: i64,
    ) -> BoxFuture<'a, Result<Vec<String>>>;
    /// Removes what writes cut short left behind (a process killed mid-put), if older
    /// than `before` (milliseconds since 1970); returns how many. Stores whose puts are
    /// whole requests leave nothing.
    fn remove_partial_writes(&self, before: i64) -> BoxFuture<'_, Result<usize>> {
        let _ = before;
        Box::pin(async { Ok(0) })
    }
}

/// Now, in milliseconds since 1970.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The files of one narration, in the order a worker writes them (audio last).
pub const NARRATION_FILES: [&str; 6] = [
    "timings.json",
    "captions.vtt",
    "words.vtt",
    "script.txt",
    "audio.opus",
    "audio.mp3",
];

/// Where file `name` of article `id`'s narration `version` lives. Each version has
/// its own keys, so a version's URL always serves that version's bytes: a new
/// narration is written beside the old one, the database switches the current
/// version in one write, and only then is the old one deleted.
pub fn narration_key(id: &str, version: &str, name: &str) -> String {
    format!("{id}/{version}/{name}")
}

/// Where the background check's report on an article's narration is kept (one per
/// article, replaced by each check).
pub fn check_report_key(id: &str) -> String {
    format!("{id}/check.json")
}

/// Where releases before versioned keys kept the files (read when a narration has no
/// versioned copy).
pub fn legacy_narration_key(id: &str, name: &str) -> String {
    format!("{id}/{name}")
}

/// Deletes the sentence-cache blobs (`cache/…`) last written more than `max_age` ago;
/// returns how many. A sentence synthesized again is written again, so what is in use
/// stays (each entry lives `max_age` from its last synthesis, then is made once more if
/// still wanted).
pub async fn evict_cache(blobs: &dyn BlobStore, max_age: std::time::Duration) -> Result<usize> {
    let now = now_ms();
    let before = now.saturating_sub(i64::try_from(max_age.as_millis()).unwrap_or(i64::MAX));
    let old = blobs.written_before("cache", before).await?;
    for key in &old {
        blobs.delete(key).await?;
    }
    Ok(old.len())
}

/// Opens the store `storage` names: `s3://bucket[/prefix]` (credentials, region and
/// endpoint from the usual `AWS_*` environment), or a directory (default: the data
/// directory's `narrations`).
pub fn open(storage: Option<&str>, data_dir: &Path) -> Result<Arc<dyn BlobStore>> {
    match storage {
        Some(url) if url.starts_with("s3://") => Ok(Arc::new(S3BlobStore::from_url(url)?)),
        Some(url) if url.contains("://") => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("storage: unsupported URL {url:?} (a directory or s3://bucket/prefix)"),
        )),
        Some(dir) => Ok(Arc::new(FsBlobStore::new(Path::new(dir))?)),
        None => Ok(Arc::new(FsBlobStore::new(&data_dir.join("narrations"))?)),
    }
}

/// Keys are relative paths of plain parts: no empty part, `.`, `..` or backslash.
fn check_key(key: &str) -> Result<()> {
    let safe = !key.is_empty()
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if safe {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("bad blob key {key:?}"),
        ))
    }
}

/// Blobs as files under a directory; writes go to a temporary file that is synced and
/// renamed into place, so a reader never sees half a file.
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    pub fn new(root: &Path) -> Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    fn path(&self, key: &str) -> Result<PathBuf> {
        check_key(key)?;
        Ok(self.root.join(key))
    }

    /// Runs file work off the async threads.
    fn blocking<'a, T: Send + 'static>(
        &'a self,
        key: &'a str,
        work: impl FnOnce(PathBuf) -> Result<T> + Send + 'static,
    ) -> BoxFuture<'a, Result<T>> {
        Box::pin(async move {
            let path = self.path(key)?;
            tokio::task::spawn_blocking(move || work(path))
                .await
                .map_err(std::io::Error::other)?
        })
    }
}

/// Modification time in milliseconds since 1970.
fn modified_ms(meta: &std::fs::Metadata) -> Result<i64> {
    Ok(meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0))
}

/// Deletes the temporary files of puts (`.tmp…`, as `tempfile` names them) under `dir`
/// last modified before `before`.
fn remove_temp_files(dir: &Path, before: i64) -> Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            removed += remove_temp_files(&entry.path(), before)?;
        } else if entry.file_name().to_string_lossy().starts_with(".tmp")
            && modified_ms(&meta)? < before
        {
            missing_is_none(std::fs::remove_file(entry.path()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn missing_is_none<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes a new file at `path` through a synced temporary file beside it, renamed into
/// place: a reader sees the old file or the whole new one.
fn write_whole(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> Result<()>) -> Result<()> {
    let dir = path.parent().expect("keys are under the root");
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

impl BlobStore for FsBlobStore {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>> {
        self.blocking(key, move |path| {
            write_whole(&path, |file| file.write_all(&bytes))
        })
    }

    fn put_file<'a>(&'a self, key: &'a str, source: &'a Path) -> BoxFuture<'a, Result<()>> {
        let source = source.to_path_buf();
        self.blocking(key, move |path| {
            let mut from = std::fs::File::open(&source)?;
            write_whole(&path, |file| std::io::copy(&mut from, file).map(|_| ()))
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        self.blocking(key, |path| missing_is_none(std::fs::read(path)))
    }

    fn get_range<'a>(
        &'a self,
        key: &'a str,
        range: Range<u64>,
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        self.blocking(key, move |path| {
            missing_is_none((|| {
                let mut file = std::fs::File::open(path)?;
                file.seek(SeekFrom::Start(range.start))?;
                let mut bytes = Vec::new();
                file.take(range.end.saturating_sub(range.start))
                    .read_to_end(&mut bytes)?;
                Ok(bytes)
            })())
        })
    }

    fn len<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<u64>>> {
        self.blocking(key, |path| {
            missing_is_none(std::fs::metadata(path).map(|m| m.len()))
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<()>> {
        self.blocking(key, |path| {
            missing_is_none(std::fs::remove_file(path)).map(|_| ())
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<()>> {
        let root = self.root.clone();
        Box::pin(async move { tokio::fs::metadata(root).await.map(|_| ()) })
    }

    fn remove_partial_writes(&self, before: i64) -> BoxFuture<'_, Result<usize>> {
        let root = self.root.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || remove_temp_files(&root, before))
                .await
                .map_err(std::io::Error::other)?
        })
    }

    fn written_before<'a>(
        &'a self,
        prefix: &'a str,
        before: i64,
    ) -> BoxFuture<'a, Result<Vec<String>>> {
        let owned = prefix.to_string();
        self.blocking(prefix, move |dir| {
            let prefix = owned;
            let mut old = Vec::new();
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(old),
                Err(e) => return Err(e),
            };
            for entry in entries {
                let entry = entry?;
                let meta = entry.metadata()?;
                let written = meta
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                let name = entry.file_name();
                // Temporary files of a write in progress are not blobs.
                if meta.is_file() && written < before {
                    if let Some(name) = name.to_str().filter(|n| !n.starts_with(".tmp")) {
                        old.push(format!("{prefix}/{name}"));
                    }
                }
            }
            Ok(old)
        })
    }
}

/// Blobs in a bucket of an S3-compatible store, through the `object_store` crate; a
/// put is one whole-object request, so no reader sees part of an object.
pub struct S3BlobStore {
    store: AmazonS3,
    prefix: String,
}

fn s3_error(e: object_store::Error) -> std::io::Error {
    match e {
        object_store::Error::NotFound { .. } => {
            std::io::Error::new(std::io::ErrorKind::NotFound, e.to_string())
        }
        other => std::io::Error::other(other.to_string()),
    }
}

impl S3BlobStore {
    /// `s3://bucket[/prefix]`, with credentials, region and endpoint from the
    /// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP=true` for a plain-HTTP endpoint…).
    pub fn from_url(url: &str) -> Result<Self> {
        Self::with_settings(url, &[])
    }

    /// As [`Self::from_url`], with `settings` (`AWS_*` names) over the environment's.
    pub fn with_settings(url: &str, settings: &[(&str, String)]) -> Result<Self> {
        let invalid =
            |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
        let rest = url.strip_prefix("s3://").unwrap_or(url);
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(invalid(
                "storage: s3:// needs a bucket (s3://bucket/prefix)".into(),
            ));
        }
        let prefix = prefix.trim_matches('/').to_string();
        if !prefix.is_empty() {
            check_key(&prefix)?;
        }
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        for (name, value) in settings {
            let key = name
                .to_ascii_lowercase()
                .parse()
                .map_err(|_| invalid(format!("unknown S3 setting {name}")))?;
            builder = builder.with_config(key, value);
        }
        let store = builder
            .build()
            .map_err(|e| invalid(format!("storage: {e}")))?;
        Ok(Self { store, prefix })
    }

    fn path(&self, key: &str) -> Result<ObjectPath> {
        check_key(key)?;
        let full = if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}/{key}", self.prefix)
        };
        ObjectPath::parse(full)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))
    }
}

/// Files up to this size go up in one request; larger ones as a multipart upload of
/// parts this size (S3's smallest part is 5 MiB), at most two parts in flight.
const S3_PART_BYTES: usize = 8 << 20;

impl BlobStore for S3BlobStore {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let path = self.path(key)?;
            self.store
                .put(&path, PutPayload::from(bytes))
                .await
                .map_err(s3_error)?;
            Ok(())
        })
    }

    fn put_file<'a>(&'a self, key: &'a str, source: &'a Path) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            use tokio::io::AsyncReadExt;
            let path = self.path(key)?;
            let mut file = tokio::fs::File::open(source).await?;
            if file.metadata().await?.len() <= S3_PART_BYTES as u64 {
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).await?;
                return self.put(key, bytes).await;
            }
            // A multipart upload is invisible until it completes, and aborted on an
            // error: the object is whole or absent.
            let upload = self.store.put_multipart(&path).await.map_err(s3_error)?;
            let mut writer =
                object_store::WriteMultipart::new_with_chunk_size(upload, S3_PART_BYTES);
            let mut buffer = vec![0u8; 1 << 20];
            let sent: Result<()> = async {
                loop {
                    let n = file.read(&mut buffer).await?;
                    if n == 0 {
                        return Ok(());
                    }
                    writer.wait_for_capacity(2).await.map_err(s3_error)?;
                    writer.write(&buffer[..n]);
                }
            }
            .await;
            match sent {
                Ok(()) => writer.finish().await.map(|_| ()).map_err(s3_error),
                Err(e) => {
                    let _ = writer.abort().await;
                    Err(e)
                }
            }
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let fetched = async {
                let got = self.store.get(&path).await?;
                got.bytes().await
            };
            missing_is_none(fetched.await.map(|b| b.to_vec()).map_err(s3_error))
        })
    }

    fn get_range<'a>(
        &'a self,
        key: &'a str,
        range: Range<u64>,
    ) -> BoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let got = self.store.get_range(&path, range).await;
            missing_is_none(got.map(|b| b.to_vec()).map_err(s3_error))
        })
    }

    fn len<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<u64>>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let meta = self.store.head(&path).await;
            missing_is_none(meta.map(|m| m.size).map_err(s3_error))
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let path = self.path(key)?;
            missing_is_none(self.store.delete(&path).await.map_err(s3_error)).map(|_| ())
        })
    }

    fn ping(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            // A HEAD of a key that need not exist: any answer but NotFound is a fault.
            let probe = self.path(".ping")?;
            match self.store.head(&probe).await {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(s3_error(e)),
            }
        })
    }

    fn written_before<'a>(
        &'a self,
        prefix: &'a str,
        before: i64,
    ) -> BoxFuture<'a, Result<Vec<String>>> {
        Box::pin(async move {
            use futures_util::TryStreamExt;
            let path = self.path(prefix)?;
            let listed: Vec<object_store::ObjectMeta> = self
                .store
                .list(Some(&path))
                .try_collect()
                .await
                .map_err(s3_error)?;
            let strip = if self.prefix.is_empty() {
                String::new()
            } else {
                format!("{}/", self.prefix)
            };
            Ok(listed
                .into_iter()
                .filter(|meta| meta.last_modified.timestamp_millis() < before)
                .filter_map(|meta| {
                    meta.location
                        .as_ref()
                        .strip_prefix(&strip)
                        .map(str::to_string)
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests;
