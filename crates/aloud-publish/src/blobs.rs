//! Blob storage for narrations (audio, timings, captions, script), behind a small
//! interface so S3-compatible storage can replace the local directory later.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where finished files live. Keys are relative paths like `"{id}/audio.mp3"`.
pub trait BlobStore: Send + Sync {
    /// Stores `bytes` under `key`, all or nothing.
    fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()>;
    /// The whole blob, if it exists.
    fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>>;
}

/// Blobs as files under a directory; writes go to a temporary file that is renamed
/// into place, so a reader never sees half a file.
pub struct FsBlobStore {
    root: PathBuf,
}

impl FsBlobStore {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(root)?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        let safe = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty() && part != "." && part != ".." && !part.contains('\\')
            });
        if !safe {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("bad blob key {key:?}"),
            ));
        }
        Ok(self.root.join(key))
    }
}

impl BlobStore for FsBlobStore {
    fn put(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(key)?;
        let dir = path.parent().expect("keys are under the root");
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(key)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_and_unsafe_keys() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = FsBlobStore::new(dir.path()).unwrap();
        blobs.put("abc/audio.mp3", b"data").unwrap();
        assert_eq!(blobs.get("abc/audio.mp3").unwrap().unwrap(), b"data");
        assert!(blobs.get("abc/none.mp3").unwrap().is_none());
        assert!(blobs.put("../escape", b"x").is_err());
        assert!(blobs.get("/etc/passwd").is_err());
    }
}
