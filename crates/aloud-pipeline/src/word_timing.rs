//! Word timings: the words a voice reports (where each starts in the spoken text, and
//! the samples it is said in) mapped onto the script's word groups, which carry the
//! original text's spans ("$2.5 billion" is one group said as five words).

use aloud_script::Utterance;
use aloud_voice::WordAudio;

/// Per word group of `u`: the samples it is said in, `None` for a group with nothing
/// to say (punctuation). Empty where the voice's words cannot be placed in the spoken
/// text. A group the voice ran into the one before ("in the" said as one word) shares
/// that word's time in proportion to the letters each says.
pub fn group_samples(u: &Utterance, said: &[WordAudio]) -> Vec<Option<(usize, usize)>> {
    let Some(ranges) = u.spoken_word_ranges() else {
        return Vec::new();
    };
    if said.is_empty() {
        return Vec::new();
    }
    let mut times: Vec<Option<(usize, usize)>> = vec![None; ranges.len()];
    for word in said {
        // The group the word starts in, else the last one starting before it.
        let Some(g) = ranges
            .iter()
            .rposition(|r| r.start <= word.char_start && !r.is_empty())
        else {
            continue;
        };
        times[g] = Some(match times[g] {
            Some((start, end)) => (start.min(word.start), end.max(word.end)),
            None => (word.start, word.end),
        });
    }
    let letters: Vec<usize> = u
        .words
        .iter()
        .map(|w| w.spoken.chars().filter(|c| c.is_alphanumeric()).count())
        .collect();
    let mut g = 0;
    while g < times.len() {
        let Some((start, end)) = times[g] else {
            g += 1;
            continue;
        };
        // The groups after it that were said within its word.
        let mut run = g + 1;
        while run < times.len() && times[run].is_none() {
            run += 1;
        }
        let shared = (g..run).filter(|&k| k == g || letters[k] > 0);
        let total: usize = shared.clone().map(|k| letters[k].max(1)).sum();
        let mut at = start;
        let mut counted = 0;
        for k in shared {
            counted += letters[k].max(1);
            let next = start + (end - start) * counted / total;
            times[k] = Some((at, next));
            at = next;
        }
        g = run;
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;
    use aloud_extract::{Article, BlockKind, Metadata};

    fn utterance(text: &str) -> Utterance {
        let article = Article::from_blocks(
            Metadata::default(),
            [(BlockKind::Paragraph, text.to_string())],
        );
        aloud_script::build(&article, Default::default()).utterances[0].clone()
    }

    fn word(char_start: usize, start: usize, end: usize) -> WordAudio {
        WordAudio {
            char_start,
            start,
            end,
        }
    }

    #[test]
    fn a_group_said_as_several_words_spans_them_all() {
        let u = utterance("It cost $2.5 billion.");
        assert_eq!(u.spoken, "It cost two point five billion dollars.");
        let said = [
            word(0, 0, 10),
            word(3, 10, 20),
            word(8, 20, 30),
            word(12, 30, 40),
            word(18, 40, 50),
            word(23, 50, 60),
            word(31, 60, 70),
        ];
        assert_eq!(
            group_samples(&u, &said),
            vec![Some((0, 10)), Some((10, 20)), Some((20, 70))]
        );
    }

    #[test]
    fn groups_run_together_share_the_word_by_letters() {
        let u = utterance("Sit in the sun.");
        // "in the" said as one word.
        let said = [word(0, 0, 10), word(4, 10, 25), word(11, 25, 40)];
        assert_eq!(
            group_samples(&u, &said),
            vec![
                Some((0, 10)),
                Some((10, 16)),
                Some((16, 25)),
                Some((25, 40))
            ]
        );
        // No words, or spoken text that is not its groups: no timings.
        assert!(group_samples(&u, &[]).is_empty());
        let mut other = u.clone();
        other.spoken = "Something else.".into();
        assert!(group_samples(&other, &said).is_empty());
    }
}
