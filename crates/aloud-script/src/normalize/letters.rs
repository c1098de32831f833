//! Letters and codes: dotted initialisms ("U.S." → "US"), letters with digits ("F-35",
//! "COVID-19", "H5N1"), slashed codes ("31/31/100") and symbols inside junk tokens.

use super::cardinal::{model_number, number_with_suffix};
use super::rules::{one, Context, Said};
use super::table::table;
use super::token::{is_dotted_degree, is_dotted_initialism};
use crate::numbers::{cardinal, digits, year};

table!(
    /// Acronyms said as words ("NATO"), in capitals.
    acronyms,
    "acronyms.tsv"
);
table!(
    /// Everyday words that may be written in capitals ("NOT", "LIVE").
    words_in_capitals,
    "words-in-capitals.tsv"
);

/// Capital letters said one by one, in the form espeak-ng spells: three or more joined
/// by hyphens ("A-T-F": joined, espeak-ng reads any run it can pronounce as a word,
/// "ATF" as "atf", "GOP" as "gop"; spaced, it reads letters as words, "A" as the
/// article). Two stay joined ("US", "AI", "TV"): espeak-ng spells two capitals. A
/// letter written three times over is "triple" ("AAA" → "triple A"); one written twice
/// is said twice ("HTTP", "AARP"), as most are, even though a few ("NAACP") are
/// customarily said with "double".
pub(super) fn spell(letters: &str) -> String {
    if letters.chars().count() <= 2 {
        return letters.to_string();
    }
    let chars: Vec<char> = letters.chars().collect();

    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| c == chars[i]).count();
        if run == 3 {
            parts.push(format!("triple {}", chars[i]));
            i += 3;
        } else {
            parts.push(chars[i].to_string());
            i += 1;
        }
    }
    parts.join("-")
}

/// "U.S." → "U-S", "U.N." → "U-N", "U.K.'s" → "U-K's".
pub(super) fn dotted_initialism(c: &Context) -> Option<Said> {
    let core = c.core();
    let (letters, suffix) = ["'s", "’s"]
        .iter()
        .find_map(|s| core.strip_suffix(s).map(|l| (l, *s)))
        .unwrap_or((core, ""));
    Some((format!("{}{suffix}", spell_dotted(letters)?), 1))
}

/// "U.S." or "U.S" (its last stop taken as punctuation) → "U-S"; a degree written
/// with pieces of one or two letters, "Ph.D." or "Ed.D.", is spelled the same way
/// ("P-H-D").
fn spell_dotted(word: &str) -> Option<String> {
    if !(is_dotted_initialism(word)
        || is_dotted_initialism(&format!("{word}."))
        || is_dotted_degree(word))
    {
        return None;
    }
    Some(spell(&word.split('.').collect::<String>().to_uppercase()))
}

/// Hyphenated words with an abbreviation or initialism inside: "then-Gov." →
/// "then-Governor", "U.S.-backed" → "U-S-backed", "non-U.S." → "non-U-S".
pub(super) fn abbreviation_in_compound(c: &Context) -> Option<Said> {
    let core = c.core();
    if !core.contains('-') || core.starts_with('-') || core.ends_with('-') {
        return None;
    }
    let mut changed = false;
    let mut parts = Vec::new();
    for part in core.split('-') {
        let said = super::table::lookup(super::abbreviation::abbreviations(), part)
            .filter(|_| part.ends_with('.'))
            .map(str::to_string)
            .or_else(|| spell_dotted(part));
        match said {
            Some(words) => {
                changed = true;
                parts.push(words);
            }
            None if part
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’') =>
            {
                parts.push(part.to_string())
            }
            None => return None,
        }
    }
    changed.then(|| (parts.join("-"), 1))
}

/// An everyday word that may be written in capitals ("NOT", "NO").
pub(super) fn is_word_in_capitals(word: &str) -> bool {
    words_in_capitals().iter().any(|r| r[0] == word)
}

/// A listed acronym as the word it is said as ("NATO" → "Nato").
fn acronym_word(letters: &str) -> Option<String> {
    acronyms()
        .iter()
        .any(|r| r[0] == letters)
        .then(|| letters[..1].to_string() + &letters[1..].to_lowercase())
}

fn all_capitals(word: &str) -> bool {
    word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase())
}

/// A run of two to five capitals in mixed-case text: an acronym on the list is said as
/// a word ("NATO" → "Nato"); an everyday word in capitals is left as it is; any other
/// is an initialism, spelled ("ATF" → "A-T-F", "CEOs" → "C-E-O's", "AAA" → "triple
/// A"). Capitals beside other capitals (a headline or label set in capitals) and
/// five-letter runs with two vowel groups ("ASEAN"-like words) are left to the voice.
pub(super) fn letter_run(c: &Context) -> Option<Said> {
    let core = c.core();
    let (letters, suffix) = match core
        .strip_suffix("'s")
        .map(|l| (l, "'s"))
        .or_else(|| core.strip_suffix("’s").map(|l| (l, "’s")))
    {
        Some(split) => split,
        None => match core.strip_suffix('s') {
            Some(l) if all_capitals(l) && l.len() >= 2 => (l, "'s"),
            _ => (core, ""),
        },
    };
    if !all_capitals(letters) || letters.len() > 5 {
        return None;
    }
    if let Some(word) = acronym_word(letters) {
        let suffix = if suffix == "'s" && !core.contains('\'') {
            "s"
        } else {
            suffix
        };
        return Some((format!("{word}{suffix}"), 1));
    }
    // A neighbour that is a word set in capitals (a shouted headline or label, "FBI
    // RAIDS HOME", "THE HOME DEPOT INC."), not another initialism ("NBA MVP", "HTML
    // APIs": both spelled).
    let in_capitals = |t: Option<&super::token::Token>| {
        t.is_some_and(|t| {
            let word = t
                .core
                .trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '’', 's']);
            all_capitals(word)
                && (word.len() >= 6 || is_word_in_capitals(word) || word_shaped(word))
        })
    };
    let (prev, next) = (
        c.prev().filter(|_| c.prev_clean()),
        c.next().filter(|_| c.next_clean()),
    );

    if is_dateline_place(c, letters) {
        return Some((
            format!("{}{}", &letters[..1], letters[1..].to_lowercase()),
            1,
        ));
    }
    if is_word_in_capitals(letters)
        || in_capitals(prev)
        || in_capitals(next)
        || word_shaped(letters)
    {
        return None;
    }
    Some((format!("{}{suffix}", spell(letters)), 1))
}

/// A place in capitals opening a dateline ("SEOUL, South Korea (AP) — …", "PARIS —
/// …", "DUBAI (Reuters) - …"): the sentence's first word, with a vowel, then a lone
/// dash within a few words or an agency in brackets. Said as the name it is, not
/// spelled ("FBI agents said — …" does not open with a comma or bracket after it).
fn is_dateline_place(c: &Context, letters: &str) -> bool {
    let opens = c.behind.is_empty() && letters.len() >= 3;
    let has_vowel = letters.chars().any(|ch| "AEIOUY".contains(ch));
    let is_dash = |t: &super::token::Token| matches!(t.core.as_str(), "—" | "–" | "-" | "--");
    let marked = c.t.trail.starts_with(',')
        || c.next()
            .is_some_and(|n| n.lead.starts_with('(') || is_dash(n));
    let dash_soon = c
        .ahead
        .iter()
        .take(8)
        .any(|t| is_dash(t) || t.trail.contains('—'));
    opens && has_vowel && marked && dash_soon
}

/// A name set in capitals as a speaker's label in a transcript or an interview ("BILL
/// KIRBY: Swimming needs…", "MORRISON: We will…"): said as a name, not spelled. The
/// label opens its sentence and ends with a colon within four words; each of its words
/// has a vowel, and a label of one word has at least four letters ("FBI:" stays
/// spelled); listed acronyms are left to their rule.
pub(super) fn speaker_label(c: &Context) -> Option<Said> {
    let caps_word = |core: &str| all_capitals(core) && core.chars().any(|ch| "AEIOUY".contains(ch));
    let core = c.core();
    if !caps_word(core) || acronym_word(core).is_some() {
        return None;
    }
    // This word and the words after it, up to the colon.
    let mut words = 1;
    let mut last = c.t;
    for t in c.ahead.iter().take(3) {
        if !last.trail.is_empty() {
            break;
        }
        if !t.lead.is_empty() || !caps_word(&t.core) {
            return None;
        }
        words += 1;
        last = t;
    }
    if !last.trail.starts_with(':') {
        return None;
    }
    // It opens its sentence, or follows the label's earlier words.
    let opens = c.prev().is_none_or(|p| {
        p.trail.ends_with(['.', '!', '?']) || caps_word(&p.core) && p.trail.is_empty()
    });
    let label = words > 1 || c.prev().is_some_and(|p| caps_word(&p.core)) || core.len() >= 4;
    (opens && label).then(|| (core[..1].to_string() + &core[1..].to_lowercase(), 1))
}

/// Five capitals with two vowel groups ("ASEAN", "DEPOT"): more likely a word than
/// an initialism.
fn word_shaped(letters: &str) -> bool {
    let vowel_groups = letters
        .split(|c: char| !"AEIOU".contains(c))
        .filter(|g| !g.is_empty())
        .count();
    letters.len() == 5 && vowel_groups > 1
}

/// A run of letters seen without context (inside a code or identifier, "HTTP" of
/// "HTTP/1.1"): listed acronyms as words, other runs of three to five capitals spelled,
/// anything else as written.
pub(super) fn capital_run_alone(run: &str) -> String {
    if !all_capitals(run) || run.len() > 5 || is_word_in_capitals(run) {
        return run.to_string();
    }
    if let Some(word) = acronym_word(run) {
        return word;
    }
    spell(run)
}

/// Letters and digits together ("F-35", "5G", "COVID-19", "H5N1", "A380", "R2-D2"):
/// letters as written, numbers read by length.
pub(super) fn alphanumeric(core: &str) -> Option<String> {
    if !core.chars().any(|c| c.is_ascii_digit())
        || !core.chars().any(char::is_alphabetic)
        || !core.chars().all(|c| c.is_alphanumeric() || c == '-')
        || core.starts_with('-')
        || core.ends_with('-')
    {
        return None;
    }
    let mut words = Vec::new();
    for group in core.split('-') {
        // "3rd-party", "the under-16s", "49ers": a number with a word ending.
        let split = group
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(group.len());
        let (number_part, ending) = group.split_at(split);
        // Alone, "16s" may be seconds: a plural number only inside a compound.
        let plural_alone = ending == "s" && !core.contains('-');
        if let Some(said) = number_with_suffix(number_part, ending).filter(|_| !plural_alone) {
            words.push(said);
            continue;
        }
        let chars: Vec<char> = group.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let digit = chars[i].is_ascii_digit();
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() == digit {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if !digit {
                // "FY2025", "FY25": a fiscal year, as newsreaders say it.
                let fiscal = run == "FY" && i < chars.len();
                words.push(if fiscal { "fiscal year".into() } else { run });
                continue;
            }
            let spelled = || digits(&run);
            words.push(match run.len() {
                _ if run.len() > 1 && run.starts_with('0') => spelled(),
                1 | 2 => cardinal(run.parse().ok()?),
                3 => model_number(&run).unwrap_or_else(|| cardinal(run.parse().unwrap_or(0))),
                // A year after letters: "FY2025", "Euro2024".
                4 if start > 0 && (1900..2100).contains(&run.parse::<u64>().ok()?) => {
                    year(run.parse().ok()?)
                }
                4 if run.ends_with("00") => cardinal(run.parse().ok()?),
                4 => spelled(),
                _ => spelled(),
            });
        }
    }
    Some(words.join(" "))
}

/// Names of symbols read inside codes and junk tokens.
pub(super) fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '#' => "hash",
        '$' => "dollar",
        '@' => "at",
        '%' => "percent",
        '*' => "asterisk",
        '+' => "plus",
        '&' => "and",
        '=' => "equals",
        '€' => "euro",
        '£' => "pound",
        '¥' => "yen",
        '₩' => "won",
        '/' => "slash",
        _ => return None,
    })
}

/// A token of letters, digits and symbols no other rule read ("f++", "#mytext#",
/// "$12@12%", "$"): runs of letters as written, numbers read, symbols named.
pub(super) fn symbols_spelled(core: &str) -> Option<String> {
    if !core.chars().any(|c| symbol_name(c).is_some())
        || !core
            .chars()
            .all(|c| c.is_alphanumeric() || symbol_name(c).is_some())
    {
        return None;
    }
    // Numbers over numbers are fractions or dates, not codes.
    if core.contains('/')
        && core
            .split('/')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let chars: Vec<char> = core.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(name) = symbol_name(chars[i]) {
            words.push(name.to_string());
            i += 1;
            continue;
        }
        let digit = chars[i].is_ascii_digit();
        let start = i;
        while i < chars.len()
            && symbol_name(chars[i]).is_none()
            && chars[i].is_ascii_digit() == digit
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        words.push(if digit {
            if run.len() <= 3 {
                cardinal(run.parse().ok()?)
            } else {
                digits(&run)
            }
        } else {
            run
        });
    }
    Some(words.join(" "))
}

/// Codes built with slashes ("31/31/100", "123/261788/2021", "MIG-25/235212-asdg"):
/// each piece read; no "/" is left for the voice to guess at.
pub(super) fn slashed_code(core: &str) -> Option<String> {
    if !core.contains('/')
        || !core.chars().any(|c| c.is_ascii_digit())
        || !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        || core.split('/').any(str::is_empty)
    {
        return None;
    }
    let piece = |p: &str| -> Option<String> {
        if p.is_empty() {
            return Some(String::new());
        }
        if p.chars().all(|c| c.is_ascii_digit()) {
            return Some(match p.len() {
                1..=4 => cardinal(p.parse().ok()?),
                _ => digits(p),
            });
        }
        if p.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some(p.to_string());
        }
        alphanumeric(p)
    };
    let mut parts = Vec::new();
    for slashed in core.split('/') {
        let pieces: Option<Vec<String>> = slashed.split('-').map(piece).collect();
        parts.push(pieces?.join("-"));
    }
    // Numbers over numbers ("20/20", "74/60") are said without the slash, as a
    // newsreader says "twenty-four seven"; a code with letters says it.
    let numbers_only = core
        .chars()
        .all(|c| c.is_ascii_digit() || c == '/' || c == '-');
    Some(parts.join(if numbers_only { " " } else { " slash " }))
}

/// An initialism with a small word inside it, "BoE" (Bank of England), "MoD", "DfE",
/// "TfL", "DoJ", "IoT", "PhD": said letter by letter ("B-O-E"), as espeak-ng would
/// otherwise say "bow", "mod". Three or four letters, a capital first and last, the
/// small letter of "of", "for", "versus" or "PhD" second; possessive and plural too
/// ("MoD's", "PhDs").
pub(super) fn mixed_case_initialism(c: &Context) -> Option<Said> {
    let core = c.core();
    let (stem, tail) = ["'s", "’s", "s"]
        .iter()
        .find_map(|t| core.strip_suffix(t).map(|stem| (stem, *t)))
        .filter(|(stem, _)| shaped_like_initialism(stem))
        .unwrap_or((core, ""));
    if !shaped_like_initialism(stem) {
        return None;
    }
    let letters = spell_each(&stem.to_uppercase());
    Some((format!("{letters}{tail}"), 1))
}

fn shaped_like_initialism(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    (3..=4).contains(&chars.len())
        && chars.iter().all(char::is_ascii_alphabetic)
        && chars[0].is_ascii_uppercase()
        // The small word's letter: "of" (BoE, MoD), "for" (DfE, TfL), "versus" (PvP),
        // "PhD"; not a chemical formula ("GaN") or "MkII" (Mark two).
        && matches!(chars[1], 'o' | 'f' | 'v' | 'h')
        && chars[2..].iter().all(char::is_ascii_uppercase)
}

/// Letters joined by hyphens, each one said ("B-O-E"; [`spell`] leaves two together).
fn spell_each(letters: &str) -> String {
    letters
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join("-")
}

/// Single capitals over each other, said as letters: "A/B testing" → "AB", "I/O", "a P/E
/// ratio", "A/B/C" → "A-B-C"; "N/A" is "not applicable".
pub(super) fn slashed_letters(c: &Context) -> Option<Said> {
    let core = c.core();
    let pieces: Vec<&str> = core.split('/').collect();
    let letters = (2..=3).contains(&pieces.len())
        && pieces
            .iter()
            .all(|p| p.len() == 1 && p.chars().all(|ch| ch.is_ascii_uppercase()));
    if !letters {
        return None;
    }
    if core == "N/A" {
        return Some(("not applicable".into(), 1));
    }
    Some((spell(&pieces.concat()), 1))
}

pub(super) fn alphanumeric_rule(c: &Context) -> Option<Said> {
    one(alphanumeric(c.core()))
}

pub(super) fn slashed_code_rule(c: &Context) -> Option<Said> {
    one(slashed_code(c.core()))
}

pub(super) fn symbols_spelled_rule(c: &Context) -> Option<Said> {
    one(symbols_spelled(c.core()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn initialisms_with_a_small_word_inside_are_spelled() {
        super::super::assert_said(&[
            (
                "The BoE and the MoD's chief, a PhD.",
                "The B-O-E and the M-O-D's chief, a P-H-D.",
            ),
            ("Most and Bob stay words.", "Most and Bob stay words."),
            (
                "A GaN charger and a MkII Escort.",
                "A GaN charger and a MkII Escort.",
            ),
        ]);
    }

    #[test]
    fn single_capitals_over_each_other_are_letters() {
        super::super::assert_said(&[
            (
                "A/B tests, I/O limits and a P/E ratio.",
                "AB tests, IO limits and a PE ratio.",
            ),
            ("Score: N/A.", "Score: not applicable."),
            ("The A/B/C plan.", "The A-B-C plan."),
        ]);
    }

    #[test]
    fn places_in_capitals_opening_a_dateline_are_names() {
        super::super::assert_said(&[
            (
                "SEOUL, South Korea (AP) — North Korea fired a missile.",
                "Seoul, South Korea, North Korea fired a missile.",
            ),
            ("PARIS (Reuters) - Oil rose.", "Paris, Oil rose."),
            ("ROME — The Pope spoke.", "Rome, The Pope spoke."),
            // Initials opening an ordinary sentence are spelled.
            (
                "FBI agents said the suspect fled.",
                "F-B-I agents said the suspect fled.",
            ),
            (
                "NBA, NFL and MLB teams agreed.",
                "N-B-A, N-F-L and M-L-B teams agreed.",
            ),
        ]);
    }

    #[test]
    fn speakers_labels_in_capitals_are_names() {
        super::super::assert_said(&[
            (
                "BILL KIRBY: Swimming needs to lift its game.",
                "Bill Kirby: Swimming needs to lift its game.",
            ),
            ("MORRISON: We will act.", "Morrison: We will act."),
            // Initialisms stay spelled: no vowel, too short alone, or not a label.
            ("CNN: The vote passed.", "C-N-N: The vote passed."),
            ("FBI: No comment.", "F-B-I: No comment."),
            (
                "They met BILL KIRBY on Monday.",
                "They met B-I-L-L K-I-R-B-Y on Monday.",
            ),
        ]);
    }

    #[test]
    fn initialisms_acronyms_and_words_in_capitals() {
        super::super::assert_said(&[
            (
                "The ATF and the FBI agreed.",
                "The A-T-F and the F-B-I agreed.",
            ),
            ("NATO said on Monday.", "Nato said on Monday."),
            ("The US and the UK agreed.", "The US and the UK agreed."),
            ("The AAA rating held.", "The triple A rating held."),
            ("Three CEOs left.", "Three C-E-O's left."),
            ("The U.K.'s economy shrank.", "The UK's economy shrank."),
            ("the U.S.-backed forces", "the US-backed forces"),
            ("then-Gov. Andrew Cuomo", "then-Governor Andrew Cuomo"),
            ("non-U.S. citizens", "non-US citizens"),
            (
                "She wrote IMPORTANT NOTICE TO ALL.",
                "She wrote IMPORTANT NOTICE TO ALL.",
            ),
            ("The NBA MVP spoke.", "The N-B-A M-V-P spoke."),
            ("FBI RAIDS HOME", "F-B-I RAIDS HOME"),
            ("THE HOME DEPOT INC.", "THE HOME DEPOT Incorporated."),
            (
                "The FY2025 budget, FY25 results and Euro2024 final.",
                "The fiscal year twenty twenty-five budget, fiscal year twenty-five results and Euro twenty twenty-four final.",
            ),
            (
                "She holds a Ph.D. and an Ed.D. from Yale.",
                "She holds a P-H-D and an E-D-D from Yale.",
            ),
        ]);
    }
}
