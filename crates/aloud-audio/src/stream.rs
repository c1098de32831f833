//! Audio for listening while an article is still being synthesized: utterances are
//! joined and MP3-encoded one by one, in order, as they arrive.
//!
//! Whole-article loudness normalization needs the whole article, so a stream uses one
//! gain chosen from its first utterance (the voice's level is steady from sentence to
//! sentence) and the same look-ahead limiter per utterance; the finished file, made
//! afterwards, is normalized exactly.

use mp3lame_encoder::{Encoder, FlushNoGap, MonoPcm};

use crate::loudness::{limit, loudness, LIMITER_DBFS, TARGET_LUFS};
use crate::{AudioError, LEAD_IN_MS, TAIL_MS};

/// An MP3 being produced utterance by utterance.
pub struct Mp3Stream {
    encoder: Encoder,
    sample_rate: u32,
    gain: Option<f32>,
    started: bool,
}

impl Mp3Stream {
    pub fn new(sample_rate: u32) -> Result<Self, AudioError> {
        let encoder = crate::encode::lame_encoder(sample_rate, false)?;
        Ok(Self {
            encoder,
            sample_rate,
            gain: None,
            started: false,
        })
    }

    /// Adds an utterance (raw model output) and the silence after it; returns the MP3
    /// bytes ready so far.
    pub fn push(&mut self, audio: &[f32], pause_ms: u32) -> Result<Vec<u8>, AudioError> {
        let rate = self.sample_rate;
        let mut chunk = Vec::new();
        if !self.started {
            chunk.resize((LEAD_IN_MS as usize * rate as usize) / 1000, 0.0);
            self.started = true;
        }
        let mut speech = crate::prepare_utterance(audio, rate);
        let gain = *self.gain.get_or_insert_with(|| {
            let lufs = loudness(&speech, rate).unwrap_or(f64::NEG_INFINITY);
            if lufs.is_finite() {
                (10f64.powf((TARGET_LUFS - lufs) / 20.0) as f32).clamp(0.25, 8.0)
            } else {
                1.0
            }
        });
        speech.iter_mut().for_each(|s| *s *= gain);
        limit(&mut speech, rate, 10f64.powf(LIMITER_DBFS / 20.0) as f32);
        chunk.extend_from_slice(&speech);
        chunk.resize(
            chunk.len() + (pause_ms as usize * rate as usize) / 1000,
            0.0,
        );
        self.encode(&chunk)
    }

    /// Ends the stream: the tail silence and the encoder's last frames.
    pub fn finish(mut self) -> Result<Vec<u8>, AudioError> {
        let tail = vec![0.0; (TAIL_MS as usize * self.sample_rate as usize) / 1000];
        let mut out = self.encode(&tail)?;
        self.encoder
            .flush_to_vec::<FlushNoGap>(&mut out)
            .map_err(|e| AudioError::Encode(format!("flush: {e:?}")))?;
        Ok(out)
    }

    fn encode(&mut self, samples: &[f32]) -> Result<Vec<u8>, AudioError> {
        let pcm: Vec<i16> = samples
            .iter()
            .map(|s| (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16)
            .collect();
        let mut out = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()));
        self.encoder
            .encode_to_vec(MonoPcm(&pcm), &mut out)
            .map_err(|e| AudioError::Encode(format!("encode: {e:?}")))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_chunks_form_one_mp3_of_the_right_length() {
        let rate = 22050;
        let utterance: Vec<f32> = (0..rate).map(|i| 0.2 * (i as f32 * 0.07).sin()).collect();
        let mut stream = Mp3Stream::new(rate).unwrap();
        let mut bytes = stream.push(&utterance, 350).unwrap();
        bytes.extend(stream.push(&utterance, 0).unwrap());
        bytes.extend(stream.finish().unwrap());
        // Two seconds of tone plus pauses at 64 kbit/s: about 2.8 s × 8 kB/s.
        assert!((15_000..30_000).contains(&bytes.len()), "{}", bytes.len());
        assert_eq!(bytes[0], 0xFF);
    }
}
