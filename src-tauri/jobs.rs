//! The batches open in the app. Each is a job keyed by its id and watched in Rust, so watching
//! goes on while the window is minimised and several batches can run at once. The page
//! subscribes to a job with a `Channel` and can re-subscribe at any time: the latest state is
//! replayed.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use enrow::{
    BatchId, BatchSource, EnrowClient, EnrowError, FetchedBatch, WatchConfig, WatchControl,
    WatchError, WatchEvent, Watcher,
};
use serde::Serialize;
use tauri::ipc::Channel;

use crate::error::CommandError;
use crate::library::Library;
use crate::library::history::HistoryEntry;
use crate::lock::lock;
use crate::view::BatchSummary;

/// Called when a watched batch finishes, to tell the person (a system notice).
pub type OnFinished = Arc<dyn Fn(&HistoryEntry) + Send + Sync>;

/// What the page hears about a batch. See `docs/ipc.md`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum BatchEvent {
    Checking {
        id: String,
    },
    Progress {
        id: String,
        status: String,
        finished: u64,
        requested: u64,
        checks: u32,
        next_check_in_ms: u64,
    },
    Retrying {
        id: String,
        error: CommandError,
        failures: u32,
        next_check_in_ms: u64,
    },
    Finished {
        id: String,
        summary: BatchSummary,
    },
    Error {
        id: String,
        error: CommandError,
    },
    Stopped {
        id: String,
    },
}

pub struct Jobs {
    jobs: Mutex<HashMap<BatchId, Arc<Job>>>,
    library: Arc<Library>,
    on_finished: OnFinished,
}

impl Jobs {
    pub fn new(library: Arc<Library>, on_finished: OnFinished) -> Self {
        Self {
            jobs: Mutex::new(HashMap::new()),
            library,
            on_finished,
        }
    }

    /// The job for `id`, created if this is the first time it is opened.
    pub fn get_or_create(&self, id: &BatchId) -> Arc<Job> {
        let mut jobs = lock(&self.jobs);
        Arc::clone(jobs.entry(id.clone()).or_insert_with(|| {
            Arc::new(Job {
                id: id.clone(),
                state: Mutex::new(JobState::default()),
                library: Arc::clone(&self.library),
                on_finished: Arc::clone(&self.on_finished),
            })
        }))
    }

    /// Stops and drops the job for `id`, if any.
    pub fn remove(&self, id: &str) {
        let removed = BatchId::parse_forgiving(id)
            .ok()
            .and_then(|id| lock(&self.jobs).remove(&id));
        if let Some(job) = removed {
            job.stop();
        }
    }

    /// Stops and drops every job.
    pub fn clear(&self) {
        for (_, job) in lock(&self.jobs).drain() {
            job.stop();
        }
    }

    pub fn get(&self, id: &str) -> Result<Arc<Job>, CommandError> {
        BatchId::parse_forgiving(id)
            .ok()
            .and_then(|id| lock(&self.jobs).get(&id).cloned())
            .ok_or_else(|| CommandError::unknown_batch(id))
    }

    /// Every open batch.
    pub fn all(&self) -> Vec<Arc<Job>> {
        lock(&self.jobs).values().cloned().collect()
    }
}

pub struct Job {
    pub id: BatchId,
    state: Mutex<JobState>,
    library: Arc<Library>,
    on_finished: OnFinished,
}

#[derive(Default)]
struct JobState {
    /// Present while a watch runs.
    control: Option<WatchControl>,
    subscriber: Option<Channel<BatchEvent>>,
    /// The last event worth replaying to a new subscriber.
    latest: Option<BatchEvent>,
    /// The batch once Enrow reported it completed or failed.
    fetched: Option<Arc<FetchedBatch>>,
    summary: Option<BatchSummary>,
}

impl Job {
    /// Sends this job's events to `channel` from now on, starting with its latest state.
    pub fn subscribe(&self, channel: Channel<BatchEvent>) {
        let mut state = lock(&self.state);
        if let Some(latest) = &state.latest {
            let _ = channel.send(latest.clone());
        }
        state.subscriber = Some(channel);
    }

    pub fn is_running(&self) -> bool {
        lock(&self.state).control.is_some()
    }

    /// Finished with a readable batch, so opening it again needs no new request.
    pub fn is_done(&self) -> bool {
        lock(&self.state).fetched.is_some()
    }

    pub fn fetched(&self) -> Option<Arc<FetchedBatch>> {
        lock(&self.state).fetched.clone()
    }

    pub fn summary(&self) -> Option<BatchSummary> {
        lock(&self.state).summary.clone()
    }

    /// Stops the watch at once; a `stopped` event follows.
    pub fn stop(&self) {
        if let Some(control) = &lock(&self.state).control {
            control.cancel();
        }
    }

    /// Hurries a running watch. Returns false when none runs, so the caller starts one.
    pub fn hurry(&self) -> bool {
        match &lock(&self.state).control {
            Some(control) => {
                control.check_now();
                true
            }
            None => false,
        }
    }

    /// Shows a batch read back from this computer, as if it had just finished.
    pub fn load_saved(&self, fetched: FetchedBatch, checked_at: i64) {
        let summary = BatchSummary::of(&fetched.batch, checked_at);
        {
            let mut state = lock(&self.state);
            state.fetched = Some(Arc::new(fetched));
            state.summary = Some(summary.clone());
        }
        self.emit(BatchEvent::Finished {
            id: self.id.to_string(),
            summary,
        });
    }

    /// Watches the batch until Enrow finishes it, unless a watch already runs.
    pub fn start_watch(self: &Arc<Self>, client: EnrowClient, config: WatchConfig) {
        let control = {
            let mut state = lock(&self.state);
            if state.control.is_some() {
                return;
            }
            let control = WatchControl::new();
            state.control = Some(control.clone());
            control
        };
        self.library.watching(self.id.as_str(), true);
        let job = Arc::clone(self);
        tauri::async_runtime::spawn(async move {
            let source = Announcing {
                client,
                job: Arc::clone(&job),
            };
            let watcher = Watcher::new(source, config);
            let outcome = watcher
                .watch(&job.id, &control, |event| job.on_watch_event(event))
                .await;
            job.on_watch_end(outcome);
        });
    }

    fn on_watch_event(&self, event: WatchEvent) {
        let id = self.id.to_string();
        let event = match event {
            WatchEvent::Progress(progress) => {
                let summary = BatchSummary::of_progress(&id, &progress, now_ms());
                self.library.progress(&id, &summary);
                lock(&self.state).summary = Some(summary);
                BatchEvent::Progress {
                    id,
                    status: progress.status.as_str().to_owned(),
                    finished: progress.finished,
                    requested: progress.requested,
                    checks: progress.checks,
                    next_check_in_ms: millis(progress.next_check_in),
                }
            }
            WatchEvent::Retrying {
                error,
                failures,
                next_check_in,
            } => {
                log::warn!(
                    "batch {}: check {failures} failed ({}), retrying",
                    self.id.short(),
                    error.code()
                );
                BatchEvent::Retrying {
                    id,
                    error: error.into(),
                    failures,
                    next_check_in_ms: millis(next_check_in),
                }
            }
        };
        self.emit(event);
    }

    fn on_watch_end(&self, outcome: Result<FetchedBatch, WatchError>) {
        let id = self.id.to_string();
        let event = match outcome {
            Ok(fetched) => {
                let summary = BatchSummary::of(&fetched.batch, now_ms());
                log::info!(
                    "batch {} {}: {} of {} found",
                    self.id.short(),
                    summary.status,
                    summary.found,
                    summary.requested
                );
                let entry = self.library.finished(&fetched, &summary);
                let mut state = lock(&self.state);
                state.fetched = Some(Arc::new(fetched));
                state.summary = Some(summary.clone());
                drop(state);
                if let Some(entry) = entry {
                    (self.on_finished)(&entry);
                }
                BatchEvent::Finished { id, summary }
            }
            Err(WatchError::Cancelled) => {
                self.library.watch_ended(&id, None);
                BatchEvent::Stopped { id }
            }
            Err(WatchError::Failed(error)) => {
                log::warn!(
                    "batch {}: stopped watching ({})",
                    self.id.short(),
                    error.code()
                );
                let error = CommandError::from(error);
                self.library.watch_ended(&id, Some(&error));
                BatchEvent::Error { id, error }
            }
        };
        lock(&self.state).control = None;
        self.emit(event);
    }

    fn emit(&self, event: BatchEvent) {
        let mut state = lock(&self.state);
        if !matches!(event, BatchEvent::Checking { .. }) {
            state.latest = Some(event.clone());
        }
        if let Some(subscriber) = &state.subscriber {
            // A page that went away (reloaded) re-subscribes when it opens the batch again.
            let _ = subscriber.send(event);
        }
    }
}

/// The client, announcing each check to the page before it is made.
struct Announcing {
    client: EnrowClient,
    job: Arc<Job>,
}

impl BatchSource for Announcing {
    fn fetch(&self, id: &BatchId) -> impl Future<Output = Result<FetchedBatch, EnrowError>> + Send {
        self.job.emit(BatchEvent::Checking { id: id.to_string() });
        self.client.phone_bulk(id)
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

pub fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use enrow::{ApiKey, BaseUrl, ClientConfig, RetryPolicy};
    use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
    use fake_enrow::{FakeConfig, FakeEnrow, Scenario, VALID_KEY};
    use serde_json::Value;
    use tauri::ipc::InvokeResponseBody;

    use super::*;

    struct Watched {
        _runtime: tokio::runtime::Runtime,
        _enrow: FakeEnrow,
        _folder: tempfile::TempDir,
        job: Arc<Job>,
        events: Arc<Mutex<Vec<Value>>>,
        notified: Arc<Mutex<Vec<HistoryEntry>>>,
    }

    fn recorder(events: &Arc<Mutex<Vec<Value>>>) -> Channel<BatchEvent> {
        let sink = Arc::clone(events);
        Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                lock(&sink).push(serde_json::from_str(&json).unwrap_or(Value::Null));
            }
            Ok(())
        })
    }

    /// Watches `id` on the fake with quick intervals until the watch ends.
    fn watch(id: &str) -> Watched {
        let folder = tempfile::tempdir().expect("data folder");
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let enrow = runtime
            .block_on(FakeEnrow::start(FakeConfig::default()))
            .expect("fake");
        let config = ClientConfig {
            base_url: BaseUrl::parse(&enrow.url()).expect("loopback"),
            retry: RetryPolicy::none(),
            ..ClientConfig::default()
        };
        let client =
            EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
        let library = Arc::new(Library::open(folder.path().to_path_buf()));
        library.opened(id, false);
        let notified = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&notified);
        let jobs = Jobs::new(
            library,
            Arc::new(move |entry: &HistoryEntry| lock(&sink).push(entry.clone())),
        );
        let job = jobs.get_or_create(&BatchId::parse_forgiving(id).expect("id"));
        let events = Arc::new(Mutex::new(Vec::new()));
        job.subscribe(recorder(&events));
        job.start_watch(
            client,
            WatchConfig {
                first_interval: Duration::from_millis(20),
                failure_first_delay: Duration::from_millis(20),
                ..WatchConfig::default()
            },
        );
        let started = Instant::now();
        while job.is_running() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "watch never ended"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        Watched {
            _runtime: runtime,
            _enrow: enrow,
            _folder: folder,
            job,
            events,
            notified,
        }
    }

    fn kinds(events: &Arc<Mutex<Vec<Value>>>) -> Vec<String> {
        lock(events)
            .iter()
            .map(|e| e["kind"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn a_running_batch_reports_each_check_then_finishes() {
        let watched = watch(id_of(Scenario::OngoingThenCompleted));
        assert_eq!(
            kinds(&watched.events),
            [
                "checking", "progress", "checking", "progress", "checking", "progress", "checking",
                "finished"
            ]
        );
        let events = lock(&watched.events).clone();
        assert_eq!(events[1]["requested"], 25);
        assert!(events[1]["nextCheckInMs"].as_u64().is_some());
        let finished = events.last().expect("finished");
        assert_eq!(finished["summary"]["status"], "completed");
        assert_eq!(finished["summary"]["rowCount"], 25);
        assert!(watched.job.is_done());
        assert_eq!(
            watched.job.fetched().map(|f| f.batch.results.len()),
            Some(25)
        );
    }

    #[test]
    fn an_outage_is_reported_and_ridden_out() {
        let watched = watch(id_of(Scenario::FlakyThenCompleted));
        let events = lock(&watched.events).clone();
        let retried: Vec<&str> = events
            .iter()
            .filter(|e| e["kind"] == "retrying")
            .map(|e| e["error"]["code"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(
            retried,
            ["server_error", "unexpected_response", "server_error"]
        );
        assert_eq!(
            events.last().map(|e| e["kind"].clone()),
            Some("finished".into())
        );
    }

    #[test]
    fn a_lasting_error_ends_the_watch_with_its_code() {
        let watched = watch("11111111-2222-4333-8444-555555555555");
        let events = lock(&watched.events).clone();
        assert_eq!(kinds(&watched.events), ["checking", "error"]);
        assert_eq!(events[1]["error"]["code"], "batch_not_found");
        assert!(!watched.job.is_done());
        let entry = watched
            .job
            .library
            .entry("11111111-2222-4333-8444-555555555555")
            .expect("entry");
        assert_eq!(
            entry.error.map(|e| e.code).as_deref(),
            Some("batch_not_found")
        );
        assert!(!entry.watching);
        assert!(lock(&watched.notified).is_empty(), "no notice for an error");
    }

    #[test]
    fn a_new_subscriber_gets_the_latest_state_at_once() {
        let watched = watch(DOCUMENTED_ID);
        let replayed = Arc::new(Mutex::new(Vec::new()));
        watched.job.subscribe(recorder(&replayed));
        assert_eq!(kinds(&replayed), ["finished"]);
    }
}
