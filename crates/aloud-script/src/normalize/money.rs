//! Money: "$5", "$3.50", "$2.5 billion", "£1.2m", "€40", "99¢", "$20/mo",
//! "$250-$300", with the currency's own sub-unit (cents, pence, paise).

use super::rules::{one, Context, Said};
use super::token::Token;
use crate::numbers::{cardinal, number};

pub(super) const CURRENCIES: &[(&str, &str, &str)] = &[
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

pub(super) const MAGNITUDES: &[(&str, &str)] = &[
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
    ("trn", "trillion"),
    ("t", "trillion"),
];

/// What a price is per: "$20/mo" → "per month".
pub(super) const PER_UNITS: &[(&str, &str)] = &[
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

/// A price of a hundred pence or more, "480p", "1,480p": pence, unless it is a
/// standard picture height outside a sentence about prices ("streams at 480p").
fn pence_in_hundreds(c: &Context) -> Option<Said> {
    let amount = c.core().strip_suffix('p')?;
    let digits: String = amount.chars().filter(|&ch| ch != ',').collect();
    let grouped = amount.contains(',');
    if digits.len() < 3
        || !digits.chars().all(|ch| ch.is_ascii_digit())
        || !amount.starts_with(|ch: char| ch.is_ascii_digit())
        || grouped && !super::cardinal::plain_numeric(amount)
    {
        return None;
    }
    let picture = super::measure::is_picture_height(&digits);
    if picture && !c.sentence_has_word_in(super::measure::PRICE_WORDS) {
        return None;
    }
    Some((format!("{} pence", cardinal(digits.parse().ok()?)), 1))
}

/// "$5" "$3.50" "$2.5 billion" "£1.2m" "€40" "99¢".
pub(super) fn money(core: &str, next: &str) -> Option<(String, usize)> {
    // "99p", "50p": pence (three digits and more are a video resolution, "720p").
    if let Some(amount) = core.strip_suffix('p') {
        if (1..=2).contains(&amount.len()) && amount.chars().all(|c| c.is_ascii_digit()) {
            let n: u64 = amount.parse().ok()?;
            return Some((
                format!("{} {}", cardinal(n), if n == 1 { "penny" } else { "pence" }),
                1,
            ));
        }
        // "150.9p": a price in pence with a decimal, as fuel is priced per litre.
        let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        if (1..=3).contains(&whole.len()) && digits(whole) && digits(fraction) {
            return Some((format!("{} pence", crate::numbers::number(amount)?), 1));
        }
    }
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
        let unit = unit.strip_suffix('.').unwrap_or(unit);
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
        .chain(INDIAN_MAGNITUDES)
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

/// "$250-$300" → "two hundred fifty dollars to three hundred dollars"; "$40-50" →
/// "forty to fifty dollars".
pub(super) fn money_range(core: &str) -> Option<String> {
    let (a, b) = core.split_once('-')?;
    let (first, _) = money(a, "")?;
    if let Some((b, _)) = money(b, "") {
        return Some(format!("{first} to {b}"));
    }
    let (symbol, ..) = CURRENCIES.iter().find(|(s, _, _)| a.starts_with(s))?;
    let amount = &a[symbol.len()..];
    if amount.contains('.') || !b.chars().all(|c| c.is_ascii_digit()) || b.is_empty() {
        return None;
    }
    let (second, _) = money(&format!("{symbol}{b}"), "")?;
    Some(format!("{} to {second}", number(amount)?))
}

/// An amount, with a magnitude word after it folded in ("$2.5 billion"); after "a" or
/// "an" and before a noun it is a modifier, said in the singular ("a $400,000 home" → "a
/// four hundred thousand dollar home"). A currency sign may follow the amount ("50€",
/// "60,000₩", "100 €").
pub(super) fn money_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    if let Some(said) = pence_in_hundreds(c) {
        return Some(said);
    }
    let (mut words, mut consumed) =
        match money(core, if c.next_clean() { c.next_core() } else { "" }) {
            Some(said) => said,
            None => sign_after(c)?,
        };
    // "₹1.2 lakh crore": a hundred thousand crore, both words said.
    let crore_after_lakh = consumed == 2
        && c.next_core().eq_ignore_ascii_case("lakh")
        && c.ahead.get(1).is_some_and(|t| {
            t.core.eq_ignore_ascii_case("crore") && t.lead.is_empty() && c.ahead[0].trail.is_empty()
        });
    if crore_after_lakh {
        words = words.replacen(" lakh ", " lakh crore ", 1);
        consumed = 3;
    }
    Some((modifier_form(c, consumed, words), consumed))
}

/// An amount in a hyphenated compound before a noun, "a $10-a-month plan", "a
/// $1.2-billion deal", "the $40-million-a-year contract": the amount in the singular,
/// then the compound's words ("ten dollar a month plan", "one point two billion dollar
/// deal"). A range ("$40-50", "$250-$300") is not one: its parts are amounts.
pub(super) fn money_in_compound(c: &Context) -> Option<Said> {
    let mut parts = c.core().split('-');
    let amount = parts.next()?;
    let (_, one, many) = CURRENCIES.iter().find(|(s, _, _)| amount.starts_with(s))?;
    let mut words: Vec<&str> = parts.collect();
    if words.is_empty()
        || !words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(char::is_alphabetic))
    {
        return None;
    }
    let magnitude = MAGNITUDES
        .iter()
        .chain(INDIAN_MAGNITUDES)
        .find(|(m, _)| m.len() > 1 && m.eq_ignore_ascii_case(words[0]))
        .map(|(m, _)| *m);
    if magnitude.is_some() {
        words.remove(0);
    }
    let (said, _) = money(amount, magnitude.unwrap_or(""))?;
    // "$16-something", "$20-odd": an amount said roughly, still plural.
    if matches!(words.as_slice(), [w] if ["something", "odd", "ish", "plus"].contains(w)) {
        return Some((format!("{said} {}", words[0]), 1));
    }
    let singular = said
        .strip_suffix(many)
        .map(|amount| format!("{amount}{one}"))
        .unwrap_or(said);
    Some((
        std::iter::once(singular.as_str())
            .chain(words)
            .collect::<Vec<_>>()
            .join(" "),
        1,
    ))
}

/// Words before an amount that already say it is negative: after them, an amount in
/// accounting brackets is said without "minus" ("a loss of $(2.3) million").
const NEGATIVE_WORDS: &[&str] = &[
    "loss",
    "losses",
    "lost",
    "deficit",
    "deficits",
    "shortfall",
    "outflow",
    "outflows",
    "writedown",
    "write-down",
    "decline",
    "declines",
    "fell",
    "fall",
    "dropped",
    "down",
    "minus",
    "negative",
    "owed",
    "debt",
    "charge",
    "impairment",
];

/// An amount in accounting brackets, "$(2.3) million", "£(45)": a negative amount, said
/// as "minus …" unless a word just before already says so ("a net loss of $(2.3)
/// million" → "a net loss of two point three million dollars").
pub(super) fn accounting_negative(c: &Context) -> Option<Said> {
    let core = c.core();
    // The symbol outside the brackets: "($2.3)" is an amount in parentheses, as in a
    // conversion ("£40 ($50)"), not a negative one.
    let (symbol, rest) = core.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    if !CURRENCIES.iter().any(|(s, _, _)| *s == symbol)
        || !inner.starts_with(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    let amount = Token {
        lead: String::new(),
        core: format!("{symbol}{inner}"),
        trail: String::new(),
    };
    let (words, consumed) = money_rule(&Context { t: &amount, ..*c })?;
    let said_negative = c.recent_word_in(4, NEGATIVE_WORDS);
    Some((
        if said_negative {
            words
        } else {
            format!("minus {words}")
        },
        consumed,
    ))
}

/// An amount before the noun it describes is said in the singular ("a $400,000 home" →
/// "four hundred thousand dollar home"); `words` as they are otherwise.
fn modifier_form(c: &Context, consumed: usize, words: String) -> String {
    if !c.modifies_noun(consumed) || words.contains(" and ") {
        return words;
    }
    CURRENCIES
        .iter()
        .find_map(|(_, one, many)| {
            let amount = words.strip_suffix(many).filter(|w| w.ends_with(' '))?;
            Some(format!("{amount}{one}"))
        })
        .unwrap_or(words)
}

/// Currencies written as a word or code before the amount, apart from it: "Rs 500
/// crore", "Rs. 1,450", "USD 5 million" (the name is said after the amount and its
/// magnitude, as a newsreader says it).
pub(super) const CURRENCY_WORDS: &[(&str, &str, &str)] = &[
    ("Rs", "rupee", "rupees"),
    ("Rs.", "rupee", "rupees"),
    ("INR", "rupee", "rupees"),
    ("USD", "US dollar", "US dollars"),
    ("EUR", "euro", "euros"),
    ("GBP", "pound", "pounds"),
    ("AUD", "Australian dollar", "Australian dollars"),
    ("CAD", "Canadian dollar", "Canadian dollars"),
    ("JPY", "yen", "yen"),
    ("CHF", "Swiss franc", "Swiss francs"),
];

/// Magnitudes said after an amount in South Asian copy ("Rs 500 crore").
const INDIAN_MAGNITUDES: &[(&str, &str)] =
    &[("crore", "crore"), ("lakh", "lakh"), ("lakhs", "lakh")];

/// "Rs 500 crore", "USD 5 million": a currency word before the amount.
pub(super) fn currency_word_before_amount(c: &Context) -> Option<Said> {
    let (_, one, many) = CURRENCY_WORDS.iter().find(|(w, _, _)| *w == c.core())?;
    let amount = c.next()?;
    let numeric = amount.core.starts_with(|ch: char| ch.is_ascii_digit())
        && amount
            .core
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '.');
    if !c.next_clean() || !numeric {
        return None;
    }
    let mut words = crate::numbers::number(&amount.core)?;
    let mut consumed = 2;
    if let Some(magnitude) = c.ahead.get(1).filter(|_| amount.trail.is_empty()) {
        let word = magnitude.core.to_lowercase();
        let said = MAGNITUDES
            .iter()
            .chain(INDIAN_MAGNITUDES)
            .find(|(m, _)| *m == word && m.len() > 2)
            .map(|(_, said)| *said);
        if let (Some(said), true) = (said, magnitude.lead.is_empty()) {
            words = format!("{words} {said}");
            consumed = 3;
        }
    }
    let name = if amount.core == "1" && consumed == 2 {
        one
    } else {
        many
    };
    Some((format!("{words} {name}"), consumed))
}

/// "50€", "60,000₩", "100 €": a currency sign after the amount.
fn sign_after(c: &Context) -> Option<Said> {
    let core = c.core();
    let single = |s: &str| {
        CURRENCIES
            .iter()
            .any(|(sign, ..)| *sign == s && s.chars().count() == 1)
    };
    if let Some(sign) = core.chars().last().map(String::from).filter(|s| single(s)) {
        let amount = &core[..core.len() - sign.len()];
        if amount.starts_with(|d: char| d.is_ascii_digit()) {
            return money(&format!("{sign}{amount}"), "").map(|(w, _)| (w, 1));
        }
        return None;
    }
    if core.starts_with(|d: char| d.is_ascii_digit()) && c.next_clean() && single(c.next_core()) {
        return money(&format!("{}{core}", c.next_core()), "").map(|(w, _)| (w, 2));
    }
    None
}

pub(super) fn money_range_rule(c: &Context) -> Option<Said> {
    magnitude_range(c).or_else(|| one(money_range(c.core())))
}

/// A range of amounts with one magnitude after the second, for both: "$2-3 billion",
/// "$300-350bn" → "three hundred to three hundred fifty billion dollars" (a modifier
/// before a noun: "a $2-3 billion deal" → "two to three billion dollar deal").
fn magnitude_range(c: &Context) -> Option<Said> {
    let (a, b) = c.core().split_once(['-', '–'])?;
    let (symbol, _, many) = CURRENCIES.iter().find(|(s, _, _)| a.starts_with(s))?;
    let first = &a[symbol.len()..];
    let b = b.strip_prefix(symbol).unwrap_or(b);
    // The second amount said as money alone, its magnitude folded in.
    let next = if c.next_clean() { c.next_core() } else { "" };
    let (second, consumed) = money(&format!("{symbol}{b}"), next)?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
    let has_magnitude = MAGNITUDES
        .iter()
        .any(|(_, said)| second.ends_with(&format!(" {said} {many}")));
    if !plain(first) || !plain(b.trim_end_matches(char::is_alphabetic)) || !has_magnitude {
        return None;
    }
    let words = format!("{} to {second}", number(first)?);
    Some((modifier_form(c, consumed, words), consumed))
}

#[cfg(test)]
mod tests {
    #[test]
    fn prices_in_hundreds_of_pence_and_market_shorthand() {
        super::super::assert_said(&[
            (
                "Shares in BP fell 3p to 480p, and Tesco closed at 1,480p.",
                "Shares in BP fell three pence to four hundred eighty pence, and Tesco closed at one thousand four hundred eighty pence.",
            ),
            ("It streams at 480p and 1080p.", "It streams at four eighty p and ten eighty p."),
            (
                "Net profit was ¥1.2trn, up 15% y-o-y; the DAX and the CAC 40 rose.",
                "Net profit was one point two trillion yen, up fifteen percent year on year; the Dax and the Cac forty rose.",
            ),
        ]);
    }

    #[test]
    fn amounts_in_hyphenated_compounds_are_singular() {
        super::super::assert_said(&[
            ("A $10-a-month plan.", "A ten dollar a month plan."),
            (
                "A $1.2-billion deal.",
                "A one point two billion dollar deal.",
            ),
            (
                "The $40-million-a-year contract.",
                "The forty million dollar a year contract.",
            ),
            // A range is two amounts.
            ("It cost $40-50.", "It cost forty to fifty dollars."),
            (
                "It was $16-something a pound.",
                "It was sixteen dollars something a pound.",
            ),
        ]);
    }

    #[test]
    fn south_asian_magnitudes_after_a_currency_symbol() {
        super::super::assert_said(&[
            (
                "He earns ₹45 lakh a year.",
                "He earns forty-five lakh rupees a year.",
            ),
            (
                "Revenue was ₹1.2 lakh crore.",
                "Revenue was one point two lakh crore rupees.",
            ),
            ("It cost ₹500 crore.", "It cost five hundred crore rupees."),
        ]);
    }

    #[test]
    fn amounts_in_accounting_brackets_are_negative_unless_a_word_says_so() {
        super::super::assert_said(&[
            (
                "It reported a loss of $(2.3) million.",
                "It reported a loss of two point three million dollars.",
            ),
            (
                "Net income was $(0.4) million.",
                "Net income was minus zero point four million dollars.",
            ),
            (
                "Cash flow was £(45).",
                "Cash flow was minus forty-five pounds.",
            ),
            // Brackets around the whole amount are a parenthesis, as in a conversion.
            (
                "It cost £40 ($50) in all.",
                "It cost forty pounds (fifty dollars) in all.",
            ),
        ]);
    }
    #[test]
    fn modifiers_suffix_currencies_and_ranges() {
        super::super::assert_said(&[
            ("a $400,000 home", "a four hundred thousand dollar home"),
            (
                "Scorsese’s $170 million Netflix film",
                "Scorsese’s one hundred seventy million dollar Netflix film",
            ),
            ("their $5 fee", "their five dollar fee"),
            ("It's $5 now.", "It's five dollars now."),
            (
                "The firm's $2 billion is gone.",
                "The firm's two billion dollars is gone.",
            ),
            ("a $5 Amazon voucher", "a five dollar Amazon voucher"),
            ("It costs 50€ now.", "It costs fifty euros now."),
            (
                "A stamp is 99p, a 50p coin, 1p less; shot in 720p.",
                "A stamp is ninety-nine pence, a fifty pence coin, one penny less; shot in seven twenty p.",
            ),
            ("It costs 60,000₩ now.", "It costs sixty thousand won now."),
            (
                "Gas averaged $3.09/gal., down 12¢.",
                "Gas averaged three dollars and nine cents per gallon, down twelve cents.",
            ),
            (
                "It raised Rs 500 crore, paid Rs. 1,450 and USD 5 million; Rs 24 lakh.",
                "It raised five hundred crore rupees, paid one thousand four hundred fifty rupees and five million US dollars; twenty-four lakh rupees.",
            ),
            (
                "Petrol hit 150.9p a litre.",
                "Petrol hit one hundred fifty point nine pence a litre.",
            ),
            ("It costs 100 € now.", "It costs one hundred euros now."),
            (
                "It costs $40-50 a night.",
                "It costs forty to fifty dollars a night.",
            ),
            (
                "Estimates of $300-350bn were high.",
                "Estimates of three hundred to three hundred fifty billion dollars were high.",
            ),
            (
                "The $2-3 billion deal closed.",
                "The two to three billion dollar deal closed.",
            ),
            ("It raised $2-3 million.", "It raised two to three million dollars."),
            ("The $2 billion deal closed.", "The two billion dollar deal closed."),
            ("The $2 billion was spent.", "The two billion dollars was spent."),
            // After "the": not before an adverb, a particle or a plural (a clause).
            (
                "It fell short of the $20 reportedly demanded.",
                "It fell short of the twenty dollars reportedly demanded.",
            ),
            ("Clip the $10 off coupon.", "Clip the ten dollars off coupon."),
            ("Compare the $0 people pay.", "Compare the zero dollars people pay."),
            ("for your $10 monthly fee", "for your ten dollar monthly fee"),
        ]);
    }
}
