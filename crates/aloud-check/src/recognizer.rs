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
    /// `expected`, the text the audio should say, only speeds decoding up: greedy
    /// decoding with it as a draft ([`Decoding`]) hears the same words as without, but
    /// for rare near-ties.
    pub fn transcribe(&self, samples: &[f32], expected: &str) -> Result<String, CheckError> {
        let seconds = samples.len() as f32 / SAMPLE_RATE as f32;
        if !SECONDS.contains(&seconds) {
            return Err(CheckError::Length(seconds));
        }
        // At most about eight tokens a second of speech, and a few more.
        let max_tokens = (seconds * 8.0).ceil() as usize + 8;
        let draft = self.tokenizer.encode(expected);
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let Sessions {
            encoder,
            first,
            past,
        } = &mut *sessions;
        let audio =
            Tensor::from_array(([1usize, samples.len()], samples.to_vec())).map_err(runtime)?;
        let mut encoded = encoder
            .run(ort::inputs!["input_values" => audio])
            .map_err(runtime)?;
        let hidden = encoded
            .remove("last_hidden_state")
            .ok_or_else(|| CheckError::Runtime("the encoder gave no hidden state".into()))?;
        drop(encoded);
        let tokens = Decoding::new(&draft, max_tokens).run(first, past, &hidden)?;
        Ok(self.tokenizer.decode(&tokens))
    }
}

fn runtime(e: ort::Error) -> CheckError {
    CheckError::Runtime(e.to_string())
}

/// Greedy decoding that checks a draft of several tokens per decoder run.
///
/// Each run feeds the last token decoded and the draft's guess at the next few; the
/// decoder predicts the token after each of them at once. Guesses are kept while they
/// equal the predictions; the first prediction that differs is the decoded token, and
/// the caches are cut back to what was right. The tokens decoded are those one-at-a-
/// time greedy decoding gives, but for near-ties: int8 activations are quantized per
/// run, so the run's other guesses nudge the scale of the right ones; in a few runs instead of one per token where the audio says
/// what was meant. After a miss, the draft resumes at the decoded token if it is found
/// a little ahead or behind (words swallowed or added), else one past the miss.
struct Decoding<'a> {
    draft: &'a [i64],
    /// The draft's guess at the next token to decode.
    at: usize,
    max_tokens: usize,
    tokens: Vec<i64>,
}

/// The most draft tokens checked in one run, and after a run that kept none.
const DRAFT_RUN: usize = 16;
const DRAFT_AFTER_MISS: usize = 4;
/// How far past (and before) its position the draft is searched for a decoded token.
const RESYNC_AHEAD: usize = 4;

impl<'a> Decoding<'a> {
    fn new(draft: &'a [i64], max_tokens: usize) -> Self {
        Self {
            draft,
            at: 0,
            max_tokens,
            tokens: Vec::new(),
        }
    }

    fn run(
        mut self,
        first: &mut Session,
        past: &mut Session,
        hidden: &DynValue,
    ) -> Result<Vec<i64>, CheckError> {
        let mut window = DRAFT_RUN;
        // The first run: the start token and the draft's first guesses.
        let mut input = vec![START];
        input.extend(self.guesses(window));
        let ids = Tensor::from_array(([1usize, input.len()], input.clone())).map_err(runtime)?;
        let mut outputs = first
            .run(ort::inputs!["input_ids" => ids, "encoder_hidden_states" => hidden])
            .map_err(runtime)?;
        let predicted = predictions(&outputs)?;
        // The audio's caches stay as the first run made them; the tokens' are cut and
        // grown run by run.
        let mut audio_cache = Vec::with_capacity(2 * LAYERS);
        let mut token_cache = Vec::with_capacity(2 * LAYERS);
        for (layer, kind) in cache_slots() {
            audio_cache.push(take(
                &mut outputs,
                &format!("present.{layer}.encoder.{kind}"),
            )?);
            token_cache.push(take(
                &mut outputs,
                &format!("present.{layer}.decoder.{kind}"),
            )?);
        }
        drop(outputs);
        let mut cached = 0;
        let mut next = self.accept(&input, &predicted, &mut cached, &mut token_cache)?;
        let names: Vec<(String, String)> = cache_slots()
            .map(|(layer, kind)| {
                (
                    format!("past_key_values.{layer}.decoder.{kind}"),
                    format!("past_key_values.{layer}.encoder.{kind}"),
                )
            })
            .collect();
        while let Some(token) = next {
            let mut input = vec![token];
            input.extend(self.guesses(window));
            let ids =
                Tensor::from_array(([1usize, input.len()], input.clone())).map_err(runtime)?;
            let mut inputs: Vec<(Cow<str>, SessionInputValue)> =
                vec![("input_ids".into(), ids.into())];
            for (i, (token_name, audio_name)) in names.iter().enumerate() {
                inputs.push((token_name.as_str().into(), (&token_cache[i]).into()));
                inputs.push((audio_name.as_str().into(), (&audio_cache[i]).into()));
            }
            let mut outputs = past.run(inputs).map_err(runtime)?;
            let predicted = predictions(&outputs)?;
            token_cache = cache_slots()
                .map(|(layer, kind)| take(&mut outputs, &format!("present.{layer}.decoder.{kind}")))
                .collect::<Result<_, _>>()?;
            drop(outputs);
            let decoded_before = self.tokens.len();
            next = self.accept(&input, &predicted, &mut cached, &mut token_cache)?;
            window = if self.tokens.len() - decoded_before > 1 {
                DRAFT_RUN
            } else {
                DRAFT_AFTER_MISS
            };
        }
        Ok(self.tokens)
    }

    /// The draft's next `n` guesses.
    fn guesses(&self, n: usize) -> Vec<i64> {
        self.draft[self.at.min(self.draft.len())..]
            .iter()
            .take(n)
            .copied()
            .collect()
    }

    /// Takes a run's predictions for `input` (one per input token): decodes the first
    /// and every next one while the input guessed it, cuts the caches back to the
    /// inputs that were right (`cached` counts the tokens in them), and returns the
    /// last decoded token, still to be fed, or `None` at the end.
    fn accept(
        &mut self,
        input: &[i64],
        predicted: &[i64],
        cached: &mut usize,
        token_cache: &mut [DynValue],
    ) -> Result<Option<i64>, CheckError> {
        let mut right = 0; // inputs whose cache entries hold
        let mut last = None;
        for (i, &token) in predicted.iter().enumerate() {
            right = i + 1;
            if token == END || self.tokens.len() >= self.max_tokens {
                last = None;
                break;
            }
            self.tokens.push(token);
            last = Some(token);
            match input.get(i + 1) {
                Some(&guess) if guess == token => self.at += 1,
                _ => {
                    self.resync(token, input.len() > i + 1);
                    break;
                }
            }
        }
        *cached += right;
        if *cached < cache_length(&token_cache[0])? {
            for value in token_cache.iter_mut() {
                *value = truncate(value, *cached)?;
            }
        }
        Ok(last)
    }

    /// Moves the draft past `token`, just decoded: at the guess if it was right (the
    /// last input, with no guess after it), else where the draft has it nearby.
    fn resync(&mut self, token: i64, guessed_wrong: bool) {
        if !guessed_wrong && self.draft.get(self.at) == Some(&token) {
            self.at += 1;
            return;
        }
        let from = self.at.saturating_sub(1);
        let to = (self.at + RESYNC_AHEAD).min(self.draft.len());
        match (from..to).find(|&i| self.draft[i] == token) {
            Some(i) => self.at = i + 1,
            None => self.at += 1,
        }
    }
}

/// The (layer, key or value) of each cache tensor, in order.
fn cache_slots() -> impl Iterator<Item = (usize, &'static str)> {
    (0..LAYERS).flat_map(|layer| ["key", "value"].map(move |kind| (layer, kind)))
}

/// The positions a cache tensor [1, heads, length, size] holds.
fn cache_length(value: &DynValue) -> Result<usize, CheckError> {
    let (shape, _) = value.try_extract_tensor::<f32>().map_err(runtime)?;
    match shape[..] {
        [1, _, len, _] => Ok(len as usize),
        _ => Err(CheckError::Runtime(format!("a cache of shape {shape:?}"))),
    }
}

/// A cache tensor [1, heads, length, size] cut to its first `keep` positions.
fn truncate(value: &DynValue, keep: usize) -> Result<DynValue, CheckError> {
    let (shape, data) = value.try_extract_tensor::<f32>().map_err(runtime)?;
    let [1, heads, len, size] = shape[..] else {
        return Err(CheckError::Runtime(format!("a cache of shape {shape:?}")));
    };
    let (heads, len, size) = (heads as usize, len as usize, size as usize);
    let keep = keep.min(len);
    let mut kept = Vec::with_capacity(heads * keep * size);
    for head in 0..heads {
        let at = head * len * size;
        kept.extend_from_slice(&data[at..at + keep * size]);
    }
    Ok(Tensor::from_array(([1usize, heads, keep, size], kept))
        .map_err(runtime)?
        .into_dyn())
}

fn take(outputs: &mut ort::session::SessionOutputs, name: &str) -> Result<DynValue, CheckError> {
    outputs
        .remove(name)
        .ok_or_else(|| CheckError::Runtime(format!("the decoder gave no {name}")))
}

/// The most likely next token at each position of a run's logits [1, n, vocabulary].
fn predictions(outputs: &ort::session::SessionOutputs) -> Result<Vec<i64>, CheckError> {
    let logits = outputs
        .get("logits")
        .ok_or_else(|| CheckError::Runtime("the decoder gave no logits".into()))?;
    let (shape, values) = logits.try_extract_tensor::<f32>().map_err(runtime)?;
    let vocabulary = shape.last().copied().unwrap_or(0) as usize;
    if vocabulary == 0 || values.len() < vocabulary {
        return Err(CheckError::Runtime("the decoder gave empty logits".into()));
    }
    Ok(values
        .chunks_exact(vocabulary)
        .map(|row| {
            row.iter()
                .enumerate()
                .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
                    if v > best.1 {
                        (i, v)
                    } else {
                        best
                    }
                })
                .0 as i64
        })
        .collect())
}
