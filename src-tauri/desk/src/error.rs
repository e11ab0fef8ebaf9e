//! What a failure tells the page: a stable code it branches on and translates, and an English
//! message as a fallback (and for the log). Every code the app can send is declared once, in
//! [`codes!`], so a test can hold the page's string table to the same list.

use enrow::export::ExportError;
use enrow::{ConfigError, EnrowError};
#[cfg(feature = "app")]
use enrow_keychain::KeychainError;
use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident => $text:literal,)+) => {
        /// Every error code the desktop app can send to its page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)+
        }

        impl Code {
            /// All of them, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }
        }
    };
}

codes! {
    // Enrow and the network (the engine's codes).
    InvalidBatchId => "invalid_batch_id",
    MissingKey => "missing_key",
    InvalidKey => "invalid_key",
    PhoneNotAllowed => "phone_not_allowed",
    InsufficientCredits => "insufficient_credits",
    BatchNotFound => "batch_not_found",
    RateLimited => "rate_limited",
    ServerError => "server_error",
    Network => "network",
    Timeout => "timeout",
    UnexpectedResponse => "unexpected_response",
    BatchFailed => "batch_failed",
    // The keychain.
    KeychainUnavailable => "keychain_unavailable",
    KeychainLocked => "keychain_locked",
    KeychainFailed => "keychain_failed",
    KeychainTimeout => "keychain_timeout",
    // Exports.
    FolderMissing => "folder_missing",
    PermissionDenied => "permission_denied",
    ReadOnly => "read_only",
    DiskFull => "disk_full",
    FileInUse => "file_in_use",
    WriteFailed => "write_failed",
    // "Add to my spreadsheet".
    SheetMissing => "sheet_missing",
    SheetInUse => "sheet_in_use",
    SheetNotAllowed => "sheet_not_allowed",
    NotASpreadsheet => "not_a_spreadsheet",
    SheetUnreadable => "sheet_unreadable",
    SheetTooLarge => "sheet_too_large",
    NoSuchSheet => "no_such_sheet",
    NoSearchColumns => "no_search_columns",
    SameFile => "same_file",
    // "Find numbers for a list".
    NothingToSearch => "nothing_to_search",
    ListSentBefore => "list_sent_before",
    SendUnknown => "send_unknown",
    ListNotFinished => "list_not_finished",
    ListNotRead => "list_not_read",
    // The app itself.
    UnknownBatch => "unknown_batch",
    NotSaved => "not_saved",
    SaveFailed => "save_failed",
    NotLinkedin => "not_linkedin",
    NotCallable => "not_callable",
    InvalidApiUrl => "invalid_api_url",
    SettingsFailed => "settings_failed",
    DemoFailed => "demo_failed",
    DemoOnly => "demo_only",
    OpenFailed => "open_failed",
    ClipboardFailed => "clipboard_failed",
    UnknownFile => "unknown_file",
    // Updates.
    UpdateUnreachable => "update_unreachable",
    UpdateFailed => "update_failed",
    Unexpected => "unexpected",
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure as the page receives it: `{code, message}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageError {
    pub code: Code,
    pub message: String,
}

impl PageError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn unknown_batch(id: &str) -> Self {
        Self::new(
            Code::UnknownBatch,
            format!("Batch {id} is not open in this window. Paste its id again."),
        )
    }

    /// Work on a blocking thread that ended without an answer (it panicked).
    pub fn stopped(what: &str) -> Self {
        Self::new(Code::Unexpected, format!("{what} stopped unexpectedly."))
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for PageError {}

impl From<enrow::ErrorCode> for Code {
    fn from(code: enrow::ErrorCode) -> Self {
        use enrow::ErrorCode as E;
        match code {
            E::InvalidBatchId => Self::InvalidBatchId,
            E::MissingKey => Self::MissingKey,
            E::InvalidKey => Self::InvalidKey,
            E::PhoneNotAllowed => Self::PhoneNotAllowed,
            E::InsufficientCredits => Self::InsufficientCredits,
            E::BatchNotFound => Self::BatchNotFound,
            E::RateLimited => Self::RateLimited,
            E::ServerError => Self::ServerError,
            E::Network => Self::Network,
            E::Timeout => Self::Timeout,
            E::UnexpectedResponse => Self::UnexpectedResponse,
            E::BatchFailed => Self::BatchFailed,
            // A code added to the engine later reads as "unexpected" until mapped here.
            _ => Self::Unexpected,
        }
    }
}

impl From<EnrowError> for PageError {
    fn from(error: EnrowError) -> Self {
        Self::new(error.code().into(), error.to_string())
    }
}

impl From<enrow::InvalidBatchId> for PageError {
    fn from(error: enrow::InvalidBatchId) -> Self {
        EnrowError::from(error).into()
    }
}

impl From<ExportError> for PageError {
    fn from(error: ExportError) -> Self {
        let code = match error.code() {
            "folder_missing" => Code::FolderMissing,
            "permission_denied" => Code::PermissionDenied,
            "read_only" => Code::ReadOnly,
            "disk_full" => Code::DiskFull,
            "file_in_use" => Code::FileInUse,
            _ => Code::WriteFailed,
        };
        Self::new(code, error.to_string())
    }
}

impl From<merge::MergeError> for PageError {
    fn from(error: merge::MergeError) -> Self {
        use merge::MergeError as M;
        let error = match error {
            // Writing the copy fails as an export does (a full disk, a read-only folder…).
            M::Write(export) => return export.into(),
            other => other,
        };
        let code = match &error {
            M::Missing { .. } => Code::SheetMissing,
            M::InUse { .. } => Code::SheetInUse,
            M::NotAllowed { .. } => Code::SheetNotAllowed,
            M::NotASpreadsheet { .. } => Code::NotASpreadsheet,
            M::Unreadable { .. } => Code::SheetUnreadable,
            M::TooLarge { .. } | M::NoRoom { .. } => Code::SheetTooLarge,
            M::NoSuchSheet { .. } => Code::NoSuchSheet,
            M::NoColumns => Code::NoSearchColumns,
            M::SameFile => Code::SameFile,
            _ => Code::Unexpected,
        };
        Self::new(code, error.to_string())
    }
}

#[cfg(feature = "app")]
impl From<KeychainError> for PageError {
    fn from(error: KeychainError) -> Self {
        let code = match error {
            KeychainError::Unavailable { .. } => Code::KeychainUnavailable,
            KeychainError::Locked { .. } => Code::KeychainLocked,
            _ => Code::KeychainFailed,
        };
        Self::new(code, error.to_string())
    }
}

impl From<ConfigError> for PageError {
    fn from(error: ConfigError) -> Self {
        Self::new(Code::InvalidApiUrl, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let error = PageError::from(EnrowError::MissingKey);
        let json = serde_json::to_value(&error).expect("serialises");
        assert_eq!(json["code"], "missing_key");
        assert!(
            json["message"]
                .as_str()
                .is_some_and(|m| m.contains("API key"))
        );
        assert_eq!(json.as_object().map(|o| o.len()), Some(2));
    }

    #[test]
    fn every_engine_code_has_its_own_app_code() {
        use enrow::ErrorCode as E;
        for code in [
            E::InvalidBatchId,
            E::MissingKey,
            E::InvalidKey,
            E::PhoneNotAllowed,
            E::InsufficientCredits,
            E::BatchNotFound,
            E::RateLimited,
            E::ServerError,
            E::Network,
            E::Timeout,
            E::UnexpectedResponse,
            E::BatchFailed,
        ] {
            assert_eq!(Code::from(code).as_str(), code.as_str());
        }
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text}"
            );
            assert_eq!(serde_json::to_value(code).expect("json"), text);
        }
    }

    /// The page knows exactly the codes Rust can send, and says each in every language.
    #[test]
    fn the_page_has_words_for_every_code() {
        let page = include_str!("../../../ui/js/errors.js");
        let start = page.find("ERROR_CODES = [").expect("the page's list");
        let list = &page[start..];
        let list = &list[..list.find("];").expect("its end")];
        let page_codes: std::collections::BTreeSet<&str> =
            list.split('\'').skip(1).step_by(2).collect();
        let rust_codes: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|code| code.as_str()).collect();
        assert_eq!(page_codes, rust_codes, "ui/js/errors.js ERROR_CODES");
        for code in Code::ALL {
            for lang in crate::words::Lang::ALL {
                let key = format!("error.{code}");
                assert!(crate::words::has(lang, &key), "{key} in {lang:?}");
            }
        }
    }

    #[cfg(feature = "app")]
    #[test]
    fn keychain_errors_have_their_codes() {
        let cases = [
            (
                KeychainError::Unavailable {
                    detail: "no D-Bus".into(),
                },
                Code::KeychainUnavailable,
            ),
            (
                KeychainError::Locked {
                    detail: "locked".into(),
                },
                Code::KeychainLocked,
            ),
            (
                KeychainError::Failed {
                    action: "store",
                    detail: "denied".into(),
                },
                Code::KeychainFailed,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(PageError::from(error).code, code);
        }
    }
}
