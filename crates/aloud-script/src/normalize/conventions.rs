//! Writing conventions that hold for a whole text, decided once per article: which way
//! round its numeric dates are written.

use super::date;

/// Which way round a numeric date is written: "12/03/2024" is December 3 in American
/// style, 12 March in British and most other English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    #[default]
    MonthFirst,
    DayFirst,
}

/// Writing conventions that hold for a whole text, decided once from its language tag
/// and its own evidence ([`Conventions::of_text`]) and used for every sentence of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Conventions {
    pub date_order: DateOrder,
}

/// English regions that write the day first ("en-GB", "en-AU"…); "en-US" and the
/// Philippines ("en-PH") write the month first, as does plain "en" without evidence.
const DAY_FIRST_REGIONS: &[&str] = &[
    "gb", "uk", "au", "nz", "ie", "in", "za", "sg", "my", "pk", "ng", "ke", "gh", "hk", "mt", "jm",
    "tt", "bz", "zw", "lk", "bd", "ug", "tz", "zm", "mw", "bw", "na", "cy",
];

impl Conventions {
    /// The conventions of a text: a date the text writes that can only be read one way
    /// ("25/12/2023" is day first, "12/25/2023" month first) decides; else the region of
    /// its language tag ("en-GB" day first, "en-US" month first); else month first.
    pub fn of_text<'a>(language: Option<&str>, texts: impl IntoIterator<Item = &'a str>) -> Self {
        let (mut day_first, mut month_first) = (0, 0);
        for text in texts {
            for token in text.split_whitespace() {
                match date::unambiguous_order(token.trim_matches(|c: char| !c.is_ascii_digit())) {
                    Some(DateOrder::DayFirst) => day_first += 1,
                    Some(DateOrder::MonthFirst) => month_first += 1,
                    None => {}
                }
            }
        }
        let region = language
            .and_then(|l| l.split(['-', '_']).nth(1))
            .map(str::to_ascii_lowercase);
        let date_order = if day_first != month_first {
            if day_first > month_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            }
        } else if region.is_some_and(|r| DAY_FIRST_REGIONS.contains(&r.as_str())) {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        };
        Conventions { date_order }
    }
}
