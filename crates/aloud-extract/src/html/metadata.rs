//! Metadata: title, byline, dates, language, site name and image from JSON-LD,
//! OpenGraph and `<meta>` tags, falling back to the page.

use std::collections::HashMap;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::{collapse_whitespace, Metadata};

use super::comparable;
use super::marks::{class_and_id, components, is_unlikely, names_mention, SKIP_TAGS};

/// The page's metadata, and an `<h1>` to take as the title instead if it heads the
/// article (see [`choose_title`]).
pub(super) fn metadata(doc: &Html) -> (Metadata, Option<String>) {
    let mut meta = Metadata::default();
    let mut claimed_titles = json_ld(doc, &mut meta);
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
    claimed_titles.extend(
        ["og:title", "twitter:title", "headline"]
            .iter()
            .filter_map(|k| tags.get(*k).cloned()),
    );
    meta.byline = meta
        .byline
        .or_else(|| {
            tag(&[
                "author",
                "article:author",
                "byl",
                "parsely-author",
                "dc.creator",
                "dcterms.creator",
                "sailthru.author",
            ])
            .filter(|v| is_name_like(v))
        })
        .or_else(|| byline_in_page(doc));
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
        subtitle_element(doc)
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
        // `og:locale` writes "en_US"; a language tag is "en-US".
        .map(|l| l.trim().replace('_', "-"))
        .filter(|l| !l.is_empty());
    let h1s: Vec<String> = doc
        .select(&Selector::parse("h1").expect("static selector"))
        .take(8)
        .map(|h| collapse_whitespace(&h.text().collect::<String>()))
        // A heading's permalink mark ("Evolve¶") is not part of it.
        .map(|t| t.trim_end_matches(['¶', '§', '#', ' ']).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let title_tag = first("title")
        .map(|t| collapse_whitespace(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    let (title, heading_instead) = choose_title(
        &claimed_titles,
        &h1s,
        title_tag.as_deref(),
        meta.site_name.as_deref(),
    );
    meta.title = title
        .map(|t| strip_site_suffix(&t, meta.site_name.as_deref()))
        .filter(|t| !t.is_empty());
    // Texts escaped twice by their CMS ("&#8216;Title&#8217;" in og:title) are
    // unescaped once more.
    for field in [
        &mut meta.title,
        &mut meta.byline,
        &mut meta.site_name,
        &mut meta.description,
        &mut meta.subtitle,
    ] {
        if let Some(text) = field.as_mut().filter(|t| t.contains('&')) {
            *text = unescape_entities(text);
        }
    }
    // "Headline - Section - Site" over an <h1> that says "Headline": the headline is
    // the <h1>, so it is read once and matches the heading.
    if let Some(title) = meta.title.as_deref() {
        if let Some(h1) = h1s.iter().find(|h1| headline_with_suffix(title, h1)) {
            meta.title = Some(h1.clone());
        }
    }
    (meta, heading_instead)
}

/// Two titles agree when one holds the other and is at least 40% of it ("Headline" and
/// "Headline | Site"; not a section name the `<title>` ends with).
fn agree(a: &str, b: &str) -> bool {
    let (a, b) = (comparable(a), comparable(b));
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let (n_short, n_long) = (short.chars().count(), long.chars().count());
    n_short >= 4 && n_short * 5 >= n_long * 2 && long.contains(&short)
}

/// The page's title, by agreement: what its metadata claims (JSON-LD's headline and
/// name, OpenGraph, Twitter, in that order) is checked against what the page shows
/// (its `<h1>`s, then its `<title>`), and the first claim the page bears out wins — a
/// JSON-LD "headline" that is really a description, or a site-wide `og:title`, loses to
/// a claim that matches the headline. Without claims: the `<h1>` the `<title>` contains
/// (not a logo `<h1>` or a section name above the story), else the `<title>` when it
/// says more than the site's name, else the first `<h1>`. The second value is, in the
/// case where the `<title>` won over an `<h1>` that disagrees with it, that `<h1>`:
/// the extractor prefers it when it turns out to head the article.
fn choose_title(
    claimed: &[String],
    h1s: &[String],
    title_tag: Option<&str>,
    site: Option<&str>,
) -> (Option<String>, Option<String>) {
    let claimed: Vec<&String> = claimed.iter().filter(|c| !c.trim().is_empty()).collect();
    let by_h1 = claimed.iter().find(|c| h1s.iter().any(|h| agree(c, h)));
    let by_title = || {
        claimed
            .iter()
            .find(|c| title_tag.is_some_and(|t| agree(c, t)))
    };
    if let Some(choice) = by_h1.or_else(by_title).or(claimed.first()) {
        return (Some(choice.to_string()), None);
    }
    if let Some(title) = title_tag {
        let shown = h1s
            .iter()
            .filter(|h| agree(h, title) || starts_title(title, h))
            .max_by_key(|h| h.chars().count());
        if let Some(h1) = shown {
            return (Some(h1.clone()), None);
        }
        let stripped = strip_site_suffix(title, site);
        let site_only = site.is_some_and(|s| comparable(s) == comparable(&stripped));
        if stripped.split_whitespace().count() >= 3 && !site_only {
            return (Some(title.to_string()), h1s.first().cloned());
        }
    }
    (
        h1s.first()
            .cloned()
            .or_else(|| title_tag.map(str::to_string)),
        None,
    )
}

/// `title` is `headline` followed by a separator and more parts ("Headline - Metro -
/// The Times", "Headline | Site").
fn headline_with_suffix(title: &str, headline: &str) -> bool {
    comparable(headline).chars().count() >= 12 && starts_title(title, headline)
}

/// `title` starts with `headline`, then a separator.
fn starts_title(title: &str, headline: &str) -> bool {
    let headline = headline.trim();
    if comparable(headline).chars().count() < 4 || title.len() <= headline.len() {
        return false;
    }
    let Some(rest) = title
        .get(..headline.len())
        .filter(|head| comparable(head) == comparable(headline))
        .map(|_| &title[headline.len()..])
    else {
        return false;
    };
    let rest = rest.trim_start();
    ["-", "|", "–", "—", ":", "·", "•", "»", "/", "_"]
        .iter()
        .any(|sep| rest.starts_with(sep))
}

/// "Harbor reopens | The Daily Bugle" → "Harbor reopens".
/// and "Opinion | Harbor reopens" → "Harbor reopens" (a section label before a bar).
pub(super) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    if let Some((head, rest)) = title.split_once(" | ") {
        if head.split_whitespace().count() <= 2 && rest.split_whitespace().count() >= 3 {
            return strip_site_suffix(rest, site);
        }
    }
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · ", " • ", " » "] {
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

pub(super) const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Report",
    "WebPage",
];

/// Fills `meta` from the page's best JSON-LD article object; returns the titles it
/// claims (headline, then name), which [`choose_title`] checks against the page.
pub(super) fn json_ld(doc: &Html, meta: &mut Metadata) -> Vec<String> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("static selector");
    let mut best: Option<(usize, Value)> = None;
    for script in doc.select(&sel) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<Value>(unwrap_script_markers(&raw)) else {
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
    let Some((_, article)) = best else {
        return Vec::new();
    };
    let s = |key: &str| article.get(key).and_then(text_of).filter(|t| !t.is_empty());
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
    [s("headline"), s("name")].into_iter().flatten().collect()
}

/// A script's JSON without the markers old pages wrap it in for XHTML parsers and
/// browsers without scripts: `<![CDATA[ … ]]>` (also commented out, `//<![CDATA[`,
/// `/*<![CDATA[*/`) and `<!-- … -->`.
fn unwrap_script_markers(raw: &str) -> &str {
    let mut text = raw.trim();
    for (open, close) in [
        ("/*<![CDATA[*/", "/*]]>*/"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
        ("<!--", "-->"),
    ] {
        if let Some(inner) = text.strip_prefix(open) {
            text = inner.trim();
            text = text.strip_suffix(close).unwrap_or(text).trim();
        }
    }
    text
}

/// `link` made absolute against the page at `base` ("/a.jpg", "//cdn/a.jpg", "a.jpg").
pub(super) fn absolute_url(base: &str, link: &str) -> String {
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
pub(super) fn image_url(v: &Value) -> Option<String> {
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

pub(super) fn type_rank(t: Option<&Value>) -> usize {
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

pub(super) fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse_whitespace(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `"A"`, `{"name": "A"}` or a list of them → "A and B" / "A, B and C".
pub(super) fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::Array(items) => items.iter().filter_map(names).collect(),
        Value::Object(o) => o.get("name").and_then(text_of).into_iter().collect(),
        other => text_of(other).into_iter().collect(),
    };
    // An author without a name (`{"name": ""}`) names nobody.
    let list: Vec<String> = list.into_iter().filter(|n| !n.is_empty()).collect();
    match list.len() {
        0 => None,
        1 => list.into_iter().next(),
        n => Some(format!("{} and {}", list[..n - 1].join(", "), list[n - 1])),
    }
}

/// A byline in the page itself: the first element marked as the author
/// (`itemprop="author"`, `rel="author"`, or a class/id word "byline" or "author"),
/// with a short text, "By" and the like taken off.
/// Classes a page gives the subtitle under its headline.
const SUBTITLE_CLASSES: &[&str] = &[
    "subtitle",
    "sub-title",
    "subheadline",
    "dek",
    "deck",
    "standfirst",
    "article-subtitle",
    "article__subtitle",
    "article-dek",
];

/// The first element marked as the subtitle: `itemprop="alternativeHeadline"` or one
/// of [`SUBTITLE_CLASSES`] (one pass over the elements; a selector list of ten
/// alternatives tried on every element cost a twentieth of all extraction time).
fn subtitle_element(doc: &Html) -> Option<ElementRef<'_>> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| {
            let el = e.value();
            el.attr("itemprop") == Some("alternativeHeadline")
                || el.classes().any(|c| SUBTITLE_CLASSES.contains(&c))
        })
}

fn byline_in_page(doc: &Html) -> Option<String> {
    doc.root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            let el = e.value();
            el.attr("itemprop")
                .is_some_and(|p| p.split_whitespace().any(|w| w == "author"))
                || el
                    .attr("rel")
                    .is_some_and(|r| r.split_whitespace().any(|w| w == "author"))
                || (names_mention(el, &["author", "byline"])
                    && components(&class_and_id(el))
                        .iter()
                        .any(|c| c == "byline" || c == "author"))
        })
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| SKIP_TAGS.contains(&a.value().name()) || is_unlikely(a.value()))
        })
        .find_map(|e| {
            let text = collapse_whitespace(&e.text().collect::<String>());
            let name = strip_by(&text);
            (is_name_like(name) && name.split_whitespace().count() <= 8).then(|| name.to_string())
        })
}

/// "By Ada Park" → "Ada Park" (also "Par", "Por", "Von", "Di", "Door").
fn strip_by(text: &str) -> &str {
    let trimmed = text.trim();
    for prefix in ["by ", "par ", "por ", "von ", "di ", "door ", "av "] {
        if trimmed.len() > prefix.len()
            && trimmed.is_char_boundary(prefix.len())
            && trimmed[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return trimmed[prefix.len()..].trim();
        }
    }
    trimmed
}

/// A person's or desk's name rather than a link, a handle or a sentence.
fn is_name_like(v: &str) -> bool {
    let v = v.trim();
    (3..=100).contains(&v.chars().count())
        && !v.contains("://")
        && !v.starts_with('@')
        && !v.contains('@')
        && v.chars().next().is_some_and(|c| c.is_alphabetic())
        && !v.ends_with(['.', '!', '?'])
}

/// Character references left in a text that was escaped twice: numeric ones
/// (`&#8216;`, `&#x2019;`) and the common named ones. Anything else stays as written.
fn unescape_entities(text: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", " "),
        ("hellip", "…"),
        ("mdash", "—"),
        ("ndash", "–"),
        ("lsquo", "‘"),
        ("rsquo", "’"),
        ("ldquo", "“"),
        ("rdquo", "”"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let reference = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &tail[..end];
            let decoded = if let Some(number) = name.strip_prefix('#') {
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, c)| c.to_string())
            };
            decoded.map(|d| (d, end))
        });
        match reference {
            Some((decoded, end)) => {
                out.push_str(&decoded);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    collapse_whitespace(&out)
}
