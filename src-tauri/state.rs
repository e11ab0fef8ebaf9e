//! Everything the commands share, registered once with `app.manage`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use enrow::{ApiKey, BaseUrl, ClientConfig, ConfigError, EnrowClient, RetryPolicy, WatchConfig};
use enrow_keychain::Keychain;

use crate::error::CommandError;
use crate::jobs::Jobs;
use crate::keys::KeyStore;

/// Saves exports into this folder under their default name, without the save dialog (which
/// WebDriver cannot drive). For end-to-end tests.
pub const EXPORT_DIR_ENV: &str = "ENROW_DESK_EXPORT_DIR";

pub struct AppState {
    /// Where Enrow is; an invalid `ENROW_API_URL` is kept as an error so that nothing is sent
    /// anywhere until it is fixed.
    api: Result<BaseUrl, ConfigError>,
    pub keys: KeyStore,
    pub jobs: Jobs,
    /// Files this app exported, the only ones "Show in folder" may reveal.
    pub exported: Mutex<HashSet<PathBuf>>,
    pub export_dir_override: Option<PathBuf>,
}

impl AppState {
    pub fn from_env() -> Self {
        Self::new(
            BaseUrl::from_env(),
            Keychain::app(),
            std::env::var_os(EXPORT_DIR_ENV).map(PathBuf::from),
        )
    }

    pub fn new(
        api: Result<BaseUrl, ConfigError>,
        keychain: Keychain,
        export_dir_override: Option<PathBuf>,
    ) -> Self {
        if let Err(error) = &api {
            log::error!("{error}");
        }
        Self {
            api,
            keys: KeyStore::new(keychain),
            jobs: Jobs::default(),
            exported: Mutex::new(HashSet::new()),
            export_dir_override,
        }
    }

    pub fn base_url(&self) -> Result<&BaseUrl, CommandError> {
        self.api.as_ref().map_err(|error| error.clone().into())
    }

    /// A client for one-off calls, with the engine's retries.
    pub fn client(&self, key: &ApiKey) -> Result<EnrowClient, CommandError> {
        Ok(EnrowClient::new(key, self.client_config()?)?)
    }

    /// A client for watching: no retries of its own, so every failed check reaches the page
    /// at once as a "retrying" event and the watcher's backoff alone paces the requests.
    pub fn watch_client(&self, key: &ApiKey) -> Result<EnrowClient, CommandError> {
        let config = ClientConfig {
            retry: RetryPolicy::none(),
            ..self.client_config()?
        };
        Ok(EnrowClient::new(key, config)?)
    }

    fn client_config(&self) -> Result<ClientConfig, CommandError> {
        Ok(ClientConfig {
            base_url: self.base_url()?.clone(),
            user_agent: format!("EnrowDesk/{} (desktop)", env!("CARGO_PKG_VERSION")),
            ..ClientConfig::default()
        })
    }

    /// People may leave the app watching for a long time: an outage of up to about half an hour
    /// is ridden out before giving up.
    pub fn watch_config(&self) -> WatchConfig {
        WatchConfig {
            max_consecutive_failures: 40,
            failure_max_delay: Duration::from_secs(60),
            ..WatchConfig::default()
        }
    }
}
