//! SSML input: a `<speak>` document → a [`Script`] directly (no article extraction).
//!
//! Supported: `speak`, `p`/`paragraph`, `s`/`sentence`, `break` (`time`, `strength`),
//! `say-as` (`characters`, `spell-out`, `cardinal`, `number`, `ordinal`, `digits`,
//! `date` with `format`, `time`, `telephone`), `sub`, `phoneme` (IPA), `prosody` (`rate`
//! applied per utterance), `emphasis`, `lang` and `voice` (read, not applied). Any other
//! element is read for its text only; `desc` and `metadata` are skipped. Tags are
//! never read aloud. Malformed SSML is an error with its line and column.
//!
//! The script's text (what spans index) is the document's text content, paragraphs
//! joined by blank lines, like [`aloud_extract::Article::text`].

use aloud_extract::{Metadata, Span};
use quick_xml::events::{BytesStart, Event};

use crate::lexicon::{IPA_CLOSE, IPA_OPEN};
use crate::normalize::SpokenWords;
use crate::numbers;
use crate::{sentences, Pause, Script, ScriptOptions, Utterance};

#[derive(Debug, thiserror::Error)]
#[error("SSML line {line}, column {column}: {message}")]
pub struct SsmlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A piece of an utterance: the words as written and what is said for them (`None`:
/// normalize the written words).
struct Piece {
    written: String,
    spoken: Option<String>,
}

/// What the elements around the current text ask for.
enum Frame {
    Plain,
    /// Text inside is said this way.
    SayAs {
        interpret: String,
        format: String,
    },
    Sub {
        alias: String,
    },
    Phoneme {
        ipa: Option<String>,
    },
    Skip,
    Rate(f32),
    Paragraph,
    Sentence,
}

struct Builder<'a> {
    options: &'a ScriptOptions,
    /// The document's text content so far (spans index it, in characters).
    text: String,
    text_chars: usize,
    block: usize,
    block_has_text: bool,
    pieces: Vec<Piece>,
    piece_start: Option<usize>,
    utterances: Vec<Utterance>,
}

impl Builder<'_> {
    fn rate(frames: &[Frame]) -> f32 {
        frames
            .iter()
            .filter_map(|f| match f {
                Frame::Rate(r) => Some(*r),
                _ => None,
            })
            .product()
    }

    /// Adds written text to the document and the current utterance.
    fn add(&mut self, written: &str, spoken: Option<String>) {
        let written = collapse(written);
        if written.trim().is_empty() && spoken.is_none() {
            if written.is_empty() {
                return;
            }
            // Space between elements separates words.
            if self.piece_start.is_some() {
                self.pieces.push(Piece {
                    written: " ".into(),
                    spoken: None,
                });
            }
            if !self.text.is_empty() {
                self.push_text(" ");
            }
            return;
        }
        if self.piece_start.is_none() {
            // Utterances start at their first non-space character.
            let lead = written.len() - written.trim_start().len();
            self.push_text(&written[..lead]);
            self.piece_start = Some(self.text_chars);
            self.push_text(written.trim_start());
        } else {
            self.push_text(&written);
        }
        self.block_has_text = true;
        self.pieces.push(Piece {
            written: written.to_string(),
            spoken,
        });
    }

    fn push_text(&mut self, s: &str) {
        // Collapse spaces across pieces.
        let s = if self.text.ends_with(char::is_whitespace) {
            s.trim_start()
        } else {
            s
        };
        self.text.push_str(s);
        self.text_chars += s.chars().count();
    }

    /// Plain text: sentence ends inside it end the utterance.
    fn add_plain(&mut self, text: &str, rate: f32) {
        let text = collapse(text);
        let ranges = sentences::split(&text);
        if ranges.is_empty() {
            self.add(&text, None);
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        for (i, r) in ranges.iter().enumerate() {
            let piece: String = chars[at..r.end].iter().collect();
            self.add(&piece, None);
            at = r.end;
            let complete = piece
                .trim_end()
                .trim_end_matches(['"', '\'', '”', '’', ')'])
                .ends_with(['.', '!', '?']);
            if i + 1 < ranges.len() || complete {
                self.end_utterance(Pause::Sentence, rate);
            }
        }
        if at < chars.len() {
            let rest: String = chars[at..].iter().collect();
            self.add(&rest, None);
        }
    }

    /// Ends the current utterance (if any) with `pause` after it; with none open, a
    /// longer pause extends the previous utterance's.
    fn end_utterance(&mut self, pause: Pause, rate: f32) {
        let pieces = std::mem::take(&mut self.pieces);
        let Some(start) = self.piece_start.take() else {
            if let Some(last) = self.utterances.last_mut() {
                if pause.millis() > last.pause_after.millis() {
                    last.pause_after = pause;
                }
            }
            return;
        };
        let trailing = self.text.len() - self.text.trim_end().len();
        let end = self.text_chars - self.text[self.text.len() - trailing..].chars().count();
        // The next utterance's words are separate from these in the text.
        self.push_text(" ");
        let written: String = pieces.iter().map(|p| p.written.as_str()).collect();
        let text = collapse(written.trim());
        // Each piece's words with the characters of `text` they came from: consecutive
        // plain pieces are normalized together; a say-as, sub or phoneme is one group.
        let mut words: Vec<SpokenWords> = Vec::new();
        let mut cursor = 0; // bytes into `text`
        let locate = |piece: &str, cursor: &mut usize| -> usize {
            let at = text[*cursor..].find(piece).map_or(*cursor, |i| *cursor + i);
            *cursor = at + piece.len();
            text[..at].chars().count()
        };
        let mut index = 0;
        while index < pieces.len() {
            match &pieces[index].spoken {
                None => {
                    let mut plain = String::new();
                    while index < pieces.len() && pieces[index].spoken.is_none() {
                        plain.push_str(&pieces[index].written);
                        index += 1;
                    }
                    let plain = collapse(plain.trim());
                    if plain.is_empty() {
                        continue;
                    }
                    let offset = locate(&plain, &mut cursor);
                    words.extend(
                        self.options
                            .lexicon
                            .speak_words(&plain)
                            .into_iter()
                            .map(|w| SpokenWords {
                                start: w.start + offset,
                                end: w.end + offset,
                                ..w
                            }),
                    );
                }
                Some(spoken) => {
                    let piece = collapse(pieces[index].written.trim());
                    let offset = locate(&piece, &mut cursor);
                    words.push(SpokenWords {
                        spoken: spoken.clone(),
                        start: offset,
                        end: offset + piece.chars().count(),
                    });
                    index += 1;
                }
            }
        }
        let spoken = crate::normalize::join_words(&words);
        if spoken
            .trim_matches(|c: char| !c.is_alphanumeric())
            .is_empty()
        {
            return;
        }
        let words = words
            .into_iter()
            .map(|w| crate::Word {
                spoken: w.spoken,
                span: Span {
                    start: start + w.start,
                    end: start + w.end,
                },
            })
            .collect();
        self.utterances.push(Utterance {
            text,
            spoken,
            words,
            span: Span { start, end },
            block: self.block,
            kind: aloud_extract::BlockKind::Paragraph,
            pause_after: pause,
            rate,
        });
    }

    fn paragraph_break(&mut self, rate: f32) {
        self.end_utterance(Pause::Paragraph, rate);
        if self.block_has_text {
            let trimmed = self.text.trim_end().len();
            let removed = self.text[trimmed..].chars().count();
            self.text.truncate(trimmed);
            self.text_chars -= removed;
            self.text.push_str("\n\n");
            self.text_chars += 2;
            self.block += 1;
            self.block_has_text = false;
        }
    }
}

/// Whitespace runs become one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// "500ms", "1.5s" → milliseconds (at most 10 s).
fn break_time(value: &str) -> Option<u32> {
    let v = value.trim();
    let ms = if let Some(n) = v.strip_suffix("ms") {
        n.trim().parse::<f64>().ok()?
    } else if let Some(n) = v.strip_suffix('s') {
        n.trim().parse::<f64>().ok()? * 1000.0
    } else {
        return None;
    };
    (ms >= 0.0).then(|| ms.min(10_000.0) as u32)
}

fn break_pause(e: &BytesStart) -> Option<Pause> {
    if let Some(ms) = attr(e, "time").as_deref().and_then(break_time) {
        return Some(Pause::Break { ms });
    }
    match attr(e, "strength").as_deref() {
        Some("none") => None,
        Some("x-weak" | "weak") => Some(Pause::Clause),
        Some("strong") => Some(Pause::Paragraph),
        Some("x-strong") => Some(Pause::Heading),
        _ => Some(Pause::Sentence),
    }
}

/// `prosody rate`: x-slow … x-fast, a percentage or a multiplier.
fn prosody_rate(value: &str) -> Option<f32> {
    let v = value.trim();
    let rate = match v {
        "x-slow" => 0.5,
        "slow" => 0.75,
        "medium" | "default" => 1.0,
        "fast" => 1.25,
        "x-fast" => 1.5,
        _ => {
            if let Some(p) = v.strip_suffix('%') {
                let p: f32 = p.trim().parse().ok()?;
                // "+10%" is relative, "110%" absolute.
                if v.starts_with(['+', '-']) {
                    1.0 + p / 100.0
                } else {
                    p / 100.0
                }
            } else {
                v.parse().ok()?
            }
        }
    };
    (rate > 0.0).then(|| rate.clamp(0.5, 2.0))
}

const LETTER_NAMES: [&str; 26] = [
    "ay",
    "bee",
    "see",
    "dee",
    "ee",
    "eff",
    "gee",
    "aitch",
    "eye",
    "jay",
    "kay",
    "el",
    "em",
    "en",
    "oh",
    "pee",
    "cue",
    "ar",
    "ess",
    "tee",
    "you",
    "vee",
    "double you",
    "ex",
    "why",
    "zee",
];

/// Each letter and digit by name.
fn spell(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_ascii_alphabetic() {
                Some(LETTER_NAMES[(c.to_ascii_lowercase() as u8 - b'a') as usize].to_string())
            } else if c.is_ascii_digit() {
                Some(numbers::digits(&c.to_string()))
            } else if c.is_alphanumeric() {
                Some(c.to_string())
            } else {
                None
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date in `format` (letters y, m, d in order, e.g. "mdy", "dmy", "ymd", "md", "y")
/// → spoken words.
fn say_date(text: &str, format: &str) -> Option<String> {
    let parts: Vec<u64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let format = if format.is_empty() { "mdy" } else { format };
    if parts.len() != format.len() {
        return None;
    }
    let (mut y, mut m, mut d) = (None, None, None);
    for (c, v) in format.chars().zip(&parts) {
        match c {
            'y' => y = Some(*v),
            'm' => m = Some(*v),
            'd' => d = Some(*v),
            _ => return None,
        }
    }
    let month = match m {
        Some(m @ 1..=12) => Some(crate::normalize::FULL_MONTHS[m as usize - 1]),
        Some(_) => return None,
        None => None,
    };
    let day = match d {
        Some(d @ 1..=31) => Some(numbers::ordinal(d)),
        Some(_) => return None,
        None => None,
    };
    let year = y.map(numbers::year);
    Some(match (month, day, year) {
        (Some(m), Some(d), Some(y)) => format!("{m} {d}, {y}"),
        (Some(m), Some(d), None) => format!("{m} {d}"),
        (Some(m), None, Some(y)) => format!("{m} {y}"),
        (None, None, Some(y)) => y,
        (Some(m), None, None) => m.to_string(),
        _ => return None,
    })
}

/// Text inside `<say-as interpret-as=…>` → spoken words (`None`: read it normally).
fn say_as(interpret: &str, format: &str, text: &str) -> Option<String> {
    let digits_only = |t: &str| t.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    match interpret {
        "characters" | "spell-out" | "verbatim" => Some(spell(text)),
        "cardinal" | "number" => {
            let n: u64 = text.trim().replace(',', "").parse().ok()?;
            Some(numbers::cardinal(n))
        }
        "ordinal" => {
            let n: u64 = digits_only(text).parse().ok()?;
            Some(numbers::ordinal(n))
        }
        "digits" => Some(spell(&digits_only(text))),
        "telephone" => Some(
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|g| !g.is_empty())
                .map(spell)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        "date" => say_date(text, format),
        _ => None,
    }
}

/// Line and column (1-based, in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Parses an SSML document into a script.
pub fn parse(ssml: &str, options: &ScriptOptions) -> Result<Script, SsmlError> {
    let error = |offset: u64, message: String| {
        let (line, column) = line_column(ssml, offset as usize);
        SsmlError {
            line,
            column,
            message,
        }
    };
    let mut reader = quick_xml::Reader::from_str(ssml);
    let mut b = Builder {
        options,
        text: String::new(),
        text_chars: 0,
        block: 0,
        block_has_text: false,
        pieces: Vec::new(),
        piece_start: None,
        utterances: Vec::new(),
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut seen_speak = false;
    let mut captured = String::new();
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error(reader.error_position(), e.to_string()))?;
        let rate = Builder::rate(&frames);
        let capturing = frames.iter().any(|f| {
            matches!(
                f,
                Frame::SayAs { .. } | Frame::Sub { .. } | Frame::Phoneme { .. }
            )
        });
        let skipping = frames.iter().any(|f| matches!(f, Frame::Skip));
        match event {
            Event::Start(e) if names.is_empty() => {
                if e.local_name().as_ref() != "speak" || seen_speak {
                    return Err(error(at, "the root element must be one <speak>".into()));
                }
                seen_speak = true;
                names.push("speak".into());
                frames.push(Frame::Plain);
            }
            Event::Empty(e) if names.is_empty() => {
                if e.local_name().as_ref() != "speak" || seen_speak {
                    return Err(error(at, "the root element must be one <speak>".into()));
                }
                seen_speak = true;
            }
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                let frame = match name.as_str() {
                    "p" | "paragraph" => {
                        b.paragraph_break(rate);
                        Frame::Paragraph
                    }
                    "s" | "sentence" => {
                        b.end_utterance(Pause::Sentence, rate);
                        Frame::Sentence
                    }
                    "say-as" => Frame::SayAs {
                        interpret: attr(&e, "interpret-as").unwrap_or_default(),
                        format: attr(&e, "format").unwrap_or_default(),
                    },
                    "sub" => match attr(&e, "alias") {
                        Some(alias) => Frame::Sub { alias },
                        None => return Err(error(at, "<sub> needs an alias attribute".into())),
                    },
                    "phoneme" => {
                        let alphabet = attr(&e, "alphabet").unwrap_or_else(|| "ipa".into());
                        let ph = attr(&e, "ph")
                            .ok_or_else(|| error(at, "<phoneme> needs a ph attribute".into()))?;
                        Frame::Phoneme {
                            // Another alphabet cannot reach this voice: the text is read.
                            ipa: (alphabet == "ipa"
                                && !ph.trim().is_empty()
                                && !ph.contains([IPA_OPEN, IPA_CLOSE]))
                            .then_some(ph),
                        }
                    }
                    "prosody" => match attr(&e, "rate").as_deref().and_then(prosody_rate) {
                        // A rate change is an utterance boundary: rates are per utterance.
                        Some(r) if r != 1.0 => {
                            b.end_utterance(Pause::Clause, rate);
                            Frame::Rate(r)
                        }
                        _ => Frame::Plain,
                    },
                    "desc" | "metadata" | "lexicon" | "meta" => Frame::Skip,
                    _ => Frame::Plain,
                };
                if matches!(
                    frame,
                    Frame::SayAs { .. } | Frame::Sub { .. } | Frame::Phoneme { .. }
                ) {
                    captured.clear();
                }
                names.push(name);
                frames.push(frame);
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                "break" if !capturing => {
                    if let Some(pause) = break_pause(&e) {
                        b.end_utterance(pause, rate);
                    }
                }
                "p" | "paragraph" => b.paragraph_break(rate),
                "sub" => {
                    // An empty <sub alias="…"/> says the alias with no written text.
                    if let Some(alias) = attr(&e, "alias") {
                        b.add("", Some(options.lexicon.speak(&alias)));
                    }
                }
                _ => {}
            },
            Event::End(_) => {
                let frame = frames.pop();
                names.pop();
                let rate_inside = rate;
                match frame {
                    Some(Frame::Paragraph) => b.paragraph_break(rate_inside),
                    Some(Frame::Sentence) => b.end_utterance(Pause::Sentence, rate_inside),
                    Some(Frame::SayAs { interpret, format }) if !skipping => {
                        let spoken = say_as(&interpret, &format, &captured)
                            .unwrap_or_else(|| options.lexicon.speak(captured.trim()));
                        b.add(&captured, Some(spoken));
                    }
                    Some(Frame::Sub { alias }) if !skipping => {
                        b.add(&captured, Some(options.lexicon.speak(&alias)));
                    }
                    Some(Frame::Phoneme { ipa }) if !skipping => match ipa {
                        Some(ipa) => b.add(&captured, Some(format!("{IPA_OPEN}{ipa}{IPA_CLOSE}"))),
                        None => b.add(&captured, Some(options.lexicon.speak(captured.trim()))),
                    },
                    Some(Frame::Rate(_)) => b.end_utterance(Pause::Clause, rate_inside),
                    _ => {}
                }
                if names.is_empty() {
                    b.paragraph_break(rate_inside);
                }
            }
            Event::Text(t) if !names.is_empty() && !skipping => {
                let text = t.xml10_content();
                if capturing {
                    captured.push_str(&text);
                } else {
                    b.add_plain(&text, rate);
                }
            }
            Event::GeneralRef(r) if !names.is_empty() && !skipping => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| error(at, format!("unknown entity &{};", &*r)))?
                        .to_string(),
                };
                if capturing {
                    captured.push_str(&resolved);
                } else {
                    b.add_plain(&resolved, rate);
                }
            }
            Event::Text(t) if names.is_empty() && !t.xml10_content().trim().is_empty() => {
                return Err(error(at, "text outside <speak>".into()));
            }
            Event::Eof => {
                if let Some(open) = names.last() {
                    return Err(error(at, format!("<{open}> is not closed")));
                }
                break;
            }
            _ => {}
        }
    }
    if !seen_speak {
        return Err(error(0, "not an SSML document (no <speak> element)".into()));
    }
    b.end_utterance(Pause::End, 1.0);
    if let Some(last) = b.utterances.last_mut() {
        last.pause_after = Pause::End;
    }
    Ok(Script {
        meta: Metadata::default(),
        utterances: b.utterances,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(ssml: &str) -> Script {
        parse(ssml, &ScriptOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn spoken(ssml: &str) -> Vec<String> {
        script(ssml)
            .utterances
            .into_iter()
            .map(|u| u.spoken)
            .collect()
    }

    #[test]
    fn paragraphs_sentences_and_spans() {
        let s = script(
            "<speak><p><s>The council met at 9 a.m.</s><s>It voted 7 to 2.</s></p>\n\
             <p>Rain is due. Bring a coat</p></speak>",
        );
        let texts: Vec<&str> = s.utterances.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The council met at 9 a.m.",
                "It voted 7 to 2.",
                "Rain is due.",
                "Bring a coat"
            ]
        );
        assert_eq!(s.utterances[0].spoken, "The council met at nine AM.");
        let blocks: Vec<usize> = s.utterances.iter().map(|u| u.block).collect();
        assert_eq!(blocks, [0, 0, 1, 1]);
        let pauses: Vec<Pause> = s.utterances.iter().map(|u| u.pause_after).collect();
        assert_eq!(
            pauses,
            [
                Pause::Sentence,
                Pause::Paragraph,
                Pause::Sentence,
                Pause::End
            ]
        );
        // Spans index the text content, paragraphs joined by a blank line.
        let text = "The council met at 9 a.m. It voted 7 to 2.\n\nRain is due. Bring a coat";
        let chars: Vec<char> = text.chars().collect();
        for u in &s.utterances {
            let got: String = chars[u.span.start..u.span.end].iter().collect();
            assert_eq!(got, u.text);
        }
        let words: Vec<(String, &str)> = s.utterances[0]
            .words
            .iter()
            .map(|w| {
                (
                    chars[w.span.start..w.span.end].iter().collect(),
                    w.spoken.as_str(),
                )
            })
            .collect();
        assert_eq!(words[4], ("9".to_string(), "nine"));
        assert_eq!(words[5], ("a.m.".to_string(), "AM."));
    }

    #[test]
    fn say_as_sub_and_phoneme() {
        assert_eq!(
            spoken(
                "<speak>Call <say-as interpret-as=\"telephone\">555-0142</say-as> about \
                 <say-as interpret-as=\"characters\">NASA</say-as>, room \
                 <say-as interpret-as=\"digits\">204</say-as>, the \
                 <say-as interpret-as=\"ordinal\">3</say-as> floor, \
                 <say-as interpret-as=\"cardinal\">1,204</say-as> seats, on \
                 <say-as interpret-as=\"date\" format=\"dmy\">5/1/2024</say-as>. \
                 <sub alias=\"World Wide Web Consortium\">W3C</sub> and \
                 <phoneme alphabet=\"ipa\" ph=\"ʃɪvˈɔːn\">Siobhan</phoneme>.</speak>"
            ),
            [
                "Call five five five, zero one four two about en ay ess ay, room two zero \
                 four, the third floor, one thousand two hundred four seats, on January fifth, \
                 twenty twenty-four.",
                "World Wide Web Consortium and ⟦ʃɪvˈɔːn⟧."
            ]
        );
    }

    #[test]
    fn say_as_words_span_their_element_text() {
        let ssml = "<speak>Room <say-as interpret-as=\"digits\">204</say-as> and \
                    <sub alias=\"World Wide Web Consortium\">W3C</sub>.</speak>";
        let s = script(ssml);
        let text: Vec<char> = "Room 204 and W3C.".chars().collect();
        let got: Vec<(String, &str)> = s.utterances[0]
            .words
            .iter()
            .map(|w| {
                (
                    text[w.span.start..w.span.end].iter().collect(),
                    w.spoken.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Room".to_string(), "Room"),
                ("204".to_string(), "two zero four"),
                ("and".to_string(), "and"),
                ("W3C".to_string(), "World Wide Web Consortium"),
                (".".to_string(), "."),
            ]
        );
    }

    #[test]
    fn breaks_set_pauses_and_split_utterances() {
        let s = script(
            "<speak>Wait<break time=\"1.5s\"/>for it.<break strength=\"x-strong\"/>\
             <break strength=\"none\"/>Done.</speak>",
        );
        let got: Vec<(&str, Pause)> = s
            .utterances
            .iter()
            .map(|u| (u.spoken.as_str(), u.pause_after))
            .collect();
        assert_eq!(
            got,
            [
                ("Wait", Pause::Break { ms: 1500 }),
                ("for it.", Pause::Heading),
                ("Done.", Pause::End)
            ]
        );
    }

    #[test]
    fn prosody_rate_applies_per_utterance_and_others_are_read_gracefully() {
        let s = script(
            "<speak>Normal. <prosody rate=\"slow\">Slowly now.</prosody> \
             <emphasis>Loud</emphasis> <lang xml:lang=\"fr-FR\">bonjour</lang> \
             <unknown-tag>kept</unknown-tag><desc>not read</desc> <mark name=\"m\"/>end.</speak>",
        );
        let got: Vec<(&str, f32)> = s
            .utterances
            .iter()
            .map(|u| (u.spoken.as_str(), u.rate))
            .collect();
        assert_eq!(
            got,
            [
                ("Normal.", 1.0),
                ("Slowly now.", 0.75),
                ("Loud bonjour kept end.", 1.0)
            ]
        );
        assert!(s.utterances.iter().all(|u| !u.spoken.contains('<')));
    }

    #[test]
    fn malformed_ssml_names_line_and_column() {
        for (ssml, line, column, want) in [
            ("<speak>\n  <p>Hi</s>\n</speak>", 2, 8, "expected `</p>`"),
            ("<speak>\n<p>Hi", 2, 6, "not closed"),
            ("<voice>Hi</voice>", 1, 1, "root element"),
            ("<speak><sub>x</sub></speak>", 1, 8, "alias"),
            ("<speak>a &bogus; b</speak>", 1, 10, "bogus"),
        ] {
            let err = parse(ssml, &ScriptOptions::default()).unwrap_err();
            assert_eq!((err.line, err.column), (line, column), "{ssml}: {err}");
            assert!(
                err.to_string().to_lowercase().contains(want),
                "{ssml}: {err}"
            );
        }
    }
}
