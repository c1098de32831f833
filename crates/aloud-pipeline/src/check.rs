//! The check stage wired into narration (`narrate --check`, the server's check after
//! publishing): what each utterance was meant to say, as `aloud-check` compares it;
//! retakes of the utterances heard badly; their hearings as the timings record them;
//! and the summary told to whoever narrated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use aloud_audio::timings::{SpeechCheck, SuspectWord};
use aloud_audio::Timings;
use aloud_check::{Checker, Hearing, MeantWord, SuspectKind};
use aloud_script::lexicon::Lexicon;
use aloud_script::{Script, ScriptOptions, Utterance};
use aloud_voice::Schedule;

use crate::{utterance_key, Narrator, Synthesized, UtteranceCache};

/// Takes after the first for an utterance heard badly, each at a pace this much off the
/// narration's (a voice without sampling noise says the same pace the same way).
pub const RETAKE_PACES: [f32; 2] = [0.97, 1.03];

/// The word groups of `u` as meant: as written, as the voice was told them, and, where
/// `plain` (the lexicon without the deployment's, publisher's and article's rules)
/// reads a common word otherwise, that plain reading. A word written in lower case is a
/// common word whose listeners expect it to sound like itself; a capitalized one may be
/// a name whose rule exists because the plain reading is wrong.
pub fn meant_words(u: &Utterance, plain: Option<&Lexicon>) -> Vec<MeantWord> {
    let chars: Vec<char> = u.text.chars().collect();
    let written_at = |start: usize, end: usize| -> String {
        let from = start.saturating_sub(u.span.start).min(chars.len());
        let to = end.saturating_sub(u.span.start).min(chars.len());
        chars[from..to.max(from)].iter().collect()
    };
    let plain_groups = plain.map(|lexicon| lexicon.speak_words(&u.text));
    u.words
        .iter()
        .map(|w| {
            let written = written_at(w.span.start, w.span.end);
            let plain = plain_groups.as_ref().and_then(|groups| {
                let (start, end) = (
                    w.span.start.saturating_sub(u.span.start),
                    w.span.end.saturating_sub(u.span.start),
                );
                let same = groups.iter().find(|g| g.start == start && g.end == end)?;
                let common = written.chars().next().is_some_and(char::is_lowercase);
                (common && same.spoken != w.spoken).then(|| same.spoken.clone())
            });
            MeantWord {
                written,
                spoken: w.spoken.clone(),
                plain,
            }
        })
        .collect()
}

/// What the recognizer heard of each utterance, in script order (`None`: not heard).
pub type Checks = Vec<Option<SpeechCheck>>;

/// A check of a narration's cached utterances ([`Narrator::check_cached`]).
#[derive(Debug, Clone)]
pub struct CheckPass {
    pub checks: Checks,
    /// Utterances whose cached take a better retake replaced.
    pub replaced: usize,
}

/// An utterance heard badly, and its best take so far.
pub(crate) struct Retake {
    pub(crate) index: usize,
    pub(crate) best: Synthesized,
    pub(crate) hearing: Hearing,
    pub(crate) takes: u32,
    /// A retake was heard word for word as the take before: no more takes.
    settled: bool,
    /// `best` is a retake, heard better than the first take.
    improved: bool,
    /// Which take `best` is (1 = the first).
    pub(crate) best_take: u32,
}

impl Retake {
    /// Utterance `index`'s first take, `said`, heard as `hearing`.
    pub(crate) fn first(index: usize, said: Synthesized, hearing: Hearing) -> Self {
        Self {
            index,
            best: said,
            hearing,
            takes: 1,
            settled: false,
            improved: false,
            best_take: 1,
        }
    }
}

impl Narrator {
    /// What `checker` hears of utterance `index` of `script` said as `said` (`None`
    /// where it cannot hear it: too short or too long).
    pub(crate) fn hear(
        &self,
        checker: &Checker,
        script: &Script,
        index: usize,
        said: &Synthesized,
    ) -> Option<Hearing> {
        let plain = ScriptOptions::default().lexicon;
        let meant = meant_words(&script.utterances[index], Some(&plain));
        checker
            .hear(
                self.voice(),
                &meant,
                &said.samples,
                self.voice().sample_rate(),
            )
            .ok()
    }

    /// Takes the utterances of `retakes` again, up to [`RETAKE_PACES`] times
    /// each, keeping each one's best take as `hear` judges it; one heard word for word
    /// as the take before is not taken again.
    pub(crate) fn retake(
        &self,
        script: &Script,
        speed: f32,
        retakes: &mut [Retake],
        hear: &dyn Fn(usize, &Synthesized) -> Option<Hearing>,
    ) -> crate::error::Result<()> {
        for pace in RETAKE_PACES {
            let again: Vec<usize> = (0..retakes.len())
                .filter(|&r| !retakes[r].settled && retakes[r].hearing.wants_retake())
                .collect();
            if again.is_empty() {
                break;
            }
            let texts: Vec<String> = again
                .iter()
                .map(|&r| script.utterances[retakes[r].index].spoken.clone())
                .collect();
            let speeds: Vec<f32> = again
                .iter()
                .map(|&r| {
                    let u = &script.utterances[retakes[r].index];
                    (speed * u.rate * pace).clamp(
                        *aloud_voice::SPEED_RANGE.start(),
                        *aloud_voice::SPEED_RANGE.end(),
                    )
                })
                .collect();
            self.pool
                .synthesize(&texts, &speeds, Schedule::Balanced, |j, out| {
                    let retake = &mut retakes[again[j]];
                    retake.takes += 1;
                    let said = Synthesized {
                        samples: out.samples,
                        words: out.words,
                    };
                    if let Some(hearing) = hear(retake.index, &said) {
                        if let Some(log) = &self.takes {
                            let spoken = &script.utterances[retake.index].spoken;
                            log.take(retake.index, spoken, retake.takes, &said.samples, &hearing);
                        }
                        // Heard the same again: the voice says it that way (or the
                        // recognizer hears it so); a third take would too.
                        retake.settled = hearing.heard == retake.hearing.heard;
                        if better(&hearing, &retake.hearing) {
                            retake.best = said;
                            retake.hearing = hearing;
                            retake.improved = true;
                            retake.best_take = retake.takes;
                        }
                    }
                })?;
        }
        Ok(())
    }

    /// Goes on with `check`, a check of `script` (said at `speed`) from the utterances
    /// `cache` holds: hears them one by one with `checker` until all are heard or
    /// `stop()` says to stop between two (`Ok(None)`: call again to go on), then takes
    /// those heard badly again like a checked narration does; a better take replaces
    /// the cached one. For a narration already published (the server checks after
    /// publishing, and stops when someone waits for speech): narrated again from the
    /// cache, it has the better takes.
    pub fn check_cached(
        &self,
        checker: &Checker,
        script: &Script,
        speed: f32,
        cache: &dyn UtteranceCache,
        check: &mut CachedCheck,
        stop: &dyn Fn() -> bool,
    ) -> crate::error::Result<Option<CheckPass>> {
        let voice = &self.voice().info.name;
        check.checks.resize(script.utterances.len(), None);
        while check.next < script.utterances.len() {
            if stop() {
                return Ok(None);
            }
            let index = check.next;
            check.next += 1;
            let u = &script.utterances[index];
            let key = utterance_key(voice, speed * u.rate, &u.spoken);
            let Some(said) = cache.get(&key).filter(|said| !said.samples.is_empty()) else {
                continue;
            };
            match self.hear(checker, script, index, &said) {
                Some(hearing) if hearing.wants_retake() => {
                    check.retakes.push(Retake::first(index, said, hearing))
                }
                hearing => check.checks[index] = hearing.map(|h| record(&h, 1)),
            }
        }
        let hear = |index: usize, said: &Synthesized| self.hear(checker, script, index, said);
        let mut retakes = std::mem::take(&mut check.retakes);
        self.retake(script, speed, &mut retakes, &hear)?;
        let mut checks = std::mem::take(&mut check.checks);
        let mut replaced = 0;
        for retake in retakes {
            if retake.improved {
                let u = &script.utterances[retake.index];
                cache.put(
                    &utterance_key(voice, speed * u.rate, &u.spoken),
                    &retake.best,
                );
                replaced += 1;
            }
            checks[retake.index] = Some(record(&retake.hearing, retake.takes));
        }
        Ok(Some(CheckPass { checks, replaced }))
    }
}

/// A check of a published narration under way ([`Narrator::check_cached`]): the next
/// utterance to hear, what was heard so far and the utterances to take again.
#[derive(Default)]
pub struct CachedCheck {
    next: usize,
    checks: Checks,
    retakes: Vec<Retake>,
}

impl CachedCheck {
    /// Utterances heard so far (or skipped: not in the cache).
    pub fn heard(&self) -> usize {
        self.next
    }
}

/// Whether `a` is a better take than `b`: heard closer, or as close with fewer
/// garbled words.
pub fn better(a: &Hearing, b: &Hearing) -> bool {
    let garbled = |h: &Hearing| {
        h.suspects
            .iter()
            .filter(|s| s.kind == SuspectKind::Unclear)
            .count()
    };
    (garbled(a), -a.score) < (garbled(b), -b.score)
}

/// A hearing as the timings keep it.
pub fn record(hearing: &Hearing, takes: u32) -> SpeechCheck {
    SpeechCheck {
        heard: hearing.heard.clone(),
        score: (hearing.score * 100.0).round() / 100.0,
        takes,
        suspects: hearing
            .suspects
            .iter()
            .map(|s| SuspectWord {
                word: s.word,
                text: s.written.clone(),
                heard: s.heard.clone(),
                kind: match s.kind {
                    SuspectKind::Unclear => "unclear",
                    SuspectKind::Rule => "rule",
                }
                .to_string(),
                said_ipa: s.said_ipa.clone(),
            })
            .collect(),
    }
}

/// What a checked narration's timings say, counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckSummary {
    /// Utterances heard (cached ones and those too long or short to hear are not).
    pub checked: usize,
    pub utterances: usize,
    /// Utterances taken more than once.
    pub retaken: usize,
    /// Of those, how many the kept take left heard well.
    pub fixed: usize,
    /// Suspect words, in order: written, heard, kind.
    pub suspects: Vec<(String, String, String)>,
}

impl CheckSummary {
    pub fn of(timings: &Timings) -> Self {
        let mut summary = CheckSummary {
            utterances: timings.utterances.len(),
            ..Default::default()
        };
        for check in timings.utterances.iter().filter_map(|u| u.check.as_ref()) {
            summary.checked += 1;
            let unclear = check.suspects.iter().any(|s| s.kind == "unclear");
            if check.takes > 1 {
                summary.retaken += 1;
                if !unclear && check.score >= aloud_check::RETAKE_BELOW {
                    summary.fixed += 1;
                }
            }
            for s in &check.suspects {
                summary
                    .suspects
                    .push((s.text.clone(), s.heard.clone(), s.kind.clone()));
            }
        }
        summary
    }

    /// "2 of 48 sentences retaken (1 fixed); 3 words may be mispronounced: "Kyiv"
    /// (heard "Keev"), …".
    pub fn describe(&self) -> String {
        let mut out = format!(
            "checked {} of {} sentences; {} retaken ({} fixed by a retake)",
            self.checked, self.utterances, self.retaken, self.fixed
        );
        if self.suspects.is_empty() {
            out.push_str("; every word heard as meant");
            return out;
        }
        let n = self.suspects.len();
        out.push_str(&format!(
            "; {n} word{} may be mispronounced: ",
            if n == 1 { "" } else { "s" }
        ));
        let listed: Vec<String> = self
            .suspects
            .iter()
            .take(12)
            .map(|(written, heard, kind)| {
                let heard = if heard.is_empty() {
                    "nothing".to_string()
                } else {
                    format!("{heard:?}")
                };
                let why = if kind == "rule" {
                    ", by a lexicon rule"
                } else {
                    ""
                };
                format!("{written:?} (heard {heard}{why})")
            })
            .collect();
        out.push_str(&listed.join(", "));
        if n > 12 {
            out.push_str(&format!(" and {} more (see the timings)", n - 12));
        }
        out
    }
}

/// Every take of the utterances a check questioned (retaken, or with suspect words),
/// written as WAV files with a `takes.json` index, for judging the check with another
/// recognizer (`narrate --check-takes DIR`, bench/check.sh).
pub struct TakeLog {
    dir: PathBuf,
    sample_rate: u32,
    utterances: Mutex<BTreeMap<usize, LoggedUtterance>>,
    failed: Mutex<Option<std::io::Error>>,
}

#[derive(serde::Serialize)]
struct LoggedUtterance {
    index: usize,
    spoken: String,
    takes: Vec<LoggedTake>,
    /// The take kept (1 = the first).
    kept: u32,
}

#[derive(serde::Serialize)]
struct LoggedTake {
    file: String,
    score: f32,
    heard: String,
}

impl TakeLog {
    /// A log writing into `dir` (created if missing) audio at `sample_rate`.
    pub fn new(dir: &Path, sample_rate: u32) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            sample_rate,
            utterances: Mutex::new(BTreeMap::new()),
            failed: Mutex::new(None),
        })
    }

    /// Writes take `take` of utterance `index` (`spoken`) and what was heard of it.
    pub fn take(&self, index: usize, spoken: &str, take: u32, samples: &[f32], hearing: &Hearing) {
        let file = format!("u{index:04}-take{take}.wav");
        let written = aloud_audio::encode(samples, self.sample_rate, aloud_audio::Format::Wav)
            .map_err(std::io::Error::other)
            .and_then(|bytes| std::fs::write(self.dir.join(&file), bytes));
        if let Err(e) = written {
            self.failed
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get_or_insert(e);
        }
        let mut utterances = self.utterances.lock().unwrap_or_else(|p| p.into_inner());
        let entry = utterances.entry(index).or_insert_with(|| LoggedUtterance {
            index,
            spoken: spoken.to_string(),
            takes: Vec::new(),
            kept: 1,
        });
        entry.takes.push(LoggedTake {
            file,
            score: (hearing.score * 100.0).round() / 100.0,
            heard: hearing.heard.clone(),
        });
    }

    /// Records which take of utterance `index` was kept.
    pub fn kept(&self, index: usize, take: u32) {
        if let Some(entry) = self
            .utterances
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get_mut(&index)
        {
            entry.kept = take;
        }
    }

    /// Writes `takes.json`; the first error met on the way, if any.
    pub fn finish(&self) -> crate::error::Result<()> {
        let fail = |source| crate::PipelineError::File {
            path: self.dir.clone(),
            source,
        };
        if let Some(e) = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(fail(e));
        }
        let utterances = self.utterances.lock().unwrap_or_else(|p| p.into_inner());
        let list: Vec<&LoggedUtterance> = utterances.values().collect();
        std::fs::write(
            self.dir.join("takes.json"),
            serde_json::to_vec_pretty(&list).expect("take logs serialize"),
        )
        .map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_script::lexicon::Scope;

    fn utterance(text: &str, lexicon: Lexicon) -> Utterance {
        let article = aloud_extract::Article::from_blocks(
            Default::default(),
            [(aloud_extract::BlockKind::Paragraph, text.to_string())],
        );
        let options = aloud_script::ScriptOptions {
            lexicon: std::sync::Arc::new(lexicon),
            ..Default::default()
        };
        aloud_script::build(&article, options).utterances.remove(0)
    }

    #[test]
    fn a_common_word_a_custom_rule_changed_carries_its_plain_reading() {
        let mut lexicon = Lexicon::built_in();
        lexicon
            .add_json(
                r#"{"rules": [{"word": "river", "ipa": "tˈeɪbəl"}, {"word": "Nguyen", "alias": "win"}]}"#,
                Scope::Article,
                "test",
            )
            .unwrap();
        let u = utterance("Nguyen said the river rose 3 feet.", lexicon);
        let meant = meant_words(&u, Some(&Lexicon::built_in()));
        let by_written = |w: &str| meant.iter().find(|m| m.written == w).unwrap().clone();
        assert_eq!(by_written("river").plain.as_deref(), Some("river"));
        assert!(by_written("river").spoken.contains('⟦'));
        // A capitalized name's rule is the editor's fix, not a slip.
        assert_eq!(by_written("Nguyen").plain, None);
        assert_eq!(by_written("Nguyen").spoken, "win");
        // Words no custom rule touched have none.
        assert_eq!(by_written("3").plain, None);
        assert_eq!(by_written("3").spoken, "three");
        // Without a plain lexicon to compare with, none at all.
        assert!(meant_words(&u, None).iter().all(|m| m.plain.is_none()));
    }

    #[test]
    fn the_better_take_has_fewer_garbled_words_then_the_higher_score() {
        let hearing = |score: f32, garbled: usize| Hearing {
            heard: String::new(),
            score,
            suspects: (0..garbled)
                .map(|i| aloud_check::Suspect {
                    word: i,
                    written: "w".into(),
                    heard: "x".into(),
                    error: 1.0,
                    kind: SuspectKind::Unclear,
                    said_ipa: String::new(),
                })
                .collect(),
        };
        assert!(better(&hearing(0.7, 0), &hearing(0.9, 1)));
        assert!(better(&hearing(0.9, 1), &hearing(0.8, 1)));
        assert!(!better(&hearing(0.8, 1), &hearing(0.8, 1)));
    }
}
