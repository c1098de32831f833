//! A Piper (VITS) voice: its JSON config, phoneme → id mapping, and one ONNX Runtime
//! session that turns phoneme ids into PCM.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::VoiceError;

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
        let single = |s: &str| self.phoneme_id_map.get(s).cloned().unwrap_or_default();
        let (bos, eos, pad) = (single("^"), single("$"), single("_"));
        let mut ids = Vec::with_capacity(ipa.len() * 2 + 4);
        ids.extend(&bos);
        ids.extend(&pad);
        let mut buf = [0u8; 4];
        for c in ipa.nfd() {
            if let Some(id) = self.phoneme_id_map.get(c.encode_utf8(&mut buf) as &str) {
                ids.extend(id);
                ids.extend(&pad);
            }
        }
        ids.extend(&eos);
        ids
    }
}

static ENVIRONMENT: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

/// Loads ONNX Runtime from `library` once per process.
fn environment(library: &Path) -> Result<&'static ort::environment::Environment, VoiceError> {
    ENVIRONMENT
        .get_or_init(|| {
            if !library.is_file() {
                return Err(format!(
                    "ONNX Runtime library not found at {} (run scripts/setup.sh, or set ORT_DYLIB_PATH)",
                    library.display()
                ));
            }
            ort::init_from(library)
                .map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", library.display()))?
                .with_name("aloud")
                .build()
                .map_err(|e| format!("cannot start ONNX Runtime: {e}"))
        })
        .as_ref()
        .map_err(|e| VoiceError::Runtime(e.clone()))
}

/// One inference session on a Piper model. Not shareable across threads for running
/// (`Session::run` takes `&mut self`); the pool owns one per worker.
pub struct PiperSession {
    session: Session,
    has_speaker_input: bool,
}

impl PiperSession {
    /// Loads `model` with `threads` intra-op threads (1 when utterances run in parallel).
    pub fn load(library: &Path, model: &Path, threads: usize) -> Result<Self, VoiceError> {
        let env = environment(library)?;
        let err = |e: String| {
            VoiceError::Runtime(format!("cannot load voice model {}: {e}", model.display()))
        };
        let mut builder = Session::builder(env)
            .map_err(|e| err(e.to_string()))?
            .with_optimization_level(GraphOptimizationLevel::All)
            .map_err(|e| err(e.to_string()))?
            .with_intra_threads(threads.max(1))
            .map_err(|e| err(e.to_string()))?
            .with_inter_threads(1)
            .map_err(|e| err(e.to_string()))?;
        let session = builder
            .commit_from_file(model)
            .map_err(|e| err(e.to_string()))?;
        let has_speaker_input = session.inputs().iter().any(|i| i.name() == "sid");
        Ok(Self {
            session,
            has_speaker_input,
        })
    }

    /// Runs the model on phoneme `ids`; returns mono float samples.
    pub fn infer(&mut self, ids: &[i64], scales: [f32; 3]) -> Result<Vec<f32>, VoiceError> {
        let run_err = |e: ort::Error| VoiceError::Runtime(format!("inference failed: {e}"));
        let input = Tensor::from_array(([1usize, ids.len()], ids.to_vec())).map_err(run_err)?;
        let lengths = Tensor::from_array(([1usize], vec![ids.len() as i64])).map_err(run_err)?;
        let scales = Tensor::from_array(([3usize], scales.to_vec())).map_err(run_err)?;
        let outputs = if self.has_speaker_input {
            let sid = Tensor::from_array(([1usize], vec![0i64])).map_err(run_err)?;
            self.session
                .run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales, "sid" => sid])
                .map_err(run_err)?
        } else {
            self.session
                .run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales])
                .map_err(run_err)?
        };
        let (_, samples) = outputs[0].try_extract_tensor::<f32>().map_err(run_err)?;
        Ok(samples.to_vec())
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
