//! Numbers read digit by digit: telephone numbers (matched in the tokenizer, since
//! their spaces would split them), IP addresses and identity numbers ("123-45-6789").

use super::rules::{one, Context, Said};
use crate::numbers::digits;

/// `[+C[C[C]] sep] (AAA) sep? BBB sep CCCC` with sep one of space, '-', '.'; in US
/// style also `1-AAA-BBB-CCCC` (the trunk prefix). A toll-free area code is said as
/// newsreaders say it: "1-800-555-0134" → "one, eight hundred, five five five, zero one
/// three four".
pub(super) fn match_phone(c: &[char]) -> Option<(usize, String)> {
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
