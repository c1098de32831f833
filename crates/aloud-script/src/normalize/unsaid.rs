//! Tokens a newsreader does not say: the agency in a dateline ("(AP)") and a company's
//! stock code in brackets ("(NVDA.O)", "(NYSE: GM)", "Apple (AAPL) fell"), and a wire
//! report's instrument codes ("the euro EUR= rose", "US10YT=RR").

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
        return 2;
    }
    usize::from(is_bare_ticker(tokens, i))
}

/// Words that make a sentence about shares.
const MARKET_WORDS: &[&str] = &[
    "shares", "stock", "stocks", "fell", "rose", "gained", "dropped", "slipped", "climbed",
    "jumped", "slid", "traded", "trading", "nasdaq", "nyse", "percent", "index",
];

/// A bare ticker in brackets after a company's name in a sentence about shares: "Apple
/// (AAPL) fell 1.5%". Not an acronym spelled out before it ("the Food and Drug
/// Administration (FDA)": its letters are the initials of the words before).
fn is_bare_ticker(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let code = t.core.as_str();
    if !t.lead.ends_with('(')
        || !t.trail.starts_with(')')
        || !(2..=5).contains(&code.len())
        || !code.chars().all(|c| c.is_ascii_uppercase())
        || !tokens[i - 1].core.starts_with(char::is_uppercase)
        || !tokens[i - 1].trail.is_empty()
    {
        return false;
    }
    let about_shares = tokens
        .iter()
        .any(|t| t.core.contains('%') || MARKET_WORDS.contains(&t.core.to_lowercase().as_str()));
    // The initials of the capitalized words before, small words skipped.
    let initials: String = tokens[..i]
        .iter()
        .rev()
        .take(8)
        .filter(|t| !matches!(t.core.as_str(), "and" | "of" | "for" | "the" | "&"))
        .take_while(|t| t.core.starts_with(char::is_uppercase))
        .map(|t| t.core.chars().next().expect("starts with a capital"))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    // A ticker starts as its company does ("Apple (AAPL)", "Lowe's (LOW)"); "Inflation
    // (CPI) fell" names a measure.
    let same_start = tokens[..i]
        .iter()
        .rev()
        .take_while(|t| t.core.starts_with(char::is_uppercase))
        .last()
        .is_some_and(|name| name.core.starts_with(&code[..1]));
    about_shares && same_start && !initials.ends_with(code)
}

/// A Reuters instrument code in a market report, which a newsreader does not say:
/// capitals and digits, "=", and up to three capitals ("EUR=", "XAU=", "US10YT=RR",
/// "JPY=EBS"). Not a formula: "E=mc2" has a lower-case letter and one capital before.
pub(super) fn is_instrument_code(t: &Token) -> bool {
    let Some((code, venue)) = t.core.split_once('=') else {
        return false;
    };
    (2..=10).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && venue.len() <= 3
        && venue.chars().all(|c| c.is_ascii_uppercase())
}
