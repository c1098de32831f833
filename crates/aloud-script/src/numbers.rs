//! Numbers as English words: cardinals, ordinals, decimals and years.

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(u64, &str); 6] = [
    (1_000_000_000_000_000_000, "quintillion"),
    (1_000_000_000_000_000, "quadrillion"),
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
    (1_000, "thousand"),
];

/// 1234 → "one thousand two hundred thirty-four" (American style, no "and").
pub fn cardinal(n: u64) -> String {
    if n < 20 {
        return ONES[n as usize].to_string();
    }
    if n < 100 {
        let (t, o) = (n / 10, n % 10);
        return if o == 0 {
            TENS[t as usize].to_string()
        } else {
            format!("{}-{}", TENS[t as usize], ONES[o as usize])
        };
    }
    if n < 1000 {
        let (h, rest) = (n / 100, n % 100);
        return if rest == 0 {
            format!("{} hundred", ONES[h as usize])
        } else {
            format!("{} hundred {}", ONES[h as usize], cardinal(rest))
        };
    }
    for (scale, name) in SCALES {
        if n >= scale {
            let (high, rest) = (n / scale, n % scale);
            let head = format!("{} {}", cardinal(high), name);
            return if rest == 0 {
                head
            } else {
                format!("{head} {}", cardinal(rest))
            };
        }
    }
    unreachable!("n >= 1000 has a scale")
}

/// "2021" → "two zero two one": each digit by name (other characters skipped).
pub fn digits(text: &str) -> String {
    text.chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| cardinal(d as u64))
        .collect::<Vec<_>>()
        .join(" ")
}

/// 21 → "twenty-first".
pub fn ordinal(n: u64) -> String {
    let words = cardinal(n);
    let (head, last) = match words.rfind([' ', '-']) {
        Some(i) => (&words[..=i], &words[i + 1..]),
        None => ("", words.as_str()),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// A year as said aloud: 1999 → "nineteen ninety-nine", 2005 → "two thousand five",
/// 2019 → "twenty nineteen", 1900 → "nineteen hundred", 1905 → "nineteen oh five".
pub fn year(n: u64) -> String {
    if !(1000..10000).contains(&n) {
        return cardinal(n);
    }
    let (high, low) = (n / 100, n % 100);
    if (2000..2010).contains(&n) || n.is_multiple_of(1000) {
        return cardinal(n);
    }
    match low {
        0 => format!("{} hundred", cardinal(high)),
        1..=9 => format!("{} oh {}", cardinal(high), cardinal(low)),
        _ => format!("{} {}", cardinal(high), cardinal(low)),
    }
}

/// "3.14" → "three point one four"; "1,200" → "one thousand two hundred";
/// "-5" → "minus five". `None` if `digits` is not a plain number or is too large.
pub fn number(digits: &str) -> Option<String> {
    let (negative, body) = match digits.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, digits),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int_part.is_empty() && frac.is_none() {
        return None;
    }
    let grouped_ok = !int_part.contains(',')
        || int_part.split(',').enumerate().all(|(i, g)| {
            if i == 0 {
                (1..=3).contains(&g.len())
            } else {
                g.len() == 3
            }
        });
    let int_digits: String = int_part.chars().filter(|&c| c != ',').collect();
    if !grouped_ok || !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut words = if int_digits.is_empty() {
        "zero".to_string()
    } else if int_digits.len() > 1 && int_digits.starts_with('0') {
        int_digits
            .chars()
            .map(|d| ONES[d.to_digit(10).unwrap_or(0) as usize])
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        cardinal(int_digits.parse().ok()?)
    };
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        words.push_str(" point");
        for d in frac.chars() {
            words.push(' ');
            words.push_str(ONES[d.to_digit(10)? as usize]);
        }
    }
    Some(if negative {
        format!("minus {words}")
    } else {
        words
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        let cases = [
            (0, "zero"),
            (13, "thirteen"),
            (21, "twenty-one"),
            (100, "one hundred"),
            (305, "three hundred five"),
            (1_000, "one thousand"),
            (1_234, "one thousand two hundred thirty-four"),
            (2_500_000, "two million five hundred thousand"),
            (1_000_000_001, "one billion one"),
        ];
        for (n, want) in cases {
            assert_eq!(cardinal(n), want);
        }
    }

    #[test]
    fn ordinals() {
        for (n, want) in [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (12, "twelfth"),
            (20, "twentieth"),
            (21, "twenty-first"),
            (100, "one hundredth"),
            (103, "one hundred third"),
        ] {
            assert_eq!(ordinal(n), want);
        }
    }

    #[test]
    fn years() {
        for (n, want) in [
            (1999, "nineteen ninety-nine"),
            (2005, "two thousand five"),
            (2019, "twenty nineteen"),
            (1900, "nineteen hundred"),
            (1905, "nineteen oh five"),
            (2000, "two thousand"),
            (1066, "ten sixty-six"),
        ] {
            assert_eq!(year(n), want);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number("3.14").unwrap(), "three point one four");
        assert_eq!(number("1,200").unwrap(), "one thousand two hundred");
        assert_eq!(number("-5").unwrap(), "minus five");
        assert_eq!(number("0.5").unwrap(), "zero point five");
        assert_eq!(number(".5").unwrap(), "zero point five");
        assert!(number("1,20").is_none());
        assert!(number("12a").is_none());
        assert!(number("99999999999999999999999").is_none());
    }
}
