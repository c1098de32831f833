//! End-of-article rules: headings and labels that open the rails after a story.

/// Headings that open the rails and boxes after an article.
pub(super) fn is_end_section(heading: &str) -> bool {
    let ends = phrases!("end-sections.txt");
    let lower = heading
        .trim()
        .trim_end_matches([':', '.', '!', '…'])
        .to_lowercase();
    let lower = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    let short_label = lower.split_whitespace().count() <= 5 && !heading.contains('?');
    let endings = phrases!("end-section-endings.txt");
    more_of_something(lower)
        || ends.contains(&lower)
        || (short_label && ends.iter().any(|e| e.len() > 8 && lower.starts_with(e)))
        || (short_label && endings.iter().any(|e| lower.ends_with(e)))
}

/// A paragraph that only announces what follows the article ("You may also be
/// interested in..."). Labels met inside articles ("Related", "Also read") are not.
pub(super) fn is_end_label(text: &str) -> bool {
    let labels = phrases!("end-labels.txt");
    let lower = text
        .trim()
        .trim_end_matches(['.', ':', '…', '!'])
        .trim()
        .to_lowercase();
    labels.contains(&lower.as_str()) || more_of_something(&lower)
}

/// "More Great Stories", "More in Milan", "More from the Times": a short label
/// (five words or fewer) that opens a list of other pages.
fn more_of_something(lower: &str) -> bool {
    const LISTS: &[&str] = &[
        "stories",
        "news",
        "articles",
        "videos",
        "coverage",
        "reads",
        "headlines",
        "posts",
    ];
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() <= 5
        && words.first() == Some(&"more")
        && (words
            .get(1)
            .is_some_and(|w| matches!(*w, "in" | "from" | "on"))
            && words.len() <= 4
            || words.len() >= 2 && words.last().is_some_and(|w| LISTS.contains(w)))
}
