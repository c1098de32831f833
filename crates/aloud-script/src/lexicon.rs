//! The pronunciation lexicon: how editors fix the way a word is said, for good.
//!
//! A rule maps a written form (a whole word or phrase, case-sensitive or not, or a
//! regular expression) to an alias (a respelling, read by the normalizer and the voice
//! like any text) or to IPA phonemes passed straight to the voice. Rules come in scopes,
//! built-in < deployment < publisher < article: where rules of several scopes match the
//! same words, the later scope wins. Files are JSON (`{"rules": [...]}`) or W3C PLS 1.0
//! (`<lexicon alphabet="ipa">`, `.pls`).
//!
//! In the script, IPA travels inside the spoken text between [`IPA_OPEN`] and
//! [`IPA_CLOSE`]; the voice passes what is between them to the model unchanged.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::normalize::{self, Conventions, SpokenWords};

/// Marks the start of phonemes in spoken text.
pub const IPA_OPEN: char = '⟦';
/// Marks their end.
pub const IPA_CLOSE: char = '⟧';

/// Where a rule comes from; later scopes win.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    BuiltIn,
    Deployment,
    Publisher,
    Article,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::BuiltIn => "built-in",
            Scope::Deployment => "deployment",
            Scope::Publisher => "publisher",
            Scope::Article => "article",
        }
    }
}

/// What the matched words become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Say {
    /// Words to read instead (normalized like any text).
    Alias(String),
    /// IPA phonemes for the voice.
    Phonemes(String),
}

/// The written form a rule matches.
#[derive(Debug, Clone)]
pub enum Written {
    /// A whole word or phrase (not part of a longer word).
    Word {
        text: String,
        case_sensitive: bool,
    },
    Regex(Regex),
}

impl Written {
    pub fn describe(&self) -> String {
        match self {
            Written::Word {
                text,
                case_sensitive: true,
            } => format!("word {text:?} (case-sensitive)"),
            Written::Word { text, .. } => format!("word {text:?}"),
            Written::Regex(re) => format!("regex /{}/", re.as_str()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub written: Written,
    pub say: Say,
    pub scope: Scope,
    /// Where the rule was defined (file and entry number), for `aloud lexicon test`.
    pub origin: String,
    matcher: Regex,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

/// One rule as written in a JSON lexicon file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    word: Option<String>,
    regex: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    alias: Option<String>,
    ipa: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    rules: Vec<RuleEntry>,
}

/// A found rule: where it matched (byte offsets) and which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

/// Rules of every scope, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    rules: Vec<Rule>,
}

/// Built-in fixes for names in the news that espeak-ng gets wrong.
const BUILT_IN: &str = include_str!("../lexicon/builtin.json");

/// Most rules an article may bring with it (`POST /v1/articles` `lexicon`).
pub const MAX_ARTICLE_RULES: usize = 500;
/// Largest article lexicon, as JSON bytes.
pub const MAX_ARTICLE_LEXICON_BYTES: usize = 64 * 1024;

impl Lexicon {
    /// The built-in rules only.
    pub fn built_in() -> Self {
        let mut lexicon = Lexicon::default();
        lexicon
            .add_json(BUILT_IN, Scope::BuiltIn, "built-in")
            .expect("the built-in lexicon is valid");
        lexicon
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Adds a rule.
    pub fn add(
        &mut self,
        written: Written,
        say: Say,
        scope: Scope,
        origin: impl Into<String>,
    ) -> Result<(), LexiconError> {
        let origin = origin.into();
        let invalid = |m: String| LexiconError::Invalid(origin.clone(), m);
        let matcher = match &written {
            Written::Word {
                text,
                case_sensitive,
            } => {
                if text.trim().is_empty() {
                    return Err(invalid("the word is empty".into()));
                }
                // Whole words: not preceded or followed by a letter or digit.
                let flags = if *case_sensitive { "" } else { "(?i)" };
                Regex::new(&format!(
                    r"{flags}(?:^|[^\p{{L}}\p{{N}}])({})(?:$|[^\p{{L}}\p{{N}}])",
                    regex::escape(text.trim())
                ))
                .map_err(|e| invalid(e.to_string()))?
            }
            Written::Regex(re) => {
                Regex::new(&format!("({})", re.as_str())).map_err(|e| invalid(e.to_string()))?
            }
        };
        match &say {
            Say::Alias(a) if a.trim().is_empty() => {
                return Err(invalid("the alias is empty".into()))
            }
            Say::Phonemes(p)
                if p.trim().is_empty() || p.contains([IPA_OPEN, IPA_CLOSE, '<', '>']) =>
            {
                return Err(invalid("the phonemes are empty or contain markup".into()))
            }
            _ => {}
        }
        self.rules.push(Rule {
            written,
            say,
            scope,
            origin,
            matcher,
        });
        Ok(())
    }

    /// Adds the rules of a JSON lexicon: `{"rules": [{"word"|"regex", "alias"|"ipa",
    /// "case_sensitive"?}]}`.
    pub fn add_json(&mut self, json: &str, scope: Scope, name: &str) -> Result<(), LexiconError> {
        let file: LexiconFile = serde_json::from_str(json)
            .map_err(|e| LexiconError::Invalid(name.into(), e.to_string()))?;
        for (n, entry) in file.rules.into_iter().enumerate() {
            let origin = format!("{name}, rule {}", n + 1);
            let invalid = |m: &str| LexiconError::Invalid(origin.clone(), m.into());
            let written = match (entry.word, entry.regex) {
                (Some(text), None) => Written::Word {
                    text,
                    case_sensitive: entry.case_sensitive,
                },
                (None, Some(pattern)) => {
                    let pattern = if entry.case_sensitive {
                        pattern
                    } else {
                        format!("(?i:{pattern})")
                    };
                    // A rule's compiled pattern is held to 1 MB: no lexicon can make
                    // the process hold gigabytes of automata.
                    Written::Regex(
                        regex::RegexBuilder::new(&pattern)
                            .size_limit(1 << 20)
                            .build()
                            .map_err(|e| invalid(&e.to_string()))?,
                    )
                }
                _ => return Err(invalid("give exactly one of word, regex")),
            };
            let say = match (entry.alias, entry.ipa) {
                (Some(alias), None) => Say::Alias(alias),
                (None, Some(ipa)) => Say::Phonemes(ipa),
                _ => return Err(invalid("give exactly one of alias, ipa")),
            };
            self.add(written, say, scope, origin)?;
        }
        Ok(())
    }

    /// Adds the lexemes of a W3C Pronunciation Lexicon (PLS 1.0, IPA alphabet): each
    /// grapheme becomes a case-sensitive word rule to the lexeme's first alias or
    /// phoneme.
    pub fn add_pls(&mut self, xml: &str, scope: Scope, name: &str) -> Result<(), LexiconError> {
        use quick_xml::events::Event;
        let invalid = |m: String| LexiconError::Invalid(name.into(), m);
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut alphabet: Option<String> = None;
        let mut seen_lexicon = false;
        let mut lexeme: Option<(Vec<String>, Option<Say>, Option<String>)> = None;
        let mut field: Option<&'static str> = None;
        let mut text = String::new();
        let mut count = 0;
        let mut open_elements: Vec<String> = Vec::new();
        loop {
            let event = reader.read_event().map_err(|e| {
                invalid(format!(
                    "malformed PLS at byte {}: {e}",
                    reader.error_position()
                ))
            })?;
            match &event {
                Event::Start(e) => open_elements.push(e.local_name().as_ref().to_string()),
                Event::End(_) => {
                    open_elements.pop();
                }
                Event::Eof if !open_elements.is_empty() => {
                    return Err(invalid(format!(
                        "malformed PLS: <{}> is not closed",
                        open_elements.last().expect("not empty")
                    )))
                }
                _ => {}
            }
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "lexicon" => {
                    seen_lexicon = true;
                    for attr in e.attributes().flatten() {
                        if attr.key.local_name().as_ref() == "alphabet" {
                            alphabet = Some(attr.value.to_string());
                        }
                    }
                }
                Event::Start(e) => match e.local_name().as_ref() {
                    "lexeme" => {
                        let mut lexeme_alphabet = None;
                        for attr in e.attributes().flatten() {
                            if attr.key.local_name().as_ref() == "alphabet" {
                                lexeme_alphabet = Some(attr.value.to_string());
                            }
                        }
                        lexeme = Some((Vec::new(), None, lexeme_alphabet));
                    }
                    "grapheme" => field = Some("grapheme"),
                    "phoneme" => field = Some("phoneme"),
                    "alias" => field = Some("alias"),
                    _ => {}
                },
                Event::Text(t) if field.is_some() => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if field.is_some() => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                        text.push_str(s);
                    } else {
                        return Err(invalid(format!("unknown entity &{};", &*r)));
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "grapheme" | "phoneme" | "alias" => {
                        let value = std::mem::take(&mut text).trim().to_string();
                        if let Some((graphemes, say, _)) = lexeme.as_mut() {
                            match field.take() {
                                Some("grapheme") => graphemes.push(value),
                                Some("phoneme") if say.is_none() => {
                                    *say = Some(Say::Phonemes(value))
                                }
                                Some("alias") if say.is_none() => *say = Some(Say::Alias(value)),
                                _ => {}
                            }
                        }
                    }
                    "lexeme" => {
                        let Some((graphemes, say, lexeme_alphabet)) = lexeme.take() else {
                            continue;
                        };
                        count += 1;
                        let origin = format!("{name}, lexeme {count}");
                        let Some(say) = say else {
                            return Err(LexiconError::Invalid(
                                origin,
                                "a lexeme needs a phoneme or an alias".into(),
                            ));
                        };
                        if let Say::Phonemes(_) = say {
                            let used = lexeme_alphabet.or_else(|| alphabet.clone());
                            if used.as_deref() != Some("ipa") {
                                return Err(LexiconError::Invalid(
                                    origin,
                                    format!(
                                        "phoneme alphabet {:?} is not supported (use ipa)",
                                        used.unwrap_or_default()
                                    ),
                                ));
                            }
                        }
                        for grapheme in graphemes {
                            self.add(
                                Written::Word {
                                    text: grapheme,
                                    case_sensitive: true,
                                },
                                say.clone(),
                                scope,
                                origin.clone(),
                            )?;
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if !seen_lexicon {
            return Err(invalid("not a PLS lexicon (no <lexicon> element)".into()));
        }
        Ok(())
    }

    /// Adds a lexicon file: PLS when it ends in `.pls` or `.xml`, else JSON.
    pub fn add_file(&mut self, path: &Path, scope: Scope) -> Result<(), LexiconError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LexiconError::Io(name.clone(), e))?;
        match path.extension().and_then(|e| e.to_str()) {
            Some("pls" | "xml") => self.add_pls(&text, scope, &name),
            _ => self.add_json(&text, scope, &name),
        }
    }

    /// The rules applied to `text`: non-overlapping, leftmost first; where several
    /// match at a place, the latest scope wins, then the longest match, then the rule
    /// added last.
    pub fn matches(&self, text: &str) -> Vec<Match> {
        let mut found = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let mut at = 0;
            while at <= text.len() {
                let Some(caps) = rule.matcher.captures_at(text, at) else {
                    break;
                };
                let m = caps.get(1).expect("group 1");
                if m.end() > m.start() {
                    found.push(Match {
                        start: m.start(),
                        end: m.end(),
                        rule: i,
                    });
                }
                // Continue after the word (the boundary after it may start the next).
                at = if m.end() > at {
                    m.end()
                } else {
                    let next = text[at..].chars().next().map_or(1, char::len_utf8);
                    at + next
                };
            }
        }
        let rules = &self.rules;
        found.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(rules[b.rule].scope.cmp(&rules[a.rule].scope))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(b.rule.cmp(&a.rule))
        });
        // Where two matches overlap, the one chosen above (or the earlier one) stays,
        // unless a later scope covers it.
        let mut chosen: Vec<Match> = Vec::new();
        for m in found {
            let overlapping: Vec<usize> = chosen
                .iter()
                .enumerate()
                .filter(|(_, c)| c.start < m.end && m.start < c.end)
                .map(|(i, _)| i)
                .collect();
            if overlapping.is_empty() {
                chosen.push(m);
            } else if overlapping
                .iter()
                .all(|&i| rules[m.rule].scope > rules[chosen[i].rule].scope)
            {
                for i in overlapping.into_iter().rev() {
                    chosen.remove(i);
                }
                chosen.push(m);
            }
        }
        chosen.sort_by_key(|m| m.start);
        chosen
    }

    /// The rule that decides how `word` is said, if any (what `aloud lexicon test`
    /// shows).
    pub fn lookup(&self, word: &str) -> Option<&Rule> {
        self.matches(word)
            .into_iter()
            .find(|m| m.start == 0 && m.end == word.len())
            .map(|m| &self.rules[m.rule])
    }

    /// Normalizes `text` into spoken words with the lexicon's rules applied: matched
    /// words become their alias or phonemes, the rest is normalized as usual.
    pub fn speak(&self, text: &str) -> String {
        normalize::join_words(&self.speak_words(text))
    }

    /// [`Lexicon::speak`], keeping which characters of `text` each group of spoken
    /// words came from (a rule's match is one group).
    pub fn speak_words(&self, text: &str) -> Vec<SpokenWords> {
        self.speak_words_with(text, &Conventions::default())
    }

    /// [`Lexicon::speak_words`] under the writing conventions of the text it is from.
    pub fn speak_words_with(&self, text: &str, conventions: &Conventions) -> Vec<SpokenWords> {
        let matches = self.matches(text);
        if matches.is_empty() {
            let mut words = normalize::normalize_words_with(text, conventions);
            crate::heteronyms::resolve(&mut words, &[]);
            return words;
        }
        let char_at = |byte: usize| text[..byte].chars().count();
        let plain = |from: usize, to: usize, words: &mut Vec<SpokenWords>| {
            let offset = char_at(from);
            words.extend(
                normalize::normalize_words_with(&text[from..to], conventions)
                    .into_iter()
                    .map(|w| SpokenWords {
                        start: w.start + offset,
                        end: w.end + offset,
                        ..w
                    }),
            );
        };
        let mut words = Vec::new();
        // Which groups a rule decided (heteronym rules leave those alone).
        let mut decided = Vec::new();
        let mut at = 0;
        for m in matches {
            plain(at, m.start, &mut words);
            decided.resize(words.len(), false);
            let spoken = match &self.rules[m.rule].say {
                Say::Alias(alias) => normalize::normalize(alias),
                Say::Phonemes(ipa) => format!("{IPA_OPEN}{}{IPA_CLOSE}", ipa.trim()),
            };
            words.push(SpokenWords {
                spoken,
                start: char_at(m.start),
                end: char_at(m.end),
            });
            decided.push(true);
            at = m.end;
        }
        plain(at, text.len(), &mut words);
        decided.resize(words.len(), false);
        crate::heteronyms::resolve(&mut words, &decided);
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(json: &str, scope: Scope) -> Lexicon {
        let mut l = Lexicon::default();
        l.add_json(json, scope, "test").unwrap();
        l
    }

    #[test]
    fn words_match_whole_and_case_as_asked() {
        let l = lexicon(
            r#"{"rules": [
                {"word": "Siobhan", "ipa": "ʃɪˈvɔːn"},
                {"word": "AP", "alias": "A P", "case_sensitive": true}
            ]}"#,
            Scope::Deployment,
        );
        assert_eq!(
            l.speak("siobhan met Siobhanna and SIOBHAN."),
            "⟦ʃɪˈvɔːn⟧ met Siobhanna and ⟦ʃɪˈvɔːn⟧."
        );
        // Case-sensitive: "ap" is not "AP".
        assert_eq!(l.speak("The AP said ap."), "The A P said ap.");
    }

    #[test]
    fn regex_rules_and_aliases_are_normalized() {
        let l = lexicon(
            r#"{"rules": [{"regex": "\\bNo\\. (\\d+)\\b", "alias": "number one"}]}"#,
            Scope::Article,
        );
        assert_eq!(l.speak("She is No. 1 today."), "She is number one today.");
    }

    #[test]
    fn later_scopes_win() {
        let mut l = Lexicon::default();
        l.add_json(
            r#"{"rules": [{"word": "Nguyen", "alias": "new yen"}]}"#,
            Scope::BuiltIn,
            "b",
        )
        .unwrap();
        l.add_json(
            r#"{"rules": [{"word": "Nguyen", "alias": "win"}]}"#,
            Scope::Article,
            "a",
        )
        .unwrap();
        l.add_json(
            r#"{"rules": [{"word": "Nguyen", "alias": "nuh win"}]}"#,
            Scope::Publisher,
            "p",
        )
        .unwrap();
        assert_eq!(l.speak("Ask Nguyen."), "Ask win.");
        let rule = l.lookup("Nguyen").unwrap();
        assert_eq!(
            (rule.scope, rule.origin.as_str()),
            (Scope::Article, "a, rule 1")
        );
        // A longer phrase of a later scope replaces a word inside it.
        l.add_json(
            r#"{"rules": [{"word": "Van Nguyen", "alias": "van win"}]}"#,
            Scope::Article,
            "a2",
        )
        .unwrap();
        assert_eq!(l.speak("Van Nguyen"), "van win");
    }

    #[test]
    fn pls_import() {
        let pls = r#"<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>Siobhan</grapheme><grapheme>Shivaun</grapheme><phoneme>ʃɪˈvɔːn</phoneme></lexeme>
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
  <lexeme><grapheme>AT&amp;T</grapheme><alias>A T and T</alias></lexeme>
</lexicon>"#;
        let mut l = Lexicon::default();
        l.add_pls(pls, Scope::Publisher, "p.pls").unwrap();
        assert_eq!(l.rules().len(), 4);
        assert_eq!(
            l.speak("Shivaun joined W3C from AT&T."),
            "⟦ʃɪˈvɔːn⟧ joined World Wide Web Consortium from A T and T."
        );
        let err = Lexicon::default()
            .add_pls(
                &pls.replace("alphabet=\"ipa\"", "alphabet=\"x-sampa\""),
                Scope::Publisher,
                "p.pls",
            )
            .unwrap_err();
        assert!(err.to_string().contains("x-sampa"), "{err}");
        assert!(Lexicon::default()
            .add_pls("<lexicon><lexeme>", Scope::Publisher, "bad.pls")
            .is_err());
        assert!(Lexicon::default()
            .add_pls("<html/>", Scope::Publisher, "x.pls")
            .unwrap_err()
            .to_string()
            .contains("not a PLS"));
    }

    #[test]
    fn bad_rules_are_refused_with_their_origin() {
        for (json, want) in [
            (r#"{"rules": [{"word": "a"}]}"#, "alias, ipa"),
            (r#"{"rules": [{"alias": "a"}]}"#, "word, regex"),
            (r#"{"rules": [{"regex": "(", "alias": "a"}]}"#, "regex"),
            (r#"{"rules": [{"word": "x", "ipa": "a⟧b"}]}"#, "markup"),
            (
                r#"{"rules": [{"word": "x", "alias": "a", "colour": 1}]}"#,
                "colour",
            ),
            (r#"{"rules": "#, "EOF"),
        ] {
            let err = Lexicon::default()
                .add_json(json, Scope::Article, "f.json")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("f.json"), "{err}");
            assert!(err.contains(want), "{json}: {err}");
        }
    }

    #[test]
    fn built_in_rules_load() {
        let l = Lexicon::built_in();
        assert!(!l.is_empty());
        assert!(l.rules().iter().all(|r| r.scope == Scope::BuiltIn));
    }
}
