//! Encoding the narration: MP3 (LAME, mono, constant 64 kbps, with a LAME tag so
//! decoders can trim the encoder delay), Ogg Opus (libopus at 32 kbps, resampled to
//! 48 kHz with `rubato`) or 16-bit WAV.

use std::mem::MaybeUninit;

use mp3lame_encoder::{Bitrate, Builder, FlushNoGap, MonoPcm, Quality};

use crate::AudioError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Mp3,
    Opus,
    Wav,
}

impl Format {
    /// From a name ("mp3", "wav") or a file extension.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "mp3" => Some(Format::Mp3),
            "opus" | "ogg" => Some(Format::Opus),
            "wav" | "wave" => Some(Format::Wav),
            _ => None,
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Mp3 => "audio/mpeg",
            Format::Opus => "audio/ogg; codecs=opus",
            Format::Wav => "audio/wav",
        }
    }
}

/// MP3 bit rate, in kbit/s.
pub const MP3_KBPS: u32 = 64;
/// Opus bit rate, in bit/s: transparent for a single speaking voice.
pub const OPUS_BPS: i32 = 32_000;

/// Encodes mono float samples.
pub fn encode(samples: &[f32], sample_rate: u32, format: Format) -> Result<Vec<u8>, AudioError> {
    if format == Format::Opus {
        return opus(samples, sample_rate);
    }
    let pcm: Vec<i16> = samples
        .iter()
        .map(|s| (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16)
        .collect();
    match format {
        Format::Mp3 => mp3(&pcm, sample_rate),
        Format::Wav => wav(&pcm, sample_rate),
        Format::Opus => unreachable!("handled above"),
    }
}

/// A LAME encoder for this project's MP3s: mono, 64 kbit/s CBR, quality 5; with
/// `lame_tag`, room is left for the tag written after the last frame.
pub(crate) fn lame_encoder(
    sample_rate: u32,
    lame_tag: bool,
) -> Result<mp3lame_encoder::Encoder, AudioError> {
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
        .set_to_write_vbr_tag(lame_tag)
        .map_err(|e| err("tag", &e))?;
    builder.build().map_err(|e| err("build", &e))
}

fn mp3(pcm: &[i16], sample_rate: u32) -> Result<Vec<u8>, AudioError> {
    let err = |what: &str, e: &dyn std::fmt::Debug| AudioError::Encode(format!("{what}: {e:?}"));
    let mut encoder = lame_encoder(sample_rate, true)?;
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

/// Converts mono `samples` from `from` Hz to `to` Hz (FFT resampler, `rubato`).
pub fn resample(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, AudioError> {
    use rubato::audioadapter_buffers::direct::InterleavedSlice;
    use rubato::{Fft, FixedSync, Resampler};
    let err = |e: &dyn std::fmt::Display| AudioError::Encode(format!("resampler: {e}"));
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input)
        .map_err(|e| err(&e))?;
    let input = InterleavedSlice::new(samples, 1, samples.len()).map_err(|e| err(&e))?;
    let capacity = resampler.process_all_needed_output_len(samples.len());
    let mut out = vec![0f32; capacity];
    let mut output = InterleavedSlice::new_mut(&mut out, 1, capacity).map_err(|e| err(&e))?;
    let (_, written) = resampler
        .process_all_into_buffer(&input, &mut output, samples.len(), None)
        .map_err(|e| err(&e))?;
    out.truncate(written);
    Ok(out)
}

const OPUS_RATE: u32 = 48_000;
/// 20 ms frames.
const OPUS_FRAME: usize = 960;

/// Ogg Opus per RFC 7845: an ID header with the pre-skip, a comment header, then one
/// 20 ms packet per Ogg packet; the last page's granule position trims the padding.
fn opus(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, AudioError> {
    use ogg::writing::{PacketWriteEndInfo, PacketWriter};
    let err =
        |what: &str, e: &dyn std::fmt::Display| AudioError::Encode(format!("opus {what}: {e}"));
    // Opus works at 48 kHz.
    let pcm = resample(samples, sample_rate, OPUS_RATE)?;
    let mut encoder = opus::Encoder::new(OPUS_RATE, opus::Channels::Mono, opus::Application::Audio)
        .map_err(|e| err("encoder", &e))?;
    encoder
        .set_bitrate(opus::Bitrate::Bits(OPUS_BPS))
        .map_err(|e| err("bit rate", &e))?;
    let pre_skip = encoder.get_lookahead().map_err(|e| err("lookahead", &e))? as usize;

    let serial = 0x616c_6f75; // "alou"
    let mut out = Vec::with_capacity(pcm.len() / 10);
    let mut writer = PacketWriter::new(std::io::Cursor::new(&mut out));
    let mut head = b"OpusHead".to_vec();
    head.push(1); // version
    head.push(1); // channels
    head.extend_from_slice(&(pre_skip as u16).to_le_bytes());
    head.extend_from_slice(&sample_rate.to_le_bytes()); // original rate, informational
    head.extend_from_slice(&0i16.to_le_bytes()); // output gain
    head.push(0); // mapping family: mono/stereo
    writer
        .write_packet(head, serial, PacketWriteEndInfo::EndPage, 0)
        .map_err(|e| err("write", &e))?;
    let vendor = concat!("aloud ", env!("CARGO_PKG_VERSION"));
    let mut tags = b"OpusTags".to_vec();
    tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    tags.extend_from_slice(vendor.as_bytes());
    tags.extend_from_slice(&0u32.to_le_bytes());
    writer
        .write_packet(tags, serial, PacketWriteEndInfo::EndPage, 0)
        .map_err(|e| err("write", &e))?;

    // Feed the encoder's lookahead worth of extra silence so the last real samples are
    // coded; the final granule position says where the real audio ends.
    let total = pcm.len() + pre_skip;
    let frames = total.div_ceil(OPUS_FRAME).max(1);
    let mut frame = [0f32; OPUS_FRAME];
    let mut packet = vec![0u8; 4000];
    for i in 0..frames {
        let start = (i * OPUS_FRAME).min(pcm.len());
        let end = ((i + 1) * OPUS_FRAME).min(pcm.len());
        frame.fill(0.0);
        frame[..end - start].copy_from_slice(&pcm[start..end]);
        let len = encoder
            .encode_float(&frame, &mut packet)
            .map_err(|e| err("encode", &e))?;
        let last = i + 1 == frames;
        let granule = if last { total } else { (i + 1) * OPUS_FRAME } as u64;
        let end_info = if last {
            PacketWriteEndInfo::EndStream
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        writer
            .write_packet(packet[..len].to_vec(), serial, end_info, granule)
            .map_err(|e| err("write", &e))?;
    }
    drop(writer);
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
        assert_eq!(Format::parse("opus"), Some(Format::Opus));
        assert_eq!(Format::parse("flac"), None);
    }

    #[test]
    fn opus_is_ogg_with_headers_and_the_right_length() {
        let samples: Vec<f32> = (0..22050 * 2)
            .map(|i| 0.3 * (i as f32 * 0.06).sin())
            .collect();
        let bytes = encode(&samples, 22050, Format::Opus).unwrap();
        assert_eq!(&bytes[..4], b"OggS");
        let mut reader = ogg::PacketReader::new(std::io::Cursor::new(&bytes));
        let head = reader.read_packet().unwrap().unwrap();
        assert_eq!(&head.data[..8], b"OpusHead");
        let pre_skip = u16::from_le_bytes([head.data[10], head.data[11]]) as u64;
        assert_eq!(
            &reader.read_packet().unwrap().unwrap().data[..8],
            b"OpusTags"
        );
        let mut decoder = opus::Decoder::new(48_000, opus::Channels::Mono).unwrap();
        let (mut decoded, mut last_granule) = (0usize, 0u64);
        let mut buf = vec![0f32; 5760];
        while let Some(packet) = reader.read_packet().unwrap() {
            decoded += decoder.decode_float(&packet.data, &mut buf, false).unwrap();
            last_granule = packet.absgp_page();
        }
        // 2 s at 48 kHz, give or take a frame; the granule trims to the exact length.
        assert!(
            (decoded as i64 - 96_000).abs() <= 960 + pre_skip as i64,
            "{decoded}"
        );
        let secs = (last_granule - pre_skip) as f64 / 48_000.0;
        assert!((secs - 2.0).abs() < 0.002, "{secs}");
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
