//! Abbreviations and titles: "Dr." → "Doctor", "Sen." → "Senator", British titles
//! without a stop before a name ("Cllr Jones"), "No. 5", "§", and paired words
//! ("and/or", "his/her").

use super::rules::{Context, Said};
use super::table::{lookup, table};
use super::token::capitalized;

table!(
    /// Said the same wherever they stand: written form (with its stop), spoken form.
    abbreviations,
    "abbreviations.tsv"
);
table!(
    /// British titles without a full stop, said in full only before a name.
    titles_without_stop,
    "titles-without-stop.tsv"
);

pub(super) fn abbreviation(c: &Context) -> Option<Said> {
    abbreviation_any_case(c.core()).map(|full| (full, 1))
}

/// An abbreviation as written, at the start of a sentence ("E.g." → "For example",
/// "Approx." → "Approximately"), or set in capitals ("INC." in "THE HOME DEPOT INC.",
/// "CORP."), unless in capitals it is an everyday word ("NO.").
pub(super) fn abbreviation_any_case(written: &str) -> Option<String> {
    if let Some(full) = lookup(abbreviations(), written) {
        return Some(full.to_string());
    }
    let mut chars = written.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    // An initial ("Emily V. Gordon") is no abbreviation of a word.
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    if first.is_uppercase()
        && letters >= 2
        && rest.contains('.')
        && !rest.chars().any(char::is_uppercase)
    {
        let lowered = format!("{}{rest}", first.to_lowercase());
        if let Some(full) = lookup(abbreviations(), &lowered) {
            let mut spoken = full.chars();
            let head = spoken.next()?;
            return Some(format!("{}{}", head.to_uppercase(), spoken.as_str()));
        }
    }
    capitals_abbreviation(written).map(str::to_string)
}

/// An abbreviation set in capitals: "INC.", "CORP.".
fn capitals_abbreviation(written: &str) -> Option<&'static str> {
    let bare = written.strip_suffix('.')?;
    if bare.len() < 2
        || !bare.chars().all(|c| c.is_ascii_uppercase())
        || super::letters::is_word_in_capitals(bare)
    {
        return None;
    }
    lookup(
        abbreviations(),
        &format!("{}{}.", &bare[..1], bare[1..].to_lowercase()),
    )
}

/// British style writes titles without a full stop: "Dr Patel", "Cllr Jones".
pub(super) fn title_without_stop(c: &Context) -> Option<Said> {
    if !(c.next_clean() && capitalized(c.next_core())) {
        return None;
    }
    lookup(titles_without_stop(), c.core()).map(|full| (full.to_string(), 1))
}

/// "No. 5" → "number five", and British style without the stop: "No 10"; "No." elsewhere
/// is the word ("No, 10 came" has a comma).
pub(super) fn number_sign(c: &Context) -> Option<Said> {
    let said = match c.core() {
        "No." | "No" => "number",
        "Nos." => "numbers",
        _ => return None,
    };
    let digits_next = c.next_core().starts_with(|c: char| c.is_ascii_digit());
    (digits_next && (c.core() != "No" || c.next_clean())).then(|| (said.into(), 1))
}

/// "#1", "No. 1"'s hash form: "the #1 seed" → "the number one seed".
pub(super) fn number_hash(c: &Context) -> Option<Said> {
    let digits = c.core().strip_prefix('#')?;
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    Some((format!("number {}", crate::numbers::number(digits)?), 1))
}

/// A code with digits in the possessive, "Covid-19's", "F-16's", "G7's": the code as
/// it is read alone, then "'s" (a decade, "80's", is no code: it has no letter).
pub(super) fn code_possessive(c: &Context) -> Option<Said> {
    let core = c.core();
    let (stem, mark) = core
        .strip_suffix("'s")
        .map(|s| (s, "'s"))
        .or_else(|| core.strip_suffix("’s").map(|s| (s, "’s")))?;
    let code = stem.chars().any(|ch| ch.is_ascii_digit()) && stem.chars().any(char::is_alphabetic);
    if !code || !stem.chars().all(|ch| ch.is_alphanumeric() || ch == '-') {
        return None;
    }
    let (words, _) = c.speak_as(stem);
    Some((format!("{words}{mark}"), 1))
}

/// Abbreviations that stand for a word only before a number: "Cat. 4" (a hurricane's
/// category), "Vol. 2", "Ch. 7", "Fig. 3", "Art. 50", "p. 12", "pp. 4-9".
pub(super) const BEFORE_A_NUMBER: &[(&str, &str)] = &[
    ("Cat.", "Category"),
    ("Vol.", "Volume"),
    ("vol.", "volume"),
    ("Ch.", "Chapter"),
    ("ch.", "chapter"),
    ("Fig.", "Figure"),
    ("fig.", "figure"),
    ("Art.", "Article"),
    ("p.", "page"),
    ("pp.", "pages"),
    ("pop.", "population"),
    ("est.", "estimated"),
    ("Rt.", "Route"),
];

/// "Rt. Hon." (a British member's courtesy title): "Right Honorable".
pub(super) fn right_honourable(c: &Context) -> Option<Said> {
    (c.core() == "Rt." && c.next_core() == "Hon.").then(|| ("Right".into(), 1))
}

/// Whether `bare` (lower case, without its stop: "cat", "rs") is written before a number
/// and stands for a word there: its stop ends no sentence when a number follows.
pub(crate) fn stands_before_a_number(bare: &str) -> bool {
    let same = |written: &str| written.trim_end_matches('.').eq_ignore_ascii_case(bare);
    BEFORE_A_NUMBER.iter().any(|(w, _)| same(w))
        || super::money::CURRENCY_WORDS.iter().any(|(w, _, _)| same(w))
        // Kept as written, but a number follows them too: "Sec. 5", "Ex. 12".
        || matches!(bare, "sec" | "ex")
}

pub(super) fn abbreviation_before_number(c: &Context) -> Option<Said> {
    // "est. at $1.3B", "est. to reach …": estimated.
    if c.core() == "est." && matches!(c.next_core(), "at" | "to") && c.next_clean() {
        return Some(("estimated".into(), 1));
    }
    let (_, full) = BEFORE_A_NUMBER.iter().find(|(w, _)| *w == c.core())?;
    // A number or an amount: "Fig. 3", "est. $1.1 billion".
    let digits_next = c
        .next_core()
        .starts_with(|ch: char| ch.is_ascii_digit() || "$£€¥₹".contains(ch));
    (digits_next && c.next_clean()).then(|| (full.to_string(), 1))
}

/// Names of bills before their number: "H.R. 3684", "S. 1260", "AB 2013", "SB 54".
const BILL_PREFIXES: &[&str] = &[
    "H.R.", "HR", "S.", "AB", "SB", "HB", "A.B.", "S.B.", "H.B.", "LB", "SF", "HF", "LD", "H.F.",
    "S.F.",
];

/// A bill's number, said as people say it in pairs of digits: "H.R. 3684" → "thirty-six
/// eighty-four", "AB 2013" → "twenty thirteen", "SB 54" → "fifty-four" (a number of up
/// to four digits after a bill's prefix; "S." only before three digits or more).
pub(super) fn bill_number(c: &Context) -> Option<Said> {
    let core = c.core();
    let prev = c.prev_core();
    if !BILL_PREFIXES.contains(&prev)
        || !c.prev_clean()
        || core.is_empty()
        || core.len() > 4
        || !core.chars().all(|ch| ch.is_ascii_digit())
        || core.starts_with('0')
        || prev == "S." && core.len() < 3
    {
        return None;
    }
    let n: u64 = core.parse().ok()?;
    let words = match core.len() {
        4 => crate::numbers::year(n),
        3 => super::cardinal::model_number(core).unwrap_or_else(|| crate::numbers::cardinal(n)),
        _ => crate::numbers::cardinal(n),
    };
    Some((words, 1))
}

/// Words that label a number as an identifier rather than an amount.
const ID_LABELS: &[&str] = &[
    "bug",
    "issue",
    "ticket",
    "patent",
    "invoice",
    "build",
    "revision",
    "commit",
    "case",
    "docket",
    "serial",
    "order",
    "ref",
    "reference",
];

/// A long number that names a thing, after a word that labels it so ("Bug 1678173",
/// "Patent 10423367", "order 5523481"): said digit by digit, as one reads out a
/// reference, not as "one million six hundred…". Five digits or more, no grouping
/// commas; shorter ones ("Issue 42") stay numbers.
pub(super) fn id_number(c: &Context) -> Option<Said> {
    let core = c.core();
    let labelled =
        c.prev_clean() && ID_LABELS.contains(&c.prev_core().to_lowercase().trim_end_matches('.'));
    (labelled && core.len() >= 5 && core.chars().all(|ch| ch.is_ascii_digit()))
        .then(|| (crate::numbers::digits(core), 1))
}

/// "c.4,000": circa, said "about" (a spaced "c. 1850" is left: its stop may end a
/// list item).
pub(super) fn circa(c: &Context) -> Option<Said> {
    let amount = c.core().strip_prefix("c.")?;
    if !amount.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let (words, _) = c.speak_as(amount);
    Some((format!("about {words}"), 1))
}

/// A section of an Act written short, as British legal copy does: "s.18" → "section
/// eighteen", "s.4A", "ss.18-20" → "sections eighteen to twenty".
pub(super) fn section_short(c: &Context) -> Option<Said> {
    let core = c.core();
    let (word, rest) = if let Some(rest) = core.strip_prefix("ss.") {
        ("sections", rest)
    } else {
        ("section", core.strip_prefix("s.")?)
    };
    if !rest.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let number = |n: &str| -> Option<String> {
        let digits_end = n.find(|ch: char| !ch.is_ascii_digit()).unwrap_or(n.len());
        let (digits, letter) = n.split_at(digits_end);
        let ok = letter.len() <= 1 && letter.chars().all(|ch| ch.is_ascii_uppercase());
        ok.then(|| {
            let words = crate::numbers::number(digits)?;
            Some(if letter.is_empty() {
                words
            } else {
                format!("{words} {letter}")
            })
        })?
    };
    let said = match rest.split_once('-') {
        Some((a, b)) => format!("{} to {}", number(a)?, number(b)?),
        None => number(rest)?,
    };
    Some((format!("{word} {said}"), 1))
}

/// "§ 5", "§§ 5-7".
pub(super) fn section_sign(c: &Context) -> Option<Said> {
    match c.core() {
        "§" => Some(("section".into(), 1)),
        "§§" => Some(("sections".into(), 1)),
        _ => None,
    }
}

/// "and/or" → "and or", "his/her" → "his or her".
pub(super) fn paired_pronouns(c: &Context) -> Option<Said> {
    let said = match c.core().to_lowercase().as_str() {
        "and/or" => "and or",
        "his/her" => "his or her",
        "he/she" => "he or she",
        "him/her" => "him or her",
        "s/he" => "she or he",
        _ => return None,
    };
    Some((said.into(), 1))
}

/// "upgrade/update/downgrade" → "upgrade slash update slash downgrade".
pub(super) fn slashed_words(c: &Context) -> Option<Said> {
    if !c.core().contains('/') {
        return None;
    }
    let parts: Vec<&str> = c.core().split('/').collect();
    let wordy = |s: &&str| s.len() > 1 && s.chars().all(|c| c.is_ascii_lowercase());
    parts.iter().all(wordy).then(|| (parts.join(" slash "), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_numbers_labelled_as_identifiers_are_read_digit_by_digit() {
        super::super::assert_said(&[
            (
                "Bug 1678173 landed; see issue 42.",
                "Bug one six seven eight one seven three landed; see issue forty-two.",
            ),
            (
                "Sales rose by 1678173 units.",
                "Sales rose by one million six hundred seventy-eight thousand one hundred seventy-three units.",
            ),
        ]);
    }

    #[test]
    fn bill_numbers_and_estimates() {
        super::super::assert_said(&[
            (
                "The bill, H.R. 3684, passed; S. 1260 and AB 2013 are pending, as is SB 54.",
                "The bill, HR thirty-six eighty-four, passed; S. twelve sixty and AB twenty thirteen are pending, as is SB fifty-four.",
            ),
            (
                "Her net worth is est. at $1.3B.",
                "Her net worth is estimated at one point three billion dollars.",
            ),
        ]);
    }

    #[test]
    fn a_hash_before_a_number_and_codes_in_the_possessive() {
        super::super::assert_said(&[
            (
                "Her net worth is est. $1.1 billion.",
                "Her net worth is estimated one point one billion dollars.",
            ),
            ("The #1 seed won.", "The number one seed won."),
            ("Covid-19's toll rose.", "Covid nineteen's toll rose."),
            ("The F-16's wing.", "The F sixteen's wing."),
            // A decade is no code.
            ("The 80's were loud.", "The eighties were loud."),
        ]);
    }

    #[test]
    fn sections_of_an_act_written_short() {
        super::super::assert_said(&[
            (
                "He was charged under s.18 of the Act.",
                "He was charged under section eighteen of the Act.",
            ),
            (
                "Under ss.18-20 and s.4A it held.",
                "Under sections eighteen to twenty and section four A it held.",
            ),
        ]);
    }

    #[test]
    fn abbreviations_at_the_start_of_a_sentence_and_rates() {
        super::super::assert_said(&[
            ("E.g. this one.", "For example this one."),
            (
                "Approx. 40 came, i.e. most.",
                "Approximately forty came, that is most.",
            ),
            // An initial is no abbreviation of a word.
            ("Emily V. Gordon wrote it.", "Emily V. Gordon wrote it."),
            (
                "No 10 said no. No, 10 came.",
                "number ten said no. No, ten came.",
            ),
            (
                "A Cat. 4 storm; see Fig. 3 on p. 12. I saw the Cat. Then left.",
                "A Category four storm; see Figure three on page twelve. I saw the Cat. Then left.",
            ),
            (
                "The city, pop. 1.4 million, lies north.",
                "The city, population one point four million, lies north.",
            ),
            (
                "It has c.4,000 staff and c.1,200 beds.",
                "It has about four thousand staff and about one thousand two hundred beds.",
            ),
            (
                "Prices rose 2.4% y/y and 0.3% m/m.",
                "Prices rose two point four percent year on year and zero point three percent month on month.",
            ),
        ]);
    }
}
