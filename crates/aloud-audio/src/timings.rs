//! When each utterance is heard: JSON for players and WebVTT captions.
//!
//! Utterance `i` runs from the start of its speech (0 for the first) to the start of the
//! next one (the audio's end for the last), so cues are monotonic, never overlap and
//! cover the whole audio; `speech_end_ms` marks where its words stop.

use aloud_extract::{Metadata, Span};
use aloud_script::Script;
use serde::Serialize;

use crate::Narration;

#[derive(Debug, Clone, Serialize)]
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Timings {
    pub meta: Metadata,
    pub voice: String,
    pub sample_rate: u32,
    pub duration_ms: u64,
    pub utterances: Vec<TimedUtterance>,
}

impl Timings {
    pub fn new(script: &Script, narration: &Narration, voice: &str) -> Self {
        let to_ms = |samples: usize| (samples as u64 * 1000) / narration.sample_rate as u64;
        let duration_ms = to_ms(narration.samples.len());
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
