//! The faults of the fake's matrix that matter to a person, in the real window: an answer that
//! drips, a connection reset mid-answer, and another batch's answer. The app watches with a
//! client that does not retry by itself and the watcher's own backoff (2 s, doubling).

use std::time::{Duration, Instant};

use fake_enrow::Fault;
use fake_enrow::faults::ANOTHER_BATCH_ID;

use crate::everyday::{eventually, wait_item};
use crate::harness::Desk;
use crate::{SHORT, WATCH, paste, signed_in};

/// A dripping check is given up after the client's 15 s of grace; the notice comes then.
const DRIP_WAIT: Duration = Duration::from_secs(60);

fn checks_of(desk: &Desk, id: &str) -> usize {
    desk.enrow
        .requests()
        .iter()
        .filter(|r| r.id.as_deref() == Some(id))
        .count()
}

fn saved_results(desk: &Desk, id: &str) -> std::path::PathBuf {
    desk.data_folder()
        .join("batches")
        .join(format!("{id}.json"))
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_that_drips_shows_the_batch_retrying_not_checking_for_ever() {
    let Some(desk) = signed_in("fault-drip").await else {
        return;
    };
    let id = Fault::Drip.id();
    paste(&desk, id).await;
    desk.wait_text("batch-id", SHORT, |t| t == id).await;
    // The first check drips; after the grace the page says so in words, and keeps trying.
    let notice = desk
        .wait_text("retry-notice", DRIP_WAIT, |t| !t.is_empty())
        .await;
    assert!(notice.contains("keeps trying"), "{notice}");
    desk.screenshot("01-retrying").await;
    let status = desk
        .el("status-badge")
        .await
        .attr("data-status")
        .await
        .expect("attribute");
    assert_ne!(status.as_deref(), Some("completed"));
    assert!(!desk.is_shown("grid").await, "nothing to show yet");
    wait_item(&desk, id, "data-watching", "true", SHORT).await;
    // And it does try again: a second check reaches Enrow after the backoff.
    let started = Instant::now();
    while checks_of(&desk, id) < 2 {
        assert!(started.elapsed() < WATCH, "never checked again");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        !saved_results(&desk, id).exists(),
        "nothing saved from a drip"
    );
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn resets_mid_answer_show_retrying_then_the_batch_once_they_stop() {
    let Some(desk) = signed_in("fault-reset").await else {
        return;
    };
    // Its fixed id breaks three times mid-answer, then answers whole.
    let id = Fault::ResetMidAnswer.id();
    paste(&desk, id).await;
    let notice = desk
        .wait_text("retry-notice", WATCH, |t| !t.is_empty())
        .await;
    assert!(notice.contains("cannot be reached"), "{notice}");
    assert!(notice.contains("keeps trying"), "{notice}");
    desk.screenshot("01-retrying").await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    assert!(
        !desk.is_shown("retry-notice").await,
        "the notice goes once Enrow answers"
    );
    let rows = desk.grid_rows().await;
    assert_eq!(rows.len(), 2);
    // The documented batch, as asked: Michael Scott first.
    assert!(
        rows[0]
            .iter()
            .any(|cell| cell.to_lowercase().contains("michael")),
        "{rows:?}"
    );
    desk.screenshot("02-completed").await;
    assert_eq!(
        checks_of(&desk, id),
        fake_enrow::faults::RESETS_BEFORE_ANSWER + 1
    );
    eventually("the batch is saved once whole", || {
        saved_results(&desk, id).exists()
    })
    .await
    .expect("saved");
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_batchs_answer_is_never_shown_nor_saved_as_the_one_asked() {
    let Some(desk) = signed_in("fault-another-batch").await else {
        return;
    };
    let id = Fault::AnotherBatch.id();
    paste(&desk, id).await;
    let notice = desk
        .wait_text("retry-notice", WATCH, |t| !t.is_empty())
        .await;
    assert!(notice.contains("keeps trying"), "{notice}");
    assert!(
        notice.contains("could not be used"),
        "said as it is: {notice}"
    );
    // Three checks (2 s then 4 s apart), each answered with the other batch: all the while, the
    // page shows the batch asked for, running, with no results, and never the other one.
    let started = Instant::now();
    loop {
        assert_eq!(desk.text("batch-id").await, id);
        assert!(!desk.is_shown("grid").await, "no results shown");
        let page = desk
            .client
            .execute("return document.body.innerText;", Vec::new())
            .await
            .expect("page text");
        let page = page.as_str().unwrap_or_default();
        assert!(!page.contains(ANOTHER_BATCH_ID), "{page}");
        assert!(!page.contains("someone else's batch"), "{page}");
        if checks_of(&desk, id) >= 3 {
            break;
        }
        assert!(started.elapsed() < WATCH, "not checked three times");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    desk.screenshot("01-retrying").await;
    wait_item(&desk, id, "data-watching", "true", SHORT).await;
    // Nothing of the other batch reached the disk, under either id.
    assert!(!saved_results(&desk, id).exists());
    assert!(!saved_results(&desk, ANOTHER_BATCH_ID).exists());
    for file in desk.data_files() {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let mentions = bytes
            .windows(ANOTHER_BATCH_ID.len())
            .any(|w| w == ANOTHER_BATCH_ID.as_bytes());
        assert!(!mentions, "{} mentions the other batch", file.display());
    }
    desk.close().await;
}
