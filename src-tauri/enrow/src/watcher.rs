//! Watching a batch until Enrow finishes it.
//!
//! The watcher checks soon after start (people want to see something move), then spaces its
//! checks out: a little while the batch makes progress, more while nothing moves. Passing trouble
//! (Enrow down, the network gone) is reported and retried rather than ending the watch, up to a
//! bound. Cancelling takes effect at once, even in the middle of a request, and "check now" cuts
//! a wait short.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::batch_id::BatchId;
use crate::client::EnrowClient;
use crate::error::EnrowError;
use crate::model::{BatchStatus, FetchedBatch};

/// Anything that can fetch a batch: the real client, or a scripted source in unit tests.
pub trait BatchSource: Send + Sync {
    fn fetch(&self, id: &BatchId) -> impl Future<Output = Result<FetchedBatch, EnrowError>> + Send;
}

impl BatchSource for EnrowClient {
    fn fetch(&self, id: &BatchId) -> impl Future<Output = Result<FetchedBatch, EnrowError>> + Send {
        self.phone_bulk(id)
    }
}

/// How often to check. The defaults cost about six requests a minute on a moving batch and two
/// on a stalled one.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The wait after the first check.
    pub first_interval: Duration,
    /// Each wait is this much longer than the one before while the batch moves…
    pub moving_growth: f64,
    /// …up to this.
    pub moving_max: Duration,
    /// Each wait grows by this while nothing moves…
    pub idle_growth: f64,
    /// …up to this.
    pub idle_max: Duration,
    /// Consecutive failed checks (after the client's own retries) before giving up.
    pub max_consecutive_failures: u32,
    /// The wait after the first failed check; doubles with each further failure…
    pub failure_first_delay: Duration,
    /// …up to this.
    pub failure_max_delay: Duration,
    /// The longest a `Retry-After` is waited for: a server asking for a day (a broken proxy, a
    /// hostile one) must not leave a batch silently unchecked until tomorrow.
    pub max_retry_after_wait: Duration,
}

impl Default for WatchConfig {
    fn default() -> Self {
        Self {
            first_interval: Duration::from_secs(2),
            moving_growth: 1.2,
            moving_max: Duration::from_secs(10),
            idle_growth: 1.5,
            idle_max: Duration::from_secs(30),
            max_consecutive_failures: 10,
            failure_first_delay: Duration::from_secs(2),
            failure_max_delay: Duration::from_secs(60),
            max_retry_after_wait: Duration::from_secs(5 * 60),
        }
    }
}

/// Stops a watch or hurries it. Clone it to hand to a button.
#[derive(Debug, Clone, Default)]
pub struct WatchControl {
    cancel: CancellationToken,
    check_now: Arc<Notify>,
}

impl WatchControl {
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the watch at once, even in the middle of a request.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Cuts the current wait short. Pressed during a request, the next wait is skipped.
    pub fn check_now(&self) {
        self.check_now.notify_one();
    }
}

/// What the watcher reports while it works.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// A check is about to be made (the first is number 1).
    Checking { check: u32 },
    /// A check found the batch still running.
    Progress(Progress),
    /// A check failed for a passing reason; the watch goes on after `next_check_in`.
    Retrying {
        error: EnrowError,
        /// Failed checks in a row, this one included.
        failures: u32,
        next_check_in: Duration,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub status: BatchStatus,
    pub finished: u64,
    pub requested: u64,
    /// How many checks have been made, this one included.
    pub checks: u32,
    pub next_check_in: Duration,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum WatchError {
    #[error("Checking was stopped.")]
    Cancelled,
    #[error(transparent)]
    Failed(#[from] EnrowError),
}

pub struct Watcher<S> {
    source: S,
    config: WatchConfig,
}

impl<S: BatchSource> Watcher<S> {
    pub fn new(source: S, config: WatchConfig) -> Self {
        Self { source, config }
    }

    /// Checks `id` until Enrow reports it completed or failed, and returns that last answer.
    /// A failed batch is returned, not turned into an error, so its partial figures can be
    /// shown; callers decide what failure means to them.
    pub async fn watch(
        &self,
        id: &BatchId,
        control: &WatchControl,
        mut on_event: impl FnMut(WatchEvent) + Send,
    ) -> Result<FetchedBatch, WatchError> {
        let config = &self.config;
        let mut interval = config.first_interval;
        let mut last_finished: Option<u64> = None;
        let mut checks = 0u32;
        let mut failures = 0u32;
        loop {
            on_event(WatchEvent::Checking { check: checks + 1 });
            let fetched = tokio::select! {
                biased;
                () = control.cancel.cancelled() => return Err(WatchError::Cancelled),
                fetched = self.source.fetch(id) => fetched,
            };
            checks += 1;
            let wait = match fetched {
                Ok(fetched) if fetched.batch.is_finished() => return Ok(fetched),
                Ok(fetched) => {
                    failures = 0;
                    let (finished, requested) = fetched.batch.progress().unwrap_or((0, 0));
                    let moved = last_finished.is_some_and(|before| finished > before);
                    if checks > 1 {
                        interval = if moved {
                            grow(interval, config.moving_growth, config.moving_max)
                        } else {
                            grow(interval, config.idle_growth, config.idle_max)
                        };
                    }
                    last_finished = Some(finished);
                    on_event(WatchEvent::Progress(Progress {
                        status: fetched.batch.status().clone(),
                        finished,
                        requested,
                        checks,
                        next_check_in: interval,
                    }));
                    interval
                }
                Err(error)
                    if error.is_transient() && failures < config.max_consecutive_failures =>
                {
                    failures += 1;
                    let backoff = grow(
                        config.failure_first_delay,
                        2f64.powi(failures.saturating_sub(1) as i32),
                        config.failure_max_delay,
                    );
                    let wait = error.retry_after().map_or(backoff, |asked| {
                        asked.min(config.max_retry_after_wait).max(backoff)
                    });
                    on_event(WatchEvent::Retrying {
                        error,
                        failures,
                        next_check_in: wait,
                    });
                    wait
                }
                Err(error) => return Err(error.into()),
            };
            tokio::select! {
                biased;
                () = control.cancel.cancelled() => return Err(WatchError::Cancelled),
                () = control.check_now.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

fn grow(interval: Duration, factor: f64, max: Duration) -> Duration {
    interval.mul_f64(factor).min(max)
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use tokio::time::Instant;

    use super::*;
    use crate::model::Batch;

    /// Answers from a script, and notes when each fetch happened on tokio's (paused) clock.
    struct Scripted {
        answers: Mutex<VecDeque<Result<FetchedBatch, EnrowError>>>,
        fetched_at: Mutex<Vec<Instant>>,
    }

    impl Scripted {
        fn new(answers: Vec<Result<FetchedBatch, EnrowError>>) -> Self {
            Self {
                answers: Mutex::new(answers.into()),
                fetched_at: Mutex::new(Vec::new()),
            }
        }

        fn gaps(&self, start: Instant) -> Vec<u64> {
            let times = self.fetched_at.lock().expect("lock");
            let mut previous = start;
            times
                .iter()
                .map(|t| {
                    let gap = t.duration_since(previous).as_millis() as u64;
                    previous = *t;
                    gap
                })
                .collect()
        }
    }

    impl BatchSource for Scripted {
        async fn fetch(&self, _id: &BatchId) -> Result<FetchedBatch, EnrowError> {
            self.fetched_at.lock().expect("lock").push(Instant::now());
            let next = self.answers.lock().expect("lock").pop_front();
            next.unwrap_or_else(|| Ok(batch("ongoing", 0, 10)))
        }
    }

    fn batch(status: &str, finished: u64, requested: u64) -> FetchedBatch {
        let json = format!(
            r#"{{"general":{{"id":"e3b61122-d6a6-4ea7-b331-9b734682a76a","status":"{status}"}},
            "stats":{{"requested":{requested},"finished":{finished}}}}}"#
        );
        FetchedBatch {
            batch: Batch::from_json(json.as_bytes()).expect("valid"),
            raw: json.into(),
        }
    }

    fn id() -> BatchId {
        BatchId::parse_forgiving("e3b61122-d6a6-4ea7-b331-9b734682a76a").expect("valid")
    }

    fn config() -> WatchConfig {
        WatchConfig::default()
    }

    fn server_error() -> EnrowError {
        EnrowError::ServerError {
            status: 500,
            body_start: String::new(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn returns_the_completed_batch_and_reports_progress() {
        let source = Scripted::new(vec![
            Ok(batch("ongoing", 1, 10)),
            Ok(batch("ongoing", 5, 10)),
            Ok(batch("completed", 10, 10)),
        ]);
        let watcher = Watcher::new(source, config());
        let mut events = Vec::new();
        let done = watcher
            .watch(&id(), &WatchControl::new(), |event| events.push(event))
            .await
            .expect("completes");
        assert_eq!(done.batch.status(), &BatchStatus::Completed);
        let progress: Vec<(u64, u64, u32)> = events
            .iter()
            .filter_map(|event| match event {
                WatchEvent::Progress(p) => Some((p.finished, p.requested, p.checks)),
                WatchEvent::Checking { .. } => None,
                WatchEvent::Retrying { .. } => panic!("no failure expected"),
            })
            .collect();
        assert_eq!(progress, vec![(1, 10, 1), (5, 10, 2)]);
        let checks: Vec<u32> = events
            .iter()
            .filter_map(|event| match event {
                WatchEvent::Checking { check } => Some(*check),
                _ => None,
            })
            .collect();
        assert_eq!(
            checks,
            [1, 2, 3],
            "each check is announced before it is made"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn backs_off_from_two_to_thirty_seconds_while_nothing_moves() {
        let source = Scripted::new(Vec::new()); // ongoing, 0 of 10, forever
        let watcher = Watcher::new(source, config());
        let control = WatchControl::new();
        let start = Instant::now();
        let id = id();
        let watch = watcher.watch(&id, &control, |_| {});
        let _ = tokio::time::timeout(Duration::from_secs(600), watch).await;
        let gaps = watcher.source.gaps(start);
        assert_eq!(gaps[0], 0, "first check at once");
        assert_eq!(gaps[1], 2000, "then after about 2 s");
        assert!(
            gaps.windows(2).skip(1).all(|w| w[1] >= w[0]),
            "never shorter: {gaps:?}"
        );
        assert_eq!(
            *gaps.iter().max().expect("gaps"),
            30_000,
            "capped at 30 s: {gaps:?}"
        );
        // Ten minutes of a stalled batch cost few requests.
        assert!(gaps.len() < 35, "{} checks in 10 minutes", gaps.len());
    }

    #[tokio::test(start_paused = true)]
    async fn a_moving_batch_is_checked_more_often_than_a_stalled_one() {
        let moving: Vec<_> = (1..=200).map(|n| Ok(batch("ongoing", n, 1000))).collect();
        let source = Scripted::new(moving);
        let watcher = Watcher::new(source, config());
        let start = Instant::now();
        let (id, control) = (id(), WatchControl::new());
        let watch = watcher.watch(&id, &control, |_| {});
        let _ = tokio::time::timeout(Duration::from_secs(600), watch).await;
        let gaps = watcher.source.gaps(start);
        assert_eq!(*gaps.iter().max().expect("gaps"), 10_000, "{gaps:?}");
        assert!(gaps.len() > 55, "{} checks in 10 minutes", gaps.len());
    }

    #[tokio::test(start_paused = true)]
    async fn passing_failures_are_reported_and_retried() {
        let source = Scripted::new(vec![
            Ok(batch("ongoing", 1, 2)),
            Err(server_error()),
            Err(EnrowError::Network {
                detail: "gone".into(),
            }),
            Err(EnrowError::RateLimited {
                retry_after: Some(Duration::from_secs(45)),
            }),
            Ok(batch("completed", 2, 2)),
        ]);
        let watcher = Watcher::new(source, config());
        let mut retries = Vec::new();
        let start = Instant::now();
        let done = watcher
            .watch(&id(), &WatchControl::new(), |event| {
                if let WatchEvent::Retrying {
                    error,
                    failures,
                    next_check_in,
                } = event
                {
                    retries.push((error.code().as_str(), failures, next_check_in.as_secs()));
                }
            })
            .await
            .expect("recovers");
        assert_eq!(done.batch.status(), &BatchStatus::Completed);
        assert_eq!(
            retries,
            vec![
                ("server_error", 1, 2),
                ("network", 2, 4),
                ("rate_limited", 3, 45)
            ]
        );
        let gaps = watcher.source.gaps(start);
        assert_eq!(gaps, vec![0, 2000, 2000, 4000, 45_000]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_of_a_day_is_waited_for_five_minutes_at_most() {
        let source = Scripted::new(vec![
            Err(EnrowError::RateLimited {
                retry_after: Some(Duration::from_secs(24 * 60 * 60)),
            }),
            Ok(batch("completed", 2, 2)),
        ]);
        let watcher = Watcher::new(source, config());
        let start = Instant::now();
        let mut announced = Vec::new();
        watcher
            .watch(&id(), &WatchControl::new(), |event| {
                if let WatchEvent::Retrying { next_check_in, .. } = event {
                    announced.push(next_check_in.as_secs());
                }
            })
            .await
            .expect("recovers");
        assert_eq!(announced, [300], "the person is told the real wait");
        assert_eq!(watcher.source.gaps(start), vec![0, 300_000]);
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_the_bound() {
        let failing: Vec<_> = (0..20).map(|_| Err(server_error())).collect();
        let watcher = Watcher::new(
            Scripted::new(failing),
            WatchConfig {
                max_consecutive_failures: 3,
                ..config()
            },
        );
        let mut reported = 0;
        let outcome = watcher
            .watch(&id(), &WatchControl::new(), |event| {
                if matches!(event, WatchEvent::Retrying { .. }) {
                    reported += 1;
                }
            })
            .await;
        assert!(matches!(
            outcome,
            Err(WatchError::Failed(EnrowError::ServerError { .. }))
        ));
        assert_eq!(reported, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn lasting_errors_end_the_watch_at_once() {
        let watcher = Watcher::new(
            Scripted::new(vec![Err(EnrowError::InvalidKey {
                server_message: String::new(),
            })]),
            config(),
        );
        let outcome = watcher.watch(&id(), &WatchControl::new(), |_| {}).await;
        assert!(matches!(
            outcome,
            Err(WatchError::Failed(EnrowError::InvalidKey { .. }))
        ));
        assert_eq!(watcher.source.fetched_at.lock().expect("lock").len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_batch_ends_the_watch_and_is_returned() {
        let watcher = Watcher::new(Scripted::new(vec![Ok(batch("failed", 3, 10))]), config());
        let done = watcher
            .watch(&id(), &WatchControl::new(), |_| {})
            .await
            .expect("returned");
        assert_eq!(done.batch.status(), &BatchStatus::Failed);
    }

    #[tokio::test(start_paused = true)]
    async fn an_unknown_status_keeps_the_watch_going() {
        let watcher = Watcher::new(
            Scripted::new(vec![
                Ok(batch("queued", 0, 4)),
                Ok(batch("completed", 4, 4)),
            ]),
            config(),
        );
        let done = watcher
            .watch(&id(), &WatchControl::new(), |_| {})
            .await
            .expect("completes");
        assert_eq!(done.batch.status(), &BatchStatus::Completed);
    }

    #[tokio::test(start_paused = true)]
    async fn cancel_stops_at_once_even_during_a_wait() {
        let watcher = Arc::new(Watcher::new(Scripted::new(Vec::new()), config()));
        let control = WatchControl::new();
        let task = {
            let (watcher, control) = (Arc::clone(&watcher), control.clone());
            tokio::spawn(async move { watcher.watch(&id(), &control, |_| {}).await })
        };
        tokio::time::sleep(Duration::from_millis(500)).await;
        let cancelled_at = Instant::now();
        control.cancel();
        let outcome = task.await.expect("task");
        assert!(matches!(outcome, Err(WatchError::Cancelled)));
        assert_eq!(Instant::now(), cancelled_at, "no time passed");
        assert_eq!(watcher.source.fetched_at.lock().expect("lock").len(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn check_now_cuts_the_wait_short() {
        let watcher = Arc::new(Watcher::new(Scripted::new(Vec::new()), config()));
        let control = WatchControl::new();
        let start = Instant::now();
        let task = {
            let (watcher, control) = (Arc::clone(&watcher), control.clone());
            tokio::spawn(async move { watcher.watch(&id(), &control, |_| {}).await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        control.check_now();
        tokio::time::sleep(Duration::from_millis(1)).await;
        control.cancel();
        let _ = task.await;
        assert_eq!(watcher.source.gaps(start), vec![0, 300]);
    }
}
