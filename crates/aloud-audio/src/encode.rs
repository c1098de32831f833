//! Encoding the narration: MP3 (LAME, mono, constant 64 kbps, with a LAME tag so
//! decoders can trim the encoder delay) or 16-bit WAV.

use std::mem::MaybeUninit;

use mp3lame_encoder::{Bitrate, Builder, FlushNoGap, MonoPcm, Quality};

use crate::AudioError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mp3,
    Wav,
}

impl Format {
    /// From a name ("mp3", "wav") or a file extension.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "mp3" => Some(Format::Mp3),
            "wav" | "wave" => Some(Format::Wav),
            _ => None,
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Mp3 => "audio/mpeg",
            Format::Wav => "audio/wav",
        }
    }
}

/// MP3 bit rate, in kbit/s.
pub const MP3_KBPS: u32 = 64;

/// Encodes mono float samples.
pub fn encode(samples: &[f32], sample_rate: u32, format: Format) -> Result<Vec<u8>, AudioError> {
    let pcm: Vec<i16> = samples
        .iter()
        .map(|s| (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16)
        .collect();
    match format {
        Format::Mp3 => mp3(&pcm, sample_rate),
        Format::Wav => wav(&pcm, sample_rate),
    }
}

fn mp3(pcm: &[i16], sample_rate: u32) -> Result<Vec<u8>, AudioError> {
    let err = |what: &str, e: &dyn std::fmt::Debug| AudioError::Encode(format!("{what}: {e:?}"));
    let mut builder =
        Builder::new().ok_or_else(|| AudioError::Encode("LAME failed to start".into()))?;
    builder
        .set_num_channels(1)
        .map_err(|e| err("channels", &e))?;
    builder
        .set_sample_rate(sample_rate)
        .map_err(|e| err("sample rate", &e))?;
    builder
        .set_brate(Bitrate::Kbps64)
        .map_err(|e| err("bit rate", &e))?;
    builder
        .set_quality(Quality::Good)
        .map_err(|e| err("quality", &e))?;
    builder
        .set_to_write_vbr_tag(true)
        .map_err(|e| err("tag", &e))?;
    let mut encoder = builder.build().map_err(|e| err("build", &e))?;
    let mut out: Vec<u8> = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()));
    encoder
        .encode_to_vec(MonoPcm(pcm), &mut out)
        .map_err(|e| err("encode", &e))?;
    encoder
        .flush_to_vec::<FlushNoGap>(&mut out)
        .map_err(|e| err("flush", &e))?;
    // LAME left room for its tag in the first frame; fill it in now that the totals are
    // known (encoder delay and padding, for gapless decoding).
    let mut tag = vec![MaybeUninit::<u8>::uninit(); encoder.lame_tag_size().max(1024)];
    if let Some(len) = encoder.lame_tag_encode(&mut tag) {
        let len = len.get().min(out.len());
        for (dst, src) in out[..len].iter_mut().zip(&tag[..len]) {
            // SAFETY: LAME initialized the first `len` bytes it reported writing.
            *dst = unsafe { src.assume_init() };
        }
    }
    Ok(out)
}

fn wav(pcm: &[i16], sample_rate: u32) -> Result<Vec<u8>, AudioError> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut cursor = std::io::Cursor::new(Vec::with_capacity(44 + pcm.len() * 2));
    let mut writer =
        hound::WavWriter::new(&mut cursor, spec).map_err(|e| AudioError::Encode(e.to_string()))?;
    for &s in pcm {
        writer
            .write_sample(s)
            .map_err(|e| AudioError::Encode(e.to_string()))?;
    }
    writer
        .finalize()
        .map_err(|e| AudioError::Encode(e.to_string()))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("MP3"), Some(Format::Mp3));
        assert_eq!(Format::parse("wav"), Some(Format::Wav));
        assert_eq!(Format::parse("flac"), None);
    }

    #[test]
    fn wav_has_header_and_samples() {
        let bytes = encode(&[0.0, 0.5, -0.5], 22050, Format::Wav).unwrap();
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(bytes.len(), 44 + 6);
    }

    #[test]
    fn mp3_is_a_stream_of_frames_at_the_right_rate() {
        let samples: Vec<f32> = (0..22050).map(|i| 0.3 * (i as f32 * 0.06).sin()).collect();
        let bytes = encode(&samples, 22050, Format::Mp3).unwrap();
        // MPEG-2 Layer III frame sync; 1 s at 64 kbit/s is about 8 kB.
        assert_eq!(bytes[0], 0xFF);
        assert_eq!(bytes[1] & 0xE0, 0xE0);
        assert!((6_000..12_000).contains(&bytes.len()), "{}", bytes.len());
    }
}
