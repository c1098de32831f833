//! Picking the content root: paragraphs score their ancestors, scores are weighted by
//! class/id hints and link density, and the best container (with the siblings that
//! continue it) is the article.

use std::collections::{HashMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::marks::{
    class_weight, has_block_children, has_boilerplate_marks, is_hidden, is_unlikely, SKIP_TAGS,
};
use super::page_body;
use super::stats::{own_inline_text, TextStats};

/// The element(s) holding the article, in document order: the best-scoring container,
/// and those of its siblings that are part of the same article (bodies split into
/// several containers around ads or embeds).
/// How many runners-up are asked whether they share an ancestor with the top candidate.
const ALTERNATIVE_CANDIDATES: usize = 5;
/// How many of them must share it for the ancestor to be the article.
const MIN_SHARED_CANDIDATES: usize = 3;

pub(super) fn content_roots<'a>(doc: &'a Html, stats: &TextStats) -> Vec<ElementRef<'a>> {
    content_roots_with(doc, stats, true)
}

/// [`content_roots`], leaving out paragraphs in unlikely containers when `unlikely`.
fn content_roots_with<'a>(doc: &'a Html, stats: &TextStats, unlikely: bool) -> Vec<ElementRef<'a>> {
    let body = page_body(doc);
    let paragraphs = Selector::parse("p, pre, td, blockquote, div").expect("static selector");
    let excluded = excluded_subtrees(doc, unlikely);
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
        if excluded.contains(&p.id()) {
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
    // Candidates best first; ties go to the earlier element, so the choice never
    // depends on hashing order.
    let mut ranked: Vec<(f64, NodeId)> = scores.keys().map(|&id| (weighted(id), id)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let Some(&(top_score, top_id)) = ranked.first() else {
        // Every paragraph sat in an unlikely container: score them after all.
        return if unlikely {
            content_roots_with(doc, stats, false)
        } else {
            vec![body]
        };
    };
    let mut root = doc
        .tree
        .get(top_id)
        .and_then(ElementRef::wrap)
        .expect("scored nodes are elements");
    // An article in several sections scores several similar candidates: where at least
    // three of the next best (within 3/4 of the top score) share an ancestor with the
    // top candidate, that ancestor is the article.
    let alternatives: Vec<ElementRef> = ranked[1..]
        .iter()
        .take(ALTERNATIVE_CANDIDATES)
        .filter(|(w, _)| *w >= top_score * 0.75)
        .filter_map(|&(_, id)| doc.tree.get(id).and_then(ElementRef::wrap))
        .collect();
    if alternatives.len() >= MIN_SHARED_CANDIDATES {
        for ancestor in root.ancestors().filter_map(ElementRef::wrap) {
            if ancestor.id() == body.id() || matches!(ancestor.value().name(), "html" | "body") {
                break;
            }
            let inside = alternatives
                .iter()
                .filter(|alt| alt.ancestors().any(|a| a.id() == ancestor.id()))
                .count();
            if inside >= MIN_SHARED_CANDIDATES {
                root = ancestor;
                break;
            }
        }
    }
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
    // A section of a document in sections of the same kind (`<section>` in
    // `<section>`, `div.section` in `div.section`): the enclosing one is the article.
    while let Some(parent) = root.parent().and_then(ElementRef::wrap) {
        let same_kind = parent.value().name() == root.value().name()
            && (root.value().name() == "section"
                || root.value().attr("class").is_some_and(|c| {
                    !c.trim().is_empty() && parent.value().attr("class") == Some(c)
                }));
        if !same_kind || stats.link_density(parent.id()) > 0.3 || parent.id() == body.id() {
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
    let siblings: Vec<ElementRef> = parent.children().filter_map(ElementRef::wrap).collect();
    let joins: Vec<bool> = siblings
        .iter()
        .map(|sibling| {
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
            same_class
                || prose
                || (density < 0.25 && holds_prose(*sibling, stats))
                || (weighted(sibling.id()) >= threshold && density < 0.3)
        })
        .collect();
    // A subheading between two parts of the article belongs to it.
    let is_heading = |e: &ElementRef| matches!(e.value().name(), "h2" | "h3" | "h4" | "h5" | "h6");
    let mut roots = Vec::new();
    for (i, sibling) in siblings.iter().enumerate() {
        let heads_a_part = || {
            is_heading(sibling)
                && joins[..i].iter().any(|&j| j)
                && siblings[i + 1..]
                    .iter()
                    .zip(&joins[i + 1..])
                    .find(|(s, _)| !is_heading(s))
                    .is_some_and(|(_, &j)| j)
        };
        if joins[i] || heads_a_part() {
            roots.push(*sibling);
        }
    }
    roots
}

/// A container whose own children are paragraphs of prose (at least two of 80
/// characters or more, without many links): a part of the article.
fn holds_prose(e: ElementRef, stats: &TextStats) -> bool {
    e.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| {
            c.value().name() == "p"
                && stats.get(c.id()).text > 80
                && stats.link_density(c.id()) < 0.25
        })
        .count()
        >= 2
}

/// The elements that never score: inside a tag that is never read, a hidden element,
/// or (with `unlikely`) a container that is unlikely to be the article (comments, sidebars; see
/// [`is_unlikely`]). One pass in document order, parents before children.
fn excluded_subtrees(doc: &Html, unlikely: bool) -> HashSet<NodeId> {
    let mut excluded = HashSet::new();
    for node in doc.tree.root().descendants() {
        let Some(e) = ElementRef::wrap(node) else {
            continue;
        };
        let inherited = node.parent().is_some_and(|p| excluded.contains(&p.id()));
        let el = e.value();
        if inherited
            || SKIP_TAGS.contains(&el.name())
            || is_hidden(el)
            || (unlikely && is_unlikely(el))
        {
            excluded.insert(node.id());
        }
    }
    excluded
}
