//! Everything the commands share, registered once with `app.manage`.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use enrow::{ApiKey, BaseUrl, ClientConfig, ConfigError, EnrowClient, RetryPolicy, WatchConfig};
use enrow_keychain::Keychain;
use fake_enrow::FakeEnrow;

use crate::error::CommandError;
use crate::jobs::Jobs;
use crate::keys::KeyStore;
use crate::library::Library;
use crate::lock::lock;

/// Saves exports into this folder under their default name, without the save dialog (which
/// WebDriver cannot drive). For end-to-end tests.
pub const EXPORT_DIR_ENV: &str = "ENROW_DESK_EXPORT_DIR";

/// How the app is set up: from the environment for people, by hand for tests.
pub struct Setup {
    pub api: Result<BaseUrl, ConfigError>,
    pub keychain: Keychain,
    pub export_dir: Option<PathBuf>,
    /// The app's data folder, when not the platform's usual one.
    pub data_dir: Option<PathBuf>,
}

impl Setup {
    pub fn from_env() -> Self {
        Self {
            api: BaseUrl::from_env(),
            keychain: Keychain::app(),
            export_dir: std::env::var_os(EXPORT_DIR_ENV).map(PathBuf::from),
            data_dir: None,
        }
    }
}

/// The two clients for one key and one Enrow address; a new key or address builds new ones.
#[derive(Clone)]
struct Clients {
    key: ApiKey,
    base: BaseUrl,
    one_off: EnrowClient,
    watching: EnrowClient,
}

/// The demo's own Enrow, on 127.0.0.1, while the demo runs.
struct Demo {
    server: FakeEnrow,
    base: BaseUrl,
}

pub struct AppState {
    /// Where Enrow is; an invalid `ENROW_API_URL` is kept as an error so that nothing is sent
    /// anywhere until it is fixed.
    api: Result<BaseUrl, ConfigError>,
    pub keys: KeyStore,
    pub jobs: Jobs,
    pub library: Arc<Library>,
    demo: Mutex<Option<Demo>>,
    /// The clients for the key and address in use: built once (loading the system's
    /// certificates takes a moment) and shared, so checks reuse Enrow's connection.
    clients: Mutex<Option<Clients>>,
    /// Files this app exported, the only ones "Show in folder" may reveal.
    exported: Mutex<HashSet<PathBuf>>,
    pub export_dir_override: Option<PathBuf>,
}

impl AppState {
    pub fn new(setup: Setup, library: Arc<Library>, jobs: Jobs) -> Self {
        if let Err(error) = &setup.api {
            log::error!("{error}");
        }
        Self {
            api: setup.api,
            keys: KeyStore::new(setup.keychain),
            jobs,
            library,
            demo: Mutex::new(None),
            clients: Mutex::new(None),
            exported: Mutex::new(HashSet::new()),
            export_dir_override: setup.export_dir,
        }
    }

    /// Enrow's address (never the demo's).
    pub fn base_url(&self) -> Result<&BaseUrl, CommandError> {
        self.api.as_ref().map_err(|error| error.clone().into())
    }

    pub fn in_demo(&self) -> bool {
        lock(&self.demo).is_some()
    }

    /// The key and the address to use now: the demo's while it runs, else the person's key
    /// and Enrow.
    pub async fn credentials(&self) -> Result<(ApiKey, BaseUrl), CommandError> {
        if let Some(base) = lock(&self.demo).as_ref().map(|demo| demo.base.clone()) {
            return Ok((ApiKey::new(fake_enrow::DEMO_KEY)?, base));
        }
        let key = self.keys.key().await?;
        Ok((key, self.base_url()?.clone()))
    }

    /// A client for one-off calls, with the engine's retries.
    pub fn client(&self, key: &ApiKey, base: &BaseUrl) -> Result<EnrowClient, CommandError> {
        Ok(self.clients_for(key, base)?.one_off)
    }

    /// A client for watching: no retries of its own, so every failed check reaches the page
    /// at once as a "retrying" event and the watcher's backoff alone paces the requests.
    pub fn watch_client(&self, key: &ApiKey, base: &BaseUrl) -> Result<EnrowClient, CommandError> {
        Ok(self.clients_for(key, base)?.watching)
    }

    fn clients_for(&self, key: &ApiKey, base: &BaseUrl) -> Result<Clients, CommandError> {
        let mut cached = lock(&self.clients);
        if let Some(clients) = cached.as_ref()
            && clients.key.expose() == key.expose()
            && clients.base == *base
        {
            return Ok(clients.clone());
        }
        let clients = Clients {
            key: key.clone(),
            base: base.clone(),
            one_off: EnrowClient::new(key, client_config(base))?,
            watching: EnrowClient::new(
                key,
                ClientConfig {
                    retry: RetryPolicy::none(),
                    ..client_config(base)
                },
            )?,
        };
        *cached = Some(clients.clone());
        Ok(clients)
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

    /// Starts the demo's server (once) and returns its address.
    pub async fn start_demo_server(&self) -> Result<(FakeEnrowRef<'_>, BaseUrl), CommandError> {
        if let Some(base) = lock(&self.demo).as_ref().map(|demo| demo.base.clone()) {
            return Ok((FakeEnrowRef(&self.demo), base));
        }
        let config = fake_enrow::FakeConfig {
            // Long enough to see progress move, short enough not to bore.
            ongoing_checks: 4,
            with_scenarios: false,
            latency: Duration::from_millis(150),
            ..fake_enrow::FakeConfig::default()
        };
        let server = FakeEnrow::start(config).await.map_err(|e| {
            CommandError::new("demo_failed", format!("The demo could not start: {e}"))
        })?;
        let base = BaseUrl::parse(&server.url())?;
        *lock(&self.demo) = Some(Demo {
            server,
            base: base.clone(),
        });
        Ok((FakeEnrowRef(&self.demo), base))
    }

    /// Stops the demo's server, if it runs.
    pub async fn stop_demo_server(&self) {
        let demo = lock(&self.demo).take();
        if let Some(demo) = demo {
            demo.server.stop().await;
        }
    }

    pub fn exported(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        lock(&self.exported)
    }
}

/// The running demo server, borrowed for one call.
pub struct FakeEnrowRef<'a>(&'a Mutex<Option<Demo>>);

impl FakeEnrowRef<'_> {
    /// Submits the demo batch; its id.
    pub fn create_demo_batch(&self) -> Result<String, CommandError> {
        let demo = lock(self.0);
        let server = &demo
            .as_ref()
            .ok_or_else(|| CommandError::new("demo_failed", "The demo stopped."))?
            .server;
        server
            .create_batch(fake_enrow::DEMO_KEY, &fake_enrow::demo::request())
            .map_err(|why| {
                CommandError::new("demo_failed", format!("The demo could not start: {why}"))
            })
    }
}

fn client_config(base: &BaseUrl) -> ClientConfig {
    ClientConfig {
        base_url: base.clone(),
        user_agent: format!("EnrowDesk/{} (desktop)", env!("CARGO_PKG_VERSION")),
        ..ClientConfig::default()
    }
}
