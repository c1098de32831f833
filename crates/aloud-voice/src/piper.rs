//! A Piper (VITS) voice: its JSON config, phoneme → id mapping, and one ONNX Runtime
//! session that turns phoneme ids into PCM.

use std::collections::HashMap;
use std::ffi::CString;
use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::Tensor;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::runtime::{audio_outputs, open_session, run_floats};
use crate::{espeak, PhonemeIds, Synthesis, VoiceError};

/// The tensor in a Piper voice's graph that holds each phoneme id's length in frames
/// (the only `Ceil`, after the duration predictor's `Exp`, the mask and the length
/// scale). Declared as a second output, it comes back from the run that makes the
/// audio, which is unchanged.
const PIPER_DURATIONS: &str = "/Ceil_output_0";

/// The parts of a Piper `.onnx.json` config that inference needs.
#[derive(Debug, Clone, Deserialize)]
pub struct PiperConfig {
    pub audio: AudioConfig,
    pub espeak: EspeakConfig,
    pub inference: InferenceConfig,
    pub phoneme_id_map: HashMap<String, Vec<i64>>,
    pub language: LanguageConfig,
    #[serde(default)]
    pub num_speakers: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AudioConfig {
    pub sample_rate: u32,
    pub quality: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EspeakConfig {
    pub voice: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct InferenceConfig {
    pub noise_scale: f32,
    pub length_scale: f32,
    pub noise_w: f32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LanguageConfig {
    pub code: String,
}

impl PiperConfig {
    pub fn read(path: &Path) -> Result<Self, VoiceError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| VoiceError::Io(path.to_path_buf(), e))?;
        serde_json::from_str(&text)
            .map_err(|e| VoiceError::Config(path.to_path_buf(), e.to_string()))
    }

    /// Maps an IPA string to model ids: `^ _ (phoneme _)* $`, phonemes NFD-decomposed
    /// into code points as in Piper's training. Symbols the voice lacks are skipped.
    pub fn phoneme_ids(&self, ipa: &str) -> Vec<i64> {
        self.phoneme_ids_by_word(ipa).ids
    }

    /// [`PiperConfig::phoneme_ids`], with the ids of each of the IPA's word groups
    /// ([`espeak::ipa_word_groups`]; a phoneme's pad goes with it).
    pub fn phoneme_ids_by_word(&self, ipa: &str) -> PhonemeIds {
        let single = |s: &str| self.phoneme_id_map.get(s).cloned().unwrap_or_default();
        let (bos, eos, pad) = (single("^"), single("$"), single("_"));
        let mut ids = Vec::with_capacity(ipa.len() * 2 + 4);
        ids.extend(&bos);
        ids.extend(&pad);
        let mut buf = [0u8; 4];
        let mut push = |ids: &mut Vec<i64>, text: &str| {
            for c in text.nfd() {
                if let Some(id) = self.phoneme_id_map.get(c.encode_utf8(&mut buf) as &str) {
                    ids.extend(id);
                    ids.extend(&pad);
                }
            }
        };
        // Each word group is decomposed on its own; groups are whole words between
        // spaces, so no combining mark moves across their edges.
        let mut words = Vec::new();
        let mut done = 0;
        for group in espeak::ipa_word_groups(ipa) {
            push(&mut ids, &ipa[done..group.start]);
            let start = ids.len();
            push(&mut ids, &ipa[group.clone()]);
            words.push(start..ids.len());
            done = group.end;
        }
        push(&mut ids, &ipa[done..]);
        ids.extend(&eos);
        PhonemeIds { ids, words }
    }
}

/// One inference session on a Piper model. `infer` takes `&self`: several threads may
/// run the same session at once, sharing its weights (see [`PiperSession::infer`]).
pub struct PiperSession {
    session: Session,
    /// The model's input names (`input`, `input_lengths`, `scales`, and `sid` for
    /// multi-speaker voices) and its one output, as C strings for `Run`.
    input_names: Vec<CString>,
    /// The audio, then the durations where the graph has them.
    output_names: Vec<CString>,
    memory_reuse_planning: bool,
    source: ModelSource,
}

/// Which graph a session was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelSource {
    /// The voice's own `.onnx`, optimized by ONNX Runtime while loading.
    Original,
    /// The graph ONNX Runtime optimized on an earlier start, loaded as it is.
    Optimized,
}

/// A directory of ONNX Runtime's optimized graphs, one per voice, runtime and CPU.
///
/// ONNX Runtime spends most of a session's remaining start-up (~0.25–0.3 s of ~0.35 s
/// on the 2-core machine) rewriting the graph: fusions, constant folding and a layout
/// for this CPU's vector width. It can save the result; loading that with
/// optimizations off measured 0.083 s against 0.33–0.39 s, running no slower (0.183–
/// 0.186 s against 0.187–0.191 s per utterance). Because the layout suits one CPU, the
/// file name carries a hash of the model file, the runtime library and the CPU's
/// feature flags; anything else changes the name, and the first start after it pays
/// the full optimization once and writes the new file.
#[derive(Debug, Clone)]
pub struct OptimizedModels {
    pub dir: PathBuf,
}

impl OptimizedModels {
    /// Recipe version: bump when the session options that shape the graph change.
    /// `all-v2`: voices' graphs are saved with their duration output declared.
    const RECIPE: &'static str = "all-v2";

    /// The cached graph's path for `model` on `library` and this CPU; `None` where a
    /// file's metadata or the CPU's features cannot be read (then nothing is cached).
    fn path_for(&self, library: &Path, model: &Path) -> Option<PathBuf> {
        use sha2::{Digest, Sha256};
        let stamp = |path: &Path| -> Option<String> {
            let meta = std::fs::metadata(path).ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(format!(
                "{}:{}:{}",
                path.display(),
                meta.len(),
                modified.as_nanos()
            ))
        };
        let mut hash = Sha256::new();
        for part in [
            Self::RECIPE.to_string(),
            stamp(model)?,
            stamp(library)?,
            cpu_features()?,
        ] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let digest: String = hash.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let stem = model.file_stem()?.to_str()?;
        Some(self.dir.join(format!("{stem}.{digest}.onnx")))
    }
}

/// The CPU's feature flags (which vector instructions ONNX Runtime's kernels and graph
/// layout use), from `/proc/cpuinfo`.
fn cpu_features() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let flags = info
        .lines()
        .find(|l| l.starts_with("flags") || l.starts_with("Features"))?;
    Some(format!("{}:{flags}", std::env::consts::ARCH))
}

/// A session's intra-op threads, and whether they spin between operators (faster for
/// one run at a time; with several runs sharing the threads, spinning steals their
/// cores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionThreads {
    pub intra: usize,
    pub spin: bool,
}

impl SessionThreads {
    /// `intra` threads, spinning.
    pub fn spinning(intra: usize) -> Self {
        Self { intra, spin: true }
    }
}

impl PiperSession {
    /// Loads `model` with `threads`. With `optimized`, starts from the graph ONNX
    /// Runtime optimized on an earlier start when there is one, and saves it for the
    /// next start when there is not; any trouble with the cache falls back to the
    /// voice's own model.
    pub fn load(
        library: &Path,
        model: &Path,
        threads: SessionThreads,
        optimized: Option<&OptimizedModels>,
    ) -> Result<Self, VoiceError> {
        load_cached(library, model, optimized, |graph, source, save| {
            Self::build(library, graph, threads, source, save)
        })
    }

    /// Builds a session from `model` (the voice's own graph, or an optimized one that
    /// is loaded as it is), writing the optimized graph to `save_optimized` if given.
    fn build(
        library: &Path,
        model: &Path,
        threads: SessionThreads,
        source: ModelSource,
        save_optimized: Option<&Path>,
    ) -> Result<Self, VoiceError> {
        let err = |e: String| {
            VoiceError::Runtime(format!("cannot load voice model {}: {e}", model.display()))
        };
        let (session, memory_reuse_planning) = open_session(
            library,
            model,
            threads,
            source,
            save_optimized,
            Some(PIPER_DURATIONS),
            err,
        )?;
        let mut input_names = vec![
            c"input".to_owned(),
            c"input_lengths".to_owned(),
            c"scales".to_owned(),
        ];
        for name in &input_names {
            let name = name.to_str().expect("ASCII");
            if !session.inputs().iter().any(|i| i.name() == name) {
                return Err(err(format!("not a Piper model: it has no input {name:?}")));
            }
        }
        if session.inputs().iter().any(|i| i.name() == "sid") {
            input_names.push(c"sid".to_owned());
        }
        let output_names = audio_outputs(&session, PIPER_DURATIONS, "Piper", err)?;
        Ok(Self {
            session,
            input_names,
            output_names,
            memory_reuse_planning,
            source,
        })
    }

    /// Which graph this session was built from.
    pub fn source(&self) -> ModelSource {
        self.source
    }

    /// Whether ONNX Runtime plans buffer reuse ahead of time for this session (it does
    /// only where the runtime's options layout was not recognized).
    pub fn plans_memory_reuse(&self) -> bool {
        self.memory_reuse_planning
    }

    /// Whether runs return each id's duration beside the audio.
    pub fn has_durations(&self) -> bool {
        self.output_names.len() == 2
    }

    /// Runs the model on phoneme `ids`; returns mono float samples and, where the graph
    /// has them, each id's samples. Several threads may run one session at once (see
    /// [`run_floats`]).
    pub fn infer(&self, ids: &[i64], scales: [f32; 3]) -> Result<Synthesis, VoiceError> {
        let run_err = |e: ort::Error| VoiceError::Runtime(format!("inference failed: {e}"));
        let mut inputs = vec![
            Tensor::from_array(([1usize, ids.len()], ids.to_vec()))
                .map_err(run_err)?
                .into_dyn(),
            Tensor::from_array(([1usize], vec![ids.len() as i64]))
                .map_err(run_err)?
                .into_dyn(),
            Tensor::from_array(([3usize], scales.to_vec()))
                .map_err(run_err)?
                .into_dyn(),
        ];
        if self.input_names.len() == 4 {
            inputs.push(
                Tensor::from_array(([1usize], vec![0i64]))
                    .map_err(run_err)?
                    .into_dyn(),
            );
        }
        let mut outputs = run_floats(
            &self.session,
            &self.input_names,
            &inputs,
            &self.output_names,
        )?
        .into_iter();
        let samples = outputs.next().unwrap_or_default();
        let id_samples = outputs
            .next()
            .and_then(|frames| crate::frames_to_samples(&frames, samples.len()));
        Ok(Synthesis {
            samples,
            id_samples,
        })
    }
}

/// Loads a session of `model` through the optimized-graph cache: the graph ONNX Runtime
/// optimized on an earlier start when there is one (`build(graph, Optimized, None)`),
/// else the model optimized now and saved for the next start (`build(model, Original,
/// Some(partial))`, renamed into place); any trouble with the cache falls back to the
/// model as it is. Both engines load this way.
pub(crate) fn load_cached<T>(
    library: &Path,
    model: &Path,
    optimized: Option<&OptimizedModels>,
    build: impl Fn(&Path, ModelSource, Option<&Path>) -> Result<T, VoiceError>,
) -> Result<T, VoiceError> {
    let cached = optimized.and_then(|o| Some((o, o.path_for(library, model)?)));
    if let Some((_, path)) = &cached {
        if path.is_file() {
            match build(path, ModelSource::Optimized, None) {
                Ok(session) => return Ok(session),
                // Unreadable or from another build: replaced below.
                Err(_) => {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }
    if let Some((optimized, path)) = cached {
        static PARTIALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = PARTIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let partial = path.with_extension(format!("onnx.{}-{n}.partial", std::process::id()));
        if std::fs::create_dir_all(&optimized.dir).is_ok() {
            if let Ok(session) = build(model, ModelSource::Original, Some(&partial)) {
                if std::fs::rename(&partial, &path).is_ok() {
                    remove_stale(&optimized.dir, model, &path);
                }
                let _ = std::fs::remove_file(&partial);
                return Ok(session);
            }
            let _ = std::fs::remove_file(&partial);
        }
    }
    build(model, ModelSource::Original, None)
}

/// Removes `model`'s other optimized graphs from `dir` (left by an older runtime, model
/// or CPU), and partial files over an hour old (a start that died while writing).
fn remove_stale(dir: &Path, model: &Path, current: &Path) {
    let Some(stem) = model.file_stem().and_then(|s| s.to_str()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{stem}.");
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path == current || !name.starts_with(&prefix) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if name.ends_with(".onnx") || (name.ends_with(".partial") && old) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> PiperConfig {
        let json = r#"{"audio":{"sample_rate":22050},"espeak":{"voice":"en-us"},
            "inference":{"noise_scale":0.667,"length_scale":1,"noise_w":0.8},
            "language":{"code":"en_US"},
            "phoneme_id_map":{"_":[0],"^":[1],"$":[2]," ":[3],"a":[14],"ç":[99],"c":[16],"\u0327":[140]}}"#;
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids_are_bos_pad_interspersed_eos() {
        assert_eq!(
            config().phoneme_ids("a a"),
            vec![1, 0, 14, 0, 3, 0, 14, 0, 2]
        );
    }

    #[test]
    fn ids_use_nfd_decomposition_and_skip_unknown_symbols() {
        // "ç" decomposes into "c" + combining cedilla, as in Piper's training data.
        assert_eq!(config().phoneme_ids("çZ"), vec![1, 0, 16, 0, 140, 0, 2]);
    }
}
