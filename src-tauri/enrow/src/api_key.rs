//! The Enrow API key, held so that it can never be printed by accident.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::EnrowError;

/// An Enrow API key. Its `Debug` output is redacted and it has no `Display`, so it cannot end
/// up in a log line, a panic message or an error; [`ApiKey::expose`] is the single, greppable
/// way to read it (for the request header and the keychain).
#[derive(Clone)]
pub struct ApiKey(SecretString);

/// The longest key accepted. Enrow's keys are a few dozen characters; Windows Credential
/// Manager refuses secrets over 2,560 bytes with a message a person cannot act on, and a
/// paste this long is a whole page copied by mistake, refused here in words that say so.
pub const MAX_KEY_CHARS: usize = 512;

impl ApiKey {
    /// Takes a key as pasted: surrounding whitespace and quotes are dropped. An empty key is
    /// [`EnrowError::MissingKey`]; one that cannot be an HTTP header value (inner spaces, line
    /// breaks, non-ASCII) is [`EnrowError::InvalidKey`] without asking Enrow.
    pub fn new(pasted: &str) -> Result<Self, EnrowError> {
        let key = pasted.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\''));
        if key.is_empty() {
            return Err(EnrowError::MissingKey);
        }
        if key.len() > MAX_KEY_CHARS {
            return Err(EnrowError::InvalidKey {
                server_message: format!(
                    "this is {} characters long, far longer than an Enrow API key: copy only \
                     the key from the API page of your Enrow dashboard",
                    key.chars().count()
                ),
            });
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(EnrowError::InvalidKey {
                server_message: "the key contains spaces or characters that keys never have"
                    .to_owned(),
            });
        }
        Ok(Self(SecretString::from(key.to_owned())))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The last four characters, enough for people to recognise which key is set
    /// (“ending in …a1b2”) and useless to anyone else.
    pub fn hint(&self) -> String {
        let key = self.expose();
        let tail: String = key
            .chars()
            .rev()
            .take(4.min(key.len() / 4))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "f00dbabe-1234-5678-9abc-def0a1b2";

    #[test]
    fn a_paste_far_longer_than_a_key_is_refused_before_any_keychain_sees_it() {
        assert!(ApiKey::new(&"k".repeat(MAX_KEY_CHARS)).is_ok());
        let refused = ApiKey::new(&"k".repeat(2_561)).expect_err("too long");
        match refused {
            EnrowError::InvalidKey { server_message } => {
                assert!(
                    server_message.contains("2561 characters"),
                    "{server_message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::new(KEY).expect("valid");
        let debug = format!("{key:?} {:?}", Some(&key));
        assert!(!debug.contains("f00d"), "{debug}");
        assert!(!debug.contains("a1b2"), "{debug}");
    }

    #[test]
    fn hint_shows_only_the_end() {
        assert_eq!(ApiKey::new(KEY).expect("valid").hint(), "…a1b2");
        // Very short keys reveal less, never the whole key.
        assert_eq!(ApiKey::new("abc").expect("valid").hint(), "…");
    }

    #[test]
    fn pasted_keys_are_trimmed_and_checked() {
        assert_eq!(
            ApiKey::new(&format!("  \"{KEY}\"\n"))
                .expect("valid")
                .expose(),
            KEY
        );
        assert!(matches!(ApiKey::new(" \n"), Err(EnrowError::MissingKey)));
        assert!(matches!(
            ApiKey::new("abc def"),
            Err(EnrowError::InvalidKey { .. })
        ));
        assert!(matches!(
            ApiKey::new("clé"),
            Err(EnrowError::InvalidKey { .. })
        ));
    }
}
