//! The Enrow API key in the operating system's keychain: macOS Keychain, Windows Credential
//! Manager, or the Secret Service (GNOME Keyring, KWallet) on Linux.
//!
//! A stateless facade: each call opens the entry, so a key changed by the CLI is seen by the app
//! and the other way round. "No key stored" is `Ok(None)`, not an error. Nothing here ever
//! writes the key anywhere but the keychain, and errors never carry it.

use enrow::ApiKey;

pub mod testing;

/// The keychain entry's service name, the same for the desktop app and `enrow-batch`.
pub const SERVICE: &str = "Enrow Desk";
/// The keychain entry's account name.
pub const ACCOUNT: &str = "api-key";
/// Replaces [`SERVICE`], so tests never touch a real user's key.
pub const SERVICE_ENV: &str = "ENROW_DESK_KEYCHAIN_SERVICE";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeychainError {
    #[error(
        "This computer's keychain cannot be reached ({detail}). On Linux, install and unlock \
         GNOME Keyring or KWallet, or keep the key for this session only."
    )]
    Unavailable { detail: String },
    /// Locked, or access refused (a prompt dismissed). The key may well be in it: never read
    /// this as "no key".
    #[error(
        "This computer's keychain is locked or refused access ({detail}). Unlock it (on Linux, \
         in Passwords and Keys; on a Mac, in Keychain Access), then try again."
    )]
    Locked { detail: String },
    #[error("The keychain refused to {action} the Enrow API key ({detail}).")]
    Failed {
        action: &'static str,
        detail: String,
    },
}

/// One keychain entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keychain {
    service: String,
    account: String,
}

impl Keychain {
    /// The entry Enrow Desk and `enrow-batch` share (or the one `ENROW_DESK_KEYCHAIN_SERVICE`
    /// names).
    pub fn app() -> Self {
        let service = std::env::var(SERVICE_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| SERVICE.to_owned());
        Self::named(&service, ACCOUNT)
    }

    pub fn named(service: &str, account: &str) -> Self {
        Self {
            service: service.to_owned(),
            account: account.to_owned(),
        }
    }

    /// Whether a keychain answers at all. Reading a missing entry is the cheapest question.
    pub fn is_available(&self) -> Result<(), KeychainError> {
        self.load().map(|_| ())
    }

    /// The stored key, or `None` when there is none. Blocking: call it off the UI thread.
    pub fn load(&self) -> Result<Option<ApiKey>, KeychainError> {
        match self.entry()?.get_password() {
            Ok(text) => Ok(ApiKey::new(&text).ok()),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(describe(error, "read")),
        }
    }

    /// Stores `key`, replacing any earlier one.
    pub fn save(&self, key: &ApiKey) -> Result<(), KeychainError> {
        self.entry()?
            .set_password(key.expose())
            .map_err(|error| describe(error, "store"))
    }

    /// Removes the key. Removing a key that is not there is fine.
    pub fn delete(&self) -> Result<(), KeychainError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(describe(error, "remove")),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, &self.account).map_err(|error| describe(error, "open"))
    }
}

/// Our own words for keyring's errors: some of its variants carry the secret's bytes, so they
/// are never formatted as they are.
fn describe(error: keyring::Error, action: &'static str) -> KeychainError {
    use keyring::Error;
    match error {
        Error::NoDefaultStore => KeychainError::Unavailable {
            detail: "no keychain service is running".to_owned(),
        },
        Error::NoStorageAccess(platform) => KeychainError::Locked {
            detail: platform.to_string(),
        },
        Error::PlatformFailure(platform) => KeychainError::Failed {
            action,
            detail: platform.to_string(),
        },
        Error::BadEncoding(_) | Error::BadDataFormat(..) => KeychainError::Failed {
            action,
            detail: "the stored entry is not readable text".to_owned(),
        },
        Error::TooLong(what, limit) => KeychainError::Failed {
            action,
            detail: format!("{what} is longer than {limit}"),
        },
        Error::Ambiguous(_) => KeychainError::Failed {
            action,
            detail: "several entries match; remove the extra ones in your keychain app".to_owned(),
        },
        _ => KeychainError::Failed {
            action,
            detail: "unexpected keychain error".to_owned(),
        },
    }
}
