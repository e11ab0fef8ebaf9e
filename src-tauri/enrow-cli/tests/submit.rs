//! `enrow-batch submit` as a script runs it: the real binary against the fake Enrow over HTTP on
//! 127.0.0.1, a throw-away data folder for its records.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Stdio};

use fake_enrow::{FakeConfig, FakeEnrow, KeyProfile, NO_CREDITS_KEY, VALID_KEY};

const BIN: &str = env!("CARGO_BIN_EXE_enrow-batch");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn fake(credits: u64) -> FakeEnrow {
    let mut config = FakeConfig {
        ongoing_checks: 1,
        ..FakeConfig::default()
    };
    config
        .keys
        .insert(VALID_KEY.to_owned(), KeyProfile::Valid { credits });
    FakeEnrow::start(config).await.expect("fake")
}

/// Runs `enrow-batch submit ARGS` with its stdin not a terminal.
async fn submit(enrow: &FakeEnrow, key: &str, data: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(BIN);
    command
        .arg("submit")
        .args(args)
        .env("ENROW_API_URL", enrow.url())
        .env("ENROW_API_KEY", key)
        .env("ENROW_DESK_DATA_DIR", data)
        .env(
            "ENROW_DESK_KEYCHAIN_SERVICE",
            format!("Enrow Desk submit test {}", std::process::id()),
        )
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || {
        let output = command.output().expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    })
    .await
    .expect("joined")
}

fn list(dir: &Path, people: usize) -> std::path::PathBuf {
    let path = dir.join("Leads.csv");
    let mut text = String::from("First name,Last name,Company,LinkedIn\n");
    for n in 0..people {
        text.push_str(&format!(
            "Person,Number {n},Acme,https://www.linkedin.com/in/person-{n}\n"
        ));
    }
    // A row with too little, and the first person again.
    text.push_str("Dirk,,Acme,\nPerson,Number 0,Acme,https://www.linkedin.com/in/person-0\n");
    std::fs::write(&path, text).expect("list");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_says_everything_and_sends_nothing() {
    let enrow = fake(36_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 3);
    let run = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--dry-run"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("linkedin = D (“LinkedIn”)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("3 searches from 4 rows."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("same person as an earlier row"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("too little to search"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("at most 120 credits. You have 36,000."),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert!(enrow.posted().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_or_yes_nothing_is_sent() {
    let enrow = fake(36_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 3);
    let run = submit(&enrow, VALID_KEY, dir.path(), &[path.to_str().unwrap()]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("Add --yes"), "{}", run.stderr);
    assert!(enrow.posted().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn thirty_five_hundred_rows_make_two_batches_in_order_and_the_same_list_is_noticed() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 3_500);
    let run = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let posted = enrow.posted();
    assert_eq!(
        posted.iter().map(|p| p.searches.len()).collect::<Vec<_>>(),
        [3_000, 500]
    );
    let ids: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(ids, [posted[0].id.as_str(), posted[1].id.as_str()]);

    // The same list again: named, and refused without --again.
    let again = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("This list was sent before"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains(&posted[0].id), "{}", again.stderr);
    assert_eq!(enrow.posted().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_credits_before_sending_or_during_says_so_with_its_own_exit_code() {
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 3_500);
    let broke = fake(0).await;
    let run = submit(
        &broke,
        NO_CREDITS_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(broke.posted().is_empty());

    let data = tempfile::tempdir().expect("another data folder");
    let some = fake(130_000).await;
    let run = submit(
        &some,
        VALID_KEY,
        data.path(),
        &[path.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(run.code, 9, "partly sent: {}", run.stderr);
    assert!(run.stderr.contains("refused part 2 of 2"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "the one batch made");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_enrow_took_without_answering_is_sent_once_and_said_so() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 3);
    enrow.stall_next_posts(1);
    let run = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(run.code, 10, "{}", run.stderr);
    assert!(run.stderr.contains("may or may not"), "{}", run.stderr);
    assert_eq!(enrow.posted().len(), 1, "exactly one request");
}

#[tokio::test(flavor = "multi_thread")]
async fn waiting_writes_the_copy_with_each_number_on_its_rows() {
    let enrow = fake(1_000_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 5);
    let output = dir.path().join("Leads with phones.csv");
    let run = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[
            path.to_str().unwrap(),
            "--yes",
            "--wait",
            "--output",
            output.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&output)
        .expect("copy")
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(copy[0][4], "Phone number");
    // The fake finds the same number for the same search: person 0's two rows agree, and
    // every row with a number has the one Enrow sent for its own search.
    let answer: serde_json::Value = {
        let id = run.stdout.lines().next().expect("an id");
        enrow::install_crypto_provider();
        let body = reqwest::Client::new()
            .get(format!("{}/phone/bulk?id={id}", enrow.url()))
            .header("x-api-key", VALID_KEY)
            .send()
            .await
            .expect("answer")
            .text()
            .await
            .expect("text");
        serde_json::from_str(&body).expect("json")
    };
    for result in answer["results"].as_array().expect("results") {
        let link = result["params"]["linkedin_url"].as_str().expect("link");
        let number = result["number"].as_str().unwrap_or("");
        for row in copy.iter().filter(|row| row[3] == link) {
            assert_eq!(row[4], number, "{row:?}");
        }
    }
    assert_eq!(copy[6][4], "", "too little to search");
    assert!(copy[6][7].starts_with("Not searched"), "{:?}", copy[6]);
    assert_eq!(copy[7][4], copy[1][4], "the same person twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sheet_is_named_with_sheet_and_a_wrong_name_lists_the_sheets() {
    let enrow = fake(36_000).await;
    let dir = tempfile::tempdir().expect("dir");
    let path = list(dir.path(), 2);
    let named = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--sheet", "Leads", "--dry-run"],
    )
    .await;
    assert_eq!(named.code, 0, "{}", named.stderr);
    let wrong = submit(
        &enrow,
        VALID_KEY,
        dir.path(),
        &[path.to_str().unwrap(), "--sheet", "Prospects", "--dry-run"],
    )
    .await;
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("“Prospects”"), "{}", wrong.stderr);
    assert!(wrong.stderr.contains("Leads"), "{}", wrong.stderr);
    assert!(enrow.posted().is_empty());
}
