//! The watcher over real HTTP, with short intervals (the timing rules themselves are tested
//! on tokio's paused clock in the unit tests).

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use enrow::{
    ApiKey, BaseUrl, BatchId, BatchStatus, ClientConfig, EnrowClient, ErrorCode, RetryPolicy,
    WatchConfig, WatchControl, WatchError, WatchEvent, Watcher,
};
use fake_enrow::scenarios::id_of;
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, Reply, Scenario, VALID_KEY};

fn fast() -> WatchConfig {
    WatchConfig {
        first_interval: Duration::from_millis(20),
        moving_max: Duration::from_millis(40),
        idle_max: Duration::from_millis(60),
        failure_first_delay: Duration::from_millis(20),
        failure_max_delay: Duration::from_millis(50),
        max_consecutive_failures: 4,
        ..WatchConfig::default()
    }
}

fn client(enrow: &FakeEnrow) -> EnrowClient {
    client_with_key(enrow, VALID_KEY)
}

fn client_with_key(enrow: &FakeEnrow, key: &str) -> EnrowClient {
    let config = ClientConfig {
        base_url: BaseUrl::parse(&enrow.url()).expect("loopback"),
        retry: RetryPolicy::none(),
        ..ClientConfig::default()
    };
    EnrowClient::new(&ApiKey::new(key).expect("key"), config).expect("client")
}

fn id(scenario: Scenario) -> BatchId {
    BatchId::parse_forgiving(id_of(scenario)).expect("valid")
}

#[tokio::test]
async fn watches_an_ongoing_batch_to_completion() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let watcher = Watcher::new(client(&enrow), fast());
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let done = watcher
        .watch(
            &id(Scenario::OngoingThenCompleted),
            &WatchControl::new(),
            move |event| {
                if let WatchEvent::Progress(progress) = event {
                    sink.lock()
                        .expect("lock")
                        .push((progress.finished, progress.requested));
                }
            },
        )
        .await
        .expect("completes");
    assert_eq!(done.batch.status(), &BatchStatus::Completed);
    assert_eq!(done.batch.results.len(), 25);
    let progress = events.lock().expect("lock").clone();
    assert_eq!(progress.len(), 3, "{progress:?}");
    assert!(
        progress.windows(2).all(|w| w[0].0 <= w[1].0),
        "{progress:?}"
    );
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 4);
}

#[tokio::test]
async fn keeps_going_through_an_outage() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let watcher = Watcher::new(client(&enrow), fast());
    let codes = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&codes);
    let done = watcher
        .watch(
            &id(Scenario::FlakyThenCompleted),
            &WatchControl::new(),
            move |event| {
                if let WatchEvent::Retrying { error, .. } = event {
                    sink.lock().expect("lock").push(error.code());
                }
            },
        )
        .await
        .expect("recovers");
    assert_eq!(done.batch.status(), &BatchStatus::Completed);
    assert_eq!(
        *codes.lock().expect("lock"),
        vec![
            ErrorCode::ServerError,
            ErrorCode::UnexpectedResponse,
            ErrorCode::ServerError
        ]
    );
}

#[tokio::test]
async fn the_network_gone_mid_watch_then_back() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let batch = id(Scenario::OngoingThenCompleted);
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::ok(fake_enrow::sample::ongoing(batch.as_str(), 1, 25)),
    );
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::DropMidBody {
            status: 200,
            partial: bytes::Bytes::from_static(b"{\"general\":"),
        },
    );
    let watcher = Watcher::new(client(&enrow), fast());
    let retried = Arc::new(Mutex::new(0));
    let sink = Arc::clone(&retried);
    let done = watcher
        .watch(&batch, &WatchControl::new(), move |event| {
            if matches!(event, WatchEvent::Retrying { .. }) {
                *sink.lock().expect("lock") += 1;
            }
        })
        .await
        .expect("completes");
    assert_eq!(done.batch.status(), &BatchStatus::Completed);
    assert_eq!(*retried.lock().expect("lock"), 1);
}

#[tokio::test]
async fn a_wrong_key_ends_the_watch_with_its_code() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let watcher = Watcher::new(client_with_key(&enrow, "wrong-key"), fast());
    let outcome = watcher
        .watch(
            &id(Scenario::OngoingThenCompleted),
            &WatchControl::new(),
            |_| {},
        )
        .await;
    match outcome {
        Err(WatchError::Failed(error)) => assert_eq!(error.code(), ErrorCode::InvalidKey),
        other => panic!("expected invalid key, got {other:?}"),
    }
}

#[tokio::test]
async fn cancel_ends_a_request_in_flight() {
    let enrow = FakeEnrow::start(FakeConfig::default())
        .await
        .expect("start");
    let watcher = Arc::new(Watcher::new(client(&enrow), fast()));
    let control = WatchControl::new();
    let task = {
        let (watcher, control) = (Arc::clone(&watcher), control.clone());
        tokio::spawn(async move { watcher.watch(&id(Scenario::Slow), &control, |_| {}).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    control.cancel();
    let outcome = task.await.expect("task");
    assert!(matches!(outcome, Err(WatchError::Cancelled)));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}
