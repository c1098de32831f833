//! Addresses: house numbers ("2788 San Tomas Expy"), street types, compass directions,
//! US states after a comma ("Austin, TX") and ZIP codes; "St." as Saint or Street.

use super::cardinal::{is_ordinal_token, model_number};
use super::rules::{Context, Said};
use super::table::table;
use super::token::{capitalized, Token};
use crate::numbers::{cardinal, digits, year};

table!(
    /// US states: postal code, AP-style abbreviation (`-` where AP spells it out),
    /// name, where the AP form is read as the state (anywhere, after-comma).
    states,
    "states.tsv"
);

/// Street types after a street's name: "San Tomas Expy" → "San Tomas Expressway".
pub(super) const STREET_TYPES: &[(&str, &str)] = &[
    ("st", "Street"),
    ("ave", "Avenue"),
    ("av", "Avenue"),
    ("blvd", "Boulevard"),
    ("rd", "Road"),
    ("ct", "Court"),
    ("ln", "Lane"),
    ("hwy", "Highway"),
    ("expy", "Expressway"),
    ("pkwy", "Parkway"),
    ("pl", "Place"),
    ("sq", "Square"),
    ("ter", "Terrace"),
    ("cir", "Circle"),
];

pub(super) fn street_type(core: &str) -> Option<&'static str> {
    let lower = core.trim_end_matches('.').to_lowercase();
    STREET_TYPES
        .iter()
        .find(|(abbr, _)| *abbr == lower)
        .map(|(_, full)| *full)
}

pub(super) const DIRECTIONS: &[(&str, &str)] = &[
    ("N", "North"),
    ("S", "South"),
    ("E", "East"),
    ("W", "West"),
    ("NE", "Northeast"),
    ("NW", "Northwest"),
    ("SE", "Southeast"),
    ("SW", "Southwest"),
];

/// Whether the tokens ahead look like the rest of a street address: a name
/// (capitalized words, a direction or an ordinal) ending in a street type.
pub(super) fn street_follows(ahead: &[Token]) -> bool {
    for (k, t) in ahead.iter().take(5).enumerate() {
        let core = t.core.as_str();
        if k > 0 && street_type(core).is_some() {
            return true;
        }
        let namey = capitalized(core)
            || is_ordinal_token(core)
            || DIRECTIONS.iter().any(|(d, _)| *d == core);
        if !namey || (!t.trail.is_empty() && t.trail != ".") {
            return false;
        }
    }
    false
}

/// A state's name by its postal code ("TX" → "Texas").
pub(super) fn state(core: &str) -> Option<&'static str> {
    states().iter().find(|r| r[0] == core).map(|r| r[2])
}

/// A state's AP-style abbreviation, with its full stop ("Calif.", "N.M.", "W.Va."):
/// the state's name, and whether the form is read so only after a comma.
pub(super) fn ap_state(form: &str) -> Option<(&'static str, bool)> {
    states()
        .iter()
        .find(|r| r[1] != "-" && r[1] == form)
        .map(|r| (r[2], r[3] == "after-comma"))
}

/// A party-state tag after a politician's name: "R-Ohio", "D-N.Y.", "I-Vt.", "D-CA"
/// → "Republican of Ohio".
pub(super) fn party_tag(core: &str) -> Option<String> {
    let (party, place) = core.split_once('-')?;
    let party = match party {
        "R" => "Republican",
        "D" => "Democrat",
        "I" => "independent",
        _ => return None,
    };
    let name = ap_state(place)
        .map(|(name, _)| name)
        .or_else(|| state(place))
        .or_else(|| states().iter().find(|r| r[2] == place).map(|r| r[2]))?;
    Some(format!("{party} of {name}"))
}

pub(super) fn party_state(c: &Context) -> Option<Said> {
    party_tag(c.core()).map(|w| (w, 1))
}

/// An AP-style state abbreviation: "Pasadena, Calif.", "parts of Ariz., N.M. and Utah";
/// one that is also a word or title ("Miss.", "Ill.") only after a comma.
pub(super) fn ap_state_rule(c: &Context) -> Option<Said> {
    let (name, after_comma_only) = ap_state(c.core())?;
    let after_comma = c.prev().is_some_and(|p| p.trail == ",") && c.t.lead.is_empty();
    (after_comma || !after_comma_only).then(|| (name.to_string(), 1))
}

/// A house number before a street: "2788" of "2788 San Tomas Expy" is read in pairs.
/// A British road's number: "A14", "M25", "A1(M)", "B1234".
fn is_road_number(word: &str) -> bool {
    let word = word.trim_end_matches("(M)");
    let mut chars = word.chars();
    matches!(chars.next(), Some('A' | 'M' | 'B'))
        && (2..=5).contains(&word.len())
        && chars.all(|ch| ch.is_ascii_digit())
}

/// A motorway junction in a sentence that names a road: "between J31 and J33 of the
/// A14" → "junction thirty-one", "junction thirty-three".
pub(super) fn road_junction(c: &Context) -> Option<Said> {
    let n = c.core().strip_prefix('J')?;
    if !(1..=3).contains(&n.len()) || !n.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    let road_named = c
        .behind
        .iter()
        .chain(c.ahead)
        .any(|t| is_road_number(&t.core));
    if !road_named {
        return None;
    }
    Some((format!("junction {}", cardinal(n.parse().ok()?)), 1))
}

pub(super) fn street_number(c: &Context) -> Option<Said> {
    let core = c.core();
    if !((1..=5).contains(&core.len())
        && core.chars().all(|c| c.is_ascii_digit())
        && c.t.trail.is_empty()
        && street_follows(c.ahead))
    {
        return None;
    }
    let n: u64 = core.parse().unwrap_or(0);
    let words = match core.len() {
        3 => model_number(core).unwrap_or_else(|| cardinal(n)),
        4 => year(n),
        _ => cardinal(n),
    };
    Some((words, 1))
}

/// A street type after the street's name: "Main St" → "Main Street".
pub(super) fn street_type_after_name(c: &Context) -> Option<Said> {
    let full = street_type(c.core())?;
    let prev_core = c.prev_core();
    // "St." is Saint or Street by what follows; decided by `saint_or_street`.
    ((capitalized(prev_core) || is_ordinal_token(prev_core)) && c.prev_clean() && c.core() != "St.")
        .then(|| (full.into(), 1))
}

/// A compass point between a house number and a name: "100 N Main St".
pub(super) fn direction(c: &Context) -> Option<Said> {
    let (_, full) = DIRECTIONS.iter().find(|(d, _)| *d == c.core())?;
    let before_name = c
        .next()
        .is_some_and(|n| capitalized(&n.core) || is_ordinal_token(&n.core));
    (c.after_digits() && before_name).then(|| (full.to_string(), 1))
}

/// A region named by a two-letter compass point: "in NW England", "across SE Asia" →
/// "north-west England", "6 mi SW of Ridgecrest" (one letter, "N", is too often an
/// initial).
pub(super) fn region_direction(c: &Context) -> Option<Said> {
    let said = match c.core() {
        "NW" => "north-west",
        "NE" => "north-east",
        "SW" => "south-west",
        "SE" => "south-east",
        _ => return None,
    };
    // Before a place, or "of" one: "10 km SW of Ridgecrest".
    let before_place = c.next_clean()
        && (capitalized(c.next_core())
            && c.next_core().chars().skip(1).all(|ch| ch.is_lowercase())
            || c.next_core() == "of");
    let street_number = c.after_digits() && c.next_core() != "of";
    // A region: "in the SE", "across the NW".
    let region = c.prev_core().eq_ignore_ascii_case("the") && c.prev_clean();
    ((before_place || region) && !street_number).then(|| (said.into(), 1))
}

/// A postal code after a comma: "Austin, TX".
pub(super) fn state_after_comma(c: &Context) -> Option<Said> {
    let name = state(c.core())?;
    (c.prev().is_some_and(|p| p.trail == ",") && c.t.lead.is_empty()).then(|| (name.into(), 1))
}

/// A ZIP code after a state, read digit by digit.
pub(super) fn zip_code(c: &Context) -> Option<Said> {
    let (core, prev_core) = (c.core(), c.prev_core());
    (core.len() == 5
        && core.chars().all(|c| c.is_ascii_digit())
        && (state(prev_core).is_some()
            || ap_state(prev_core).is_some()
            || states().iter().any(|r| r[2] == prev_core)))
    .then(|| (digits(core), 1))
}

/// "St." before a name that does not start a sentence is Saint ("St. Louis"), else
/// Street ("Elm St. It was"). British style drops the stop: "St" before a name is
/// Saint ("at St Mary's"); after a name `street_type_after_name` has made it Street
/// ("Church St"), and elsewhere it is left alone.
pub(super) fn saint_or_street(c: &Context) -> Option<Said> {
    let next_core = c.next_core();
    let before_name = capitalized(next_core) && c.next_clean();
    match c.core() {
        "St." => {
            let starter =
                crate::sentences::SENTENCE_STARTERS.contains(&next_core.to_lowercase().as_str());
            let saint = before_name && !starter;
            Some(((if saint { "Saint" } else { "Street" }).into(), 1))
        }
        "St" if before_name && c.t.trail.is_empty() => Some(("Saint".into(), 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn junctions_of_a_named_road() {
        super::super::assert_said(&[
            (
                "The A14 between J31 and J33 is shut.",
                "The A fourteen between junction thirty-one and junction thirty-three is shut.",
            ),
            (
                "Delays at J10 of the M25.",
                "Delays at junction ten of the M twenty-five.",
            ),
            // No road named: a code.
            ("The J10 model sold out.", "The J ten model sold out."),
        ]);
    }

    #[test]
    fn party_tags_and_ap_state_abbreviations() {
        super::super::assert_said(&[
            (
                "Sen. Sherrod Brown, D-Ohio, spoke.",
                "Senator Sherrod Brown, Democrat of Ohio, spoke.",
            ),
            (
                "Rep. Jim Jordan (R-Ohio) said no.",
                "Representative Jim Jordan (Republican of Ohio) said no.",
            ),
            (
                "Rep. Nancy Pelosi, D-Calif., objected.",
                "Representative Nancy Pelosi, Democrat of California, objected.",
            ),
            (
                "Sen. Angus King, I-Maine, voted.",
                "Senator Angus King, independent of Maine, voted.",
            ),
            (
                "He moved to Ithaca, N.Y., in 2004.",
                "He moved to Ithaca, New York, in two thousand four.",
            ),
            (
                "The office in Tulsa, Okla. closed.",
                "The office in Tulsa, Oklahoma closed.",
            ),
        ]);
    }

    #[test]
    fn saint_and_street_with_and_without_a_stop() {
        super::super::assert_said(&[
            (
                "They met at St Mary's church on Church St in St Albans.",
                "They met at Saint Mary's church on Church Street in Saint Albans.",
            ),
            ("St Andrews won.", "Saint Andrews won."),
            (
                "Gales hit NW England and SE Asia; 12 NW Main St.",
                "Gales hit north-west England and south-east Asia; twelve Northwest Main Street.",
            ),
            (
                "It struck 10 km SW of Ridgecrest.",
                "It struck ten kilometers south-west of Ridgecrest.",
            ),
            (
                "He lives on Elm St. It was cold.",
                "He lives on Elm Street. It was cold.",
            ),
        ]);
    }
}
