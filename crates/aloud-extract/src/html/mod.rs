//! The article inside an HTML page, in stages, one module each:
//!
//! 1. `metadata`: title, byline, dates, language, site from JSON-LD, OpenGraph and
//!    `<meta>` tags, falling back to the page.
//! 2. `stats`: readable, link and comma counts per element (scripts never counted).
//! 3. `root`: the content root, readability's idea: paragraphs score their ancestors,
//!    weighted by class/id hints (`marks`) and link density, unlikely containers left
//!    out; then the climb, shared-ancestor promotion and the siblings that continue it.
//! 4. `collect`: blocks from the root in document order, skipping boilerplate elements
//!    (`marks`), walking layout tables as containers (`tables`).
//! 5. `filters`: the ordered rules that skip a block or end the article (phrase tests
//!    in `ends` and `lines`, shape tests in `shapes`, phrase lists in `data/`).
//! 6. `standfirst`: the summary line set beside the headline, outside the root.
//! 7. `confidence`: how sure the extraction is, and the refusal of non-articles.
//!
//! Every traversal is iterative or depth-capped, so deeply nested markup cannot
//! overflow the stack.

/// A phrase list from `crates/aloud-extract/data/FILE`: one phrase per line, blank lines
/// and `#` comments left out; read into the binary and split once.
macro_rules! phrases {
    ($file:literal) => {{
        static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        LIST.get_or_init(|| {
            include_str!(concat!("../../data/", $file))
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect()
        })
        .as_slice()
    }};
}

mod bios;
mod collect;
mod confidence;
mod ends;
mod filters;
mod lines;
mod marks;
mod metadata;
mod reader_calls;
mod root;
mod shapes;
mod standfirst;
mod stats;
mod tables;

use scraper::{Html, Selector};

use crate::{Article, BlockKind};

use collect::Collector;
use filters::assemble;
use metadata::{absolute_url, metadata};
use root::content_roots;
use stats::TextStats;

/// Nesting deeper than this is read as flat text rather than walked block by block.
pub(super) const MAX_BLOCK_DEPTH: usize = 96;

/// Inline markup nested deeper than this is read as its raw text.
pub(super) const MAX_INLINE_DEPTH: usize = 48;

/// Extracts the article from an HTML page. `url` is the page's address, if fetched.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let doc = Html::parse_document(html);
    let stats = TextStats::compute(&doc);
    let (mut meta, heading_instead) = metadata(&doc);
    if meta.canonical_url.is_none() {
        meta.canonical_url = url.map(str::to_string);
    }
    if let (Some(image), Some(base)) = (&meta.image, url.or(meta.canonical_url.as_deref())) {
        meta.image = Some(absolute_url(base, image));
    }
    let roots = content_roots(&doc, &stats);
    let mut collector = Collector {
        stats: &stats,
        root_text: roots.iter().map(|r| stats.get(r.id()).text).sum(),
        blocks: Vec::new(),
        layout_tables: Default::default(),
        open_headings: Vec::new(),
    };
    for root in roots {
        collector.walk(root, 0, false);
    }
    // The `<title>` disagreed with the page's `<h1>`: the `<h1>` is the headline when it
    // opens the article (a section name above the story does not).
    if let Some(h1) = heading_instead {
        let key = comparable(&h1);
        let opens = collector
            .blocks
            .iter()
            .take(3)
            .any(|b| b.kind == (BlockKind::Heading { level: 1 }) && comparable(&b.text) == key);
        if opens {
            meta.title = Some(h1);
        }
    }

    let mut blocks = assemble(&collector.blocks, meta.title.as_deref(), true);
    // The end-of-article rules left almost nothing: they fired on furniture around the
    // story, so read the root without them rather than refuse the page.
    if body_chars(&blocks) < crate::MIN_ARTICLE_CHARS * 4 {
        let unstopped = assemble(&collector.blocks, meta.title.as_deref(), false);
        if body_chars(&unstopped) > body_chars(&blocks) * 2 {
            blocks = unstopped;
        }
    }
    // The standfirst beside the headline is read after it, unless the story has it.
    if let Some(dek) = meta
        .title
        .as_deref()
        .and_then(|title| standfirst::standfirst(&doc, &stats, title))
    {
        let key = comparable(&dek);
        // Most often the story's first paragraph is the standfirst: look block by block
        // before joining the whole body.
        let in_body = blocks
            .iter()
            .any(|(_, text)| comparable(text).contains(&key))
            || blocks
                .iter()
                .map(|(_, text)| comparable(text))
                .collect::<String>()
                .contains(&key);
        if !in_body {
            let at = blocks
                .iter()
                .position(|(kind, _)| *kind == BlockKind::Title)
                .map_or(0, |i| i + 1);
            blocks.insert(at, (BlockKind::Standfirst, dek));
        }
    }
    let page_chars = stats.get(page_body(&doc).id()).text;
    let confidence = confidence::assess(&doc, &collector.blocks, &blocks, page_chars);
    let mut article = Article::from_blocks(meta, blocks);
    article.confidence = Some(confidence);
    article
}

/// The page's `<body>` (the document element if it has none).
fn page_body(doc: &Html) -> scraper::ElementRef<'_> {
    doc.select(&Selector::parse("body").expect("static selector"))
        .next()
        .unwrap_or_else(|| doc.root_element())
}

/// Characters of the blocks' text, headings and paragraphs alike.
fn body_chars(blocks: &[(BlockKind, String)]) -> usize {
    blocks.iter().map(|(_, t)| t.chars().count()).sum()
}

/// Lower-cased alphanumerics only, for comparing texts.
pub(super) fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // The common case without the general lower-casing's cost.
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lines::{is_furniture, is_stamp};
    use metadata::strip_site_suffix;

    fn body_texts(a: &Article) -> Vec<String> {
        a.blocks.iter().map(|b| b.text.clone()).collect()
    }

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
        <title>Harbor Reopens After Storm | Lakeside Ledger</title>
        <meta property="og:site_name" content="Lakeside Ledger">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
          "headline":"Harbor Reopens After Storm","datePublished":"2026-03-02T08:00:00Z",
          "author":[{"@type":"Person","name":"Ada Park"},{"@type":"Person","name":"Ben Ruiz"}]}</script>
        </head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="share-bar"><a>Share on social</a></div>
        <article class="story">
          <h1>Harbor Reopens After Storm</h1>
          <p class="byline">By Ada Park and Ben Ruiz</p>
          <div class="audio-player-banner"><p>Listen to this article, 4 minutes</p></div>
          <p>The harbor reopened on Monday, three days after the storm, and officials <a href="/x">said</a> that ferries would run on time.</p>
          <figure><img src="a.jpg"><figcaption>Boats at the pier on Monday.</figcaption></figure>
          <p>READ MORE: <a href="/y">Storm closes harbor</a></p>
          <p>Crews worked through the night to clear fallen trees, repair the pier, and test the lights along the channel.</p>
          <h2>What comes next</h2>
          <ul><li>Ferries resume at dawn.</li><li>Fishing boats follow on Wednesday.</li></ul>
          <div class="newsletter-signup"><p>Sign up for our morning newsletter, delivered daily.</p></div>
          <p>CLICK HERE to get the app.</p>
          <figure><figcaption>Boats at the pier on Monday.</figcaption></figure>
          <aside class="related"><h3>Related stories</h3><p>Another story entirely, with many words in it.</p></aside>
        </article>
        <section id="comments"><p>First comment, and it is long enough to count as a paragraph.</p></section>
        <footer><p>Copyright Lakeside Ledger, all rights reserved and so on.</p></footer>
        </body></html>"#;

    #[test]
    fn extracts_the_article_and_drops_boilerplate() {
        let a = extract(PAGE, None);
        assert_eq!(
            body_texts(&a),
            vec![
                "Harbor Reopens After Storm",
                "The harbor reopened on Monday, three days after the storm, and officials said that ferries would run on time.",
                "Boats at the pier on Monday.",
                "Crews worked through the night to clear fallen trees, repair the pier, and test the lights along the channel.",
                "What comes next",
                "Ferries resume at dawn.",
                "Fishing boats follow on Wednesday.",
            ]
        );
        assert_eq!(a.blocks[0].kind, BlockKind::Title);
        assert_eq!(a.blocks[2].kind, BlockKind::Caption);
        assert_eq!(a.blocks[4].kind, BlockKind::Heading { level: 2 });
        assert_eq!(a.blocks[5].kind, BlockKind::ListItem { ordered: false });
    }

    #[test]
    fn a_title_with_section_and_site_after_the_headline_is_the_headline() {
        let page = "<html><head><title>x</title><meta property=\"og:title\" content=\"Pier Lights Are Fixed - Metro - The Times\"></head>\
            <body><h1>Pier Lights Are Fixed</h1><p>The lights on the pier were fixed on Friday night, a week after the storm, and anglers were glad.</p></body></html>";
        let article = extract(page, None);
        assert_eq!(article.meta.title.as_deref(), Some("Pier Lights Are Fixed"));
        let headings = article
            .blocks
            .iter()
            .filter(|b| b.text == "Pier Lights Are Fixed")
            .count();
        assert_eq!(headings, 1, "{:?}", article.blocks);
    }

    #[test]
    fn a_title_escaped_twice_is_unescaped() {
        let page = "<html><head><meta property=\"og:title\" content=\"&amp;#8216;Light&amp;#8217; festival &amp;amp; more\"></head>\
            <body><p>The light festival opened on Friday along the canals, with twenty works by artists from ten countries.</p></body></html>";
        assert_eq!(
            extract(page, None).meta.title.as_deref(),
            Some("‘Light’ festival & more")
        );
    }

    #[test]
    fn byline_from_the_page_when_no_metadata_names_one() {
        let page = |inner: &str| {
            format!(
                "<html><head><title>T</title><meta name=\"author\" content=\"https://social.example/p/1\"></head><body>{inner}\
                 <p>The council met on Tuesday and voted, after a long debate, to keep the library open.</p></body></html>"
            )
        };
        let byline = |inner: &str| extract(&page(inner), None).meta.byline;
        assert_eq!(
            byline("<span class=\"c-byline\">By Ada Park</span>").as_deref(),
            Some("Ada Park")
        );
        assert_eq!(
            byline("<a rel=\"author\" href=\"/ada\">Ada Park</a>").as_deref(),
            Some("Ada Park")
        );
        assert_eq!(
            byline("<div class=\"articleAuthor\">Par Léa Martin</div>").as_deref(),
            Some("Léa Martin")
        );
        // A URL in the author meta tag is not a name; comments' authors are not bylines.
        assert_eq!(
            byline("<div id=\"comments\"><span class=\"author\">Sam</span></div>"),
            None
        );
    }

    #[test]
    fn metadata_from_json_ld_and_meta() {
        let a = extract(PAGE, Some("https://ledger.test/harbor"));
        assert_eq!(a.meta.title.as_deref(), Some("Harbor Reopens After Storm"));
        assert_eq!(a.meta.byline.as_deref(), Some("Ada Park and Ben Ruiz"));
        assert_eq!(a.meta.published.as_deref(), Some("2026-03-02T08:00:00Z"));
        assert_eq!(a.meta.site_name.as_deref(), Some("Lakeside Ledger"));
        assert_eq!(a.meta.language.as_deref(), Some("en"));
        assert_eq!(
            a.meta.canonical_url.as_deref(),
            Some("https://ledger.test/harbor")
        );
    }

    #[test]
    fn json_ld_wrapped_in_cdata_or_a_comment_is_read() {
        for (open, close) in [
            ("<![CDATA[", "]]>"),
            ("//<![CDATA[", "//]]>"),
            ("<!--", "-->"),
        ] {
            let page = format!(
                r#"<html><head><script type="application/ld+json">{open}
                {{"@type": "BlogPosting", "datePublished": "2024-06-25", "author": {{"name": "Ada Park"}}}}
                {close}</script></head><body><article><h1>Ferry runs on the tide</h1>
                <p>The ferry crossed the harbor on Tuesday without burning fuel, powered by a
                battery charged from the tide overnight, and passengers heard only gulls.</p>
                </article></body></html>"#
            );
            let a = extract(&page, None);
            assert_eq!(a.meta.published.as_deref(), Some("2024-06-25"), "{open}");
            assert_eq!(a.meta.byline.as_deref(), Some("Ada Park"), "{open}");
        }
        // An author without a name is no byline.
        let page = PAGE.replace("<head>", r#"<head><script type="application/ld+json">{"@type": "Article", "author": {"name": ""}}</script>"#);
        let a = extract(&page, None);
        assert_ne!(a.meta.byline.as_deref(), Some(""));
    }

    #[test]
    fn subtitle_lead_image_and_modified_date() {
        let page = r#"<html><head>
            <script type="application/ld+json">{"@type": "NewsArticle",
              "headline": "Ferry runs on the tide", "alternativeHeadline": "A quiet crossing",
              "dateModified": "2026-03-03T09:00:00Z",
              "image": [{"@type": "ImageObject", "url": "/img/ferry.jpg"}]}</script>
            </head><body><article><h1>Ferry runs on the tide</h1>
            <p>The ferry crossed the harbor on Tuesday without burning fuel, powered by a
            battery charged from the tide overnight, and passengers heard only gulls.</p>
            <p>The council will vote next month on keeping the turbine through winter.</p>
            </article></body></html>"#;
        let a = extract(page, Some("https://ledger.test/news/ferry?x=1"));
        assert_eq!(a.meta.subtitle.as_deref(), Some("A quiet crossing"));
        assert_eq!(
            a.meta.image.as_deref(),
            Some("https://ledger.test/img/ferry.jpg")
        );
        assert_eq!(a.meta.modified.as_deref(), Some("2026-03-03T09:00:00Z"));

        // From meta tags and the page when there is no JSON-LD.
        let page = r#"<html><head><meta property="og:image" content="pics/lead.png"></head>
            <body><article><h1>Ferry runs</h1><p class="dek">A quiet crossing on the tide</p>
            <p>The ferry crossed the harbor on Tuesday without burning fuel, powered by a
            battery charged from the tide overnight, and passengers heard only gulls.</p>
            </article></body></html>"#;
        let a = extract(page, Some("https://ledger.test/news/ferry"));
        assert_eq!(
            a.meta.subtitle.as_deref(),
            Some("A quiet crossing on the tide")
        );
        assert_eq!(
            a.meta.image.as_deref(),
            Some("https://ledger.test/news/pics/lead.png")
        );
    }

    #[test]
    fn loose_text_around_an_image_box_is_the_body() {
        // A blog body without <p>: lines separated by <br>, an image box in between, and
        // a link-heavy sidebar that must not win.
        let page = r#"<html><body><div class="sidebar"><ul>
            <li><a href="/a">Politics and the economy this week</a></li>
            <li><a href="/b">Sport, results, tables and fixtures</a></li>
            <li><a href="/c">Entertainment, music and television</a></li></ul></div>
            <div class="post-body">
            The ferry crossed the harbor on Tuesday without burning fuel, powered by a battery
            charged overnight by a turbine in the tidal channel.<br>
            <div class="separator"><a href="/big.jpg"><img src="/small.jpg"></a></div><br>
            Passengers said the crossing was the quietest they could remember, and gulls were
            the only sound over the water.<br><br>
            The council will vote next month on keeping the turbine running through winter.
            </div></body></html>"#;
        let a = extract(page, None);
        let body = body_texts(&a).join(" ");
        assert!(body.contains("without burning fuel"), "{body}");
        assert!(body.contains("through winter"), "{body}");
        assert!(!body.contains("Politics"), "{body}");
    }

    #[test]
    fn prose_behind_a_paywall_mark_is_read_but_the_subscribe_box_is_not() {
        let page = r#"<html><body><article>
            <p>Home Depot shares fell in early trading after the company cut its forecast for
            the year, though analysts said the market as a whole had little to fear.</p>
            <div class="paywall">
              <p>The chief executive said third-quarter growth was broad but sales fell short
              of the company's own expectations, driven by the timing of new investments.</p>
              <p>Analysts expect the investments to pay off next year, when the company plans
              to open new distribution centers across the southern states.</p>
            </div>
            <div class="paywall-box"><p>Subscribe to keep reading.</p>
            <a href="/subscribe">Subscribe now</a></div>
            </article></body></html>"#;
        let body = body_texts(&extract(page, None)).join(" ");
        assert!(body.contains("distribution centers"), "{body}");
        assert!(!body.contains("Subscribe"), "{body}");
    }

    #[test]
    fn an_embedded_tweet_is_read_as_a_quote_without_links_or_attribution() {
        let page = r#"<html><body><article>
            <p>The Senate met on Tuesday after its recess and paused for the late speaker,
            whose death was announced by the chamber's leader before the session began.</p>
            <div class="social-media-embed"><blockquote class="twitter-tweet">
              <p lang="en">Senate observes a minute of silence in honour of the departed.
              https://t.co/abc123 pic.twitter.com/xyz</p>
              &mdash; The Senate (@Senate) <a href="https://twitter.com/x/1">October 9, 2018</a>
            </blockquote></div>
            <p>The session then resumed with a debate on the budget for the coming year,
            which members are expected to pass before the end of the month.</p>
            </article></body></html>"#;
        let a = extract(page, None);
        let quote = a
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Quote)
            .expect("the tweet is a quote");
        assert_eq!(
            quote.text,
            "Senate observes a minute of silence in honour of the departed."
        );
        let body = body_texts(&a).join(" ");
        assert!(
            !body.contains("t.co") && !body.contains("@Senate"),
            "{body}"
        );
    }

    #[test]
    fn rails_of_other_stories_end_the_article_but_inline_labels_do_not() {
        let body = |page: &str| body_texts(&extract(page, None)).join(" | ");
        let story = "<p>The harbor reopened on Monday after a week of repairs to the sea wall, \
            which storms had broken in three places during the winter.</p>\
            <p>Fishermen said the closure had cost them most of a season, and the council \
            promised help with fuel costs for the spring.</p>\
            <p>Repairs to the north pier will continue until the summer, when the ferry \
            service is expected to return to its full timetable.</p>";
        // Headlines with their own bylines after the story: another story's rail.
        let page = format!(
            "<html><body><article>{story}<p>Council votes on the ferry budget</p>\
             <p>By JANE ROE</p><p>Storm damage worse than feared</p><p>By SAM DOE</p>\
             </article></body></html>"
        );
        let text = body(&page);
        assert!(
            text.contains("full timetable") && !text.contains("ferry budget"),
            "{text}"
        );
        // A closing label paragraph ends it too; a photo credit is never read.
        let page = format!(
            "<html><body><article>{story}<p>Jo Smith | Reuters | Getty Images</p>\
             <p>You may also be interested in...</p><p>Storms batter the coast again</p>\
             </article></body></html>"
        );
        let text = body(&page);
        assert!(
            !text.contains("Getty") && !text.contains("batter"),
            "{text}"
        );
        // A "Related news" label inside the story does not end it.
        let page = format!(
            "<html><body><article>{story}<p>Related news</p>\
             <p>The council will publish its plan for the harbor's future next month, \
             after a public meeting in the town hall.</p></article></body></html>"
        );
        assert!(body(&page).contains("public meeting"));
    }

    #[test]
    fn newsroom_furniture_is_not_read() {
        for furniture in [
            "Image 1 of 5",
            "FILE PHOTO: Traders work on the floor of the exchange in New York.",
            "WeWork chairman Marcelo Claure (Credit: Getty Images)",
            "Reporting by Rodrigo Campos; Editing by Sam Holmes",
            "Our Standards:The Thomson Reuters Trust Principles.",
            "narrow-browser-and-phone",
            "ATENÇÃO: Comentários ofensivos não serão aprovados pelo moderador.",
            "Note: we are temporarily moderating all comments to deal with a surge in spam.",
            "This article was originally published by Example Science.",
            "This article has been adapted from its original source.",
            "Posted by Jane Roe, Software Engineer on the Platform team",
            "Medically reviewed by Sam Lee, MD on March 3, 2024",
        ] {
            assert!(is_furniture(furniture), "{furniture}");
        }
        for stamp in [
            "November 19, 2019 / 12:21 AM / Updated 14 hours ago",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "Updated at 1:23 p.m.",
        ] {
            assert!(is_stamp(stamp), "{stamp}");
        }
        for prose in [
            "His comments created a stir among moderate Democrats, who said the party should \
             listen before it moves further to the left.",
            "The launch is set for 10:30 on Friday, the agency said in 2019.",
            "A photo of the harbor (credit: the town archive) hangs in the council chamber, and \
             the mayor says it will stay there.",
            "The novel was first published in 1962 and has never been out of print.",
        ] {
            assert!(!is_furniture(prose) && !is_stamp(prose), "{prose}");
        }
    }

    #[test]
    fn captions_by_class_and_a_closing_run_of_headlines() {
        let page = r#"<html><body><article>
            <p>The harbor reopened on Monday after a week of repairs to the sea wall, which
            storms had broken in three places during the winter.</p>
            <div class="box"><img src="/wall.jpg" alt="">
              <div class="caption-text">Workers rebuild the sea wall in March.</div></div>
            <p>Fishermen said the closure had cost them most of a season, and the council
            promised help with fuel costs for the spring.</p>
            <p>Storms batter the northern coast again</p>
            <p>Council approves new ferry timetable</p>
            <p>Why the lighthouse is going dark</p>
            </article></body></html>"#;
        let a = extract(page, None);
        assert!(a
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Caption && b.text.starts_with("Workers rebuild")));
        let body = body_texts(&a).join(" | ");
        assert!(
            body.contains("fuel costs") && !body.contains("lighthouse"),
            "{body}"
        );
    }

    #[test]
    fn table_rows_are_read_whatever_their_classes() {
        let page = r#"<html><body><article>
            <p>The final standings of the season, after thirty-six races and a close finish
            between the four drivers who reached the championship round in November:</p>
            <table><tr class="colhead"><td>Pos.</td><td>Driver</td><td>Points</td></tr>
            <tr class="oddrow player-580"><td>1</td><td>Kyle Busch</td><td>5040</td></tr>
            <tr class="evenrow player-416"><td>2</td><td>Martin Truex Jr.</td><td>5035</td></tr>
            </table></article></body></html>"#;
        let rows: Vec<String> = extract(page, None)
            .blocks
            .into_iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .map(|b| b.text)
            .collect();
        assert_eq!(
            rows,
            [
                "Pos.; Driver; Points",
                "1; Kyle Busch; 5040",
                "2; Martin Truex Jr.; 5035"
            ]
        );
    }

    #[test]
    fn a_text_div_beside_a_long_menu_in_the_same_row_is_the_article() {
        let menu: String = (0..40)
            .map(|i| format!("<li><a href=\"/archive/{i}\">Archive month number {i}</a></li>"))
            .collect();
        let page = format!(
            r#"<html><body><div class="row"><div class="col-3"><ul>{menu}</ul></div>
            <div class="col-9"><p class="title">Ambulance cars broken into</p>
            <small>05/10/2018 - Health</small><br><img src="/a.jpg">The home care team found
            two of its five cars broken into this morning, their batteries gone and their
            bodies damaged. A police report was filed, and officers came to inspect the
            cars. Patients booked for the morning are being rescheduled, and the service
            expects to be back to normal this afternoon.<br><br>
            <div class="share"><a href="/fb">Facebook</a></div></div></div>
            <footer><p>City Hall - Main Street, 1111 - Phone: 2106-8000</p></footer>
            </body></html>"#
        );
        let body = body_texts(&extract(&page, None)).join(" ");
        assert!(body.contains("batteries gone"), "{body}");
        assert!(!body.contains("Archive month"), "{body}");
    }

    #[test]
    fn absolute_urls() {
        let base = "https://a.test/x/y.html";
        assert_eq!(absolute_url(base, "/i.jpg"), "https://a.test/i.jpg");
        assert_eq!(absolute_url(base, "i.jpg"), "https://a.test/x/i.jpg");
        assert_eq!(
            absolute_url(base, "//cdn.test/i.jpg"),
            "https://cdn.test/i.jpg"
        );
        assert_eq!(
            absolute_url(base, "http://b.test/i.jpg"),
            "http://b.test/i.jpg"
        );
        assert_eq!(
            absolute_url("https://a.test", "i.jpg"),
            "https://a.test/i.jpg"
        );
    }

    #[test]
    fn rails_after_the_article_and_widget_leftovers_are_dropped() {
        let html = r#"<html><body><article>
            <p>The first paragraph of the story is long enough, with commas, to be the body.</p>
            <p>Close</p><p>Updated: Sat 8:31 PM, Feb 17, 2018</p><p>November 18, 2019</p>
            <p>The second paragraph continues the story, and it is also long enough to count.</p>
            <p>Need more news? Subscribe to our weekly paper for the latest.</p>
            <h2>You may also like</h2><p>Another story entirely, about something else, that is long.</p>
            <p>Copyright © 2019 Example News. All rights reserved.</p>
        </article></body></html>"#;
        let a = extract(html, None);
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "The first paragraph of the story is long enough, with commas, to be the body.",
                "The second paragraph continues the story, and it is also long enough to count."
            ]
        );
    }

    #[test]
    fn whole_page_forms_and_split_bodies_are_read() {
        let html = r#"<html><body><form id="aspnet"><div class="wrap">
            <div class="story-part"><p>First part of the story, which is long, with commas, and detail.</p></div>
            <div class="ad-slot">Advertisement</div>
            <div class="story-part"><p>Second part of the story, also long, with commas, and more detail.</p></div>
            <div class="story-part"><p>Third part of the story, still long, with commas, and an ending.</p></div>
        </div></form></body></html>"#;
        let a = extract(html, None);
        assert_eq!(a.blocks.len(), 3, "{:?}", a.blocks);
    }

    const STORY: &str = "<p>The harbour reopened on Monday after a week of repairs to the storm wall, and the first ferries sailed at dawn.</p>\
        <p>Fishermen said the closure had cost them a week of catches, and the council promised a fund to help them.</p>";

    fn title_of(head: &str, body: &str) -> Option<String> {
        let page = format!("<html><head>{head}</head><body>{body}</body></html>");
        extract(&page, None).meta.title
    }

    #[test]
    fn the_title_is_the_claim_the_page_bears_out() {
        // JSON-LD's "headline" is a description here; its "name" is the page's <h1>.
        let head = r#"<script type="application/ld+json">{"@type":"Article","headline":"Encyclopedia list article","name":"List of harbour closures"}</script>"#;
        let body = format!("<article><h1>List of harbour closures</h1>{STORY}</article>");
        assert_eq!(
            title_of(head, &body).as_deref(),
            Some("List of harbour closures")
        );
        // A logo <h1> in the header, the headline in a second <h1>.
        let head = "<title>Harbour Reopens After Storm Repairs · Ledger</title>";
        let body = format!(
            "<header><h1><a href=\"/\">Ledger</a></h1></header><article><h1>Harbour Reopens After Storm Repairs</h1>{STORY}</article>"
        );
        assert_eq!(
            title_of(head, &body).as_deref(),
            Some("Harbour Reopens After Storm Repairs")
        );
    }

    #[test]
    fn a_section_name_in_an_h1_above_the_story_is_not_the_title() {
        let head = "<title>Harbour Reopens After Storm Repairs</title>";
        let body = format!(
            "<div class=\"masthead\"><h1>Coastal Health Centre</h1></div><nav><a href=\"/a\">Home</a> <a href=\"/b\">Topics</a></nav><div class=\"story\">{STORY}</div>"
        );
        assert_eq!(
            title_of(head, &body).as_deref(),
            Some("Harbour Reopens After Storm Repairs")
        );
        // But an <h1> that opens the article is its headline, whatever the <title> says
        // (a site-wide one here).
        let head = "<title>Ledger - Coastal News and Weather</title>";
        let body =
            format!("<article><h1>Harbour Reopens After Storm Repairs</h1>{STORY}</article>");
        assert_eq!(
            title_of(head, &body).as_deref(),
            Some("Harbour Reopens After Storm Repairs")
        );
    }

    #[test]
    fn title_falls_back_to_title_tag_without_site_suffix() {
        let html = "<html><head><title>Quiet Night in Town - Daily Post</title></head><body><div><p>Nothing happened at all, which was rather nice for everyone involved.</p></div></body></html>";
        assert_eq!(
            strip_site_suffix(
                "Opinion | Harbor Reopens After the Storm | Daily Post",
                Some("Daily Post")
            ),
            "Harbor Reopens After the Storm"
        );
        assert_eq!(
            extract(html, None).meta.title.as_deref(),
            Some("Quiet Night in Town")
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let html = format!(
            "<html><body>{}<p>Deep text that is long enough to be read aloud.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let handle = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || extract(&html, None))
            .unwrap();
        let a = handle.join().expect("no stack overflow");
        assert!(a.text().contains("Deep text"));
    }
}
