//! Measures: numbers with units ("12kg", "5 ft", "72°F", "5%"), units per unit
//! ("12/kg", "3 cc/s") and quantity ranges before a unit ("1980-1970 kg").

use super::rules::{one, Context, Said};
use super::table::table;
use crate::numbers::number;

table!(
    /// Units: written forms separated by `|` (any case), singular, plural.
    units,
    "units.tsv"
);

/// Unit abbreviations written with a full stop (AP style: "14.5 in. of snow", "6 ft."),
/// kept with their stop by the tokenizer. "in." is read as inches only after a number.
pub(crate) const UNITS_WITH_STOP: &[&str] = &[
    "in.", "ft.", "lb.", "lbs.", "oz.", "yd.", "yds.", "mi.", "sq.", "cu.", "hr.", "hrs.", "min.",
    "sec.", "gal.", "qt.", "pt.", "mph.", "bbl.", "pp.",
];

/// A unit written after a number apart from it, with its stop or without: "5 ft", "14.5
/// in.", "3 hrs."; "in", "g" or "mi" without a stop are words, not units.
fn unit_apart(word: &str) -> Option<(&'static str, &'static str)> {
    if let Some(bare) = word.strip_suffix('.') {
        if UNITS_WITH_STOP.contains(&word.to_lowercase().as_str()) {
            return match bare.to_lowercase().as_str() {
                "in" => Some(("inch", "inches")),
                "qt" => Some(("quart", "quarts")),
                "pt" => Some(("pint", "pints")),
                // A book's length: "635 pp." (attached, "5pp" is percentage points).
                "pp" => Some(("page", "pages")),
                other => unit_words(other),
            };
        }
    }
    unit(word)
}

/// Units that are words too ("in", "m", "l", "g"?) are only read as units when written
/// attached to the number; this is the list that may also stand apart.
pub(super) fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "g" | "gm" | "ha" | "gal") {
        return None;
    }
    unit_words(word)
}

/// Any unit's words, singular and plural, by one of its written forms (any case).
pub(super) fn unit_words(form: &str) -> Option<(&'static str, &'static str)> {
    // Case tells torque from length: "540 Nm" is newton meters, "3nm" nanometers.
    if matches!(form, "Nm" | "N·m" | "N-m") {
        return Some(("newton meter", "newton meters"));
    }
    let lower = form.to_lowercase();
    units()
        .iter()
        .find(|row| row[0].split("|").any(|f| f == lower))
        .map(|row| (row[1], row[2]))
}

/// What a unit is "per": a unit of measure, or of time written short ("GB/s", "km/h").
fn per_unit(form: &str) -> Option<&'static str> {
    match form {
        "s" | "sec" => Some("second"),
        "ms" => Some("millisecond"),
        "min" => Some("minute"),
        "h" | "hr" => Some("hour"),
        _ => unit_words(form).map(|(one, _)| one),
    }
}

/// "12kg", "3.2km", "100m", "2-5lb", "12kg/kg" → numbers with units in words.
pub(super) fn measure(core: &str) -> Option<String> {
    let (sign, core) = match core.strip_prefix('-') {
        Some(rest) => ("minus ", rest),
        None => ("", core),
    };
    let num_end = core.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))?;
    let (amount, rest) = (&core[..num_end], &core[num_end..]);
    if amount.is_empty() || !amount.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (unit_part, per) = match rest.split_once('/') {
        Some((u, p)) => (u, Some(p)),
        None => (rest, None),
    };
    let lookup = |w: &str| -> Option<(&'static str, &'static str)> {
        match w {
            // "5G", "4K", "3D": a generation, a resolution, dimensions.
            "G" | "K" | "D" | "T" | "P" => None,
            "m" => Some(("meter", "meters")),
            // "9.58s": a time in seconds ("80s" is a decade, "16s" left alone).
            "s" if amount.contains('.') => Some(("second", "seconds")),
            "ms" => Some(("millisecond", "milliseconds")),
            // "0.8pc": British style for percent.
            "pc" => Some(("percent", "percent")),
            "l" | "L" => Some(("liter", "liters")),
            // Attached to a number "in" is inches: "3in", "3-4in of snow".
            "in" => Some(("inch", "inches")),
            "w" | "W" => Some(("watt", "watts")),
            _ => unit_words(w),
        }
    };
    let (one, many) = lookup(unit_part)?;
    let (words, plural) = match amount.split_once('-') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => {
            (format!("{} to {}", number(a)?, number(b)?), true)
        }
        _ => (number(amount)?, amount != "1"),
    };
    let mut out = format!("{sign}{words} {}", if plural { many } else { one });
    if let Some(per) = per {
        let per = lookup(per).map(|(one, _)| one).or_else(|| per_unit(per))?;
        out.push_str(&format!(" per {per}"));
    }
    Some(out)
}

/// "5%" "5.5%" "-2%".
pub(super) fn percent(core: &str) -> Option<String> {
    let n = core.strip_suffix('%')?;
    if let Some(negative) = n.strip_prefix(['-', '−']) {
        return Some(format!("minus {}", percent(&format!("{negative}%"))?));
    }

    if let Some((a, b)) = n.split_once(['-', '–', '−']) {
        let a = a.strip_suffix('%').unwrap_or(a);
        return Some(format!("{} to {} percent", number(a)?, number(b)?));
    }
    // "4.00%", "5.0%": the zeros after the point are not said ("four percent").
    let n = match n.split_once('.') {
        Some((whole, zeros))
            if !whole.is_empty() && !zeros.is_empty() && zeros.chars().all(|d| d == '0') =>
        {
            whole
        }
        _ => n,
    };
    Some(format!("{} percent", number(n)?))
}

/// "72°F" → "seventy-two degrees Fahrenheit", "-5°C", "90°".
pub(super) fn degrees(core: &str) -> Option<String> {
    let (n, unit) = core.split_once('°')?;
    let scale = match unit {
        "F" => " Fahrenheit",
        "C" => " Celsius",
        // A latitude or longitude: "35.7°N, 139.7°E".
        "N" => " north",
        "S" => " south",
        "E" => " east",
        "W" => " west",
        "" => "",
        _ => return None,
    };
    let words = number(n)?;
    Some(format!(
        "{words} {}{scale}",
        if n == "1" { "degree" } else { "degrees" }
    ))
}

/// "12/kg" → "twelve per kilogram".
pub(super) fn number_per_unit(c: &Context) -> Option<Said> {
    let (n, u) = c.core().split_once('/')?;
    let words = number(n).filter(|_| n.chars().all(|c| c.is_ascii_digit() || c == '.'))?;
    let (one, _) = unit_words(u)?;
    Some((format!("{words} per {one}"), 1))
}

/// "1980-1970 kg": a range of quantities before a unit, not of years.
pub(super) fn quantity_range_before_unit(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) && unit(c.next_core()).is_some() && c.next().is_some() {
        return Some((format!("{} to {}", number(a)?, number(b)?), 1));
    }
    None
}

/// "3 cc/s", "1/f": per; "2.3 GB/s" after an amount: "gigabytes per second".
pub(super) fn letters_per_letters(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('/')?;
    let after_amount = c.after_digits() || number(c.prev_core()).is_some();
    if let (true, Some((one, many)), Some(per)) = (after_amount, unit_words(a), per_unit(b)) {
        let unit = if c.prev_core() == "1" { one } else { many };
        return Some((format!("{unit} per {per}"), 1));
    }
    let letters =
        |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic());
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if letters(b) && (letters(a) && c.after_digits() || digits(a)) {
        let first = if digits(a) {
            number(a).unwrap_or_default()
        } else {
            a.to_string()
        };
        return Some((format!("{first} per {b}"), 1));
    }
    None
}

/// A unit after a number said on its own: "4 1/2 lbs", "100 million kg", "2x8 m2",
/// "4.1 million bbl." (with its stop).
pub(super) fn unit_after_number(c: &Context) -> Option<Said> {
    let core = c.core();
    if core.len() < 2 || matches!(core, "in" | "ha" | "gal" | "IN") {
        return None;
    }
    let with_stop = UNITS_WITH_STOP.contains(&core.to_lowercase().as_str());
    let (one, many) = if with_stop {
        unit_apart(core)?
    } else {
        unit_words(core)?
    };
    let prev_core = c.prev_core();
    let numeric = prev_core.starts_with(|c: char| c.is_ascii_digit())
        || matches!(prev_core, "thousand" | "million" | "billion" | "trillion");
    (numeric && c.prev_clean()).then(|| ((if prev_core == "1" { one } else { many }).into(), 1))
}

/// A height in feet and inches, `6'2"` or `5′4″`: "six foot two" ("a 6'2" forward" →
/// "six-foot-two"). `trail` is the punctuation after the core, whose first mark must be
/// the inch sign unless the core ends with a double prime; returns the words and the
/// rest of the trail.
pub(crate) fn feet_and_inches<'t>(
    core: &str,
    trail: &'t str,
    before_noun: bool,
) -> Option<(String, &'t str)> {
    // The double prime stays in the core; a straight or curly quote is trailing
    // punctuation.
    let (core, rest) = match core.strip_suffix('″') {
        Some(height) => (height, trail),
        None => (
            core,
            trail
                .strip_prefix('"')
                .or_else(|| trail.strip_prefix('”'))?,
        ),
    };
    let (feet, inches) = core.split_once(['\'', '′', '’'])?;
    let small = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !small(feet) || !small(inches) {
        return None;
    }
    let (feet, inches): (u64, u64) = (feet.parse().ok()?, inches.parse().ok()?);
    if !(1..=9).contains(&feet) || inches > 11 {
        return None;
    }
    let (feet, inches) = (
        crate::numbers::cardinal(feet),
        crate::numbers::cardinal(inches),
    );
    let joint = if before_noun && rest.is_empty() {
        "-"
    } else {
        " "
    };
    Some((format!("{feet}{joint}foot{joint}{inches}"), rest))
}

/// A height written with letters, "6ft 4in" or "6ft4in": "six foot four", joined before
/// the noun it describes ("the 6ft 4in striker" → "six-foot-four striker").
pub(super) fn feet_and_inches_in_letters(c: &Context) -> Option<Said> {
    let small = |s: &str| (1..=2).contains(&s.len()) && s.chars().all(|ch| ch.is_ascii_digit());
    let core = c.core();
    let (feet, inches, consumed) = match core.split_once("ft") {
        Some((feet, "")) => {
            let next = c.next_core();
            let inches = next
                .strip_suffix("in")
                .or_else(|| next.strip_suffix("in."))?;
            if !c.next_clean() {
                return None;
            }
            (feet, inches, 2)
        }
        Some((feet, rest)) => (feet, rest.strip_suffix("in")?, 1),
        None => return None,
    };
    if !small(feet) || !small(inches) {
        return None;
    }
    let (f, i): (u64, u64) = (feet.parse().ok()?, inches.parse().ok()?);
    if !(1..=9).contains(&f) || i > 11 {
        return None;
    }
    let joint = if c.modifies_noun(consumed) { "-" } else { " " };
    Some((
        format!(
            "{}{joint}foot{joint}{}",
            crate::numbers::cardinal(f),
            crate::numbers::cardinal(i)
        ),
        consumed,
    ))
}

/// An earthquake's magnitude written "M7.8": "magnitude seven point eight" (a decimal
/// is required: "M5" is a road, "M25" a motorway).
pub(super) fn quake_magnitude(c: &Context) -> Option<Said> {
    let value = c.core().strip_prefix('M')?;
    let (whole, tenths) = value.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 1 && s.chars().all(|ch| ch.is_ascii_digit());
    if !(digits(whole) && digits(tenths)) {
        return None;
    }
    Some((format!("magnitude {}", number(value)?), 1))
}

pub(super) fn measure_rule(c: &Context) -> Option<Said> {
    if let Some(amount) = c.core().strip_suffix('m') {
        let numeric = amount.starts_with(|ch: char| ch.is_ascii_digit())
            && amount
                .chars()
                .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',');
        if numeric && (counts_in_millions(c, 1) || decimal_millions(c, amount)) {
            return Some((format!("{} million", number(amount)?), 1));
        }
    }
    let said = measure(c.core())?;
    // "a 5ms delay", "a 2m fall": a measure before a noun is singular.
    if c.modifies_noun(1) {
        if let Some(singular) = singular_measure(c.core(), &said) {
            return Some((singular, 1));
        }
    }
    Some((said, 1))
}

/// The measure's words with its unit in the singular, joined as a compound modifier:
/// "five milliseconds" → "five-millisecond".
fn singular_measure(core: &str, said: &str) -> Option<String> {
    if core.contains('/') {
        return None;
    }
    let (amount, plural) = said.rsplit_once(' ')?;
    let one = units()
        .iter()
        .find(|row| row[2] == plural)
        .map(|row| row[1])
        .or(match plural {
            "meters" => Some("meter"),
            "liters" => Some("liter"),
            "watts" => Some("watt"),
            "seconds" => Some("second"),
            "milliseconds" => Some("millisecond"),
            "inches" => Some("inch"),
            _ => None,
        })?;
    Some(format!("{}-{one}", amount.replace(' ', "-")))
}

/// Words after "m" that show meters, though a plural: events and their lanes ("the
/// 100m hurdles"), and the words of height, depth and distance.
const METER_CONTEXT: &[&str] = &[
    "hurdles",
    "freestyle",
    "backstroke",
    "breaststroke",
    "butterfly",
    "medley",
    "relay",
    "relays",
    "sprint",
    "dash",
    "race",
    "final",
    "finals",
    "heats",
    "tall",
    "high",
    "long",
    "deep",
    "wide",
    "away",
    "above",
    "below",
    "across",
    "underwater",
];

/// Words that make a sentence about lengths, heights and distances: "8.95m" in it is
/// meters.
const LENGTH_WORDS: &[&str] = &[
    "tall",
    "high",
    "height",
    "long",
    "length",
    "wide",
    "width",
    "deep",
    "depth",
    "jump",
    "jumped",
    "jumps",
    "throw",
    "threw",
    "thrown",
    "vault",
    "leap",
    "distance",
    "away",
    "above",
    "below",
    "metres",
    "meters",
    "sea",
    "wave",
    "waves",
    "feet",
    "ft",
    "km",
    "long-jump",
];

/// A decimal amount with "m" that ends its phrase ("the list hit 7.8m, with…", "4.8m
/// watched"), in a sentence about no length: millions, as British and wire copy write
/// them ("a 1.5m wall", "jumped 8.95m" stay meters).
fn decimal_millions(c: &Context, amount: &str) -> bool {
    amount.contains('.')
        && !c.modifies_noun(1)
        && !c.sentence_has_word_in(LENGTH_WORDS)
        && c.next().is_none_or(|n| {
            !n.core.starts_with(|ch: char| ch.is_ascii_lowercase()) || !c.t.trail.is_empty()
        })
}

/// "1.5m people", "3m viewers": after a number an "m" before a plural noun counts
/// millions, as British and wire copy write it; "a 2m fall", "the 100m hurdles", "5m
/// tall" are meters. `consumed` is the number of tokens the amount and "m" take.
fn counts_in_millions(c: &Context, consumed: usize) -> bool {
    let Some(next) = c.ahead.get(consumed - 1) else {
        return false;
    };
    let word = next.core.to_lowercase();
    let last = if consumed == 1 {
        c.t
    } else {
        &c.ahead[consumed - 2]
    };
    // People named by where they are from or what they believe count in millions too
    // ("40m Americans", "2m Britons"); other capitalized plurals may be a headline's
    // words ("400m Finals").
    let lowercase = next.core.starts_with(|ch: char| ch.is_ascii_lowercase());
    let people = next.core.starts_with(|ch: char| ch.is_ascii_uppercase())
        && ["ans", "ons", "ers", "ims", "ites"]
            .iter()
            .any(|e| word.ends_with(e));
    last.trail.is_empty()
        && next.lead.is_empty()
        && word.chars().all(|ch| ch.is_ascii_lowercase())
        && (lowercase || people)
        && super::rules::is_plural(&word)
        && !super::rules::NOT_NOUNS.contains(&word.as_str())
        && !METER_CONTEXT.contains(&word.as_str())
        && unit_words(&word).is_none()
}

/// A number with its unit as the next word: "5 ft" → "five feet", "14.5 in." →
/// "fourteen point five inches", "1,200 sq. ft." → "… square feet".
pub(super) fn number_before_unit(c: &Context) -> Option<Said> {
    if !c.next_clean() {
        return None;
    }
    let n = number(c.core())?;
    let next = c.next_core().to_lowercase();
    if let ("sq" | "sq." | "cu" | "cu.", Some(after)) = (next.as_str(), c.ahead.get(1)) {
        // After "sq" a unit that is also a word ("mi") is the unit.
        let (one, many) =
            unit_apart(&after.core).or_else(|| unit_words(&after.core.to_lowercase()))?;
        let kind = if next.starts_with("sq") {
            "square"
        } else {
            "cubic"
        };
        let plural = c.core() != "1" && !c.modifies_noun(3);
        let unit = if plural { many } else { one };
        return (c.ahead[0].trail.is_empty() && after.lead.is_empty())
            .then(|| (format!("{n} {kind} {unit}"), 3));
    }
    if c.next_core() == "m" {
        // "the 200 m", "1.5 m people": meters, or millions before a plural noun.
        if counts_in_millions(c, 2) {
            return Some((format!("{n} million"), 2));
        }
        let plural = c.core() != "1" && !c.modifies_noun(2);
        return Some((
            format!("{n} {}", if plural { "meters" } else { "meter" }),
            2,
        ));
    }
    let (one, many) = unit_apart(c.next_core())?;
    let plural = c.core() != "1" && !c.modifies_noun(2);
    Some((format!("{n} {}", if plural { many } else { one }), 2))
}

pub(super) fn percent_rule(c: &Context) -> Option<Said> {
    one(percent(c.core()))
}

/// A British weight in stones and pounds, "15st 2lb" → "fifteen stone two pounds" (an
/// "st" that is no ordinal's, before a weight in pounds).
pub(super) fn stone_weight(c: &Context) -> Option<Said> {
    let n = c.core().strip_suffix("st")?;
    let next = c.next_core();
    let pounds = next.strip_suffix("lbs").or_else(|| next.strip_suffix("lb"));
    let pounds_next =
        pounds.is_some_and(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()));
    if n.is_empty() || n.len() > 2 || !n.chars().all(|ch| ch.is_ascii_digit()) || !pounds_next {
        return None;
    }
    Some((format!("{} stone", number(n)?), 1))
}

/// A blood pressure reading, "140/90", "120/80 mmHg", "BP of 135/85": "one hundred forty
/// over ninety" (not a date, not a fraction), where the sentence says pressure or the
/// unit follows.
pub(super) fn blood_pressure(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('/')?;
    let reading = |s: &str, range: std::ops::RangeInclusive<u32>| {
        (2..=3).contains(&s.len())
            && s.chars().all(|ch| ch.is_ascii_digit())
            && s.parse().is_ok_and(|v| range.contains(&v))
    };
    if !reading(a, 60..=300) || !reading(b, 30..=200) || a.parse::<u32>().ok()? <= b.parse().ok()? {
        return None;
    }
    let said_pressure = c.recent_word_in(6, &["pressure", "bp", "hypertension", "hypertensive"])
        || c.next_core().eq_ignore_ascii_case("mmhg");
    if !said_pressure {
        return None;
    }
    Some((format!("{} over {}", number(a)?, number(b)?), 1))
}

/// A video resolution, "720p", "1080p", "1440p": the lines said as a model number or
/// in pairs ("seven twenty p", "ten eighty p", "fourteen forty p"); only standard
/// heights, and not in a sentence about prices, where "480p" is pence.
pub(super) fn video_resolution(c: &Context) -> Option<Said> {
    let written = c.core().strip_suffix('p')?;
    let lines = &written.replace(',', "");
    // A standard picture height, not a price in pence ("shares fell 3p to 480p").
    if !is_picture_height(lines) || c.sentence_has_word_in(PRICE_WORDS) {
        return None;
    }
    let said = match lines.len() {
        3 => super::cardinal::model_number(lines)?,
        4 => crate::numbers::year(lines.parse().ok()?),
        _ => return None,
    };
    Some((format!("{said} p"), 1))
}

/// A standard video picture height in lines ("720" of "720p").
pub(super) fn is_picture_height(lines: &str) -> bool {
    matches!(
        lines,
        "144" | "240" | "360" | "480" | "576" | "720" | "1080" | "1440" | "2160" | "4320"
    )
}

/// Words of a sentence about share prices, where "480p" is pence.
pub(super) const PRICE_WORDS: &[&str] = &[
    "shares", "share", "stock", "stocks", "pence", "traded", "trading", "closed",
];

pub(super) fn degrees_rule(c: &Context) -> Option<Said> {
    one(degrees(c.core()))
}

/// "51,200KB/50MB", "5km/3mi": amounts with their units on both sides of a slash, each
/// said as it would be alone ("fifty-one thousand two hundred kilobytes slash fifty
/// megabytes"), also with spaces ("8 GB/256 GB"); "90km/h": an amount with its unit
/// over a unit, "ninety kilometers per hour".
pub(super) fn slashed_quantities(c: &Context) -> Option<Said> {
    let core = c.core();
    let digits_end = core
        .find(|ch: char| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
        .unwrap_or(core.len());
    let (n, u) = core.split_at(digits_end);
    if let (Some(words), Some((one, many))) = (number(n), unit_words(u)) {
        if n.starts_with(|ch: char| ch.is_ascii_digit()) && u.contains('/') {
            return Some((format!("{words} {}", if n == "1" { one } else { many }), 1));
        }
    }
    // "8 GB/256 GB", "51,200 KB/50 MB": the slash between a unit and the next amount.
    if let Some((left, right)) = core.split_once('/') {
        let next_unit = c.next().and_then(|t| unit_words(&t.core));
        if let (Some((_, left_many)), Some(amount), Some((_, right_many)), true) = (
            unit_words(left),
            number(right).filter(|_| right.starts_with(|ch: char| ch.is_ascii_digit())),
            next_unit,
            c.after_digits() || number(c.prev_core()).is_some(),
        ) {
            return Some((format!("{left_many} slash {amount} {right_many}"), 2));
        }
    }
    if let Some((amount, per)) = core.split_once('/') {
        let digits_end = amount
            .find(|ch: char| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
            .unwrap_or(amount.len());
        let (n, u) = amount.split_at(digits_end);
        if let (Some(words), Some((one, many)), Some((per_one, _))) =
            (number(n), unit_words(u), unit_words(per))
        {
            if n.starts_with(|ch: char| ch.is_ascii_digit()) {
                let unit = if n == "1" { one } else { many };
                return Some((format!("{words} {unit} per {per_one}"), 1));
            }
        }
    }
    let parts: Vec<&str> = c.core().split('/').collect();
    let quantity = |p: &str| {
        p.starts_with(|ch: char| ch.is_ascii_digit()) && p.ends_with(|ch: char| ch.is_alphabetic())
    };
    if parts.len() != 2 || !parts.iter().all(|p| quantity(p)) {
        return None;
    }
    let said: Vec<String> = parts.iter().map(|p| super::normalize(p)).collect();
    if said.iter().any(|s| s.chars().any(|ch| ch.is_ascii_digit())) {
        return None;
    }
    Some((said.join(" slash "), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimal_amounts_with_m_are_millions_unless_about_length() {
        super::super::assert_said(&[
            (
                "The waiting list hit 7.8m, with 390k waiting over a year.",
                "The waiting list hit seven point eight million, with three hundred ninety thousand waiting over a year.",
            ),
            ("She jumped 6.85m.", "She jumped six point eight five meters."),
            ("The wall is 2.5m tall.", "The wall is two point five meters tall."),
        ]);
    }

    #[test]
    fn whole_percentages_and_percentage_points() {
        super::super::assert_said(&[
            (
                "It held the rate at 4.00% and raised it to 5.25%.",
                "It held the rate at four percent and raised it to five point two five percent.",
            ),
            (
                "Turnout was down 1.5pp, or 2 ppts.",
                "Turnout was down one point five percentage points, or two percentage points.",
            ),
        ]);
    }

    #[test]
    fn inches_attached_to_a_number() {
        super::super::assert_said(&[
            (
                "Up to 3-4in of snow fell.",
                "Up to three to four inches of snow fell.",
            ),
            ("A 6in pipe burst.", "A six-inch pipe burst."),
            ("It gets 28 mpg.", "It gets twenty-eight miles per gallon."),
            (
                "Shot in 1080p and 1440p, not 720p.",
                "Shot in ten eighty p and fourteen forty p, not seven twenty p.",
            ),
            (
                "Jailed for 2 yrs 6 mths.",
                "Jailed for two years six months.",
            ),
        ]);
    }

    #[test]
    fn blood_pressure_is_one_number_over_another() {
        super::super::assert_said(&[
            (
                "His blood pressure was 140/90.",
                "His blood pressure was one hundred forty over ninety.",
            ),
            (
                "A reading of 120/80 mmHg.",
                "A reading of one hundred twenty over eighty millimeters of mercury.",
            ),
            (
                "Her BP fell to 135/85 by noon.",
                "Her BP fell to one hundred thirty-five over eighty-five by noon.",
            ),
            // No pressure: not a reading.
            (
                "The 140/90 split held.",
                "The one hundred forty ninety split held.",
            ),
        ]);
    }
    #[test]
    fn time_and_count_units_after_numbers() {
        super::super::assert_said(&[
            (
                "It took 45 mins and 24 hrs.",
                "It took forty-five minutes and twenty-four hours.",
            ),
            ("He scored 27 pts.", "He scored twenty-seven points."),
            ("He served 5 yrs.", "He served five years."),
            // A decimal before "s" is seconds; "80s" stays a decade.
            (
                "He ran 9.58s in the 80s.",
                "He ran nine point five eight seconds in the eighties.",
            ),
            ("A 5ms delay.", "A five-millisecond delay."),
            ("Shares fell 0.8pc.", "Shares fell zero point eight percent."),
            ("It is 6.2 mi away.", "It is six point two miles away."),
            (
                "The quake (M7.8) was followed by a M6.7 aftershock on the M25.",
                "The quake (magnitude seven point eight) was followed by a magnitude six point seven aftershock on the M twenty-five.",
            ),
            ("A 3nm process.", "A three-nanometer process."),
            (
                "It makes 540 Nm of torque.",
                "It makes five hundred forty newton meters of torque.",
            ),
            (
                "Levels below 20 ng/mL.",
                "Levels below twenty nanograms per milliliter.",
            ),
            (
                "Its 176 hp engine beats a 300hp car.",
                "Its one hundred seventy-six horsepower engine beats a three-hundred-horsepower car.",
            ),
            (
                "CO2 hit 415ppm; PM2.5 rose 12 µg/m³.",
                "CO two hit four hundred fifteen parts per million; PM two point five rose twelve micrograms per cubic meter.",
            ),
            ("It lags 5ms.", "It lags five milliseconds."),
        ]);
    }

    #[test]
    fn m_after_a_number_is_meters_or_millions() {
        super::super::assert_said(&[
            (
                "About 1.5m people live there.",
                "About one point five million people live there.",
            ),
            (
                "It has 3 m users and a 2m fall.",
                "It has three million users and a two-meter fall.",
            ),
            (
                "The 200 m was won; the 100m hurdles start.",
                "The two hundred meters was won; the one hundred meters hurdles start.",
            ),
            ("The wall is 5m tall.", "The wall is five meters tall."),
        ]);
    }

    #[test]
    fn heights_in_feet_and_inches() {
        super::super::assert_said(&[
            (
                "The 6ft 4in striker scored.",
                "The six-foot-four striker scored.",
            ),
            ("He is 5ft 11in.", "He is five foot eleven."),
            ("A 6ft4in lock.", "A six-foot-four lock."),
            ("He is 6'2\" tall.", "He is six-foot-two tall."),
            ("A 5'11\" guard.", "A five-foot-eleven guard."),
            ("She stands 5′4″.", "She stands five foot four."),
            // The inch sign opens no quotation: 12" after it is still inches.
            (
                "The 6'2\" forward has 12\" hands.",
                "The six-foot-two forward has twelve-inch hands.",
            ),
        ]);
    }

    #[test]
    fn units_written_with_a_full_stop_and_unit_modifiers() {
        super::super::assert_said(&[
            (
                "They pump 1.2 million bbl. a day.",
                "They pump one point two million barrels a day.",
            ),
            (
                "Rates rose 25bp, then 25 bps more.",
                "Rates rose twenty-five basis points, then twenty-five basis points more.",
            ),
            (
                "It covers 103,500 sq mi of land.",
                "It covers one hundred three thousand five hundred square miles of land.",
            ),
            (
                "The TV measures 55 in. across.",
                "The TV measures fifty-five inches across.",
            ),
            (
                "A 1,200 sq. ft. apartment.",
                "A one thousand two hundred square foot apartment.",
            ),
            (
                "It holds 3 cu. ft. of air.",
                "It holds three cubic feet of air.",
            ),
            (
                "He lives 14.5 in. away.",
                "He lives fourteen point five inches away.",
            ),
            (
                "The stock fell -3% on Monday.",
                "The stock fell minus three percent on Monday.",
            ),
            (
                "Files over 51,200KB/50MB are skipped.",
                "Files over fifty-one thousand two hundred kilobytes slash fifty megabytes are skipped.",
            ),
            ("A 90km/h limit.", "A ninety kilometers per hour limit."),
            (
                "It parses 2.3 GB/s, or 2GB/s on one core.",
                "It parses two point three gigabytes per second, or two gigabytes per second on one core.",
            ),
            (
                "It has 8 GB/256 GB of memory.",
                "It has eight gigabytes slash two hundred fifty-six gigabytes of memory.",
            ),
        ]);
    }
}
