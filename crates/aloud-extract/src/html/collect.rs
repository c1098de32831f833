//! Collecting blocks: walks the content root in document order and turns headings,
//! paragraphs, list items, quotes and table rows into blocks, skipping what the element
//! marks say is not the article.

use std::cell::RefCell;
use std::collections::HashMap;

use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use crate::BlockKind;

use super::marks::{
    has_block_children, has_boilerplate_marks, hides_text, is_embedded_post, is_gated_prose,
    is_hidden, is_shown_on_hover, name_is_caption, INLINE_TAGS, SKIP_TAGS,
};
use super::stats::TextStats;
use super::tables::{is_layout_table, table_of};
use super::{MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};

/// A box with one picture and at most this many characters of text is the picture's
/// caption or credit.
const PICTURE_BOX_CHARS: usize = 200;

/// A box with a field to type into and at most this many characters of text is a
/// form (a newsletter sign-up, a comment or search box), with or without a `<form>`.
const FORM_BOX_CHARS: usize = 600;

/// A picture narrower or lower than this (in its `width`/`height` attributes) is an
/// icon, a button or a drop capital, not a photograph with a caption.
const MIN_PICTURE_PX: u32 = 100;

pub(super) struct RawBlock {
    pub(super) kind: BlockKind,
    pub(super) text: String,
    pub(super) link_chars: usize,
    /// The text of a link the block ends with ("… Download now"), if it ends with one.
    pub(super) tail_link: Option<String>,
    /// For a heading: the index one past the last block of the box it stands in (its
    /// parent element), so a heading whose box's other blocks are all left out can go
    /// with them. `None` for other blocks.
    pub(super) box_end: Option<usize>,
}

pub(super) struct Collector<'s> {
    pub(super) stats: &'s TextStats,
    pub(super) root_text: usize,
    pub(super) blocks: Vec<RawBlock>,
    /// Whether each table met so far lays the page out (see [`is_layout_table`]).
    pub(super) layout_tables: RefCell<HashMap<NodeId, bool>>,
    /// Heading blocks whose box is still being walked (their `box_end` unknown).
    pub(super) open_headings: Vec<usize>,
}

impl Collector<'_> {
    fn skip(&self, e: ElementRef) -> bool {
        let el = e.value();
        if SKIP_TAGS.contains(&el.name()) || is_hidden(el) {
            return true;
        }
        // Class hints never remove the bulk of the article (a wrapper named
        // "content-with-sidebar" must not take the body with it), and neither does a
        // <form>: some sites wrap the whole page in one. A small box with a field to type
        // into is a form whatever its tags ([`FORM_BOX_CHARS`]).
        // A data table's rows are its data, whatever their classes say
        // ("player-2020-580"); the cells of a layout table are containers like any other.
        if matches!(el.name(), "tr" | "td" | "th" | "tbody" | "thead" | "tfoot")
            && !self.in_layout_table(e)
        {
            return false;
        }
        let minor = self.stats.get(e.id()).text * 2 < self.root_text;
        // A hover card, not the wrapper that holds the name it pops up from (a wrapper
        // holds another marked box; the link itself is the name).
        if minor
            && el.name() != "a"
            && is_shown_on_hover(el)
            && !e
                .descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .any(|d| d.value().name() != "a" && is_shown_on_hover(d.value()))
        {
            return true;
        }
        // A list of pictures goes whatever its size; a box of them only when minor.
        let list = matches!(el.name(), "ul" | "ol");
        if (list || minor) && self.is_gallery(e) {
            return true;
        }
        let counts = self.stats.get(e.id());
        let form_box = counts.fields > 0 && counts.text <= FORM_BOX_CHARS;
        (has_boilerplate_marks(el) && !self.is_in_sentence(e) || el.name() == "form" || form_box)
            && minor
            && !is_gated_prose(e, self.stats)
            && !self.holds_a_post(e)
    }

    /// A link or span inside a paragraph's sentence is part of it whatever its class
    /// says ("<a class="player-link">Rafael Nadal</a> kept Spain's hopes alive"); only
    /// words that hide text from sight (screen-reader-only) take it out of one.
    fn is_in_sentence(&self, e: ElementRef) -> bool {
        let el = e.value();
        if !INLINE_TAGS.contains(&el.name()) || hides_text(el) {
            return false;
        }
        let counts = self.stats.get(e.id());
        e.ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| !INLINE_TAGS.contains(&a.value().name()))
            .is_some_and(|block| {
                let around = self.stats.get(block.id());
                // A paragraph's sentence, not a header's line of spans.
                matches!(
                    block.value().name(),
                    "p" | "li" | "blockquote" | "dd" | "td"
                ) && around.text.saturating_sub(around.link) >= 40
                    && counts.text * 2 < around.text
                    && continues_a_sentence(e, block)
            })
    }

    /// A gallery or teaser grid inside the article: a list or box of three pictures or
    /// more with fewer than one paragraph per two pictures. Its texts are captions and
    /// headlines of other stories, not the article.
    fn is_gallery(&self, e: ElementRef) -> bool {
        let counts = self.stats.get(e.id());
        matches!(e.value().name(), "ul" | "ol" | "div" | "section" | "table")
            && counts.images >= 3
            && counts.paragraphs * 2 < counts.images
            && !e
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "figure")
    }

    /// A picture with its caption or credit in a box of their own: a container (not a
    /// paragraph, list item or heading) holding one picture of some size with at most
    /// [`PICTURE_BOX_CHARS`] characters of text after it (none before), in at most one
    /// paragraph (three in a `<figure>`: a credit line and a caption written as
    /// paragraphs) and no heading or list, a small part of the article. Its text
    /// describes the picture; it is not the story.
    fn is_picture_box(&self, e: ElementRef) -> bool {
        let counts = self.stats.get(e.id());
        if !matches!(
            e.value().name(),
            "div" | "span" | "figure" | "center" | "dl" | "table" | "tbody"
        ) || counts.images == 0
            || counts.text == 0
            || counts.text > PICTURE_BOX_CHARS
            || counts.paragraphs > if e.value().name() == "figure" { 3 } else { 1 }
            || counts.text * 3 >= self.root_text
        {
            return false;
        }
        // Text before the picture, a heading or a list make the box a part of the text
        // that has a picture (a step of a guide, a feature), not a caption. An icon (a
        // close button, a drop capital) is no picture, and an `<img>` inside a
        // `<picture>` is that picture; a script's text is no text.
        let mut pictures = 0;
        for d in e.descendants() {
            match d.value() {
                Node::Text(t) if pictures == 0 && !t.trim().is_empty() => {
                    let in_script = d.parent().and_then(ElementRef::wrap).is_some_and(|p| {
                        matches!(p.value().name(), "script" | "style" | "template")
                    });
                    if !in_script {
                        return false;
                    }
                }
                Node::Element(el) => match el.name() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => return false,
                    "img" | "picture" => {
                        let in_picture = el.name() == "img"
                            && d.parent()
                                .and_then(ElementRef::wrap)
                                .is_some_and(|p| p.value().name() == "picture");
                        if !in_picture && !is_icon(el) {
                            pictures += 1;
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        pictures == 1
    }

    /// A paragraph (or other leaf block) whose every word is in an inline element
    /// marked as a caption (`<p><span class="image"><img …><span
    /// class="caption-source">…</span></span></p>`): a picture's caption set in a
    /// paragraph, not the story. Text a skipped element holds (a credit marked as such)
    /// does not count.
    fn text_is_all_caption(&self, e: ElementRef) -> bool {
        let mut captioned = false;
        for d in e.descendants() {
            let Node::Text(t) = d.value() else { continue };
            if t.trim().is_empty() {
                continue;
            }
            let mut verdict = None;
            for a in d.ancestors().filter_map(ElementRef::wrap) {
                if a.id() == e.id() {
                    break;
                }
                if name_is_caption(a.value()) || a.value().name() == "figcaption" {
                    verdict = Some(true);
                    break;
                }
                if self.skip(a) {
                    verdict = Some(false);
                    break;
                }
            }
            match verdict {
                Some(true) => captioned = true,
                Some(false) => {}
                None => return false,
            }
        }
        captioned
    }

    /// True when `e` is a row, cell or section of a table that lays the page out.
    fn in_layout_table(&self, e: ElementRef) -> bool {
        let Some(table) = table_of(e) else {
            return false;
        };
        *self
            .layout_tables
            .borrow_mut()
            .entry(table.id())
            .or_insert_with(|| is_layout_table(table, self.stats))
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

    pub(super) fn walk(&mut self, e: ElementRef, depth: usize, in_quote: bool) {
        if is_embedded_post(e) {
            self.push_post(e);
            return;
        }
        // Captions marked by class ("caption-text", "wp-caption-text", "image-caption")
        // or by tag (a <figcaption>, paragraphs inside it too), and the line or two
        // beside a picture in a box of its own.
        if name_is_caption(e.value()) || e.value().name() == "figcaption" || self.is_picture_box(e)
        {
            self.push_inline_block(e, BlockKind::Caption);
            return;
        }
        let name = e.value().name();
        // A block of program code is shown, not read: its symbols come out as "slash
        // slash", "equals", "dot" for minutes. Verse set in a <pre> is read.
        if name == "pre" && looks_like_code(&e.text().collect::<String>()) {
            return;
        }
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
            "tr" if !self.in_layout_table(e) => block(BlockKind::TableRow),
            _ => None,
        };
        // Leaf-like blocks (and anything past the depth cap) become one block; containers
        // are walked so their inner blocks keep their own kinds.
        if let Some(kind) = kind {
            if depth >= MAX_BLOCK_DEPTH || !has_block_children(e) {
                let kind = if self.text_is_all_caption(e) {
                    BlockKind::Caption
                } else {
                    kind
                };
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
        let box_start = self.blocks.len();
        let quote = in_quote || name == "blockquote";
        let loose_kind = if quote {
            BlockKind::Quote
        } else {
            kind.unwrap_or(BlockKind::Paragraph)
        };
        // Text and inline elements directly inside a container form paragraphs of their
        // own; the cells of a data table's row are inline text of one block.
        let data_row = kind == Some(BlockKind::TableRow);
        let mut loose = InlineText::default();
        for child in e.children() {
            match child.value() {
                Node::Text(t) => loose.push_text(t),
                Node::Element(_) => {
                    let child = ElementRef::wrap(child).expect("element node");
                    if child.value().name() == "br" {
                        loose.push_break();
                        continue;
                    }
                    if self.skip(child) {
                        continue;
                    }
                    let cname = child.value().name();
                    if INLINE_TAGS.contains(&cname) && !has_block_children(child) {
                        let start = loose.text.len();
                        self.inline(child, &mut loose, 0);
                        if cname == "a" {
                            loose.last_link = Some((start, loose.text.len()));
                        }
                    } else if data_row && (cname == "td" || cname == "th") {
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
        self.close_box(box_start);
    }

    /// The box whose blocks began at `start` is walked: its headings learn where it ends.
    fn close_box(&mut self, start: usize) {
        let end = self.blocks.len();
        while self.open_headings.last().is_some_and(|&i| i >= start) {
            let i = self.open_headings.pop().expect("checked");
            self.blocks[i].box_end = Some(end);
        }
    }

    fn push_inline_block(&mut self, e: ElementRef, kind: BlockKind) {
        let mut text = InlineText {
            caption: kind == BlockKind::Caption,
            ..Default::default()
        };
        self.inline(e, &mut text, 0);
        self.flush(&mut text, kind);
    }

    fn flush(&mut self, text: &mut InlineText, kind: BlockKind) {
        let mut t = std::mem::take(text);
        // Runs of text separated by a blank line (`<br><br>`) are paragraphs of their own.
        if matches!(kind, BlockKind::Paragraph | BlockKind::Quote) && !t.breaks.is_empty() {
            let (mut from, mut links_before) = (0, 0);
            let ends = t
                .breaks
                .iter()
                .copied()
                .chain([(t.text.len(), t.link_chars)]);
            for (at, links) in ends {
                let piece = &t.text[from..at];
                if !piece.trim().is_empty() {
                    self.blocks.push(RawBlock {
                        kind,
                        text: piece.to_string(),
                        link_chars: links - links_before,
                        tail_link: t.tail_link(from, at),
                        box_end: None,
                    });
                }
                (from, links_before) = (at, links);
            }
            return;
        }
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
            let tail_link = t.tail_link(0, t.text.len());
            if matches!(kind, BlockKind::Heading { .. }) {
                self.open_headings.push(self.blocks.len());
            }
            self.blocks.push(RawBlock {
                kind,
                text: t.text,
                link_chars: t.link_chars,
                tail_link,
                box_end: None,
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
                    // A picture's caption set inside running text (a <figcaption> in
                    // a <span> around a step's paragraph) is not merged into it.
                    if !out.caption && (el.name() == "figcaption" || name_is_caption(el)) {
                        out.text.push(' ');
                        continue;
                    }
                    match el.name() {
                        "br" => out.push_break(),
                        "td" | "th" => {
                            self.inline_nested(child, out, depth, in_link);
                            out.text.push_str("; ");
                        }
                        _ => {
                            // Block elements inside inline flow still separate words,
                            // and a paragraph there is a paragraph of its own.
                            let is_block = !INLINE_TAGS.contains(&el.name());
                            let paragraph = el.name() == "p";
                            if paragraph {
                                out.push_paragraph_break();
                            } else if is_block {
                                out.text.push(' ');
                            }
                            let start = out.text.len();
                            self.inline_nested(child, out, depth, in_link);
                            if el.name() == "a" {
                                out.last_link = Some((start, out.text.len()));
                            }
                            if paragraph {
                                out.push_paragraph_break();
                            } else if is_block {
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
    /// Where a blank line (two `<br>` with only spaces between) splits the text: the
    /// byte offset and the link characters before it.
    breaks: Vec<(usize, usize)>,
    /// The text's length just after the last `<br>`.
    after_br: Option<usize>,
    /// Where the last link's text starts and ends.
    last_link: Option<(usize, usize)>,
    /// The text is a caption's: captions inside it are its text.
    caption: bool,
}

impl InlineText {
    fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
    }

    /// The last link's text when the piece `from..to` of the text ends with it (only
    /// spaces and closing punctuation after it).
    fn tail_link(&self, from: usize, to: usize) -> Option<String> {
        let (start, end) = self.last_link?;
        (start >= from && end <= to)
            .then(|| &self.text[end..to])
            .filter(|rest| {
                rest.chars()
                    .all(|c| c.is_whitespace() || ".)»”\"".contains(c))
            })
            .map(|_| self.text[start..end].trim().to_string())
            .filter(|link| !link.is_empty())
    }

    /// A `<br>`: a space, and a paragraph break when it follows another one.
    /// A blank line: what two `<br>` make.
    fn push_paragraph_break(&mut self) {
        self.push_break();
        self.push_break();
    }

    fn push_break(&mut self) {
        let blank = self
            .after_br
            .is_some_and(|at| self.text[at..].trim().is_empty());
        let has_text = !self.text.trim().is_empty();
        let already = self
            .breaks
            .last()
            .is_some_and(|&(at, _)| self.text[at..].trim().is_empty());
        if blank && has_text && !already {
            self.breaks.push((self.text.len(), self.link_chars));
        }
        self.text.push(' ');
        self.after_br = Some(self.text.len());
    }
}

/// Text that is program code: punctuation of code (braces, brackets, semicolons,
/// "=", "<", ">") in 4% or more of its characters, and a mark only code has (";", "{",
/// "=>", "()", "</"); or a program's output with a table drawn in box-drawing lines.
pub(super) fn looks_like_code(text: &str) -> bool {
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    if visible == 0 {
        return false;
    }
    // A table drawn with box-drawing lines is a program's output ("───┼───").
    if text.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c)) {
        return true;
    }
    let marks = text.chars().filter(|c| "{}()[];=<>".contains(*c)).count();
    marks * 25 >= visible
        && [";", "{", "=>", "()", "</"]
            .iter()
            .any(|m| text.contains(m))
}

/// Whether an inline element inside `block` stands within a sentence: text follows it
/// in the block, or the text before it does not end one ("… a new one. <a>Learn
/// more</a>" is a button after the sentence, not part of it).
fn continues_a_sentence(e: ElementRef, block: ElementRef) -> bool {
    let text_of = |n: ego_tree::NodeRef<scraper::Node>| -> String {
        n.descendants()
            .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
            .collect()
    };
    let mut followed = false;
    let mut before_ends = false;
    let mut looked_before = false;
    let mut node = *e;
    while node.id() != block.id() {
        if !followed {
            followed = node
                .next_siblings()
                .any(|sib| !text_of(sib).trim().is_empty());
        }
        if !looked_before {
            if let Some(text) = node
                .prev_siblings()
                .map(text_of)
                .find(|t| !t.trim().is_empty())
            {
                looked_before = true;
                before_ends = text.trim_end().ends_with(['.', '!', '?']);
            }
        }
        let Some(parent) = node.parent() else { break };
        node = parent;
    }
    followed || !before_ends
}

/// An image the page draws small (a width or height under [`MIN_PICTURE_PX`] in its
/// attributes): an icon, a button, a drop capital, not a picture.
fn is_icon(img: &scraper::node::Element) -> bool {
    let size = |name| {
        img.attr(name)
            .and_then(|v| v.trim_end_matches("px").trim().parse::<u32>().ok())
    };
    size("width").is_some_and(|w| w < MIN_PICTURE_PX)
        || size("height").is_some_and(|h| h < MIN_PICTURE_PX)
}
