//! A Kokoro-82M voice (StyleTTS 2, int8 ONNX export): espeak-ng's IPA mapped onto the
//! model's phoneme vocabulary, the voice's style vector for the utterance's length, and
//! one ONNX Runtime session that turns phoneme ids into 24 kHz PCM.
//!
//! The English voices were trained on misaki's phoneme set, which writes diphthongs and
//! affricates as single symbols (eɪ → A, aɪ → I, oʊ → O, əʊ → Q, aʊ → W, ɔɪ → Y,
//! tʃ → ʧ, dʒ → ʤ) and, for US English, has no length mark and writes the flap as T;
//! [`KokoroVoice::map_ipa`] rewrites espeak-ng's output so.

use std::collections::HashMap;
use std::ffi::CString;
use std::path::Path;

use ort::session::Session;
use ort::value::{Tensor, TensorElementType};

use crate::piper::{load_cached, ModelSource, OptimizedModels, SessionThreads};
use crate::runtime::{audio_outputs, open_session, run_floats};
use crate::{espeak, PhonemeIds, Synthesis, VoiceError};

/// The tensor in the Kokoro graph that holds each token's length in frames (the
/// duration predictor's output divided by the speed, rounded, at least 1). Declared as
/// a second output, it comes back from the run that makes the audio.
const KOKORO_DURATIONS: &str = "/encoder/Clip_output_0";
/// How far the decoder's audio runs ahead of its duration frames, in samples (40 ms):
/// measured against the audio's own onsets after pauses (`bench/word-timings.sh`), the
/// first word of a sentence started a median 40 ms (20–75 ms over 22 sentences) after
/// speech did, where Piper's start within 5 ms of it. Word times are moved back by it.
const KOKORO_AUDIO_LEAD: usize = 960;

/// The model's output rate.
pub const KOKORO_SAMPLE_RATE: u32 = 24_000;
/// Floats in one style vector.
const STYLE_DIM: usize = 256;
/// Rows in a voice pack: one style per input length.
const STYLE_ROWS: usize = 510;
/// Phoneme tokens one run takes (the model's limit is 510 with the two pads; a little
/// is kept spare). Longer utterances are split at a word boundary.
const MAX_TOKENS: usize = 500;

/// A Kokoro voice: the shared vocabulary and this voice's style vectors.
#[derive(Debug, Clone)]
pub struct KokoroVoice {
    vocab: HashMap<char, i64>,
    styles: Vec<f32>,
    /// espeak-ng's voice for the language ("en-us"; "en" is its British English).
    pub espeak_voice: String,
    /// The voice's language (`en_US`, `en_GB`, `es`, `fr`, `it`, `pt_BR`).
    language: String,
}

impl KokoroVoice {
    /// Reads the vocabulary (`vocab.json`: `{"vocab": {symbol: id}}`) and a voice pack
    /// (raw little-endian f32, 510 × 256), for a voice of `language`.
    pub fn load(vocab: &Path, pack: &Path, language: &str) -> Result<Self, VoiceError> {
        let text =
            std::fs::read_to_string(vocab).map_err(|e| VoiceError::Io(vocab.to_path_buf(), e))?;
        #[derive(serde::Deserialize)]
        struct VocabFile {
            vocab: HashMap<String, i64>,
        }
        let file: VocabFile = serde_json::from_str(&text)
            .map_err(|e| VoiceError::Config(vocab.to_path_buf(), e.to_string()))?;
        let vocab = file
            .vocab
            .into_iter()
            .filter_map(|(symbol, id)| {
                let mut chars = symbol.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((c, id)),
                    _ => None,
                }
            })
            .collect();
        let bytes = std::fs::read(pack).map_err(|e| VoiceError::Io(pack.to_path_buf(), e))?;
        if bytes.len() != STYLE_ROWS * STYLE_DIM * 4 {
            return Err(VoiceError::Config(
                pack.to_path_buf(),
                format!(
                    "a voice pack holds {} bytes, this one {}",
                    STYLE_ROWS * STYLE_DIM * 4,
                    bytes.len()
                ),
            ));
        }
        let styles = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Ok(Self {
            vocab,
            styles,
            espeak_voice: espeak_voice(language).to_string(),
            language: language.to_string(),
        })
    }

    /// espeak-ng's IPA in the voices' phoneme set (see the module comment); the other
    /// languages' voices were trained on espeak-ng's own IPA.
    pub fn map_ipa(&self, ipa: &str) -> String {
        let british = self.language == "en_GB";
        if !british && self.language != "en_US" {
            return ipa.to_string();
        }
        let mut out = ipa.to_string();
        let pairs: &[(&str, &str)] = &[
            ("eɪ", "A"),
            ("aɪ", "I"),
            ("oʊ", "O"),
            ("əʊ", "Q"),
            ("aʊ", "W"),
            ("ɔɪ", "Y"),
            ("tʃ", "ʧ"),
            ("dʒ", "ʤ"),
        ];
        for (from, to) in pairs {
            out = out.replace(from, to);
        }
        if !british {
            out = out.replace('ː', "").replace('ɾ', "T");
        }
        out
    }

    /// Model ids for espeak-ng's IPA (without the pads); symbols the model lacks are
    /// skipped.
    pub fn phoneme_ids(&self, ipa: &str) -> Vec<i64> {
        self.phoneme_ids_by_word(ipa).ids
    }

    /// [`KokoroVoice::phoneme_ids`], with the ids of each of the IPA's word groups
    /// ([`espeak::ipa_word_groups`]; the mapping never joins or splits words).
    pub fn phoneme_ids_by_word(&self, ipa: &str) -> PhonemeIds {
        let mapped = self.map_ipa(ipa);
        let mut ids = Vec::with_capacity(mapped.len());
        let push = |ids: &mut Vec<i64>, text: &str| {
            ids.extend(text.chars().filter_map(|c| self.vocab.get(&c).copied()));
        };
        let mut words = Vec::new();
        let mut done = 0;
        for group in espeak::ipa_word_groups(&mapped) {
            push(&mut ids, &mapped[done..group.start]);
            let start = ids.len();
            push(&mut ids, &mapped[group.clone()]);
            words.push(start..ids.len());
            done = group.end;
        }
        push(&mut ids, &mapped[done..]);
        PhonemeIds { ids, words }
    }

    /// The style vector for an input of `tokens` phoneme tokens.
    fn style(&self, tokens: usize) -> &[f32] {
        let row = tokens.min(STYLE_ROWS - 1);
        &self.styles[row * STYLE_DIM..(row + 1) * STYLE_DIM]
    }

    /// The id of a space, where long inputs are split.
    fn space(&self) -> Option<i64> {
        self.vocab.get(&' ').copied()
    }
}

/// espeak-ng's voice for a Kokoro voice's language.
fn espeak_voice(language: &str) -> &'static str {
    match language {
        "en_GB" => "en",
        "es" => "es",
        "fr" => "fr",
        "it" => "it",
        "pt_BR" => "pt-br",
        _ => "en-us",
    }
}

/// One inference session on the Kokoro model; several threads may run it at once.
pub struct KokoroSession {
    session: Session,
    /// Input names in the order tokens, style, speed.
    input_names: Vec<CString>,
    /// The audio, then the durations where the graph has them.
    output_names: Vec<CString>,
    source: ModelSource,
}

impl KokoroSession {
    /// Loads the model with `threads`, through the optimized-graph cache in `optimized`
    /// where given (as Piper voices are: the first start optimizes and saves the graph,
    /// later ones load it as it is), and without ONNX Runtime's static memory-reuse
    /// planning.
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

    /// Which graph this session was built from.
    pub fn source(&self) -> ModelSource {
        self.source
    }

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
        let (session, _) = open_session(
            library,
            model,
            threads,
            source,
            save_optimized,
            Some(KOKORO_DURATIONS),
            err,
        )?;
        // Inputs by type: the int64 one is the tokens; of the float ones, "speed" (or
        // the one that is not the style) is the rate.
        let inputs = session.inputs();
        let int_input = inputs
            .iter()
            .find(|i| i.dtype().tensor_type() == Some(TensorElementType::Int64));
        let floats: Vec<_> = inputs
            .iter()
            .filter(|i| i.dtype().tensor_type() == Some(TensorElementType::Float32))
            .collect();
        let (Some(tokens), [a, b]) = (int_input, floats.as_slice()) else {
            return Err(err(
                "not a Kokoro model: expected token, style and speed inputs".into(),
            ));
        };
        let (style, speed) = if a.name().contains("speed") {
            (b, a)
        } else {
            (a, b)
        };
        let input_names = [tokens.name(), style.name(), speed.name()]
            .iter()
            .map(|n| CString::new(*n).map_err(|e| err(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        let output_names = audio_outputs(&session, KOKORO_DURATIONS, "Kokoro", err)?;
        Ok(Self {
            session,
            input_names,
            output_names,
            source,
        })
    }

    /// Whether runs return each token's duration beside the audio.
    pub fn has_durations(&self) -> bool {
        self.output_names.len() == 2
    }

    /// Synthesizes phoneme `ids` (without pads) at `speed`; inputs longer than one run
    /// takes are split at spaces and their audio joined. Where the graph reports
    /// durations, each id's samples come too.
    pub fn infer(
        &self,
        voice: &KokoroVoice,
        ids: &[i64],
        speed: f32,
    ) -> Result<Synthesis, VoiceError> {
        let mut samples = Vec::new();
        let mut id_samples = Some(Vec::with_capacity(ids.len()));
        for chunk in chunks(ids, voice.space()) {
            let mut outputs = self.run(voice, chunk, speed)?.into_iter();
            let audio = outputs.next().unwrap_or_default();
            // The run's tokens are the chunk between two pads.
            let spans = outputs
                .next()
                .and_then(|frames| crate::frames_to_samples(&frames, audio.len()))
                .filter(|spans| spans.len() == chunk.len() + 2);
            let at = samples.len();
            let place = |s: usize| at + s.saturating_sub(KOKORO_AUDIO_LEAD);
            id_samples = id_samples.zip(spans).map(|(mut all, spans)| {
                all.extend(
                    spans[1..=chunk.len()]
                        .iter()
                        .map(|&(a, b)| (place(a), place(b))),
                );
                all
            });
            samples.extend(audio);
        }
        Ok(Synthesis {
            samples,
            id_samples,
        })
    }

    fn run(
        &self,
        voice: &KokoroVoice,
        ids: &[i64],
        speed: f32,
    ) -> Result<Vec<Vec<f32>>, VoiceError> {
        let run_err = |e: ort::Error| VoiceError::Runtime(format!("inference failed: {e}"));
        let mut tokens = Vec::with_capacity(ids.len() + 2);
        tokens.push(0);
        tokens.extend_from_slice(ids);
        tokens.push(0);
        let inputs = vec![
            Tensor::from_array(([1usize, tokens.len()], tokens))
                .map_err(run_err)?
                .into_dyn(),
            Tensor::from_array(([1usize, STYLE_DIM], voice.style(ids.len()).to_vec()))
                .map_err(run_err)?
                .into_dyn(),
            Tensor::from_array(([1usize], vec![speed]))
                .map_err(run_err)?
                .into_dyn(),
        ];
        run_floats(
            &self.session,
            &self.input_names,
            &inputs,
            &self.output_names,
        )
    }
}

/// Splits `ids` into runs of at most [`MAX_TOKENS`], each ending before a space where
/// there is one in reach.
fn chunks(ids: &[i64], space: Option<i64>) -> Vec<&[i64]> {
    let mut out = Vec::new();
    let mut rest = ids;
    while rest.len() > MAX_TOKENS {
        let cut = space
            .and_then(|s| rest[..MAX_TOKENS].iter().rposition(|&id| id == s))
            .filter(|&at| at > MAX_TOKENS / 2)
            .unwrap_or(MAX_TOKENS);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(language: &str) -> KokoroVoice {
        let vocab = [
            'A', 'I', 'O', 'Q', 'T', 'ʧ', 'ʤ', 'ˈ', 'ː', 'h', 'l', 'ə', 'ɪ', 'ʌ', ' ', 'b',
        ]
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as i64 + 1))
        .collect();
        KokoroVoice {
            vocab,
            styles: vec![0.0; STYLE_ROWS * STYLE_DIM],
            espeak_voice: espeak_voice(language).into(),
            language: language.into(),
        }
    }

    #[test]
    fn diphthongs_and_affricates_become_single_symbols() {
        let us = voice("en_US");
        assert_eq!(us.map_ipa("dʒˈʌdʒ"), "ʤˈʌʤ");
        assert_eq!(us.map_ipa("ˈeɪt ˈaɪ hoʊm"), "ˈAt ˈI hOm");
        assert_eq!(us.map_ipa("bˈɛɾɚ ɑː"), "bˈɛTɚ ɑ");
        let uk = voice("en_GB");
        assert_eq!(uk.map_ipa("həʊm ɑː"), "hQm ɑː");
        // Spanish IPA goes to its voices as espeak-ng wrote it.
        assert_eq!(voice("es").map_ipa("eɪ tʃ ɾ"), "eɪ tʃ ɾ");
        // Unknown symbols are skipped.
        assert_eq!(us.phoneme_ids("ʤʌx"), vec![7, 14]);
    }

    #[test]
    fn long_inputs_split_at_a_space() {
        let mut ids = vec![3i64; 700];
        ids[450] = 9;
        let parts = chunks(&ids, Some(9));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 450);
        assert_eq!(parts.iter().map(|p| p.len()).sum::<usize>(), 700);
        assert!(chunks(&[], Some(9)).is_empty());
        assert_eq!(chunks(&vec![1; 1200], None).len(), 3);
    }
}
