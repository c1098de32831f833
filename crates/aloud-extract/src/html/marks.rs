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
    let mut s = e.attr("class").unwrap_or("").to_string();
    if let Some(id) = e.attr("id").filter(|id| !is_slug(id)) {
        s.push(' ');
        s.push_str(id);
    }
    s
}

/// An id made from a heading's words ("sharing-with-a-single-developer"), as
/// documentation generators and wikis give their sections: it names the text, not the
/// part of the page, so its words are no mark. Four words or more with a function word
/// among them.
fn is_slug(id: &str) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "is", "at",
        "from", "how", "why", "what",
    ];
    let parts = || id.split(['-', '_']).filter(|p| !p.is_empty());
    parts().nth(3).is_some()
        && parts().any(|p| FUNCTION_WORDS.iter().any(|w| p.eq_ignore_ascii_case(w)))
}

/// The element's class or id contains one of `words` (ASCII, any case), without
/// splitting them: a cheap test before [`components`].
pub(super) fn names_mention(e: &scraper::node::Element, words: &[&str]) -> bool {
    let has = |attr: &str, word: &str| {
        attr.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    [e.attr("class"), e.attr("id")]
        .into_iter()
        .flatten()
        .any(|attr| words.iter().any(|w| has(attr, w)))
}

/// Splits class and id tokens into lower-case words: "c-share-bar sr_only
/// xCommentsWrapper content11" gives c, share, bar, sr, only, x, comments, wrapper,
/// content, and each whole token with separators removed (sharebar, sronly,
/// xcommentswrapper, content11). Trailing digits are dropped from words. Atomic-CSS
/// utilities ("Mx(a)--modalCentered", "W(300px)!") name styles, not parts of the
/// page, and are left out.
pub(super) fn components(attrs: &str) -> Vec<String> {
    let mut out = Vec::new();
    let utility = |t: &str| t.contains(['(', ')', '!', '$', '#', '%', '/', '[', ']', '@']);
    for token in attrs.split_whitespace().filter(|t| !utility(t)) {
        for part in token.split(['-', '_', ':', '.']).filter(|p| !p.is_empty()) {
            // camelCase boundaries: a capital after a lower-case letter.
            let mut word = String::new();
            let mut previous_lower = false;
            for c in part.chars() {
                if c.is_uppercase() && previous_lower && !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                previous_lower = c.is_lowercase();
                word.extend(c.to_lowercase());
            }
            let trimmed = word.trim_end_matches(|c: char| c.is_ascii_digit());
            if !trimmed.is_empty() {
                out.push(trimmed.to_string());
            }
        }
        out.push(token.replace(['-', '_', ':', '.'], "").to_lowercase());
    }
    out
}

/// Class/id words of containers that hold no article however much prose they have:
/// comment threads, sidebars, footers, rails of related stories.
const UNLIKELY_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "respond",
    "replies",
    "disqus",
    "sidebar",
    "footer",
    "related",
    "remark",
    "shoutbox",
    "sponsor",
    "sponsored",
    "popup",
    "modal",
    "pagination",
    "pager",
    "breadcrumb",
    "breadcrumbs",
    "skyscraper",
    "outbrain",
    "taboola",
    "agegate",
    "gdpr",
    "cookie",
    "consent",
    "rail",
];

/// Words that keep a container a possible article even with an unlikely word beside
/// them ("content-with-sidebar", "main-and-comments").
const MAYBE_WORDS: &[&str] = &[
    "and", "with", "article", "body", "column", "content", "main", "story", "entry", "text",
];

/// A container that is not the article whatever it holds (see [`UNLIKELY_WORDS`]), or
/// one marked as such by its ARIA role.
pub(super) fn is_unlikely(e: &scraper::node::Element) -> bool {
    if matches!(e.name(), "body" | "html" | "article" | "main") {
        return false;
    }
    if let Some(role) = e.attr("role") {
        let role = role.to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "complementary" | "contentinfo" | "navigation" | "banner"
        ) {
            return true;
        }
    }
    if e.attr("class").is_none() && e.attr("id").is_none() {
        return false;
    }
    if !names_mention(e, UNLIKELY_WORDS) {
        return false; // the common case, without splitting the names
    }
    let parts = components(&class_and_id(e));
    parts.iter().any(|c| UNLIKELY_WORDS.contains(&c.as_str()))
        && !parts.iter().any(|c| MAYBE_WORDS.contains(&c.as_str()))
}

/// Class or id words of boxes a page shows only when the reader points at something:
/// a name's hover card inside a paragraph ("rollover-people-block"), a tooltip, a
/// popover. Their text is never part of the sentence they sit in.
const ON_HOVER_WORDS: &[&str] = &["tooltip", "popover", "hovercard", "rollover", "popup"];

/// A box shown on hover ([`ON_HOVER_WORDS`], or `role="tooltip"`). Asked only of boxes
/// that are a small part of the article: a story shown in an overlay may be called a
/// popup too.
pub(super) fn is_shown_on_hover(e: &scraper::node::Element) -> bool {
    e.attr("role") == Some("tooltip")
        || components(&class_and_id(e))
            .iter()
            .any(|c| ON_HOVER_WORDS.contains(&c.as_str()))
}

/// Class words of text kept out of sight (for screen readers only, or hidden).
const HIDING_WORDS: &[&str] = &[
    "hidden",
    "sronly",
    "visuallyhidden",
    "offscreen",
    "screenreader",
];

/// Whether the element's class or id says its text is not shown.
pub(super) fn hides_text(e: &scraper::node::Element) -> bool {
    components(&class_and_id(e))
        .iter()
        .any(|c| HIDING_WORDS.contains(&c.as_str()))
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
    let parts = components(&class_and_id(e));
    // A box to the next and previous stories ("next-prev", "prev-next-nav"): either
    // word alone may name anything.
    let next_and_previous =
        parts.iter().any(|c| c == "next") && parts.iter().any(|c| c == "prev" || c == "previous");
    next_and_previous
        || parts
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
        && names_mention(e, &["caption"])
        && components(&class_and_id(e))
            .iter()
            .any(|c| c.ends_with("caption") && c.len() <= 16)
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
