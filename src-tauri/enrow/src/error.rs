//! Everything that can go wrong talking to Enrow, as one type with a stable machine code per
//! case (the desktop page and scripts branch on it) and a message written for someone who has
//! never seen an API: what happened, and what to do next.

use std::time::Duration;

use serde::Serialize;

use crate::batch_id::InvalidBatchId;

/// How much of an unexpected body is kept for diagnostics.
const BODY_PREVIEW_CHARS: usize = 300;

/// The stable machine code of an [`EnrowError`]. Serialised as `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    InvalidBatchId,
    MissingKey,
    InvalidKey,
    PhoneNotAllowed,
    InsufficientCredits,
    BatchNotFound,
    RateLimited,
    ServerError,
    Network,
    Timeout,
    UnexpectedResponse,
    BatchFailed,
}

#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum EnrowError {
    #[error(transparent)]
    InvalidBatchId(#[from] InvalidBatchId),

    #[error(
        "No Enrow API key is set. Copy your key from the API page of your Enrow dashboard and \
         paste it in the settings."
    )]
    MissingKey,

    #[error(
        "Enrow did not accept this API key. Check that you copied the whole key from the API \
         page of your Enrow dashboard, then enter it again."
    )]
    InvalidKey { server_message: String },

    #[error(
        "This Enrow account's plan does not include phone search. Ask your Enrow account owner \
         to add phone search, or use the key of an account that has it."
    )]
    PhoneNotAllowed,

    #[error(
        "The Enrow account has run out of credits. Add credits in your Enrow dashboard, then try \
         again."
    )]
    InsufficientCredits { server_message: String },

    #[error(
        "Enrow does not know batch {batch_id} for this API key. Check that the id is complete and \
         that the batch was made with the same Enrow account as the key you use here. Old \
         batches may have expired."
    )]
    BatchNotFound { batch_id: String },

    #[error("{}", rate_limited(*.retry_after))]
    RateLimited { retry_after: Option<Duration> },

    #[error(
        "Enrow is having trouble right now (error {status}). Nothing is lost: try again in a few \
         minutes."
    )]
    ServerError { status: u16, body_start: String },

    #[error(
        "Enrow could not be reached. Check your internet connection (and proxy or VPN), then try \
         again. ({detail})"
    )]
    Network { detail: String },

    #[error(
        "Enrow took too long to answer. Your connection may be slow or Enrow busy: try again in \
         a moment."
    )]
    Timeout,

    #[error(
        "Enrow sent an answer this app cannot read (status {status}). It may be a temporary \
         problem at Enrow or a network filter in between: try again later, and if it keeps \
         happening, send this to support: {body_start}"
    )]
    UnexpectedResponse { status: u16, body_start: String },

    #[error(
        "Enrow's answer was about another batch ({answered}) than the one asked for \
         ({asked}), so it was not used and nothing was saved. Something between this computer \
         and Enrow (a proxy or a cache) may be mixing answers up: try again later, and if it \
         keeps happening, tell whoever looks after your network."
    )]
    WrongBatch { asked: String, answered: String },

    #[error(
        "Enrow reports that batch {batch_id} failed on their side. Its credits are normally \
         refunded; submit the searches again or contact Enrow support with the batch id."
    )]
    BatchFailed { batch_id: String },
}

impl EnrowError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidBatchId(_) => ErrorCode::InvalidBatchId,
            Self::MissingKey => ErrorCode::MissingKey,
            Self::InvalidKey { .. } => ErrorCode::InvalidKey,
            Self::PhoneNotAllowed => ErrorCode::PhoneNotAllowed,
            Self::InsufficientCredits { .. } => ErrorCode::InsufficientCredits,
            Self::BatchNotFound { .. } => ErrorCode::BatchNotFound,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::ServerError { .. } => ErrorCode::ServerError,
            Self::Network { .. } => ErrorCode::Network,
            Self::Timeout => ErrorCode::Timeout,
            Self::UnexpectedResponse { .. } | Self::WrongBatch { .. } => {
                ErrorCode::UnexpectedResponse
            }
            Self::BatchFailed { .. } => ErrorCode::BatchFailed,
        }
    }

    /// Worth trying again later without changing anything: Enrow or the network is at fault.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::RateLimited { .. }
            | Self::ServerError { .. }
            | Self::Network { .. }
            | Self::Timeout
            // A cache or a route that mixed answers up may well answer right the next time.
            | Self::WrongBatch { .. } => true,
            // A gateway answering an HTML page instead of Enrow is a passing outage.
            Self::UnexpectedResponse { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// How long Enrow asked us to wait, when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    pub(crate) fn unexpected(status: u16, body: &[u8]) -> Self {
        Self::UnexpectedResponse {
            status,
            body_start: body_preview(body),
        }
    }
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidBatchId => "invalid_batch_id",
            Self::MissingKey => "missing_key",
            Self::InvalidKey => "invalid_key",
            Self::PhoneNotAllowed => "phone_not_allowed",
            Self::InsufficientCredits => "insufficient_credits",
            Self::BatchNotFound => "batch_not_found",
            Self::RateLimited => "rate_limited",
            Self::ServerError => "server_error",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::UnexpectedResponse => "unexpected_response",
            Self::BatchFailed => "batch_failed",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a 429 says, with how long Enrow asked to wait when that is more than a minute.
fn rate_limited(retry_after: Option<Duration>) -> String {
    let asked = retry_after.map_or(0, |wait| wait.as_secs());
    let wait = match asked {
        0..=60 => "a minute".to_owned(),
        61..=5_400 => format!("{} minutes", asked.div_ceil(60)),
        _ => format!("{} hours", asked.div_ceil(3_600)),
    };
    format!(
        "Enrow is receiving too many requests right now and asks to wait {wait}. Try again \
         then; the app slows down on its own."
    )
}

/// The start of a body as readable text on one line, for diagnostics.
pub(crate) fn body_preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut preview: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(BODY_PREVIEW_CHARS)
        .collect();
    if preview.is_empty() {
        preview.push_str("(empty answer)");
    } else if text.chars().count() > BODY_PREVIEW_CHARS {
        preview.push('…');
    }
    preview
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_documented() {
        let all = [
            (ErrorCode::InvalidBatchId, "invalid_batch_id"),
            (ErrorCode::MissingKey, "missing_key"),
            (ErrorCode::InvalidKey, "invalid_key"),
            (ErrorCode::PhoneNotAllowed, "phone_not_allowed"),
            (ErrorCode::InsufficientCredits, "insufficient_credits"),
            (ErrorCode::BatchNotFound, "batch_not_found"),
            (ErrorCode::RateLimited, "rate_limited"),
            (ErrorCode::ServerError, "server_error"),
            (ErrorCode::Network, "network"),
            (ErrorCode::Timeout, "timeout"),
            (ErrorCode::UnexpectedResponse, "unexpected_response"),
            (ErrorCode::BatchFailed, "batch_failed"),
        ];
        for (code, text) in all {
            assert_eq!(serde_json::to_value(code).expect("ok"), text);
            assert_eq!(code.as_str(), text);
        }
    }

    #[test]
    fn only_outages_are_transient() {
        assert!(EnrowError::Timeout.is_transient());
        assert!(EnrowError::unexpected(502, b"<html>Bad gateway</html>").is_transient());
        assert!(!EnrowError::unexpected(200, b"<html>portal</html>").is_transient());
        assert!(
            !EnrowError::InvalidKey {
                server_message: String::new()
            }
            .is_transient()
        );
        assert!(
            !EnrowError::BatchNotFound {
                batch_id: "x".into()
            }
            .is_transient()
        );
    }

    #[test]
    fn a_long_retry_after_is_said_as_it_is() {
        let said = |seconds: Option<u64>| {
            EnrowError::RateLimited {
                retry_after: seconds.map(Duration::from_secs),
            }
            .to_string()
        };
        assert!(said(None).contains("wait a minute"), "{}", said(None));
        assert!(said(Some(30)).contains("wait a minute"));
        assert!(
            said(Some(600)).contains("wait 10 minutes"),
            "{}",
            said(Some(600))
        );
        assert!(
            said(Some(86_400)).contains("wait 24 hours"),
            "{}",
            said(Some(86_400))
        );
    }

    #[test]
    fn body_preview_is_short_and_on_one_line() {
        let html = format!("<html>\n<body>\n{}</body></html>", "x".repeat(1000));
        let preview = body_preview(html.as_bytes());
        assert!(!preview.contains('\n'));
        assert!(preview.starts_with("<html> <body>"));
        assert!(preview.chars().count() <= BODY_PREVIEW_CHARS + 1);
        assert_eq!(body_preview(b""), "(empty answer)");
    }
}
