//! The ordered list of block filters: every collected block passes through [`RULES`]
//! in order, and the first rule with a verdict decides whether the block is kept,
//! skipped, or ends the article. A new boilerplate rule goes here, as one entry, with
//! its phrase list (if any) in `data/`.

use std::collections::HashSet;

use crate::{collapse_whitespace, BlockKind};

use super::bios::drop_bios_and_boilerplate;
use super::collect::RawBlock;
use super::comparable;
use super::ends::{is_end_label, is_end_section};
use super::lines::{
    is_call_to_action, is_consent_prompt, is_fragment, is_furniture, is_link_list, is_photo_credit,
    is_promo, is_rights_notice, is_stamp, prose_list_items, LIST_POINT_WORDS,
};
use super::reader_calls::{
    is_reader_call, without_closing_calls, without_embed_introducer, without_more_marker,
    without_pointer_sentence,
};
use super::shapes::{
    ends_like_sentence, is_address_line, is_menu_line, is_pagination, is_tag_line,
};
use super::stats::{is_ideographic, visible_chars, words};

/// A block under judgement.
pub(super) struct Candidate<'a> {
    pub(super) raw: &'a RawBlock,
    /// Whitespace-collapsed text.
    pub(super) text: String,
    /// [`comparable`] form of the text.
    pub(super) key: String,
    /// The next block is a paragraph of prose (a heading over it heads a part).
    pub(super) next_is_prose: bool,
    /// This block is a heading and the next is the headline (an `<h1>`, or the title).
    pub(super) next_is_headline: bool,
    /// For a heading whose box ends before the collected blocks do: where its box ends,
    /// when the story goes on after it (two paragraphs of prose or more follow).
    pub(super) story_after_box: Option<usize>,
    /// This block is an item of a list whose items are mostly written out, not links
    /// ([`prose_list_items`]): an item that is one link is a point of the list too.
    pub(super) in_prose_list: bool,
    /// A heading that is the only block of its box (`<li><h3><a>…</a></h3></li>` in an
    /// embedded teaser): the prose after it is not under it.
    pub(super) alone_in_box: bool,
}

/// What a rule says about a block.
pub(super) enum Verdict {
    /// Not the article: leave it out and go on.
    Skip,
    /// The article is over: this block and everything after it are not read. With
    /// `drop_last`, the block kept just before goes too (the first headline of a rail).
    End { drop_last: bool },
    /// This block opens a box inside the story (a gallery headed "Business news in
    /// pictures" between two parts of it): leave the box out, up to the collected
    /// block `end`, and go on after it.
    SkipBox { end: usize },
}

/// The article as assembled so far, which rules may look at.
pub(super) struct Story {
    pub(super) blocks: Vec<(BlockKind, String)>,
    /// For each kept block: its index among the collected blocks.
    kept: Vec<usize>,
    seen: HashSet<String>,
    title: Option<String>,
    title_key: Option<String>,
    /// Whether end-of-article rules apply (see [`assemble`]).
    stop_rules: bool,
    /// The last block was a slideshow counter line: the next is its caption.
    after_counter: bool,
    /// A paragraph of prose has been kept: end-of-article markers only count after the
    /// story has begun (a "Most read" heading above it ends nothing).
    prose_started: bool,
}

/// A paragraph of at least this many words is prose, not a label, teaser or credit.
pub(super) const PROSE_WORDS: usize = 12;

impl Story {
    fn keep(&mut self, index: usize, kind: BlockKind, text: String) {
        self.kept.push(index);
        self.prose_started |=
            matches!(kind, BlockKind::Paragraph | BlockKind::Quote) && words(&text) >= PROSE_WORDS;
        self.blocks.push((kind, text));
    }
}

type Rule = fn(&Candidate, &mut Story) -> Option<Verdict>;

/// The rules, in the order they are asked. The first with a verdict decides.
const RULES: &[(&str, Rule)] = &[
    ("the headline is read once, as the title", headline),
    ("text met before is not read twice", repeated),
    ("labels above the story", lead_in_label),
    ("a rail's heading or label ends the article", end_marker),
    (
        "another byline once under way starts another story",
        later_byline,
    ),
    ("slideshow items: a counter and its caption", slideshow_item),
    ("consent notices and embeds' consent prompts", |c, _| {
        skip_if(is_consent_prompt(c.raw, &c.text))
    }),
    (
        "buttons: a short block ending in a call-to-action link",
        |c, _| skip_if(is_call_to_action(c.raw, &c.text)),
    ),
    ("in-body promotions and calls to action", |c, _| {
        skip_if(is_promo(&c.text))
    }),
    (
        "calls on the reader to engage: share, comment, join our…",
        |c, _| {
            skip_if(
                matches!(
                    c.raw.kind,
                    BlockKind::Paragraph | BlockKind::ListItem { .. }
                ) && is_reader_call(&c.text),
            )
        },
    ),
    ("photo credits", |c, _| skip_if(is_photo_credit(&c.text))),
    ("newsroom furniture", |c, _| skip_if(is_furniture(&c.text))),
    (
        "furniture by shape: menus, tag lines, page numbers, addresses",
        |c, _| skip_if(c.raw.kind != BlockKind::TableRow && is_furniture_by_shape(&c.text)),
    ),
    ("the byline under the headline", early_byline),
    ("lines that are mostly links", link_line),
    ("widget leftovers", |c, _| {
        skip_if(is_fragment(c.raw, &c.text))
    }),
    ("date and copyright stamps, rights notices", |c, _| {
        skip_if(is_stamp(&c.text) || is_rights_notice(&c.text))
    }),
];

/// "3/50 Bridge reopens", "3 of 50 Bridge reopens": a slide's counter with its headline; the
/// paragraph after it is the slide's caption. Neither is the article.
fn slideshow_item(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    if std::mem::take(&mut story.after_counter)
        && matches!(c.raw.kind, BlockKind::Paragraph | BlockKind::Caption)
    {
        return Some(Verdict::Skip);
    }
    let words: Vec<&str> = c.text.split_whitespace().collect();
    let counter = |w: &str| {
        w.split_once('/').is_some_and(|(k, n)| {
            let (k, n) = (k.parse::<u32>(), n.parse::<u32>());
            matches!((k, n), (Ok(k), Ok(n)) if k >= 1 && k <= n && n > 1)
        })
    };
    let of_form = words.len() >= 3
        && words[1].eq_ignore_ascii_case("of")
        && words[0].parse::<u32>().is_ok()
        && words[2].parse::<u32>().is_ok();
    if words.len() <= 14 && (words.first().is_some_and(|w| counter(w)) || of_form) {
        story.after_counter = true;
        return Some(Verdict::Skip);
    }
    None
}

fn is_furniture_by_shape(text: &str) -> bool {
    is_menu_line(text) || is_tag_line(text) || is_pagination(text) || is_address_line(text)
}

fn skip_if(yes: bool) -> Option<Verdict> {
    yes.then_some(Verdict::Skip)
}

fn headline(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    let is_title = story.title_key.as_deref() == Some(c.key.as_str());
    if is_title && (matches!(c.raw.kind, BlockKind::Heading { .. }) || story.blocks.is_empty()) {
        return Some(Verdict::Skip);
    }
    // Before the story, a top-level heading that says mostly what the title says ("HS
    // Roundup: …" over "High School Roundup: …", the title plus a quote) is the
    // headline in the page's own words: read once, as the title.
    if !story.prose_started && c.raw.kind == (BlockKind::Heading { level: 1 }) {
        if let Some(title) = story.title.as_deref() {
            if shared_words(title, &c.text) >= 0.6 {
                return Some(Verdict::Skip);
            }
        }
    }
    // Before the story: the headline with the byline after it in one run of text (a
    // `<br>` between them on older sites).
    if story.blocks.is_empty() {
        if let Some(title) = story.title_key.as_deref().filter(|t| t.len() >= 12) {
            if let Some(rest) = c.key.strip_prefix(title) {
                let after = text_after_key_prefix(&c.text, title.chars().count());
                if rest.is_empty() || crate::byline(after.trim()).is_some() {
                    return Some(Verdict::Skip);
                }
            }
        }
    }
    None
}

/// The share of `title`'s words (lower case, alphanumeric) that `other` also has.
fn shared_words(title: &str, other: &str) -> f64 {
    let words = |t: &str| -> HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (ours, theirs) = (words(title), words(other));
    if ours.is_empty() {
        return 0.0;
    }
    ours.intersection(&theirs).count() as f64 / ours.len() as f64
}

/// The text after its first `n` alphanumeric characters.
fn text_after_key_prefix(text: &str, n: usize) -> &str {
    let mut seen = 0;
    for (i, ch) in text.char_indices() {
        if seen == n {
            return &text[i..];
        }
        if ch.is_alphanumeric() {
            seen += ch.to_lowercase().count();
        }
    }
    ""
}

/// Above the story, before its prose has begun, a label of a few words without a
/// sentence's end ("Part of complete coverage on", "Episode description:", "What's your
/// reaction?", "January 29th, 2013 in Pop") is page furniture: a widget's title, a
/// kicker, a filing line. So is a heading that is a link (a section's name) or that
/// stands over the headline (the section's kicker). The headline is the title; a
/// standfirst is longer; a heading of the text's own heads what follows it.
fn lead_in_label(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    let heading = matches!(c.raw.kind, BlockKind::Heading { .. });
    let kicker = heading && (c.raw.link_chars * 2 >= visible_chars(&c.text) || c.next_is_headline);
    if story.prose_started || !(c.raw.kind == BlockKind::Paragraph || kicker) {
        return None;
    }
    let ends_sentence = c.text.ends_with(['.', '!', '"', '”', '»', '。', '！']);
    skip_if(words(&c.text) <= LABEL_WORDS && !ends_sentence)
}

/// Above the story, a paragraph or heading of at most this many words without a
/// sentence's end is a label.
const LABEL_WORDS: usize = 5;

/// A short text met before (a caption, pull quote or credit printed twice) is read
/// once. Table rows and paragraphs of several sentences are kept: the page says them
/// twice on purpose.
fn repeated(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    let first_time = story.seen.insert(c.key.clone());
    let sentences = c.text.matches(['.', '!', '?', '。']).count();
    let long_prose = c.raw.kind == BlockKind::Paragraph
        && sentences >= 2
        && c.text.chars().count() >= REPEATABLE_CHARS;
    (!first_time && c.raw.kind != BlockKind::TableRow && !long_prose).then_some(Verdict::Skip)
}

/// A paragraph of two sentences or more and this long is prose, not a caption or pull
/// quote, even when repeated.
const REPEATABLE_CHARS: usize = 150;

/// A heading that opens a rail ("Related stories", "Comments") ends the article, and
/// so do a short label paragraph saying the same ("You may also be interested in…")
/// and a rights notice ("Copyright 2024 … All rights reserved"): what follows it is
/// the site's, not the story's.
fn end_marker(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    if !story.stop_rules {
        return None;
    }
    let label =
        c.raw.kind == BlockKind::Paragraph && (is_end_label(&c.text) || is_rights_notice(&c.text));
    let section = matches!(c.raw.kind, BlockKind::Heading { .. }) && is_end_section(&c.text);
    if !(label || section) {
        return None;
    }
    // Above the story, the marker only heads a box: skip it, not the rest. Inside the
    // story, a heading over a box the story goes on after takes the box, not the rest.
    Some(if !story.prose_started {
        Verdict::Skip
    } else if let (true, Some(end)) = (section, c.story_after_box) {
        Verdict::SkipBox { end }
    } else {
        Verdict::End { drop_last: false }
    })
}

/// Another byline once the story is under way starts another story: a rail of
/// headlines with their bylines. Its first headline goes too.
fn later_byline(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    if !story.stop_rules
        || story.blocks.len() < 3
        || !story.prose_started
        || crate::byline(&c.text).is_none()
    {
        return None;
    }
    let drop_last = story.blocks.last().is_some_and(|(_, last)| {
        last.split_whitespace().count() <= 15 && !last.ends_with(['.', '!', '?', '"', '”'])
    });
    Some(Verdict::End { drop_last })
}

/// A line that is mostly a link is a related-story link, except a heading over a
/// paragraph of prose in the same box (a listicle's items link their names; a linked
/// headline alone in a teaser box is another story's) and an item of four words
/// or more in a list whose other items are written out (release notes, a round-up:
/// "Here's our year in review!" linked among points that are not).
fn link_line(c: &Candidate, _: &mut Story) -> Option<Verdict> {
    let heads_prose =
        matches!(c.raw.kind, BlockKind::Heading { .. }) && c.next_is_prose && !c.alone_in_box;
    let point_of_a_list = c.in_prose_list && words(&c.text) >= LIST_POINT_WORDS;
    skip_if(!heads_prose && !point_of_a_list && is_link_list(c.raw, &c.text))
}

fn early_byline(c: &Candidate, story: &mut Story) -> Option<Verdict> {
    skip_if(story.blocks.len() <= 2 && crate::byline(&c.text).is_some())
}

/// Passes the collected blocks through [`RULES`], then drops a closing run of
/// headlines (a rail of other stories). Without `stop_rules`, no rule ends the article
/// (the retry when the rules left almost nothing).
pub(super) fn assemble(
    raw: &[RawBlock],
    title: Option<&str>,
    stop_rules: bool,
) -> Vec<(BlockKind, String)> {
    let mut story = Story {
        blocks: Vec::new(),
        seen: HashSet::new(),
        title: title.map(str::to_string),
        title_key: title.map(comparable),
        kept: Vec::new(),
        stop_rules,
        after_counter: false,
        prose_started: false,
    };
    let mut skip_until = 0;
    let in_prose_list = prose_list_items(raw);
    'blocks: for (i, block) in raw.iter().enumerate() {
        if i < skip_until {
            continue;
        }
        let text = collapse_whitespace(&block.text);
        if text.is_empty() {
            continue;
        }
        let next_is_prose = raw.get(i + 1).is_some_and(|next| {
            next.kind == BlockKind::Paragraph
                && words(&next.text) >= PROSE_WORDS
                && next.link_chars * 4 < next.text.len()
        });
        let heading = matches!(block.kind, BlockKind::Heading { .. });
        let next_is_headline = heading
            && raw.get(i + 1).is_some_and(|next| {
                next.kind == (BlockKind::Heading { level: 1 })
                    || story.title_key.as_deref() == Some(comparable(&next.text).as_str())
            });
        // Looked for only under a rail's heading, so long pages stay linear.
        let story_after_box = block
            .box_end
            .filter(|&end| heading && end > i + 1 && end < raw.len())
            .filter(|_| is_end_section(&text))
            .filter(|&end| {
                raw[end..]
                    .iter()
                    .filter(|b| {
                        b.kind == BlockKind::Paragraph
                            && words(&b.text) >= PROSE_WORDS
                            && b.link_chars * 4 < b.text.len()
                            && ends_like_sentence(&b.text)
                    })
                    .nth(1)
                    .is_some()
            });
        let candidate = Candidate {
            raw: block,
            key: comparable(&text),
            text,
            next_is_prose,
            next_is_headline,
            story_after_box,
            in_prose_list: in_prose_list[i],
            alone_in_box: heading && block.box_end == Some(i + 1),
        };
        for (_, rule) in RULES {
            match rule(&candidate, &mut story) {
                None => {}
                Some(Verdict::Skip) => continue 'blocks,
                Some(Verdict::SkipBox { end }) => {
                    skip_until = end;
                    continue 'blocks;
                }
                Some(Verdict::End { drop_last }) => {
                    if drop_last {
                        story.blocks.pop();
                    }
                    break 'blocks;
                }
            }
        }
        // A last sentence that only points to a link ("Read our review here.") or
        // introduces what the page shows ("Watch the video below:"), and closing calls
        // on the reader ("Follow us on Twitter."), are not read; a
        // paragraph that was only that is skipped. (After the rules, which judge
        // the block as the page has it.)
        let text = match without_pointer_sentence(block, &candidate.text)
            .or_else(|| {
                (block.kind == BlockKind::Paragraph)
                    .then(|| {
                        without_embed_introducer(&candidate.text)
                            .or_else(|| without_closing_calls(&candidate.text))
                    })
                    .flatten()
            })
            .or_else(|| {
                matches!(
                    block.kind,
                    BlockKind::Paragraph | BlockKind::ListItem { .. }
                )
                .then(|| without_more_marker(&candidate.text))
                .flatten()
            }) {
            Some(rest) if rest.is_empty() => continue,
            Some(rest) => rest,
            None => candidate.text,
        };
        story.keep(i, block.kind, text);
    }
    let mut blocks = drop_pull_quotes(drop_box_titles(raw, story));
    if stop_rules {
        let run = blocks.iter().rev().take_while(|b| is_headline(b)).count();
        if run >= 2 && run < blocks.len() {
            blocks.truncate(blocks.len() - run);
        }
    }
    drop_closing_labels(&mut blocks);
    drop_bios_and_boilerplate(&mut blocks);
    blocks
}

/// The most words a closing label has ("Newscasts at 5, 6 and 10").
const CLOSING_LABEL_WORDS: usize = 8;

/// What ends the article and introduces nothing after it: a label of a few words ending
/// in a colon ("Related topics:", "Anzeige:") whose list was left out, or a few words
/// that are no sentence ("Print", "More news", "Artikel als PDF", "Newscasts at 5, 6
/// and 10", a placeholder "Loading..."): tool and rail labels left over at the foot of
/// the story. The next item of a numbered run ("22) …" after "21) …") is no label.
fn drop_closing_labels(blocks: &mut Vec<(BlockKind, String)>) {
    while blocks.len() > 1 {
        let (kind, text) = blocks.last().expect("two blocks or more");
        let introduces = text.trim_end().ends_with(':') && words(text) <= 8;
        // Two or three words trailing off ("Like Loading...", "Loading…") are a
        // widget's placeholder, not a sentence.
        let trails_off = words(text) <= 3 && {
            let end = text.trim_end();
            end.ends_with("...") || end.ends_with('…')
        };
        // Words are guessed in scripts without spaces, where a line of a few words
        // may be a sentence without its stop: the shorter bound there.
        let most = if text.chars().any(is_ideographic) {
            5
        } else {
            CLOSING_LABEL_WORDS
        };
        let label = matches!(kind, BlockKind::Paragraph | BlockKind::Heading { .. })
            && words(text) <= most
            && (!ends_like_sentence(text) || trails_off);
        let previous = &blocks[blocks.len() - 2].1;
        if !(introduces || label) || continues_numbering(previous, text) {
            break;
        }
        blocks.pop();
    }
}

/// "22) Board game" after "21) Fishing game", "3. Pack light" after "2. Book early":
/// the next item of a numbered run.
fn continues_numbering(previous: &str, text: &str) -> bool {
    let number = |s: &str| -> Option<(u32, char)> {
        let s = s.trim_start();
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mark = s[digits..].chars().next()?;
        if digits == 0 || !matches!(mark, ')' | '.') {
            return None;
        }
        Some((s[..digits].parse().ok()?, mark))
    };
    matches!((number(previous), number(text)), (Some((a, m)), Some((b, n))) if b == a + 1 && m == n)
}

/// A heading whose box's other blocks were all left out (a toolbar's "Story tools" over
/// its links, "Browse issues" over a teaser, "More from the Gazette" over related links
/// in the story) titles nothing read.
fn drop_box_titles(raw: &[RawBlock], story: Story) -> Vec<(BlockKind, String)> {
    let kept_raw: HashSet<usize> = story.kept.iter().copied().collect();
    story
        .blocks
        .into_iter()
        .zip(story.kept)
        .filter(|(_, i)| {
            let Some(end) = raw[*i].box_end.filter(|&end| end > i + 1) else {
                return true;
            };
            (i + 1..end).any(|j| kept_raw.contains(&j))
        })
        .map(|(block, _)| block)
        .collect()
}

/// A pull quote: a short quote or one-sentence paragraph (under 300 characters) whose
/// words all stand, in order, in another, longer block of the article. The text is
/// read where it stands.
fn drop_pull_quotes(blocks: Vec<(BlockKind, String)>) -> Vec<(BlockKind, String)> {
    let keys: Vec<String> = blocks.iter().map(|(_, t)| comparable(t)).collect();
    let is_heading = |i: usize| matches!(blocks[i].0, BlockKind::Heading { .. });
    let quoted: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, (kind, text))| {
            let one_sentence = text
                .trim_end_matches(['.', '!', '?', '"', '”', '’', '\''])
                .matches(['.', '!', '?'])
                .count()
                == 0;
            let quote = *kind == BlockKind::Quote;
            if !(quote || (*kind == BlockKind::Paragraph && one_sentence))
                || text.chars().count() >= 300
                || keys[i].chars().count() < 30
            {
                return false;
            }
            // A quote anywhere; a plain paragraph only beside its source, in the same
            // section (a sentence a text says twice far apart is said twice).
            let range = if quote {
                0..keys.len()
            } else {
                i.saturating_sub(PULL_QUOTE_REACH)..(i + PULL_QUOTE_REACH + 1).min(keys.len())
            };
            range.into_iter().any(|j| {
                let (a, b) = (i.min(j), i.max(j));
                j != i
                    && keys[j].len() > keys[i].len()
                    && (quote || !(a + 1..b).any(is_heading))
                    && keys[j].contains(&keys[i])
            })
        })
        .collect();
    blocks
        .into_iter()
        .zip(quoted)
        .filter(|(_, q)| !q)
        .map(|(b, _)| b)
        .collect()
}

/// How many blocks away a plain paragraph's source may stand for it to be a pull quote.
const PULL_QUOTE_REACH: usize = 3;

/// A short capitalized line without a sentence's end: a headline in a rail.
fn is_headline((kind, text): &(BlockKind, String)) -> bool {
    let words = text.split_whitespace().count();
    *kind == BlockKind::Paragraph
        && (3..=16).contains(&words)
        && text.starts_with(char::is_uppercase)
        && !text.ends_with(['.', '!', '?', '"', '”', ':', '…', ')', '。', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(kind: BlockKind, text: &str) -> RawBlock {
        RawBlock {
            kind,
            text: text.to_string(),
            link_chars: 0,
            tail_link: None,
            box_end: None,
        }
    }

    /// The texts `assemble` keeps of `blocks`, with every rule on.
    fn kept_texts(blocks: &[RawBlock]) -> Vec<String> {
        assemble(blocks, None, true)
            .into_iter()
            .map(|(_, text)| text)
            .collect()
    }

    const PROSE: &str = "The council voted on Tuesday to keep the library open on Sundays, after a year of shorter hours.";
    const PROSE_2: &str =
        "The mayor said the money would come from the parks budget, which had a surplus this year.";

    #[test]
    fn an_end_marker_above_the_story_drops_only_itself() {
        let blocks = [
            raw(BlockKind::Heading { level: 2 }, "Most read"),
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Heading { level: 2 }, "Related stories"),
            raw(
                BlockKind::Paragraph,
                "Another story with a long enough text to be prose, really.",
            ),
        ];
        let kept = assemble(&blocks, None, true);
        assert_eq!(kept, vec![(BlockKind::Paragraph, PROSE.to_string())]);
    }

    #[test]
    fn slideshow_counters_and_their_captions_are_not_read() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, "1/3 Bakery opens a second shop"),
            raw(
                BlockKind::Paragraph,
                "The family bakery on Mill Lane opens near the station.",
            ),
            raw(BlockKind::Paragraph, "2 of 3 Bike lanes approved"),
            raw(
                BlockKind::Paragraph,
                "Four new bike lanes will be painted this summer.",
            ),
        ];
        assert_eq!(
            assemble(&blocks, None, true),
            vec![(BlockKind::Paragraph, PROSE.to_string())]
        );
        // A date or a score is no counter.
        let score = [raw(
            BlockKind::Paragraph,
            "3/2 was the final score, and the crowd went home happy after all.",
        )];
        assert_eq!(assemble(&score, None, true).len(), 1);
    }

    #[test]
    fn buttons_and_consent_prompts_go_but_sentences_ending_in_links_stay() {
        let with_link = |text: &str, link: &str| RawBlock {
            kind: BlockKind::Paragraph,
            text: text.to_string(),
            link_chars: link.len(),
            tail_link: Some(link.to_string()),
            box_end: None,
        };
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            with_link(
                "Get our app for the latest news, wherever you are. Download now",
                "Download now",
            ),
            with_link(
                "Residents were urged to sign the petition.",
                "sign the petition",
            ),
            with_link(
                "To view this content, allow cookies for social media. Allow and continue",
                "Allow and continue",
            ),
            raw(
                BlockKind::Paragraph,
                "The regulator fined the firm for setting cookies before users had agreed to them.",
            ),
        ];
        let kept = kept_texts(&blocks);
        assert_eq!(
            kept,
            [
                PROSE,
                "Residents were urged to sign the petition.",
                "The regulator fined the firm for setting cookies before users had agreed to them."
            ]
        );
    }

    #[test]
    fn a_pull_quote_is_read_where_it_stands_only() {
        let body = "Unions welcomed the plan. \"People can do the same work in four days,\" an official said.";
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, body),
            raw(
                BlockKind::Quote,
                "\"People can do the same work in four days\"",
            ),
        ];
        assert_eq!(assemble(&blocks, None, true).len(), 2);
    }

    #[test]
    fn syndication_notices_and_social_plugs_are_furniture() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(
                BlockKind::Paragraph,
                "This article was reprinted on Example.com.",
            ),
            raw(
                BlockKind::Paragraph,
                "Follow the Gazette on Facebook, Twitter and Instagram.",
            ),
            raw(
                BlockKind::Paragraph,
                "Follow the river path north for two miles to reach the old mill.",
            ),
        ];
        assert_eq!(assemble(&blocks, None, true).len(), 2);
    }

    #[test]
    fn credits_contacts_and_subscription_notices_in_any_language_are_not_read() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, "личный архив Анны Ивановой"),
            raw(BlockKind::Paragraph, "Foto: Agência Brasil"),
            raw(
                BlockKind::Paragraph,
                "Email Ada Park at ada@example.com or follow her on social media.",
            ),
            raw(
                BlockKind::Paragraph,
                "You have been successfully subscribed!",
            ),
            raw(BlockKind::Paragraph, "SOURCE: Harbor Times"),
            raw(BlockKind::Paragraph, "Main article: Harbor history"),
            raw(BlockKind::Paragraph, "Oct 15, 2025 · 18 min read"),
            raw(BlockKind::Paragraph, "2025-03-10 09:58:03 Harbor desk"),
        ];
        assert_eq!(assemble(&blocks, None, true).len(), 1);
    }

    #[test]
    fn dates_with_weekday_names_are_stamps() {
        let blocks = [
            raw(BlockKind::Paragraph, "Tuesday, March 3, 2020"),
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, "Sat., Feb. 17"),
            raw(
                BlockKind::Paragraph,
                "Friday is the deadline for applications, the council said.",
            ),
        ];
        let kept = kept_texts(&blocks);
        assert_eq!(
            kept,
            [
                PROSE,
                "Friday is the deadline for applications, the council said."
            ]
        );
    }

    #[test]
    fn a_numbered_run_continues_but_a_new_number_does_not() {
        assert!(super::continues_numbering(
            "21) Fishing game",
            "22) Board game"
        ));
        assert!(super::continues_numbering("2. Book early", "3. Pack light"));
        assert!(!super::continues_numbering(
            "2. Book early",
            "4. Pack light"
        ));
        assert!(!super::continues_numbering(
            "The end.",
            "Newscasts at 5, 6 and 10"
        ));
    }

    #[test]
    fn labels_left_at_the_foot_of_the_story_are_not_read() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, PROSE_2),
            raw(BlockKind::Paragraph, "Related topics:"),
            raw(BlockKind::Heading { level: 3 }, "More news"),
            raw(BlockKind::Paragraph, "Print"),
            raw(BlockKind::Heading { level: 3 }, "Watch News 7"),
            raw(BlockKind::Paragraph, "Newscasts at 5, 6 and 10"),
            raw(BlockKind::Paragraph, "Like Loading..."),
        ];
        assert_eq!(assemble(&blocks, None, true).len(), 2);
        let signed = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, "See you next week!"),
        ];
        assert_eq!(assemble(&signed, None, true).len(), 2);
    }

    #[test]
    fn lines_of_scripts_without_spaces_are_not_widget_leftovers() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Paragraph, "营区水电方便而且水槽也很有特色"),
            raw(BlockKind::Paragraph, "关闭"),
        ];
        let kept = assemble(&blocks, None, true);
        assert_eq!(kept.len(), 2, "{kept:?}");
    }

    #[test]
    fn a_top_heading_in_other_words_than_the_title_is_the_headline() {
        let blocks = [
            raw(
                BlockKind::Heading { level: 1 },
                "High School Roundup: Viera Defeats Rockledge",
            ),
            raw(BlockKind::Paragraph, PROSE),
            raw(
                BlockKind::Heading { level: 1 },
                "Rockledge Defeats Viera Again",
            ),
            raw(BlockKind::Paragraph, PROSE_2),
        ];
        let kept = assemble(&blocks, Some("HS Roundup: Viera defeats Rockledge"), true);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert_eq!(kept[0].1, PROSE);
    }

    #[test]
    fn more_stories_labels_end_the_article() {
        for label in ["More Great Stories", "More in Milan"] {
            let blocks = [
                raw(BlockKind::Paragraph, PROSE),
                raw(BlockKind::Paragraph, label),
                raw(
                    BlockKind::Paragraph,
                    "Another story with a long enough text to be prose, really.",
                ),
            ];
            assert_eq!(assemble(&blocks, None, true).len(), 1, "{label}");
        }
        let sentence = [
            raw(BlockKind::Paragraph, PROSE),
            raw(
                BlockKind::Paragraph,
                "More in the next issue, the editors promise, with photographs.",
            ),
        ];
        assert_eq!(assemble(&sentence, None, true).len(), 2);
    }

    #[test]
    fn without_stop_rules_nothing_ends_the_article() {
        let blocks = [
            raw(BlockKind::Paragraph, PROSE),
            raw(BlockKind::Heading { level: 2 }, "Related stories"),
            raw(
                BlockKind::Paragraph,
                "A second paragraph of the same story follows here, long.",
            ),
        ];
        assert_eq!(assemble(&blocks, None, true).len(), 1);
        assert_eq!(assemble(&blocks, None, false).len(), 2);
    }

    #[test]
    fn a_headline_run_together_with_its_byline_is_not_read() {
        let blocks = [
            raw(
                BlockKind::Paragraph,
                "Library Keeps Sunday Hours By Ada Park, Staff Writer",
            ),
            raw(BlockKind::Paragraph, PROSE),
        ];
        let kept = assemble(&blocks, Some("Library Keeps Sunday Hours"), true);
        assert_eq!(kept, vec![(BlockKind::Paragraph, PROSE.to_string())]);
        assert_eq!(text_after_key_prefix("Ab, c-d efg", 4), " efg");
    }
}
