//! Heteronyms in context: words spelled alike and said differently. espeak-ng already
//! decides many from the word before ("has read", "to record", "a live show"); these
//! rules add cues it misses and hand the voice the phonemes:
//!
//! - "read" after he/she/it/who, or in a sentence about the past (yesterday, ago,
//!   last…), is past tense /ɹɛd/ (the present would be "reads");
//! - "lead" before poisoning/pipes/paint…, or in "levels of lead", is the metal /lɛd/;
//! - "record", "present", "close" and "wind" are verbs after to/will/can/did/don't…
//!   (but "rose to record highs", "to record levels": the adjective),
//!   and as the first word of an imperative followed by a determiner ("Close the
//!   door."); "wind up/down" is the verb;
//! - the capital "A" is the letter /eɪ/, not the article /ɐ/ espeak-ng says, inside a
//!   spelled run or compound ("N-B-A", "C-I-A", "Type-A"), after "triple"/"double",
//!   and alone mid-sentence before a lower-case word or at a clause end ("Plan A is",
//!   "Class A shares", "vitamin A."). Mid-sentence the article is written "a"; a
//!   capital "A" before a capitalized word is left (a headline in title case).
//!
//! A word a lexicon rule already decided is left alone.

use crate::lexicon::{IPA_CLOSE, IPA_OPEN};
use crate::normalize::SpokenWords;

/// Words after which a verb follows in its base form.
const VERB_CUES: &[&str] = &[
    "to",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "may",
    "might",
    "did",
    "do",
    "does",
    "don't",
    "didn't",
    "doesn't",
    "won't",
    "can't",
    "cannot",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "please",
    "let's",
    "i'll",
    "we'll",
    "you'll",
    "they'll",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those", "it", "them", "up", "down",
];

const PAST_CUES: &[&str] = &[
    "yesterday",
    "ago",
    "last",
    "earlier",
    "previously",
    "formerly",
];

const METAL_CUES: &[&str] = &[
    "poisoning",
    "pipe",
    "pipes",
    "paint",
    "levels",
    "level",
    "contamination",
    "exposure",
    "service",
    "bullets",
    "shot",
    "acid",
    "ammunition",
    "crystal",
];

/// The word without surrounding punctuation, lowercased, and its trailing punctuation.
fn bare(spoken: &str) -> (String, &str) {
    let trimmed = spoken.trim_start_matches(|c: char| !c.is_alphanumeric());
    let core_end = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (trimmed[..core_end].to_lowercase(), &trimmed[core_end..])
}

/// Replaces heteronyms whose reading the context settles with their phonemes.
/// `decided[i]` marks groups a lexicon rule produced.
pub fn resolve(words: &mut [SpokenWords], decided: &[bool]) {
    let bares: Vec<String> = words.iter().map(|w| bare(&w.spoken).0).collect();
    let has = |cues: &[&str]| bares.iter().any(|b| cues.contains(&b.as_str()));
    let past_sentence = has(PAST_CUES);
    for i in 0..words.len() {
        if decided.get(i).copied().unwrap_or(false) {
            continue;
        }
        let prev = i.checked_sub(1).map(|j| bares[j].as_str()).unwrap_or("");
        let next = bares.get(i + 1).map(String::as_str).unwrap_or("");
        // A verb: after a cue, or opening an imperative ("Close the door.").
        let verb = VERB_CUES.contains(&prev) || (i == 0 && DETERMINERS.contains(&next));
        let ipa = match bares[i].as_str() {
            "read" if ["he", "she", "it", "who"].contains(&prev) => Some("ɹˈɛd"),
            "read" if past_sentence && !VERB_CUES.contains(&prev) => Some("ɹˈɛd"),
            "lead" if METAL_CUES.contains(&next) => Some("lˈɛd"),
            "lead" if prev == "of" && has(&["levels", "level", "traces", "amounts"]) => {
                Some("lˈɛd")
            }
            "record" if verb && !record_as_adjective(&bares, i) => Some("ɹᵻkˈoːɹd"),
            "present" if verb => Some("pɹɪzˈɛnt"),
            "close" if verb && next != "to" => Some("klˈoʊz"),
            "wind" if verb || next == "up" || next == "down" => Some("wˈaɪnd"),
            _ => None,
        };
        if let Some(ipa) = ipa {
            let trail = bare(&words[i].spoken).1.to_string();
            words[i].spoken = format!("{IPA_OPEN}{ipa}{IPA_CLOSE}{trail}");
        }
    }
    letter_a(words, decided);
}

/// "to record highs", "pushed prices to record levels": after "to", "record" is the
/// adjective (said as the noun) where "to" follows a verb of rising or falling, or
/// where a level follows.
fn record_as_adjective(bares: &[String], i: usize) -> bool {
    const LEVELS: &[&str] = &["high", "highs", "low", "lows", "level", "levels", "numbers"];
    const CHANGES: &[&str] = &[
        "rose",
        "rise",
        "rises",
        "rising",
        "risen",
        "climbed",
        "climb",
        "climbs",
        "climbing",
        "jumped",
        "jump",
        "jumps",
        "soared",
        "soar",
        "soars",
        "surged",
        "surge",
        "surges",
        "fell",
        "fall",
        "falls",
        "fallen",
        "dropped",
        "drop",
        "drops",
        "sank",
        "sink",
        "plunged",
        "plunge",
        "slumped",
        "slump",
        "grew",
        "grow",
        "grows",
        "increased",
        "increase",
        "pushed",
        "push",
        "pushes",
        "pushing",
        "sent",
        "send",
        "sends",
        "drove",
        "driven",
        "drive",
        "drives",
        "lifted",
        "lift",
        "lifts",
        "boosted",
        "boost",
        "boosts",
        "spiked",
        "spike",
        "spikes",
    ];
    let next = bares.get(i + 1).map(String::as_str).unwrap_or("");
    let before_to = i
        .checked_sub(2)
        .and_then(|j| bares.get(j))
        .map(String::as_str)
        .unwrap_or("");
    LEVELS.contains(&next) || CHANGES.contains(&before_to)
}

/// The letter A as espeak-ng should say it.
const LETTER_A: &str = "ˈeɪ";

/// Says the capital "A" as the letter where it is one (see the module comment).
fn letter_a(words: &mut [SpokenWords], decided: &[bool]) {
    // Every spoken word with its group, to see across groups.
    let mut flat: Vec<(usize, String)> = words
        .iter()
        .enumerate()
        .flat_map(|(g, w)| w.spoken.split(' ').map(move |s| (g, s.to_string())))
        .collect();
    let mut changed = vec![false; words.len()];
    for i in 0..flat.len() {
        let g = flat[i].0;
        if decided.get(g).copied().unwrap_or(false) || !flat[i].1.contains('A') {
            continue;
        }
        let prev = i.checked_sub(1).map_or("", |j| flat[j].1.as_str());
        let next = flat.get(i + 1).map_or("", |(_, w)| w.as_str());
        if let Some(letter) = letter_a_word(&flat[i].1, prev, next, i == 0) {
            flat[i].1 = letter;
            changed[g] = true;
        }
    }
    for (g, w) in words.iter_mut().enumerate().filter(|(g, _)| changed[*g]) {
        let said: Vec<&str> = flat
            .iter()
            .filter(|(fg, _)| *fg == g)
            .map(|(_, s)| s.as_str())
            .collect();
        w.spoken = said.join(" ");
    }
}

/// One spoken word with each letter "A" in it as phonemes, or `None` if it has none.
fn letter_a_word(word: &str, prev: &str, next: &str, first: bool) -> Option<String> {
    // The word without opening or closing punctuation, and a possessive "'s".
    let start = word.find(|c: char| c.is_alphanumeric())?;
    let end = word
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_alphanumeric())
        .map(|(i, c)| i + c.len_utf8())?;
    let (lead, core, trail) = (&word[..start], &word[start..end], &word[end..]);
    let (core, possessive) = match core.strip_suffix("'s").or(core.strip_suffix("’s")) {
        Some(c) => (c, true),
        None => (core, false),
    };
    let letter = |possessive: bool| {
        let z = if possessive { "z" } else { "" };
        format!("{IPA_OPEN}{LETTER_A}{z}{IPA_CLOSE}")
    };
    if core.contains('-') {
        let parts: Vec<&str> = core.split('-').collect();
        if !parts[1..].contains(&"A") {
            return None;
        }
        let last = parts.len() - 1;
        let spelled: Vec<String> = parts
            .iter()
            .enumerate()
            .map(|(n, p)| match *p {
                "A" if n > 0 => letter(possessive && n == last),
                p => p.to_string(),
            })
            .collect();
        // The possessive stays written when the last part is not the letter.
        let tail = if possessive && parts[last] != "A" {
            "'s"
        } else {
            ""
        };
        return Some(format!("{lead}{}{tail}{trail}", spelled.join("-")));
    }
    if core != "A" {
        return None;
    }
    let after_multiplier = ["triple", "double"].contains(&prev);
    let clause_start =
        first || prev.ends_with(['.', ':', ';', '!', '?', '"', '“', '—', '–']) || !lead.is_empty();
    let before_lower = next.is_empty()
        || next.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
        || trail.starts_with(['.', ',', ';', ':', '?', '!', ')']);
    (after_multiplier || (!clause_start && before_lower))
        .then(|| format!("{lead}{}{trail}", letter(possessive)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(sentence: &str) -> Vec<String> {
        let mut words = crate::normalize::normalize_words(sentence);
        let decided = vec![false; words.len()];
        resolve(&mut words, &decided);
        words.into_iter().map(|w| w.spoken).collect()
    }

    fn has(sentence: &str, ipa: &str) -> bool {
        said(sentence).iter().any(|w| w.contains(ipa))
    }

    #[test]
    fn settles_what_espeak_misses() {
        assert!(has("She read the report on Monday.", "⟦ɹˈɛd⟧"));
        assert!(has("I read the book yesterday.", "⟦ɹˈɛd⟧"));
        assert!(has("Lead poisoning is dangerous.", "⟦lˈɛd⟧"));
        assert!(has("Tests found high levels of lead.", "⟦lˈɛd⟧."));
        assert!(has("Record the show.", "⟦ɹᵻkˈoːɹd⟧"));
        assert!(has("The band plans to record an album.", "⟦ɹᵻkˈoːɹd⟧"));
        assert!(has("Close the door.", "⟦klˈoʊz⟧"));
        assert!(has("Wind the clock.", "⟦wˈaɪnd⟧"));
        assert!(has("Talks will wind down.", "⟦wˈaɪnd⟧"));
        assert!(has("They will present the award.", "⟦pɹɪzˈɛnt⟧"));
    }

    #[test]
    fn leaves_the_other_readings_to_espeak() {
        for sentence in [
            "I will read the book.",
            "They read every day.",
            "She took the lead.",
            "A new world record.",
            "Drought pushed the price of hay to record highs.",
            "Sales rose to record levels.",
            "Shares jumped to record territory.",
            "The race was close.",
            "It came close to a deal.",
            "The wind blew.",
            "The present day.",
        ] {
            assert!(
                said(sentence).iter().all(|w| !w.contains(IPA_OPEN)),
                "{sentence}: {:?}",
                said(sentence)
            );
        }
    }

    #[test]
    fn the_capital_a_is_the_letter_where_it_is_one() {
        for (sentence, letter) in [
            ("The NBA said so.", "N-B-⟦ˈeɪ⟧"),
            ("The CIA's chief left.", "C-I-⟦ˈeɪz⟧"),
            ("The NAACP filed suit.", "N-⟦ˈeɪ⟧-⟦ˈeɪ⟧-C-P"),
            ("The AAA rating held.", "triple ⟦ˈeɪ⟧"),
            ("Plan A is ready.", "⟦ˈeɪ⟧"),
            ("They hold Class A shares.", "⟦ˈeɪ⟧"),
            ("She takes vitamin A.", "⟦ˈeɪ⟧."),
            ("He is a Type-A person.", "Type-⟦ˈeɪ⟧"),
        ] {
            let words = said(sentence);
            assert!(
                words.iter().any(|w| w.contains(letter)),
                "{sentence}: {words:?}"
            );
        }
    }

    #[test]
    fn the_article_a_is_left_alone() {
        for sentence in [
            "A man walked in.",
            "He said: A plan is needed.",
            "Why A Good Plan Matters",
            "\"A deal,\" he said.",
            "The A-list star arrived.",
        ] {
            assert!(
                said(sentence).iter().all(|w| !w.contains(IPA_OPEN)),
                "{sentence}: {:?}",
                said(sentence)
            );
        }
    }

    #[test]
    fn lexicon_decisions_stand() {
        let mut words = crate::normalize::normalize_words("Record the show.");
        resolve(&mut words, &[true, false, false]);
        assert_eq!(words[0].spoken, "Record");
    }
}
