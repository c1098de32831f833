//! The shared tokenizer: text → whitespace-separated tokens with their character
//! spans (telephone numbers come whole, already spoken), and each token → its core and
//! the punctuation around it.

use super::abbreviation::{abbreviation_any_case, abbreviations};
use super::address::{ap_state, party_tag};
use super::date::{month, weekday};
use super::measure::UNITS_WITH_STOP;
use super::table::lookup;
use super::telephone::match_phone;

/// A token split into the punctuation before it, its core and the punctuation after;
/// an abbreviation keeps its own full stop in the core ("Dr.", "U.S.").
pub(super) struct Token {
    pub(super) lead: String,
    pub(super) core: String,
    pub(super) trail: String,
}

pub(super) fn split_token(raw: &str) -> Token {
    let lead_len = raw
        .char_indices()
        .find(|&(_, c)| {
            !matches!(
                c,
                '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '¿' | '¡' | '`' | '*'
            )
        })
        .map(|(i, _)| i)
        .unwrap_or(raw.len());
    // The apostrophe of "'80s" belongs to the decade.
    let decade_short = raw.strip_prefix(['\'', '’']).is_some_and(|r| {
        r.len() >= 3 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit) && r[2..].starts_with('s')
    });
    let lead_len = if decade_short { 0 } else { lead_len };
    let rest = &raw[lead_len..];
    let mut core_end = rest.len();
    for (i, c) in rest.char_indices().rev() {
        if matches!(
            c,
            '"' | '\''
                | '`'
                | '”'
                | '’'
                | ')'
                | ']'
                | '}'
                | '»'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '.'
                | '…'
                | '*'
        ) {
            // A closing bracket whose opening one is inside the word stays: "401(k)".
            if c == ')' && rest[..i].contains('(') && !rest.starts_with('(') {
                break;
            }
            core_end = i;
        } else {
            break;
        }
    }
    let (mut core, mut trail) = (rest[..core_end].to_string(), rest[core_end..].to_string());
    // Keep an abbreviation's own full stop ("Dr.", "U.S.", "a.m.") in the core.
    if trail.starts_with('.')
        && !core.is_empty()
        && !core.chars().all(|c| c.is_ascii_digit() || c == ',')
    {
        let with_dot = format!("{core}.");
        let lower = with_dot.to_lowercase();
        // "then-Gov.", "ex-Sen.": an abbreviation after a prefix.
        let after_prefix = with_dot.rsplit_once('-').map_or("", |(_, tail)| tail);
        // "$3.09/gal.": a unit's stop after a price per unit.
        let per_unit = lower.rsplit_once('/').map_or("", |(_, tail)| tail);
        let known = abbreviation_any_case(&with_dot).is_some()
            || lookup(abbreviations(), after_prefix).is_some()
            || is_dotted_initialism(after_prefix)
            || is_dotted_initialism(&with_dot)
            || is_dotted_degree(&with_dot)
            || month(&lower).is_some()
            || weekday(&core).is_some()
            || ap_state(&with_dot).is_some()
            || party_tag(&with_dot).is_some()
            || UNITS_WITH_STOP.contains(&lower.as_str())
            || UNITS_WITH_STOP.contains(&per_unit)
            || matches!(with_dot.as_str(), "St." | "No." | "Nos." | "a.m." | "p.m.")
            || super::abbreviation::BEFORE_A_NUMBER
                .iter()
                .any(|(w, _)| *w == with_dot)
            || super::money::CURRENCY_WORDS
                .iter()
                .any(|(w, _, _)| *w == with_dot);
        if known {
            core = with_dot;
            trail.remove(0);
        }
    }
    // Asterisks around a word are emphasis or a footnote mark ("**Ni**", "good*"):
    // peeled off like punctuation, and never said.
    Token {
        lead: raw[..lead_len].replace('*', ""),
        core,
        trail: trail.replace('*', ""),
    }
}

/// "Ph.D.", "Ed.D.", "Psy.D."-like shapes: a capital, then pieces of one or two letters
/// each closed by a stop, one of them a capital and a small letter.
pub(super) fn is_dotted_degree(word: &str) -> bool {
    let Some(body) = word.strip_suffix('.') else {
        return false;
    };
    let pieces: Vec<&str> = body.split('.').collect();
    let letters_ok = |p: &&str| {
        let n = p.chars().count();
        (1..=2).contains(&n)
            && p.chars().all(|c| c.is_ascii_alphabetic())
            && p.starts_with(|c: char| c.is_ascii_uppercase())
    };
    pieces.len() >= 2
        && pieces.iter().all(letters_ok)
        && pieces
            .iter()
            .any(|p| p.len() == 2 && p.chars().nth(1).is_some_and(|c| c.is_ascii_lowercase()))
}

/// "U.S.", "U.N.", "a.m." style: single letters each followed by a dot.
pub(super) fn is_dotted_initialism(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 3
        && parts.last() == Some(&"")
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

pub(super) fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
}

pub(super) fn capitalized(core: &str) -> bool {
    core.chars().next().is_some_and(char::is_uppercase)
}

pub(super) struct RawToken {
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) spoken: Option<String>,
}

/// Splits text into tokens at whitespace and around dashes used as punctuation,
/// keeping where each came from.
pub(super) fn tokenize(text: &str) -> Vec<RawToken> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let numeric = |j: Option<&char>| {
        j.is_some_and(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£'))
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if boundary && (chars[i] == '+' || chars[i] == '(' || chars[i].is_ascii_digit()) {
            if let Some((len, spoken)) = match_phone(&chars[i..]) {
                if chars.get(i + len).is_none_or(|c| !c.is_alphanumeric()) {
                    // Punctuation right after the number stays with it.
                    let after = |c: char| {
                        !c.is_whitespace() && !c.is_alphanumeric() && !matches!(c, '—' | '–')
                    };
                    i = push_said(&mut tokens, &chars, i, i + len, spoken, after);
                    continue;
                }
            }
        }
        // A reference mark ("[57]", "[a]", "[citation needed]") is not read; what
        // punctuation follows it stays, for the pause.
        let glued = i > 0 && !chars[i - 1].is_whitespace();
        if let Some(len) = citation_mark(&chars[i..], glued) {
            let after = |c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?');
            i = push_said(&mut tokens, &chars, i, i + len, String::new(), after);
            continue;
        }
        let is_dash = |j: usize| {
            matches!(chars[j], '—')
                || chars[j] == '–'
                    && !(numeric(j.checked_sub(1).and_then(|k| chars.get(k)))
                        && numeric(chars.get(j + 1)))
        };
        if is_dash(i) {
            tokens.push(RawToken {
                text: "—".into(),
                start: i,
                end: i + 1,
                spoken: None,
            });
            i += 1;
            continue;
        }
        let start = i;
        let mut word = String::new();
        while i < chars.len() && !chars[i].is_whitespace() && !is_dash(i) {
            let c = chars[i];
            if c == '[' && !word.is_empty() && citation_mark(&chars[i..], true).is_some() {
                break;
            }
            match c {
                '–' => word.push('-'),
                '…' => word.push_str("..."),
                // TeX-style quotes: ``like this''.
                '`' | '\'' if chars.get(i + 1) == Some(&c) => {
                    word.push('"');
                    i += 1;
                }
                c => word.push(c),
            }
            i += 1;
            // Punctuation glued to the next word ends this one: "11:20AM,2:40PM",
            // "Hi,no", "NO?17", "(1)Hello", "said.Police". A digit group ("1,000")
            // stays whole.
            let next = chars.get(i).copied();
            let glued = next.is_some_and(char::is_alphanumeric)
                && match c {
                    ',' => {
                        next.is_some_and(char::is_alphabetic)
                            || chars[..i - 1].last().is_some_and(|p| p.is_alphabetic())
                    }
                    '!' | '?' | ')' | ';' => true,
                    // "114...48": an ellipsis between words.
                    '.' if i >= 3 && chars[i - 2] == '.' && chars[i - 3] == '.' => true,
                    // "the physician.Police said": a sentence run into the next
                    // without a space (a word, not "Node.js" or "U.S.").
                    '.' => {
                        i >= 3
                            && chars[i - 3..i - 1].iter().all(char::is_ascii_lowercase)
                            && !word[..word.len() - 1].contains(['.', '/', '@'])
                            && next.is_some_and(|n| n.is_ascii_uppercase())
                            && chars.get(i + 1).is_some_and(char::is_ascii_lowercase)
                    }
                    _ => false,
                };
            if glued {
                break;
            }
        }
        tokens.push(RawToken {
            text: word,
            start,
            end: i,
            spoken: None,
        });
    }
    tokens
}

/// Pushes `chars[start..end]` as a token already said (`spoken`), taking with it the
/// characters right after it that `after` accepts (punctuation kept for the pause);
/// returns where the next token starts.
fn push_said(
    tokens: &mut Vec<RawToken>,
    chars: &[char],
    start: usize,
    mut end: usize,
    mut spoken: String,
    after: impl Fn(char) -> bool,
) -> usize {
    while end < chars.len() && after(chars[end]) {
        spoken.push(chars[end]);
        end += 1;
    }
    tokens.push(RawToken {
        text: chars[start..end].iter().collect(),
        start,
        end,
        spoken: Some(spoken),
    });
    end
}

/// The length of a reference mark at the start of `chars`: one or more of "[12]",
/// "[a]", "[note 3]", "[citation needed]" (Wikipedia and journal style). A letter
/// counts only `glued` to the word before ("fell.[a]"; "the array [x]" is not one).
pub(crate) fn citation_mark(chars: &[char], glued: bool) -> Option<usize> {
    let mut at = 0;
    while chars.get(at) == Some(&'[') {
        let close = chars[at..].iter().take(20).position(|&c| c == ']')?;
        let inside: String = chars[at + 1..at + close].iter().collect();
        let number = |s: &str| (1..=4).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
        let mark = number(&inside)
            || glued && inside.len() == 1 && inside.chars().all(|c| c.is_ascii_lowercase())
            || inside.strip_prefix("note ").is_some_and(number)
            || inside == "citation needed";
        if !mark {
            break;
        }
        at += close + 1;
    }
    (at > 0).then_some(at)
}

#[cfg(test)]
mod tests {
    #[test]
    fn asterisks_around_words_are_not_said() {
        super::super::assert_said(&[
            ("– Ni** My**", "Ni My"),
            (
                "It was *really* good, a footnote*.",
                "It was really good, a footnote.",
            ),
        ]);
    }

    #[test]
    fn reference_marks_are_not_read() {
        super::super::assert_said(&[
            (
                "It ended in the Depression.[57] Then",
                "It ended in the Depression. Then",
            ),
            ("as he said[3][4], it rained", "as he said, it rained"),
            ("Rates fell.[a]", "Rates fell."),
            ("a claim [citation needed] here", "a claim here"),
            ("Read [1] first.", "Read first."),
            ("an array [x] stays", "an array [x] stays"),
        ]);
    }

    #[test]
    fn a_missing_space_after_a_full_stop() {
        super::super::assert_said(&[(
            "He called the physician.Police arrived.",
            "He called the physician. Police arrived.",
        )]);
    }
}
