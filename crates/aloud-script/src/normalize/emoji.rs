//! Emoji and pictographs: a newsreader does not say them. espeak-ng would read their
//! names ("💚" → "green heart", "🎉" → "party popper"), so a token of emoji alone is
//! left silent and emoji stuck to a word are taken off it ("thanks🙏" → "thanks").

use super::rules::{Context, Said};

/// A pictograph, or a character that only joins or styles them (zero-width joiner,
/// variation selector, skin tones and flag tags).
pub(super) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // pictographs, emoticons, transport, flags, skin tones
        | 0x2600..=0x27BF   // miscellaneous symbols and dingbats
        | 0x2B00..=0x2BFF   // arrows and stars (⭐)
        | 0x231A..=0x231B | 0x23E9..=0x23FA // watch, hourglass, media keys
        | 0x200D | 0xFE0E | 0xFE0F | 0x20E3 // joiner, variation selectors, keycap
        | 0xE0020..=0xE007F) // flag tags
}

/// A token with emoji in it: silent when they are all it has, else the rest of it read.
pub(super) fn emoji_rule(c: &Context) -> Option<Said> {
    let core = c.core();
    if !core.chars().any(is_emoji) {
        return None;
    }
    let rest: String = core.chars().filter(|&ch| !is_emoji(ch)).collect();
    if rest.trim().is_empty() {
        return Some((String::new(), 1));
    }
    Some((c.speak_as(&rest).0, 1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn emoji_are_not_said() {
        super::super::assert_said(&[
            ("Thank you all 💚", "Thank you all"),
            ("What a day 🎉🎉 today.", "What a day today."),
            ("Thanks🙏 to 3 of you 👍🏽.", "Thanks to three of you."),
            ("Flags 🇺🇦 and ❤️ here.", "Flags and here."),
        ]);
    }
}
