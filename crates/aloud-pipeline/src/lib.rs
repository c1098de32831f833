//! The pipeline stages wired together (source → extract → script → voice → audio), for
//! the command line and the server's workers.

use std::path::Path;
use std::time::Instant;

use aloud_audio::{Narration, Timings};
use aloud_extract::{Article, Document, Input};
use aloud_script::{Script, ScriptOptions};
use aloud_voice::{SynthesisPool, Voice, VoiceInfo, WorkerPlan};

pub use aloud_audio::Format;

/// Reads `input` and turns it into an article and its script.
pub fn script_for(input: &Input, options: ScriptOptions) -> anyhow::Result<(Article, Script)> {
    script_for_document(&aloud_extract::load(input)?, options)
}

/// Turns a loaded document into an article and its script.
pub fn script_for_document(
    document: &Document,
    options: ScriptOptions,
) -> anyhow::Result<(Article, Script)> {
    let article = aloud_extract::extract(document)?;
    let script = aloud_script::build(&article, options);
    if script.utterances.is_empty() {
        anyhow::bail!("the article has nothing to read aloud");
    }
    Ok((article, script))
}

/// Progress of a narration, reported after each utterance is synthesized.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Seconds of audio synthesized so far.
    pub audio_secs: f64,
    /// Seconds since synthesis started.
    pub elapsed_secs: f64,
}

/// A loaded voice, ready to narrate any number of scripts.
pub struct Narrator {
    pool: SynthesisPool,
}

impl Narrator {
    /// Loads the voice `info` with the worker plan for this machine.
    pub fn load(info: VoiceInfo, data_dir: &Path, plan: WorkerPlan) -> anyhow::Result<Self> {
        let voice = Voice::load(info)?;
        let pool = SynthesisPool::new(voice, &aloud_voice::onnxruntime_library(data_dir), plan)?;
        Ok(Self { pool })
    }

    pub fn voice(&self) -> &Voice {
        self.pool.voice()
    }

    /// Synthesizes every utterance (in parallel), then joins and normalizes the audio.
    pub fn narrate(
        &mut self,
        script: &Script,
        speed: f32,
        mut progress: impl FnMut(Progress),
    ) -> anyhow::Result<(Narration, Timings)> {
        let texts: Vec<String> = script.utterances.iter().map(|u| u.spoken.clone()).collect();
        let sample_rate = self.voice().sample_rate();
        let mut pcm: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        let started = Instant::now();
        let mut done = 0;
        let mut audio_samples = 0usize;
        self.pool.synthesize(&texts, speed, |index, out| {
            done += 1;
            audio_samples += out.samples.len();
            pcm[index] = out.samples;
            progress(Progress {
                done,
                total: texts.len(),
                audio_secs: audio_samples as f64 / sample_rate as f64,
                elapsed_secs: started.elapsed().as_secs_f64(),
            });
        })?;
        let mut narration = aloud_audio::assemble(script, pcm, sample_rate, speed)?;
        aloud_audio::loudness::normalize(&mut narration.samples, sample_rate)?;
        let timings = Timings::new(script, &narration, &self.voice().info.name);
        Ok((narration, timings))
    }
}

/// A file written in full or not at all: bytes go to a temporary file beside the
/// destination, which is renamed over it only on [`AtomicFile::commit`]. Created up
/// front, so an unwritable destination fails before any work is done.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl AtomicFile {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if path.is_dir() {
            anyhow::bail!("cannot write {}: it is a directory", path.display());
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        Ok(Self {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// Writes `bytes` and renames the file into place.
    pub fn commit(mut self, bytes: &[u8]) -> anyhow::Result<()> {
        use std::io::Write;
        let path = self.path.clone();
        let fail = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
        self.temp.write_all(bytes).map_err(fail)?;
        self.temp.as_file().sync_all().map_err(fail)?;
        // NamedTempFile creates files 0600; outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.temp.path(), std::fs::Permissions::from_mode(0o644));
        }
        self.temp.persist(&self.path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}
