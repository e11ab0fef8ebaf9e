//! The batches open in the app. Each is a job keyed by its id and watched on the async
//! runtime, so watching goes on while the window is minimised and several batches can run at
//! once. The page subscribes to a job and can re-subscribe at any time: the latest state is
//! replayed.
//!
//! A finished batch's rows are held in memory only until its results are on disk; after that
//! they are read back from disk when the page or an export asks, so batches that are not on
//! screen cost no memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use enrow::{
    BatchId, EnrowClient, FetchedBatch, WatchConfig, WatchControl, WatchError, WatchEvent, Watcher,
};
use serde::Serialize;

use crate::clock::now_ms;
use crate::error::PageError;
use crate::events::Sink;
use crate::history::HistoryEntry;
use crate::library::Library;
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
        error: PageError,
        failures: u32,
        next_check_in_ms: u64,
    },
    Finished {
        id: String,
        summary: BatchSummary,
        /// Enrow's new answer held fewer numbers than the results saved on this computer
        /// (or none at all): the saved ones are kept and shown instead.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        kept_saved: bool,
    },
    Error {
        id: String,
        error: PageError,
    },
    Stopped {
        id: String,
    },
}

pub struct Jobs {
    jobs: Mutex<HashMap<BatchId, Arc<Job>>>,
    library: Arc<Library>,
    on_finished: OnFinished,
    runtime: tokio::runtime::Handle,
}

impl Jobs {
    pub fn new(
        library: Arc<Library>,
        on_finished: OnFinished,
        runtime: tokio::runtime::Handle,
    ) -> Self {
        Self {
            jobs: Mutex::new(HashMap::new()),
            library,
            on_finished,
            runtime,
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
                runtime: self.runtime.clone(),
            })
        }))
    }

    pub fn get(&self, id: &BatchId) -> Option<Arc<Job>> {
        lock(&self.jobs).get(id).cloned()
    }

    /// Stops and drops the job for `id`, if any.
    pub fn remove(&self, id: &BatchId) {
        let removed = lock(&self.jobs).remove(id);
        if let Some(job) = removed {
            job.stop();
        }
    }

    /// Stops and drops every job.
    pub fn clear(&self) {
        let drained: Vec<Arc<Job>> = lock(&self.jobs).drain().map(|(_, job)| job).collect();
        for job in drained {
            job.stop();
        }
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
    runtime: tokio::runtime::Handle,
}

/// What happens when a watch ends because it was cancelled.
#[derive(Default)]
enum AfterCancel {
    /// The person stopped it: say "stopped".
    #[default]
    Report,
    /// The key was removed: say that a key is needed, and wait for one.
    NeedKey(PageError),
    /// The app is closing: nothing is said or recorded, so the batch is still "being watched"
    /// in the history and is checked again at the next start.
    Quiet,
    /// The key was replaced: watch again at once with the new client, unless the key was
    /// removed since (the key epoch it was asked in is no longer the job's).
    Restart(Box<(EnrowClient, WatchConfig, u64)>),
}

#[derive(Default)]
struct JobState {
    /// Present while a watch runs.
    control: Option<WatchControl>,
    after_cancel: AfterCancel,
    /// Stopped for want of a key; watched again once one is saved.
    needs_key: bool,
    /// How many times the key was removed while this job was open. A watch is only started
    /// with a client made for the epoch it still is: a key removed in between is never sent.
    key_epoch: u64,
    subscriber: Option<Sink<BatchEvent>>,
    /// The last event worth replaying to a new subscriber.
    latest: Option<BatchEvent>,
    /// Enrow reported the batch completed or failed.
    finished: bool,
    /// The finished batch, until its results are safely on disk.
    unsaved: Option<Arc<FetchedBatch>>,
    summary: Option<BatchSummary>,
}

impl Job {
    /// Sends this job's events to `sink` from now on, starting with its latest state.
    pub fn subscribe(&self, sink: Sink<BatchEvent>) {
        let mut state = lock(&self.state);
        if let Some(latest) = &state.latest {
            sink.send(latest.clone());
        }
        state.subscriber = Some(sink);
    }

    pub fn is_running(&self) -> bool {
        lock(&self.state).control.is_some()
    }

    /// Finished with a readable batch, so opening it again needs no new request.
    pub fn is_done(&self) -> bool {
        lock(&self.state).finished
    }

    pub fn needs_key(&self) -> bool {
        lock(&self.state).needs_key
    }

    /// The finished batch: from memory while its results are being saved, else read back from
    /// disk. Blocks: not on the UI thread.
    pub fn fetched(&self) -> Option<Arc<FetchedBatch>> {
        let unsaved = {
            let state = lock(&self.state);
            if !state.finished {
                return None;
            }
            state.unsaved.clone()
        };
        unsaved.or_else(|| self.library.cached(self.id.as_str()).map(Arc::new))
    }

    /// Whether the rows are held in memory (for tests of what memory the app keeps).
    pub fn holds_rows(&self) -> bool {
        lock(&self.state).unsaved.is_some()
    }

    pub fn summary(&self) -> Option<BatchSummary> {
        lock(&self.state).summary.clone()
    }

    /// Stops the watch at once; a `stopped` event follows.
    pub fn stop(&self) {
        let mut state = lock(&self.state);
        state.needs_key = false;
        state.after_cancel = AfterCancel::Report;
        if let Some(control) = &state.control {
            control.cancel();
        }
    }

    /// Stops a running watch without a word, as quitting the app would.
    pub fn stop_quietly(&self) {
        let mut state = lock(&self.state);
        if let Some(control) = &state.control {
            control.cancel();
            state.after_cancel = AfterCancel::Quiet;
        }
    }

    /// The key went away: a running watch stops at once and says that it needs a key, and no
    /// watch asked for with the old key starts any more. Returns whether one was running.
    pub fn stop_for_key(&self, reason: PageError) -> bool {
        let mut state = lock(&self.state);
        state.key_epoch += 1;
        match &state.control {
            Some(control) => {
                control.cancel();
                state.after_cancel = AfterCancel::NeedKey(reason);
                true
            }
            None => false,
        }
    }

    /// Could not start for want of a key: says so, and waits for one.
    pub fn wait_for_key(&self, reason: PageError) {
        lock(&self.state).needs_key = true;
        self.library.waiting_for_key(self.id.as_str(), &reason);
        self.emit(BatchEvent::Error {
            id: self.id.to_string(),
            error: reason,
        });
    }

    /// The key epoch now: read before a key is fetched, and handed to [`Job::start_watch`].
    pub fn key_epoch(&self) -> u64 {
        lock(&self.state).key_epoch
    }

    /// A new key: a running watch starts over with `client`, and one waiting for a key starts.
    pub fn restart(self: &Arc<Self>, client: EnrowClient, config: WatchConfig) {
        let waiting = {
            let mut state = lock(&self.state);
            let epoch = state.key_epoch;
            match &state.control {
                Some(control) => {
                    control.cancel();
                    state.after_cancel =
                        AfterCancel::Restart(Box::new((client.clone(), config.clone(), epoch)));
                    None
                }
                None => state.needs_key.then_some(epoch),
            }
        };
        if let Some(epoch) = waiting {
            self.start_watch(client, config, epoch);
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

    /// Shows a batch read back from this computer, as if it had just finished. The rows stay
    /// on disk.
    pub fn load_saved(&self, fetched: &FetchedBatch, checked_at: i64) {
        let summary = BatchSummary::of(&fetched.batch, checked_at);
        {
            let mut state = lock(&self.state);
            state.finished = true;
            state.summary = Some(summary.clone());
        }
        self.emit(BatchEvent::Finished {
            id: self.id.to_string(),
            summary,
            kept_saved: false,
        });
    }

    /// Watches the batch until Enrow finishes it, unless a watch already runs, or the key
    /// `client` carries was removed since `key_epoch` (see [`Job::key_epoch`]): then it
    /// waits for a key, and false is returned.
    pub fn start_watch(
        self: &Arc<Self>,
        client: EnrowClient,
        config: WatchConfig,
        key_epoch: u64,
    ) -> bool {
        let control = {
            let mut state = lock(&self.state);
            if state.key_epoch != key_epoch {
                state.needs_key = true;
                return false;
            }
            if state.control.is_some() {
                return true;
            }
            let control = WatchControl::new();
            state.control = Some(control.clone());
            state.needs_key = false;
            state.after_cancel = AfterCancel::Report;
            control
        };
        self.library.watching(self.id.as_str(), true);
        let job = Arc::clone(self);
        self.runtime.spawn(async move {
            let watcher = Watcher::new(client, config);
            let outcome = watcher
                .watch(&job.id, &control, |event| job.on_watch_event(event))
                .await;
            job.on_watch_end(outcome);
        });
        true
    }

    fn on_watch_event(&self, event: WatchEvent) {
        let id = self.id.to_string();
        let event = match event {
            WatchEvent::Checking { .. } => BatchEvent::Checking { id },
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

    fn on_watch_end(self: &Arc<Self>, outcome: Result<FetchedBatch, WatchError>) {
        let id = self.id.to_string();
        let after_cancel = {
            let mut state = lock(&self.state);
            state.control = None;
            std::mem::take(&mut state.after_cancel)
        };
        let event = match outcome {
            Ok(fetched) => self.finished(fetched),
            Err(WatchError::Cancelled) => match after_cancel {
                AfterCancel::Report => {
                    self.library.watch_ended(&id, None);
                    BatchEvent::Stopped { id }
                }
                AfterCancel::NeedKey(reason) => {
                    lock(&self.state).needs_key = true;
                    self.library.waiting_for_key(&id, &reason);
                    BatchEvent::Error { id, error: reason }
                }
                AfterCancel::Quiet => return,
                AfterCancel::Restart(restart) => {
                    let (client, config, epoch) = *restart;
                    if self.start_watch(client, config, epoch) {
                        return;
                    }
                    // The key was removed while this watch ended: it waits for a key.
                    let reason = PageError::from(enrow::EnrowError::MissingKey);
                    self.library.waiting_for_key(&id, &reason);
                    BatchEvent::Error { id, error: reason }
                }
            },
            Err(WatchError::Failed(error)) => {
                log::warn!(
                    "batch {}: stopped watching ({})",
                    self.id.short(),
                    error.code()
                );
                let error = PageError::from(error);
                self.library.watch_ended(&id, Some(&error));
                BatchEvent::Error { id, error }
            }
        };
        self.emit(event);
    }

    fn finished(self: &Arc<Self>, fetched: FetchedBatch) -> BatchEvent {
        let (fetched, kept_saved) = self.richer_of(fetched);
        let summary = BatchSummary::of(&fetched.batch, now_ms());
        log::info!(
            "batch {} {}: {} of {} found",
            self.id.short(),
            summary.status,
            summary.found,
            summary.requested
        );
        let fetched = Arc::new(fetched);
        {
            let mut state = lock(&self.state);
            state.finished = true;
            state.unsaved = Some(Arc::clone(&fetched));
            state.summary = Some(summary.clone());
        }
        // Once the results are on disk, the rows leave memory.
        let job: Weak<Job> = Arc::downgrade(self);
        let on_saved = Box::new(move |saved: &std::io::Result<()>| {
            if saved.is_ok()
                && let Some(job) = job.upgrade()
            {
                lock(&job.state).unsaved = None;
            }
        });
        if let Some(entry) = self.library.finished(&fetched, &summary, on_saved) {
            (self.on_finished)(&entry);
        }
        BatchEvent::Finished {
            id: self.id.to_string(),
            summary,
            kept_saved,
        }
    }

    /// The answer to keep: Enrow's new one, unless the results saved on this computer hold more
    /// numbers (a refresh that came back failed, emptied or shorter must not lose numbers that
    /// were paid for); then the saved ones, and true.
    fn richer_of(&self, fetched: FetchedBatch) -> (FetchedBatch, bool) {
        let Some(entry) = self
            .library
            .entry(self.id.as_str())
            .filter(|entry| entry.cached)
        else {
            return (fetched, false);
        };
        // The rows that hold a number, counted: not the figure an answer claims for itself.
        let found_now = fetched
            .batch
            .results
            .iter()
            .filter(|r| r.is_found())
            .count() as u64;
        let saved_found = entry.found.unwrap_or(0);
        // A completed batch does not fail later: such an answer is not Enrow's last word.
        let undone =
            entry.status == "completed" && *fetched.batch.status() != enrow::BatchStatus::Completed;
        if found_now >= saved_found && !undone {
            return (fetched, false);
        }
        match self.library.cached(self.id.as_str()) {
            Some(saved) => {
                log::warn!(
                    "batch {}: Enrow now answers {found_now} numbers, {saved_found} are saved; \
                     the saved ones are kept",
                    self.id.short()
                );
                (saved, true)
            }
            // The saved copy is gone or damaged: the new answer is all there is.
            None => (fetched, false),
        }
    }

    fn emit(&self, event: BatchEvent) {
        let mut state = lock(&self.state);
        if !matches!(event, BatchEvent::Checking { .. }) {
            state.latest = Some(event.clone());
        }
        if let Some(subscriber) = &state.subscriber {
            // A page that went away (reloaded) re-subscribes when it opens the batch again.
            subscriber.send(event);
        }
    }
}

fn millis(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
