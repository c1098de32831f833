//! Where the voice assets live: the data directory, the installed voices and the ONNX
//! Runtime library. `scripts/setup.sh` fills the directory from pinned packages; nothing
//! here downloads anything.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::VoiceError;

/// Version of the ONNX Runtime shared library the `ort` bindings are built against.
pub const ONNXRUNTIME_VERSION: &str = "1.31.1";

/// The voice used when none is named: fast (Piper), for the command line, the speech
/// endpoint and anything a listener waits on.
pub const DEFAULT_VOICE: &str = "en_US-joe-medium";

/// The server's default for articles, narrations prepared for publishers: Kokoro's
/// `af_heart`, which halves the recognizer's errors against Piper's voice on our
/// pages for about eight times the compute (README, "Voices").
pub const DEFAULT_NARRATION_VOICE: &str = "af_heart";

/// The data directory: `$ALOUD_DATA_DIR`, else `$XDG_DATA_HOME/aloud`, else
/// `~/.local/share/aloud`.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ALOUD_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir).join("aloud");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".local/share/aloud")
}

/// Path of `libonnxruntime.so` inside the data directory (or `$ORT_DYLIB_PATH`).
pub fn onnxruntime_library(data_dir: &Path) -> PathBuf {
    if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    data_dir
        .join("onnxruntime")
        .join(ONNXRUNTIME_VERSION)
        .join(format!("libonnxruntime.so.{ONNXRUNTIME_VERSION}"))
}

/// Where ONNX Runtime's optimized graphs of the voices are kept between runs (see
/// [`crate::piper::OptimizedModels`]); derived data, safe to delete.
pub fn optimized_models_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("cache").join("optimized")
}

/// The synthesis engine a voice runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Piper (VITS): one `.onnx` model and `.onnx.json` config per voice.
    Piper,
    /// Kokoro-82M: one shared model and vocabulary, one style pack per voice.
    Kokoro,
    /// espeak-ng's own formant voice: robotic but intelligible, the basic fallback for
    /// a language no neural voice speaks.
    Espeak,
}

impl Engine {
    /// For a stream: the most words the first utterance may hold, so that its audio
    /// starts soon, where the engine is slow to make it. On two cores Kokoro's first
    /// piece of a title's seven words took ~1.35 s from submission to the first audio
    /// byte (`bench/stream.sh`); four words (about a second of speech) bring it under a
    /// second. Fewer words gain little: Kokoro draws a short input out (one word is
    /// 1.5 s of audio, two 1.7 s, four 2.0 s; each took 0.72–0.90 s to make on two
    /// cores), so the cut is chosen for where a voice rests (`aloud_script::opening`:
    /// a comma, the subject's end before its verb, a phrase) more than for length.
    /// Piper and espeak-ng are fast enough for any opening sentence.
    pub fn stream_opening_words(self) -> Option<usize> {
        match self {
            Engine::Kokoro => Some(4),
            Engine::Piper | Engine::Espeak => None,
        }
    }

    /// Whether the engine times each word of what it says (from the phoneme durations
    /// its graph computes); espeak-ng's own voice keeps sentence timings.
    pub fn times_words(self) -> bool {
        match self {
            Engine::Piper | Engine::Kokoro => true,
            Engine::Espeak => false,
        }
    }
}

/// The languages espeak-ng's own voice reads when no neural voice is installed for
/// them: (espeak-ng voice, language). Each is listed as `espeak-<voice>`, quality
/// "basic".
const ESPEAK_LANGUAGES: &[(&str, &str)] = &[
    ("bg", "bg"),
    ("ca", "ca"),
    ("cs", "cs"),
    ("da", "da"),
    ("de", "de"),
    ("el", "el"),
    ("fi", "fi"),
    ("hi", "hi"),
    ("hr", "hr"),
    ("hu", "hu"),
    ("id", "id"),
    ("nb", "nb"),
    ("nl", "nl"),
    ("pl", "pl"),
    ("ro", "ro"),
    ("ru", "ru"),
    ("sk", "sk"),
    ("sv", "sv"),
    ("tr", "tr"),
    ("uk", "uk"),
    ("vi", "vi"),
];

/// The basic voices: espeak-ng's own, for [`ESPEAK_LANGUAGES`].
fn espeak_voices() -> Vec<VoiceInfo> {
    ESPEAK_LANGUAGES
        .iter()
        .map(|(voice, language)| VoiceInfo {
            name: format!("espeak-{voice}"),
            engine: Engine::Espeak,
            language: language.to_string(),
            gender: None,
            sample_rate: crate::espeak::ESPEAK_SAMPLE_RATE,
            quality: "basic".into(),
            model_path: PathBuf::new(),
            config_path: PathBuf::new(),
        })
        .collect()
}

/// An installed voice: a Piper `.onnx` model with its `.onnx.json` config, or a Kokoro
/// voice pack (`config_path`) over the shared Kokoro model (`model_path`).
#[derive(Debug, Clone, Serialize)]
pub struct VoiceInfo {
    pub name: String,
    pub engine: Engine,
    /// BCP 47-ish language code, e.g. `en_US`.
    pub language: String,
    /// "female" or "male" where known.
    pub gender: Option<String>,
    pub sample_rate: u32,
    pub quality: String,
    pub model_path: PathBuf,
    pub config_path: PathBuf,
}

/// The accent a voice of `language` speaks with, where its code names a region
/// ("en_US" → "American", "en_GB" → "British", "pt_BR" → "Brazilian").
pub fn accent(language: &str) -> Option<&'static str> {
    let region = language.split(['_', '-']).nth(1)?;
    Some(match region.to_ascii_uppercase().as_str() {
        "US" => "American",
        "GB" | "UK" => "British",
        "BR" => "Brazilian",
        "PT" => "European Portuguese",
        "ES" => "Castilian",
        "MX" => "Mexican",
        "FR" => "French",
        "CA" => "Canadian",
        "AU" => "Australian",
        "IN" => "Indian",
        _ => return None,
    })
}

/// Kokoro voice names start with a language letter and a gender letter ("af_heart":
/// US English, female). The languages aloud narrates with Kokoro.
const KOKORO_LANGUAGES: &[(char, &str)] = &[
    ('a', "en_US"),
    ('b', "en_GB"),
    ('e', "es"),
    ('f', "fr"),
    ('i', "it"),
    ('p', "pt_BR"),
];

/// The voice that reads a language when none is named: English by the default voice,
/// the others by a Kokoro voice of theirs.
const LANGUAGE_DEFAULTS: &[(&str, &str)] = &[
    ("en", DEFAULT_VOICE),
    ("es", "ef_dora"),
    ("fr", "ff_siwis"),
    ("it", "if_sara"),
    ("pt", "pf_dora"),
];

/// The primary language subtag, lower case: "en" of "en-GB", "pt" of "pt_BR" (and of
/// a name some pages give instead: "English").
pub fn primary_language(code: &str) -> String {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match primary.as_str() {
        "english" => "en".into(),
        _ => primary,
    }
}

/// Whether two language codes name the same language ("en-US" and "en_GB" do).
pub fn same_language(a: &str, b: &str) -> bool {
    primary_language(a) == primary_language(b)
}

/// The installed voice for an article in `language` (any form: "es", "es-ES",
/// "pt_BR"): its default in [`LANGUAGE_DEFAULTS`] if installed, else the first
/// installed neural voice of that language, else a basic one; `None` when no voice
/// speaks it.
pub fn voice_for_language<'a>(voices: &'a [VoiceInfo], language: &str) -> Option<&'a VoiceInfo> {
    let wanted = primary_language(language);
    let preferred = LANGUAGE_DEFAULTS
        .iter()
        .find(|(lang, _)| *lang == wanted)
        .and_then(|(_, name)| voices.iter().find(|v| v.name == *name));
    let of_language = |basic: bool| {
        voices.iter().find(|v| {
            primary_language(&v.language) == wanted && (v.engine == Engine::Espeak) == basic
        })
    };
    preferred
        .or_else(|| of_language(false))
        .or_else(|| of_language(true))
}

/// Lists the voices under `data_dir/voices` (Piper) and `data_dir/kokoro/voices`, and
/// espeak-ng's basic ones, sorted by name.
pub fn installed_voices(data_dir: &Path) -> Result<Vec<VoiceInfo>, VoiceError> {
    let mut voices = piper_voices(data_dir)?;
    if voices.is_empty() {
        return Ok(voices); // nothing installed: espeak-ng alone is not a setup
    }
    voices.extend(kokoro_voices(data_dir)?);
    voices.extend(espeak_voices());
    voices.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(voices)
}

/// The Kokoro voices whose packs are installed, for the languages in
/// [`KOKORO_LANGUAGES`]; none without the shared model and vocabulary.
fn kokoro_voices(data_dir: &Path) -> Result<Vec<VoiceInfo>, VoiceError> {
    let root = data_dir.join("kokoro");
    let model = root.join("kokoro-v1.0.int8.onnx");
    if !model.is_file() || !root.join("vocab.json").is_file() {
        return Ok(Vec::new());
    }
    let mut voices = Vec::new();
    for (name, path) in files_ending(&root.join("voices"), ".bin")? {
        let mut letters = name.chars();
        let (Some(lang), Some(gender), Some('_')) =
            (letters.next(), letters.next(), letters.next())
        else {
            continue;
        };
        let Some((_, language)) = KOKORO_LANGUAGES.iter().find(|(l, _)| *l == lang) else {
            continue;
        };
        voices.push(VoiceInfo {
            name,
            engine: Engine::Kokoro,
            language: language.to_string(),
            gender: match gender {
                'f' => Some("female".into()),
                'm' => Some("male".into()),
                _ => None,
            },
            sample_rate: crate::kokoro::KOKORO_SAMPLE_RATE,
            quality: "int8".into(),
            model_path: model.clone(),
            config_path: path,
        });
    }
    Ok(voices)
}

/// The files in `dir` whose names end with `suffix`, as (name without it, path); none
/// when `dir` does not exist.
fn files_ending(dir: &Path, suffix: &str) -> Result<Vec<(String, PathBuf)>, VoiceError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(VoiceError::Io(dir.to_path_buf(), e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| VoiceError::Io(dir.to_path_buf(), e))?
            .path();
        if let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(suffix))
        {
            files.push((name.to_string(), path));
        }
    }
    Ok(files)
}

/// The Piper voices under `data_dir/voices`.
fn piper_voices(data_dir: &Path) -> Result<Vec<VoiceInfo>, VoiceError> {
    let mut voices = Vec::new();
    for (name, path) in files_ending(&data_dir.join("voices"), ".onnx")? {
        let config_path = path.with_extension("onnx.json");
        if !config_path.is_file() {
            continue;
        }
        let config = crate::piper::PiperConfig::read(&config_path)?;
        voices.push(VoiceInfo {
            name,
            engine: Engine::Piper,
            language: config.language.code.clone(),
            gender: None,
            sample_rate: config.audio.sample_rate,
            quality: config.audio.quality.clone().unwrap_or_default(),
            model_path: path,
            config_path,
        });
    }
    Ok(voices)
}

/// Finds an installed voice by name, or says which voices exist.
pub fn find_voice(data_dir: &Path, name: &str) -> Result<VoiceInfo, VoiceError> {
    let voices = installed_voices(data_dir)?;
    if let Some(found) = voices.iter().find(|v| v.name == name) {
        return Ok(found.clone());
    }
    Err(VoiceError::UnknownVoice {
        name: name.to_string(),
        installed: voices
            .iter()
            .map(|v| v.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_finds_its_default_voice_or_another_of_its_voices() {
        let voice = |name: &str, language: &str| VoiceInfo {
            name: name.into(),
            engine: Engine::Kokoro,
            language: language.into(),
            gender: None,
            sample_rate: 24_000,
            quality: String::new(),
            model_path: PathBuf::new(),
            config_path: PathBuf::new(),
        };
        let voices = [
            voice("ef_dora", "es"),
            voice("em_alex", "es"),
            voice("pm_alex", "pt_BR"),
            voice(DEFAULT_VOICE, "en_US"),
        ];
        let name = |lang| voice_for_language(&voices, lang).map(|v| v.name.as_str());
        assert_eq!(name("es-ES"), Some("ef_dora"));
        assert_eq!(name("pt-PT"), Some("pm_alex"));
        assert_eq!(name("EN_gb"), Some(DEFAULT_VOICE));
        assert_eq!(name("de"), None);
        let mut with_basic = voices.to_vec();
        with_basic.extend(espeak_voices());
        let name = |lang| voice_for_language(&with_basic, lang).map(|v| v.name.as_str());
        assert_eq!(name("de-AT"), Some("espeak-de"));
        assert_eq!(name("es"), Some("ef_dora"));
        assert!(same_language("English", "en_US") && !same_language("es", "en"));
    }

    #[test]
    fn missing_voices_dir_lists_nothing() {
        let dir = std::env::temp_dir().join("aloud-no-such-dir-for-test");
        assert!(installed_voices(&dir).unwrap().is_empty());
        let err = find_voice(&dir, "nobody").unwrap_err();
        assert!(err.to_string().contains("nobody"));
    }
}
