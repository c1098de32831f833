//! Picking the content root: paragraphs score their ancestors, scores are weighted by
//! class/id hints and link density, and the best container (with the siblings that
//! continue it) is the article.

use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::marks::{class_weight, has_block_children, has_boilerplate_marks, is_hidden, SKIP_TAGS};
use super::stats::{own_inline_text, TextStats};

/// The element(s) holding the article, in document order: the best-scoring container,
/// and those of its siblings that are part of the same article (bodies split into
/// several containers around ads or embeds).
pub(super) fn content_roots<'a>(doc: &'a Html, stats: &TextStats) -> Vec<ElementRef<'a>> {
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
        let name = p.value().name();
        let container = matches!(name, "div" | "td") && has_block_children(p);
        let counts = if container {
            own_inline_text(p, stats)
        } else {
            stats.get(p.id())
        };
        let (len, commas) = (counts.text, counts.commas);
        if has_skipped_ancestor(p) {
            continue;
        }
        if len < 25 {
            continue;
        }
        let score = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
        // Such a div is itself the container of its text; where its parent is mostly
        // links (a row shared with a long menu), the div takes the score first. A table
        // cell always does: its row is a row of columns, not the article.
        let linky_parent = p
            .parent()
            .is_some_and(|parent| stats.link_density(parent.id()) > 0.5);
        let itself = ((container && linky_parent) || name == "td").then_some(*p);
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
    // Climb while the parent holds little besides the best candidate (wrappers around
    // the body), so sibling blocks of the same article (split bodies, subheads) are
    // kept. The bound is the candidate's own text, so the climb cannot ratchet up into
    // the page wrapper; and never from a table cell into its row of other columns.
    let own = stats.get(root.id()).text as f64;
    while let Some(parent) = root.parent().and_then(ElementRef::wrap) {
        if parent.id() == body.id()
            || matches!(parent.value().name(), "html" | "body")
            || matches!(root.value().name(), "td" | "th")
        {
            break;
        }
        let up = stats.get(parent.id()).text as f64;
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

pub(super) fn has_skipped_ancestor(e: ElementRef) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| SKIP_TAGS.contains(&a.value().name()) || is_hidden(a.value()))
}
