//! Where the app keeps the API key: the operating system's keychain, or, where there is none
//! and the person agreed, in memory for this session only. Never in a file, never sent to the
//! page: the page learns only where it is kept and its last four characters.

use std::sync::Mutex;

use enrow::{ApiKey, EnrowError};
use enrow_keychain::{Keychain, KeychainError};
use serde::Serialize;

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
}

impl KeyStatus {
    pub fn demo(keychain_available: bool) -> Self {
        Self {
            storage: Storage::Demo,
            hint: None,
            keychain_available,
        }
    }
}

pub struct KeyStore {
    keychain: Keychain,
    /// The key in use and where it lives; `None` until first read from the keychain.
    current: Mutex<Option<(ApiKey, Storage)>>,
}

impl KeyStore {
    pub fn new(keychain: Keychain) -> Self {
        Self {
            keychain,
            current: Mutex::new(None),
        }
    }

    /// The key to call Enrow with.
    pub async fn key(&self) -> Result<ApiKey, EnrowError> {
        match self.current_or_load().await {
            Ok(Some((key, _))) => Ok(key),
            // An unreachable keychain means no key we can use; the page then asks for one.
            Ok(None) | Err(_) => Err(EnrowError::MissingKey),
        }
    }

    pub async fn status(&self) -> KeyStatus {
        let (current, keychain_available) = match self.current_or_load().await {
            Ok(current) => (current, true),
            Err(_) => (self.remembered(), false),
        };
        KeyStatus {
            storage: current
                .as_ref()
                .map_or(Storage::None, |(_, storage)| *storage),
            hint: current.map(|(key, _)| key.hint()),
            keychain_available,
        }
    }

    /// Keeps `key`, in the keychain or for this session only.
    pub async fn save(&self, key: ApiKey, session_only: bool) -> Result<Storage, KeychainError> {
        let storage = if session_only {
            Storage::Session
        } else {
            let keychain = self.keychain.clone();
            let stored = key.clone();
            blocking(move || keychain.save(&stored)).await?;
            Storage::Keychain
        };
        *self.lock() = Some((key, storage));
        Ok(storage)
    }

    /// Forgets the key, in the keychain too.
    pub async fn remove(&self) -> Result<(), KeychainError> {
        let was = self.lock().take();
        if !matches!(was, Some((_, Storage::Session))) {
            let keychain = self.keychain.clone();
            blocking(move || keychain.delete()).await?;
        }
        Ok(())
    }

    fn remembered(&self) -> Option<(ApiKey, Storage)> {
        self.lock().clone()
    }

    async fn current_or_load(&self) -> Result<Option<(ApiKey, Storage)>, KeychainError> {
        if let Some(current) = self.remembered() {
            return Ok(Some(current));
        }
        let keychain = self.keychain.clone();
        let loaded = blocking(move || keychain.load()).await?;
        let current = loaded.map(|key| (key, Storage::Keychain));
        if current.is_some() {
            *self.lock() = current.clone();
        }
        Ok(current)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(ApiKey, Storage)>> {
        crate::lock::lock(&self.current)
    }
}

/// Keychains answer over D-Bus or system calls that block; they stay off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, KeychainError> + Send + 'static,
) -> Result<T, KeychainError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| {
            Err(KeychainError::Failed {
                action: "reach",
                detail: "the keychain call stopped unexpectedly".to_owned(),
            })
        })
}
