//! The promises the app makes, in the real window: one app at a time, the demo beside real
//! batches without touching them, a removed key never sent again, every shape Enrow sends.

use std::time::{Duration, Instant};

use fake_enrow::scenarios::{DOCUMENTED_ID, id_of};
use fake_enrow::{Endpoint, Scenario, VALID_KEY};
use fantoccini::Locator;

use crate::everyday::{click_item, eventually, item_attr, wait_item};
use crate::harness::Desk;
use crate::{SHORT, WATCH, enter_key, paste, signed_in};

fn checks_of(desk: &Desk, id: &str) -> usize {
    desk.enrow
        .requests()
        .iter()
        .filter(|r| r.endpoint == Endpoint::GetPhoneBulk && r.id.as_deref() == Some(id))
        .count()
}

async fn open_settings_and_remove_key(desk: &Desk) {
    desk.click("settings-open").await;
    desk.el("settings-dialog").await;
    desk.click("key-remove").await;
    desk.click("key-remove-confirm").await;
    desk.el("key-screen").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_shows_the_named_batch_in_the_running_window() {
    let Some(desk) = signed_in("second-launch").await else {
        return;
    };
    // A link to the batch, handed to the app as a person's file manager or a script would.
    let link = format!("https://app.enrow.io/bulk?id={DOCUMENTED_ID}");
    let status = desk.launch_again(&[&link]).await;
    assert!(
        status.success(),
        "the second launch hands over and exits: {status}"
    );
    // The running window shows it.
    desk.wait_text("batch-id", SHORT, |t| t == DOCUMENTED_ID)
        .await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    assert_eq!(desk.grid_rows().await.len(), 2);
    desk.screenshot("01-shown-from-second-launch").await;
    // Still the one app: the first, which is the only one that could be killed here.
    desk.kill_app().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_beside_a_real_batch_never_touches_it() {
    let Some(desk) = signed_in("demo-beside-real").await else {
        return;
    };
    paste(&desk, DOCUMENTED_ID).await;
    wait_item(&desk, DOCUMENTED_ID, "data-status", "completed", WATCH).await;
    let results = desk
        .data_folder()
        .join("batches")
        .join(format!("{DOCUMENTED_ID}.json"));
    eventually("the real batch is saved", || results.exists())
        .await
        .expect("saved");

    // No key any more, then the demo.
    open_settings_and_remove_key(&desk).await;
    desk.click("demo-start").await;
    desk.el("demo-banner").await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    let asked = desk.enrow.api_requests().len();

    // The real batch, clicked in the history during the demo: shown from this computer, not
    // marked as a demo batch.
    click_item(&desk, DOCUMENTED_ID).await;
    desk.wait_text("batch-id", SHORT, |t| t == DOCUMENTED_ID)
        .await;
    desk.wait_attr("status-badge", "data-status", "completed", SHORT)
        .await;
    let tag = desk
        .client
        .find(Locator::Id("batch-demo-tag"))
        .await
        .expect("the batch's demo tag");
    assert!(
        !tag.is_displayed().await.expect("displayed?"),
        "a real batch, not a demo one"
    );
    assert_eq!(desk.grid_rows().await.len(), 2);
    // "Check now" needs the person's key, which is gone: it says so and sends nothing.
    desk.click("check-now-button").await;
    desk.wait_attr("error-banner", "data-code", "missing_key", SHORT)
        .await;
    desk.screenshot("01-real-batch-during-demo").await;

    // A new id during the demo is refused before anything is sent.
    paste(&desk, "11111111-2222-4333-8444-555555555555").await;
    desk.wait_attr("error-banner", "data-code", "demo_only", SHORT)
        .await;
    desk.screenshot("02-demo-only").await;
    assert_eq!(
        desk.enrow.api_requests().len(),
        asked,
        "nothing reached Enrow"
    );

    desk.click("demo-leave").await;
    desk.el("key-screen").await;
    // Only the demo's things went.
    assert!(item_attr(&desk, DOCUMENTED_ID, "data-id").await.is_some());
    assert!(results.exists(), "the real batch's results stay");
    eventually("the demo's folder is gone", || {
        !desk.data_folder().join("demo").exists()
    })
    .await
    .expect("removed");
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_key_stops_the_watch_and_a_new_one_resumes_it() {
    let Some(desk) = signed_in("remove-key").await else {
        return;
    };
    let id = id_of(Scenario::OngoingForever);
    paste(&desk, id).await;
    desk.wait_text("progress-text", SHORT, |t| t.contains("of 10"))
        .await;
    open_settings_and_remove_key(&desk).await;
    assert!(desk.keychain.load().expect("keychain").is_none());
    // The watch has stopped once the history on disk says so; from then on nothing is sent.
    let history = desk.data_folder().join("history.json");
    eventually("the history says the watch waits for a key", || {
        let text = std::fs::read_to_string(&history).unwrap_or_default();
        text.contains("\"watching\": false") && text.contains("missing_key")
    })
    .await
    .expect("stopped");
    let sent = checks_of(&desk, id);
    let with_key = desk
        .enrow
        .requests()
        .iter()
        .filter(|r| r.api_key.as_deref() == Some(VALID_KEY))
        .count();
    // Longer than the watch's first wait (2 s): a watch still running would have checked.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(checks_of(&desk, id), sent, "no check after the key went");
    assert_eq!(
        desk.enrow
            .requests()
            .iter()
            .filter(|r| r.api_key.as_deref() == Some(VALID_KEY))
            .count(),
        with_key,
        "the removed key was never sent again"
    );

    // A key again: the watch goes on by itself.
    enter_key(&desk, VALID_KEY).await;
    desk.el("main-screen").await;
    wait_item(&desk, id, "data-watching", "true", SHORT).await;
    let resumed = std::time::Instant::now();
    while checks_of(&desk, id) == sent {
        assert!(resumed.elapsed() < SHORT, "never checked again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_shape_enrow_sends_reads_right() {
    let Some(desk) = signed_in("shapes").await else {
        return;
    };
    // The older 404 "Bulk search not found" is an unknown batch, not an unreadable answer.
    paste(&desk, id_of(Scenario::NotFound404)).await;
    desk.wait_attr("error-banner", "data-code", "batch_not_found", SHORT)
        .await;

    // The SDKs' spellings: one First name and one Last name column, rows in number order.
    paste(&desk, id_of(Scenario::SdkSpelling)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    desk.el("grid").await;
    let mut headers = Vec::new();
    for header in desk
        .client
        .find_all(Locator::Css("[data-testid^=\"grid-header-param-\"]"))
        .await
        .expect("headers")
    {
        headers.push(
            header
                .attr("data-testid")
                .await
                .ok()
                .flatten()
                .unwrap_or_default(),
        );
    }
    assert_eq!(
        headers,
        [
            "grid-header-param-firstname",
            "grid-header-param-lastname",
            "grid-header-param-company_name"
        ]
    );
    let rows = desk.grid_rows().await;
    let order: Vec<String> = rows.iter().map(|row| row[0].clone()).collect();
    let expected: Vec<String> = (0..12).map(|n| n.to_string()).collect();
    assert_eq!(order, expected, "10 after 9");
    assert!(
        rows.iter()
            .any(|row| row.iter().any(|cell| cell == "Chloé"))
    );
    desk.screenshot("01-sdk-spelling").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_finds_a_new_version_and_the_banner_offers_it() {
    let Some(desk) = signed_in("updates").await else {
        return;
    };
    // The quiet check at start asked (the fake: nothing to offer), and said nothing.
    eventually("the quiet check at start", || {
        desk.enrow.count(Endpoint::LatestJson) >= 1
    })
    .await
    .expect("asked");
    assert!(!desk.is_shown("update-banner").await);

    desk.enrow.announce_version("9.0.0");
    desk.click("settings-open").await;
    desk.click("update-check").await;
    let said = desk
        .wait_text("update-status", SHORT, |t| t.contains("9.0.0"))
        .await;
    assert!(said.contains("available"), "{said}");
    desk.screenshot("01-settings-found").await;
    desk.close_dialog("settings-dialog").await;

    desk.el("update-banner").await;
    // A local build has no update key: it offers the download page, never an unchecked install.
    let action = desk.text("update-install").await;
    assert_eq!(action, "Open the download page");
    desk.screenshot("02-banner").await;
    desk.click("update-later").await;
    let started = std::time::Instant::now();
    while desk.is_shown("update-banner").await {
        assert!(started.elapsed() < SHORT, "the banner stays after Not now");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_type_column_mobiles_only_and_an_export_of_mobiles() {
    let Some(desk) = signed_in("types").await else {
        return;
    };
    paste(&desk, id_of(Scenario::Rows3000)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    let summary = desk
        .wait_text("type-summary", SHORT, |t| t.contains("mobiles"))
        .await;
    assert!(summary.contains("landlines"), "{summary}");
    desk.click("filter-mobiles").await;
    let count = desk
        .wait_text("grid-count", SHORT, |t| !t.contains("3,000 of 3,000"))
        .await;
    desk.screenshot("01-mobiles-only").await;
    let kept: u64 = count
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("{count}"));
    assert!(kept > 100, "{count}");

    desk.click("export-open").await;
    desk.click("export-format-csv-comma").await;
    desk.click("export-mobiles-only").await;
    desk.click("export-confirm").await;
    desk.wait_text("export-result", SHORT, |t| t.contains(".csv"))
        .await;
    let file = std::fs::read_dir(desk.exports.path())
        .expect("exports")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a csv");
    let bytes = std::fs::read(&file).expect("csv");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[3], "Type");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        rows.len() as u64,
        kept,
        "the file holds what the filter showed"
    );
    assert!(
        rows.iter()
            .all(|row| ["Mobile", "Mobile or landline"].contains(&&row[3]))
    );
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn contact_cards_and_a_hubspot_file_from_the_export_dialog() {
    let Some(desk) = signed_in("vcards").await else {
        return;
    };
    paste(&desk, id_of(Scenario::Unicode)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    // Each country has its flag, drawn from the bundled pictures (Windows has no flag emoji).
    let flags = desk
        .wait_script(
            "return [...document.querySelectorAll('[data-testid=\"country-flag\"]')]
                .filter((img) => !img.hidden)
                .map((img) => [img.getAttribute('src'), img.complete && img.naturalWidth > 0]);",
            SHORT,
            |flags| {
                flags.as_array().is_some_and(|all| {
                    all.len() >= 4
                        && all
                            .iter()
                            .all(|flag| flag[1] == serde_json::Value::Bool(true))
                })
            },
        )
        .await;
    assert!(
        flags.to_string().contains("flags/FR.svg") && flags.to_string().contains("flags/JP.svg"),
        "{flags}"
    );
    desk.screenshot("01-flags").await;
    let exported = |extension: &'static str| {
        std::fs::read_dir(desk.exports.path())
            .expect("exports")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == extension))
    };

    desk.click("export-open").await;
    desk.click("export-format-vcf").await;
    desk.click("export-confirm").await;
    let said = desk
        .wait_text("export-result", SHORT, |t| t.contains(".vcf"))
        .await;
    assert!(said.contains("6 contact cards"), "{said}");
    desk.screenshot("02-vcards-saved").await;
    let vcf = exported("vcf").expect("a vcf");
    let cards: Vec<_> = ical::VcardParser::new(std::io::BufReader::new(
        std::fs::File::open(&vcf).expect("opens"),
    ))
    .collect::<Result<_, _>>()
    .expect("a vCard parser reads the file");
    assert_eq!(cards.len(), 6, "one card per found number");
    let names: Vec<String> = cards
        .iter()
        .filter_map(|card| card.properties.iter().find(|p| p.name == "FN"))
        .filter_map(|p| p.value.clone())
        .collect();
    assert!(
        names.contains(&"François Lefèvre-Müller".to_owned()),
        "{names:?}"
    );
    desk.close_dialog("export-dialog").await;

    desk.click("export-open").await;
    desk.click("export-format-crm-hubspot").await;
    desk.click("export-confirm").await;
    desk.wait_text("export-result", SHORT, |t| t.contains("hubspot.csv"))
        .await;
    let csv = exported("csv").expect("a csv");
    let mut reader = csv::Reader::from_path(&csv).expect("csv");
    assert_eq!(
        reader
            .headers()
            .expect("headers")
            .iter()
            .collect::<Vec<_>>(),
        [
            "First Name",
            "Last Name",
            "Mobile Phone Number",
            "Phone Number",
            "Company Name",
            "LinkedIn URL"
        ]
    );
    assert_eq!(reader.records().count(), 6);
    desk.close().await;
}

/// The people of the fake's Unicode batch as the sheet they came from lists them, sorted since
/// by last name, with a row added that was never searched and one renamed.
const LEADS_SHEET: &str = "\
Leads for the autumn campaign
First name,Last name,Company,Website,LinkedIn,Owner
,,,,linkedin.com/in/o-brien,Kim
João,Conceição,,empresa.com.br,,Sam
François,Lefèvre-Müller,Société Générale d'Études,,,Sam
Ærin,Ødegård,,https://www.fjord.dk/,,Kim
Nina,Added-Later,Nowhere,,,Kim
太郎,山田,東京商事株式会社,,,Sam
Łukasz,Renamed,\"Smith, Jones & Co\",,,Sam
,,,,https://www.linkedin.com/in/jürgen-groß,Kim
";

#[tokio::test(flavor = "multi_thread")]
async fn add_to_my_spreadsheet_through_the_systems_file_dialogs() {
    let Some(desk) = signed_in("merge").await else {
        return;
    };
    paste(&desk, id_of(Scenario::Unicode)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    let folder = tempfile::tempdir().expect("a folder for the sheet");
    let sheet = folder.path().join("Leads.csv");
    std::fs::write(&sheet, LEADS_SHEET).expect("the sheet");

    desk.click("merge-open").await;
    desk.click("merge-choose").await;
    desk.answer_file_dialog(&sheet, false).await;
    let summary = desk
        .wait_text("merge-summary", WATCH, |t| t.contains("matched"))
        .await;
    assert!(
        summary.starts_with("6 of 8 rows matched, 5 with a number."),
        "{summary}"
    );
    let unmatched = desk.text("merge-unmatched").await;
    assert!(unmatched.contains("rows 7, 9"), "{unmatched}");
    let rows = desk
        .client
        .find_all(Locator::Css("[data-testid=\"merge-sample-row\"]"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 8);
    desk.screenshot("01-merge-preview").await;

    let output = folder.path().join("Leads for the team.csv");
    desk.click("merge-save").await;
    desk.answer_file_dialog(&output, true).await;
    desk.wait_text("merge-result", WATCH, |t| {
        t.contains("Leads for the team.csv")
    })
    .await;
    desk.screenshot("02-merge-saved").await;
    assert_eq!(
        std::fs::read_to_string(&sheet).expect("sheet"),
        LEADS_SHEET,
        "the original is unchanged"
    );
    let merged = crate::csv_rows(&output);
    assert_eq!(
        &merged[1].iter().collect::<Vec<_>>()[6..],
        ["Phone number", "Type", "Country", "Result"]
    );
    let phone = |row: usize| merged[row].get(6).unwrap_or("").to_owned();
    assert_eq!(phone(2), "+12025550143");
    assert_eq!(phone(4), "+33612345678");
    assert_eq!(phone(5), "", "Ærin was not found");
    assert_eq!(merged[5].get(9), Some("Not found"));
    assert_eq!(phone(6), "", "never searched");
    assert_eq!(phone(7), "+81312345678");
    assert_eq!(
        phone(8),
        "",
        "renamed since: not matched, never given Łukasz's number"
    );
    assert_eq!(phone(9), "+4915112345678");
    desk.close().await;
}

/// Two John Smiths at two companies, and their sheet sorted since, under a company header no
/// synonym list holds.
const NAMESAKES_SHEET: &str = "\
First name,Last name,Current employer (2024)
John,Smith,Brewery Ltd
Ann,Peeters,De Gans
John,Smith,Acme
";

#[tokio::test(flavor = "multi_thread")]
async fn namesakes_wait_for_the_company_column_the_person_chooses() {
    let Some(desk) = signed_in("merge-columns").await else {
        return;
    };
    let id = "5a1e5a1e-0000-4000-8000-00000000a001";
    let person = |first: &str, last: &str, company: &str, index: u32, number: &str| {
        serde_json::json!({
            "index": index, "qualification": "found", "number": number, "country": "BE",
            "params": {"firstname": first, "lastname": last, "company_name": company},
        })
    };
    let answer = serde_json::json!({
        "general": {"id": id, "status": "completed"},
        "results": [
            person("John", "Smith", "Acme", 0, "+32470000001"),
            person("Ann", "Peeters", "De Gans", 1, "+32470000002"),
            person("John", "Smith", "Brewery Ltd", 2, "+32470000003"),
        ],
        "stats": {"requested": 3, "found": 3, "credits_cost": 120, "credits_to_refund": 0},
    });
    desk.enrow.add_batch(
        id,
        fake_enrow::Script::always(fake_enrow::Reply::ok(answer.to_string().into())),
    );
    paste(&desk, id).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    let folder = tempfile::tempdir().expect("a folder for the sheet");
    let sheet = folder.path().join("Namesakes.csv");
    std::fs::write(&sheet, NAMESAKES_SHEET).expect("the sheet");

    desk.click("merge-open").await;
    desk.click("merge-choose").await;
    desk.answer_file_dialog(&sheet, false).await;
    // Nothing is guessed: the company that tells the John Smiths apart has no column yet.
    let missing = desk
        .wait_text("merge-missing", WATCH, |t| t.contains("company"))
        .await;
    assert!(missing.contains("Columns used"), "{missing}");
    let summary = desk.text("merge-summary").await;
    assert!(
        summary.starts_with("No row of this sheet matches"),
        "{summary}"
    );
    assert!(desk.is_shown("merge-columns").await);
    desk.screenshot("01-merge-company-missing").await;

    // The person chooses column C for the company, with the keyboard's select.
    desk.el("merge-column-company")
        .await
        .select_by_value("2")
        .await
        .expect("column C chosen");
    let summary = desk
        .wait_text("merge-summary", WATCH, |t| t.contains("matched"))
        .await;
    assert!(
        summary.starts_with("3 of 3 rows matched, 3 with a number."),
        "{summary}"
    );
    assert!(!desk.is_shown("merge-missing").await);
    desk.screenshot("02-merge-company-chosen").await;

    let output = folder.path().join("Namesakes with phones.csv");
    desk.click("merge-save").await;
    desk.answer_file_dialog(&output, true).await;
    desk.wait_text("merge-result", WATCH, |t| {
        t.contains("Namesakes with phones.csv")
    })
    .await;
    let merged: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&output)
        .expect("the copy")
        .records()
        .map(|r| r.expect("row"))
        .collect();
    let phone_of = |company: &str| {
        merged
            .iter()
            .find(|row| row.get(2) == Some(company))
            .and_then(|row| row.get(3))
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(phone_of("Acme"), "+32470000001");
    assert_eq!(phone_of("Brewery Ltd"), "+32470000003");
    assert_eq!(phone_of("De Gans"), "+32470000002");
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_french_system_without_its_locale_reads_french() {
    // Only C.UTF-8 is generated here, as on minimal installs: WebKit then says English, while
    // the system's language is French.
    let french = [
        ("LANG", "fr_FR.UTF-8"),
        ("LC_ALL", "fr_FR.UTF-8"),
        ("LANGUAGE", ""),
    ];
    let Some(desk) =
        Desk::launch_with_env("french", fake_enrow::FakeConfig::default(), &french).await
    else {
        return;
    };
    desk.el("key-screen").await;
    let title = desk
        .client
        .execute("return document.documentElement.lang", vec![])
        .await
        .expect("lang");
    assert_eq!(title, serde_json::json!("fr"));
    let heading = desk.text("key-title").await;
    assert_eq!(heading, "Connectez votre compte Enrow", "{heading}");
    desk.screenshot("01-key-screen-in-french").await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_enrow_desk_link_opens_its_batch_in_the_running_window() {
    let Some(desk) = signed_in("link").await else {
        return;
    };
    // Registered at start: this copy handles enrow-desk:// links in its home folders.
    let handler = desk
        .home_path()
        .join("data/applications/enrow-desk-handler.desktop");
    let entry = std::fs::read_to_string(&handler).expect("the handler's desktop entry");
    assert!(entry.contains("x-scheme-handler/enrow-desk"), "{entry}");
    // A link in an email, opened as the desktop opens any link.
    let status = desk
        .open_link(&format!("enrow-desk://batch/{DOCUMENTED_ID}"))
        .await;
    assert!(status.success(), "xdg-open: {status}");
    desk.wait_text("batch-id", WATCH, |t| t == DOCUMENTED_ID)
        .await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    assert_eq!(desk.grid_rows().await.len(), 2);
    desk.screenshot("01-opened-from-a-link").await;
    // Still the one app: the first, which is the only one that could be killed here.
    desk.kill_app().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_laptop_screen_who_each_number_belongs_to_is_in_view() {
    let Some(desk) = signed_in("laptop").await else {
        return;
    };
    paste(&desk, id_of(Scenario::Unicode)).await;
    desk.wait_attr("status-badge", "data-status", "completed", WATCH)
        .await;
    desk.el("grid").await;
    // How far right each column ends, and where the grid's view ends, in CSS pixels.
    let measure = r#"
        const grid = document.querySelector('[data-testid="grid"]');
        const right = (key) => document.querySelector(`[data-testid="grid-header-${key}"]`)
            .getBoundingClientRect().right;
        return {
            view: grid.getBoundingClientRect().left + grid.clientWidth,
            width: window.innerWidth,
            // Every number shown whole, not cut short by its buttons.
            cut: [...grid.querySelectorAll('.cell-phone .cell-text')]
                .filter((text) => text.scrollWidth > text.clientWidth)
                .map((text) => text.textContent),
            person: right('person'),
            phone: right('phone'),
            scrolled: grid.scrollLeft,
        };
    "#;
    for language in ["en", "nl", "fr"] {
        desk.click("settings-open").await;
        desk.el("language-select")
            .await
            .select_by_value(language)
            .await
            .expect("language chosen");
        desk.close_dialog("settings-dialog").await;
        for width in [1280u32, 1024] {
            desk.client
                .set_window_size(width, 800)
                .await
                .expect("window resized");
            // Laid out again at the new width before measuring.
            desk.wait_script("return window.innerWidth", SHORT, |inner| {
                inner.as_u64() == Some(u64::from(width))
            })
            .await;
            let seen = desk
                .client
                .execute(measure, Vec::new())
                .await
                .expect("measured");
            let at = |key: &str| seen[key].as_f64().expect("a number");
            desk.screenshot(&format!("{language}-{width}")).await;
            assert_eq!(at("scrolled"), 0.0);
            assert_eq!(
                seen["cut"],
                serde_json::json!([]),
                "{language} at {width} px: every number shown whole: {seen}"
            );
            assert!(
                at("person") <= at("view") && at("phone") <= at("view"),
                "{language} at {width} px: the person and the number are in view: {seen}"
            );
            desk.screenshot(&format!("{language}-{width}")).await;
        }
    }
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_while_a_batch_is_checked_asks_then_keeps_checking_from_the_tray() {
    let Some(desk) = signed_in("close").await else {
        return;
    };
    let id = id_of(Scenario::OngoingForever);
    paste(&desk, id).await;
    desk.wait_attr("status-badge", "data-status", "ongoing", WATCH)
        .await;
    // Closed as with the window's close button: the app asks first.
    desk.close_window().await;
    desk.el("close-dialog").await;
    desk.screenshot("01-close-asked").await;
    desk.click("close-keep").await;
    // Hidden, and still checking.
    let started = Instant::now();
    while desk.window_shown().await {
        assert!(started.elapsed() < SHORT, "the window is hidden");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let before = checks_of(&desk, id);
    let started = Instant::now();
    while checks_of(&desk, id) <= before {
        assert!(started.elapsed() < WATCH, "still checked in the background");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Opening the app again shows the same window, the batch still being checked.
    assert!(desk.launch_again(&[]).await.success());
    let started = Instant::now();
    while !desk.window_shown().await {
        assert!(started.elapsed() < SHORT, "the window is back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    desk.wait_attr("status-badge", "data-status", "ongoing", SHORT)
        .await;
    // Asked again, and this time "stop", remembered: the app quits, and says so in Settings.
    desk.close_window().await;
    desk.el("close-dialog").await;
    desk.click("close-remember").await;
    desk.click_closing("close-stop").await;
    let settings = desk.data_folder().join("settings.json");
    let started = Instant::now();
    loop {
        let saved = std::fs::read_to_string(&settings).unwrap_or_default();
        if saved.contains("\"onClose\": \"stop\"") && !desk.window_shown().await {
            break;
        }
        assert!(started.elapsed() < SHORT, "remembered, and closed: {saved}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
