//! Tokens a newsreader does not say: the agency in a dateline ("(AP)") and a company's
//! stock code in brackets ("(NVDA.O)", "(NYSE: GM)").

use super::token::{RawToken, Token};

/// News agencies and networks that sign datelines: "Washington (CNN) -- …" is
/// theirs whatever case the place is written in.
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "AP", "Reuters", "AFP", "CNN", "UPI", "Bloomberg", "BBC", "dpa", "DPA", "PA", "CP",
    "ANSA", "EFE", "Xinhua", "Kyodo", "Yonhap", "PTI", "IANS", "TASS", "CNBC", "ABC",
    "NBC", "CBS", "AAP", "NPR",
];

/// The news agency in a dateline ("AMARILLO, Texas (AP) — …", "LONDON, Dec 5
/// (Reuters) - …", "Washington (CNN) -- …"): a word in brackets among the first few,
/// after a place in capitals or naming an agency, and before a dash. A newsreader does
/// not say it.
pub(super) fn is_wire_credit(tokens: &[Token], raw: &[RawToken], i: usize) -> bool {
    let t = &tokens[i];
    let place_in_capitals = tokens.first().is_some_and(|first| {
        first.core.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !first.core.chars().any(char::is_lowercase)
    });
    let agency = AGENCIES.contains(&t.core.as_str())
        && tokens
            .first()
            .is_some_and(|first| first.core.starts_with(char::is_uppercase));
    let dash_follows = raw
        .get(i + 1)
        .is_some_and(|n| matches!(n.text.as_str(), "—" | "–" | "-" | "--"));
    (1..=6).contains(&i)
        && t.lead == "("
        && t.trail.starts_with(')')
        && (2..=12).contains(&t.core.chars().count())
        && t.core.chars().all(char::is_alphabetic)
        && (place_in_capitals || agency)
        && dash_follows
}

/// Stock exchanges named before a ticker in brackets: "(NYSE: GM)".
const EXCHANGES: &[&str] = &[
    "NYSE", "NASDAQ", "Nasdaq", "LSE", "TSX", "ASX", "NSE", "BSE", "HKEX", "SGX", "TYO", "TSE",
    "OTC", "AMEX", "FTSE", "Euronext", "XETRA", "JSE", "KRX", "SIX",
];

/// A company's stock code in brackets after its name, which a newsreader does not say:
/// a Reuters code "(NVDA.O)", "(7203.T)", "(BARC.L)", or an exchange and ticker "(NYSE:
/// GM)", "(Nasdaq: AAPL)". The number of tokens it takes from `i` (0 if none).
pub(super) fn market_code_len(tokens: &[Token], i: usize) -> usize {
    let t = &tokens[i];
    if i == 0 || !t.lead.ends_with('(') {
        return 0;
    }
    let ticker = |s: &str| {
        (1..=6).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let reuters = t.trail.starts_with(')')
        && t.core.split_once('.').is_some_and(|(code, venue)| {
            ticker(code)
                && (1..=2).contains(&venue.len())
                && venue.chars().all(|c| c.is_ascii_uppercase())
        });
    if reuters {
        return 1;
    }
    let exchange = EXCHANGES.contains(&t.core.as_str())
        && t.trail == ":"
        && tokens.get(i + 1).is_some_and(|n| {
            n.lead.is_empty() && ticker(&n.core.replace('.', "")) && n.trail.starts_with(')')
        });
    if exchange {
        2
    } else {
        0
    }
}
