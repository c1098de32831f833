//! Text → IPA phonemes through libespeak-ng, the phonemizer Piper voices were trained on.
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
    fn espeak_TextToPhonemes(
        textptr: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
}

/// Which espeak-ng voice is selected; `None` until the library is initialized.
static ESPEAK: Mutex<Option<String>> = Mutex::new(None);

/// Phonemizes `text` with the espeak-ng voice `espeak_voice` (e.g. `en-us`).
///
/// Returns the IPA string with clause punctuation kept, clauses separated by a space,
/// in the form Piper's `phoneme_id_map` expects (before NFD decomposition).
pub fn phonemize(espeak_voice: &str, text: &str) -> Result<String, VoiceError> {
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
    fn unknown_voice_is_an_error() {
        assert!(phonemize("xx-nonexistent", "hello").is_err());
    }

    #[test]
    fn empty_text_gives_no_phonemes() {
        assert_eq!(phonemize("en-us", "  ").unwrap(), "");
    }
}
