//! The standfirst: the sentence or two under the headline that sums the story up ("Talks
//! broke down late on Tuesday after the operator refused to improve its pay offer").
//! Sites often set it beside the headline, outside the container that holds the story,
//! so the root misses it; a newsreader reads it after the headline. It is the first
//! element with text after the `<h1>` that carries the title (climbing at most two
//! levels when the `<h1>` is alone in a header box), when that text is a line of prose:
//! six to sixty words, few of them links, no picture or hidden text, not in a box the
//! page marks as furniture (unless its class names a dek), no byline, credit, date
//! stamp, promotion or label. It becomes a [`crate::BlockKind::Standfirst`] block after
//! the title.

use scraper::{ElementRef, Html, Selector};

use super::comparable;
use super::lines::{is_furniture, is_promo, is_stamp};
use super::marks::{class_and_id, components, has_boilerplate_marks, is_hidden, SKIP_TAGS};
use super::stats::{words, TextStats};
use crate::collapse_whitespace;

/// Elements after the headline looked at before giving up.
const LOOK_AHEAD: usize = 3;

/// Class/id words that name a standfirst.
const DEK_WORDS: &[&str] = &[
    "dek",
    "deck",
    "standfirst",
    "subtitle",
    "subheadline",
    "subhead",
    "summary",
    "lede",
    "strapline",
];

pub(super) fn standfirst(doc: &Html, stats: &TextStats, title: &str) -> Option<String> {
    let key = comparable(title);
    let h1_selector = Selector::parse("h1").expect("static selector");
    let h1 = doc
        .select(&h1_selector)
        .find(|h| comparable(&h.text().collect::<String>()) == key)?;
    let mut anchor = h1;
    for _ in 0..3 {
        let mut looked = 0;
        for sibling in anchor.next_siblings().filter_map(ElementRef::wrap) {
            let el = sibling.value();
            if SKIP_TAGS.contains(&el.name()) || is_hidden(el) || stats.get(sibling.id()).text == 0
            {
                continue;
            }
            looked += 1;
            if looked > LOOK_AHEAD {
                break;
            }
            let text = collapse_whitespace(&sibling.text().collect::<String>());
            if is_standfirst(sibling, stats, &text) && !marked_as_furniture(sibling) {
                return Some(text);
            }
            // A byline, a date or a label between the headline and the standfirst is
            // passed over; prose of the story itself ends the search.
            if words(&text) > 60 {
                return None;
            }
        }
        // The headline alone in its box (`<header><h1>…</h1></header>`): look after the box.
        let parent = anchor.parent().and_then(ElementRef::wrap)?;
        if parent.children().filter_map(ElementRef::wrap).count() > 2 {
            return None;
        }
        anchor = parent;
    }
    None
}

/// A box the page marks as furniture (an audio player, a share bar, a byline), unless
/// it names itself a dek ("article-header__dek": "header" is a mark).
fn marked_as_furniture(e: ElementRef) -> bool {
    let names_a_dek = components(&class_and_id(e.value()))
        .iter()
        .any(|c| DEK_WORDS.contains(&c.as_str()));
    !names_a_dek
        && e.descendants()
            .filter_map(ElementRef::wrap)
            .any(|d| has_boilerplate_marks(d.value()))
}

fn is_standfirst(e: ElementRef, stats: &TextStats, text: &str) -> bool {
    let name = e.value().name();
    let lower = text.to_lowercase();
    let counts = stats.get(e.id());
    matches!(name, "p" | "div" | "h2" | "h3" | "span" | "section")
        // A picture's caption or credit, not a summary.
        && counts.images == 0
        // One block: several paragraphs are the story itself.
        && counts.paragraphs <= 1
        && !e.descendants().filter_map(ElementRef::wrap).any(|d| {
            let el = d.value();
            matches!(el.name(), "figure" | "figcaption") || is_hidden(el)
        })
        && (6..=60).contains(&words(text))
        && !is_credit_line(text)
        && !has_date_or_time(&lower)
        && !["updated", "posted", "published", "last updated"]
            .iter()
            .any(|w| lower.starts_with(w))
        && stats.link_density(e.id()) < 0.1
        && crate::byline(text).is_none()
        && !lower.starts_with("by ")
        && !is_stamp(text)
        && !is_promo(text)
        && !is_furniture(text)
        && !text.trim_end().ends_with(':')
}

/// "Steve Peoples, AP National Political Writer", "Meg Kinnard and Errin Haines,
/// Associated Press", "Analysis by Chris Cillizza", "Written by … Edited by …": names
/// and roles, not a summary. A line of a dozen words or fewer, nearly all capitalized,
/// or one with "by" among its first three words.
fn is_credit_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalized = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let by_early = words.iter().take(3).any(|w| w.eq_ignore_ascii_case("by"));
    by_early || (words.len() <= 12 && capitalized * 5 >= words.len() * 4)
}

/// A clock time ("13:42", "1:35 a.m.") or a month's name beside a year: a date line
/// ("24 July 2015 From the section…", "November 20, 2019 12:32").
fn has_date_or_time(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "janv",
        "févr", "avr", "mai", "juin", "juil", "août", "sept", "déc", "ene", "abr", "ago", "dic",
        "mär", "okt", "dez",
    ];
    let bytes = lower.as_bytes();
    let clock = bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m) && w.len() <= 9));
    clock || (year && month)
}

#[cfg(test)]
mod tests {
    use super::{has_date_or_time, is_credit_line};
    use crate::BlockKind;

    #[test]
    fn a_dek_in_a_header_box_is_read_after_the_title() {
        let page = r#"<html><head><title>Bridge reopens after repairs</title></head><body>
            <header class="article-header"><h1>Bridge reopens after repairs</h1>
            <p class="article-header__dek">Drivers can use the river crossing again after
            eight months of work on its cables</p></header>
            <div class="story"><p>The bridge over the river reopened on Monday morning, eight
            months after engineers closed it to replace cables that had rusted through, the
            county said.</p><p>Traffic was light in the first hours, but officials expect the
            usual queues to return by the end of the week as commuters come back.</p></div>
            </body></html>"#;
        let article = super::super::extract(page, None);
        let kinds: Vec<_> = article.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds[..3],
            [
                BlockKind::Title,
                BlockKind::Standfirst,
                BlockKind::Paragraph
            ]
        );
        assert!(article.blocks[1].text.starts_with("Drivers can use"));
    }

    #[test]
    fn credits_and_date_lines_are_no_standfirst() {
        for credit in [
            "Steve Peoples, AP National Political Writer",
            "Meg Kinnard and Errin Haines, Associated Press",
            "Analysis by Chris Cillizza, CNN Editor-at-large",
        ] {
            assert!(is_credit_line(credit), "{credit}");
        }
        assert!(!is_credit_line(
            "Twenty teams have punched tickets for next summer's tournament"
        ));
        assert!(has_date_or_time(
            "24 july 2015 from the section us & canada"
        ));
        assert!(has_date_or_time("nissan november 20, 2019 13:42"));
        assert!(!has_date_or_time(
            "a plan to cut the cost of solar panels by 2030"
        ));
    }
}
