//! The fake's fault matrix against the engine over real HTTP on 127.0.0.1: every answer a broken
//! or hostile network, proxy or server can give, through `EnrowClient::phone_bulk` and, for
//! the ones a person watches, through the `Watcher`. Each must end (a generous liveness bound,
//! not a speed assertion), with the right code, without the key going anywhere else, and an
//! answer that parses must keep every row it sent.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use enrow::{
    ApiKey, BaseUrl, BatchId, BatchStatus, ClientConfig, EnrowClient, EnrowError, ErrorCode,
    FetchedBatch, RetryPolicy, WatchConfig, WatchControl, WatchError, WatchEvent, Watcher,
};
use fake_enrow::faults::{ANOTHER_BATCH_ID, DUPLICATE_INDEXES_ROWS, WRONG_TYPES_ROWS};
use fake_enrow::{Endpoint, FakeConfig, FakeEnrow, Fault, Script, VALID_KEY};

/// Long enough for the slowest fault on a loaded machine; a hang fails here instead of never.
const LIVENESS: Duration = Duration::from_secs(120);

/// What the small cap of [`quick`] lets through.
const QUICK_CAP: usize = 4 * 1024 * 1024;

/// Patience scaled down so the matrix runs in seconds: half a second of grace, then 1 KiB/s; a
/// 4 MiB cap; two quick retries.
fn quick(enrow: &FakeEnrow) -> ClientConfig {
    ClientConfig {
        base_url: BaseUrl::parse(&enrow.url()).expect("loopback URL"),
        read_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(60),
        slow_answer_grace: Duration::from_millis(500),
        min_answer_rate: 1024,
        max_body_bytes: QUICK_CAP,
        retry: RetryPolicy {
            max_retries: 2,
            first_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(5),
        },
        ..ClientConfig::default()
    }
}

fn client(config: ClientConfig) -> EnrowClient {
    EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client")
}

fn id(text: &str) -> BatchId {
    BatchId::parse_forgiving(text).expect("valid id")
}

async fn fake() -> FakeEnrow {
    FakeEnrow::start(FakeConfig::default())
        .await
        .expect("fake starts")
}

/// `fault` for ever under its own id.
fn serve_for_ever(enrow: &FakeEnrow, fault: Fault) -> BatchId {
    enrow.add_batch(fault.id(), Script::always(fault.reply(fault.id())));
    id(fault.id())
}

async fn fetch(client: &EnrowClient, batch: &BatchId) -> Result<FetchedBatch, EnrowError> {
    tokio::time::timeout(LIVENESS, client.phone_bulk(batch))
        .await
        .unwrap_or_else(|_| panic!("{batch}: still not over after {LIVENESS:?}"))
}

/// What a fault must come to.
#[derive(Debug)]
enum Expect {
    /// This code, worth trying again later or not (`transient`), after `asked` requests (the
    /// client's two retries make three); the message holds `says`.
    Error {
        code: ErrorCode,
        transient: bool,
        asked: usize,
        says: &'static str,
    },
    /// Read, with every one of this many rows.
    Rows(usize),
}

fn expected(fault: Fault) -> Expect {
    use Expect::{Error, Rows};
    let unreadable = |says| Error {
        code: ErrorCode::UnexpectedResponse,
        transient: false,
        asked: 1,
        says,
    };
    match fault {
        Fault::Drip => Error {
            code: ErrorCode::Timeout,
            transient: true,
            asked: 3,
            says: "took too long",
        },
        Fault::Huge | Fault::GzipBomb => unreadable("larger than 4 MB"),
        Fault::ResetMidAnswer | Fault::Truncated => Error {
            code: ErrorCode::Network,
            transient: true,
            asked: 3,
            says: "the connection broke while the answer arrived",
        },
        Fault::RedirectElsewhere => unreadable("(status 302)"),
        // Passing, but not waited for inside one call (over `max_retry_after`): the caller (a
        // watcher) is told at once, with the wait asked for.
        Fault::RetryAfterDay => Error {
            code: ErrorCode::RateLimited,
            transient: true,
            asked: 1,
            says: "too many requests",
        },
        Fault::AnotherBatch => Error {
            code: ErrorCode::UnexpectedResponse,
            transient: true,
            asked: 3,
            says: ANOTHER_BATCH_ID,
        },
        // The body's start, shown for support, is the Latin-1 text made readable.
        Fault::InvalidUtf8 => unreadable("J\u{fffd}rgen"),
        Fault::DeepNesting => unreadable("[[[[[[[["),
        Fault::Empty200 => unreadable("(empty answer)"),
        Fault::Html200 => unreadable("Welcome to Hotel Wi-Fi"),
        Fault::WrongTypes => Rows(WRONG_TYPES_ROWS),
        Fault::DuplicateIndexes => Rows(DUPLICATE_INDEXES_ROWS),
        other => panic!("no expectation for the new fault {other}: add one"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_fault_against_phone_bulk() {
    let enrow = fake().await;
    let client = client(quick(&enrow));
    for fault in Fault::ALL {
        let batch = serve_for_ever(&enrow, fault);
        let before = enrow.count(Endpoint::GetPhoneBulk);
        let outcome = fetch(&client, &batch).await;
        let asked = enrow.count(Endpoint::GetPhoneBulk) - before;
        match (expected(fault), outcome) {
            (
                Expect::Error {
                    code,
                    transient,
                    asked: requests,
                    says,
                },
                Err(error),
            ) => {
                assert_eq!(error.code(), code, "{fault}: {error}");
                assert_eq!(error.is_transient(), transient, "{fault}: {error}");
                assert_eq!(asked, requests, "{fault}: requests");
                let message = error.to_string();
                assert!(message.contains(says), "{fault}: {message}");
                assert!(!message.contains(VALID_KEY), "{fault}: {message}");
            }
            (Expect::Rows(rows), Ok(fetched)) => {
                assert_eq!(fetched.batch.results.len(), rows, "{fault}: every row kept");
                assert_eq!(fetched.batch.id(), batch.as_str(), "{fault}");
                assert_eq!(asked, 1, "{fault}");
            }
            // Never the answer itself in the message: it may be hundreds of megabytes.
            (expected, Ok(fetched)) => panic!(
                "{fault}: expected {expected:?}, got a batch of {} rows",
                fetched.batch.results.len()
            ),
            (expected, Err(error)) => panic!("{fault}: expected {expected:?}, got {error}"),
        }
    }
    assert!(
        enrow.redirected_requests().is_empty(),
        "nothing followed the redirect: {:?}",
        enrow.redirected_requests()
    );
    // Every request the engine made carried the key, and all of them came here.
    assert!(
        enrow
            .requests()
            .iter()
            .all(|r| r.api_key.as_deref() == Some(VALID_KEY))
    );
}

#[tokio::test]
async fn the_key_never_reaches_the_redirect_target_which_would_catch_a_client_that_followed() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::RedirectElsewhere);
    let error = fetch(&client(quick(&enrow)), &batch)
        .await
        .expect_err("a redirect is refused");
    assert_eq!(error.code(), ErrorCode::UnexpectedResponse);
    assert!(enrow.redirected_requests().is_empty());
    let target = enrow.redirect_target_url().expect("a redirect was served");
    assert_ne!(target, enrow.url(), "another address, not Enrow's");

    // A client that follows redirects, as reqwest does by default, is caught with the key.
    enrow::install_crypto_provider();
    let follower = reqwest::Client::new()
        .get(format!("{}/phone/bulk?id={batch}", enrow.url()))
        .header("x-api-key", VALID_KEY)
        .send()
        .await
        .expect("followed");
    assert_eq!(follower.status(), 200, "the target answers a batch");
    let caught = enrow.redirected_requests();
    assert_eq!(caught.len(), 1, "{caught:?}");
    assert_eq!(caught[0].api_key.as_deref(), Some(VALID_KEY));
    assert_eq!(caught[0].path_and_query, format!("/phone/bulk?id={batch}"));
}

#[tokio::test]
async fn wrong_types_that_parse_keep_every_row_and_every_value_they_can() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::WrongTypes);
    let fetched = fetch(&client(quick(&enrow)), &batch).await.expect("read");
    let rows = &fetched.batch.results;
    assert_eq!(rows.len(), WRONG_TYPES_ROWS);
    // A number sent as a JSON number is kept as text, never lost.
    assert!(
        rows.iter()
            .any(|r| r.number.as_deref() == Some("33612345678") && r.is_found()),
        "{rows:?}"
    );
    // Every row has a place to sort by, even those whose index was unreadable.
    assert!(rows.iter().all(|r| r.index.is_some()));
    assert_eq!(fetched.batch.status(), &BatchStatus::Completed);
    // Figures sent as nonsense count as absent: requested falls back to the rows.
    assert_eq!(fetched.batch.requested(), WRONG_TYPES_ROWS as u64);
    // The answer is kept as sent, for the JSON export and the saved copy.
    assert!(fetched.raw.starts_with(b"{\"general\""));
}

#[tokio::test]
async fn rows_sharing_an_index_are_both_kept_in_the_order_sent() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::DuplicateIndexes);
    let fetched = fetch(&client(quick(&enrow)), &batch).await.expect("read");
    let people: Vec<(u64, String)> = fetched
        .batch
        .results
        .iter()
        .map(|r| {
            let first = r.params.get("firstname").and_then(|v| v.as_str());
            (r.position(), first.unwrap_or("-").to_owned())
        })
        .collect();
    assert_eq!(
        people,
        [
            (0, "Chloé".to_owned()),
            (1, "Daan".to_owned()),
            (1, "Finn".to_owned()),
            (2, "-".to_owned())
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::DeepNesting);
    let client = client(quick(&enrow));
    // On a tokio worker (a 2 MiB stack), as in the app: a parser recursing once per level of
    // the 100,000 would overflow it and abort the whole process, not return an error.
    let outcome = tokio::spawn(async move { client.phone_bulk(&batch).await.map(|_| ()) })
        .await
        .expect("no panic");
    let error = outcome.expect_err("too deep");
    assert_eq!(error.code(), ErrorCode::UnexpectedResponse);
    assert!(!error.is_transient(), "the same answer would come again");
}

/// The engine's own patience, unscaled, where it stays under a minute: a drip is given up
/// after the 15 s grace (retries off here: with the default three, about a minute, which the
/// CLI's test runs), a gzip bomb and a huge answer once 64 MB have arrived.
#[tokio::test(flavor = "multi_thread")]
async fn drip_bomb_and_huge_with_the_default_patience() {
    let enrow = fake().await;
    let defaults = ClientConfig {
        base_url: BaseUrl::parse(&enrow.url()).expect("loopback URL"),
        ..ClientConfig::default()
    };
    let drip = serve_for_ever(&enrow, Fault::Drip);
    let started = std::time::Instant::now();
    let error = fetch(
        &client(ClientConfig {
            retry: RetryPolicy::none(),
            ..defaults.clone()
        }),
        &drip,
    )
    .await
    .expect_err("too slow");
    assert_eq!(error.code(), ErrorCode::Timeout);
    assert!(
        started.elapsed() >= defaults.slow_answer_grace,
        "the grace is given in full: {:?}",
        started.elapsed()
    );

    for fault in [Fault::GzipBomb, Fault::Huge] {
        let batch = serve_for_ever(&enrow, fault);
        let error = fetch(&client(defaults.clone()), &batch)
            .await
            .expect_err("refused");
        assert_eq!(error.code(), ErrorCode::UnexpectedResponse, "{fault}");
        assert!(error.to_string().contains("larger than 64 MB"), "{error}");
    }
}

fn fast_watch() -> WatchConfig {
    WatchConfig {
        first_interval: Duration::from_millis(20),
        moving_max: Duration::from_millis(40),
        idle_max: Duration::from_millis(60),
        failure_first_delay: Duration::from_millis(20),
        failure_max_delay: Duration::from_millis(50),
        max_consecutive_failures: 3,
        ..WatchConfig::default()
    }
}

/// As the app watches: no retries inside a check, the watcher's own backoff between checks.
fn watcher(enrow: &FakeEnrow, watch: WatchConfig) -> Watcher<EnrowClient> {
    Watcher::new(
        client(ClientConfig {
            retry: RetryPolicy::none(),
            ..quick(enrow)
        }),
        watch,
    )
}

/// Watches `batch` to its end, noting the code of each retry and whether any event ever showed
/// another batch's progress.
async fn watch(
    watcher: &Watcher<EnrowClient>,
    batch: &BatchId,
) -> (Result<FetchedBatch, WatchError>, Vec<ErrorCode>) {
    let retries = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&retries);
    let outcome = tokio::time::timeout(
        LIVENESS,
        watcher.watch(batch, &WatchControl::new(), move |event| {
            if let WatchEvent::Retrying { error, .. } = event {
                sink.lock().expect("lock").push(error.code());
            }
        }),
    )
    .await
    .unwrap_or_else(|_| panic!("{batch}: the watch never ended"));
    let retries = retries.lock().expect("lock").clone();
    (outcome, retries)
}

#[tokio::test]
async fn a_watched_drip_is_reported_and_retried_then_given_up() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::Drip);
    let (outcome, retries) = watch(&watcher(&enrow, fast_watch()), &batch).await;
    assert_eq!(retries, [ErrorCode::Timeout; 3], "reported each time");
    match outcome {
        Err(WatchError::Failed(error)) => assert_eq!(error.code(), ErrorCode::Timeout),
        other => panic!("{other:?}"),
    }
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 4);
}

#[tokio::test]
async fn a_watch_through_resets_completes_once_they_stop() {
    let enrow = fake().await;
    // The fixed id's script: three resets, then the whole answer.
    let batch = id(Fault::ResetMidAnswer.id());
    let (outcome, retries) = watch(
        &watcher(
            &enrow,
            WatchConfig {
                max_consecutive_failures: 5,
                ..fast_watch()
            },
        ),
        &batch,
    )
    .await;
    assert_eq!(retries, [ErrorCode::Network; 3]);
    let done = outcome.expect("completes");
    assert_eq!(done.batch.status(), &BatchStatus::Completed);
    assert_eq!(done.batch.id(), batch.as_str());
    assert_eq!(done.batch.results.len(), 2);
}

#[tokio::test]
async fn a_watch_never_takes_another_batch_for_the_one_asked() {
    let enrow = fake().await;
    let batch = serve_for_ever(&enrow, Fault::AnotherBatch);
    let (outcome, retries) = watch(&watcher(&enrow, fast_watch()), &batch).await;
    assert_eq!(retries, [ErrorCode::UnexpectedResponse; 3]);
    match outcome {
        Err(WatchError::Failed(error @ EnrowError::WrongBatch { .. })) => {
            assert!(error.to_string().contains(ANOTHER_BATCH_ID), "{error}");
        }
        other => panic!("never another batch: {other:?}"),
    }

    // Twice another batch, then the right one: that one, and only that one, is returned.
    let right = id("0000fa17-1111-4000-8000-000000000007");
    enrow.add_batch(
        right.as_str(),
        Script::then(
            [
                Fault::AnotherBatch.reply(right.as_str()),
                Fault::AnotherBatch.reply(right.as_str()),
            ],
            fake_enrow::Scenario::Documented
                .script(right.as_str())
                .first_reply(),
        ),
    );
    let (outcome, retries) = watch(&watcher(&enrow, fast_watch()), &right).await;
    assert_eq!(retries, [ErrorCode::UnexpectedResponse; 2]);
    assert_eq!(outcome.expect("the right one").batch.id(), right.as_str());
}

/// On tokio's paused clock: the five minutes pass at once, and the waits are exact.
#[tokio::test(start_paused = true)]
async fn a_retry_after_of_a_day_is_waited_for_five_minutes_then_the_batch_is_read() {
    let enrow = fake().await;
    // The fixed id's script: 429 with `Retry-After: 86400` once, then the batch.
    let batch = id(Fault::RetryAfterDay.id());
    let waits = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&waits);
    let started = tokio::time::Instant::now();
    let done = tokio::time::timeout(
        Duration::from_secs(24 * 60 * 60),
        watcher(&enrow, WatchConfig::default()).watch(&batch, &WatchControl::new(), move |event| {
            if let WatchEvent::Retrying {
                error,
                next_check_in,
                ..
            } = event
            {
                sink.lock()
                    .expect("lock")
                    .push((error.code(), error.retry_after(), next_check_in));
            }
        }),
    )
    .await
    .expect("well within the day asked for")
    .expect("read after the wait");
    assert_eq!(done.batch.status(), &BatchStatus::Completed);
    assert_eq!(
        *waits.lock().expect("lock"),
        [(
            ErrorCode::RateLimited,
            Some(Duration::from_secs(86_400)),
            Duration::from_secs(300)
        )],
        "the person is told the real wait"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(300) && waited < Duration::from_secs(310),
        "{waited:?}"
    );
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 2);
}
