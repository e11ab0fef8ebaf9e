//! The desktop app without its window: everything the page's commands do, so it can be tested
//! with plain tokio. The Tauri shell owns one `Desk`, calls it from thin commands, and turns its
//! errors into `{code, message}` for the page.
//!
//! Two spaces of batches are kept apart: the person's own (the history in the data folder,
//! watched with their key against Enrow), and the demo's (its own history in `demo/`, watched
//! against the built-in fake on 127.0.0.1). A batch belongs to one space for good, so nothing in
//! the demo can mark, change, check or forget a real batch, nor send its id anywhere.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use enrow::{
    AccountInfo, ApiKey, BaseUrl, BatchId, ClientConfig, ConfigError, EnrowClient, EnrowError,
    FetchedBatch, RetryPolicy, WatchConfig,
};
use fake_enrow::FakeEnrow;
use serde::Serialize;

use crate::disk::Disk;
use crate::error::{Code, PageError};
use crate::events::{Broadcast, Sink};
use crate::history::HistoryEntry;
use crate::instance::InstanceLock;
use crate::jobs::{BatchEvent, Job, Jobs, OnFinished};
use crate::keys::{KeyError, KeyStatus, KeyStore, SecretStore};
use crate::library::{HistoryEvent, Library};
use crate::lock::lock;
use crate::settings::{Language, Settings, SettingsStore};
use crate::view::{BatchSummary, Rows};
use crate::words::Lang;

/// The demo's own folder inside the data folder.
pub const DEMO_FOLDER: &str = "demo";

/// How the desk is set up: by the shell for people, by hand in tests.
pub struct DeskConfig {
    /// Where the history, the saved results and the settings live.
    pub data_dir: PathBuf,
    /// The log folder, emptied by "Clear all local data".
    pub logs_dir: Option<PathBuf>,
    /// Where Enrow is; an invalid `ENROW_API_URL` is kept as an error so that nothing is sent
    /// anywhere until it is fixed.
    pub api: Result<BaseUrl, ConfigError>,
    pub secrets: Arc<dyn SecretStore>,
    pub keychain_timeout: Duration,
    /// Where watches run.
    pub runtime: tokio::runtime::Handle,
    /// Called when a watched batch finishes (the shell shows a notice).
    pub on_finished: OnFinished,
    pub watch: WatchConfig,
    /// Added before every answer of the demo's server, so progress can be seen to move.
    pub demo_latency: Duration,
    pub user_agent: String,
}

impl DeskConfig {
    /// The watch settings for people: an outage of up to about half an hour is ridden out
    /// before giving up, since people may leave the app watching for a long time.
    pub fn patient_watch() -> WatchConfig {
        WatchConfig {
            max_consecutive_failures: 40,
            failure_max_delay: Duration::from_secs(60),
            ..WatchConfig::default()
        }
    }
}

/// One space of batches: a history and the jobs watching its batches.
pub struct Space {
    pub library: Arc<Library>,
    pub jobs: Jobs,
}

impl Space {
    fn new(library: Library, on_finished: OnFinished, runtime: tokio::runtime::Handle) -> Self {
        let library = Arc::new(library);
        Self {
            jobs: Jobs::new(Arc::clone(&library), on_finished, runtime),
            library,
        }
    }

    fn has(&self, id: &BatchId) -> bool {
        self.library.contains(id.as_str()) || self.jobs.get(id).is_some()
    }
}

/// The demo while it runs: its server, its clients and its batches.
pub(crate) struct Demo {
    space: Space,
    server: FakeEnrow,
    one_off: EnrowClient,
    watching: EnrowClient,
}

/// Which space a batch is in.
pub(crate) enum Located {
    Real,
    Demo(Arc<Demo>),
}

/// The two clients for one key and one Enrow address; a new key or address builds new ones.
#[derive(Clone)]
struct Clients {
    key: ApiKey,
    base: BaseUrl,
    /// For one-off calls, with the engine's retries.
    one_off: EnrowClient,
    /// For watching: no retries of its own, so every failed check reaches the page at once as
    /// a "retrying" event and the watcher's backoff alone paces the requests.
    watching: EnrowClient,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeySaved {
    pub status: KeyStatus,
    pub credits: Option<u64>,
}

pub struct Desk {
    api: Result<BaseUrl, ConfigError>,
    keys: KeyStore,
    data_dir: PathBuf,
    logs_dir: Option<PathBuf>,
    disk: Arc<Disk>,
    settings: SettingsStore,
    events: Arc<Broadcast<HistoryEvent>>,
    /// A batch to show once the page listens (named on the command line at start).
    pending_show: Mutex<Option<String>>,
    real: Space,
    demo: Mutex<Option<Arc<Demo>>>,
    /// One demo start at a time.
    demo_starting: tokio::sync::Mutex<()>,
    /// Built once per key and address (loading the system's certificates takes a moment) and
    /// shared, so checks reuse Enrow's connection.
    clients: Mutex<Option<Clients>>,
    /// Lists read and checked, waiting for the person's word, by their token.
    prepared_lists: Mutex<std::collections::HashMap<String, crate::lists::Prepared>>,
    /// Held while a list is sent: two sendings at once (a double click, a second window's
    /// command) could each find a part not sent yet and send it twice.
    list_sending: tokio::sync::Mutex<()>,
    /// False when another app holds the data folder: then nothing is written.
    writable: bool,
    /// Held while this app may write; let go by [`Desk::shut_down`].
    instance: Mutex<Option<InstanceLock>>,
    runtime: tokio::runtime::Handle,
    on_finished: OnFinished,
    watch: WatchConfig,
    demo_latency: Duration,
    user_agent: String,
}

impl Desk {
    /// Opens the data folder. When another Enrow Desk holds it, this one reads the history but
    /// never writes anything (see [`Desk::is_read_only`]).
    pub fn open(config: DeskConfig) -> Self {
        let instance = match InstanceLock::acquire(&config.data_dir) {
            Ok(held) => Some(held),
            Err(error) => {
                log::warn!("{error}; this window saves nothing");
                None
            }
        };
        let writable = instance.is_some();
        let disk = Arc::new(Disk::start());
        let events: Arc<Broadcast<HistoryEvent>> = Arc::new(Broadcast::default());
        let told = Arc::clone(&events);
        disk.on_trouble(Box::new(move |trouble| {
            told.send(&match trouble {
                Some((path, error)) => HistoryEvent::NotSaved {
                    error: not_saved(path, error),
                },
                None => HistoryEvent::Saved,
            });
        }));
        let library = Library::open(
            config.data_dir.clone(),
            false,
            writable,
            Arc::clone(&disk),
            Arc::clone(&events),
        );
        // The demo never outlives the app: a folder left by a crash during the demo goes.
        if writable {
            disk.remove_tree(config.data_dir.join(DEMO_FOLDER));
        }
        let real = Space::new(
            library,
            Arc::clone(&config.on_finished),
            config.runtime.clone(),
        );
        if let Err(error) = &config.api {
            log::error!("{error}");
        }
        let settings = SettingsStore::open(&config.data_dir, writable, Arc::clone(&disk));
        let keys = KeyStore::new(config.secrets, config.keychain_timeout);
        if settings.get().key_removed {
            // Removed in an earlier session: whatever the keychain still holds is not used.
            keys.forget();
        }
        Self {
            api: config.api,
            keys,
            settings,
            data_dir: config.data_dir,
            logs_dir: config.logs_dir,
            disk,
            events,
            pending_show: Mutex::new(None),
            real,
            demo: Mutex::new(None),
            demo_starting: tokio::sync::Mutex::new(()),
            clients: Mutex::new(None),
            prepared_lists: Mutex::new(std::collections::HashMap::new()),
            list_sending: tokio::sync::Mutex::new(()),
            writable,
            instance: Mutex::new(instance),
            runtime: config.runtime,
            on_finished: config.on_finished,
            watch: config.watch,
            demo_latency: config.demo_latency,
            user_agent: config.user_agent,
        }
    }

    /// Another Enrow Desk holds the data folder: this one shows it but saves nothing.
    pub fn is_read_only(&self) -> bool {
        !self.writable
    }

    /// The app is quitting: every watch stops without a word (the history still says "being
    /// watched", so they resume at the next start), every change so far reaches the disk, and
    /// the data folder is let go for the next app. Blocks: call it as the app exits.
    pub fn shut_down(&self) {
        for job in self.real.jobs.all() {
            job.stop_quietly();
        }
        if let Some(demo) = lock(&self.demo).take() {
            demo.space.jobs.clear();
        }
        self.disk.close();
        lock(&self.instance).take();
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Enrow's address (never the demo's).
    pub fn base_url(&self) -> Result<&BaseUrl, PageError> {
        self.api.as_ref().map_err(|error| error.clone().into())
    }

    pub fn in_demo(&self) -> bool {
        lock(&self.demo).is_some()
    }

    fn demo(&self) -> Option<Arc<Demo>> {
        lock(&self.demo).clone()
    }

    // ---- history -------------------------------------------------------------------------

    /// Every remembered batch, the person's and the demo's, newest first.
    pub fn entries(&self) -> Vec<HistoryEntry> {
        let mut entries = self.real.library.entries();
        if let Some(demo) = self.demo() {
            entries.extend(demo.space.library.entries());
        }
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.first_opened_at));
        entries
    }

    /// Sends every later change to `sink`; returns the list as it is now.
    pub fn subscribe_history(&self, sink: Sink<HistoryEvent>) -> Vec<HistoryEntry> {
        self.events.add(sink.clone());
        let entries = self.entries();
        if let Some(id) = lock(&self.pending_show).take() {
            sink.send(HistoryEvent::Show { id });
        }
        entries
    }

    /// Asks the page to show a batch (a notice was clicked, or a second launch named it). When
    /// no page listens yet, it is shown as soon as one does.
    pub fn show(&self, id: &str) {
        *lock(&self.pending_show) = Some(id.to_owned());
        if !self.events.is_empty() {
            lock(&self.pending_show).take();
            self.events.send(&HistoryEvent::Show { id: id.to_owned() });
        }
    }

    pub fn rename(&self, id: &str, label: &str) -> Result<HistoryEntry, PageError> {
        let id = parse_known(id)?;
        let entry = match self.locate(&id) {
            Located::Real => self.real.library.rename(id.as_str(), label)?,
            Located::Demo(demo) => demo.space.library.rename(id.as_str(), label)?,
        };
        Ok(entry)
    }

    /// Stops checking a batch and deletes what this computer keeps of it.
    pub fn forget(&self, id: &str) -> Result<(), PageError> {
        let id = parse_known(id)?;
        let space = self.locate(&id);
        let space = self.space(&space);
        space.jobs.remove(&id);
        space.library.forget(id.as_str());
        Ok(())
    }

    /// Stops every check and deletes the history, its backups, the saved results, the
    /// settings and the logs, the demo's batches too. The key stays (it is removed apart).
    pub fn clear_local_data(&self) {
        self.real.jobs.clear();
        self.real.library.clear();
        if let Some(demo) = self.demo() {
            demo.space.jobs.clear();
            demo.space.library.clear();
        }
        self.settings.clear();
        // Logs hold no keys or numbers, but they do name batches. Best effort: where the file
        // in use cannot be removed (Windows), it stays, and the failure is logged.
        if let (Some(logs), false) = (&self.logs_dir, self.is_read_only()) {
            self.disk.remove_matching(logs.clone(), "");
        }
        self.events.send(&HistoryEvent::Cleared);
        log::info!("local data cleared");
    }

    /// Waits until every change so far is on disk. Blocks: not on the UI thread.
    pub fn flush(&self) {
        self.disk.flush();
    }

    // ---- settings ------------------------------------------------------------------------

    pub fn settings(&self) -> Settings {
        self.settings.get()
    }

    /// The language of the words Rust shows (notices, dialogs).
    pub fn lang(&self) -> Lang {
        Lang::of(self.settings.get().language)
    }

    /// Saves the language. Blocks until it is on disk: not on the UI thread.
    pub fn set_language(&self, language: Language) -> Result<Settings, PageError> {
        Ok(self.settings.set(|s| s.language = language)?)
    }

    /// What closing the window does while a batch is being checked. Blocks until it is on disk.
    pub fn set_on_close(&self, on_close: crate::closing::OnClose) -> Result<Settings, PageError> {
        Ok(self.settings.set(|s| s.on_close = on_close)?)
    }

    /// Whether a batch of the person's is being checked now (the demo's do not count: they
    /// are only the demo's).
    pub fn is_watching(&self) -> bool {
        self.real.jobs.all().iter().any(|job| job.is_running())
    }

    /// What closing the window does now, on this system. When the page is to ask, it is told.
    pub fn closing(&self) -> crate::closing::Closing {
        let closing = crate::closing::when_closed(
            cfg!(target_os = "macos"),
            self.is_watching(),
            self.settings.get().on_close,
        );
        if closing == crate::closing::Closing::Ask {
            self.events.send(&HistoryEvent::CloseAsked);
        }
        closing
    }

    /// Turns the quiet daily update check on or off. Blocks until it is on disk.
    pub fn set_check_updates(&self, on: bool) -> Result<Settings, PageError> {
        Ok(self.settings.set(|s| s.check_updates = on)?)
    }

    /// Whether the quiet update check at start should look now.
    pub fn quiet_update_check_due(&self) -> bool {
        crate::updates::quiet_check_due(&self.settings.get(), crate::clock::now_ms())
    }

    /// Notes that updates were just looked for. Blocks until it is on disk.
    pub fn update_checked(&self) -> Result<Settings, PageError> {
        let now = crate::clock::now_ms();
        Ok(self.settings.set(|s| s.last_update_check = Some(now))?)
    }

    /// A file is about to be written at `path` (an export, a merged copy): remembered on disk
    /// first, so a crash in the middle is cleaned up at the next start, and its folder is
    /// where the next save dialog opens. Blocks until it is on disk: not on the UI thread.
    pub fn writing(&self, path: &Path) -> Result<Settings, PageError> {
        Ok(self.settings.set(|s| {
            s.last_export_dir = path.parent().map(Path::to_path_buf);
            s.writing.push(path.to_path_buf());
        })?)
    }

    /// The file at `path` was written, or its write failed and cleaned up after itself.
    pub fn written(&self, path: &Path) {
        let _ = self
            .settings
            .set_queued(|s| s.writing.retain(|p| p != path));
    }

    /// Removes what writes cut short by a crash left beside their files, and the leftovers
    /// of exports under their default name in `folders`; returns what it removed. Blocks: a
    /// folder may be a network share that no longer answers.
    pub fn sweep_interrupted_writes(&self, folders: &[PathBuf]) -> Vec<PathBuf> {
        if self.is_read_only() {
            return Vec::new();
        }
        let settings = self.settings.get();
        let mut removed: Vec<PathBuf> = settings
            .writing
            .iter()
            .flat_map(|path| enrow::atomic::remove_leftovers_of(path))
            .collect();
        for folder in settings.last_export_dir.iter().chain(folders) {
            removed.extend(enrow::atomic::remove_leftovers(
                folder,
                enrow::export::FILE_NAME_PREFIX,
            ));
        }
        if !settings.writing.is_empty() {
            let _ = self.settings.set_queued(|s| s.writing.clear());
        }
        removed
    }

    // ---- batches -------------------------------------------------------------------------

    /// Finds the id in what was pasted, then shows the batch: a running one is re-attached, a
    /// completed one saved on this computer is read back without asking Enrow, anything else
    /// is fetched and watched. Returns the id.
    pub async fn open_batch(
        &self,
        pasted: &str,
        sink: Sink<BatchEvent>,
    ) -> Result<BatchId, PageError> {
        let id = BatchId::parse_forgiving(pasted)?;
        let located = self.locate_for_open(&id)?;
        let space = self.space(&located);
        let job = space.jobs.get_or_create(&id);
        let entry = space.library.opened(id.as_str());
        job.subscribe(sink);
        if job.is_running() || job.is_done() {
            return Ok(id);
        }
        let saved = if entry.cached {
            let library = Arc::clone(&space.library);
            let reading = id.clone();
            tokio::task::spawn_blocking(move || library.cached(reading.as_str()))
                .await
                .map_err(|_| PageError::stopped("Reading the saved results"))?
        } else {
            None
        };
        match saved {
            Some(fetched) => job.load_saved(&fetched, entry.last_checked_at.unwrap_or_default()),
            None => self.watch(&located, &job).await?,
        }
        Ok(id)
    }

    pub fn stop_watch(&self, id: &str) -> Result<(), PageError> {
        self.job(id)?.1.stop();
        Ok(())
    }

    /// Checks at once: hurries a running watch, or starts a new one (to refresh a finished
    /// batch or retry after an error).
    pub async fn check_now(&self, id: &str) -> Result<(), PageError> {
        let (located, job) = self.job(id)?;
        if !job.hurry() {
            self.watch(&located, &job).await?;
        }
        Ok(())
    }

    pub fn summary(&self, id: &str) -> Result<BatchSummary, PageError> {
        self.job(id)?
            .1
            .summary()
            .ok_or_else(|| PageError::unknown_batch(id))
    }

    /// The finished batch, for the grid or an export. Blocks (it may read the saved results
    /// from disk): not on the UI thread.
    pub fn fetched(&self, id: &str) -> Result<Arc<FetchedBatch>, PageError> {
        self.job(id)?
            .1
            .fetched()
            .ok_or_else(|| PageError::unknown_batch(id))
    }

    /// The grid's rows. Blocks, as [`Desk::fetched`].
    pub fn rows(&self, id: &str) -> Result<Rows, PageError> {
        Ok(Rows::of(self.fetched(id)?))
    }

    /// The batch ids the shell may name in a notice: the batch is open in this app.
    pub fn is_open(&self, id: &str) -> bool {
        self.job(id).is_ok()
    }

    /// Batches still being checked when the app last closed (or crashed) are checked again, and
    /// so are those that waited for a key. Not when another app holds the data: that one checks
    /// them.
    pub async fn resume_watches(&self) {
        if self.is_read_only() {
            return;
        }
        self.adopt_sent_parts().await;
        let ids: Vec<BatchId> = self
            .real
            .library
            .entries()
            .into_iter()
            .filter(|entry| entry.watching || entry.waits_for_key())
            .filter_map(|entry| BatchId::parse_forgiving(&entry.id).ok())
            .collect();
        for id in ids {
            log::info!("resuming batch {}", id.short());
            let job = self.real.jobs.get_or_create(&id);
            if let Err(error) = self.watch(&Located::Real, &job).await {
                log::warn!("batch {} not resumed ({})", id.short(), error.code);
            }
        }
    }

    /// Starts watching `job` with the client of its space.
    async fn watch(&self, located: &Located, job: &Arc<Job>) -> Result<(), PageError> {
        match located {
            Located::Demo(demo) => {
                job.start_watch(demo.watching.clone(), self.watch.clone(), job.key_epoch());
                Ok(())
            }
            Located::Real => {
                let base = self.base_url()?.clone();
                // Read before the key: a key removed while it is fetched is not used.
                let epoch = job.key_epoch();
                match self.keys.key().await {
                    Ok(key) => {
                        let client = self.clients_for(&key, &base)?.watching;
                        if job.start_watch(client, self.watch.clone(), epoch) {
                            return Ok(());
                        }
                        let error = PageError::from(EnrowError::MissingKey);
                        job.wait_for_key(error.clone());
                        Err(error)
                    }
                    Err(KeyError::Missing(missing)) => {
                        let error = PageError::from(missing);
                        job.wait_for_key(error.clone());
                        Err(error)
                    }
                    Err(other) => Err(other.into()),
                }
            }
        }
    }

    /// The space `id` is in: the demo's when the demo made it, else the person's.
    fn locate(&self, id: &BatchId) -> Located {
        match self.demo() {
            Some(demo) if demo.space.has(id) => Located::Demo(demo),
            _ => Located::Real,
        }
    }

    /// As [`Desk::locate`], for an id being opened: during the demo, an id that is in neither
    /// space is refused before anything is sent, since the demo's server knows only its own
    /// batches and the person's key is not the demo's to use.
    fn locate_for_open(&self, id: &BatchId) -> Result<Located, PageError> {
        match self.demo() {
            Some(demo) if demo.space.has(id) => Ok(Located::Demo(demo)),
            Some(_) if !self.real.has(id) => Err(PageError::new(
                Code::DemoOnly,
                "This is the demo: it has only its sample batch. Leave the demo to open your own \
                 batches.",
            )),
            _ => Ok(Located::Real),
        }
    }

    fn space<'a>(&'a self, located: &'a Located) -> &'a Space {
        match located {
            Located::Real => &self.real,
            Located::Demo(demo) => &demo.space,
        }
    }

    pub(crate) fn job(&self, id: &str) -> Result<(Located, Arc<Job>), PageError> {
        let parsed = parse_known(id)?;
        let located = self.locate(&parsed);
        let job = self
            .space(&located)
            .jobs
            .get(&parsed)
            .ok_or_else(|| PageError::unknown_batch(id))?;
        Ok((located, job))
    }

    // ---- the key -------------------------------------------------------------------------

    pub async fn key_status(&self) -> KeyStatus {
        let status = self.keys.status().await;
        if self.in_demo() {
            KeyStatus::demo(status.keychain_available)
        } else {
            status
        }
    }

    /// Checks `key` with Enrow (free) and keeps it only if Enrow accepts it. Running watches
    /// start over with it, and those waiting for a key start.
    pub async fn save_key(&self, key: &str, session_only: bool) -> Result<KeySaved, PageError> {
        let key = ApiKey::new(key)?;
        let base = self.base_url()?.clone();
        let clients = self.clients_for(&key, &base)?;
        let account = clients.one_off.account_info().await?;
        self.keys.save(key, session_only).await?;
        if !session_only {
            // The keychain holds this key now: it is the one to use at the next start.
            self.note_key_removed(false);
        }
        log::info!(
            "API key saved ({})",
            if session_only { "session" } else { "keychain" }
        );
        for job in self.real.jobs.all() {
            job.restart(clients.watching.clone(), self.watch.clone());
        }
        Ok(KeySaved {
            status: self.key_status().await,
            credits: account.credits,
        })
    }

    /// Forgets the key, in the keychain too. Every watch that used it stops at once and says
    /// it needs a key; the clients that carried it are dropped.
    pub async fn remove_key(&self) -> Result<KeyStatus, PageError> {
        let removed = self.keys.remove().await;
        lock(&self.clients).take();
        // Should the keychain have kept it (locked, or refusing), it is still not used at the
        // next start.
        self.note_key_removed(true);
        let reason = PageError::from(EnrowError::MissingKey);
        for job in self.real.jobs.all() {
            job.stop_for_key(reason.clone());
        }
        removed?;
        log::info!("API key removed");
        Ok(self.key_status().await)
    }

    /// Notes on disk whether the key was removed (see [`Settings::key_removed`]).
    fn note_key_removed(&self, removed: bool) {
        if self.settings.get().key_removed == removed || self.is_read_only() {
            return;
        }
        if let Err(error) = self.settings.set_queued(|s| s.key_removed = removed) {
            log::error!("{error}");
        }
    }

    /// The credit balance: the person's, or the demo's while it runs.
    pub async fn account(&self) -> Result<AccountInfo, PageError> {
        if let Some(demo) = self.demo() {
            return Ok(demo.one_off.account_info().await?);
        }
        let key = self.keys.key().await?;
        let base = self.base_url()?.clone();
        Ok(self
            .clients_for(&key, &base)?
            .one_off
            .account_info()
            .await?)
    }

    fn clients_for(&self, key: &ApiKey, base: &BaseUrl) -> Result<Clients, PageError> {
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
            one_off: EnrowClient::new(key, self.client_config(base, RetryPolicy::default()))?,
            watching: EnrowClient::new(key, self.client_config(base, RetryPolicy::none()))?,
        };
        *cached = Some(clients.clone());
        Ok(clients)
    }

    fn client_config(&self, base: &BaseUrl, retry: RetryPolicy) -> ClientConfig {
        ClientConfig {
            base_url: base.clone(),
            user_agent: self.user_agent.clone(),
            retry,
            ..ClientConfig::default()
        }
    }

    // ---- lists sent from this app -------------------------------------------------------

    /// Where the lists sent from this app are kept: the person's data folder, or the demo's.
    fn list_store(&self) -> submit::Store {
        match self.demo() {
            Some(demo) => submit::Store::new(demo.space.library.folder()),
            None => submit::Store::new(&self.data_dir),
        }
    }

    /// Reads and checks the list at `path`, and says what sending it may cost against the
    /// balance, and whether it was sent before. Reads the file off the async workers.
    pub async fn preview_list(
        &self,
        path: &Path,
        sheet: Option<String>,
        columns: merge::ColumnChoice,
    ) -> Result<crate::lists::ListPreview, PageError> {
        let reading = path.to_path_buf();
        let (prepared, spreadsheet) = tokio::task::spawn_blocking(move || {
            crate::lists::prepare(&reading, sheet.as_deref(), &columns)
        })
        .await
        .map_err(|_| PageError::stopped("Reading the list"))??;
        // The balance when it can be had; the cost is said without it otherwise.
        let balance = self
            .account()
            .await
            .ok()
            .and_then(|account| account.credits);
        let store = self.list_store();
        let hash = submit::record::searches_hash(&prepared.plan.searches);
        let before =
            tokio::task::spawn_blocking(move || store.sent_before(&hash, crate::clock::now_ms()))
                .await
                .unwrap_or_default();
        let token = uuid::Uuid::new_v4().to_string();
        let preview =
            crate::lists::preview(token.clone(), &prepared, &spreadsheet, balance, &before);
        // One list is read at a time: an earlier reading (another sheet, other columns) goes,
        // so a 100,000-row list is held once.
        let mut prepared_lists = lock(&self.prepared_lists);
        prepared_lists.clear();
        prepared_lists.insert(token, prepared);
        Ok(preview)
    }

    /// Sends the list the preview `token` names: all of it, or its `first` searches; a list
    /// sent before only when the person said `again`. Each part made into a batch joins the
    /// history and is watched as any batch. Returns the list as it ends up; a part refused, not
    /// sent or unknown is the error, with the list kept to send later.
    pub async fn send_list(
        &self,
        token: &str,
        first: Option<usize>,
        again: bool,
        sink: Sink<crate::lists::ListEvent>,
    ) -> Result<crate::lists::ListView, PageError> {
        if self.is_read_only() {
            return Err(crate::library::StorageError::ReadOnly.into());
        }
        let _one_at_a_time = self.list_sending.lock().await;
        // Taken, so the same reading is sent once; put back when nothing was sent.
        let prepared = lock(&self.prepared_lists).remove(token).ok_or_else(|| {
            PageError::new(
                Code::ListNotRead,
                "Choose the list again: this reading of it is no longer held.",
            )
        })?;
        let unsent = |error: PageError| {
            lock(&self.prepared_lists).insert(token.to_owned(), prepared.clone());
            error
        };
        let plan = match first {
            Some(count) => prepared.plan.clone().first(count),
            None => prepared.plan.clone(),
        };
        let store = self.list_store();
        let hash = submit::record::searches_hash(&plan.searches);
        let checking = store.clone();
        let before = tokio::task::spawn_blocking(move || {
            checking.sent_before(&hash, crate::clock::now_ms())
        })
        .await
        .unwrap_or_default();
        if !before.is_empty() && !again {
            return Err(unsent(PageError::new(
                Code::ListSentBefore,
                "This list was sent before: sending it again may be charged again. Confirm to \
                 send it anyway.",
            )));
        }
        // The key first: without one nothing is recorded, and the same reading can be sent
        // once a key is added.
        let sender = self.list_sender().await.map_err(unsent)?;
        let mut submission = submit::Submission::new(
            &plan,
            &prepared.path,
            &prepared.file_hash,
            crate::clock::now_ms(),
        );
        self.send_parts(sender, &mut submission, &store, None, &sink)
            .await
    }

    /// Sends one part of a list again, at the person's explicit word: also a part Enrow may
    /// or may not have received (the page warned that it may be charged twice).
    pub async fn send_list_part_again(
        &self,
        id: &str,
        part: usize,
        sink: Sink<crate::lists::ListEvent>,
    ) -> Result<crate::lists::ListView, PageError> {
        if self.is_read_only() {
            return Err(crate::library::StorageError::ReadOnly.into());
        }
        // Read once the sending before it is over: a part it sent is not sent again.
        let _one_at_a_time = self.list_sending.lock().await;
        let store = self.list_store();
        let loading = store.clone();
        let wanted = id.to_owned();
        let mut submission =
            tokio::task::spawn_blocking(move || loading.load(&wanted, crate::clock::now_ms()))
                .await
                .ok()
                .flatten()
                .ok_or_else(|| {
                    PageError::new(Code::UnknownBatch, "This list is not on this computer.")
                })?;
        if part >= submission.parts.len() {
            return Err(PageError::new(
                Code::UnknownBatch,
                "This list has no such part.",
            ));
        }
        let sender = self.list_sender().await?;
        self.send_parts(sender, &mut submission, &store, Some(part), &sink)
            .await
    }

    /// The client a list is sent with (the demo's server during the demo, else Enrow with the
    /// person's key), and where its parts go in the history.
    async fn list_sender(&self) -> Result<(EnrowClient, Located), PageError> {
        Ok(match self.demo() {
            Some(demo) => (demo.one_off.clone(), Located::Demo(demo)),
            None => {
                let key = self.keys.key().await?;
                let base = self.base_url()?.clone();
                (self.clients_for(&key, &base)?.one_off, Located::Real)
            }
        })
    }

    async fn send_parts(
        &self,
        (client, located): (EnrowClient, Located),
        submission: &mut submit::Submission,
        store: &submit::Store,
        only: Option<usize>,
        sink: &Sink<crate::lists::ListEvent>,
    ) -> Result<crate::lists::ListView, PageError> {
        let labels: Vec<String> = (0..submission.parts.len())
            .map(|part| self.part_label(submission, part))
            .collect();
        let outcome = {
            let mut sent_parts = Vec::new();
            let outcome = submit::send_parts(
                submission,
                store,
                &client,
                &submit::SendConfig::default(),
                only,
                |event| {
                    if let submit::SendEvent::Sent { batch_id, part, .. } = &event {
                        // In the history at once, marked as watched: should the app stop
                        // before the parts after it are sent, the next start watches it.
                        let label = labels.get(*part).map_or("", String::as_str);
                        if let Some(id) = self.adopt_part(&located, batch_id, label) {
                            sent_parts.push(id);
                        }
                    }
                    sink.send(event);
                },
            )
            .await
            .map_err(|error| PageError::new(Code::SaveFailed, error.to_string()))?;
            // Then each part made into a batch is watched as any batch.
            for id in sent_parts {
                let job = self.space(&located).jobs.get_or_create(&id);
                if let Err(error) = self.watch(&located, &job).await {
                    log::warn!("a part of a list is not watched yet ({})", error.code);
                }
            }
            outcome
        };
        let statuses = self.batch_statuses();
        let view = crate::lists::ListView::of(submission, |id| statuses.get(id).cloned());
        match crate::lists::outcome_error(&outcome) {
            None => Ok(view),
            Some(error) => Err(error),
        }
    }

    /// A part of a list made into a batch: in the history under the list's name, marked as
    /// watched (the watch itself is started by the caller, or by the next start).
    fn adopt_part(&self, located: &Located, batch_id: &str, label: &str) -> Option<BatchId> {
        let id = BatchId::parse_forgiving(batch_id).ok()?;
        let library = &self.space(located).library;
        library.opened(id.as_str());
        if !label.is_empty() {
            let _ = library.rename(id.as_str(), label);
        }
        library.watching(id.as_str(), true);
        Some(id)
    }

    /// What the history calls part `part` of a list: "Leads.xlsx — part 2 of 3" in the app's
    /// language, or the file's name for a list of one part.
    fn part_label(&self, submission: &submit::Submission, part: usize) -> String {
        use crate::words::{Value, text};
        if submission.parts.len() <= 1 {
            return submission.file_name.clone();
        }
        text(
            self.lang(),
            "list.partName",
            &[
                ("file", Value::Text(&submission.file_name)),
                ("part", Value::Number(part as u64 + 1)),
                ("parts", Value::Number(submission.parts.len() as u64)),
            ],
        )
    }

    /// Parts of lists sent before the app stopped that are not in the history yet (it stopped
    /// between Enrow's answer and the history's note): put there, to be watched.
    async fn adopt_sent_parts(&self) {
        let store = submit::Store::new(&self.data_dir);
        let lists = tokio::task::spawn_blocking(move || store.load_all(crate::clock::now_ms()))
            .await
            .unwrap_or_default();
        for list in lists {
            for (part, batch_id) in list.batch_ids() {
                let known = BatchId::parse_forgiving(&batch_id)
                    .is_ok_and(|id| self.real.library.contains(id.as_str()));
                if !known {
                    self.adopt_part(&Located::Real, &batch_id, &self.part_label(&list, part));
                }
            }
        }
    }

    /// A list's record, and each part's batch once Enrow completed it (none for a part not
    /// sent or not finished): what its copy with numbers is made from. Blocking: reads the
    /// saved results.
    pub fn list_results(
        &self,
        id: &str,
    ) -> Result<(submit::Submission, Vec<Option<FetchedBatch>>), PageError> {
        let submission = self
            .list_store()
            .load(id, crate::clock::now_ms())
            .ok_or_else(|| {
                PageError::new(Code::UnknownBatch, "This list is not on this computer.")
            })?;
        let located = match self.demo() {
            Some(demo) => Located::Demo(demo),
            None => Located::Real,
        };
        let space = self.space(&located);
        let parts = submission
            .parts
            .iter()
            .map(|part| {
                let submit::PartState::Sent { batch_id, .. } = &part.state else {
                    return None;
                };
                let id = BatchId::parse_forgiving(batch_id).ok()?;
                // In memory when its save failed; else as saved once completed.
                let fetched = match space.jobs.get(&id).and_then(|job| job.fetched()) {
                    Some(fetched) => FetchedBatch::clone(&fetched),
                    None => space.library.cached(id.as_str())?,
                };
                (fetched.batch.general.status == enrow::BatchStatus::Completed).then_some(fetched)
            })
            .collect();
        Ok((submission, parts))
    }

    /// Each batch's status as last checked, by id (the demo's during the demo).
    fn batch_statuses(&self) -> std::collections::HashMap<String, String> {
        let space = match self.demo() {
            Some(demo) => self.space(&Located::Demo(demo)).library.entries(),
            None => self.real.library.entries(),
        };
        space
            .into_iter()
            .map(|entry| (entry.id, entry.status))
            .collect()
    }

    /// Every list sent from this app (the demo's, during the demo), oldest first. A part cut
    /// off in the middle of its request by a crash reads as unknown. Blocking: reads files.
    pub fn lists(&self) -> Vec<crate::lists::ListView> {
        let statuses = self.batch_statuses();
        self.list_store()
            .load_all(crate::clock::now_ms())
            .iter()
            .map(|list| crate::lists::ListView::of(list, |id| statuses.get(id).cloned()))
            .collect()
    }

    // ---- the demo ------------------------------------------------------------------------

    /// Starts the demo (its server on 127.0.0.1 and its own history, once) and submits its
    /// sample batch; returns the batch's id for the page to open.
    pub async fn start_demo(&self) -> Result<String, PageError> {
        let _one_at_a_time = self.demo_starting.lock().await;
        let demo = match self.demo() {
            Some(demo) => demo,
            None => {
                let demo = Arc::new(self.new_demo().await?);
                *lock(&self.demo) = Some(Arc::clone(&demo));
                demo
            }
        };
        let id = demo
            .server
            .create_batch(fake_enrow::DEMO_KEY, &fake_enrow::demo::request())
            .map_err(|why| {
                PageError::new(Code::DemoFailed, format!("The demo could not start: {why}"))
            })?;
        demo.space.library.opened(&id);
        log::info!("demo started");
        Ok(id)
    }

    async fn new_demo(&self) -> Result<Demo, PageError> {
        let config = fake_enrow::FakeConfig {
            // Long enough to see progress move, short enough not to bore.
            ongoing_checks: 4,
            with_scenarios: false,
            latency: self.demo_latency,
            ..fake_enrow::FakeConfig::default()
        };
        let server = FakeEnrow::start(config).await.map_err(|e| {
            PageError::new(Code::DemoFailed, format!("The demo could not start: {e}"))
        })?;
        let base = BaseUrl::parse(&server.url())?;
        let key = ApiKey::new(fake_enrow::DEMO_KEY)?;
        // The removal of an earlier demo's folder, queued when it was left, happens first.
        let disk = Arc::clone(&self.disk);
        tokio::task::spawn_blocking(move || disk.flush())
            .await
            .map_err(|_| PageError::stopped("Preparing the demo"))?;
        let library = Library::open(
            self.data_dir.join(DEMO_FOLDER),
            true,
            !self.is_read_only(),
            Arc::clone(&self.disk),
            Arc::clone(&self.events),
        );
        Ok(Demo {
            space: Space::new(library, Arc::clone(&self.on_finished), self.runtime.clone()),
            one_off: EnrowClient::new(&key, self.client_config(&base, RetryPolicy::default()))?,
            watching: EnrowClient::new(&key, self.client_config(&base, RetryPolicy::none()))?,
            server,
        })
    }

    /// Back to the real set-up: the demo's batches, folder and server go; nothing else.
    pub async fn leave_demo(&self) -> KeyStatus {
        let demo = lock(&self.demo).take();
        if let Some(demo) = demo {
            demo.space.jobs.clear();
            demo.space.library.remove_folder();
            match Arc::try_unwrap(demo) {
                Ok(demo) => demo.server.stop().await,
                // A call still holds it; the server stops when that call lets go.
                Err(_) => log::info!("the demo's server stops after its last call"),
            }
            log::info!("demo left");
        }
        self.key_status().await
    }
}

/// A save to the data folder that failed, in words a person can act on.
fn not_saved(path: &Path, error: &std::io::Error) -> PageError {
    let folder = enrow::atomic::folder_of(path);
    let why = match enrow::export::ExportError::from_io(error, folder) {
        enrow::export::ExportError::DiskFull { .. } => "the disk is full".to_owned(),
        enrow::export::ExportError::FileInUse => {
            "another program (an antivirus or a backup tool) holds the file".to_owned()
        }
        _ => error.to_string(),
    };
    PageError::new(
        Code::SaveFailed,
        format!(
            "Enrow Desk could not save your history or results in {} ({why}). What was saved \
             before is kept; free some space or close that program, and the next change is \
             saved again.",
            folder.display()
        ),
    )
}

/// An id the page sent back: one of ours, so anything unreadable is "not open".
fn parse_known(id: &str) -> Result<BatchId, PageError> {
    BatchId::parse_forgiving(id).map_err(|_| PageError::unknown_batch(id))
}
