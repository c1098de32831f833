//! Temperatures written without the degree sign ("28F", "-5C", "the mid-30s C"), read
//! as degrees where the sentence is about temperature. ("72°F" with its sign is a measure.)

use super::rules::{Context, Said};
use crate::numbers::number;

/// Words that make a sentence about temperature: "28F" in it is degrees.
const TEMPERATURE_WORDS: &[&str] = &[
    "temperature",
    "temperatures",
    "temps",
    "degrees",
    "high",
    "highs",
    "low",
    "lows",
    "heat",
    "heatwave",
    "cold",
    "warm",
    "warmer",
    "warmest",
    "warming",
    "climate",
    "colder",
    "coldest",
    "chill",
    "wind",
    "frost",
    "freezing",
    "overnight",
    "forecast",
    "weather",
    "thermometer",
    "mercury",
    "fever",
    "hot",
    "hotter",
    "hottest",
    "cool",
    "cooler",
    "snow",
    "rain",
    "sunny",
    "oven",
    "bake",
];

/// Words before a number-and-letter that make it a place or a label, not a temperature:
/// "seat 28F", "gate 12C".
const LABEL_WORDS: &[&str] = &[
    "seat",
    "seats",
    "row",
    "gate",
    "room",
    "flat",
    "apartment",
    "apt",
    "unit",
    "suite",
    "platform",
    "terminal",
    "pier",
    "bay",
    "block",
    "floor",
    "level",
    "box",
    "stand",
    "section",
    "form",
    "no",
    "no.",
    "number",
    "vitamin",
    "grade",
    "class",
    "type",
    "size",
    "cell",
    "locker",
];

/// A temperature written without the degree sign, "28F", "-5C", "a high of 104F":
/// degrees Fahrenheit or Celsius where the sentence is about temperature (or the
/// number is below zero or a decimal, "the 1.5C target") and no word before makes it a
/// seat or a gate.
pub(super) fn temperature_without_sign(c: &Context) -> Option<Said> {
    // "30C+": thirty degrees Celsius plus.
    if let Some(core) = c.core().strip_suffix('+') {
        let (words, used) = c.speak_as(core);
        return (used == 1 && words.contains("degree")).then(|| (format!("{words} plus"), 1));
    }
    let core = c.core();
    let (scale, amount) = match core.char_indices().last()? {
        (i, 'F') => ("Fahrenheit", &core[..i]),
        (i, 'C') => ("Celsius", &core[..i]),
        _ => return None,
    };
    let (negative, digits) = match amount.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, amount),
    };
    let numeric = !digits.is_empty()
        && digits.starts_with(|ch: char| ch.is_ascii_digit())
        && digits.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
        && digits.parse::<f64>().is_ok_and(|v| v <= 500.0);
    // A decimal is no seat or gate: "the 1.5C target" is a temperature anywhere.
    let decimal = digits.contains('.');
    if !numeric
        || c.recent_word_in(1, LABEL_WORDS)
        || !(negative || decimal || c.sentence_has_word_in(TEMPERATURE_WORDS))
    {
        return None;
    }
    let words = number(digits)?;
    let unit = if digits == "1" && !negative {
        "degree"
    } else {
        "degrees"
    };
    let sign = if negative { "minus " } else { "" };
    Some((format!("{sign}{words} {unit} {scale}"), 1))
}

/// A scale's letter apart from what it measures in a sentence about temperature: "highs
/// in the mid-30s C" → "Celsius", "lows near 20 F" → "Fahrenheit" (after a number or a
/// decade; not after a label word).
pub(super) fn scale_after_number(c: &Context) -> Option<Said> {
    let scale = match c.core() {
        "C" => "Celsius",
        "F" => "Fahrenheit",
        _ => return None,
    };
    let prev = c.prev_core();
    let measured = prev.ends_with(|ch: char| ch.is_ascii_digit())
        || prev.ends_with("0s") && prev.chars().any(|ch| ch.is_ascii_digit())
        || prev.eq_ignore_ascii_case("teens");
    (measured
        && c.prev_clean()
        && !c.recent_word_in(2, LABEL_WORDS)
        && c.sentence_has_word_in(TEMPERATURE_WORDS))
    .then(|| (scale.to_string(), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn temperatures_without_a_degree_sign_in_a_sentence_about_temperature() {
        super::super::assert_said(&[
            (
                "Temperatures fell to 28F overnight.",
                "Temperatures fell to twenty-eight degrees Fahrenheit overnight.",
            ),
            (
                "It was -5C at dawn.",
                "It was minus five degrees Celsius at dawn.",
            ),
            (
                "The 1.5C target set in Paris is slipping.",
                "The one point five degrees Celsius target set in Paris is slipping.",
            ),
            (
                "Limiting warming to 2C needs deep cuts.",
                "Limiting warming to two degrees Celsius needs deep cuts.",
            ),
            (
                "A high of 104F is forecast.",
                "A high of one hundred four degrees Fahrenheit is forecast.",
            ),
            // A seat, a gate, or no word of temperature: the letter stays a letter.
            (
                "It was cold in seat 28F.",
                "It was cold in seat twenty-eight F.",
            ),
            ("Gate 12C is closed.", "Gate twelve C is closed."),
            (
                "Expect highs in the mid-30s C and lows near 20 F.",
                "Expect highs in the mid thirties Celsius and lows near twenty Fahrenheit.",
            ),
            ("Gate 12 C is closed.", "Gate twelve C is closed."),
            (
                "Temperatures could reach 30C+ in the SE by the weekend.",
                "Temperatures could reach thirty degrees Celsius plus in the south-east by the weekend.",
            ),
        ]);
    }
}
