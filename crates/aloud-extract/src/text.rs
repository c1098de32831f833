//! Articles from plain text and Markdown.
//!
//! Plain text: paragraphs are separated by blank lines (or, when there are none, one per
//! line); a short first line without a full stop is the title. Markdown: parsed with
//! `pulldown-cmark`; the first level-1 heading is the title, code blocks and images are
//! not read.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::{Article, BlockKind, Metadata};

pub fn extract_plain(text: &str) -> Article {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.len() == 1 && paragraphs[0].lines().count() > 1 {
        paragraphs = paragraphs[0]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
    }
    let mut blocks = Vec::new();
    let mut meta = Metadata::default();
    for (i, p) in paragraphs.into_iter().enumerate() {
        if i == 0 && looks_like_title(&p) {
            meta.title = Some(p.clone());
            blocks.push((BlockKind::Title, p));
        } else {
            blocks.push((BlockKind::Paragraph, p));
        }
    }
    take_byline(&mut meta, &mut blocks);
    Article::from_blocks(meta, blocks)
}

fn looks_like_title(p: &str) -> bool {
    p.lines().count() == 1 && p.chars().count() <= 150 && !p.ends_with('.') && !p.ends_with(',')
}

pub fn extract_markdown(text: &str) -> Article {
    let mut meta = Metadata::default();
    let mut blocks: Vec<(BlockKind, String)> = Vec::new();
    let mut current: Option<(BlockKind, String)> = None;
    let mut quote_depth = 0usize;
    let mut lists: Vec<bool> = Vec::new();
    let mut skip_depth = 0usize; // inside code blocks and images
    let mut row: Vec<String> = Vec::new();
    let mut cell: Option<String> = None;

    let flush = |current: &mut Option<(BlockKind, String)>,
                 blocks: &mut Vec<(BlockKind, String)>| {
        if let Some((kind, text)) = current.take() {
            if !text.trim().is_empty() {
                blocks.push((kind, text));
            }
        }
    };

    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock | Tag::MetadataBlock(_),
            ) => skip_depth += 1,
            Event::End(
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_),
            ) => skip_depth = skip_depth.saturating_sub(1),
            _ if skip_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut blocks);
                let level = heading_level(level);
                let kind = if level == 1
                    && meta.title.is_none()
                    && !blocks.iter().any(|(k, _)| *k == BlockKind::Title)
                {
                    BlockKind::Title
                } else {
                    BlockKind::Heading { level }
                };
                current = Some((kind, String::new()));
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a list item continues the item.
                if current
                    .as_ref()
                    .is_some_and(|(k, _)| matches!(k, BlockKind::ListItem { .. }))
                {
                    if let Some((_, t)) = current.as_mut() {
                        t.push(' ');
                    }
                } else {
                    flush(&mut current, &mut blocks);
                    let kind = if quote_depth > 0 {
                        BlockKind::Quote
                    } else {
                        BlockKind::Paragraph
                    };
                    current = Some((kind, String::new()));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut current, &mut blocks);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut current, &mut blocks);
                quote_depth = quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut blocks);
                lists.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &mut blocks);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut blocks);
                current = Some((
                    BlockKind::ListItem {
                        ordered: lists.last().copied().unwrap_or(false),
                    },
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some((BlockKind::Title, t)) = current.as_ref() {
                    meta.title = Some(crate::collapse_whitespace(t));
                }
                flush(&mut current, &mut blocks);
            }
            Event::End(TagEnd::Paragraph)
                if !current
                    .as_ref()
                    .is_some_and(|(k, _)| matches!(k, BlockKind::ListItem { .. })) =>
            {
                flush(&mut current, &mut blocks);
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.extend(cell.take()),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                let cells: Vec<String> = row
                    .drain(..)
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect();
                if !cells.is_empty() {
                    blocks.push((BlockKind::TableRow, cells.join("; ")));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                } else if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = current.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    take_byline(&mut meta, &mut blocks);
    Article::from_blocks(meta, blocks)
}

/// Moves a "By …" line right after the title into the metadata.
fn take_byline(meta: &mut Metadata, blocks: &mut Vec<(BlockKind, String)>) {
    let position = blocks.iter().take(2).position(|(kind, text)| {
        *kind == BlockKind::Paragraph && crate::byline(&crate::collapse_whitespace(text)).is_some()
    });
    if let Some(i) = position {
        let (_, text) = blocks.remove(i);
        let text = crate::collapse_whitespace(&text);
        meta.byline = crate::byline(&text).map(str::to_string);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(a: &Article) -> Vec<(BlockKind, &str)> {
        a.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn plain_text_title_and_paragraphs() {
        let a =
            extract_plain("Harbor Reopens\n\nThe harbor reopened\non Monday.\n\nShips returned.\n");
        assert_eq!(
            kinds_and_texts(&a),
            vec![
                (BlockKind::Title, "Harbor Reopens"),
                (BlockKind::Paragraph, "The harbor reopened on Monday."),
                (BlockKind::Paragraph, "Ships returned.")
            ]
        );
    }

    #[test]
    fn bylines_become_metadata() {
        let a = extract_markdown("# Title\n\n*By Tomas Reyes*\n\nThe body begins here.");
        assert_eq!(a.meta.byline.as_deref(), Some("Tomas Reyes"));
        assert_eq!(a.blocks.len(), 2);
        let a = extract_plain("Title\n\nBY ANN LEE\n\nBy the river, the town slept.");
        assert_eq!(a.meta.byline.as_deref(), Some("ANN LEE"));
        assert_eq!(a.blocks[1].text, "By the river, the town slept.");
    }

    #[test]
    fn plain_text_without_title() {
        let a = extract_plain("The first line is a sentence.\nThe second is too.");
        assert_eq!(a.blocks.len(), 2);
        assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    }

    #[test]
    fn markdown_structure_links_and_skips() {
        let md = "# The Title\n\nIntro with a [linked word](http://x.test) here.\n\n![alt text](i.png)\n\n## Section\n\n- one\n- two\n\n> quoted\n\n```\ncode()\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let a = extract_markdown(md);
        assert_eq!(
            kinds_and_texts(&a),
            vec![
                (BlockKind::Title, "The Title"),
                (BlockKind::Paragraph, "Intro with a linked word here."),
                (BlockKind::Heading { level: 2 }, "Section"),
                (BlockKind::ListItem { ordered: false }, "one"),
                (BlockKind::ListItem { ordered: false }, "two"),
                (BlockKind::Quote, "quoted"),
                (BlockKind::TableRow, "a; b"),
                (BlockKind::TableRow, "1; 2"),
            ]
        );
        assert_eq!(a.meta.title.as_deref(), Some("The Title"));
    }
}
