//! Dates and years: month names and abbreviations, numeric dates ("2024-01-05",
//! "15.01.2020"), days ("25 July", "Jan. 5"), years by context ("in 2019"), decades
//! ("the '90s", "1960s-80s"), eras ("44 B.C.") and quarters ("2Q22").

use super::cardinal::{model_number, plain_numeric};
use super::rules::{is_plural, one, Context, Said};
use super::table::{lookup, table};
use super::time::clock_with_meridiem;
use super::token::{bare, Token};
use super::DateOrder;
use crate::numbers::{cardinal, ordinal, year};

table!(
    /// Weekday abbreviations as listings and AP style write them, and their names.
    weekdays,
    "weekdays.tsv"
);

/// A weekday's name by its abbreviation, with or without its full stop ("Sat.", "Thu").
pub(super) fn weekday(abbreviation: &str) -> Option<&'static str> {
    lookup(
        weekdays(),
        abbreviation.strip_suffix('.').unwrap_or(abbreviation),
    )
}

/// A weekday's name, in full or abbreviated, in any case ("Tuesday", "tues").
pub(super) fn is_weekday_name(word: &str) -> bool {
    weekdays()
        .iter()
        .any(|r| r[0].eq_ignore_ascii_case(word) || r[1].eq_ignore_ascii_case(word))
}

pub(super) const MONTHS: &[(&str, &str)] = &[
    ("january", "January"),
    ("jan", "January"),
    ("february", "February"),
    ("feb", "February"),
    ("march", "March"),
    ("mar", "March"),
    ("april", "April"),
    ("apr", "April"),
    ("may", "May"),
    ("june", "June"),
    ("jun", "June"),
    ("july", "July"),
    ("jul", "July"),
    ("august", "August"),
    ("aug", "August"),
    ("september", "September"),
    ("sept", "September"),
    ("sep", "September"),
    ("october", "October"),
    ("oct", "October"),
    ("november", "November"),
    ("nov", "November"),
    ("december", "December"),
    ("dec", "December"),
];

pub(crate) const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words before a four-digit number that make it a year.
pub(super) const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "by", "of", "from", "until", "till", "during", "before", "after", "year",
    "around", "circa", "early", "late", "mid", "between", "through", "the", "to", "and", "fiscal",
    "spring", "summer", "fall", "autumn", "winter", "season", "class",
];

/// Lower-case words after a four-digit number that still leave it a year.
pub(super) const YEAR_FOLLOWERS: &[&str] = &[
    "and",
    "to",
    "through",
    "or",
    "when",
    "as",
    "after",
    "before",
    "the",
    "a",
    "an",
    "that",
    "but",
    "with",
    "for",
    "season",
    "election",
    "elections",
    "campaign",
    "budget",
    "census",
    "report",
    "model",
    "models",
    "olympics",
    "levels",
    "level",
    "figures",
    "data",
    "season's",
    "was",
    "is",
    "were",
    "will",
    "saw",
    "had",
];

pub(super) fn month(word: &str) -> Option<&'static str> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, full)| *full)
}

/// "2024-01-05", "2024/1/5", "1/5/2024" (US month first), "01/07/98", "15.01.2020"
/// (day first), "Jan-15-2020", "Jan-15" → "January fifth, twenty twenty-four".
pub(super) fn numeric_date(core: &str, order: DateOrder) -> Option<String> {
    let say = |m: u64, d: u64, y: Option<(u64, usize)>| -> Option<String> {
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let month = FULL_MONTHS[m as usize - 1];
        Some(match y {
            Some((y, 2)) => format!("{month} {}, {}", ordinal(d), two_digit_year(y)),
            Some((y, _)) => format!("{month} {}, {}", ordinal(d), year(y)),
            None => format!("{month} {}", ordinal(d)),
        })
    };
    if let Some((mon, rest)) = core.split_once('-') {
        if let Some(full) = month(mon).filter(|_| mon.chars().all(char::is_alphabetic)) {
            let mut parts = rest.split('-');
            let d: u64 = parts.next()?.parse().ok()?;
            let y = parts
                .next()
                .map(|y| y.parse::<u64>().ok().map(|v| (v, y.len())))
                .unwrap_or(None);
            let m = FULL_MONTHS.iter().position(|f| *f == full)? as u64 + 1;
            return say(m, d, y);
        }
    }
    let sep = ['-', '/', '.']
        .into_iter()
        .find(|s| core.matches(*s).count() == 2)?;
    let parts: Vec<&str> = core.split(sep).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let day_first = |d: u64, m: u64, y: (u64, usize)| -> Option<String> {
        let us = say(m, d, Some(y))?;
        let (month_day, year_words) = us.split_once(", ")?;
        let (month, day) = month_day.split_once(' ')?;
        Some(format!("the {day} of {month} {year_words}"))
    };
    match (parts[0].len(), parts[1].len(), parts[2].len()) {
        (4, _, 1..=2) => say(n[1], n[2], Some((n[0], 4))),
        (1..=2, 1..=2, 4 | 2) => {
            let year = (n[2], parts[2].len());
            // Written day first, read day first: "the fifteenth of January, twenty twenty".
            let order = match unambiguous_order(core) {
                Some(order) => order,
                None if sep == '.' => DateOrder::DayFirst,
                None => order,
            };
            match order {
                DateOrder::DayFirst => day_first(n[0], n[1], year),
                DateOrder::MonthFirst => say(n[0], n[1], Some(year)),
            }
        }
        _ => None,
    }
}

/// The order a numeric date ("25/12/2023", "12-25-23", "3.4.2021") can only be read in:
/// day first when its first number is over 12, month first when its second is; `None`
/// when both could be a month or the token is no such date.
pub(super) fn unambiguous_order(core: &str) -> Option<DateOrder> {
    let sep = ['/', '-', '.']
        .into_iter()
        .find(|s| core.matches(*s).count() == 2)?;
    let parts: Vec<&str> = core.split(sep).collect();
    let lengths_fit = (1..=2).contains(&parts[0].len())
        && (1..=2).contains(&parts[1].len())
        && matches!(parts[2].len(), 2 | 4);
    if !lengths_fit || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (a, b): (u64, u64) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
    match (a, b) {
        (13..=31, 1..=12) => Some(DateOrder::DayFirst),
        (1..=12, 13..=31) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

/// '98 → "ninety-eight", '05 → "oh five".
pub(super) fn two_digit_year(y: u64) -> String {
    if y < 10 {
        format!("oh {}", cardinal(y))
    } else {
        cardinal(y)
    }
}

/// A day of the month written as "5", "05" or "5th".
pub(super) fn day_number(core: &str) -> Option<u64> {
    let digits = core.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &core[digits.len()..].to_lowercase();
    if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th")
        || digits.is_empty()
        || digits.len() > 2
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A month name that is not also an everyday word ("may", "march" only capitalized).
pub(super) fn is_month_word(word: &str) -> bool {
    let lower = word.trim_end_matches('.').to_lowercase();
    month(word).is_some()
        && (!matches!(lower.as_str(), "may" | "march" | "mar" | "jan" | "dec")
            || word.starts_with(char::is_uppercase))
}

/// "1990s" → "nineteen nineties", "'90s" → "nineties".
pub(super) fn decade(core: &str) -> Option<String> {
    let core = core.trim_end_matches(['’', '\'']);
    let digits = core.strip_suffix('s')?;
    let digits = digits.strip_suffix(['\'', '’']).unwrap_or(digits);
    let short = digits.strip_prefix(['\'', '’']);
    let plural = |words: String| -> String {
        match words.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{words}s"),
        }
    };
    if let Some(two) = short {
        let n: u64 = two.parse().ok()?;
        return (two.len() == 2 && n.is_multiple_of(10)).then(|| plural(cardinal(n)));
    }
    let n: u64 = digits.parse().ok()?;
    if digits.len() == 4 && n.is_multiple_of(10) {
        if n.is_multiple_of(1000) {
            // "the 2000s": the two thousands.
            return Some(format!("{} thousands", cardinal(n / 1000)));
        }
        if n.is_multiple_of(100) {
            return Some(format!("{} hundreds", cardinal(n / 100)));
        }
        return Some(plural(year(n)));
    }
    // "80's", "80s": the eighties.
    if digits.len() == 2 && n.is_multiple_of(10) && n >= 20 {
        return Some(plural(cardinal(n)));
    }
    None
}

/// "1960s-1980s", "1960s-80s" → "nineteen sixties to nineteen eighties".
pub(super) fn decade_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once(['-', '–', '−'])?;
    let first = decade(a)?;
    let second = decade(b).or_else(|| decade(&format!("'{b}")))?;
    Some(format!("{first} to {second}"))
}

pub(super) fn is_year_context(prev: Option<&Token>, next: Option<&Token>, t: &Token) -> bool {
    if let Some(p) = prev {
        let word = bare(&p.core);
        if YEAR_CONTEXT.contains(&word.as_str())
            || month(&p.core).is_some()
            || p.trail.ends_with(',') && month(&p.core).is_some()
        {
            return true;
        }
    }
    match next {
        None => true,
        Some(_) if !t.trail.is_empty() => true,
        Some(n) => {
            let w = bare(&n.core);
            let is_lower_word = n.core.chars().next().is_some_and(|c| c.is_lowercase());
            !is_lower_word || YEAR_FOLLOWERS.contains(&w.as_str())
        }
    }
}

const ERAS: &[&str] = &["AD", "A.D", "A.D.", "BC", "B.C", "B.C.", "BCE", "CE"];

/// "2Q22" → "the second quarter of twenty-two".
pub(super) fn quarter_code(c: &Context) -> Option<Said> {
    if let [q @ b'1'..=b'4', b'Q', y1 @ b'0'..=b'9', y2 @ b'0'..=b'9'] = c.core().as_bytes() {
        let year = (y1 - b'0') as u64 * 10 + (y2 - b'0') as u64;
        let quarter = ordinal((q - b'0') as u64);
        return Some((
            format!("the {quarter} quarter of {}", two_digit_year(year)),
            1,
        ));
    }
    None
}

/// A half-year before its year, as company results write it: "H1 2024" → "the first
/// half of twenty twenty-four", "in H2 FY24" → "the second half of fiscal year…" (alone,
/// "H2" may be hydrogen, and is left).
pub(super) fn half_year_code(c: &Context) -> Option<Said> {
    let half = match c.core() {
        "H1" => "first",
        "H2" => "second",
        _ => return None,
    };
    let next = c.next_core();
    let year =
        next.len() == 4 && next.chars().all(|ch| ch.is_ascii_digit()) && next.starts_with("20")
            || next.starts_with("FY");
    // "in H2 2024" → "in the second half of…"; "a weak H1 2024" has its article.
    let article = if c.behind.is_empty()
        || c.recent_word_in(
            1,
            &[
                "in", "during", "for", "of", "by", "from", "over", "through", "since", "until",
                "to", "into", "and", "or",
            ],
        ) {
        "the "
    } else {
        ""
    };
    (year && c.next_clean()).then(|| (format!("{article}{half} half of"), 1))
}

/// "FY 2024", "FY24" apart from its year: "fiscal year" (the year is read by the rules
/// after it; written together, "FY2024" is read as a code with a year).
pub(super) fn fiscal_year_apart(c: &Context) -> Option<Said> {
    let year = c.next_core();
    let year_like =
        (year.len() == 2 || year.len() == 4) && year.chars().all(|ch| ch.is_ascii_digit());
    (c.core() == "FY" && c.next_clean() && year_like).then(|| ("fiscal year".into(), 1))
}

/// "340 AD", "44 B.C.": the era after a year, as letters.
pub(super) fn era_after_number(c: &Context) -> Option<Said> {
    (ERAS.contains(&c.core()) && c.after_digits()).then(|| (c.core().replace('.', ""), 1))
}

/// "1980 s": a decade written apart.
pub(super) fn decade_written_apart(c: &Context) -> Option<Said> {
    if c.next().is_some_and(|n| n.core == "s" && n.lead.is_empty()) && c.t.trail.is_empty() {
        return decade(&format!("{}s", c.core())).map(|w| (w, 2));
    }
    None
}

pub(super) fn decade_range_rule(c: &Context) -> Option<Said> {
    one(decade_range(c.core()))
}

pub(super) fn numeric_date_rule(c: &Context) -> Option<Said> {
    one(numeric_date(c.core(), c.conventions.date_order))
}

/// "25 July 2012", "25th Jul" → "the twenty-fifth of July …".
pub(super) fn day_before_month(c: &Context) -> Option<Said> {
    let day = day_number(c.core())?;
    let year_after = c
        .ahead
        .get(1)
        .is_some_and(|y| y.core.len() == 4 && y.core.chars().all(|c| c.is_ascii_digit()));
    let month_next = c
        .next()
        .is_some_and(|n| is_month_word(&n.core) || (year_after && month(&n.core).is_some()));
    if c.next_clean() && month_next {
        let article = if c.prev_core().eq_ignore_ascii_case("the") {
            ""
        } else {
            "the "
        };
        return Some((format!("{article}{} of", ordinal(day)), 1));
    }
    None
}

/// Words that join a year or decade with a hyphen to say when in or around it.
const PERIOD_PREFIXES: &[&str] = &["mid", "early", "late", "pre", "post", "end", "start"];

/// A year or decade with a word of when before it: "mid-1990s", "mid-'90s" → "mid
/// nineteen nineties"; "mid-2019", "late-2020", "pre-2008", "post-2016", "end-2019" →
/// "mid twenty nineteen" (a year, never its digits one by one).
pub(super) fn prefixed_period(c: &Context) -> Option<Said> {
    let (prefix, rest) = c.core().split_once('-')?;
    if !PERIOD_PREFIXES.contains(&prefix.to_lowercase().as_str()) {
        return None;
    }
    let words = decade(rest)
        .or_else(|| decade(&format!("'{rest}")))
        .or_else(|| {
            let n: u64 = rest.parse().ok()?;
            (rest.len() == 4 && (1000..2100).contains(&n)).then(|| year(n))
        })?;
    Some((format!("{prefix} {words}"), 1))
}

/// A month's name, abbreviated or not: "Jan. 5", "Sept", "March 3"; "may" and a
/// lower-case abbreviation ("dec.") stay words unless a day is beside them.
pub(super) fn month_rule(c: &Context) -> Option<Said> {
    let (core, next_core) = (c.core(), c.next_core());
    let full = month(core)?;
    let lowercase_abbreviation = core.ends_with('.') && core.starts_with(char::is_lowercase);
    let before_number = next_core.starts_with(|c: char| c.is_ascii_digit());
    let after_day = day_number(c.prev_core()).is_some();
    if lowercase_abbreviation && !before_number && !after_day {
        return Some((core.to_string(), 1));
    }
    if core.ends_with('.')
        || core.chars().count() > 3
        || next_core.chars().all(|c| c.is_ascii_digit()) && !next_core.is_empty()
        // British order: "Fri 12 Jan".
        || after_day && core.starts_with(char::is_uppercase)
        // "in Oct from 6.7%", "since Sept": after a word of time, written short.
        || core.starts_with(char::is_uppercase)
            && c.prev_clean()
            && c.recent_word_in(
                1,
                &["in", "since", "from", "until", "till", "by", "during", "last", "next", "early", "late", "mid", "of"],
            )
    {
        return Some((full.to_string(), 1));
    }
    None
}

/// A decade in a compound, "1990s-era", "'80s-style", "1960s-inspired": the decade,
/// then the word ("nineteen nineties era").
pub(super) fn decade_compound(c: &Context) -> Option<Said> {
    let (head, word) = c.core().split_once('-')?;
    if word.len() < 2 || !word.chars().all(|ch| ch.is_ascii_alphabetic()) {
        return None;
    }
    Some((format!("{} {word}", decade(head)?), 1))
}

pub(super) fn decade_rule(c: &Context) -> Option<Said> {
    one(decade(c.core()))
}

/// A range of days across two months, written "July 26-Aug. 11": the first day, then
/// the second month and day ("twenty-sixth to August eleventh").
pub(super) fn day_to_next_month(c: &Context) -> Option<Said> {
    let p = c.prev()?;
    let (day, next_month) = c.core().split_once(['-', '–'])?;
    let first: u64 = day.parse().ok()?;
    let second: u64 = c.next_core().parse().ok()?;
    let name = month(next_month)?;
    let days = 1..=31;
    (month(&p.core).is_some()
        && p.trail.is_empty()
        && days.contains(&first)
        && days.contains(&second)
        // The month's own stop ("Aug.") is the token's trail.
        && (c.t.trail.is_empty() || c.t.trail == ".")
        && c.next().is_some_and(|n| n.lead.is_empty()))
    .then(|| {
        (
            format!("{} to {name} {}", ordinal(first), ordinal(second)),
            2,
        )
    })
}

/// A day after a month: "Jan. 5" → "January fifth".
pub(super) fn day_after_month(c: &Context) -> Option<Said> {
    let p = c.prev()?;
    let day: u64 = c.core().parse().ok()?;
    (plain_numeric(c.core())
        && month(&p.core).is_some()
        && (1..=31).contains(&day)
        && p.trail.is_empty())
    .then(|| (ordinal(day), 1))
}

/// A four-digit number where a year is meant: "in 2019", "2019 was".
pub(super) fn year_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    let n: u64 = core.parse().ok()?;
    (plain_numeric(core)
        && core.len() == 4
        && (1000..2100).contains(&n)
        && (is_year_context(c.prev(), c.next(), c.t)
            || year_as_modifier(c)
            || after_month_and_day(c)))
    .then(|| (year(n), 1))
}

/// The year of a date written month, day, year: "June 9, 2020 in West Palm Beach".
fn after_month_and_day(c: &Context) -> bool {
    match c.behind {
        [.., m, d] => {
            month(&m.core).is_some()
                && d.trail == ","
                && d.core
                    .parse::<u32>()
                    .is_ok_and(|day| (1..=31).contains(&day))
        }
        _ => false,
    }
}

/// A year used as a modifier after a possessive or an article, before a noun in the
/// singular: "Capcom's 1990 platformer", "her 1999 debut", "a 2019 survey". A count
/// there takes a plural ("the city's 1500 residents") and stays a number.
fn year_as_modifier(c: &Context) -> bool {
    let singular = |word: String| !word.ends_with('s') && !is_plural(&word);
    c.next().is_some_and(|n| singular(bare(&n.core))) && c.modifies_noun(1)
}

/// A year before an era: "44 BC", "1066 AD".
pub(super) fn era_year(c: &Context) -> Option<Said> {
    let core = c.core();
    let n: u64 = core.parse().ok()?;
    let era = c.next().is_some_and(|n| ERAS.contains(&n.core.as_str()));
    if !(plain_numeric(core) && era && (100..10000).contains(&n)) {
        return None;
    }
    let words = if n < 1000 {
        model_number(core).unwrap_or_else(|| cardinal(n))
    } else {
        year(n)
    };
    Some((words, 1))
}

/// A weekday abbreviation: "Sat." → "Saturday"; without its stop only before a date
/// or time ("Sat 5 May", "Sun 10am"), as "Sun" and "Wed" are words too; a range of
/// them "Mon-Fri" → "Monday to Friday".
pub(super) fn weekday_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    if let Some((a, b)) = core.split_once('-') {
        return Some((format!("{} to {}", weekday(a)?, weekday(b)?), 1));
    }
    let name = weekday(core)?;
    // "the Sun.", "a Wed." are a name or a word, not a day.
    if ["the", "a", "an"].contains(&c.prev_core().to_ascii_lowercase().as_str()) {
        return None;
    }
    let next = c.next_core();
    let before_date = day_number(next).is_some()
        || month(next).is_some()
        || super::time::time(next, "").is_some()
        || clock_with_meridiem(next).is_some()
        || super::time::clock_range(next).is_some();

    let dotted = core.ends_with('.') && core.starts_with(char::is_uppercase);
    (dotted || before_date && c.next_clean()).then(|| (name.to_string(), 1))
}

/// A season or financial year over two years: "2022/23", "2019/2020" → "twenty
/// twenty-two to twenty twenty-three" (the second year follows the first).
pub(super) fn season_rule(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('/')?;
    let digits = |s: &str| s.chars().all(|ch| ch.is_ascii_digit());
    if a.len() != 4 || !(b.len() == 2 || b.len() == 4) || !digits(a) || !digits(b) {
        return None;
    }
    let first: u64 = a.parse().ok()?;
    let second: u64 = b.parse().ok()?;
    let next = first + 1;
    let follows = if b.len() == 2 {
        second == next % 100
    } else {
        second == next
    };
    ((1900..2100).contains(&first) && follows)
        .then(|| (format!("{} to {}", year(first), year(next)), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_year_or_decade_after_a_word_of_when_is_read_as_one() {
        super::super::assert_said(&[
            ("The mid-2019 refresh.", "The mid twenty nineteen refresh."),
            ("It rose in late-2020.", "It rose in late twenty twenty."),
            ("The pre-2008 rules.", "The pre two thousand eight rules."),
            ("Its Post-2016 mood.", "Its Post twenty sixteen mood."),
            ("Debt by end-2019.", "Debt by end twenty nineteen."),
            ("The mid-1990s.", "The mid nineteen nineties."),
        ]);
    }

    #[test]
    fn months_written_short_after_a_word_of_time() {
        super::super::assert_said(&[
            (
                "Inflation fell to 4.6% in Oct from 6.7% in Sept.",
                "Inflation fell to four point six percent in October from six point seven percent in September.",
            ),
            ("Jan and Mar are names here.", "Jan and Mar are names here."),
        ]);
    }

    #[test]
    fn half_years_before_their_year() {
        super::super::assert_said(&[
            (
                "The deal closes in H2 2024, after a weak H1 FY24.",
                "The deal closes in the second half of twenty twenty-four, after a weak first half of fiscal year twenty-four.",
            ),
            ("H2 fuel cells are costly.", "H two fuel cells are costly."),
        ]);
    }

    use super::super::{Conventions, DateOrder};

    #[test]
    fn a_short_month_after_a_day_in_british_order() {
        super::super::assert_said(&[
            (
                "From Fri 12 Jan until Mon.",
                "From Friday the twelfth of January until Monday.",
            ),
            ("On 3 Mar it rained.", "On the third of March it rained."),
        ]);
    }

    #[test]
    fn the_year_of_a_month_day_year_date() {
        super::super::assert_said(&[(
            "The tour starts June 9, 2020 in West Palm Beach.",
            "The tour starts June ninth, twenty twenty in West Palm Beach.",
        )]);
    }

    #[test]
    fn a_decade_in_a_compound_is_a_decade() {
        super::super::assert_said(&[
            ("A 1990s-era law.", "A nineteen nineties era law."),
            ("Its '80s-style look.", "Its eighties style look."),
        ]);
    }

    #[test]
    fn a_numeric_date_is_read_in_the_texts_order_unless_it_can_only_be_one() {
        let (us, uk) = (DateOrder::MonthFirst, DateOrder::DayFirst);
        assert_eq!(
            super::numeric_date("12/03/2024", us).unwrap(),
            "December third, twenty twenty-four"
        );
        assert_eq!(
            super::numeric_date("12/03/2024", uk).unwrap(),
            "the twelfth of March twenty twenty-four"
        );
        assert_eq!(
            super::numeric_date("25/12/2023", us).unwrap(),
            "the twenty-fifth of December twenty twenty-three"
        );
        assert_eq!(
            super::numeric_date("12/25/2023", uk).unwrap(),
            "December twenty-fifth, twenty twenty-three"
        );
        assert_eq!(
            super::numeric_date("3.4.2021", us).unwrap(),
            "the third of April twenty twenty-one"
        );
    }

    #[test]
    fn the_date_order_comes_from_the_texts_own_dates_then_its_language_tag() {
        let order =
            |language: Option<&str>, text: &str| Conventions::of_text(language, [text]).date_order;
        assert_eq!(
            order(Some("en-GB"), "Due on 04/05/2025."),
            DateOrder::DayFirst
        );
        assert_eq!(
            order(Some("en-US"), "Due on 04/05/2025."),
            DateOrder::MonthFirst
        );
        assert_eq!(
            order(Some("en"), "Due on 04/05/2025."),
            DateOrder::MonthFirst
        );
        assert_eq!(
            order(None, "Filed 25/12/2023, due 04/05/2025."),
            DateOrder::DayFirst
        );
        // The page's own unambiguous date outweighs a tag that says otherwise.
        assert_eq!(
            order(Some("en-GB"), "Filed 12/25/2023, due 04/05/2025."),
            DateOrder::MonthFirst
        );
    }
    #[test]
    fn a_year_after_a_possessive_modifies_the_noun_after_it() {
        super::super::assert_said(&[
            (
                "The Games run July 26-Aug. 11.",
                "The Games run July twenty-sixth to August eleventh.",
            ),
            (
                "Spending for FY 2024 and FY24 rose.",
                "Spending for fiscal year twenty twenty-four and fiscal year twenty-four rose.",
            ),
            (
                "Capcom's 1990 platformer DuckTales was a hit.",
                "Capcom's nineteen ninety platformer DuckTales was a hit.",
            ),
            (
                "Her 1999 debut was loud.",
                "Her nineteen ninety-nine debut was loud.",
            ),
            (
                "A 2019 survey found it.",
                "A twenty nineteen survey found it.",
            ),
            // Counts take a plural.
            (
                "The city's 1500 residents voted.",
                "The city's one thousand five hundred residents voted.",
            ),
            (
                "The town's 1200 police marched.",
                "The town's one thousand two hundred police marched.",
            ),
        ]);
    }

    #[test]
    fn weekday_abbreviations_and_spans() {
        super::super::assert_said(&[
            (
                "the 2022/23 season and the 2019/2020 budget",
                "the twenty twenty-two to twenty twenty-three season and the twenty nineteen to twenty twenty budget",
            ),
            (
                "She reads The Sun. It is a paper.",
                "She reads The Sun. It is a paper.",
            ),
            (
                "The market is open Mon-Fri.",
                "The market is open Monday to Friday.",
            ),
            ("The vote is on Tues.", "The vote is on Tuesday."),
            ("Doors open Sat. at noon.", "Doors open Saturday at noon."),
        ]);
    }
}
