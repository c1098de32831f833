//! Line rules by shape rather than by phrase: page furniture whatever its language,
//! known by how it is built — a menu or breadcrumb of short parts between separators,
//! a tag or category line, a row of page numbers, a line that is mostly a web address.
//! None of these is ever a sentence a listener needs.

/// Does the text end like a sentence (or a quotation closing one)?
pub(super) fn ends_like_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', '»', ')'])
        .ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// "Home / Health / Diet / How to eat well", "Comments feed | Comments closed |
/// Trackback URL", "May 3, 2017 / / /": three or more short parts between `|`, `•`,
/// `·`, `/`, `›` or `»` (spaced), each capitalized and not a sentence but perhaps the
/// last (the page's own headline at the end of a breadcrumb).
pub(super) fn is_menu_line(text: &str) -> bool {
    if text.chars().count() >= 200 {
        return false;
    }
    let parts: Vec<String> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .split(|w| matches!(*w, "|" | "•" | "·" | "/" | "›" | "»" | "//"))
        .map(|p| p.join(" "))
        .collect();
    if parts.len() < 3 {
        return false;
    }
    let (last, rest) = parts.split_last().expect("three parts or more");
    // Menu entries are capitalized or numbered ("I love it / it segfaulted / …" is a
    // sentence with slashes).
    let entry = |p: &String| {
        p.is_empty()
            || (p.split_whitespace().count() <= 4
                && !ends_like_sentence(p)
                && p.starts_with(|c: char| c.is_uppercase() || c.is_numeric()))
    };
    rest.iter().all(entry) && last.split_whitespace().count() <= 12
}

/// "Tags: schools, education", "Keywords wine, pinot noir, Ahr Valley", "Category: Blog",
/// "Schlagworte: Schule, Bildung", "Tags :": a tag, keyword or category label
/// (`data/tag-labels.txt`) with a colon or a list of three or more after it, and no
/// sentence.
pub(super) fn is_tag_line(text: &str) -> bool {
    if text.chars().count() >= 250 || ends_like_sentence(text) {
        return false;
    }
    let lower = text.to_lowercase();
    phrases!("tag-labels.txt").iter().any(|label| {
        let Some(rest) = lower.strip_prefix(label) else {
            return false;
        };
        if rest.starts_with(char::is_alphanumeric) {
            return false; // "Tagesschau", "Categorically"
        }
        let rest = rest.trim_start();
        rest.starts_with(':') || rest.matches(',').count() >= 2
    })
}

/// "Pages: 1 2 3 4", "Seite 1 2 3 Next", "1 | 2 | 3": consecutive page numbers, perhaps
/// with one word before and one after.
pub(super) fn is_pagination(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|w| !w.is_empty())
        .collect();
    let numbers: Vec<u32> = words
        .iter()
        .filter(|w| w.len() <= 3)
        .filter_map(|w| w.parse().ok())
        .collect();
    // Consecutive, as page numbers are (a line score "Rockledge 14 11 6 15 — 44" is not).
    let consecutive = numbers.windows(2).all(|pair| pair[1] == pair[0] + 1);
    numbers.len() >= 2
        && consecutive
        && words.len() <= numbers.len() + 2
        && text.chars().count() < 80
}

/// "Permalink https://example.org/p/3WRPd", "Printed from: https://…": a short line of
/// which web addresses are half or more. An address inside a sentence, or in a list
/// item that names what it links to, stays.
pub(super) fn is_address_line(text: &str) -> bool {
    let total = text.chars().count();
    if total >= 250 {
        return false;
    }
    let url_chars: usize = text
        .split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        .map(|w| w.chars().count())
        .sum();
    url_chars > 0 && url_chars * 2 >= total && !ends_like_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_and_breadcrumbs_are_furniture_sentences_with_slashes_are_not() {
        assert!(is_menu_line(
            "Kommentarfeed | Kommentare geschlossen | Trackback-URL"
        ));
        assert!(is_menu_line(
            "Home / Fit & Gesund / Diät & Ernährung / Wie kann ich schnell abnehmen?"
        ));
        assert!(is_menu_line("May 3, 2017 / / /"));
        assert!(is_menu_line("News › Local › Schools"));
        assert!(!is_menu_line(
            "The council voted 5 / 4 in favour of the plan."
        ));
        assert!(!is_menu_line("Rain / shine"));
        assert!(!is_menu_line(
            "I love it / it segfaulted / there's a problem in the manual!"
        ));
        assert!(!is_menu_line(
            "He said the and/or clause was vague | and the lawyers agreed, so the draft went back to the committee for another reading | then it passed."
        ));
    }

    #[test]
    fn tag_lines_are_known_by_their_label() {
        assert!(is_tag_line("Tags: schools, education"));
        assert!(is_tag_line("Tags :"));
        assert!(is_tag_line(
            "Keywords wine, pinot noir, Ahr Valley, vineyard"
        ));
        assert!(is_tag_line("Schlagworte: Schule, Bildung"));
        assert!(is_tag_line("Category: Blog Popular"));
        assert!(!is_tag_line("Categorically, the answer is no"));
        assert!(!is_tag_line(
            "Topics at the meeting included roads, parks and schools."
        ));
        assert!(!is_tag_line("Tagesschau, ZDF, ARD"));
    }

    #[test]
    fn page_numbers_and_address_lines() {
        assert!(is_pagination("Pages: 1 2 3 4"));
        assert!(is_pagination("1 | 2 | 3 | Next"));
        assert!(!is_pagination("In 2019 2 of 3 voters stayed home"));
        assert!(!is_pagination("Rockledge 14 11 6 15 — 44"));
        assert!(is_address_line("Permalink https://example.org/p/3WRPd"));
        assert!(!is_address_line(
            "2) Board game, travel edition http://example.org/x1"
        ));
        assert!(!is_address_line(
            "The full report is at https://example.org/r and runs to 40 pages of tables and notes."
        ));
    }
}
