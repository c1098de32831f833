//! The pipeline stages wired together (source → extract → script → voice → audio), for
//! the command line and the server's workers.

pub mod check;
pub mod error;
pub mod voice_speed;
pub mod word_timing;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aloud_audio::{Clip, Narration, Timings};
use aloud_check::Checker;
use aloud_extract::{Article, Document, DocumentKind, Input};
use aloud_script::lexicon::{Lexicon, Scope};
use aloud_script::{Script, ScriptOptions};
use aloud_voice::{Schedule, SessionPlan, SynthesisPool, Voice, VoiceInfo, WordAudio};
pub use check::{CachedCheck, CheckPass};
use check::{Checks, Retake};
pub use error::PipelineError;

pub use aloud_audio::Format;

/// Reads `input` and turns it into an article and its script.
pub fn script_for(input: &Input, options: ScriptOptions) -> error::Result<(Article, Script)> {
    script_for_document(&aloud_extract::load(input)?, options)
}

/// Turns a loaded document into an article and its script.
pub fn script_for_document(
    document: &Document,
    options: ScriptOptions,
) -> error::Result<(Article, Script)> {
    if document.kind == DocumentKind::Ssml {
        let script = aloud_script::ssml::parse(&document.text, &options)?;
        if script.utterances.is_empty() {
            return Err(PipelineError::Empty("the SSML has nothing to read aloud"));
        }
        let article = Article::from_blocks(
            Default::default(),
            script
                .utterances
                .iter()
                .map(|u| (aloud_extract::BlockKind::Paragraph, u.text.clone())),
        );
        return Ok((article, script));
    }
    let article = aloud_extract::extract(document)?;
    let script = aloud_script::build(&article, options);
    if script.utterances.is_empty() {
        return Err(PipelineError::Empty(
            "the article has nothing to read aloud",
        ));
    }
    Ok((article, script))
}

/// The script for a short text said as it is (no article extraction): paragraphs at
/// blank lines. For auditions (`aloud say`) and the speech endpoint.
pub fn script_for_text(text: &str, options: ScriptOptions) -> error::Result<Script> {
    let paragraphs = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| (aloud_extract::BlockKind::Paragraph, p.to_string()))
        .collect::<Vec<_>>();
    let article = Article::from_blocks(Default::default(), paragraphs);
    let script = aloud_script::build(&article, options);
    if script.utterances.is_empty() {
        return Err(PipelineError::Empty("the text has nothing to say"));
    }
    Ok(script)
}

/// The longest narration made unless a caller sets its own limit: what the word limit
/// ([`aloud_extract::MAX_ARTICLE_WORDS`], ~18.5 h at the voice's pace) allows, plus
/// room for pauses.
pub const DEFAULT_MAX_AUDIO: Duration = Duration::from_secs(24 * 3600);

/// Refuses a script whose narration at `speed` would run longer than `max`
/// ([`Script::estimated_duration`]: words and pauses, SSML breaks included), before any
/// audio is made.
pub fn check_duration(script: &Script, speed: f32, max: Duration) -> error::Result<()> {
    let estimate = script.estimated_duration(speed);
    if estimate > max {
        return Err(PipelineError::TooLong {
            estimate: hours_minutes(estimate),
            limit: hours_minutes(max),
        });
    }
    Ok(())
}

/// "2 h 5 min", "40 min", "12 s".
pub fn hours_minutes(d: Duration) -> String {
    let secs = d.as_secs();
    match (secs / 3600, secs % 3600 / 60) {
        (0, 0) => format!("{secs} s"),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Where deployment and publisher lexicons live: `$ALOUD_LEXICON_DIR`, else
/// `lexicons/` in the data directory. Inside: `deployment.json` (or `.pls`) and
/// `publishers/<publisher>.json` (or `.pls`).
pub fn lexicon_dir() -> PathBuf {
    match std::env::var_os("ALOUD_LEXICON_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => aloud_voice::data_dir().join("lexicons"),
    }
}

/// The pronunciation rules for a narration: built-in, then the deployment's (from
/// `dir`), then the publisher's, then `article_files` (later scopes win).
pub fn load_lexicon(
    dir: &Path,
    publisher: Option<&str>,
    article_files: &[PathBuf],
) -> error::Result<Lexicon> {
    let mut lexicon = Lexicon::built_in();
    let add_first_found = |lexicon: &mut Lexicon, stem: PathBuf, scope: Scope| {
        for ext in ["json", "pls"] {
            let path = stem.with_extension(ext);
            if path.is_file() {
                return lexicon.add_file(&path, scope);
            }
        }
        Ok(())
    };
    add_first_found(&mut lexicon, dir.join("deployment"), Scope::Deployment)?;
    if let Some(publisher) = publisher {
        let safe = !publisher.is_empty()
            && publisher
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !publisher.starts_with('.');
        // A name that cannot be a file name has no lexicon file.
        if safe {
            add_first_found(
                &mut lexicon,
                dir.join("publishers").join(publisher),
                Scope::Publisher,
            )?;
        }
    }
    for file in article_files {
        lexicon.add_file(file, Scope::Article)?;
    }
    Ok(lexicon)
}

/// Progress of a narration, reported after each utterance is synthesized.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Seconds of audio synthesized so far.
    pub audio_secs: f64,
    /// Seconds since synthesis started.
    pub elapsed_secs: f64,
}

/// A loaded voice, ready to narrate any number of scripts; with a [`Checker`], each
/// utterance it makes is heard and taken again where it was heard badly.
pub struct Narrator {
    pool: SynthesisPool,
    checker: Option<Checker>,
    takes: Option<check::TakeLog>,
}

impl Narrator {
    /// Loads the voice `info` with the worker plan for this machine.
    pub fn load(info: VoiceInfo, data_dir: &Path, plan: SessionPlan) -> error::Result<Self> {
        let voice = Voice::load(info)?;
        let optimized = aloud_voice::OptimizedModels {
            dir: aloud_voice::optimized_models_dir(data_dir),
        };
        let library = aloud_voice::onnxruntime_library(data_dir);
        let pool = SynthesisPool::new(voice, &library, Some(&optimized), plan)?;
        Ok(Self {
            pool,
            checker: None,
            takes: None,
        })
    }

    /// Hears every utterance this narrator makes with `checker` ([`check`]).
    pub fn with_checker(mut self, checker: Checker) -> Self {
        self.checker = Some(checker);
        self
    }

    /// Keeps every take of the utterances the check questions in `log`.
    pub fn with_take_log(mut self, log: check::TakeLog) -> Self {
        self.takes = Some(log);
        self
    }

    pub fn voice(&self) -> &Voice {
        self.pool.voice()
    }

    /// Synthesizes every utterance (in parallel), then joins and normalizes the audio
    /// in memory; takes utterances already synthesized (same spoken text, voice and
    /// speed) from `cache` and stores the new ones there, so an edited
    /// article costs only its changed sentences. `schedule` is [`Schedule::InOrder`]
    /// where the cache is being streamed as it fills.
    pub fn narrate_cached(
        &self,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        schedule: Schedule,
        progress: impl FnMut(Progress),
    ) -> error::Result<(Narration, Timings, CacheStats)> {
        let (pcm, stats, checks) = self.synthesize(script, speed, cache, schedule, progress)?;
        let voice = self.voice();
        let (narration, mut timings) =
            finish(script, pcm, voice.sample_rate(), speed, &voice.info.name)?;
        attach_checks(&mut timings, checks);
        Ok((narration, timings, stats))
    }

    /// Synthesizes every utterance like [`Narrator::narrate_cached`], but keeps the
    /// audio on disk ([`aloud_audio::Spool`]) rather than in memory, measures its loudness there,
    /// and leaves the encoding to [`SpooledNarration::encode_to`]: memory stays bounded
    /// whatever the article's length (the session, the script and an index of the
    /// utterances).
    pub fn narrate_spooled(
        self,
        script: &Script,
        speed: f32,
        progress: impl FnMut(Progress),
    ) -> error::Result<(SpooledNarration, Timings)> {
        let voice = self.voice().info.name.clone();
        let (spool, _, checks) =
            self.spool(script, speed, &NoCache, Schedule::Balanced, progress)?;
        // The session's memory is released before the loudness passes.
        drop(self);
        let (narration, mut timings) = SpooledNarration::measure(script, speed, spool, &voice)?;
        attach_checks(&mut timings, checks);
        Ok((narration, timings))
    }

    /// [`Narrator::narrate_spooled`] through `cache` (as [`Narrator::narrate_cached`]),
    /// keeping the voice loaded.
    pub fn narrate_cached_spooled(
        &self,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        schedule: Schedule,
        progress: impl FnMut(Progress),
    ) -> error::Result<(SpooledNarration, Timings, CacheStats)> {
        let (spool, stats, checks) = self.spool(script, speed, cache, schedule, progress)?;
        let (narration, mut timings) =
            SpooledNarration::measure(script, speed, spool, &self.voice().info.name)?;
        attach_checks(&mut timings, checks);
        Ok((narration, timings, stats))
    }

    /// Every utterance's audio into a spool on disk as it is ready.
    fn spool(
        &self,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        schedule: Schedule,
        progress: impl FnMut(Progress),
    ) -> error::Result<(aloud_audio::Spool, CacheStats, Checks)> {
        let sample_rate = self.voice().sample_rate();
        let mut spool = aloud_audio::Spool::new(script.utterances.len(), sample_rate)?;
        let mut stored = Ok(());
        let (stats, checks) =
            self.synthesize_each(script, speed, cache, schedule, progress, |index, said| {
                if stored.is_ok() {
                    stored = spool.put(index, clip(&script.utterances[index], said));
                }
            })?;
        stored?;
        Ok((spool, stats, checks))
    }

    /// Every utterance's PCM, in script order: from `cache` where it has them, the rest
    /// synthesized (and stored there).
    fn synthesize(
        &self,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        schedule: Schedule,
        progress: impl FnMut(Progress),
    ) -> error::Result<(Vec<Synthesized>, CacheStats, Checks)> {
        let mut pcm: Vec<Synthesized> = vec![Synthesized::default(); script.utterances.len()];
        let (stats, checks) =
            self.synthesize_each(script, speed, cache, schedule, progress, |i, said| {
                pcm[i] = said;
            })?;
        Ok((pcm, stats, checks))
    }

    /// Each utterance's audio to `each(index, audio)` as it is ready (cached ones
    /// first, then in the order synthesis finishes them): from `cache` where it has
    /// them, the rest synthesized (and stored there). With a checker, each synthesized
    /// one is heard first; those heard badly wait for up to two retakes
    /// ([`check::RETAKE_PACES`]; no second where the first was heard word for word the
    /// same) and the best take goes on (and into the cache).
    fn synthesize_each(
        &self,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        schedule: Schedule,
        mut progress: impl FnMut(Progress),
        mut each: impl FnMut(usize, Synthesized),
    ) -> error::Result<(CacheStats, Checks)> {
        let sample_rate = self.voice().sample_rate();
        let keys: Vec<String> = script
            .utterances
            .iter()
            .map(|u| utterance_key(&self.voice().info.name, speed * u.rate, &u.spoken))
            .collect();
        let mut missing = Vec::new();
        let mut audio_samples: usize = 0;
        for (i, key) in keys.iter().enumerate() {
            match cache.get(key).filter(|said| !said.samples.is_empty()) {
                Some(said) => {
                    audio_samples += said.samples.len();
                    each(i, said);
                }
                None => missing.push(i),
            }
        }
        let speeds: Vec<f32> = missing
            .iter()
            .map(|&i| speed * script.utterances[i].rate)
            .collect();
        let texts: Vec<String> = missing
            .iter()
            .map(|&i| script.utterances[i].spoken.clone())
            .collect();
        let total = script.utterances.len();
        let started = Instant::now();
        let mut done = total - missing.len();
        let mut checks: Checks = vec![None; total];
        let hear = |index: usize, said: &Synthesized| -> Option<aloud_check::Hearing> {
            self.hear(self.checker.as_ref()?, script, index, said)
        };
        let mut retakes: Vec<Retake> = Vec::new();
        self.pool.synthesize(&texts, &speeds, schedule, |j, out| {
            let index = missing[j];
            done += 1;
            audio_samples += out.samples.len();
            let said = Synthesized {
                samples: out.samples,
                words: out.words,
            };
            let hearing = hear(index, &said);
            if let (Some(log), Some(hearing)) = (&self.takes, &hearing) {
                if hearing.wants_retake() || !hearing.suspects.is_empty() {
                    let spoken = &script.utterances[index].spoken;
                    log.take(index, spoken, 1, &said.samples, hearing);
                }
            }
            match hearing {
                Some(hearing) if hearing.wants_retake() => {
                    retakes.push(Retake::first(index, said, hearing))
                }
                hearing => {
                    checks[index] = hearing.map(|h| check::record(&h, 1));
                    cache.put(&keys[index], &said);
                    each(index, said);
                }
            }
            progress(Progress {
                done,
                total,
                audio_secs: audio_samples as f64 / sample_rate as f64,
                elapsed_secs: started.elapsed().as_secs_f64(),
            });
        })?;
        self.retake(script, speed, &mut retakes, &hear)?;
        for retake in retakes {
            if let Some(log) = &self.takes {
                log.kept(retake.index, retake.best_take);
            }
            checks[retake.index] = Some(check::record(&retake.hearing, retake.takes));
            cache.put(&keys[retake.index], &retake.best);
            each(retake.index, retake.best);
        }
        if let Some(log) = &self.takes {
            log.finish()?;
        }
        Ok((
            CacheStats {
                synthesized: missing.len(),
                cached: total - missing.len(),
            },
            checks,
        ))
    }
}

/// Puts each utterance's hearing into its timings.
fn attach_checks(timings: &mut Timings, checks: Checks) {
    for (timed, check) in timings.utterances.iter_mut().zip(checks) {
        timed.check = check;
    }
}

/// An utterance's audio as the audio stage takes it: its word groups timed where the
/// voice timed its words.
fn clip(u: &aloud_script::Utterance, said: Synthesized) -> Clip {
    Clip {
        words: said
            .words
            .as_deref()
            .map(|words| word_timing::group_samples(u, words))
            .unwrap_or_default(),
        samples: said.samples,
    }
}

/// A narration kept on disk ([`Narrator::narrate_spooled`]) with the gain and limiter
/// that bring it to the loudness target, ready to encode.
pub struct SpooledNarration {
    script: Script,
    spool: aloud_audio::Spool,
    speed: f32,
    gain: f32,
    threshold: f32,
    total: usize,
}

impl SpooledNarration {
    /// Times the spooled narration and finds the gain and limiter for its loudness.
    fn measure(
        script: &Script,
        speed: f32,
        spool: aloud_audio::Spool,
        voice: &str,
    ) -> error::Result<(Self, Timings)> {
        let sample_rate = spool.sample_rate();
        let (layout, total) = spool.layout(script, speed)?;
        let timings = Timings::from_layout(script, &layout, total, voice);
        let (gain, threshold, _, _) =
            aloud_audio::loudness::normalize_rendered(sample_rate, &|gain, threshold, sink| {
                spool.render(script, speed, gain, threshold, sink)
            })?;
        Ok((
            SpooledNarration {
                script: script.clone(),
                spool,
                speed,
                gain,
                threshold,
                total,
            },
            timings,
        ))
    }

    pub fn sample_rate(&self) -> u32 {
        self.spool.sample_rate()
    }

    pub fn duration_secs(&self) -> f64 {
        self.total as f64 / f64::from(self.sample_rate())
    }

    /// Encodes the narration into `out`, a piece at a time.
    pub fn encode_to<W: std::io::Write + std::io::Seek>(
        &self,
        out: W,
        format: Format,
    ) -> error::Result<()> {
        let mut encoder = aloud_audio::Encoder::new(out, self.sample_rate(), format)?;
        self.spool.render(
            &self.script,
            self.speed,
            self.gain,
            self.threshold,
            &mut |piece| encoder.push(piece),
        )?;
        encoder.finish()?;
        Ok(())
    }
}

/// Joins the utterances' PCM into the narration, normalizes its loudness and times it
/// (each word group too, where the voice timed its words).
fn finish(
    script: &Script,
    pcm: Vec<Synthesized>,
    sample_rate: u32,
    speed: f32,
    voice: &str,
) -> error::Result<(Narration, Timings)> {
    let clips = script
        .utterances
        .iter()
        .zip(pcm)
        .map(|(u, said)| clip(u, said))
        .collect();
    let mut narration = aloud_audio::assemble(script, clips, sample_rate, speed)?;
    aloud_audio::loudness::normalize(&mut narration.samples, sample_rate)?;
    let timings = Timings::new(script, &narration, voice);
    Ok((narration, timings))
}

/// One utterance as the voice said it: its audio and, where the voice timed them, its
/// words (positions in the spoken text, samples of the audio).
#[derive(Debug, Clone, Default)]
pub struct Synthesized {
    pub samples: Vec<f32>,
    pub words: Option<Vec<WordAudio>>,
}

/// Where synthesized utterances are kept between narrations. Implementations must be
/// safe to lose: a miss only costs synthesis.
pub trait UtteranceCache {
    fn get(&self, key: &str) -> Option<Synthesized>;
    fn put(&self, key: &str, said: &Synthesized);
}

/// No caching.
pub struct NoCache;

impl UtteranceCache for NoCache {
    fn get(&self, _: &str) -> Option<Synthesized> {
        None
    }
    fn put(&self, _: &str, _: &Synthesized) {}
}

/// An utterance's word timings as the cache keeps them beside its PCM: JSON, `null`
/// where the voice gave none.
pub fn words_to_bytes(words: Option<&[WordAudio]>) -> Vec<u8> {
    serde_json::to_vec(&words).expect("word timings serialize")
}

/// [`words_to_bytes`] read back; `None` (a miss) where the bytes are not such JSON.
pub fn words_from_bytes(bytes: &[u8]) -> Option<Option<Vec<WordAudio>>> {
    serde_json::from_slice(bytes).ok()
}

/// How many utterances of a narration were synthesized and how many came from cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub synthesized: usize,
    pub cached: usize,
}

/// The cache key of an utterance: voice, speed and the exact spoken text.
pub fn utterance_key(voice: &str, speed: f32, spoken: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [voice, &format!("{speed:.3}"), spoken] {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// PCM as 16-bit little-endian bytes (the cache's storage format) and back.
pub fn pcm_to_bytes(samples: &[f32]) -> Vec<u8> {
    samples
        .iter()
        .flat_map(|s| ((s.clamp(-1.0, 1.0) * 32767.0).round() as i16).to_le_bytes())
        .collect()
}

pub fn pcm_from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32767.0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_count_against_the_audio_limit() {
        // The audit's page: a short SSML body whose breaks alone make hours of audio.
        let mut ssml = String::from("<speak>");
        for n in 0..720 {
            ssml.push_str(&format!("<s>Word {n}.</s><break time=\"10s\"/>"));
        }
        ssml.push_str("</speak>");
        let document =
            aloud_extract::source::decode(ssml.as_bytes(), Some(DocumentKind::Ssml), None, None)
                .unwrap();
        let (_, script) = script_for_document(&document, ScriptOptions::default()).unwrap();
        assert!(script.word_count() < 4_000, "{} words", script.word_count());
        let hour = Duration::from_secs(3600);
        let err = check_duration(&script, 1.0, hour).unwrap_err().to_string();
        assert!(
            err.contains("about 2 h") && err.contains("1 h limit"),
            "{err}"
        );
        // Faster speech shortens the pauses too, but not under the limit here.
        assert!(check_duration(&script, 1.5, hour).is_err());
        assert!(check_duration(&script, 1.0, DEFAULT_MAX_AUDIO).is_ok());

        let text = script_for_text("A short sentence. And one more.", Default::default()).unwrap();
        assert!(check_duration(&text, 1.0, Duration::from_secs(10)).is_ok());
        assert!(check_duration(&text, 1.0, Duration::from_secs(1)).is_err());
    }

    #[test]
    fn hours_and_minutes() {
        assert_eq!(hours_minutes(Duration::from_secs(12)), "12 s");
        assert_eq!(hours_minutes(Duration::from_secs(40 * 60 + 5)), "40 min");
        assert_eq!(hours_minutes(Duration::from_secs(3600)), "1 h");
        assert_eq!(
            hours_minutes(Duration::from_secs(2 * 3600 + 5 * 60)),
            "2 h 5 min"
        );
    }

    #[test]
    fn script_and_voice_agree_on_the_phoneme_marks() {
        assert_eq!(aloud_script::lexicon::IPA_OPEN, aloud_voice::IPA_OPEN);
        assert_eq!(aloud_script::lexicon::IPA_CLOSE, aloud_voice::IPA_CLOSE);
    }

    #[test]
    fn lexicon_scopes_load_from_the_lexicon_dir() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("publishers")).unwrap();
        std::fs::write(
            dir.path().join("deployment.json"),
            r#"{"rules": [{"word": "Aoife", "alias": "ee fa"}, {"word": "Niamh", "alias": "neev"}]}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("publishers/courier.pls"),
            r#"<lexicon version="1.0" alphabet="ipa"><lexeme><grapheme>Niamh</grapheme><alias>nee av</alias></lexeme></lexicon>"#,
        )
        .unwrap();
        let article = dir.path().join("article.json");
        std::fs::write(
            &article,
            r#"{"rules": [{"word": "Aoife", "alias": "eefa"}]}"#,
        )
        .unwrap();

        let deployment = load_lexicon(dir.path(), None, &[]).unwrap();
        assert_eq!(deployment.speak("Aoife and Niamh"), "ee fa and neev");
        let publisher = load_lexicon(dir.path(), Some("courier"), &[]).unwrap();
        assert_eq!(publisher.speak("Aoife and Niamh"), "ee fa and nee av");
        let all = load_lexicon(dir.path(), Some("courier"), &[article]).unwrap();
        assert_eq!(all.speak("Aoife and Niamh"), "eefa and nee av");
        // No file for a publisher (or a name no file can have) is no rules.
        assert_eq!(
            load_lexicon(dir.path(), Some("other"), &[])
                .unwrap()
                .speak("Niamh"),
            "neev"
        );
        assert_eq!(
            load_lexicon(dir.path(), Some("../publishers/courier"), &[])
                .unwrap()
                .speak("Niamh"),
            "neev"
        );
        // A broken file is an error naming it.
        std::fs::write(dir.path().join("deployment.json"), "{").unwrap();
        let err = load_lexicon(dir.path(), None, &[]).unwrap_err().to_string();
        assert!(err.contains("deployment.json"), "{err}");
    }

    #[test]
    fn keys_depend_on_voice_speed_and_text() {
        let k = utterance_key("v", 1.0, "Hello.");
        assert_eq!(k, utterance_key("v", 1.0, "Hello."));
        assert_ne!(k, utterance_key("w", 1.0, "Hello."));
        assert_ne!(k, utterance_key("v", 1.25, "Hello."));
        assert_ne!(k, utterance_key("v", 1.0, "Hello!"));
    }

    #[test]
    fn pcm_round_trips_within_a_quantization_step() {
        let samples = [0.0, 0.5, -0.25, 1.0, -1.0];
        let back = pcm_from_bytes(&pcm_to_bytes(&samples));
        for (a, b) in samples.iter().zip(back) {
            assert!((a - b).abs() < 1.0 / 32767.0);
        }
    }
}

/// A file written in full or not at all: bytes go to a temporary file beside the
/// destination, which is renamed over it only on [`AtomicFile::commit`]. Created up
/// front, so an unwritable destination fails before any work is done.
pub struct AtomicFile {
    temp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl AtomicFile {
    pub fn create(path: &Path) -> error::Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if path.is_dir() {
            return Err(PipelineError::File {
                path: path.to_path_buf(),
                source: std::io::Error::other("it is a directory"),
            });
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|source| PipelineError::File {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Self {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// Writes `bytes` and renames the file into place.
    pub fn commit(mut self, bytes: &[u8]) -> error::Result<()> {
        use std::io::Write;
        let path = self.path.clone();
        self.temp
            .write_all(bytes)
            .map_err(|source| PipelineError::File { path, source })?;
        self.commit_written()
    }

    /// The temporary file, to write the content into piece by piece before
    /// [`AtomicFile::commit_written`].
    pub fn writer(&mut self) -> &mut std::fs::File {
        self.temp.as_file_mut()
    }

    /// Renames the file, as written through [`AtomicFile::writer`], into place.
    pub fn commit_written(self) -> error::Result<()> {
        let path = self.path.clone();
        let fail = |source: std::io::Error| PipelineError::File {
            path: path.clone(),
            source,
        };
        self.temp.as_file().sync_all().map_err(fail)?;
        // NamedTempFile creates files 0600; outputs are ordinary files.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ =
                std::fs::set_permissions(self.temp.path(), std::fs::Permissions::from_mode(0o644));
        }
        self.temp.persist(&self.path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}
