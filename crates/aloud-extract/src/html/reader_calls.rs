//! Sentences addressed to the reader rather than telling the story: calls to engage
//! ("Have your say.", "Join our forums…", "Like this story? Share it with a friend!")
//! and pointers to a link ("Read our review here.", "…or listen back here."), which a
//! listener can neither click nor answer.

use crate::BlockKind;

use super::collect::RawBlock;

/// The sentences of a paragraph: split after ".", "!" or "?" (and any closing quotes or
/// brackets) followed by a space and a word that does not start in lower case.
/// "NJ.com's", "3.5" and "currencies vs. dollar" stay whole.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(next, '"' | '”' | '’' | '\'' | ')' | '»' | '.' | '!' | '?') {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let next_word = rest.trim_start().chars().next();
        if rest.starts_with(char::is_whitespace) && !next_word.is_some_and(char::is_lowercase) {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Verbs that, followed by "our" or "us", ask the reader to do something for the
/// publication: "Read our review", "Join our forums", "Follow us on…".
const CALL_VERBS: &[&str] = &[
    "read",
    "join",
    "follow",
    "listen",
    "watch",
    "subscribe",
    "download",
    "visit",
    "check",
    "explore",
    "discover",
    "see",
    "view",
    "support",
    "send",
    "contact",
    "email",
    "e-mail",
    "sign",
    "like",
    "share",
    "try",
    "get",
];

/// Whether one sentence calls on the reader to engage: a stock call ("Have your say",
/// "Like this story?", "Leave a comment…", from `data/reader-calls.txt`), a call verb
/// with "our"/"us" in its first four words, or "let us know" / "get in touch" anywhere
/// in a sentence without quotation marks.
fn is_call(sentence: &str) -> bool {
    let lower = sentence
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    if phrases!("reader-calls.txt")
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return true;
    }
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .collect();
    let verb_with_us = words.first().is_some_and(|w| CALL_VERBS.contains(w))
        && words
            .iter()
            .skip(1)
            .take(3)
            .any(|w| matches!(*w, "our" | "us"));
    let quoted = sentence.contains(['"', '“', '”']);
    let asks_to_write = !quoted
        && ["let us know", "get in touch with us", "drop us a line"]
            .iter()
            .any(|p| lower.contains(p));
    verb_with_us || asks_to_write
}

/// A short paragraph made only of calls on the reader ("Have your say. Give us
/// feedback.", "Join our Space Forums to keep talking space!"): every sentence is a
/// call, or a question put to the reader beside one ("Like this story? Share it with a
/// friend!").
pub(super) fn is_reader_call(text: &str) -> bool {
    if text.chars().count() >= 300 {
        return false;
    }
    let sentences = sentences(text);
    let calls = sentences.iter().filter(|s| is_call(s)).count();
    calls >= 1
        && sentences.len() <= 3
        && sentences
            .iter()
            .all(|s| is_call(s) || (s.ends_with('?') && s.split_whitespace().count() <= 8))
}

/// Last words of a link that point somewhere instead of saying anything: "…here".
const POINTER_WORDS: &[&str] = &["here", "aquí", "aqui", "ici", "hier", "qui"];

/// The paragraph without its last sentence when that sentence only points the reader
/// to a link: it ends with a link whose last word is "here" ("Read our review here.",
/// "…or listen back here."), or the whole sentence is a link that starts with a call
/// verb ("Read the original article."). `None` when there is no such sentence; an
/// empty string when it was the whole paragraph.
pub(super) fn without_pointer_sentence(raw: &RawBlock, text: &str) -> Option<String> {
    if !matches!(raw.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }) {
        return None;
    }
    // A block ending in a button ("… Download now") goes whole, by its own rule.
    if super::lines::is_call_to_action(raw, text) {
        return None;
    }
    let link = raw.tail_link.as_deref()?;
    let link = crate::collapse_whitespace(link);
    let all = sentences(text);
    let last = *all.last()?;
    let body = last.trim_end_matches(|c: char| c.is_whitespace() || ".)»”\"".contains(c));
    if !body.ends_with(link.as_str()) || last.split_whitespace().count() > 25 {
        return None;
    }
    let link_lower = link.to_lowercase();
    let link_words: Vec<&str> = link_lower.split_whitespace().collect();
    let pointer = link_words.len() <= 6
        && link_words
            .last()
            .is_some_and(|w| POINTER_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphabetic())));
    let verb = link_words
        .first()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .unwrap_or("");
    let whole_link = body == link
        && link_words.len() <= 8
        && (phrases!("cta-verbs.txt").contains(&verb) || CALL_VERBS.contains(&verb));
    if !(pointer || whole_link) {
        return None;
    }
    // `last` is a slice of `text`: what comes before it is kept.
    let cut = last.as_ptr() as usize - text.as_ptr() as usize;
    Some(text[..cut].trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::{is_reader_call, sentences};

    #[test]
    fn sentences_split_after_a_stop_and_a_space_only() {
        assert_eq!(
            sentences("Get the latest updates. Subscribe to NJ.com's newsletters."),
            vec![
                "Get the latest updates.",
                "Subscribe to NJ.com's newsletters."
            ]
        );
        assert_eq!(
            sentences("He said “no.” Then he left! Rates rose 3.5 per cent?"),
            vec!["He said “no.”", "Then he left!", "Rates rose 3.5 per cent?"]
        );
        assert_eq!(
            sentences("(Graphic: Global currencies vs. dollar - here)"),
            vec!["(Graphic: Global currencies vs. dollar - here)"]
        );
    }

    #[test]
    fn calls_on_the_reader_but_not_the_story() {
        for call in [
            "Have your say. Give us feedback.",
            "Like this story? Share it with a friend!",
            "Join our Space Forums to keep talking space on the latest missions, night sky and more!",
            "And if you have a news tip, correction or comment, let us know at: community@example.com.",
            "Leave a comment and let us know what your favourite gadget of the year is.",
            "Follow us on social media for the latest updates.",
            "Listen to our weekly politics podcast, wherever you get your podcasts.",
            "Stay tuned for more gift guides!",
        ] {
            assert!(is_reader_call(call), "{call}");
        }
        for story in [
            "“Let us know if you see anything,” the officer told residents.",
            "Read the small print, the regulator warned: many deals expire after a year.",
            "Share prices fell 3 per cent in early trading.",
            "Join the queue early, organisers advised, as tickets are limited.",
            "Why does it matter? Because the council must balance its budget by March.",
            "Tell us about your new film.",
            "Follow the river path for two miles and the ruins appear on the left.",
        ] {
            assert!(!is_reader_call(story), "{story}");
        }
    }
}
