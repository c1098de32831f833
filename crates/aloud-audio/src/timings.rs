//! When each utterance and each word is heard: JSON for players and WebVTT captions.
//!
//! Utterance `i` runs from the start of its speech (0 for the first) to the start of the
//! next one (the audio's end for the last), so cues are monotonic, never overlap and
//! cover the whole audio; `speech_end_ms` marks where its words stop. Where the voice
//! reported its phonemes' durations, each word group of the original text has its own
//! time range inside its utterance's ([`TimedWord`]), and a second WebVTT track
//! ([`Timings::to_word_vtt`]) carries them as inline timestamps.

use aloud_extract::{Metadata, Span};
use aloud_script::Script;
use serde::{Deserialize, Serialize};

use crate::Narration;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimedUtterance {
    pub index: usize,
    pub start_ms: u64,
    pub end_ms: u64,
    pub speech_end_ms: u64,
    /// The original words.
    pub text: String,
    /// The words the voice said.
    pub spoken: String,
    /// Character span in the article text.
    pub span: Span,
    pub block: usize,
    /// The block's kind: title, heading (with level), paragraph, list item…
    pub kind: aloud_extract::BlockKind,
    /// When each word is said, in order; empty where the voice gave no word timings
    /// (the utterance is highlighted as a whole).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub words: Vec<TimedWord>,
    /// What the recognizer heard, where the narration was checked (`narrate --check`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub check: Option<SpeechCheck>,
}

/// How an utterance's kept take was heard by the speech recognizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeechCheck {
    /// The recognizer's words.
    pub heard: String,
    /// 1 = every sound as meant, 0 = nothing recognizable (rounded to 0.01).
    pub score: f32,
    /// Takes synthesized: 1, or more where a take was heard badly.
    pub takes: u32,
    /// Words heard as something else, with what was heard.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub suspects: Vec<SuspectWord>,
}

/// A word the recognizer did not hear as meant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspectWord {
    /// Index of the word group in the utterance's spoken words.
    pub word: usize,
    /// As written.
    pub text: String,
    /// What was heard in its place ("" for nothing).
    pub heard: String,
    /// `unclear` (the voice garbled or mispronounced it) or `rule` (a lexicon rule makes
    /// it sound unlike the word).
    pub kind: String,
    /// The phonemes the voice said, a starting point for a lexicon rule.
    pub said_ipa: String,
}

/// One word group of the original text ("$2.5 billion" is one) and when it is said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimedWord {
    /// The original words, as in the article.
    pub text: String,
    /// Character span in the article text.
    pub span: Span,
    pub start_ms: u64,
    pub end_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Timings {
    pub meta: Metadata,
    pub voice: String,
    pub sample_rate: u32,
    pub duration_ms: u64,
    pub utterances: Vec<TimedUtterance>,
}

impl Timings {
    pub fn new(script: &Script, narration: &Narration, voice: &str) -> Self {
        Self::from_layout(script, narration, narration.samples.len(), voice)
    }

    /// [`Timings::new`] for a narration of `total` samples whose spans and word ranges
    /// are in `layout` (its samples may be elsewhere: [`crate::Spool`]).
    pub fn from_layout(script: &Script, layout: &Narration, total: usize, voice: &str) -> Self {
        let narration = layout;
        let to_ms = |samples: usize| (samples as u64 * 1000) / narration.sample_rate as u64;
        let duration_ms = to_ms(total);
        let starts: Vec<u64> = narration
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { 0 } else { to_ms(s.0) })
            .collect();
        let utterances = script
            .utterances
            .iter()
            .zip(&narration.spans)
            .enumerate()
            .map(|(i, (u, span))| TimedUtterance {
                index: i,
                start_ms: starts[i],
                end_ms: starts.get(i + 1).copied().unwrap_or(duration_ms),
                speech_end_ms: to_ms(span.1),
                text: u.text.clone(),
                spoken: u.spoken.clone(),
                span: u.span,
                block: u.block,
                kind: u.kind,
                words: timed_words(
                    u,
                    narration.words.get(i).map_or(&[][..], Vec::as_slice),
                    to_ms,
                ),
                check: None,
            })
            .collect();
        Timings {
            meta: script.meta.clone(),
            voice: voice.to_string(),
            sample_rate: narration.sample_rate,
            duration_ms,
            utterances,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("timings serialize")
    }

    /// WebVTT: one cue per utterance, showing the original words.
    pub fn to_vtt(&self) -> String {
        let mut out = String::from("WEBVTT\n\n");
        for u in &self.utterances {
            if u.end_ms <= u.start_ms {
                continue;
            }
            out.push_str(&format!(
                "{}\n{} --> {}\n{}\n\n",
                u.index + 1,
                vtt_time(u.start_ms),
                vtt_time(u.end_ms),
                vtt_escape(&u.text)
            ));
        }
        out
    }
}

/// The word groups of `u` that have a time of their own (`said`, samples of the
/// narration, one per group), with their original text; monotonic: a group never starts
/// before the previous one ends.
fn timed_words(
    u: &aloud_script::Utterance,
    said: &[Option<(usize, usize)>],
    to_ms: impl Fn(usize) -> u64,
) -> Vec<TimedWord> {
    if said.len() != u.words.len() {
        return Vec::new();
    }
    let chars: Vec<char> = u.text.chars().collect();
    let mut out: Vec<TimedWord> = Vec::with_capacity(said.len());
    for (word, time) in u.words.iter().zip(said) {
        let Some((start, end)) = *time else { continue };
        let (from, to) = (
            word.span
                .start
                .saturating_sub(u.span.start)
                .min(chars.len()),
            word.span.end.saturating_sub(u.span.start).min(chars.len()),
        );
        let text: String = chars[from..to.max(from)].iter().collect();
        let floor = out.last().map_or(0, |w| w.end_ms);
        let start_ms = to_ms(start).max(floor);
        out.push(TimedWord {
            text,
            span: word.span,
            start_ms,
            end_ms: to_ms(end).max(start_ms),
        });
    }
    out
}

impl Timings {
    /// WebVTT with a word-timed cue per utterance: its original text with an inline
    /// timestamp (`<00:00:01.250>`) where each word after the first starts, as karaoke
    /// captions are written. Utterances without word timings are plain cues.
    pub fn to_word_vtt(&self) -> String {
        let mut out = String::from("WEBVTT\n\n");
        for u in &self.utterances {
            if u.end_ms <= u.start_ms {
                continue;
            }
            let chars: Vec<char> = u.text.chars().collect();
            let mut text = String::new();
            let mut done = 0; // characters of `u.text` written
            for (k, word) in u.words.iter().enumerate() {
                let from = word
                    .span
                    .start
                    .saturating_sub(u.span.start)
                    .min(chars.len());
                if k > 0 && from >= done && word.start_ms > u.start_ms && word.start_ms < u.end_ms {
                    text.push_str(&vtt_escape(&chars[done..from].iter().collect::<String>()));
                    text.push_str(&format!("<{}>", vtt_time(word.start_ms)));
                    done = from;
                }
            }
            text.push_str(&vtt_escape(
                &chars[done.min(chars.len())..].iter().collect::<String>(),
            ));
            out.push_str(&format!(
                "{}\n{} --> {}\n{}\n\n",
                u.index + 1,
                vtt_time(u.start_ms),
                vtt_time(u.end_ms),
                text
            ));
        }
        out
    }
}

fn vtt_time(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Cue text may not contain "-->", and `&` `<` `>` are markup; control characters and
/// noncharacters are dropped (a line break becomes a space).
fn vtt_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| aloud_extract::is_readable_char(c))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_extract::{Article, BlockKind};

    #[test]
    fn cue_text_is_escaped_and_has_no_controls() {
        assert_eq!(
            vtt_escape("a --> b & <c>\u{7}\nd\u{FFFF}"),
            "a --&gt; b &amp; &lt;c&gt; d"
        );
    }

    #[test]
    fn cues_cover_the_audio_without_overlap() {
        let article = Article::from_blocks(
            Metadata {
                title: Some("A <b> & c".into()),
                ..Default::default()
            },
            [(BlockKind::Paragraph, "One. Two --> three.".to_string())],
        );
        let script = aloud_script::build(&article, Default::default());
        let rate = 1000;
        let narration = Narration {
            sample_rate: rate,
            samples: vec![0.0; 5000],
            spans: vec![(150, 1000), (1500, 2500), (3000, 4700)],
            words: Vec::new(),
        };
        let t = Timings::new(&script, &narration, "v");
        let bounds: Vec<(u64, u64)> = t
            .utterances
            .iter()
            .map(|u| (u.start_ms, u.end_ms))
            .collect();
        assert_eq!(bounds, vec![(0, 1500), (1500, 3000), (3000, 5000)]);
        let vtt = t.to_vtt();
        assert!(
            vtt.starts_with("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\nA &lt;b&gt; &amp; c\n"),
            "{vtt}"
        );
        assert!(
            !vtt.lines()
                .filter(|l| !l.contains(" --> ") || !l.starts_with("00:"))
                .any(|l| l.contains("-->")),
            "{vtt}"
        );
        assert_eq!(vtt_time(3_723_004), "01:02:03.004");
    }
}

#[cfg(test)]
mod word_tests {
    use super::*;
    use aloud_extract::{Article, BlockKind};

    #[test]
    fn words_carry_their_original_text_and_a_word_track_times_them() {
        let article = Article::from_blocks(
            Metadata::default(),
            [(
                BlockKind::Paragraph,
                "It cost $2.5 billion & more.".to_string(),
            )],
        );
        let script = aloud_script::build(&article, Default::default());
        let u = &script.utterances[0];
        let groups: Vec<&str> = u.words.iter().map(|w| w.spoken.as_str()).collect();
        assert_eq!(groups.len(), 5, "{groups:?}");
        let rate = 1000;
        let narration = Narration {
            sample_rate: rate,
            samples: vec![0.0; 4000],
            spans: vec![(150, 3500)],
            // "&" has no time of its own; "$2.5 billion" one range; a group that
            // would start before the previous one ends is moved after it.
            words: vec![vec![
                Some((150, 400)),
                Some((400, 700)),
                Some((700, 2500)),
                None,
                Some((2400, 3500)),
            ]],
        };
        let t = Timings::new(&script, &narration, "v");
        let words: Vec<(&str, u64, u64)> = t.utterances[0]
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(
            words,
            vec![
                ("It", 150, 400),
                ("cost", 400, 700),
                ("$2.5 billion", 700, 2500),
                ("more.", 2500, 3500)
            ]
        );
        let json = t.to_json();
        assert!(json.contains("\"start_ms\": 700"), "{json}");
        // The file reads back as the same timings (the web app reads it typed).
        let read: Timings = serde_json::from_str(&json).unwrap();
        assert_eq!(read.to_json(), json);
        assert_eq!(read.utterances[0].words, t.utterances[0].words);
        assert_eq!(read.utterances[0].kind, BlockKind::Paragraph);
        let vtt = t.to_word_vtt();
        assert!(
            vtt.contains("00:00:00.000 --> 00:00:04.000\nIt <00:00:00.400>cost <00:00:00.700>$2.5 billion &amp; <00:00:02.500>more.\n"),
            "{vtt}"
        );
        // Without word timings the track has the plain cue, and the JSON no words.
        let plain = Timings::new(
            &script,
            &Narration {
                words: Vec::new(),
                ..narration
            },
            "v",
        );
        assert!(plain
            .to_word_vtt()
            .contains("\nIt cost $2.5 billion &amp; more.\n"));
        assert!(!plain.to_json().contains("\"words\""));
    }
}
