//! A narration kept on disk while it is made, so memory stays bounded for any length:
//! each utterance's speech (trimmed, faded, 16-bit) is appended to an anonymous
//! temporary file as it is synthesized, in any order; then the whole is measured
//! ([`crate::loudness::normalize_rendered`]) and rendered in script order a piece at a
//! time, into the encoders. The same joins, pauses and limiter as [`crate::assemble`].

use std::io::Write;
use std::os::unix::fs::FileExt;

use aloud_script::Script;

use crate::{
    fade_edges, ms_to_samples, pause_samples, speech_bounds, AudioError, Clip, Narration, FADE_MS,
    LEAD_IN_MS, TAIL_MS,
};

/// Utterances' speech on disk, with where each is and when its words are said.
pub struct Spool {
    file: std::fs::File,
    sample_rate: u32,
    written: u64,
    clips: Vec<Option<SpooledClip>>,
}

struct SpooledClip {
    offset: u64,
    len: usize,
    /// Per word group: its samples within the kept speech.
    words: Vec<Option<(usize, usize)>>,
}

fn io(e: std::io::Error) -> AudioError {
    AudioError::Encode(format!("narration spool: {e}"))
}

impl Spool {
    /// A spool for `utterances` utterances at `sample_rate`; the file is deleted when
    /// the spool is dropped (or the process dies).
    pub fn new(utterances: usize, sample_rate: u32) -> Result<Self, AudioError> {
        Ok(Self {
            file: tempfile::tempfile().map_err(io)?,
            sample_rate,
            written: 0,
            clips: (0..utterances).map(|_| None).collect(),
        })
    }

    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Stores utterance `index`'s audio as synthesized: its own silence trimmed, its
    /// edges faded (as [`crate::assemble`] does), its word ranges moved with it.
    pub fn put(&mut self, index: usize, clip: Clip) -> Result<(), AudioError> {
        let rate = self.sample_rate;
        let (a, b) = speech_bounds(&clip.samples, rate);
        let mut speech = clip.samples[a..b].to_vec();
        fade_edges(&mut speech, ms_to_samples(FADE_MS, rate));
        let bytes: Vec<u8> = speech
            .iter()
            .flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes())
            .collect();
        self.file.write_all(&bytes).map_err(io)?;
        let kept = |s: usize| s.clamp(a, b) - a;
        let slot = self
            .clips
            .get_mut(index)
            .ok_or_else(|| AudioError::Encode(format!("no utterance {index} in the spool")))?;
        *slot = Some(SpooledClip {
            offset: self.written,
            len: speech.len(),
            words: clip
                .words
                .iter()
                .map(|w| w.map(|(s, e)| (kept(s), kept(e))))
                .collect(),
        });
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Utterance `index`'s speech as stored.
    fn read(&self, index: usize) -> Result<Vec<f32>, AudioError> {
        let Some(clip) = &self.clips[index] else {
            return Ok(Vec::new());
        };
        let mut bytes = vec![0u8; clip.len * 2];
        self.file
            .read_exact_at(&mut bytes, clip.offset)
            .map_err(io)?;
        Ok(bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0)
            .collect())
    }

    /// Where each utterance's speech and words sit in the narration, and its length in
    /// samples: a [`Narration`] without its samples.
    pub fn layout(&self, script: &Script, speed: f32) -> Result<(Narration, usize), AudioError> {
        self.check(script)?;
        let rate = self.sample_rate;
        let mut at = ms_to_samples(LEAD_IN_MS, rate);
        let mut spans = Vec::with_capacity(self.clips.len());
        let mut words = Vec::with_capacity(self.clips.len());
        for (u, clip) in script.utterances.iter().zip(&self.clips) {
            let (len, said) = clip
                .as_ref()
                .map_or((0, &[][..]), |c| (c.len, c.words.as_slice()));
            spans.push((at, at + len));
            words.push(
                said.iter()
                    .map(|w| w.map(|(s, e)| (at + s, at + e)))
                    .collect(),
            );
            at += len + pause_samples(u.pause_after.millis(), rate, speed);
        }
        let total = at + ms_to_samples(TAIL_MS, rate);
        Ok((
            Narration {
                sample_rate: rate,
                samples: Vec::new(),
                spans,
                words,
            },
            total,
        ))
    }

    /// The narration in order, a piece at a time, to `sink`: the lead-in, each
    /// utterance's speech times `gain` through the look-ahead limiter at `threshold`
    /// (one utterance at a time: the pauses between them are longer than the
    /// limiter's reach, so this is the same as limiting the whole), the pauses, the tail.
    pub fn render(
        &self,
        script: &Script,
        speed: f32,
        gain: f32,
        threshold: f32,
        sink: &mut dyn FnMut(&[f32]) -> Result<(), AudioError>,
    ) -> Result<(), AudioError> {
        self.check(script)?;
        let rate = self.sample_rate;
        let silence = |sink: &mut dyn FnMut(&[f32]) -> Result<(), AudioError>, n: usize| {
            let zeros = [0f32; 4096];
            let mut left = n;
            while left > 0 {
                let take = left.min(zeros.len());
                sink(&zeros[..take])?;
                left -= take;
            }
            Ok::<(), AudioError>(())
        };
        silence(sink, ms_to_samples(LEAD_IN_MS, rate))?;
        for (i, u) in script.utterances.iter().enumerate() {
            let mut speech = self.read(i)?;
            if gain != 1.0 {
                speech.iter_mut().for_each(|s| *s *= gain);
            }
            if threshold.is_finite() {
                crate::loudness::limit(&mut speech, rate, threshold);
            }
            sink(&speech)?;
            silence(sink, pause_samples(u.pause_after.millis(), rate, speed))?;
        }
        silence(sink, ms_to_samples(TAIL_MS, rate))
    }

    fn check(&self, script: &Script) -> Result<(), AudioError> {
        if self.clips.len() != script.utterances.len() {
            return Err(AudioError::Mismatch {
                pcm: self.clips.len(),
                script: script.utterances.len(),
            });
        }
        Ok(())
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
                "One sentence. Another one, with a clause.".to_string(),
            )],
        );
        aloud_script::build(&article, Default::default())
    }

    fn tone(secs: f32, rate: u32, pitch: f32) -> Vec<f32> {
        let mut v = vec![0.0; (0.2 * rate as f32) as usize];
        v.extend((0..(secs * rate as f32) as usize).map(|i| 0.4 * (i as f32 * pitch).sin()));
        v.extend(vec![0.0; (0.3 * rate as f32) as usize]);
        v
    }

    #[test]
    fn a_spooled_narration_renders_as_the_assembled_one() {
        let rate = 22050;
        let s = script();
        let clips: Vec<Clip> = (0..s.utterances.len())
            .map(|i| Clip {
                samples: tone(0.5 + i as f32 * 0.3, rate, 0.03 + i as f32 * 0.01),
                words: vec![
                    Some((rate as usize / 5 + 100, rate as usize / 5 + 900)),
                    None,
                ],
            })
            .collect();
        let assembled = crate::assemble(&s, clips.clone(), rate, 1.25).unwrap();
        let mut spool = Spool::new(s.utterances.len(), rate).unwrap();
        // Out of order, as a pool finishes them.
        for i in (0..clips.len()).rev() {
            spool.put(i, clips[i].clone()).unwrap();
        }
        let (layout, total) = spool.layout(&s, 1.25).unwrap();
        assert_eq!(total, assembled.samples.len());
        assert_eq!(layout.spans, assembled.spans);
        assert_eq!(layout.words, assembled.words);
        let mut rendered = Vec::new();
        spool
            .render(&s, 1.25, 1.0, f32::INFINITY, &mut |piece| {
                rendered.extend_from_slice(piece);
                Ok(())
            })
            .unwrap();
        assert_eq!(rendered.len(), assembled.samples.len());
        let worst = rendered
            .iter()
            .zip(&assembled.samples)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(
            worst <= 1.0 / 32767.0 + 1e-6,
            "16-bit storage only: {worst}"
        );
        // Another script's spool is refused.
        assert!(spool.layout(&script_of(1), 1.0).is_err());
    }

    fn script_of(n: usize) -> Script {
        let text = vec!["A sentence."; n].join(" ");
        let article = Article::from_blocks(Metadata::default(), [(BlockKind::Paragraph, text)]);
        aloud_script::build(&article, Default::default())
    }
}
