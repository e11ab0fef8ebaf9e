//! A faithful fake of Enrow's phone API on 127.0.0.1, for tests, benchmarks and the demo.
//!
//! It answers `GET /phone/bulk`, `GET /account/info` and `POST /phone/bulk` the way
//! `shared/enrow-api.md` documents Enrow does, errors included, and adds what a test needs:
//! ready-made [`scenarios`] under fixed ids, scripted answers, one-shot faults, the [`faults`] a
//! broken or hostile network can play (each under a fixed id too) and a log of the requests it
//! received.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let enrow = fake_enrow::FakeEnrow::start(fake_enrow::FakeConfig::default()).await?;
//! println!("ENROW_API_URL={} ENROW_API_KEY={}", enrow.url(), fake_enrow::VALID_KEY);
//! # Ok(()) }
//! ```

pub mod demo;
pub mod faults;
mod reply;
mod routes;
pub mod sample;
pub mod scenarios;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::Fault;
pub use reply::{Reply, Script};
pub use scenarios::{NamedScenario, SCENARIOS, Scenario};

/// A key with phone search and plenty of credits.
pub const VALID_KEY: &str = "fake-key-valid-0000a1b2";
/// A valid key whose plan lacks phone search.
pub const NO_PHONE_KEY: &str = "fake-key-no-phone-0000c3d4";
/// A valid key with no credits left.
pub const NO_CREDITS_KEY: &str = "fake-key-no-credits-0000e5f6";
/// The key the desktop app's demo mode uses.
pub const DEMO_KEY: &str = "fake-key-demo-00000000";

/// What an API key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProfile {
    Valid { credits: u64 },
    NoPhonePlan { credits: u64 },
}

#[derive(Debug, Clone)]
pub struct FakeConfig {
    pub keys: BTreeMap<String, KeyProfile>,
    /// How many checks a batch made with `POST /phone/bulk` stays ongoing.
    pub ongoing_checks: u32,
    /// Added before every answer, to play a slow network.
    pub latency: Duration,
    /// Serve the ready-made [`SCENARIOS`].
    pub with_scenarios: bool,
}

impl Default for FakeConfig {
    fn default() -> Self {
        let keys = [
            (VALID_KEY, KeyProfile::Valid { credits: 36_000 }),
            (DEMO_KEY, KeyProfile::Valid { credits: 12_480 }),
            (NO_PHONE_KEY, KeyProfile::NoPhonePlan { credits: 5_000 }),
            (NO_CREDITS_KEY, KeyProfile::Valid { credits: 0 }),
        ]
        .into_iter()
        .map(|(key, profile)| (key.to_owned(), profile))
        .collect();
        Self {
            keys,
            ongoing_checks: 3,
            latency: Duration::ZERO,
            with_scenarios: true,
        }
    }
}

/// The endpoints, for one-shot faults and the request log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    GetPhoneBulk,
    PostPhoneBulk,
    AccountInfo,
    /// `GET /releases/latest.json`: the fake also plays the releases page for the app's updater.
    LatestJson,
}

/// A request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub endpoint: Endpoint,
    /// The `id` query parameter, if any.
    pub id: Option<String>,
    /// The `x-api-key` header as received (this is a test fake: the key is a test key).
    pub api_key: Option<String>,
    pub user_agent: Option<String>,
}

/// A request that reached the fake's second listener, by following a
/// [`Reply::RedirectAway`]: no client of Enrow should ever send one.
#[derive(Debug, Clone)]
pub struct Redirected {
    /// The path and query it asked for, such as `/phone/bulk?id=…`.
    pub path_and_query: String,
    /// The `x-api-key` header it carried, if any.
    pub api_key: Option<String>,
}

/// The second listener, opened the first time a redirect points to it.
pub(crate) struct RedirectTarget {
    pub(crate) url: String,
    pub(crate) task: JoinHandle<()>,
}

#[derive(Debug, Default)]
struct Batches {
    scripts: HashMap<String, Script>,
    /// The key that made each `POST`ed batch; other keys cannot see it.
    owners: HashMap<String, String>,
}

pub(crate) struct Shared {
    config: FakeConfig,
    credits: Mutex<HashMap<String, u64>>,
    batches: Mutex<Batches>,
    faults: Mutex<HashMap<Endpoint, VecDeque<Reply>>>,
    requests: Mutex<Vec<Recorded>>,
    /// What `GET /releases/latest.json` answers.
    latest_json: Mutex<Reply>,
    redirect_target: tokio::sync::OnceCell<RedirectTarget>,
    redirected: Mutex<Vec<Redirected>>,
    /// Every batch `POST`ed and taken, in order.
    posted: Mutex<Vec<Posted>>,
    /// The next this many `POST`s are taken (their batch is made) but never answered.
    stalled_posts: std::sync::atomic::AtomicUsize,
    /// When each key's recent `POST`s came, for Enrow's limit of 10 a second.
    post_times: Mutex<HashMap<String, VecDeque<std::time::Instant>>>,
}

/// A batch made by `POST /phone/bulk`.
#[derive(Debug, Clone)]
pub struct Posted {
    pub id: String,
    pub api_key: String,
    pub searches: Vec<serde_json::Value>,
    pub custom: Option<serde_json::Value>,
}

/// A running fake. Stops when dropped.
pub struct FakeEnrow {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl FakeEnrow {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start(config: FakeConfig) -> std::io::Result<Self> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    pub async fn start_on(addr: SocketAddr, config: FakeConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let credits = config
            .keys
            .iter()
            .map(|(key, profile)| {
                let credits = match profile {
                    KeyProfile::Valid { credits } | KeyProfile::NoPhonePlan { credits } => *credits,
                };
                (key.clone(), credits)
            })
            .collect();
        let shared = Arc::new(Shared {
            config,
            credits: Mutex::new(credits),
            batches: Mutex::new(Batches::default()),
            faults: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            latest_json: Mutex::new(Reply::message(404, "Not found")),
            redirect_target: tokio::sync::OnceCell::new(),
            redirected: Mutex::new(Vec::new()),
            posted: Mutex::new(Vec::new()),
            stalled_posts: std::sync::atomic::AtomicUsize::new(0),
            post_times: Mutex::new(HashMap::new()),
        });
        let app = routes::router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, for `ENROW_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves `script` for batch `id`, replacing any earlier one.
    pub fn add_batch(&self, id: &str, script: Script) {
        lock(&self.shared.batches)
            .scripts
            .insert(id.to_ascii_lowercase(), script);
    }

    /// Serves a ready-made scenario under a new id.
    pub fn add_scenario(&self, id: &str, scenario: Scenario) {
        self.add_batch(id, scenario.script(id));
    }

    /// Serves `fault` for batch `id` as its fixed id does ([`Fault::script`]).
    pub fn add_fault(&self, id: &str, fault: Fault) {
        self.add_batch(id, fault.script(id));
    }

    /// The requests that followed a redirect to the fake's second listener, with the key each
    /// carried: a client that keeps its key to itself sends none.
    pub fn redirected_requests(&self) -> Vec<Redirected> {
        lock(&self.shared.redirected).clone()
    }

    /// Where [`Reply::RedirectAway`] points (`http://127.0.0.2:PORT`, or another port of
    /// 127.0.0.1 where the system has no other loopback address), once a redirect was served.
    pub fn redirect_target_url(&self) -> Option<String> {
        self.shared
            .redirect_target
            .get()
            .map(|target| target.url.clone())
    }

    /// The next request to `endpoint` gets `reply`, whatever it asks (faults queue up in order).
    pub fn push_fault(&self, endpoint: Endpoint, reply: Reply) {
        lock(&self.shared.faults)
            .entry(endpoint)
            .or_default()
            .push_back(reply);
    }

    /// Submits a batch as `POST /phone/bulk` would, without going through HTTP, and returns its
    /// id, or Enrow's error message.
    pub fn create_batch(&self, key: &str, request: &serde_json::Value) -> Result<String, String> {
        let mut headers = axum::http::HeaderMap::new();
        if let Ok(value) = axum::http::HeaderValue::from_str(key) {
            headers.insert("x-api-key", value);
        }
        let body = serde_json::to_vec(request).unwrap_or_default();
        match routes::answer_post_bulk(&self.shared, &headers, &body) {
            Reply::Body {
                status: 201, body, ..
            } => serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|created| created["id"].as_str().map(str::to_owned))
                .ok_or_else(|| "no id in the answer".to_owned()),
            Reply::Body { body, .. } => Err(String::from_utf8_lossy(&body).into_owned()),
            _ => Err("no answer".to_owned()),
        }
    }

    /// Where the app's updater finds `latest.json` on this fake.
    pub fn latest_json_url(&self) -> String {
        format!("{}{}", self.url(), routes::LATEST_JSON_PATH)
    }

    /// `GET /releases/latest.json` answers `reply` from now on.
    pub fn set_latest_json(&self, reply: Reply) {
        *lock(&self.shared.latest_json) = reply;
    }

    /// `latest.json` announces `version`, for every system the app is built for, as the release
    /// workflow writes it (the signature is only checked when installing).
    pub fn announce_version(&self, version: &str) {
        let platform = serde_json::json!({
            "signature": "not checked until installing",
            "url": "https://example.invalid/enrow-desk-update.tar.gz",
        });
        let platforms: serde_json::Map<String, serde_json::Value> = [
            "linux-x86_64",
            "linux-aarch64",
            "windows-x86_64",
            "windows-aarch64",
            "darwin-x86_64",
            "darwin-aarch64",
        ]
        .into_iter()
        .map(|target| (target.to_owned(), platform.clone()))
        .collect();
        let manifest = serde_json::json!({
            "version": version,
            "notes": "Faster exports.\nType and national format for every number.",
            "pub_date": "2026-12-01T10:00:00Z",
            "platforms": platforms,
        });
        self.set_latest_json(Reply::ok(sample::to_bytes(&manifest)));
    }

    /// Every batch made by `POST /phone/bulk` so far, in order.
    pub fn posted(&self) -> Vec<Posted> {
        lock(&self.shared.posted).clone()
    }

    /// The next `count` `POST /phone/bulk` are taken (the batch is made, the credits set
    /// aside) but their answer never comes: what a timeout after the request was sent looks
    /// like from the client.
    pub fn stall_next_posts(&self, count: usize) {
        self.shared
            .stalled_posts
            .store(count, std::sync::atomic::Ordering::SeqCst);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests).clone()
    }

    /// The requests to Enrow's own API, leaving out the updater's `latest.json`.
    pub fn api_requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests)
            .iter()
            .filter(|r| r.endpoint != Endpoint::LatestJson)
            .cloned()
            .collect()
    }

    /// How many requests reached `endpoint`.
    pub fn count(&self, endpoint: Endpoint) -> usize {
        lock(&self.shared.requests)
            .iter()
            .filter(|r| r.endpoint == endpoint)
            .count()
    }

    /// Stops serving and waits until the port is closed.
    pub async fn stop(mut self) {
        self.shut_down().await;
    }

    /// As [`FakeEnrow::stop`], keeping the value (its request log stays readable).
    pub async fn shut_down(&mut self) {
        self.shutdown();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // The second listener holds the shared state too: it goes with the first.
        if let Some(target) = self.shared.redirect_target.get() {
            target.task.abort();
        }
    }
}

impl Drop for FakeEnrow {
    fn drop(&mut self) {
        self.shutdown();
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A poisoned lock only means another request panicked; the data is still usable for a fake.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
