//! Where the CLI finds the API key: `ENROW_API_KEY`, else the keychain entry Enrow Desk saved.

use enrow::{ApiKey, EnrowError};
use enrow_keychain::Keychain;

pub const KEY_ENV: &str = "ENROW_API_KEY";

pub fn api_key() -> Result<ApiKey, EnrowError> {
    if let Ok(text) = std::env::var(KEY_ENV)
        && !text.trim().is_empty()
    {
        return ApiKey::new(&text);
    }
    // No keychain (a server without Secret Service) reads as "no key": the message for a
    // missing key already says where to put one.
    Keychain::app()
        .load()
        .ok()
        .flatten()
        .ok_or(EnrowError::MissingKey)
}
