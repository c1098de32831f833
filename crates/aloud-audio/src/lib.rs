//! The audio stage: synthesized utterances → one narration.
//!
//! [`assemble`] trims each utterance's own silence, fades its edges (no clicks at joins)
//! and joins them with pauses chosen by structure; [`loudness::normalize`] brings the
//! whole to −19 LUFS with true peak ≤ −1 dBTP; [`encode`] writes MP3, Opus or WAV; [`timings`]
//! says when each utterance and word is heard (JSON, WebVTT). For articles of any
//! length the same steps run from disk: a [`Spool`] keeps the utterances' speech,
//! [`loudness::normalize_rendered`] measures it in passes and an [`Encoder`] takes it
//! piece by piece.

pub mod encode;
pub mod loudness;
pub mod spool;
pub mod stream;
pub mod timings;

use aloud_script::Script;

pub use encode::{encode, Encoder, Format};
pub use spool::Spool;
pub use timings::Timings;

#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("utterance count {pcm} does not match the script's {script}")]
    Mismatch { pcm: usize, script: usize },
    #[error("loudness meter: {0}")]
    Meter(String),
    #[error("encoder: {0}")]
    Encode(String),
}

/// Silence before the first word and after the last, in milliseconds.
pub const LEAD_IN_MS: u32 = 150;
pub const TAIL_MS: u32 = 300;
/// Edge fades applied to every utterance, in milliseconds.
pub(crate) const FADE_MS: u32 = 8;
/// An utterance's own leading/trailing audio quieter than this is trimmed.
const TRIM_THRESHOLD_DBFS: f32 = -48.0;
/// Speech kept around the trimmed region, in milliseconds.
const TRIM_MARGIN_MS: u32 = 30;

/// The joined narration with where each utterance's speech sits, in samples.
#[derive(Debug, Clone)]
pub struct Narration {
    pub sample_rate: u32,
    pub samples: Vec<f32>,
    /// Per utterance: (first sample of speech, one past its last sample).
    pub spans: Vec<(usize, usize)>,
    /// Per utterance, per word group of its script ([`aloud_script::Utterance::words`]):
    /// where it is said, in samples of the narration; empty for an utterance without
    /// word timings, `None` for a group said with no time of its own.
    pub words: Vec<Vec<Option<(usize, usize)>>>,
}

/// One utterance's audio as synthesized, and where the voice said each of its word
/// groups (samples of `samples`; empty where the voice gave no word timings).
#[derive(Debug, Clone, Default)]
pub struct Clip {
    pub samples: Vec<f32>,
    pub words: Vec<Option<(usize, usize)>>,
}

impl Narration {
    pub fn duration_secs(&self) -> f64 {
        self.samples.len() as f64 / self.sample_rate as f64
    }
}

/// Joins per-utterance PCM (in script order) with pauses scaled by `speed`; word times
/// move with their utterance's audio (trimmed edges cut them to what is kept).
pub fn assemble(
    script: &Script,
    pcm: Vec<Clip>,
    sample_rate: u32,
    speed: f32,
) -> Result<Narration, AudioError> {
    if pcm.len() != script.utterances.len() {
        return Err(AudioError::Mismatch {
            pcm: pcm.len(),
            script: script.utterances.len(),
        });
    }
    let ms = |m: u32| ms_to_samples(m, sample_rate);
    let pause = |m: u32| pause_samples(m, sample_rate, speed);
    let total: usize = pcm.iter().map(|c| c.samples.len()).sum();
    let mut samples =
        Vec::with_capacity(total + ms(LEAD_IN_MS + TAIL_MS) + script.utterances.len() * ms(700));
    samples.resize(ms(LEAD_IN_MS), 0.0);
    let mut spans = Vec::with_capacity(pcm.len());
    let mut words = Vec::with_capacity(pcm.len());
    for (utterance, clip) in script.utterances.iter().zip(pcm) {
        let audio = clip.samples;
        let (a, b) = speech_bounds(&audio, sample_rate);
        let start = samples.len();
        samples.extend_from_slice(&audio[a..b]);
        fade_edges(&mut samples[start..], ms(FADE_MS));
        spans.push((start, samples.len()));
        let kept = |s: usize| start + s.clamp(a, b) - a;
        words.push(
            clip.words
                .iter()
                .map(|w| w.map(|(s, e)| (kept(s), kept(e))))
                .collect(),
        );
        samples.resize(samples.len() + pause(utterance.pause_after.millis()), 0.0);
    }
    samples.resize(samples.len() + ms(TAIL_MS), 0.0);
    Ok(Narration {
        sample_rate,
        samples,
        spans,
        words,
    })
}

/// `ms` milliseconds in samples at `sample_rate`.
pub(crate) fn ms_to_samples(ms: u32, sample_rate: u32) -> usize {
    (ms as f64 * sample_rate as f64 / 1000.0) as usize
}

/// A pause of `ms` milliseconds at `speed`, in samples.
pub(crate) fn pause_samples(ms: u32, sample_rate: u32, speed: f32) -> usize {
    ms_to_samples((ms as f32 / speed.max(0.1)) as u32, sample_rate)
}

/// One utterance ready to join: its own silence trimmed and its edges faded.
pub fn prepare_utterance(audio: &[f32], sample_rate: u32) -> Vec<f32> {
    let (a, b) = speech_bounds(audio, sample_rate);
    let mut out = audio[a..b].to_vec();
    fade_edges(&mut out, (FADE_MS as usize * sample_rate as usize) / 1000);
    out
}

/// The range of `audio` holding speech: quiet edges trimmed, a small margin kept.
pub(crate) fn speech_bounds(audio: &[f32], sample_rate: u32) -> (usize, usize) {
    let threshold = 10f32.powf(TRIM_THRESHOLD_DBFS / 20.0);
    let window = (sample_rate as usize / 100).max(1); // 10 ms
    let loud = |chunk: &[f32]| chunk.iter().any(|s| s.abs() > threshold);
    let first = audio.chunks(window).position(loud);
    let Some(first) = first else { return (0, 0) };
    let last = audio.chunks(window).rposition(loud).unwrap_or(first);
    let margin = TRIM_MARGIN_MS as usize * sample_rate as usize / 1000;
    let start = (first * window).saturating_sub(margin);
    let end = ((last + 1) * window + margin).min(audio.len());
    (start, end)
}

/// Raised-cosine fade in and out over `len` samples each.
pub(crate) fn fade_edges(samples: &mut [f32], len: usize) {
    let len = len.min(samples.len() / 2);
    for i in 0..len {
        let g = 0.5 - 0.5 * (std::f32::consts::PI * i as f32 / len as f32).cos();
        samples[i] *= g;
        let j = samples.len() - 1 - i;
        samples[j] *= g;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_extract::{Article, BlockKind, Metadata};

    fn script() -> Script {
        let article = Article::from_blocks(
            Metadata {
                title: Some("Title here".into()),
                ..Default::default()
            },
            [(
                BlockKind::Paragraph,
                "One sentence. Another one.".to_string(),
            )],
        );
        aloud_script::build(&article, Default::default())
    }

    fn tone(secs: f32, rate: u32) -> Vec<f32> {
        let mut v = vec![0.0; (0.3 * rate as f32) as usize]; // model's own leading silence
        v.extend((0..(secs * rate as f32) as usize).map(|i| 0.3 * (i as f32 * 0.05).sin()));
        v.extend(vec![0.0; (0.4 * rate as f32) as usize]);
        v
    }

    #[test]
    fn joins_with_structural_pauses_and_trims_model_silence() {
        let rate = 22050;
        let s = script();
        let clip = |words| Clip {
            samples: tone(1.0, rate),
            words,
        };
        // A word in the model's leading silence, one in the speech, one in the trailing
        // silence: they move with the audio and stay inside what is kept of it.
        let s30 = (0.3 * rate as f32) as usize;
        let pcm = vec![
            clip(vec![Some((100, s30 + 500)), None]),
            clip(vec![Some((s30 + 1000, s30 + 2000))]),
            clip(vec![Some((
                s30 + rate as usize,
                s30 + rate as usize + 5000,
            ))]),
        ];
        let n = assemble(&s, pcm, rate, 1.0).unwrap();
        let (first, second, third) = (n.spans[0], n.spans[1], n.spans[2]);
        let w0 = n.words[0][0].unwrap();
        assert_eq!(w0.0, first.0, "clipped to the kept speech");
        assert!(
            w0.1 > first.0 + 500 && w0.1 < first.0 + 1500,
            "{w0:?} {first:?}"
        );
        assert_eq!(n.words[0][1], None);
        let w1 = n.words[1][0].unwrap();
        assert_eq!(w1.1 - w1.0, 1000, "moved, not stretched");
        assert!(w1.0 > second.0 && w1.1 < second.1);
        let w2 = n.words[2][0].unwrap();
        assert!(w2.0 < third.1 && w2.1 == third.1, "{w2:?} {third:?}");
        assert_eq!(n.spans.len(), 3);
        let gap = |i: usize| (n.spans[i + 1].0 - n.spans[i].1) as f64 / rate as f64;
        // After the title (heading pause) > after a sentence.
        assert!(gap(0) > gap(1), "{} {}", gap(0), gap(1));
        assert!((gap(1) - 0.35).abs() < 0.02, "{}", gap(1));
        // Leading silence is the lead-in, not the model's 0.3 s.
        assert!((n.spans[0].0 as f64 / rate as f64) < 0.2);
        // Edges are faded: no step at the joins.
        assert!(n.samples[n.spans[1].0].abs() < 1e-3);
    }

    #[test]
    fn count_mismatch_is_an_error() {
        assert!(assemble(&script(), vec![], 22050, 1.0).is_err());
    }
}
