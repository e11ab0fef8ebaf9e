//! "Find numbers for a list" through the desk, without a window: real HTTP to the fake Enrow on
//! 127.0.0.1, a real list file and data folder, a scripted keychain.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use fake_enrow::{FakeConfig, VALID_KEY};

use crate::desk::Desk;
use crate::desk_tests::{World, wait_until};
use crate::error::Code;
use crate::events::testing::Recorder;
use crate::lists::{ListCopy, ListEvent};
use crate::lock::lock;

/// The desk's world, and a folder of the person's own for their lists.
struct Lists {
    world: World,
    files: tempfile::TempDir,
}

impl std::ops::Deref for Lists {
    type Target = World;
    fn deref(&self) -> &World {
        &self.world
    }
}

impl Lists {
    fn new() -> Self {
        Self::with(FakeConfig::default())
    }

    fn with(config: FakeConfig) -> Self {
        Self {
            world: World::with(config),
            files: tempfile::tempdir().expect("the person's folder"),
        }
    }

    /// A list as people keep them: a header, a person twice, a row with too little, an empty
    /// row, a company page.
    fn leads(&self) -> PathBuf {
        let path = self.files.path().join("Leads.csv");
        std::fs::write(
            &path,
            "First name,Last name,Company,LinkedIn\n\
             Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters\n\
             Bart,Claes,Globex,\n\
             Chloé,Dubois,,\n\
             ,,,\n\
             Ann,Peeters,Acme,https://www.linkedin.com/in/ann-peeters\n\
             Dirk,Jansen,,https://www.linkedin.com/company/initech\n",
        )
        .expect("list");
        path
    }
}

/// The list at `path` read and checked, as "Choose the list…" does.
fn read(world: &Lists, desk: &Desk, path: &Path) -> crate::lists::ListPreview {
    world
        .runtime
        .block_on(desk.preview_list(path, None, Default::default()))
        .expect("preview")
}

/// The reading `token` sent, as the confirmation button does.
fn send(
    world: &Lists,
    desk: &Desk,
    token: &str,
    first: Option<usize>,
    again: bool,
) -> Result<crate::lists::ListView, crate::error::PageError> {
    world
        .runtime
        .block_on(desk.send_list(token, first, again, Recorder::new().sink()))
}

fn cell(sheet: &merge::Sheet, row: usize, header: &str) -> String {
    let column = (0..sheet.width())
        .find(|&c| sheet.text(0, c) == header)
        .unwrap_or_else(|| panic!("no column {header}"));
    sheet.text(row, column)
}

#[test]
fn a_list_is_checked_costed_sent_watched_and_its_numbers_put_on_its_own_rows() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    assert_eq!(preview.file_name, "Leads.csv");
    assert_eq!(preview.rows, 5, "the empty row holds nothing");
    assert_eq!(preview.searches, 2, "Ann once, and Bart");
    assert_eq!(
        (preview.duplicates.count, preview.duplicates.text.as_str()),
        (1, "6")
    );
    assert_eq!(
        (preview.too_little.count, preview.too_little.text.as_str()),
        (1, "4")
    );
    assert_eq!(
        (
            preview.not_a_profile.count,
            preview.not_a_profile.text.as_str()
        ),
        (1, "7")
    );
    assert_eq!((preview.empty.count, preview.empty.text.as_str()), (1, "5"));
    assert_eq!(preview.cost.at_most, 80);
    assert!(
        preview.cost.balance.is_some(),
        "the balance from /account/info"
    );
    assert!(preview.sent_before.is_empty());
    let hows: Vec<&str> = preview.sample.iter().map(|row| row.how).collect();
    assert_eq!(
        hows,
        ["link", "names", "tooLittle", "duplicate", "notAProfile"]
    );

    let events = Recorder::<ListEvent>::new();
    let view = world
        .runtime
        .block_on(desk.send_list(&preview.token, None, false, events.sink()))
        .expect("sent");
    assert!(view.all_sent);
    assert_eq!(world.enrow.posted().len(), 1);
    assert_eq!(world.enrow.posted()[0].searches.len(), 2);
    assert!(
        events
            .seen()
            .iter()
            .any(|event| matches!(event, ListEvent::Sent { .. }))
    );
    // The part is an ordinary batch: in the history under the list's name, watched to the end.
    let batch_id = view.parts[0].batch_id.clone().expect("a batch");
    let entry = desk
        .entries()
        .into_iter()
        .find(|entry| entry.id == batch_id)
        .expect("in the history");
    assert_eq!(entry.label.as_deref(), Some("Leads.csv"));
    wait_until("the part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });

    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let copy = ListCopy::open(submission, parts, None).expect("every part finished");
    let output = world.files.path().join("Leads with phones.csv");
    let labels = enrow::export::ExportLabels::default();
    let saved = copy.save(&labels, &output).expect("saved");
    assert_eq!(saved.matched, 3, "Ann twice and Bart");
    let written = merge::open(&output).expect("the copy reads");
    let sheet = &written.sheets[0];
    let fetched = desk.fetched(&batch_id).expect("finished");
    let number_of = |index: u64| {
        fetched
            .batch
            .results
            .iter()
            .find(|row| row.index == Some(index))
            .and_then(|row| row.number.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        cell(sheet, 1, "Phone number"),
        number_of(0),
        "Ann's own search"
    );
    assert_eq!(
        cell(sheet, 5, "Phone number"),
        number_of(0),
        "Ann's second row"
    );
    assert_eq!(
        cell(sheet, 2, "Phone number"),
        number_of(1),
        "Bart's own search"
    );
    assert_eq!(cell(sheet, 3, "Phone number"), "", "too little to search");
    assert_eq!(cell(sheet, 6, "Phone number"), "", "a company page");
    assert!(
        std::fs::read(&path)
            .expect("list")
            .starts_with(b"First name"),
        "the list is untouched"
    );
}

#[test]
fn a_list_sent_before_is_refused_until_the_person_says_again() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let first = read(&world, &desk, &path);
    send(&world, &desk, &first.token, None, false).expect("sent");
    let second = read(&world, &desk, &path);
    assert_eq!(second.sent_before.len(), 1, "the earlier sending is named");
    assert_eq!(second.sent_before[0].batches.len(), 1);
    let refused =
        send(&world, &desk, &second.token, None, false).expect_err("not without the person's word");
    assert_eq!(refused.code, Code::ListSentBefore);
    assert_eq!(world.enrow.posted().len(), 1, "nothing sent");
    send(&world, &desk, &second.token, None, true).expect("sent again when asked");
    assert_eq!(world.enrow.posted().len(), 2);
    assert_eq!(desk.lists().len(), 2);
}

#[test]
fn without_a_key_nothing_is_recorded_and_the_same_reading_is_sent_once_a_key_is_added() {
    let world = Lists::new();
    *lock(&world.keychain.stored) = None;
    let desk = world.desk();
    let path = world.leads();
    let preview = world
        .runtime
        .block_on(desk.preview_list(&path, None, Default::default()))
        .expect("read without a key");
    assert_eq!(preview.cost.balance, None, "no balance without a key");
    let refused = send(&world, &desk, &preview.token, None, false).expect_err("no key");
    assert_eq!(refused.code, Code::MissingKey);
    assert!(desk.lists().is_empty(), "nothing recorded");
    assert!(world.enrow.posted().is_empty());
    world
        .runtime
        .block_on(desk.save_key(VALID_KEY, false))
        .expect("key");
    send(&world, &desk, &preview.token, None, false).expect("sent");
    assert_eq!(world.enrow.posted().len(), 1);
}

#[test]
fn only_the_first_searches_are_sent_when_the_person_says_so() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    let view = send(&world, &desk, &preview.token, Some(1), false).expect("sent");
    assert_eq!(view.searches, 1);
    assert_eq!(world.enrow.posted()[0].searches.len(), 1);
}

#[test]
fn the_copy_waits_for_every_part_and_names_the_one_not_finished() {
    // Enrow takes its time: the part is sent, and still being searched.
    let world = Lists::with(FakeConfig {
        ongoing_checks: 1_000_000,
        ..FakeConfig::default()
    });
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    let view = send(&world, &desk, &preview.token, None, false).expect("sent");
    assert!(view.all_sent && !view.ready);
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    assert!(parts[0].is_none(), "not completed");
    let error = ListCopy::open(submission, parts, None)
        .err()
        .expect("not finished");
    assert_eq!(error.code, Code::ListNotFinished);
    assert!(error.message.contains("Part 1"), "{}", error.message);
}

#[test]
fn a_list_whose_file_moved_is_read_from_where_the_person_says() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    let view = send(&world, &desk, &preview.token, None, false).expect("sent");
    wait_until("the part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });
    let moved: PathBuf = world.files.path().join("Moved.csv");
    std::fs::rename(&path, &moved).expect("moved");
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let gone = ListCopy::open(submission.clone(), parts.clone(), None)
        .err()
        .expect("gone");
    assert_eq!(gone.code, Code::SheetMissing);
    let copy = ListCopy::open(submission, parts, Some(Path::new(&moved))).expect("read");
    let saved = copy
        .save(
            &enrow::export::ExportLabels::default(),
            &world.files.path().join("Moved with phones.csv"),
        )
        .expect("saved");
    assert_eq!(saved.matched, 3);
}

#[test]
fn the_demo_takes_a_list_without_a_key_or_enrow_and_keeps_it_apart() {
    let world = Lists::new();
    *lock(&world.keychain.stored) = None;
    let desk = world.desk();
    world.runtime.block_on(desk.start_demo()).expect("demo");
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    assert!(preview.cost.balance.is_some(), "the demo's credits");
    let view =
        send(&world, &desk, &preview.token, None, false).expect("the demo's server takes it");
    assert!(view.all_sent);
    assert!(world.enrow.posted().is_empty(), "nothing reached Enrow");
    let batch_id = view.parts[0].batch_id.clone().expect("a batch");
    let entry = desk
        .entries()
        .into_iter()
        .find(|entry| entry.id == batch_id)
        .expect("in the demo's history");
    assert!(entry.demo);
    wait_until("the demo's part finishes", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });
    let (submission, parts) = desk.list_results(&view.id).expect("results");
    let copy = ListCopy::open(submission, parts, None).expect("finished");
    let saved = copy
        .save(
            &enrow::export::ExportLabels::default(),
            &world.files.path().join("Demo with phones.csv"),
        )
        .expect("saved");
    assert_eq!(saved.matched, 3);

    // Leaving the demo takes its list with it; the person's own lists never held it.
    world.runtime.block_on(desk.leave_demo());
    assert!(desk.lists().is_empty());
}

#[test]
fn the_same_reading_sent_twice_at_once_goes_once() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    // A double click: two sendings of the same reading, at the same moment.
    let (first, second) = world.runtime.block_on(async {
        tokio::join!(
            desk.send_list(&preview.token, None, false, Recorder::new().sink()),
            desk.send_list(&preview.token, None, false, Recorder::new().sink()),
        )
    });
    let codes: Vec<Option<Code>> = [&first, &second]
        .iter()
        .map(|sent| sent.as_ref().err().map(|error| error.code))
        .collect();
    assert!(codes.contains(&None), "one was sent: {codes:?}");
    assert!(codes.contains(&Some(Code::ListNotRead)), "{codes:?}");
    assert_eq!(world.enrow.posted().len(), 1, "one request");
    assert_eq!(desk.lists().len(), 1);
}

#[test]
fn a_part_sent_again_twice_at_once_goes_once() {
    let world = Lists::new();
    let desk = world.desk();
    let path = world.leads();
    let preview = read(&world, &desk, &path);
    // Enrow takes the part and no answer comes: its fate is unknown.
    world.enrow.stall_next_posts(1);
    let unknown = send(&world, &desk, &preview.token, None, false).expect_err("unknown");
    assert_eq!(unknown.code, Code::SendUnknown);
    let id = desk.lists()[0].id.clone();
    let (first, second) = world.runtime.block_on(async {
        tokio::join!(
            desk.send_list_part_again(&id, 0, Recorder::new().sink()),
            desk.send_list_part_again(&id, 0, Recorder::new().sink()),
        )
    });
    assert!(first.is_ok() && second.is_ok());
    assert_eq!(
        world.enrow.posted().len(),
        2,
        "the first try, and one again"
    );
    assert_eq!(desk.lists()[0].parts[0].state, "sent");
}

#[test]
fn each_part_is_in_the_history_under_the_lists_name_in_the_apps_language() {
    let mut config = FakeConfig::default();
    config.keys.insert(
        VALID_KEY.to_owned(),
        fake_enrow::KeyProfile::Valid { credits: 1_000_000 },
    );
    let world = Lists::with(config);
    let desk = world.desk();
    desk.set_language(crate::settings::Language::Nl)
        .expect("Dutch");
    // 3,001 people: two parts.
    let path = world.files.path().join("Leads.csv");
    let mut text = String::from("LinkedIn\n");
    for n in 0..3_001 {
        text.push_str(&format!("https://www.linkedin.com/in/person-{n}\n"));
    }
    std::fs::write(&path, text).expect("list");
    let preview = read(&world, &desk, &path);
    assert_eq!(preview.parts, 2);
    let view = send(&world, &desk, &preview.token, None, false).expect("sent");
    let mut labels: Vec<String> = view
        .parts
        .iter()
        .map(|part| {
            let id = part.batch_id.clone().expect("a batch");
            desk.entries()
                .into_iter()
                .find(|entry| entry.id == id)
                .and_then(|entry| entry.label)
                .expect("in the history")
        })
        .collect();
    labels.sort();
    assert_eq!(
        labels,
        ["Leads.csv — deel 1 van 2", "Leads.csv — deel 2 van 2"]
    );
}

#[test]
fn a_part_enrow_took_just_before_the_app_stopped_is_in_the_history_at_the_next_start() {
    let world = Lists::new();
    let path = world.leads();
    // What a stop between Enrow's answer and the history's note leaves: the list's record says
    // the part was sent, and the history does not know its batch.
    let spreadsheet = merge::open(&path).expect("list");
    let plan = submit::plan::plan(&spreadsheet, None, &Default::default()).expect("plan");
    let mut submission = submit::Submission::new(&plan, &path, "", 1);
    let batch_id = world
        .enrow
        .create_batch(
            VALID_KEY,
            &serde_json::json!({"searches": [{"linkedin_url": "https://www.linkedin.com/in/ann-peeters"}, {"firstname": "Bart", "lastname": "Claes", "company_name": "Globex"}]}),
        )
        .expect("made");
    submission.parts[0].state = submit::PartState::Sent {
        batch_id: batch_id.clone(),
        credits_used: None,
        at: 1,
    };
    submit::Store::new(world.data_path())
        .save(&submission)
        .expect("recorded");

    let desk = world.desk();
    world.runtime.block_on(desk.resume_watches());
    let entry = desk
        .entries()
        .into_iter()
        .find(|entry| entry.id == batch_id)
        .expect("in the history");
    assert_eq!(entry.label.as_deref(), Some("Leads.csv"));
    wait_until("the part is watched to the end", || {
        desk.lists().first().is_some_and(|list| list.ready)
    });
}
