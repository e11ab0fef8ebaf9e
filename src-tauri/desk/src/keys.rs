//! Where the app keeps the API key: the operating system's keychain, or, where there is none
//! and the person agreed, in memory for this session only. Never in a file, never sent to the
//! page: the page learns only where it is kept and its last four characters.
//!
//! Keychains answer over D-Bus or system calls that block, and a locked one may wait for a
//! person to type a password: every call runs on a blocking thread and gives up after a while,
//! so the app never freezes on it. A keychain that cannot be read is never taken to mean "no
//! key": the person is told to unlock it instead of being asked for a key they already saved.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use enrow::{ApiKey, EnrowError};
use enrow_keychain::{Keychain, KeychainError};
use serde::Serialize;

use crate::error::{Code, PageError};
use crate::lock::lock;

/// How long a keychain call may take before the person is told. On macOS the call waits while
/// the system asks the person for their login password (it does after each update of a build
/// that is not signed with a Developer ID: the keychain sees a new program), and the app cannot
/// see that window: it waits as long as someone may take to find it and type, while the page
/// says what the window is. Elsewhere a keychain that takes this long is stuck, or waiting to
/// be unlocked, which the message says.
#[cfg(target_os = "macos")]
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(180);
#[cfg(not(target_os = "macos"))]
pub const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(20);

/// The keychain, as the key store sees it: the real one in the app, a scripted one in tests.
pub trait SecretStore: Send + Sync + 'static {
    fn load(&self) -> Result<Option<ApiKey>, KeychainError>;
    fn save(&self, key: &ApiKey) -> Result<(), KeychainError>;
    fn delete(&self) -> Result<(), KeychainError>;
}

impl SecretStore for Keychain {
    fn load(&self) -> Result<Option<ApiKey>, KeychainError> {
        Keychain::load(self)
    }

    fn save(&self, key: &ApiKey) -> Result<(), KeychainError> {
        Keychain::save(self, key)
    }

    fn delete(&self) -> Result<(), KeychainError> {
        Keychain::delete(self)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Missing(EnrowError),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error(
        "The keychain did not answer within {} seconds. It may be waiting for you to unlock it: \
         look for its window, unlock it, then try again.", .0.as_secs()
    )]
    TimedOut(Duration),
}

impl From<KeyError> for PageError {
    fn from(error: KeyError) -> Self {
        match error {
            KeyError::Missing(error) => error.into(),
            KeyError::Keychain(error) => error.into(),
            timed_out @ KeyError::TimedOut(_) => {
                PageError::new(Code::KeychainTimeout, timed_out.to_string())
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Storage {
    None,
    Keychain,
    Session,
    /// The demo runs: no key is used at all.
    Demo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyStatus {
    pub storage: Storage,
    pub hint: Option<String>,
    pub keychain_available: bool,
    /// Why the keychain could not be read (locked, not answering…), when it could not.
    pub keychain_error: Option<PageError>,
}

impl KeyStatus {
    pub fn demo(keychain_available: bool) -> Self {
        Self {
            storage: Storage::Demo,
            hint: None,
            keychain_available,
            keychain_error: None,
        }
    }
}

pub struct KeyStore {
    secrets: Arc<dyn SecretStore>,
    timeout: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The key in use and where it lives; `None` until read from the keychain.
    current: Option<(ApiKey, Storage)>,
    /// Removed in this session: not read back from the keychain (should deleting it there
    /// have failed) until a key is saved again.
    removed: bool,
}

impl KeyStore {
    pub fn new(secrets: Arc<dyn SecretStore>, timeout: Duration) -> Self {
        Self {
            secrets,
            timeout,
            state: Mutex::new(State::default()),
        }
    }

    /// The key to call Enrow with.
    pub async fn key(&self) -> Result<ApiKey, KeyError> {
        match self.current_or_load().await? {
            Some((key, _)) => Ok(key),
            None => Err(KeyError::Missing(EnrowError::MissingKey)),
        }
    }

    pub async fn status(&self) -> KeyStatus {
        let (current, keychain_error) = match self.current_or_load().await {
            Ok(current) => (current, None),
            Err(error) => (lock(&self.state).current.clone(), Some(error)),
        };
        KeyStatus {
            storage: current
                .as_ref()
                .map_or(Storage::None, |(_, storage)| *storage),
            hint: current.map(|(key, _)| key.hint()),
            keychain_available: !matches!(
                keychain_error,
                Some(KeyError::Keychain(KeychainError::Unavailable { .. }))
            ),
            keychain_error: keychain_error.map(PageError::from),
        }
    }

    /// Keeps `key`, in the keychain or for this session only.
    pub async fn save(&self, key: ApiKey, session_only: bool) -> Result<Storage, KeyError> {
        let storage = if session_only {
            Storage::Session
        } else {
            let secrets = Arc::clone(&self.secrets);
            let stored = key.clone();
            self.blocking(move || secrets.save(&stored)).await?;
            Storage::Keychain
        };
        let mut state = lock(&self.state);
        state.current = Some((key, storage));
        state.removed = false;
        Ok(storage)
    }

    /// Forgets the key at once, then in the keychain too, also when the key in use was kept
    /// for this session only: an older key the keychain holds would otherwise come back at the
    /// next start. Whatever the keychain answers, no key is used again in this session.
    pub async fn remove(&self) -> Result<(), KeyError> {
        self.forget();
        let secrets = Arc::clone(&self.secrets);
        match self.blocking(move || secrets.delete()).await {
            // No keychain at all: nothing can be in it.
            Err(KeyError::Keychain(KeychainError::Unavailable { .. })) => Ok(()),
            other => other,
        }
    }

    /// Uses no key, not even the keychain's, until one is saved: the person removed it in an
    /// earlier session (see [`crate::settings::Settings::key_removed`]).
    pub fn forget(&self) {
        let mut state = lock(&self.state);
        state.removed = true;
        state.current = None;
    }

    async fn current_or_load(&self) -> Result<Option<(ApiKey, Storage)>, KeyError> {
        {
            let state = lock(&self.state);
            if state.current.is_some() || state.removed {
                return Ok(state.current.clone());
            }
        }
        let secrets = Arc::clone(&self.secrets);
        let loaded = self.blocking(move || secrets.load()).await?;
        let mut state = lock(&self.state);
        if state.removed {
            // Removed while the keychain was being read.
            return Ok(None);
        }
        if state.current.is_none() {
            state.current = loaded.map(|key| (key, Storage::Keychain));
        }
        Ok(state.current.clone())
    }

    /// Runs a keychain call on a blocking thread, for `timeout` at most. A call that hangs
    /// keeps its thread, but the app goes on.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, KeychainError> + Send + 'static,
    ) -> Result<T, KeyError> {
        let call = tokio::task::spawn_blocking(work);
        match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok(answer)) => answer.map_err(KeyError::from),
            Ok(Err(_)) => Err(KeyError::Keychain(KeychainError::Failed {
                action: "reach",
                detail: "the keychain call stopped unexpectedly".to_owned(),
            })),
            Err(_) => Err(KeyError::TimedOut(self.timeout)),
        }
    }
}

#[cfg(test)]
pub mod testing {
    //! A keychain that does what a test tells it to.

    use std::sync::Mutex;
    use std::time::Duration;

    use enrow::ApiKey;
    use enrow_keychain::KeychainError;

    use super::SecretStore;
    use crate::lock::lock;

    #[derive(Default)]
    pub struct ScriptedKeychain {
        pub stored: Mutex<Option<String>>,
        /// Every call fails with this, when set.
        pub failure: Mutex<Option<KeychainError>>,
        /// Every call takes this long first (a keychain waiting for its password).
        pub delay: Mutex<Option<Duration>>,
        pub deletes: Mutex<u32>,
    }

    impl ScriptedKeychain {
        fn wait_and_check(&self) -> Result<(), KeychainError> {
            let delay = *lock(&self.delay);
            if let Some(delay) = delay {
                std::thread::sleep(delay);
            }
            match lock(&self.failure).clone() {
                Some(error) => Err(error),
                None => Ok(()),
            }
        }
    }

    impl SecretStore for ScriptedKeychain {
        fn load(&self) -> Result<Option<ApiKey>, KeychainError> {
            self.wait_and_check()?;
            Ok(lock(&self.stored)
                .as_deref()
                .and_then(|key| ApiKey::new(key).ok()))
        }

        fn save(&self, key: &ApiKey) -> Result<(), KeychainError> {
            self.wait_and_check()?;
            *lock(&self.stored) = Some(key.expose().to_owned());
            Ok(())
        }

        fn delete(&self) -> Result<(), KeychainError> {
            *lock(&self.deletes) += 1;
            self.wait_and_check()?;
            *lock(&self.stored) = None;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::ScriptedKeychain;
    use super::*;

    const KEY: &str = "fake-key-valid-0000a1b2";

    fn store(keychain: &Arc<ScriptedKeychain>, timeout: Duration) -> KeyStore {
        KeyStore::new(Arc::clone(keychain) as Arc<dyn SecretStore>, timeout)
    }

    #[tokio::test]
    async fn a_locked_keychain_is_not_read_as_no_key() {
        let keychain = Arc::new(ScriptedKeychain::default());
        *lock(&keychain.stored) = Some(KEY.into());
        *lock(&keychain.failure) = Some(KeychainError::Locked {
            detail: "collection is locked".into(),
        });
        let keys = store(&keychain, KEYCHAIN_TIMEOUT);
        let error = keys.key().await.expect_err("no key to use");
        assert_eq!(PageError::from(error).code, Code::KeychainLocked);
        let status = keys.status().await;
        assert_eq!(
            status.keychain_error.map(|e| e.code),
            Some(Code::KeychainLocked)
        );
        assert!(status.keychain_available, "it is there, only locked");

        // Unlocked: the saved key is found, nothing to type again.
        *lock(&keychain.failure) = None;
        assert_eq!(keys.key().await.expect("key").hint(), "…a1b2");
    }

    #[tokio::test]
    async fn a_keychain_that_hangs_times_out_with_a_message() {
        let keychain = Arc::new(ScriptedKeychain::default());
        // Longer than the timeout; short, since the runtime waits for the thread at the end.
        *lock(&keychain.delay) = Some(Duration::from_secs(2));
        let keys = store(&keychain, Duration::from_millis(50));
        let error = PageError::from(keys.key().await.expect_err("timed out"));
        assert_eq!(error.code, Code::KeychainTimeout);
        assert!(error.message.contains("unlock"), "{}", error.message);
        let status = keys.status().await;
        assert_eq!(
            status.keychain_error.map(|e| e.code),
            Some(Code::KeychainTimeout)
        );
    }

    #[tokio::test]
    async fn a_removed_key_is_not_read_back_even_if_the_keychain_kept_it() {
        let keychain = Arc::new(ScriptedKeychain::default());
        *lock(&keychain.stored) = Some(KEY.into());
        let keys = store(&keychain, KEYCHAIN_TIMEOUT);
        assert!(keys.key().await.is_ok());
        *lock(&keychain.failure) = Some(KeychainError::Failed {
            action: "remove",
            detail: "denied".into(),
        });
        assert!(keys.remove().await.is_err(), "the failure is reported");
        *lock(&keychain.failure) = None;
        assert!(
            matches!(keys.key().await, Err(KeyError::Missing(_))),
            "never used again"
        );
        assert_eq!(keys.status().await.storage, Storage::None);
        keys.save(ApiKey::new(KEY).expect("key"), true)
            .await
            .expect("saved");
        assert_eq!(keys.status().await.storage, Storage::Session);
    }

    #[tokio::test]
    async fn a_session_key_is_not_stored_but_removing_it_empties_the_keychain_too() {
        let keychain = Arc::new(ScriptedKeychain::default());
        // An older key, saved before the keychain was locked.
        *lock(&keychain.stored) = Some("fake-key-older-0000ffff".into());
        let keys = store(&keychain, KEYCHAIN_TIMEOUT);
        keys.save(ApiKey::new(KEY).expect("key"), true)
            .await
            .expect("saved");
        assert_eq!(
            lock(&keychain.stored).as_deref(),
            Some("fake-key-older-0000ffff"),
            "the session key is never written there"
        );
        keys.remove().await.expect("removed");
        assert_eq!(*lock(&keychain.deletes), 1);
        assert!(lock(&keychain.stored).is_none(), "the older key is gone");

        // Without any keychain, removing a session key is fine.
        *lock(&keychain.failure) = Some(KeychainError::Unavailable {
            detail: "no Secret Service".into(),
        });
        keys.save(ApiKey::new(KEY).expect("key"), true)
            .await
            .expect("saved");
        keys.remove().await.expect("nothing to remove there");
        assert_eq!(keys.status().await.storage, Storage::None);
    }
}
