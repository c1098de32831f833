//! The pipeline's error ([`PipelineError`]): what went wrong, by stage, with the
//! stage's own error kept as its source, and whether trying the same work again may
//! help ([`PipelineError::retryable`]) — a worker retries a voice that could not load or
//! a disk that was full, never a page that is no article.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The input could not be read, fetched or decoded, or holds no article.
    #[error(transparent)]
    Input(#[from] aloud_extract::ExtractError),
    /// SSML that does not parse.
    #[error(transparent)]
    Ssml(#[from] aloud_script::ssml::SsmlError),
    /// An article, text or SSML with nothing to read aloud.
    #[error("{0}")]
    Empty(&'static str),
    /// A narration longer than the limit, refused before any audio is made.
    #[error("the narration would be about {estimate} long, over the {limit} limit")]
    TooLong { estimate: String, limit: String },
    /// A lexicon file or rule.
    #[error(transparent)]
    Lexicon(#[from] aloud_script::lexicon::LexiconError),
    /// The voice: finding, loading or synthesizing.
    #[error(transparent)]
    Voice(#[from] aloud_voice::VoiceError),
    /// Joining, measuring or encoding the audio.
    #[error(transparent)]
    Audio(#[from] aloud_audio::AudioError),
    /// The speech recognizer of the self-check.
    #[error(transparent)]
    Check(#[from] aloud_check::CheckError),
    /// A file the pipeline writes or reads as it goes (the audio spool, an output).
    #[error("cannot write {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A temporary file for the audio as it is made.
    #[error("temporary audio file: {0}")]
    Spool(#[source] std::io::Error),
}

impl PipelineError {
    /// Whether the same work may succeed if tried again: a file that could not be read or
    /// written, a voice or recognizer that could not run; not an input that is wrong,
    /// refused, too long or empty, a bad lexicon or an unknown voice.
    pub fn retryable(&self) -> bool {
        use aloud_extract::ExtractError as E;
        match self {
            // A page that could not be fetched is no better a minute later as often as
            // not (refused, gone, not an article); a file that could not be read may be.
            PipelineError::Input(e) => matches!(e, E::Read(..)),
            PipelineError::Voice(e) => !matches!(
                e,
                aloud_voice::VoiceError::UnknownVoice { .. } | aloud_voice::VoiceError::BadSpeed(_)
            ),
            PipelineError::Check(e) => matches!(
                e,
                aloud_check::CheckError::Io(..) | aloud_check::CheckError::Runtime(_)
            ),
            PipelineError::File { .. } | PipelineError::Spool(_) => true,
            PipelineError::Ssml(_)
            | PipelineError::Empty(_)
            | PipelineError::TooLong { .. }
            | PipelineError::Lexicon(_)
            | PipelineError::Audio(_) => false,
        }
    }
}

/// The pipeline's result.
pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_of_the_moment_are_retried() {
        let fetch = PipelineError::from(aloud_extract::ExtractError::Fetch {
            url: "https://example.org/".into(),
            reason: "timed out".into(),
        });
        assert!(!fetch.retryable());
        assert_eq!(
            fetch.to_string(),
            "cannot fetch https://example.org/: timed out"
        );
        let no_article = PipelineError::from(aloud_extract::ExtractError::NoArticle(String::new()));
        assert!(!no_article.retryable());
        assert!(!PipelineError::Empty("the text has nothing to say").retryable());
        let unknown = PipelineError::from(aloud_voice::VoiceError::UnknownVoice {
            name: "x".into(),
            installed: "y".into(),
        });
        assert!(!unknown.retryable());
        // The stage's error stays the source.
        let disk = PipelineError::File {
            path: "/tmp/out.mp3".into(),
            source: std::io::Error::other("no space left"),
        };
        assert!(disk.retryable());
        assert!(std::error::Error::source(&disk).is_some());
    }
}
