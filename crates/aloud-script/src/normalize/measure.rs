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

/// Units that are words too ("in", "m", "l", "g"?) are only read as units when written
/// attached to the number; this is the list that may also stand apart.
pub(super) fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "g" | "gm" | "ha" | "mi" | "gal") {
        return None;
    }
    unit_words(&lower)
}

/// Any unit's words, singular and plural, by one of its written forms (any case).
pub(super) fn unit_words(form: &str) -> Option<(&'static str, &'static str)> {
    let lower = form.to_lowercase();
    units()
        .iter()
        .find(|row| row[0].split("|").any(|f| f == lower))
        .map(|row| (row[1], row[2]))
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
            "l" | "L" => Some(("liter", "liters")),
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
        out.push_str(&format!(" per {}", lookup(per)?.0));
    }
    Some(out)
}

/// "5%" "5.5%" "-2%".
pub(super) fn percent(core: &str) -> Option<String> {
    let n = core.strip_suffix('%')?;
    if let Some((a, b)) = n.split_once(['-', '–']) {
        let a = a.strip_suffix('%').unwrap_or(a);
        return Some(format!("{} to {} percent", number(a)?, number(b)?));
    }
    Some(format!("{} percent", number(n)?))
}

/// "72°F" → "seventy-two degrees Fahrenheit", "-5°C", "90°".
pub(super) fn degrees(core: &str) -> Option<String> {
    let (n, unit) = core.split_once('°')?;
    let scale = match unit {
        "F" => " Fahrenheit",
        "C" => " Celsius",
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

/// "3 cc/s", "1/f": per.
pub(super) fn letters_per_letters(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('/')?;
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

/// A unit after a number said on its own: "4 1/2 lbs", "100 million kg", "2x8 m2".
pub(super) fn unit_after_number(c: &Context) -> Option<Said> {
    let core = c.core();
    if core.len() < 2 || matches!(core, "in" | "mi" | "ha" | "gal" | "IN") {
        return None;
    }
    let (one, many) = unit_words(core)?;
    let prev_core = c.prev_core();
    let numeric = prev_core.starts_with(|c: char| c.is_ascii_digit())
        || matches!(prev_core, "thousand" | "million" | "billion" | "trillion");
    (numeric && c.prev_clean()).then(|| ((if prev_core == "1" { one } else { many }).into(), 1))
}

pub(super) fn measure_rule(c: &Context) -> Option<Said> {
    one(measure(c.core()))
}

/// A number with its unit as the next word: "5 ft" → "five feet".
pub(super) fn number_before_unit(c: &Context) -> Option<Said> {
    if !c.next_clean() {
        return None;
    }
    let n = number(c.core())?;
    let (one, many) = unit(c.next_core())?;
    Some((
        format!("{n} {}", if c.core() == "1" { one } else { many }),
        2,
    ))
}

pub(super) fn percent_rule(c: &Context) -> Option<Said> {
    one(percent(c.core()))
}

pub(super) fn degrees_rule(c: &Context) -> Option<Said> {
    one(degrees(c.core()))
}
