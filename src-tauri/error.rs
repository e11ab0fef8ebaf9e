//! What a failed command tells the page: a stable code it branches on and translates, and an
//! English message as a fallback.

use enrow::EnrowError;
use enrow::export::ExportError;
use enrow_keychain::KeychainError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: &'static str,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn unknown_batch(id: &str) -> Self {
        Self::new(
            "unknown_batch",
            format!("Batch {id} is not open in this window. Paste its id again."),
        )
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for CommandError {}

impl From<EnrowError> for CommandError {
    fn from(error: EnrowError) -> Self {
        Self::new(error.code().as_str(), error.to_string())
    }
}

impl From<ExportError> for CommandError {
    fn from(error: ExportError) -> Self {
        Self::new(error.code(), error.to_string())
    }
}

impl From<KeychainError> for CommandError {
    fn from(error: KeychainError) -> Self {
        let code = match error {
            KeychainError::Unavailable { .. } => "keychain_unavailable",
            _ => "keychain_failed",
        };
        Self::new(code, error.to_string())
    }
}

impl From<enrow::ConfigError> for CommandError {
    fn from(error: enrow::ConfigError) -> Self {
        Self::new("invalid_api_url", error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let error = CommandError::from(EnrowError::MissingKey);
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
    fn keychain_errors_have_their_codes() {
        let unavailable = KeychainError::Unavailable {
            detail: "no D-Bus".into(),
        };
        assert_eq!(CommandError::from(unavailable).code, "keychain_unavailable");
        let failed = KeychainError::Failed {
            action: "store",
            detail: "denied".into(),
        };
        assert_eq!(CommandError::from(failed).code, "keychain_failed");
    }
}
