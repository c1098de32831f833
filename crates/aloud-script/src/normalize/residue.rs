//! The last rule: a token no other rule read that still holds digits or symbols
//! ("HTTP/1.1", "17:59:00+00", "my6sense", "<module>", "res.ok"), mostly code, markup
//! and identifiers quoted in an article. Nothing written as a digit or symbol reaches
//! the voice, which would otherwise guess (espeak-ng reads "<" as "less than", skips
//! some symbols and spells others). Brackets, quotes and other breaks inside the token
//! split it into pieces normalized as text of their own ("<pitch>123" → "pitch one
//! hundred twenty-three"); in a piece, numbers are read, named symbols said, and a full
//! stop between letters or numbers is "dot".

use super::letters::{capital_run_alone, symbol_name};
use super::rules::{one, Context, Said};
use crate::numbers::{cardinal, digits};

/// Characters that only separate the words of a residue ("<storage_root>", "f(x)").
fn is_break(c: char) -> bool {
    matches!(
        c,
        '<' | '>'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '“'
            | '”'
            | '_'
            | '|'
            | '\\'
            | '^'
            | '~'
            | '`'
    )
}

/// Clause marks inside a token ("b","c" or "yes,no"): kept as a pause.
fn is_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '!' | '?' | '…')
}

/// Whether `core` is a residue: it holds a digit, a named symbol, a break or mark, or
/// a full stop between letters, and is not plain words with hyphens ("well-known").
fn is_residue(core: &str) -> bool {
    let chars: Vec<char> = core.chars().collect();
    let inner_stop = chars
        .windows(3)
        .any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric());
    chars.iter().any(|&c| {
        c.is_ascii_digit() || symbol_name(c).is_some() || c == '°' || is_break(c) || is_mark(c)
    }) || inner_stop
}

/// A token with breaks or marks inside, rewritten as the words they separate: a mark
/// stays as a pause ("yes,no" → "yes, no"), except between digits ("17:59"); a break is a
/// space. `None` when there is nothing to separate.
fn separated(core: &str) -> Option<String> {
    let chars: Vec<char> = core.chars().collect();
    let digit = |j: Option<&char>| j.is_some_and(char::is_ascii_digit);
    let mut text = String::with_capacity(core.len() + 8);
    // A slash against a break or an end is markup ("</pitch>", "<noise/>").
    let edge = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_none_or(|&c| is_break(c));
    for (i, &c) in chars.iter().enumerate() {
        let markup_slash = c == '/' && (edge(i.checked_sub(1)) || edge(Some(i + 1)));
        // A full stop against a break joins nothing: "(x).then", "<noun>.js".
        let loose_stop = c == '.' && (edge(i.checked_sub(1)) || edge(Some(i + 1)));
        if markup_slash
            || loose_stop && (i > 0 && i + 1 < chars.len())
            || is_break(c)
            || is_mark(c)
                && digit(i.checked_sub(1).and_then(|j| chars.get(j)))
                && digit(chars.get(i + 1))
        {
            text.push(' ');
        } else if is_mark(c) {
            text.push(c);
            text.push(' ');
        } else {
            text.push(c);
        }
    }
    (text.trim() != core).then_some(text)
}

/// A run of digits: short numbers as numbers ("59" → "fifty-nine"), longer ones and
/// any with a leading zero digit by digit ("00" → "zero zero").
fn say_digits(run: &str) -> String {
    match run.parse::<u64>() {
        Ok(n) if run.len() <= 3 && !(run.len() > 1 && run.starts_with('0')) => cardinal(n),
        _ => digits(run),
    }
}

/// The residue's words, or `None` when `core` is not one.
pub(super) fn residue(core: &str) -> Option<String> {
    // Full-width digits ("１月") read as digits.
    let wide: String;
    let core = if core.chars().any(|c| ('０'..='９').contains(&c)) {
        wide = core
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                c => c,
            })
            .collect();
        wide.as_str()
    } else {
        core
    };
    if !is_residue(core) {
        return None;
    }
    if let Some(text) = separated(core) {
        // Its pieces hold no break or mark, so they are read below, not here again.
        return Some(super::normalize(&text));
    }
    let chars: Vec<char> = core.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            words.push(say_digits(&run));
            // "1.1": one decimal point between digits, its digits said one by one.
            let decimal = i + 1 < chars.len()
                && chars[i] == '.'
                && chars[i + 1].is_ascii_digit()
                && !chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == '.')
                    .any(|c| *c == '.');
            if decimal && !chars[..start].contains(&'.') {
                let from = i + 1;
                i = from;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let fraction: String = chars[from..i].iter().collect();
                words.push(format!("point {}", digits(&fraction)));
            }
        } else if c.is_alphabetic() || c == '\'' || c == '’' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphabetic() || chars[i] == '\'' || chars[i] == '’')
            {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let run = run.trim_matches(['\'', '’']);
            if !run.is_empty() {
                words.push(capital_run_alone(run));
            }
        } else {
            i += 1;
            if c == '.' {
                let between = |j: Option<&char>| j.is_some_and(|c| c.is_alphanumeric());
                if between(chars.get(i.wrapping_sub(2))) && between(chars.get(i)) {
                    words.push("dot".to_string());
                }
            } else if c == '°' {
                words.push("degrees".to_string());
            } else if let Some(name) = symbol_name(c).filter(|_| {
                // A slash opening or closing a piece ("</pitch>", "breathing/") is markup.
                c != '/' || i > 1 && i < chars.len()
            }) {
                words.push(name.to_string());
            }
            // Anything else unnamed (a hyphen, an apostrophe alone): a word break.
        }
    }
    Some(words.join(" "))
}

pub(super) fn residue_rule(c: &Context) -> Option<Said> {
    one(residue(c.core()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_and_identifiers_leave_no_digit_or_symbol() {
        super::super::assert_said(&[
            (
                "Send an HTTP/1.1 request.",
                "Send an H-T-T-P slash one point one request.",
            ),
            (
                "At 17:59:00+00 it failed.",
                "At seventeen fifty-nine zero zero plus zero zero it failed.",
            ),
            ("He founded my6sense.", "He founded my six sense."),
            ("Load the <module> tag.", "Load the module tag."),
            ("Check res.ok first.", "Check res dot ok first."),
            ("Set <storage_root> now.", "Set storage root now."),
            ("Call console.log(x) here.", "Call console dot log x here."),
            ("Pick \"b\",\"c\" or \"d\".", "Pick \"b, c\" or \"d\"."),
            ("The tag <noise/> ends.", "The tag noise ends."),
            (
                "Run version 0.17.0 today.",
                "Run version zero point seventeen point zero today.",
            ),
            ("Home > News > World", "Home News World"),
            (
                "Then fetch(url).then(done) runs.",
                "Then fetch url then done runs.",
            ),
            ("A １月 page", "A one 月 page"),
        ]);
    }

    #[test]
    fn plain_words_are_not_residues() {
        for word in ["well-known", "don't", "Hello", "rock’n’roll"] {
            assert!(super::residue(word).is_none(), "{word}");
        }
    }
}
