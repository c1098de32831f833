//! Property tests: any text, however odd, normalizes and splits without panicking, and
//! every utterance's span points at exactly its text in the article.

use aloud_extract::{Article, BlockKind, Metadata};
use proptest::prelude::*;

/// Text built from the pieces the normalizer reacts to, so the odd corners get hit.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("$".to_string()),
        Just("£".to_string()),
        Just("¢".to_string()),
        Just("%".to_string()),
        Just("-".to_string()),
        Just("–".to_string()),
        Just("—".to_string()),
        Just("/".to_string()),
        Just(":".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("'".to_string()),
        Just("@".to_string()),
        Just("#".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(" ".to_string()),
        Just("St.".to_string()),
        Just("Dr.".to_string()),
        Just("U.S.".to_string()),
        Just("a.m.".to_string()),
        Just("pm".to_string()),
        Just("Jan.".to_string()),
        Just("III".to_string()),
        Just("km".to_string()),
        Just("www.".to_string()),
        Just(".com".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("°F".to_string()),
        Just("s".to_string()),
        Just("th".to_string()),
        "[0-9]{1,6}",
        "[A-Za-z]{1,8}",
        "\\PC{0,3}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalize_never_panics(text in newsy_text()) {
        let _ = aloud_script::normalize::normalize(&text);
    }

    #[test]
    fn arbitrary_unicode_normalizes(text in "\\PC{0,60}") {
        let _ = aloud_script::normalize::normalize(&text);
    }

    #[test]
    fn spans_always_match_the_text(paragraphs in prop::collection::vec(newsy_text(), 1..5)) {
        let article = Article::from_blocks(
            Metadata::default(),
            paragraphs.into_iter().map(|p| (BlockKind::Paragraph, p)),
        );
        let chars: Vec<char> = article.text().chars().collect();
        let script = aloud_script::build(&article, Default::default());
        for u in &script.utterances {
            prop_assert!(u.span.end <= chars.len());
            let slice: String = chars[u.span.start..u.span.end].iter().collect();
            prop_assert_eq!(slice, u.text.clone());
            // Word groups: in order, inside their utterance, never empty of source.
            let mut previous_end = u.span.start;
            for w in &u.words {
                prop_assert!(w.span.start >= previous_end && w.span.start < w.span.end);
                prop_assert!(w.span.end <= u.span.end);
                previous_end = w.span.end;
            }
        }
    }

    #[test]
    fn ssml_never_panics(body in newsy_text(), tag in prop_oneof![
        Just("s"), Just("p"), Just("emphasis"), Just("say-as interpret-as=\"digits\""),
        Just("sub alias=\"x\""), Just("prosody rate=\"fast\""), Just("break"),
    ]) {
        let name = tag.split(' ').next().unwrap_or(tag);
        let escaped = body.replace('&', "&amp;").replace('<', "&lt;");
        for ssml in [
            format!("<speak><{tag}>{escaped}</{name}> {escaped}</speak>"),
            format!("<speak>{body}</speak>"),
            format!("<speak><{tag}>{escaped}"),
        ] {
            let _ = aloud_script::ssml::parse(&ssml, &Default::default());
        }
    }
}
