//! HTTP conditional and range requests for the narration files (RFC 9110 §13–14):
//! `If-None-Match` (weak comparison, `*`), `If-Range` (strong comparison) and a single
//! `bytes=` range. Ranges the server does not serve (several ranges, other units, bad
//! syntax) are ignored — the whole file is sent, as the RFC allows — and only a valid
//! range that starts past the end is unsatisfiable (416).

use axum::http::{header, HeaderMap};

/// What to send for a `Range` request against a body of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// 200 with the whole body.
    Whole,
    /// 206 with bytes `first..=last`.
    Part(u64, u64),
    /// 416.
    Unsatisfiable,
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Whether `If-None-Match` matches the current representation, whose (strong) entity
/// tag is `etag`: `*`, or any listed tag equal to it once a `W/` prefix is ignored.
pub fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    header_str(headers, header::IF_NONE_MATCH).is_some_and(|value| {
        value.trim() == "*"
            || value
                .split(',')
                .map(|tag| tag.trim())
                .any(|tag| tag.strip_prefix("W/").unwrap_or(tag) == etag)
    })
}

/// What the request's `Range` asks of a body of `len` bytes whose entity tag is
/// `etag`. An `If-Range` that is not that exact strong tag (a weak tag, another tag,
/// a date) means the client's copy may be stale: the whole body is sent.
pub fn range_answer(headers: &HeaderMap, etag: &str, len: u64) -> RangeAnswer {
    let Some(range) = header_str(headers, header::RANGE) else {
        return RangeAnswer::Whole;
    };
    if let Some(condition) = header_str(headers, header::IF_RANGE) {
        if condition.trim() != etag {
            return RangeAnswer::Whole;
        }
    }
    parse_range(range, len)
}

/// One `bytes=first-last`, `bytes=first-` or `bytes=-suffix` against `len` bytes.
pub fn parse_range(header: &str, len: u64) -> RangeAnswer {
    let header = header.trim();
    let Some(spec) = header
        .get(..6)
        .filter(|unit| unit.eq_ignore_ascii_case("bytes="))
        .map(|_| &header[6..])
    else {
        return RangeAnswer::Whole;
    };
    if spec.contains(',') {
        return RangeAnswer::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return RangeAnswer::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if first.is_empty() {
        // The last `suffix` bytes.
        if !digits(last) {
            return RangeAnswer::Whole;
        }
        let suffix: u64 = last.parse().unwrap_or(u64::MAX);
        if suffix == 0 || len == 0 {
            return RangeAnswer::Unsatisfiable;
        }
        return RangeAnswer::Part(len.saturating_sub(suffix), len - 1);
    }
    if !digits(first) || !(last.is_empty() || digits(last)) {
        return RangeAnswer::Whole;
    }
    let first: u64 = first.parse().unwrap_or(u64::MAX);
    let last: u64 = if last.is_empty() {
        u64::MAX
    } else {
        last.parse().unwrap_or(u64::MAX)
    };
    if last < first {
        return RangeAnswer::Whole; // invalid: ignored
    }
    if first >= len {
        return RangeAnswer::Unsatisfiable;
    }
    RangeAnswer::Part(first, last.min(len - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn ranges() {
        use RangeAnswer::*;
        assert_eq!(parse_range("bytes=0-99", 1000), Part(0, 99));
        assert_eq!(parse_range("bytes=0-0", 1000), Part(0, 0));
        assert_eq!(parse_range("bytes=900-", 1000), Part(900, 999));
        assert_eq!(parse_range("bytes=-100", 1000), Part(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), Part(0, 999));
        // An end past the file is clamped; a start past it cannot be met.
        assert_eq!(parse_range("bytes=990-2000", 1000), Part(990, 999));
        assert_eq!(
            parse_range("bytes=0-99999999999999999999999", 1000),
            Part(0, 999)
        );
        assert_eq!(parse_range("bytes=1000-", 1000), Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 1000), Unsatisfiable);
        assert_eq!(parse_range("Bytes=1-2", 1000), Part(1, 2));
        // What is not one valid byte range is ignored.
        assert_eq!(parse_range("bytes=5-1", 1000), Whole);
        assert_eq!(parse_range("bytes=0-0,1-1", 1000), Whole);
        assert_eq!(parse_range("items=0-1", 1000), Whole);
        assert_eq!(parse_range("bytes=a-b", 1000), Whole);
        assert_eq!(parse_range("bytes=+1-2", 1000), Whole);
        assert_eq!(parse_range("bytes", 1000), Whole);
    }

    #[test]
    fn conditions() {
        let etag = "\"abc-audio.mp3\"";
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, etag)]),
            etag
        ));
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "*")]),
            etag
        ));
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"x\", W/\"abc-audio.mp3\"")]),
            etag
        ));
        assert!(!not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"x\"")]),
            etag
        ));
        assert!(!not_modified(&HeaderMap::new(), etag));

        let range = (header::RANGE, "bytes=0-9");
        assert_eq!(
            range_answer(&headers(std::slice::from_ref(&range)), etag, 100),
            RangeAnswer::Part(0, 9)
        );
        assert_eq!(
            range_answer(
                &headers(&[range.clone(), (header::IF_RANGE, etag)]),
                etag,
                100
            ),
            RangeAnswer::Part(0, 9)
        );
        // A stale or weak validator, or a date: the whole (current) file.
        for stale in [
            "\"old-audio.mp3\"",
            "W/\"abc-audio.mp3\"",
            "Tue, 01 Dec 2026 10:00:00 GMT",
        ] {
            assert_eq!(
                range_answer(
                    &headers(&[range.clone(), (header::IF_RANGE, stale)]),
                    etag,
                    100
                ),
                RangeAnswer::Whole,
                "{stale}"
            );
        }
    }
}
