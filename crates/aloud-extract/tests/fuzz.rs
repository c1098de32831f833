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
