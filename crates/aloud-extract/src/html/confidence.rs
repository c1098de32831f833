//! How sure the extractor is that it found an article, and the signals behind it; and
//! the pages it refuses as not articles at all (section fronts, tag and search pages:
//! lists of linked headlines; gallery and video pages: almost no prose).

use scraper::{ElementRef, Html};

use crate::{BlockKind, Confidence, ConfidenceSignals};

use super::collect::RawBlock;
use super::filters::PROSE_WORDS;
use super::stats::words;

/// Below this many words of prose, with no article markup, on a page with at least
/// [`BUSY_PAGE_CHARS`] of text around it, a page is not an article (a short text on a
/// page of its own still is).
const MIN_PROSE_WORDS: usize = 30;
const BUSY_PAGE_CHARS: usize = 1000;
/// A page with this many linked headlines or more is a list of stories when most of
/// its prose paragraphs are teasers (each right under a linked headline), or when it
/// has under [`WORDS_PER_HEADLINE`] words of prose for each headline.
const MIN_LINKED_HEADINGS: usize = 4;
const WORDS_PER_HEADLINE: usize = 10;

/// The confidence of an extraction: `raw` is what the collector found in the root,
/// `blocks` what the filters kept, `page_chars` the readable text of the whole page.
pub(super) fn assess(
    doc: &Html,
    raw: &[RawBlock],
    blocks: &[(BlockKind, String)],
    page_chars: usize,
) -> Confidence {
    let prose: Vec<usize> = blocks
        .iter()
        .filter(|(kind, _)| {
            matches!(
                kind,
                BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem { .. }
            )
        })
        .map(|(_, text)| words(text))
        .filter(|&words| words >= PROSE_WORDS)
        .collect();
    let prose_words: usize = prose.iter().sum();
    let (chars, links) = raw.iter().fold((0, 0), |(c, l), b| {
        (
            c + b.text.chars().filter(|c| !c.is_whitespace()).count(),
            l + b.link_chars,
        )
    });
    let link_share = if chars == 0 {
        0.0
    } else {
        links as f64 / chars as f64
    };
    let linked_heading = |b: &RawBlock| {
        let len = b.text.chars().filter(|c| !c.is_whitespace()).count();
        matches!(b.kind, BlockKind::Heading { .. }) && len > 0 && b.link_chars * 2 > len
    };
    let linked_headings = raw.iter().filter(|b| linked_heading(b)).count();
    // Prose paragraphs of the root, and those right under a linked headline.
    let is_prose = |b: &RawBlock| b.kind == BlockKind::Paragraph && words(&b.text) >= PROSE_WORDS;
    let root_paragraphs = raw.iter().filter(|b| is_prose(b)).count();
    let teasers = raw
        .windows(2)
        .filter(|pair| linked_heading(&pair[0]) && is_prose(&pair[1]))
        .count();
    let markup = Markup::of(doc);
    let signals = ConfidenceSignals {
        prose_words,
        prose_paragraphs: prose.len(),
        link_share: (link_share * 1000.0).round() / 1000.0,
        linked_headings,
        teasers,
        root_paragraphs,
        article_markup: markup.says_article(),
        listing_markup: markup.has_type(LISTING_TYPES),
        article_type: markup.has_type(ARTICLE_TYPES),
        article_element: markup.article_body || markup.article_elements == 1,
        page_chars,
    };
    let refusal = refusal(&signals);
    let score = if refusal.is_some() {
        0.0
    } else {
        // A short news brief (a hundred words or so, two or three paragraphs) on a
        // page that says it is an article is read without review.
        let amount = (prose_words as f64 / 150.0).min(1.0);
        let paragraphs = (prose.len() as f64 / 3.0).min(1.0);
        let markup = if signals.article_markup { 1.0 } else { 0.0 };
        let headlines = (linked_headings as f64 / 5.0).min(1.0);
        (0.1 + 0.5 * amount + 0.2 * paragraphs + 0.2 * markup - 0.5 * link_share - 0.2 * headlines)
            .clamp(0.0, 1.0)
    };
    Confidence {
        score: (score * 100.0).round() / 100.0,
        signals,
        refusal,
    }
}

/// Why a page is not an article, if it is not.
fn refusal(s: &ConfidenceSignals) -> Option<String> {
    // A listicle (linked headings, each over its paragraph) says it is an article by
    // more than a sitewide `og:type`.
    let mostly_teasers =
        s.teasers * 2 >= s.root_paragraphs.max(1) && !(s.article_type || s.article_element);
    if s.listing_markup && !s.article_type {
        return Some(
            "the page describes itself as a collection or list of items, not an article".into(),
        );
    }
    if s.linked_headings >= MIN_LINKED_HEADINGS
        && (mostly_teasers || s.prose_words < WORDS_PER_HEADLINE * s.linked_headings)
    {
        return Some(format!(
            "the page is a list of {} linked headlines with little text of its own (a section \
             front, tag or search page?), not an article",
            s.linked_headings
        ));
    }
    if s.prose_words < MIN_PROSE_WORDS && !s.article_markup && s.page_chars >= BUSY_PAGE_CHARS {
        return Some(
            "the page has almost no prose (a gallery or video page?), not an article".into(),
        );
    }
    None
}

/// JSON-LD types of articles, and of pages that list other pages.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
];
const LISTING_TYPES: &[&str] = &["CollectionPage", "ItemList", "SearchResultsPage"];

/// What the page says it is, gathered in one pass: the JSON-LD blocks (whitespace
/// taken out), `og:type` "article", an `articleBody` property, `<article>` elements.
struct Markup {
    json_ld: String,
    og_article: bool,
    article_body: bool,
    article_elements: usize,
}

impl Markup {
    fn of(doc: &Html) -> Markup {
        let mut markup = Markup {
            json_ld: String::new(),
            og_article: false,
            article_body: false,
            article_elements: 0,
        };
        for e in doc
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
        {
            let el = e.value();
            match el.name() {
                "article" => markup.article_elements += 1,
                "meta" => {
                    markup.og_article |= el.attr("property") == Some("og:type")
                        && el.attr("content") == Some("article");
                }
                "script" if el.attr("type") == Some("application/ld+json") => {
                    markup
                        .json_ld
                        .extend(e.text().flat_map(str::chars).filter(|c| !c.is_whitespace()));
                }
                _ => {}
            }
            markup.article_body |= el.attr("itemprop") == Some("articleBody");
        }
        markup
    }

    /// One of `types` is an `@type` in the JSON-LD.
    fn has_type(&self, types: &[&str]) -> bool {
        types.iter().any(|t| {
            self.json_ld.contains(&format!("\"@type\":\"{t}\""))
                || self.json_ld.contains(&format!("\"@type\":[\"{t}\""))
        })
    }

    /// The page says it is an article: a JSON-LD article type, `og:type`, an
    /// `articleBody`, or a single `<article>` (section fronts wrap each teaser in one).
    fn says_article(&self) -> bool {
        self.has_type(ARTICLE_TYPES)
            || self.og_article
            || self.article_body
            || self.article_elements == 1
    }
}
