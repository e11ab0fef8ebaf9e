//! End to end, in the real window: what a person does, from the first screen to the files.
//! Needs a display (Xvfb), tauri-driver and WebKitWebDriver; `scripts/test` provides them and
//! sets `ENROW_REQUIRE_E2E=1` so these can never be skipped silently there.
//!
//! Linux only: the harness drives WebKitGTK through WebKitWebDriver, takes screenshots from the
//! X display and finds the app's process in `/proc`. On Windows and macOS this test binary is
//! empty; the same journeys run there through the command tests (`tests/commands.rs`).
#![cfg(target_os = "linux")]
// A test fails by panicking; helpers outside `#[test]` functions may too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod everyday;
mod faults;
mod harness;
mod lists;
mod promises;

use std::time::Duration;

use calamine::Reader;
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, FakeConfig, Scenario, VALID_KEY};
use fantoccini::key::Key;
use harness::Desk;

pub const WATCH: Duration = Duration::from_secs(40);
pub const SHORT: Duration = Duration::from_secs(10);

/// Enrow's own answer for `id`, as the test's expectation.
async fn enrow_rows(desk: &Desk, id: &str) -> enrow::Batch {
    enrow::install_crypto_provider();
    let raw = reqwest::Client::new()
        .get(format!("{}/phone/bulk?id={id}", desk.enrow.url()))
        .header("x-api-key", VALID_KEY)
        .send()
        .await
        .expect("fake answers")
        .bytes()
        .await
        .expect("body");
    enrow::Batch::from_json(&raw).expect("a batch")
}

/// Every row of a CSV file the app wrote (a copy with numbers), headers and title lines
/// included, rows of any length.
pub fn csv_rows(path: &std::path::Path) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("the copy reads as CSV")
        .records()
        .map(|row| row.expect("a row"))
        .collect()
}

pub async fn enter_key(desk: &Desk, key: &str) {
    desk.el("key-screen").await;
    desk.type_into("key-input", key).await;
    desk.click("key-save").await;
}

/// The app started with no key, and a valid one entered on the key screen, as a new user would.
pub async fn signed_in(name: &str) -> Option<Desk> {
    let desk = Desk::launch(name, FakeConfig::default()).await?;
    enter_key(&desk, VALID_KEY).await;
    desk.el("main-screen").await;
    Some(desk)
}

pub async fn paste(desk: &Desk, text: &str) {
    desk.type_into("paste-input", text).await;
    desk.el("paste-input")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_user_enters_a_key_watches_a_batch_and_exports_it() {
    let Some(desk) = Desk::launch("new-user", FakeConfig::default()).await else {
        return;
    };
    // First screen: the key.
    desk.el("key-screen").await;
    desk.screenshot("01-key-screen").await;
    // WebKitGTK asks for fontconfig's own fonts by their generic names (ui/js/platform.js).
    #[cfg(target_os = "linux")]
    desk.wait_script(
        "return [document.documentElement.dataset.fonts, getComputedStyle(document.body).fontFamily];",
        SHORT,
        |fonts| fonts == &serde_json::json!(["generic", "sans-serif"]),
    )
    .await;

    // The page's process runs JavaScriptCore without its JIT (webkit_environment.rs).
    #[cfg(target_os = "linux")]
    {
        let environment = desk.web_process_environment();
        assert!(!environment.is_empty(), "no web process of this app found");
        for (name, value) in enrow_desk::webkit_environment::WEB_PROCESS_JAVASCRIPT {
            let setting = format!("{name}={value}");
            assert!(
                environment.iter().any(|var| var == setting.as_bytes()),
                "the page's process lacks {setting}"
            );
        }
    }

    // A wrong key is refused in plain words and nothing is kept.
    enter_key(&desk, "this-is-not-my-key").await;
    let refused = desk.wait_text("key-error", SHORT, |t| !t.is_empty()).await;
    assert!(refused.to_lowercase().contains("key"), "{refused}");
    desk.screenshot("02-wrong-key").await;
    assert!(desk.keychain.load().expect("keychain").is_none());

    // The right key goes into the keychain; the balance shows.
    enter_key(&desk, VALID_KEY).await;
    desk.el("main-screen").await;
    desk.wait_text("balance", SHORT, |t| t.contains("36,000"))
        .await;
    assert_eq!(
        desk.keychain
            .load()
            .expect("keychain")
            .map(|k| k.hint())
            .as_deref(),
        Some("…a1b2")
    );

    // A paste that is not a batch id: a message, no request.
    paste(&desk, "hello there").await;
    let message = desk
        .wait_text("paste-error", SHORT, |t| !t.is_empty())
        .await;
    assert!(
        message.contains("e3b61122-d6a6-4ea7-b331-9b734682a76a"),
        "{message}"
    );
    assert_eq!(desk.enrow.count(Endpoint::GetPhoneBulk), 0);

    // A whole pasted link works; the batch runs, progress moves, then it completes.
    let id = id_of(Scenario::OngoingThenCompleted);
    paste(
        &desk,
        &format!("  https://api.enrow.io/phone/bulk?id={id}\n"),
    )
    .await;
    desk.el("batch-view").await;
    desk.wait_attr("status-badge", "data-status", "ongoing", SHORT)
        .await;
    let first = desk
        .wait_text("progress-text", SHORT, |t| t.contains("of 25"))
        .await;
    desk.screenshot("03-watching").await;
    desk.wait_text("progress-text", WATCH, |t| {
        t != first && t.contains("of 25")
    })
    .await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    desk.el("grid").await;
    desk.screenshot("04-completed").await;

    // The figures and the grid are exactly Enrow's.
    let expected = enrow_rows(&desk, id).await;
    let found = desk.text("found-text").await;
    assert!(
        found.contains(&format!("{} of 25", expected.found())),
        "{found}"
    );
    let net = desk.text("credits-net").await;
    assert!(
        net.contains(&expected.net_credits().expect("net").to_string()),
        "{net}"
    );
    let rows = desk.grid_rows().await;
    assert_eq!(rows.len(), expected.results.len());
    for (row, sent) in rows.iter().zip(&expected.results) {
        assert_eq!(row[0], sent.position().to_string());
        // Shown as written from abroad, with its type.
        if let Some(number) = &sent.number {
            let info = enrow::phone::classify(number, None);
            let shown = info
                .international
                .as_deref()
                .map_or_else(|| number.clone(), str::to_owned);
            assert!(row.contains(&shown), "{shown} in {row:?}");
            let word = match info.kind {
                enrow::PhoneType::Mobile => "Mobile",
                enrow::PhoneType::MobileOrLandline => "Mobile or landline",
                enrow::PhoneType::Landline => "Landline",
                enrow::PhoneType::Invalid => "Invalid",
                _ => "",
            };
            assert!(
                word.is_empty() || row.iter().any(|c| c == word),
                "{word} in {row:?}"
            );
        }
    }

    // Filter and search.
    desk.click("filter-found").await;
    let count = desk
        .wait_text("grid-count", SHORT, |t| {
            t.contains(&expected.found().to_string())
        })
        .await;
    assert!(count.contains("25"), "{count}");
    desk.click("filter-all").await;

    // Export to Excel (the default) and check the file.
    desk.click("export-open").await;
    desk.el("export-dialog").await;
    desk.screenshot("05-export-dialog").await;
    desk.click("export-confirm").await;
    let saved = desk
        .wait_text("export-result", SHORT, |t| t.contains(".xlsx"))
        .await;
    assert!(saved.contains("25"), "{saved}");
    desk.screenshot("06-exported").await;
    let xlsx = only_file(&desk, "xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx opens");
    let sheet = workbook
        .worksheet_range("Phone numbers")
        .expect("results sheet");
    assert_eq!(sheet.height(), 26);
    for (cells, sent) in sheet.rows().skip(1).zip(&expected.results) {
        let phone = sent
            .number
            .clone()
            .map(calamine::Data::String)
            .unwrap_or(calamine::Data::Empty);
        assert_eq!(cells[2], phone, "a text cell, as Enrow sent it");
    }
    assert!(workbook.worksheet_range("Summary").is_ok());

    // And to CSV with semicolons, found numbers only.
    desk.close_dialog("export-dialog").await;
    desk.click("export-open").await;
    desk.click("export-format-csv-semicolon").await;
    desk.click("export-found-only").await;
    desk.click("export-confirm").await;
    desk.wait_text("export-result", SHORT, |t| t.contains(".csv"))
        .await;
    let csv_path = only_file(&desk, "csv");
    let bytes = std::fs::read(&csv_path).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len() as u64, expected.found());
    assert!(records.iter().all(|r| r[2].starts_with('+')));

    // Settings: the language changes at once.
    desk.close_dialog("export-dialog").await;
    desk.click("settings-open").await;
    desk.el("settings-dialog").await;
    let hint = desk.text("key-hint").await;
    assert!(hint.contains("a1b2") && !hint.contains(VALID_KEY), "{hint}");
    desk.screenshot("07-settings").await;
    let select = desk.el("language-select").await;
    select.select_by_value("nl").await.expect("Dutch");
    desk.wait_text("settings-close", SHORT, |t| t != "Close")
        .await;
    desk.click("settings-close").await;
    desk.screenshot("08-dutch").await;
    let fetch = desk.text("fetch-button").await;
    assert_ne!(fetch, "Fetch", "the page is in Dutch now");

    // After all that (a batch in the grid, exports, settings) the app's own process has loaded
    // no OpenGL driver: the window shows what the page drew in shared memory
    // (webkit_environment.rs).
    #[cfg(target_os = "linux")]
    {
        let opengl = desk.opengl_in_the_app();
        assert!(
            opengl.is_empty(),
            "the app's process loaded OpenGL: {opengl:?}"
        );
    }
    desk.close().await;
}

fn only_file(desk: &Desk, extension: &str) -> std::path::PathBuf {
    let files: Vec<_> = std::fs::read_dir(desk.exports.path())
        .expect("export folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0]
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    assert!(name.starts_with("enrow-phones-0000e201-"), "{name}");
    files[0].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_that_enrow_stops_accepting_leads_back_to_the_key_screen() {
    // A key saved in an earlier session, that Enrow no longer accepts.
    let revoked = Some("revoked-key-000099zz");
    let Some(desk) = Desk::launch_with_key("wrong-key", FakeConfig::default(), revoked).await
    else {
        return;
    };
    desk.el("main-screen").await;
    paste(&desk, DOCUMENTED_ID).await;
    desk.wait_attr("error-banner", "data-code", "invalid_key", SHORT)
        .await;
    desk.screenshot("01-invalid-key").await;
    desk.click("error-action").await;
    desk.el("key-screen").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_batch_says_to_check_the_id_and_the_account() {
    let Some(desk) = signed_in("unknown-batch").await else {
        return;
    };
    paste(&desk, "11111111-2222-4333-8444-555555555555").await;
    desk.wait_attr("error-banner", "data-code", "batch_not_found", SHORT)
        .await;
    let text = desk.text("error-banner").await;
    assert!(text.to_lowercase().contains("account"), "{text}");
    desk.screenshot("01-not-found").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn enrow_failing_then_recovering_while_the_user_waits() {
    let Some(desk) = signed_in("enrow-down").await else {
        return;
    };
    // 500, then an HTML 502 page, then 503, then the batch.
    paste(&desk, id_of(Scenario::FlakyThenCompleted)).await;
    let notice = desk
        .wait_text("retry-notice", WATCH, |t| !t.is_empty())
        .await;
    assert!(notice.contains("keeps trying"), "{notice}");
    desk.screenshot("01-retrying").await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    assert!(
        !desk.is_shown("retry-notice").await,
        "the notice goes once Enrow answers"
    );
    let rows = desk.grid_rows().await;
    assert_eq!(rows.len(), 8);
    desk.screenshot("02-recovered").await;
    desk.close().await;
}
