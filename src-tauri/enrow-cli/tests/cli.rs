//! `enrow-batch` as scripts run it: the real binary, the fake Enrow over HTTP on 127.0.0.1,
//! exit codes, stdout and stderr.

// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use fake_enrow::scenarios::{DOCUMENTED_ANSWER, DOCUMENTED_ID, id_of};
use fake_enrow::{
    Endpoint, FakeConfig, FakeEnrow, NO_CREDITS_KEY, NO_PHONE_KEY, Scenario, VALID_KEY,
};

const BIN: &str = env!("CARGO_BIN_EXE_enrow-batch");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(enrow: &FakeEnrow, key: Option<&str>) -> Command {
    command_for(BIN, enrow, key)
}

fn command_for(program: &str, enrow: &FakeEnrow, key: Option<&str>) -> Command {
    let mut command = Command::new(program);
    command
        .env("ENROW_API_URL", enrow.url())
        .env("ENROW_API_KEY", key.unwrap_or(""))
        // Never read or write a real user's keychain entry.
        .env(
            "ENROW_DESK_KEYCHAIN_SERVICE",
            format!("Enrow Desk cli test {}", std::process::id()),
        );
    command
}

fn finish(output: Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs off the async workers, so the fake keeps answering while the binary waits on it.
async fn run(mut command: Command) -> Run {
    tokio::task::spawn_blocking(move || finish(command.output().expect("binary runs")))
        .await
        .expect("joined")
}

async fn fetch(enrow: &FakeEnrow, key: &str, args: &[&str]) -> Run {
    let mut command = command(enrow, Some(key));
    command.arg("fetch").args(args);
    run(command).await
}

async fn fake() -> FakeEnrow {
    FakeEnrow::start(FakeConfig::default())
        .await
        .expect("fake starts")
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_to_stdout_and_a_summary_on_stderr() {
    let enrow = fake().await;
    let run = fetch(&enrow, VALID_KEY, &[DOCUMENTED_ID]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][2], "+15705551234");
    // The type and the national form follow the number.
    assert_eq!(&rows[0][3], "Mobile or landline");
    assert_eq!(&rows[0][4], "(570) 555-1234");
    assert_eq!(&rows[1][6], "https://www.linkedin.com/in/dwight-schrute");
    assert!(run.stdout.starts_with('\u{feff}'), "BOM by default");
    assert!(
        run.stderr.contains("completed, 2 of 2 found (100.0%)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("80 charged, 0 refunded, 80 net"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mobiles_only_and_the_language_of_the_headers() {
    let enrow = fake().await;
    let run = fetch(
        &enrow,
        VALID_KEY,
        &[
            id_of(Scenario::Rows3000),
            "--mobiles-only",
            "--language",
            "nl",
            "--delimiter",
            "semicolon",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(run.stdout.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let names: Vec<&str> = headers.iter().collect();
    assert_eq!(
        names[2..5],
        ["Telefoonnummer", "Soort", "Nationale notatie"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert!(["Mobiel", "Mobiel of vast"].contains(&&row[3]), "{row:?}");
    }
    // In English by default.
    let english = fetch(&enrow, VALID_KEY, &[DOCUMENTED_ID]).await;
    assert!(english.stdout.contains("Phone number,Type,National format"));
}

#[tokio::test(flavor = "multi_thread")]
async fn contact_cards_and_crm_files() {
    let enrow = fake().await;
    let cards = fetch(
        &enrow,
        VALID_KEY,
        &[id_of(Scenario::Unicode), "--format", "vcf"],
    )
    .await;
    assert_eq!(cards.code, 0, "{}", cards.stderr);
    assert!(
        cards.stdout.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"),
        "{}",
        cards.stdout
    );
    assert_eq!(
        cards.stdout.matches("BEGIN:VCARD").count(),
        6,
        "one card per found row"
    );

    let hubspot = fetch(
        &enrow,
        VALID_KEY,
        &[id_of(Scenario::Unicode), "--preset", "hubspot"],
    )
    .await;
    assert_eq!(hubspot.code, 0, "{}", hubspot.stderr);
    assert!(
        hubspot.stdout.starts_with(
            "First Name,Last Name,Mobile Phone Number,Phone Number,Company Name,LinkedIn URL\n"
        ),
        "{}",
        hubspot.stdout
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("leads.xlsx");
    let wrong = fetch(
        &enrow,
        VALID_KEY,
        &[
            id_of(Scenario::Unicode),
            "--preset",
            "salesforce",
            "--output",
            &out.display().to_string(),
        ],
    )
    .await;
    assert_eq!(wrong.code, 2, "a CRM file is a CSV: {}", wrong.stderr);
    assert!(wrong.stderr.contains("--format csv"), "{}", wrong.stderr);
    assert!(!out.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn forgiving_ids_work_on_the_command_line() {
    let enrow = fake().await;
    let pasted = format!(
        "  'https://api.enrow.io/phone/bulk?id={}'  ",
        DOCUMENTED_ID.to_uppercase()
    );
    let run = fetch(&enrow, VALID_KEY, &[&pasted, "--format", "json"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let documented: serde_json::Value = serde_json::from_str(DOCUMENTED_ANSWER).expect("json");
    assert_eq!(printed, documented);
    assert!(run.stdout.contains("\n  \"general\""), "pretty-printed");
}

#[tokio::test(flavor = "multi_thread")]
async fn xlsx_to_a_file_with_the_format_from_its_extension() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("phones.xlsx");
    let run = fetch(
        &enrow,
        VALID_KEY,
        &[
            id_of(Scenario::NotFoundMix),
            "--output",
            path.to_str().expect("utf-8"),
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("Saved 10 rows to"), "{}", run.stderr);
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    let sheet = workbook.worksheet_range("Phone numbers").expect("sheet");
    assert_eq!(sheet.height(), 11);
    assert!(workbook.worksheet_range("Summary").is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn semicolons_without_bom_and_found_only() {
    let enrow = fake().await;
    let run = fetch(
        &enrow,
        VALID_KEY,
        &[
            id_of(Scenario::NotFoundMix),
            "--delimiter",
            "semicolon",
            "--no-bom",
            "--found-only",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Index;Result;"), "{}", run.stdout);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(run.stdout.as_bytes());
    let results: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[1].to_owned())
        .collect();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r == "Found"), "{results:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_id_exits_2_and_sends_nothing() {
    let enrow = fake().await;
    let run = fetch(&enrow, VALID_KEY, &["not-a-batch"]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("e3b61122-d6a6-4ea7-b331-9b734682a76a"),
        "{}",
        run.stderr
    );
    assert!(enrow.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_exits_2() {
    let enrow = fake().await;
    let unknown_format = fetch(&enrow, VALID_KEY, &["--format", "pdf", DOCUMENTED_ID]).await;
    assert_eq!(unknown_format.code, 2);
    let mut command = command(&enrow, Some(VALID_KEY));
    command
        .env("ENROW_API_URL", "http://example.com")
        .args(["fetch", DOCUMENTED_ID]);
    let insecure = run(command).await;
    assert_eq!(insecure.code, 2);
    assert!(insecure.stderr.contains("https://"), "{}", insecure.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn key_problems_exit_3_and_never_print_the_key() {
    let enrow = fake().await;
    let wrong = "wrong-key-that-must-not-be-printed";
    for key in [wrong, NO_PHONE_KEY] {
        let run = fetch(&enrow, key, &[DOCUMENTED_ID]).await;
        assert_eq!(run.code, 3, "{key}: {}", run.stderr);
        assert!(!run.stderr.contains(key) && !run.stdout.contains(key));
    }
    let missing = fetch(&enrow, "", &[DOCUMENTED_ID]).await;
    assert_eq!(missing.code, 3);
    assert!(
        missing.stderr.contains("No Enrow API key is set"),
        "{}",
        missing.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_for_batch_and_account_problems() {
    let enrow = fake().await;
    let cases = [
        (
            "11111111-2222-4333-8444-555555555555",
            4,
            "same Enrow account",
        ),
        (id_of(Scenario::Failed), 5, "failed"),
        (id_of(Scenario::InsufficientCredits402), 6, "credits"),
        (id_of(Scenario::InsufficientCredits422), 6, "credits"),
        (id_of(Scenario::InvalidJson), 7, "cannot read"),
    ];
    for (id, code, words) in cases {
        let run = fetch(&enrow, VALID_KEY, &[id]).await;
        assert_eq!(run.code, code, "{id}: {}", run.stderr);
        assert!(run.stderr.contains(words), "{id}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "no data on failure");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn enrow_down_exits_7_after_retries() {
    let enrow = fake().await;
    for scenario in [Scenario::AlwaysServerError, Scenario::AlwaysHtml502] {
        let run = fetch(&enrow, VALID_KEY, &[id_of(scenario)]).await;
        assert_eq!(run.code, 7, "{}", run.stderr);
    }
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 8, "4 tries each");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ongoing_batch_exits_75_and_writes_nothing() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("out.csv");
    let run = fetch(
        &enrow,
        VALID_KEY,
        &[
            id_of(Scenario::OngoingForever),
            "-o",
            path.to_str().expect("utf-8"),
        ],
    )
    .await;
    assert_eq!(run.code, 75, "{}", run.stderr);
    assert!(run.stderr.contains("3 of 10"), "{}", run.stderr);
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_follows_a_batch_to_completion() {
    let enrow = FakeEnrow::start(FakeConfig {
        ongoing_checks: 1,
        ..FakeConfig::default()
    })
    .await
    .expect("start");
    let created: serde_json::Value = post_batch(&enrow).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let run = fetch(&enrow, VALID_KEY, &[&id, "--wait", "--format", "json"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 of 3 searches done"),
        "progress lines without a terminal: {}",
        run.stderr
    );
    let done: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(done["general"]["status"], "completed");
    assert_eq!(enrow.count(Endpoint::GetPhoneBulk), 2);
}

async fn post_batch(enrow: &FakeEnrow) -> serde_json::Value {
    let body = serde_json::json!({"searches": [
        {"linkedin_url": "https://www.linkedin.com/in/a"},
        {"linkedin_url": "https://www.linkedin.com/in/b"},
        {"firstname": "Zoë", "lastname": "Núñez", "company_name": "Acme"},
    ]});
    enrow::install_crypto_provider();
    reqwest::Client::new()
        .post(format!("{}/phone/bulk", enrow.url()))
        .header("x-api-key", VALID_KEY)
        .json(&body)
        .send()
        .await
        .expect("posted")
        .json()
        .await
        .expect("json")
}

#[tokio::test(flavor = "multi_thread")]
async fn from_file_needs_no_key_and_no_network() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let saved = dir.path().join("saved.json");
    std::fs::write(&saved, DOCUMENTED_ANSWER).expect("save");
    let mut command = command(&enrow, None);
    command.env("ENROW_API_URL", "http://127.0.0.1:9").args([
        "fetch",
        "--from-file",
        saved.to_str().expect("utf-8"),
        "--no-bom",
    ]);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Index,Result,Phone number"),
        "{}",
        run.stdout
    );
    assert!(enrow.requests().is_empty());
}

/// A saved answer large enough that its numbers are read on other cores while it is parsed:
/// the file is what the engine writes when it reads the numbers after the parse, and a large
/// file cut short is refused as a small one is.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_saved_answer_gives_the_file_the_engine_writes() {
    use fake_enrow::sample::{StatsStyle, completed, rows};

    let dir = tempfile::tempdir().expect("temp dir");
    let answer = completed(
        "0000e201-0000-4000-8000-00000000b352",
        &rows(20_000, 11, 62, true),
        None,
        StatsStyle::Current,
    );
    assert!(answer.len() >= enrow::answer_numbers::BESIDE_FROM_BYTES);
    let saved = dir.path().join("large.json");
    std::fs::write(&saved, &answer).expect("save");
    let whole = run(offline(
        dir.path(),
        &["fetch", "--from-file", saved.to_str().expect("utf-8")],
    ))
    .await;
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let fetched = enrow::FetchedBatch {
        batch: enrow::Batch::from_json(&answer).expect("batch"),
        raw: answer.clone(),
    };
    let mut expected = Vec::new();
    let options = enrow::export::ExportOptions {
        labels: desk::words::export_labels(desk::words::Lang::En),
        ..enrow::export::ExportOptions::new(enrow::export::Format::Csv)
    };
    enrow::export::write_csv(&fetched, &mut expected, &options).expect("written");
    assert!(
        whole.stdout.as_bytes() == expected,
        "the CLI's file differs from the engine's"
    );

    let cut = dir.path().join("cut.json");
    std::fs::write(&cut, &answer[..answer.len() / 2]).expect("save");
    let refused = run(offline(
        dir.path(),
        &["fetch", "--from-file", cut.to_str().expect("utf-8")],
    ))
    .await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is not a saved Enrow batch answer"),
        "{}",
        refused.stderr
    );
    assert!(refused.stdout.is_empty());
}

/// A data folder as Enrow Desk leaves it, written by the app's own code: a completed batch with
/// its saved results and a name, and one still running.
fn desk_folder() -> tempfile::TempDir {
    use std::sync::Arc;

    use desk::disk::Disk;
    use desk::events::Broadcast;
    use desk::library::Library;
    use desk::view::BatchSummary;

    let data = tempfile::tempdir().expect("data folder");
    let library = Library::open(
        data.path().to_path_buf(),
        false,
        true,
        Arc::new(Disk::start()),
        Arc::new(Broadcast::default()),
    );
    let fetched = enrow::FetchedBatch {
        batch: enrow::Batch::from_json(DOCUMENTED_ANSWER.as_bytes()).expect("batch"),
        raw: DOCUMENTED_ANSWER.as_bytes().to_vec().into(),
    };
    library.opened(DOCUMENTED_ID);
    library.finished(
        &fetched,
        &BatchSummary::of(&fetched.batch, 1_795_000_000_000),
        Box::new(|_| {}),
    );
    library.rename(DOCUMENTED_ID, "Q4 leads").expect("renamed");
    library.opened(id_of(Scenario::OngoingForever));
    library.flush();
    data
}

/// `enrow-batch` with Enrow unreachable and no key: only what is on this computer.
fn offline(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .env("ENROW_API_URL", "http://127.0.0.1:9")
        .env("ENROW_API_KEY", "")
        .env(
            "ENROW_DESK_KEYCHAIN_SERVICE",
            format!("Enrow Desk cli test {}", std::process::id()),
        )
        .env("ENROW_DESK_DATA_DIR", data)
        .args(args);
    command
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_lists_what_enrow_desk_keeps_and_exports_it_with_no_network() {
    let data = desk_folder();
    let listed = run(offline(data.path(), &["saved"])).await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", listed.stdout);
    let documented = lines
        .iter()
        .find(|line| line.starts_with(DOCUMENTED_ID))
        .expect("listed");
    assert_eq!(
        documented.split('\t').collect::<Vec<_>>(),
        [
            DOCUMENTED_ID,
            "completed",
            "2 of 2 found",
            "saved",
            "Q4 leads"
        ]
    );
    assert!(listed.stdout.contains("not saved"), "{}", listed.stdout);

    let out = data.path().join("phones.csv");
    let exported = run(offline(
        data.path(),
        &[
            "fetch",
            DOCUMENTED_ID,
            "--saved",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    ))
    .await;
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let mut reader = csv::Reader::from_path(&out).expect("csv");
    assert_eq!(reader.records().count(), 2);

    let missing = run(offline(
        data.path(),
        &["fetch", id_of(Scenario::OngoingForever), "--saved"],
    ))
    .await;
    assert_eq!(missing.code, 4, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("no saved results"),
        "{}",
        missing.stderr
    );

    let both = run(offline(
        data.path(),
        &["fetch", DOCUMENTED_ID, "--saved", "--wait"],
    ))
    .await;
    assert_eq!(both.code, 2, "{}", both.stderr);

    let empty = tempfile::tempdir().expect("empty");
    let none = run(offline(empty.path(), &["saved"])).await;
    assert_eq!((none.code, none.stdout.as_str()), (0, ""));
    assert!(none.stderr.contains("no batches"), "{}", none.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn account_prints_the_balance() {
    let enrow = fake().await;
    let mut command = command(&enrow, Some(VALID_KEY));
    command.arg("account");
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "36000");
    assert!(run.stderr.contains("36,000 credits left"));
    let mut command = self::command(&enrow, Some(NO_CREDITS_KEY));
    command.arg("account");
    assert_eq!(self::run(command).await.stdout.trim(), "0");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_documents_the_exit_codes() {
    let run = finish(
        Command::new(BIN)
            .args(["fetch", "--help"])
            .output()
            .expect("runs"),
    );
    assert_eq!(run.code, 0);
    for line in [
        "75  batch still running",
        "7   Enrow or the network",
        "3   API key missing",
    ] {
        assert!(run.stdout.contains(line), "missing {line:?}");
    }
}

/// Runs `enrow-batch` with `dir` replaced by a fresh tmpfs mounted with `mount_options`, in a
/// private mount namespace (so nothing stays mounted if the test dies), and lists what is left
/// in `dir` afterwards on stderr as `left: …`. Returns `None` where this machine does not allow
/// it (neither root nor user namespaces).
async fn in_tiny_mount(
    enrow: &FakeEnrow,
    dir: &Path,
    mount_options: &str,
    args: &[&str],
) -> Option<Run> {
    let user_namespaces = || {
        Command::new("unshare")
            .args(["-rm", "true"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let flags = if is_root() {
        "-m"
    } else if user_namespaces() {
        "-rm"
    } else {
        return None;
    };
    let script = format!(
        "mount -t tmpfs -o {mount_options} tmpfs '{dir}' && \"$0\" \"$@\"; code=$?; \
         echo \"left: $(ls -A '{dir}' | tr '\\n' ' ')\" >&2; exit $code",
        dir = dir.display()
    );
    let mut command = command_for("unshare", enrow, Some(VALID_KEY));
    command.args([flags, "sh", "-c", &script, BIN]).args(args);
    Some(run(command).await)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_is_explained_and_leaves_no_partial_file() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("big.csv");
    let args = [
        "fetch",
        id_of(Scenario::Rows3000),
        "-o",
        out.to_str().expect("utf-8"),
    ];
    let Some(run) = in_tiny_mount(&enrow, dir.path(), "size=64k", &args).await else {
        eprintln!("needs root or user namespaces to mount a tiny disk; not tested here");
        return;
    };
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("is full"), "{}", run.stderr);
    assert!(
        run.stderr.contains("left: \n"),
        "nothing may be left: {}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_folder_is_explained() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("phones.xlsx");
    let args = ["fetch", DOCUMENTED_ID, "-o", out.to_str().expect("utf-8")];
    let Some(run) = in_tiny_mount(&enrow, dir.path(), "ro", &args).await else {
        eprintln!("needs root or user namespaces to mount a read-only folder; not tested here");
        return;
    };
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_folder_is_explained() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("nope").join("phones.csv");
    let run = fetch(
        &enrow,
        VALID_KEY,
        &[DOCUMENTED_ID, "-o", out.to_str().expect("utf-8")],
    )
    .await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

// macOS asks the person before one program reads a keychain item another one wrote (here the
// test writes, enrow-batch reads); a CI runner has nobody to answer.
#[cfg_attr(
    target_os = "macos",
    ignore = "macOS asks before another program reads the item; run it by hand on a Mac"
)]
#[tokio::test(flavor = "multi_thread")]
async fn without_enrow_api_key_the_keychain_entry_is_used() {
    let enrow = fake().await;
    let service = format!("Enrow Desk cli keychain test {}", std::process::id());
    let keychain = enrow_keychain::Keychain::named(&service, enrow_keychain::ACCOUNT);
    if !enrow_keychain::testing::usable(&keychain) {
        return;
    }
    keychain
        .save(&enrow::ApiKey::new(VALID_KEY).expect("key"))
        .expect("saved");
    let mut command = command(&enrow, None);
    command
        .env_remove("ENROW_API_KEY")
        .env("ENROW_DESK_KEYCHAIN_SERVICE", &service)
        .arg("account");
    let run = run(command).await;
    keychain.delete().expect("cleaned up");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "36000");
    assert_eq!(enrow.requests()[0].api_key.as_deref(), Some(VALID_KEY));
}

/// The people of the fake's Unicode batch, as the sheet it was made from lists them: names and
/// company, a website, or only a LinkedIn link.
const UNICODE_SHEET: &str = "\
First name,Last name,Company,Website,LinkedIn,Owner
François,Lefèvre-Müller,Société Générale d'Études,,,Sam
太郎,山田,東京商事株式会社,,,Sam
Ærin,Ødegård,,https://www.fjord.dk/,,Kim
,,,,https://www.linkedin.com/in/jürgen-groß,Kim
Łukasz,Żółć,\"Smith, Jones & Co\",,,Sam
-Ann,@Lee,=1+1,,,Kim
João,Conceição,,empresa.com.br,,Sam
,,,,linkedin.com/in/o-brien,Kim
";

async fn merge(enrow: &FakeEnrow, args: &[&str]) -> Run {
    let mut command = command(enrow, Some(VALID_KEY));
    command.arg("merge").args(args);
    run(command).await
}

#[tokio::test(flavor = "multi_thread")]
async fn merge_puts_each_number_on_its_row_and_exits_0_when_all_matched() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = dir.path().join("leads.csv");
    std::fs::write(&sheet, UNICODE_SHEET).expect("sheet");
    let out = dir.path().join("leads with phones.csv");
    let (sheet_arg, out_arg) = (sheet.display().to_string(), out.display().to_string());
    let run = merge(
        &enrow,
        &[
            id_of(Scenario::Unicode),
            "--into",
            &sheet_arg,
            "--output",
            &out_arg,
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Matched 8 of 8 rows"), "{}", run.stderr);
    let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&out)
        .expect("out")
        .records()
        .map(|r| r.expect("row"))
        .collect();
    let phone_of = |i: usize| rows[i].get(6).unwrap_or("").to_owned();
    assert_eq!(phone_of(0), "+33612345678");
    assert_eq!(phone_of(1), "+81312345678");
    assert_eq!(phone_of(2), "", "Ærin was not found");
    assert_eq!(rows[2].get(9), Some("Not found"));
    assert_eq!(phone_of(3), "+4915112345678");
    assert_eq!(phone_of(7), "+12025550143");
    assert_eq!(
        std::fs::read_to_string(&sheet).expect("sheet"),
        UNICODE_SHEET
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn merge_exits_8_naming_the_rows_it_could_not_match_and_2_for_its_own_input() {
    let enrow = fake().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = dir.path().join("leads.csv");
    let edited = UNICODE_SHEET
        .replace("Lefèvre-Müller", "Martin")
        .replace("Conceição", "Silva");
    std::fs::write(&sheet, &edited).expect("sheet");
    let out = dir.path().join("out.csv");
    let (sheet_arg, out_arg) = (sheet.display().to_string(), out.display().to_string());
    let run = merge(
        &enrow,
        &[
            id_of(Scenario::Unicode),
            "--into",
            &sheet_arg,
            "-o",
            &out_arg,
        ],
    )
    .await;
    assert_eq!(run.code, 8, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("2 rows could not be matched and were left empty: rows 2, 8"),
        "{}",
        run.stderr
    );
    assert!(out.exists(), "the file is still written");

    let same = merge(
        &enrow,
        &[
            id_of(Scenario::Unicode),
            "--into",
            &sheet_arg,
            "-o",
            &sheet_arg,
        ],
    )
    .await;
    assert_eq!(same.code, 2, "{}", same.stderr);
    assert!(same.stderr.contains("never changed"), "{}", same.stderr);
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), edited);

    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n\x00\x01binary").expect("pdf");
    let unreadable = merge(
        &enrow,
        &[
            id_of(Scenario::Unicode),
            "--into",
            &pdf.display().to_string(),
            "-o",
            &out_arg,
        ],
    )
    .await;
    assert_eq!(unreadable.code, 2, "{}", unreadable.stderr);
    assert!(
        unreadable.stderr.contains("is not a spreadsheet"),
        "{}",
        unreadable.stderr
    );
}
