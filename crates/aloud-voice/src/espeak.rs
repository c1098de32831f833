//! Text → IPA phonemes through libespeak-ng, the phonemizer Piper and Kokoro voices
//! were trained on; and espeak-ng's own formant voice ([`synthesize`]), the basic
//! fallback for languages no neural voice speaks.
//!
//! espeak-ng keeps global state and is not thread-safe, so every call goes through one
//! process-wide mutex. Phonemizing is a few hundred microseconds per sentence, far below
//! the cost of inference, so the lock is never the bottleneck.
//!
//! Debian's espeak-ng 1.51 lacks `espeak_TextToPhonemesWithTerminator` (1.52) and its
//! `espeak_TextToPhonemes` drops clause punctuation, so the text is split into clauses
//! here and each clause's terminator (`.` `,` `?` `!` `:` `;`) is appended to its
//! phonemes, as Piper's training data has them.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::sync::Mutex;

use crate::VoiceError;

const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const ESPEAK_CHARS_UTF8: c_int = 1;
const ESPEAK_PHONEMES_IPA: c_int = 0x02;
const ESPEAK_INITIALIZE_DONT_EXIT: c_int = 0x8000;

extern "C" {
    fn espeak_Initialize(
        output: c_int,
        buflength: c_int,
        path: *const c_char,
        options: c_int,
    ) -> c_int;
    fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
    fn espeak_SetSynthCallback(callback: SynthCallback);
    fn espeak_SetParameter(parameter: c_int, value: c_int, relative: c_int) -> c_int;
    fn espeak_Synth(
        text: *const c_void,
        size: usize,
        position: u32,
        position_type: c_int,
        end_position: u32,
        flags: u32,
        unique_identifier: *mut u32,
        user_data: *mut c_void,
    ) -> c_int;
    fn espeak_TextToPhonemes(
        textptr: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
}

type SynthCallback = unsafe extern "C" fn(*mut i16, c_int, *mut c_void) -> c_int;
const POS_CHARACTER: c_int = 1;
const ESPEAK_RATE: c_int = 1;
/// espeak-ng's own speaking rate, words per minute (its default).
const ESPEAK_DEFAULT_WPM: f32 = 175.0;

/// espeak-ng's output rate (what `espeak_Initialize` returns for its voices).
pub const ESPEAK_SAMPLE_RATE: u32 = 22_050;

/// Which espeak-ng voice is selected; `None` until the library is initialized.
static ESPEAK: Mutex<Option<String>> = Mutex::new(None);

/// Samples the synthesis callback receives; only written while [`ESPEAK`] is held.
static SYNTH_SAMPLES: Mutex<Vec<i16>> = Mutex::new(Vec::new());

/// Phonemizes `text` with the espeak-ng voice `espeak_voice` (e.g. `en-us`).
///
/// Returns the IPA string with clause punctuation kept, clauses separated by a space,
/// in the form Piper's `phoneme_id_map` expects (before NFD decomposition).
pub fn phonemize(espeak_voice: &str, text: &str) -> Result<String, VoiceError> {
    let _state = select(espeak_voice)?;
    let mut out = String::new();
    for (clause, terminator) in clauses(text) {
        let phonemes = clause_phonemes(&clause);
        if phonemes.is_empty() && terminator.is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&phonemes);
        if let Some(t) = terminator {
            out.push(t);
        }
    }
    Ok(out.trim().to_string())
}

/// Speaks `text` with espeak-ng's own voice for `espeak_voice` at `speed` (1.0 = its
/// default 175 words a minute): mono floats at [`ESPEAK_SAMPLE_RATE`].
pub fn synthesize(espeak_voice: &str, text: &str, speed: f32) -> Result<Vec<f32>, VoiceError> {
    let _state = select(espeak_voice)?;
    let input = CString::new(
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>(),
    )
    .expect("control characters removed");
    SYNTH_SAMPLES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    let wpm = (ESPEAK_DEFAULT_WPM * speed).round().clamp(80.0, 450.0) as c_int;
    let status = synth(&input, wpm, collect_samples);
    if status != 0 {
        return Err(VoiceError::Runtime(format!(
            "espeak-ng could not synthesize (error {status})"
        )));
    }
    let samples = std::mem::take(&mut *SYNTH_SAMPLES.lock().unwrap_or_else(|p| p.into_inner()));
    Ok(samples.iter().map(|&s| f32::from(s) / 32768.0).collect())
}

/// Where each word espeak-ng speaks starts in `text`, in characters from its start: one
/// position per IPA word group that [`phonemize`] gives for the same text (checked by
/// the caller, who falls back to the sentence where the counts differ). From the word
/// events of a synthesis whose audio is discarded (~3 ms a sentence): espeak-ng's
/// phoneme output carries no positions, and its events' `text_position` is reliable
/// (their `length` is not, so only starts are returned).
pub fn word_starts(espeak_voice: &str, text: &str) -> Result<Vec<usize>, VoiceError> {
    let _state = select(espeak_voice)?;
    // espeak-ng reports no event for a word right after an opening quotation mark; the
    // marks say nothing, so they become spaces (positions stay where they were).
    let chars: Vec<char> = text.chars().collect();
    let is_quote = |i: usize| {
        let letter = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match chars[i] {
            '"' | '“' | '”' | '„' | '«' | '»' | '‹' | '›' => true,
            // An apostrophe inside a word stays.
            '\'' | '‘' | '’' => !(letter(i.checked_sub(1)) && letter(Some(i + 1))),
            _ => false,
        }
    };
    let input = CString::new(
        (0..chars.len())
            .map(|i| {
                if chars[i].is_control() || is_quote(i) {
                    ' '
                } else {
                    chars[i]
                }
            })
            .collect::<String>(),
    )
    .expect("control characters removed");
    WORD_EVENTS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    let status = synth(&input, ESPEAK_DEFAULT_WPM as c_int, collect_word_events);
    if status != 0 {
        return Err(VoiceError::Runtime(format!(
            "espeak-ng could not read the text's words (error {status})"
        )));
    }
    let starts = std::mem::take(&mut *WORD_EVENTS.lock().unwrap_or_else(|p| p.into_inner()));
    // Positions count from 1.
    Ok(starts.into_iter().map(|p| p - 1).collect())
}

/// The word groups of an IPA string from [`phonemize`], as byte ranges: runs between
/// spaces without the clause punctuation that ends them (a pause, not the word's
/// sound), less any that are only punctuation.
pub fn ipa_word_groups(ipa: &str) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut start = None;
    for (i, c) in ipa.char_indices().chain(std::iter::once((ipa.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                // The clause's mark is a pause, not part of the word.
                let word = ipa[s..i].trim_end_matches(['.', ',', '?', '!', ':', ';']);
                if !word.is_empty() {
                    groups.push(s..s + word.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    groups
}

/// espeak-ng's event record (`espeak_EVENT` in speak_lib.h).
#[repr(C)]
struct EspeakEvent {
    kind: c_int,
    unique_identifier: u32,
    text_position: c_int,
    length: c_int,
    audio_position: c_int,
    sample: c_int,
    user_data: *mut c_void,
    id: [u8; 8],
}

const EVENT_LIST_TERMINATED: c_int = 0;
const EVENT_WORD: c_int = 1;

/// Text positions of the word events [`word_starts`] receives; only written while
/// [`ESPEAK`] is held.
static WORD_EVENTS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// The synthesis callback for [`word_starts`]: keeps word events' positions, drops the
/// audio; 0 means go on.
unsafe extern "C" fn collect_word_events(
    _wav: *mut i16,
    _count: c_int,
    events: *mut c_void,
) -> c_int {
    let mut event = events.cast::<EspeakEvent>();
    if event.is_null() {
        return 0;
    }
    let mut starts = WORD_EVENTS.lock().unwrap_or_else(|p| p.into_inner());
    // SAFETY: espeak-ng passes an array of events ended by one of type
    // `espeakEVENT_LIST_TERMINATED`.
    unsafe {
        while (*event).kind != EVENT_LIST_TERMINATED {
            // espeak-ng sometimes adds a word event of length 0 (at position 0 before a
            // text, or back inside it after the last word): it marks no word.
            let e = &*event;
            let after_last = starts
                .last()
                .is_none_or(|&last| e.text_position as usize > last);
            if e.kind == EVENT_WORD && e.text_position > 0 && e.length > 0 && after_last {
                starts.push(e.text_position as usize);
            }
            event = event.add(1);
        }
    }
    0
}

/// One synchronous synthesis of `input` at `wpm` words a minute, espeak-ng calling
/// `callback` with its audio and events; returns espeak-ng's status (0 is success).
/// The caller holds the library's lock ([`select`]).
fn synth(input: &CString, wpm: c_int, callback: SynthCallback) -> c_int {
    // SAFETY: the library is initialized and the caller holds its lock; `input` is
    // NUL-terminated and outlives the synchronous call, which runs the callback (that
    // only copies samples or event positions into a static) before it returns.
    unsafe {
        espeak_SetParameter(ESPEAK_RATE, wpm, 0);
        espeak_SetSynthCallback(callback);
        espeak_Synth(
            input.as_ptr().cast(),
            input.as_bytes_with_nul().len(),
            0,
            POS_CHARACTER,
            0,
            ESPEAK_CHARS_UTF8 as u32,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// espeak-ng's synthesis callback: appends the chunk; 0 means go on.
unsafe extern "C" fn collect_samples(wav: *mut i16, count: c_int, _events: *mut c_void) -> c_int {
    if !wav.is_null() && count > 0 {
        // SAFETY: espeak-ng passes `count` valid samples at `wav` for this call.
        let chunk = unsafe { std::slice::from_raw_parts(wav, count as usize) };
        SYNTH_SAMPLES
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(chunk);
    }
    0
}

/// Initializes espeak-ng once and selects `espeak_voice`; returns the held lock.
fn select(
    espeak_voice: &str,
) -> Result<std::sync::MutexGuard<'static, Option<String>>, VoiceError> {
    let mut state = ESPEAK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if state.is_none() {
        // SAFETY: called once, under the lock; a null path selects the installed data.
        let rate = unsafe {
            espeak_Initialize(
                AUDIO_OUTPUT_SYNCHRONOUS,
                0,
                std::ptr::null(),
                ESPEAK_INITIALIZE_DONT_EXIT,
            )
        };
        if rate <= 0 {
            return Err(VoiceError::Phonemizer(
                "espeak-ng failed to initialize (is espeak-ng-data installed?)".into(),
            ));
        }
        *state = Some(String::new());
    }
    if state.as_deref() != Some(espeak_voice) {
        let name = CString::new(espeak_voice)
            .map_err(|_| VoiceError::Phonemizer("voice name contains NUL".into()))?;
        // SAFETY: library initialized; `name` outlives the call.
        if unsafe { espeak_SetVoiceByName(name.as_ptr()) } != 0 {
            return Err(VoiceError::Phonemizer(format!(
                "espeak-ng has no voice {espeak_voice:?}"
            )));
        }
        *state = Some(espeak_voice.to_string());
    }
    Ok(state)
}

/// Splits text at clause punctuation followed by a space (or the end): the pieces with
/// their terminators. Piper's models were trained with these marks in the phonemes.
fn clauses(text: &str) -> Vec<(String, Option<char>)> {
    // Interior NULs and control characters cannot be passed to C; they carry no speech.
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let is_mark = matches!(chars[i], '.' | ',' | '?' | '!' | ':' | ';');
        let at_break = chars
            .get(i + 1)
            .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | ')'));
        if is_mark && at_break {
            out.push((chars[start..i].iter().collect(), Some(chars[i])));
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((chars[start..].iter().collect(), None));
    }
    out
}

/// Phonemes of one clause; espeak may still return it in several pieces.
fn clause_phonemes(clause: &str) -> String {
    let input = CString::new(clause).expect("control characters removed");
    let mut cursor: *const c_void = input.as_ptr().cast();
    let mut out = String::new();
    while !cursor.is_null() {
        // SAFETY: `cursor` points inside `input`, NUL-terminated; espeak advances it past
        // what it translated, or sets it to null at the end. The returned buffer is
        // espeak's own and valid until the next call, which happens after we copy it.
        let phonemes =
            unsafe { espeak_TextToPhonemes(&mut cursor, ESPEAK_CHARS_UTF8, ESPEAK_PHONEMES_IPA) };
        if phonemes.is_null() {
            break;
        }
        let piece = unsafe { CStr::from_ptr(phonemes) }.to_string_lossy();
        let piece = piece.trim();
        if !piece.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(piece);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phonemizes_english_with_clause_punctuation() {
        let ipa = phonemize("en-us", "This is a test, of sorts. Is it?").unwrap();
        assert!(ipa.contains("tˈɛst,"), "{ipa}");
        assert!(ipa.ends_with('?'), "{ipa}");
        assert!(ipa.contains('.'), "{ipa}");
    }

    #[test]
    fn espeak_ng_speaks_a_language_of_its_own_at_the_asked_speed() {
        let normal = synthesize("de", "Der Zug fährt um neun Uhr ab.", 1.0).unwrap();
        let seconds = normal.len() as f32 / ESPEAK_SAMPLE_RATE as f32;
        assert!((1.0..5.0).contains(&seconds), "{seconds} s");
        assert!(normal.iter().any(|s| s.abs() > 0.05), "silent");
        let fast = synthesize("de", "Der Zug fährt um neun Uhr ab.", 2.0).unwrap();
        assert!(
            fast.len() * 4 < normal.len() * 3,
            "{} vs {}",
            fast.len(),
            normal.len()
        );
        // Phonemizing still works after synthesis (same library, same lock).
        assert!(!phonemize("en-us", "hello").unwrap().is_empty());
    }

    #[test]
    fn word_starts_match_the_phonemized_word_groups() {
        for text in [
            "This is a test, of sorts. Is it?",
            "The café's owner paid two point five billion dollars in twenty twenty-four.",
            "He said \"no\", then left; the U N met at nine a m. (Really.)",
            "Mayer said, and “patched” the software; ‘We’ aren’t “done”.",
            "Twenty-one well-known people came in the end.",
            "During the storms of twenty nineteen, the river rose two point four meters in a single night, and about three hundred homes were damaged.",
        ] {
            let starts = word_starts("en-us", text).unwrap();
            let ipa = phonemize("en-us", text).unwrap();
            let groups = ipa_word_groups(&ipa).len();
            assert_eq!(starts.len(), groups, "{text:?} → {ipa:?}: {starts:?}");
            assert_eq!(starts[0], 0, "{text}");
            assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
            let chars: Vec<char> = text.chars().collect();
            for &s in &starts {
                assert!(chars[s].is_alphanumeric(), "{text:?} at {s}: {:?}", chars[s]);
            }
        }
    }

    #[test]
    fn word_groups_leave_out_clause_marks() {
        let ipa = "ðɪs ɪz, ɐ tˈɛst. ? ʌv";
        let groups: Vec<&str> = ipa_word_groups(ipa).into_iter().map(|r| &ipa[r]).collect();
        assert_eq!(groups, ["ðɪs", "ɪz", "ɐ", "tˈɛst", "ʌv"]);
        assert!(ipa_word_groups(" . ").is_empty());
    }

    #[test]
    fn unknown_voice_is_an_error() {
        assert!(phonemize("xx-nonexistent", "hello").is_err());
    }

    #[test]
    fn empty_text_gives_no_phonemes() {
        assert_eq!(phonemize("en-us", "  ").unwrap(), "");
    }
}
