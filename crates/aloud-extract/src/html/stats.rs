//! Text statistics per element: how much readable text each subtree holds, and how
//! much of it is link text, computed once per page.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};

use super::marks::{has_block_children, INLINE_TAGS, SKIP_TAGS};

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counts {
    /// Characters of readable text in the subtree (boilerplate tags excluded).
    pub(super) text: usize,
    /// Of which inside links.
    pub(super) link: usize,
    /// Commas in that text (a sign of prose; never those of scripts or styles).
    pub(super) commas: usize,
    /// Pictures (`<img>`, `<picture>`) in the subtree.
    pub(super) images: usize,
    /// Paragraphs (`<p>`) in the subtree.
    pub(super) paragraphs: usize,
    /// Fields to type into (text, e-mail or search inputs, text areas) in the subtree.
    pub(super) fields: usize,
}

pub(super) struct TextStats(HashMap<NodeId, Counts>);

impl TextStats {
    /// One pass in reverse document order, so children are summed before parents.
    pub(super) fn compute(doc: &Html) -> Self {
        let nodes: Vec<NodeRef<Node>> = doc.tree.root().descendants().collect();
        let mut counts: HashMap<NodeId, Counts> = HashMap::with_capacity(nodes.len());
        for node in nodes.iter().rev() {
            let own = match node.value() {
                // A script's or a style's text is never counted (its element is
                // skipped): do not read through it.
                Node::Text(_)
                    if node
                        .parent()
                        .and_then(|p| p.value().as_element())
                        .is_some_and(|p| SKIP_TAGS.contains(&p.name())) =>
                {
                    continue
                }
                Node::Text(t) => {
                    let (mut n, mut commas) = (0, 0);
                    for c in t.chars() {
                        n += usize::from(!c.is_whitespace());
                        commas += usize::from(matches!(c, ',' | '，' | '、'));
                    }
                    Counts {
                        text: n,
                        commas,
                        ..Counts::default()
                    }
                }
                Node::Element(e) if matches!(e.name(), "img" | "picture") => Counts {
                    images: 1,
                    ..Counts::default()
                },
                Node::Element(e) if is_text_field(e) => Counts {
                    fields: 1,
                    ..Counts::default()
                },
                Node::Element(e) if SKIP_TAGS.contains(&e.name()) => continue,
                Node::Element(e) => {
                    let mut c = counts.get(&node.id()).copied().unwrap_or_default();
                    if e.name() == "a" {
                        c.link = c.text;
                    }
                    if e.name() == "p" {
                        c.paragraphs += 1;
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
                entry.commas += own.commas;
                entry.images += own.images;
                entry.paragraphs += own.paragraphs;
                entry.fields += own.fields;
            }
        }
        TextStats(counts)
    }

    pub(super) fn get(&self, id: NodeId) -> Counts {
        self.0.get(&id).copied().unwrap_or_default()
    }

    pub(super) fn link_density(&self, id: NodeId) -> f64 {
        let c = self.get(id);
        if c.text == 0 {
            0.0
        } else {
            c.link as f64 / c.text as f64
        }
    }
}

/// A field a reader types into: a text area, or an input for text, an e-mail address,
/// a search or a telephone number (an input without a type is a text input).
fn is_text_field(e: &scraper::node::Element) -> bool {
    match e.name() {
        "textarea" => true,
        "input" => matches!(
            e.attr("type").map(str::to_ascii_lowercase).as_deref(),
            None | Some("text" | "email" | "search" | "tel")
        ),
        _ => false,
    }
}

/// The text directly in `e`: its text nodes and inline children, not the blocks
/// inside it.
pub(super) fn own_inline_text(e: ElementRef, stats: &TextStats) -> Counts {
    let mut own = Counts::default();
    for child in e.children() {
        match child.value() {
            Node::Text(t) => {
                own.text += t.trim().chars().count();
                own.commas += t.matches([',', '，', '、']).count();
            }
            Node::Element(el) if INLINE_TAGS.contains(&el.name()) => {
                if let Some(c) = ElementRef::wrap(child).filter(|c| !has_block_children(*c)) {
                    let counts = stats.get(c.id());
                    own.text += counts.text;
                    own.link += counts.link;
                    own.commas += counts.commas;
                }
            }
            _ => {}
        }
    }
    own
}

/// Characters of a text that are not spaces, as link characters are counted.
pub(super) fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Words in a text; in scripts written without spaces (Chinese, Japanese), two
/// characters count as a word.
pub(super) fn words(text: &str) -> usize {
    text.split_whitespace()
        .map(|token| {
            let ideographs = token.chars().filter(|&c| is_ideographic(c)).count();
            if ideographs == 0 {
                1
            } else {
                (ideographs / 2).max(1)
            }
        })
        .sum()
}

/// A character of a script written without spaces between words (Chinese, Japanese
/// kana, Korean syllables).
pub(super) fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF)
}
