//! The check stage: the narration hears itself. Each utterance's audio is transcribed
//! by an offline recognizer ([`recognizer`], Moonshine base, English) and compared by
//! sound with the words it was meant to say ([`compare`]): a low score asks for a retake
//! (the voice samples noise, so a second take differs), and words heard as something
//! else are named for the editor, with the lexicon rule that would fix them.
//!
//! The recognizer is optional: without its files (`scripts/setup.sh` installs them)
//! [`Checker::load`] says why, and narration goes on unchecked.

pub mod compare;
pub mod recognizer;
mod tokenizer;

use std::path::{Path, PathBuf};

use aloud_voice::Voice;
use serde::Serialize;

use compare::{phones, Phone};
pub use recognizer::{missing_assets, model_dir, Recognizer};

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Assets(String),
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("speech recognizer: {0}")]
    Runtime(String),
    #[error("the recognizer takes 0.1 to 64 seconds of audio, not {0:.1}")]
    Length(f32),
    #[error("the recognizer hears English only, not {0}")]
    Language(String),
    #[error("{0}")]
    Audio(String),
}

/// An utterance whose score is below this is taken again.
pub const RETAKE_BELOW: f32 = 0.8;
/// A word whose phonemes came out at least this far from what was meant (edits over
/// its phonemes) is named as suspect.
pub const SUSPECT_FROM: f32 = 0.5;

/// Words of fewer phonemes than this are not named: the recognizer mishears short
/// function words ("and" as "in", "through" as "to") far more often than the voice
/// garbles them (bench/check.sh, docs/ARCHITECTURE.md).
pub const SUSPECT_MIN_PHONES: usize = 4;

/// One word group of an utterance as it was meant.
#[derive(Debug, Clone)]
pub struct MeantWord {
    /// As written in the article.
    pub written: String,
    /// What the voice was told to say (words, or phonemes between
    /// [`aloud_voice::IPA_OPEN`] and [`aloud_voice::IPA_CLOSE`]).
    pub spoken: String,
    /// How the written words read without the deployment's, publisher's or article's
    /// lexicon, where one of their rules changed them: a listener expects a common word
    /// to sound like itself.
    pub plain: Option<String>,
}

/// Why a word is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspectKind {
    /// Heard as something else: the voice garbled or mispronounced it.
    Unclear,
    /// Said as a lexicon rule asks, but that sounds unlike the word itself.
    Rule,
}

/// A word the recognizer did not hear as meant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suspect {
    /// Index of the word group in the utterance.
    pub word: usize,
    pub written: String,
    /// The heard words aligned with it ("" where nothing was).
    pub heard: String,
    /// How far the sounds were from what was meant (0 = as meant).
    pub error: f32,
    pub kind: SuspectKind,
    /// The phonemes the voice was given, as a starting point for a lexicon rule.
    pub said_ipa: String,
}

/// What the recognizer heard of one utterance, and how close it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hearing {
    pub heard: String,
    /// 1 = every phoneme as meant; 0 = nothing recognizable.
    pub score: f32,
    pub suspects: Vec<Suspect>,
}

impl Hearing {
    /// Whether another take might do better: the score is low or a word was garbled
    /// (a rule that sounds wrong sounds wrong in every take).
    pub fn wants_retake(&self) -> bool {
        self.score < RETAKE_BELOW || self.suspects.iter().any(|s| s.kind == SuspectKind::Unclear)
    }
}

/// A loaded recognizer and the comparison, for one voice's language.
pub struct Checker {
    recognizer: Recognizer,
}

impl Checker {
    /// Loads the recognizer from the data directory for narrations in `language`, or
    /// says why it cannot check them.
    pub fn load(data_dir: &Path, language: &str, threads: usize) -> Result<Self, CheckError> {
        if aloud_voice::primary_language(language) != "en" {
            return Err(CheckError::Language(language.to_string()));
        }
        let library = aloud_voice::onnxruntime_library(data_dir);
        Ok(Self {
            recognizer: Recognizer::load(&model_dir(data_dir), &library, threads)?,
        })
    }

    pub fn recognizer(&self) -> &Recognizer {
        &self.recognizer
    }

    /// Hears `samples` (mono, `sample_rate`) and compares them with `meant`, by the
    /// sounds `voice`'s phonemizer gives both.
    pub fn hear(
        &self,
        voice: &Voice,
        meant: &[MeantWord],
        samples: &[f32],
        sample_rate: u32,
    ) -> Result<Hearing, CheckError> {
        let audio = if sample_rate == recognizer::SAMPLE_RATE {
            samples.to_vec()
        } else {
            aloud_audio::encode::resample(samples, sample_rate, recognizer::SAMPLE_RATE)
                .map_err(|e| CheckError::Audio(e.to_string()))?
        };
        let expected: Vec<&str> = meant.iter().map(|w| w.written.as_str()).collect();
        let heard = self.recognizer.transcribe(&audio, &expected.join(" "))?;
        compare_heard(voice, meant, heard)
    }
}

/// Compares a transcript with the words meant (the part of [`Checker::hear`] after
/// recognition).
pub fn compare_heard(
    voice: &Voice,
    meant: &[MeantWord],
    heard: String,
) -> Result<Hearing, CheckError> {
    let ipa = |text: &str| -> Result<String, CheckError> {
        voice
            .phonemize(text)
            .map_err(|e| CheckError::Runtime(e.to_string()))
    };
    let meant_ipa = meant
        .iter()
        .map(|w| ipa(&w.spoken))
        .collect::<Result<Vec<_>, _>>()?;
    let meant_phones: Vec<Vec<Phone>> = meant_ipa.iter().map(|i| phones(i)).collect();
    // The recognizer writes numbers, money and dates as digits: read them as the
    // script reads them, so both sides say "two hundred forty thousand dollars".
    let heard_said = aloud_script::normalize::normalize(&heard);
    let heard_words: Vec<&str> = heard_said.split_whitespace().collect();
    let heard_phones = heard_words
        .iter()
        .map(|w| ipa(w).map(|i| phones(&i)))
        .collect::<Result<Vec<_>, _>>()?;
    let comparison = compare::compare(&meant_phones, &heard_phones);
    let mut suspects = Vec::new();
    for (i, (word, found)) in meant.iter().zip(&comparison.words).enumerate() {
        // Short words ("a", "is", "of") come and go with the recognizer's mood.
        let garbled = meant_phones[i].len() >= SUSPECT_MIN_PHONES && found.error >= SUSPECT_FROM;
        let verdict = if garbled {
            Some((SuspectKind::Unclear, found.error))
        } else if let Some(plain) = &word.plain {
            let error = compare::distance(&phones(&ipa(plain)?), &found.heard_phones);
            (error >= SUSPECT_FROM).then_some((SuspectKind::Rule, error))
        } else {
            None
        };
        if let Some((kind, error)) = verdict {
            suspects.push(Suspect {
                word: i,
                written: word.written.clone(),
                heard: heard_words[found.heard_words.clone()].join(" "),
                error,
                kind,
                said_ipa: meant_ipa[i]
                    .trim_matches(|c: char| !c.is_alphabetic())
                    .to_string(),
            });
        }
    }
    Ok(Hearing {
        heard,
        score: comparison.score,
        suspects,
    })
}
