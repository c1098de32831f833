//! Helpers shared by the end-to-end tests: running the real `aloud` binary, decoding its
//! MP3 with a real decoder, and serving pages over loopback HTTP.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn aloud() -> Command {
    Command::new(env!("CARGO_BIN_EXE_aloud"))
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs `aloud ARGS` with `stdin` piped in.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = aloud()
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("aloud runs");
    if let Some(bytes) = stdin {
        // The child may exit before reading everything (e.g. oversized input).
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    child.wait_with_output().expect("aloud finishes")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Decodes an MP3 file to mono f32 samples with symphonia.
pub fn decode_mp3(path: &Path) -> (Vec<f32>, u32) {
    use symphonia::core::codecs::audio::AudioDecoderOptions;
    use symphonia::core::formats::probe::Hint;
    use symphonia::core::formats::{FormatOptions, TrackType};
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;

    let file = Box::new(std::fs::File::open(path).unwrap());
    let mss = MediaSourceStream::new(file, Default::default());
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .expect("a readable MP3");
    let track = format
        .default_track(TrackType::Audio)
        .expect("an audio track");
    let params = track
        .codec_params
        .as_ref()
        .unwrap()
        .audio()
        .unwrap()
        .clone();
    let rate = params.sample_rate.expect("a sample rate");
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&params, &AudioDecoderOptions::default())
        .unwrap();
    let mut samples = Vec::new();
    let mut buf: Vec<f32> = Vec::new();
    while let Some(packet) = format.next_packet().expect("packets decode") {
        if packet.track_id != track_id {
            continue;
        }
        let audio = decoder.decode(&packet).expect("frames decode");
        let channels = audio.spec().channels().count();
        assert_eq!(channels, 1, "narration is mono");
        buf.resize(audio.samples_interleaved(), 0.0);
        audio.copy_to_slice_interleaved(&mut buf);
        samples.extend_from_slice(&buf);
    }
    (samples, rate)
}

/// Reads an HTTP request up to the end of its headers.
pub fn read_request_head(stream: &mut impl Read) -> String {
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&request).into_owned()
}

/// Serves `routes` (path → (status, content type, body)) on a loopback port, for as
/// many requests as arrive, on a background thread. Returns the base URL.
pub fn serve(routes: Vec<(&'static str, u16, &'static str, Vec<u8>)>) -> String {
    serve_with_redirects(routes, vec![])
}

/// Like [`serve`], plus `redirects` (path → Location) answered with 302.
pub fn serve_with_redirects(
    routes: Vec<(&'static str, u16, &'static str, Vec<u8>)>,
    redirects: Vec<(&'static str, &'static str)>,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let line = read_request_head(&mut stream);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            if let Some((_, location)) = redirects.iter().find(|(p, _)| *p == path) {
                let head = format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                let _ = stream.write_all(head.as_bytes());
                continue;
            }
            let (status, ctype, body) = routes
                .iter()
                .find(|(p, ..)| *p == path)
                .map(|(_, s, c, b)| (*s, *c, b.clone()))
                .unwrap_or((404, "text/plain", b"not found".to_vec()));
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{addr}")
}
