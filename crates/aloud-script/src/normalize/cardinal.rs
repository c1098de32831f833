//! Cardinal and ordinal numbers, fractions, ranges and counted compounds: "2,019
//! adults", "21st", "3/4", "5-7", "3-year-old", "Boeing 737".

use super::date::month;
use super::rules::{one, speak, Context, Said};
use super::token::{capitalized, Token};
use crate::numbers::{cardinal, digits, number, ordinal, year};

/// Only digits and number punctuation, with at least one digit: "2,019", "-3.5".
pub(super) fn plain_numeric(core: &str) -> bool {
    core.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '−'))
        && core.chars().any(|c| c.is_ascii_digit())
}

/// A possessive on a number: "April 29th's meeting"; "80's" and "1990's" are decades.
pub(super) fn number_possessive(c: &Context) -> Option<Said> {
    let core = c.core();
    for apostrophe in ["'s", "’s"] {
        if let Some(stem) = core.strip_suffix(apostrophe) {
            let decade_like = (stem.len() == 2 || stem.len() == 4)
                && stem.chars().all(|c| c.is_ascii_digit())
                && stem.ends_with('0');
            if stem.starts_with(|c: char| c.is_ascii_digit()) && !decade_like {
                let inner = Token {
                    lead: String::new(),
                    core: stem.to_string(),
                    trail: String::new(),
                };
                let (words, _) = speak(&Context {
                    t: &inner,
                    ahead: &[],
                    ..*c
                });
                if words != stem {
                    return Some((format!("{words}{apostrophe}"), 1));
                }
            }
        }
    }
    None
}

/// A lone dash between numbers or times is a range: "4:00 am - 8:12 pm".
pub(super) fn dash_between_numbers(c: &Context) -> Option<Said> {
    let prev_core = c.prev_core();
    (matches!(c.core(), "-" | "–")
        && (prev_core.chars().any(|c| c.is_ascii_digit()) || super::time::is_meridiem(prev_core))
        && c.next()
            .is_some_and(|n| n.core.starts_with(|c: char| c.is_ascii_digit() || c == '$')))
    .then(|| ("to".into(), 1))
}

/// Fixed expressions whose digits are not numbers to compute.
pub(super) const SET_PHRASES: &[(&str, &str)] = &[
    ("24/7", "twenty-four seven"),
    ("9/11", "nine eleven"),
    ("50/50", "fifty-fifty"),
    ("50-50", "fifty-fifty"),
    ("401(k)", "four oh one K"),
    ("401k", "four oh one K"),
];

pub(super) fn set_phrase(c: &Context) -> Option<Said> {
    SET_PHRASES
        .iter()
        .find(|(w, _)| *w == c.core())
        .map(|(_, s)| (s.to_string(), 1))
}

/// "1/2" → "one half", "3/4" → "three quarters", "2 1/2" → "and a half" (after "two"),
/// "31/32" → "thirty-one thirty-seconds".
pub(super) fn fraction(core: &str, prev: Option<&Token>) -> Option<String> {
    let core = core.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let (a, b) = core.split_once('/')?;
    if a.is_empty()
        || b.is_empty()
        || !a.chars().all(|c| c.is_ascii_digit())
        || !b.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (n, d): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    let mixed = prev.is_some_and(|p| {
        p.trail.is_empty() && !p.core.is_empty() && p.core.chars().all(|c| c.is_ascii_digit())
    });
    // "2 142/1": over one.
    if d == 1 && mixed {
        return Some(format!("and {} over one", cardinal(n)));
    }
    // Proper fractions of any size ("1/2007", "12639/12640"); small improper ones.
    let proper = n < d && (2..=1_000_000).contains(&d);
    let small = (2..=100).contains(&d) && n <= 1000 && (n < d || matches!(d, 2..=4));
    if !(proper || small) {
        return None; // "22/7" is more likely a ratio or code than a fraction
    }
    let denominator = |plural: bool| -> String {
        let word = match d {
            2 => "half".to_string(),
            4 => "quarter".to_string(),
            _ => ordinal(d),
        };
        match (plural, d) {
            (false, _) => word,
            (true, 2) => "halves".into(),
            (true, _) => format!("{word}s"),
        }
    };
    let words = if n == 1 && mixed {
        format!("a {}", denominator(false))
    } else {
        format!("{} {}", cardinal(n), denominator(n != 1))
    };
    Some(if mixed { format!("and {words}") } else { words })
}

pub(super) fn fraction_rule(c: &Context) -> Option<Said> {
    one(fraction(c.core(), c.prev()))
}

/// "21st" → "twenty-first".
pub(super) fn ordinal_token(core: &str) -> Option<String> {
    let lower = core.to_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    Some(ordinal(digits.replace(',', "").parse().ok()?))
}

/// A number with a word ending written onto it, inside a compound or a name: "3rd"
/// (an ordinal: "3rd-party"), "16s" (sixteens: "the under-16s"), "49ers" (the
/// forty-niners). Other endings are not words of the number.
pub(super) fn number_with_suffix(digits: &str, suffix: &str) -> Option<String> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let words = cardinal(digits.parse().ok()?);
    match suffix {
        "st" | "nd" | "rd" | "th" => ordinal_token(&format!("{digits}{suffix}")),
        "s" => Some(match words.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None if words.ends_with('x') => format!("{words}es"),
            None => format!("{words}s"),
        }),
        "ers" => Some(if words.ends_with('e') {
            format!("{words}rs")
        } else {
            format!("{words}ers")
        }),
        _ => None,
    }
}

pub(super) fn is_ordinal_token(core: &str) -> bool {
    ordinal_token(core).is_some()
}

pub(super) fn ordinal_rule(c: &Context) -> Option<Said> {
    one(ordinal_token(c.core()))
}

/// "2019-2021" → "twenty nineteen to twenty twenty-one", "5-7" → "five to seven".
pub(super) fn range(core: &str) -> Option<String> {
    let (a, b) = core.split_once(['-', '–', '−'])?;
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(digits_only(a) && digits_only(b)) {
        // Quantities with a thousands separator or a decimal point on both sides
        // ("10,000-15,000", "2.5-3.5"): never years, read as numbers.
        let quantity = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_digit())
                && s.ends_with(|c: char| c.is_ascii_digit())
                && s.chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        };
        if !(quantity(a) && quantity(b)) {
            return None;
        }
        return Some(format!("{} to {}", number(a)?, number(b)?));
    }
    let (x, y): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    if a.len() == 4 && (1000..2100).contains(&x) && (b.len() == 4 || b.len() == 2) {
        let y = if b.len() == 2 { x / 100 * 100 + y } else { y };
        return Some(format!("{} to {}", year(x), year(y)));
    }
    Some(format!("{} to {}", cardinal(x), cardinal(y)))
}

pub(super) fn range_rule(c: &Context) -> Option<Said> {
    one(range(c.core()))
}

/// Words that make a sentence about cricket.
const CRICKET_WORDS: &[&str] = &[
    "bowled", "bowling", "bowler", "bowlers", "overs", "wicket", "wickets", "innings", "spinner",
    "seamer", "paceman", "batting", "batted", "declared", "t20", "odi",
];

/// Cricket's figures and scores in a sentence about cricket, said with "for": a bowler's
/// "4-32" (four wickets for 32 runs) → "four for thirty-two", a side's "187-4" → "one
/// hundred eighty-seven for four". One side is a count of wickets (ten at most) and the
/// other larger; "won the series 2-1" is a result, not figures.
pub(super) fn cricket_figures(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('-')?;
    let small = |s: &str| s.len() <= 2 && s.parse::<u64>().is_ok_and(|v| v <= 10);
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|ch| ch.is_ascii_digit());
    if !(digits(a) && digits(b)) || small(a) == small(b) {
        return None;
    }
    if !c.sentence_has_word_in(CRICKET_WORDS)
        || c.recent_word_in(3, &["series", "won", "win", "beat", "lead", "led", "trail"])
    {
        return None;
    }
    let (x, y): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    Some((format!("{} for {}", cardinal(x), cardinal(y)), 1))
}

/// "737" after a name ("Boeing 737", "Flight 370", "Highway 101") is read like a
/// model number: "seven thirty-seven", "one oh one".
pub(super) fn model_number(digits: &str) -> Option<String> {
    let n: u64 = digits.parse().ok()?;
    if digits.len() != 3 || n.is_multiple_of(100) {
        return None;
    }
    let (h, rest) = (n / 100, n % 100);
    Some(if rest < 10 {
        format!("{} oh {}", cardinal(h), cardinal(rest))
    } else {
        format!("{} {}", cardinal(h), cardinal(rest))
    })
}

/// Capitalized words a count follows, not a name a model number follows.
pub(super) const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "About", "Some", "Nearly", "Over", "Around", "Only", "All", "Those", "These",
    "Its", "Their", "His", "Her", "Our", "My", "Your", "At", "In", "On", "By", "Of", "For", "From",
    "With", "To", "And", "But", "Or", "Almost", "Roughly", "Just", "Another", "Top", "Page",
    "Pages", "Chapter",
];

/// Words that make a sentence about aircraft.
const AIRCRAFT_WORDS: &[&str] = &[
    "boeing",
    "airbus",
    "dreamliner",
    "jet",
    "jets",
    "jetliner",
    "aircraft",
    "plane",
    "planes",
    "airliner",
    "airline",
    "airlines",
    "flight",
    "flights",
    "passengers",
    "seats",
    "cockpit",
    "fuselage",
    "grounded",
];

/// A name's model number with a variant, "Boeing 737-800", "Airbus 330-900", "777-300ER"
/// after a name: "seven thirty-seven eight hundred", the letters spelled ("E-R"). The
/// variant is a round hundred, which a range would not be; or one or two digits in a
/// sentence about aircraft ("the 787-9 Dreamliner" → "seven eighty-seven nine").
pub(super) fn model_variant_after_name(c: &Context) -> Option<Said> {
    let (core, prev_core) = (c.core(), c.prev_core());
    let (model, variant) = core.split_once('-')?;
    let suffix_at = variant
        .find(|ch: char| !ch.is_ascii_digit())
        .unwrap_or(variant.len());
    let (hundreds, letters) = variant.split_at(suffix_at);
    let is_variant = hundreds.len() == 3
        && hundreds.ends_with("00")
        && !hundreds.starts_with('0')
        && letters.len() <= 3
        && letters.chars().all(|ch| ch.is_ascii_uppercase());
    let after_name = capitalized(prev_core)
        && c.prev_clean()
        && !NOT_NAMES.contains(&prev_core)
        && month(prev_core).is_none();
    // An aircraft's short variant in a sentence about flying: "the 787-9 Dreamliner",
    // "737-8" (a range or score would not be said among these words).
    let short_variant = (1..=2).contains(&hundreds.len())
        && !hundreds.starts_with('0')
        && letters.is_empty()
        && c.sentence_has_word_in(AIRCRAFT_WORDS);
    if !(model.len() == 3 && plain_numeric(model) && (after_name && is_variant || short_variant)) {
        return None;
    }
    let mut words = format!(
        "{} {}",
        model_number(model)?,
        cardinal(hundreds.parse().ok()?)
    );
    if !letters.is_empty() {
        words.push(' ');
        words.push_str(&super::letters::spell(letters));
    }
    Some((words, 1))
}

/// A minute of added time, "the 90+3rd minute" → "the ninety plus third minute".
pub(super) fn added_time_ordinal(c: &Context) -> Option<Said> {
    let (minute, added) = c.core().split_once('+')?;
    let digits_end = added.find(|ch: char| !ch.is_ascii_digit())?;
    let (n, suffix) = added.split_at(digits_end);
    let ordinal_suffix = matches!(suffix, "st" | "nd" | "rd" | "th");
    let plain = |d: &str| !d.is_empty() && d.len() <= 3 && d.chars().all(|ch| ch.is_ascii_digit());
    if !(plain(minute) && plain(n) && ordinal_suffix) {
        return None;
    }
    Some((
        format!(
            "{} plus {}",
            cardinal(minute.parse().ok()?),
            crate::numbers::ordinal(n.parse().ok()?)
        ),
        1,
    ))
}

/// Words after an airliner's model number that say it is one ("a 737 Max 9", "the 787
/// Dreamliner", "777 jets").
const AIRLINER_AFTER: &[&str] = &[
    "Max",
    "MAX",
    "Dreamliner",
    "Dreamliners",
    "Jumbo",
    "jet",
    "jets",
    "jetliner",
    "jetliners",
    "aircraft",
    "plane",
    "planes",
    "freighter",
    "freighters",
    "airliner",
    "airliners",
    "family",
    "fleet",
];

/// A Boeing airliner's model without the maker's name, "7x7" before a word that makes
/// it one: "a 737 Max 9" → "a seven thirty-seven Max nine" (not "seven hundred…").
pub(super) fn airliner_model(c: &Context) -> Option<Said> {
    let core = c.core();
    let bytes = core.as_bytes();
    let boeing =
        core.len() == 3 && bytes[0] == b'7' && bytes[2] == b'7' && bytes[1].is_ascii_digit();
    (boeing && c.next_clean() && AIRLINER_AFTER.contains(&c.next_core()))
        .then(|| model_number(core).map(|w| (w, 1)))
        .flatten()
}

/// "Boeing 737", "Flight 370": a model or route number after a name; "Boeing 747s"
/// in the plural ("seven forty-sevens").
pub(super) fn model_number_after_name(c: &Context) -> Option<Said> {
    let (core, prev_core) = (c.core(), c.prev_core());
    let (core, plural) = match core.strip_suffix('s') {
        Some(stem) if stem.len() == 3 => (stem, "s"),
        _ => (core, ""),
    };
    if core.len() == 3
        && plain_numeric(core)
        && capitalized(prev_core)
        && c.prev_clean()
        && !NOT_NAMES.contains(&prev_core)
        && month(prev_core).is_none()
        // A party or a team in the plural counts ("the Tories 121"); a possessive is no
        // plural ("Boeing's 737").
        && (prev_core.contains(['\'', '’']) || !super::rules::is_plural(&prev_core.to_lowercase()))
    {
        return one(model_number(core).map(|words| format!("{words}{plural}")));
    }
    None
}

/// A decimal comma, as European writers of English use it: "5,2 percent", "1,5
/// million", "3,75%" are "five point two", "one point five", "three point seven five":
/// a thousands separator is always followed by three digits, so one or two digits after
/// the only comma can only be decimals. Not in a list ("chapters 1,2"), nor before
/// another number.
pub(super) fn decimal_comma(c: &Context) -> Option<Said> {
    let core = c.core();
    let (sign, unsigned) = match core.strip_prefix(['-', '−']) {
        Some(rest) => ("-", rest),
        None => ("", core),
    };
    let (whole, rest) = unsigned.split_once(',')?;
    let decimals = rest.trim_end_matches('%');
    let is_decimal = (1..=3).contains(&whole.len())
        && (1..=2).contains(&decimals.len())
        && whole.chars().all(|ch| ch.is_ascii_digit())
        && decimals.chars().all(|ch| ch.is_ascii_digit())
        && rest.len() - decimals.len() <= 1;
    let in_a_list = super::rules::is_plural(&c.prev_core().to_lowercase())
        || c.next_core().starts_with(|ch: char| ch.is_ascii_digit());
    if !is_decimal || in_a_list {
        return None;
    }
    Some(c.speak_as(&format!("{sign}{whole}.{rest}")))
}

/// "1,200+", "65+": a number and more, "one thousand two hundred plus".
pub(super) fn number_and_more(c: &Context) -> Option<Said> {
    let n = c
        .core()
        .strip_suffix('+')
        .filter(|n| plain_numeric(n) && n.starts_with(|ch: char| ch.is_ascii_digit()))?;
    Some((format!("{} plus", number(n)?), 1))
}

/// ".5" → "point five".
pub(super) fn point_fraction(c: &Context) -> Option<Said> {
    let fraction = c.core().strip_prefix('.')?;
    if !fraction.is_empty() && fraction.chars().all(|c| c.is_ascii_digit()) {
        let words = number(&format!("0{}", c.core()))?;
        return Some((words.trim_start_matches("zero ").to_string(), 1));
    }
    None
}

/// A number said as a quantity: "2,019" → "two thousand nineteen", "-3.5".
pub(super) fn number_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    // Ten or more digits with no separator are a code (an ISBN, an account, an ID),
    // never a quantity a writer expects read as one: digit by digit.
    if core.len() >= 10 && core.chars().all(|c| c.is_ascii_digit()) {
        return Some((digits(core), 1));
    }
    plain_numeric(core).then(|| one(number(core)))?
}

/// A count with a magnitude's letter: "1.2k officers" → "one thousand two hundred",
/// "3.5M residents" → "three point five million", "40bn" → "forty billion". A lone
/// lowercase "m" is left to the measures (metres), and a whole "5K" or "10k" before
/// "race", "run" or "walk" is the distance ("a 10K run": "ten K").
pub(super) fn number_with_magnitude(c: &Context) -> Option<Said> {
    let core = c.core();
    let split = core.find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == ','))?;
    let (amount, letters) = core.split_at(split);
    if amount.is_empty() || !amount.ends_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let magnitude = match letters {
        "k" | "K" => "thousand",
        "M" | "mn" | "MN" => "million",
        "bn" | "BN" => "billion",
        "tn" | "TN" | "trn" => "trillion",
        _ => return None,
    };
    // "1.2k" is a count of twelve hundred, said whole ("one thousand two hundred").
    let whole = (magnitude == "thousand" && amount.contains('.'))
        .then(|| amount.replace(',', "").parse::<f64>().ok())
        .flatten()
        .map(|n| n * 1000.0)
        .filter(|n| n.fract() == 0.0 && *n < 1e9);
    if let Some(n) = whole {
        return Some((cardinal(n as u64), 1));
    }
    // Four digits or more before a "k" make a model code ("Core i7 4790k"): nobody
    // writes 4,790,000 so. A screen's "4K" and "8K" are resolutions.
    if magnitude == "thousand" && amount.len() >= 4 && amount.chars().all(|ch| ch.is_ascii_digit())
    {
        return Some((
            format!("{} K", crate::numbers::year(amount.parse().ok()?)),
            1,
        ));
    }
    if letters == "K" && matches!(amount, "4" | "8") {
        return Some((format!("{} K", number(amount)?), 1));
    }
    let words = number(amount)?;
    if magnitude == "thousand" && !amount.contains(['.', ',']) && amount.len() <= 3 {
        const RACE_WORDS: &[&str] = &["race", "races", "run", "runs", "walk", "runner", "runners"];
        if RACE_WORDS.contains(&c.next_core().to_lowercase().as_str()) {
            return Some((format!("{words} K"), 1));
        }
    }
    Some((format!("{words} {magnitude}"), 1))
}

/// Fractions written as one character: "12½" → "twelve and a half", "¾" → "three
/// quarters".
pub(super) fn vulgar_fraction(c: &Context) -> Option<Said> {
    const FRACTIONS: &[(char, &str, &str)] = &[
        ('½', "one half", "a half"),
        ('⅓', "one third", "a third"),
        ('⅔', "two thirds", "two thirds"),
        ('¼', "one quarter", "a quarter"),
        ('¾', "three quarters", "three quarters"),
        ('⅕', "one fifth", "a fifth"),
        ('⅖', "two fifths", "two fifths"),
        ('⅗', "three fifths", "three fifths"),
        ('⅘', "four fifths", "four fifths"),
        ('⅙', "one sixth", "a sixth"),
        ('⅚', "five sixths", "five sixths"),
        ('⅛', "one eighth", "an eighth"),
        ('⅜', "three eighths", "three eighths"),
        ('⅝', "five eighths", "five eighths"),
        ('⅞', "seven eighths", "seven eighths"),
    ];
    let core = c.core();
    let last = core.chars().last()?;
    let (_, alone, after_whole) = FRACTIONS.iter().find(|(ch, _, _)| *ch == last)?;
    let whole = &core[..core.len() - last.len_utf8()];
    if whole.is_empty() {
        return Some((alone.to_string(), 1));
    }
    if !whole.chars().all(|ch| ch.is_ascii_digit() || ch == ',') {
        return None;
    }
    Some((format!("{} and {after_whole}", number(whole)?), 1))
}

/// "3-year-old" → "three-year-old".
/// Every number inside: "5-foot-11" → "five-foot-eleven", "3-in-1", "20-of-24",
/// "1,900-mile-wide", "21st-century", "$6.99-a-month".
pub(super) fn counted_compound(c: &Context) -> Option<Said> {
    let parts: Vec<&str> = c.core().split('-').collect();
    let first = parts.first()?;
    let numeric = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    // A word, not a code's letters ("1-800-GO-U-HAUL" is read by `alphanumeric`).
    let wordy = |p: &str| {
        p.chars().count() >= 2
            && p.chars().any(char::is_lowercase)
            && p.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
    };

    if parts.len() < 2 || !(numeric(first) || first.starts_with(['$', '€', '£'])) {
        return None;
    }
    // "133-ABC", "4-H": a number and letters.
    if let [head, tail] = parts[..] {
        // A unit in a compound modifier is singular: "a 4-yr deal", "a 12-min walk".
        let unit = (tail.len() >= 2 && tail.chars().all(|c| c.is_ascii_lowercase()))
            .then(|| super::measure::unit_words(tail))
            .flatten();
        if let (true, Some((one, _))) = (numeric(head), unit) {
            return Some((format!("{}-{one}", number(head)?), 1));
        }
        if numeric(head) && !tail.is_empty() && tail.chars().all(char::is_alphabetic) {
            return Some((format!("{}-{tail}", number(head)?), 1));
        }
    }
    if !parts[1..].iter().any(|p| wordy(p)) {
        return None;
    }

    let mut words = Vec::with_capacity(parts.len());
    // A unit's abbreviation inside is said in the singular: "7-yr-old" → "seven-year-old".
    let unit = |p: &str| {
        (p.chars().all(|c| c.is_ascii_lowercase()))
            .then(|| super::measure::unit_words(p))
            .flatten()
    };
    for (k, part) in parts.iter().enumerate() {
        words.push(if let (true, Some((one, _))) = (k > 0, unit(part)) {
            one.to_string()
        } else if wordy(part) {
            part.to_string()
        } else if numeric(part) {
            number(part)?
        } else if let Some(ordinal) = ordinal_token(part) {
            ordinal
        } else if k == 0 {
            super::money::money(part, "")?.0.replace(' ', "-")
        } else {
            return None;
        });
    }
    Some((words.join("-"), 1))
}

/// Three or more small numbers joined by hyphens, a win-loss-tie record: "9-2-1" →
/// "nine-two-one".
pub(super) fn record(c: &Context) -> Option<Said> {
    let parts: Vec<&str> = c.core().split('-').collect();
    let small = |p: &&str| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit());
    if parts.len() < 3 || parts.len() > 4 || !parts.iter().all(small) {
        return None;
    }
    let words: Option<Vec<String>> = parts.iter().map(|p| number(p)).collect();
    Some((words?.join("-"), 1))
}

/// "16:9", "50:50": a ratio (a clock reading was taken before).
pub(super) fn ratio(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once(':')?;
    let digits = |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !(digits(a) && digits(b)) {
        return None;
    }
    if a == b {
        return Some((format!("{0}-{0}", number(a)?), 1));
    }
    Some((format!("{} to {}", number(a)?, number(b)?), 1))
}

/// "~9x", "~300": about.
pub(super) fn approximately(c: &Context) -> Option<Said> {
    let rest = c.core().strip_prefix('~')?;
    if !rest.starts_with(|d: char| d.is_ascii_digit() || d == '$') {
        return None;
    }
    let (words, _) = c.speak_as(rest);
    (words != rest).then(|| (format!("about {words}"), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn airliners_without_their_maker_and_minutes_of_added_time() {
        super::super::assert_said(&[
            (
                "The plane, a 737 Max 9, was grounded.",
                "The plane, a seven thirty-seven Max nine, was grounded.",
            ),
            (
                "It has 777 jets and 787 seats.",
                "It has seven seventy-seven jets and seven hundred eighty-seven seats.",
            ),
            (
                "Saka scored in the 90+3rd minute.",
                "Saka scored in the ninety plus third minute.",
            ),
        ]);
    }

    #[test]
    fn short_aircraft_variants_in_a_sentence_about_flying() {
        super::super::assert_said(&[
            (
                "The 787-9 Dreamliner seats 290 passengers.",
                "The seven eighty-seven nine Dreamliner seats two hundred ninety passengers.",
            ),
            (
                "The vote was 228-9.",
                "The vote was two hundred twenty-eight to nine.",
            ),
        ]);
    }

    #[test]
    fn cricket_figures_and_scores_are_said_with_for() {
        super::super::assert_said(&[
            (
                "Anderson took 4-32 as India were bowled out.",
                "Anderson took four for thirty-two as India were bowled out.",
            ),
            (
                "India were 187-4 after 47 overs.",
                "India were one hundred eighty-seven for four after forty-seven overs.",
            ),
            // A series result, and scores outside cricket, stay ranges.
            (
                "England won the series 2-1 after bowling well.",
                "England won the series two to one after bowling well.",
            ),
            (
                "The Lakers won 112-98.",
                "The Lakers won one hundred twelve to ninety-eight.",
            ),
        ]);
    }
    #[test]
    fn a_k_after_four_digits_is_a_model_and_4k_a_resolution() {
        super::super::assert_said(&[
            (
                "An Intel Core i7 4790k CPU.",
                "An Intel Core i seven forty-seven ninety K C-P-U.",
            ),
            (
                "A premium 4K, 60fps stream.",
                "A premium four K, sixty fps stream.",
            ),
            ("He earns 40K a year.", "He earns forty thousand a year."),
        ]);
    }

    #[test]
    fn one_or_two_digits_after_the_only_comma_are_decimals() {
        super::super::assert_said(&[
            (
                "Unemployment rose to 6,4 percent.",
                "Unemployment rose to six point four percent.",
            ),
            (
                "Inflation eased to 2,5% in March.",
                "Inflation eased to two point five percent in March.",
            ),
            (
                "With 1,2 million more in work.",
                "With one point two million more in work.",
            ),
            // Three digits are thousands; a list or a plural before is no decimal.
            (
                "With 1,200 more in work.",
                "With one thousand two hundred more in work.",
            ),
            (
                "Read chapters 1,2 and 3.",
                "Read chapters one two and three.",
            ),
        ]);
    }

    #[test]
    fn a_model_number_with_a_round_hundred_variant_after_a_name() {
        super::super::assert_said(&[
            (
                "Six Boeing 737-800 jets.",
                "Six Boeing seven thirty-seven eight hundred jets.",
            ),
            (
                "Four Boeing 777-300ER aircraft.",
                "Four Boeing seven seventy-seven three hundred ER aircraft.",
            ),
            // A range is not a variant, nor a number after a lower-case word.
            (
                "Pages 120-135 of it.",
                "Pages one hundred twenty to one hundred thirty-five of it.",
            ),
            (
                "It sold 100-200 units.",
                "It sold one hundred to two hundred units.",
            ),
        ]);
    }
    #[test]
    fn numbers_with_word_endings_and_units_in_compounds() {
        super::super::assert_said(&[
            (
                "The 76ers beat the 49ers.",
                "The seventy-sixers beat the forty-niners.",
            ),
            (
                "A 3rd-party app, a 1st-round pick and 2nd-degree burns.",
                "A third party app, a first round pick and second degree burns.",
            ),
            // A plural name before a number counts; "Boeing 737" is a model.
            (
                "The Tories 121, the Boeing 737, Boeing's 737.",
                "The Tories one hundred twenty-one, the Boeing seven thirty-seven, Boeing's seven thirty-seven.",
            ),
            (
                "Tickets for under-16s and over-50s.",
                "Tickets for under sixteens and over fifties.",
            ),
            (
                "A 4-yr deal after a 12-min talk and a 10-km run.",
                "A four-year deal after a twelve-minute talk and a ten-kilometer run.",
            ),
            ("Her 7-yr-old son.", "Her seven-year-old son."),
            (
                "With 1,200+ patients and 1200+ beds; ages 65+.",
                "With one thousand two hundred plus patients and one thousand two hundred plus beds; ages sixty-five plus.",
            ),
        ]);
    }

    #[test]
    fn compounds_records_ratios_and_approximations() {
        super::super::assert_said(&[
            ("He is 5-foot-11.", "He is five-foot-eleven."),
            ("a 3-in-1 printer", "a three-in-one printer"),
            ("The Lakers are 9-2-1.", "The Lakers are nine-two-one."),
            ("shot in 16:9 format", "shot in sixteen to nine format"),
            ("a 50:50 split", "a fifty-fifty split"),
            (
                "He got 12½ years; the pie was ¾ eaten, 2⅛ inches thick.",
                "He got twelve and a half years; the pie was three quarters eaten, two and an eighth inches thick.",
            ),
            (
                "It has 1.2k officers, 3.5M residents and 40bn in debt; 50k people ran a 10K race.",
                "It has one thousand two hundred officers, three point five million residents and forty billion in debt; fifty thousand people ran a ten K race.",
            ),
            (
                "About 10,000-15,000 came, 2.5-3.5 times more.",
                "About ten thousand to fifteen thousand came, two point five to three point five times more.",
            ),
            ("Some ~40 people came.", "Some about forty people came."),
            (
                "ISBN 9780143568896",
                "I-S-B-N nine seven eight zero one four three five six eight eight nine six",
            ),
            (
                "1681512 visits",
                "one million six hundred eighty-one thousand five hundred twelve visits",
            ),
        ]);
    }
}
