//! Everyday use, in the real window: the demo, several batches at once, a crash mid-watch and
//! mid-export, reopening offline, forgetting and clearing.

use std::time::Duration;

use calamine::Reader;
use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, FakeConfig, Scenario};

use crate::harness::Desk;
use crate::{SHORT, WATCH, paste, signed_in};

pub fn item(id: &str) -> String {
    format!("[data-testid=\"history-item\"][data-id=\"{id}\"]")
}

pub async fn item_attr(desk: &Desk, id: &str, attr: &str) -> Option<String> {
    let element = desk
        .client
        .find(fantoccini::Locator::Css(&item(id)))
        .await
        .ok()?;
    element.attr(attr).await.ok().flatten()
}

pub async fn wait_item(desk: &Desk, id: &str, attr: &str, value: &str, timeout: Duration) {
    let started = std::time::Instant::now();
    loop {
        let now = item_attr(desk, id, attr).await;
        if now.as_deref() == Some(value) {
            return;
        }
        assert!(
            started.elapsed() < timeout,
            "history item {id}: {attr} is {now:?}, not {value}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for a condition on disk (the app saves on its own thread, a moment later).
pub async fn eventually(what: &str, ok: impl Fn() -> bool) -> Result<(), String> {
    let started = std::time::Instant::now();
    while !ok() {
        if started.elapsed() > SHORT {
            return Err(format!("{what}: not after {SHORT:?}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

pub async fn click_item(desk: &Desk, id: &str) {
    desk.client
        .find(fantoccini::Locator::Css(&item(id)))
        .await
        .expect("history item")
        .click()
        .await
        .expect("clicked");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newcomer_tries_the_demo_and_exports_it() {
    let Some(desk) = Desk::launch("demo", FakeConfig::default()).await else {
        return;
    };
    desk.el("key-screen").await;
    desk.click("demo-start").await;
    desk.el("demo-banner").await;
    desk.wait_attr("status-badge", "data-status", "ongoing", SHORT)
        .await;
    desk.screenshot("01-demo-running").await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    desk.el("grid").await;
    desk.screenshot("02-demo-completed").await;
    let rows = desk.grid_rows().await;
    assert_eq!(rows.len(), 40);
    assert!(
        rows.iter()
            .any(|r| r.iter().any(|c| c.contains("Schröder")))
    );
    assert!(desk.is_shown("demo-tag").await, "labelled as a demo");

    desk.click("export-open").await;
    desk.click("export-confirm").await;
    desk.wait_text("export-result", SHORT, |t| t.contains(".xlsx"))
        .await;
    let file = std::fs::read_dir(desk.exports.path())
        .expect("exports")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .expect("an xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&file).expect("opens");
    assert_eq!(
        workbook
            .worksheet_range("Phone numbers")
            .expect("sheet")
            .height(),
        41
    );

    assert_eq!(
        desk.enrow.api_requests().len(),
        0,
        "the demo never reached Enrow"
    );
    assert!(
        desk.keychain.load().expect("keychain").is_none(),
        "no key stored"
    );
    desk.close_dialog("export-dialog").await;
    desk.click("demo-leave").await;
    desk.el("key-screen").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_batches_are_watched_at_once() {
    let Some(desk) = signed_in("two-at-once").await else {
        return;
    };
    let slow = id_of(Scenario::OngoingForever);
    let quick = id_of(Scenario::OngoingThenCompleted);
    paste(&desk, slow).await;
    desk.wait_attr("status-badge", "data-status", "ongoing", SHORT)
        .await;
    paste(&desk, quick).await;
    // The first keeps running in the list while the second completes on screen.
    wait_item(&desk, slow, "data-watching", "true", SHORT).await;
    wait_item(&desk, quick, "data-status", "completed", WATCH).await;
    wait_item(&desk, slow, "data-watching", "true", SHORT).await;
    desk.screenshot("01-history").await;
    let checks_of = |id: &str| {
        desk.enrow
            .requests()
            .iter()
            .filter(|r| r.endpoint == Endpoint::GetPhoneBulk && r.id.as_deref() == Some(id))
            .count()
    };
    assert!(
        checks_of(slow) >= 2,
        "the first was checked while the second ran"
    );
    click_item(&desk, slow).await;
    desk.wait_attr("status-badge", "data-status", "ongoing", SHORT)
        .await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_during_a_watch_the_batch_resumes_and_completes() {
    let Some(mut desk) = signed_in("kill-watch").await else {
        return;
    };
    let id = id_of(Scenario::OngoingThenCompleted);
    paste(&desk, id).await;
    desk.wait_text("progress-text", SHORT, |t| t.contains("of 25"))
        .await;
    desk.kill_app().await;
    let history =
        std::fs::read_to_string(desk.data_folder().join("history.json")).expect("history");
    assert!(
        history.contains(id) && history.contains("\"watching\": true"),
        "{history}"
    );

    desk.relaunch().await;
    desk.el("main-screen").await;
    // Picked up at start, with no click.
    wait_item(&desk, id, "data-status", "completed", WATCH).await;
    click_item(&desk, id).await;
    desk.wait_attr("status-badge", "data-status", "completed", SHORT)
        .await;
    assert_eq!(desk.grid_rows().await.len(), 25);
    desk.screenshot("01-resumed").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_during_an_export_nothing_half_written_remains() {
    let Some(mut desk) = signed_in("kill-export").await else {
        return;
    };
    let id = id_of(Scenario::Rows3000);
    paste(&desk, id).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    // The export is held, whole but under its temporary name, until the app is killed: the
    // moment a crash would hurt most, on any machine, however fast.
    desk.hold_exports();
    desk.click("export-open").await;
    desk.click("export-confirm").await;
    let started = std::time::Instant::now();
    loop {
        let temp = std::fs::read_dir(desk.exports.path())
            .expect("exports")
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".part"));
        if temp {
            break;
        }
        assert!(started.elapsed() < SHORT, "the export never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    desk.kill_app().await;
    desk.release_exports();
    let finals: Vec<_> = std::fs::read_dir(desk.exports.path())
        .expect("exports")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    assert!(
        finals.is_empty(),
        "no half-written file under its real name: {finals:?}"
    );

    desk.relaunch().await;
    desk.el("main-screen").await;
    eventually("the interrupted export's temporary file is swept", || {
        std::fs::read_dir(desk.exports.path())
            .map(|entries| entries.count() == 0)
            .unwrap_or(false)
    })
    .await
    .expect("swept");
    // The history and the saved results survived the kill intact.
    wait_item(&desk, id, "data-status", "completed", SHORT).await;
    click_item(&desk, id).await;
    desk.wait_text("grid-count", SHORT, |t| t.contains("3,000"))
        .await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_batch_reopens_and_exports_with_enrow_gone() {
    let Some(mut desk) = signed_in("offline").await else {
        return;
    };
    paste(&desk, id_of(Scenario::NotFoundMix)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    // Enrow (the fake) goes away for good; the app restarts.
    let port = desk.enrow.addr();
    desk.enrow.shut_down().await;
    assert!(
        std::net::TcpStream::connect(port).is_err(),
        "nothing answers any more"
    );
    desk.relaunch().await;
    desk.el("main-screen").await;
    click_item(&desk, id_of(Scenario::NotFoundMix)).await;
    desk.wait_attr("status-badge", "data-status", "completed", SHORT)
        .await;
    assert_eq!(desk.grid_rows().await.len(), 10);
    desk.el("offline-note").await;
    desk.screenshot("01-offline").await;
    desk.click("export-open").await;
    desk.click("export-format-csv-comma").await;
    desk.click("export-confirm").await;
    desk.wait_text("export-result", SHORT, |t| t.contains(".csv"))
        .await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn forget_and_clear_all_leave_nothing_on_disk() {
    let Some(desk) = signed_in("forget").await else {
        return;
    };
    for id in [DOCUMENTED_ID, id_of(Scenario::NotFoundMix)] {
        paste(&desk, id).await;
        wait_item(&desk, id, "data-status", "completed", WATCH).await;
    }
    eventually("the results are saved", || {
        desk.data_files()
            .iter()
            .any(|p| p.ends_with(format!("{DOCUMENTED_ID}.json")))
    })
    .await
    .expect("saved");

    click_item(&desk, DOCUMENTED_ID).await;
    desk.click("batch-forget").await;
    desk.click("batch-forget-confirm").await;
    let started = std::time::Instant::now();
    while item_attr(&desk, DOCUMENTED_ID, "data-id").await.is_some() {
        assert!(started.elapsed() < SHORT, "still listed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eventually("the forgotten batch is gone from disk", || {
        let history =
            std::fs::read_to_string(desk.data_folder().join("history.json")).unwrap_or_default();
        !desk
            .data_files()
            .iter()
            .any(|p| p.to_string_lossy().contains(DOCUMENTED_ID))
            && !history.contains(DOCUMENTED_ID)
    })
    .await
    .expect("forgotten on disk");

    desk.click("settings-open").await;
    desk.click("clear-data").await;
    desk.screenshot("01-clear-confirm").await;
    desk.click("clear-data-confirm").await;
    desk.el("history-empty").await;
    desk.screenshot("02-cleared").await;
    // Nothing of ours is left: no history, settings, results or logs; what WebKit keeps for
    // itself there (salts, its HSTS list) must not hold a trace of the batches either.
    let ours = |path: &std::path::Path| {
        let relative = path.strip_prefix(desk.data_folder()).unwrap_or(path);
        ["history.json", "settings.json", "batches", "logs"]
            .iter()
            .any(|name| relative.starts_with(name))
    };
    eventually("nothing of ours is left in the data folder", || {
        !desk.data_files().iter().any(|p| ours(p))
    })
    .await
    .unwrap_or_else(|why| panic!("{why}; left behind: {:?}", desk.data_files()));
    let traces = [
        DOCUMENTED_ID,
        "0000e201-0000-4000-8000-000000000005",
        "+15705551234",
    ];
    for file in desk.data_files() {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for trace in traces {
            let found = bytes.windows(trace.len()).any(|w| w == trace.as_bytes());
            assert!(!found, "{} still mentions {trace}", file.display());
        }
    }
    desk.close().await;
}
