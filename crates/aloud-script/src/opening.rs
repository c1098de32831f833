//! A short first utterance, so that a stream's first audio comes soon even with a slow
//! voice: the first utterance is split after its first few words, at a clause boundary
//! where there is one near the start, else between the subject and its verb, else
//! before a word that opens a phrase.
//!
//! The split only moves where one inference ends and the next begins: every word keeps
//! its span, and the pause between the two pieces is a clause's.

use crate::{Pause, Script, Utterance, Word};

/// Words that open a phrase: a piece that ends before one of them ends between two
/// phrases, where a listener hears a short breath as natural.
const PHRASE_OPENERS: &[&str] = &[
    "about", "after", "against", "amid", "and", "as", "at", "because", "before", "but", "by",
    "despite", "during", "for", "from", "if", "in", "into", "on", "or", "over", "since", "than",
    "that", "to", "under", "until", "when", "where", "which", "while", "who", "with", "without",
];

/// Auxiliary, modal and reporting verbs: a headline's subject ends before one ("Riverside
/// Park | Will Grow by 40 Acres", "The Council | Says No"), where a newsreader's voice
/// rests briefly anyway.
const PREDICATE_OPENERS: &[&str] = &[
    "will", "would", "can", "could", "may", "might", "must", "shall", "should", "is", "are", "was",
    "were", "has", "have", "had", "says", "said", "warns", "vows", "plans", "wins", "faces",
    "gets", "to",
];

/// Splits the script's first utterance so that its first piece holds at most about
/// `max_words` spoken words. Leaves it alone where it is short already (up to two words
/// over) or where its words cannot be cut cleanly.
pub fn split_opening(script: &mut Script, max_words: usize) {
    let Some(first) = script.utterances.first() else {
        return;
    };
    let Some(cut) = opening_cut(&first.words, max_words) else {
        return;
    };
    if let Some((head, tail)) = split_at_word(first, cut) {
        script.utterances.splice(0..1, [head, tail]);
    }
}

/// How many spoken words a word group holds ("$2.5 billion" is five).
fn spoken_len(word: &Word) -> usize {
    word.spoken.split_whitespace().count()
}

/// The index of the word group before which to cut, if the utterance is long enough.
fn opening_cut(words: &[Word], max_words: usize) -> Option<usize> {
    let total: usize = words.iter().map(spoken_len).sum();
    if max_words == 0 || total <= max_words + 2 {
        return None;
    }
    // Word counts before each possible cut (a cut before group i, 1 ≤ i < len), with
    // at least two spoken words on each side.
    let mut before = 0;
    let mut clause = None;
    let mut predicate = None;
    let mut phrase = None;
    let mut last_fit = None;
    for i in 1..words.len() {
        before += spoken_len(&words[i - 1]);
        if before > max_words + 2 || total - before < 2 {
            break;
        }
        if before < 2 {
            continue;
        }
        if words[i - 1].spoken.ends_with([',', ';', ':']) {
            clause = Some(i);
        }
        if before <= max_words {
            last_fit = Some(i);
            let next = words[i].spoken.to_lowercase();
            let next = next.split_whitespace().next().unwrap_or("");
            if before >= 3 && PHRASE_OPENERS.contains(&next) {
                phrase = Some(i);
            }
            if predicate.is_none() && PREDICATE_OPENERS.contains(&next) {
                predicate = Some(i);
            }
        }
    }
    clause.or(predicate).or(phrase).or(last_fit)
}

/// The utterance cut before word group `cut`: two utterances whose words, text and
/// spans partition the original's. `None` where the spoken text is not the words joined
/// (a lexicon's phonemes, say), so it cannot be cut by words.
fn split_at_word(u: &Utterance, cut: usize) -> Option<(Utterance, Utterance)> {
    let head_words = &u.words[..cut];
    let tail_words = &u.words[cut..];
    let head_spoken = crate::normalize::join_spoken(head_words.iter().map(|w| w.spoken.as_str()));
    let tail_spoken = u
        .spoken
        .strip_prefix(&head_spoken)?
        .trim_start()
        .to_string();
    if head_spoken.is_empty() || tail_spoken.is_empty() {
        return None;
    }
    let chars: Vec<char> = u.text.chars().collect();
    let head_end = head_words.last()?.span.end.checked_sub(u.span.start)?;
    let tail_start = tail_words.first()?.span.start.checked_sub(u.span.start)?;
    if head_end > tail_start || tail_start > chars.len() {
        return None;
    }
    let head = Utterance {
        text: chars[..head_end].iter().collect(),
        spoken: head_spoken,
        words: head_words.to_vec(),
        span: aloud_extract::Span {
            start: u.span.start,
            end: u.span.start + head_end,
        },
        pause_after: Pause::Clause,
        ..u.clone()
    };
    let tail = Utterance {
        text: chars[tail_start..].iter().collect(),
        spoken: tail_spoken,
        words: tail_words.to_vec(),
        span: aloud_extract::Span {
            start: u.span.start + tail_start,
            end: u.span.end,
        },
        ..u.clone()
    };
    Some((head, tail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_extract::{Article, BlockKind};

    fn script(title: &str, body: &str) -> Script {
        let article = Article::from_blocks(
            Default::default(),
            [
                (BlockKind::Title, title.to_string()),
                (BlockKind::Paragraph, body.to_string()),
            ],
        );
        crate::build(&article, Default::default())
    }

    fn spoken(s: &Script) -> Vec<&str> {
        s.utterances.iter().map(|u| u.spoken.as_str()).collect()
    }

    #[test]
    fn a_long_title_is_cut_at_its_comma() {
        let mut s = script(
            "Riverside Park Will Grow by 40 Acres, Council Decides After a Long Debate",
            "The vote was close.",
        );
        split_opening(&mut s, 6);
        assert_eq!(
            spoken(&s),
            [
                "Riverside Park Will Grow by forty Acres,",
                "Council Decides After a Long Debate.",
                "The vote was close."
            ]
        );
        assert_eq!(s.utterances[0].pause_after, Pause::Clause);
        assert_eq!(s.utterances[1].pause_after, Pause::Heading);
        // The pieces keep their source text and spans.
        assert_eq!(
            s.utterances[0].text,
            "Riverside Park Will Grow by 40 Acres,"
        );
        assert_eq!(s.utterances[1].text, "Council Decides After a Long Debate");
        assert_eq!(
            (s.utterances[0].span.start, s.utterances[0].span.end),
            (0, 37)
        );
        assert_eq!(s.utterances[1].span.start, 38);
    }

    #[test]
    fn without_a_comma_the_cut_comes_before_a_phrase() {
        let mut s = script(
            "Storm Surge Floods Three Coastal Towns as Rivers Burst Their Banks Overnight",
            "Residents fled.",
        );
        split_opening(&mut s, 6);
        assert_eq!(
            spoken(&s)[..2],
            [
                "Storm Surge Floods Three Coastal Towns",
                "as Rivers Burst Their Banks Overnight."
            ]
        );
    }

    #[test]
    fn without_a_comma_the_cut_comes_between_subject_and_verb() {
        let mut s = script(
            "Riverside Park Will Grow by 40 Acres, Council Decides",
            "The vote was close.",
        );
        split_opening(&mut s, 4);
        assert_eq!(
            spoken(&s)[..2],
            [
                "Riverside Park",
                "Will Grow by forty Acres, Council Decides."
            ]
        );
        // The first verb of the subject's end, not a later one.
        let mut s = script(
            "The Mayor Says the City Will Pay for New Buses This Year",
            "More later.",
        );
        split_opening(&mut s, 4);
        assert_eq!(spoken(&s)[0], "The Mayor");
    }

    #[test]
    fn a_short_first_utterance_is_left_alone() {
        let mut s = script("Council Backs the Park Plan", "The vote was close.");
        let before = s.clone();
        split_opening(&mut s, 6);
        assert_eq!(s, before);
    }

    #[test]
    fn numbers_count_as_the_words_said() {
        // "$2.5 billion" is said in five words: it does not fit a first piece of four.
        let mut s = script(
            "Budget Adds $2.5 billion for Schools and Roads Across the State",
            "More later.",
        );
        split_opening(&mut s, 4);
        assert_eq!(spoken(&s)[0], "Budget Adds");
        assert!(spoken(&s)[1].starts_with("two point five billion dollars for"));
    }
}
