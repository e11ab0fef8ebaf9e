//! A person's list sent to the fake Enrow over real HTTP on 127.0.0.1: the rows checked before
//! anything leaves, parts of 3,000, pacing under the limit, 429 and 402, a request that may
//! have reached Enrow never sent again, a crash told truthfully, the same list noticed, and the
//! numbers put back on the rows they were searched from.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Duration;

use enrow::export::ExportLabels;
use enrow::{ApiKey, BaseUrl, BatchId, ClientConfig, EnrowClient, FetchedBatch, RetryPolicy};
use fake_enrow::{FakeConfig, FakeEnrow, KeyProfile, VALID_KEY};
use merge::ColumnChoice;
use submit::{PartState, SendConfig, SendOutcome, Skip, Store, Submission};

fn csv_file(dir: &Path, name: &str, rows: &[Vec<String>]) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(&path)
        .expect("csv");
    for row in rows {
        writer.write_record(row).expect("row");
    }
    writer.flush().expect("flush");
    path
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

async fn fake(credits: u64) -> FakeEnrow {
    let mut config = FakeConfig {
        ongoing_checks: 0,
        ..FakeConfig::default()
    };
    config
        .keys
        .insert(VALID_KEY.to_owned(), KeyProfile::Valid { credits });
    FakeEnrow::start(config).await.expect("fake")
}

fn client(enrow: &FakeEnrow) -> EnrowClient {
    EnrowClient::new(
        &ApiKey::new(VALID_KEY).expect("key"),
        ClientConfig {
            base_url: BaseUrl::parse(&enrow.url()).expect("url"),
            request_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(3),
            retry: RetryPolicy::none(),
            ..ClientConfig::default()
        },
    )
    .expect("client")
}

fn quick() -> SendConfig {
    SendConfig {
        min_gap: Duration::from_millis(20),
        first_backoff: Duration::from_millis(50),
        ..SendConfig::default()
    }
}

/// A list as people keep them: links, names with companies, and what goes wrong.
fn leads(dir: &Path) -> std::path::PathBuf {
    csv_file(
        dir,
        "Leads.csv",
        &[
            row(&["First name", "Last name", "Company", "Website", "LinkedIn"]),
            row(&["Ann", "Peeters", "De Gans", "", ""]),
            row(&["", "", "", "", "linkedin.com/in/bram-vos"]),
            row(&["Chloé", "Dubois", "", "atelier.fr", ""]),
            row(&["Dirk", "", "Acme", "", ""]),
            row(&["", "", "", "", "https://www.linkedin.com/company/acme"]),
            row(&["ann", "PEETERS", "De Gans", "", ""]),
            row(&["", "", "", "", "https://be.linkedin.com/in/Bram-Vos/"]),
            row(&[
                "Emma",
                "Müller",
                "Schröder GmbH",
                "",
                "https://evil.example/in/emma",
            ]),
        ],
    )
}

#[test]
fn every_row_is_checked_and_the_same_person_searched_once() {
    let dir = tempfile::tempdir().expect("dir");
    let spreadsheet = merge::open(&leads(dir.path())).expect("opens");
    let plan = submit::plan::plan(&spreadsheet, None, &ColumnChoice::default()).expect("plan");
    // Ann (twice), Bram's profile (twice, written otherwise), Chloé by website, Emma by name
    // (her link is not LinkedIn's).
    assert_eq!(plan.searches.len(), 4);
    assert_eq!(
        plan.searches[1].linkedin_url.as_deref(),
        Some("https://linkedin.com/in/bram-vos")
    );
    assert_eq!(
        plan.searches[2].company_domain.as_deref(),
        Some("atelier.fr")
    );
    assert_eq!(plan.searches[3].firstname.as_deref(), Some("Emma"));
    // Sheet rows (0-based; the header is row 0): the duplicates and the skipped.
    assert_eq!(plan.duplicates(), [6, 7]);
    assert_eq!(plan.rows_of[0], [1, 6]);
    assert_eq!(plan.skipped_for(Skip::TooLittle), [4]);
    assert_eq!(plan.skipped_for(Skip::NotAProfile), [5]);
    let cost = submit::Cost::of(plan.searches.len(), Some(100));
    assert_eq!(
        (cost.at_most, cost.covered, cost.affordable),
        (160, Some(false), Some(2))
    );
}

/// A list of `count` different people, by their profile links.
fn big_list(dir: &Path, count: usize) -> std::path::PathBuf {
    let mut rows = vec![row(&["LinkedIn"])];
    rows.extend((0..count).map(|n| vec![format!("https://www.linkedin.com/in/person-{n}")]));
    csv_file(dir, "Big.csv", &rows)
}

fn record_for(path: &Path) -> Submission {
    let spreadsheet = merge::open(path).expect("opens");
    let plan = submit::plan::plan(&spreadsheet, None, &ColumnChoice::default()).expect("plan");
    let hash = submit::record::file_hash(&std::fs::read(path).expect("bytes"));
    Submission::new(&plan, path, &hash, 1)
}

#[tokio::test]
async fn thirty_five_hundred_rows_are_sent_as_parts_of_3000_and_500_in_order() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = big_list(dir.path(), 3_500);
    let mut submission = record_for(&path);
    assert_eq!(submission.parts.len(), 2);
    assert_eq!(submission.part_name(1), "Big.csv — part 2 of 2");
    let store = Store::new(dir.path());
    let mut sent = Vec::new();
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |event| sent.push(event),
    )
    .await
    .expect("recorded");
    assert_eq!(outcome, SendOutcome::AllSent);
    let posted = enrow.posted();
    let sizes: Vec<usize> = posted.iter().map(|batch| batch.searches.len()).collect();
    assert_eq!(sizes, [3_000, 500]);
    assert_eq!(
        posted[1].searches[0]["linkedin_url"], "https://www.linkedin.com/in/person-3000",
        "in the list's order"
    );
    assert_eq!(posted[0].custom.as_ref().expect("custom")["part"], 1);
    // On disk: both parts sent, with their batches.
    let saved = store.load(&submission.id, 2).expect("saved");
    let ids: Vec<String> = saved.batch_ids().into_iter().map(|(_, id)| id).collect();
    assert_eq!(ids, [posted[0].id.clone(), posted[1].id.clone()]);
    // Sent again, nothing more leaves: every part is sent.
    let again = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |_| {},
    )
    .await
    .expect("recorded");
    assert_eq!(again, SendOutcome::AllSent);
    assert_eq!(enrow.posted().len(), 2);
}

#[tokio::test]
async fn a_request_that_may_have_reached_enrow_is_sent_once_and_said_so() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = big_list(dir.path(), 10);
    let mut submission = record_for(&path);
    let store = Store::new(dir.path());
    // Enrow takes it, and its answer never comes: the client gives up waiting.
    enrow.stall_next_posts(1);
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |_| {},
    )
    .await
    .expect("recorded");
    let SendOutcome::Unknown { part, message } = outcome else {
        panic!("not unknown: {outcome:?}");
    };
    assert_eq!(part, 0);
    assert!(message.contains("may or may not"), "{message}");
    assert!(message.contains("dashboard"), "{message}");
    assert_eq!(enrow.posted().len(), 1, "exactly one request");
    let saved = store.load(&submission.id, 2).expect("saved");
    assert!(matches!(saved.parts[0].state, PartState::Unknown { .. }));
    // Sending the list again leaves it alone: only the person may send it again.
    submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |_| {},
    )
    .await
    .expect("recorded");
    assert_eq!(enrow.posted().len(), 1, "never sent again by itself");
    // Asked for explicitly (the person was warned), it is.
    let resent = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        Some(0),
        |_| {},
    )
    .await
    .expect("recorded");
    assert_eq!(resent, SendOutcome::AllSent);
    assert_eq!(enrow.posted().len(), 2);
}

#[tokio::test]
async fn a_429_is_waited_for_and_the_part_sent_again() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut submission = record_for(&big_list(dir.path(), 5));
    let store = Store::new(dir.path());
    enrow.push_fault(
        fake_enrow::Endpoint::PostPhoneBulk,
        fake_enrow::Reply::too_many_requests(1),
    );
    let mut waited = Vec::new();
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |event| {
            if let submit::SendEvent::Waiting { seconds, .. } = event {
                waited.push(seconds);
            }
        },
    )
    .await
    .expect("recorded");
    assert_eq!(outcome, SendOutcome::AllSent);
    assert_eq!(waited, [1], "as Retry-After asked");
    assert_eq!(enrow.posted().len(), 1, "the refused request made no batch");
}

#[tokio::test]
async fn no_credits_before_or_during_stops_the_list_and_charges_nothing_more() {
    // Credits for the first part (3,000 × 40) and not the second.
    let enrow = fake(130_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut submission = record_for(&big_list(dir.path(), 3_500));
    let store = Store::new(dir.path());
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |_| {},
    )
    .await
    .expect("recorded");
    let SendOutcome::Refused { part, code, .. } = outcome else {
        panic!("not refused: {outcome:?}");
    };
    assert_eq!((part, code.as_str()), (1, "insufficient_credits"));
    assert_eq!(enrow.posted().len(), 1);
    assert!(matches!(submission.parts[0].state, PartState::Sent { .. }));
    assert!(
        submission.parts[1].state.may_send(),
        "refused: nothing taken, it may be sent later"
    );
    // Before: a key without credits makes no batch at all.
    let broke = fake(0).await;
    let mut again = record_for(&big_list(dir.path(), 5));
    let outcome = submit::send_parts(&mut again, &store, &client(&broke), &quick(), None, |_| {})
        .await
        .expect("recorded");
    assert!(
        matches!(outcome, SendOutcome::Refused { part: 0, .. }),
        "{outcome:?}"
    );
    assert!(broke.posted().is_empty());
}

#[test]
fn a_crash_while_a_part_was_being_sent_is_told_truthfully_at_the_next_start() {
    let dir = tempfile::tempdir().expect("dir");
    let mut submission = record_for(&big_list(dir.path(), 5));
    submission.parts[0].state = PartState::Sending { since: 7 };
    let store = Store::new(dir.path());
    store.save(&submission).expect("saved");
    // The next start.
    let found = store.load_all(9);
    assert_eq!(found.len(), 1);
    assert!(
        matches!(
            &found[0].parts[0].state,
            PartState::Unknown { since: 7, .. }
        ),
        "{:?}",
        found[0].parts[0].state
    );
    // The same list again is noticed, with the earlier one named.
    let earlier = store.sent_before(&submission.searches_hash, 9);
    assert_eq!(earlier.len(), 1);
    assert_eq!(earlier[0].id, submission.id);
}

async fn finished(enrow: &FakeEnrow, id: &str) -> FetchedBatch {
    let client = client(enrow);
    let id = BatchId::parse_forgiving(id).expect("id");
    loop {
        let fetched = client.phone_bulk(&id).await.expect("fetched");
        if fetched.batch.is_finished() {
            return fetched;
        }
    }
}

#[tokio::test]
async fn the_numbers_go_back_on_the_rows_they_were_searched_from() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = leads(dir.path());
    let mut submission = record_for(&path);
    let store = Store::new(dir.path());
    let outcome = submit::send_parts(
        &mut submission,
        &store,
        &client(&enrow),
        &quick(),
        None,
        |_| {},
    )
    .await
    .expect("recorded");
    assert_eq!(outcome, SendOutcome::AllSent);
    let mut parts = Vec::new();
    for (_, id) in submission.batch_ids() {
        parts.push(Some(finished(&enrow, &id).await));
    }
    // The person edited a row since: Emma became someone else.
    let mut text = std::fs::read_to_string(&path).expect("text");
    text = text.replace("Emma,Müller", "Erik,Jansen");
    std::fs::write(&path, text).expect("edited");

    let spreadsheet = merge::open(&path).expect("opens");
    let (combined, plan) = submit::place(&submission, &spreadsheet, &parts).expect("placed");
    let output = dir.path().join("Leads with phones.csv");
    merge::write(
        &spreadsheet,
        &plan,
        &combined,
        &ExportLabels::default(),
        &output,
    )
    .expect("written");
    let copy: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&output)
        .expect("copy")
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    let result = |row: usize| copy[row][8].clone();
    let phone = |row: usize| copy[row][5].clone();
    // Each search's answer, by index, on its rows; duplicates get the same.
    let by_search = |search: usize| {
        combined
            .batch
            .results
            .iter()
            .find(|r| r.index == Some(search as u64))
            .expect("a result")
            .clone()
    };
    for (search, rows) in submission.rows_of.iter().enumerate() {
        let expected = by_search(search);
        for &row in rows {
            if search == 3 {
                assert_eq!(phone(row), "", "edited since: {:?}", copy[row]);
                assert!(result(row).starts_with("Not filled"), "{:?}", copy[row]);
                continue;
            }
            assert_eq!(
                phone(row),
                expected.found_number().unwrap_or(""),
                "row {row}: {:?}",
                copy[row]
            );
        }
    }
    assert_eq!(phone(6), phone(1), "Ann's second row gets her number too");
    assert!(
        result(4).starts_with("Not searched: no LinkedIn link"),
        "{}",
        result(4)
    );
    assert!(
        result(5).starts_with("Not searched: the link"),
        "{}",
        result(5)
    );
}
