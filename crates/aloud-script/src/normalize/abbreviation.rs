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
];

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
    let (_, full) = BEFORE_A_NUMBER.iter().find(|(w, _)| *w == c.core())?;
    let digits_next = c.next_core().starts_with(|ch: char| ch.is_ascii_digit());
    (digits_next && c.next_clean()).then(|| (full.to_string(), 1))
}

/// "c.4,000": circa, said "about" (a spaced "c. 1850" is left: its stop may end a
/// list item).
pub(super) fn circa(c: &Context) -> Option<Said> {
    let amount = c.core().strip_prefix("c.")?;
    if !amount.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let inner = super::token::Token {
        lead: String::new(),
        core: amount.to_string(),
        trail: String::new(),
    };
    let (words, _) = super::rules::speak(&Context { t: &inner, ..*c });
    Some((format!("about {words}"), 1))
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
