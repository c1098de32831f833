//! Software version numbers: "Python 3.6.0" → "three point six point zero", "v2.1" →
//! "version two point one", "3.4/3.5" → "three point four slash three point five". A
//! number of three dotted parts (or two after a "v") is a version, read part by part;
//! four parts are an address ("192.168.1.1", left to the residue rule's "dot"), and
//! dates ("3.4.2020") are read as dates by the rules before this one.

use super::rules::{one, Context, Said};
use crate::numbers::{cardinal, digits};

/// One part of a version: a number, digit by digit where it has a leading zero.
fn part(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(if s.len() > 1 && s.starts_with('0') {
        digits(s)
    } else {
        cardinal(s.parse().ok()?)
    })
}

/// "3.6.0" or "v2.1" said, or `None` if `s` is not a version.
fn version(s: &str) -> Option<String> {
    let (prefix, number) = match s.strip_prefix(['v', 'V']) {
        Some(rest) => ("version ", rest),
        None => ("", s),
    };
    let parts: Vec<&str> = number.split('.').collect();
    let enough = if prefix.is_empty() { 3 } else { 2 };
    if parts.len() < enough || parts.len() > 3 {
        return None;
    }
    let said: Vec<String> = parts.iter().map(|p| part(p)).collect::<Option<_>>()?;
    Some(format!("{prefix}{}", said.join(" point ")))
}

/// A decimal number in a slashed pair of versions ("3.4/3.5").
fn decimal(s: &str) -> Option<String> {
    let (whole, fraction) = s.split_once('.')?;
    Some(format!("{} point {}", part(whole)?, digits(fraction)))
        .filter(|_| !fraction.is_empty() && fraction.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn version_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    if let Some(said) = version(core) {
        return one(Some(said));
    }
    // Versions side by side: "3.4/3.5", "2.7/3.6.1".
    let (a, b) = core.split_once('/')?;
    let either = |s: &str| version(s).or_else(|| decimal(s));
    let (a, b) = (either(a)?, either(b)?);
    one(Some(format!("{a} slash {b}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_are_read_part_by_part() {
        super::super::assert_said(&[
            (
                "Python 3.6.0 is out.",
                "Python three point six point zero is out.",
            ),
            (
                "Upgrade to 3.10.2 today.",
                "Upgrade to three point ten point two today.",
            ),
            (
                "The v2.1 firmware shipped.",
                "The version two point one firmware shipped.",
            ),
            (
                "Python 3.4/3.5 was first.",
                "Python three point four slash three point five was first.",
            ),
            (
                "It runs 1.02.3 now.",
                "It runs one point zero two point three now.",
            ),
        ]);
    }

    #[test]
    fn addresses_and_dates_are_not_versions() {
        super::super::assert_said(&[
            (
                "Ping 192.168.1.1 first.",
                "Ping one nine two dot one six eight dot one dot one first.",
            ),
            (
                "Signed on 3.4.2020 in Bern.",
                "Signed on the third of April twenty twenty in Bern.",
            ),
        ]);
    }
}
