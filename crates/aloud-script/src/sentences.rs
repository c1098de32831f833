//! Sentence splitting that survives abbreviations ("U.S.", "Dr.", "a.m."), initials,
//! decimals and ellipses.

use std::ops::Range;

/// Abbreviations that always precede something (titles, "No. 1", "Fig. 2"): a full
/// stop after them never ends a sentence (lower-case, no dot).
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "rev", "fr", "mt", "ft", "no", "nos", "vs", "v", "approx", "dept",
    "univ", "hon", "pres", "supt", "atty", "e.g", "i.e", "cf", "fig", "vol", "pp", "ch", "rt",
];

/// Abbreviations that can also close a sentence ("on Main St.", "Smith Jr.", "in
/// Jan."): they end one only before a word that typically starts a sentence.
const MAYBE_FINAL: &[&str] = &[
    "st", "ave", "blvd", "rd", "jr", "sr", "inc", "corp", "co", "ltd", "etc", "al", "est", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Words that usually start a sentence; after "U.S." or "a.m." they signal a boundary.
pub(crate) const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "its",
    "our",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "for",
    "by",
    "officials",
    "police",
    "some",
    "many",
    "most",
    "no",
    "yes",
    "so",
    "then",
    "still",
    "meanwhile",
    "however",
    "later",
    "earlier",
    "now",
    "today",
    "yesterday",
];

/// Splits `text` into sentences, as char-index ranges with surrounding spaces trimmed.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Take the whole run of terminators and closing quotes/brackets.
            let mut end = i + 1;
            while end < chars.len()
                && (matches!(chars[end], '.' | '!' | '?' | '…') || is_closer(chars[end]))
            {
                end += 1;
            }
            // A reference mark after the stop belongs to the sentence ("war.[58] Then").
            if let Some(len) = crate::normalize::citation_mark(&chars[end..], true) {
                end += len;
            }
            if end < chars.len() && !chars[end].is_whitespace() {
                i = end;
                continue;
            }
            let next = next_word(&chars, end);
            if is_boundary(&chars, start, i, end, &next) {
                push_trimmed(&chars, start, end, &mut out);
                start = end;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    push_trimmed(&chars, start, chars.len(), &mut out);
    out
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn next_word(chars: &[char], from: usize) -> String {
    chars[from..]
        .iter()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Decides whether the terminator at `dot` (run ending at `end`) closes a sentence.
fn is_boundary(chars: &[char], start: usize, dot: usize, end: usize, next: &str) -> bool {
    if next.is_empty() {
        return true;
    }
    let first = next.chars().find(|c| c.is_alphanumeric());
    let starts_like_sentence = match next.chars().next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some('"' | '“' | '‘' | '\'' | '(' | '[' | '¿' | '¡' | '—' | '-') => true,
        _ => false,
    };
    if !starts_like_sentence || first.is_none() {
        return false;
    }
    if chars[dot] != '.'
        || end - dot > 1
            && chars[dot + 1..end]
                .iter()
                .any(|c| matches!(c, '!' | '?' | '…'))
    {
        return true; // "!", "?", "…", or "."" followed by a capital
    }
    // The token the full stop belongs to.
    let token_start = (start..dot)
        .rev()
        .find(|&j| chars[j].is_whitespace())
        .map(|j| j + 1)
        .unwrap_or(start);
    let token: String = chars[token_start..dot].iter().collect();
    let bare = token
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    // "then-Gov.", "ex-Sen.": the abbreviation after a prefix decides.
    let bare = match bare.rsplit_once('-') {
        Some((_, last)) if !last.is_empty() => last.to_string(),
        _ => bare,
    };
    if NEVER_FINAL.contains(&bare.as_str())
        // "Cat. 4", "Rs. 1,450", "p. 12": an abbreviation that stands before a number.
        || crate::normalize::stands_before_a_number(&bare)
            && next.starts_with(|c: char| c.is_ascii_digit() || "$£€¥₹".contains(c))
    {
        return false;
    }
    // "a.m." and "p.m." close the sentence before a capitalized word, unless the
    // word goes on the time ("5 p.m. Eastern", "9 a.m. Tuesday").
    if matches!(bare.as_str(), "a.m" | "p.m") {
        let next_lower = next
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        return next.starts_with(|c: char| !c.is_ascii_digit())
            && !crate::normalize::goes_on_a_time(&next_lower);
    }

    let next_is_starter = || {
        let next_lower = next
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        SENTENCE_STARTERS.contains(&next_lower.as_str())
    };
    if MAYBE_FINAL.contains(&bare.as_str()) {
        return next_is_starter();
    }
    // Initials ("J. K. Rowling") and dotted initialisms ("U.S.", "a.m.").
    let is_initial = bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic);
    let dotted = bare.contains('.')
        && bare
            .split('.')
            .all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    if is_initial {
        return false;
    }
    if dotted {
        let next_lower = next
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        return SENTENCE_STARTERS.contains(&next_lower.as_str());
    }
    true
}

fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<Range<usize>>) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        out.push(start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        split(text)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn splits_survive_abbreviations_initials_and_decimals() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Dr. Smith arrived. He sat down.",
                &["Dr. Smith arrived.", "He sat down."],
            ),
            (
                "It ended.[57] Then war came.[58][a] Peace followed.",
                &["It ended.[57]", "Then war came.[58][a]", "Peace followed."],
            ),
            (
                "The U.S. Senate voted. It passed.",
                &["The U.S. Senate voted.", "It passed."],
            ),
            // Before a number these abbreviations go on; elsewhere a stop ends.
            (
                "A Cat. 4 storm cost Rs. 1,450 each. We saw the Cat. It ran.",
                &[
                    "A Cat. 4 storm cost Rs. 1,450 each.",
                    "We saw the Cat.",
                    "It ran.",
                ],
            ),
            (
                "He moved to the U.S. The next year he left.",
                &["He moved to the U.S.", "The next year he left."],
            ),
            (
                "We met at 9 a.m. Tuesday in St. Louis.",
                &["We met at 9 a.m. Tuesday in St. Louis."],
            ),
            (
                "It rose 3.5 percent. Shares fell.",
                &["It rose 3.5 percent.", "Shares fell."],
            ),
            (
                "J. R. R. Tolkien wrote it. Really?",
                &["J. R. R. Tolkien wrote it.", "Really?"],
            ),
            (
                "\"Stop!\" she said. \"Now.\" Then quiet.",
                &["\"Stop!\" she said.", "\"Now.\"", "Then quiet."],
            ),
            ("Wait... what? Yes.", &["Wait... what?", "Yes."]),
            (
                "See Fig. 2 for details. Done",
                &["See Fig. 2 for details.", "Done"],
            ),
            (
                "No. 1 seed won. Jan. 5 was cold.",
                &["No. 1 seed won.", "Jan. 5 was cold."],
            ),
            (
                "The rate is 2.5%. Prices rose.",
                &["The rate is 2.5%.", "Prices rose."],
            ),
            // An abbreviation after a prefix is still one.
            (
                "Then-Gov. Gray Davis signed it. Ex-Sen. Lee did not.",
                &["Then-Gov. Gray Davis signed it.", "Ex-Sen. Lee did not."],
            ),
            // "a.m."/"p.m." close a sentence before a capitalized word that is not part
            // of the time.
            (
                "It starts at 9 a.m. Residents may come. It ends at 5 p.m. Eastern on Friday.",
                &[
                    "It starts at 9 a.m.",
                    "Residents may come.",
                    "It ends at 5 p.m. Eastern on Friday.",
                ],
            ),
            // Weekday abbreviations in listings end a sentence only before a starter.
            (
                "Open Sat. 10 a.m. to 4 p.m. Closed Sun. The store is new.",
                &[
                    "Open Sat. 10 a.m. to 4 p.m.",
                    "Closed Sun.",
                    "The store is new.",
                ],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "{text}");
        }
    }
}
