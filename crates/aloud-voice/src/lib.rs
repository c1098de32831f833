//! The voice stage: utterance text → PCM.
//!
//! Text is phonemized by espeak-ng ([`espeak`]), mapped to the voice's ids and run on
//! ONNX Runtime ([`runtime`]) by one of two neural engines: Piper VITS models
//! ([`piper`], 22.05 kHz) or Kokoro-82M with a voice's style pack ([`kokoro`], 24 kHz);
//! languages neither speaks get espeak-ng's own formant voice ([`espeak::synthesize`],
//! marked "basic").
//! Utterances are independent, so a [`SynthesisPool`] runs several at once on one
//! session (one single-threaded run per core on small machines), scheduled so that no
//! core idles at the end and two long utterances seldom overlap.

pub mod assets;
pub mod espeak;
pub mod kokoro;
pub mod piper;
mod runtime;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

pub use assets::{
    accent, data_dir, find_voice, installed_voices, onnxruntime_library, optimized_models_dir,
    primary_language, same_language, voice_for_language, Engine, VoiceInfo,
    DEFAULT_NARRATION_VOICE, DEFAULT_VOICE,
};
pub use kokoro::{KokoroSession, KokoroVoice};
pub use piper::{ModelSource, OptimizedModels, PiperConfig, PiperSession, SessionThreads};

/// ONNX Runtime, loaded from `library` once per process and shared with the other
/// stages that run models (the recognizer of `aloud-check`).
pub fn onnx_runtime(library: &Path) -> Result<&'static ort::environment::Environment, VoiceError> {
    runtime::environment(library)
}

/// Slowest and fastest speaking rates accepted (1.0 = the voice's own pace).
pub const SPEED_RANGE: std::ops::RangeInclusive<f32> = 0.25..=4.0;

#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error("unknown voice {name:?} (installed: {installed})")]
    UnknownVoice { name: String, installed: String },
    #[error("speed {0} is out of range (0.25 to 4.0)")]
    BadSpeed(f32),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("bad voice config {0}: {1}")]
    Config(PathBuf, String),
    #[error("phonemizer: {0}")]
    Phonemizer(String),
    #[error("{0}")]
    Runtime(String),
}

/// Marks the start of phonemes written into the text to synthesize.
pub const IPA_OPEN: char = '⟦';
/// Marks their end.
pub const IPA_CLOSE: char = '⟧';

/// Mono PCM as floats in [-1, 1].
#[derive(Debug, Clone, Default)]
pub struct Pcm {
    pub sample_rate: u32,
    pub samples: Vec<f32>,
    /// When each word of the synthesized text is said, where the voice reports its
    /// phonemes' durations and espeak-ng's words matched its phonemes.
    pub words: Option<Vec<WordAudio>>,
}

/// One word of a synthesized text and the samples it is said in. Words are espeak-ng's
/// (one per IPA word group): "twenty-four" may be one word or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WordAudio {
    /// Where the word starts in the text, in characters.
    pub char_start: usize,
    /// Its first sample and one past its last, in the utterance's audio as synthesized
    /// (before any trimming).
    pub start: usize,
    pub end: usize,
}

/// Phoneme ids for a model, with the ids of each IPA word group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhonemeIds {
    pub ids: Vec<i64>,
    /// Per word group of the IPA, in order: its ids (with their pads, for Piper).
    pub words: Vec<std::ops::Range<usize>>,
}

/// What one run of an engine returns: the audio and, where the graph reports its
/// durations, each input id's first sample and one past its last.
#[derive(Debug, Clone, Default)]
pub struct Synthesis {
    pub samples: Vec<f32>,
    pub id_samples: Option<Vec<(usize, usize)>>,
}

/// Each id's samples from its length in frames, where the frames account for every
/// sample (`total` = their sum × a whole number of samples per frame); `None` where
/// they do not.
pub(crate) fn frames_to_samples(frames: &[f32], total: usize) -> Option<Vec<(usize, usize)>> {
    let frames: Vec<usize> = frames
        .iter()
        .map(|&f| {
            if f.is_finite() && f > 0.0 {
                f.round() as usize
            } else {
                0
            }
        })
        .collect();
    let sum: usize = frames.iter().sum();
    if sum == 0 || !total.is_multiple_of(sum) {
        return None;
    }
    let hop = total / sum;
    let mut at = 0;
    Some(
        frames
            .iter()
            .map(|&f| {
                let span = (at, at + f * hop);
                at = span.1;
                span
            })
            .collect(),
    )
}

/// Text made ready for an engine: its ids and, where asked and espeak-ng's words match
/// the IPA's word groups, where each word starts in the text and which ids say it.
#[derive(Debug, Clone, Default)]
struct PreparedText {
    ids: Vec<i64>,
    words: Option<Vec<(usize, std::ops::Range<usize>)>>,
}

impl PreparedText {
    /// When each word is said, from the ids' samples.
    fn word_audio(&self, id_samples: Option<&[(usize, usize)]>) -> Option<Vec<WordAudio>> {
        let (words, spans) = (self.words.as_ref()?, id_samples?);
        if spans.len() != self.ids.len() {
            return None;
        }
        let mut out = Vec::with_capacity(words.len());
        let mut at = 0;
        for (char_start, ids) in words {
            let (start, end) = if ids.is_empty() {
                (at, at)
            } else {
                (spans[ids.start].0, spans[ids.end - 1].1)
            };
            at = end;
            out.push(WordAudio {
                char_start: *char_start,
                start,
                end,
            });
        }
        Some(out)
    }
}

/// A voice's config, ready to turn text into phoneme ids.
#[derive(Debug, Clone)]
pub struct Voice {
    pub info: VoiceInfo,
    engine: EngineVoice,
}

/// What each engine needs of a voice.
#[derive(Debug, Clone)]
enum EngineVoice {
    Piper(PiperConfig),
    Kokoro(KokoroVoice),
    /// espeak-ng's own voice: the espeak-ng voice name.
    Espeak(String),
}

impl Voice {
    pub fn load(info: VoiceInfo) -> Result<Self, VoiceError> {
        let engine = match info.engine {
            Engine::Piper => EngineVoice::Piper(PiperConfig::read(&info.config_path)?),
            Engine::Kokoro => {
                let vocab = info.model_path.with_file_name("vocab.json");
                EngineVoice::Kokoro(KokoroVoice::load(
                    &vocab,
                    &info.config_path,
                    &info.language,
                )?)
            }
            Engine::Espeak => EngineVoice::Espeak(
                info.name
                    .strip_prefix("espeak-")
                    .unwrap_or(&info.name)
                    .to_string(),
            ),
        };
        Ok(Self { info, engine })
    }

    pub fn sample_rate(&self) -> u32 {
        match &self.engine {
            EngineVoice::Piper(config) => config.audio.sample_rate,
            EngineVoice::Kokoro(_) => kokoro::KOKORO_SAMPLE_RATE,
            EngineVoice::Espeak(_) => espeak::ESPEAK_SAMPLE_RATE,
        }
    }

    /// espeak-ng's voice for this voice's language.
    fn espeak_voice(&self) -> &str {
        match &self.engine {
            EngineVoice::Piper(config) => &config.espeak.voice,
            EngineVoice::Kokoro(voice) => &voice.espeak_voice,
            EngineVoice::Espeak(name) => name,
        }
    }

    /// IPA phonemes for `text` as espeak-ng gives them, with clause punctuation.
    /// Phonemes written between [`IPA_OPEN`] and [`IPA_CLOSE`] (from a pronunciation
    /// lexicon or SSML `<phoneme>`) are passed through as they are.
    pub fn phonemize(&self, text: &str) -> Result<String, VoiceError> {
        if !text.contains(IPA_OPEN) {
            return espeak::phonemize(self.espeak_voice(), text);
        }
        let mut out = String::new();
        let mut rest = text;
        loop {
            let (plain, ipa, after) = match rest.split_once(IPA_OPEN) {
                Some((plain, tail)) => match tail.split_once(IPA_CLOSE) {
                    Some((ipa, after)) => (plain, Some(ipa), after),
                    None => (rest, None, ""),
                },
                None => (rest, None, ""),
            };
            let phonemes = espeak::phonemize(self.espeak_voice(), plain)?;
            for piece in [phonemes.as_str(), ipa.unwrap_or("").trim()] {
                if piece.is_empty() {
                    continue;
                }
                // Punctuation attaches to what precedes it.
                if !out.is_empty() && !piece.starts_with(['.', ',', '?', '!', ':', ';']) {
                    out.push(' ');
                }
                out.push_str(piece);
            }
            if ipa.is_none() {
                break;
            }
            rest = after;
        }
        Ok(out)
    }

    /// Model input ids for `text`; empty when the text has nothing to say. espeak-ng's
    /// own voice synthesizes from text, so its "ids" are the text's characters (less any
    /// written phonemes, which it cannot take).
    pub fn phoneme_ids(&self, text: &str) -> Result<Vec<i64>, VoiceError> {
        Ok(self.prepare(text, false)?.ids)
    }

    /// The ids for `text` and, `with_words`, which ids say each of its words: espeak-ng
    /// reports where each word it speaks starts, one per IPA word group; where the
    /// counts differ, or the text carries written phonemes, the words are left out (the
    /// utterance keeps its sentence timing).
    fn prepare(&self, text: &str, with_words: bool) -> Result<PreparedText, VoiceError> {
        let with_words = with_words && !text.contains(IPA_OPEN);
        if let EngineVoice::Espeak(_) = self.engine {
            return Ok(PreparedText {
                ids: self.text_ids(text),
                words: None,
            });
        }
        let ipa = self.phonemize(text)?;
        if ipa.trim().is_empty() {
            return Ok(PreparedText::default());
        }
        let ids = match &self.engine {
            EngineVoice::Piper(config) => config.phoneme_ids_by_word(&ipa),
            EngineVoice::Kokoro(voice) => voice.phoneme_ids_by_word(&ipa),
            EngineVoice::Espeak(_) => unreachable!("returned above"),
        };
        let words = if with_words {
            let starts = espeak::word_starts(self.espeak_voice(), text)?;
            (starts.len() == ids.words.len()).then(|| starts.into_iter().zip(ids.words).collect())
        } else {
            None
        };
        Ok(PreparedText {
            ids: ids.ids,
            words,
        })
    }

    /// espeak-ng's own voice's input: the text's characters, less written phonemes.
    fn text_ids(&self, text: &str) -> Vec<i64> {
        let mut plain = String::new();
        let mut rest = text;
        while let Some((before, after)) = rest.split_once(IPA_OPEN) {
            plain.push_str(before);
            rest = after.split_once(IPA_CLOSE).map_or("", |(_, tail)| tail);
        }
        plain.push_str(rest);
        if plain.trim().is_empty() {
            return Vec::new();
        }
        plain.chars().map(|c| i64::from(u32::from(c))).collect()
    }

    /// Checks a speaking rate (`speed` 2.0 = twice as fast).
    pub fn check_speed(&self, speed: f32) -> Result<(), VoiceError> {
        if !SPEED_RANGE.contains(&speed) || speed.is_nan() {
            return Err(VoiceError::BadSpeed(speed));
        }
        Ok(())
    }

    /// A Piper model's `scales` input for a speaking rate.
    pub fn scales(&self, speed: f32) -> Result<[f32; 3], VoiceError> {
        self.check_speed(speed)?;
        match &self.engine {
            EngineVoice::Piper(config) => {
                let inf = config.inference;
                Ok([inf.noise_scale, inf.length_scale / speed, inf.noise_w])
            }
            EngineVoice::Kokoro(_) | EngineVoice::Espeak(_) => Err(VoiceError::Runtime(format!(
                "{} is not a Piper voice: it has no Piper scales",
                self.info.name
            ))),
        }
    }
}

/// A loaded session of an engine (espeak-ng's own voice needs none).
enum EngineSession {
    Piper(PiperSession),
    Kokoro(KokoroSession),
    Espeak,
}

impl EngineSession {
    fn load(
        voice: &Voice,
        library: &Path,
        threads: SessionThreads,
        optimized: Option<&OptimizedModels>,
    ) -> Result<Self, VoiceError> {
        let model = &voice.info.model_path;
        Ok(match voice.engine {
            EngineVoice::Piper(_) => {
                Self::Piper(PiperSession::load(library, model, threads, optimized)?)
            }
            EngineVoice::Kokoro(_) => {
                Self::Kokoro(KokoroSession::load(library, model, threads, optimized)?)
            }
            EngineVoice::Espeak(_) => Self::Espeak,
        })
    }

    /// Whether its runs report each id's duration.
    fn has_durations(&self) -> bool {
        match self {
            Self::Piper(session) => session.has_durations(),
            Self::Kokoro(session) => session.has_durations(),
            Self::Espeak => false,
        }
    }

    /// Synthesizes `ids` of `voice` at `speed` (checked).
    fn infer(&self, voice: &Voice, ids: &[i64], speed: f32) -> Result<Synthesis, VoiceError> {
        match (self, &voice.engine) {
            (Self::Piper(session), EngineVoice::Piper(_)) => {
                session.infer(ids, voice.scales(speed)?)
            }
            (Self::Kokoro(session), EngineVoice::Kokoro(pack)) => session.infer(pack, ids, speed),
            (Self::Espeak, EngineVoice::Espeak(name)) => {
                let text: String = ids
                    .iter()
                    .filter_map(|&id| u32::try_from(id).ok().and_then(char::from_u32))
                    .collect();
                Ok(Synthesis {
                    samples: espeak::synthesize(name, &text, speed)?,
                    id_samples: None,
                })
            }
            _ => Err(VoiceError::Runtime(
                "voice and session of different engines".into(),
            )),
        }
    }
}

/// The order in which a pool takes utterances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Article order: the first utterances finish first, so a stream can start
    /// playing while the rest are synthesized. The first utterance runs alone, with
    /// all of its session's intra-op threads, so the stream starts as soon as it can.
    InOrder,
    /// For a whole narration at once: every other run takes the longest utterance
    /// left, the rest the shortest, so two long ones seldom run at the same time (each
    /// run's working memory grows with its length) and the last to finish is a
    /// middling one.
    Balanced,
}

/// ONNX Runtime sessions on one voice, each run by several threads at once.
pub struct SynthesisPool {
    voice: Voice,
    sessions: Vec<EngineSession>,
    runs_per_session: usize,
}

impl SynthesisPool {
    /// Loads `plan.sessions` sessions of `voice` in parallel, each with
    /// `plan.intra_threads` intra-op threads (spinning only when runs do not share
    /// them), from optimized graphs kept in `optimized` where given.
    pub fn new(
        voice: Voice,
        library: &Path,
        optimized: Option<&OptimizedModels>,
        plan: SessionPlan,
    ) -> Result<Self, VoiceError> {
        let workers = plan.sessions.max(1);
        let threads = SessionThreads {
            intra: plan.intra_threads.max(1),
            spin: plan.runs_per_session <= 1,
        };
        let sessions = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| scope.spawn(|| EngineSession::load(&voice, library, threads, optimized)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("session loader panicked"))
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(Self {
            voice,
            sessions,
            runs_per_session: plan.runs_per_session.max(1),
        })
    }

    pub fn voice(&self) -> &Voice {
        &self.voice
    }

    /// Synthesizes every text at its speed (`speeds[i]` for `texts[i]`), calling
    /// `on_done(index, pcm)` on the calling thread as each finishes (in completion
    /// order, not input order). Stops at the first error.
    pub fn synthesize(
        &self,
        texts: &[String],
        speeds: &[f32],
        schedule: Schedule,
        mut on_done: impl FnMut(usize, Pcm),
    ) -> Result<(), VoiceError> {
        assert_eq!(texts.len(), speeds.len(), "one speed per text");
        for &speed in speeds {
            self.voice.check_speed(speed)?;
        }
        let sample_rate = self.voice.sample_rate();
        // Phonemizing is cheap next to inference; for a whole narration, doing it first
        // gives each job's true cost (its id count) for scheduling. In order, each
        // utterance is phonemized when its turn comes, so the first starts at once
        // (phonemizing a whole article first took ~0.1 s).
        let with_words = self.sessions.iter().all(EngineSession::has_durations);
        let jobs: Vec<std::sync::OnceLock<PreparedText>> =
            texts.iter().map(|_| std::sync::OnceLock::new()).collect();
        let ids_of = |i: usize| -> Result<&PreparedText, VoiceError> {
            if let Some(prepared) = jobs[i].get() {
                return Ok(prepared);
            }
            let prepared = self.voice.prepare(&texts[i], with_words)?;
            Ok(jobs[i].get_or_init(|| prepared))
        };
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        if schedule == Schedule::Balanced {
            for i in 0..texts.len() {
                ids_of(i)?;
            }
            order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].get().map_or(0, |p| p.ids.len())));
        }
        let queue = Mutex::new(VecDeque::from(order));
        let failed = AtomicBool::new(false);
        // In order, runs other than the first wait for the first utterance to finish.
        let first_done = (Mutex::new(schedule != Schedule::InOrder), Condvar::new());
        let finish_first = || {
            *first_done.0.lock().expect("first-done lock") = true;
            first_done.1.notify_all();
        };
        type Spoken = (Vec<f32>, Option<Vec<WordAudio>>);
        let (tx, rx) = mpsc::channel::<(usize, Result<Spoken, VoiceError>)>();
        let lanes = self
            .sessions
            .iter()
            .flat_map(|session| std::iter::repeat_n(session, self.runs_per_session));
        std::thread::scope(|scope| {
            for (lane, session) in lanes.enumerate() {
                let tx = tx.clone();
                let (ids_of, queue, failed, voice) = (&ids_of, &queue, &failed, &self.voice);
                let (first_done, finish_first) = (&first_done, &finish_first);
                let takes_longest = schedule == Schedule::InOrder || lane % 2 == 0;
                scope.spawn(move || loop {
                    if lane > 0 {
                        let done = first_done.0.lock().expect("first-done lock");
                        drop(first_done.1.wait_while(done, |done| !*done));
                    }
                    if failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let next = {
                        let mut queue = queue.lock().expect("queue lock");
                        if takes_longest {
                            queue.pop_front()
                        } else {
                            queue.pop_back()
                        }
                    };
                    let Some(index) = next else {
                        if lane == 0 {
                            finish_first();
                        }
                        break;
                    };
                    let result = ids_of(index).and_then(|prepared| {
                        if prepared.ids.is_empty() {
                            return Ok((Vec::new(), None));
                        }
                        let out = session.infer(voice, &prepared.ids, speeds[index])?;
                        let words = prepared.word_audio(out.id_samples.as_deref());
                        Ok((out.samples, words))
                    });
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if lane == 0 {
                        finish_first();
                    }
                    if tx.send((index, result)).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            for (index, result) in rx {
                match result {
                    Ok((samples, words)) => on_done(
                        index,
                        Pcm {
                            sample_rate,
                            samples,
                            words,
                        },
                    ),
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
            Ok(())
        })
    }
}

/// How synthesis spreads over the cores: sessions, concurrent runs per session, and
/// the intra-op threads a run may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPlan {
    /// ONNX Runtime sessions; each holds its own copy of the weights and its own arena.
    pub sessions: usize,
    /// Utterances each session synthesizes at the same time.
    pub runs_per_session: usize,
    /// The session's intra-op threads. Runs at once share them; they spin between
    /// operators only when a session has one run (spinning threads would steal the
    /// other runs' cores).
    pub intra_threads: usize,
}

impl SessionPlan {
    /// Throughput, for a whole narration at once (`aloud narrate`): one session, one
    /// single-threaded run per core up to four, any cores beyond shared out as intra-op
    /// threads. Measured on 2 cores (docs/ARCHITECTURE.md, "Speed"): two
    /// single-threaded runs synthesize ~15 % faster than one two-threaded run, while a
    /// second session would cost a second copy of the weights and a second arena.
    /// Beyond 2 cores the split is unmeasured.
    pub fn for_cores(cores: usize) -> Self {
        let cores = cores.max(1);
        let runs = cores.min(4);
        Self {
            sessions: 1,
            runs_per_session: runs,
            intra_threads: (cores / runs).max(1),
        }
    }

    /// Latency first, then throughput (the server, which streams articles as they are
    /// synthesized, and `aloud say`, usually a sentence or two): as many runs as
    /// [`SessionPlan::for_cores`], but each may use every core, without spinning. A lone run (an article's first utterance, a short speech
    /// request) gets all the cores: 0.083 s for a 130-id utterance on 2 cores against
    /// 0.127 s single-threaded; two at once synthesize the example in 3.63 s against
    /// 3.23 s single-threaded and 4.5–4.7 s one at a time (Python, same runtime).
    pub fn for_streaming(cores: usize) -> Self {
        let cores = cores.max(1);
        Self {
            sessions: 1,
            runs_per_session: cores.min(4),
            intra_threads: cores,
        }
    }

    /// A plan with exactly `sessions` sessions sharing `cores` between them: each
    /// session gets one run, with the cores split as intra-op threads.
    pub fn with_sessions(sessions: usize, cores: usize) -> Self {
        let sessions = sessions.max(1);
        Self {
            sessions,
            runs_per_session: 1,
            intra_threads: (cores / sessions).max(1),
        }
    }
}

/// Cores this process may use.
pub fn available_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_plan_uses_every_core_without_oversubscribing() {
        let plan = |w, r, t| SessionPlan {
            sessions: w,
            runs_per_session: r,
            intra_threads: t,
        };
        assert_eq!(SessionPlan::for_cores(1), plan(1, 1, 1));
        assert_eq!(SessionPlan::for_cores(2), plan(1, 2, 1));
        assert_eq!(SessionPlan::for_cores(8), plan(1, 4, 2));
        assert_eq!(SessionPlan::for_cores(16), plan(1, 4, 4));
        assert_eq!(SessionPlan::with_sessions(2, 8), plan(2, 1, 4));
        assert_eq!(SessionPlan::with_sessions(3, 2), plan(3, 1, 1));
        assert_eq!(SessionPlan::for_streaming(1), plan(1, 1, 1));
        assert_eq!(SessionPlan::for_streaming(2), plan(1, 2, 2));
        assert_eq!(SessionPlan::for_streaming(8), plan(1, 4, 8));
    }
}
