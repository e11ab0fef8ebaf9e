//! The client against the fake Enrow over real HTTP on 127.0.0.1: every documented answer and
//! error, retries and their bounds.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use enrow::{
    ApiKey, BaseUrl, BatchId, BatchStatus, ClientConfig, EnrowClient, EnrowError, ErrorCode,
    RetryPolicy,
};
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{
    Endpoint, FakeConfig, FakeEnrow, NO_CREDITS_KEY, NO_PHONE_KEY, Reply, Scenario, VALID_KEY,
};

fn config(enrow: &FakeEnrow) -> ClientConfig {
    ClientConfig {
        base_url: BaseUrl::parse(&enrow.url()).expect("loopback URL"),
        request_timeout: Duration::from_secs(3),
        read_timeout: Duration::from_secs(3),
        retry: RetryPolicy {
            max_retries: 2,
            first_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(5),
        },
        ..ClientConfig::default()
    }
}

fn client(enrow: &FakeEnrow, key: &str) -> EnrowClient {
    EnrowClient::new(&ApiKey::new(key).expect("key"), config(enrow)).expect("client")
}

fn id(text: &str) -> BatchId {
    BatchId::parse_forgiving(text).expect("valid id")
}

async fn fake() -> FakeEnrow {
    FakeEnrow::start(FakeConfig::default())
        .await
        .expect("fake starts")
}

async fn error_of(client: &EnrowClient, scenario: Scenario) -> EnrowError {
    client
        .phone_bulk(&id(id_of(scenario)))
        .await
        .expect_err("an error")
}

#[tokio::test]
async fn fetches_the_documented_batch_with_key_and_user_agent() {
    let enrow = fake().await;
    let fetched = client(&enrow, VALID_KEY)
        .phone_bulk(&id(DOCUMENTED_ID))
        .await
        .expect("fetched");
    assert_eq!(fetched.batch.status(), &BatchStatus::Completed);
    assert_eq!(fetched.batch.found(), 2);
    assert_eq!(fetched.batch.net_credits(), Some(80));
    assert_eq!(
        fetched.raw.as_ref(),
        fake_enrow::scenarios::DOCUMENTED_ANSWER.as_bytes()
    );
    let request = &enrow.requests()[0];
    assert_eq!(request.api_key.as_deref(), Some(VALID_KEY));
    assert_eq!(request.id.as_deref(), Some(DOCUMENTED_ID));
    let agent = request.user_agent.clone().unwrap_or_default();
    assert!(agent.starts_with("EnrowDesk/"), "{agent}");
}

#[tokio::test]
async fn account_info_gives_the_balance() {
    let enrow = fake().await;
    let info = client(&enrow, VALID_KEY)
        .account_info()
        .await
        .expect("info");
    assert_eq!(info.credits, Some(36_000));
    let info = client(&enrow, NO_CREDITS_KEY)
        .account_info()
        .await
        .expect("info");
    assert_eq!(info.credits, Some(0));
}

#[tokio::test]
async fn key_problems_have_their_own_codes_and_are_not_retried() {
    let enrow = fake().await;
    let documented = id(DOCUMENTED_ID);
    let wrong = client(&enrow, "not-a-real-key")
        .phone_bulk(&documented)
        .await
        .expect_err("refused");
    assert_eq!(wrong.code(), ErrorCode::InvalidKey);
    let no_phone = client(&enrow, NO_PHONE_KEY)
        .phone_bulk(&documented)
        .await
        .expect_err("refused");
    assert_eq!(no_phone.code(), ErrorCode::PhoneNotAllowed);
    let wrong_info = client(&enrow, "not-a-real-key")
        .account_info()
        .await
        .expect_err("refused");
    assert_eq!(wrong_info.code(), ErrorCode::InvalidKey);
    assert_eq!(enrow.requests().len(), 3, "one request each, no retry");
}

#[tokio::test]
async fn a_missing_key_header_is_missing_key() {
    let enrow = fake().await;
    enrow.push_fault(
        Endpoint::AccountInfo,
        Reply::message(401, "No apikey found in the x-api-key headers"),
    );
    let error = client(&enrow, VALID_KEY)
        .account_info()
        .await
        .expect_err("refused");
    assert_eq!(error.code(), ErrorCode::MissingKey);
}

#[tokio::test]
async fn unknown_or_foreign_batch_is_batch_not_found() {
    let enrow = fake().await;
    let unknown = id("11111111-2222-4333-8444-555555555555");
    let error = client(&enrow, VALID_KEY)
        .phone_bulk(&unknown)
        .await
        .expect_err("unknown");
    assert_eq!(error.code(), ErrorCode::BatchNotFound);
    assert!(
        error
            .to_string()
            .contains("11111111-2222-4333-8444-555555555555")
    );
    assert!(error.to_string().contains("same Enrow account"));
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 1);
}

#[tokio::test]
async fn an_older_404_bulk_search_not_found_is_batch_not_found_and_not_retried() {
    let enrow = fake().await;
    let error = error_of(&client(&enrow, VALID_KEY), Scenario::NotFound404).await;
    assert_eq!(error.code(), ErrorCode::BatchNotFound);
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 1);
    // A 404 page that is not Enrow's words (a wrong address) is not mistaken for it.
    enrow.push_fault(Endpoint::GetPhoneBulk, Reply::html(404));
    let error = error_of(&client(&enrow, VALID_KEY), Scenario::Documented).await;
    assert_eq!(error.code(), ErrorCode::UnexpectedResponse);
}

#[tokio::test]
async fn sdk_spellings_read_as_the_same_fields_and_string_indexes_sort_as_numbers() {
    let enrow = fake().await;
    let fetched = client(&enrow, VALID_KEY)
        .phone_bulk(&id(id_of(Scenario::SdkSpelling)))
        .await
        .expect("parses");
    let positions: Vec<u64> = fetched.batch.results.iter().map(|r| r.position()).collect();
    assert_eq!(
        positions,
        (0..12).collect::<Vec<_>>(),
        "10 after 9, not after 1"
    );
    for row in &fetched.batch.results {
        assert!(row.params.get("firstname").is_some(), "{:?}", row.params);
        assert!(row.params.get("lastname").is_some(), "{:?}", row.params);
        assert!(row.params.get("first_name").is_none());
    }
    let columns = enrow::export::columns_for(&fetched.batch);
    let params: Vec<_> = columns
        .iter()
        .filter_map(|c| match c {
            enrow::export::Column::Param(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(params, ["firstname", "lastname", "company_name"]);
    // The answer itself is kept exactly as Enrow sent it.
    assert!(String::from_utf8_lossy(&fetched.raw).contains("\"first_name\""));
}

#[tokio::test]
async fn insufficient_credits_402_and_422() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    for scenario in [
        Scenario::InsufficientCredits402,
        Scenario::InsufficientCredits422,
    ] {
        assert_eq!(
            error_of(&client, scenario).await.code(),
            ErrorCode::InsufficientCredits
        );
    }
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 2, "never retried");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let error = error_of(&client, Scenario::AlwaysServerError).await;
    assert_eq!(error.code(), ErrorCode::ServerError);
    assert!(matches!(error, EnrowError::ServerError { status: 500, .. }));
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 3, "1 try + 2 retries");
}

#[tokio::test]
async fn an_html_gateway_page_keeps_status_and_body_start() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let error = error_of(&client, Scenario::AlwaysHtml502).await;
    match &error {
        EnrowError::UnexpectedResponse { status, body_start } => {
            assert_eq!(*status, 502);
            assert!(body_start.starts_with("<html>"), "{body_start}");
            assert!(body_start.contains("502 Bad Gateway"));
        }
        other => panic!("expected unexpected_response, got {other:?}"),
    }
    assert!(error.is_transient());
    assert_eq!(
        enrow.count(Endpoint::GetPhoneBulk),
        3,
        "retried like any 5xx"
    );
}

#[tokio::test]
async fn recovers_when_enrow_comes_back() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    enrow.push_fault(Endpoint::GetPhoneBulk, Reply::message(500, "boom"));
    enrow.push_fault(Endpoint::GetPhoneBulk, Reply::html(502));
    let fetched = client
        .phone_bulk(&id(DOCUMENTED_ID))
        .await
        .expect("recovered");
    assert_eq!(fetched.batch.found(), 2);
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 3);
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let started = Instant::now();
    let fetched = client
        .phone_bulk(&id(id_of(Scenario::RateLimitedThenCompleted)))
        .await
        .expect("second try succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fetched.batch.status(), &BatchStatus::Completed);
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_bound_is_returned_not_waited_for() {
    let enrow = fake().await;
    enrow.push_fault(Endpoint::GetPhoneBulk, Reply::too_many_requests(3600));
    let started = Instant::now();
    let error = client(&enrow, VALID_KEY)
        .phone_bulk(&id(DOCUMENTED_ID))
        .await
        .expect_err("rate limited");
    assert_eq!(error.code(), ErrorCode::RateLimited);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let enrow = fake().await;
    let mut config = config(&enrow);
    config.request_timeout = Duration::from_millis(300);
    config.retry = RetryPolicy::none();
    let client = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    let error = error_of(&client, Scenario::Slow).await;
    assert_eq!(error.code(), ErrorCode::Timeout);
}

#[tokio::test]
async fn a_connection_dropped_mid_body_is_a_network_error_and_retried() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let error = error_of(&client, Scenario::DroppedMidBody).await;
    assert_eq!(error.code(), ErrorCode::Network, "{error:?}");
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 3);
}

#[tokio::test]
async fn invalid_json_is_an_unexpected_response_kept_for_support() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let error = error_of(&client, Scenario::InvalidJson).await;
    match error {
        EnrowError::UnexpectedResponse { status, body_start } => {
            assert_eq!(status, 200);
            assert!(body_start.starts_with("{\"general\""), "{body_start}");
        }
        other => panic!("expected unexpected_response, got {other:?}"),
    }
    assert_eq!(
        enrow.count(Endpoint::GetPhoneBulk),
        1,
        "a readable 200 is not retried"
    );
}

#[tokio::test]
async fn nobody_listening_is_a_network_error() {
    let enrow = fake().await;
    let config = config(&enrow);
    enrow.stop().await;
    let client = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    let error = client.account_info().await.expect_err("refused");
    assert_eq!(error.code(), ErrorCode::Network);
    assert!(error.to_string().contains("internet connection"));
}

#[tokio::test]
async fn every_documented_variant_parses() {
    let enrow = fake().await;
    let client = client(&enrow, VALID_KEY);
    let legacy = client
        .phone_bulk(&id(id_of(Scenario::LegacyStats)))
        .await
        .expect("legacy");
    assert_eq!(
        legacy.batch.found(),
        legacy.batch.stats.valid.unwrap_or(u64::MAX)
    );
    assert_eq!(legacy.batch.credits_refunded(), 0);

    let mix = client
        .phone_bulk(&id(id_of(Scenario::NotFoundMix)))
        .await
        .expect("mix");
    let indexes: Vec<u64> = mix.batch.results.iter().map(|r| r.position()).collect();
    assert_eq!(
        indexes,
        (0..10).collect::<Vec<_>>(),
        "sorted whatever the order sent"
    );
    assert_eq!(
        mix.batch
            .general
            .custom
            .as_ref()
            .map(|c| c["campaign"].clone()),
        Some("Q4 leads".into())
    );
    let found = mix.batch.results.iter().filter(|r| r.is_found()).count() as u64;
    assert_eq!(mix.batch.found(), found);
    assert_eq!(mix.batch.net_credits(), Some(found * 40));

    let failed = client
        .phone_bulk(&id(id_of(Scenario::Failed)))
        .await
        .expect("failed batch");
    assert_eq!(failed.batch.status(), &BatchStatus::Failed);

    let ongoing = client
        .phone_bulk(&id(id_of(Scenario::OngoingForever)))
        .await
        .expect("ongoing");
    assert_eq!(ongoing.batch.progress(), Some((3, 10)));

    let unknown = client
        .phone_bulk(&id(id_of(Scenario::UnknownStatusThenCompleted)))
        .await
        .expect("unknown status");
    assert_eq!(unknown.batch.status(), &BatchStatus::Other("queued".into()));

    let empty = client
        .phone_bulk(&id(id_of(Scenario::Empty)))
        .await
        .expect("empty");
    assert_eq!(empty.batch.hit_rate(), None);
}

#[tokio::test]
async fn an_answer_that_drips_is_given_up_once_too_slow() {
    let enrow = fake().await;
    // One byte every 200 ms: never silent for the 3 s silence limit, yet it would take minutes.
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::Drip {
            status: 200,
            body: bytes::Bytes::from_static(fake_enrow::scenarios::DOCUMENTED_ANSWER.as_bytes()),
            every: Duration::from_millis(200),
            bytes_per_step: 1,
        },
    );
    let mut config = config(&enrow);
    config.retry = RetryPolicy::none();
    // Only the pace can stop it: the whole-request limit is far away.
    config.request_timeout = Duration::from_secs(600);
    config.slow_answer_grace = Duration::from_millis(500);
    config.min_answer_rate = 1024;
    let client = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    let error = tokio::time::timeout(
        Duration::from_secs(60),
        client.phone_bulk(&id(DOCUMENTED_ID)),
    )
    .await
    .expect("it ends")
    .expect_err("too slow");
    assert_eq!(error.code(), ErrorCode::Timeout);
    assert!(error.is_transient(), "tried again later, like any timeout");
}

#[tokio::test]
async fn an_answer_at_a_steady_pace_is_read_whole() {
    let enrow = fake().await;
    // 64 bytes every 20 ms is 3 KiB/s, over the 1 KiB/s asked for: slow, not stuck.
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::Drip {
            status: 200,
            body: bytes::Bytes::from_static(fake_enrow::scenarios::DOCUMENTED_ANSWER.as_bytes()),
            every: Duration::from_millis(20),
            bytes_per_step: 64,
        },
    );
    let mut config = config(&enrow);
    config.slow_answer_grace = Duration::from_millis(100);
    config.min_answer_rate = 1024;
    let client = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    let fetched = client
        .phone_bulk(&id(DOCUMENTED_ID))
        .await
        .expect("read whole");
    assert_eq!(fetched.batch.found(), 2);
}

#[tokio::test]
async fn an_answer_about_another_batch_is_never_taken_for_the_one_asked() {
    let enrow = fake().await;
    let asked = id("11111111-2222-4333-8444-555555555555");
    enrow.add_scenario(asked.as_str(), Scenario::Documented);
    // A cache in between answers with another batch, once, then the right one.
    let another = fake_enrow::scenarios::DOCUMENTED_ANSWER;
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::ok(bytes::Bytes::from_static(another.as_bytes())),
    );
    let mut config = config(&enrow);
    config.retry = RetryPolicy::none();
    let once = EnrowClient::new(&ApiKey::new(VALID_KEY).expect("key"), config).expect("client");
    let error = once.phone_bulk(&asked).await.expect_err("another batch");
    assert_eq!(error.code(), ErrorCode::UnexpectedResponse);
    assert!(error.to_string().contains(DOCUMENTED_ID), "{error}");
    assert!(error.is_transient());
    // With its retries, the client asks again and gets the right one.
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::ok(bytes::Bytes::from_static(another.as_bytes())),
    );
    let fetched = client(&enrow, VALID_KEY)
        .phone_bulk(&asked)
        .await
        .expect("the right batch in the end");
    assert_eq!(fetched.batch.id(), asked.as_str());
    // The same id written otherwise (upper case, no dashes) is the same batch.
    enrow.push_fault(
        Endpoint::GetPhoneBulk,
        Reply::ok(bytes::Bytes::from(
            another.replace(DOCUMENTED_ID, "11111111222243338444555555555555"),
        )),
    );
    assert!(once.phone_bulk(&asked).await.is_ok());
}
