//! Paragraphs about the source at the foot of a story, not read: the writer's bio
//! ("Corey Kilgannon is a Metro reporter covering news and human interest stories. He
//! joined The Times in 2007…") and a press release's company boilerplate ("Ascom is a
//! global solutions provider… Ascom is headquartered in Baar…", under "About Ascom").

use crate::BlockKind;

use super::reader_calls::{lower_words, sentences};

/// Words that say a sentence is about someone's work as a journalist.
const ROLE_WORDS: &[&str] = &[
    "reporter",
    "writer",
    "editor",
    "correspondent",
    "columnist",
    "column",
    "journalist",
    "contributor",
    "freelance",
    "freelancer",
    "producer",
    "photographer",
    "photojournalist",
    "critic",
    "blogger",
    "covers",
    "covered",
    "covering",
    "writes",
    "bureau",
    "anchor",
    "newsroom",
];

/// Verbs that follow a name opening a bio: "Jane Doe is…", "… has covered…".
const BIO_VERBS: &[&str] = &[
    "is", "was", "has", "covers", "writes", "joined", "reports", "edits",
];

/// Small words inside names ("Ursula von der Leyen", "Ana de Armas").
const NAME_PARTICLES: &[&str] = &[
    "de", "del", "da", "van", "von", "der", "la", "le", "bin", "al",
];

fn has_role_word(sentence: &str) -> bool {
    lower_words(sentence)
        .iter()
        .any(|w| ROLE_WORDS.contains(&w.as_str()))
}

/// How a paragraph's first sentence opens: a run of words that may be a name (as
/// `in_name` tells), and the word after it, in lower case.
struct Opening<'t> {
    first: &'t str,
    first_word: &'t str,
    name_len: usize,
    verb: String,
}

impl<'t> Opening<'t> {
    fn of(text: &'t str, in_name: impl Fn(&str) -> bool) -> Option<Self> {
        let first = sentences(text).into_iter().next()?;
        let words: Vec<&str> = first.split_whitespace().collect();
        let name_len = words.iter().take_while(|w| in_name(w)).count();
        Some(Self {
            first,
            first_word: words.first().copied().unwrap_or(""),
            name_len,
            verb: words
                .get(name_len)
                .map(|w| w.to_lowercase())
                .unwrap_or_default(),
        })
    }
}

/// A paragraph that opens with a person's name and a verb ("Nelson D. Schwartz has
/// covered economics since 2012.") and whose first sentence is about reporting.
fn is_named_bio(text: &str) -> bool {
    let Some(opening) = Opening::of(text, |w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || NAME_PARTICLES.contains(&w.to_lowercase().as_str())
    }) else {
        return false;
    };
    let Opening {
        first,
        first_word,
        name_len,
        verb,
    } = opening;
    // "The Times is committed to…" opens with a name of a paper, not a person.
    let article_first = matches!(first_word, "The" | "A" | "An" | "This" | "Our" | "Its");
    (2..=5).contains(&name_len)
        && !article_first
        && BIO_VERBS.contains(&verb.as_str())
        && has_role_word(first)
}

/// A short paragraph that goes on about the same person ("He joined The Times in 2007
/// as a feature writer.", "Previously, she wrote about banking."): a pronoun among its
/// first four words.
fn continues_bio(text: &str) -> bool {
    let words = lower_words(text);
    text.chars().count() < 300
        && sentences(text).len() <= 2
        && words
            .iter()
            .take(4)
            .any(|w| matches!(w.as_str(), "he" | "she" | "his" | "her" | "they"))
}

/// Words of a company's boilerplate ("… is a leading provider of …, headquartered in
/// …, listed on …").
const COMPANY_WORDS: &[&str] = &[
    "headquartered",
    "headquarters",
    "founded in",
    "listed on",
    "employs",
    "subsidiaries",
    "provider of",
    "is a leading",
    "is a global",
    "is the world's",
    "is the world’s",
    "for more information",
    "www.",
];

/// A press release's boilerplate about a company: opens with a name and "is" or "has"
/// ("Ascom is a global solutions provider…", "Acme, Inc. is headquartered in…") and
/// says where it is based, listed or what it provides.
fn is_company_boilerplate(text: &str) -> bool {
    let Some(Opening {
        first_word,
        name_len,
        verb,
        ..
    }) = Opening::of(text, |w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '(')
    })
    else {
        return false;
    };
    let lower = text.to_lowercase();
    (1..=6).contains(&name_len)
        && !matches!(first_word, "The" | "A" | "An" | "This" | "It")
        && matches!(
            verb.as_str(),
            "is" | "has" | "provides" | "offers" | "develops"
        )
        && COMPANY_WORDS.iter().any(|w| lower.contains(w))
}

/// A heading "About Ascom", "About Us" over the boilerplate.
fn is_about_heading(text: &str) -> bool {
    text.strip_prefix("About ").is_some_and(|rest| {
        rest.starts_with(char::is_uppercase) && rest.split_whitespace().count() <= 5
    })
}

/// Drops a run of paragraphs about the source at the foot of the story: from the first
/// that opens with a writer's name and role, through what follows it when that goes
/// on about the same person, and a company's boilerplate (with its "About …" heading).
/// At most four blocks; the story itself is never all of it.
pub(super) fn drop_bios_and_boilerplate(blocks: &mut Vec<(BlockKind, String)>) {
    let mut run_start = None;
    for back in 1..=4.min(blocks.len().saturating_sub(2)) {
        let at = blocks.len() - back;
        let (kind, text) = &blocks[at];
        if matches!(kind, BlockKind::Heading { .. })
            && run_start.is_some()
            && is_about_heading(text)
        {
            run_start = Some(at);
            break;
        }
        // A company's boilerplate may run long (its vision, its mission); a bio is short.
        if *kind != BlockKind::Paragraph || text.chars().count() >= 1000 {
            break;
        }
        let short = text.chars().count() < 400;
        if short && is_named_bio(text) || is_company_boilerplate(text) {
            run_start = Some(at);
        } else if !(short && continues_bio(text)) {
            break;
        }
    }
    if let Some(at) = run_start {
        blocks.truncate(at);
    }
}

#[cfg(test)]
mod tests {
    use super::drop_bios_and_boilerplate;
    use crate::BlockKind;

    fn paragraphs(texts: &[&str]) -> Vec<(BlockKind, String)> {
        texts
            .iter()
            .map(|t| (BlockKind::Paragraph, t.to_string()))
            .collect()
    }

    #[test]
    fn bios_at_the_foot_go_and_the_story_stays() {
        let story = [
            "The council approved the budget on Tuesday after a long debate.",
            "Spending on roads will rise by a tenth, the treasurer said.",
            "Opponents said the plan left too little for libraries.",
        ];
        let mut with_bio: Vec<&str> = story.to_vec();
        with_bio.extend([
            "Maria de la Cruz is a reporter for the Valley Courier covering local government.",
            "Previously, she wrote about schools for a paper in Ohio.",
            "She joined the Courier in 2019. Follow her on Twitter.",
        ]);
        let mut blocks = paragraphs(&with_bio);
        drop_bios_and_boilerplate(&mut blocks);
        assert_eq!(blocks, paragraphs(&story));

        let mut with_covered = story.to_vec();
        with_covered.push(
            "Tom R. Ashworth has covered transport since 2012. Previously, he wrote about \
             farming. He joined the paper in 2009 as a feature writer. @TomAshworth",
        );
        let mut blocks = paragraphs(&with_covered);
        drop_bios_and_boilerplate(&mut blocks);
        assert_eq!(blocks, paragraphs(&story));

        // A press release's boilerplate, under its heading or not.
        let mut release = story.to_vec();
        release.extend([
            "Acme Robotics is a global provider of warehouse automation. Its vision is to make every warehouse safer.",
            "Acme Robotics is headquartered in Leeds, has subsidiaries in 12 countries and employs around 900 people.",
        ]);
        let mut blocks = paragraphs(&release);
        drop_bios_and_boilerplate(&mut blocks);
        assert_eq!(blocks, paragraphs(&story));
        let mut blocks = paragraphs(&story);
        blocks.push((
            BlockKind::Heading { level: 3 },
            "About Acme Robotics".into(),
        ));
        blocks.push((
            BlockKind::Paragraph,
            "Acme Robotics is a leading maker of warehouse robots. For more information, visit www.acme.example."
                .into(),
        ));
        drop_bios_and_boilerplate(&mut blocks);
        assert_eq!(blocks, paragraphs(&story));

        // A story that ends on people is not a bio: no role, or no name opening it.
        for ending in [
            "Mayor Ann Lee is expected to sign the budget next week.",
            "He said he would appeal the decision.",
            "The reporter who broke the story, Sam Roe, said the figures were checked twice.",
            "The Courier is committed to publishing letters to the editor.",
            "The company is headquartered in Leeds, a spokesman said.",
            "Acme is a small firm that says it will appeal the ruling.",
        ] {
            let mut texts = story.to_vec();
            texts.push(ending);
            let mut blocks = paragraphs(&texts);
            drop_bios_and_boilerplate(&mut blocks);
            assert_eq!(blocks, paragraphs(&texts), "{ending}");
        }
    }
}
