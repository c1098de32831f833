//! Written text → spoken words (baseline): numbers, years, dates, times, money,
//! percentages, ordinals, ranges and common news abbreviations.
//!
//! Works token by token (whitespace-separated, with leading and trailing punctuation
//! peeled off), looking one token back and ahead for context ("in 2019" is a year,
//! "2019 people" a quantity; "St. Louis" is Saint, "Main St." Street).

use crate::numbers::{cardinal, digits, number, ordinal, year};

const MONTHS: &[(&str, &str)] = &[
    ("january", "January"),
    ("jan", "January"),
    ("february", "February"),
    ("feb", "February"),
    ("march", "March"),
    ("mar", "March"),
    ("april", "April"),
    ("apr", "April"),
    ("may", "May"),
    ("june", "June"),
    ("jun", "June"),
    ("july", "July"),
    ("jul", "July"),
    ("august", "August"),
    ("aug", "August"),
    ("september", "September"),
    ("sept", "September"),
    ("sep", "September"),
    ("october", "October"),
    ("oct", "October"),
    ("november", "November"),
    ("nov", "November"),
    ("december", "December"),
    ("dec", "December"),
];

pub(crate) const FULL_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Abbreviations with their full stop, expanded regardless of context.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("Mr.", "Mister"),
    ("Mrs.", "Misses"),
    ("Ms.", "Miz"),
    ("Dr.", "Doctor"),
    ("Prof.", "Professor"),
    ("Sen.", "Senator"),
    ("Sens.", "Senators"),
    ("Rep.", "Representative"),
    ("Reps.", "Representatives"),
    ("Gov.", "Governor"),
    ("Gen.", "General"),
    ("Lt.", "Lieutenant"),
    ("Col.", "Colonel"),
    ("Sgt.", "Sergeant"),
    ("Capt.", "Captain"),
    ("Cmdr.", "Commander"),
    ("Adm.", "Admiral"),
    ("Rev.", "Reverend"),
    ("Pres.", "President"),
    ("Atty.", "Attorney"),
    ("Jr.", "Junior"),
    ("Sr.", "Senior"),
    ("Mt.", "Mount"),
    ("Ft.", "Fort"),
    ("Ave.", "Avenue"),
    ("Blvd.", "Boulevard"),
    ("Rd.", "Road"),
    ("Dept.", "Department"),
    ("Inc.", "Incorporated"),
    ("Corp.", "Corporation"),
    ("Ltd.", "Limited"),
    ("Bros.", "Brothers"),
    ("vs.", "versus"),
    ("vs", "versus"),
    ("v.", "versus"),
    ("etc.", "et cetera"),
    ("approx.", "approximately"),
    ("e.g.", "for example"),
    ("i.e.", "that is"),
    ("&", "and"),
    ("+", "plus"),
    ("=", "equals"),
    ("%", "percent"),
    ("ET", "Eastern Time"),
    ("CT", "Central Time"),
    ("PT", "Pacific Time"),
    ("MT", "Mountain Time"),
    ("e.s.t", "EST"),
];

/// Titles as British style writes them, without a full stop, said in full before a
/// capitalized name.
const TITLES_WITHOUT_STOP: &[(&str, &str)] = &[
    ("Mr", "Mister"),
    ("Mrs", "Misses"),
    ("Ms", "Miz"),
    ("Dr", "Doctor"),
    ("Prof", "Professor"),
    ("Cllr", "Councillor"),
    ("Sgt", "Sergeant"),
    ("Insp", "Inspector"),
    ("Supt", "Superintendent"),
    ("Capt", "Captain"),
    ("Lt", "Lieutenant"),
    ("Col", "Colonel"),
    ("Rev", "Reverend"),
];

/// Fixed expressions whose digits are not numbers to compute.
const SET_PHRASES: &[(&str, &str)] = &[
    ("24/7", "twenty-four seven"),
    ("9/11", "nine eleven"),
    ("50/50", "fifty-fifty"),
    ("401(k)", "four oh one K"),
    ("401k", "four oh one K"),
];

/// Words before a four-digit number that make it a year.
const YEAR_CONTEXT: &[&str] = &[
    "in", "since", "by", "of", "from", "until", "till", "during", "before", "after", "year",
    "around", "circa", "early", "late", "mid", "between", "through", "the", "to", "and", "fiscal",
    "spring", "summer", "fall", "autumn", "winter", "season", "class",
];

/// Lower-case words after a four-digit number that still leave it a year.
const YEAR_FOLLOWERS: &[&str] = &[
    "and",
    "to",
    "through",
    "or",
    "when",
    "as",
    "after",
    "before",
    "the",
    "a",
    "an",
    "that",
    "but",
    "with",
    "for",
    "season",
    "election",
    "elections",
    "campaign",
    "budget",
    "census",
    "report",
    "model",
    "models",
    "olympics",
    "levels",
    "level",
    "figures",
    "data",
    "season's",
    "was",
    "is",
    "were",
    "will",
    "saw",
    "had",
];

struct Token {
    lead: String,
    core: String,
    trail: String,
}

fn split_token(raw: &str) -> Token {
    let lead_len = raw
        .char_indices()
        .find(|&(_, c)| {
            !matches!(
                c,
                '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '¿' | '¡' | '`'
            )
        })
        .map(|(i, _)| i)
        .unwrap_or(raw.len());
    // The apostrophe of "'80s" belongs to the decade.
    let decade_short = raw.strip_prefix(['\'', '’']).is_some_and(|r| {
        r.len() >= 3 && r.as_bytes()[..2].iter().all(u8::is_ascii_digit) && r[2..].starts_with('s')
    });
    let lead_len = if decade_short { 0 } else { lead_len };
    let rest = &raw[lead_len..];
    let mut core_end = rest.len();
    for (i, c) in rest.char_indices().rev() {
        if matches!(
            c,
            '"' | '\''
                | '`'
                | '”'
                | '’'
                | ')'
                | ']'
                | '}'
                | '»'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '.'
                | '…'
        ) {
            // A closing bracket whose opening one is inside the word stays: "401(k)".
            if c == ')' && rest[..i].contains('(') && !rest.starts_with('(') {
                break;
            }
            core_end = i;
        } else {
            break;
        }
    }
    let (mut core, mut trail) = (rest[..core_end].to_string(), rest[core_end..].to_string());
    // Keep an abbreviation's own full stop ("Dr.", "U.S.", "a.m.") in the core.
    if trail.starts_with('.')
        && !core.is_empty()
        && !core.chars().all(|c| c.is_ascii_digit() || c == ',')
    {
        let with_dot = format!("{core}.");
        let lower = with_dot.to_lowercase();
        let known = ABBREVIATIONS.iter().any(|(a, _)| *a == with_dot)
            || is_dotted_initialism(&with_dot)
            || MONTHS.iter().any(|(m, _)| format!("{m}.") == lower)
            || matches!(with_dot.as_str(), "St." | "No." | "Nos." | "a.m." | "p.m.");
        if known {
            core = with_dot;
            trail.remove(0);
        }
    }
    Token {
        lead: raw[..lead_len].to_string(),
        core,
        trail,
    }
}

/// "U.S.", "U.N.", "a.m." style: single letters each followed by a dot.
fn is_dotted_initialism(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 3
        && parts.last() == Some(&"")
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn month(word: &str) -> Option<&'static str> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, full)| *full)
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
}

/// Spoken words and the characters of the text they came from: one entry per token
/// read (a token folded into the next, as "$2.5 billion", is one entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenWords {
    pub spoken: String,
    /// Character offsets into the normalized text, end exclusive.
    pub start: usize,
    pub end: usize,
}

/// Normalizes one sentence into spoken words.
pub fn normalize(text: &str) -> String {
    join_words(&normalize_words(text))
}

/// The words of [`normalize_words`] as one line.
pub fn join_words(words: &[SpokenWords]) -> String {
    let mut out = String::new();
    for w in words {
        if w.spoken.is_empty() {
            continue;
        }
        if !out.is_empty() && !w.spoken.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
            out.push(' ');
        }
        out.push_str(&w.spoken);
    }
    out.trim().to_string()
}

/// A whitespace-separated piece of the text with its character span; telephone
/// numbers come whole, already spoken.
struct RawToken {
    text: String,
    start: usize,
    end: usize,
    spoken: Option<String>,
}

/// Splits text into tokens at whitespace and around dashes used as punctuation,
/// keeping where each came from.
fn tokenize(text: &str) -> Vec<RawToken> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let numeric = |j: Option<&char>| {
        j.is_some_and(|c| c.is_ascii_digit() || matches!(c, '%' | '$' | '€' | '£'))
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if boundary && (chars[i] == '+' || chars[i] == '(' || chars[i].is_ascii_digit()) {
            if let Some((len, mut spoken)) = match_phone(&chars[i..]) {
                if chars.get(i + len).is_none_or(|c| !c.is_alphanumeric()) {
                    // Punctuation right after the number stays with it.
                    let mut end = i + len;
                    while end < chars.len()
                        && !chars[end].is_whitespace()
                        && !chars[end].is_alphanumeric()
                        && !matches!(chars[end], '—' | '–')
                    {
                        spoken.push(chars[end]);
                        end += 1;
                    }
                    tokens.push(RawToken {
                        text: chars[i..end].iter().collect(),
                        start: i,
                        end,
                        spoken: Some(spoken),
                    });
                    i = end;
                    continue;
                }
            }
        }
        let is_dash = |j: usize| {
            matches!(chars[j], '—')
                || chars[j] == '–'
                    && !(numeric(j.checked_sub(1).and_then(|k| chars.get(k)))
                        && numeric(chars.get(j + 1)))
        };
        if is_dash(i) {
            tokens.push(RawToken {
                text: "—".into(),
                start: i,
                end: i + 1,
                spoken: None,
            });
            i += 1;
            continue;
        }
        let start = i;
        let mut word = String::new();
        while i < chars.len() && !chars[i].is_whitespace() && !is_dash(i) {
            let c = chars[i];
            match c {
                '–' => word.push('-'),
                '…' => word.push_str("..."),
                // TeX-style quotes: ``like this''.
                '`' | '\'' if chars.get(i + 1) == Some(&c) => {
                    word.push('"');
                    i += 1;
                }
                c => word.push(c),
            }
            i += 1;
            // Punctuation glued to the next word ends this one: "11:20AM,2:40PM",
            // "Hi,no", "NO?17", "(1)Hello". A digit group ("1,000") stays whole.
            let next = chars.get(i).copied();
            let glued = next.is_some_and(char::is_alphanumeric)
                && match c {
                    ',' => {
                        next.is_some_and(char::is_alphabetic)
                            || chars[..i - 1].last().is_some_and(|p| p.is_alphabetic())
                    }
                    '!' | '?' | ')' | ';' => true,
                    // "114...48": an ellipsis between words.
                    '.' => i >= 3 && chars[i - 2] == '.' && chars[i - 3] == '.',
                    _ => false,
                };
            if glued {
                break;
            }
        }
        tokens.push(RawToken {
            text: word,
            start,
            end: i,
            spoken: None,
        });
    }
    tokens
}

/// Normalizes one sentence into spoken words, each entry with the span of the text it
/// was read from. Dashes used as punctuation become a comma after the previous word.
pub fn normalize_words(text: &str) -> Vec<SpokenWords> {
    let raw = tokenize(text);
    let tokens: Vec<Token> = raw
        .iter()
        .map(|r| match &r.spoken {
            Some(s) => Token {
                lead: String::new(),
                core: s.clone(),
                trail: String::new(),
            },
            None => split_token(&r.text),
        })
        .collect();
    // Quotation marks in the tokens before each one.
    let mut quotes_before = Vec::with_capacity(tokens.len());
    let mut seen = 0;
    for t in &tokens {
        quotes_before.push(seen);
        seen += t.lead.matches('"').count() + t.trail.matches('"').count();
    }
    let mut out: Vec<SpokenWords> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some(spoken) = &raw[i].spoken {
            out.push(SpokenWords {
                spoken: spoken.clone(),
                start: raw[i].start,
                end: raw[i].end,
            });
            i += 1;
            continue;
        }
        if raw[i].text == "—" {
            // A dash is a pause: a comma on the word before (none at the start).
            if let Some(last) = out.last_mut() {
                if !last.spoken.ends_with([',', '.', '!', '?', ':', ';']) {
                    last.spoken.push(',');
                }
            }
            i += 1;
            continue;
        }
        // Spaced initials before a name: "C. S. Lewis" → "CS Lewis".
        let initial = |k: usize| {
            let t = &tokens[k];
            let letter = t.core.trim_end_matches('.');
            raw[k].spoken.is_none()
                && t.lead.is_empty()
                && letter.len() == 1
                && letter.starts_with(|c: char| c.is_ascii_uppercase())
                && (t.core.ends_with('.') && t.trail.is_empty() || t.trail == ".")
        };
        if initial(i) && i + 1 < tokens.len() && initial(i + 1) {
            let mut k = i;
            let mut letters = String::new();
            while k < tokens.len() && initial(k) {
                letters.push_str(&tokens[k].core[..1]);
                k += 1;
            }
            out.push(SpokenWords {
                spoken: letters,
                start: raw[i].start,
                end: raw[k - 1].end,
            });
            i = k;
            continue;
        }
        let t = &tokens[i];
        // Quotation marks seen so far: an odd count means a quotation is open.
        let open_quotes = quotes_before[i] + t.lead.matches('"').count();
        // '12"' outside a quotation is twelve inches.
        if open_quotes.is_multiple_of(2)
            && t.trail.starts_with('"')
            && !t.core.is_empty()
            && t.core.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            if let Some(n) = number(&t.core) {
                // "a 55" TV" is a fifty-five-inch TV.
                let adjective = t.trail == "\""
                    && tokens.get(i + 1).is_some_and(|n| {
                        n.lead.is_empty() && n.core.starts_with(char::is_alphabetic)
                    });
                let said = if adjective {
                    format!("{n}-inch")
                } else if t.core == "1" {
                    format!("{n} inch")
                } else {
                    format!("{n} inches")
                };
                out.push(SpokenWords {
                    spoken: format!("{said}{}", &t.trail[1..]),
                    start: raw[i].start,
                    end: raw[i].end,
                });
                i += 1;
                continue;
            }
        }
        let prev = if i > 0 { Some(&tokens[i - 1]) } else { None };
        let next = tokens.get(i + 1);
        let (spoken, consumed) = speak(t, prev, &tokens[i + 1..]);
        let mut piece = String::new();
        piece.push_str(&t.lead);
        piece.push_str(&spoken);
        // A trailing abbreviation dot that also ends the sentence is kept as a stop.
        let trail = if consumed == 2 {
            next.map(|n| n.trail.as_str()).unwrap_or("")
        } else {
            t.trail.as_str()
        };
        piece.push_str(trail);
        // …and so is one before a new sentence ("Elm St. It was").
        let next_starts_sentence = tokens.get(i + consumed).is_some_and(|n| {
            n.core.starts_with(char::is_uppercase)
                && crate::sentences::SENTENCE_STARTERS.contains(&n.core.to_lowercase().as_str())
        });
        if (i + consumed == tokens.len() || next_starts_sentence && trail.is_empty())
            && t.core.ends_with('.')
            && !piece.ends_with(['.', '!', '?', '"', '”', ')'])
        {
            piece.push('.');
        }
        let last_token = (i + consumed).min(raw.len()) - 1;
        out.push(SpokenWords {
            spoken: piece,
            start: raw[i].start,
            end: raw[last_token].end,
        });
        i += consumed;
    }
    out
}

/// Says one token; returns the words and how many tokens were used (1, or 2 when the
/// next token was folded in, as in "$2.5 billion").
fn speak(t: &Token, prev: Option<&Token>, ahead: &[Token]) -> (String, usize) {
    let next = ahead.first();
    let core = t.core.as_str();
    if core.is_empty() {
        return (String::new(), 1);
    }
    let prev_core = prev.map(|p| p.core.as_str()).unwrap_or("");
    // A possessive on a number: "April 29th's meeting", "the 1990s' music" stays.
    for apostrophe in ["'s", "’s"] {
        if let Some(stem) = core.strip_suffix(apostrophe) {
            // "80's" and "1990's" are decades, not possessives.
            let decade_like = (stem.len() == 2 || stem.len() == 4)
                && stem.chars().all(|c| c.is_ascii_digit())
                && stem.ends_with('0');
            if stem.starts_with(|c: char| c.is_ascii_digit()) && !decade_like {
                let inner = Token {
                    lead: String::new(),
                    core: stem.to_string(),
                    trail: String::new(),
                };
                let (words, _) = speak(&inner, prev, &[]);
                if words != stem {
                    return (format!("{words}{apostrophe}"), 1);
                }
            }
        }
    }
    // "2Q22" → "the second quarter of twenty-two".
    if let [q @ b'1'..=b'4', b'Q', y1 @ b'0'..=b'9', y2 @ b'0'..=b'9'] = core.as_bytes() {
        let year = (y1 - b'0') as u64 * 10 + (y2 - b'0') as u64;
        return (
            format!(
                "the {} quarter of {}",
                ordinal((q - b'0') as u64),
                two_digit_year(year)
            ),
            1,
        );
    }
    // "340 AD", "44 B.C."
    if matches!(
        core,
        "AD" | "A.D" | "A.D." | "BC" | "B.C" | "B.C." | "BCE" | "CE"
    ) && prev_core.chars().all(|c| c.is_ascii_digit())
        && !prev_core.is_empty()
    {
        return (core.replace('.', ""), 1);
    }
    // "5pm-7 pm": the second time's meridiem is the next word.
    if let Some((a, b)) = core.split_once('-') {
        if let (Some(from), Some(n)) = (clock_with_meridiem(a), next) {
            if is_meridiem(&n.core) && t.trail.is_empty() {
                if let Some(to) = clock_with_meridiem(&format!("{b}{}", n.core)) {
                    return (format!("{from} to {to}"), 2);
                }
            }
        }
    }
    // "11:30EST": a time with its zone glued on.
    if let Some(split) = core.find(|c: char| c.is_ascii_uppercase()) {
        let (clock, zone) = core.split_at(split);
        if matches!(
            zone,
            "EST"
                | "EDT"
                | "CST"
                | "CDT"
                | "MST"
                | "MDT"
                | "PST"
                | "PDT"
                | "GMT"
                | "UTC"
                | "BST"
                | "CET"
                | "ET"
                | "PT"
                | "CT"
        ) {
            if let Some(words) = time(clock, "") {
                return (format!("{words} {zone}"), 1);
            }
        }
    }
    // "12/kg" → "twelve per kilogram".
    if let Some((n, u)) = core.split_once('/') {
        if let (Some(words), Some((one, _))) = (
            number(n).filter(|_| n.chars().all(|c| c.is_ascii_digit() || c == '.')),
            unit_words(u),
        ) {
            return (format!("{words} per {one}"), 1);
        }
    }
    // "p.m.est" → "PM EST".
    for (glued, said) in [("a.m.", "AM"), ("p.m.", "PM")] {
        if let Some(zone) = core.to_lowercase().strip_prefix(glued) {
            if (2..=4).contains(&zone.len()) && zone.chars().all(|c| c.is_ascii_alphabetic()) {
                return (format!("{said} {}", zone.to_uppercase()), 1);
            }
        }
    }
    // "1980-1970 kg": a range of quantities before a unit, not of years.
    if let (Some((a, b)), Some(n)) = (core.split_once('-'), next) {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if digits(a) && digits(b) && unit(&n.core).is_some() {
            return (
                format!(
                    "{} to {}",
                    number(a).unwrap_or_default(),
                    number(b).unwrap_or_default()
                ),
                1,
            );
        }
    }
    // "y=x +1", "1-2=5": a formula.
    if let Some(words) = formula(core) {
        return (words, 1);
    }
    // "1- 2 = 5": an operand with its operator, in a formula.
    if let Some(n) = core.strip_suffix('-') {
        let formula_ahead = ahead.iter().take(3).any(|t| t.core == "=");
        if formula_ahead && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            return (format!("{} minus", number(n).unwrap_or_default()), 1);
        }
    }
    // "3 cc/s", "1/f": per.
    if let Some((a, b)) = core.split_once('/') {
        let letters =
            |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic());
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let after_number = prev_core.chars().all(|c| c.is_ascii_digit()) && !prev_core.is_empty();
        if letters(b) && (letters(a) && after_number || digits(a)) {
            let first = if digits(a) {
                number(a).unwrap_or_default()
            } else {
                a.to_string()
            };
            return (format!("{first} per {b}"), 1);
        }
    }
    // "4.4x": a multiple.
    if let Some(n) = core.strip_suffix(['x', '×']) {
        if n.contains('.') && n.chars().all(|c| c.is_ascii_digit() || c == '.') {
            if let Some(words) = number(n) {
                return (format!("{words} times"), 1);
            }
        }
    }
    // "1980 s": a decade written apart.
    if next.is_some_and(|n| n.core == "s" && n.lead.is_empty()) && t.trail.is_empty() {
        if let Some(words) = decade(&format!("{core}s")) {
            return (words, 2);
        }
    }
    if core == "§" || core == "§§" {
        return ((if core == "§" { "section" } else { "sections" }).into(), 1);
    }
    // A lone dash between numbers or times is a range: "4:00 am - 8:12 pm".
    if matches!(core, "-" | "–")
        && (prev_core.chars().any(|c| c.is_ascii_digit()) || is_meridiem(prev_core))
        && next.is_some_and(|n| n.core.starts_with(|c: char| c.is_ascii_digit() || c == '$'))
    {
        return ("to".into(), 1);
    }
    // Addresses: "2788 San Tomas Expy, Santa Clara, CA 95051".
    if (1..=5).contains(&core.len())
        && core.chars().all(|c| c.is_ascii_digit())
        && t.trail.is_empty()
        && street_follows(ahead)
    {
        let n: u64 = core.parse().unwrap_or(0);
        let words = match core.len() {
            3 => model_number(core).unwrap_or_else(|| cardinal(n)),
            4 => year(n),
            _ => cardinal(n),
        };
        return (words, 1);
    }
    if let Some(full) = street_type(core) {
        if (capitalized(prev_core) || is_ordinal_token(prev_core))
            && prev.is_some_and(|p| p.trail.is_empty())
            // "St." is Saint or Street by what follows; decided below.
            && core != "St."
        {
            return (full.into(), 1);
        }
    }
    if let Some((_, full)) = DIRECTIONS.iter().find(|(d, _)| *d == core) {
        let before_name = next.is_some_and(|n| capitalized(&n.core) || is_ordinal_token(&n.core));
        if prev_core.chars().all(|c| c.is_ascii_digit()) && !prev_core.is_empty() && before_name {
            return (full.to_string(), 1);
        }
    }
    if let Some(name) = state(core) {
        if prev.is_some_and(|p| p.trail == ",") && t.lead.is_empty() {
            return (name.into(), 1);
        }
    }
    // A ZIP code after a state.
    if core.len() == 5
        && core.chars().all(|c| c.is_ascii_digit())
        && (state(prev_core).is_some() || STATES.iter().any(|(_, s)| *s == prev_core))
    {
        let spelled = digits(core);
        return (spelled, 1);
    }
    if let Some(words) = digit_groups(core) {
        return (words, 1);
    }
    // A unit after a number said on its own: "4 1/2 lbs", "100 million kg", "2x8 m2".
    if let Some((one, many)) = unit_words(core)
        .filter(|_| core.len() >= 2 && !matches!(core, "in" | "mi" | "ha" | "gal" | "IN"))
    {
        let numeric = prev_core.starts_with(|c: char| c.is_ascii_digit())
            || matches!(prev_core, "thousand" | "million" | "billion" | "trillion");
        if numeric && prev.is_some_and(|p| p.trail.is_empty()) {
            return ((if prev_core == "1" { one } else { many }).into(), 1);
        }
    }
    // "upgrade / update" → "upgrade slash update".
    if core == "/" && !prev_core.is_empty() && next.is_some() {
        return ("slash".into(), 1);
    }
    if let Some(words) = decade_range(core) {
        return (words, 1);
    }
    if let Some(words) = arithmetic(core) {
        return (words, 1);
    }
    match core.to_lowercase().as_str() {
        "and/or" => return ("and or".into(), 1),
        "his/her" => return ("his or her".into(), 1),
        "he/she" => return ("he or she".into(), 1),
        "him/her" => return ("him or her".into(), 1),
        "s/he" => return ("she or he".into(), 1),
        _ => {}
    }
    // "upgrade/update/downgrade" → "upgrade slash update slash downgrade".
    if core.contains('/') {
        let parts: Vec<&str> = core.split('/').collect();
        let wordy = |s: &&str| s.len() > 1 && s.chars().all(|c| c.is_ascii_lowercase());
        if parts.iter().all(wordy) {
            return (parts.join(" slash "), 1);
        }
    }
    let next_core = next.map(|n| n.core.as_str()).unwrap_or("");
    let next_clean = next.is_some_and(|n| n.lead.is_empty()) && t.trail.is_empty();

    if let Some(words) = money(core, if next_clean { next_core } else { "" }) {
        return words;
    }
    if let Some(words) = money_range(core) {
        return (words, 1);
    }
    if let Some(words) = SET_PHRASES
        .iter()
        .find(|(w, _)| *w == core)
        .map(|(_, s)| s.to_string())
    {
        return (words, 1);
    }
    if let Some(words) = electronic(core) {
        return (words, 1);
    }
    if let Some(words) = handle_or_hashtag(core) {
        return (words, 1);
    }
    if let Some(words) = roman_in_context(core, prev) {
        return (words, 1);
    }
    if let Some(words) = clock_range(core) {
        return (words, 1);
    }
    if let Some(words) = duration_clock(core) {
        return (words, 1);
    }
    // "1.59 p.m." is a time.
    if let Some((h, m)) = core.split_once('.') {
        if is_meridiem(next_core) && h.len() <= 2 && m.len() == 2 {
            if let Some(words) = time(&format!("{h}:{m}"), next_core) {
                return (words, 1);
            }
        }
    }
    if let Some(words) = numeric_date(core) {
        return (words, 1);
    }
    // "25 July 2012", "25th Jul" → "the twenty-fifth of July …".
    if let Some(day) = day_number(core) {
        let year_after = ahead
            .get(1)
            .is_some_and(|y| y.core.len() == 4 && y.core.chars().all(|c| c.is_ascii_digit()));
        let month_next = next
            .is_some_and(|n| is_month_word(&n.core) || (year_after && month(&n.core).is_some()));
        if next_clean && month_next {
            let article = if prev_core.eq_ignore_ascii_case("the") {
                ""
            } else {
                "the "
            };
            return (format!("{article}{} of", ordinal(day)), 1);
        }
    }
    if let Some(words) = fraction(core, prev) {
        return (words, 1);
    }
    if let Some(words) = clock_with_meridiem(core) {
        return (words, 1);
    }
    if let Some(rest) = core.strip_prefix("mid-") {
        if let Some(words) = decade(rest).or_else(|| decade(&format!("'{rest}"))) {
            return (format!("mid {words}"), 1);
        }
    }
    if let Some(words) = measure(core) {
        return (words, 1);
    }
    if next_clean && number(core).is_some() {
        if let Some((one, many)) = unit(next_core) {
            let n = number(core).expect("checked");
            return (format!("{n} {}", if core == "1" { one } else { many }), 2);
        }
    }
    if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| *a == core) {
        return (full.to_string(), 1);
    }
    // British style writes titles without a full stop: "Dr Patel", "Cllr Jones".
    if next_clean && next_core.chars().next().is_some_and(char::is_uppercase) {
        if let Some((_, full)) = TITLES_WITHOUT_STOP.iter().find(|(a, _)| *a == core) {
            return (full.to_string(), 1);
        }
    }
    match core {
        "St." => {
            let starter =
                crate::sentences::SENTENCE_STARTERS.contains(&next_core.to_lowercase().as_str());
            let saint =
                next_core.chars().next().is_some_and(char::is_uppercase) && next_clean && !starter;
            return ((if saint { "Saint" } else { "Street" }).into(), 1);
        }
        "No." | "Nos." if next_core.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            return ((if core == "No." { "number" } else { "numbers" }).into(), 1);
        }
        "a.m." | "am" | "AM" | "A.M." if prev.is_some_and(|p| is_time_or_hour(&p.core)) => {
            return ("AM".into(), 1)
        }
        "p.m." | "pm" | "PM" | "P.M." if prev.is_some_and(|p| is_time_or_hour(&p.core)) => {
            return ("PM".into(), 1)
        }
        "a.m." | "A.M." | "a.m" | "A.M" => return ("AM".into(), 1),
        "p.m" | "P.M" => return ("PM".into(), 1),
        "p.m." | "P.M." => return ("PM".into(), 1),
        _ => {}
    }
    if let Some(full) = month(core) {
        let lowercase_abbreviation = core.ends_with('.') && core.starts_with(char::is_lowercase);
        let before_number = next_core.starts_with(|c: char| c.is_ascii_digit());
        let after_day = day_number(prev_core).is_some();
        if lowercase_abbreviation && !before_number && !after_day {
            return (core.to_string(), 1);
        }
        if core.ends_with('.')
            || core.chars().count() > 3
            || next_core.chars().all(|c| c.is_ascii_digit()) && !next_core.is_empty()
        {
            return (full.to_string(), 1);
        }
    }
    if is_dotted_initialism(core) {
        let letters: Vec<String> = core
            .split('.')
            .filter(|p| !p.is_empty())
            .map(|p| p.to_uppercase())
            .collect();
        // Joined capitals ("US", "UN") are spelled by espeak-ng; spaced single letters
        // are not ("A M" is read as the article "a" and "em").
        return (letters.join(""), 1);
    }
    if let Some(words) = percent(core) {
        return (words, 1);
    }
    if let Some(words) = time(core, next_core) {
        return (words, 1);
    }
    if let Some(words) = ordinal_token(core) {
        return (words, 1);
    }
    if let Some(words) = decade(core) {
        return (words, 1);
    }
    if let Some(words) = range(core) {
        return (words, 1);
    }
    if let Some(words) = degrees(core) {
        return (words, 1);
    }
    if core
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '−'))
        && core.chars().any(|c| c.is_ascii_digit())
    {
        // A day after a month: "Jan. 5" → "January fifth".
        if let (Some(p), Ok(day)) = (prev, core.parse::<u64>()) {
            if month(&p.core).is_some() && (1..=31).contains(&day) && p.trail.is_empty() {
                return (ordinal(day), 1);
            }
        }
        if let Ok(n) = core.parse::<u64>() {
            if core.len() == 4 && (1000..2100).contains(&n) && is_year_context(prev, next, t) {
                return (year(n), 1);
            }
            let era = next.is_some_and(|n| {
                matches!(
                    n.core.as_str(),
                    "AD" | "A.D" | "A.D." | "BC" | "B.C" | "B.C." | "BCE" | "CE"
                )
            });
            if era && (100..10000).contains(&n) {
                let words = if n < 1000 {
                    model_number(core).unwrap_or_else(|| cardinal(n))
                } else {
                    year(n)
                };
                return (words, 1);
            }
        }
        // "Boeing 737", "Flight 370": a model or route number after a name.
        if core.len() == 3
            && capitalized(prev_core)
            && prev.is_some_and(|p| p.trail.is_empty())
            && !NOT_NAMES.contains(&prev_core)
            && month(prev_core).is_none()
        {
            if let Some(words) = model_number(core) {
                return (words, 1);
            }
        }
        // ".5" → "point five".
        if let Some(fraction) = core.strip_prefix('.') {
            if !fraction.is_empty() && fraction.chars().all(|c| c.is_ascii_digit()) {
                if let Some(words) = number(&format!("0{core}")) {
                    return (words.trim_start_matches("zero ").to_string(), 1);
                }
            }
        }
        if let Some(words) = number(core) {
            return (words, 1);
        }
    }
    // "3-year-old" → "three-year-old".
    if let Some((head, tail)) = core.split_once('-') {
        if head.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !head.is_empty()
            && tail.chars().next().is_some_and(char::is_alphabetic)
        {
            if let Some(words) = number(head) {
                return (format!("{words}-{tail}"), 1);
            }
        }
    }
    if let Some(words) = alphanumeric(core) {
        return (words, 1);
    }
    if let Some(words) = slashed_code(core) {
        return (words, 1);
    }
    if let Some(words) = symbols_spelled(core) {
        return (words, 1);
    }
    // "ourdailynews.abc": two lowercase words joined by a dot read as an address.
    if let Some((a, b)) = core.split_once('.') {
        let word = |s: &str| s.len() >= 3 && s.chars().all(|c| c.is_ascii_lowercase());
        if word(a) && word(b) {
            return (format!("{a} dot {b}"), 1);
        }
    }
    (core.to_string(), 1)
}

/// `[+C[C[C]] sep] (AAA) sep? BBB sep CCCC` with sep one of space, '-', '.'; in US
/// style also `1-AAA-BBB-CCCC` (the trunk prefix). A toll-free area code is said as
/// newsreaders say it: "1-800-555-0134" → "one, eight hundred, five five five, zero one
/// three four".
fn match_phone(c: &[char]) -> Option<(usize, String)> {
    let digits = |from: usize, n: usize| -> Option<String> {
        let group: String = c.get(from..from + n)?.iter().collect();
        (group.chars().all(|d| d.is_ascii_digit())
            && c.get(from + n).is_none_or(|d| !d.is_ascii_digit()))
        .then_some(group)
    };
    let is_sep = |i: usize| c.get(i).is_some_and(|s| matches!(s, ' ' | '-' | '.'));
    let mut i = 0;
    let mut groups = Vec::new();
    let mut country = None;
    let mut trunk = false;
    if c[0] == '1'
        && matches!(c.get(1), Some('-' | '.' | ' '))
        && c.get(2).is_some_and(|d| d.is_ascii_digit() || *d == '(')
    {
        trunk = true;
        i = 2;
    } else if c[0] == '+' {
        let n = c[1..].iter().take_while(|d| d.is_ascii_digit()).count();
        if !(1..=3).contains(&n) {
            return None;
        }
        country = Some(c[1..=n].iter().collect::<String>());
        i = 1 + n;
        if is_sep(i) {
            i += 1;
        }
    }
    if c.get(i) == Some(&'(') {
        groups.push(digits(i + 1, 3)?);
        if c.get(i + 4) != Some(&')') {
            return None;
        }
        i += 5;
        if is_sep(i) {
            i += 1;
        }
    } else {
        groups.push(digits(i, 3)?);
        i += 3;
        if !is_sep(i) {
            return None;
        }
        i += 1;
    }
    groups.push(digits(i, 3)?);
    i += 3;
    if !is_sep(i) {
        return None;
    }
    groups.push(digits(i + 1, 4)?);
    i += 5;
    let spell = crate::numbers::digits;
    let mut parts: Vec<String> = country
        .iter()
        .map(|cc| format!("plus {}", spell(cc)))
        .collect();
    if trunk {
        parts.push("one".into());
    }
    let toll_free = |g: &str| g.ends_with("00") && !g.starts_with('0');
    parts.extend(groups.iter().enumerate().map(|(n, g)| {
        if n == 0 && toll_free(g) {
            format!("{} hundred", spell(&g[..1]))
        } else {
            spell(g)
        }
    }));
    Some((i, parts.join(", ")))
}

/// "2024-01-05", "2024/1/5", "1/5/2024" (US month first), "01/07/98", "15.01.2020"
/// (day first), "Jan-15-2020", "Jan-15" → "January fifth, twenty twenty-four".
fn numeric_date(core: &str) -> Option<String> {
    let say = |m: u64, d: u64, y: Option<(u64, usize)>| -> Option<String> {
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let month = FULL_MONTHS[m as usize - 1];
        Some(match y {
            Some((y, 2)) => format!("{month} {}, {}", ordinal(d), two_digit_year(y)),
            Some((y, _)) => format!("{month} {}, {}", ordinal(d), year(y)),
            None => format!("{month} {}", ordinal(d)),
        })
    };
    if let Some((mon, rest)) = core.split_once('-') {
        if let Some(full) = month(mon).filter(|_| mon.chars().all(char::is_alphabetic)) {
            let mut parts = rest.split('-');
            let d: u64 = parts.next()?.parse().ok()?;
            let y = parts
                .next()
                .map(|y| y.parse::<u64>().ok().map(|v| (v, y.len())))
                .unwrap_or(None);
            let m = FULL_MONTHS.iter().position(|f| *f == full)? as u64 + 1;
            return say(m, d, y);
        }
    }
    let sep = ['-', '/', '.']
        .into_iter()
        .find(|s| core.matches(*s).count() == 2)?;
    let parts: Vec<&str> = core.split(sep).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    match (parts[0].len(), parts[2].len()) {
        (4, 1..=2) => say(n[1], n[2], Some((n[0], 4))),
        // Written day first, read day first: "the fifteenth of January, twenty twenty".
        (1..=2, 4 | 2) if sep == '.' || (sep == '-' && n[0] > 12) => {
            let us = say(n[1], n[0], Some((n[2], parts[2].len())))?;
            let (month_day, year_words) = us.split_once(", ")?;
            let (month, day) = month_day.split_once(' ')?;
            Some(format!("the {day} of {month} {year_words}"))
        }
        (1..=2, 4 | 2) if sep == '/' => say(n[0], n[1], Some((n[2], parts[2].len()))),
        _ => None,
    }
}

/// '98 → "ninety-eight", '05 → "oh five".
fn two_digit_year(y: u64) -> String {
    if y < 10 {
        format!("oh {}", cardinal(y))
    } else {
        cardinal(y)
    }
}

/// A day of the month written as "5", "05" or "5th".
fn day_number(core: &str) -> Option<u64> {
    let digits = core.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &core[digits.len()..].to_lowercase();
    if !matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th")
        || digits.is_empty()
        || digits.len() > 2
    {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// A month name that is not also an everyday word ("may", "march" only capitalized).
fn is_month_word(word: &str) -> bool {
    let lower = word.trim_end_matches('.').to_lowercase();
    month(word).is_some()
        && (!matches!(lower.as_str(), "may" | "march" | "mar" | "jan" | "dec")
            || word.starts_with(char::is_uppercase))
}

/// "1/2" → "one half", "3/4" → "three quarters", "2 1/2" → "and a half" (after "two"),
/// "31/32" → "thirty-one thirty-seconds".
fn fraction(core: &str, prev: Option<&Token>) -> Option<String> {
    let core = core.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let (a, b) = core.split_once('/')?;
    if a.is_empty()
        || b.is_empty()
        || !a.chars().all(|c| c.is_ascii_digit())
        || !b.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (n, d): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    let mixed = prev.is_some_and(|p| {
        p.trail.is_empty() && !p.core.is_empty() && p.core.chars().all(|c| c.is_ascii_digit())
    });
    // "2 142/1": over one.
    if d == 1 && mixed {
        return Some(format!("and {} over one", cardinal(n)));
    }
    // Proper fractions of any size ("1/2007", "12639/12640"); small improper ones.
    let proper = n < d && (2..=1_000_000).contains(&d);
    let small = (2..=100).contains(&d) && n <= 1000 && (n < d || matches!(d, 2..=4));
    if !(proper || small) {
        return None; // "22/7" is more likely a ratio or code than a fraction
    }
    let denominator = |plural: bool| -> String {
        let word = match d {
            2 => "half".to_string(),
            4 => "quarter".to_string(),
            _ => ordinal(d),
        };
        match (plural, d) {
            (false, _) => word,
            (true, 2) => "halves".into(),
            (true, _) => format!("{word}s"),
        }
    };
    let words = if n == 1 && mixed {
        format!("a {}", denominator(false))
    } else {
        format!("{} {}", cardinal(n), denominator(n != 1))
    };
    Some(if mixed { format!("and {words}") } else { words })
}

/// "11:20AM", "5pm", "10:10p.m." → "eleven twenty AM".
fn clock_with_meridiem(core: &str) -> Option<String> {
    let lower = core.to_lowercase();
    let (clock, meridiem) = [
        ("a.m.", "AM"),
        ("p.m.", "PM"),
        ("a.m", "AM"),
        ("p.m", "PM"),
        ("am", "AM"),
        ("pm", "PM"),
    ]
    .into_iter()
    .find_map(|(suffix, said)| lower.strip_suffix(suffix).map(|c| (c.to_string(), said)))?;
    if clock.is_empty() {
        return None;
    }
    let spoken = if clock.contains(':') {
        time(&clock, "am")?
    } else {
        let h: u64 = clock.parse().ok().filter(|h| (1..=12).contains(h))?;
        cardinal(h)
    };
    Some(format!("{spoken} {meridiem}"))
}

/// "$250-$300" → "two hundred fifty dollars to three hundred dollars".
fn money_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once('-')?;
    let (a, _) = money(a, "")?;
    let (b, _) = money(b, "")?;
    Some(format!("{a} to {b}"))
}

/// Units of measure: (singular, plural), keyed by their written forms.
const UNITS: &[(&[&str], &str, &str)] = &[
    (&["kg", "kgs"], "kilogram", "kilograms"),
    (&["g", "gm"], "gram", "grams"),
    (&["mg"], "milligram", "milligrams"),
    (&["lb", "lbs"], "pound", "pounds"),
    (&["oz"], "ounce", "ounces"),
    (&["km"], "kilometer", "kilometers"),
    (&["cm"], "centimeter", "centimeters"),
    (&["mm"], "millimeter", "millimeters"),
    (&["mi"], "mile", "miles"),
    (&["ft"], "foot", "feet"),
    (&["yd", "yds"], "yard", "yards"),
    (&["mph"], "mile per hour", "miles per hour"),
    (
        &["kph", "km/h"],
        "kilometer per hour",
        "kilometers per hour",
    ),
    (&["ml"], "milliliter", "milliliters"),
    (&["gal"], "gallon", "gallons"),
    (&["kb"], "kilobyte", "kilobytes"),
    (&["mb"], "megabyte", "megabytes"),
    (&["gb"], "gigabyte", "gigabytes"),
    (&["tb"], "terabyte", "terabytes"),
    (&["kbps"], "kilobit per second", "kilobits per second"),
    (&["mbps"], "megabit per second", "megabits per second"),
    (&["gbps"], "gigabit per second", "gigabits per second"),
    (&["hz"], "hertz", "hertz"),
    (&["khz"], "kilohertz", "kilohertz"),
    (&["mhz"], "megahertz", "megahertz"),
    (&["ghz"], "gigahertz", "gigahertz"),
    (&["kw"], "kilowatt", "kilowatts"),
    (&["mw"], "megawatt", "megawatts"),
    (&["gw"], "gigawatt", "gigawatts"),
    (&["kwh"], "kilowatt hour", "kilowatt hours"),
    (&["ha"], "hectare", "hectares"),
    (
        &["km²", "km2", "sq km"],
        "square kilometer",
        "square kilometers",
    ),
    (&["m²", "m2"], "square meter", "square meters"),
    (&["km³"], "cubic kilometer", "cubic kilometers"),
];

/// Units that are words too ("in", "m", "l", "g"?) are only read as units when written
/// attached to the number; this is the list that may also stand apart.
fn unit(word: &str) -> Option<(&'static str, &'static str)> {
    let lower = word.to_lowercase();
    if matches!(lower.as_str(), "g" | "gm" | "ha" | "mi" | "gal") {
        return None;
    }
    unit_words(&lower)
}

/// Any unit's words, singular and plural, by one of its written forms (any case).
fn unit_words(form: &str) -> Option<(&'static str, &'static str)> {
    let lower = form.to_lowercase();
    UNITS
        .iter()
        .find(|(forms, ..)| forms.contains(&lower.as_str()))
        .map(|(_, one, many)| (*one, *many))
}

/// "12kg", "3.2km", "100m", "2-5lb", "12kg/kg" → numbers with units in words.
fn measure(core: &str) -> Option<String> {
    let (sign, core) = match core.strip_prefix('-') {
        Some(rest) => ("minus ", rest),
        None => ("", core),
    };
    let num_end = core.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-'))?;
    let (amount, rest) = (&core[..num_end], &core[num_end..]);
    if amount.is_empty() || !amount.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (unit_part, per) = match rest.split_once('/') {
        Some((u, p)) => (u, Some(p)),
        None => (rest, None),
    };
    let lookup = |w: &str| -> Option<(&'static str, &'static str)> {
        match w {
            // "5G", "4K", "3D": a generation, a resolution, dimensions.
            "G" | "K" | "D" | "T" | "P" => None,
            "m" => Some(("meter", "meters")),
            "l" | "L" => Some(("liter", "liters")),
            "w" | "W" => Some(("watt", "watts")),
            _ => unit_words(w),
        }
    };
    let (one, many) = lookup(unit_part)?;
    let (words, plural) = match amount.split_once('-') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => {
            (format!("{} to {}", number(a)?, number(b)?), true)
        }
        _ => (number(amount)?, amount != "1"),
    };
    let mut out = format!("{sign}{words} {}", if plural { many } else { one });
    if let Some(per) = per {
        out.push_str(&format!(" per {}", lookup(per)?.0));
    }
    Some(out)
}

fn is_meridiem(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "a.m." | "p.m." | "a.m" | "p.m" | "am" | "pm"
    )
}

/// "2pm-5pm", "9am-5pm" → "two PM to five PM".
fn clock_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once('-')?;
    Some(format!(
        "{} to {}",
        clock_with_meridiem(a)?,
        clock_with_meridiem(b)?
    ))
}

/// "1:01:01", "14:10:30" → "one hour, one minute and one second".
fn duration_clock(core: &str) -> Option<String> {
    let parts: Vec<&str> = core.split(':').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u64> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    if n[1] > 59 || n[2] > 59 {
        return None;
    }
    let unit =
        |v: u64, one: &str| format!("{} {one}{}", cardinal(v), if v == 1 { "" } else { "s" });
    Some(format!(
        "{} {} and {}",
        unit(n[0], "hour"),
        unit(n[1], "minute"),
        unit(n[2], "second")
    ))
}

/// Top-level domains read as words; others are spelled.
const WORD_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "info", "biz", "news", "app", "dev", "io",
];

/// E-mail addresses, web addresses and bare domains: "ann.lee@example.com" → "ann dot
/// lee at example dot com", "www.example.org/a-b" → "WWW dot example dot org slash a
/// dash b". The scheme ("https://") is not read: a newsreader never says it.
fn electronic(core: &str) -> Option<String> {
    let lower = core.to_ascii_lowercase();
    // A local file is read whole: "file:///photos/image.jpg".
    if let Some(path) = lower.strip_prefix("file://").map(|_| &core[7..]) {
        let mut words = vec!["file colon slash slash".to_string()];
        let chars: Vec<char> = path.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii_alphabetic() {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                words.push(match word.to_ascii_lowercase().as_str() {
                    "jpg" => "jpeg".into(),
                    _ => word,
                });
                continue;
            }
            words.push(match chars[i] {
                '/' => "slash".into(),
                '.' => "dot".into(),
                '-' => "dash".into(),
                '_' => "underscore".into(),
                c if c.is_ascii_digit() => cardinal(c.to_digit(10).unwrap_or(0) as u64),
                c => c.to_string(),
            });
            i += 1;
        }
        return Some(words.join(" "));
    }
    let body = ["https://", "http://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s).map(|_| &core[s.len()..]));
    let is_email = core.contains('@')
        && core
            .rsplit_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    let host_end = |s: &str| s.find(['/', '?', '#']).unwrap_or(s.len());
    let has_known_tld = |s: &str| {
        let host = &s[..host_end(s)];
        let mut labels = host.split('.');
        let first = labels.next().unwrap_or("");
        let rest: Vec<&str> = labels.collect();
        !first.is_empty()
            && first.chars().any(|c| c.is_ascii_alphabetic())
            && !rest.is_empty()
            && rest
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && rest.last().is_some_and(|tld| {
                let tld = tld.to_ascii_lowercase();
                WORD_TLDS.contains(&tld.as_str())
                    || (tld.len() == 2
                        && tld.chars().all(|c| c.is_ascii_alphabetic())
                        && rest.len() >= 2)
                    || matches!(
                        tld.as_str(),
                        "uk" | "de"
                            | "fr"
                            | "it"
                            | "es"
                            | "nl"
                            | "eu"
                            | "ca"
                            | "au"
                            | "us"
                            | "co"
                            | "tv"
                            | "me"
                            | "ai"
                    )
            })
    };
    let text = match body {
        Some(rest) => rest,
        None if is_email || lower.starts_with("www.") => core,
        None if has_known_tld(core) && !core.contains("..") => core,
        None => return None,
    };
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let at = text.rfind('@').map(|i| text[..i].chars().count());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let lower = word.to_ascii_lowercase();
            let is_last_label = i == chars.len() || chars[i] == '/';
            let after_dot = start > 0 && chars[start - 1] == '.';
            let in_host = at.is_none_or(|a| start > a);
            words.push(if lower == "www" {
                "WWW".into()
            } else if after_dot && is_last_label && in_host && word.len() == 2 {
                // Country domains are spelled; joined capitals are what espeak-ng
                // spells ("UK"), spaced letters it may read as words ("I T" → "it").
                word.to_uppercase()
            } else {
                word
            });
            continue;
        }
        if c.is_ascii_digit() {
            words.push(cardinal(c.to_digit(10).unwrap_or(0) as u64));
        } else {
            let name = match c {
                '.' => "dot",
                '@' => "at",
                '/' => "slash",
                '-' => "dash",
                '_' => "underscore",
                '&' => "ampersand",
                ':' => "colon",
                '?' => "question mark",
                '=' => "equals",
                '#' => "hash",
                '~' => "tilde",
                '+' => "plus",
                '%' => "percent",
                _ => "",
            };
            if !name.is_empty() {
                words.push(name.into());
            }
        }
        i += 1;
    }
    Some(words.join(" "))
}

/// "@aloud_news" → "at aloud news", "#Election2024" → "hashtag Election twenty twenty-four".
fn handle_or_hashtag(core: &str) -> Option<String> {
    let (prefix, name) = if let Some(n) = core.strip_prefix('@') {
        ("at", n)
    } else if let Some(n) = core.strip_prefix('#') {
        ("hashtag", n)
    } else {
        return None;
    };
    if name.is_empty()
        || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        || !name.starts_with(char::is_alphabetic)
    {
        return None;
    }
    let mut words = vec![prefix.to_string()];
    let mut current = String::new();
    let mut digits = String::new();
    let flush = |current: &mut String, digits: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
        if !digits.is_empty() {
            let n: Option<u64> = digits.parse().ok();
            words.push(match n {
                Some(n) if digits.len() == 4 && (1000..2100).contains(&n) => year(n),
                _ => number(digits).unwrap_or_default(),
            });
            digits.clear();
        }
    };
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            digits.push(c);
        } else if c == '_' {
            flush(&mut current, &mut digits, &mut words);
        } else {
            if !digits.is_empty() {
                flush(&mut current, &mut digits, &mut words);
            }
            current.push(c);
        }
    }
    flush(&mut current, &mut digits, &mut words);
    Some(words.join(" "))
}

/// Words after which a Roman numeral is a plain number ("World War II", "Super Bowl
/// LVIII", "Chapter IV").
const ROMAN_COUNTERS: &[&str] = &[
    "war", "bowl", "chapter", "part", "volume", "vol.", "act", "phase", "title", "article",
    "apollo", "class", "type", "level", "stage", "section", "book", "episode", "season", "round",
    "schedule", "vatican", "mark", "gen",
];

/// Capital-letter words that happen to be valid Roman numerals but are not.
const ROMAN_LOOKALIKES: &[&str] = &[
    "DC", "CD", "MD", "CC", "CV", "DM", "MM", "CM", "ML", "MC", "LCD", "MIX", "DIV", "LI", "DI",
    "MI", "CI", "XXX", "XL", "XXL", "MCM",
];

fn roman_value(s: &str) -> Option<u64> {
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<u64> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    let total = u64::try_from(total).ok().filter(|&t| t > 0)?;
    // Only canonical spellings (so "IIII" or "VX" are not numerals).
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// "King Charles III" → "King Charles the third", "World War II" → "World War two".
fn roman_in_context(core: &str, prev: Option<&Token>) -> Option<String> {
    let prev = prev.filter(|p| p.trail.is_empty())?;
    let value = roman_value(core)?;
    let counter = ROMAN_COUNTERS.contains(&prev.core.to_lowercase().as_str());
    if counter {
        return Some(cardinal(value));
    }
    let name_before = prev.core.chars().next().is_some_and(char::is_uppercase)
        && prev
            .core
            .chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '\'')
        && prev.core.chars().count() > 1;
    if core.len() >= 2 && name_before && !ROMAN_LOOKALIKES.contains(&core) {
        return Some(format!("the {}", ordinal(value)));
    }
    None
}

fn is_time_or_hour(core: &str) -> bool {
    let digits_colon = core.chars().all(|c| c.is_ascii_digit() || c == ':');
    digits_colon
        && core.chars().any(|c| c.is_ascii_digit())
        && core
            .split(':')
            .next()
            .and_then(|h| h.parse::<u32>().ok())
            .is_some_and(|h| h <= 24)
}

fn is_year_context(prev: Option<&Token>, next: Option<&Token>, t: &Token) -> bool {
    if let Some(p) = prev {
        let word = bare(&p.core);
        if YEAR_CONTEXT.contains(&word.as_str())
            || month(&p.core).is_some()
            || p.trail.ends_with(',') && month(&p.core).is_some()
        {
            return true;
        }
    }
    match next {
        None => true,
        Some(_) if !t.trail.is_empty() => true,
        Some(n) => {
            let w = bare(&n.core);
            let is_lower_word = n.core.chars().next().is_some_and(|c| c.is_lowercase());
            !is_lower_word || YEAR_FOLLOWERS.contains(&w.as_str())
        }
    }
}

const CURRENCIES: &[(&str, &str, &str)] = &[
    ("US$", "US dollar", "US dollars"),
    ("C$", "Canadian dollar", "Canadian dollars"),
    ("CA$", "Canadian dollar", "Canadian dollars"),
    ("A$", "Australian dollar", "Australian dollars"),
    ("AU$", "Australian dollar", "Australian dollars"),
    ("NZ$", "New Zealand dollar", "New Zealand dollars"),
    ("HK$", "Hong Kong dollar", "Hong Kong dollars"),
    ("S$", "Singapore dollar", "Singapore dollars"),
    ("$", "dollar", "dollars"),
    ("€", "euro", "euros"),
    ("£", "pound", "pounds"),
    ("¥", "yen", "yen"),
    ("₩", "won", "won"),
    ("₹", "rupee", "rupees"),
];

const MAGNITUDES: &[(&str, &str)] = &[
    ("thousand", "thousand"),
    ("million", "million"),
    ("billion", "billion"),
    ("trillion", "trillion"),
    ("k", "thousand"),
    ("m", "million"),
    ("mn", "million"),
    ("bn", "billion"),
    ("b", "billion"),
    ("tn", "trillion"),
    ("t", "trillion"),
];

/// What a price is per: "$20/mo" → "per month".
const PER_UNITS: &[(&str, &str)] = &[
    ("mo", "month"),
    ("month", "month"),
    ("yr", "year"),
    ("year", "year"),
    ("wk", "week"),
    ("week", "week"),
    ("d", "day"),
    ("day", "day"),
    ("hr", "hour"),
    ("h", "hour"),
    ("hour", "hour"),
    ("min", "minute"),
    ("night", "night"),
    ("person", "person"),
    ("share", "share"),
    ("kg", "kilogram"),
    ("lb", "pound"),
    ("oz", "ounce"),
    ("gal", "gallon"),
    ("l", "liter"),
    ("mi", "mile"),
    ("km", "kilometer"),
    ("sq ft", "square foot"),
    ("sqft", "square foot"),
    ("ton", "ton"),
    ("t", "ton"),
    ("barrel", "barrel"),
    ("bbl", "barrel"),
    ("mwh", "megawatt hour"),
    ("kwh", "kilowatt hour"),
];

/// "$5" "$3.50" "$2.5 billion" "£1.2m" "€40" "99¢".
fn money(core: &str, next: &str) -> Option<(String, usize)> {
    if let Some(amount) = core.strip_suffix('¢') {
        let n: u64 = amount.parse().ok()?;
        return Some((
            format!("{} {}", cardinal(n), if n == 1 { "cent" } else { "cents" }),
            1,
        ));
    }
    let (symbol, one, many) = CURRENCIES.iter().find(|(s, _, _)| core.starts_with(s))?;
    let rest = &core[symbol.len()..];
    let num_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let (amount, suffix) = (&rest[..num_end], &rest[num_end..]);
    if amount.is_empty() {
        return None;
    }
    // "$20/mo", "£10/wk": a price per unit.
    if let Some(unit) = suffix.strip_prefix('/') {
        let per = PER_UNITS
            .iter()
            .find(|(u, _)| u.eq_ignore_ascii_case(unit))?
            .1;
        let (words, _) = money(&format!("{symbol}{amount}"), "")?;
        return Some((format!("{words} per {per}"), 1));
    }
    let mut consumed = 1;
    let magnitude = if !suffix.is_empty() {
        Some(
            MAGNITUDES
                .iter()
                .find(|(m, _)| m.eq_ignore_ascii_case(suffix))?
                .1,
        )
    } else if let Some((_, m)) = MAGNITUDES
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(next))
    {
        consumed = 2;
        Some(*m)
    } else {
        None
    };
    if let Some(m) = magnitude {
        return Some((format!("{} {m} {many}", number(amount)?), consumed));
    }
    let subunit = match *symbol {
        "¥" | "₩" => None,
        "£" => Some(("penny", "pence")),
        "₹" => Some(("paisa", "paise")),
        _ => Some(("cent", "cents")),
    };
    if let (Some((whole, cents)), Some((cent_one, cent_many))) = (amount.split_once('.'), subunit) {
        // "$20.5" is twenty dollars and fifty cents; "$20.500" too.
        let cents = if cents.len() == 1 {
            format!("{cents}0")
        } else if cents.len() == 3 && cents.ends_with('0') {
            cents[..2].to_string()
        } else {
            cents.to_string()
        };
        if cents.len() == 2 {
            let c: u64 = cents.parse().ok()?;
            let cent_words = format!(
                "{} {}",
                cardinal(c),
                if c == 1 { cent_one } else { cent_many }
            );
            if whole.is_empty() || whole.chars().all(|d| d == '0') {
                return Some((cent_words, 1));
            }
            let w = number(whole)?;
            let unit = if whole == "1" { one } else { many };
            if c == 0 {
                return Some((format!("{w} {unit}"), 1));
            }
            return Some((format!("{w} {unit} and {cent_words}"), 1));
        }
    }
    let words = number(amount)?;
    // "$.506": point five zero six dollars.
    let words = if amount.starts_with('.') {
        words.trim_start_matches("zero ").to_string()
    } else {
        words
    };
    Some((
        format!("{words} {}", if amount == "1" { one } else { many }),
        1,
    ))
}

/// "5%" "5.5%" "-2%".
fn percent(core: &str) -> Option<String> {
    let n = core.strip_suffix('%')?;
    if let Some((a, b)) = n.split_once(['-', '–']) {
        let a = a.strip_suffix('%').unwrap_or(a);
        return Some(format!("{} to {} percent", number(a)?, number(b)?));
    }
    Some(format!("{} percent", number(n)?))
}

/// "8:30" → "eight thirty", "8:00" → "eight o'clock" (or "eight" before a.m./p.m.),
/// "8:05" → "eight oh five", "14:00" → "fourteen hundred".
fn time(core: &str, next: &str) -> Option<String> {
    let (h, m) = core.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u64, u64) = (h.parse().ok()?, m.parse().ok()?);
    if h > 24 || m > 59 {
        return None;
    }
    let meridiem = is_meridiem(next);
    Some(match m {
        0 if h > 12 => format!("{} hundred", cardinal(h)),
        0 if meridiem => cardinal(h),
        0 => format!("{} o'clock", cardinal(h)),
        1..=9 => format!("{} oh {}", cardinal(h), cardinal(m)),
        _ => format!("{} {}", cardinal(h), cardinal(m)),
    })
}

/// "21st" → "twenty-first".
fn ordinal_token(core: &str) -> Option<String> {
    let lower = core.to_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return None;
    }
    Some(ordinal(digits.replace(',', "").parse().ok()?))
}

/// "1990s" → "nineteen nineties", "'90s" → "nineties".
fn decade(core: &str) -> Option<String> {
    let core = core.trim_end_matches(['’', '\'']);
    let digits = core.strip_suffix('s')?;
    let digits = digits.strip_suffix(['\'', '’']).unwrap_or(digits);
    let short = digits.strip_prefix(['\'', '’']);
    let plural = |words: String| -> String {
        match words.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{words}s"),
        }
    };
    if let Some(two) = short {
        let n: u64 = two.parse().ok()?;
        return (two.len() == 2 && n.is_multiple_of(10)).then(|| plural(cardinal(n)));
    }
    let n: u64 = digits.parse().ok()?;
    if digits.len() == 4 && n.is_multiple_of(10) {
        if n.is_multiple_of(1000) {
            // "the 2000s": the two thousands.
            return Some(format!("{} thousands", cardinal(n / 1000)));
        }
        if n.is_multiple_of(100) {
            return Some(format!("{} hundreds", cardinal(n / 100)));
        }
        return Some(plural(year(n)));
    }
    // "80's", "80s": the eighties.
    if digits.len() == 2 && n.is_multiple_of(10) && n >= 20 {
        return Some(plural(cardinal(n)));
    }
    None
}

/// "1960s-1980s", "1960s-80s" → "nineteen sixties to nineteen eighties".
fn decade_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once(['-', '–'])?;
    let first = decade(a)?;
    let second = decade(b).or_else(|| decade(&format!("'{b}")))?;
    Some(format!("{first} to {second}"))
}

/// "737" after a name ("Boeing 737", "Flight 370", "Highway 101") is read like a
/// model number: "seven thirty-seven", "one oh one".
fn model_number(digits: &str) -> Option<String> {
    let n: u64 = digits.parse().ok()?;
    if digits.len() != 3 || n.is_multiple_of(100) {
        return None;
    }
    let (h, rest) = (n / 100, n % 100);
    Some(if rest < 10 {
        format!("{} oh {}", cardinal(h), cardinal(rest))
    } else {
        format!("{} {}", cardinal(h), cardinal(rest))
    })
}

/// Letters and digits together ("F-35", "5G", "COVID-19", "H5N1", "A380", "R2-D2"):
/// letters as written, numbers read by length.
fn alphanumeric(core: &str) -> Option<String> {
    if !core.chars().any(|c| c.is_ascii_digit())
        || !core.chars().any(char::is_alphabetic)
        || !core.chars().all(|c| c.is_alphanumeric() || c == '-')
        || core.starts_with('-')
        || core.ends_with('-')
    {
        return None;
    }
    let mut words = Vec::new();
    for group in core.split('-') {
        let chars: Vec<char> = group.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let digit = chars[i].is_ascii_digit();
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() == digit {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            if !digit {
                words.push(run);
                continue;
            }
            let spelled = || digits(&run);
            words.push(match run.len() {
                _ if run.len() > 1 && run.starts_with('0') => spelled(),
                1 | 2 => cardinal(run.parse().ok()?),
                3 => model_number(&run).unwrap_or_else(|| cardinal(run.parse().unwrap_or(0))),
                4 if run.ends_with("00") => cardinal(run.parse().ok()?),
                4 => spelled(),
                _ => spelled(),
            });
        }
    }
    Some(words.join(" "))
}

/// Digits in groups read one by one: IP addresses ("10.0.0.1" → "one zero dot zero …")
/// and 3-2-4 identity numbers.
fn digit_groups(core: &str) -> Option<String> {
    let spell = digits;
    let all_digits = |g: &&str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    let dotted: Vec<&str> = core.split('.').collect();
    if dotted.len() == 4 && dotted.iter().all(all_digits) && dotted.iter().all(|g| g.len() <= 3) {
        return Some(
            dotted
                .iter()
                .map(|g| spell(g))
                .collect::<Vec<_>>()
                .join(" dot "),
        );
    }
    let dashed: Vec<&str> = core.split('-').collect();
    let lengths: Vec<usize> = dashed.iter().map(|g| g.len()).collect();
    if dashed.iter().all(all_digits) && lengths == [3, 2, 4] {
        return Some(
            dashed
                .iter()
                .map(|g| spell(g))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    None
}

/// "2+3" → "two plus three", "2x8" → "two by eight".
fn arithmetic(core: &str) -> Option<String> {
    for (op, word) in [('+', "plus"), ('x', "by"), ('×', "times")] {
        if let Some((a, b)) = core.split_once(op) {
            let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if digits(a) && digits(b) {
                return Some(format!("{} {word} {}", number(a)?, number(b)?));
            }
        }
    }
    None
}

/// Capitalized words a count follows, not a name a model number follows.
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "About", "Some", "Nearly", "Over", "Around", "Only", "All", "Those", "These",
    "Its", "Their", "His", "Her", "Our", "My", "Your", "At", "In", "On", "By", "Of", "For", "From",
    "With", "To", "And", "But", "Or", "Almost", "Roughly", "Just", "Another", "Top", "Page",
    "Pages", "Chapter",
];

/// Names of symbols read inside codes and junk tokens.
fn symbol_name(c: char) -> Option<&'static str> {
    Some(match c {
        '#' => "hash",
        '$' => "dollar",
        '@' => "at",
        '%' => "percent",
        '*' => "asterisk",
        '+' => "plus",
        '&' => "and",
        '=' => "equals",
        '€' => "euro",
        '£' => "pound",
        '¥' => "yen",
        '₩' => "won",
        '/' => "slash",
        _ => return None,
    })
}

/// A token of letters, digits and symbols no other rule read ("f++", "#mytext#",
/// "$12@12%", "$"): runs of letters as written, numbers read, symbols named.
fn symbols_spelled(core: &str) -> Option<String> {
    if !core.chars().any(|c| symbol_name(c).is_some())
        || !core
            .chars()
            .all(|c| c.is_alphanumeric() || symbol_name(c).is_some())
    {
        return None;
    }
    // Numbers over numbers are fractions or dates, not codes.
    if core.contains('/')
        && core
            .split('/')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let chars: Vec<char> = core.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(name) = symbol_name(chars[i]) {
            words.push(name.to_string());
            i += 1;
            continue;
        }
        let digit = chars[i].is_ascii_digit();
        let start = i;
        while i < chars.len()
            && symbol_name(chars[i]).is_none()
            && chars[i].is_ascii_digit() == digit
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        words.push(if digit {
            if run.len() <= 3 {
                cardinal(run.parse().ok()?)
            } else {
                digits(&run)
            }
        } else {
            run
        });
    }
    Some(words.join(" "))
}

/// Codes built with slashes ("31/31/100", "123/261788/2021", "MIG-25/235212-asdg"):
/// each piece read, the separators kept as written (the voice says "slash").
fn slashed_code(core: &str) -> Option<String> {
    if !core.contains('/')
        || !core.chars().any(|c| c.is_ascii_digit())
        || !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        || core.split('/').any(str::is_empty)
    {
        return None;
    }
    let piece = |p: &str| -> Option<String> {
        if p.is_empty() {
            return Some(String::new());
        }
        if p.chars().all(|c| c.is_ascii_digit()) {
            return Some(match p.len() {
                1..=4 => cardinal(p.parse().ok()?),
                _ => digits(p),
            });
        }
        if p.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some(p.to_string());
        }
        alphanumeric(p)
    };
    let mut parts = Vec::new();
    for slashed in core.split('/') {
        let pieces: Option<Vec<String>> = slashed.split('-').map(piece).collect();
        parts.push(pieces?.join("-"));
    }
    Some(parts.join("/"))
}

/// "y=x+1", "1-2=5", "+1": operands and operators read out.
fn formula(core: &str) -> Option<String> {
    let is_op = |c: char| matches!(c, '=' | '+' | '-' | '*' | '/');
    let signed = core
        .strip_prefix('+')
        .filter(|r| r.chars().all(|c| c.is_ascii_digit()) && !r.is_empty());
    if let Some(n) = signed {
        return Some(format!("plus {}", number(n)?));
    }
    if !core.contains('=')
        || !core
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || is_op(c))
    {
        return None;
    }
    let mut words = Vec::new();
    let mut operand = String::new();
    let flush = |operand: &mut String, words: &mut Vec<String>| -> Option<()> {
        if !operand.is_empty() {
            words.push(if operand.chars().all(|c| c.is_ascii_digit() || c == '.') {
                number(operand)?
            } else {
                operand.clone()
            });
            operand.clear();
        }
        Some(())
    };
    for c in core.chars() {
        if is_op(c) {
            flush(&mut operand, &mut words)?;
            words.push(
                match c {
                    '=' => "equals",
                    '+' => "plus",
                    '-' => "minus",
                    '*' => "times",
                    _ => "divided by",
                }
                .to_string(),
            );
        } else {
            operand.push(c);
        }
    }
    flush(&mut operand, &mut words)?;
    Some(words.join(" "))
}

/// Street types after a street's name: "San Tomas Expy" → "San Tomas Expressway".
const STREET_TYPES: &[(&str, &str)] = &[
    ("st", "Street"),
    ("ave", "Avenue"),
    ("av", "Avenue"),
    ("blvd", "Boulevard"),
    ("rd", "Road"),
    ("ct", "Court"),
    ("ln", "Lane"),
    ("hwy", "Highway"),
    ("expy", "Expressway"),
    ("pkwy", "Parkway"),
    ("pl", "Place"),
    ("sq", "Square"),
    ("ter", "Terrace"),
    ("cir", "Circle"),
];

fn street_type(core: &str) -> Option<&'static str> {
    let lower = core.trim_end_matches('.').to_lowercase();
    STREET_TYPES
        .iter()
        .find(|(abbr, _)| *abbr == lower)
        .map(|(_, full)| *full)
}

const DIRECTIONS: &[(&str, &str)] = &[
    ("N", "North"),
    ("S", "South"),
    ("E", "East"),
    ("W", "West"),
    ("NE", "Northeast"),
    ("NW", "Northwest"),
    ("SE", "Southeast"),
    ("SW", "Southwest"),
];

const STATES: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "D C"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

fn state(core: &str) -> Option<&'static str> {
    STATES.iter().find(|(a, _)| *a == core).map(|(_, s)| *s)
}

fn is_ordinal_token(core: &str) -> bool {
    ordinal_token(core).is_some()
}

fn capitalized(core: &str) -> bool {
    core.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the tokens ahead look like the rest of a street address: a name
/// (capitalized words, a direction or an ordinal) ending in a street type.
fn street_follows(ahead: &[Token]) -> bool {
    for (k, t) in ahead.iter().take(5).enumerate() {
        let core = t.core.as_str();
        if k > 0 && street_type(core).is_some() {
            return true;
        }
        let namey = capitalized(core)
            || is_ordinal_token(core)
            || DIRECTIONS.iter().any(|(d, _)| *d == core);
        if !namey || (!t.trail.is_empty() && t.trail != ".") {
            return false;
        }
    }
    false
}

/// "2019-2021" → "twenty nineteen to twenty twenty-one", "5-7" → "five to seven".
fn range(core: &str) -> Option<String> {
    let (a, b) = core.split_once(['-', '–'])?;
    if a.is_empty()
        || b.is_empty()
        || !a.chars().all(|c| c.is_ascii_digit())
        || !b.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (x, y): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    if a.len() == 4 && (1000..2100).contains(&x) && (b.len() == 4 || b.len() == 2) {
        let y = if b.len() == 2 { x / 100 * 100 + y } else { y };
        return Some(format!("{} to {}", year(x), year(y)));
    }
    Some(format!("{} to {}", cardinal(x), cardinal(y)))
}

/// "72°F" → "seventy-two degrees Fahrenheit", "-5°C", "90°".
fn degrees(core: &str) -> Option<String> {
    let (n, unit) = core.split_once('°')?;
    let scale = match unit {
        "F" => " Fahrenheit",
        "C" => " Celsius",
        "" => "",
        _ => return None,
    };
    let words = number(n)?;
    Some(format!(
        "{words} {}{scale}",
        if n == "1" { "degree" } else { "degrees" }
    ))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn numeric_dates_name_every_month() {
        for (m, name) in super::FULL_MONTHS.iter().enumerate() {
            let m = m + 1;
            assert_eq!(
                normalize(&format!("2024-{m:02}-05")),
                format!("{name} fifth, twenty twenty-four")
            );
            assert_eq!(
                normalize(&format!("{m}/5/2024")),
                format!("{name} fifth, twenty twenty-four")
            );
        }
    }

    #[test]
    fn codes_addresses_ranges_and_groups() {
        for (written, spoken) in [
            ("F-35", "F thirty-five"),
            ("5G", "five G"),
            ("5g of sugar", "five grams of sugar"),
            ("COVID-19", "COVID nineteen"),
            ("H5N1", "H five N one"),
            ("A380", "A three eighty"),
            ("Boeing 737", "Boeing seven thirty-seven"),
            ("The 300 workers", "The three hundred workers"),
            ("3-year-old", "three-year-old"),
            (
                "2788 San Tomas Expy, Santa Clara, CA 95051",
                "twenty-seven eighty-eight San Tomas Expressway, Santa Clara, California nine five zero five one",
            ),
            ("708 N 1st St, San City", "seven oh eight North first Street, San City"),
            ("St. Louis", "Saint Louis"),
            ("4:00 am - 8:12 pm", "four AM to eight twelve PM"),
            ("1960s-80s", "nineteen sixties to eighties"),
            ("the 2000s", "the two thousands"),
            ("80's", "eighties"),
            ("2+3", "two plus three"),
            ("2x8", "two by eight"),
            ("and/or", "and or"),
            ("123.123.0.40", "one two three dot one two three dot zero dot four zero"),
            ("111-11-1111", "one one one, one one, one one one one"),
            (".5", "point five"),
            ("01:00 a.m", "one AM"),
            ("on the 26th May", "on the twenty-sixth of May"),
            ("a@hotmail.de", "a at hotmail dot DE"),
            ("4 1/2 lbs", "four and a half pounds"),
            ("100 million kg", "one hundred million kilograms"),
            ("2x8 m2", "two by eight square meters"),
            ("at 5 in the morning", "at five in the morning"),
            ("upgrade / update", "upgrade slash update"),
            ("C. S. Lewis", "CS Lewis"),
            (
                "11:20AM,2:40PM and 10:10PM.",
                "eleven twenty AM, two forty PM and ten ten PM.",
            ),
            ("(1)Hello", "(one) Hello"),
            ("``He's 50''.", "\"He's fifty\"."),
            ("April 29th’s meeting", "April twenty-ninth’s meeting"),
            ("2Q22", "the second quarter of twenty-two"),
            ("340 A.D", "three forty AD"),
            ("¥30 b", "thirty billion yen"),
            ("15-01-2020", "the fifteenth of January twenty twenty"),
            ("5pm-7 pm", "five PM to seven PM"),
            ("11:30EST", "eleven thirty EST"),
            ("12/kg", "twelve per kilogram"),
            ("a 401(k) plan", "a four oh one K plan"),
            ("17 may 2010", "the seventeenth of May twenty ten"),
            ("1:59 p.m.est", "one fifty-nine PM EST"),
            ("y=x +1", "y equals x plus one"),
            ("$20.500", "twenty dollars and fifty cents"),
            ("C++ code", "C plus plus code"),
            ("AT&T rose", "AT and T rose"),
            ("On the mar.", "On the mar."),
            ("114...48", "one hundred fourteen... forty-eight"),
            ("25 sept.", "the twenty-fifth of September."),
            ("1- 2 = 5", "one minus two equals five"),
            ("3 cc/s", "three cc per s"),
            ("4.4x", "four point four times"),
            ("1980 s", "nineteen eighties"),
            ("code ab9453", "code ab nine four five three"),
            ("1/2007", "one two thousand seventh"),
            ("2 142/1", "two and one hundred forty-two over one"),
            ("file:///photos/image.jpg", "file colon slash slash slash photos slash image dot jpeg"),
            ("12\"", "twelve inches"),
            ("a 55\" TV", "a fifty-five-inch TV"),
            ("He said \"I was 7\" then left.", "He said \"I was seven\" then left."),
            ("31/31/100", "thirty-one/thirty-one/one hundred"),
        ] {
            assert_eq!(normalize(written), spoken, "{written}");
        }
    }

    #[test]
    fn money_in_news_styles() {
        for (written, spoken) in [
            ("£1.20", "one pound and twenty pence"),
            ("£2.01", "two pounds and one penny"),
            ("$20.5", "twenty dollars and fifty cents"),
            ("$.01", "one cent"),
            (
                "US$76.3 trillion",
                "seventy-six point three trillion US dollars",
            ),
            ("C$5", "five Canadian dollars"),
            ("$20/mo", "twenty dollars per month"),
            ("$0.5/hr", "fifty cents per hour"),
            ("€1.01", "one euro and one cent"),
        ] {
            assert_eq!(normalize(written), spoken, "{written}");
        }
    }

    #[test]
    fn news_text_reads_as_words() {
        let cases = [
            ("It costs $500.", "It costs five hundred dollars."),
            (
                "It costs $2.5 billion.",
                "It costs two point five billion dollars.",
            ),
            (
                "Tickets are $3.50 each.",
                "Tickets are three dollars and fifty cents each.",
            ),
            (
                "The fund lost £1.2m last year.",
                "The fund lost one point two million pounds last year.",
            ),
            (
                "A coffee is 99¢ here.",
                "A coffee is ninety-nine cents here.",
            ),
            (
                "It rose 5% in 2019.",
                "It rose five percent in twenty nineteen.",
            ),
            (
                "There were 2019 people there.",
                "There were two thousand nineteen people there.",
            ),
            ("She was born in 1905.", "She was born in nineteen oh five."),
            ("He won the 21st race.", "He won the twenty-first race."),
            (
                "The meeting is at 8:30 a.m. today.",
                "The meeting is at eight thirty AM today.",
            ),
            ("Doors open at 8:00.", "Doors open at eight o'clock."),
            ("Dr. Lee met Sen. Ruiz.", "Doctor Lee met Senator Ruiz."),
            (
                "They live on Main St. near St. Louis.",
                "They live on Main Street near Saint Louis.",
            ),
            (
                "On Jan. 5, 2024, it snowed.",
                "On January fifth, twenty twenty-four, it snowed.",
            ),
            (
                "Prices rose 1,250 times.",
                "Prices rose one thousand two hundred fifty times.",
            ),
            (
                "The temperature was -5 today.",
                "The temperature was minus five today.",
            ),
            (
                "It was 72°F outside.",
                "It was seventy-two degrees Fahrenheit outside.",
            ),
            ("The 1990s were loud.", "The nineteen nineties were loud."),
            (
                "From 2019-2021 it grew.",
                "From twenty nineteen to twenty twenty-one it grew.",
            ),
            ("A 3-year-old boy.", "A three-year-old boy."),
            ("The U.S. economy grew.", "The US economy grew."),
            ("Martin Luther King Jr.", "Martin Luther King Junior."),
            ("The No. 1 seed won.", "The number one seed won."),
            (
                "Smith & Sons rose 2.5%.",
                "Smith and Sons rose two point five percent.",
            ),
            ("It ended—finally—at dawn.", "It ended, finally, at dawn."),
            (
                "She lived at 1428 Elm St. It was old.",
                "She lived at fourteen twenty-eight Elm Street. It was old.",
            ),
            (
                "Call +1 (555) 123-4567 today.",
                "Call plus one, five five five, one two three, four five six seven today.",
            ),
            (
                "Call 555-123-4567.",
                "Call five five five, one two three, four five six seven.",
            ),
            (
                "Call 1-800-555-0134 or 1-212-555-0134.",
                "Call one, eight hundred, five five five, zero one three four or one, two one two, five five five, zero one three four.",
            ),
            ("In 1-2 weeks.", "In one to two weeks."),
            (
                "Dr Patel told Cllr Jones and Mrs Hill.",
                "Doctor Patel told Councillor Jones and Misses Hill.",
            ),
            (
                "Filed on 2024-01-05.",
                "Filed on January fifth, twenty twenty-four.",
            ),
            (
                "Due 1/5/2024 at noon.",
                "Due January fifth, twenty twenty-four at noon.",
            ),
            (
                "Signed 15.01.2020 in Bern.",
                "Signed the fifteenth of January twenty twenty in Bern.",
            ),
            (
                "On 25 July 2012 it rained.",
                "On the twenty-fifth of July twenty twelve it rained.",
            ),
            (
                "Add 1/2 cup, then 2 1/2 cups.",
                "Add one half cup, then two and a half cups.",
            ),
            (
                "Only 3/4 of voters and 2/3 of towns.",
                "Only three quarters of voters and two thirds of towns.",
            ),
            (
                "Polls close at 8pm and open at 6:30AM.",
                "Polls close at eight PM and open at six thirty AM.",
            ),
            (
                "It weighs 12kg, or 26.5 lbs.",
                "It weighs twelve kilograms, or twenty-six point five pounds.",
            ),
            (
                "A 3.2 km run at 15 mph.",
                "A three point two kilometers run at fifteen miles per hour.",
            ),
            (
                "Prices of 5%–7% in 2019–2021.",
                "Prices of five to seven percent in twenty nineteen to twenty twenty-one.",
            ),
            (
                "Homes cost $250-$300 a night.",
                "Homes cost two hundred fifty dollars to three hundred dollars a night.",
            ),
            (
                "Stamps cost $0.68 now.",
                "Stamps cost sixty-eight cents now.",
            ),
            (
                "The music of the '80s and the mid-1990s.",
                "The music of the eighties and the mid nineteen nineties.",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input}");
        }
    }
}
