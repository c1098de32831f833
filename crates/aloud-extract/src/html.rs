//! The article inside an HTML page.
//!
//! 1. Metadata from JSON-LD, OpenGraph and `<meta>` tags, falling back to the page.
//! 2. The content root: paragraphs score their ancestors (length, commas), scores are
//!    discounted by link density and by class/id hints, the best container wins
//!    (readability's idea, simplified).
//! 3. Blocks from the root in document order, skipping boilerplate by tag (nav, aside,
//!    forms, media), by class/id/role (share bars, promos, newsletters, related rails,
//!    comments, ads, credits) and by text (in-body promos such as "READ MORE:").
//!
//! Every traversal is iterative or depth-capped, so deeply nested markup cannot
//! overflow the stack.

use std::collections::{HashMap, HashSet};

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::{collapse_whitespace, Article, BlockKind, Metadata};

/// Nesting deeper than this is read as flat text rather than walked block by block.
const MAX_BLOCK_DEPTH: usize = 96;

/// Inline markup nested deeper than this is read as its raw text.
const MAX_INLINE_DEPTH: usize = 48;

/// Extracts the article from an HTML page. `url` is the page's address, if fetched.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let doc = Html::parse_document(html);
    let stats = TextStats::compute(&doc);
    let mut meta = metadata(&doc);
    if meta.canonical_url.is_none() {
        meta.canonical_url = url.map(str::to_string);
    }
    if let (Some(image), Some(base)) = (&meta.image, url.or(meta.canonical_url.as_deref())) {
        meta.image = Some(absolute_url(base, image));
    }
    let roots = content_roots(&doc, &stats);
    let mut collector = Collector {
        stats: &stats,
        root_text: roots.iter().map(|r| stats.get(r.id()).text).sum(),
        blocks: Vec::new(),
    };
    for root in roots {
        collector.walk(root, 0, false);
    }

    let title_key = meta.title.as_deref().map(comparable);
    let mut seen = HashSet::new();
    let mut blocks = Vec::new();
    for raw in collector.blocks {
        let text = collapse_whitespace(&raw.text);
        if text.is_empty() {
            continue;
        }
        let key = comparable(&text);
        let is_title = title_key.as_deref() == Some(key.as_str());
        if is_title && (matches!(raw.kind, BlockKind::Heading { .. }) || blocks.is_empty()) {
            continue; // the headline is read once, as the title
        }
        if raw.kind != BlockKind::TableRow && !seen.insert(key) {
            continue; // captions, pull quotes and credits repeated in the page
        }
        // A heading that opens a rail ("Related stories", "Comments") ends the article,
        // and so does a short label paragraph saying the same ("You may also be
        // interested in...").
        let label = raw.kind == BlockKind::Paragraph && is_end_label(&text);
        if (label || matches!(raw.kind, BlockKind::Heading { .. }) && is_end_section(&text))
            && !blocks.is_empty()
        {
            break;
        }
        // Another byline once the story is under way starts another story: a rail of
        // headlines with their bylines. Its first headline goes too.
        if blocks.len() >= 3 && crate::byline(&text).is_some() {
            if blocks
                .last()
                .is_some_and(|(_, last): &(BlockKind, String)| {
                    last.split_whitespace().count() <= 15
                        && !last.ends_with(['.', '!', '?', '"', '”'])
                })
            {
                blocks.pop();
            }
            break;
        }
        if is_promo(&text)
            || is_photo_credit(&text)
            || is_furniture(&text)
            || (blocks.len() <= 2 && crate::byline(&text).is_some())
            || is_link_list(&raw, &text)
            || is_fragment(&raw, &text)
            || is_stamp(&text)
        {
            continue;
        }
        blocks.push((raw.kind, text));
    }
    // A run of headlines at the end is a rail of other stories.
    let headline = |(kind, text): &(BlockKind, String)| {
        let words = text.split_whitespace().count();
        *kind == BlockKind::Paragraph
            && (3..=16).contains(&words)
            && text.starts_with(char::is_uppercase)
            && !text.ends_with(['.', '!', '?', '"', '”', ':', '…', ')', '。', '！', '？'])
    };
    let run = blocks.iter().rev().take_while(|b| headline(b)).count();
    if run >= 2 && run < blocks.len() {
        blocks.truncate(blocks.len() - run);
    }
    Article::from_blocks(meta, blocks)
}

/// Lower-cased alphanumerics only, for comparing texts.
fn comparable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Text statistics per element.

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    /// Characters of readable text in the subtree (boilerplate tags excluded).
    text: usize,
    /// Of which inside links.
    link: usize,
}

struct TextStats(HashMap<NodeId, Counts>);

impl TextStats {
    /// One pass in reverse document order, so children are summed before parents.
    fn compute(doc: &Html) -> Self {
        let mut counts: HashMap<NodeId, Counts> = HashMap::new();
        let nodes: Vec<NodeRef<Node>> = doc.tree.root().descendants().collect();
        for node in nodes.iter().rev() {
            let own = match node.value() {
                Node::Text(t) => {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    Counts { text: n, link: 0 }
                }
                Node::Element(e) if SKIP_TAGS.contains(&e.name()) => continue,
                Node::Element(e) => {
                    let mut c = counts.get(&node.id()).copied().unwrap_or_default();
                    if e.name() == "a" {
                        c.link = c.text;
                    }
                    counts.insert(node.id(), c);
                    c
                }
                _ => continue,
            };
            if let Some(parent) = node.parent() {
                let entry = counts.entry(parent.id()).or_default();
                entry.text += own.text;
                entry.link += own.link;
            }
        }
        TextStats(counts)
    }

    fn get(&self, id: NodeId) -> Counts {
        self.0.get(&id).copied().unwrap_or_default()
    }

    fn link_density(&self, id: NodeId) -> f64 {
        let c = self.get(id);
        if c.text == 0 {
            0.0
        } else {
            c.link as f64 / c.text as f64
        }
    }
}

// ---------------------------------------------------------------------------------------
// Boilerplate rules.

/// Never read, whatever their attributes.
const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "aside", "footer", "button",
    "select", "option", "input", "textarea", "label", "iframe", "object", "embed", "video",
    "audio", "canvas", "img", "picture", "source", "dialog", "menu", "head", "title", "link",
    "meta",
];

/// Class/id components that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "promo",
    "promotion",
    "newsletter",
    "newsletters",
    "related",
    "recommended",
    "recommendations",
    "comment",
    "comments",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertising",
    "sponsor",
    "sponsored",
    "dfp",
    "cookie",
    "cookies",
    "consent",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "popup",
    "modal",
    "banner",
    "byline",
    "author",
    "bio",
    "dateline",
    "timestamp",
    "tags",
    "topics",
    "credit",
    "credits",
    "listen",
    "audio",
    "player",
    "podcast",
    "app",
    "download",
    "print",
    "toolbar",
    "toolbox",
    "hidden",
    "sronly",
    "visuallyhidden",
    "outbrain",
    "taboola",
    "pullquote",
    "masthead",
    "header",
    "meta",
    "widget",
    "trending",
    "popular",
    "more",
    "readmore",
    "disclaimer",
    "skip",
    "offscreen",
    "teaser",
    "cta",
    "tweet",
    "twitter",
    "instagram",
    "tiktok",
];

const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "banner",
    "contentinfo",
    "dialog",
    "alert",
    "search",
    "menu",
    "toolbar",
];

/// Class/id components that mark the article body.
const CONTENT_WORDS: &[&str] = &[
    "article",
    "story",
    "body",
    "content",
    "entry",
    "post",
    "text",
    "main",
    "articlebody",
    "prose",
    "blog",
];

fn class_and_id(e: &scraper::node::Element) -> String {
    let mut s = e.attr("class").unwrap_or("").to_ascii_lowercase();
    s.push(' ');
    s.push_str(&e.attr("id").unwrap_or("").to_ascii_lowercase());
    s
}

/// Splits "c-share-bar sr_only" into ["c", "share", "bar", "sr", "only", "sronly"...]:
/// components, plus each whole token with separators removed.
fn components(attrs: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in attrs.split_whitespace() {
        out.extend(
            token
                .split(['-', '_', ':', '.'])
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        );
        out.push(token.replace(['-', '_', ':', '.'], ""));
    }
    out
}

fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let style = e
        .attr("style")
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(' ', "");
    style.contains("display:none") || style.contains("visibility:hidden")
}

fn has_boilerplate_marks(e: &scraper::node::Element) -> bool {
    if let Some(role) = e.attr("role") {
        if BOILERPLATE_ROLES.contains(&role.to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    components(&class_and_id(e))
        .iter()
        .any(|c| BOILERPLATE_WORDS.contains(&c.as_str()))
}

fn class_weight(e: &scraper::node::Element) -> f64 {
    if matches!(e.attr("itemprop"), Some(p) if p.eq_ignore_ascii_case("articleBody")) {
        return 50.0;
    }
    let parts = components(&class_and_id(e));
    let mut weight = 0.0;
    if parts.iter().any(|c| CONTENT_WORDS.contains(&c.as_str())) {
        weight += 25.0;
    }
    if parts
        .iter()
        .any(|c| BOILERPLATE_WORDS.contains(&c.as_str()))
    {
        weight -= 25.0;
    }
    weight
}

/// Headings that open the rails and boxes after an article.
fn is_end_section(heading: &str) -> bool {
    const ENDS: &[&str] = &[
        "comments",
        "comment",
        "related",
        "related stories",
        "related articles",
        "related content",
        "related coverage",
        "recommended",
        "recommended stories",
        "recommended for you",
        "you may also like",
        "you might also like",
        "more stories",
        "more from",
        "more on this",
        "read more",
        "read next",
        "most read",
        "most popular",
        "popular",
        "trending",
        "latest stories",
        "our latest stories",
        "latest news",
        "about the author",
        "tell us what you think",
        "have your say",
        "join the conversation",
        "leave a comment",
        "leave a reply",
        "share this",
        "share this article",
        "further reading",
        "what to read next",
        "top stories",
        "editor's picks",
        "more great wired stories",
        "você pode gostar",
        "you may also be interested in",
        "you may be interested in",
        "you might be interested in",
    ];
    let lower = heading
        .trim()
        .trim_end_matches([':', '.', '!', '…'])
        .to_lowercase();
    let lower = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    let short_label = lower.split_whitespace().count() <= 5 && !heading.contains('?');
    ENDS.contains(&lower)
        || (short_label && ENDS.iter().any(|e| e.len() > 8 && lower.starts_with(e)))
}

/// A paragraph that only announces what follows the article ("You may also be
/// interested in..."). Labels met inside articles ("Related", "Also read") are not.
fn is_end_label(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "you may also be interested in",
        "you may be interested in",
        "you might be interested in",
        "you may also like",
        "you might also like",
        "recommended for you",
        "more stories",
        "most read",
        "most popular",
        "read next",
        "what to read next",
        "our latest stories",
        "latest stories",
        "top stories",
        "editor's picks",
        "você pode gostar",
        "vous aimerez aussi",
        "das könnte sie auch interessieren",
    ];
    let lower = text
        .trim()
        .trim_end_matches(['.', ':', '…', '!'])
        .trim()
        .to_lowercase();
    LABELS.contains(&lower.as_str())
}

/// A photo credit line: "Natalie Naccache | Bloomberg | Getty Images", "Photo: AP".
fn is_photo_credit(text: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "getty images",
        "shutterstock",
        "ap photo",
        "associated press",
        "reuters",
        "afp",
        "bloomberg",
        "epa",
        "alamy",
        "istock",
    ];
    let lower = text.to_lowercase();
    let short = text.chars().count() < 100 && !text.ends_with(['.', '!', '?']);
    let labelled = [
        "photo:",
        "photo by",
        "photograph:",
        "image:",
        "credit:",
        "picture:",
    ]
    .iter()
    .any(|l| lower.starts_with(l));
    let agency = AGENCIES.iter().any(|a| lower.contains(a));
    short && (labelled || (agency && (text.contains(" | ") || text.contains(" / "))))
}

/// Leftovers of widgets: one or two words without a full stop ("Close", "Caption",
/// "Advert", "14h", "•"), never a sentence.
fn is_fragment(raw: &RawBlock, text: &str) -> bool {
    if !matches!(raw.kind, BlockKind::Paragraph | BlockKind::Caption) {
        return false;
    }
    let words = text.split_whitespace().count();
    let has_letters = text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let short = text.chars().count() < 24;
    !has_letters
        || (short
            && words <= 2
            && !text.ends_with(['.', '!', '?', '"', '”', ':', '。', '！', '？']))
}

/// Date and copyright stamps: "Updated: Sat 8:31 PM, Feb 17, 2018", "© 2019 Press TV".
fn is_stamp(text: &str) -> bool {
    let lower = text.to_lowercase();
    let short = text.chars().count() < 120;
    let stamp_openings = [
        "posted:",
        "posted on",
        "updated:",
        "updated on",
        "last updated",
        "published:",
        "published on",
        "published ",
    ];
    short
        && (stamp_openings.iter().any(|o| lower.starts_with(o))
            && lower.chars().any(|c| c.is_ascii_digit())
            || lower.starts_with("copyright")
            || lower.starts_with('©')
            || lower.contains("all rights reserved")
            || lower.starts_with("updated at ")
            || is_bare_date(&lower)
            || is_dateline_stamp(&lower))
}

/// A short line holding a year and a clock time and little else, in any language:
/// "November 19, 2019 / 12:21 AM / Updated 14 hours ago", "sexta-feira, 22 de
/// outubro de 2010 às 20:13".
fn is_dateline_stamp(lower: &str) -> bool {
    let words = lower.split_whitespace().count();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let has_clock = lower.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit() && c != ':');
        w.split_once(':').is_some_and(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())
        })
    });
    let limit = if lower.contains("updated") { 16 } else { 12 };
    words <= limit && has_year && has_clock && !lower.ends_with(['.', '!', '?'])
}

/// Newsroom furniture that is not the story: gallery counters ("Image 1 of 5"),
/// captions by their marks ("FILE PHOTO: …", "… (Credit: Getty Images)"), reporting
/// credits ("Reporting by …; Editing by …"), comment-moderation notices, and leftover
/// CSS-like tokens ("narrow-browser-and-phone").
fn is_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let gallery = words.len() == 4
        && matches!(words[0], "image" | "photo" | "picture" | "slide")
        && words[2] == "of"
        && words[1].chars().all(|c| c.is_ascii_digit())
        && words[3].chars().all(|c| c.is_ascii_digit());
    let short = text.chars().count() < 300;
    let caption = lower.starts_with("file photo:")
        || lower.starts_with("file picture:")
        || (short
            && lower.ends_with(')')
            && [
                "(credit:",
                "(photo:",
                "(image:",
                "(picture:",
                "(photo by",
                "(getty images",
            ]
            .iter()
            .any(|m| lower.contains(m)));
    let credits = text.chars().count() < 300
        && [
            "reporting by ",
            "additional reporting by ",
            "editing by ",
            "writing by ",
            "compiled by ",
        ]
        .iter()
        .any(|o| lower.starts_with(o));
    let moderation = short
        && (lower.contains("comment") || lower.contains("comentário"))
        && [
            "moderator",
            "moderated",
            "moderation",
            "moderador",
            "moderação",
        ]
        .iter()
        .any(|m| lower.contains(m));
    let css_token = words.len() == 1
        && lower.contains('-')
        && lower.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    let standards = lower.starts_with("our standards:");
    let contact = lower.starts_with("write to ") && lower.contains('@');
    let widget = [
        "related tags",
        "post comment",
        "tags:",
        "this article has been sent to",
        "an error has occurred",
    ]
    .iter()
    .any(|o| lower.starts_with(o));
    gallery || caption || credits || moderation || css_token || standards || contact || widget
}

/// "November 18, 2019", "18 November 2019", "2019-11-18".
fn is_bare_date(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 4 {
        return false;
    }
    let month = words
        .iter()
        .filter(|w| {
            MONTHS
                .iter()
                .any(|m| m.starts_with(w.trim_end_matches('.')) && w.len() >= 3)
        })
        .count();
    let numbers = words
        .iter()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '/')
        })
        .count();
    (month == 1 && numbers >= 1 && month + numbers == words.len())
        || (words.len() == 1 && numbers == 1 && lower.len() >= 8)
}

/// In-body promotions and calls to action, by their opening words.
fn is_promo(text: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "click here",
        "read more",
        "related:",
        "related coverage",
        "related stories",
        "related articles",
        "see also:",
        "also read",
        "must read",
        "sign up",
        "subscribe",
        "listen to this article",
        "listen to this story",
        "listen to the article",
        "advertisement",
        "continue reading",
        "follow us",
        "download the app",
        "download our app",
        "get the app",
        "share this",
        "recommended:",
        "more:",
        "don't miss",
        "trending:",
        "most read",
        "support our journalism",
        "we use cookies",
        "this site uses cookies",
        "by subscribing",
        "already a subscriber",
        "skip advertisement",
        "story continues below",
        "article continues below",
    ];
    let lower = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let short = text.chars().count() < 220;
    const ANYWHERE: &[&str] = &[
        "affiliate commission",
        "if you buy something through",
        "may earn a commission",
        "subscribe to our",
        "sign up for our",
        "sign up to our",
        "delivered to your inbox",
        "delivered through your letterbox",
        "this article contains affiliate",
        "support independent journalism",
    ];
    if text.chars().count() < 300 && ANYWHERE.iter().any(|a| lower.contains(a)) {
        return true;
    }
    OPENINGS.iter().any(|o| lower.starts_with(o))
        && (short || text.chars().take(12).all(|c| !c.is_lowercase()))
}

/// A short paragraph that is mostly link text: a "related stories" line.
fn is_link_list(raw: &RawBlock, text: &str) -> bool {
    let len = text.chars().filter(|c| !c.is_whitespace()).count();
    len > 0 && len < 300 && raw.link_chars * 10 >= len * 8 && raw.kind != BlockKind::Title
}

// ---------------------------------------------------------------------------------------
// Picking the content root.

/// The element(s) holding the article, in document order: the best-scoring container,
/// and those of its siblings that are part of the same article (bodies split into
/// several containers around ads or embeds).
fn content_roots<'a>(doc: &'a Html, stats: &TextStats) -> Vec<ElementRef<'a>> {
    let body = doc
        .select(&Selector::parse("body").expect("static selector"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    let paragraphs = Selector::parse("p, pre, td, blockquote, div").expect("static selector");
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for p in doc.select(&paragraphs) {
        // A div counts as a paragraph when it holds text itself (text and <br>-separated
        // lines), as on sites without <p> — by its own text when it also has child blocks
        // (an image box or an ad inside the body).
        let container = p.value().name() == "div" && has_block_children(p);
        let len = if container {
            own_inline_text(p, stats)
        } else {
            stats.get(p.id()).text
        };
        if has_skipped_ancestor(p) {
            continue;
        }
        if len < 25 {
            continue;
        }
        let commas = p
            .text()
            .map(|t| t.matches([',', '，']).count())
            .sum::<usize>();
        let score = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
        // Such a div is itself the container of its text; where its parent is mostly
        // links (a row shared with a long menu), the div takes the score first.
        let linky_parent = p
            .parent()
            .is_some_and(|parent| stats.link_density(parent.id()) > 0.5);
        let itself = (container && linky_parent).then_some(*p);
        for (level, ancestor) in itself
            .into_iter()
            .chain(p.ancestors())
            .filter(|a| a.value().is_element())
            .take(3)
            .enumerate()
        {
            let share = match level {
                0 => 1.0,
                1 => 0.5,
                _ => 1.0 / (level as f64 * 3.0),
            };
            *scores.entry(ancestor.id()).or_insert(0.0) += score * share;
        }
    }
    let weighted = |id: NodeId| -> f64 {
        let (Some(score), Some(element)) =
            (scores.get(&id), doc.tree.get(id).and_then(ElementRef::wrap))
        else {
            return 0.0;
        };
        (score + class_weight(element.value())) * (1.0 - stats.link_density(id))
    };
    let mut best: Option<(f64, ElementRef)> = None;
    for &id in scores.keys() {
        let Some(element) = doc.tree.get(id).and_then(ElementRef::wrap) else {
            continue;
        };
        let w = weighted(id);
        if best.as_ref().is_none_or(|(s, _)| w > *s) {
            best = Some((w, element));
        }
    }
    let Some((top_score, mut root)) = best else {
        return vec![body];
    };
    // Climb while the parent holds little besides the root (wrappers around the body),
    // so sibling blocks of the same article (split bodies, subheads) are kept.
    while let Some(parent) = root.parent().and_then(ElementRef::wrap) {
        if parent.id() == body.id() || matches!(parent.value().name(), "html" | "body") {
            break;
        }
        let (own, up) = (
            stats.get(root.id()).text as f64,
            stats.get(parent.id()).text as f64,
        );
        if up > own * 1.35 || stats.link_density(parent.id()) > 0.3 {
            break;
        }
        root = parent;
    }
    // Siblings that score close to the root, share its class, or are plain paragraphs
    // of prose join it.
    let Some(parent) = root.parent().and_then(ElementRef::wrap) else {
        return vec![root];
    };
    if root.id() == body.id() {
        return vec![root];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let root_class = root.value().attr("class").filter(|c| !c.trim().is_empty());
    parent
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|sibling| {
            if sibling.id() == root.id() {
                return true;
            }
            let el = sibling.value();
            if SKIP_TAGS.contains(&el.name()) || is_hidden(el) || has_boilerplate_marks(el) {
                return false;
            }
            let density = stats.link_density(sibling.id());
            let len = stats.get(sibling.id()).text;
            let same_class = root_class.is_some() && el.attr("class") == root_class && len > 0;
            let prose = el.name() == "p" && density < 0.25 && len > 80;
            same_class || prose || (weighted(sibling.id()) >= threshold && density < 0.3)
        })
        .collect()
}

fn has_skipped_ancestor(e: ElementRef) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| SKIP_TAGS.contains(&a.value().name()) || is_hidden(a.value()))
}

// ---------------------------------------------------------------------------------------
// Collecting blocks.

struct RawBlock {
    kind: BlockKind,
    text: String,
    link_chars: usize,
}

struct Collector<'s> {
    stats: &'s TextStats,
    root_text: usize,
    blocks: Vec<RawBlock>,
}

const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "del",
    "ins", "font", "nobr", "tt", "big",
];

impl Collector<'_> {
    fn skip(&self, e: ElementRef) -> bool {
        let el = e.value();
        if SKIP_TAGS.contains(&el.name()) || is_hidden(el) {
            return true;
        }
        // Class hints never remove the bulk of the article (a wrapper named
        // "content-with-sidebar" must not take the body with it), and neither does a
        // <form>: some sites wrap the whole page in one.
        // A table's rows are its data, whatever their classes say ("player-2020-580").
        if matches!(el.name(), "tr" | "td" | "th" | "tbody" | "thead" | "tfoot") {
            return false;
        }
        let minor = self.stats.get(e.id()).text * 2 < self.root_text;
        (has_boilerplate_marks(el) || el.name() == "form")
            && minor
            && !is_gated_prose(e, self.stats)
            && !self.holds_a_post(e)
    }

    /// An embedded post (a tweet's blockquote), or a wrapper around little else: what
    /// the post says is part of the story, read as a quote.
    fn holds_a_post(&self, e: ElementRef) -> bool {
        if is_embedded_post(e) {
            return true;
        }
        let total = self.stats.get(e.id()).text;
        let post: usize = e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|d| is_embedded_post(*d))
            .map(|d| self.stats.get(d.id()).text)
            .sum();
        post > 0 && post * 10 >= total * 8
    }

    /// A tweet: its paragraphs as quotes, without links, pictures or the attribution.
    fn push_post(&mut self, e: ElementRef) {
        for p in e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|d| d.value().name() == "p")
        {
            let mut text = InlineText::default();
            self.inline(p, &mut text, 0);
            let words: Vec<&str> = text
                .text
                .split_whitespace()
                .filter(|w| {
                    let lower = w.to_ascii_lowercase();
                    !(lower.starts_with("http") || lower.starts_with("pic.twitter.com"))
                })
                .collect();
            let mut clean = InlineText {
                text: words.join(" "),
                ..Default::default()
            };
            self.flush(&mut clean, BlockKind::Quote);
        }
    }

    fn walk(&mut self, e: ElementRef, depth: usize, in_quote: bool) {
        if is_embedded_post(e) {
            self.push_post(e);
            return;
        }
        // Captions marked by class ("caption-text", "wp-caption-text", "image-caption").
        if name_is_caption(e.value()) {
            self.push_inline_block(e, BlockKind::Caption);
            return;
        }
        let name = e.value().name();
        let block = |kind| Some(kind);
        let kind = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => block(BlockKind::Heading {
                level: name.as_bytes()[1] - b'0',
            }),
            "p" | "pre" | "dd" | "dt" | "address" => block(if in_quote {
                BlockKind::Quote
            } else {
                BlockKind::Paragraph
            }),
            "li" => {
                let ordered = e
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "ol");
                block(BlockKind::ListItem { ordered })
            }
            "figcaption" => block(BlockKind::Caption),
            "tr" => block(BlockKind::TableRow),
            _ => None,
        };
        // Leaf-like blocks (and anything past the depth cap) become one block; containers
        // are walked so their inner blocks keep their own kinds.
        if let Some(kind) = kind {
            if depth >= MAX_BLOCK_DEPTH || !has_block_children(e) {
                self.push_inline_block(e, kind);
                return;
            }
        } else if depth >= MAX_BLOCK_DEPTH {
            self.push_inline_block(
                e,
                if in_quote {
                    BlockKind::Quote
                } else {
                    BlockKind::Paragraph
                },
            );
            return;
        }
        let quote = in_quote || name == "blockquote";
        let loose_kind = if quote {
            BlockKind::Quote
        } else {
            kind.unwrap_or(BlockKind::Paragraph)
        };
        // Text and inline elements directly inside a container form paragraphs of their own.
        let mut loose = InlineText::default();
        for child in e.children() {
            match child.value() {
                Node::Text(t) => loose.push_text(t),
                Node::Element(_) => {
                    let child = ElementRef::wrap(child).expect("element node");
                    if self.skip(child) {
                        continue;
                    }
                    let cname = child.value().name();
                    if cname == "tr" || cname == "td" || cname == "th" {
                        // handled below for rows; cells are inline text of their row
                    }
                    if INLINE_TAGS.contains(&cname) && !has_block_children(child) {
                        self.inline(child, &mut loose, 0);
                    } else if cname == "td" || cname == "th" {
                        self.inline(child, &mut loose, 0);
                        loose.text.push_str("; ");
                    } else {
                        self.flush(&mut loose, loose_kind);
                        self.walk(child, depth + 1, quote);
                    }
                }
                _ => {}
            }
        }
        self.flush(&mut loose, loose_kind);
    }

    fn push_inline_block(&mut self, e: ElementRef, kind: BlockKind) {
        let mut text = InlineText::default();
        self.inline(e, &mut text, 0);
        self.flush(&mut text, kind);
    }

    fn flush(&mut self, text: &mut InlineText, kind: BlockKind) {
        let mut t = std::mem::take(text);
        if kind == BlockKind::TableRow {
            let cells: Vec<&str> = t
                .text
                .split("; ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            t.text = cells.join("; ");
        }
        if !t.text.trim().is_empty() {
            self.blocks.push(RawBlock {
                kind,
                text: t.text,
                link_chars: t.link_chars,
            });
        }
    }

    /// Appends the readable text under `e` (links included, boilerplate skipped).
    fn inline(&self, e: ElementRef, out: &mut InlineText, depth: usize) {
        let in_link = e.value().name() == "a";
        for child in e.children() {
            match child.value() {
                Node::Text(t) => {
                    out.push_text(t);
                    if in_link || out.link_depth > 0 {
                        out.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                }
                Node::Element(el) => {
                    let child = ElementRef::wrap(child).expect("element node");
                    if self.skip(child) {
                        if el.name() == "br" {
                            out.text.push(' ');
                        }
                        continue;
                    }
                    match el.name() {
                        "br" => out.text.push(' '),
                        "td" | "th" => {
                            self.inline_nested(child, out, depth, in_link);
                            out.text.push_str("; ");
                        }
                        _ => {
                            // Block elements inside inline flow still separate words.
                            let is_block = !INLINE_TAGS.contains(&el.name());
                            if is_block {
                                out.text.push(' ');
                            }
                            self.inline_nested(child, out, depth, in_link);
                            if is_block {
                                out.text.push(' ');
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn inline_nested(&self, child: ElementRef, out: &mut InlineText, depth: usize, in_link: bool) {
        if depth > MAX_INLINE_DEPTH {
            // Pathological nesting: take the raw text without further structure.
            for t in child.text() {
                out.push_text(t);
            }
            return;
        }
        if in_link {
            out.link_depth += 1;
        }
        self.inline(child, out, depth + 1);
        if in_link {
            out.link_depth -= 1;
        }
    }
}

#[derive(Default)]
struct InlineText {
    text: String,
    link_chars: usize,
    link_depth: usize,
}

impl InlineText {
    fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
    }
}

/// Characters of text directly in `e`: its text nodes and inline children, not the
/// blocks inside it.
fn own_inline_text(e: ElementRef, stats: &TextStats) -> usize {
    e.children()
        .map(|child| match child.value() {
            Node::Text(t) => t.trim().chars().count(),
            Node::Element(el) if INLINE_TAGS.contains(&el.name()) => ElementRef::wrap(child)
                .map_or(0, |c| {
                    if has_block_children(c) {
                        0
                    } else {
                        stats.get(c.id()).text
                    }
                }),
            _ => 0,
        })
        .sum()
}

/// An element whose class or id says it is a caption.
fn name_is_caption(e: &scraper::node::Element) -> bool {
    !matches!(e.name(), "article" | "main" | "body")
        && components(&class_and_id(e))
            .iter()
            .any(|c| c == "caption" || c == "figcaption")
}

/// A tweet embedded in the page (`<blockquote class="twitter-tweet">`).
fn is_embedded_post(e: ElementRef) -> bool {
    e.value().name() == "blockquote"
        && e.value()
            .attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == "twitter-tweet"))
}

/// Article text a site marks as behind its paywall ("paywall", "premium" containers
/// holding paragraphs of prose) is the article, not a subscription box.
fn is_gated_prose(e: ElementRef, stats: &TextStats) -> bool {
    const GATED: &[&str] = &["paywall", "premium", "paywalled", "locked"];
    let parts = components(&class_and_id(e.value()));
    let gated = parts.iter().any(|c| GATED.contains(&c.as_str()));
    let other_marks = parts
        .iter()
        .any(|c| BOILERPLATE_WORDS.contains(&c.as_str()) && !GATED.contains(&c.as_str()));
    if !gated || other_marks || stats.link_density(e.id()) > 0.2 {
        return false;
    }
    let prose = e
        .children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "p" && stats.get(c.id()).text >= 80)
        .count();
    prose >= 2
}

fn has_block_children(e: ElementRef) -> bool {
    e.children().filter_map(ElementRef::wrap).any(|c| {
        let n = c.value().name();
        !INLINE_TAGS.contains(&n) && !SKIP_TAGS.contains(&n)
    })
}

// ---------------------------------------------------------------------------------------
// Metadata.

fn metadata(doc: &Html) -> Metadata {
    let mut meta = Metadata::default();
    json_ld(doc, &mut meta);
    let meta_sel = Selector::parse("meta").expect("static selector");
    let mut tags: HashMap<String, String> = HashMap::new();
    for m in doc.select(&meta_sel) {
        let key = m
            .attr("property")
            .or_else(|| m.attr("name"))
            .or_else(|| m.attr("itemprop"));
        if let (Some(k), Some(v)) = (key, m.attr("content")) {
            let v = collapse_whitespace(v);
            if !v.is_empty() {
                tags.entry(k.to_ascii_lowercase()).or_insert(v);
            }
        }
    }
    let tag = |keys: &[&str]| keys.iter().find_map(|k| tags.get(*k).cloned());
    meta.site_name = meta
        .site_name
        .or_else(|| tag(&["og:site_name", "application-name"]));
    meta.title = meta
        .title
        .or_else(|| tag(&["og:title", "twitter:title", "headline"]));
    meta.byline = meta
        .byline
        .or_else(|| tag(&["author", "article:author", "byl", "parsely-author"]));
    meta.published = meta.published.or_else(|| {
        tag(&[
            "article:published_time",
            "datepublished",
            "date",
            "pubdate",
            "parsely-pub-date",
        ])
    });
    meta.modified = meta
        .modified
        .or_else(|| tag(&["article:modified_time", "datemodified", "og:updated_time"]));
    meta.description = meta
        .description
        .or_else(|| tag(&["og:description", "description", "twitter:description"]));
    let first = |sel: &str| {
        doc.select(&Selector::parse(sel).expect("static selector"))
            .next()
    };
    meta.image = meta.image.or_else(|| {
        tag(&[
            "og:image",
            "og:image:url",
            "twitter:image",
            "twitter:image:src",
        ])
    });
    meta.subtitle = meta.subtitle.or_else(|| {
        first(
            "[itemprop=alternativeHeadline], .subtitle, .sub-title, .subheadline, .dek, .deck, \
             .standfirst, .article-subtitle, .article__subtitle, .article-dek",
        )
        .map(|e| collapse_whitespace(&e.text().collect::<String>()))
        .filter(|t| (3..=60).contains(&t.split_whitespace().count()))
    });
    meta.canonical_url = meta
        .canonical_url
        .or_else(|| {
            first("link[rel=canonical]")
                .and_then(|l| l.attr("href"))
                .map(str::to_string)
        })
        .or_else(|| tag(&["og:url"]));
    meta.language = meta
        .language
        .or_else(|| {
            first("html")
                .and_then(|h| h.attr("lang"))
                .map(str::to_string)
        })
        .or_else(|| tag(&["og:locale", "content-language", "language"]))
        .filter(|l| !l.trim().is_empty());
    if meta.title.is_none() {
        meta.title = first("h1")
            .map(|h| collapse_whitespace(&h.text().collect::<String>()))
            .filter(|t| !t.is_empty())
            .or_else(|| first("title").map(|t| collapse_whitespace(&t.text().collect::<String>())));
    }
    meta.title = meta
        .title
        .map(|t| strip_site_suffix(&t, meta.site_name.as_deref()))
        .filter(|t| !t.is_empty());
    meta
}

/// "Harbor reopens | The Daily Bugle" → "Harbor reopens".
/// and "Opinion | Harbor reopens" → "Harbor reopens" (a section label before a bar).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    if let Some((head, rest)) = title.split_once(" | ") {
        if head.split_whitespace().count() <= 2 && rest.split_whitespace().count() >= 3 {
            return strip_site_suffix(rest, site);
        }
    }
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        if let Some(pos) = title.rfind(sep) {
            let tail = &title[pos + sep.len()..];
            let is_site = site.is_some_and(|s| comparable(s) == comparable(tail));
            if is_site || (tail.split_whitespace().count() <= 4 && pos > tail.len()) {
                return title[..pos].trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Report",
    "WebPage",
];

fn json_ld(doc: &Html, meta: &mut Metadata) {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("static selector");
    let mut best: Option<(usize, Value)> = None;
    for script in doc.select(&sel) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(ref map) => {
                    if let Some(Value::Array(graph)) = map.get("@graph") {
                        stack.extend(graph.iter().cloned());
                    }
                    let rank = type_rank(map.get("@type"));
                    if rank > 0 && best.as_ref().is_none_or(|(r, _)| rank > *r) {
                        best = Some((rank, v.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    let Some((_, article)) = best else { return };
    let s = |key: &str| article.get(key).and_then(text_of).filter(|t| !t.is_empty());
    meta.title = s("headline").or_else(|| s("name"));
    meta.published = s("datePublished");
    meta.modified = s("dateModified");
    meta.description = s("description");
    meta.subtitle = s("alternativeHeadline");
    meta.image = article.get("image").and_then(image_url);
    meta.language = s("inLanguage");
    meta.canonical_url = s("url").or_else(|| {
        article
            .get("mainEntityOfPage")
            .and_then(|m| m.get("@id"))
            .and_then(text_of)
    });
    meta.byline = article.get("author").and_then(names);
    meta.site_name = article.get("publisher").and_then(names);
}

/// `link` made absolute against the page at `base` ("/a.jpg", "//cdn/a.jpg", "a.jpg").
fn absolute_url(base: &str, link: &str) -> String {
    if link.contains("://") || link.starts_with("data:") {
        return link.to_string();
    }
    let Some((scheme, rest)) = base.split_once("://") else {
        return link.to_string();
    };
    if let Some(tail) = link.strip_prefix("//") {
        return format!("{scheme}://{tail}");
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let host = &rest[..host_end];
    if link.starts_with('/') {
        return format!("{scheme}://{host}{link}");
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{scheme}://{host}{dir}{link}")
}

/// A JSON-LD `image`: a URL, an ImageObject, or a list of either (the first).
fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => items.iter().find_map(image_url),
        Value::Object(map) => map
            .get("url")
            .or_else(|| map.get("contentUrl"))
            .and_then(image_url),
        _ => None,
    }
}

fn type_rank(t: Option<&Value>) -> usize {
    let types: Vec<&str> = match t {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => return 0,
    };
    types
        .iter()
        .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
        .map(|i| if ARTICLE_TYPES[i] == "WebPage" { 1 } else { 2 })
        .max()
        .unwrap_or(0)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse_whitespace(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `"A"`, `{"name": "A"}` or a list of them → "A and B" / "A, B and C".
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(names).collect(),
        Value::Object(o) => o.get("name").and_then(text_of).into_iter().collect(),
        other => text_of(other).into_iter().collect(),
    };
    match list.len() {
        0 => None,
        1 => list.into_iter().next(),
        n => Some(format!("{} and {}", list[..n - 1].join(", "), list[n - 1])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_texts(a: &Article) -> Vec<String> {
        a.blocks.iter().map(|b| b.text.clone()).collect()
    }

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
        <title>Harbor Reopens After Storm | Lakeside Ledger</title>
        <meta property="og:site_name" content="Lakeside Ledger">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"Harbor Reopens After Storm","datePublished":"2026-03-02T08:00:00Z",
          "author":[{"@type":"Person","name":"Ada Park"},{"@type":"Person","name":"Ben Ruiz"}]}</script>
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="share-bar"><a>Share on social</a></div>
        <article class="story">
          <h1>Harbor Reopens After Storm</h1>
          <p class="byline">By Ada Park and Ben Ruiz</p>
          <div class="audio-player-banner"><p>Listen to this article, 4 minutes</p></div>
          <p>The harbor reopened on Monday, three days after the storm, and officials <a href="/x">said</a> that ferries would run on time.</p>
          <figure><img src="a.jpg"><figcaption>Boats at the pier on Monday.</figcaption></figure>
          <p>READ MORE: <a href="/y">Storm closes harbor</a></p>
          <p>Crews worked through the night to clear fallen trees, repair the pier, and test the lights along the channel.</p>
          <h2>What comes next</h2>
          <ul><li>Ferries resume at dawn.</li><li>Fishing boats follow on Wednesday.</li></ul>
          <div class="newsletter-signup"><p>Sign up for our morning newsletter, delivered daily.</p></div>
          <p>CLICK HERE to get the app.</p>
          <figure><figcaption>Boats at the pier on Monday.</figcaption></figure>
          <aside class="related"><h3>Related stories</h3><p>Another story entirely, with many words in it.</p></aside>
        </article>
        <section id="comments"><p>First comment, and it is long enough to count as a paragraph.</p></section>
        <footer><p>Copyright Lakeside Ledger, all rights reserved and so on.</p></footer>
        </body></html>"#;

    #[test]
    fn extracts_the_article_and_drops_boilerplate() {
        let a = extract(PAGE, None);
        assert_eq!(
            body_texts(&a),
            vec![
                "Harbor Reopens After Storm",
                "The harbor reopened on Monday, three days after the storm, and officials said that ferries would run on time.",
                "Boats at the pier on Monday.",
                "Crews worked through the night to clear fallen trees, repair the pier, and test the lights along the channel.",
                "What comes next",
                "Ferries resume at dawn.",
                "Fishing boats follow on Wednesday.",
            ]
        );
        assert_eq!(a.blocks[0].kind, BlockKind::Title);
        assert_eq!(a.blocks[2].kind, BlockKind::Caption);
        assert_eq!(a.blocks[4].kind, BlockKind::Heading { level: 2 });
        assert_eq!(a.blocks[5].kind, BlockKind::ListItem { ordered: false });
    }

    #[test]
    fn metadata_from_json_ld_and_meta() {
        let a = extract(PAGE, Some("https://ledger.test/harbor"));
        assert_eq!(a.meta.title.as_deref(), Some("Harbor Reopens After Storm"));
        assert_eq!(a.meta.byline.as_deref(), Some("Ada Park and Ben Ruiz"));
        assert_eq!(a.meta.published.as_deref(), Some("2026-03-02T08:00:00Z"));
        assert_eq!(a.meta.site_name.as_deref(), Some("Lakeside Ledger"));
        assert_eq!(a.meta.language.as_deref(), Some("en"));
        assert_eq!(
            a.meta.canonical_url.as_deref(),
            Some("https://ledger.test/harbor")
        );
    }

    #[test]
    fn subtitle_lead_image_and_modified_date() {
        let page = r#"<html><head>
            <script type="application/ld+json">{"@type": "NewsArticle",
              "headline": "Ferry runs on the tide", "alternativeHeadline": "A quiet crossing",
              "dateModified": "2026-03-03T09:00:00Z",
              "image": [{"@type": "ImageObject", "url": "/img/ferry.jpg"}]}</script>
            </head><body><article><h1>Ferry runs on the tide</h1>
            <p>The ferry crossed the harbor on Tuesday without burning fuel, powered by a
            battery charged from the tide overnight, and passengers heard only gulls.</p>
            <p>The council will vote next month on keeping the turbine through winter.</p>
            </article></body></html>"#;
        let a = extract(page, Some("https://ledger.test/news/ferry?x=1"));
        assert_eq!(a.meta.subtitle.as_deref(), Some("A quiet crossing"));
        assert_eq!(
            a.meta.image.as_deref(),
            Some("https://ledger.test/img/ferry.jpg")
        );
        assert_eq!(a.meta.modified.as_deref(), Some("2026-03-03T09:00:00Z"));

        // From meta tags and the page when there is no JSON-LD.
        let page = r#"<html><head><meta property="og:image" content="pics/lead.png"></head>
            <body><article><h1>Ferry runs</h1><p class="dek">A quiet crossing on the tide</p>
            <p>The ferry crossed the harbor on Tuesday without burning fuel, powered by a
            battery charged from the tide overnight, and passengers heard only gulls.</p>
            </article></body></html>"#;
        let a = extract(page, Some("https://ledger.test/news/ferry"));
        assert_eq!(
            a.meta.subtitle.as_deref(),
            Some("A quiet crossing on the tide")
        );
        assert_eq!(
            a.meta.image.as_deref(),
            Some("https://ledger.test/news/pics/lead.png")
        );
    }

    #[test]
    fn loose_text_around_an_image_box_is_the_body() {
        // A blog body without <p>: lines separated by <br>, an image box in between, and
        // a link-heavy sidebar that must not win.
        let page = r#"<html><body><div class="sidebar"><ul>
            <li><a href="/a">Politics and the economy this week</a></li>
            <li><a href="/b">Sport, results, tables and fixtures</a></li>
            <li><a href="/c">Entertainment, music and television</a></li></ul></div>
            <div class="post-body">
            The ferry crossed the harbor on Tuesday without burning fuel, powered by a battery
            charged overnight by a turbine in the tidal channel.<br>
            <div class="separator"><a href="/big.jpg"><img src="/small.jpg"></a></div><br>
            Passengers said the crossing was the quietest they could remember, and gulls were
            the only sound over the water.<br><br>
            The council will vote next month on keeping the turbine running through winter.
            </div></body></html>"#;
        let a = extract(page, None);
        let body = body_texts(&a).join(" ");
        assert!(body.contains("without burning fuel"), "{body}");
        assert!(body.contains("through winter"), "{body}");
        assert!(!body.contains("Politics"), "{body}");
    }

    #[test]
    fn prose_behind_a_paywall_mark_is_read_but_the_subscribe_box_is_not() {
        let page = r#"<html><body><article>
            <p>Home Depot shares fell in early trading after the company cut its forecast for
            the year, though analysts said the market as a whole had little to fear.</p>
            <div class="paywall">
              <p>The chief executive said third-quarter growth was broad but sales fell short
              of the company's own expectations, driven by the timing of new investments.</p>
              <p>Analysts expect the investments to pay off next year, when the company plans
              to open new distribution centers across the southern states.</p>
            </div>
            <div class="paywall-box"><p>Subscribe to keep reading.</p>
            <a href="/subscribe">Subscribe now</a></div>
            </article></body></html>"#;
        let body = body_texts(&extract(page, None)).join(" ");
        assert!(body.contains("distribution centers"), "{body}");
        assert!(!body.contains("Subscribe"), "{body}");
    }

    #[test]
    fn an_embedded_tweet_is_read_as_a_quote_without_links_or_attribution() {
        let page = r#"<html><body><article>
            <p>The Senate met on Tuesday after its recess and paused for the late speaker,
            whose death was announced by the chamber's leader before the session began.</p>
            <div class="social-media-embed"><blockquote class="twitter-tweet">
              <p lang="en">Senate observes a minute of silence in honour of the departed.
              https://t.co/abc123 pic.twitter.com/xyz</p>
              &mdash; The Senate (@Senate) <a href="https://twitter.com/x/1">October 9, 2018</a>
            </blockquote></div>
            <p>The session then resumed with a debate on the budget for the coming year,
            which members are expected to pass before the end of the month.</p>
            </article></body></html>"#;
        let a = extract(page, None);
        let quote = a
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Quote)
            .expect("the tweet is a quote");
        assert_eq!(
            quote.text,
            "Senate observes a minute of silence in honour of the departed."
        );
        let body = body_texts(&a).join(" ");
        assert!(
            !body.contains("t.co") && !body.contains("@Senate"),
            "{body}"
        );
    }

    #[test]
    fn rails_of_other_stories_end_the_article_but_inline_labels_do_not() {
        let body = |page: &str| body_texts(&extract(page, None)).join(" | ");
        let story = "<p>The harbor reopened on Monday after a week of repairs to the sea wall, \
            which storms had broken in three places during the winter.</p>\
            <p>Fishermen said the closure had cost them most of a season, and the council \
            promised help with fuel costs for the spring.</p>\
            <p>Repairs to the north pier will continue until the summer, when the ferry \
            service is expected to return to its full timetable.</p>";
        // Headlines with their own bylines after the story: another story's rail.
        let page = format!(
            "<html><body><article>{story}<p>Council votes on the ferry budget</p>\
             <p>By JANE ROE</p><p>Storm damage worse than feared</p><p>By SAM DOE</p>\
             </article></body></html>"
        );
        let text = body(&page);
        assert!(
            text.contains("full timetable") && !text.contains("ferry budget"),
            "{text}"
        );
        // A closing label paragraph ends it too; a photo credit is never read.
        let page = format!(
            "<html><body><article>{story}<p>Jo Smith | Reuters | Getty Images</p>\
             <p>You may also be interested in...</p><p>Storms batter the coast again</p>\
             </article></body></html>"
        );
        let text = body(&page);
        assert!(
            !text.contains("Getty") && !text.contains("batter"),
            "{text}"
        );
        // A "Related news" label inside the story does not end it.
        let page = format!(
            "<html><body><article>{story}<p>Related news</p>\
             <p>The council will publish its plan for the harbor's future next month, \
             after a public meeting in the town hall.</p></article></body></html>"
        );
        assert!(body(&page).contains("public meeting"));
    }

    #[test]
    fn newsroom_furniture_is_not_read() {
        for furniture in [
            "Image 1 of 5",
            "FILE PHOTO: Traders work on the floor of the exchange in New York.",
            "WeWork chairman Marcelo Claure (Credit: Getty Images)",
            "Reporting by Rodrigo Campos; Editing by Sam Holmes",
            "Our Standards:The Thomson Reuters Trust Principles.",
            "narrow-browser-and-phone",
            "ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.",
        ] {
            assert!(is_furniture(furniture), "{furniture}");
        }
        for stamp in [
            "November 19, 2019 / 12:21 AM / Updated 14 hours ago",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "Updated at 1:23 p.m.",
        ] {
            assert!(is_stamp(stamp), "{stamp}");
        }
        for prose in [
            "His comments created a stir among moderate Democrats, who said the party should \
             listen before it moves further to the left.",
            "The launch is set for 10:30 on Friday, the agency said in 2019.",
            "A photo of the harbor (credit: the town archive) hangs in the council chamber, and \
             the mayor says it will stay there.",
        ] {
            assert!(!is_furniture(prose) && !is_stamp(prose), "{prose}");
        }
    }

    #[test]
    fn captions_by_class_and_a_closing_run_of_headlines() {
        let page = r#"<html><body><article>
            <p>The harbor reopened on Monday after a week of repairs to the sea wall, which
            storms had broken in three places during the winter.</p>
            <div class="box"><img src="/wall.jpg" alt="">
              <div class="caption-text">Workers rebuild the sea wall in March.</div></div>
            <p>Fishermen said the closure had cost them most of a season, and the council
            promised help with fuel costs for the spring.</p>
            <p>Storms batter the northern coast again</p>
            <p>Council approves new ferry timetable</p>
            <p>Why the lighthouse is going dark</p>
            </article></body></html>"#;
        let a = extract(page, None);
        assert!(a
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Caption && b.text.starts_with("Workers rebuild")));
        let body = body_texts(&a).join(" | ");
        assert!(
            body.contains("fuel costs") && !body.contains("lighthouse"),
            "{body}"
        );
    }

    #[test]
    fn table_rows_are_read_whatever_their_classes() {
        let page = r#"<html><body><article>
            <p>The final standings of the season, after thirty-six races and a close finish
            between the four drivers who reached the championship round in November:</p>
            <table><tr class="colhead"><td>Pos.</td><td>Driver</td><td>Points</td></tr>
            <tr class="oddrow player-580"><td>1</td><td>Kyle Busch</td><td>5040</td></tr>
            <tr class="evenrow player-416"><td>2</td><td>Martin Truex Jr.</td><td>5035</td></tr>
            </table></article></body></html>"#;
        let rows: Vec<String> = extract(page, None)
            .blocks
            .into_iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .map(|b| b.text)
            .collect();
        assert_eq!(
            rows,
            [
                "Pos.; Driver; Points",
                "1; Kyle Busch; 5040",
                "2; Martin Truex Jr.; 5035"
            ]
        );
    }

    #[test]
    fn a_text_div_beside_a_long_menu_in_the_same_row_is_the_article() {
        let menu: String = (0..40)
            .map(|i| format!("<li><a href=\"/archive/{i}\">Archive month number {i}</a></li>"))
            .collect();
        let page = format!(
            r#"<html><body><div class="row"><div class="col-3"><ul>{menu}</ul></div>
            <div class="col-9"><p class="title">Ambulance cars broken into</p>
            <small>05/10/2018 - Health</small><br><img src="/a.jpg">The home care team found
            two of its five cars broken into this morning, their batteries gone and their
            bodies damaged. A police report was filed, and officers came to inspect the
            cars. Patients booked for the morning are being rescheduled, and the service
            expects to be back to normal this afternoon.<br><br>
            <div class="share"><a href="/fb">Facebook</a></div></div></div>
            <footer><p>City Hall - Main Street, 1111 - Phone: 2106-8000</p></footer>
            </body></html>"#
        );
        let body = body_texts(&extract(&page, None)).join(" ");
        assert!(body.contains("batteries gone"), "{body}");
        assert!(!body.contains("Archive month"), "{body}");
    }

    #[test]
    fn absolute_urls() {
        let base = "https://a.test/x/y.html";
        assert_eq!(absolute_url(base, "/i.jpg"), "https://a.test/i.jpg");
        assert_eq!(absolute_url(base, "i.jpg"), "https://a.test/x/i.jpg");
        assert_eq!(
            absolute_url(base, "//cdn.test/i.jpg"),
            "https://cdn.test/i.jpg"
        );
        assert_eq!(
            absolute_url(base, "http://b.test/i.jpg"),
            "http://b.test/i.jpg"
        );
        assert_eq!(
            absolute_url("https://a.test", "i.jpg"),
            "https://a.test/i.jpg"
        );
    }

    #[test]
    fn rails_after_the_article_and_widget_leftovers_are_dropped() {
        let html = r#"<html><body><article>
            <p>The first paragraph of the story is long enough, with commas, to be the body.</p>
            <p>Close</p><p>Updated: Sat 8:31 PM, Feb 17, 2018</p><p>November 18, 2019</p>
            <p>The second paragraph continues the story, and it is also long enough to count.</p>
            <p>Need more news? Subscribe to our weekly paper for the latest.</p>
            <h2>You may also like</h2><p>Another story entirely, about something else, that is long.</p>
            <p>Copyright © 2019 Example News. All rights reserved.</p>
        </article></body></html>"#;
        let a = extract(html, None);
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The first paragraph of the story is long enough, with commas, to be the body.",
                "The second paragraph continues the story, and it is also long enough to count."
            ]
        );
    }

    #[test]
    fn whole_page_forms_and_split_bodies_are_read() {
        let html = r#"<html><body><form id="aspnet"><div class="wrap">
            <div class="story-part"><p>First part of the story, which is long, with commas, and detail.</p></div>
            <div class="ad-slot">Advertisement</div>
            <div class="story-part"><p>Second part of the story, also long, with commas, and more detail.</p></div>
            <div class="story-part"><p>Third part of the story, still long, with commas, and an ending.</p></div>
        </div></form></body></html>"#;
        let a = extract(html, None);
        assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
    }

    #[test]
    fn title_falls_back_to_title_tag_without_site_suffix() {
        let html = "<html><head><title>Quiet Night in Town - Daily Post</title></head><body><div><p>Nothing happened at all, which was rather nice for everyone involved.</p></div></body></html>";
        assert_eq!(
            strip_site_suffix(
                "Opinion | Harbor Reopens After the Storm | Daily Post",
                Some("Daily Post")
            ),
            "Harbor Reopens After the Storm"
        );
        assert_eq!(
            extract(html, None).meta.title.as_deref(),
            Some("Quiet Night in Town")
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let html = format!(
            "<html><body>{}<p>Deep text that is long enough to be read aloud.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || extract(&html, None))
            .unwrap();
        let a = handle.join().expect("no stack overflow");
        assert!(a.text().contains("Deep text"));
    }
}
