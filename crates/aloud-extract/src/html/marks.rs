//! Element marks: what an element's tag, role, class and id say about it (never read,
//! boilerplate, article body, caption, embedded post, hidden).

use scraper::ElementRef;

use super::stats::TextStats;

/// Inline markup: part of the flow of a paragraph.
pub(super) const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "del",
    "ins", "font", "nobr", "tt", "big",
];

/// Never read, whatever their attributes.
pub(super) const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "aside", "footer", "button",
    "select", "option", "input", "textarea", "label", "iframe", "object", "embed", "video",
    "audio", "canvas", "img", "picture", "source", "dialog", "menu", "head", "title", "link",
    "meta",
];

/// Class/id components that mark boilerplate.
pub(super) const BOILERPLATE_WORDS: &[&str] = &[
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

pub(super) const BOILERPLATE_ROLES: &[&str] = &[
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
pub(super) const CONTENT_WORDS: &[&str] = &[
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

pub(super) fn class_and_id(e: &scraper::node::Element) -> String {
    let mut s = e.attr("class").unwrap_or("").to_ascii_lowercase();
    s.push(' ');
    s.push_str(&e.attr("id").unwrap_or("").to_ascii_lowercase());
    s
}

/// Splits "c-share-bar sr_only" into ["c", "share", "bar", "sr", "only", "sronly"...]:
/// components, plus each whole token with separators removed.
pub(super) fn components(attrs: &str) -> Vec<String> {
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

pub(super) fn is_hidden(e: &scraper::node::Element) -> bool {
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

pub(super) fn has_boilerplate_marks(e: &scraper::node::Element) -> bool {
    if let Some(role) = e.attr("role") {
        if BOILERPLATE_ROLES.contains(&role.to_ascii_lowercase().as_str()) {
            return true;
        }
    }
    components(&class_and_id(e))
        .iter()
        .any(|c| BOILERPLATE_WORDS.contains(&c.as_str()))
}

pub(super) fn class_weight(e: &scraper::node::Element) -> f64 {
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

/// An element whose class or id says it is a caption.
pub(super) fn name_is_caption(e: &scraper::node::Element) -> bool {
    !matches!(e.name(), "article" | "main" | "body")
        && components(&class_and_id(e))
            .iter()
            .any(|c| c == "caption" || c == "figcaption")
}

/// A tweet embedded in the page (`<blockquote class="twitter-tweet">`).
pub(super) fn is_embedded_post(e: ElementRef) -> bool {
    e.value().name() == "blockquote"
        && e.value()
            .attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == "twitter-tweet"))
}

/// Article text a site marks as behind its paywall ("paywall", "premium" containers
/// holding paragraphs of prose) is the article, not a subscription box.
pub(super) fn is_gated_prose(e: ElementRef, stats: &TextStats) -> bool {
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

pub(super) fn has_block_children(e: ElementRef) -> bool {
    e.children().filter_map(ElementRef::wrap).any(|c| {
        let n = c.value().name();
        !INLINE_TAGS.contains(&n) && !SKIP_TAGS.contains(&n)
    })
}
