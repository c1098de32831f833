//! The extract stage: a source (URL, HTML, plain text, Markdown) → the [`Article`] a
//! reader sees: metadata and blocks in reading order, boilerplate dropped, link text
//! kept.
//!
//! [`load`] reads and decodes the input ([`source`]); [`extract`] picks the parser by
//! kind ([`html`] or [`text`]).

pub mod html;
pub mod netpolicy;
pub mod source;
pub mod text;

use serde::{Deserialize, Serialize};

pub use netpolicy::{IpNet, NetPolicy};
pub use source::{load, load_with, Document, DocumentKind, Input};

/// Largest HTML (or other) input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;
/// Longest article accepted, in words.
pub const MAX_ARTICLE_WORDS: usize = 200_000;
/// An article needs at least this many characters of body text to be worth narrating.
pub const MIN_ARTICLE_CHARS: usize = 40;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("cannot fetch {url}: {reason}")]
    Fetch { url: String, reason: String },
    #[error("input is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("article has {words} words, over the {limit}-word limit")]
    TooManyWords { words: usize, limit: usize },
    #[error("input looks binary ({0}), not text or HTML")]
    Binary(String),
    #[error("unknown character set {0:?}")]
    UnknownCharset(String),
    #[error("input is not valid {0} (wrong character set declared?)")]
    WrongCharset(String),
    #[error("input is empty")]
    Empty,
    #[error("no article text found{0}")]
    NoArticle(String),
    #[error("not an article: {0}")]
    NotAnArticle(String),
    #[error("the input is SSML, which is narrated as written (use `aloud script` or `aloud narrate`), not extracted")]
    Ssml,
}

/// What a block of the article is; decides how it is read and the pause after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    /// The article's headline (always the first block).
    Title,
    /// The summary line under the headline (dek, standfirst), when the site sets it
    /// apart from the story; read after the title.
    Standfirst,
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem {
        ordered: bool,
    },
    Quote,
    /// A figure caption; kept once, skipped by the default script.
    Caption,
    /// A table row, cells joined by "; ".
    TableRow,
}

/// A span of characters (Unicode scalar values) in [`Article::text`], end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Whitespace-collapsed text, link text included.
    pub text: String,
    /// Where `text` sits in [`Article::text`].
    pub span: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    pub description: Option<String>,
    /// The dek under the headline, where the page marks one.
    pub subtitle: Option<String>,
    /// The lead image's URL (absolute where the page's address is known).
    pub image: Option<String>,
    /// True when `language` was detected from the text, not declared by the page.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub language_detected: bool,
}

/// The article: metadata and blocks. Block spans index [`Article::text`], the blocks'
/// texts joined by blank lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
    /// How sure the HTML extractor is that this is the article (none for text input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// How sure an extraction is, from 0 (not an article) to 1, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confidence {
    pub score: f64,
    pub signals: ConfidenceSignals,
    /// Why the page is not an article, when it is not (the extraction is then refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
}

/// What the confidence is computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfidenceSignals {
    /// Words in paragraphs of prose (12 words or more) that were kept.
    pub prose_words: usize,
    pub prose_paragraphs: usize,
    /// Share of the content root's text inside links.
    pub link_share: f64,
    /// Headings in the content root that are links (headlines of other stories).
    pub linked_headings: usize,
    /// Prose paragraphs right under such a headline (teasers).
    pub teasers: usize,
    /// Prose paragraphs in the content root, before any filter.
    pub root_paragraphs: usize,
    /// The page marks itself as an article (JSON-LD, OpenGraph, `<article>`).
    pub article_markup: bool,
    /// The page's JSON-LD says it lists other pages (`CollectionPage`, `ItemList`)…
    pub listing_markup: bool,
    /// …or that it is an article (`NewsArticle`, `BlogPosting`…), which wins over the
    /// sitewide `og:type` some sites print on every page.
    pub article_type: bool,
    /// A single `<article>` element, or an `articleBody` property.
    pub article_element: bool,
    /// Readable characters on the whole page.
    pub page_chars: usize,
}

/// Articles scoring below this are marked for review before a feed publishes them.
pub const REVIEW_BELOW: f64 = 0.5;

impl Article {
    /// Builds an article from (kind, text) pairs, computing spans; empty blocks dropped.
    /// A title block is put first from `meta.title` when the blocks lack one.
    pub fn from_blocks(
        meta: Metadata,
        blocks: impl IntoIterator<Item = (BlockKind, String)>,
    ) -> Self {
        let mut pairs: Vec<(BlockKind, String)> = blocks
            .into_iter()
            .map(|(k, t)| (k, collapse_whitespace(&t)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        if !pairs.iter().any(|(k, _)| *k == BlockKind::Title) {
            if let Some(title) = meta
                .title
                .as_deref()
                .map(collapse_whitespace)
                .filter(|t| !t.is_empty())
            {
                pairs.insert(0, (BlockKind::Title, title));
            }
        }
        let mut offset = 0;
        let blocks = pairs
            .into_iter()
            .map(|(kind, text)| {
                let len = text.chars().count();
                let span = Span {
                    start: offset,
                    end: offset + len,
                };
                offset += len + 2;
                Block { kind, text, span }
            })
            .collect();
        Article {
            meta,
            blocks,
            confidence: None,
        }
    }

    /// The article as plain text: blocks separated by blank lines.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.text.split_whitespace().count())
            .sum()
    }

    fn body_chars(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Title)
            .map(|b| b.text.chars().count())
            .sum()
    }
}

/// Extracts the article from a loaded document.
pub fn extract(doc: &Document) -> Result<Article, ExtractError> {
    let article = match doc.kind {
        DocumentKind::Html => html::extract(&doc.text, doc.url.as_deref()),
        DocumentKind::Markdown => text::extract_markdown(&doc.text),
        DocumentKind::PlainText => text::extract_plain(&doc.text),
        DocumentKind::Ssml => return Err(ExtractError::Ssml),
    };
    let mut article = article;
    // "und", "mul", "zxx" and private codes ("x-default") say no language at all.
    if article.meta.language.as_deref().is_some_and(|l| {
        let l = l.trim().to_ascii_lowercase();
        l.is_empty() || matches!(l.as_str(), "und" | "mul" | "zxx") || l.starts_with("x-")
    }) {
        article.meta.language = None;
    }
    match article.meta.language.as_deref() {
        None => {
            if let Some(code) = detect_language(&article, false) {
                article.meta.language = Some(code);
                article.meta.language_detected = true;
            }
        }
        // Many themes declare their own language whatever the text (`lang="en"` on a
        // Portuguese site, `lang="de"` on an English edition): a page whose text is
        // surely in another language is read as that language. Neighbours that share
        // most of their words (Danish and Norwegian, Croatian and Serbian…) are not
        // told apart by their text, so there the page is believed.
        Some(declared) => {
            let declared = primary_subtag(declared);
            // Only for a language with a two-letter code (not Latin lorem ipsum).
            let other = detect_language(&article, true)
                .filter(|c| *c != declared && c.len() == 2 && !are_neighbours(c, &declared));
            if let Some(code) = other {
                article.meta.language = Some(code);
                article.meta.language_detected = true;
            }
        }
    }
    let words = article.word_count();
    if words > MAX_ARTICLE_WORDS {
        return Err(ExtractError::TooManyWords {
            words,
            limit: MAX_ARTICLE_WORDS,
        });
    }
    if article.body_chars() < MIN_ARTICLE_CHARS {
        let hint = if doc.kind == DocumentKind::Html {
            " (the page has almost no text; it may be a section front, or need JavaScript to render)"
        } else {
            ""
        };
        return Err(ExtractError::NoArticle(hint.into()));
    }
    if let Some(reason) = article.confidence.as_ref().and_then(|c| c.refusal.clone()) {
        return Err(ExtractError::NotAnArticle(reason));
    }
    Ok(article)
}

/// ISO 639-3 codes of whatlang → the ISO 639-1 codes pages declare, where one exists.
const LANGUAGE_CODES: &[(&str, &str)] = &[
    ("eng", "en"),
    ("deu", "de"),
    ("fra", "fr"),
    ("spa", "es"),
    ("ita", "it"),
    ("por", "pt"),
    ("nld", "nl"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("pol", "pl"),
    ("ces", "cs"),
    ("slk", "sk"),
    ("swe", "sv"),
    ("dan", "da"),
    ("nob", "no"),
    ("fin", "fi"),
    ("tur", "tr"),
    ("ell", "el"),
    ("hun", "hu"),
    ("ron", "ro"),
    ("bul", "bg"),
    ("hrv", "hr"),
    ("srp", "sr"),
    ("slv", "sl"),
    ("lit", "lt"),
    ("lav", "lv"),
    ("est", "et"),
    ("cat", "ca"),
    ("ara", "ar"),
    ("heb", "he"),
    ("pes", "fa"),
    ("hin", "hi"),
    ("ben", "bn"),
    ("urd", "ur"),
    ("tam", "ta"),
    ("tha", "th"),
    ("vie", "vi"),
    ("ind", "id"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("cmn", "zh"),
];

/// The language part of a tag, lower case: "en-GB" → "en", "pt_BR" → "pt".
fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Languages close enough that a text sample cannot be trusted to tell them apart.
fn are_neighbours(a: &str, b: &str) -> bool {
    const GROUPS: &[&[&str]] = &[
        &["da", "no", "nb", "nn", "sv"],
        &["hr", "sr", "bs", "sh"],
        &["cs", "sk"],
        &["id", "ms"],
        &["es", "ca", "gl", "pt"],
        &["ru", "uk", "be", "bg"],
        &["hi", "ur"],
        &["zh", "ja"],
    ];
    GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// The article's language from its text, when detection is reliable (for choosing a
/// voice when the page does not say); `strict` asks for near certainty on a sample of
/// some length (to overrule a page that declares English).
fn detect_language(article: &Article, strict: bool) -> Option<String> {
    // Prose says the language best: a table of names and figures (standings, results)
    // or a list of product names can make the text look like another language.
    let sample_of = |prose_only: bool| -> String {
        article
            .blocks
            .iter()
            .filter(|b| !prose_only || matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote))
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            .chars()
            .take(4000)
            .collect()
    };
    let prose = sample_of(true);
    let sample = if prose.chars().count() >= 300 {
        prose
    } else {
        sample_of(false)
    };
    let info = whatlang::detect(&sample).filter(|i| i.is_reliable())?;
    if strict && (info.confidence() < 0.9 || sample.chars().count() < 300) {
        return None;
    }
    let code = info.lang().code();
    Some(
        LANGUAGE_CODES
            .iter()
            .find(|(three, _)| *three == code)
            .map_or(code, |(_, two)| two)
            .to_string(),
    )
}

/// The names in a byline line ("By Jane Doe", "BY JANE DOE AND SAM ROE"), if `text` is
/// one: short, starting with "By", not a sentence. Bylines are metadata, not narration.
pub fn byline(text: &str) -> Option<&str> {
    let names = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("BY "))?;
    (text.chars().count() < 100 && !text.ends_with('.')).then_some(names.trim())
}

/// Collapses runs of whitespace to one space and trims.
/// Control characters and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF…), which
/// no reader sees and XML forbids, are dropped too.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let readable = word.chars().filter(|&c| is_readable_char(c));
        if readable.clone().next().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(readable);
    }
    out
}

/// Neither a control character nor a Unicode noncharacter.
pub fn is_readable_char(c: char) -> bool {
    let code = c as u32;
    !(c.is_control() || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE)
}

#[cfg(test)]
mod whitespace_tests {
    use super::*;

    #[test]
    fn controls_and_noncharacters_are_dropped() {
        assert_eq!(
            collapse_whitespace("Head\u{FFFE}line\u{0007} \u{FFFF} one\u{FDD0}"),
            "Headline one"
        );
        assert_eq!(collapse_whitespace("  café\t\n naïve "), "café naïve");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_detected_when_the_page_does_not_say() {
        let doc = |html: &str| Document {
            kind: DocumentKind::Html,
            text: html.to_string(),
            url: None,
        };
        let german = "<html><body><article><h1>Die Fähre fährt mit der Flut</h1>\
            <p>Die kleine Fähre über den Hafen fuhr am Dienstag zum ersten Mal, ohne \
            Treibstoff zu verbrauchen. Ihre Batterien wurden über Nacht von einer Turbine \
            im Gezeitenkanal geladen, und die Fahrgäste hörten nur die Möwen.</p>\
            </article></body></html>";
        let a = extract(&doc(german)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("de"), true)
        );
        let declared = german.replace("<html>", "<html lang=\"de-AT\">");
        let a = extract(&doc(&declared)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("de-AT"), false)
        );
        // A theme's default `lang="en"` over text surely in another language gives way.
        let spanish = "<html lang=\"en\"><body><article><h1>El tranvía llega al puerto</h1>\
            <p>La nueva línea del tranvía comenzó a funcionar el lunes entre la estación \
            central y el barrio del puerto, tras tres años de obras y dos retrasos en la \
            fecha de apertura. Los primeros viajeros llenaron los vagones desde las seis de \
            la mañana, y el ayuntamiento calcula que la línea transportará unos veinte mil \
            pasajeros al día.</p></article></body></html>";
        let a = extract(&doc(spanish)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("es"), true)
        );
        // A code that names no language is no declaration.
        let undetermined = german.replace("<html>", "<html lang=\"und\">");
        let a = extract(&doc(&undetermined)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("de"), true)
        );
        // English text under `lang="en"` stays as declared.
        let english = "<html lang=\"en-GB\"><body><article><h1>The tram reaches the harbour</h1>\
            <p>The new tram line began running on Monday between the central station and the \
            harbour district, after three years of works and two delays to its opening date. \
            The first passengers filled the carriages from six in the morning, and the council \
            expects the line to carry some twenty thousand people a day.</p></article></body></html>";
        let a = extract(&doc(english)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("en-GB"), false)
        );
        // An English edition under its group's `lang="de"` is read as English.
        let english_under_german =
            "<html lang=\"de\"><body><article><h1>The ferry runs on the tide</h1>\
            <p>The small harbour ferry crossed on Tuesday for the first time without burning \
            any fuel. Its batteries had been charged overnight by a turbine in the tidal \
            channel, and the passengers heard nothing but the gulls as it left the quay. The \
            operator plans to convert its two other boats by the end of next year.</p>\
            </article></body></html>";
        let a = extract(&doc(english_under_german)).unwrap();
        assert_eq!(
            (a.meta.language.as_deref(), a.meta.language_detected),
            (Some("en"), true)
        );
        // A neighbour language is not overruled: Norwegian declared over text that
        // might read as Danish stays Norwegian.
        let norwegian = "<html lang=\"nb-NO\"><body><article><h1>Fergen går på tidevannet</h1>\
            <p>Den lille havnefergen krysset tirsdag for første gang uten å bruke drivstoff. \
            Batteriene ble ladet om natten av en turbin i tidevannskanalen, og passasjerene \
            hørte bare måkene da den forlot kaia. Selskapet vil bygge om de to andre båtene \
            innen utgangen av neste år, sier daglig leder.</p></article></body></html>";
        let a = extract(&doc(norwegian)).unwrap();
        assert_eq!(a.meta.language.as_deref(), Some("nb-NO"));
        // A standings page: the prose decides, not the table of drivers' names.
        let standings = "<html><body><article><h1>Classificação do campeonato</h1>\
            <p>Nesta página você encontra sempre a classificação atualizada do campeonato \
            depois da última corrida. Os doze primeiros disputam o título nas dez últimas \
            corridas da temporada, e a pontuação é zerada antes da fase final.</p>\
            <table><tr><td>1</td><td>Kyle Busch</td><td>Joe Gibbs Racing</td><td>5040</td></tr>\
            <tr><td>2</td><td>Martin Truex Jr.</td><td>Joe Gibbs Racing</td><td>5035</td></tr>\
            <tr><td>3</td><td>Kevin Harvick</td><td>Stewart-Haas Racing</td><td>5033</td></tr>\
            <tr><td>4</td><td>Denny Hamlin</td><td>Joe Gibbs Racing</td><td>5029</td></tr>\
            <tr><td>5</td><td>Ryan Blaney</td><td>Team Penske</td><td>2279</td></tr>\
            <tr><td>6</td><td>Chase Elliott</td><td>Hendrick Motorsports</td><td>2266</td></tr>\
            </table></article></body></html>";
        let a = extract(&doc(standings)).unwrap();
        assert_eq!(a.meta.language.as_deref(), Some("pt"));
        // `og:locale` writes "en_US": the tag is "en-US".
        let locale = english.replace(
            "<html lang=\"en-GB\">",
            "<html><head><meta property=\"og:locale\" content=\"en_US\"></head>",
        );
        let a = extract(&doc(&locale)).unwrap();
        assert_eq!(a.meta.language.as_deref(), Some("en-US"));
    }

    #[test]
    fn spans_index_the_article_text() {
        let meta = Metadata {
            title: Some("A  title".into()),
            ..Default::default()
        };
        let article = Article::from_blocks(
            meta,
            [
                (BlockKind::Paragraph, "Première phrase.".to_string()),
                (BlockKind::Paragraph, "  ".into()),
            ],
        );
        assert_eq!(article.blocks.len(), 2);
        let text: Vec<char> = article.text().chars().collect();
        for block in &article.blocks {
            let slice: String = text[block.span.start..block.span.end].iter().collect();
            assert_eq!(slice, block.text);
        }
        assert_eq!(article.blocks[0].kind, BlockKind::Title);
    }

    #[test]
    fn tiny_article_is_rejected() {
        let doc = Document {
            kind: DocumentKind::PlainText,
            text: "Hi.".into(),
            url: None,
        };
        assert!(matches!(extract(&doc), Err(ExtractError::NoArticle(_))));
    }
}
