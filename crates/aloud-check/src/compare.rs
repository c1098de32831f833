//! What was meant against what was heard, by sound: both sides as phonemes (espeak-ng's
//! IPA, word by word), aligned by edit distance, and the edits charged to the intended
//! word they fall in. Comparing sounds rather than spellings forgives a recognizer that
//! writes a name it does not know as a word that sounds the same ("Zelensky",
//! "Zalinsky").

/// One phoneme, with similar ones folded together (stress, length and reduced vowels
/// say little about whether a word was recognizable).
pub type Phone = char;

/// The phonemes of an IPA string: letters only, stress and length marks dropped, the
/// reduced and near vowels folded ([`fold`]).
pub fn phones(ipa: &str) -> Vec<Phone> {
    ipa.chars()
        .filter(|&c| c.is_alphabetic() && !matches!(c, 'ˈ' | 'ˌ' | 'ː' | 'ˑ'))
        .map(fold)
        .collect()
}

fn fold(c: char) -> Phone {
    match c {
        'ɐ' | 'ʌ' | 'ᵻ' | 'ɜ' | 'ɚ' | 'ɝ' => 'ə',
        'ɪ' => 'i',
        'ʊ' => 'u',
        'ɑ' | 'ɒ' | 'ɔ' => 'ɑ',
        'ɹ' | 'ɾ' | 'ʁ' => 'r',
        'ɡ' => 'g',
        other => other,
    }
}

fn is_vowel(p: Phone) -> bool {
    matches!(
        p,
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'æ' | 'ə' | 'ɛ' | 'ɑ' | 'ø' | 'œ' | 'ɯ' | 'ɤ' | 'ɨ'
    )
}

/// What one substitution costs: vowels for vowels half as much as anything else.
fn substitution(a: Phone, b: Phone) -> f32 {
    if a == b {
        0.0
    } else if is_vowel(a) && is_vowel(b) {
        0.5
    } else {
        1.0
    }
}

/// How one intended word came out.
#[derive(Debug, Clone, PartialEq)]
pub struct WordMatch {
    /// Edits charged to the word, over its phonemes (0 = heard as meant; can pass 1
    /// where extra sounds were heard inside it).
    pub error: f32,
    /// Indices of the heard words whose phonemes aligned with it.
    pub heard_words: std::ops::Range<usize>,
    /// The heard phonemes aligned with it.
    pub heard_phones: Vec<Phone>,
}

/// The alignment of an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// 1 − edits over intended phonemes, at least 0.
    pub score: f32,
    /// Every edit, inside words and between them.
    pub edits: f32,
    pub words: Vec<WordMatch>,
}

/// Aligns `heard` (phonemes per heard word) to `meant` (phonemes per intended word).
pub fn compare(meant: &[Vec<Phone>], heard: &[Vec<Phone>]) -> Comparison {
    let reference: Vec<(Phone, usize)> = meant
        .iter()
        .enumerate()
        .flat_map(|(w, p)| p.iter().map(move |&c| (c, w)))
        .collect();
    let hypothesis: Vec<(Phone, usize)> = heard
        .iter()
        .enumerate()
        .flat_map(|(w, p)| p.iter().map(move |&c| (c, w)))
        .collect();
    let (n, m) = (reference.len(), hypothesis.len());
    // cost[i][j]: aligning the first i intended phonemes with the first j heard ones.
    let mut cost = vec![vec![0f32; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i as f32;
    }
    for (j, cell) in cost[0].iter_mut().enumerate() {
        *cell = j as f32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = cost[i - 1][j - 1] + substitution(reference[i - 1].0, hypothesis[j - 1].0);
            cost[i][j] = sub.min(cost[i - 1][j] + 1.0).min(cost[i][j - 1] + 1.0);
        }
    }
    // Walk back, charging each edit to an intended word. A heard phoneme with no
    // intended one counts against the word only inside it; between words (an "and"
    // the recognizer put in) it counts against the utterance alone.
    let mut edits = vec![0f32; meant.len()];
    let mut between = 0f32;
    let mut aligned: Vec<Vec<(Phone, usize)>> = vec![Vec::new(); meant.len()];
    let (mut i, mut j) = (n, m);
    // Where a heard phoneme could go inside a word or between two, between wins.
    let at_boundary = |i: usize| i == 0 || i == n || reference[i - 1].1 != reference[i].1;
    while i > 0 || j > 0 {
        if j > 0 && at_boundary(i) && cost[i][j] == cost[i][j - 1] + 1.0 {
            between += 1.0;
            j -= 1;
        } else if i > 0
            && j > 0
            && cost[i][j]
                == cost[i - 1][j - 1] + substitution(reference[i - 1].0, hypothesis[j - 1].0)
        {
            let w = reference[i - 1].1;
            edits[w] += substitution(reference[i - 1].0, hypothesis[j - 1].0);
            aligned[w].push(hypothesis[j - 1]);
            i -= 1;
            j -= 1;
        } else if i > 0 && cost[i][j] == cost[i - 1][j] + 1.0 {
            edits[reference[i - 1].1] += 1.0;
            i -= 1;
        } else {
            let inside = i > 0 && i < n && reference[i - 1].1 == reference[i].1;
            if inside {
                let w = reference[i].1;
                edits[w] += 1.0;
                aligned[w].push(hypothesis[j - 1]);
            } else {
                between += 1.0;
            }
            j -= 1;
        }
    }
    let words = meant
        .iter()
        .zip(edits.iter().zip(aligned))
        .map(|(phones, (&edit, mut heard_here))| {
            heard_here.reverse();
            let heard_words = match (heard_here.first(), heard_here.last()) {
                (Some(a), Some(b)) => a.1..b.1 + 1,
                _ => 0..0,
            };
            WordMatch {
                error: if phones.is_empty() {
                    0.0
                } else {
                    edit / phones.len() as f32
                },
                heard_words,
                heard_phones: heard_here.into_iter().map(|h| h.0).collect(),
            }
        })
        .collect();
    let total: f32 = edits.iter().sum::<f32>() + between;
    Comparison {
        score: if n == 0 {
            if m == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            (1.0 - total / n as f32).max(0.0)
        },
        edits: total,
        words,
    }
}

/// Edit distance between two phoneme strings over the longer's length (0 = the same).
pub fn distance(a: &[Phone], b: &[Phone]) -> f32 {
    let longest = a.len().max(b.len());
    if a.is_empty() || b.is_empty() {
        return if longest == 0 { 0.0 } else { 1.0 };
    }
    compare(&[a.to_vec()], &[b.to_vec()]).edits / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ipa: &[&str]) -> Vec<Vec<Phone>> {
        ipa.iter().map(|w| phones(w)).collect()
    }

    #[test]
    fn the_same_sounds_score_one() {
        let meant = words(&["ðə", "kˈæt", "sˈæt"]);
        let c = compare(&meant, &meant);
        assert_eq!(c.score, 1.0);
        assert!(c.words.iter().all(|w| w.error == 0.0));
        assert_eq!(c.words[1].heard_words, 1..2);
    }

    #[test]
    fn a_word_heard_as_another_is_charged_to_that_word() {
        // "the cat sat" heard as "the dog sat"
        let c = compare(
            &words(&["ðə", "kˈæt", "sˈæt"]),
            &words(&["ðə", "dˈɑːɡ", "sˈæt"]),
        );
        assert_eq!(c.words[0].error, 0.0);
        assert_eq!(c.words[2].error, 0.0);
        assert!(c.words[1].error >= 0.8, "{:?}", c.words[1]);
        assert_eq!(c.words[1].heard_words, 1..2);
        assert!(c.score < 0.75);
    }

    #[test]
    fn a_name_spelled_otherwise_but_said_alike_is_close() {
        // Zelensky / Zalinsky: one vowel apart.
        let c = compare(&words(&["zəlˈɛnski"]), &words(&["zəlˈɪnski"]));
        assert!(c.words[0].error < 0.1, "{:?}", c.words[0]);
    }

    #[test]
    fn a_word_heard_between_words_costs_the_utterance_not_its_neighbours() {
        // "two hundred forty" heard as "two hundred and forty"
        let meant = words(&["tˈuː", "hˈʌndɹɪd", "fˈɔːɹɾi"]);
        let c = compare(&meant, &words(&["tˈuː", "hˈʌndɹɪd", "ænd", "fˈɔːɹɾi"]));
        assert!(c.words.iter().all(|w| w.error == 0.0), "{c:?}");
        assert!(c.score < 1.0 && c.score > 0.7, "{c:?}");
    }

    #[test]
    fn a_swallowed_word_and_nothing_heard() {
        let c = compare(&words(&["ɡˈʊd", "mˈɔːɹnɪŋ"]), &words(&["ɡˈʊd"]));
        assert_eq!(c.words[0].error, 0.0);
        assert_eq!(c.words[1].error, 1.0);
        assert_eq!(c.words[1].heard_words, 0..0);
        assert_eq!(compare(&words(&["ɡˈʊd"]), &[]).score, 0.0);
        assert_eq!(compare(&[], &[]).score, 1.0);
    }

    #[test]
    fn distance_is_relative_to_the_longer() {
        assert_eq!(distance(&phones("kæt"), &phones("kæt")), 0.0);
        let d = distance(&phones("kæt"), &phones("kæts"));
        assert!((d - 0.25).abs() < 1e-6, "{d}");
        assert_eq!(distance(&phones("kæt"), &[]), 1.0);
        assert_eq!(distance(&[], &phones("kæt")), 1.0);
    }
}
