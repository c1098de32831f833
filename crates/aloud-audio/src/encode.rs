//! Encoding the narration: MP3 (LAME, mono, constant 64 kbps, with a LAME tag so
//! decoders can trim the encoder delay), Ogg Opus (libopus at 32 kbps, resampled to
//! 48 kHz with `rubato`) or 16-bit WAV — piece by piece ([`Encoder`]), so a narration
//! of any length is never held whole.

use std::io::{Seek, SeekFrom, Write};
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
    let mut out = std::io::Cursor::new(Vec::new());
    let mut encoder = Encoder::new(&mut out, sample_rate, format)?;
    encoder.push(samples)?;
    encoder.finish()?;
    Ok(out.into_inner())
}

/// Samples in → a file's bytes out, piece by piece, so a narration of any length is
/// never held whole: MP3 frames, Ogg Opus packets (resampled to 48 kHz as they come)
/// or WAV samples go to `out` as the samples are pushed. MP3's LAME tag and WAV's
/// header are written over the start at the end, hence `Seek`.
pub struct Encoder<W: Write + Seek> {
    kind: EncoderKind<W>,
}

enum EncoderKind<W: Write + Seek> {
    Mp3 {
        lame: mp3lame_encoder::Encoder,
        out: W,
        start: u64,
    },
    Opus(Box<OpusStream<W>>),
    Wav(hound::WavWriter<W>),
}

impl<W: Write + Seek> Encoder<W> {
    pub fn new(mut out: W, sample_rate: u32, format: Format) -> Result<Self, AudioError> {
        let kind = match format {
            Format::Mp3 => EncoderKind::Mp3 {
                lame: lame_encoder(sample_rate, true)?,
                start: out.stream_position().map_err(io_err)?,
                out,
            },
            Format::Opus => EncoderKind::Opus(Box::new(OpusStream::new(out, sample_rate)?)),
            Format::Wav => {
                let spec = hound::WavSpec {
                    channels: 1,
                    sample_rate,
                    bits_per_sample: 16,
                    sample_format: hound::SampleFormat::Int,
                };
                EncoderKind::Wav(
                    hound::WavWriter::new(out, spec)
                        .map_err(|e| AudioError::Encode(e.to_string()))?,
                )
            }
        };
        Ok(Self { kind })
    }

    /// Encodes the next samples.
    pub fn push(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        let err =
            |what: &str, e: &dyn std::fmt::Debug| AudioError::Encode(format!("{what}: {e:?}"));
        match &mut self.kind {
            EncoderKind::Mp3 { lame, out, .. } => {
                // A bounded piece at a time, so the buffers stay small.
                for piece in samples.chunks(1 << 16) {
                    let pcm = to_i16(piece);
                    let mut bytes =
                        Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()));
                    lame.encode_to_vec(MonoPcm(&pcm), &mut bytes)
                        .map_err(|e| err("encode", &e))?;
                    out.write_all(&bytes).map_err(io_err)?;
                }
                Ok(())
            }
            EncoderKind::Opus(stream) => stream.push(samples),
            EncoderKind::Wav(writer) => {
                for s in to_i16(samples) {
                    writer
                        .write_sample(s)
                        .map_err(|e| AudioError::Encode(e.to_string()))?;
                }
                Ok(())
            }
        }
    }

    /// Ends the file: the encoder's last frames, and MP3's tag or WAV's lengths.
    pub fn finish(self) -> Result<(), AudioError> {
        let err =
            |what: &str, e: &dyn std::fmt::Debug| AudioError::Encode(format!("{what}: {e:?}"));
        match self.kind {
            EncoderKind::Mp3 {
                mut lame,
                mut out,
                start,
            } => {
                let mut bytes = Vec::with_capacity(8192);
                lame.flush_to_vec::<FlushNoGap>(&mut bytes)
                    .map_err(|e| err("flush", &e))?;
                out.write_all(&bytes).map_err(io_err)?;
                // LAME left room for its tag in the first frame; fill it in now that
                // the totals are known (encoder delay and padding, for gapless decoding).
                let mut tag = vec![MaybeUninit::<u8>::uninit(); lame.lame_tag_size().max(1024)];
                if let Some(len) = lame.lame_tag_encode(&mut tag) {
                    // SAFETY: LAME initialized the first `len` bytes it reported writing.
                    let tag: Vec<u8> = tag[..len.get()]
                        .iter()
                        .map(|b| unsafe { b.assume_init() })
                        .collect();
                    let end = out.stream_position().map_err(io_err)?;
                    let len = (tag.len() as u64).min(end - start) as usize;
                    out.seek(SeekFrom::Start(start)).map_err(io_err)?;
                    out.write_all(&tag[..len]).map_err(io_err)?;
                    out.seek(SeekFrom::Start(end)).map_err(io_err)?;
                }
                out.flush().map_err(io_err)
            }
            EncoderKind::Opus(stream) => stream.finish(),
            EncoderKind::Wav(writer) => writer
                .finalize()
                .map_err(|e| AudioError::Encode(e.to_string())),
        }
    }
}

fn io_err(e: std::io::Error) -> AudioError {
    AudioError::Encode(format!("writing: {e}"))
}

fn to_i16(samples: &[f32]) -> Vec<i16> {
    samples
        .iter()
        .map(|s| (s.clamp(-1.0, 1.0) * i16::MAX as f32).round() as i16)
        .collect()
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

/// Ogg Opus per RFC 7845, made as samples come: an ID header with the pre-skip, a
/// comment header, then one 20 ms packet per Ogg packet; the last page's granule
/// position trims the padding. Input is resampled to 48 kHz chunk by chunk.
struct OpusStream<W: Write> {
    writer: ogg::writing::PacketWriter<'static, W>,
    encoder: opus::Encoder,
    resampler: StreamResampler,
    /// Resampled samples not yet in a packet.
    pending: Vec<f32>,
    pre_skip: usize,
    /// 48 kHz samples fed to the encoder so far (the pre-skip included).
    fed: usize,
    packet: Vec<u8>,
}

const OGG_SERIAL: u32 = 0x616c_6f75; // "alou"

impl<W: Write> OpusStream<W> {
    fn new(out: W, sample_rate: u32) -> Result<Self, AudioError> {
        use ogg::writing::{PacketWriteEndInfo, PacketWriter};
        let err =
            |what: &str, e: &dyn std::fmt::Display| AudioError::Encode(format!("opus {what}: {e}"));
        let mut encoder =
            opus::Encoder::new(OPUS_RATE, opus::Channels::Mono, opus::Application::Audio)
                .map_err(|e| err("encoder", &e))?;
        encoder
            .set_bitrate(opus::Bitrate::Bits(OPUS_BPS))
            .map_err(|e| err("bit rate", &e))?;
        let pre_skip = encoder.get_lookahead().map_err(|e| err("lookahead", &e))? as usize;
        let mut writer = PacketWriter::new(out);
        let mut head = b"OpusHead".to_vec();
        head.push(1); // version
        head.push(1); // channels
        head.extend_from_slice(&(pre_skip as u16).to_le_bytes());
        head.extend_from_slice(&sample_rate.to_le_bytes()); // original rate, informational
        head.extend_from_slice(&0i16.to_le_bytes()); // output gain
        head.push(0); // mapping family: mono/stereo
        writer
            .write_packet(head, OGG_SERIAL, PacketWriteEndInfo::EndPage, 0)
            .map_err(|e| err("write", &e))?;
        let vendor = concat!("aloud ", env!("CARGO_PKG_VERSION"));
        let mut tags = b"OpusTags".to_vec();
        tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
        tags.extend_from_slice(vendor.as_bytes());
        tags.extend_from_slice(&0u32.to_le_bytes());
        writer
            .write_packet(tags, OGG_SERIAL, PacketWriteEndInfo::EndPage, 0)
            .map_err(|e| err("write", &e))?;
        Ok(Self {
            writer,
            encoder,
            resampler: StreamResampler::new(sample_rate, OPUS_RATE)?,
            pending: Vec::new(),
            pre_skip,
            fed: 0,
            packet: vec![0u8; 4000],
        })
    }

    fn push(&mut self, samples: &[f32]) -> Result<(), AudioError> {
        let resampled = self.resampler.push(samples)?;
        self.pending.extend_from_slice(&resampled);
        self.write_frames()
    }

    /// Encodes every whole frame pending.
    fn write_frames(&mut self) -> Result<(), AudioError> {
        use ogg::writing::PacketWriteEndInfo;
        let err =
            |what: &str, e: &dyn std::fmt::Display| AudioError::Encode(format!("opus {what}: {e}"));
        let mut at = 0;
        while self.pending.len() - at >= OPUS_FRAME {
            let frame = &self.pending[at..at + OPUS_FRAME];
            at += OPUS_FRAME;
            self.fed += OPUS_FRAME;
            let len = self
                .encoder
                .encode_float(frame, &mut self.packet)
                .map_err(|e| err("encode", &e))?;
            self.writer
                .write_packet(
                    self.packet[..len].to_vec(),
                    OGG_SERIAL,
                    PacketWriteEndInfo::NormalPacket,
                    self.fed as u64,
                )
                .map_err(|e| err("write", &e))?;
        }
        self.pending.drain(..at);
        Ok(())
    }

    fn finish(mut self) -> Result<(), AudioError> {
        let rest = self.resampler.finish()?;
        self.pending.extend_from_slice(&rest);
        // The encoder's lookahead worth of extra silence, so the last real samples are
        // coded; the final granule position says where the real audio ends.
        let real = self.fed + self.pending.len();
        self.pending.resize(self.pending.len() + self.pre_skip, 0.0);
        let pre_skip = self.pre_skip;
        self.write_frames_ending_at(real + pre_skip)
    }

    /// The last frames, the final granule position `granule`.
    fn write_frames_ending_at(mut self, granule: usize) -> Result<(), AudioError> {
        use ogg::writing::PacketWriteEndInfo;
        let err =
            |what: &str, e: &dyn std::fmt::Display| AudioError::Encode(format!("opus {what}: {e}"));
        let frames = self.pending.len().div_ceil(OPUS_FRAME).max(1);
        for i in 0..frames {
            let mut frame = [0f32; OPUS_FRAME];
            let start = (i * OPUS_FRAME).min(self.pending.len());
            let end = ((i + 1) * OPUS_FRAME).min(self.pending.len());
            frame[..end - start].copy_from_slice(&self.pending[start..end]);
            self.fed += OPUS_FRAME;
            let len = self
                .encoder
                .encode_float(&frame, &mut self.packet)
                .map_err(|e| err("encode", &e))?;
            let last = i + 1 == frames;
            let (position, info) = if last {
                (granule, PacketWriteEndInfo::EndStream)
            } else {
                (self.fed, PacketWriteEndInfo::NormalPacket)
            };
            self.writer
                .write_packet(
                    self.packet[..len].to_vec(),
                    OGG_SERIAL,
                    info,
                    position as u64,
                )
                .map_err(|e| err("write", &e))?;
        }
        let mut out = self.writer.into_inner();
        out.flush().map_err(io_err)
    }
}

/// [`resample`] chunk by chunk: the resampler's start-up delay is dropped from the
/// front, and at the end its last frames are pumped out, so the output has the length
/// `resample` gives.
struct StreamResampler {
    resampler: Option<rubato::Fft<f32>>,
    ratio: f64,
    /// Input not yet resampled (less than a chunk).
    pending: Vec<f32>,
    input_total: usize,
    output_total: usize,
    /// Output frames still to drop at the start.
    to_trim: usize,
}

impl StreamResampler {
    fn new(from: u32, to: u32) -> Result<Self, AudioError> {
        use rubato::{Fft, FixedSync, Resampler};
        if from == to {
            return Ok(Self {
                resampler: None,
                ratio: 1.0,
                pending: Vec::new(),
                input_total: 0,
                output_total: 0,
                to_trim: 0,
            });
        }
        let resampler = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input)
            .map_err(|e| AudioError::Encode(format!("resampler: {e}")))?;
        Ok(Self {
            to_trim: resampler.output_delay(),
            ratio: f64::from(to) / f64::from(from),
            resampler: Some(resampler),
            pending: Vec::new(),
            input_total: 0,
            output_total: 0,
        })
    }

    fn push(&mut self, samples: &[f32]) -> Result<Vec<f32>, AudioError> {
        self.input_total += samples.len();
        let Some(resampler) = self.resampler.as_mut() else {
            return Ok(samples.to_vec());
        };
        use rubato::Resampler;
        self.pending.extend_from_slice(samples);
        let mut out = Vec::new();
        let mut at = 0;
        while self.pending.len() - at >= resampler.input_frames_next() {
            let need = resampler.input_frames_next();
            let chunk = Self::run(resampler, &self.pending[at..at + need], None)?;
            at += need;
            out.extend(chunk);
        }
        self.pending.drain(..at);
        Ok(self.trimmed(out))
    }

    /// The rest: the partial chunk, then zeros until the output is as long as the input
    /// resampled.
    fn finish(&mut self) -> Result<Vec<f32>, AudioError> {
        let Some(resampler) = self.resampler.as_mut() else {
            return Ok(Vec::new());
        };
        let expected = (self.ratio * self.input_total as f64).ceil() as usize;
        let mut out = Vec::new();
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            out.extend(Self::run(resampler, &pending, Some(pending.len()))?);
        }
        let mut produced = self.output_total + out.len().saturating_sub(self.to_trim);
        while produced < expected {
            let more = Self::run(resampler, &[], Some(0))?;
            if more.is_empty() {
                break;
            }
            produced += more.len();
            out.extend(more);
        }
        let mut out = self.trimmed(out);
        out.truncate(expected.saturating_sub(self.output_total - out.len()));
        Ok(out)
    }

    /// One call of the resampler on `input` (`partial`: a last chunk of that length).
    fn run(
        resampler: &mut rubato::Fft<f32>,
        input: &[f32],
        partial: Option<usize>,
    ) -> Result<Vec<f32>, AudioError> {
        use rubato::audioadapter_buffers::direct::InterleavedSlice;
        use rubato::{Indexing, Resampler};
        let err = |e: &dyn std::fmt::Display| AudioError::Encode(format!("resampler: {e}"));
        let need = resampler.input_frames_next();
        let mut padded = input.to_vec();
        padded.resize(need.max(input.len()), 0.0);
        let buffer_in = InterleavedSlice::new(&padded, 1, padded.len()).map_err(|e| err(&e))?;
        let capacity = resampler.output_frames_max();
        let mut out = vec![0f32; capacity];
        let mut buffer_out =
            InterleavedSlice::new_mut(&mut out, 1, capacity).map_err(|e| err(&e))?;
        let indexing = Indexing {
            input_offset: 0,
            output_offset: 0,
            active_channels_mask: None,
            partial_len: partial,
        };
        let (_, written) = resampler
            .process_into_buffer(&buffer_in, &mut buffer_out, Some(&indexing))
            .map_err(|e| err(&e))?;
        out.truncate(written);
        Ok(out)
    }

    /// `out` less what is left of the start-up delay; counted.
    fn trimmed(&mut self, mut out: Vec<f32>) -> Vec<f32> {
        let drop = self.to_trim.min(out.len());
        self.to_trim -= drop;
        out.drain(..drop);
        self.output_total += out.len();
        out
    }
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
    fn encoding_piece_by_piece_gives_the_same_file() {
        let samples: Vec<f32> = (0..22050 * 3)
            .map(|i| 0.3 * (i as f32 * 0.05).sin() * (i as f32 * 0.0003).cos())
            .collect();
        for format in [Format::Mp3, Format::Opus, Format::Wav] {
            let whole = encode(&samples, 22050, format).unwrap();
            let mut out = std::io::Cursor::new(Vec::new());
            let mut encoder = Encoder::new(&mut out, 22050, format).unwrap();
            let mut rest = &samples[..];
            for size in [1, 700, 1023, 1024, 1025, 5000, 20_000].iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let take = (*size).min(rest.len());
                encoder.push(&rest[..take]).unwrap();
                rest = &rest[take..];
            }
            encoder.finish().unwrap();
            assert!(
                out.into_inner() == whole,
                "{format:?} differs when pushed in pieces"
            );
        }
    }

    #[test]
    fn the_stream_resampler_matches_resampling_at_once() {
        let samples: Vec<f32> = (0..22050 + 333)
            .map(|i| 0.3 * (i as f32 * 0.05).sin())
            .collect();
        let once = resample(&samples, 22050, 48_000).unwrap();
        let mut stream = StreamResampler::new(22050, 48_000).unwrap();
        let mut pieces = Vec::new();
        for piece in samples.chunks(777) {
            pieces.extend(stream.push(piece).unwrap());
        }
        pieces.extend(stream.finish().unwrap());
        assert_eq!(pieces.len(), once.len());
        let worst = pieces
            .iter()
            .zip(&once)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f32::max);
        assert!(worst < 1e-4, "{worst}");
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
