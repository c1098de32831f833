//! Reading an input: a URL (fetched), a file or standard input; size limits, binary
//! detection, character-set decoding to UTF-8, and sniffing whether it is HTML,
//! Markdown or plain text.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use encoding_rs::Encoding;

use crate::netpolicy::{CheckedResolver, NetPolicy};

use crate::{ExtractError, MAX_INPUT_BYTES};

/// Where the article comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Url(String),
    File(PathBuf),
    Stdin,
}

impl Input {
    /// `-` is standard input, `http(s)://…` a URL, anything else a path.
    pub fn parse(arg: &str) -> Self {
        let lower = arg.to_ascii_lowercase();
        if arg == "-" {
            Input::Stdin
        } else if lower.starts_with("http://") || lower.starts_with("https://") {
            Input::Url(arg.to_string())
        } else {
            Input::File(PathBuf::from(arg))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Html,
    Markdown,
    PlainText,
    /// Speech Synthesis Markup (`<speak>`): read by the script stage, not extracted.
    Ssml,
}

/// A decoded input, ready for extraction.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    pub text: String,
    /// The final URL, for fetched pages.
    pub url: Option<String>,
}

/// Reads, checks and decodes `input`; URLs may reach any address.
pub fn load(input: &Input) -> Result<Document, ExtractError> {
    load_with(input, &NetPolicy::open())
}

/// Reads, checks and decodes `input`, fetching URLs only where `policy` allows.
pub fn load_with(input: &Input, policy: &NetPolicy) -> Result<Document, ExtractError> {
    match input {
        Input::Url(url) => fetch(url, policy),
        Input::File(path) => {
            let name = path.display().to_string();
            let file =
                std::fs::File::open(path).map_err(|e| ExtractError::Read(name.clone(), e))?;
            let bytes = read_capped(file).map_err(|e| ExtractError::Read(name.clone(), e))??;
            decode(&bytes, kind_from_extension(path), None, None)
        }
        Input::Stdin => {
            let bytes = read_capped(std::io::stdin().lock())
                .map_err(|e| ExtractError::Read("standard input".into(), e))??;
            decode(&bytes, None, None, None)
        }
    }
}

/// Reads at most [`MAX_INPUT_BYTES`]; more is an error, not a truncation.
fn read_capped(reader: impl Read) -> std::io::Result<Result<Vec<u8>, ExtractError>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Ok(Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        }));
    }
    Ok(Ok(bytes))
}

fn kind_from_extension(path: &Path) -> Option<DocumentKind> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "html" | "htm" | "xhtml" => Some(DocumentKind::Html),
        "md" | "markdown" => Some(DocumentKind::Markdown),
        "txt" | "text" => Some(DocumentKind::PlainText),
        "ssml" => Some(DocumentKind::Ssml),
        _ => None,
    }
}

const MAX_REDIRECTS: usize = 5;

/// A redirect's `Location`, made absolute against the URL that sent it.
fn resolve_location(base: &ureq::http::Uri, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let scheme = base.scheme_str().unwrap_or("http");
    let authority = base.authority().map(|a| a.as_str()).unwrap_or("");
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = base.path();
    let dir = &path[..path.rfind('/').map(|i| i + 1).unwrap_or(0)];
    format!("{scheme}://{authority}{dir}{location}")
}

const USER_AGENT: &str = concat!("aloud/", env!("CARGO_PKG_VERSION"), " (article narrator)");

/// Fetches a page: redirects limited, timeouts, size cap, gzip/brotli, charset from the
/// Content-Type header (else from the page).
/// A fetched response: status, selected headers and the body (capped).
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub content_type: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub final_url: String,
    pub body: Vec<u8>,
}

/// Checks, before anything is fetched, that `url` is an http(s) URL without
/// credentials whose host `policy` allows (resolving it once): the early answer a
/// server gives a submission. Fetching checks again, on every connection.
pub fn check_url(url: &str, policy: &NetPolicy) -> Result<(), String> {
    let uri: ureq::http::Uri = url.parse().map_err(|_| "not a valid URL".to_string())?;
    let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err("only http and https URLs can be fetched".into());
    }
    let authority = uri.authority().ok_or("the URL has no host")?;
    if authority.as_str().contains('@') {
        return Err("URLs with a user name or password are not accepted".into());
    }
    let host = authority.host();
    if host.is_empty() {
        return Err("the URL has no host".into());
    }
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    policy.check(host, port).map(|_| ())
}

/// GETs `url` where `policy` allows: redirects (at most 5) are followed here so every
/// hop is checked, timeouts apply, the body is capped at [`MAX_INPUT_BYTES`], gzip and
/// brotli are decoded. `headers` are sent as given (e.g. `If-None-Match`). Any status
/// is returned; only transport failures are errors.
pub fn fetch_bytes(
    url: &str,
    policy: &NetPolicy,
    accept: &str,
    headers: &[(&str, &str)],
) -> Result<Fetched, ExtractError> {
    let fail = |reason: String| ExtractError::Fetch {
        url: url.to_string(),
        reason,
    };
    let mut config = ureq::Agent::config_builder()
        .user_agent(USER_AGENT)
        .max_redirects(0)
        .save_redirect_history(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false);
    if policy.is_public_only() {
        // A proxy would resolve and connect on its own, past the address check.
        config = config.proxy(None);
    }
    // The resolver checks the addresses it hands to the connector: what was checked is
    // what is connected to, on every hop.
    let agent = ureq::Agent::with_parts(
        config.build(),
        ureq::unversioned::transport::DefaultConnector::default(),
        CheckedResolver(policy.clone()),
    );
    let mut current = url.to_string();
    let mut hops = 0;
    let mut response = loop {
        let uri: ureq::http::Uri = current
            .parse()
            .map_err(|_| fail(format!("not a valid URL: {current}")))?;
        let scheme = uri.scheme_str().unwrap_or("").to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(fail(format!(
                "only http and https can be fetched, not {scheme:?}"
            )));
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(fail("the URL has no host".into()));
        }
        let mut request = agent.get(&current).header("Accept", accept);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.call().map_err(|e| {
            fail(match e {
                ureq::Error::Timeout(_) => "timed out".to_string(),
                ureq::Error::HostNotFound => "host not found".to_string(),
                ureq::Error::Io(io) => io.to_string(),
                other => other.to_string(),
            })
        })?;
        if !response.status().is_redirection() || response.status().as_u16() == 304 {
            break response;
        }
        hops += 1;
        if hops > MAX_REDIRECTS {
            return Err(fail("too many redirects".into()));
        }
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| fail(format!("HTTP {} without a Location", response.status())))?;
        current = resolve_location(&uri, location);
    };
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (content_type, etag, last_modified) = (
        header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase(),
        header("etag"),
        header("last-modified"),
    );
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_INPUT_BYTES as u64 + 1)
        .read_to_vec();
    let body = match body {
        Ok(bytes) if bytes.len() > MAX_INPUT_BYTES => {
            return Err(ExtractError::TooLarge {
                size: bytes.len(),
                limit: MAX_INPUT_BYTES,
            })
        }
        Ok(bytes) => bytes,
        Err(ureq::Error::BodyExceedsLimit(_)) => {
            return Err(ExtractError::TooLarge {
                size: MAX_INPUT_BYTES + 1,
                limit: MAX_INPUT_BYTES,
            })
        }
        Err(e) => return Err(fail(format!("reading body: {e}"))),
    };
    Ok(Fetched {
        status,
        content_type,
        etag,
        last_modified,
        final_url: current,
        body,
    })
}

/// Fetches a page and decodes it: the status must be a success and the content HTML
/// or text; the charset comes from the Content-Type header, else from the page.
fn fetch(url: &str, policy: &NetPolicy) -> Result<Document, ExtractError> {
    let fail = |reason: String| ExtractError::Fetch {
        url: url.to_string(),
        reason,
    };
    let fetched = fetch_bytes(
        url,
        policy,
        "text/html,application/xhtml+xml,text/plain;q=0.8",
        &[],
    )?;
    if !(200..300).contains(&fetched.status) {
        return Err(fail(format!("HTTP {}", fetched.status)));
    }
    let mime = fetched
        .content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    let kind = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Some(DocumentKind::Html),
        "text/markdown" => Some(DocumentKind::Markdown),
        "text/plain" => Some(DocumentKind::PlainText),
        "application/ssml+xml" => Some(DocumentKind::Ssml),
        "" => None,
        other => return Err(fail(format!("not HTML or text (Content-Type {other})"))),
    };
    let charset = fetched
        .content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
        .next();
    decode(
        &fetched.body,
        kind,
        charset.as_deref(),
        Some(fetched.final_url),
    )
}

/// Checks and decodes raw bytes. `declared` is a charset from outside the content
/// (an HTTP header); a `<meta charset>` inside HTML counts as declared too. A declared
/// charset must decode cleanly; undeclared content is UTF-8 if valid, else
/// windows-1252 (the web's legacy default).
pub fn decode(
    bytes: &[u8],
    kind: Option<DocumentKind>,
    declared: Option<&str>,
    url: Option<String>,
) -> Result<Document, ExtractError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ExtractError::Empty);
    }
    let (bom_encoding, bom_len) = Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_8, 0));
    let is_utf16 = bom_len > 0 && bom_encoding != encoding_rs::UTF_8;
    if !is_utf16 {
        check_not_binary(&bytes[bom_len..])?;
    }
    let encoding = if bom_len > 0 {
        bom_encoding
    } else {
        let declared = declared.map(str::to_string).or_else(|| meta_charset(bytes));
        // Bytes that are valid UTF-8 with non-ASCII characters in them are UTF-8,
        // whatever a legacy declaration says: pages re-saved or converted by their CMS
        // keep the old `<meta charset>`, and legacy text almost never forms valid
        // multi-byte UTF-8 sequences by chance.
        let utf8 = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
        match declared {
            Some(_) if utf8 => encoding_rs::UTF_8,
            Some(label) => Encoding::for_label(label.trim().as_bytes())
                .ok_or_else(|| ExtractError::UnknownCharset(label.clone()))?
                // A page cannot really be UTF-16 without a BOM; browsers treat it as UTF-8.
                .output_encoding(),
            None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
            None => encoding_rs::WINDOWS_1252,
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    if had_errors {
        return Err(ExtractError::WrongCharset(encoding.name().to_string()));
    }
    let text = text.into_owned();
    if is_utf16 {
        check_not_binary(text.as_bytes())?;
    }
    let kind = kind.unwrap_or_else(|| sniff_kind(&text));
    Ok(Document { kind, text, url })
}

/// Refuses content with NUL bytes or many control characters: images, archives, PDFs.
fn check_not_binary(bytes: &[u8]) -> Result<(), ExtractError> {
    let head = &bytes[..bytes.len().min(8192)];
    for (magic, what) in [
        (&b"%PDF"[..], "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"ID3", "MP3 audio"),
        (b"RIFF", "RIFF media"),
        (b"\x7fELF", "executable"),
    ] {
        if head.starts_with(magic) {
            return Err(ExtractError::Binary(what.into()));
        }
    }
    let controls = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if head.contains(&0) || controls * 20 > head.len() {
        return Err(ExtractError::Binary(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

/// `<meta charset=…>` or `<meta http-equiv=Content-Type content="…charset=…">` in the
/// first 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(pos) = rest.find("<meta") {
        rest = &rest[pos + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(i) = tag.find("charset=") {
            let value = tag[i + 8..].trim_start_matches(['"', '\'', ' ']);
            let end = value
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
                .unwrap_or(value.len());
            if end > 0 {
                return Some(value[..end].to_string());
            }
        }
    }
    None
}

/// HTML if it starts like markup, Markdown if it uses Markdown headings or links,
/// else plain text.
fn sniff_kind(text: &str) -> DocumentKind {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let after_declaration = if lower.starts_with("<?xml") {
        lower.find("?>").map_or("", |i| lower[i + 2..].trim_start())
    } else {
        lower.as_str()
    };
    if after_declaration.starts_with("<speak")
        && after_declaration[6..].starts_with(|c: char| c == '>' || c.is_whitespace())
    {
        return DocumentKind::Ssml;
    }
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<?xml") && lower.contains("<html")
        || (lower.starts_with('<')
            && [
                "<head", "<body", "<p>", "<p ", "<div", "<article", "<meta", "<title",
            ]
            .iter()
            .any(|t| lower.contains(t)))
    {
        return DocumentKind::Html;
    }
    let markdown_lines = start
        .lines()
        .take(200)
        .filter(|l| {
            l.starts_with("# ")
                || l.starts_with("## ")
                || l.starts_with("```")
                || (l.contains("](") && l.contains('['))
        })
        .count();
    if markdown_lines > 0 {
        DocumentKind::Markdown
    } else {
        DocumentKind::PlainText
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_kinds() {
        assert_eq!(Input::parse("-"), Input::Stdin);
        assert_eq!(
            Input::parse("HTTPS://x.test/a"),
            Input::Url("HTTPS://x.test/a".into())
        );
        assert_eq!(Input::parse("a.html"), Input::File("a.html".into()));
    }

    #[test]
    fn sniffs_html_markdown_and_text() {
        assert_eq!(
            decode(b"<!DOCTYPE html><p>x</p>", None, None, None)
                .unwrap()
                .kind,
            DocumentKind::Html
        );
        assert_eq!(
            decode(b"# Title\n\nBody.", None, None, None).unwrap().kind,
            DocumentKind::Markdown
        );
        assert_eq!(
            decode(b"Just words.", None, None, None).unwrap().kind,
            DocumentKind::PlainText
        );
        for ssml in [
            &b"<speak>Hi.</speak>"[..],
            b"<?xml version=\"1.0\"?>\n<speak version=\"1.1\" xml:lang=\"en-US\">Hi.</speak>",
        ] {
            assert_eq!(
                decode(ssml, None, None, None).unwrap().kind,
                DocumentKind::Ssml
            );
        }
        assert_ne!(
            decode(b"<speaker>Hi</speaker>", None, None, None)
                .unwrap()
                .kind,
            DocumentKind::Ssml
        );
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0", None, None, None),
            Err(ExtractError::Binary(_))
        ));
        assert!(matches!(
            decode(&[1u8, 2, 3, 0, 5, 6, 7, 8], None, None, None),
            Err(ExtractError::Binary(_))
        ));
    }

    #[test]
    fn charsets() {
        // Latin-1 bytes declared in a meta tag decode to UTF-8.
        let html = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        assert!(decode(html, None, None, None)
            .unwrap()
            .text
            .contains("café"));
        // Undeclared invalid UTF-8 falls back to windows-1252.
        assert!(decode(b"na\xefve text", None, None, None)
            .unwrap()
            .text
            .contains("naïve"));
        // UTF-8 bytes under a stale legacy declaration are read as UTF-8.
        let converted = "<meta charset=\"gb2312\"><p>谷歌 café</p>".as_bytes();
        assert!(decode(converted, None, None, None)
            .unwrap()
            .text
            .contains("谷歌 café"));
        assert!(decode("café".as_bytes(), None, Some("iso-8859-1"), None)
            .unwrap()
            .text
            .contains("café"));
        // Declared UTF-8 that is not UTF-8 is an error, not mojibake.
        assert!(matches!(
            decode(b"caf\xe9 au lait", None, Some("utf-8"), None),
            Err(ExtractError::WrongCharset(_))
        ));
        assert!(matches!(
            decode(b"text", None, Some("klingon-8"), None),
            Err(ExtractError::UnknownCharset(_))
        ));
        // UTF-16 with a BOM is decoded, not called binary.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Hello there".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&utf16, None, None, None).unwrap().text,
            "Hello there"
        );
    }

    #[test]
    fn urls_are_checked_before_fetching() {
        let strict = NetPolicy::public_only(vec![]);
        for (url, why) in [
            ("ftp://example.org/x", "http and https"),
            ("http://user:secret@example.org/", "password"),
            ("http://127.0.0.1:8080/admin", "loopback"),
            ("http://[::127.0.0.1]/", "IPv4-compatible"),
            ("http://169.254.169.254/latest/meta-data", "link-local"),
            ("not a url", "valid URL"),
        ] {
            let err = check_url(url, &strict).unwrap_err();
            assert!(err.contains(why), "{url}: {err}");
        }
        assert!(check_url("http://93.184.216.34/story", &strict).is_ok());
        assert!(check_url("http://127.0.0.1:8080/", &NetPolicy::open()).is_ok());
    }

    #[test]
    fn redirect_locations_resolve_against_the_base() {
        let base: ureq::http::Uri = "https://news.test/a/b/story?x=1".parse().unwrap();
        assert_eq!(
            resolve_location(&base, "http://other.test/x"),
            "http://other.test/x"
        );
        assert_eq!(
            resolve_location(&base, "//cdn.test/y"),
            "https://cdn.test/y"
        );
        assert_eq!(resolve_location(&base, "/root"), "https://news.test/root");
        assert_eq!(
            resolve_location(&base, "next"),
            "https://news.test/a/b/next"
        );
    }

    #[test]
    fn empty_and_oversized() {
        assert!(matches!(
            decode(b"  \n ", None, None, None),
            Err(ExtractError::Empty)
        ));
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            decode(&big, None, None, None),
            Err(ExtractError::TooLarge { .. })
        ));
    }
}
