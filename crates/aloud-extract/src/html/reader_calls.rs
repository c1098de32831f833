//! Sentences addressed to the reader rather than telling the story: calls to engage
//! ("Have your say.", "Join our forums…", "Like this story? Share it with a friend!"),
//! pointers to a link ("Read our review here.", "…or listen back here.") and
//! introducers of what the page shows ("check out the footage below:"), which a
//! listener can neither click, answer nor see.

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
        let word_before = text[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        // An initial ("Nelson D. Schwartz") or a title ("Mr. Warner") ends nothing.
        let abbreviation = c == '.'
            && (word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase)
                || TITLES.contains(&word_before));
        if rest.starts_with(char::is_whitespace)
            && !next_word.is_some_and(char::is_lowercase)
            && !abbreviation
        {
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

/// The words of `text` in lower case, without the punctuation around them.
pub(super) fn lower_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect()
}

/// Titles written with a stop before a name.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt",
    "Rev", "Hon", "Jr", "Sr", "Mt", "No",
];

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
/// with "our"/"us" in its first four words, "let us know" / "get in touch" anywhere
/// in a sentence without quotation marks, or a call to follow someone on a network.
fn is_call(sentence: &str) -> bool {
    if is_reported_speech(sentence) {
        return false;
    }
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
    verb_with_us || asks_to_write || is_follow_call(&lower, &words)
}

/// Networks a reader is asked to follow someone on.
const SOCIAL_NETWORKS: &[&str] = &[
    "twitter",
    "x",
    "facebook",
    "instagram",
    "threads",
    "bluesky",
    "mastodon",
    "linkedin",
    "tiktok",
    "youtube",
    "telegram",
];

/// "Follow him on Twitter @michaeldwall.", "Follow her on Instagram.", "Follow
/// @valleycourier": a call to follow a writer or the publication on a network (`lower`:
/// the sentence in lower case; `words`: its words as [`is_call`] splits them).
fn is_follow_call(lower: &str, words: &[&str]) -> bool {
    let raw: Vec<&str> = lower.split_whitespace().collect();
    let is_handle =
        |w: &&str| w.len() > 1 && w.trim_start_matches(['(', '"', '“']).starts_with('@');
    let whom = words.get(1).copied().unwrap_or("");
    let on_network = words
        .windows(2)
        .any(|w| w[0] == "on" && SOCIAL_NETWORKS.contains(&w[1]));
    words.first() == Some(&"follow")
        && (matches!(whom, "us" | "him" | "her" | "them" | "me")
            || raw.get(1).is_some_and(is_handle))
        && words.len() <= 12
        && (on_network || raw.iter().any(is_handle))
}

/// A sentence that quotes someone: it opens with a quotation mark that closes before
/// its end (`"Join us," she said.`), or a quotation closes with a comma, "?" or "!"
/// before more words.
fn is_reported_speech(s: &str) -> bool {
    let opens = s.starts_with(['"', '“', '‘']);
    let closes_inside = s
        .trim_end()
        .trim_end_matches(['.', '!', '?'])
        .char_indices()
        .skip(1)
        .any(|(i, c)| matches!(c, '"' | '”' | '’') && !s[i + c.len_utf8()..].trim().is_empty());
    opens && closes_inside
        || [",\" ", ",” ", "?” ", "!” ", "?\" ", "!\" "]
            .iter()
            .any(|p| s.contains(p))
}

/// A list item or paragraph ending, after a finished sentence, in a marker that links on
/// ("Why the grant is promising. (More)"): the text without it.
pub(super) fn without_more_marker(text: &str) -> Option<String> {
    let trimmed = text.trim_end();
    let open = trimmed.rfind(['(', '['])?;
    let marker = trimmed[open + 1..].trim_end_matches([')', ']']).trim();
    let closes = trimmed.ends_with([')', ']']);
    let more = matches!(
        marker.to_lowercase().as_str(),
        "more" | "read more" | "details" | "more details" | "full story" | "continued"
    );
    // After a finished sentence: "He wanted (more)" keeps its word.
    let before = trimmed[..open].trim_end();
    let after_sentence = before.ends_with(['.', '!', '?', '…']);
    (closes && more && after_sentence).then(|| before.to_string())
}

/// A paragraph's closing calls on the reader after sentences of the story ("… is out
/// now. Follow him on Twitter @michaeldwall. Follow us on Twitter or Facebook."): the
/// story's sentences without them. Calls inside a quotation stay (`"Join us," she
/// said.`), and a paragraph of calls only is [`is_reader_call`]'s to judge.
pub(super) fn without_closing_calls(text: &str) -> Option<String> {
    let all = sentences(text);
    let calls = all
        .iter()
        .rev()
        .take_while(|s| is_call(s) && s.split_whitespace().count() <= 25)
        .count();
    if calls == 0 || calls == all.len() {
        return None;
    }
    let first_call = all[all.len() - calls];
    let cut = first_call.as_ptr() as usize - text.as_ptr() as usize;
    Some(text[..cut].trim_end().to_string())
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
    // "Clique aqui: https://…", "More info: www.…": a few words pointing to an address
    // written out as the link.
    let address = (link_lower.starts_with("http") || link_lower.starts_with("www."))
        && !link.contains(' ')
        && last.split_whitespace().count() <= 6;
    if !(pointer || whole_link || address) {
        return None;
    }
    // `last` is a slice of `text`: what comes before it is kept.
    let cut = last.as_ptr() as usize - text.as_ptr() as usize;
    Some(text[..cut].trim_end().to_string())
}

/// Things a page shows that a listener cannot see.
const SHOWN_THINGS: &[&str] = &[
    "video",
    "videos",
    "footage",
    "clip",
    "trailer",
    "tweet",
    "tweets",
    "post",
    "photo",
    "photos",
    "picture",
    "pictures",
    "image",
    "images",
    "gallery",
    "chart",
    "graph",
    "map",
    "graphic",
    "player",
    "embed",
    "slideshow",
];

/// The paragraph without a last sentence that introduces something shown on the page
/// ("To see it in action, check out the footage below:", "Watch the trailer above."):
/// it ends with "below" or "above" (or says one and ends with a colon) and names a
/// thing shown (a video, a tweet, a chart), in twenty words or fewer. `None` when there is none; an empty string when it was the
/// whole paragraph.
pub(super) fn without_embed_introducer(text: &str) -> Option<String> {
    let last = *sentences(text).last()?;
    let words = lower_words(last);
    // "… below:", "… above." — the word that points ends the sentence, or a colon
    // hands over to the thing shown.
    let points = words.iter().any(|w| w == "below" || w == "above")
        && (last.trim_end().ends_with(':')
            || words.last().is_some_and(|w| w == "below" || w == "above"));
    let shown = words.iter().any(|w| SHOWN_THINGS.contains(&w.as_str()));
    // Someone's words ("“See the video below,” she said.") are not the page's.
    let quoted = last.starts_with(['"', '“'])
        || last.trim_end_matches(['.', ':', '!']).ends_with(['"', '”']);
    if !(points && shown) || words.len() > 20 || quoted {
        return None;
    }
    let cut = last.as_ptr() as usize - text.as_ptr() as usize;
    Some(text[..cut].trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::{is_reader_call, sentences, without_closing_calls, without_embed_introducer};

    #[test]
    fn markers_that_link_on_go() {
        assert_eq!(
            super::without_more_marker("Why the grant is promising. (More)").as_deref(),
            Some("Why the grant is promising.")
        );
        assert_eq!(super::without_more_marker("He wanted (more)"), None);
        assert_eq!(
            super::without_more_marker("The vote (details below) passed."),
            None
        );
        assert_eq!(super::without_more_marker("It was the (third)"), None);
    }

    #[test]
    fn closing_calls_to_follow_go_and_quoted_calls_stay() {
        assert_eq!(
            without_closing_calls(
                "The book is out now. Follow him on Twitter @jdoe_writes. Follow us on Twitter or Facebook."
            )
            .as_deref(),
            Some("The book is out now.")
        );
        assert!(is_reader_call("Follow @valleycourier for updates."));
        assert!(is_reader_call("Follow us on Instagram."));
        for kept in [
            "Police said the men were seen on the quay. Follow the route on the map, they urged.",
            "The ferry sails at noon. \"Join us on board,\" the captain said.",
            "Fans lined the road. Follow him, they chanted, as he passed.",
            "Follow the money, the auditor said.",
        ] {
            assert_eq!(without_closing_calls(kept), None, "{kept}");
        }
        assert!(!is_reader_call("\"Join us,\" she told the crowd."));
        assert!(!is_reader_call("“Follow us on the road,” the band said."));
    }

    #[test]
    fn introducers_of_what_the_page_shows_go() {
        assert_eq!(
            without_embed_introducer(
                "The game is also out on Android. To see “Sky Run” in action, check out the footage below:"
            )
            .as_deref(),
            Some("The game is also out on Android.")
        );
        assert_eq!(
            without_embed_introducer("Watch the trailer above.").as_deref(),
            Some("")
        );
        for kept in [
            "Temperatures fell below freezing, and the video shows the river frozen.",
            "The winners are listed below:",
            "“You can see it in the video below,” she said.",
            "He told the crowd: “Watch the video below.”",
        ] {
            assert_eq!(without_embed_introducer(kept), None, "{kept}");
        }
    }

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
            sentences("Nelson D. Schwartz met Mr. Warner. They spoke."),
            vec!["Nelson D. Schwartz met Mr. Warner.", "They spoke."]
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
