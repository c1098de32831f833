//! Arithmetic and formulas: "2+3", "2x8", "y=x+1", "4.4x", and a slash between words
//! said as "slash".

use super::rules::{one, Context, Said};
use crate::numbers::number;

/// "2+3" → "two plus three", "2x8" → "two by eight", a relay's legs "4x400m" → "four
/// by four hundred meters".
pub(super) fn arithmetic(core: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    for (op, word) in [('+', "plus"), ('x', "by"), ('×', "times")] {
        if let Some((a, b)) = core.split_once(op) {
            if digits(a) && digits(b) {
                return Some(format!("{} {word} {}", number(a)?, number(b)?));
            }
            if op != '+' && digits(a) && a.len() <= 2 {
                if let Some(measure) = super::measure::measure(b) {
                    return Some(format!("{} {word} {measure}", number(a)?));
                }
            }
        }
    }
    None
}

/// A statistic compared with a number, as studies write it: "P<.001" → "P less than
/// point zero zero one", "n=1,204" → "n equals one thousand two hundred four",
/// "HR≥0.72".
pub(super) fn comparison(c: &Context) -> Option<Said> {
    let core = c.core();
    let at = core.find(['=', '<', '>', '≤', '≥'])?;
    let (name, rest) = core.split_at(at);
    let (said, value) = [
        ("<=", "less than or equal to"),
        (">=", "greater than or equal to"),
        ("≤", "less than or equal to"),
        ("≥", "greater than or equal to"),
        ("=", "equals"),
        ("<", "less than"),
        (">", "greater than"),
    ]
    .into_iter()
    .find_map(|(op, said)| rest.strip_prefix(op).map(|value| (said, value)))?;
    let name_fits = name.len() <= 3 && name.chars().all(|ch| ch.is_ascii_alphabetic());
    let (sign, unsigned) = match value.strip_prefix(['-', '−']) {
        Some(v) => ("minus ", v),
        None => ("", value),
    };
    let numeric = unsigned.starts_with(|ch: char| ch.is_ascii_digit() || ch == '.')
        && unsigned.chars().any(|ch| ch.is_ascii_digit())
        && unsigned
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',');
    if !name_fits || !numeric {
        return None;
    }
    let amount = match unsigned.strip_prefix('.') {
        // ".001": "point zero zero one".
        Some(_) => number(&format!("0{unsigned}"))?
            .trim_start_matches("zero ")
            .to_string(),
        None => number(unsigned)?,
    };
    let words = [name, said, &format!("{sign}{amount}")]
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some((words, 1))
}

/// "y=x+1", "1-2=5", "+1": operands and operators read out.
pub(super) fn formula(core: &str) -> Option<String> {
    let is_op = |c: char| matches!(c, '=' | '+' | '-' | '*' | '/');
    let signed = core
        .strip_prefix('+')
        .filter(|r| r.chars().all(|c| c.is_ascii_digit()) && !r.is_empty());
    if let Some(n) = signed {
        return Some(format!("plus {}", number(n)?));
    }
    if !core.contains('=')
        || !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || is_op(c))
    {
        return None;
    }
    let mut words = Vec::new();
    let mut operand = String::new();
    let flush = |operand: &mut String, words: &mut Vec<String>| -> Option<()> {
        if !operand.is_empty() {
            words.push(if operand.chars().all(|c| c.is_ascii_digit() || c == '.') {
                number(operand)?
            } else {
                // "US10YT=RR": a code's digits are read too.
                super::residue::residue(operand).unwrap_or_else(|| operand.clone())
            });
            operand.clear();
        }
        Some(())
    };
    for c in core.chars() {
        if is_op(c) {
            flush(&mut operand, &mut words)?;
            words.push(
                match c {
                    '=' => "equals",
                    '+' => "plus",
                    '-' => "minus",
                    '*' => "times",
                    _ => "divided by",
                }
                .to_string(),
            );
        } else {
            operand.push(c);
        }
    }
    flush(&mut operand, &mut words)?;
    Some(words.join(" "))
}

pub(super) fn formula_rule(c: &Context) -> Option<Said> {
    one(formula(c.core()))
}

/// "1- 2 = 5": an operand with its operator, in a formula.
pub(super) fn formula_operand(c: &Context) -> Option<Said> {
    let n = c.core().strip_suffix('-')?;
    let formula_ahead = c.ahead.iter().take(3).any(|t| t.core == "=");
    (formula_ahead && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .then(|| (format!("{} minus", number(n).unwrap_or_default()), 1))
}

/// "4.4x", "3x faster": a multiple.
pub(super) fn multiple(c: &Context) -> Option<Said> {
    let n = c.core().strip_suffix(['x', '×'])?;
    // A decimal, or a whole number before a comparison ("10x faster", "3x more",
    // "2x the price"); "777x jets" is a model name, read as a code.
    let next = c.next_core().to_ascii_lowercase();
    let comparison = next.len() > 3 && next.ends_with("er")
        || ["more", "less", "fewer", "as", "the", "over"].contains(&next.as_str())
        // A record's certification: "went 3x platinum".
        || ["platinum", "gold", "diamond"].contains(&next.as_str());
    let digits = !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    // A small whole number in a sentence, at the end of a clause or before a word that
    // is no noun: "rose 3x in a year", "up 10x."; "10x content" is a label before a
    // noun, "2x Pro" names a product, "the 777x jets" has three digits, a "2x" alone
    // is a label.
    let small = digits
        && n.len() <= 2
        && c.prev().is_some()
        && (!c.t.trail.is_empty()
            || c.next().is_none()
            || super::rules::NOT_NOUNS.contains(&next.as_str()));
    let whole = digits && (c.next_clean() && comparison || small);
    if (n.contains('.') || whole) && n.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Some((format!("{} times", number(n)?), 1));
    }
    None
}

/// An "x" standing between two numbers, as dimensions and resolutions are written:
/// "1800 x 1920", "10 × 12" → "by".
pub(super) fn dimension_by(c: &Context) -> Option<Said> {
    let numeric = |s: &str| {
        s.starts_with(|ch: char| ch.is_ascii_digit())
            && s.chars()
                .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == ',')
    };
    let between = numeric(c.prev_core())
        && c.prev_clean()
        && c.next_clean()
        && c.next()
            .is_some_and(|n| n.core.starts_with(|ch: char| ch.is_ascii_digit()));
    (matches!(c.core(), "x" | "×" | "X") && between).then(|| ("by".into(), 1))
}

/// "upgrade / update" → "upgrade slash update".
pub(super) fn lone_slash(c: &Context) -> Option<Said> {
    (c.core() == "/" && !c.prev_core().is_empty() && c.next().is_some())
        .then(|| ("slash".into(), 1))
}

pub(super) fn arithmetic_rule(c: &Context) -> Option<Said> {
    one(arithmetic(c.core()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn statistics_compared_with_a_number() {
        super::super::assert_said(&[
            ("The effect held (P<.001).", "The effect held (P less than point zero zero one)."),
            ("A trial (n=1,204) found it.", "A trial (n equals one thousand two hundred four) found it."),
            ("With r=-0.4 and HR>=0.72 it held.", "With r equals minus zero point four and HR greater than or equal to zero point seven two it held."),
            ("The relay is 4x400m long.", "The relay is four by four hundred meters long."),
            ("A 10 x 12 room.", "A ten by twelve room."),
        ]);
    }

    #[test]
    fn multiples() {
        super::super::assert_said(&[
            ("It is 3x faster.", "It is three times faster."),
            ("It costs 2x the price.", "It costs two times the price."),
            ("The 777x jets", "The seven seventy-seven x jets"),
            (
                "Sales rose 3x in a year.",
                "Sales rose three times in a year.",
            ),
            ("Sales are up 10x.", "Sales are up ten times."),
            (
                "The album went 3x platinum.",
                "The album went three times platinum.",
            ),
            // Before a noun, a label; before a name, a product.
            ("Write 10x content.", "Write ten x content."),
            ("The 2x Pro ships.", "The two x Pro ships."),
            ("2x8 boards", "two by eight boards"),
        ]);
    }
}
