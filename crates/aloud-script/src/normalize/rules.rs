//! The ordered registry of normalization rules and the context each one reads.
//!
//! [`speak`] tries the rules in [`RULES`] order; the first that reads the token wins.
//! Each rule lives in the module of the written form it reads (money, date, …); the
//! order is here, in one place, because it decides which reading wins where two could
//! apply ("1/2" is a fraction before it is a date; "2-5" a range only if nothing more
//! specific read it). A new rule goes in its class's module and into this list just
//! before the first rule that would otherwise take its tokens.

use super::token::Token;
use super::Conventions;
use super::{
    abbreviation, address, cardinal, date, electronic, emoji, letters, math, measure, money,
    residue, roman, telephone, temperature, time, version,
};

/// Spoken words and how many tokens they used (1, or 2 when the next token was folded
/// in, as in "$2.5 billion").
pub(super) type Said = (String, usize);

/// A rule: the words for the token in context, or `None` to leave it to the next rule.
pub(super) type Rule = fn(&Context) -> Option<Said>;

/// A token with those before it and after it in its sentence, and the writing
/// conventions of the text it is in.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    pub(super) t: &'a Token,
    /// The tokens before this one in its sentence, nearest last.
    pub(super) behind: &'a [Token],
    pub(super) ahead: &'a [Token],
    pub(super) conventions: &'a Conventions,
}

impl<'a> Context<'a> {
    /// The token just before this one.
    pub(super) fn prev(&self) -> Option<&'a Token> {
        self.behind.last()
    }
    /// Another written form read in this token's place, with the same tokens around
    /// it ("c.4,000" reads "4,000"; "Covid-19's" reads "Covid-19").
    pub(super) fn speak_as(&self, core: &str) -> Said {
        let inner = Token {
            lead: String::new(),
            core: core.to_string(),
            trail: String::new(),
        };
        speak(&Context { t: &inner, ..*self })
    }
    /// Whether one of the `n` tokens before this one, in lower case and without
    /// punctuation, is in `words`.
    pub(super) fn recent_word_in(&self, n: usize, words: &[&str]) -> bool {
        self.behind
            .iter()
            .rev()
            .take(n)
            .any(|t| words.contains(&t.core.to_lowercase().as_str()))
    }
    /// Whether any word of the sentence, before or after this token, is in `words`
    /// (compared in lower case).
    pub(super) fn sentence_has_word_in(&self, words: &[&str]) -> bool {
        self.behind
            .iter()
            .chain(self.ahead)
            .any(|t| words.contains(&t.core.to_lowercase().as_str()))
    }
    pub(super) fn core(&self) -> &str {
        &self.t.core
    }
    pub(super) fn prev_core(&self) -> &str {
        self.prev().map(|p| p.core.as_str()).unwrap_or("")
    }
    pub(super) fn next(&self) -> Option<&Token> {
        self.ahead.first()
    }
    pub(super) fn next_core(&self) -> &str {
        self.next().map(|n| n.core.as_str()).unwrap_or("")
    }
    /// Nothing but a space between this token and the next.
    pub(super) fn next_clean(&self) -> bool {
        self.next().is_some_and(|n| n.lead.is_empty()) && self.t.trail.is_empty()
    }
    /// Nothing but a space between the previous token and this one.
    pub(super) fn prev_clean(&self) -> bool {
        self.prev().is_some_and(|p| p.trail.is_empty())
    }
    /// After "a", "an" or a possessive ("Scorsese's", "their"), with a noun
    /// right after the `consumed` tokens read: an amount or measure used as a modifier,
    /// said in the singular ("a $400,000 home", "the studio's $170 million film", "a
    /// 1,200 sq. ft. house").
    pub(super) fn modifies_noun(&self, consumed: usize) -> bool {
        let prev = self.prev_core().to_lowercase();
        let possessive = (prev.ends_with("'s") || prev.ends_with("’s"))
            && prev.chars().count() > 3
            && !CONTRACTIONS.contains(&prev.replace('’', "'").as_str());
        let definite = prev == "the" || prev == "this";
        let article = [
            "a", "an", "the", "this", "his", "her", "its", "our", "their", "my", "your",
        ]
        .contains(&prev.as_str())
            || possessive;
        let last = if consumed == 1 {
            self.t
        } else {
            &self.ahead[consumed - 2]
        };
        // A noun, or a name used as one ("a $5 Amazon voucher", "a $170 million Netflix
        // film").
        let noun = self.ahead.get(consumed - 1).is_some_and(|n| {
            let lower = n.core.to_lowercase();
            n.lead.is_empty()
                && n.core.len() > 1
                && n.core.starts_with(|ch: char| ch.is_alphabetic())
                && (n.core
                    .chars()
                    .skip(1)
                    .all(|ch| ch.is_ascii_lowercase() || ch == '-')
                    // A product written in camel case: "Apple's 2007 iPhone".
                    || n.core.starts_with(|ch: char| ch.is_ascii_lowercase())
                        && n.core.chars().all(|ch| ch.is_ascii_alphabetic()))
                && !NOT_NOUNS.contains(&lower.as_str())
                // An adverb ("the $20 reportedly demanded") is no noun; an adjective of
                // time before one is ("a $10 monthly fee").
                && (!lower.ends_with("ly") || lower.ends_with("thly") || PER_TIME_ADJECTIVES.contains(&lower.as_str()))
                // After "the", a plural starts a clause ("the $0 people pay", "the $10
                // customers spent"), not a noun the amount describes.
                && !(definite && is_plural(&lower))
        });
        article && noun && last.trail.is_empty()
    }
    /// The previous token is a plain number ("12", not "12,").
    pub(super) fn after_digits(&self) -> bool {
        let p = self.prev_core();
        !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())
    }
}

/// Words after an amount or measure that show it is not a modifier ("a $5 fee" is one;
/// "a $5 or $10 fee", "a $5 increase in": the word right after decides, so only these
/// few are excluded).
pub(super) const NOT_NOUNS: &[&str] = &[
    "a", "an", "the", "and", "or", "to", "of", "in", "on", "at", "by", "for", "from", "per",
    "each", "apiece", "more", "less", "than", "with", "a-year", "plus", "is", "was", "are", "were",
    "be", "been", "will", "would", "could", "should", "can", "may", "might", "has", "had", "have",
    "that", "which", "who", "he", "she", "it", "they", "we", "i", "you", "this", "these", "those",
    "went", "goes", "came", "not", "now", "too", "so", "but", "last", "next", "ago", "worth",
    "left", "off", "up", "down", "back",
];

/// Adjectives in -ly that tell how often: the amount before them still describes a noun.
const PER_TIME_ADJECTIVES: &[&str] = &[
    "hourly",
    "daily",
    "weekly",
    "yearly",
    "quarterly",
    "nightly",
];

/// Nouns counted without a plural "s": "the city's 1500 police" is a count.
const PLURALS_WITHOUT_S: &[&str] = &[
    "people",
    "staff",
    "police",
    "children",
    "men",
    "women",
    "sheep",
    "cattle",
    "personnel",
    "crew",
    "fish",
    "deer",
    "feet",
    "head",
];

/// A noun in the plural, roughly: "customers", "people" (not "bus", "class", "basis").
pub(super) fn is_plural(word: &str) -> bool {
    PLURALS_WITHOUT_S.contains(&word)
        || word.ends_with('s')
            && !word.ends_with("ss")
            && !word.ends_with("us")
            && !word.ends_with("is")
}

/// Words ending in "'s" that are not possessives ("it's $5 now").
const CONTRACTIONS: &[&str] = &[
    "it's", "that's", "there's", "here's", "what's", "who's", "he's", "she's", "where's", "let's",
    "how's", "when's", "why's", "one's",
];

/// The words of a rule that reads one token alone.
pub(super) fn one(words: Option<String>) -> Option<Said> {
    words.map(|w| (w, 1))
}

/// The rules in the order they are tried.
pub(super) const RULES: &[(&str, Rule)] = &[
    ("emoji", emoji::emoji_rule),
    ("vulgar_fraction", cardinal::vulgar_fraction),
    ("number_possessive", cardinal::number_possessive),
    ("approximately", cardinal::approximately),
    ("decimal_comma", cardinal::decimal_comma),
    ("comparison", math::comparison),
    ("number_hash", abbreviation::number_hash),
    ("code_possessive", abbreviation::code_possessive),
    ("stone_weight", measure::stone_weight),
    (
        "feet_and_inches_in_letters",
        measure::feet_and_inches_in_letters,
    ),
    ("decade_compound", date::decade_compound),
    (
        "temperature_without_sign",
        temperature::temperature_without_sign,
    ),
    ("scale_after_number", temperature::scale_after_number),
    ("blood_pressure", measure::blood_pressure),
    ("accounting_negative", money::accounting_negative),
    ("quarter_code", date::quarter_code),
    ("era_after_number", date::era_after_number),
    ("fiscal_year_apart", date::fiscal_year_apart),
    ("half_year_code", date::half_year_code),
    ("bill_number", abbreviation::bill_number),
    ("id_number", abbreviation::id_number),
    (
        "clock_range_meridiem_apart",
        time::clock_range_meridiem_apart,
    ),
    ("clock_with_zone", time::clock_with_zone),
    (
        "four_digit_clock_before_zone",
        time::four_digit_clock_before_zone,
    ),
    ("number_per_unit", measure::number_per_unit),
    ("meridiem_with_zone", time::meridiem_with_zone),
    (
        "quantity_range_before_unit",
        measure::quantity_range_before_unit,
    ),
    ("formula", math::formula_rule),
    ("formula_operand", math::formula_operand),
    ("letters_per_letters", measure::letters_per_letters),
    ("multiple", math::multiple),
    ("decade_written_apart", date::decade_written_apart),
    ("section_sign", abbreviation::section_sign),
    ("section_short", abbreviation::section_short),
    ("model_variant", cardinal::model_variant_after_name),
    ("airliner_model", cardinal::airliner_model),
    ("added_time_ordinal", cardinal::added_time_ordinal),
    ("dash_between_numbers", cardinal::dash_between_numbers),
    ("cricket_figures", cardinal::cricket_figures),
    ("party_state", address::party_state),
    ("road_junction", address::road_junction),
    ("street_number", address::street_number),
    ("street_type", address::street_type_after_name),
    ("direction", address::direction),
    ("region_direction", address::region_direction),
    ("state_after_comma", address::state_after_comma),
    ("ap_state", address::ap_state_rule),
    ("zip_code", address::zip_code),
    ("digit_groups", telephone::digit_groups_rule),
    ("dialled_number", telephone::dialled_number),
    ("unit_after_number", measure::unit_after_number),
    ("lone_slash", math::lone_slash),
    ("dimension_by", math::dimension_by),
    ("season", date::season_rule),
    ("decade_range", date::decade_range_rule),
    ("arithmetic", math::arithmetic_rule),
    ("paired_pronouns", abbreviation::paired_pronouns),
    ("slashed_words", abbreviation::slashed_words),
    ("slashed_letters", letters::slashed_letters),
    ("slashed_quantities", measure::slashed_quantities),
    ("money_in_compound", money::money_in_compound),
    ("money", money::money_rule),
    ("currency_word", money::currency_word_before_amount),
    ("money_range", money::money_range_rule),
    ("number_with_magnitude", cardinal::number_with_magnitude),
    ("set_phrase", cardinal::set_phrase),
    ("file_extension", electronic::file_extension),
    ("electronic", electronic::electronic_rule),
    ("handle_or_hashtag", electronic::handle_or_hashtag_rule),
    ("roman", roman::roman_rule),
    ("clock_range", time::clock_range_rule),
    ("duration_clock", time::duration_clock_rule),
    ("dotted_clock", time::dotted_clock),
    ("numeric_date", date::numeric_date_rule),
    ("day_before_month", date::day_before_month),
    ("day_to_next_month", date::day_to_next_month),
    ("version", version::version_rule),
    ("fraction", cardinal::fraction_rule),
    ("clock_with_meridiem", time::clock_with_meridiem_rule),
    ("prefixed_period", date::prefixed_period),
    ("quake_magnitude", measure::quake_magnitude),
    ("measure", measure::measure_rule),
    ("number_before_unit", measure::number_before_unit),
    ("right_honourable", abbreviation::right_honourable),
    ("abbreviation", abbreviation::abbreviation),
    ("title_without_stop", abbreviation::title_without_stop),
    ("saint_or_street", address::saint_or_street),
    ("number_sign", abbreviation::number_sign),
    (
        "abbreviation_before_number",
        abbreviation::abbreviation_before_number,
    ),
    ("circa", abbreviation::circa),
    ("meridiem", time::meridiem),
    ("weekday", date::weekday_rule),
    ("month", date::month_rule),
    ("dotted_initialism", letters::dotted_initialism),
    ("mixed_case_initialism", letters::mixed_case_initialism),
    (
        "abbreviation_in_compound",
        letters::abbreviation_in_compound,
    ),
    ("percent", measure::percent_rule),
    ("clock", time::clock),
    ("ordinal", cardinal::ordinal_rule),
    ("decade", date::decade_rule),
    ("range", cardinal::range_rule),
    ("degrees", measure::degrees_rule),
    ("video_resolution", measure::video_resolution),
    ("day_after_month", date::day_after_month),
    ("year", date::year_rule),
    ("era_year", date::era_year),
    ("model_number", cardinal::model_number_after_name),
    ("point_fraction", cardinal::point_fraction),
    ("number_and_more", cardinal::number_and_more),
    ("number", cardinal::number_rule),
    ("counted_compound", cardinal::counted_compound),
    ("record", cardinal::record),
    ("ratio", cardinal::ratio),
    ("speaker_label", letters::speaker_label),
    ("letter_run", letters::letter_run),
    ("alphanumeric", letters::alphanumeric_rule),
    ("slashed_code", letters::slashed_code_rule),
    ("symbols_spelled", letters::symbols_spelled_rule),
    ("dotted_words", electronic::dotted_words),
    ("residue", residue::residue_rule),
];

/// Says one token in context: the first rule's words, else the token as written.
pub(super) fn speak(context: &Context) -> Said {
    speak_traced(context).0
}

/// [`speak`], with the name of the rule that read the token ("as written" if none).
pub(super) fn speak_traced(context: &Context) -> (Said, &'static str) {
    if context.t.core.is_empty() {
        return ((String::new(), 1), "empty");
    }
    for (name, rule) in RULES {
        if let Some(said) = rule(context) {
            return (said, name);
        }
    }
    ((context.t.core.clone(), 1), "as written")
}

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
