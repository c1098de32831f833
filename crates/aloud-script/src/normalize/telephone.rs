//! Numbers read digit by digit: telephone numbers (matched in the tokenizer, since
//! their spaces would split them), short numbers to call or text ("call 911"), IP
//! addresses and identity numbers ("123-45-6789").

use super::rules::{one, Context, Said};
use crate::numbers::digits;

/// A telephone number at the start of `c`: its length in characters and its words.
/// North American numbers first ([`match_north_american`]), then British and other
/// international styles ([`match_international`]).
pub(super) fn match_phone(c: &[char]) -> Option<(usize, String)> {
    match_north_american(c).or_else(|| match_international(c))
}

/// Digits said one by one the British way, zero as "oh": "020" → "oh two oh".
fn spell_oh(group: &str) -> String {
    group
        .chars()
        .map(|d| match d {
            '0' => "oh".to_string(),
            d => digits(&d.to_string()),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// British and international numbers: a national number with its leading 0 in two or
/// three groups ("01632 960418", "020 7946 0018") or a country code after "+" and up to
/// five groups ("+44 (0)20 7946 0018", "+33 1 23 45 67 89"). Said digit by digit, zero
/// as "oh", a pause between groups; the "(0)" that is not dialled from abroad is not
/// read.
fn match_international(c: &[char]) -> Option<(usize, String)> {
    let is_sep = |i: usize| c.get(i).is_some_and(|s| matches!(s, ' ' | '-' | '.'));
    let run = |from: usize| {
        c[from.min(c.len())..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    let mut parts = Vec::new();
    let international = c.first() == Some(&'+');
    if international {
        let n = run(1);
        if !(1..=3).contains(&n) || c[1] == '1' || !is_sep(1 + n) {
            return None;
        }
        parts.push(format!(
            "plus {}",
            spell_oh(&c[1..=n].iter().collect::<String>())
        ));
        i = 2 + n;
        if c[i..].starts_with(&['(', '0', ')']) {
            i += 3;
            if is_sep(i) {
                i += 1;
            }
        }
    } else if c.first() != Some(&'0') {
        return None;
    }
    let (max_groups, shortest) = if international { (5, 1) } else { (3, 3) };
    let mut national = 0;
    let mut groups = 0;
    loop {
        let n = run(i);
        if n < shortest || n > 6 {
            return None;
        }
        parts.push(spell_oh(&c[i..i + n].iter().collect::<String>()));
        national += n;
        groups += 1;
        i += n;
        let more = is_sep(i) && run(i + 1) > 0 && groups < max_groups;
        if !more {
            break;
        }
        i += 1;
    }
    let national_ok = if international {
        (7..=11).contains(&national)
    } else {
        (10..=11).contains(&national)
    };
    (groups >= 2 && national_ok).then(|| (i, parts.join(", ")))
}

/// `[+C[C[C]] sep] (AAA) sep? BBB sep CCCC` with sep one of space, '-', '.'; in US
/// style also `1-AAA-BBB-CCCC` (the trunk prefix). A toll-free area code is said as
/// newsreaders say it: "1-800-555-0134" → "one, eight hundred, five five five, zero one
/// three four".
fn match_north_american(c: &[char]) -> Option<(usize, String)> {
    let digits = |from: usize, n: usize| -> Option<String> {
        let group: String = c.get(from..from + n)?.iter().collect();
        (group.chars().all(|d| d.is_ascii_digit())
            && c.get(from + n).is_none_or(|d| !d.is_ascii_digit()))
        .then_some(group)
    };
    let is_sep = |i: usize| c.get(i).is_some_and(|s| matches!(s, ' ' | '-' | '.'));
    let mut i = 0;
    let mut groups = Vec::new();
    let mut country = None;
    let mut trunk = false;
    if c[0] == '1'
        && matches!(c.get(1), Some('-' | '.' | ' '))
        && c.get(2).is_some_and(|d| d.is_ascii_digit() || *d == '(')
    {
        trunk = true;
        i = 2;
    } else if c[0] == '+' {
        let n = c[1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=3).contains(&n) {
            return None;
        }
        country = Some(c[1..=n].iter().collect::<String>());
        i = 1 + n;
        if is_sep(i) {
            i += 1;
        }
    }
    if c.get(i) == Some(&'(') {
        groups.push(digits(i + 1, 3)?);
        if c.get(i + 4) != Some(&')') {
            return None;
        }
        i += 5;
        if is_sep(i) {
            i += 1;
        }
    } else {
        groups.push(digits(i, 3)?);
        i += 3;
        if !is_sep(i) {
            return None;
        }
        i += 1;
    }
    groups.push(digits(i, 3)?);
    i += 3;
    if !is_sep(i) {
        return None;
    }
    groups.push(digits(i + 1, 4)?);
    i += 5;
    let spell = crate::numbers::digits;
    let mut parts: Vec<String> = country
        .iter()
        .map(|cc| format!("plus {}", spell(cc)))
        .collect();
    if trunk {
        parts.push("one".into());
    }
    let toll_free = |g: &str| g.ends_with("00") && !g.starts_with('0');
    parts.extend(groups.iter().enumerate().map(|(n, g)| {
        if n == 0 && toll_free(g) {
            format!("{} hundred", spell(&g[..1]))
        } else {
            spell(g)
        }
    }));
    Some((i, parts.join(", ")))
}

/// Digits in groups read one by one: IP addresses ("10.0.0.1" → "one zero dot zero …")
/// and 3-2-4 identity numbers.
pub(super) fn digit_groups(core: &str) -> Option<String> {
    let spell = digits;
    let all_digits = |g: &&str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    let dotted: Vec<&str> = core.split('.').collect();
    if dotted.len() == 4 && dotted.iter().all(all_digits) && dotted.iter().all(|g| g.len() <= 3) {
        return Some(
            dotted
                .iter()
                .map(|g| spell(g))
                .collect::<Vec<_>>()
                .join(" dot "),
        );
    }
    let dashed: Vec<&str> = core.split('-').collect();
    let lengths: Vec<usize> = dashed.iter().map(|g| g.len()).collect();
    if dashed.iter().all(all_digits) && lengths == [3, 2, 4] {
        return Some(
            dashed
                .iter()
                .map(|g| spell(g))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    None
}

pub(super) fn digit_groups_rule(c: &Context) -> Option<Said> {
    one(digit_groups(c.core()))
}

/// Verbs after which a short number is one to dial or text, said digit by digit.
const DIAL_VERBS: &[&str] = &[
    "call", "calling", "dial", "dialling", "dialing", "text", "texting", "ring", "phone", "sms",
];

/// A number of three to six digits to call or text, said digit by digit: "call 911" →
/// "nine one one", "dial 999", "text HOME to 741741" → "seven four one seven four one".
pub(super) fn dialled_number(c: &Context) -> Option<Said> {
    let core = c.core();
    if !(3..=6).contains(&core.len()) || !core.chars().all(|ch| ch.is_ascii_digit()) {
        return None;
    }
    // Right after the verb, or "text HOME to 741741".
    let after_verb = c.recent_word_in(1, DIAL_VERBS)
        || c.prev_core().eq_ignore_ascii_case("to")
            && c.recent_word_in(3, &["text", "texting", "sms"]);
    after_verb.then(|| (digits(core), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_to_dial() {
        super::super::assert_said(&[
            (
                "Call 911 or text HOME to 741741. Dial 999 in Britain.",
                "Call nine one one or text HOME to seven four one seven four one. Dial nine nine nine in Britain.",
            ),
            // Not after a verb of dialling: a count.
            (
                "She called 911 times, and 988 people came.",
                "She called nine hundred eleven times, and nine hundred eighty-eight people came.",
            ),
        ]);
    }

    #[test]
    fn international_numbers_are_read_in_their_groups() {
        super::super::assert_said(&[
            (
                "Call 01632 960418 today.",
                "Call oh one six three two, nine six oh four one eight today.",
            ),
            (
                "Call +44 (0)20 7946 0018 today.",
                "Call plus four four, two oh, seven nine four six, oh oh one eight today.",
            ),
            (
                "Call +33 1 23 45 67 89 today.",
                "Call plus three three, one, two three, four five, six seven, eight nine today.",
            ),
        ]);
    }
}
