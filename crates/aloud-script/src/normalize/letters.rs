//! Letters and codes: dotted initialisms ("U.S." → "US"), letters with digits ("F-35",
//! "COVID-19", "H5N1"), slashed codes ("31/31/100") and symbols inside junk tokens.

use super::cardinal::model_number;
use super::rules::{one, Context, Said};
use super::token::is_dotted_initialism;
use crate::numbers::{cardinal, digits};

/// "U.S." → "US": joined capitals ("US", "UN") are spelled by espeak-ng; spaced single
/// letters are not ("A M" is read as the article "a" and "em").
pub(super) fn dotted_initialism(c: &Context) -> Option<Said> {
    let core = c.core();
    if !is_dotted_initialism(core) {
        return None;
    }
    let letters: Vec<String> = core
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.to_uppercase())
        .collect();
    Some((letters.join(""), 1))
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
                words.push(run);
                continue;
            }
            let spelled = || digits(&run);
            words.push(match run.len() {
                _ if run.len() > 1 && run.starts_with('0') => spelled(),
                1 | 2 => cardinal(run.parse().ok()?),
                3 => model_number(&run).unwrap_or_else(|| cardinal(run.parse().unwrap_or(0))),
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
/// each piece read, the separators kept as written (the voice says "slash").
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
    Some(parts.join("/"))
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
