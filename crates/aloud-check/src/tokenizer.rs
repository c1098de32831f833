//! Moonshine's token table (`tokenizer.bin`): token ids back to text.
//!
//! The file holds one record per id, in id order: a length (one byte, or two where the
//! first is 128 or more: `(first - 128) + second * 128`) and then that many bytes. Ids
//! 3 to 258 are raw bytes (a UTF-8 character may take several), "▁" stands for a space,
//! and ids without a record (the model's unused tail) say nothing.

use std::path::Path;

use crate::CheckError;

/// Token id → its bytes, and back.
pub struct Tokenizer {
    pieces: Vec<Vec<u8>>,
    ids: std::collections::HashMap<Vec<u8>, i64>,
    longest: usize,
}

/// The first of the ids that stand for one raw byte each.
const FIRST_BYTE: i64 = 3;

/// What the decoder emits first (decoding starts from it).
pub const START: i64 = 1;
/// What ends a transcript.
pub const END: i64 = 2;

impl Tokenizer {
    pub fn load(path: &Path) -> Result<Self, CheckError> {
        let bytes = std::fs::read(path).map_err(|e| CheckError::Io(path.to_path_buf(), e))?;
        Self::parse(&bytes).ok_or_else(|| {
            CheckError::Assets(format!("{} is not a Moonshine token table", path.display()))
        })
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let mut len = usize::from(bytes[at]);
            at += 1;
            if len >= 128 {
                len = len - 128 + usize::from(*bytes.get(at)?) * 128;
                at += 1;
            }
            pieces.push(bytes.get(at..at + len)?.to_vec());
            at += len;
        }
        if pieces.is_empty() {
            return None;
        }
        let ids = pieces
            .iter()
            .enumerate()
            .skip(FIRST_BYTE as usize + 256)
            .filter(|(_, piece)| !piece.is_empty())
            .map(|(id, piece)| (piece.clone(), id as i64))
            .collect();
        let longest = pieces.iter().map(Vec::len).max().unwrap_or(0);
        Some(Self {
            pieces,
            ids,
            longest,
        })
    }

    /// Tokens for `text`, longest piece first at each point, a raw byte where no piece
    /// fits: a draft for decoding ([`crate::recognizer`]), not necessarily how the model
    /// itself would split the text.
    pub fn encode(&self, text: &str) -> Vec<i64> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let marked = format!("▁{}", words.join("▁"));
        let bytes = marked.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let found = (1..=self.longest.min(bytes.len() - at))
                .rev()
                .find_map(|len| self.ids.get(&bytes[at..at + len]).map(|&id| (id, len)));
            match found {
                Some((id, len)) => {
                    out.push(id);
                    at += len;
                }
                None => {
                    out.push(FIRST_BYTE + i64::from(bytes[at]));
                    at += 1;
                }
            }
        }
        out
    }

    /// The text of `ids` (the special ids 0–2 and ids without a record say nothing).
    pub fn decode(&self, ids: &[i64]) -> String {
        let mut bytes = Vec::new();
        for &id in ids {
            if let Some(piece) = usize::try_from(id).ok().and_then(|i| self.pieces.get(i)) {
                if id > END {
                    bytes.extend_from_slice(piece);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).replace('▁', " ");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in pieces {
            if piece.len() >= 128 {
                out.push((piece.len() % 128 + 128) as u8);
                out.push((piece.len() / 128) as u8);
            } else {
                out.push(piece.len() as u8);
            }
            out.extend_from_slice(piece);
        }
        out
    }

    #[test]
    fn records_decode_to_text_with_spaces_for_the_marker() {
        let long = vec![b'a'; 200];
        let bytes = table(&[
            b"<unk>",
            b"<s>",
            b"</s>",
            "▁Hello".as_bytes(),
            b",",
            "▁world".as_bytes(),
            &long,
        ]);
        let tokenizer = Tokenizer::parse(&bytes).unwrap();
        assert_eq!(tokenizer.decode(&[1, 3, 4, 5, 2]), "Hello, world");
        assert_eq!(tokenizer.pieces[6].len(), 200);
        // Ids past the table say nothing.
        assert_eq!(tokenizer.decode(&[3, 40_000]), "Hello");
    }

    #[test]
    fn text_encodes_to_the_longest_pieces_and_decodes_back() {
        // The special ids, then the 256 byte ids, then pieces.
        let mut pieces: Vec<Vec<u8>> = vec![b"<unk>".to_vec(), b"<s>".to_vec(), b"</s>".to_vec()];
        pieces.extend((0..=255u8).map(|b| vec![b]));
        for piece in ["▁Hel", "▁Hello", "lo", ",", "▁wor", "ld"] {
            pieces.push(piece.as_bytes().to_vec());
        }
        let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
        let tokenizer = Tokenizer::parse(&table(&refs)).unwrap();
        let ids = tokenizer.encode("Hello,  world!");
        // "▁Hello" beats "▁Hel" + "lo"; "!" has no piece: its byte.
        assert_eq!(ids, [260, 262, 263, 264, 3 + i64::from(b'!')]);
        assert_eq!(tokenizer.decode(&ids), "Hello, world!");
    }

    #[test]
    fn a_truncated_table_is_refused() {
        let mut bytes = table(&["▁Hello".as_bytes()]);
        bytes.pop();
        assert!(Tokenizer::parse(&bytes).is_none());
        assert!(Tokenizer::parse(&[]).is_none());
    }
}
