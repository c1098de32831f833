//! Electronic text: web and e-mail addresses ("ann.lee@example.com"), bare domains,
//! handles and hashtags ("@aloud_news", "#Election2024").

use super::rules::{one, Context, Said};
use crate::numbers::{cardinal, number, year};

/// Top-level domains read as words; others are spelled.
pub(super) const WORD_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "info", "biz", "news", "app", "dev", "io",
];

/// E-mail addresses, web addresses and bare domains: "ann.lee@example.com" → "ann dot
/// lee at example dot com", "www.example.org/a-b" → "WWW dot example dot org slash a
/// dash b". The scheme ("https://") is not read: a newsreader never says it.
pub(super) fn electronic(core: &str) -> Option<String> {
    let lower = core.to_ascii_lowercase();
    // A local file is read whole: "file:///photos/image.jpg".
    if let Some(path) = lower.strip_prefix("file://").map(|_| &core[7..]) {
        let mut words = vec!["file colon slash slash".to_string()];
        let chars: Vec<char> = path.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_alphabetic() {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                words.push(match word.to_ascii_lowercase().as_str() {
                    "jpg" => "jpeg".into(),
                    _ => word,
                });
                continue;
            }
            words.push(match chars[i] {
                '/' => "slash".into(),
                '.' => "dot".into(),
                '-' => "dash".into(),
                '_' => "underscore".into(),
                c if c.is_ascii_digit() => cardinal(c.to_digit(10).unwrap_or(0) as u64),
                c => c.to_string(),
            });
            i += 1;
        }
        return Some(words.join(" "));
    }
    let body = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s).map(|_| &core[s.len()..]));
    let is_email = core.contains('@')
        && core
            .rsplit_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    let host_end = |s: &str| s.find(['/', '?', '#']).unwrap_or(s.len());
    let has_known_tld = |s: &str| {
        let host = &s[..host_end(s)];
        let mut labels = host.split('.');
        let first = labels.next().unwrap_or("");
        let rest: Vec<&str> = labels.collect();
        !first.is_empty()
            && first.chars().any(|c| c.is_ascii_alphabetic())
            && !rest.is_empty()
            && rest
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && rest.last().is_some_and(|tld| {
                let tld = tld.to_ascii_lowercase();
                WORD_TLDS.contains(&tld.as_str())
                    || (tld.len() == 2
                        && tld.chars().all(|c| c.is_ascii_alphabetic())
                        && rest.len() >= 2)
                    || matches!(
                        tld.as_str(),
                        "uk" | "de"
                            | "fr"
                            | "it"
                            | "es"
                            | "nl"
                            | "eu"
                            | "ca"
                            | "au"
                            | "us"
                            | "co"
                            | "tv"
                            | "me"
                            | "ai"
                    )
            })
    };
    let text = match body {
        Some(rest) => rest,
        None if is_email || lower.starts_with("www.") => core,
        None if has_known_tld(core) && !core.contains("..") => core,
        None => return None,
    };
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let at = text.rfind('@').map(|i| text[..i].chars().count());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let lower = word.to_ascii_lowercase();
            let is_last_label = i == chars.len() || chars[i] == '/';
            let after_dot = start > 0 && chars[start - 1] == '.';
            let in_host = at.is_none_or(|a| start > a);
            words.push(if lower == "www" {
                "WWW".into()
            } else if after_dot && is_last_label && in_host && word.len() == 2 {
                // Country domains are spelled; joined capitals are what espeak-ng
                // spells ("UK"), spaced letters it may read as words ("I T" → "it").
                word.to_uppercase()
            } else {
                camel_words(&word)
            });
            continue;
        }
        if c.is_ascii_digit() {
            words.push(cardinal(c.to_digit(10).unwrap_or(0) as u64));
        } else {
            let name = match c {
                '.' => "dot",
                '@' => "at",
                '/' => "slash",
                '-' => "dash",
                '_' => "underscore",
                '&' => "ampersand",
                ':' => "colon",
                '?' => "question mark",
                '=' => "equals",
                '#' => "hash",
                '~' => "tilde",
                '+' => "plus",
                '%' => "percent",
                _ => "",
            };
            if !name.is_empty() {
                words.push(name.into());
            }
        }
        i += 1;
    }
    Some(words.join(" "))
}

/// "@aloud_news" → "at aloud news", "#Election2024" → "hashtag Election twenty twenty-four".
pub(super) fn handle_or_hashtag(core: &str) -> Option<String> {
    let (prefix, name) = if let Some(n) = core.strip_prefix('@') {
        ("at", n)
    } else if let Some(n) = core.strip_prefix('#') {
        ("hashtag", n)
    } else {
        return None;
    };
    if name.is_empty()
        || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        || !name.starts_with(char::is_alphabetic)
    {
        return None;
    }
    let mut words = vec![prefix.to_string()];
    let mut current = String::new();
    let mut digits = String::new();
    let flush = |current: &mut String, digits: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(camel_words(&std::mem::take(current)));
        }
        if !digits.is_empty() {
            let n: Option<u64> = digits.parse().ok();
            words.push(match n {
                Some(n) if digits.len() == 4 && (1000..2100).contains(&n) => year(n),
                _ => number(digits).unwrap_or_default(),
            });
            digits.clear();
        }
    };
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !current.is_empty() {
                words.push(camel_words(&std::mem::take(&mut current)));
            }
            digits.push(c);
        } else if c == '_' {
            flush(&mut current, &mut digits, &mut words);
        } else {
            if !digits.is_empty() {
                flush(&mut current, &mut digits, &mut words);
            }
            current.push(c);
        }
    }
    flush(&mut current, &mut digits, &mut words);
    Some(words.join(" "))
}

/// Words run together in CamelCase, apart: "NoBatteryTax" → "No Battery Tax",
/// "NYTimes" → "N-Y Times" (a run of capitals before a capitalized word is spelled);
/// one case throughout stays one word ("aloud", "NASA").
pub(super) fn camel_words(run: &str) -> String {
    let chars: Vec<char> = run.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let lower_to_upper = chars[i - 1].is_lowercase() && chars[i].is_uppercase();
        // "NYTimes": the last capital of a run starts the next word.
        let run_ends = chars[i - 1].is_uppercase()
            && chars[i].is_uppercase()
            && chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        if lower_to_upper || run_ends {
            words.push(chars[start..i].iter().collect());
            start = i;
        }
    }
    words.push(chars[start..].iter().collect());
    if words.len() == 1 {
        return run.to_string();
    }
    words
        .iter()
        .map(|w| {
            if w.chars().count() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()) {
                super::letters::spell(w)
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn electronic_rule(c: &Context) -> Option<Said> {
    one(electronic(c.core()))
}

/// A handle or hashtag; after the word "hashtag" ("share the hashtag #OnIt") the sign
/// is not said again.
pub(super) fn handle_or_hashtag_rule(c: &Context) -> Option<Said> {
    let said = handle_or_hashtag(c.core())?;
    let named = c.core().starts_with('#')
        && c.prev_clean()
        && matches!(
            c.prev_core().to_lowercase().as_str(),
            "hashtag" | "hashtags"
        );
    match said.strip_prefix("hashtag ") {
        Some(rest) if named => Some((rest.to_string(), 1)),
        _ => Some((said, 1)),
    }
}

/// ".zip", ".docx", ".mp3": a file extension standing alone, said "dot zip". In
/// capitals after a name it is a market index's code ("the Dow Jones Industrial
/// Average .DJI fell"), which a newsreader leaves out.
pub(super) fn file_extension(c: &Context) -> Option<Said> {
    let name = c.core().strip_prefix('.')?;
    let plausible = (2..=5).contains(&name.len())
        && name.starts_with(|ch: char| ch.is_ascii_alphabetic())
        && name.chars().all(|ch| ch.is_ascii_alphanumeric());
    if plausible && name.chars().all(|ch| ch.is_ascii_uppercase()) && c.prev().is_some() {
        return Some((String::new(), 1));
    }
    // Without a vowel or with a digit it is spelled ("pdf", "mp3"), else said ("zip").
    let spelled = name.chars().any(|ch| ch.is_ascii_digit())
        || !name.chars().any(|ch| "aeiouAEIOU".contains(ch));
    let name = if spelled {
        name.to_uppercase()
    } else {
        name.to_string()
    };
    plausible.then(|| (format!("dot {}", super::normalize(&name)), 1))
}

/// "ourdailynews.abc": two lowercase words joined by a dot read as an address.
pub(super) fn dotted_words(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once('.')?;
    let word = |s: &str| s.len() >= 3 && s.chars().all(|c| c.is_ascii_lowercase());
    (word(a) && word(b)).then(|| (format!("{a} dot {b}"), 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn run_together_words_in_tags_and_domains() {
        super::super::assert_said(&[
            ("#NoBatteryTax trended.", "hashtag No Battery Tax trended."),
            (
                "Share the hashtag #NoBatteryTax today.",
                "Share the hashtag No Battery Tax today.",
            ),
            ("Read NYTimes.com daily.", "Read NY Times dot com daily."),
            (
                "The Nasdaq Composite .IXIC added 20 points.",
                "The Nasdaq Composite added twenty points.",
            ),
            (
                "Files ending in .zip or .mp3 are skipped.",
                "Files ending in dot zip or dot MP three are skipped.",
            ),
        ]);
    }
}
