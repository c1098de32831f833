//! Property tests: any bytes give an article or a clear error, never a panic; markup
//! soup built from real tags extracts without panicking and with valid spans.

use aloud_extract::source::decode;
use aloud_extract::{extract, html, DocumentKind};
use proptest::prelude::*;

fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"story\">".to_string()),
        Just("</div>".to_string()),
        Just("<article>".to_string()),
        Just("<a href=x>".to_string()),
        Just("</a>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<li>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<br>".to_string()),
        Just("<form>".to_string()),
        Just("<nav>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<figure><figcaption>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<blockquote>".to_string()),
        Just("<blockquote class=\"twitter-tweet\"><p>".to_string()),
        Just("</blockquote>".to_string()),
        Just("<div class=\"paywall\">".to_string()),
        Just("<div class=\"caption-text\">".to_string()),
        Just("<tr class=\"player-1\"><td>".to_string()),
        Just("<p>By JANE ROE</p>".to_string()),
        Just("<p>You may also be interested in...</p>".to_string()),
        Just("<p>Image 1 of 5</p>".to_string()),
        Just("<img alt=x src=/a.jpg>".to_string()),
        Just("<ul><li><a href=/m>Menu item link text</a></li></ul>".to_string()),
        Just("&amp;".to_string()),
        Just("&#0;".to_string()),
        Just("<meta charset=utf-8>".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
                .to_string()
        ),
        "[A-Za-z ,.]{1,40}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// Inputs kept as regression tests: adversarial pages, and any input a property test
/// ever failed on (add it to tests/data/extract-crashers/ as a file).
#[test]
fn the_crasher_corpus_extracts_or_fails_cleanly() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/extract-crashers"
    );
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("corpus directory") {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(doc) = decode(&bytes, None, None, None) {
            let _ = extract(&doc);
        }
        let _ = html::extract(&String::from_utf8_lossy(&bytes), Some("http://x.test/a/b"));
        count += 1;
    }
    assert!(count >= 5, "corpus has {count} files");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(doc) = decode(&bytes, None, None, None) {
            let _ = extract(&doc);
        }
    }

    #[test]
    fn markup_soup_extracts_with_valid_spans(page in markup()) {
        let article = html::extract(&page, None);
        let chars: Vec<char> = article.text().chars().collect();
        for block in &article.blocks {
            let slice: String = chars[block.span.start..block.span.end].iter().collect();
            prop_assert_eq!(slice, block.text.clone());
        }
        let _ = decode(page.as_bytes(), Some(DocumentKind::Html), None, None);
    }
}
