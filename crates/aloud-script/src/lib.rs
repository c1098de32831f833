//! The script stage: an [`Article`] → a [`Script`], what will be said.
//!
//! Each block is split into sentences ([`sentences`]), each sentence normalized into
//! spoken words ([`normalize`]). Every [`Utterance`] keeps the span of article text it
//! came from, so a player can highlight the original words while they are spoken, and
//! the pause that follows it, chosen by structure (sentence < paragraph < heading).

pub mod heteronyms;
pub mod lexicon;
pub mod normalize;
pub mod numbers;
pub mod opening;
pub mod sentences;
pub mod ssml;

use std::sync::{Arc, LazyLock};

use aloud_extract::{Article, BlockKind, Metadata, Span};
use lexicon::Lexicon;
use serde::Serialize;

/// Sentences longer than this many words are split at a clause boundary, so no single
/// inference runs on an unbounded input.
pub const MAX_UTTERANCE_WORDS: usize = 32;

/// The silence after an utterance, by what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pause {
    /// Between clauses of a long sentence split in two.
    Clause,
    Sentence,
    Paragraph,
    /// After a heading or the title.
    Heading,
    /// After the last utterance.
    End,
    /// An explicit break (SSML `<break time>`), in milliseconds.
    Break {
        ms: u32,
    },
}

impl Pause {
    /// Milliseconds of silence, at speed 1.0.
    pub fn millis(self) -> u32 {
        match self {
            Pause::Clause => 150,
            Pause::Sentence => 350,
            Pause::Paragraph => 700,
            Pause::Heading => 900,
            Pause::End => 0,
            Pause::Break { ms } => ms,
        }
    }
}

/// Spoken words and the original text they were read from: one token of the article
/// ("$2.5 billion" → "two point five billion dollars", one span), so a player can
/// highlight the original while the words are said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    pub spoken: String,
    /// Characters of the article text ([`Article::text`]).
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Utterance {
    /// The original words, as in the article.
    pub text: String,
    /// What the voice says: the text normalized into words.
    pub spoken: String,
    /// `spoken`, word group by word group, each with its source span.
    pub words: Vec<Word>,
    /// Where `text` sits in the article text ([`Article::text`]), in characters.
    pub span: Span,
    /// Index of the article block it belongs to.
    pub block: usize,
    /// What that block is (title, heading, paragraph…), for players that show the text.
    pub kind: BlockKind,
    pub pause_after: Pause,
    /// Speaking rate relative to the narration's (SSML `prosody rate`).
    #[serde(skip_serializing_if = "is_one")]
    pub rate: f32,
}

impl Utterance {
    /// Where each word group's spoken words sit in [`Utterance::spoken`], in characters,
    /// or `None` where `spoken` is not the groups joined (so a position in the spoken
    /// text cannot be traced back to a word).
    pub fn spoken_word_ranges(&self) -> Option<Vec<std::ops::Range<usize>>> {
        let mut ranges = Vec::with_capacity(self.words.len());
        let mut rest = self.spoken.as_str();
        let mut at = 0; // characters consumed
        for word in &self.words {
            if word.spoken.is_empty() {
                ranges.push(at..at);
                continue;
            }
            let found = rest.find(&word.spoken)?;
            // Only spaces may come between one group and the next.
            if !rest[..found].chars().all(char::is_whitespace) {
                return None;
            }
            let start = at + rest[..found].chars().count();
            let len = word.spoken.chars().count();
            ranges.push(start..start + len);
            rest = &rest[found + word.spoken.len()..];
            at = start + len;
        }
        Some(ranges)
    }
}

fn is_one(rate: &f32) -> bool {
    *rate == 1.0
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    pub meta: Metadata,
    pub utterances: Vec<Utterance>,
}

impl Script {
    /// The spoken text, one utterance per line.
    pub fn spoken_lines(&self) -> String {
        let mut out = String::new();
        for u in &self.utterances {
            out.push_str(&u.spoken);
            out.push('\n');
        }
        out
    }

    pub fn word_count(&self) -> usize {
        self.utterances
            .iter()
            .map(|u| u.spoken.split_whitespace().count())
            .sum()
    }

    /// How long the narration will be at `speed`, before any audio is made: the spoken
    /// words at [`SPOKEN_WORDS_PER_MINUTE`] (each utterance at its own rate) plus every
    /// pause. What size limits are checked against, so that pauses (SSML breaks) count
    /// as much as words.
    pub fn estimated_duration(&self, speed: f32) -> std::time::Duration {
        let speed = f64::from(speed.max(0.01));
        let secs: f64 = self
            .utterances
            .iter()
            .map(|u| {
                let words = u.spoken.split_whitespace().count() as f64;
                let rate = f64::from(u.rate.max(0.01));
                words * 60.0 / SPOKEN_WORDS_PER_MINUTE / (speed * rate)
                    + f64::from(u.pause_after.millis()) / 1000.0 / speed
            })
            .sum();
        std::time::Duration::from_secs_f64(secs)
    }
}

/// The voices' speaking rate at speed 1.0, for estimates (Piper `en_US-joe-medium`
/// says the example article's 379 words in ~124 s of speech: ~183 a minute).
pub const SPOKEN_WORDS_PER_MINUTE: f64 = 180.0;

/// Which blocks are read, the pronunciation rules, and the text's language.
#[derive(Debug, Clone)]
pub struct ScriptOptions {
    pub read_captions: bool,
    /// Pronunciation rules of every scope (default: the built-in ones).
    pub lexicon: Arc<Lexicon>,
    /// The language the text is in where the page does not say (`aloud say` with a
    /// voice of another language).
    pub language: Option<String>,
}

/// Whether a language code is English (or unknown, which is read as English).
pub fn is_english(language: Option<&str>) -> bool {
    language.is_none_or(|l| {
        let l = l.trim().to_ascii_lowercase();
        l.is_empty()
            || l == "en"
            || l.starts_with("en-")
            || l.starts_with("en_")
            || l.starts_with("english")
    })
}

/// The words of a sentence in another language as written, each with its span: the
/// English normalizer must not touch them, and espeak-ng reads their numbers and dates
/// in their own language.
fn written_words(text: &str) -> Vec<normalize::SpokenWords> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(from)) => {
                words.push(normalize::SpokenWords {
                    spoken: text.chars().skip(from).take(i - from).collect(),
                    start: from,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

static BUILT_IN_LEXICON: LazyLock<Arc<Lexicon>> = LazyLock::new(|| Arc::new(Lexicon::built_in()));

impl Default for ScriptOptions {
    fn default() -> Self {
        Self {
            read_captions: false,
            lexicon: BUILT_IN_LEXICON.clone(),
            language: None,
        }
    }
}

/// Turns an article into a script: title first, then the body in reading order. Text
/// in English (or of no stated language) is normalized into spoken words; text in
/// another language is split into sentences the same way but left as written.
pub fn build(article: &Article, options: ScriptOptions) -> Script {
    let language = article
        .meta
        .language
        .as_deref()
        .or(options.language.as_deref());
    let english = is_english(language);
    let conventions =
        normalize::Conventions::of_text(language, article.blocks.iter().map(|b| b.text.as_str()));
    let mut utterances = Vec::new();
    for (index, block) in article.blocks.iter().enumerate() {
        if block.kind == BlockKind::Caption && !options.read_captions {
            continue;
        }
        let block_pause = match block.kind {
            BlockKind::Title | BlockKind::Heading { .. } => Pause::Heading,
            BlockKind::ListItem { .. } | BlockKind::TableRow => Pause::Sentence,
            _ => Pause::Paragraph,
        };
        let chars: Vec<char> = block.text.chars().collect();
        let pieces = sentences::split(&block.text);
        let count = pieces.len();
        for (i, range) in pieces.into_iter().enumerate() {
            let last = i + 1 == count;
            for (start, end, clause_last) in split_long(&chars, range.start, range.end) {
                let text: String = chars[start..end].iter().collect();
                let word_groups = if english {
                    options.lexicon.speak_words_with(&text, &conventions)
                } else {
                    written_words(&text)
                };
                let mut spoken = normalize::join_words(&word_groups);
                let words = word_groups
                    .into_iter()
                    .map(|w| Word {
                        spoken: w.spoken,
                        span: Span {
                            start: block.span.start + start + w.start,
                            end: block.span.start + start + w.end,
                        },
                    })
                    .collect();
                if matches!(
                    block.kind,
                    BlockKind::Title
                        | BlockKind::Standfirst
                        | BlockKind::Heading { .. }
                        | BlockKind::ListItem { .. }
                        | BlockKind::TableRow
                ) && !spoken.ends_with(['.', '!', '?', ':'])
                {
                    // Headings, standfirsts and list items end with a full stop, so the voice's
                    // intonation falls at their end.
                    spoken.push('.');
                }
                if spoken
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .is_empty()
                {
                    continue;
                }
                let pause_after = if !clause_last {
                    Pause::Clause
                } else if last {
                    block_pause
                } else {
                    Pause::Sentence
                };
                utterances.push(Utterance {
                    text,
                    spoken,
                    words,
                    span: Span {
                        start: block.span.start + start,
                        end: block.span.start + end,
                    },
                    block: index,
                    kind: block.kind,
                    pause_after,
                    rate: 1.0,
                });
            }
        }
    }
    if let Some(last) = utterances.last_mut() {
        last.pause_after = Pause::End;
    }
    Script {
        meta: article.meta.clone(),
        utterances,
    }
}

/// Splits an over-long sentence `chars[start..end]` at the clause boundary (`;`, `:`,
/// `,`, dash) nearest its middle, recursively. Returns (start, end, is_last_piece).
fn split_long(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize, bool)> {
    let words = chars[start..end]
        .iter()
        .collect::<String>()
        .split_whitespace()
        .count();
    if words <= MAX_UTTERANCE_WORDS {
        return vec![(start, end, true)];
    }
    let middle = start + (end - start) / 2;
    let cut = (start + 1..end - 1)
        .filter(|&i| {
            matches!(chars[i], ';' | ':' | ',' | '—' | '–') && chars[i + 1].is_whitespace()
        })
        .min_by_key(|&i| (i as isize - middle as isize).unsigned_abs());
    let cut = match cut {
        Some(c) => c + 1,
        // No punctuation: cut at the space nearest the middle, but not after an
        // abbreviation's stop ("Hon. | Jane Roe"): the piece would end on it as on a
        // sentence's end.
        None => match (start + 1..end)
            .filter(|&i| chars[i].is_whitespace() && !after_abbreviation(chars, i))
            .min_by_key(|&i| (i as isize - middle as isize).unsigned_abs())
        {
            Some(c) => c,
            None => return vec![(start, end, true)],
        },
    };
    let rest_start = (cut..end)
        .find(|&i| !chars[i].is_whitespace())
        .unwrap_or(end);
    let mut out: Vec<(usize, usize, bool)> = split_long(chars, start, cut)
        .into_iter()
        .map(|(s, e, _)| (s, e, false))
        .collect();
    out.extend(split_long(chars, rest_start, end));
    out
}

/// Whether the space at `i` follows a short capitalized word with a stop ("Hon.",
/// "Dr.", "Rt."): an abbreviation, most likely a title before a name. (A full stop
/// after other words, in a script the splitter did not cut, may end a sentence.)
fn after_abbreviation(chars: &[char], i: usize) -> bool {
    if chars[i - 1] != '.' {
        return false;
    }
    let word_start = chars[..i - 1]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let word = &chars[word_start..i - 1];
    (1..=4).contains(&word.len())
        && word[0].is_ascii_uppercase()
        && word.iter().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_extract::Article;

    fn article() -> Article {
        let meta = Metadata {
            title: Some("Budget Passes".into()),
            ..Default::default()
        };
        Article::from_blocks(
            meta,
            [
                (
                    BlockKind::Paragraph,
                    "Dr. Lee spoke at 9 a.m. on Monday. The vote was 7 to 2.".to_string(),
                ),
                (BlockKind::Caption, "A photo caption.".to_string()),
                (BlockKind::Heading { level: 2 }, "Next steps".to_string()),
                (BlockKind::Paragraph, "It costs $2.5 billion.".to_string()),
            ],
        )
    }

    #[test]
    fn text_in_another_language_is_left_as_written_with_its_spans() {
        let meta = Metadata {
            language: Some("es-ES".into()),
            ..Default::default()
        };
        let a = Article::from_blocks(
            meta,
            [(
                BlockKind::Paragraph,
                "Abrirá el 3 de mayo. Costó 2,5 millones.".to_string(),
            )],
        );
        let s = build(&a, ScriptOptions::default());
        let spoken: Vec<&str> = s.utterances.iter().map(|u| u.spoken.as_str()).collect();
        assert_eq!(spoken, ["Abrirá el 3 de mayo.", "Costó 2,5 millones."]);
        let text = a.text();
        let chars: Vec<char> = text.chars().collect();
        for w in &s.utterances[1].words {
            let written: String = chars[w.span.start..w.span.end].iter().collect();
            assert_eq!(written, w.spoken);
        }
        assert!(is_english(None) && is_english(Some("en-GB")) && is_english(Some("English")));
        assert!(!is_english(Some("es")) && !is_english(Some("eno")));
    }

    #[test]
    fn spoken_word_ranges_find_each_group_in_the_spoken_text() {
        let article = Article::from_blocks(
            Metadata::default(),
            [(
                BlockKind::Paragraph,
                "The café paid $2.5 billion, they said.".to_string(),
            )],
        );
        let s = build(&article, Default::default());
        let u = &s.utterances[0];
        let ranges = u.spoken_word_ranges().unwrap();
        let chars: Vec<char> = u.spoken.chars().collect();
        let at = |r: &std::ops::Range<usize>| chars[r.clone()].iter().collect::<String>();
        let said: Vec<String> = ranges.iter().map(at).collect();
        let groups: Vec<&str> = u.words.iter().map(|w| w.spoken.as_str()).collect();
        assert_eq!(said, groups);
        assert!(
            said.contains(&"two point five billion dollars,".to_string()),
            "{said:?}"
        );
        // Spoken text that is not the groups joined has no ranges.
        let mut changed = u.clone();
        changed.spoken = "Something else entirely.".into();
        assert!(changed.spoken_word_ranges().is_none());
    }

    #[test]
    fn estimated_duration_counts_words_and_pauses() {
        let s = build(&article(), ScriptOptions::default());
        let words = s.word_count() as f64;
        let pauses: u32 = s.utterances.iter().map(|u| u.pause_after.millis()).sum();
        let expected = words / 3.0 + f64::from(pauses) / 1000.0;
        let got = s.estimated_duration(1.0).as_secs_f64();
        assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
        // Twice as fast: half as long.
        assert!((s.estimated_duration(2.0).as_secs_f64() - expected / 2.0).abs() < 1e-6);
    }

    #[test]
    fn title_first_then_body_with_spans_and_pauses() {
        let a = article();
        let s = build(&a, ScriptOptions::default());
        let texts: Vec<&str> = s.utterances.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Budget Passes",
                "Dr. Lee spoke at 9 a.m. on Monday.",
                "The vote was 7 to 2.",
                "Next steps",
                "It costs $2.5 billion."
            ]
        );
        let pauses: Vec<Pause> = s.utterances.iter().map(|u| u.pause_after).collect();
        assert_eq!(
            pauses,
            vec![
                Pause::Heading,
                Pause::Sentence,
                Pause::Paragraph,
                Pause::Heading,
                Pause::End
            ]
        );
        let full: Vec<char> = a.text().chars().collect();
        for u in &s.utterances {
            assert_eq!(
                full[u.span.start..u.span.end].iter().collect::<String>(),
                u.text
            );
        }
        assert_eq!(
            s.utterances[4].spoken,
            "It costs two point five billion dollars."
        );
        assert_eq!(
            s.utterances[1].spoken,
            "Doctor Lee spoke at nine AM on Monday."
        );
    }

    #[test]
    fn every_word_group_keeps_its_source_span() {
        let a = article();
        let s = build(&a, ScriptOptions::default());
        let full: Vec<char> = a.text().chars().collect();
        let source = |w: &Word| full[w.span.start..w.span.end].iter().collect::<String>();
        let money = &s.utterances[4];
        let pairs: Vec<(String, &str)> = money
            .words
            .iter()
            .map(|w| (source(w), w.spoken.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("It".to_string(), "It"),
                ("costs".to_string(), "costs"),
                (
                    "$2.5 billion.".to_string(),
                    "two point five billion dollars."
                )
            ]
        );
        for u in &s.utterances {
            // Groups are in order, inside the utterance, and say the whole utterance.
            assert!(u.words.windows(2).all(|p| p[0].span.end <= p[1].span.start));
            assert!(u
                .words
                .iter()
                .all(|w| w.span.start >= u.span.start && w.span.end <= u.span.end));
            let joined = u
                .words
                .iter()
                .map(|w| w.spoken.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(joined.trim_end_matches('.'), u.spoken.trim_end_matches('.'));
        }
        // "9 a.m." is two tokens read as "nine AM".
        let time: Vec<String> = s.utterances[1].words.iter().map(source).collect();
        assert_eq!(
            time,
            ["Dr.", "Lee", "spoke", "at", "9", "a.m.", "on", "Monday."]
        );
    }

    #[test]
    fn captions_can_be_read() {
        let s = build(
            &article(),
            ScriptOptions {
                read_captions: true,
                ..Default::default()
            },
        );
        assert!(s.utterances.iter().any(|u| u.text == "A photo caption."));
    }

    #[test]
    fn long_sentences_split_at_clauses_keeping_spans() {
        let clause = "the committee met again in the small room upstairs to argue about the plan";
        let sentence = format!(
            "First {clause}, and then {clause}; finally {clause}, which pleased everyone in town."
        );
        let a = Article::from_blocks(
            Metadata::default(),
            [(BlockKind::Paragraph, sentence.clone())],
        );
        let s = build(&a, ScriptOptions::default());
        assert!(s.utterances.len() >= 2, "{:?}", s.utterances);
        assert!(s
            .utterances
            .iter()
            .all(|u| u.text.split_whitespace().count() <= MAX_UTTERANCE_WORDS));
        assert_eq!(s.utterances[0].pause_after, Pause::Clause);
        let joined: Vec<&str> = s.utterances.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(joined.join(" "), sentence);
    }

    #[test]
    fn a_long_sentence_without_commas_is_not_cut_after_an_abbreviation() {
        // The space after "Hon." is the one nearest the middle.
        let sentence = format!(
            "{} Hon. {} end.",
            ["ww"; 16].join(" "),
            ["ww"; 16].join(" ")
        );
        assert!(sentence.split_whitespace().count() > MAX_UTTERANCE_WORDS);
        let a = Article::from_blocks(Metadata::default(), [(BlockKind::Paragraph, sentence)]);
        let s = build(&a, ScriptOptions::default());
        let texts: Vec<&str> = s.utterances.iter().map(|u| u.text.as_str()).collect();
        assert!(texts.len() >= 2, "{texts:?}");
        assert!(texts.iter().all(|t| !t.ends_with("Hon.")), "{texts:?}");
    }
}
