//! Line rules: blocks that are boilerplate by their text alone (promotions, credits,
//! stamps, widget leftovers, link lists), and which runs of list items are written out
//! (their linked points are points, not related links).

use crate::BlockKind;

use super::collect::RawBlock;
use super::reader_calls::sentences;
use super::stats::{is_ideographic, visible_chars, words};
use crate::collapse_whitespace;

/// A photo credit line: "Natalie Naccache | Bloomberg | Getty Images", "Photo: AP".
pub(super) fn is_photo_credit(text: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "getty images",
        "shutterstock",
        "ap photo",
        "associated press",
        "reuters",
        "afp",
        "bloomberg",
        "epa",
        "alamy",
        "istock",
    ];
    let lower = text.to_lowercase();
    let short = text.chars().count() < 100 && !text.ends_with(['.', '!', '?']);
    let labelled = phrases!("photo-credit-openings.txt")
        .iter()
        .any(|l| lower.starts_with(l));
    let agency = AGENCIES.iter().any(|a| lower.contains(a));
    short && (labelled || (agency && (text.contains(" | ") || text.contains(" / "))))
}

/// Leftovers of widgets: one or two words without a full stop ("Close", "Caption",
/// "Advert", "14h", "•"), never a sentence, a numbered label ("Step 1", "Part 2") or a
/// line of a script written without spaces (eight ideographs or more).
pub(super) fn is_fragment(raw: &RawBlock, text: &str) -> bool {
    if !matches!(raw.kind, BlockKind::Paragraph | BlockKind::Caption) {
        return false;
    }
    let words = text.split_whitespace().count();
    let has_letters = text.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let short = text.chars().count() < 24;
    let ideographs = text.chars().filter(|&c| is_ideographic(c)).count();
    let parts: Vec<&str> = text.split_whitespace().collect();
    let numbered_label = parts.len() == 2
        && parts[0].chars().all(char::is_alphabetic)
        && parts[1].chars().all(|c| c.is_ascii_digit())
        && !matches!(
            parts[0].to_lowercase().as_str(),
            "image" | "photo" | "picture" | "slide" | "page" | "video"
        );
    !has_letters
        || (short
            && words <= 2
            && ideographs < 8
            && !numbered_label
            && !text.ends_with(['.', '!', '?', '"', '”', ':', '。', '！', '？']))
}

/// Date and copyright stamps: "Updated: Sat 8:31 PM, Feb 17, 2018", "© 2019 Press TV".
pub(super) fn is_stamp(text: &str) -> bool {
    let lower = text.to_lowercase();
    let short = text.chars().count() < 120;
    let stamp_openings = [
        "posted:",
        "posted on",
        "updated:",
        "updated on",
        "last updated",
        "published:",
        "published on",
        "published ",
    ];
    short
        && (stamp_openings.iter().any(|o| lower.starts_with(o))
            && lower.chars().any(|c| c.is_ascii_digit())
            || lower.starts_with("copyright")
            || lower.starts_with('©')
            || lower.contains("all rights reserved")
            || lower.starts_with("updated at ")
            || is_bare_date(&lower)
            || is_dateline_stamp(&lower))
}

/// A rights notice under the story: "Copyright 2024 The Associated Press. All rights
/// reserved. This material may not be published, broadcast, rewritten or
/// redistributed.", "© 2025 Example Media Ltd": under 300 characters, ten words or
/// fewer opening with "Copyright" or "©" and a year, or saying that rights are
/// reserved or the text may not be reused. ("Copyright holders said…" opens no
/// notice.)
pub(super) fn is_rights_notice(text: &str) -> bool {
    if text.chars().count() >= 300 {
        return false;
    }
    let lower = text.to_lowercase();
    // The year within the first three words: "Copyright 2024", "© 2019", "Copyright ©
    // 2020-2025".
    let opening: String = lower
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let opens_with_year =
        (lower.starts_with("copyright") || lower.starts_with('©') || lower.starts_with("(c)"))
            && opening
                .split(|c: char| !c.is_ascii_digit())
                .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    const RESERVED: &[&str] = &[
        "all rights reserved",
        "may not be published",
        "may not be reproduced",
        "may not be reprinted",
        "may not be republished",
        "may not be redistributed",
    ];
    // A sentence may open with "Copyright 2024 …" too; a notice of that kind is short.
    (opens_with_year && lower.split_whitespace().count() <= 10)
        || RESERVED.iter().any(|r| lower.contains(r))
}

/// A short line holding a year and a clock time and little else, in any language:
/// "November 19, 2019 / 12:21 AM / Updated 14 hours ago", "sexta-feira, 22 de
/// outubro de 2010 às 20:13".
pub(super) fn is_dateline_stamp(lower: &str) -> bool {
    let words = lower.split_whitespace().count();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let has_clock = lower.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_digit() && c != ':');
        // h:mm or h:mm:ss
        let mut parts = w.split(':');
        let hours = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        (1..=2).contains(&hours.len())
            && (1..=2).contains(&rest.len())
            && rest.iter().all(|p| p.len() == 2)
            && hours
                .chars()
                .chain(rest.iter().flat_map(|p| p.chars()))
                .all(|c| c.is_ascii_digit())
    });
    let limit = if lower.contains("updated") { 16 } else { 12 };
    words <= limit && has_year && has_clock && !lower.ends_with(['.', '!', '?'])
}

/// Newsroom furniture that is not the story: gallery counters ("Image 1 of 5"),
/// captions by their marks ("FILE PHOTO: …", "… (Credit: Getty Images)"), reporting
/// credits ("Reporting by …; Editing by …"), comment-moderation notices, and leftover
/// CSS-like tokens ("narrow-browser-and-phone").
pub(super) fn is_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let gallery = words.len() == 4
        && matches!(words[0], "image" | "photo" | "picture" | "slide")
        && words[2] == "of"
        && words[1].chars().all(|c| c.is_ascii_digit())
        && words[3].chars().all(|c| c.is_ascii_digit());
    let short = text.chars().count() < 300;
    let caption = lower.starts_with("file photo:")
        || lower.starts_with("file picture:")
        || (short
            && lower.ends_with(')')
            && [
                "(credit:",
                "(photo:",
                "(image:",
                "(picture:",
                "(photo by",
                "(getty images",
            ]
            .iter()
            .any(|m| lower.contains(m)));
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let credits = text.chars().count() < 300
        && (phrases!("furniture-openings.txt")
            .iter()
            .any(|o| opening.starts_with(o))
            || phrases!("furniture-phrases.txt")
                .iter()
                .any(|p| lower.contains(p)));
    // "Follow the Gazette on Facebook, Twitter and Instagram."
    let social = [
        "facebook",
        "twitter",
        "instagram",
        "linkedin",
        "tiktok",
        "youtube",
    ];
    let follow =
        short && opening.starts_with("follow ") && social.iter().any(|s| lower.contains(s));
    // "5 min read".
    let reading_time = text.chars().count() < 48
        && (lower.ends_with("min read") || lower.ends_with("minute read"));
    // A lone e-mail address (the reporter's).
    let address = words.len() == 1
        && lower.contains('@')
        && lower
            .rsplit('@')
            .next()
            .is_some_and(|domain| domain.contains('.'));
    let moderation = short
        && (lower.contains("comment") || lower.contains("comentário"))
        && [
            "moderator",
            "moderated",
            "moderating",
            "moderation",
            "moderador",
            "moderação",
        ]
        .iter()
        .any(|m| lower.contains(m));
    let css_token = words.len() == 1
        && lower.contains('-')
        && lower.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    let standards = lower.starts_with("our standards:");
    let contact = (lower.starts_with("write to ")
        || lower.starts_with("email ")
        || lower.starts_with("e-mail "))
        && lower.contains('@')
        && short;
    let widget = [
        "related tags",
        "post comment",
        "tags:",
        "this article has been sent to",
        "an error has occurred",
    ]
    .iter()
    .any(|o| lower.starts_with(o));
    gallery
        || caption
        || credits
        || address
        || follow
        || reading_time
        || moderation
        || css_token
        || standards
        || contact
        || widget
}

/// "November 18, 2019", "18 November 2019", "2019-11-18", "Tuesday, March 3, 2020",
/// "Sat., Feb. 17".
pub(super) fn is_bare_date(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let is_weekday = |w: &str| {
        let w = w.trim_end_matches('.');
        w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(w))
    };
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // A weekday in front ("Tuesday, March 3, 2020") leaves the date itself.
    let words: Vec<&str> = match words.split_first() {
        Some((first, rest)) if is_weekday(first) && !rest.is_empty() => rest.to_vec(),
        _ => words,
    };
    if words.len() > 4 {
        return false;
    }
    let month = words
        .iter()
        .filter(|w| {
            MONTHS
                .iter()
                .any(|m| m.starts_with(w.trim_end_matches('.')) && w.len() >= 3)
        })
        .count();
    let numbers = words
        .iter()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '/')
        })
        .count();
    (month == 1 && numbers >= 1 && month + numbers == words.len())
        || (words.len() == 1 && numbers == 1 && lower.len() >= 8)
}

/// In-body promotions and calls to action, by their opening words.
pub(super) fn is_promo(text: &str) -> bool {
    let openings = phrases!("promo-openings.txt");
    let lower = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let short = text.chars().count() < 220;
    let anywhere = phrases!("promo-phrases.txt");
    if text.chars().count() < 300 && anywhere.iter().any(|a| lower.contains(a)) {
        return true;
    }
    // A sentence that tells the reader to sign up for a newsletter ("Sign up for the
    // free daily newsletter."), in a short paragraph: a story about newsletters says
    // "subscribe" without telling the reader to.
    let asks_to_sign_up = sentences(text).into_iter().any(|s| {
        let s = s
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        (s.starts_with("sign up") || s.starts_with("subscribe")) && s.contains("newsletter")
    });
    if text.chars().count() < 300 && asks_to_sign_up {
        return true;
    }
    openings.iter().any(|o| lower.starts_with(o))
        && (short || text.chars().take(12).all(|c| !c.is_lowercase()))
}

/// A short paragraph that is mostly link text: a "related stories" line.
pub(super) fn is_link_list(raw: &RawBlock, text: &str) -> bool {
    let len = visible_chars(text);
    len > 0 && len < 300 && raw.link_chars * 10 >= len * 8 && raw.kind != BlockKind::Title
}

/// Words an item of a list needs to count as a point written out.
pub(super) const LIST_POINT_WORDS: usize = 4;

/// For each collected block, whether it is an item of a run of list items of which at
/// least two, and at least half, are points written out ([`LIST_POINT_WORDS`] words or
/// more, not mostly a link), and not after the last of those. A list of links (related
/// stories, a menu) has none.
pub(super) fn prose_list_items(raw: &[RawBlock]) -> Vec<bool> {
    let mut marks = vec![false; raw.len()];
    let mut i = 0;
    while i < raw.len() {
        if !matches!(raw[i].kind, BlockKind::ListItem { .. }) {
            i += 1;
            continue;
        }
        let end = (i..raw.len())
            .find(|&k| !matches!(raw[k].kind, BlockKind::ListItem { .. }))
            .unwrap_or(raw.len());
        let is_written = |b: &RawBlock| {
            let text = collapse_whitespace(&b.text);
            words(&text) >= LIST_POINT_WORDS && !is_link_list(b, &text)
        };
        let written: Vec<usize> = (i..end).filter(|&k| is_written(&raw[k])).collect();
        if written.len() >= 2 && written.len() * 2 >= end - i {
            // Up to the last point written out: a link after it ("Visit our homepage
            // for more stories") is a promotion tacked on, not a point.
            let last = *written.last().expect("two or more");
            marks[i..=last].fill(true);
        }
        i = end;
    }
    marks
}

/// A button-like block: short, ending with a link that calls to action ("Get the app
/// for the latest news. Download now"), no full stop after it.
pub(super) fn is_call_to_action(raw: &RawBlock, text: &str) -> bool {
    let Some(link) = raw.tail_link.as_deref() else {
        return false;
    };
    let verb = link
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    text.chars().count() < 250
        && link.split_whitespace().count() <= 6
        && text.trim_end().ends_with(link)
        && phrases!("cta-verbs.txt").contains(&verb.as_str())
}

/// A consent notice, or an embed's consent prompt in place of the embed.
pub(super) fn is_consent_prompt(raw: &RawBlock, text: &str) -> bool {
    if text.chars().count() >= 500 {
        return false;
    }
    let lower = text.to_lowercase();
    phrases!("consent-phrases.txt")
        .iter()
        .any(|p| lower.contains(p))
        && (lower.contains("cookie") || lower.contains("third part") || raw.tail_link.is_some())
}

#[cfg(test)]
mod tests {
    use super::{is_promo, is_rights_notice};

    #[test]
    fn rights_notices_but_not_sentences_about_copyright() {
        for notice in [
            "Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
            "© 2025 Example Media Ltd",
            "(c) 2019 Lakeside Ledger. Reproduction without permission is prohibited.",
            "This article may not be reproduced without the permission of the publisher.",
        ] {
            assert!(is_rights_notice(notice), "{notice}");
        }
        for sentence in [
            "Copyright holders said the ruling of 2024 would change how songs are licensed.",
            "Copyright 2024 rules were debated by the committee on Tuesday, members said.",
            "The band said its songs are all owned by the label now.",
        ] {
            assert!(!is_rights_notice(sentence), "{sentence}");
        }
    }

    #[test]
    fn promotions_are_known_by_their_opening_in_several_languages() {
        for promo in [
            "For the latest news, weather, sports, and streaming video, head to News 7.",
            "For breaking news alerts, download our free app.",
            "READ MORE: Council to vote on the harbour plan",
            "Please follow Money Matters on social media.",
            "► À lire aussi : le festival revient en mai",
            "Lesen Sie auch: Was andere Städte gelernt haben",
            "Leia também: as obras do metrô",
            "Start your day with the Morning Wire. Sign up for the free daily newsletter.",
            "Subscribe to the weekend newsletter for more stories like this one!",
            "Get the latest updates right in your inbox. Subscribe to NJ.com's newsletters.",
            "Up Next Governments are bad at social media, but you deserve some blame",
        ] {
            assert!(is_promo(promo), "{promo}");
        }
        for text in [
            "Readers who follow the council closely were not surprised by the vote.",
            "La bibliothécaire espère que les habitants prendront le temps de lire aussi bien les romans que les revues.",
            "More than a million readers subscribe to her newsletter, which she started in 2019.",
        ] {
            assert!(!is_promo(text), "{text}");
        }
    }
}
