//! Podcast feeds: a publisher's narrated articles as RSS 2.0 with the iTunes namespace,
//! so podcast apps can subscribe.

use crate::store::ArticleRecord;

/// Escapes text for XML (and HTML) element content and attribute values.
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all (controls, U+FFFE, U+FFFF), and
            // noncharacters, which XML discourages and feed readers refuse.
            '\t' | '\n' | '\r' => out.push(c),
            c if !aloud_extract::is_readable_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 2822 date ("Wed, 25 Nov 2026 16:35:24 GMT") from Unix milliseconds.
pub fn rfc2822(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        day,
        MONTHS[(month - 1) as usize],
        year,
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

fn duration(ms: i64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The feed of `publisher`'s finished articles (newest first); URLs are absolute under
/// `base_url`.
pub fn podcast_rss(
    publisher: &str,
    base_url: &str,
    image: Option<&str>,
    articles: &[ArticleRecord],
) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\">\n<channel>\n");
    out.push_str(&format!("<title>{} (narrated)</title>\n", xml(publisher)));
    out.push_str(&format!(
        "<link>{}/feeds/{}.xml</link>\n",
        xml(base),
        xml(publisher)
    ));
    out.push_str(&format!(
        "<description>Articles from {} read aloud by aloud.</description>\n",
        xml(publisher)
    ));
    out.push_str("<language>en</language>\n<generator>aloud</generator>\n");
    out.push_str(&format!(
        "<itunes:author>{}</itunes:author>\n",
        xml(publisher)
    ));
    out.push_str("<itunes:explicit>false</itunes:explicit>\n<itunes:category text=\"News\"/>\n");
    if let Some(image) = image {
        out.push_str(&format!(
            "<image><url>{0}</url><title>{1} (narrated)</title><link>{2}/feeds/{1}.xml</link></image>\n<itunes:image href=\"{0}\"/>\n",
            xml(image),
            xml(publisher),
            xml(base)
        ));
    }
    if let Some(latest) = articles.first() {
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            rfc2822(latest.updated_at)
        ));
    }
    for a in articles {
        let title = a
            .title
            .clone()
            .unwrap_or_else(|| format!("Article {}", a.id));
        let audio = format!("{base}/v1/articles/{}/audio.mp3", a.id);
        out.push_str("<item>\n");
        out.push_str(&format!("<title>{}</title>\n", xml(&title)));
        if let Some(byline) = &a.byline {
            out.push_str(&format!("<itunes:author>{}</itunes:author>\n", xml(byline)));
        }
        out.push_str(&format!("<description>{}</description>\n", xml(&title)));
        out.push_str(&format!(
            "<enclosure url=\"{}\" length=\"{}\" type=\"audio/mpeg\"/>\n",
            xml(&audio),
            a.audio_bytes.unwrap_or(0)
        ));
        out.push_str(&format!(
            "<guid isPermaLink=\"false\">aloud-{}</guid>\n",
            xml(&a.id)
        ));
        out.push_str(&format!("<pubDate>{}</pubDate>\n", rfc2822(a.created_at)));
        out.push_str(&format!(
            "<itunes:duration>{}</itunes:duration>\n",
            duration(a.duration_ms.unwrap_or(0))
        ));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc2822() {
        assert_eq!(rfc2822(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(rfc2822(1_795_624_524_000), "Wed, 25 Nov 2026 16:35:24 GMT");
        assert_eq!(rfc2822(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            xml("A & B <c> \"d\" 'e'\u{1}"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
        // A headline with characters XML forbids does not break the feed.
        assert_eq!(xml("Head\u{FFFE}line\u{FFFF}\u{85}"), "Headline");
        assert_eq!(duration(3_723_000), "01:02:03");
    }
}
