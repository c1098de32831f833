//! Written text → spoken words, the way a newsreader says them: numbers, years, dates,
//! times, money, measures, telephone numbers, addresses, abbreviations and titles,
//! Roman numerals, letters and codes, web addresses and handles.
//!
//! The text is split by one shared tokenizer ([`token`]): whitespace-separated tokens
//! with leading and trailing punctuation peeled off, telephone numbers whole. Each
//! token is then read by the first rule of the ordered registry in [`rules`] that
//! takes it, looking at the tokens before and after it ("in 2019" is a year, "2019
//! people" a quantity; "St. Louis" is Saint, "Main St." Street) and at the writing
//! [`Conventions`] of the whole text (which way round a numeric date is written). The rules live in one
//! module per class of written form; their word lists are data files under
//! `data/normalize/` ([`table`]).

mod abbreviation;
mod address;
mod cardinal;
mod conventions;
mod date;
mod electronic;
mod emoji;
mod letters;
mod math;
mod measure;
mod money;
mod residue;
mod roman;
mod rules;
mod table;
mod telephone;
mod temperature;
mod time;
mod token;
mod unsaid;
mod version;

pub(crate) use abbreviation::stands_before_a_number;
pub use conventions::{Conventions, DateOrder};
pub(crate) use date::FULL_MONTHS;
use rules::speak;
pub(crate) use time::goes_on_a_time;
pub(crate) use token::citation_mark;
use token::{split_token, tokenize, Token};

use crate::numbers::number;

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
    join_spoken(words.iter().map(|w| w.spoken.as_str()))
}

/// Spoken word groups as one line: a space between them, none before punctuation.
pub fn join_spoken<'a>(groups: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for spoken in groups {
        if spoken.is_empty() {
            continue;
        }
        if !out.is_empty() && !spoken.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
            out.push(' ');
        }
        out.push_str(spoken);
    }
    out.trim().to_string()
}

/// Normalizes one sentence into spoken words, each entry with the span of the text it
/// was read from. Dashes used as punctuation become a comma after the previous word.
pub fn normalize_words(text: &str) -> Vec<SpokenWords> {
    normalize_words_with(text, &Conventions::default())
}

/// [`normalize_words`] under the given writing conventions.
pub fn normalize_words_with(text: &str, conventions: &Conventions) -> Vec<SpokenWords> {
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
    let mut seen: usize = 0;
    for t in &tokens {
        quotes_before.push(seen);
        seen += t.lead.matches('"').count() + t.trail.matches('"').count();
        // The inch sign of a height is no quotation mark.
        if t.trail.starts_with('"') && measure::feet_and_inches(&t.core, &t.trail, false).is_some()
        {
            seen -= 1;
        }
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
        // A spaced hyphen or en dash is a dash too, unless a number follows ("5 - 7",
        // "4:00 am - 8:12 pm" are ranges, read by the rules).
        let joins_numbers = tokens
            .get(i + 1)
            .is_some_and(|n| n.core.starts_with(|c: char| c.is_ascii_digit() || c == '$'));
        if raw[i].text == "—"
            || (matches!(raw[i].text.as_str(), "–" | "-" | "--") && !joins_numbers)
        {
            // A dash is a pause: a comma on the word before (none at the start).
            if let Some(last) = out.last_mut() {
                if !last.spoken.ends_with([',', '.', '!', '?', ':', ';']) {
                    last.spoken.push(',');
                }
            }
            i += 1;
            continue;
        }
        if unsaid::is_wire_credit(&tokens, &raw, i) {
            i += 1;
            continue;
        }
        if unsaid::is_instrument_code(&tokens[i]) {
            // A mark after it stays with the word before ("the euro EUR=, up…").
            if let Some(last) = out.last_mut() {
                last.spoken.push_str(&tokens[i].trail);
            }
            i += 1;
            continue;
        }
        let market_code = unsaid::market_code_len(&tokens, i);
        if market_code > 0 {
            // The bracket's opening goes with the code; a mark after it stays.
            if let Some(last) = out.last_mut() {
                let trail = tokens[i + market_code - 1].trail.trim_start_matches(')');
                last.spoken.push_str(trail);
            }
            i += market_code;
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
                spoken: letters::spell(&letters),
                start: raw[i].start,
                end: raw[k - 1].end,
            });
            i = k;
            continue;
        }
        let t = &tokens[i];
        // 6'2": six foot two.
        let before_noun = tokens
            .get(i + 1)
            .is_some_and(|n| n.lead.is_empty() && n.core.starts_with(char::is_lowercase));
        if let Some((said, rest)) = measure::feet_and_inches(&t.core, &t.trail, before_noun) {
            out.push(SpokenWords {
                spoken: format!("{}{said}{rest}", t.lead),
                start: raw[i].start,
                end: raw[i].end,
            });
            i += 1;
            continue;
        }
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
        let (spoken, consumed) = speak(&rules::Context {
            t,
            behind: &tokens[..i],
            ahead: &tokens[i + 1..],
            conventions,
        });
        let mut piece = String::new();
        piece.push_str(&t.lead);
        piece.push_str(&spoken);
        // A trailing abbreviation dot that also ends the sentence is kept as a stop.
        let last = &tokens[(i + consumed).min(tokens.len()) - 1];
        let trail = last.trail.as_str();
        piece.push_str(trail);
        // …and so is one before a new sentence ("Elm St. It was").
        let next_starts_sentence = tokens.get(i + consumed).is_some_and(|n| {
            n.core.starts_with(char::is_uppercase)
                && crate::sentences::SENTENCE_STARTERS.contains(&n.core.to_lowercase().as_str())
        });
        if (i + consumed == tokens.len() || next_starts_sentence && trail.is_empty())
            && last.core.ends_with('.')
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
    agree_articles(&mut out, text);
    // A mark left alone by extraction (" ." after "said,") joins the word before.
    let mut tidied: Vec<SpokenWords> = Vec::with_capacity(out.len());
    for w in out {
        match tidied.last_mut() {
            Some(last) if !w.spoken.is_empty() && w.spoken.chars().all(is_clause_mark) => {
                last.spoken.push_str(&w.spoken);
                last.end = w.end;
            }
            _ => tidied.push(w),
        }
    }
    for w in &mut tidied {
        w.spoken = tidy_marks(&w.spoken);
    }
    tidied
}

/// "a"/"an" written before a token the rules read ("a $8 fee", "an M4.6 aftershock")
/// agree with the words said: "an eight dollar fee", "a magnitude four point six
/// aftershock". Only before a token the rules changed: written words keep their
/// writer's article.
fn agree_articles(words: &mut [SpokenWords], text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for k in 1..words.len() {
        let written: String = chars[words[k].start..words[k].end.min(chars.len())]
            .iter()
            .collect();
        let (before, after) = words.split_at_mut(k);
        let (article, next) = (&mut before[k - 1], &after[0]);
        // A symbol read out ("A = B") follows a letter, not an article.
        if next.spoken == written || !written.chars().any(char::is_alphanumeric) {
            continue;
        }
        let wanted = if starts_with_vowel_sound(&next.spoken) {
            "an"
        } else {
            "a"
        };
        let current = article.spoken.as_str();
        // A capital "A" is an article only at the start ("A = AH" names a point).
        let replacement = match current {
            "a" | "an" => wanted.to_string(),
            "A" | "An" if k == 1 => format!("{}{}", wanted[..1].to_uppercase(), &wanted[1..]),
            _ => continue,
        };
        article.spoken = replacement;
    }
}

/// Whether spoken words start with a vowel sound: "eight", "eleven", "F-B-I", "M
/// twenty-five", "hour" (not "one", "euro", "unit").
fn starts_with_vowel_sound(spoken: &str) -> bool {
    let first = spoken
        .split([' ', '-'])
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    let lower = first.to_lowercase();
    let letters = first.chars().count() <= 5 && first.chars().all(|c| c.is_ascii_uppercase());
    if first.chars().count() == 1 || letters {
        // Letters said by name: "an F", "a B", "an LGP", "a US" ("you-ess").
        return lower
            .chars()
            .next()
            .is_some_and(|c| "aefhilmnorsx".contains(c));
    }
    if ["one", "once", "eu", "uni", "use", "usu", "ur"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return false;
    }
    ["hour", "honest", "honor", "honour", "heir"]
        .iter()
        .any(|p| lower.starts_with(p))
        || lower.starts_with(['a', 'e', 'i', 'o', 'u'])
}

fn is_clause_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?')
}

/// Stray marks an edit or extraction left ("said,.", "ended.."): a comma beside a
/// stronger mark goes, a doubled full stop is one. An ellipsis ("...") stays.
fn tidy_marks(spoken: &str) -> String {
    let run_start = spoken
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_clause_mark(c))
        .last()
        .map_or(spoken.len(), |(i, _)| i);
    let (word, run) = spoken.split_at(run_start);
    if run.chars().count() < 2 || run.contains("...") {
        return spoken.to_string();
    }
    let mut marks: String = if run.chars().any(|c| c != ',' && is_clause_mark(c)) {
        run.chars().filter(|&c| c != ',').collect()
    } else {
        ",".to_string()
    };
    if marks == ".." {
        marks = ".".to_string();
    }
    format!("{word}{marks}")
}

/// Test helper for the class modules: every written form is said as expected, all
/// mismatches reported at once.
#[cfg(test)]
pub(crate) fn assert_said(cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(written, spoken)| {
            let said = normalize(written);
            (said != *spoken).then(|| format!("{written:?}: said {said:?}, expected {spoken:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn stock_codes_in_brackets_are_not_said() {
        super::assert_said(&[
            ("Shares of Nvidia (NVDA.O) rose.", "Shares of Nvidia rose."),
            ("Toyota (7203.T), up 2%.", "Toyota, up two percent."),
            ("General Motors (NYSE: GM) fell.", "General Motors fell."),
            // Initials in brackets are said.
            ("The agency (FEMA) said so.", "The agency (Fema) said so."),
            // A bare ticker after a company's name, in a sentence about shares.
            (
                "Apple (AAPL) fell 1.5%, Microsoft (MSFT) rose.",
                "Apple fell one point five percent, Microsoft rose.",
            ),
            // An acronym defined in brackets is said, even beside shares.
            (
                "Shares of Advanced Micro Devices (AMD) rose.",
                "Shares of Advanced Micro Devices (A-M-D) rose.",
            ),
            (
                "The Food and Drug Administration (FDA) said shares fell.",
                "The Food and Drug Administration (F-D-A) said shares fell.",
            ),
            (
                "Inflation (CPI) fell to 4.6%.",
                "Inflation (C-P-I) fell to four point six percent.",
            ),
            // Reuters instrument codes in market reports.
            (
                "Spot gold XAU= added 0.1%, and the euro EUR= rose; US10YT=RR fell.",
                "Spot gold added zero point one percent, and the euro rose; fell.",
            ),
            (
                "Einstein wrote E=mc2 in 1905.",
                "Einstein wrote E equals mc two in nineteen oh five.",
            ),
        ]);
    }

    #[test]
    fn stray_marks_are_tidied() {
        super::assert_said(&[
            ("He said,. Then left.", "He said. Then left."),
            ("He said, . Then left.", "He said. Then left."),
            ("It ended.. Then more.", "It ended. Then more."),
            ("Wait... what?", "Wait... what?"),
            ("What?! No.", "What?! No."),
            ("Yes, no, maybe.", "Yes, no, maybe."),
        ]);
    }

    #[test]
    fn the_agency_in_a_dateline_is_not_said() {
        super::assert_said(&[
            (
                "AMARILLO, Texas (AP) — Ranchers are selling.",
                "AMARILLO, Texas, Ranchers are selling.",
            ),
            (
                "LONDON, Dec 5 (Reuters) - Britain's economy grew.",
                "LONDON, December fifth, Britain's economy grew.",
            ),
            // An agency's name signs the dateline whatever case the place has.
            (
                "Washington (CNN) -- Democrats pledged Friday.",
                "Washington, Democrats pledged Friday.",
            ),
            ("New York (AP) — Stocks rose.", "New York, Stocks rose."),
            // Brackets elsewhere are read.
            (
                "The agency (AP) said so — twice.",
                "The agency (AP) said so, twice.",
            ),
            (
                "Apple (AAPL) - the company said.",
                "Apple (A-A-P-L), the company said.",
            ),
        ]);
    }

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
            ("31/31/100", "thirty-one thirty-one one hundred"),
            ("FHC/ABJ/03/095", "FHC slash ABJ slash three slash ninety-five"),
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
    fn articles_agree_with_the_words_said() {
        super::assert_said(&[
            (
                "It was a $8 fee and an M4.6 aftershock.",
                "It was an eight dollar fee and a magnitude four point six aftershock.",
            ),
            (
                "A 18% rise for an 11-year-old, a 8-year-old and an FBI agent.",
                "An eighteen percent rise for an eleven-year-old, an eight-year-old and an F-B-I agent.",
            ),
            // Written words keep their writer's article; a letter read out is no article.
            (
                "A university, a U.S. official, an LGP-30; Proof: A = B.",
                "A university, a US official, an LGP thirty; Proof: A equals B.",
            ),
        ]);
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
                "A three point two kilometer run at fifteen miles per hour.",
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
