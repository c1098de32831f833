//! Times of day and durations: "8:30", "5pm-7 pm", "11:30EST", "1.59 p.m.",
//! "1:01:01", and the meridiem words themselves ("a.m." → "AM").

use super::rules::{one, Context, Said};
use crate::numbers::cardinal;

/// Time zones said as letters after a time.
const ZONES: &[&str] = &[
    "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "GMT", "UTC", "BST", "CET", "ET", "PT",
    "CT",
];

/// Words naming a zone that are not its letters ("5 p.m. Eastern", "MT").
const ZONE_WORDS: &[&str] = &["eastern", "pacific", "central", "mountain", "local", "mt"];

/// A capitalized word that goes on a time rather than starting a sentence: a zone, a
/// day or a month, in full or abbreviated ("9 a.m. Tuesday", "10 a.m. GMT", "noon
/// Sept. 5"). The sentence splitter asks this after "a.m." and "p.m.".
pub(crate) fn goes_on_a_time(word: &str) -> bool {
    let lower = word.to_lowercase();
    ZONE_WORDS.contains(&lower.as_str())
        || ZONES.iter().any(|z| z.eq_ignore_ascii_case(word))
        || super::date::month(word).is_some()
        || super::date::is_weekday_name(word)
}

pub(super) fn is_meridiem(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "a.m." | "p.m." | "a.m" | "p.m" | "am" | "pm"
    )
}

/// "8:30" → "eight thirty", "8:00" → "eight o'clock" (or "eight" before a.m./p.m.),
/// "8:05" → "eight oh five", "14:00" → "fourteen hundred".
pub(super) fn time(core: &str, next: &str) -> Option<String> {
    let (h, m) = core.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u64, u64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 24 || m > 59 {
        return None;
    }
    let meridiem = is_meridiem(next);
    Some(match m {
        0 if h > 12 => format!("{} hundred", cardinal(h)),
        0 if meridiem => cardinal(h),
        0 => format!("{} o'clock", cardinal(h)),
        1..=9 => format!("{} oh {}", cardinal(h), cardinal(m)),
        _ => format!("{} {}", cardinal(h), cardinal(m)),
    })
}

/// "11:20AM", "5pm", "10:10p.m." → "eleven twenty AM".
pub(super) fn clock_with_meridiem(core: &str) -> Option<String> {
    let lower = core.to_lowercase();
    let (clock, meridiem) = [
        ("a.m.", "AM"),
        ("p.m.", "PM"),
        ("a.m", "AM"),
        ("p.m", "PM"),
        ("am", "AM"),
        ("pm", "PM"),
    ]
    .into_iter()
    .find_map(|(suffix, said)| lower.strip_suffix(suffix).map(|c| (c.to_string(), said)))?;
    if clock.is_empty() {
        return None;
    }
    // British style writes the minutes after a full stop: "7.45am", "10.30pm".
    let clock = match clock.split_once('.') {
        Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => format!("{h}:{m}"),
        _ => clock,
    };
    let spoken = if clock.contains(':') {
        time(&clock, "am")?
    } else {
        let h: u64 = clock.parse().ok().filter(|h| (1..=12).contains(h))?;
        cardinal(h)
    };
    Some(format!("{spoken} {meridiem}"))
}

/// "2pm-5pm", "9am-5pm", "9.30am-5pm" → "two PM to five PM".
pub(super) fn clock_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once('-')?;
    Some(format!(
        "{} to {}",
        clock_with_meridiem(a)?,
        clock_with_meridiem(b)?
    ))
}

/// "1:01:01", "14:10:30" → "one hour, one minute and one second".
pub(super) fn duration_clock(core: &str) -> Option<String> {
    let parts: Vec<&str> = core.split(':').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    if n[1] > 59 || n[2] > 59 {
        return None;
    }
    let unit =
        |v: u64, one: &str| format!("{} {one}{}", cardinal(v), if v == 1 { "" } else { "s" });
    Some(format!(
        "{} {} and {}",
        unit(n[0], "hour"),
        unit(n[1], "minute"),
        unit(n[2], "second")
    ))
}

pub(super) fn is_time_or_hour(core: &str) -> bool {
    let digits_colon = core.chars().all(|c| c.is_ascii_digit() || c == ':');
    digits_colon
        && core.chars().any(|c| c.is_ascii_digit())
        && core
            .split(':')
            .next()
            .and_then(|h| h.parse::<u32>().ok())
            .is_some_and(|h| h <= 24)
}

/// "5pm-7 pm": the second time's meridiem is the next word.
pub(super) fn clock_range_meridiem_apart(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('-')?;
    let (from, n) = (clock_with_meridiem(a)?, c.next()?);
    if is_meridiem(&n.core) && c.t.trail.is_empty() {
        let to = clock_with_meridiem(&format!("{b}{}", n.core))?;
        return Some((format!("{from} to {to}"), 2));
    }
    None
}

/// "11:30EST": a time with its zone glued on.
pub(super) fn clock_with_zone(c: &Context) -> Option<Said> {
    let core = c.core();
    let split = core.find(|c: char| c.is_ascii_uppercase())?;
    let (clock, zone) = core.split_at(split);
    if !ZONES.contains(&zone) {
        return None;
    }
    Some((format!("{} {zone}", time(clock, "")?), 1))
}

/// A twenty-four-hour time of four digits before its zone, as wires write it: "0600
/// GMT" → "oh six hundred GMT", "1814 GMT" → "eighteen fourteen GMT", "0905 UTC" →
/// "oh nine oh five UTC" (the zone's letters spelled, as after any time); also before
/// "local time", and before "hours" after "at", "by", "until"… ("at 1945 hours").
pub(super) fn four_digit_clock_before_zone(c: &Context) -> Option<Said> {
    let core = c.core();
    if core.len() != 4 || !core.chars().all(|ch| ch.is_ascii_digit()) || !c.next_clean() {
        return None;
    }
    // "0730 local time"; "at 1945 hours" (after a word of time: "1200 hours" of battery
    // life is a count).
    let local = c.next_core().eq_ignore_ascii_case("local");
    let hours = matches!(c.next_core(), "hours" | "hrs")
        && c.recent_word_in(
            1,
            &[
                "at", "by", "until", "till", "from", "before", "after", "since",
            ],
        );
    if !ZONES.contains(&c.next_core()) && c.next_core() != "Z" && !local && !hours {
        return None;
    }
    let (h, m): (u64, u64) = (core[..2].parse().ok()?, core[2..].parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    let hours = match h {
        0 => "zero".to_string(),
        1..=9 => format!("oh {}", cardinal(h)),
        _ => cardinal(h),
    };
    let minutes = match m {
        0 => "hundred".to_string(),
        1..=9 => format!("oh {}", cardinal(m)),
        _ => cardinal(m),
    };
    Some((format!("{hours} {minutes}"), 1))
}

/// "p.m.est" → "PM EST".
pub(super) fn meridiem_with_zone(c: &Context) -> Option<Said> {
    for (glued, said) in [("a.m.", "AM"), ("p.m.", "PM")] {
        if let Some(zone) = c.core().to_lowercase().strip_prefix(glued) {
            if (2..=4).contains(&zone.len()) && zone.chars().all(|c| c.is_ascii_alphabetic()) {
                return Some((format!("{said} {}", zone.to_uppercase()), 1));
            }
        }
    }
    None
}

pub(super) fn clock_range_rule(c: &Context) -> Option<Said> {
    one(clock_range(c.core()))
}

pub(super) fn duration_clock_rule(c: &Context) -> Option<Said> {
    one(duration_clock(c.core()))
}

/// "1.59 p.m." is a time.
pub(super) fn dotted_clock(c: &Context) -> Option<Said> {
    let (h, m) = c.core().split_once('.')?;
    if is_meridiem(c.next_core()) && h.len() <= 2 && m.len() == 2 {
        return one(time(&format!("{h}:{m}"), c.next_core()));
    }
    None
}

pub(super) fn clock_with_meridiem_rule(c: &Context) -> Option<Said> {
    one(clock_with_meridiem(c.core()))
}

/// "a.m.", "PM" and their variants → "AM", "PM" ("am" only after a time: it is a verb
/// elsewhere).
pub(super) fn meridiem(c: &Context) -> Option<Said> {
    let after_time = c.prev().is_some_and(|p| is_time_or_hour(&p.core));
    let said = match c.core() {
        "am" | "AM" if after_time => "AM",
        "pm" | "PM" if after_time => "PM",
        "a.m." | "A.M." | "a.m" | "A.M" => "AM",
        "p.m." | "P.M." | "p.m" | "P.M" => "PM",
        _ => return None,
    };
    Some((said.into(), 1))
}

/// "8:30" → "eight thirty".
pub(super) fn clock(c: &Context) -> Option<Said> {
    one(time(c.core(), c.next_core()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn four_digit_times_before_a_zone() {
        super::super::assert_said(&[
            ("It began at 0600 GMT.", "It began at oh six hundred G-M-T."),
            ("It hit at 1814 GMT.", "It hit at eighteen fourteen G-M-T."),
            (
                "It left at 0730 local time and lands at 1945 hours.",
                "It left at oh seven thirty local time and lands at nineteen forty-five hours.",
            ),
            (
                "The battery lasts 1200 hours.",
                "The battery lasts one thousand two hundred hours.",
            ),
            (
                "Due at 0905 UTC today.",
                "Due at oh nine oh five U-T-C today.",
            ),
            // A year before a zone's letters is no time without them.
            (
                "In 1990 the GMT rule changed.",
                "In nineteen ninety the G-M-T rule changed.",
            ),
        ]);
    }

    #[test]
    fn british_clock_times_with_a_full_stop() {
        super::super::assert_said(&[
            (
                "A crash at 7.45am closed it.",
                "A crash at seven forty-five AM closed it.",
            ),
            (
                "Open 9.30am-5pm daily.",
                "Open nine thirty AM to five PM daily.",
            ),
            ("It ended at 10.05pm.", "It ended at ten oh five PM."),
        ]);
    }
}
