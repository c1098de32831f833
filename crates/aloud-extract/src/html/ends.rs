//! End-of-article rules: headings and labels that open the rails after a story.

/// Headings that open the rails and boxes after an article.
pub(super) fn is_end_section(heading: &str) -> bool {
    const ENDS: &[&str] = &[
        "comments",
        "comment",
        "related",
        "related stories",
        "related articles",
        "related content",
        "related coverage",
        "recommended",
        "recommended stories",
        "recommended for you",
        "you may also like",
        "you might also like",
        "more stories",
        "more from",
        "more on this",
        "read more",
        "read next",
        "most read",
        "most popular",
        "popular",
        "trending",
        "latest stories",
        "our latest stories",
        "latest news",
        "about the author",
        "tell us what you think",
        "have your say",
        "join the conversation",
        "leave a comment",
        "leave a reply",
        "share this",
        "share this article",
        "further reading",
        "what to read next",
        "top stories",
        "editor's picks",
        "more great wired stories",
        "você pode gostar",
        "you may also be interested in",
        "you may be interested in",
        "you might be interested in",
    ];
    let lower = heading
        .trim()
        .trim_end_matches([':', '.', '!', '…'])
        .to_lowercase();
    let lower = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    let short_label = lower.split_whitespace().count() <= 5 && !heading.contains('?');
    ENDS.contains(&lower)
        || (short_label && ENDS.iter().any(|e| e.len() > 8 && lower.starts_with(e)))
}

/// A paragraph that only announces what follows the article ("You may also be
/// interested in..."). Labels met inside articles ("Related", "Also read") are not.
pub(super) fn is_end_label(text: &str) -> bool {
    const LABELS: &[&str] = &[
        "you may also be interested in",
        "you may be interested in",
        "you might be interested in",
        "you may also like",
        "you might also like",
        "recommended for you",
        "more stories",
        "most read",
        "most popular",
        "read next",
        "what to read next",
        "our latest stories",
        "latest stories",
        "top stories",
        "editor's picks",
        "você pode gostar",
        "vous aimerez aussi",
        "das könnte sie auch interessieren",
    ];
    let lower = text
        .trim()
        .trim_end_matches(['.', ':', '…', '!'])
        .trim()
        .to_lowercase();
    LABELS.contains(&lower.as_str())
}
