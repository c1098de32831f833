//! Temperatures written without the degree sign ("28F", "-5C"), read as degrees where
//! the sentence is about temperature. ("72°F" with its sign is a measure.)

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
/// number is below zero) and no word before makes it a seat or a gate.
pub(super) fn temperature_without_sign(c: &Context) -> Option<Said> {
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
    if !numeric
        || c.recent_word_in(1, LABEL_WORDS)
        || !(negative || c.sentence_has_word_in(TEMPERATURE_WORDS))
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
                "A high of 104F is forecast.",
                "A high of one hundred four degrees Fahrenheit is forecast.",
            ),
            // A seat, a gate, or no word of temperature: the letter stays a letter.
            (
                "It was cold in seat 28F.",
                "It was cold in seat twenty-eight F.",
            ),
            ("Gate 12C is closed.", "Gate twelve C is closed."),
        ]);
    }
}
