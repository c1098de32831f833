//! Moonshine base (English) speech recognition on ONNX Runtime: 16 kHz mono audio in,
//! its words out. The three graphs are the ones `scripts/convert-recognizer.py` makes
//! at setup: the encoder, the decoder's first step, and its steps with a key/value
//! cache. Decoding is greedy, one token per step.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::{Session, SessionInputValue};
use ort::value::{DynValue, Tensor};

use crate::tokenizer::{Tokenizer, END, START};
use crate::CheckError;

/// The rate the recognizer hears at.
pub const SAMPLE_RATE: u32 = 16_000;
/// The shortest and longest audio it takes, in seconds.
pub const SECONDS: std::ops::RangeInclusive<f32> = 0.1..=64.0;
/// Decoder layers, each with a key and value cache for its own tokens and the audio's.
const LAYERS: usize = 8;

/// Where setup puts the converted model: `recognizer/moonshine-base-en` in the data
/// directory.
pub fn model_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("recognizer").join("moonshine-base-en")
}

const FILES: [&str; 4] = [
    "encoder.onnx",
    "decoder_first.onnx",
    "decoder_past.onnx",
    "tokenizer.bin",
];

/// Why the recognizer cannot run from `dir`, if it cannot: a file setup makes is missing.
pub fn missing_assets(dir: &Path) -> Option<String> {
    FILES.iter().find(|f| !dir.join(f).is_file()).map(|f| {
        format!(
            "the speech recognizer is not installed ({} is missing; scripts/setup.sh installs it)",
            dir.join(f).display()
        )
    })
}

struct Sessions {
    encoder: Session,
    first: Session,
    past: Session,
}

/// A loaded recognizer. One transcription runs at a time; each uses `threads` cores.
pub struct Recognizer {
    sessions: Mutex<Sessions>,
    tokenizer: Tokenizer,
}

impl Recognizer {
    /// Loads the model from `dir` on the ONNX Runtime `library`.
    pub fn load(dir: &Path, library: &Path, threads: usize) -> Result<Self, CheckError> {
        if let Some(why) = missing_assets(dir) {
            return Err(CheckError::Assets(why));
        }
        let env =
            aloud_voice::onnx_runtime(library).map_err(|e| CheckError::Runtime(e.to_string()))?;
        let open = |name: &str| -> Result<Session, CheckError> {
            let path = dir.join(name);
            let err = |e: String| CheckError::Runtime(format!("{}: {e}", path.display()));
            Session::builder(env)
                .map_err(|e| err(e.to_string()))?
                .with_optimization_level(GraphOptimizationLevel::All)
                .map_err(|e| err(e.to_string()))?
                .with_intra_threads(threads.max(1))
                .map_err(|e| err(e.to_string()))?
                // It shares the cores with the voice: no busy-waiting between operators.
                .with_intra_op_spinning(false)
                .map_err(|e| err(e.to_string()))?
                .with_inter_threads(1)
                .map_err(|e| err(e.to_string()))?
                .commit_from_file(&path)
                .map_err(|e| err(e.to_string()))
        };
        Ok(Self {
            sessions: Mutex::new(Sessions {
                encoder: open("encoder.onnx")?,
                first: open("decoder_first.onnx")?,
                past: open("decoder_past.onnx")?,
            }),
            tokenizer: Tokenizer::load(&dir.join("tokenizer.bin"))?,
        })
    }

    /// The words heard in `samples` (mono, [`SAMPLE_RATE`], [`SECONDS`] long).
    pub fn transcribe(&self, samples: &[f32]) -> Result<String, CheckError> {
        let seconds = samples.len() as f32 / SAMPLE_RATE as f32;
        if !SECONDS.contains(&seconds) {
            return Err(CheckError::Length(seconds));
        }
        // At most about eight tokens a second of speech, and a few more.
        let max_tokens = (seconds * 8.0).ceil() as usize + 8;
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let Sessions {
            encoder,
            first,
            past,
        } = &mut *sessions;
        let rt = |e: ort::Error| CheckError::Runtime(e.to_string());

        let audio = Tensor::from_array(([1usize, samples.len()], samples.to_vec())).map_err(rt)?;
        let mut encoded = encoder
            .run(ort::inputs!["input_values" => audio])
            .map_err(rt)?;
        let hidden = encoded
            .remove("last_hidden_state")
            .ok_or_else(|| CheckError::Runtime("the encoder gave no hidden state".into()))?;
        drop(encoded);

        let start = Tensor::from_array(([1usize, 1], vec![START])).map_err(rt)?;
        let mut outputs = first
            .run(ort::inputs!["input_ids" => start, "encoder_hidden_states" => &hidden])
            .map_err(rt)?;
        let mut token = next_token(&outputs)?;
        // The audio's caches stay as the first step made them; the tokens' caches grow.
        let mut audio_cache = Vec::with_capacity(2 * LAYERS);
        let mut token_cache = Vec::with_capacity(2 * LAYERS);
        for layer in 0..LAYERS {
            for kind in ["key", "value"] {
                audio_cache.push(take(
                    &mut outputs,
                    &format!("present.{layer}.encoder.{kind}"),
                )?);
                token_cache.push(take(
                    &mut outputs,
                    &format!("present.{layer}.decoder.{kind}"),
                )?);
            }
        }
        drop(outputs);
        let names: Vec<(String, String)> = (0..LAYERS)
            .flat_map(|layer| {
                ["key", "value"].map(move |kind| {
                    (
                        format!("past_key_values.{layer}.decoder.{kind}"),
                        format!("past_key_values.{layer}.encoder.{kind}"),
                    )
                })
            })
            .collect();

        let mut tokens = Vec::new();
        while token != END && tokens.len() < max_tokens {
            tokens.push(token);
            let ids = Tensor::from_array(([1usize, 1], vec![token])).map_err(rt)?;
            let mut inputs: Vec<(Cow<str>, SessionInputValue)> =
                vec![("input_ids".into(), ids.into())];
            for (i, (token_name, audio_name)) in names.iter().enumerate() {
                inputs.push((token_name.as_str().into(), (&token_cache[i]).into()));
                inputs.push((audio_name.as_str().into(), (&audio_cache[i]).into()));
            }
            let mut outputs = past.run(inputs).map_err(rt)?;
            token = next_token(&outputs)?;
            let mut grown = Vec::with_capacity(2 * LAYERS);
            for layer in 0..LAYERS {
                for kind in ["key", "value"] {
                    grown.push(take(
                        &mut outputs,
                        &format!("present.{layer}.decoder.{kind}"),
                    )?);
                }
            }
            drop(outputs);
            token_cache = grown;
        }
        Ok(self.tokenizer.decode(&tokens))
    }
}

fn take(outputs: &mut ort::session::SessionOutputs, name: &str) -> Result<DynValue, CheckError> {
    outputs
        .remove(name)
        .ok_or_else(|| CheckError::Runtime(format!("the decoder gave no {name}")))
}

/// The most likely token at the last position of the step's logits.
fn next_token(outputs: &ort::session::SessionOutputs) -> Result<i64, CheckError> {
    let logits = outputs
        .get("logits")
        .ok_or_else(|| CheckError::Runtime("the decoder gave no logits".into()))?;
    let (shape, values) = logits
        .try_extract_tensor::<f32>()
        .map_err(|e| CheckError::Runtime(e.to_string()))?;
    let vocabulary = shape.last().copied().unwrap_or(0) as usize;
    if vocabulary == 0 || values.len() < vocabulary {
        return Err(CheckError::Runtime("the decoder gave empty logits".into()));
    }
    let last = &values[values.len() - vocabulary..];
    let best = last
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
            if v > best.1 {
                (i, v)
            } else {
                best
            }
        });
    Ok(best.0 as i64)
}
