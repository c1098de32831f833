//! Roman numerals by context: "King Charles III" → "the third", "World War II" →
//! "two"; capitals that only look like numerals ("MD", "MIX") stay words.

use super::rules::{one, Context, Said};
use super::table::table;
use super::token::Token;
use crate::numbers::{cardinal, ordinal};

/// Words after which a Roman numeral is a plain number ("World War II", "Super Bowl
/// LVIII", "Chapter IV").
pub(super) const ROMAN_COUNTERS: &[&str] = &[
    "war", "bowl", "chapter", "part", "volume", "vol.", "act", "phase", "title", "article",
    "apollo", "class", "type", "level", "stage", "section", "book", "episode", "season", "round",
    "schedule", "vatican", "mark", "gen",
];

/// Capital-letter words that happen to be valid Roman numerals but are not.
pub(super) const ROMAN_LOOKALIKES: &[&str] = &[
    "DC", "CD", "MD", "CC", "CV", "DM", "MM", "CM", "ML", "MC", "LCD", "MIX", "DIV", "LI", "DI",
    "MI", "CI", "XXX", "XL", "XXL", "MCM",
];

pub(super) fn roman_value(s: &str) -> Option<u64> {
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<u64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    let total = u64::try_from(total).ok().filter(|&t| t > 0)?;
    // Only canonical spellings (so "IIII" or "VX" are not numerals).
    (to_roman(total) == s).then_some(total)
}

pub(super) fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The largest number a monarch or pope is given.
const MAX_REGNAL: u64 = 40;

/// Titles before a monarch's or pope's name ("King Charles III", "Pope Leo XIV").
const REGNAL_TITLES: &[&str] = &[
    "king", "queen", "pope", "emperor", "empress", "tsar", "czar", "tsarina", "kaiser", "sultan",
    "shah", "emir", "pharaoh", "prince", "princess", "duke", "duchess", "grand", "saint", "st.",
    "archduke", "infanta", "infante", "elector", "margrave", "sir", "lord",
];

table!(
    /// Names monarchs and popes reign under, said with an ordinal after them even
    /// without a title ("Elizabeth II", "Henry VIII", "John Paul II").
    regnal_names,
    "regnal-names.tsv"
);

fn is_regnal_name(word: &str) -> bool {
    regnal_names().iter().any(|r| r[0] == word)
}

/// A word that may be a person's name: capitalized, the rest in lower case, not a
/// word that opens a phrase ("The", "Its").
fn is_name_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).all(|c| c.is_lowercase())
        && word.chars().count() > 1
        && !matches!(
            word,
            "The"
                | "A"
                | "An"
                | "This"
                | "That"
                | "These"
                | "Its"
                | "His"
                | "Her"
                | "Their"
                | "Our"
                | "My"
                | "Your"
                | "New"
                | "Old"
                | "And"
                | "Of"
                | "In"
                | "On"
                | "At"
        )
}

/// "King Charles III" → "King Charles the third", "World War II" → "World War two",
/// "Artemis II" → "Artemis two". `behind`: the sentence's tokens before the numeral.
/// An ordinal after a name that reigns (a title within the three words before it, a
/// regnal name, or a person's full name, "Robert Griffin III"); a plain number after a
/// counter ("Chapter IV") or any other single name (a mission, a sequel).
pub(super) fn roman_in_context(core: &str, behind: &[Token]) -> Option<String> {
    let prev = behind.last().filter(|p| p.trail.is_empty())?;
    let value = roman_value(core)?;
    let counter = ROMAN_COUNTERS.contains(&prev.core.to_lowercase().as_str());
    if counter {
        return Some(cardinal(value));
    }
    let name_before = prev.core.chars().next().is_some_and(char::is_uppercase)
        && prev
            .core
            .chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '\'')
        && prev.core.chars().count() > 1;
    // Regnal numbers stay small (Louis XVIII, Pope John XXIII); "Browns DL Sheldon
    // Richardson" is a position, not the 550th.
    if core.len() < 2 || !name_before || value > MAX_REGNAL || ROMAN_LOOKALIKES.contains(&core) {
        return None;
    }
    let titled = behind
        .iter()
        .rev()
        .skip(1)
        .take(3)
        .any(|t| REGNAL_TITLES.contains(&t.core.to_lowercase().as_str()));
    let full_name = behind.len() >= 2
        && behind[behind.len() - 2].trail.is_empty()
        && is_name_word(&behind[behind.len() - 2].core);
    if titled || full_name || is_regnal_name(&prev.core) {
        Some(format!("the {}", ordinal(value)))
    } else {
        Some(cardinal(value))
    }
}

/// A numeral in context, possessive too: "Elizabeth II's reign" → "Elizabeth the
/// second's reign".
pub(super) fn roman_rule(c: &Context) -> Option<Said> {
    for apostrophe in ["'s", "’s"] {
        if let Some(numeral) = c.core().strip_suffix(apostrophe) {
            let words = roman_in_context(numeral, c.behind)?;
            return Some((format!("{words}{apostrophe}"), 1));
        }
    }
    one(roman_in_context(c.core(), c.behind))
}

#[cfg(test)]
mod tests {
    #[test]
    fn regnal_numbers_take_a_possessive() {
        super::super::assert_said(&[
            (
                "Queen Elizabeth II's reign.",
                "Queen Elizabeth the second's reign.",
            ),
            ("King Charles III spoke.", "King Charles the third spoke."),
            (
                "Henry VIII and Pope John Paul II.",
                "Henry the eighth and Pope John Paul the second.",
            ),
            (
                "Robert Griffin III threw.",
                "Robert Griffin the third threw.",
            ),
            ("Nasa's Artemis II crew.", "Nasa's Artemis two crew."),
            ("The Rocky II set.", "The Rocky two set."),
            (
                "Browns DL Sheldon Richardson spoke.",
                "Browns DL Sheldon Richardson spoke.",
            ),
        ]);
    }
}
