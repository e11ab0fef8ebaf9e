//! "Find numbers for a list…" in the real window: the person's own sheet chosen in the system's
//! dialog, read and costed, confirmed, its part watched to the end, and the copy with the
//! numbers saved; the balance that does not cover the worst case; and a crash while a part was
//! on its way, told truthfully at the next start and sent again only at the person's word.

use fake_enrow::{FakeConfig, KeyProfile, VALID_KEY};
use fantoccini::Locator;

use crate::everyday::{eventually, wait_item};
use crate::harness::Desk;
use crate::{SHORT, WATCH, enter_key};

/// A list as people keep them: a title above the header, a person listed twice, a row with
/// too little to search, an empty row, a company page.
const LEADS: &str = "\
Leads for the spring fair
First name,Last name,Company,LinkedIn,Owner
Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters,Kim
Bart,Claes,Globex,,Sam
Chloé,Dubois,,,Kim
,,,,
João,Conceição,Empresa,linkedin.com/in/joao-conceicao,Sam
Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters,Sam
Dirk,Jansen,,https://www.linkedin.com/company/initech,Kim
";

async fn launched(name: &str, credits: u64) -> Option<Desk> {
    let mut config = FakeConfig::default();
    config
        .keys
        .insert(VALID_KEY.to_owned(), KeyProfile::Valid { credits });
    let desk = Desk::launch(name, config).await?;
    enter_key(&desk, VALID_KEY).await;
    desk.el("main-screen").await;
    Some(desk)
}

/// Opens "Find numbers for a list…" and picks `sheet` in the system's dialog.
async fn choose_list(desk: &Desk, sheet: &std::path::Path) {
    desk.click("list-open").await;
    desk.el("list-dialog").await;
    desk.click("list-choose").await;
    desk.answer_file_dialog(sheet, false).await;
    desk.wait_text("list-cost", WATCH, |t| t.contains("credits"))
        .await;
}

async fn texts(desk: &Desk, css: &str) -> Vec<String> {
    let mut all = Vec::new();
    for element in desk
        .client
        .find_all(Locator::Css(css))
        .await
        .expect("elements")
    {
        all.push(element.text().await.expect("text"));
    }
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn a_persons_list_goes_in_and_their_sheet_with_numbers_comes_out() {
    let Some(desk) = launched("list-journey", 36_000).await else {
        return;
    };
    let folder = tempfile::tempdir().expect("the person's folder");
    let sheet = folder.path().join("Leads.csv");
    std::fs::write(&sheet, LEADS).expect("the list");
    choose_list(&desk, &sheet).await;

    // What will be searched, each group of rows named by its numbers.
    let checks = texts(&desk, "[data-testid=\"list-checks\"] li").await;
    assert_eq!(checks[0], "3 people to search, from 6 rows.", "{checks:?}");
    assert!(
        checks
            .iter()
            .any(|c| c.contains("repeats") && c.ends_with("Row 8.")),
        "{checks:?}"
    );
    assert!(
        checks
            .iter()
            .any(|c| c.contains("too little") && c.ends_with("row 5.")),
        "{checks:?}"
    );
    assert!(
        checks
            .iter()
            .any(|c| c.contains("company page") && c.ends_with("row 9.")),
        "{checks:?}"
    );
    assert!(
        checks
            .iter()
            .any(|c| c.contains("empty row") && c.ends_with("row 6.")),
        "{checks:?}"
    );
    let cost = desk.text("list-cost").await;
    assert_eq!(
        cost,
        "3 searches. Enrow charges 40 credits for each number it finds (50 on older plans) and \
         nothing for the others: at most 120 credits. You have 36,000."
    );
    assert!(!desk.is_shown("list-short").await, "the balance covers it");
    assert_eq!(
        desk.text("list-send").await,
        "Send 3 searches — at most 120 credits"
    );
    let sample = texts(&desk, "[data-testid=\"list-sample-row\"]").await;
    assert_eq!(sample.len(), 6, "{sample:?}");
    desk.screenshot("01-list-preview").await;
    assert!(
        desk.enrow.posted().is_empty(),
        "nothing sent before the click"
    );

    desk.click("list-send").await;
    desk.wait_text("list-progress", WATCH, |t| t.starts_with("Sent."))
        .await;
    let posted = desk.enrow.posted();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].searches.len(), 3);
    // An ordinary batch: in the history under the list's name, watched to the end.
    let batch = posted[0].id.clone();
    wait_item(&desk, &batch, "data-status", "completed", WATCH).await;
    desk.wait_attr("list-item", "data-ready", "true", WATCH)
        .await;
    desk.screenshot("02-list-finished").await;

    let output = folder.path().join("Leads with phones.csv");
    desk.click("list-add-numbers").await;
    desk.answer_file_dialog(&output, true).await;
    desk.wait_text("list-result", WATCH, |t| {
        t.contains("Leads with phones.csv")
    })
    .await;
    desk.screenshot("03-list-copy-saved").await;
    assert_eq!(
        std::fs::read_to_string(&sheet).expect("list"),
        LEADS,
        "untouched"
    );

    // Each number on the rows of the search it was found for.
    let answer = crate::enrow_rows(&desk, &batch).await;
    let copy = crate::csv_rows(&output);
    assert_eq!(copy[1].get(5), Some("Phone number"));
    let number = |index: u64| {
        answer
            .results
            .iter()
            .find(|row| row.index == Some(index))
            .and_then(|row| row.number.clone())
            .unwrap_or_default()
    };
    let phone = |row: usize| copy[row].get(5).unwrap_or("").to_owned();
    assert_eq!(phone(2), number(0), "Ann");
    assert_eq!(phone(7), number(0), "Ann's second row");
    assert_eq!(phone(3), number(1), "Bart");
    assert_eq!(phone(6), number(2), "João");
    assert_eq!(phone(4), "", "too little to search");
    assert_eq!(phone(8), "", "a company page");
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_balance_short_of_the_worst_case_is_said_and_only_the_first_searches_go() {
    // 80 credits: two found numbers at most.
    let Some(desk) = launched("list-short", 80).await else {
        return;
    };
    let folder = tempfile::tempdir().expect("the person's folder");
    let sheet = folder.path().join("Leads.csv");
    std::fs::write(&sheet, LEADS).expect("the list");
    choose_list(&desk, &sheet).await;
    let short = desk.text("list-short").await;
    assert!(
        short.contains("120 credits") && short.contains("you have 80"),
        "{short}"
    );
    assert!(desk.is_shown("list-amount").await);
    desk.screenshot("01-list-short").await;
    desk.click("list-send-first").await;
    desk.wait_text("list-send", SHORT, |t| {
        t == "Send 2 searches — at most 80 credits"
    })
    .await;
    desk.click("list-send").await;
    desk.wait_text("list-progress", WATCH, |t| t.starts_with("Sent."))
        .await;
    let posted = desk.enrow.posted();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].searches.len(), 2, "only the first two");
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_columns_the_person_chooses_decide_the_checks_the_cost_and_what_is_sent() {
    let Some(desk) = launched("list-columns", 36_000).await else {
        return;
    };
    let folder = tempfile::tempdir().expect("the person's folder");
    let sheet = folder.path().join("Leads.csv");
    std::fs::write(&sheet, LEADS).expect("the list");
    choose_list(&desk, &sheet).await;
    // "Company" was read as the company; the person says there is none.
    // Scrolled to, as a person would: the dialog opened on its button, at the bottom.
    desk.client
        .execute(
            "document.querySelector('[data-testid=\"list-column-company\"]')\
             .scrollIntoView({ block: 'center' })",
            Vec::new(),
        )
        .await
        .expect("scrolled");
    desk.el("list-column-company")
        .await
        .select_by_value("")
        .await
        .expect("none");
    let checks = desk
        .wait_text("list-checks", SHORT, |t| t.starts_with("2 people"))
        .await;
    assert!(checks.contains("rows 4–5"), "Bart joins Chloé: {checks}");
    assert_eq!(
        desk.text("list-send").await,
        "Send 2 searches — at most 80 credits"
    );
    desk.screenshot("01-list-columns-changed").await;
    desk.click("list-send").await;
    desk.wait_text("list-progress", WATCH, |t| t.starts_with("Sent."))
        .await;
    let posted = desk.enrow.posted();
    assert_eq!(posted.len(), 1);
    let links: Vec<&str> = posted[0]
        .searches
        .iter()
        .map(|search| search["linkedin_url"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        links,
        [
            "https://www.linkedin.com/in/ann-peeters",
            "https://linkedin.com/in/joao-conceicao"
        ]
    );
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_while_a_part_was_on_its_way_is_told_and_sent_again_only_when_asked() {
    let Some(mut desk) = launched("list-crash", 36_000).await else {
        return;
    };
    let folder = tempfile::tempdir().expect("the person's folder");
    let sheet = folder.path().join("Leads.csv");
    std::fs::write(&sheet, LEADS).expect("the list");
    choose_list(&desk, &sheet).await;
    // Enrow takes the part, and the app is gone before its answer.
    desk.enrow.stall_next_posts(1);
    desk.click("list-send").await;
    eventually("Enrow has the part", || desk.enrow.posted().len() == 1)
        .await
        .expect("posted");
    desk.kill_app().await;
    desk.relaunch().await;
    desk.el("main-screen").await;

    // At the next start: said on the main screen, and the part is of unknown fate.
    let attention = desk
        .wait_text("list-attention", SHORT, |t| t.contains("not fully sent"))
        .await;
    assert!(attention.contains("Find numbers for a list"), "{attention}");
    desk.screenshot("01-list-after-crash").await;
    desk.click("list-attention-show").await;
    desk.wait_attr("list-part", "data-state", "unknown", SHORT)
        .await;
    let part = desk.text("list-part").await;
    assert!(part.contains("may or may not"), "{part}");
    assert_eq!(desk.enrow.posted().len(), 1, "never sent again by itself");

    // Sent again only after the warning.
    desk.click("list-part-action").await;
    let warning = desk.text("list-part").await;
    assert!(warning.contains("charges you twice"), "{warning}");
    desk.screenshot("02-list-send-again-warning").await;
    assert_eq!(desk.enrow.posted().len(), 1);
    desk.click("list-again-confirm").await;
    desk.wait_attr("list-part", "data-state", "sent", WATCH)
        .await;
    assert_eq!(desk.enrow.posted().len(), 2);
    desk.close().await;
}
